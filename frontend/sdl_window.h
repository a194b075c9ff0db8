// The SDL2 desktop window: shows the VGA picture, feeds the host keyboard and mouse to the
// guest's i8042, and offers the Ctrl+Alt hotkeys. It plugs into the run loop as RunHooks, so a
// windowed run keeps every stop condition of a headless one (--until, --timeout, exit ports).
//
// Hotkeys (Ctrl+Alt+...): F fullscreen, G grab/release the mouse, P pause/resume, R reset,
// S screenshot to boxwood-N.png, D debugger, 1 next floppy image for drive A: (--fda-swap).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>
#include "frontend/headless.h"
#include "frontend/options.h"
#include "frontend/realtime_pacer.h"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;
union SDL_Event;

namespace bw { class I8042; class Fdc82077; }

namespace bw::frontend {

class SdlWindow : public RunHooks {
public:
    // Opens the window for `m`. Returns nothing (and sets *error to SDL's reason) when no window
    // can be opened, e.g. no X server behind $DISPLAY; the caller then runs headless.
    static std::unique_ptr<SdlWindow> open(Machine& m, const Options& o, std::string* error);
    ~SdlWindow() override;

    // Ctrl+Alt+D. The debugger (another part of the front end) installs itself here; it runs
    // with the machine stopped between slices. Without one the hotkey only says so.
    std::function<void(Machine&)> on_debugger_request;

    Next before_slice(Machine& m) override;
    void after_slice(Machine& m, StopReason why) override;
    bool keep_dead_halt(Machine&) override { return true; }

private:
    using WallClock = std::chrono::steady_clock;
    SdlWindow(Machine& m, const Options& o);

    void flush_mouse();
    void handle_event(Machine& m, const SDL_Event& e);
    bool hotkey(Machine& m, int scancode);
    void send_key(int scancode, bool pressed, bool ctrl_held);
    void release_all_keys();
    void set_grab(bool on);
    void swap_floppy();
    void maybe_present(Machine& m, bool force);
    void present();
    void update_title(Machine& m);
    void pace(Machine& m);
    void restart_pacing(Machine& m);

    Machine& m_;
    const Options& opts_;
    I8042* kbd_ = nullptr;
    Fdc82077* fdc_ = nullptr;
    SDL_Window* win_ = nullptr;
    SDL_Renderer* ren_ = nullptr;
    SDL_Texture* tex_ = nullptr;
    unsigned tex_w_ = 0, tex_h_ = 0;
    std::vector<uint32_t> frame_;
    uint64_t last_change_ = ~0ull;
    uint64_t next_frame_ns_ = 0;            // virtual time of the next refresh
    WallClock::time_point last_present_{};
    bool dirty_ = true;                     // the window needs repainting (resize, expose)

    bool quit_ = false, paused_ = false, halted_ = false, grabbed_ = false, fullscreen_ = false;
    std::set<int> swallowed_;               // hotkey scancodes whose key-up the guest must not see
    std::set<uint16_t> held_;               // set-1 codes the guest believes are down
    int mouse_dx_ = 0, mouse_dy_ = 0, mouse_buttons_ = 0;
    bool mouse_moved_ = false;

    std::vector<std::string> floppies_;     // drive A: images cycled by Ctrl+Alt+1
    size_t floppy_index_ = 0;

    WallClock::time_point title_at_{};
    uint64_t title_instr_ = 0;
    std::string state_shown_;
    RealtimePacer pacer_;                   // --realtime
};

} // namespace bw::frontend
