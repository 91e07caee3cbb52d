#!/usr/bin/env bash
# Installs the Debian 12 (bookworm) packages the product builds and tests with, if any is missing.
# Boost is the versioned 1.81 set (Asio with C++20 coroutines); it must not be mixed with the
# unversioned libboost-*-dev packages (1.74), which conflict with it.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config clang-format
  libboost1.81-dev libsodium-dev libsqlite3-dev
  # Password hashes (Argon2id) whose working memory the caller gives (common/crypto.cpp).
  libargon2-dev
  sqlite3 nlohmann-json3-dev
  libgtest-dev libgmock-dev
  # QTI import in bbzhm-bank (item_bank/qti.cpp).
  libxml2-dev
  # The forms (Cairo + Pango): Noto Serif/Sans from fonts-noto-core, Noto Sans Mono (the forms' mono
  # face, every Kazakh letter) from fonts-noto-mono.
  libpango1.0-dev libcairo2-dev libqrencode-dev fonts-noto-core fonts-noto-mono poppler-utils zbar-tools
  dpkg-dev systemd adduser
  # The station kiosk and the proctor console (BBZHM_GUI), and their Xvfb tests.
  libimgui-dev libglfw3-dev libgl-dev libstb-dev xvfb xauth xdotool
  # SVG figures of items in the kiosk (common/gui/pictures.cpp): librsvg's headers; the kiosk
  # opens librsvg2-2 (a dependency of librsvg2-dev) when the first SVG figure is drawn.
  librsvg2-dev
  # The console shows the NTC's report (a PDF) in its window: poppler-glib renders the pages.
  libpoppler-glib-dev
  # The kiosk's close and focus tests: a window manager, EWMH close requests, another window;
  # the Kazakh keyboard layout of a lab PC in the window tests (setxkbmap).
  openbox wmctrl x11-utils x11-xkb-utils
  # The national side (bbzhm-ntc): HTTPS (Beast + OpenSSL), PostgreSQL through libpqxx, and the
  # real PostgreSQL server its tests start.
  libssl-dev libpqxx-dev postgresql-15
  # The NTC's published pages (bbzhm-ntc publish) are tested in a real headless browser.
  chromium-headless-shell
  # The reliability suite: libFuzzer fuzzers (fuzz/, clang-19: older clangs cannot read GCC 12's
  # std::expected) and the capture of a whole sitting's traffic.
  clang-19 libclang-rt-19-dev tcpdump
  # The clock-jump test sets the server's wall clock with libfaketime (LD_PRELOAD).
  faketime
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -q
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}"
fi
