#!/usr/bin/env bash
# --trace FILE: runs boxwood for a few instructions on dbg_rom.bin and checks the trace file
# line by line (one line per executed instruction: CS:IP, bytes, disassembly).
# usage: debugger_trace_test.sh BOXWOOD ROM
set -u
boxwood=$1 rom=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$boxwood" --headless --serial none --debugcon none --max-instructions 5 --trace "$tmp/trace.txt" --bios "$rom" \
  </dev/null
status=$?
echo "--- status: $status"; echo "--- trace:"; cat "$tmp/trace.txt"
expected='f000:fff0  ea000000f0            ljmp 0xf000:0
f000:0000  b83412                mov ax, 0x1234
f000:0003  bb7856                mov bx, 0x5678
f000:0006  b9bc9a                mov cx, 0x9abc
f000:0009  baf0de                mov dx, 0xdef0'
[ "$status" = 0 ] || { echo "FAIL: exit status $status, expected 0"; exit 1; }
[ "$(cat "$tmp/trace.txt")" = "$expected" ] || { echo "FAIL: the trace differs from:"; echo "$expected"; exit 1; }
