#!/bin/sh
# run.sh WANT_STATUS COMMAND...: runs a CPU test ROM under boxwood, echoes its output, and
# prints CPU-TEST-OK when the exit status is WANT_STATUS and the last result line is "ALL PASS"
# (CTest's PASS_REGULAR_EXPRESSION), CPU-TEST-BAD otherwise.
want=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
last=$(printf '%s\n' "$out" | grep -E '^(ALL PASS|SOME CHECKS FAILED|PASS |FAIL )' | tail -n 1)
if [ "$rc" = "$want" ] && [ "$last" = "ALL PASS" ]; then
    echo "CPU-TEST-OK"
else
    echo "CPU-TEST-BAD (exit status $rc, want $want; last result line: '$last')"
    exit 1
fi
