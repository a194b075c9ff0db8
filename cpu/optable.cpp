#include "cpu/optable.h"
#include <array>
#include <memory>
#include <mutex>

namespace bw {

namespace {

// Group parents: the ModRM byte is always present; immediates common to the whole group
// are decoded at this level (SDM Vol. 2, table A-6).
void set_group_parent(OpTable& t, unsigned map, unsigned opcode, Group g, uint32_t decode) {
    OpDesc& o = map ? t.two[opcode] : t.one[opcode];
    o.decode = decode | dec::MODRM | dec::VALID;
    o.group = g;
}

std::unique_ptr<OpTable> build(CpuModel model) {
    auto t = std::make_unique<OpTable>();
    t->model = model;
    for (uint8_t p : {0x26, 0x2E, 0x36, 0x3E, 0xF0, 0xF2, 0xF3}) t->is_prefix[p] = true;
    if (model == CpuModel::i8086) t->is_prefix[0xF1] = true;  // an alias of LOCK on the 8086
    if (model >= CpuModel::i386)
        for (uint8_t p : {0x64, 0x65, 0x66, 0x67}) t->is_prefix[p] = true;

    set_group_parent(*t, 0, 0x80, G_80, dec::IMM8);
    set_group_parent(*t, 0, 0x81, G_81, dec::IMMV);
    set_group_parent(*t, 0, 0x82, G_82, dec::IMM8);
    set_group_parent(*t, 0, 0x83, G_83, dec::IMM8S);
    set_group_parent(*t, 0, 0x8F, G_8F, 0);
    set_group_parent(*t, 0, 0xC6, G_C6, 0);
    set_group_parent(*t, 0, 0xC7, G_C7, 0);
    set_group_parent(*t, 0, 0xD0, G_D0, 0);
    set_group_parent(*t, 0, 0xD1, G_D1, 0);
    set_group_parent(*t, 0, 0xD2, G_D2, 0);
    set_group_parent(*t, 0, 0xD3, G_D3, 0);
    set_group_parent(*t, 0, 0xF6, G_F6, 0);
    set_group_parent(*t, 0, 0xF7, G_F7, 0);
    set_group_parent(*t, 0, 0xFE, G_FE, 0);
    set_group_parent(*t, 0, 0xFF, G_FF, 0);
    set_group_parent(*t, 0, 0x8C, G_8C, 0);
    set_group_parent(*t, 0, 0x8E, G_8E, dec::ENDS);
    if (model >= CpuModel::i286) {
        set_group_parent(*t, 0, 0xC0, G_C0, dec::IMM8);
        set_group_parent(*t, 0, 0xC1, G_C1, dec::IMM8);
        set_group_parent(*t, 1, 0x00, G_0F00, 0);
        set_group_parent(*t, 1, 0x01, G_0F01, 0);
    }
    if (model >= CpuModel::i386) set_group_parent(*t, 1, 0xBA, G_0FBA, 0);
    if (model >= CpuModel::pentium) set_group_parent(*t, 1, 0xC7, G_0FC7, 0);

    ops::register_alu(*t);
    ops::register_shift(*t);
    ops::register_muldiv(*t);
    ops::register_bcd(*t);
    ops::register_move(*t);
    ops::register_stack(*t);
    ops::register_control(*t);
    ops::register_string(*t);
    ops::register_io(*t);
    ops::register_bit(*t);
    ops::register_system(*t);
    // The 486DX, Pentium and P6 have an on-chip FPU; earlier models leave ESC to a coprocessor.
    if (model >= CpuModel::i486) ops::register_fpu(*t);
    else ops::register_fpu_escape(*t);
    ops::register_identify(*t);
    ops::register_atomic(*t);
    ops::register_msr(*t);
    ops::register_protection(*t);
    ops::register_system_registers(*t);
    ops::register_fast_control(*t);  // after every family: it specialises their entries
    return t;
}

} // namespace

const OpTable& optable_for(CpuModel model) {
    static std::array<std::unique_ptr<OpTable>, 6> tables;
    static std::mutex lock;
    std::lock_guard<std::mutex> g(lock);
    auto& slot = tables[static_cast<unsigned>(model)];
    if (!slot) slot = build(model);
    return *slot;
}

} // namespace bw
