// The kiosk's checks for known ways out of exam kiosks: remote-desktop programs, virtual
// machines, a wrong clock. Each finding becomes an incident; none blocks a test unless the
// representative's policy says so (false alarms on real lab PCs are a known plague).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/domain.hpp"
#include "station/client.hpp"

namespace bbzhm::station::gui {

// The names of known remote-desktop and screen-sharing programs running now, from
// `proc`/*/comm (AnyDesk, RustDesk, TeamViewer, VNC servers, xrdp, ...), sorted, no repeats.
std::vector<std::string> find_remote_desktop(const std::filesystem::path& proc = "/proc");

// The hypervisor's name when the DMI tables under `sys` say this is a virtual machine
// (QEMU, KVM, VirtualBox, VMware, Xen, Hyper-V, ...); empty on real hardware.
std::string detect_virtual_machine(const std::filesystem::path& sys = "/sys");

// p.19 / issue 5: a station whose clock is off the server's by more than a minute refuses tests.
inline constexpr std::int64_t kMaxClockSkewMs = 60'000;

// Why no test may start on this station now, in language `l`; empty when one may. A clock off the
// server's by more than kMaxClockSkewMs (known only while online), or an alarm (a virtual machine,
// a remote-desktop program) when the representative's policy says block_on_alarm. The login
// screen shows it and refuses to log in.
std::string start_refusal(const Snapshot& s, Language l, const std::vector<std::string>& alarms);

}  // namespace bbzhm::station::gui
