#!/usr/bin/env bash
# Speed benchmark: boots the integer-mix floppy in Boxwood and prints guest MIPS; when QEMU or
# Bochs are installed, runs them on the same floppy and prints the speed ratios.
# Usage: run-bench.sh BOXWOOD IMAGE
#
# Two measures per emulator:
#  - wall: seconds from start to exit, boot and start-up included (Boxwood: its --stats wall);
#  - CPU: user+sys seconds of the emulator process, for the workload only: each emulator also
#    boots a floppy with one iteration of each loop (assembled here from intmix.asm with nasm),
#    and that run's CPU time is subtracted. Boot costs differ a lot between the BIOSes (Bochs'
#    BIOS POST alone takes 168 M ticks) and CPU time does not grow when other processes share
#    the cores, so the CPU figure is the one to compare; the wall one moves with the load.
#    The workload's instruction count is Boxwood's (full run minus one-iteration run); Bochs'
#    own tick count for the workload matches it to the instruction (ticks = instructions with
#    `clock: sync=none` while the guest does not halt).
#
# Environment:
#   BOCHS=/path/to/bochs   the Bochs binary (default: `bochs` on PATH). The speed target is
#                          against a release build (no debugger); Debian's bochs is a debugger
#                          and instrumentation build, about 3.5x slower. To build one (Debian 12,
#                          1.5-2.5 min at -j2; the Debian mirror here answers 404 for bookworm's
#                          bochs_2.7+dfsg.orig.tar.xz, so this takes bullseye's 2.6.11, the
#                          release before 2.7; trixie's 3.0 built the same way runs the
#                          benchmark at the same speed):
#     printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bullseye\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >/etc/apt/sources.list.d/bullseye-src.sources
#     apt-get update && apt-get install -y build-essential bochsbios vgabios
#     mkdir -p /opt/src && cd /opt/src
#     apt-get source --download-only bochs=2.6.11+dfsg-4 || true   # only the .orig.tar.xz is needed
#     sha256sum bochs_2.6.11+dfsg.orig.tar.xz  # 5e6ab95070429e62bd9ec851ec1673e097ffc64ea50e4f71f45f8ec52e52b141
#     tar xJf bochs_2.6.11+dfsg.orig.tar.xz && cd bochs-2.6.11
#     CFLAGS="-Wall -O3 -fomit-frame-pointer -pipe" CXXFLAGS="-Wall -O3 -fomit-frame-pointer -pipe" \
#       ./configure --prefix=/opt/bochs-2.6.11 --with-nogui --enable-all-optimizations \
#       --enable-cpu-level=6 --enable-x86-64 --enable-vmx=2 --enable-pci --enable-show-ips
#     make -j2 && make install        # then BOCHS=/opt/bochs-2.6.11/bin/bochs
#                          (upstream's .conf.linux "release binary" options and CFLAGS, less the
#                          sound, network, USB, Cirrus, Voodoo and bus-mouse devices, which the
#                          benchmark does not use; no debugger, no instrumentation.)
#   BXSHARE=DIR            holds BIOS-bochs-latest and VGABIOS-lgpl-latest (default: the
#                          binary's ../share/bochs, then /usr/share/bochs from bochsbios+vgabios)
#   BOCHS_DISPLAY=LINE     the display_library value (default nogui; rfb for Debian's build,
#                          which has no nogui plugin)
#   BENCH_CALLGRIND=1      also count host instructions per guest instruction of the workload
#                          under valgrind's callgrind (Boxwood and Bochs, a smaller workload,
#                          boot subtracted the same way): a measure that does not move with
#                          the machine's load, unlike both timings above.
set -u
boxwood=$1
image=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure NAME OUTFILE CMD...: runs CMD with stdout+stderr to OUTFILE and no stdin; sets
# WALL[NAME] and CPU[NAME] (seconds; bash's `time` counts the waited-for process tree).
declare -A WALL CPU
wrap=()  # a command prefix for the emulators (callgrind below)
measure() {
    local name=$1 out=$2 t
    shift 2
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$out" 2>&1 </dev/null; } 2>&1 )
    t=$(tail -1 <<<"$t")
    WALL[$name]=$(awk '{ print $1 }' <<<"$t")
    CPU[$name]=$(awk '{ printf "%.3f", $2 + $3 }' <<<"$t")
}

# The one-iteration floppy for the boot cost.
null=
asm=$(dirname "$0")/intmix.asm
if command -v nasm >/dev/null && [ -f "$asm" ] && nasm -f bin -DRM_ITERS=1 -DPM_ITERS=1 "$asm" -o "$work/null.img"; then
    null=$work/null.img
fi

boxwood_run() {  # TAG IMAGE
    measure "$1" "$work/boxwood-$1.txt" "${wrap[@]}" "$boxwood" --headless --fda "$2" --debugcon none --serial none --stats --timeout 300
}
boxwood_run bw "$image"
stats=$(grep 'stats:' "$work/boxwood-bw.txt")
echo "boxwood: $stats"
insns=$(sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' <<<"$stats")
bw_wall=$(sed -n 's/.*wall \([0-9.]*\) s.*/\1/p' <<<"$stats")
bw_mips=$(sed -n 's/.*, \([0-9.]*\) MIPS.*/\1/p' <<<"$stats")
echo "boxwood: ${bw_mips} MIPS (${insns} guest instructions in ${bw_wall} s)"
work_insns=
if [ -n "$null" ]; then
    boxwood_run bwnull "$null"
    null_stats=$(grep 'stats:' "$work/boxwood-bwnull.txt")
    null_insns=$(sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' <<<"$null_stats")
    work_insns=$((insns - null_insns))
    bw_cpu=$(awk -v a="${CPU[bw]}" -v b="${CPU[bwnull]}" 'BEGIN { printf "%.3f", a - b }')
    awk -v n="$work_insns" -v t="$bw_cpu" -v b="${CPU[bwnull]}" 'BEGIN {
        printf "boxwood: workload %.1f M instructions in %.3f s CPU = %.1f MIPS (boot %.3f s CPU)\n", n / 1e6, t, n / t / 1e6, b }'
fi

peer() {  # name wall-seconds [workload-CPU-seconds boot-CPU-seconds]
    local mips ratio
    mips=$(awk -v n="$insns" -v t="$2" 'BEGIN { printf "%.1f", n / t / 1e6 }')
    ratio=$(awk -v a="$2" -v b="$bw_wall" 'BEGIN { printf "%.2f", a / b }')
    echo "$1: ${2} s, about ${mips} MIPS on the same guest; boxwood speed = ${ratio} x $1"
    if [ -n "${3:-}" ]; then
        awk -v who="$1" -v n="$work_insns" -v t="$3" -v b="$4" -v bw="$bw_cpu" 'BEGIN {
            printf "%s: workload in %.3f s CPU = %.1f MIPS (boot %.3f s CPU); boxwood speed by CPU time = %.2f x %s\n",
                   who, t, n / t / 1e6, b, t / bw, who }'
    fi
}

if command -v qemu-system-i386 >/dev/null; then
    qemu_run() {  # TAG IMAGE
        measure "$1" "$work/qemu-$1-out.txt" timeout 300 qemu-system-i386 -display none -m 64 -boot a \
            -drive file="$2",if=floppy,format=raw,snapshot=on \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon file:"$work/qemu-$1.txt"
    }
    qemu_run qemu "$image"
    if grep -q BENCH-PM-DONE "$work/qemu-qemu.txt"; then
        cpu=
        if [ -n "$work_insns" ]; then
            qemu_run qemunull "$null"
            grep -q BENCH-PM-DONE "$work/qemu-qemunull.txt" && cpu="$(awk -v a="${CPU[qemu]}" -v b="${CPU[qemunull]}" 'BEGIN { printf "%.3f", a - b }') ${CPU[qemunull]}"
        fi
        # shellcheck disable=SC2086
        peer qemu "${WALL[qemu]}" $cpu
    else echo "qemu: did not finish the benchmark"; fi
else
    echo "qemu: not installed (apt-get install qemu-system-x86), skipped"
fi

bochs=${BOCHS:-$(command -v bochs || true)}
if [ -n "$bochs" ] && [ -x "$bochs" ]; then
    help=$("$bochs" --help 2>&1 </dev/null || true)
    romdir=
    for d in ${BXSHARE:-} "$(dirname "$bochs")/../share/bochs" /usr/share/bochs; do
        if [ -f "$d/BIOS-bochs-latest" ] && [ -f "$d/VGABIOS-lgpl-latest" ]; then romdir=$d; break; fi
    done
    # A plugin build names its plugin directory (LTDL_LIBRARY_PATH) when it starts; nogui is
    # built in when there are no plugins.
    plugdir=$(sed -n "s/.*using compile time default '\(.*\)'.*/\1/p" <<<"$help" | head -1)
    plugdir=${LTDL_LIBRARY_PATH:-$plugdir}
    if [ -n "${BOCHS_DISPLAY:-}" ]; then display=$BOCHS_DISPLAY
    elif ! grep -q LTDL_LIBRARY_PATH <<<"$help" || [ -e "${plugdir%%:*}/libbx_nogui_gui.so" ]; then display=nogui
    else display='rfb, options="timeout=0"'; fi
    # A debugger build stops before the first instruction; `-rc` feeds it `continue`.
    dbg=()
    if grep -q -- '-rc filename' <<<"$help"; then echo continue >"$work/cmds"; dbg=(-rc "$work/cmds"); fi
fi
if [ -z "$bochs" ] || [ ! -x "$bochs" ]; then
    echo "bochs: not installed (a release build: see this script's header; or apt-get install bochs bochsbios vgabios), skipped"
elif [ -z "$romdir" ]; then
    echo "bochs: no BIOS-bochs-latest/VGABIOS-lgpl-latest (apt-get install bochsbios vgabios, or set BXSHARE), skipped"
else
    echo "bochs: $bochs (display ${display%%,*}$([ ${#dbg[@]} -gt 0 ] && echo ', debugger build'))"
    bochs_run() {  # TAG IMAGE
        cp "$2" "$work/$1.img"   # Bochs writes to its floppy
        cat >"$work/$1.rc" <<RC
megs: 64
romimage: file=$romdir/BIOS-bochs-latest
vgaromimage: file=$romdir/VGABIOS-lgpl-latest
display_library: $display
clock: sync=none, time0=946684800
cpu: count=1, ips=50000000, reset_on_triple_fault=0
pci: enabled=1, chipset=i440fx
mouse: enabled=0
floppya: 1_44=$work/$1.img, status=inserted
boot: floppy
port_e9_hack: enabled=1
log: $work/$1.log
RC
        # The guest ends by writing "Shutdown" to port 8900h: Bochs stops with "shutdown
        # requested" (exit status 1, expected).
        measure "$1" "$work/$1-out.txt" timeout 600 "${wrap[@]}" "$bochs" -q -f "$work/$1.rc" "${dbg[@]}"
    }
    bochs_ok=1
    bochs_run bochs "$image"
    if grep -q BENCH-PM-DONE "$work/bochs-out.txt" "$work/bochs.log" 2>/dev/null; then
        cpu=
        if [ -n "$work_insns" ]; then
            bochs_run bochsnull "$null"
            if grep -q BENCH-PM-DONE "$work/bochsnull-out.txt" "$work/bochsnull.log" 2>/dev/null; then
                cpu="$(awk -v a="${CPU[bochs]}" -v b="${CPU[bochsnull]}" 'BEGIN { printf "%.3f", a - b }') ${CPU[bochsnull]}"
                ticks() { grep -a 'shutdown requested' "$1" | sed -n 's/^0*\([0-9][0-9]*\)[a-z]\[.*/\1/p' | head -1; }
                t1=$(ticks "$work/bochs.log"); t0=$(ticks "$work/bochsnull.log")
                [ -n "$t1" ] && [ -n "$t0" ] && echo "bochs: workload $(( t1 - t0 )) ticks by its own count (boxwood: $work_insns instructions)"
            fi
        fi
        # shellcheck disable=SC2086
        peer bochs "${WALL[bochs]}" $cpu
    else echo "bochs: did not finish the benchmark; its last words: $(tail -c 300 "$work/bochs-out.txt" | tr '\n' ' ')"; fi
fi

if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
    if ! command -v valgrind >/dev/null || [ -z "$null" ]; then
        echo "callgrind: needs valgrind and nasm (apt-get install valgrind nasm), skipped"
    else
        nasm -f bin -DRM_ITERS=20000 -DPM_ITERS=100000 "$asm" -o "$work/cg.img"
        wrap=(valgrind --tool=callgrind --callgrind-out-file=/dev/null)
        refs() { sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$1" | tr -d , | tail -1; }
        guest() { sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' "$1"; }
        boxwood_run cg "$work/cg.img"
        boxwood_run cgnull "$null"
        n=$(( $(guest "$work/boxwood-cg.txt") - $(guest "$work/boxwood-cgnull.txt") ))
        bw_ir=$(( $(refs "$work/boxwood-cg.txt") - $(refs "$work/boxwood-cgnull.txt") ))
        awk -v n="$n" -v h="$bw_ir" 'BEGIN { printf "callgrind: boxwood %.1f host instructions per guest instruction (workload %.1f M guest instructions)\n", h / n, n / 1e6 }'
        if [ "${bochs_ok:-0}" = 1 ]; then
            bochs_run cgbochs "$work/cg.img"
            bochs_run cgbochsnull "$null"
            bochs_ir=$(( $(refs "$work/cgbochs-out.txt") - $(refs "$work/cgbochsnull-out.txt") ))
            awk -v n="$n" -v h="$bochs_ir" -v b="$bw_ir" 'BEGIN {
                printf "callgrind: bochs %.1f host instructions per guest instruction; boxwood = %.2f x bochs by host instructions\n", h / n, h / b }'
        fi
    fi
fi
