// The --help text. It lists only options that work in this build; README.md carries the same
// list with more detail, so change both together.
#include "frontend/options.h"

namespace bw::frontend {

std::string help_text() {
    return R"(Usage: boxwood [options] [IMAGE]

Boxwood emulates an x86 PC. IMAGE is a floppy when its size is a PC floppy size
(160K 180K 320K 360K 720K 1.2M 1.44M 2.88M), a CD-ROM when named *.iso, else a
hard disk. With no image at all, the built-in default floppy image boots.

Drives and boot:
  --fda FILE, --fdb FILE   floppy images for drives A: and B:
  --hda FILE, --hdb FILE   hard disk images (primary master / slave)
  --cdrom FILE             CD-ROM image (ISO 9660)
  --boot ORDER             boot order, letters a (floppy) c (hard disk) d (CD-ROM),
                           e.g. "c" or "ca"; default: the present drives in order a, c, d
  --snapshot               never write guest changes back to the image files

Machine:
  --mem MB                 RAM in megabytes, 1..3072 (default 64)
  --cpu MODEL[,+nx]        8086, 286, 386, 486, pentium or p6 (default p6); +nx adds the
                           execute-disable bit (EFER.NXE, CPUID 80000001h) to the p6
  --rtc now|SECONDS|DATE    where the CMOS clock starts: the host's time (default), UNIX
                           seconds, or a UTC date YYYY-MM-DD[THH:MM:SS]; a fixed start
                           makes runs repeat byte for byte
  --no-apic                p6 without its local APIC and the I/O APIC (8259 only)
  --bios FILE              system BIOS image (default: the built-in Boxwood BIOS)
  --vgabios FILE|none      VGA option ROM at C0000h (default with the built-in BIOS: its own VGA BIOS)

Input and output:
  --headless               run without the SDL window (automatic when there is no display)
  --serial stdio|none|FILE|pty
                           where COM1 output goes (headless default: stdio);
                           with stdio, typed input goes to COM1; with pty, COM1 is a
                           new pseudo-terminal (both ways), named on stderr as
                           "boxwood: COM1 is on /dev/pts/N"
  --debugcon stdio|none|FILE
                           where port 0xE9 console output goes (headless default: stdio)
  --dump-screen            print the text screen (UTF-8) on stdout when the run ends
  --screenshot FILE.png    write the VGA picture (any mode) as PNG when the run ends
  --send-keys SPEC         type SPEC on the keyboard, timed in virtual time: text,
                           \n \t, {enter} {esc} {f1} {up} {ctrl-alt-del} {ctrl-c},
                           {wait:500ms} {wait:2s} {wait-text:TEXT} {press:KEY} {release:KEY}
  --realtime               window: keep guest time near wall-clock time
  --fda-swap FILE          window: another image for drive A: (repeatable); Ctrl+Alt+1
                           cycles drive A: through --fda and these
  --config FILE.json       option defaults from a JSON object whose keys are the long
                           options ("mem": 16, "headless": true); the command line wins

Window hotkeys (Ctrl+Alt+...): F fullscreen, G grab/release mouse, P pause, R reset,
  S screenshot to boxwood-N.png, D debugger, 1 next floppy image (--fda-swap)

Running and testing:
  --until TEXT             exit 0 once TEXT appears on COM1, the 0xE9 console or the
                           text screen (on COM1/0xE9: at the end of that line)
  --timeout SECONDS        stop after this much wall-clock time (exit 3), also while
                           paused or held by GDB
  --max-instructions N     stop after N guest instructions
  --no-reboot              on a triple fault stop (exit 4) instead of resetting
  --stats                  print instructions, virtual time, wall time and MIPS on exit

Debugging:
  --debug                  open the debugger console before the first instruction
                           (also opened by Ctrl-C when stdin is a terminal; type help)
  --debug-script FILE      like --debug, reading the console commands from FILE
  --gdb PORT               GDB remote stub on 127.0.0.1:PORT (target remote :PORT)
  --gdb-wait               with --gdb: wait for GDB before the first instruction
  --trace FILE             write every executed instruction to FILE (CS:IP, bytes, code)
  -h, --help               show this help
  --version                show the version

Options also accept the form --option=VALUE.

Exit status:
  0    success: --until matched, the guest powered off, or the run ended normally
  1    emulator error
  2    bad usage or unusable input (missing image, bad ROM, unwritable output)
  3    --timeout expired; with --until, also any other end before TEXT appeared
  4    triple fault with --no-reboot
  2v+1 the guest wrote v to the isa-debug-exit port 0xF4
  130  interrupted (Ctrl-C)
  143  terminated by SIGTERM (129: SIGHUP)
)";
}

} // namespace bw::frontend
