#!/usr/bin/env bash
# Every byte the guest wrote to COM1 before the run stopped is in the --serial file when boxwood
# exits, whichever way the run ends; with --until TEXT on COM1, the file goes on to the end of
# the line TEXT is in. The guest is serial_flush_rom.asm (see its header): at 50 baud the 17
# bytes it writes at once are all still in the UART's FIFO and shift register when the run
# stops, so a front end that only writes what the paced transmitter has sent loses them.
#
# usage: serial_flush_test.sh BOXWOOD ROM_DIR
set -u
boxwood=$1 roms=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0

burst="$tmp/burst.want"
printf 'BURST-0123456789\n' >"$burst"
line="$tmp/line.want"
# The marker line in full, plus the "N" the guest put in the FIFO as the "\n" went out.
printf 'MARK-0123456789-abcdefghij\r\nN' >"$line"

# check NAME WANT_STATUS WANT_FILE STATUS
check() {
  local name=$1 want_status=$2 want=$3 status=$4
  n=$((n + 1))
  if [ "$status" != "$want_status" ]; then
    echo "FAIL $name: exit status $status, expected $want_status"; cat "$tmp/err"; fail=1; return
  fi
  if ! cmp -s "$want" "$tmp/out"; then
    echo "FAIL $name: serial file differs"; echo "  want: $(od -An -c "$want" | tr -d '\n' | tr -s ' ')"
    echo "  got:  $(od -An -c "$tmp/out" | tr -d '\n' | tr -s ' ')"; cat "$tmp/err"; fail=1; return
  fi
  echo "PASS $name"
}

# run NAME WANT_STATUS WANT_FILE ROM ARGS...
run() {
  local name=$1 want_status=$2 want=$3 rom=$4; shift 4
  rm -f "$tmp/out"
  "$boxwood" --headless --debugcon none --serial "$tmp/out" --bios "$roms/serial_flush-$rom.bin" "$@" \
    </dev/null >/dev/null 2>"$tmp/err"
  check "$name" "$want_status" "$want" $?
}

# signal NAME SIGNAL WANT_STATUS: the spinning guest gets SIGNAL after a second of running.
signal() {
  local name=$1 sig=$2 want_status=$3
  rm -f "$tmp/out"
  "$boxwood" --headless --debugcon none --serial "$tmp/out" --bios "$roms/serial_flush-spin.bin" --timeout 30 \
    </dev/null >/dev/null 2>"$tmp/err" &
  local pid=$!
  sleep 1
  kill -"$sig" "$pid"
  wait "$pid"
  check "$name" "$want_status" "$burst" $?
}

run debug_exit 99 "$burst" exit
run dead_halt 0 "$burst" halt
# TEXT is among the bytes still in the UART when the CPU halts for good: the goal was reached.
run dead_halt_until 0 "$burst" halt --until 0123456789
run max_instructions 0 "$burst" spin --max-instructions 200000
run timeout 3 "$burst" spin --timeout 0.3
run triple_fault 4 "$burst" triple --no-reboot
run power_off 0 "$burst" poweroff
# --until matches on port 0xE9 while COM1 still holds the burst.
run until_debugcon 0 "$burst" e9done --until DONE --timeout 30
run until_line 0 "$line" line --until MARK --timeout 30
# A prompt: no newline follows the match, so the run ends once 0xE9 has been quiet for 20 ms of
# guest time (2 M instructions at 10 ns each), not at the 200 ms cap.
run until_prompt 0 "$burst" prompt --until login: --timeout 30 --stats
count=$(sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' "$tmp/err")
if [ -z "$count" ] || [ "$count" -ge 5000000 ]; then
  echo "FAIL until_prompt: ran '$count' instructions; the quiet stream should end it after about 2 M"; fail=1
fi
signal sigint INT 130
signal sigterm TERM 143

echo "$n cases, $([ $fail = 0 ] && echo all passed || echo FAILURES)"
exit $fail
