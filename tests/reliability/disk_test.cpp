// Disk full on the server: the school's data folder on a small tmpfs filled up mid-test. Saves
// that cannot be made durable are refused (never acknowledged), the stations keep them queued,
// the server says why in its log; when space returns, everything arrives.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <fstream>
#include <set>
#include <thread>

#include "tests/reliability/fleet.hpp"
#include "tests/reliability/profile.hpp"
#include "tests/support/school.hpp"

namespace bbzhm::test {
namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A tmpfs of `megabytes` at `where`, unmounted on destruction.
class SmallDisk {
 public:
  SmallDisk(fs::path where, int megabytes) : where_(std::move(where)) {
    fs::create_directories(where_);
    const std::string options = "size=" + std::to_string(megabytes) + "m";
    mounted_ = mount("tmpfs", where_.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(where_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }

  // Writes a filler file until the disk refuses; returns its size.
  std::size_t fill() {
    std::ofstream out(where_ / "filler", std::ios::binary);
    const std::string block(64 * 1024, 'x');
    std::size_t written = 0;
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush())
      written += block.size();
    return written;
  }
  void free_space() { fs::remove(where_ / "filler"); }

 private:
  fs::path where_;
  bool mounted_ = false;
};

TEST(DiskFull, SavesAreRefusedNotAcknowledgedWhileTheDiskIsFullAndAllArriveWhenSpaceReturns) {
  School school;
  school.admit_all();
  school.start_sitting();
  SmallDisk disk(school.dir / "disk", 48);
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
  ASSERT_EQ(run({"/bin/cp", "-a", school.data.string(), (school.dir / "disk").string()}).status, 0);
  school.data = school.dir / "disk" / "school";
  school.serve();

  auto args = school.station_args(school.pair_station("R1"), school.slips[0]);
  args.back() = "300";
  args.insert(args.end(), {"--delay-ms", "60"});
  Child real(args, school.dir / "real.log");
  Fleet fleet(school, school.port, 1, 6, {.pause = 5ms, .reply_timeout = 3000ms});

  // The disk fills once every fleet station is logged in and saving: a login needs the disk too,
  // and a fleet still logging in when it fills (a loaded machine) would have no save to refuse.
  const auto saving = [&] {
    std::set<std::string> logins;
    for (const auto& [key, promise] : fleet.promises())
      if (promise.acked_seq > 0) logins.insert(key.first);
    return logins.size();
  };
  for (int i = 0; i < 600 && saving() < 6; ++i) std::this_thread::sleep_for(100ms);
  ASSERT_EQ(saving(), 6u) << "the fleet's stations did not all start saving";
  ASSERT_GT(disk.fill(), 0u);
  const long acked_before = fleet.figures().acked;
  // Full for a while: saves keep coming and cannot all be stored.
  const auto full_until =
      std::chrono::steady_clock::now() + std::chrono::seconds(by_profile(3, 20));
  while (std::chrono::steady_clock::now() < full_until) {
    const Problems p = fleet.check(school.data / "school.db");
    EXPECT_EQ(p.lost, 0);
    std::this_thread::sleep_for(500ms);
  }
  const FleetFigures during = fleet.figures();
  EXPECT_GT(during.refused, 0) << "no save was refused on a full disk";
  disk.free_space();
  fleet.wrap_up();
  ASSERT_TRUE(fleet.wait_done(120s));
  EXPECT_EQ(real.wait(), 0) << read_file(real.log());

  const FleetFigures f = fleet.figures();
  const Problems p = fleet.check(school.data / "school.db");
  for (const auto& d : p.details) ADD_FAILURE() << d;
  for (const auto& e : f.errors) ADD_FAILURE() << e;
  EXPECT_EQ(p.lost, 0);
  EXPECT_EQ(p.wrong, 0);
  EXPECT_EQ(f.finished, 6);
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM participants WHERE status = 'finished'"), "7\n");
  EXPECT_EQ(school.query("SELECT COUNT(*) FROM answers WHERE participant_id = (SELECT id FROM "
                         "participants WHERE login = '" +
                         school.slips[0].login + "')"),
            "24\n");
  // The server said why, in its log.
  const std::string log = read_file(school.server->log());
  EXPECT_NE(log.find("answers cannot be saved"), std::string::npos) << log.substr(0, 4000);
  school.stop_server();
  report_figures("disk", "faults_injected=1 acked_saves=" + std::to_string(f.acked) +
                             " lost=" + std::to_string(p.lost) +
                             " duplicated=" + std::to_string(p.duplicated) +
                             " refused_while_full=" + std::to_string(during.refused) +
                             " acked_while_full=" + std::to_string(during.acked - acked_before));
}

}  // namespace
}  // namespace bbzhm::test
