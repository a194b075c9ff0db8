#include "frontend/sdl_keymap.h"
#include "frontend/send_keys.h"

namespace bw::frontend {

uint16_t sdl_to_set1(SDL_Scancode sc) {
    // Letters: SDL orders them A-Z; set 1 numbers keys by row position.
    static const uint8_t kLetters[26] = {0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17,
                                         0x24, 0x25, 0x26, 0x32, 0x31, 0x18, 0x19, 0x10, 0x13,
                                         0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C};
    if (sc >= SDL_SCANCODE_A && sc <= SDL_SCANCODE_Z) return kLetters[sc - SDL_SCANCODE_A];
    if (sc >= SDL_SCANCODE_1 && sc <= SDL_SCANCODE_0) return uint16_t(0x02 + (sc - SDL_SCANCODE_1));  // 1..9, 0
    if (sc >= SDL_SCANCODE_F1 && sc <= SDL_SCANCODE_F10) return uint16_t(0x3B + (sc - SDL_SCANCODE_F1));
    static const uint8_t kKeypad[10] = {0x4F, 0x50, 0x51, 0x4B, 0x4C, 0x4D, 0x47, 0x48, 0x49, 0x52};  // 1..9, 0
    if (sc >= SDL_SCANCODE_KP_1 && sc <= SDL_SCANCODE_KP_0) return kKeypad[sc - SDL_SCANCODE_KP_1];
    switch (sc) {
    case SDL_SCANCODE_RETURN: return 0x1C;
    case SDL_SCANCODE_ESCAPE: return 0x01;
    case SDL_SCANCODE_BACKSPACE: return 0x0E;
    case SDL_SCANCODE_TAB: return 0x0F;
    case SDL_SCANCODE_SPACE: return 0x39;
    case SDL_SCANCODE_MINUS: return 0x0C;
    case SDL_SCANCODE_EQUALS: return 0x0D;
    case SDL_SCANCODE_LEFTBRACKET: return 0x1A;
    case SDL_SCANCODE_RIGHTBRACKET: return 0x1B;
    case SDL_SCANCODE_BACKSLASH: return 0x2B;
    case SDL_SCANCODE_NONUSHASH: return 0x2B;  // the ISO key beside Enter sits where US '\' is
    case SDL_SCANCODE_SEMICOLON: return 0x27;
    case SDL_SCANCODE_APOSTROPHE: return 0x28;
    case SDL_SCANCODE_GRAVE: return 0x29;
    case SDL_SCANCODE_COMMA: return 0x33;
    case SDL_SCANCODE_PERIOD: return 0x34;
    case SDL_SCANCODE_SLASH: return 0x35;
    case SDL_SCANCODE_NONUSBACKSLASH: return 0x56;  // the 102nd key (ISO, left of Z)
    case SDL_SCANCODE_CAPSLOCK: return 0x3A;
    case SDL_SCANCODE_F11: return 0x57;
    case SDL_SCANCODE_F12: return 0x58;
    case SDL_SCANCODE_PRINTSCREEN: return kKeyPrintScreen;
    case SDL_SCANCODE_SCROLLLOCK: return 0x46;
    case SDL_SCANCODE_PAUSE: return kKeyPause;
    case SDL_SCANCODE_INSERT: return 0xE052;
    case SDL_SCANCODE_HOME: return 0xE047;
    case SDL_SCANCODE_PAGEUP: return 0xE049;
    case SDL_SCANCODE_DELETE: return 0xE053;
    case SDL_SCANCODE_END: return 0xE04F;
    case SDL_SCANCODE_PAGEDOWN: return 0xE051;
    case SDL_SCANCODE_RIGHT: return 0xE04D;
    case SDL_SCANCODE_LEFT: return 0xE04B;
    case SDL_SCANCODE_DOWN: return 0xE050;
    case SDL_SCANCODE_UP: return 0xE048;
    case SDL_SCANCODE_NUMLOCKCLEAR: return 0x45;
    case SDL_SCANCODE_KP_DIVIDE: return 0xE035;
    case SDL_SCANCODE_KP_MULTIPLY: return 0x37;
    case SDL_SCANCODE_KP_MINUS: return 0x4A;
    case SDL_SCANCODE_KP_PLUS: return 0x4E;
    case SDL_SCANCODE_KP_ENTER: return 0xE01C;
    case SDL_SCANCODE_KP_PERIOD: return 0x53;
    case SDL_SCANCODE_APPLICATION: return 0xE05D;
    case SDL_SCANCODE_LCTRL: return 0x1D;
    case SDL_SCANCODE_LSHIFT: return 0x2A;
    case SDL_SCANCODE_LALT: return 0x38;
    case SDL_SCANCODE_LGUI: return 0xE05B;
    case SDL_SCANCODE_RCTRL: return 0xE01D;
    case SDL_SCANCODE_RSHIFT: return 0x36;
    case SDL_SCANCODE_RALT: return 0xE038;
    case SDL_SCANCODE_RGUI: return 0xE05C;
    default: return 0;
    }
}

} // namespace bw::frontend
