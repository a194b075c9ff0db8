// The PC/AT chip set. Each chip registers its own ports; this file only creates and wires them.
#include "devices/debug_ports.h"
#include "devices/machine.h"

namespace bw {

void build_pc(Machine& m) {
    m.add<DebugPorts>(m);
}

} // namespace bw
