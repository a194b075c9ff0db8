#!/usr/bin/env bash
# Ctrl-C opens the debugger: boxwood --debug-script runs `c` on a ROM that spins forever; a
# SIGINT must stop the guest and give the prompt back, where the script continues (r, q).
# usage: debugger_sigint_test.sh BOXWOOD SPIN_ROM
set -u
boxwood=$1 rom=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'c\nr\nq\n' >"$tmp/script"
timeout 30 "$boxwood" --headless --serial none --debugcon none --bios "$rom" --debug-script "$tmp/script" \
  >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
# Wait until the guest runs (the `c` has been echoed), then interrupt it.
for _ in $(seq 100); do grep -q '^(bwdbg) c$' "$tmp/out" && break; sleep 0.1; done
sleep 0.3
kill -INT "$pid"
wait "$pid"
status=$?
echo "--- stdout:"; cat "$tmp/out"; echo "--- stderr:"; cat "$tmp/err"; echo "--- status: $status"
fail=0
[ "$status" = 0 ] || { echo "FAIL: exit status $status, expected 0 (q)"; fail=1; }
grep -qF "interrupted (Ctrl-C)" "$tmp/out" || { echo "FAIL: no 'interrupted (Ctrl-C)'"; fail=1; }
grep -qF "(bwdbg) r" "$tmp/out" || { echo "FAIL: the prompt did not come back"; fail=1; }
grep -qE "^cs=f000 " "$tmp/out" || { echo "FAIL: no register dump after the interrupt"; fail=1; }
exit $fail
