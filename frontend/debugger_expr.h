// Numbers, expressions and addresses typed at the debugger prompt.
//
//   numbers      decimal (123), hex with 0x (0x7c00) or with an h suffix after a leading digit
//                (7c00h, 0FFFFh, so that `bh` stays the register)
//   registers    eax..edi, ax..di, al..bh, eip, ip, eflags, flags, cs..gs, cr0..cr4, dr0..dr7
//   operators    + - * / and parentheses, unary minus; arithmetic is modulo 2^32
//   addresses    EXPR (linear or physical, as the command says) or SEG:OFF, e.g. 0x7c0:0,
//                cs:ip, ds:si+4
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bw { class Cpu; }

namespace bw::frontend::dbg {

struct Address {
    bool has_segment = false;
    uint16_t segment = 0;
    uint32_t offset = 0;  // the whole address when there is no segment
};

// Evaluates an expression; on failure returns nullopt and sets `error`.
std::optional<uint32_t> evaluate(Cpu& c, const std::string& text, std::string& error);
std::optional<Address> parse_address(Cpu& c, const std::string& text, std::string& error);

// Splits a command line into whitespace-separated words.
std::vector<std::string> split_words(const std::string& line);

} // namespace bw::frontend::dbg
