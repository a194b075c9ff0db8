#!/usr/bin/env bash
# Runs boxwood with the GDB stub waiting for a debugger, drives it with `gdb -batch` and checks
# what GDB printed and how boxwood ended. Exit 77 (CTest: skipped) without gdb or a needed file.
#
# usage: gdb_test.sh BOXWOOD PORT STATUS GDB_COMMANDS [--expect REGEX]... [--needs FILE]...
#                    -- boxwood-arguments...
set -u
boxwood=$1 port=$2 want_status=$3 commands=$4
shift 4
expects=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
    --expect) expects+=("$2"); shift 2 ;;
    --needs) [ -e "$2" ] || { echo "skipped: '$2' does not exist"; exit 77; }; shift 2 ;;
    *) echo "gdb_test.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
shift  # the --
command -v gdb >/dev/null || { echo "skipped: gdb is not installed"; exit 77; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# Other build trees may run the same tests at the same time: when the port is taken, move on
# by 1000 (up to 5 tries).
for attempt in 1 2 3 4 5; do
  timeout 60 "$boxwood" --gdb "$port" --gdb-wait "$@" >"$tmp/out" 2>"$tmp/err" </dev/null &
  pid=$!
  # The stub says it is waiting once its socket listens; connecting earlier would fail.
  for _ in $(seq 100); do
    grep -q "waiting for GDB" "$tmp/err" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "cannot listen for GDB" "$tmp/err" || break
  wait "$pid"
  pid=
  port=$((port + 1000))
done
timeout 60 gdb -nx -batch -ex "set architecture i8086" -ex "target remote 127.0.0.1:$port" -x "$commands" \
  >"$tmp/gdb" 2>&1 </dev/null
gdb_status=$?
wait "$pid"
status=$?
pid=

fail=0
echo "--- gdb (status $gdb_status):"; cat "$tmp/gdb"
echo "--- boxwood stdout:"; cat "$tmp/out"
echo "--- boxwood stderr:"; cat "$tmp/err"
echo "--- boxwood status: $status"
[ "$status" = "$want_status" ] || { echo "FAIL: boxwood exit status $status, expected $want_status"; fail=1; }
for e in ${expects[@]+"${expects[@]}"}; do
  grep -qE -- "$e" "$tmp/gdb" || { echo "FAIL: gdb output lacks /$e/"; fail=1; }
done
exit $fail
