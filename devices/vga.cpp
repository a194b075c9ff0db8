// VGA registers, video memory access and the Bochs VBE dispi interface. Register and bit names
// follow the IBM VGA Technical Reference ("VGA TR") and FreeVGA; the rendering is in vga_render.cpp.
#include "devices/vga.h"
#include <algorithm>
#include <cstring>

namespace bw {

namespace {

// Mode 3 (80x25 colour text, 720x400) register values from the VGA TR BIOS mode tables. The chip
// powers up in this state so text written to B8000 is readable before any VGA BIOS runs.
constexpr uint8_t kMode3Misc = 0x67;
constexpr std::array<uint8_t, 5> kMode3Seq = {0x03, 0x00, 0x03, 0x00, 0x02};
constexpr std::array<uint8_t, 0x19> kMode3Crtc = {
    0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
    0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF};
constexpr std::array<uint8_t, 9> kMode3Gc = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x0F, 0xFF};
constexpr std::array<uint8_t, 0x15> kMode3Attr = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A,
    0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00};

// Dispi ENABLE register bits (Bochs iodev/vga.h).
constexpr uint16_t kDispiEnabled = 0x01, kDispiGetCaps = 0x02, kDispi8BitDac = 0x20,
                   kDispiLfb = 0x40, kDispiNoClearMem = 0x80;
constexpr uint16_t kDispiId0 = 0xB0C0, kDispiId5 = 0xB0C5;

uint8_t rotate_right(uint8_t v, unsigned n) {
    n &= 7;
    return n ? uint8_t((v >> n) | (v << (8 - n))) : v;
}

uint8_t expand_bit(uint8_t v, unsigned bit) { return (v >> bit) & 1 ? 0xFF : 0x00; }

} // namespace

Vga::Vga(Machine& m) : Vga(m.io(), m.mmio(), m.clock(), false) {}

Vga::Vga(IoBus& io, MmioBus& mmio, const Clock& clock, bool map_lfb) : clock_(clock), vram_(kVramSize, 0) {
    io.register_ports(0x3B0, 0x30, this);
    io.register_ports(0x1CE, 2, this);
    mmio.register_range(0xA0000, 0x20000, this);
    if (map_lfb) mmio.register_range(kLfbBase, kVramSize, this);
    reset();
}

void Vga::reset() {
    misc_ = kMode3Misc;
    feature_ = 0;
    seq_ = {};
    std::copy(kMode3Seq.begin(), kMode3Seq.end(), seq_.begin());
    crtc_ = kMode3Crtc;
    gc_ = kMode3Gc;
    attr_ = kMode3Attr;
    seq_index_ = crtc_index_ = gc_index_ = 0;
    attr_index_ = 0x20;  // palette address source set: the display is on
    attr_flip_ = false;
    latch_ = {};
    // The DAC holds the 64 EGA colours in entries 0-3F (VGA TR, BIOS palette for the 16-colour
    // modes): bits 2/1/0 give R/G/B at 2/3 intensity, bits 5/4/3 add R/G/B at 1/3.
    for (unsigned i = 0; i < 256; ++i) {
        auto level = [i](unsigned hi, unsigned lo) {
            return i < 64 ? uint8_t(((i >> hi) & 1) * 0x2A + ((i >> lo) & 1) * 0x15) : uint8_t(0);
        };
        dac_[i] = {level(2, 5), level(1, 4), level(0, 3)};
    }
    pel_mask_ = 0xFF;
    dac_read_index_ = dac_write_index_ = dac_read_sub_ = dac_write_sub_ = dac_state_ = 0;
    vbe_index_ = 0;
    vbe_ = {};
    vbe_[kVbeId] = kDispiId0;
    vbe_[kVbeXres] = 640;
    vbe_[kVbeYres] = 480;
    vbe_[kVbeBpp] = 8;
    vbe_update_geometry();
    ++changes_;
}

// ---------------------------------------------------------------------------------------------
// Port I/O. A 16-bit OUT to an index port writes index then data, as the 8-bit VGA sees it on
// the ISA bus; the dispi ports are 16-bit registers.

uint32_t Vga::io_read(uint16_t port, unsigned size) {
    if (port == 0x1CE) return vbe_index_;
    if (port == 0x1CF) return vbe_read(vbe_index_);
    uint32_t v = 0;
    for (unsigned i = 0; i < size; ++i) v |= uint32_t(read_port(uint16_t(port + i))) << (8 * i);
    return v;
}

void Vga::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (port == 0x1CE) { vbe_index_ = uint16_t(value); return; }
    if (port == 0x1CF) { vbe_write(vbe_index_, uint16_t(value)); return; }
    for (unsigned i = 0; i < size; ++i) write_port(uint16_t(port + i), uint8_t(value >> (8 * i)));
}

// The CRTC and input status 1 decode at 3Dx when misc output bit 0 (I/O address select) is 1,
// at 3Bx when it is 0 (VGA TR, Miscellaneous Output Register).
bool Vga::crtc_port_active(uint16_t port) const {
    return ((port & 0xFFF0) == 0x3D0) == bool(misc_ & 1);
}

uint8_t Vga::read_port(uint16_t port) {
    switch (port) {
    case 0x3C0: return attr_index_;
    case 0x3C1: return (attr_index_ & 0x1F) < attr_.size() ? attr_[attr_index_ & 0x1F] : 0;
    case 0x3C2: return input_status_0();
    case 0x3C3: return 1;  // video subsystem enable
    case 0x3C4: return seq_index_;
    case 0x3C5: return seq_index_ < 5 ? seq_[seq_index_] : 0xFF;
    case 0x3C6: return pel_mask_;
    case 0x3C7: return dac_state_;
    case 0x3C8: return dac_write_index_;
    case 0x3C9: return read_dac_data();
    case 0x3CA: return feature_;
    case 0x3CC: return misc_;
    case 0x3CE: return gc_index_;
    case 0x3CF: return gc_index_ < gc_.size() ? gc_[gc_index_] : 0xFF;
    case 0x3B4: case 0x3D4: return crtc_port_active(port) ? crtc_index_ : 0xFF;
    case 0x3B5: case 0x3D5:
        if (!crtc_port_active(port)) return 0xFF;
        return crtc_index_ < crtc_.size() ? crtc_[crtc_index_] : 0xFF;
    case 0x3BA: case 0x3DA: return crtc_port_active(port) ? input_status_1() : 0xFF;
    default: return 0xFF;
    }
}

void Vga::write_port(uint16_t port, uint8_t v) {
    ++changes_;
    switch (port) {
    case 0x3C0: write_attr(v); break;
    case 0x3C2: misc_ = v; break;
    case 0x3C4: seq_index_ = v & 7; break;
    case 0x3C5: if (seq_index_ < 5) seq_[seq_index_] = v; break;
    case 0x3C6: pel_mask_ = v; break;
    case 0x3C7: dac_read_index_ = v; dac_read_sub_ = 0; dac_state_ = 3; break;
    case 0x3C8: dac_write_index_ = v; dac_write_sub_ = 0; dac_state_ = 0; break;
    case 0x3C9: write_dac_data(v); break;
    case 0x3CE: gc_index_ = v & 0x0F; break;
    case 0x3CF: if (gc_index_ < gc_.size()) gc_[gc_index_] = v; break;
    case 0x3B4: case 0x3D4: if (crtc_port_active(port)) crtc_index_ = v & 0x3F; break;
    case 0x3B5: case 0x3D5: if (crtc_port_active(port)) write_crtc(crtc_index_, v); break;
    case 0x3BA: case 0x3DA: if (crtc_port_active(port)) feature_ = v; break;
    default: break;
    }
}

// CRTC register 11 bit 7 (Protect Registers 0-7) blocks writes to 0-7, except the line compare
// bit 4 of the Overflow register 7 (VGA TR, CRT Controller Registers).
void Vga::write_crtc(uint8_t index, uint8_t v) {
    if (index >= crtc_.size()) return;
    if ((crtc_[0x11] & 0x80) && index <= 7) {
        if (index == 7) crtc_[7] = uint8_t((crtc_[7] & ~0x10) | (v & 0x10));
        return;
    }
    crtc_[index] = v;
}

// Port 3C0 alternates between index and data; reading input status 1 resets it to index. The
// palette registers 0-F can be loaded only while Palette Address Source (index bit 5) is 0.
void Vga::write_attr(uint8_t v) {
    if (!attr_flip_) {
        attr_index_ = v & 0x3F;
    } else {
        unsigned i = attr_index_ & 0x1F;
        if (i < 0x10) {
            if (!(attr_index_ & 0x20)) attr_[i] = v & 0x3F;
        } else if (i < attr_.size()) {
            attr_[i] = v;
        }
    }
    attr_flip_ = !attr_flip_;
}

// DAC data: three bytes (red, green, blue) per entry, then the address advances (VGA TR, Video
// DAC). Six bits wide unless the dispi 8-bit DAC bit is set.
void Vga::write_dac_data(uint8_t v) {
    dac_pending_[dac_write_sub_] = (vbe_[kVbeEnable] & kDispi8BitDac) ? v : (v & 0x3F);
    if (++dac_write_sub_ == 3) {
        dac_[dac_write_index_++] = dac_pending_;
        dac_write_sub_ = 0;
    }
}

uint8_t Vga::read_dac_data() {
    uint8_t v = dac_[dac_read_index_][dac_read_sub_];
    if (++dac_read_sub_ == 3) {
        dac_read_sub_ = 0;
        ++dac_read_index_;
    }
    return v;
}

// Input status 0: bit 7 vertical retrace interrupt pending (not modelled), bit 4 switch sense.
uint8_t Vga::input_status_0() const { return 0x00; }

// ---------------------------------------------------------------------------------------------
// Bochs VBE dispi interface (index 1CE, data 1CF).

unsigned Vga::vbe_bytes_pp() const { return (vbe_[kVbeBpp] + 7) / 8; }

void Vga::vbe_update_geometry() {
    unsigned bpp = vbe_[kVbeBpp];
    uint32_t width = vbe_[kVbeVirtWidth] ? vbe_[kVbeVirtWidth] : vbe_[kVbeXres];
    if (bpp == 4) {
        vbe_line_bytes_ = width / 8;  // per plane
        vbe_start_ = vbe_[kVbeYOffset] * vbe_line_bytes_ + vbe_[kVbeXOffset] / 8;
    } else {
        vbe_line_bytes_ = width * vbe_bytes_pp();
        vbe_start_ = vbe_[kVbeYOffset] * vbe_line_bytes_ + vbe_[kVbeXOffset] * vbe_bytes_pp();
    }
    uint32_t mem = bpp == 4 ? kVramSize / 4 : kVramSize;
    uint32_t lines = vbe_line_bytes_ ? mem / vbe_line_bytes_ : 0;
    vbe_[kVbeVirtHeight] = uint16_t(std::min<uint32_t>(lines, 0xFFFF));
}

uint16_t Vga::vbe_read(unsigned index) const {
    bool caps = vbe_[kVbeEnable] & kDispiGetCaps;
    switch (index) {
    case kVbeXres: return caps ? kMaxXres : vbe_[kVbeXres];
    case kVbeYres: return caps ? kMaxYres : vbe_[kVbeYres];
    case kVbeBpp: return caps ? kMaxBpp : vbe_[kVbeBpp];
    case kVbeVideoMemory64k: return uint16_t(kVramSize >> 16);
    default: return index < kVbeCount ? vbe_[index] : 0;
    }
}

void Vga::vbe_write(unsigned index, uint16_t v) {
    ++changes_;
    switch (index) {
    case kVbeId:
        if (v >= kDispiId0 && v <= kDispiId5) vbe_[kVbeId] = v;
        return;
    case kVbeXres: if (v <= kMaxXres) vbe_[kVbeXres] = v; break;
    case kVbeYres: if (v <= kMaxYres) vbe_[kVbeYres] = v; break;
    case kVbeBpp:
        if (v == 0) v = 8;
        if (v == 4 || v == 8 || v == 15 || v == 16 || v == 24 || v == 32) vbe_[kVbeBpp] = v;
        break;
    case kVbeEnable: vbe_enable(v); return;
    case kVbeBank: vbe_[kVbeBank] = uint16_t(v % (kVramSize >> 16)); return;
    case kVbeVirtWidth: vbe_[kVbeVirtWidth] = v; break;
    case kVbeXOffset: vbe_[kVbeXOffset] = v; break;
    case kVbeYOffset: vbe_[kVbeYOffset] = v; break;
    default: return;  // VIRT_HEIGHT and VIDEO_MEMORY_64K are computed
    }
    vbe_update_geometry();
}

// Enabling a mode resets the virtual size to the visible one and the offsets and bank to 0, and
// clears video memory unless NOCLEARMEM is set; it also points the VGA memory window at A0000
// (64 KiB, graphics) so the banked window works (as Bochs does). A mode that does not fit in video
// memory is refused.
void Vga::vbe_enable(uint16_t v) {
    bool was = vbe_[kVbeEnable] & kDispiEnabled;
    uint16_t keep = v & (kDispiEnabled | kDispiGetCaps | kDispi8BitDac | kDispiLfb | kDispiNoClearMem);
    if ((v & kDispiEnabled) && !was) {
        uint64_t need = uint64_t(vbe_[kVbeXres]) * vbe_[kVbeYres] *
                        (vbe_[kVbeBpp] == 4 ? 1 : vbe_bytes_pp() * 8) / 8;
        if (vbe_[kVbeXres] == 0 || vbe_[kVbeYres] == 0 || need > kVramSize) keep &= ~kDispiEnabled;
    }
    if ((keep & kDispiEnabled) && !was) {
        vbe_[kVbeVirtWidth] = vbe_[kVbeXres];
        vbe_[kVbeXOffset] = vbe_[kVbeYOffset] = vbe_[kVbeBank] = 0;
        vbe_update_geometry();
        if (!(v & kDispiNoClearMem)) std::fill(vram_.begin(), vram_.end(), 0);
        gc_[6] = uint8_t((gc_[6] & ~0x0C) | 0x04 | 0x01);
        attr_[0x10] |= 0x01;
        if (vbe_[kVbeBpp] != 4) seq_[4] |= 0x08;
    }
    vbe_[kVbeEnable] = keep;
}

// ---------------------------------------------------------------------------------------------
// Video memory.

// Graphics controller register 6 bits 3-2 (Memory Map Select): 0 = A0000 128K, 1 = A0000 64K,
// 2 = B0000 32K, 3 = B8000 32K. Addresses outside the window are not decoded.
bool Vga::map_window(uint32_t addr, uint32_t& offset) const {
    static constexpr uint32_t kBase[4] = {0xA0000, 0xA0000, 0xB0000, 0xB8000};
    static constexpr uint32_t kSize[4] = {0x20000, 0x10000, 0x8000, 0x8000};
    unsigned map = (gc_[6] >> 2) & 3;
    offset = addr - kBase[map];
    return addr >= kBase[map] && offset < kSize[map];
}

uint32_t Vga::mmio_read(uint32_t addr, unsigned size) {
    uint32_t v = 0;
    if (addr >= kLfbBase) {
        uint32_t off = addr - kLfbBase;
        for (unsigned i = 0; i < size; ++i)
            v |= uint32_t(off + i < kVramSize ? vram_[off + i] : 0xFF) << (8 * i);
        return v;
    }
    for (unsigned i = 0; i < size; ++i) {
        uint32_t off;
        uint8_t b = map_window(addr + i, off) ? mem_read(off) : 0xFF;
        v |= uint32_t(b) << (8 * i);
    }
    return v;
}

void Vga::mmio_write(uint32_t addr, uint32_t value, unsigned size) {
    ++changes_;
    if (addr >= kLfbBase) {
        uint32_t off = addr - kLfbBase;
        for (unsigned i = 0; i < size && off + i < kVramSize; ++i) vram_[off + i] = uint8_t(value >> (8 * i));
        return;
    }
    for (unsigned i = 0; i < size; ++i) {
        uint32_t off;
        if (map_window(addr + i, off)) mem_write(off, uint8_t(value >> (8 * i)));
    }
}

// With dispi enabled at 8 bpp and up, the window is a linear 64 KiB bank of video memory; at
// 4 bpp the bank offsets the planar address.
uint8_t Vga::mem_read(uint32_t offset) {
    if (vbe_enabled()) {
        if (offset >= 0x10000) return 0xFF;
        uint32_t lin = uint32_t(vbe_[kVbeBank]) * 0x10000 + offset;
        if (vbe_[kVbeBpp] != 4) return lin < kVramSize ? vram_[lin] : 0xFF;
        return planar_read(lin);
    }
    return planar_read(offset);
}

void Vga::mem_write(uint32_t offset, uint8_t v) {
    if (vbe_enabled()) {
        if (offset >= 0x10000) return;
        uint32_t lin = uint32_t(vbe_[kVbeBank]) * 0x10000 + offset;
        if (vbe_[kVbeBpp] != 4) {
            if (lin < kVramSize) vram_[lin] = v;
            return;
        }
        planar_write(lin, v);
        return;
    }
    planar_write(offset, v);
}

// CPU reads (VGA TR, Graphics Controller): every read loads the four latches from the addressed
// plane offset. Chain 4 (sequencer 4 bit 3): address bits 1-0 pick the plane. Host odd/even
// (GC 5 bit 4): address bit 0 and read map select bit 1 pick the plane. Otherwise read map
// select (GC 4) picks it. Read mode 1 (GC 5 bit 3) returns the colour compare instead.
uint8_t Vga::planar_read(uint32_t offset) {
    const uint32_t mask = vbe_enabled() ? kVramSize / 4 - 1 : 0xFFFF;
    unsigned plane;
    uint32_t po;
    if (seq_[4] & 0x08) {
        plane = offset & 3;
        po = offset & ~3u;
    } else if (gc_[5] & 0x10) {
        plane = (gc_[4] & 2) | (offset & 1);
        po = offset & ~1u;
    } else {
        plane = gc_[4] & 3;
        po = offset;
    }
    po &= mask;
    std::memcpy(latch_.data(), &vram_[po * 4], 4);
    if (gc_[5] & 0x08) return color_compare(po);
    return latch_[plane];
}

// Read mode 1: a result bit is 1 when, for every plane enabled in Color Don't Care (GC 7), the
// plane's bit equals that plane's bit of Color Compare (GC 2).
uint8_t Vga::color_compare(uint32_t) const {
    uint8_t result = 0xFF;
    for (unsigned p = 0; p < 4; ++p)
        if ((gc_[7] >> p) & 1) result &= uint8_t(~(latch_[p] ^ expand_bit(gc_[2], p)));
    return result;
}

// CPU writes: Map Mask (sequencer 2) enables planes; chain 4 narrows that to the plane chosen by
// address bits 1-0, odd/even (sequencer 4 bit 2 clear) to the even (0, 2) or odd (1, 3) planes
// by address bit 0, with that bit dropped from the plane offset.
void Vga::planar_write(uint32_t offset, uint8_t v) {
    const uint32_t mask = vbe_enabled() ? kVramSize / 4 - 1 : 0xFFFF;
    unsigned planes = seq_[2] & 0x0F;
    uint32_t po = offset;
    if (seq_[4] & 0x08) {
        planes &= 1u << (offset & 3);
        po = offset & ~3u;
    } else if (!(seq_[4] & 0x04)) {
        planes &= (offset & 1) ? 0x0A : 0x05;
        po = offset & ~1u;
    }
    po &= mask;
    for (unsigned p = 0; p < 4; ++p)
        if ((planes >> p) & 1) vram_[po * 4 + p] = write_pipeline(p, v);
}

// The graphics controller write data path for one plane (VGA TR / FreeVGA "Graphics Controller"):
//   mode 0: rotated data, or the set/reset bit where Enable Set/Reset (GC 1) is on;
//   mode 1: the latch unchanged;
//   mode 2: CPU data bit p expanded to the whole byte;
//   mode 3: the set/reset bit expanded, with the bit mask ANDed with the rotated data.
// Then the logical function (GC 3 bits 4-3: none/AND/OR/XOR with the latch) and the Bit Mask
// (GC 8: 1 = new value, 0 = latch).
uint8_t Vga::write_pipeline(unsigned p, uint8_t data) const {
    const uint8_t latch = latch_[p];
    const uint8_t rotated = rotate_right(data, gc_[3] & 7);
    uint8_t bit_mask = gc_[8];
    uint8_t v;
    switch (gc_[5] & 3) {
    case 0: v = ((gc_[1] >> p) & 1) ? expand_bit(gc_[0], p) : rotated; break;
    case 1: return latch;
    case 2: v = expand_bit(data, p); break;
    default:
        bit_mask &= rotated;
        v = expand_bit(gc_[0], p);
        break;
    }
    switch ((gc_[3] >> 3) & 3) {
    case 1: v &= latch; break;
    case 2: v |= latch; break;
    case 3: v ^= latch; break;
    default: break;
    }
    return uint8_t((v & bit_mask) | (latch & ~bit_mask));
}

} // namespace bw
