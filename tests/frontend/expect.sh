#!/usr/bin/env bash
# Runs a command and checks what the front end promises about it: the exit status, text on
# stdout/stderr, and that errors are a single line. CTest cannot check a specific non-zero status
# by itself, hence this wrapper.
#
# usage: expect.sh STATUS [--stdout-has TEXT] [--stderr-has TEXT] [--stderr-lines N] -- COMMAND...
set -u
want_status=$1; shift
stdout_has=() stderr_has=() stderr_lines=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
    --stdout-has) stdout_has+=("$2"); shift 2 ;;
    --stderr-has) stderr_has+=("$2"); shift 2 ;;
    --stderr-lines) stderr_lines=$2; shift 2 ;;
    *) echo "expect.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
shift  # the --

out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err" </dev/null
status=$?

fail=0
echo "command: $*"
echo "--- stdout:"; cat "$out"
echo "--- stderr:"; cat "$err"
echo "--- status: $status"
if [ "$status" != "$want_status" ]; then echo "FAIL: exit status $status, expected $want_status"; fail=1; fi
for t in ${stdout_has[@]+"${stdout_has[@]}"}; do
  grep -qF -- "$t" "$out" || { echo "FAIL: stdout lacks '$t'"; fail=1; }
done
for t in ${stderr_has[@]+"${stderr_has[@]}"}; do
  grep -qF -- "$t" "$err" || { echo "FAIL: stderr lacks '$t'"; fail=1; }
done
if [ -n "$stderr_lines" ]; then
  n=$(wc -l <"$err")
  [ "$n" = "$stderr_lines" ] || { echo "FAIL: stderr has $n lines, expected $stderr_lines"; fail=1; }
fi
exit $fail
