// Scripted keyboard input (--send-keys SPEC): text and key names typed into the PS/2 keyboard as
// scan code set 1 make/break codes, paced on the machine's virtual clock so a run is repeatable.
//
// SPEC syntax:
//   plain text          typed with a US layout (Shift added for capitals and symbols)
//   \n \t \e \b         Enter, Tab, Escape, Backspace; \\ \{ \} give the character itself
//   {NAME}              one key: enter esc tab backspace space f1..f12 up down left right home
//                       end pgup pgdn ins del capslock numlock scrolllock pause prtsc win menu
//                       kp0..kp9 kpenter kpplus kpminus kpstar kpslash kpdot, or one character
//   {MOD-MOD-KEY}       a chord, e.g. {ctrl-alt-del} {ctrl-c} {alt-f4} {shift-tab}; modifiers:
//                       ctrl alt shift win rctrl ralt/altgr rshift
//   {press:KEY} {release:KEY}   hold or let go of one key
//   {wait:500ms} {wait:2s}      pause (virtual time; a bare number is milliseconds)
//   {wait-text:TEXT}    wait until TEXT is on the text screen (polled every 10 ms virtual)
// Every key event is followed by kKeyGapNs of virtual time, so typing is about 25 keys/s.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bw { class Machine; class I8042; }

namespace bw::frontend {

// Set-1 codes that need more than one key_event: Pause sends E1 1D 45 E1 9D C5 on make and
// nothing on break; Print Screen wraps its E0 37 in a fake left shift (E0 2A / E0 AA).
inline constexpr uint16_t kKeyPause = 0xE145;
inline constexpr uint16_t kKeyPrintScreen = 0xE037;

// One key transition into the keyboard, with the multi-code keys above expanded.
void press_key(I8042& kbd, uint16_t set1_code, bool pressed);

struct KeyStep {
    enum class Kind { Key, Wait, WaitText } kind = Kind::Key;
    uint16_t code = 0;   // Key: set-1 make code (0xE0xx extended)
    bool pressed = true;
    uint64_t ns = 0;     // Wait
    std::string text;    // WaitText
};

// Parses SPEC. On a syntax error returns nothing and sets *error to a one-line reason.
std::vector<KeyStep> parse_key_script(const std::string& spec, std::string* error);

// The set-1 make code of a key name (as in {NAME}), 0 if unknown.
uint16_t key_code_by_name(const std::string& name);

inline constexpr uint64_t kKeyGapNs = 20'000'000;    // 20 ms after each key event
inline constexpr uint64_t kTextPollNs = 10'000'000;  // {wait-text:} checks every 10 ms

// Plays a script into the machine's "i8042" from the current virtual time on, driven by a Clock
// timer that points at this object: keep it alive for as long as the machine runs.
class KeyScript {
public:
    KeyScript(Machine& m, std::vector<KeyStep> steps);
    bool done() const { return next_ >= steps_.size(); }

private:
    static void fire(void* ctx, uint64_t now);
    void advance(uint64_t now);

    Machine& m_;
    I8042* kbd_;
    std::vector<KeyStep> steps_;
    size_t next_ = 0;
    int timer_;
};

} // namespace bw::frontend
