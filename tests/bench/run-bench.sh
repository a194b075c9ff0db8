#!/usr/bin/env bash
# Speed benchmark: boots the integer-mix floppy in Boxwood and prints guest MIPS; when QEMU or
# Bochs are installed, runs them on the same floppy and prints the wall-time ratio.
# Usage: run-bench.sh BOXWOOD IMAGE
set -u
boxwood=$1
image=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

stats=$("$boxwood" --headless --fda "$image" --debugcon none --serial none --stats --timeout 300 2>&1 >/dev/null | grep 'stats:')
echo "boxwood: $stats"
insns=$(sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' <<<"$stats")
bw_wall=$(sed -n 's/.*wall \([0-9.]*\) s.*/\1/p' <<<"$stats")
bw_mips=$(sed -n 's/.*, \([0-9.]*\) MIPS.*/\1/p' <<<"$stats")
echo "boxwood: ${bw_mips} MIPS (${insns} guest instructions in ${bw_wall} s)"

peer() {  # name seconds
    local mips ratio
    mips=$(awk -v n="$insns" -v t="$2" 'BEGIN { printf "%.1f", n / t / 1e6 }')
    ratio=$(awk -v a="$2" -v b="$bw_wall" 'BEGIN { printf "%.2f", a / b }')
    echo "$1: ${2} s, about ${mips} MIPS on the same guest; boxwood speed = ${ratio} x $1"
}

if command -v qemu-system-i386 >/dev/null; then
    start=$(now)
    timeout 300 qemu-system-i386 -display none -m 64 -boot a -drive file="$image",if=floppy,format=raw,snapshot=on \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon file:"$work/qemu-e9.txt" >/dev/null 2>&1
    end=$(now)
    if grep -q BENCH-PM-DONE "$work/qemu-e9.txt"; then peer qemu "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
    else echo "qemu: did not finish the benchmark"; fi
else
    echo "qemu: not installed (apt-get install qemu-system-x86), skipped"
fi

if command -v bochs >/dev/null && [ -f /usr/share/bochs/BIOS-bochs-latest ]; then
    cp "$image" "$work/bench.img"
    cat >"$work/bochsrc" <<RC
megs: 64
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
display_library: rfb, options="timeout=0"
clock: sync=none, time0=946684800
cpu: count=1, ips=50000000, reset_on_triple_fault=0
pci: enabled=1, chipset=i440fx
mouse: enabled=0
floppya: 1_44=$work/bench.img, status=inserted
boot: floppy
port_e9_hack: enabled=1
log: $work/bochs.log
RC
    echo continue >"$work/cmds"
    start=$(now)
    (cd "$work" && timeout 600 bochs -q -f bochsrc -rc cmds >"$work/bochs-out.txt" 2>&1 </dev/null)
    end=$(now)
    if grep -q BENCH-PM-DONE "$work/bochs-out.txt" "$work/bochs.log" 2>/dev/null; then peer bochs "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
    else echo "bochs: did not finish the benchmark; its last words: $(tail -c 300 "$work/bochs-out.txt" | tr '\n' ' ')"; fi
else
    echo "bochs: not installed (apt-get install bochs bochsbios vgabios), skipped"
fi
