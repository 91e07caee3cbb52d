// Reading a whole file, with an error that names it.
#pragma once

#include <filesystem>
#include <string>

#include "common/error.hpp"

namespace bbzhm {

// The file's bytes, or "cannot read PATH: reason".
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace bbzhm
