// SDL scancodes (USB HID key positions) to PS/2 scan code set 1, so the guest sees the key's
// position whatever the host's layout is, as a real keyboard would send it.
#pragma once
#include <cstdint>
#include <SDL2/SDL_scancode.h>

namespace bw::frontend {

// The set-1 make code (0xE0xx for extended keys, kKeyPause / kKeyPrintScreen from send_keys.h
// for the two multi-code keys), or 0 for keys a PC/AT keyboard does not have.
uint16_t sdl_to_set1(SDL_Scancode sc);

} // namespace bw::frontend
