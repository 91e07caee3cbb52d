// The `backup` and `restore` verbs of bbzhm-server: the nightly copy of school.db with rotation,
// and the checked restore of one.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "common/args.hpp"
#include "common/domain.hpp"

namespace bbzhm::server {

// backup --data DIR --out FILE, or backup --data DIR --dir BACKUPDIR [--keep N]. Exit status as
// run_command's.
int run_backup(const Args& args, Language lang);
// restore --data DIR FILE.
int run_restore(const Args& args, Language lang);

// The rotation of a backup folder: the names of `school-*.db` copies to delete so that the
// `keep` newest remain (names sort by time).
std::vector<std::filesystem::path> backups_to_remove(const std::filesystem::path& dir,
                                                     std::size_t keep);

}  // namespace bbzhm::server
