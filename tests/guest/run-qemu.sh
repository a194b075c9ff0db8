#!/bin/sh
# run-qemu.sh QEMU BIOS IMAGE fda|hda MARKER TIMEOUT
# Boots IMAGE in QEMU with the Boxwood BIOS (a reference PC whose chips are standard, used to
# check the BIOS independently of the Boxwood emulator). Prints the 0xE9 and COM1 output.
# Exit 0 when MARKER appears, 1 when a guest test reports BOXWOOD-TEST-FAILED or time runs out.
set -u
QEMU=$1 BIOS=$2 IMG=$3 KIND=$4 MARKER=$5 TIMEOUT=$6
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ "$KIND" = hda ]; then
  DRIVE="-drive file=$IMG,format=raw,snapshot=on -boot c"
else
  DRIVE="-drive file=$IMG,if=floppy,format=raw,snapshot=on -boot a"
fi
# shellcheck disable=SC2086
"$QEMU" -m 128 -bios "$BIOS" $DRIVE -display none -monitor none -no-reboot \
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
