#!/bin/sh
# expect-poweroff.sh MARKERS COMMAND...: run COMMAND (a boxwood run without --until, which
# exits 0 when the guest powers the machine off) and succeed only when it exited 0, did not
# stop because the CPU halted with interrupts disabled (also status 0), and its output holds
# every MARKER (separated by '|'). Exit 77 (skipped) when COMMAND's image is missing is left
# to the caller.
markers=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ]; then echo "expect-poweroff: exit status $rc, not 0 (powered off)"; exit 1; fi
if printf '%s\n' "$out" | grep -q "halted with interrupts disabled"; then
  echo "expect-poweroff: the guest halted instead of powering off"; exit 1
fi
old_ifs=$IFS
IFS='|'
for m in $markers; do
  if ! printf '%s\n' "$out" | grep -qF -- "$m"; then echo "expect-poweroff: '$m' not seen"; exit 1; fi
done
IFS=$old_ifs
echo "expect-poweroff: powered off, all markers seen"
exit 0
