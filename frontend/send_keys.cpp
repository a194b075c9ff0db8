#include "frontend/send_keys.h"
#include <cmath>
#include <cstdlib>
#include <utility>
#include "devices/i8042.h"
#include "devices/machine.h"
#include "frontend/text_screen.h"

namespace bw::frontend {
namespace {

constexpr uint16_t kLShift = 0x2A;

// US layout, ASCII 0x20-0x7E: set-1 make code and whether Shift is needed (IBM PC AT keyboard
// positions; codes from the PS/2 reference's scan code set 1 table).
struct CharKey { uint8_t code; bool shift; };
CharKey char_key(char c) {
    static const char kRow1[] = "1234567890-=", kRow1s[] = "!@#$%^&*()_+";
    static const char kRow2[] = "qwertyuiop[]", kRow2s[] = "QWERTYUIOP{}";
    static const char kRow3[] = "asdfghjkl;'`", kRow3s[] = "ASDFGHJKL:\"~";
    static const char kRow4[] = "zxcvbnm,./", kRow4s[] = "ZXCVBNM<>?";
    struct Row { const char* plain; const char* shifted; uint8_t first; };
    static const Row kRows[] = {{kRow1, kRow1s, 0x02}, {kRow2, kRow2s, 0x10}, {kRow3, kRow3s, 0x1E},
                                {kRow4, kRow4s, 0x2C}};
    if (c == ' ') return {0x39, false};
    if (c == '\\') return {0x2B, false};
    if (c == '|') return {0x2B, true};
    for (const Row& r : kRows)
        for (unsigned i = 0; r.plain[i]; ++i) {
            if (r.plain[i] == c) return {uint8_t(r.first + i), false};
            if (r.shifted[i] == c) return {uint8_t(r.first + i), true};
        }
    return {0, false};
}

struct NamedKey { const char* name; uint16_t code; };
constexpr NamedKey kNames[] = {
    {"esc", 0x01}, {"escape", 0x01}, {"enter", 0x1C}, {"return", 0x1C}, {"tab", 0x0F},
    {"backspace", 0x0E}, {"bs", 0x0E}, {"space", 0x39}, {"f1", 0x3B}, {"f2", 0x3C}, {"f3", 0x3D},
    {"f4", 0x3E}, {"f5", 0x3F}, {"f6", 0x40}, {"f7", 0x41}, {"f8", 0x42}, {"f9", 0x43}, {"f10", 0x44},
    {"f11", 0x57}, {"f12", 0x58}, {"ctrl", 0x1D}, {"lctrl", 0x1D}, {"rctrl", 0xE01D}, {"shift", 0x2A},
    {"lshift", 0x2A}, {"rshift", 0x36}, {"alt", 0x38}, {"lalt", 0x38}, {"ralt", 0xE038},
    {"altgr", 0xE038}, {"win", 0xE05B}, {"lwin", 0xE05B}, {"rwin", 0xE05C}, {"menu", 0xE05D},
    {"capslock", 0x3A}, {"numlock", 0x45}, {"scrolllock", 0x46}, {"up", 0xE048}, {"down", 0xE050},
    {"left", 0xE04B}, {"right", 0xE04D}, {"home", 0xE047}, {"end", 0xE04F}, {"pgup", 0xE049},
    {"pageup", 0xE049}, {"pgdn", 0xE051}, {"pagedown", 0xE051}, {"ins", 0xE052}, {"insert", 0xE052},
    {"del", 0xE053}, {"delete", 0xE053}, {"pause", kKeyPause}, {"prtsc", kKeyPrintScreen},
    {"printscreen", kKeyPrintScreen}, {"kp0", 0x52}, {"kp1", 0x4F}, {"kp2", 0x50}, {"kp3", 0x51},
    {"kp4", 0x4B}, {"kp5", 0x4C}, {"kp6", 0x4D}, {"kp7", 0x47}, {"kp8", 0x48}, {"kp9", 0x49},
    {"kpenter", 0xE01C}, {"kpplus", 0x4E}, {"kpminus", 0x4A}, {"kpstar", 0x37}, {"kpslash", 0xE035},
    {"kpdot", 0x53},
};

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void key(std::vector<KeyStep>& out, uint16_t code, bool pressed) {
    KeyStep s;
    s.code = code, s.pressed = pressed;
    out.push_back(s);
}

// A typed character: Shift around it when the layout needs it.
bool type_char(std::vector<KeyStep>& out, char c) {
    CharKey k = char_key(c);
    if (!k.code) return false;
    if (k.shift) key(out, kLShift, true);
    key(out, k.code, true);
    key(out, k.code, false);
    if (k.shift) key(out, kLShift, false);
    return true;
}

// "500ms", "2s", "1.5s", "300" (ms) as nanoseconds.
bool parse_duration(const std::string& v, uint64_t& ns) {
    std::string num = v;
    double scale = 1e6;
    if (num.size() > 2 && num.compare(num.size() - 2, 2, "ms") == 0) num.resize(num.size() - 2);
    else if (num.size() > 1 && num.back() == 's') num.pop_back(), scale = 1e9;
    if (num.empty()) return false;
    char* end = nullptr;
    double d = std::strtod(num.c_str(), &end);
    if (end != num.c_str() + num.size() || !std::isfinite(d) || d < 0 || d > 1e6) return false;
    ns = uint64_t(d * scale);
    return true;
}

// A key inside braces: a name or one character (for chords like {ctrl-c}).
uint16_t chord_key(const std::string& k, bool& shift) {
    shift = false;
    if (k.size() == 1) {
        CharKey c = char_key(k[0]);
        shift = c.shift;
        return c.code;
    }
    return key_code_by_name(lower(k));
}

std::string brace_token(std::vector<KeyStep>& out, const std::string& tok) {
    const std::string bad = "invalid --send-keys token '{" + tok + "}'";
    auto colon = tok.find(':');
    if (colon != std::string::npos) {
        std::string verb = lower(tok.substr(0, colon)), arg = tok.substr(colon + 1);
        if (verb == "wait") {
            KeyStep s;
            s.kind = KeyStep::Kind::Wait;
            if (!parse_duration(lower(arg), s.ns)) return bad + ": give a time like 500ms or 2s";
            out.push_back(s);
            return {};
        }
        if (verb == "wait-text") {
            if (arg.empty()) return bad + ": give the TEXT to wait for";
            KeyStep s;
            s.kind = KeyStep::Kind::WaitText;
            s.text = arg;
            out.push_back(s);
            return {};
        }
        if (verb == "press" || verb == "release") {
            bool shift = false;
            uint16_t code = chord_key(arg, shift);
            if (!code) return bad + ": unknown key '" + arg + "'";
            key(out, code, verb == "press");
            return {};
        }
        return bad + ": unknown command '" + verb + "'";
    }
    // A chord: modifiers joined by '-', the last part is the key ({ctrl--} is Ctrl with minus).
    std::vector<std::string> parts;
    std::string cur;
    for (size_t i = 0; i < tok.size(); ++i) {
        if (tok[i] == '-' && !cur.empty()) { parts.push_back(cur); cur.clear(); }
        else cur += tok[i];
    }
    if (cur.empty()) return bad;
    parts.push_back(cur);
    std::vector<uint16_t> mods;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        std::string m = lower(parts[i]);
        uint16_t code = m == "ctrl" || m == "lctrl" || m == "rctrl" || m == "alt" || m == "lalt" || m == "ralt" ||
                                m == "altgr" || m == "shift" || m == "lshift" || m == "rshift" || m == "win"
                            ? key_code_by_name(m)
                            : 0;
        if (!code) return bad + ": unknown modifier '" + parts[i] + "'";
        mods.push_back(code);
    }
    bool shift = false;
    uint16_t code = chord_key(parts.back(), shift);
    if (!code) return bad + ": unknown key '" + parts.back() + "'";
    if (shift) mods.push_back(kLShift);
    for (uint16_t m : mods) key(out, m, true);
    key(out, code, true);
    key(out, code, false);
    for (auto it = mods.rbegin(); it != mods.rend(); ++it) key(out, *it, false);
    return {};
}

} // namespace

uint16_t key_code_by_name(const std::string& name) {
    for (const NamedKey& k : kNames)
        if (name == k.name) return k.code;
    return 0;
}

void press_key(I8042& kbd, uint16_t code, bool pressed) {
    if (code == kKeyPause) {
        // The Pause key has no break code: its make is the whole E1 1D 45 E1 9D C5 sequence,
        // which the E1-prefixed key events below produce in either scan code set.
        if (!pressed) return;
        kbd.key_event(0xE11D, true);
        kbd.key_event(0x45, true);
        kbd.key_event(0xE11D, false);
        kbd.key_event(0x45, false);
        return;
    }
    if (code == kKeyPrintScreen) {
        if (pressed) kbd.key_event(0xE02A, true), kbd.key_event(0xE037, true);
        else kbd.key_event(0xE037, false), kbd.key_event(0xE02A, false);
        return;
    }
    kbd.key_event(code, pressed);
}

std::vector<KeyStep> parse_key_script(const std::string& spec, std::string* error) {
    std::vector<KeyStep> out;
    auto fail = [&](const std::string& msg) {
        if (error) *error = msg;
        return std::vector<KeyStep>{};
    };
    for (size_t i = 0; i < spec.size(); ++i) {
        char c = spec[i];
        if (c == '{') {
            size_t close = spec.find('}', i + 1);
            if (close == std::string::npos) return fail("invalid --send-keys: '{' without '}'");
            if (std::string err = brace_token(out, spec.substr(i + 1, close - i - 1)); !err.empty()) return fail(err);
            i = close;
            continue;
        }
        if (c == '\\' && i + 1 < spec.size()) {
            char e = spec[++i];
            uint16_t code = e == 'n' || e == 'r' ? 0x1C : e == 't' ? 0x0F : e == 'e' ? 0x01 : e == 'b' ? 0x0E : 0;
            if (code) {
                key(out, code, true);
                key(out, code, false);
                continue;
            }
            c = e;  // \\ \{ \} and any other escaped character stand for themselves
        }
        if (c == '\n' || c == '\r') {
            key(out, 0x1C, true);
            key(out, 0x1C, false);
            continue;
        }
        if (!type_char(out, c))
            return fail(std::string("invalid --send-keys: cannot type character ") +
                        (c >= 0x20 && c < 0x7F ? std::string("'") + c + "'" : "code " + std::to_string(uint8_t(c))));
    }
    return out;
}

KeyScript::KeyScript(Machine& m, std::vector<KeyStep> steps)
    : m_(m), kbd_(dynamic_cast<I8042*>(m.find_device("i8042"))), steps_(std::move(steps)) {
    timer_ = m_.clock().add_timer(&KeyScript::fire, this);
    if (!done()) m_.clock().arm(timer_, m_.now_ns());
}

void KeyScript::fire(void* ctx, uint64_t now) { static_cast<KeyScript*>(ctx)->advance(now); }

// Runs steps until one takes time, then sleeps on the clock until it is over.
void KeyScript::advance(uint64_t now) {
    while (!done()) {
        const KeyStep& s = steps_[next_];
        switch (s.kind) {
        case KeyStep::Kind::Key:
            if (kbd_) press_key(*kbd_, s.code, s.pressed);
            ++next_;
            m_.clock().arm(timer_, now + kKeyGapNs);
            return;
        case KeyStep::Kind::Wait:
            ++next_;
            m_.clock().arm(timer_, now + s.ns);
            return;
        case KeyStep::Kind::WaitText: {
            auto screen = read_text_screen(m_);
            if (!screen || screen->find(s.text) == std::string::npos) {
                m_.clock().arm(timer_, now + kTextPollNs);
                return;
            }
            ++next_;
            break;
        }
        }
    }
}

} // namespace bw::frontend
