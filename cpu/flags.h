// Lazy arithmetic flags.
//
// The six arithmetic flags are never stored as bits while instructions run. An instruction that
// defines them records two words:
//   lazy_result  the result, sign-extended to 32 bits: ZF = (result == 0), SF = bit 31;
//   lazy_aux     bit 31 = CF, bit 30 = CF ^ OF, bit 3 = AF (the carry/borrow vector of the
//                operation, normalised so the operand width no longer matters), plus two
//                correction fields that let any flag combination be represented (a POPF may
//                set ZF and SF together): bit 16 inverts SF, bits 8-15 are XORed into the low
//                byte of the result before PF is computed.
// Each flag is then a couple of shifts away, and consumers (Jcc, ADC, PUSHF) compute only the
// flags they read.
#pragma once
#include <cstdint>
#include <type_traits>
#include "cpu/state.h"

namespace bw {

template <class T> constexpr unsigned bits_of = sizeof(T) * 8;
template <class T> using signed_of = std::make_signed_t<T>;

namespace lazy {
constexpr uint32_t CF_BIT = 31, PO_BIT = 30, AF_BIT = 3, PDB_SHIFT = 8, SD_BIT = 16;

template <class T> inline uint32_t sext(T v) { return static_cast<uint32_t>(static_cast<int32_t>(static_cast<signed_of<T>>(v))); }

// Carry vector (bit i = carry out of bit i) normalised to CF at bit 31, CF^OF at bit 30, AF at bit 3.
template <class T> inline uint32_t from_carries(T carries) {
    uint32_t c = carries;
    return ((c << (32 - bits_of<T>)) & 0xC0000000u) | (c & 0x8u);
}
} // namespace lazy

inline bool parity_even(uint8_t v) { return !__builtin_parity(v); }

inline bool get_cf(const CpuState& s) { return s.lazy_aux >> 31; }
inline bool get_of(const CpuState& s) { return ((s.lazy_aux >> 31) ^ (s.lazy_aux >> 30)) & 1; }
inline bool get_af(const CpuState& s) { return (s.lazy_aux >> 3) & 1; }
inline bool get_zf(const CpuState& s) { return s.lazy_result == 0; }
inline bool get_sf(const CpuState& s) { return ((s.lazy_result >> 31) ^ (s.lazy_aux >> 16)) & 1; }
inline bool get_pf(const CpuState& s) { return parity_even(uint8_t(s.lazy_result ^ (s.lazy_aux >> 8))); }

inline uint32_t get_arith_flags(const CpuState& s) {
    return (get_cf(s) ? fl::CF : 0) | (get_pf(s) ? fl::PF : 0) | (get_af(s) ? fl::AF : 0) |
           (get_zf(s) ? fl::ZF : 0) | (get_sf(s) ? fl::SF : 0) | (get_of(s) ? fl::OF : 0);
}

// Encodes an explicit set of arithmetic flags into the lazy representation.
inline void set_arith_flags(CpuState& s, uint32_t f) {
    uint32_t cf = (f & fl::CF) ? 1 : 0, of = (f & fl::OF) ? 1 : 0, af = (f & fl::AF) ? 1 : 0;
    uint32_t zf = (f & fl::ZF) ? 1 : 0, sf = (f & fl::SF) ? 1 : 0, pf = (f & fl::PF) ? 1 : 0;
    s.lazy_result = zf ? 0 : 1;
    s.lazy_aux = (cf << 31) | ((cf ^ of) << 30) | (af << 3) | ((zf ^ pf) << 8) | (sf << 16);
}

// Flags results of the common operation shapes.
template <class T> inline void flags_add(CpuState& s, T a, T b, T r) {
    s.lazy_result = lazy::sext(r);
    s.lazy_aux = lazy::from_carries<T>(T((a & b) | ((a | b) & ~r)));
}
template <class T> inline void flags_sub(CpuState& s, T a, T b, T r) {
    s.lazy_result = lazy::sext(r);
    s.lazy_aux = lazy::from_carries<T>(T((~a & b) | (~(a ^ b) & r)));
}
// Logic results: CF = OF = 0; AF is undefined and reads as 0 (as on the 386 and later).
template <class T> inline void flags_logic(CpuState& s, T r) {
    s.lazy_result = lazy::sext(r);
    s.lazy_aux = 0;
}
// A result with explicitly computed CF/OF/AF (shifts, multiplies, BCD).
template <class T> inline void flags_result(CpuState& s, T r, bool cf, bool of, bool af) {
    s.lazy_result = lazy::sext(r);
    s.lazy_aux = (uint32_t(cf) << 31) | (uint32_t(cf ^ of) << 30) | (uint32_t(af) << 3);
}
// Replaces CF and OF only (rotates leave SF, ZF, AF and PF alone).
inline void set_cf_of(CpuState& s, bool cf, bool of) {
    s.lazy_aux = (s.lazy_aux & 0x3FFFFFFFu) | (uint32_t(cf) << 31) | (uint32_t(cf ^ of) << 30);
}
// Puts back the CF of an earlier lazy_aux `old`, keeping the OF just computed: bit 31 takes
// old CF and bit 30 (CF ^ OF) flips with it (INC/DEC, SDM Vol. 2, INC).
inline void keep_cf(CpuState& s, uint32_t old) {
    const uint32_t d = (old ^ s.lazy_aux) & 0x80000000u;
    s.lazy_aux ^= d | (d >> 1);
}
// Replaces CF only, keeping every other flag (INC/DEC keep CF; BT/CLC/STC/CMC set only CF).
inline void set_cf_only(CpuState& s, bool cf) {
    bool of = get_of(s);
    s.lazy_aux = (s.lazy_aux & 0x3FFFFFFFu) | (uint32_t(cf) << 31) | (uint32_t(cf ^ of) << 30);
}

} // namespace bw
