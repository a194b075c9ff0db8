// Mnemonic tables: the SDM Vol. 2 appendix A opcode maps as data. Operand forms use the
// appendix's notation (A.2.1 addressing methods, A.2.2 operand types):
//   E  ModRM r/m (register or memory)      G  ModRM.reg general register
//   M  ModRM memory only                   R  ModRM r/m as a register whatever the mod (MOV CRn/DRn)
//   S  ModRM.reg segment register          C/D  ModRM.reg control / debug register
//   Z  register in the opcode's low bits   O  moffs (no ModRM; A0-A3)
//   X  DS:rSI string source                Y  ES:rDI string destination
//   I  immediate   J  relative branch      A  far pointer      1  the constant 1
// with sizes b (byte), w (word), d (doubleword), v/z (word or doubleword by operand size),
// p/a/s/q (far pointer, BOUND pair, descriptor-table pseudo-descriptor, quadword), and fixed
// registers AL, CL, AX, DX, eAX (AX or EAX by operand size), ES..GS, and x87 ST / STi.
#include "cpu/mnemonics.h"
#include <array>
#include <cstring>

namespace bw {

namespace {

enum Kind : uint8_t {
    PLAIN,     // mn32 (if any) by operand size
    ASIZE,     // mn32 by address size (JCXZ/JECXZ)
    STRING,    // string instruction: name and REP prefix from kStringNames[str]
};

struct Entry {
    const char* mn = nullptr;        // nullptr: undefined
    const char* mn32 = nullptr;      // 32-bit spelling where it differs
    const char* ops = "";
    uint8_t kind = PLAIN;
    uint8_t str = 0;
    const Entry* sub = nullptr;      // group: 8 entries by ModRM.reg (memory forms, or both forms)
    const Entry* sub_reg = nullptr;  // group: 8 entries by ModRM.reg for register forms (mod == 3)
    const Entry* by_rm = nullptr;    // x87 register rows selected by ModRM.rm
};

constexpr Entry E(const char* mn, const char* ops = "") { return Entry{mn, nullptr, ops, PLAIN, 0, nullptr, nullptr, nullptr}; }
constexpr Entry V(const char* mn16, const char* mn32, const char* ops = "") {
    return Entry{mn16, mn32, ops, PLAIN, 0, nullptr, nullptr, nullptr};
}
constexpr Entry AS(const char* mn16, const char* mn32, const char* ops) {
    return Entry{mn16, mn32, ops, ASIZE, 0, nullptr, nullptr, nullptr};
}
constexpr Entry STR(uint8_t row, const char* ops) { return Entry{"", nullptr, ops, STRING, row, nullptr, nullptr, nullptr}; }
constexpr Entry GRP(const Entry* sub, const char* ops = "") { return Entry{"", nullptr, ops, PLAIN, 0, sub, nullptr, nullptr}; }
constexpr Entry X87(const Entry* mem, const Entry* reg) { return Entry{"", nullptr, "", PLAIN, 0, mem, reg, nullptr}; }
constexpr Entry RM(const Entry* rows) { return Entry{"", nullptr, "", PLAIN, 0, nullptr, nullptr, rows}; }
constexpr Entry U{};  // undefined

// String instructions by row (below), size (b, w, d) and prefix (none, F3, F2). F3 is REP on
// MOVS/STOS/LODS/INS/OUTS and REPE on CMPS/SCAS, F2 is REPNE (SDM Vol. 2, "REP/REPE/REPZ/
// REPNE/REPNZ"); F2 before a non-comparing string instruction is spelled "repne" as Capstone
// does (the SDM leaves it undefined; Intel parts repeat as with REP).
#define BW_STRING(name, f3)                                                           \
    {{name "b", f3 " " name "b", "repne " name "b"}, {name "w", f3 " " name "w", "repne " name "w"}, \
     {name "d", f3 " " name "d", "repne " name "d"}}
enum StringRow : uint8_t { S_MOVS, S_CMPS, S_STOS, S_LODS, S_SCAS, S_INS, S_OUTS };
constexpr const char* kStringNames[7][3][3] = {
    BW_STRING("movs", "rep"), BW_STRING("cmps", "repe"), BW_STRING("stos", "rep"), BW_STRING("lods", "rep"),
    BW_STRING("scas", "repe"), BW_STRING("ins", "rep"), BW_STRING("outs", "rep"),
};
#undef BW_STRING

// Condition codes (SDM Vol. 2, B.1.4.7, table B-10) in encoding order, spelled as Capstone
// spells them: the first of each Intel synonym pair except B/NAE/C -> "b", NB/AE/NC -> "ae".
constexpr const char* kJcc[16] = {"jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja",
                                  "js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg"};
constexpr const char* kSetcc[16] = {"seto", "setno", "setb", "setae", "sete", "setne", "setbe", "seta",
                                    "sets", "setns", "setp", "setnp", "setl", "setge", "setle", "setg"};
constexpr const char* kCmovcc[16] = {"cmovo", "cmovno", "cmovb", "cmovae", "cmove", "cmovne", "cmovbe", "cmova",
                                     "cmovs", "cmovns", "cmovp", "cmovnp", "cmovl", "cmovge", "cmovle", "cmovg"};
constexpr const char* kArith[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};

// ---- opcode extension groups (SDM Vol. 2, table A-6) ----
constexpr Entry kGrp1b[8] = {E("add", "Eb,Ib"), E("or", "Eb,Ib"), E("adc", "Eb,Ib"), E("sbb", "Eb,Ib"),
                             E("and", "Eb,Ib"), E("sub", "Eb,Ib"), E("xor", "Eb,Ib"), E("cmp", "Eb,Ib")};
constexpr Entry kGrp1v[8] = {E("add", "Ev,Iz"), E("or", "Ev,Iz"), E("adc", "Ev,Iz"), E("sbb", "Ev,Iz"),
                             E("and", "Ev,Iz"), E("sub", "Ev,Iz"), E("xor", "Ev,Iz"), E("cmp", "Ev,Iz")};
constexpr Entry kGrp1vb[8] = {E("add", "Ev,Ib"), E("or", "Ev,Ib"), E("adc", "Ev,Ib"), E("sbb", "Ev,Ib"),
                              E("and", "Ev,Ib"), E("sub", "Ev,Ib"), E("xor", "Ev,Ib"), E("cmp", "Ev,Ib")};
constexpr Entry kGrp1a[8] = {E("pop", "Ev"), U, U, U, U, U, U, U};
// Group 2: /6 is blank in table A-6; Intel parts execute SHL there, and so do we.
#define BW_GRP2(ops) {E("rol", ops), E("ror", ops), E("rcl", ops), E("rcr", ops), E("shl", ops), E("shr", ops), E("shl", ops), E("sar", ops)}
constexpr Entry kGrp2bI[8] = BW_GRP2("Eb,Ib");
constexpr Entry kGrp2vI[8] = BW_GRP2("Ev,Ib");
constexpr Entry kGrp2b1[8] = BW_GRP2("Eb,1");
constexpr Entry kGrp2v1[8] = BW_GRP2("Ev,1");
constexpr Entry kGrp2bC[8] = BW_GRP2("Eb,CL");
constexpr Entry kGrp2vC[8] = BW_GRP2("Ev,CL");
#undef BW_GRP2
// Group 3: /1 is blank in table A-6; Intel parts execute TEST there.
constexpr Entry kGrp3b[8] = {E("test", "Eb,Ib"), E("test", "Eb,Ib"), E("not", "Eb"), E("neg", "Eb"),
                             E("mul", "Eb"), E("imul", "Eb"), E("div", "Eb"), E("idiv", "Eb")};
constexpr Entry kGrp3v[8] = {E("test", "Ev,Iz"), E("test", "Ev,Iz"), E("not", "Ev"), E("neg", "Ev"),
                             E("mul", "Ev"), E("imul", "Ev"), E("div", "Ev"), E("idiv", "Ev")};
constexpr Entry kGrp4[8] = {E("inc", "Eb"), E("dec", "Eb"), U, U, U, U, U, U};
// Group 5: /3 and /5 are the far forms (CALL/JMP m16:16/m16:32, "Mp").
constexpr Entry kGrp5[8] = {E("inc", "Ev"), E("dec", "Ev"), E("call", "Ev"), E("call", "Mp"),
                            E("jmp", "Ev"), E("jmp", "Mp"), E("push", "Ev"), U};
// Group 6 (0F 00) and 7 (0F 01): SLDT/STR/SMSW store a full register in register form
// ("Rv/Mw" in table A-6); LLDT/LTR/VERR/VERW/LMSW take r/m16.
constexpr Entry kGrp6[8] = {E("sldt", "Ev"), E("str", "Ev"), E("lldt", "Ew"), E("ltr", "Ew"),
                            E("verr", "Ew"), E("verw", "Ew"), U, U};
constexpr Entry kGrp7[8] = {E("sgdt", "Ms"), E("sidt", "Ms"), E("lgdt", "Ms"), E("lidt", "Ms"),
                            E("smsw", "Ev"), U, E("lmsw", "Ew"), E("invlpg", "Mb")};
constexpr Entry kGrp8[8] = {U, U, U, U, E("bt", "Ev,Ib"), E("bts", "Ev,Ib"), E("btr", "Ev,Ib"), E("btc", "Ev,Ib")};
constexpr Entry kGrp9[8] = {U, E("cmpxchg8b", "Mq"), U, U, U, U, U, U};
constexpr Entry kGrp11b[8] = {E("mov", "Eb,Ib"), U, U, U, U, U, U, U};
constexpr Entry kGrp11v[8] = {E("mov", "Ev,Iz"), U, U, U, U, U, U, U};
constexpr Entry kGrp15[8] = {E("fxsave", "M"), E("fxrstor", "M"), U, U, U, U, U, U};

// ---- x87 escapes (SDM Vol. 2, A.4: tables) ----
// Memory forms by escape and ModRM.reg; only the address registers matter here ("M").
constexpr Entry kD8m[8] = {E("fadd", "M"), E("fmul", "M"), E("fcom", "M"), E("fcomp", "M"),
                           E("fsub", "M"), E("fsubr", "M"), E("fdiv", "M"), E("fdivr", "M")};
constexpr Entry kD9m[8] = {E("fld", "M"), U, E("fst", "M"), E("fstp", "M"),
                           E("fldenv", "M"), E("fldcw", "M"), E("fnstenv", "M"), E("fnstcw", "M")};
constexpr Entry kDAm[8] = {E("fiadd", "M"), E("fimul", "M"), E("ficom", "M"), E("ficomp", "M"),
                           E("fisub", "M"), E("fisubr", "M"), E("fidiv", "M"), E("fidivr", "M")};
// DB /1, DD /1, DF /1 are FISTTP (SSE3), after the P6.
constexpr Entry kDBm[8] = {E("fild", "M"), U, E("fist", "M"), E("fistp", "M"), U, E("fld", "M"), U, E("fstp", "M")};
constexpr Entry kDCm[8] = {E("fadd", "M"), E("fmul", "M"), E("fcom", "M"), E("fcomp", "M"),
                           E("fsub", "M"), E("fsubr", "M"), E("fdiv", "M"), E("fdivr", "M")};
constexpr Entry kDDm[8] = {E("fld", "M"), U, E("fst", "M"), E("fstp", "M"), E("frstor", "M"), U, E("fnsave", "M"), E("fnstsw", "M")};
constexpr Entry kDEm[8] = {E("fiadd", "M"), E("fimul", "M"), E("ficom", "M"), E("ficomp", "M"),
                           E("fisub", "M"), E("fisubr", "M"), E("fidiv", "M"), E("fidivr", "M")};
constexpr Entry kDFm[8] = {E("fild", "M"), U, E("fist", "M"), E("fistp", "M"),
                           E("fbld", "M"), E("fild", "M"), E("fbstp", "M"), E("fistp", "M")};
// Register forms whose ModRM.rm selects the operation (tables ).
constexpr Entry kD9_2[8] = {E("fnop"), U, U, U, U, U, U, U};
constexpr Entry kD9_4[8] = {E("fchs"), E("fabs"), U, U, E("ftst"), E("fxam"), U, U};
constexpr Entry kD9_5[8] = {E("fld1"), E("fldl2t"), E("fldl2e"), E("fldpi"), E("fldlg2"), E("fldln2"), E("fldz"), U};
constexpr Entry kD9_6[8] = {E("f2xm1"), E("fyl2x"), E("fptan"), E("fpatan"), E("fxtract"), E("fprem1"), E("fdecstp"), E("fincstp")};
constexpr Entry kD9_7[8] = {E("fprem"), E("fyl2xp1"), E("fsqrt"), E("fsincos"), E("frndint"), E("fscale"), E("fsin"), E("fcos")};
constexpr Entry kDA_5[8] = {U, E("fucompp"), U, U, U, U, U, U};
// DB E0/E1/E4: the 8087's FENI/FDISI and the 287's FSETPM, no-ops from the 387 on.
constexpr Entry kDB_4[8] = {E("fneni"), E("fndisi"), E("fnclex"), E("fninit"), E("fsetpm"), U, U, U};
constexpr Entry kDE_3[8] = {U, E("fcompp"), U, U, U, U, U, U};
constexpr Entry kDF_4[8] = {E("fnstsw", "AX"), U, U, U, U, U, U, U};
// Register forms by escape and ModRM.reg. The undocumented aliases the decoder executes
// (D9 D8+i FSTP, DC D0+i FCOM, DC D8+i FCOMP, DD C8+i FXCH, DE D0+i FCOMP, DF C0+i FFREEP,
// DF C8+i FXCH, DF D0+i/D8+i FSTP) carry the name of the operation they perform.
constexpr Entry kD8r[8] = {E("fadd", "ST,STi"), E("fmul", "ST,STi"), E("fcom", "STi"), E("fcomp", "STi"),
                           E("fsub", "ST,STi"), E("fsubr", "ST,STi"), E("fdiv", "ST,STi"), E("fdivr", "ST,STi")};
constexpr Entry kD9r[8] = {E("fld", "STi"), E("fxch", "STi"), RM(kD9_2), E("fstp", "STi"),
                           RM(kD9_4), RM(kD9_5), RM(kD9_6), RM(kD9_7)};
constexpr Entry kDAr[8] = {E("fcmovb", "ST,STi"), E("fcmove", "ST,STi"), E("fcmovbe", "ST,STi"), E("fcmovu", "ST,STi"),
                           U, RM(kDA_5), U, U};
constexpr Entry kDBr[8] = {E("fcmovnb", "ST,STi"), E("fcmovne", "ST,STi"), E("fcmovnbe", "ST,STi"), E("fcmovnu", "ST,STi"),
                           RM(kDB_4), E("fucomi", "ST,STi"), E("fcomi", "ST,STi"), U};
// DC E0+i is FSUBR ST(i), ST(0) and DC E8+i FSUB (likewise DIVR/DIV, and DE's popping forms).
constexpr Entry kDCr[8] = {E("fadd", "STi,ST"), E("fmul", "STi,ST"), E("fcom", "STi"), E("fcomp", "STi"),
                           E("fsubr", "STi,ST"), E("fsub", "STi,ST"), E("fdivr", "STi,ST"), E("fdiv", "STi,ST")};
constexpr Entry kDDr[8] = {E("ffree", "STi"), E("fxch", "STi"), E("fst", "STi"), E("fstp", "STi"),
                           E("fucom", "STi"), E("fucomp", "STi"), U, U};
constexpr Entry kDEr[8] = {E("faddp", "STi,ST"), E("fmulp", "STi,ST"), E("fcomp", "STi"), RM(kDE_3),
                           E("fsubrp", "STi,ST"), E("fsubp", "STi,ST"), E("fdivrp", "STi,ST"), E("fdivp", "STi,ST")};
constexpr Entry kDFr[8] = {E("ffreep", "STi"), E("fxch", "STi"), E("fstp", "STi"), E("fstp", "STi"),
                           RM(kDF_4), E("fucomip", "ST,STi"), E("fcomip", "ST,STi"), U};

struct At {
    uint8_t op;
    Entry e;
};

// ---- the one-byte map (SDM Vol. 2, table A-2) ----
// 00-3F (the ALU rows, ADD..CMP) and the register rows 40-5F, 70-7F, 90-97, B0-BF are filled
// by the loops in build_one() below.
constexpr At kOneList[] = {
    {0x06, E("push", "ES")}, {0x07, E("pop", "ES")}, {0x0E, E("push", "CS")},
    {0x16, E("push", "SS")}, {0x17, E("pop", "SS")}, {0x1E, E("push", "DS")}, {0x1F, E("pop", "DS")},
    {0x27, E("daa")}, {0x2F, E("das")}, {0x37, E("aaa")}, {0x3F, E("aas")},
    {0x60, V("pusha", "pushad")}, {0x61, V("popa", "popad")}, {0x62, E("bound", "Gv,Ma")}, {0x63, E("arpl", "Ew,Gw")},
    {0x68, E("push", "Iz")}, {0x69, E("imul", "Gv,Ev,Iz")}, {0x6A, E("push", "Ib")}, {0x6B, E("imul", "Gv,Ev,Ib")},
    {0x6C, STR(S_INS, "Yb,DX")}, {0x6D, STR(S_INS, "Yz,DX")}, {0x6E, STR(S_OUTS, "DX,Xb")}, {0x6F, STR(S_OUTS, "DX,Xz")},
    {0x80, GRP(kGrp1b)}, {0x81, GRP(kGrp1v)}, {0x82, GRP(kGrp1b)}, {0x83, GRP(kGrp1vb)},
    {0x84, E("test", "Eb,Gb")}, {0x85, E("test", "Ev,Gv")}, {0x86, E("xchg", "Eb,Gb")}, {0x87, E("xchg", "Ev,Gv")},
    {0x88, E("mov", "Eb,Gb")}, {0x89, E("mov", "Ev,Gv")}, {0x8A, E("mov", "Gb,Eb")}, {0x8B, E("mov", "Gv,Ev")},
    {0x8C, E("mov", "Ev,Sw")}, {0x8D, E("lea", "Gv,M")}, {0x8E, E("mov", "Sw,Ew")}, {0x8F, GRP(kGrp1a)},
    {0x90, E("nop")},
    {0x98, V("cbw", "cwde")}, {0x99, V("cwd", "cdq")}, {0x9A, E("call", "Ap")}, {0x9B, E("wait")},
    {0x9C, V("pushf", "pushfd")}, {0x9D, V("popf", "popfd")}, {0x9E, E("sahf")}, {0x9F, E("lahf")},
    {0xA0, E("mov", "AL,Ob")}, {0xA1, E("mov", "eAX,Ov")}, {0xA2, E("mov", "Ob,AL")}, {0xA3, E("mov", "Ov,eAX")},
    {0xA4, STR(S_MOVS, "Yb,Xb")}, {0xA5, STR(S_MOVS, "Yv,Xv")}, {0xA6, STR(S_CMPS, "Xb,Yb")}, {0xA7, STR(S_CMPS, "Xv,Yv")},
    {0xA8, E("test", "AL,Ib")}, {0xA9, E("test", "eAX,Iz")},
    {0xAA, STR(S_STOS, "Yb,AL")}, {0xAB, STR(S_STOS, "Yv,eAX")}, {0xAC, STR(S_LODS, "AL,Xb")}, {0xAD, STR(S_LODS, "eAX,Xv")},
    {0xAE, STR(S_SCAS, "AL,Yb")}, {0xAF, STR(S_SCAS, "eAX,Yv")},
    {0xC0, GRP(kGrp2bI)}, {0xC1, GRP(kGrp2vI)}, {0xC2, E("ret", "Iw")}, {0xC3, E("ret")},
    {0xC4, E("les", "Gz,Mp")}, {0xC5, E("lds", "Gz,Mp")}, {0xC6, GRP(kGrp11b)}, {0xC7, GRP(kGrp11v)},
    // CA/CB: RET far ("far RET" in table A-2), spelled RETF as Intel assemblers do.
    {0xC8, E("enter", "Iw,Ib")}, {0xC9, E("leave")}, {0xCA, E("retf", "Iw")}, {0xCB, E("retf")},
    {0xCC, E("int3")}, {0xCD, E("int", "Ib")}, {0xCE, E("into")}, {0xCF, V("iret", "iretd")},
    {0xD0, GRP(kGrp2b1)}, {0xD1, GRP(kGrp2v1)}, {0xD2, GRP(kGrp2bC)}, {0xD3, GRP(kGrp2vC)},
    // D6: SALC, undocumented (blank in table A-2); Intel parts set AL from CF.
    {0xD4, E("aam", "Ib")}, {0xD5, E("aad", "Ib")}, {0xD6, E("salc")}, {0xD7, E("xlatb")},
    {0xD8, X87(kD8m, kD8r)}, {0xD9, X87(kD9m, kD9r)}, {0xDA, X87(kDAm, kDAr)}, {0xDB, X87(kDBm, kDBr)},
    {0xDC, X87(kDCm, kDCr)}, {0xDD, X87(kDDm, kDDr)}, {0xDE, X87(kDEm, kDEr)}, {0xDF, X87(kDFm, kDFr)},
    {0xE0, E("loopne", "Jb")}, {0xE1, E("loope", "Jb")}, {0xE2, E("loop", "Jb")}, {0xE3, AS("jcxz", "jecxz", "Jb")},
    {0xE4, E("in", "AL,Ib")}, {0xE5, E("in", "eAX,Ib")}, {0xE6, E("out", "Ib,AL")}, {0xE7, E("out", "Ib,eAX")},
    {0xE8, E("call", "Jz")}, {0xE9, E("jmp", "Jz")}, {0xEA, E("jmp", "Ap")}, {0xEB, E("jmp", "Jb")},
    {0xEC, E("in", "AL,DX")}, {0xED, E("in", "eAX,DX")}, {0xEE, E("out", "DX,AL")}, {0xEF, E("out", "DX,eAX")},
    {0xF4, E("hlt")}, {0xF5, E("cmc")}, {0xF6, GRP(kGrp3b)}, {0xF7, GRP(kGrp3v)},
    {0xF8, E("clc")}, {0xF9, E("stc")}, {0xFA, E("cli")}, {0xFB, E("sti")},
    {0xFC, E("cld")}, {0xFD, E("std")}, {0xFE, GRP(kGrp4)}, {0xFF, GRP(kGrp5)},
};

// ---- the two-byte map, 0F xx (SDM Vol. 2, table A-3) ----
// 40-4F (CMOVcc), 80-8F (Jcc), 90-9F (SETcc) and C8-CF (BSWAP) are filled in build_two().
constexpr At kTwoList[] = {
    // LAR/LSL: "Gv,Ew" in table A-3, but the register form reads a full register ("LAR r32,
    // r32/m16", SDM Vol. 2, LAR and LSL).
    {0x00, GRP(kGrp6)}, {0x01, GRP(kGrp7)}, {0x02, E("lar", "Gv,Ev")}, {0x03, E("lsl", "Gv,Ev")},
    {0x06, E("clts")}, {0x08, E("invd")}, {0x09, E("wbinvd")}, {0x0B, E("ud2")},
    // MOV to/from CRn/DRn: always 32-bit general registers, ModRM.mod ignored.
    {0x20, E("mov", "Rd,Cd")}, {0x21, E("mov", "Rd,Dd")}, {0x22, E("mov", "Cd,Rd")}, {0x23, E("mov", "Dd,Rd")},
    {0x30, E("wrmsr")}, {0x31, E("rdtsc")}, {0x32, E("rdmsr")}, {0x33, E("rdpmc")},
    {0x34, E("sysenter")}, {0x35, E("sysexit")},
    {0xA0, E("push", "FS")}, {0xA1, E("pop", "FS")}, {0xA2, E("cpuid")}, {0xA3, E("bt", "Ev,Gv")},
    {0xA4, E("shld", "Ev,Gv,Ib")}, {0xA5, E("shld", "Ev,Gv,CL")},
    {0xA8, E("push", "GS")}, {0xA9, E("pop", "GS")}, {0xAB, E("bts", "Ev,Gv")},
    {0xAC, E("shrd", "Ev,Gv,Ib")}, {0xAD, E("shrd", "Ev,Gv,CL")}, {0xAE, GRP(kGrp15)}, {0xAF, E("imul", "Gv,Ev")},
    {0xB0, E("cmpxchg", "Eb,Gb")}, {0xB1, E("cmpxchg", "Ev,Gv")}, {0xB2, E("lss", "Gz,Mp")}, {0xB3, E("btr", "Ev,Gv")},
    {0xB4, E("lfs", "Gz,Mp")}, {0xB5, E("lgs", "Gz,Mp")}, {0xB6, E("movzx", "Gv,Eb")}, {0xB7, E("movzx", "Gv,Ew")},
    {0xBA, GRP(kGrp8)}, {0xBB, E("btc", "Ev,Gv")}, {0xBC, E("bsf", "Gv,Ev")}, {0xBD, E("bsr", "Gv,Ev")},
    {0xBE, E("movsx", "Gv,Eb")}, {0xBF, E("movsx", "Gv,Ew")},
    {0xC0, E("xadd", "Eb,Gb")}, {0xC1, E("xadd", "Ev,Gv")}, {0xC7, GRP(kGrp9)},
};

constexpr std::array<Entry, 256> build_one() {
    std::array<Entry, 256> t{};
    // 00-3F: the eight ALU operations in rows of six (Eb,Gb Ev,Gv Gb,Eb Gv,Ev AL,Ib eAX,Iz).
    constexpr const char* alu_ops[6] = {"Eb,Gb", "Ev,Gv", "Gb,Eb", "Gv,Ev", "AL,Ib", "eAX,Iz"};
    for (unsigned op = 0; op < 8; ++op)
        for (unsigned k = 0; k < 6; ++k) t[op * 8 + k] = E(kArith[op], alu_ops[k]);
    for (unsigned r = 0; r < 8; ++r) {
        t[0x40 + r] = E("inc", "Zv");
        t[0x48 + r] = E("dec", "Zv");
        t[0x50 + r] = E("push", "Zv");
        t[0x58 + r] = E("pop", "Zv");
        if (r) t[0x90 + r] = E("xchg", "eAX,Zv");  // 90 (XCHG eAX, eAX) is NOP
        t[0xB0 + r] = E("mov", "Zb,Ib");
        t[0xB8 + r] = E("mov", "Zv,Iv");
    }
    for (unsigned cc = 0; cc < 16; ++cc) t[0x70 + cc] = E(kJcc[cc], "Jb");
    for (const At& a : kOneList) t[a.op] = a.e;
    return t;
}

constexpr std::array<Entry, 256> build_two() {
    std::array<Entry, 256> t{};
    for (unsigned cc = 0; cc < 16; ++cc) {
        t[0x40 + cc] = E(kCmovcc[cc], "Gv,Ev");
        t[0x80 + cc] = E(kJcc[cc], "Jz");
        t[0x90 + cc] = E(kSetcc[cc], "Eb");
    }
    for (unsigned r = 0; r < 8; ++r) t[0xC8 + r] = E("bswap", "Zv");  // BSWAP r16 is undefined, not #UD
    for (const At& a : kTwoList) t[a.op] = a.e;
    return t;
}

constexpr std::array<Entry, 256> kOne = build_one();
constexpr std::array<Entry, 256> kTwo = build_two();

// The entry that names the instruction: group rows by ModRM.reg, x87 rows by ModRM.rm.
const Entry* lookup(const Insn& i) {
    const Entry* e = i.map ? &kTwo[i.opcode] : &kOne[i.opcode];
    if (e->sub) {
        bool reg_form = (i.modrm >> 6) == 3;
        e = &((reg_form && e->sub_reg) ? e->sub_reg : e->sub)[i.reg];
    }
    if (e->by_rm) e = &e->by_rm[i.modrm & 7];
    return e->mn ? e : nullptr;
}

struct Fixed {
    const char* name;
    RegClass cls;
    uint8_t num;
};
constexpr Fixed kFixed[] = {
    {"AL", RegClass::gpr8, 0}, {"CL", RegClass::gpr8, 1}, {"AX", RegClass::gpr16, 0}, {"DX", RegClass::gpr16, 2},
    {"ES", RegClass::sreg, 0}, {"CS", RegClass::sreg, 1}, {"SS", RegClass::sreg, 2}, {"DS", RegClass::sreg, 3},
    {"FS", RegClass::sreg, 4}, {"GS", RegClass::sreg, 5}, {"ST", RegClass::st, 0},
};

Operand reg_op(RegClass cls, unsigned num) {
    Operand o;
    o.kind = OperandKind::reg;
    o.cls = cls;
    o.num = uint8_t(num);
    return o;
}

Operand mem_op(const Insn& i, uint8_t base, uint8_t index) {
    Operand o;
    o.kind = OperandKind::mem;
    o.base = base;
    o.index = index;
    o.a32 = i.a32();
    return o;
}

// One operand in appendix A notation.
Operand resolve(const Insn& i, const char* tok, size_t len) {
    for (const Fixed& f : kFixed)
        if (std::strlen(f.name) == len && std::strncmp(f.name, tok, len) == 0) return reg_op(f.cls, f.num);
    if (len == 3 && std::strncmp(tok, "eAX", 3) == 0) return reg_op(i.o32() ? RegClass::gpr32 : RegClass::gpr16, 0);
    if (len == 3 && std::strncmp(tok, "STi", 3) == 0) return reg_op(RegClass::st, i.modrm & 7);
    RegClass cls = RegClass::gpr16;
    switch (tok[len - 1]) {
    case 'b': cls = RegClass::gpr8; break;
    case 'w': cls = RegClass::gpr16; break;
    case 'd': cls = RegClass::gpr32; break;
    default: cls = i.o32() ? RegClass::gpr32 : RegClass::gpr16; break;  // v, z
    }
    switch (tok[0]) {
    case 'E': return i.mem() ? mem_op(i, i.base, i.index) : reg_op(cls, i.rm);
    case 'M': return mem_op(i, i.base, i.index);
    case 'R': return reg_op(cls, i.rm);
    case 'G': case 'Z': return reg_op(cls, i.reg);
    case 'S': return reg_op(RegClass::sreg, i.reg);
    case 'C': return reg_op(RegClass::cr, i.reg);
    case 'D': return reg_op(RegClass::dr, i.reg);
    case 'X': return mem_op(i, 6, 8);  // DS:rSI
    case 'Y': return mem_op(i, 7, 8);  // ES:rDI
    case 'O': return mem_op(i, 8, 8);  // moffs: displacement only
    default: {  // I, J, A, 1
        Operand o;
        o.kind = OperandKind::imm;
        return o;
    }
    }
}

} // namespace

const char* mnemonic(const Insn& i) {
    const Entry* e = lookup(i);
    if (!e) return nullptr;
    switch (e->kind) {
    case STRING: {
        unsigned size = (i.opcode & 1) == 0 ? 0 : i.o32() ? 2 : 1;
        unsigned rep = (i.flags & insn_flag::REP) ? 1 : (i.flags & insn_flag::REPNE) ? 2 : 0;
        return kStringNames[e->str][size][rep];
    }
    case ASIZE: return i.a32() ? e->mn32 : e->mn;
    default: return i.o32() && e->mn32 ? e->mn32 : e->mn;
    }
}

const char* operand_form(const Insn& i) {
    const Entry* e = lookup(i);
    return e ? e->ops : nullptr;
}

unsigned operands(const Insn& i, Operand out[3]) {
    const char* f = operand_form(i);
    if (!f) return 0;
    unsigned n = 0;
    while (*f && n < 3) {
        size_t len = std::strcspn(f, ",");
        out[n++] = resolve(i, f, len);
        f += len;
        if (*f == ',') ++f;
    }
    return n;
}

} // namespace bw
