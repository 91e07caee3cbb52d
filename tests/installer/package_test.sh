#!/usr/bin/env bash
# The Debian packages end to end, as a technician meets them: built with CPack from this build
# tree's binaries; their control data, files, units and dependencies checked; the units accepted
# by systemd-analyze; bbzhm-server installed on this machine, set up with bbzhm-setup, served as
# its unit runs it (the service user, the unit's own command line), the packaged console paired
# and signed in, a station paired by the console's short code (a wrong code refused first) and a
# student logged in and finished from the sample forms; the console package installed, run and
# removed; backup and restore; then remove keeps
# the data, purge keeps it without a confirmation and deletes it with one. Everything it
# installed or created is removed again in every outcome.
#
# Usage: package_test.sh BUILD_DIR SOURCE_DIR   (as root; exits 77, CTest's skip, otherwise)
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

[ "$(id -u)" -eq 0 ] || skip "installs packages and a system user: run as root"
for tool in cpack dpkg-deb dpkg-shlibdeps systemd-analyze apt-get runuser setpriv flock sqlite3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/deps.sh)"
done
[ -f "$build/CPackConfig.cmake" ] || fail "$build has no CPackConfig.cmake"

# Other build trees on this machine run the same test: one at a time.
exec 9>/run/lock/bbzhm-package-test.lock
flock -w 900 9 || fail "another package test holds /run/lock/bbzhm-package-test.lock"

# A real installation is never touched.
if dpkg-query -W -f='${Status}' bbzhm-server 2>/dev/null | grep -q "installed" ||
  [ -e /var/lib/bbzhm ] || getent passwd bbzhm >/dev/null; then
  skip "bbzhm-server, /var/lib/bbzhm or the user bbzhm already exists on this machine"
fi

work=$(mktemp -d /tmp/bbzhm-pkg.XXXXXX)
server_pid=""
proctor_installed=no
cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  if dpkg-query -W -f='${Status}' bbzhm-server 2>/dev/null | grep -qv "not-installed"; then
    BBZHM_PURGE_DATA=yes dpkg --purge bbzhm-server >/dev/null 2>&1 || true
  fi
  if [ "$proctor_installed" = yes ]; then dpkg --purge bbzhm-proctor >/dev/null 2>&1 || true; fi
  rm -rf /var/lib/bbzhm
  if getent passwd bbzhm >/dev/null; then userdel bbzhm 2>/dev/null || true; fi
  if getent group bbzhm >/dev/null; then groupdel bbzhm 2>/dev/null || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 -q -y "$@"; }
has() { grep -qF -- "$2" <<<"$1" || fail "$3: expected '$2' in:"$'\n'"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1" || fail "$3: did not expect '$2' in:"$'\n'"$1"; }

# [SECTION] Build and inspect the packages

step "cpack"
cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack"; }
server_deb=$(echo "$work"/pkg/bbzhm-server_*.deb)
station_deb=$(echo "$work"/pkg/bbzhm-station_*.deb)
proctor_deb=$(echo "$work"/pkg/bbzhm-proctor_*.deb)
if [ ! -f "$server_deb" ] || [ ! -f "$station_deb" ]; then ls -l "$work/pkg"; fail "packages missing"; fi

step "dpkg-deb --info/--contents bbzhm-server"
info=$(dpkg-deb --info "$server_deb")
for want in "Package: bbzhm-server" "Section: education" "Priority: optional" \
  "Description: BBZhM school server" "libsodium23" "libsqlite3-0" "libc6" "libstdc++6" \
  "adduser" " postinst" " prerm" " postrm"; do
  has "$info" "$want" "bbzhm-server control"
done
lacks "$info" "libasan" "bbzhm-server control"
contents=$(dpkg-deb --contents "$server_deb")
for want in ./usr/bin/bbzhm-server ./usr/sbin/bbzhm-setup \
  ./usr/lib/systemd/system/bbzhm-server.service ./usr/lib/systemd/system/bbzhm-backup.service \
  ./usr/lib/systemd/system/bbzhm-backup.timer ./usr/share/bbzhm/forms/g9-math-kk.json \
  ./usr/share/bbzhm/forms/g4-reading-ru.json ./usr/share/doc/bbzhm-server/TECHNICIAN_GUIDE.kk.md \
  ./usr/share/doc/bbzhm-server/TECHNICIAN_GUIDE.ru.md; do
  has "$contents" "$want" "bbzhm-server contents"
done
lacks "$contents" "bbzhm-station" "bbzhm-server contents"
has "$(grep ' ./usr/bin/bbzhm-server$' <<<"$contents")" "-rwxr-xr-x root/root" "binary mode"

step "dpkg-deb --info/--contents bbzhm-station"
info=$(dpkg-deb --info "$station_deb")
for want in "Package: bbzhm-station" "Section: education" "Description: BBZhM student station" \
  "xinit" "xserver-xorg-core" "xserver-xorg-input-libinput" "fonts-noto-core" "libsodium23" \
  "Conflicts: xserver-xorg-legacy" " conffiles"; do
  has "$info" "$want" "bbzhm-station control"
done
contents=$(dpkg-deb --contents "$station_deb")
for want in ./usr/bin/bbzhm-station ./usr/sbin/bbzhm-station-setup ./usr/lib/bbzhm/kiosk-session \
  ./usr/lib/systemd/system/bbzhm-kiosk.service ./etc/X11/xorg.conf.d/50-bbzhm-kiosk.conf \
  ./etc/modprobe.d/bbzhm-no-usb-storage.conf ./usr/lib/udev/rules.d/90-bbzhm-no-usb-storage.rules \
  ./etc/systemd/logind.conf.d/bbzhm-kiosk.conf ./etc/sysctl.d/90-bbzhm-kiosk.conf \
  ./etc/pam.d/bbzhm-kiosk; do
  has "$contents" "$want" "bbzhm-station contents"
done
dpkg-deb --ctrl-tarfile "$station_deb" | tar -xO ./conffiles >"$work/conffiles"
has "$(cat "$work/conffiles")" "/etc/modprobe.d/bbzhm-no-usb-storage.conf" "station conffiles"
mkdir -p "$work/x"
dpkg-deb -x "$station_deb" "$work/x"
has "$(cat "$work/x/etc/X11/xorg.conf.d/50-bbzhm-kiosk.conf")" '"DontVTSwitch" "true"' "xorg.conf.d"
has "$(cat "$work/x/etc/X11/xorg.conf.d/50-bbzhm-kiosk.conf")" '"DontZap" "true"' "xorg.conf.d"
has "$(cat "$work/x/etc/modprobe.d/bbzhm-no-usb-storage.conf")" "install usb-storage /bin/false" \
  "modprobe.d"
has "$(cat "$work/x/usr/lib/systemd/system/bbzhm-kiosk.service")" "-novtswitch" "kiosk unit"

if [ -f "$proctor_deb" ]; then
  step "dpkg-deb --info/--contents bbzhm-proctor"
  info=$(dpkg-deb --info "$proctor_deb")
  for want in "Package: bbzhm-proctor" "Section: education" "libglfw3" "libsodium23" "libc6"; do
    has "$info" "$want" "bbzhm-proctor control"
  done
  lacks "$info" "libasan" "bbzhm-proctor control"
  contents=$(dpkg-deb --contents "$proctor_deb")
  for want in ./usr/bin/bbzhm-proctor ./usr/share/applications/bbzhm-proctor.desktop \
    ./usr/share/doc/bbzhm-proctor/TECHNICIAN_GUIDE.kk.md; do
    has "$contents" "$want" "bbzhm-proctor contents"
  done
  lacks "$contents" "bbzhm-server" "bbzhm-proctor contents"
fi

# [SECTION] The units

step "systemd-analyze verify (a root with this system's units and both packages)"
root="$work/root"
mkdir -p "$root/usr/lib/systemd" "$root/etc/systemd/system"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
dpkg-deb -x "$server_deb" "$root"
dpkg-deb -x "$station_deb" "$root"
if [ -f "$proctor_deb" ]; then dpkg-deb -x "$proctor_deb" "$root"; fi
# The station's X programs come with its dependencies, not installed on this machine: stand-ins
# let verify check the rest of the unit (ExecStart paths are checked inside the root).
for dep in /usr/bin/xinit /usr/bin/Xorg; do
  [ -x "$root$dep" ] || { mkdir -p "$(dirname "$root$dep")"; printf '#!/bin/sh\n' >"$root$dep"; chmod +x "$root$dep"; }
done
for unit in bbzhm-server.service bbzhm-backup.service bbzhm-backup.timer bbzhm-kiosk.service; do
  # Any output at all (an unknown key is only a warning, with status 0) fails.
  if ! out=$(systemd-analyze verify --root="$root" "/usr/lib/systemd/system/$unit" 2>&1) ||
    [ -n "$out" ]; then
    fail "systemd-analyze verify $unit:"$'\n'"$out"
  fi
done
# A unit with an error must fail here too, or the check above proves nothing.
sed 's|^ExecStart=/usr/bin/bbzhm-server|ExecStart=/usr/bin/bbzhm-nonexistent|' \
  "$root/usr/lib/systemd/system/bbzhm-server.service" >"$root/usr/lib/systemd/system/bbzhm-broken.service"
broken=$(systemd-analyze verify --root="$root" /usr/lib/systemd/system/bbzhm-broken.service 2>&1 || true)
has "$broken" "bbzhm-nonexistent" "verify sees a missing ExecStart binary"

step "systemd-analyze security --offline=true"
security=$(systemd-analyze security --offline=true --root="$root" \
  /usr/lib/systemd/system/bbzhm-server.service 2>&1 || true)
score=$(grep -o 'Overall exposure level for bbzhm-server.service: [0-9.]*' <<<"$security" | awk '{print $NF}')
[ -n "$score" ] || fail "no exposure score:"$'\n'"$security"
echo "bbzhm-server.service exposure: $score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure $score is over 2.0:"$'\n'"$security"
backup_score=$(systemd-analyze security --offline=true --root="$root" \
  /usr/lib/systemd/system/bbzhm-backup.service 2>&1 | grep -o 'Overall exposure level for bbzhm-backup.service: [0-9.]*' | awk '{print $NF}')
echo "bbzhm-backup.service exposure: $backup_score"

# [SECTION] Install and first run

step "apt-get install ./bbzhm-server"
out=$(apt_get install --no-install-recommends "$server_deb" 2>&1) || { echo "$out"; fail "install"; }
has "$out" "run 'sudo bbzhm-setup'" "postinst says what to do next"
getent passwd bbzhm | grep -q ':/var/lib/bbzhm:/usr/sbin/nologin$' || fail "user bbzhm: $(getent passwd bbzhm)"
[ "$(id -u bbzhm)" -lt 1000 ] || fail "bbzhm is not a system user"
[ "$(stat -c '%U %a' /var/lib/bbzhm)" = "bbzhm 700" ] || fail "/var/lib/bbzhm: $(stat -c '%U %a' /var/lib/bbzhm)"
[ -L /etc/systemd/system/multi-user.target.wants/bbzhm-server.service ] || fail "server unit not enabled"
[ -L /etc/systemd/system/timers.target.wants/bbzhm-backup.timer ] || fail "backup timer not enabled"

step "bbzhm-setup (first run)"
data=/var/lib/bbzhm/school
out=$(BBZHM_LANG=en bbzhm-setup --school-code 010203 --school-name "№7 мектеп-гимназиясы" 2>&1) ||
  { echo "$out"; fail "bbzhm-setup"; }
has "$out" "Server key fingerprint" "bbzhm-setup"
[ "$(stat -c '%U %a' $data/school.db)" = "bbzhm 600" ] || fail "school.db: $(stat -c '%U %a' $data/school.db)"
[ "$(stat -c '%U %a' $data/server.key)" = "bbzhm 600" ] || fail "server.key: $(stat -c '%U %a' $data/server.key)"
again=$(bbzhm-setup --school-code 1 --school-name x 2>&1) || fail "bbzhm-setup twice: $again"
[ "$(sqlite3 $data/school.db "SELECT value FROM settings WHERE key='school_code'")" = "010203" ] ||
  fail "a second bbzhm-setup changed the school"

as_bbzhm() { runuser -u bbzhm -- "$@"; }
exec_start() { sed -n 's/^ExecStart=//p' "/usr/lib/systemd/system/$1"; }

# The unit's own command line, listening on loopback on a free port instead of 0.0.0.0:7700.
serve_line=$(exec_start bbzhm-server.service)
[ "$serve_line" = "/usr/bin/bbzhm-server serve --data /var/lib/bbzhm/school --listen 0.0.0.0:7700" ] ||
  fail "unexpected ExecStart: $serve_line"
start_server() {
  read -r -a cmd <<<"${serve_line/0.0.0.0:7700/127.0.0.1:0}"
  # setpriv execs (runuser would fork and stand between): $! is the server, as under systemd's
  # User= and NoNewPrivileges=, and SIGTERM reaches it directly.
  (cd / && umask 077 && exec setpriv --reuid=bbzhm --regid=bbzhm --init-groups --no-new-privs \
    --inh-caps=-all -- "${cmd[@]}") >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$work/server.log" && break
    sleep 0.1
  done
  port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.log")
  [ -n "$port" ] || { cat "$work/server.log"; fail "the server did not start"; }
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "the server did not stop cleanly: $(cat "$work/server.log")"
  server_pid=""
}

step "a sitting from /usr/share/bbzhm/forms, served as the unit runs it"
install -d -m 0755 "$work/pub"
install -m 0644 "$src/scripts/demo-data/roster-9a.csv" "$work/pub/roster.csv"
chmod 0755 "$work"
as_bbzhm bbzhm-server import-roster --data $data "$work/pub/roster.csv" >/dev/null
as_bbzhm bbzhm-server create-sitting --data $data --campaign 2027-04 --grade 9 --class 9А \
  --room 12 --forms /usr/share/bbzhm/forms --password-cost minimum \
  --logins-out /var/lib/bbzhm/logins.csv >/dev/null
IFS=, read -r _ code login password _ < <(sed -n 2p /var/lib/bbzhm/logins.csv)
as_bbzhm bbzhm-server check-in --data $data --sitting 1 --code "$code" >/dev/null
as_bbzhm bbzhm-server start --data $data --sitting 1 >/dev/null
start_server

station_bin="$root/usr/bin/bbzhm-station"
server_key=$(as_bbzhm bbzhm-server show-key --data $data)
if [ -f "$proctor_deb" ]; then
  step "the packaged console: paired with the server's key, the representative signs in"
  proctor_bin="$root/usr/bin/bbzhm-proctor"
  as_bbzhm bbzhm-server add-representative --data $data --login rep1 \
    --full-name "Сейітқали Мәдина" --password "rep-pass-1" >/dev/null
  paired=$("$proctor_bin" pair --dir "$work/console" --server "127.0.0.1:$port" --server-key "$server_key")
  as_bbzhm bbzhm-server add-station --data $data --name console-1 --role console \
    --key "$(tail -n 1 <<<"$paired")" >/dev/null

  step "pair a station by the console's short code (the packaged bbzhm-station)"
  code=$(echo "rep-pass-1" | BBZHM_LANG=en "$proctor_bin" pairing-code --dir "$work/console" --login rep1) ||
    { cat "$work/server.log"; fail "pairing-code"; }
  has "$code" "Server key fingerprint" "the console shows the fingerprint"
  code=$(tail -n 1 <<<"$code")
  wrong=$(printf '%08d' $(( (10#$code + 1) % 100000000 )))
  if out=$("$station_bin" pair --dir "$work/station" --server "127.0.0.1:$port" --code "$wrong" 2>&1); then
    fail "a wrong pairing code was accepted"
  fi
  has "$out" "wrong pairing code" "a wrong code is refused"
  [ ! -e "$work/station" ] || fail "a refused pairing left $work/station"
  out=$(BBZHM_LANG=en "$station_bin" pair --dir "$work/station" --server "127.0.0.1:$port" \
    --code "$code" --name S01 2>&1) || { echo "$out"; cat "$work/server.log"; fail "pair by code"; }
  has "$out" "Station S01 is paired" "pair by code"
  [ "$(cat "$work/station/server.pub")" = "$server_key" ] || fail "the station did not pin the server key"
  [ "$(sqlite3 $data/school.db "SELECT role FROM stations WHERE name='S01'")" = station ] ||
    fail "S01 not registered"
else
  step "pair a station with the server's key (no console package in this build)"
  paired=$("$station_bin" pair --dir "$work/station" --server "127.0.0.1:$port" --server-key "$server_key")
  as_bbzhm bbzhm-server add-station --data $data --name S01 --key "$(tail -n 1 <<<"$paired")" >/dev/null
fi

step "log a student in at the paired station"
student=$("$station_bin" --headless --dir "$work/station" --login "$login" --password "$password" \
  --forms /usr/share/bbzhm/forms --timeout 60 2>&1) || { echo "$student"; cat "$work/server.log"; fail "headless station"; }
has "$student" "receipt=" "the student finished and got a receipt"
status=$(sqlite3 $data/school.db "SELECT status FROM participants WHERE login='$login'")
[ "$status" = "finished" ] || fail "participant status $status"

step "restore is refused while the server runs"
backup_line=$(exec_start bbzhm-backup.service)
read -r -a backup_cmd <<<"$backup_line"
out=$(as_bbzhm "${backup_cmd[@]}" 2>&1) || fail "backup while serving: $out"
night=$(ls /var/lib/bbzhm/backups/school-*.db)
[ "$(stat -c '%U %a' "$night")" = "bbzhm 600" ] || fail "backup file: $(stat -c '%U %a' "$night")"
if out=$(as_bbzhm bbzhm-server restore --data $data "$night" 2>&1); then fail "restore while serving succeeded"; fi
has "$out" "is in use" "restore while serving"
stop_server

step "backup and restore round trip"
as_bbzhm bbzhm-server add-station --data $data --name S02 \
  --key "$(printf '%064d' 7 | tr 0 a)" >/dev/null
[ "$(sqlite3 $data/school.db "SELECT COUNT(*) FROM stations WHERE role='station'")" = 2 ] || fail "S02 not added"
out=$(BBZHM_LANG=en as_bbzhm bbzhm-server restore --data $data "$night" 2>&1) || fail "restore: $out"
has "$out" "journal entries verified" "restore"
[ "$(sqlite3 $data/school.db "SELECT COUNT(*) FROM stations WHERE role='station'")" = 1 ] || fail "restore did not bring back the night's state"
as_bbzhm bbzhm-server verify-journal --data $data >/dev/null || fail "journal after restore"
[ -z "$(find /var/lib/bbzhm ! -user bbzhm)" ] || fail "files not owned by bbzhm: $(find /var/lib/bbzhm ! -user bbzhm)"
start_server
stop_server

if [ -f "$proctor_deb" ]; then
  step "apt-get install ./bbzhm-proctor, bbzhm-proctor --help, apt-get remove"
  out=$(apt_get install --no-install-recommends "$proctor_deb" 2>&1) || { echo "$out"; fail "install proctor"; }
  proctor_installed=yes
  help=$(BBZHM_LANG=en bbzhm-proctor --help) || fail "bbzhm-proctor --help"
  has "$help" "bbzhm-proctor pairing-code" "bbzhm-proctor --help"
  out=$(apt_get remove bbzhm-proctor 2>&1) || { echo "$out"; fail "remove proctor"; }
  [ ! -e /usr/bin/bbzhm-proctor ] || fail "remove left bbzhm-proctor"
  proctor_installed=no
fi

# [SECTION] Removal keeps the data; purge deletes it only when confirmed

step "apt-get remove keeps the data"
out=$(apt_get remove bbzhm-server 2>&1) || { echo "$out"; fail "remove"; }
[ ! -e /usr/bin/bbzhm-server ] || fail "remove left the program"
[ -f $data/school.db ] || fail "remove deleted the data"
has "$out" "kept in /var/lib/bbzhm" "remove says where the data is"

step "apt-get purge without a confirmation keeps the data"
out=$(apt_get purge bbzhm-server 2>&1) || { echo "$out"; fail "purge"; }
[ -f $data/school.db ] || fail "purge without a confirmation deleted the data"
has "$out" "KEPT in /var/lib/bbzhm" "purge says the data was kept"
getent passwd bbzhm >/dev/null || fail "purge without a confirmation removed the owner of the kept data"

step "reinstall over the kept data, then purge with BBZHM_PURGE_DATA=yes"
apt_get install --no-install-recommends "$server_deb" >/dev/null 2>&1 || fail "reinstall"
as_bbzhm bbzhm-server verify-journal --data $data >/dev/null || fail "kept data after reinstall"
out=$(BBZHM_PURGE_DATA=yes apt_get purge bbzhm-server 2>&1) || { echo "$out"; fail "purge"; }
[ ! -e /var/lib/bbzhm ] || fail "confirmed purge left /var/lib/bbzhm"
! getent passwd bbzhm >/dev/null || fail "confirmed purge left the user bbzhm"
[ -z "$(find /etc/systemd/system -name 'bbzhm-*')" ] || fail "purge left unit links: $(find /etc/systemd/system -name 'bbzhm-*')"

step "purge confirmed by the marker file"
apt_get install --no-install-recommends "$server_deb" >/dev/null 2>&1 || fail "reinstall"
touch /var/lib/bbzhm/purge-confirmed
dpkg --purge bbzhm-server >/dev/null 2>&1 || fail "dpkg --purge"
[ ! -e /var/lib/bbzhm ] || fail "purge with the marker left /var/lib/bbzhm"

echo "PASS"
