#!/usr/bin/env bash
# The demo: one complete ББЖМ sitting on this machine. NTC builds a signed, encrypted test package
# from the sample bank (item_bank/bank); a fresh school server trusts NTC's key, loads the package,
# unlocks it with the code read out on the day, imports the class 9А and creates the sitting from
# the package; one scripted station process per student sits it over real (encrypted) loopback
# connections, and the class's results are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)" --target bbzhm-server bbzhm-station bbzhm-bank

server="$root/build/server/bbzhm-server"
station="$root/build/station/bbzhm-station"
bank="$root/build/item_bank/bbzhm-bank"
work=$(mktemp -d /tmp/bbzhm-demo-XXXXXX)
data="$work/school"
export BBZHM_LANG=${BBZHM_LANG:-kk}

step() { printf '\n== %s\n' "$*"; }

step "NTC: the grade 9 package from the sample bank (p.16: the specifications), 2 variants"
"$bank" validate "$root/item_bank/bank"
ntc_key=$("$bank" keygen --out "$work/ntc.key" | tail -1)
package="$work/2027-04-schools.bbzp"
"$bank" build --bank "$root/item_bank/bank" --spec g9-reading,g9-math,g9-science --variants 2 \
  --seed 7 --key "$work/ntc.key" --expires "$(date -u -d '+1 year' +%F)" \
  --package-id 2027-04-schools --out "$package"
unlock_code=$("$bank" unlock-code --key "$work/ntc.key" "$package")

step "Server: init, NTC key, package (locked), roster"
"$server" init --data "$data" --school-code 010203 --school-name "№7 мектеп-гимназиясы"
"$server" trust-ntc-key --data "$data" --key "$ntc_key"
"$server" load-package --data "$data" "$package"
"$server" import-roster --data "$data" "$root/scripts/demo-data/roster-9a.csv"

step "On the day: NTC reads out the unlock code $unlock_code; the sitting from the package"
"$server" unlock --data "$data" "$unlock_code"
"$server" create-sitting --data "$data" --campaign 2027-04 --grade 9 --class 9А --room 12 \
  --package 2027-04-schools --logins-out "$work/logins.csv"

step "Identification at the door (p.19): two students absent for p.12 reasons"
n=0
while IFS=, read -r seat code login password rest; do
  [ "$seat" = seat ] && continue
  n=$((n + 1))
  case $n in
    1) "$server" check-in --data "$data" --sitting 1 --code "$code" --absent illness ;;
    2) "$server" check-in --data "$data" --sitting 1 --code "$code" --absent competition ;;
    *) "$server" check-in --data "$data" --sitting 1 --code "$code" > /dev/null ;;
  esac
done < "$work/logins.csv"
"$server" start --data "$data" --sitting 1

step "Serving on loopback"
"$server" serve --data "$data" --listen 127.0.0.1:0 > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$work/server.log")
server_key=$("$server" show-key --data "$data")
echo "port $port"

step "Stations: pairing, then one scripted student each, all at once"
pids=()
i=0
while IFS=, read -r seat code login password rest; do
  [ "$seat" = seat ] && continue
  i=$((i + 1))
  [ $i -le 2 ] && continue
  dir="$work/station-$seat"
  key=$("$station" pair --dir "$dir" --server "127.0.0.1:$port" --server-key "$server_key" | tail -1)
  "$server" add-station --data "$data" --name "S$seat" --key "$key" > /dev/null
  ability=$(awk -v s="$seat" 'BEGIN { srand(s * 7919); printf "%.2f", 0.25 + rand() * 0.7 }')
  # p.25: each answers the anonymous survey after the results (options 1-3 by question).
  survey=$(awk -v s="$seat" 'BEGIN { srand(s * 104729); for (q = 1; q <= 4; q++) printf "%s%d", (q > 1 ? "," : ""), 1 + int(rand() * 3) }')
  # The scripted students read the keys from the package (a simulation aid: stations never
  # receive keys from the server).
  "$station" --headless --dir "$dir" --login "$login" --password "$password" \
    --package "$package" --ntc-key "$ntc_key" --unlock-code "$unlock_code" \
    --ability "$ability" --seed "$seat" --delay-ms 20 --survey "$survey" \
    > "$work/station-$seat.out" 2>&1 &
  pids+=($!)
done < "$work/logins.csv"
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
echo "${#pids[@]} stations finished, $failed failed"
head -5 "$work/station-3.out"

# p.25: a teacher answers the teachers' survey on the last station, no login needed.
"$station" --headless --dir "$dir" --teacher-survey 1,2,1,1,2

step "Results of the sitting (p.24)"
"$server" results --data "$data" --sitting 1
echo "anonymous surveys stored (p.25, unlinked): $(sqlite3 "$data/school.db" "SELECT kind || ' ' || COUNT(*) FROM surveys GROUP BY kind" | tr '\n' ' ')"
"$server" verify-journal --data "$data"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
trap - EXIT

step "Data folder: $data"
[ "$failed" -eq 0 ]
