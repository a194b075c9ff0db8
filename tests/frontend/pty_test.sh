#!/usr/bin/env bash
# --serial pty: boxwood names its pseudo-terminal in one stderr line; what the guest sends on
# COM1 arrives there, and bytes written there reach the guest. The ROM (e9rom.asm, SERIAL+ECHO)
# sends "SERIAL-OK", echoes what it receives and exits with status 99 on 'q'.
# usage: pty_test.sh BOXWOOD ECHO_ROM   (exit 77 = skipped: no pseudo-terminals here)
set -u
boxwood=$1 rom=$2
[ -c /dev/ptmx ] || { echo "SKIP: no /dev/ptmx"; exit 77; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
timeout 30 "$boxwood" --headless --serial pty --debugcon none --bios "$rom" >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
fail=0
pts=
for _ in $(seq 100); do
  pts=$(sed -n 's/^boxwood: COM1 is on \(\/dev\/.*\)$/\1/p' "$tmp/err")
  [ -n "$pts" ] && break
  sleep 0.1
done
if [ -z "$pts" ] || [ ! -c "$pts" ]; then
  echo "FAIL: no 'boxwood: COM1 is on /dev/...' line naming a terminal"; fail=1
else
  echo "pseudo-terminal: $pts"
  exec 3<>"$pts"
  # Guest -> host: the ROM's greeting (the terminal is raw, so it arrives as sent, CR LF).
  got=
  while IFS= read -r -t 10 -u 3 line; do
    got+=$line
    [[ $got == *SERIAL-OK* ]] && break
  done
  echo "read from the terminal: '$got'"
  [[ $got == *SERIAL-OK* ]] || { echo "FAIL: 'SERIAL-OK' did not arrive on $pts"; fail=1; }
  # Host -> guest -> host: the ROM echoes each byte (no echo from the terminal itself: raw mode).
  printf 'ping' >&3
  echoed=
  IFS= read -r -t 10 -n 4 -u 3 echoed
  echo "echoed: '$echoed'"
  [ "$echoed" = ping ] || { echo "FAIL: the guest did not echo 'ping' (got '$echoed')"; fail=1; }
  printf 'q' >&3
fi
wait "$pid"
status=$?
pid=
exec 3>&- 2>/dev/null
echo "--- stdout:"; cat "$tmp/out"; echo "--- stderr:"; cat "$tmp/err"; echo "--- status: $status"
[ "$status" = 99 ] || { echo "FAIL: exit status $status, expected 99 (the ROM exits on 'q')"; fail=1; }
[ "$(wc -l <"$tmp/err")" = 1 ] || { echo "FAIL: stderr should be exactly the one 'COM1 is on' line"; fail=1; }
grep -qF SERIAL-OK "$tmp/out" && { echo "FAIL: COM1 output also went to stdout"; fail=1; }
exit $fail
