#!/usr/bin/env bash
# Slow tier: the SDL window under Xvfb. Boots a floppy that ends in CLI; HLT (the hello guest),
# so the window holds its last frame; captures the real X window with ImageMagick's `import` and
# compares it (screenshot_check window) with the headless --screenshot of the same guest, which
# the quick tier checks against the font. Exit 77 (skipped) when a tool or the image is missing.
#
# usage: window_test.sh BOXWOOD CHECKER IMAGE
set -u
boxwood=$1 checker=$2 image=$3
for tool in xvfb-run xwininfo import; do
  command -v $tool >/dev/null || { echo "skipped: $tool not installed (apt-get install xvfb xauth x11-utils imagemagick)"; exit 77; }
done
[ -f "$image" ] || { echo "skipped: $image not built (cmake --build BUILD --target guest-images)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$boxwood" --headless --fda "$image" --timeout 60 --serial none --debugcon none --screenshot "$dir/ref.png" \
  || { echo "FAIL: headless reference run failed"; exit 1; }

cat >"$dir/in-x.sh" <<EOS
"$boxwood" --fda "$image" --timeout 60 --serial none --debugcon none 2>"$dir/window.err" &
pid=\$!
id=
for i in \$(seq 1 100); do
  # The title says "halted" once the guest has stopped: its last frame is on screen.
  id=\$(xwininfo -root -tree 2>/dev/null | grep '"Boxwood - halted' | awk '{print \$1}' | head -1)
  [ -n "\$id" ] && break
  sleep 0.2
done
[ -n "\$id" ] || { echo "FAIL: no halted Boxwood window appeared"; cat "$dir/window.err"; kill \$pid; exit 1; }
sleep 0.5   # one more refresh after the state changed
xwininfo -root -tree | grep Boxwood
import -window "\$id" -depth 8 ppm:"$dir/window.ppm"
kill \$pid
wait \$pid
exit 0
EOS
xvfb-run -a -s "-screen 0 1024x768x24" bash "$dir/in-x.sh" || exit 1
"$checker" window "$dir/window.ppm" "$dir/ref.png"
