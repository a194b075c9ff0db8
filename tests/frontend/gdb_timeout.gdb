# --timeout while GDB holds the guest stopped (tests/frontend/debugger.cmake): boxwood runs with
# --timeout 1.5 and is stopped at the reset vector while GDB sleeps; it must still end the run
# (exit status 3), which GDB notices as a closed connection on its next request.
info registers eip
shell sleep 8
info registers eip
