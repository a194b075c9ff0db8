#!/usr/bin/env bash
# Slow tier: the desktop window's hotkeys driven through a real X server (Xvfb) with xdotool
# key events (XTEST, as a user's keyboard), checking what a user would see:
#
#   grab_pause  Ctrl+Alt+G and Ctrl+Alt+P change the window title (README: "the title says
#               which"); while paused the picture of the default disk's live tick counter stays
#               the same (two Ctrl+Alt+S screenshots are identical), after resuming it moves on.
#   screenshot  Ctrl+Alt+S writes boxwood-1.png into the working directory, then boxwood-2.png;
#               the first is the real VGA text picture: screenshot_check compares every cell
#               with the BIOS font and the --dump-screen text of the same (static) screen.
#   reset       Ctrl+Alt+R restarts the machine: the guest boots a second time.
#   floppy_swap Ctrl+Alt+1 puts the --fda-swap image in drive A:; the guest (swap_fd.asm), which
#               polls INT 13h AH=16h, sees the disk-change line (82077AA DIR bit 7) and reads
#               the new disk's label.
#   fullscreen  Ctrl+Alt+F makes the window cover the screen (1024x768 here), again restores it.
#               SDL asks the window manager for fullscreen (EWMH _NET_WM_STATE_FULLSCREEN), so
#               this case runs openbox in the Xvfb server.
#   typing      keys typed into the window reach the guest as PS/2 make/break codes: the
#               default disk echoes what INT 16h AH=00h returns, and the scan/ASCII pairs must be
#               those of the IBM PC/AT keyboard tables (a: 1E/61, Shift+Z: 2C/5A, Ctrl+A: 1E/01,
#               F1: 3B/00, Enter: 1C/0D, Backspace: 0E/08).
#   debugger    Ctrl+Alt+D stops the guest in the debugger console (README: hotkeys) on the
#               terminal boxwood was started from (a pseudo-terminal made by script(1) here);
#               there `r` prints the registers and `q` ends the run with status 130.
#   mouse       with the mouse grabbed (Ctrl+Alt+G), moving it right and down and clicking
#               reach the guest (mouse_fd.asm, INT 15h C2xxh) as PS/2 packets: X positive, Y
#               negative (PS/2 counts Y upwards), left-button bit set. Before the grab, motion
#               and clicks belong to the host and the guest sees none.
#
# usage: window_hotkeys_test.sh CASE BOXWOOD SCREENSHOT_CHECK FONT SWAP_A SWAP_B [MOUSE_FD]
# Exit 77 (CTest: skipped) when Xvfb, xauth, xdotool or x11-utils (or, for fullscreen, openbox)
# are missing.
set -u
case_name=$1
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
boxwood=$(abs "$2") checker=$(abs "$3") font=$(abs "$4") swap_a=$(abs "$5") swap_b=$(abs "$6")
mouse_fd=$(abs "${7:-none}")

if [ -z "${BOXWOOD_IN_XVFB:-}" ]; then
  tools="xvfb-run Xvfb xauth xdotool xwininfo xprop"
  [ "$case_name" = fullscreen ] && tools="$tools openbox"
  for tool in $tools; do
    command -v $tool >/dev/null || {
      echo "skipped: $tool is not installed (apt-get install -y xvfb xauth x11-utils xdotool openbox)"; exit 77; }
  done
  BOXWOOD_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$@"
fi

work=$(mktemp -d)
pid= wm=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$wm" ] && kill "$wm" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
fail=0
failed() { echo "FAIL: $*"; fail=1; }

# start ARGS...: boxwood in a window; COM1 off, port 0xE9 to e9.txt, stderr to err.txt.
start() {
  "$boxwood" --serial none --debugcon e9.txt --timeout 120 "$@" 2>err.txt &
  pid=$!
  # SDL may create and drop helper windows meanwhile, so a search can fail: retry until the
  # window is there and mapped.
  win=
  for _ in $(seq 150); do
    win=$(xdotool search --name '^Boxwood' 2>/dev/null | head -1)
    [ -n "$win" ] && xwininfo -id "$win" 2>/dev/null | grep -q IsViewable && break
    win=
    sleep 0.2
  done
  [ -n "$win" ] || { failed "no Boxwood window appeared"; cat err.txt; exit 1; }
  # No window manager: give the window the keyboard focus directly.
  xdotool windowfocus "$win"
  sleep 0.3
}
title() { xdotool getwindowname "$win"; }
# wait_for WHAT COMMAND...: retry COMMAND for up to 30 s.
wait_for() {
  local what=$1; shift
  for _ in $(seq 150); do "$@" && return 0; sleep 0.2; done
  failed "timed out waiting for $what"
  return 1
}
title_has() { title | grep -qF -- "$1"; }
file_has() { [ -f "$1" ] && grep -qF -- "$2" "$1"; }
count_in() { grep -cF -- "$2" "$1" 2>/dev/null || true; }
key() { xdotool key --clearmodifiers "$1"; }
size_is() { xwininfo -id "$win" | grep -q "Width: $1" && xwininfo -id "$win" | grep -q "Height: $2"; }
finish() {
  echo "--- title: $(title 2>/dev/null)"
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=
  echo "--- stderr:"; cat err.txt
  echo "--- 0xE9:"; cat e9.txt 2>/dev/null
}

case $case_name in
grab_pause)
  start  # the built-in default disk: a live tick counter on screen
  wait_for "the running title" title_has "Boxwood - running"
  title_has "Ctrl+Alt+G grabs the mouse" || failed "title lacks the grab hint: $(title)"
  key ctrl+alt+g
  wait_for "the grabbed title" title_has "mouse grabbed (Ctrl+Alt+G releases)"
  key ctrl+alt+g
  wait_for "the released title" title_has "Ctrl+Alt+G grabs the mouse"
  wait_for "the default disk's tick line" file_has e9.txt "BOXWOOD-DEFAULT-OK"
  key ctrl+alt+p
  wait_for "the paused title" title_has "Boxwood - paused"
  key ctrl+alt+s
  wait_for "a screenshot while paused" test -f boxwood-1.png
  sleep 1
  key ctrl+alt+s
  wait_for "a second screenshot while paused" test -f boxwood-2.png
  sleep 0.3
  cmp -s boxwood-1.png boxwood-2.png || failed "the picture changed while paused"
  key ctrl+alt+p
  wait_for "the running title again" title_has "Boxwood - running"
  sleep 1
  key ctrl+alt+s
  wait_for "a screenshot after resuming" test -f boxwood-3.png
  sleep 0.3
  cmp -s boxwood-2.png boxwood-3.png && failed "the tick counter did not move after resuming"
  finish
  ;;
screenshot)
  start --fda "$swap_a" --snapshot --dump-screen >screen.txt
  wait_for "the guest to settle" file_has e9.txt "SWAP-READY"
  key ctrl+alt+s
  wait_for "boxwood-1.png" test -s boxwood-1.png
  wait_for "the screenshot message" file_has err.txt "screenshot saved to boxwood-1.png"
  key ctrl+alt+s
  wait_for "boxwood-2.png" test -s boxwood-2.png
  # Ctrl-C ends the run (status 130) and --dump-screen prints the (unchanged) screen.
  kill -INT "$pid"
  wait "$pid"; pid=
  echo "--- stderr:"; cat err.txt
  echo "--- screen:"; cat screen.txt
  "$checker" text boxwood-1.png screen.txt "$font" || failed "boxwood-1.png is not the VGA text picture"
  ;;
reset)
  start --fda "$swap_a" --snapshot
  wait_for "the first boot" file_has e9.txt "SWAP-READY"
  key ctrl+alt+r
  wait_for "the reset message" file_has err.txt "reset (Ctrl+Alt+R)"
  booted_twice() { [ "$(count_in e9.txt SWAP-READY)" -ge 2 ]; }
  wait_for "the second boot" booted_twice
  [ "$(count_in e9.txt "Boxwood BIOS")" -ge 2 ] || failed "the BIOS did not start again"
  finish
  ;;
floppy_swap)
  start --fda "$swap_a" --fda-swap "$swap_b" --snapshot
  wait_for "the guest polling the change line" file_has e9.txt "SWAP-READY"
  file_has e9.txt "DISK-CHANGED" && failed "a disk change before any swap"
  key ctrl+alt+1
  wait_for "the swap message" file_has err.txt "drive A: now holds '$swap_b'"
  wait_for "the guest to see the change line" file_has e9.txt "DISK-CHANGED"
  wait_for "the new disk's label" file_has e9.txt "MEDIUM: DISK-B"
  finish
  ;;
fullscreen)
  openbox >wm.txt 2>&1 &
  wm=$!
  wm_up() { xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; }
  wait_for "openbox" wm_up
  start --fda "$swap_a" --snapshot
  wait_for "the 720x540 window" size_is 720 540
  key ctrl+alt+f
  wait_for "a window covering the 1024x768 screen" size_is 1024 768
  key ctrl+alt+f
  wait_for "the window back at 720x540" size_is 720 540
  finish
  ;;
typing)
  start  # the built-in default disk echoes every key INT 16h returns
  wait_for "the default disk's live part" file_has e9.txt "BOXWOOD-DEFAULT-OK"
  # key SPEC and the line the guest must print for it (scan code h, ASCII h, the character).
  while read -r spec expected; do
    key "$spec"
    wait_for "the echo of $spec ($expected)" file_has e9.txt "$expected"
  done <<'KEYS'
a Key: scan 1Eh ASCII 61h 'a'
shift+z Key: scan 2Ch ASCII 5Ah 'Z'
ctrl+a Key: scan 1Eh ASCII 01h
F1 Key: scan 3Bh ASCII 00h
Return Key: scan 1Ch ASCII 0Dh
BackSpace Key: scan 0Eh ASCII 08h
KEYS
  finish
  ;;
debugger)
  command -v script >/dev/null || { echo "skipped: script(1) is not installed (apt-get install -y bsdutils)"; exit 77; }
  mkfifo commands
  script -qfc "'$boxwood' --serial none --debugcon e9.txt --timeout 120 --fda '$swap_a' --snapshot 2>err.txt" \
    console.txt <commands >/dev/null &
  pid=$!
  exec 3>commands
  for _ in $(seq 150); do
    win=$(xdotool search --name '^Boxwood' 2>/dev/null | head -1)
    [ -n "$win" ] && xwininfo -id "$win" 2>/dev/null | grep -q IsViewable && break
    win=
    sleep 0.2
  done
  [ -n "$win" ] || { failed "no Boxwood window appeared"; exit 1; }
  xdotool windowfocus "$win"
  sleep 0.3
  wait_for "the guest to settle" file_has e9.txt "SWAP-READY"
  file_has console.txt "(bwdbg)" && failed "a console prompt before the hotkey"
  key ctrl+alt+d
  wait_for "the console prompt" file_has console.txt "(bwdbg)"
  printf 'r\nq\n' >&3
  wait_for "the register dump" file_has console.txt "eip="
  exited() { ! kill -0 "$pid" 2>/dev/null; }
  wait_for "q to end the run" exited
  wait "$pid"; pid=
  exec 3>&-
  file_has console.txt 'COMMAND_EXIT_CODE="130"' || failed "q did not end the run with status 130"
  echo "--- console:"; tr -d '\r' <console.txt
  ;;
mouse)
  start --fda "$mouse_fd" --snapshot
  wait_for "the guest's mouse handler" file_has e9.txt "MOUSE-READY"
  geometry=$(xdotool getwindowgeometry "$win")
  xdotool mousemove --window "$win" 100 100 click 1
  sleep 1
  file_has e9.txt "MOUSE-LEFT-BUTTON" && failed "the guest saw a click before the grab"
  key ctrl+alt+g
  wait_for "the grabbed title" title_has "mouse grabbed"
  moved() {
    xdotool mousemove_relative -- 8 6
    sleep 0.1
    file_has e9.txt "MOUSE-RIGHT" && file_has e9.txt "MOUSE-DOWN"
  }
  wait_for "motion to reach the guest (X right, Y down)" moved
  xdotool click 1
  wait_for "the left button to reach the guest" file_has e9.txt "MOUSE-LEFT-BUTTON"
  key ctrl+alt+g
  echo "--- window: $geometry"
  finish
  ;;
*) echo "window_hotkeys_test.sh: unknown case '$case_name'"; exit 2 ;;
esac
[ $fail = 0 ] && echo "PASS: $case_name"
exit $fail
