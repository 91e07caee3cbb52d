// The kiosk's checks for remote-desktop programs and virtual machines, on made-up /proc and /sys.
#include <gtest/gtest.h>

#include <fstream>

#include "station/gui/checks.hpp"
#include "tests/support/process.hpp"

namespace bbzhm::station::gui {
namespace {

void write(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text << "\n";
}

TEST(KioskChecks, FindsRemoteDesktopProgramsByProcessName) {
  test::TempDir proc;
  write(proc / "1/comm", "systemd");
  write(proc / "812/comm", "AnyDesk");
  write(proc / "813/comm", "anydesk");
  write(proc / "900/comm", "x11vnc");
  write(proc / "901/comm", "bash");
  write(proc / "self/comm", "rustdesk");  // not a pid: ignored
  EXPECT_EQ(find_remote_desktop(proc.path()), (std::vector<std::string>{"anydesk", "x11vnc"}));
}

TEST(KioskChecks, FindsNothingOnAnOrdinaryMachine) {
  test::TempDir proc;
  write(proc / "1/comm", "systemd");
  write(proc / "2/comm", "Xorg");
  EXPECT_TRUE(find_remote_desktop(proc.path()).empty());
}

TEST(KioskChecks, NamesTheHypervisorFromDmi) {
  test::TempDir sys;
  write(sys / "class/dmi/id/product_name", "VirtualBox");
  write(sys / "class/dmi/id/sys_vendor", "innotek GmbH");
  EXPECT_EQ(detect_virtual_machine(sys.path()), "VirtualBox");
  test::TempDir qemu;
  write(qemu / "class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)");
  write(qemu / "class/dmi/id/sys_vendor", "QEMU");
  EXPECT_EQ(detect_virtual_machine(qemu.path()), "QEMU");
}

TEST(KioskChecks, RealHardwareIsNoVirtualMachine) {
  test::TempDir sys;
  write(sys / "class/dmi/id/product_name", "OptiPlex 3020");
  write(sys / "class/dmi/id/sys_vendor", "Dell Inc.");
  EXPECT_EQ(detect_virtual_machine(sys.path()), "");
  test::TempDir empty;  // no DMI at all (containers)
  EXPECT_EQ(detect_virtual_machine(empty.path()), "");
}

// A station whose clock is off by more than a minute refuses, and says by how much.
TEST(KioskChecks, ClockOffTheServersByMoreThanAMinuteRefusesATest) {
  Snapshot s;
  s.policy = protocol::StationPolicy{"S01", "", 0, false};
  s.link = Link::online;
  for (std::int64_t skew : {0, 59'000, -59'000, 60'000, -60'000}) {
    s.clock_skew_ms = skew;
    EXPECT_EQ(start_refusal(s, Language::en, {}), "") << skew;
  }
  s.clock_skew_ms = 90'000;
  EXPECT_EQ(start_refusal(s, Language::en, {}),
            "This computer's clock differs from the server's by 90 s: the test will not start. "
            "Tell the representative.");
  s.clock_skew_ms = -61'000;
  EXPECT_NE(start_refusal(s, Language::kk, {}).find("-61"), std::string::npos);
  // Offline, the skew is an old measurement: the test is not refused for it.
  s.link = Link::offline;
  EXPECT_EQ(start_refusal(s, Language::en, {}), "");
}

// An alarm blocks a test only when the representative's policy says so.
TEST(KioskChecks, AlarmsRefuseATestOnlyWithBlockOnAlarm) {
  Snapshot s;
  s.link = Link::online;
  s.policy = protocol::StationPolicy{"S01", "", 0, false};
  const std::vector<std::string> alarms = {"VirtualBox", "anydesk"};
  EXPECT_EQ(start_refusal(s, Language::en, alarms), "");
  s.policy->block_on_alarm = true;
  EXPECT_EQ(start_refusal(s, Language::en, {}), "");
  const std::string refusal = start_refusal(s, Language::ru, alarms);
  EXPECT_NE(refusal.find("VirtualBox, anydesk"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("представител"), std::string::npos) << refusal;
}

}  // namespace
}  // namespace bbzhm::station::gui
