#include "frontend/sdl_window.h"
#include <SDL2/SDL.h>
#include <algorithm>
#include <cstdio>
#include <thread>
#include "devices/disk_image.h"
#include "devices/fdc82077.h"
#include "devices/i8042.h"
#include "devices/machine.h"
#include "devices/vga.h"
#include "frontend/screenshot.h"
#include "frontend/sdl_keymap.h"
#include "frontend/send_keys.h"

namespace bw::frontend {
namespace {

// Refresh on the virtual clock: about the 60-70 Hz of the VGA's own modes, so a frame shows
// what the guest drew in that much guest time whether the emulator runs fast or slow.
constexpr uint64_t kFrameNs = 1'000'000'000 / 60;
// Wall-clock limits on presenting: at most ~120 frames/s when the guest runs faster than real
// time, and at least 20/s while paused, halted or slow so the window never looks frozen.
constexpr auto kMinPresentGap = std::chrono::milliseconds(8);
constexpr auto kMaxPresentGap = std::chrono::milliseconds(50);

// The window's picture keeps a 4:3 aspect, as on a PC monitor, whatever the mode's pixel grid
// (720x400 text, 320x200, 640x480 all fill the same screen).
SDL_Rect fit_4_3(int w, int h) {
    int dw = w, dh = w * 3 / 4;
    if (dh > h) dh = h, dw = h * 4 / 3;
    return SDL_Rect{(w - dw) / 2, (h - dh) / 2, dw, dh};
}

constexpr SDL_Scancode kSwapKey = SDL_SCANCODE_1;

} // namespace

std::unique_ptr<SdlWindow> SdlWindow::open(Machine& m, const Options& o, std::string* error) {
    // Ctrl-C in the terminal keeps its headless meaning (exit 130): SDL must not turn SIGINT
    // into a quit event behind the run loop's back.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    // Sharp pixels: the picture is scaled by non-integer factors to keep 4:3.
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        if (error) *error = SDL_GetError();
        return nullptr;
    }
    std::unique_ptr<SdlWindow> w(new SdlWindow(m, o));
    w->win_ = SDL_CreateWindow("Boxwood", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 720, 540,
                               SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (w->win_) w->ren_ = SDL_CreateRenderer(w->win_, -1, 0);
    if (!w->ren_) {
        if (error) *error = SDL_GetError();
        return nullptr;  // the destructor closes what was opened
    }
    w->update_title(m);
    w->present();
    return w;
}

SdlWindow::SdlWindow(Machine& m, const Options& o) : m_(m), opts_(o) {
    kbd_ = dynamic_cast<I8042*>(m.find_device("i8042"));
    fdc_ = dynamic_cast<Fdc82077*>(m.find_device("fdc"));
    if (!m.config().fda.empty()) floppies_.push_back(m.config().fda);
    floppies_.insert(floppies_.end(), o.fda_swap.begin(), o.fda_swap.end());
    title_at_ = last_present_ = WallClock::now();
    restart_pacing(m);
}

SdlWindow::~SdlWindow() {
    if (tex_) SDL_DestroyTexture(tex_);
    if (ren_) SDL_DestroyRenderer(ren_);
    if (win_) SDL_DestroyWindow(win_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

// Sends the motion and button state gathered since the last packet to the PS/2 mouse.
void SdlWindow::flush_mouse() {
    if (!mouse_moved_ || !kbd_) return;
    kbd_->mouse_event(mouse_dx_, mouse_dy_, mouse_buttons_);
    mouse_dx_ = mouse_dy_ = 0;
    mouse_moved_ = false;
}

RunHooks::Next SdlWindow::before_slice(Machine& m) {
    SDL_Event e;
    while (SDL_PollEvent(&e)) handle_event(m, e);
    flush_mouse();
    if (quit_) return Next::Quit;
    maybe_present(m, false);
    update_title(m);
    if (paused_ || halted_) {
        // Nothing to run (paused) or nothing will happen until the user acts (halted): wait for
        // input instead of spinning.
        SDL_WaitEventTimeout(nullptr, 20);
        if (paused_) return Next::Skip;
    }
    if (opts_.realtime) pace(m);
    return Next::Run;
}

void SdlWindow::after_slice(Machine& m, StopReason why) {
    halted_ = why == StopReason::Halted && !(m.cpu().eflags() & 0x200);
}

// --realtime: sleep while virtual time is ahead of wall time (realtime_pacer.h).
void SdlWindow::pace(Machine& m) {
    const auto ahead = pacer_.pace(WallClock::now().time_since_epoch(), m.now_ns());
    if (ahead.count() > 0) std::this_thread::sleep_for(ahead);
}

void SdlWindow::restart_pacing(Machine& m) { pacer_.restart(WallClock::now().time_since_epoch(), m.now_ns()); }

void SdlWindow::handle_event(Machine& m, const SDL_Event& e) {
    switch (e.type) {
    case SDL_QUIT: quit_ = true; break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            release_all_keys();  // the keys' key-ups go to another window now
            set_grab(false);
        }
        dirty_ = true;
        break;
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
        const int sc = e.key.keysym.scancode;
        const bool down = e.type == SDL_KEYDOWN;
        const Uint16 mod = e.key.keysym.mod;
        if (down && (mod & KMOD_CTRL) && (mod & KMOD_ALT) && hotkey(m, sc)) {
            swallowed_.insert(sc);
            break;
        }
        if (!down && swallowed_.erase(sc)) break;
        send_key(sc, down, mod & KMOD_CTRL);
        break;
    }
    case SDL_MOUSEMOTION:
        if (!grabbed_) break;
        mouse_dx_ += e.motion.xrel;
        mouse_dy_ += e.motion.yrel;
        mouse_moved_ = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        if (!grabbed_) break;
        const int bit = e.button.button == SDL_BUTTON_LEFT ? 1 : e.button.button == SDL_BUTTON_RIGHT ? 2
                      : e.button.button == SDL_BUTTON_MIDDLE ? 4 : 0;
        // Each button change is a packet of its own: a press and its release within one poll
        // of the event queue must both reach the guest, not cancel out.
        flush_mouse();
        if (e.type == SDL_MOUSEBUTTONDOWN) mouse_buttons_ |= bit;
        else mouse_buttons_ &= ~bit;
        mouse_moved_ = true;
        flush_mouse();
        break;
    }
    default: break;
    }
}

void SdlWindow::send_key(int sc, bool pressed, bool ctrl_held) {
    uint16_t code = sdl_to_set1(SDL_Scancode(sc));
    // Ctrl+Pause is Break, a key of its own in set 1 (E0 46).
    if (code == kKeyPause && ctrl_held) code = 0xE046;
    if (!code || !kbd_) return;
    if (pressed) held_.insert(code);
    else if (!held_.erase(code)) return;  // its make went elsewhere (focus, hotkey)
    // SDL's key repeat stands in for the keyboard's typematic repeat: repeated makes.
    press_key(*kbd_, code, pressed);
    if (code == 0xE046 && pressed) press_key(*kbd_, code, false), held_.erase(code);  // Break has no key-up
    if (code == kKeyPause) held_.erase(code);
}

void SdlWindow::release_all_keys() {
    if (kbd_)
        for (uint16_t code : held_) press_key(*kbd_, code, false);
    held_.clear();
}

void SdlWindow::set_grab(bool on) {
    if (grabbed_ == on) return;
    grabbed_ = on;
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    state_shown_.clear();  // the title shows the grab state
}

bool SdlWindow::hotkey(Machine& m, int sc) {
    switch (sc) {
    case SDL_SCANCODE_F:
        fullscreen_ = !fullscreen_;
        SDL_SetWindowFullscreen(win_, fullscreen_ ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        dirty_ = true;
        return true;
    case SDL_SCANCODE_G: set_grab(!grabbed_); return true;
    case SDL_SCANCODE_P:
        paused_ = !paused_;
        if (!paused_) restart_pacing(m);
        state_shown_.clear();
        return true;
    case SDL_SCANCODE_R:
        std::fprintf(stderr, "boxwood: reset (Ctrl+Alt+R)\n");
        release_all_keys();
        m.reset();
        halted_ = false;
        return true;
    case SDL_SCANCODE_S: {
        std::string path = next_screenshot_name(), err;
        if (save_screenshot(m, path, &err)) std::fprintf(stderr, "boxwood: screenshot saved to %s\n", path.c_str());
        else std::fprintf(stderr, "boxwood: screenshot failed: %s\n", err.c_str());
        return true;
    }
    case SDL_SCANCODE_D:
        release_all_keys();  // the debugger takes the terminal; keys held now are let go
        set_grab(false);
        if (on_debugger_request) {
            on_debugger_request(m);
            restart_pacing(m);
        } else {
            std::fprintf(stderr, "boxwood: note: no debugger in this build (Ctrl+Alt+D)\n");
        }
        return true;
    case kSwapKey: swap_floppy(); return true;
    default: return false;
    }
}

// Ctrl+Alt+1: drive A: takes the next image of [--fda (or IMAGE), --fda-swap...], round robin.
// The controller raises the disk-change line, so the guest notices as with a real swap.
void SdlWindow::swap_floppy() {
    if (floppies_.size() < 2 || !fdc_) {
        std::fprintf(stderr, "boxwood: note: no other floppy image to swap in (give --fda-swap FILE)\n");
        return;
    }
    floppy_index_ = (floppy_index_ + 1) % floppies_.size();
    const std::string& path = floppies_[floppy_index_];
    try {
        fdc_->attach(0, std::make_unique<DiskImage>(path, opts_.snapshot));
        std::fprintf(stderr, "boxwood: drive A: now holds '%s'\n", path.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "boxwood: cannot swap in '%s': %s\n", path.c_str(), e.what());
    }
}

void SdlWindow::maybe_present(Machine& m, bool force) {
    const auto wall = WallClock::now();
    const bool frame_due = m.now_ns() >= next_frame_ns_ && wall - last_present_ >= kMinPresentGap;
    if (!force && !frame_due && wall - last_present_ < kMaxPresentGap) return;
    next_frame_ns_ = m.now_ns() + kFrameNs;
    last_present_ = wall;
    auto* vga = dynamic_cast<Vga*>(m.find_device("vga"));
    const uint64_t change = vga ? vga->change_count() : 0;
    if (!force && !dirty_ && change == last_change_) return;  // nothing new on screen
    last_change_ = change;
    dirty_ = false;
    unsigned w = 0, h = 0;
    if (!vga || !vga->render(frame_, w, h)) w = h = 0;
    if (w && h) {
        if (!tex_ || w != tex_w_ || h != tex_h_) {
            if (tex_) SDL_DestroyTexture(tex_);
            tex_ = SDL_CreateTexture(ren_, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, int(w), int(h));
            tex_w_ = w, tex_h_ = h;
        }
        if (tex_) SDL_UpdateTexture(tex_, nullptr, frame_.data(), int(w * 4));
    } else if (tex_) {
        SDL_DestroyTexture(tex_);  // no picture (display off, timing unset): black screen
        tex_ = nullptr;
        tex_w_ = tex_h_ = 0;
    }
    present();
}

void SdlWindow::present() {
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(ren_, &ow, &oh);
    SDL_SetRenderDrawColor(ren_, 0, 0, 0, 255);
    SDL_RenderClear(ren_);
    if (tex_) {
        SDL_Rect dst = fit_4_3(ow, oh);
        SDL_RenderCopy(ren_, tex_, nullptr, &dst);
    }
    SDL_RenderPresent(ren_);
}

// "Boxwood - running - 97.3 MIPS - Ctrl+Alt+G grabs the mouse", refreshed twice a second.
void SdlWindow::update_title(Machine& m) {
    const auto wall = WallClock::now();
    const double dt = std::chrono::duration<double>(wall - title_at_).count();
    const char* state = paused_ ? "paused" : halted_ ? "halted" : "running";
    if (dt < 0.5 && state_shown_ == state) return;
    const uint64_t n = m.instructions();
    const double mips = dt > 0 && n >= title_instr_ ? double(n - title_instr_) / dt / 1e6 : 0;
    title_at_ = wall;
    title_instr_ = n;
    state_shown_ = state;
    char title[160];
    std::snprintf(title, sizeof title, "Boxwood - %s - %.1f MIPS - %s", state, paused_ ? 0.0 : mips,
                  grabbed_ ? "mouse grabbed (Ctrl+Alt+G releases)" : "Ctrl+Alt+G grabs the mouse");
    SDL_SetWindowTitle(win_, title);
}

} // namespace bw::frontend
