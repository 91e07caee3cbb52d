// Remote-desktop and virtual-machine detection from /proc and /sys (no root needed).
#include "station/gui/checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string_view>

namespace bbzhm::station::gui {
namespace {

// Process names (comm, at most 15 characters) of remote-control servers seen in other exam
// kiosks' escape reports, lower case.
constexpr std::array<std::string_view, 22> kRemotePrograms{
    "anydesk",     "rustdesk",  "teamviewer",  "teamviewerd",     "tv_bin",    "x11vnc",
    "vncserver",   "xvnc",      "xtightvnc",   "x0vncserver",     "xtigervnc", "krfb",
    "vino-server", "xrdp",      "xrdp-sesman", "chrome-remote-d", "nxserver",  "nxnode",
    "dwagent",     "getscreen", "ammyy",       "remotepc"};

constexpr std::array<std::string_view, 9> kHypervisors{
    "QEMU",  "KVM",       "VirtualBox",      "VMware", "Xen",
    "Bochs", "Parallels", "Virtual Machine", "innotek"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::vector<std::string> find_remote_desktop(const std::filesystem::path& proc) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(proc, ec)) {
    const std::string pid = entry.path().filename().string();
    if (pid.empty() || !std::all_of(pid.begin(), pid.end(), ::isdigit)) continue;
    const std::string comm = lower(first_line(entry.path() / "comm"));
    for (std::string_view known : kRemotePrograms)
      if (comm == known) found.push_back(comm);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::string detect_virtual_machine(const std::filesystem::path& sys) {
  const auto dmi = sys / "class" / "dmi" / "id";
  for (const char* field : {"product_name", "sys_vendor", "board_vendor", "bios_vendor"}) {
    const std::string value = first_line(dmi / field);
    for (std::string_view h : kHypervisors)
      if (lower(value).find(lower(std::string(h))) != std::string::npos) return value;
  }
  return {};
}

}  // namespace bbzhm::station::gui
