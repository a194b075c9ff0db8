#!/usr/bin/env bash
# Runs boxwood with --screenshot (and --dump-screen) into a temporary directory, checks the exit
# status, then hands the PNG to screenshot_check.
#
# usage: screenshot_run.sh STATUS CHECKER rom ASM -- BOXWOOD ARGS...
#        screenshot_run.sh STATUS CHECKER text FONT -- BOXWOOD ARGS...   (ARGS: --serial none
#        --debugcon none, so stdout is the screen dump alone)
set -u
want=$1 checker=$2 mode=$3 source=$4
shift 4
[ "${1:-}" = "--" ] && shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$@" --screenshot "$dir/shot.png" --dump-screen >"$dir/screen.txt" 2>"$dir/err" </dev/null
status=$?
echo "command: $* --screenshot $dir/shot.png --dump-screen"
echo "--- stderr:"; cat "$dir/err"
if [ "$status" != "$want" ]; then echo "FAIL: exit status $status, expected $want"; exit 1; fi
case $mode in
  rom) "$checker" rom "$dir/shot.png" "$source" ;;
  text) cat "$dir/screen.txt"; "$checker" text "$dir/shot.png" "$dir/screen.txt" "$source" ;;
  *) echo "screenshot_run.sh: unknown mode '$mode'"; exit 2 ;;
esac
