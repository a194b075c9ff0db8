#!/usr/bin/env bash
# The brief's determinism promise: the same image and inputs give the same run, byte for byte.
# Runs boxwood twice with the same arguments and a fixed --rtc start, and requires identical serial
# output, 0xE9 output, text screen and screenshot. A third run with another --rtc must differ, and
# the guest must report the date we set (INT 1Ah AH=04h, BCD: the IBM PC/AT BIOS interface), so
# the comparison is shown to see what the guest does.
#
# usage: deterministic.sh BOXWOOD EXPECTED_TEXT -- boxwood-arguments...
set -u
boxwood=$1 expected=$2; shift 3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

args=("$@")
run_with() { local name=$1 rtc=$2; set -- "${args[@]}"; "$boxwood" --headless --rtc "$rtc" \
  --serial "$dir/$name.serial" --debugcon "$dir/$name.e9" --screenshot "$dir/$name.png" --dump-screen \
  "$@" >"$dir/$name.screen" 2>"$dir/$name.err" </dev/null; echo $? >"$dir/$name.status"; }

run_with a 2024-02-29T12:34:56
run_with b 2024-02-29T12:34:56
run_with c 2031-07-04T01:02:03

fail=0
for f in status serial e9 screen png; do
  if ! cmp -s "$dir/a.$f" "$dir/b.$f"; then echo "FAIL: two runs with the same inputs differ in $f"; fail=1; fi
done
[ "$(cat "$dir/a.status")" = 0 ] || { echo "FAIL: exit status $(cat "$dir/a.status")"; cat "$dir/a.err"; fail=1; }
[ -s "$dir/a.serial" ] || { echo "FAIL: no serial output"; fail=1; }
grep -qF "$expected" "$dir/a.screen" || { echo "FAIL: the screen does not show '$expected'"; fail=1; }
if cmp -s "$dir/a.screen" "$dir/c.screen"; then echo "FAIL: a different --rtc gave the same screen"; fail=1; fi
echo "--- screen of run a:"; cat "$dir/a.screen"
[ $fail = 0 ] && echo PASS
exit $fail
