// The VGA (IBM VGA Technical Reference; FreeVGA register descriptions) plus the Bochs VBE "dispi"
// extension (ports 1CE/1CF) with a linear frame buffer, enough for SeaBIOS' vgabios-stdvga.bin.
//
// Video memory is 16 MiB. The 256 KiB VGA part is four 64 KiB planes stored interleaved:
// plane p, offset o lives at vram[o * 4 + p] (so one 32-bit load gives the four latches). The
// VBE modes (8 bpp and up) use the same array as a plain linear buffer.
//
// Ports: 3B0-3DF (CRTC and input status 1 answer at 3Bx or 3Dx as misc output bit 0 selects),
// 1CE/1CF (dispi). Memory: A0000-BFFFF (window chosen by GC register 6) and the LFB at E0000000.
// In a Machine the card is PCI device 1234:1111 (devices/vga_pci.*), whose BAR0 places the LFB;
// stand-alone (tests) the LFB sits at the fixed Bochs address E0000000.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>
#include "devices/machine.h"

namespace bw {

// Appends the Unicode form of a code-page-437 character (the VGA ROM font's character set;
// control codes as their CP437 glyphs, 0 as a blank) to `out` as UTF-8.
void append_cp437_as_utf8(std::string& out, uint8_t c);

class Vga : public Device, public IoDevice, public MmioDevice {
public:
    static constexpr uint32_t kVramSize = 16u << 20;
    static constexpr uint32_t kLfbBase = 0xE0000000u;  // VBE_DISPI_LFB_PHYSICAL_ADDRESS
    static constexpr uint16_t kMaxXres = 2560, kMaxYres = 1600, kMaxBpp = 32;

    explicit Vga(Machine& m);
    // Stand-alone wiring (tests): registers on the given buses, reads time from `clock`. With
    // `map_lfb` false the LFB is left to the PCI function, which forwards kLfbBase + offset.
    Vga(IoBus& io, MmioBus& mmio, const Clock& clock, bool map_lfb = true);

    const char* name() const override { return "vga"; }
    void reset() override;

    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    uint32_t mmio_read(uint32_t addr, unsigned size) override;
    void mmio_write(uint32_t addr, uint32_t value, unsigned size) override;

    // ---- front-end API (no side effects on the chip) ----
    // True in an alphanumeric mode (attribute controller mode control bit 0 clear, VBE off).
    bool text_mode() const;
    // The text screen as UTF-8 rows (code page 437 glyphs) joined by '\n', trailing blanks
    // trimmed; empty in graphics modes.
    std::string text_snapshot() const;
    // The raw character/attribute cells (char in the low byte) of the visible text screen.
    std::vector<uint16_t> text_cells(unsigned& cols, unsigned& rows) const;
    // The visible picture as XRGB8888, at the mode's logical resolution (720x400 for mode 3,
    // 320x200 for mode 13h, ...). False when the timing registers describe no usable picture.
    bool render(std::vector<uint32_t>& rgb, unsigned& width, unsigned& height) const;
    // Changes whenever the picture may have changed (memory or register writes, blink phase).
    uint64_t change_count() const;

    // Inspection for tests and debuggers.
    uint8_t plane_byte(unsigned plane, uint32_t offset) const { return vram_[(offset & 0xFFFF) * 4 + (plane & 3)]; }
    const uint8_t* vram() const { return vram_.data(); }
    uint8_t latch(unsigned plane) const { return latch_[plane & 3]; }
    bool vbe_enabled() const { return vbe_[kVbeEnable] & 1; }
    // For the debugger's `info vga`: misc output, sequencer/CRTC/GC/attribute registers, DAC
    // indices, a mode summary and the VBE (dispi) state. Side-effect free (vga_render.cpp).
    void debug_info(std::ostream& out) const override;

private:
    // Bochs dispi register indices (vgabios / Bochs iodev/vga.h).
    enum : unsigned { kVbeId, kVbeXres, kVbeYres, kVbeBpp, kVbeEnable, kVbeBank, kVbeVirtWidth,
                      kVbeVirtHeight, kVbeXOffset, kVbeYOffset, kVbeVideoMemory64k, kVbeCount };

    // Port groups.
    uint8_t read_port(uint16_t port);
    void write_port(uint16_t port, uint8_t v);
    bool crtc_port_active(uint16_t port) const;
    void write_crtc(uint8_t index, uint8_t v);
    void write_attr(uint8_t v);
    void write_dac_data(uint8_t v);
    uint8_t read_dac_data();
    uint8_t input_status_1();
    uint8_t input_status_0() const;

    // Dispi.
    uint16_t vbe_read(unsigned index) const;
    void vbe_write(unsigned index, uint16_t v);
    void vbe_enable(uint16_t v);
    void vbe_update_geometry();
    unsigned vbe_bytes_pp() const;

    // Memory.
    bool map_window(uint32_t addr, uint32_t& offset) const;
    uint8_t mem_read(uint32_t offset);
    void mem_write(uint32_t offset, uint8_t v);
    uint8_t planar_read(uint32_t offset);
    void planar_write(uint32_t offset, uint8_t v);
    uint8_t write_pipeline(unsigned plane, uint8_t data) const;
    uint8_t color_compare(uint32_t plane_offset) const;

    // Rendering helpers (vga_render.cpp).
    struct Timing;
    // What the CRT controller fetches for one displayed scan line: the memory address counter
    // at its first character clock, the row scan counter, and whether it lies below the line
    // compare split.
    struct ScanLine {
        uint32_t ma;
        uint8_t row_scan;
        bool split;
    };
    Timing timing() const;
    uint64_t frame_number() const;
    uint32_t plane_address(uint32_t ma, unsigned scan) const;
    uint32_t dac_rgb(uint8_t index) const;
    uint32_t attr_rgb(uint8_t colour) const;
    void scan_lines(std::vector<ScanLine>& lines) const;
    unsigned pel_shift(bool split) const;
    unsigned char_clock_divisor() const;
    bool render_text(std::vector<uint32_t>& rgb, unsigned& width, unsigned& height) const;
    bool render_graphics(std::vector<uint32_t>& rgb, unsigned& width, unsigned& height) const;
    bool render_vbe(std::vector<uint32_t>& rgb, unsigned& width, unsigned& height) const;
    void text_line(uint32_t* out, unsigned chars, const ScanLine& s, uint64_t frame) const;
    void graphics_line(uint32_t* out, unsigned chars, const ScanLine& s) const;
    unsigned vertical_display_end() const;
    unsigned vertical_total() const;
    unsigned line_compare() const;
    unsigned text_char_height() const;

    const Clock& clock_;
    std::vector<uint8_t> vram_;
    uint64_t changes_ = 0;

    uint8_t misc_ = 0, feature_ = 0;
    uint8_t seq_index_ = 0, crtc_index_ = 0, gc_index_ = 0, attr_index_ = 0;
    bool attr_flip_ = false;  // false: next 3C0 write is the index
    std::array<uint8_t, 8> seq_{};
    std::array<uint8_t, 0x19> crtc_{};
    std::array<uint8_t, 9> gc_{};
    std::array<uint8_t, 0x15> attr_{};
    std::array<uint8_t, 4> latch_{};

    std::array<std::array<uint8_t, 3>, 256> dac_{};
    uint8_t pel_mask_ = 0xFF, dac_read_index_ = 0, dac_write_index_ = 0;
    uint8_t dac_read_sub_ = 0, dac_write_sub_ = 0, dac_state_ = 0;
    std::array<uint8_t, 3> dac_pending_{};

    uint16_t vbe_index_ = 0;
    std::array<uint16_t, kVbeCount> vbe_{};
    uint32_t vbe_line_bytes_ = 0, vbe_start_ = 0;
};

} // namespace bw
