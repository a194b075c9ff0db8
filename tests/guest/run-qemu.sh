#!/bin/sh
# run-qemu.sh QEMU BIOS IMAGE fda|hda|cdrom MARKER TIMEOUT [VGAROM]
# Boots IMAGE in QEMU with the Boxwood BIOS (a reference PC whose chips are standard, used to
# check the BIOS independently of the Boxwood emulator). Prints the 0xE9 and COM1 output.
# Exit 0 when MARKER appears, 1 when a guest test reports BOXWOOD-TEST-FAILED or time runs out.
# VGAROM: a VGA option ROM placed at C0000h (QEMU's generic loader; our BIOS does not read
# QEMU's fw_cfg or PCI ROM BARs) -- the standard VGA's dispi ports and frame buffer are there.
# BIOS "seabios": QEMU's own SeaBIOS, with VGAROM as the PCI VGA's ROM (-device VGA,romfile=).
set -u
QEMU=$1 BIOS=$2 IMG=$3 KIND=$4 MARKER=$5 TIMEOUT=$6 VGAROM=${7:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ "$KIND" = hda ]; then
  DRIVE="-drive file=$IMG,format=raw,snapshot=on -boot c"
elif [ "$KIND" = cdrom ]; then
  DRIVE="-drive file=$IMG,media=cdrom,format=raw,snapshot=on -boot d"
else
  DRIVE="-drive file=$IMG,if=floppy,format=raw,snapshot=on -boot a"
fi
BIOSOPT="-bios $BIOS"
VGA=""
if [ "$BIOS" = seabios ]; then
  BIOSOPT=""
  [ -n "$VGAROM" ] && VGA="-vga none -device VGA,romfile=$VGAROM"
elif [ -n "$VGAROM" ]; then
  VGA="-device loader,file=$VGAROM,addr=0xC0000,force-raw=on"
fi
# shellcheck disable=SC2086
"$QEMU" -m 128 $BIOSOPT $VGA $DRIVE -display none -monitor none -no-reboot \
  -debugcon "file:$TMP/e9.txt" -serial "file:$TMP/com1.txt" &
PID=$!
status=1
i=0
while [ $i -lt $((TIMEOUT * 10)) ]; do
  if grep -qs -- "$MARKER" "$TMP/e9.txt" "$TMP/com1.txt"; then status=0; break; fi
  if grep -qs -- "BOXWOOD-TEST-FAILED" "$TMP/e9.txt"; then break; fi
  kill -0 $PID 2>/dev/null || break
  sleep 0.1
  i=$((i + 1))
done
kill $PID 2>/dev/null
wait $PID 2>/dev/null
echo "--- port 0xE9 ---"; cat "$TMP/e9.txt" 2>/dev/null; echo
echo "--- COM1 ---"; cat "$TMP/com1.txt" 2>/dev/null; echo
[ $status = 0 ] && echo "marker '$MARKER' seen" || echo "marker '$MARKER' NOT seen"
exit $status
