#!/usr/bin/env bash
# Runs guests made of seeded random bytes (see garbage_rom.asm) and requires every run to end the
# way the README's exit-status table promises for a run that reaches --max-instructions (0), never
# with a signal or an emulator error: the guest sees #UD/#GP/triple-fault resets, the host nothing.
# usage: garbage.sh BOXWOOD ROM SEED...
set -u
boxwood=$1 rom=$2; shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
for seed in "$@"; do
  for mode in real protected; do
    python3 - "$rom" "$dir/g.bin" "$seed" "$mode" <<'PY'
import random, sys
rom, out, seed, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
data = bytearray(open(rom, 'rb').read())
rng = random.Random(seed)
data[0:0x8000] = bytes(rng.randrange(256) for _ in range(0x8000))
if mode == 'real':  # the reset vector jumps straight into the random bytes at F000:0000
    data[0xFFF0:0xFFF5] = bytes([0xEA, 0x00, 0x00, 0x00, 0xF0])
open(out, 'wb').write(data)
PY
    timeout 120 "$boxwood" --headless --bios "$dir/g.bin" --vgabios none --serial none --debugcon none \
      --max-instructions 5000000 >"$dir/out" 2>"$dir/err" </dev/null
    status=$?
    echo "seed $seed, $mode mode: exit status $status $(tr '\n' ' ' <"$dir/err")"
    [ "$status" = 0 ] || fail=1
  done
done
[ $fail = 0 ] && echo PASS
exit $fail
