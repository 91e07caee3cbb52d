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

}  // namespace
}  // namespace bbzhm::station::gui
