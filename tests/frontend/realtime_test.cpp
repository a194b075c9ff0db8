// --realtime pacing (frontend/realtime_pacer.cpp) on a fake clock. The contract is README's:
// "sleep so that guest time keeps close to wall-clock time", only ever slowing the guest down;
// the window sleeps what pace() returns, at most 50 ms at a time, and a guest more than 1 s
// behind starts afresh rather than racing to catch up.
#include <catch2/catch.hpp>
#include "frontend/realtime_pacer.h"

using bw::frontend::RealtimePacer;
using namespace std::chrono_literals;
using Ns = RealtimePacer::Ns;

namespace {
constexpr uint64_t ms(uint64_t v) { return v * 1'000'000; }  // virtual time in ns
}

TEST_CASE("realtime: a guest ahead of wall time is made to wait the difference", "[frontend][realtime]") {
    RealtimePacer p;
    p.restart(Ns(5s), ms(100));
    CHECK(p.pace(Ns(5s) + 10ms, ms(130)) == Ns(20ms));
    CHECK(p.pace(Ns(5s) + 10ms, ms(110)) == Ns(0));   // exactly on time
    CHECK(p.pace(Ns(5s) + 30ms, ms(110)) == Ns(0));   // behind: never sped up
}

TEST_CASE("realtime: one sleep is at most 50 ms", "[frontend][realtime]") {
    RealtimePacer p;
    p.restart(Ns(0), 0);
    CHECK(p.pace(Ns(0), ms(400)) == Ns(50ms));
}

TEST_CASE("realtime: a guest more than 1 s behind does not race to catch up", "[frontend][realtime]") {
    RealtimePacer p;
    p.restart(Ns(0), 0);
    CHECK(p.pace(Ns(900ms), ms(0)) == Ns(0));   // 0.9 s behind: the baseline stays
    CHECK(p.pace(Ns(900ms), ms(930)) == Ns(30ms));
    CHECK(p.pace(Ns(2500ms), ms(1000)) == Ns(0));  // 1.5 s behind: the baseline moves to now
    // Had it stayed, 10 ms of wall time and 30 ms of guest time later the guest would still be
    // behind; from the new baseline it is 20 ms ahead.
    CHECK(p.pace(Ns(2510ms), ms(1030)) == Ns(20ms));
}

TEST_CASE("realtime: restart (resume from pause) forgets the time spent paused", "[frontend][realtime]") {
    RealtimePacer p;
    p.restart(Ns(0), 0);
    CHECK(p.pace(Ns(10ms), ms(10)) == Ns(0));
    // Paused for 600 ms of wall time (less than the 1 s lag limit), then resumed.
    p.restart(Ns(610ms), ms(10));
    CHECK(p.pace(Ns(615ms), ms(40)) == Ns(25ms));
}

TEST_CASE("realtime: a virtual clock that goes back (new machine) starts afresh", "[frontend][realtime]") {
    RealtimePacer p;
    p.restart(Ns(0), ms(500));
    CHECK(p.pace(Ns(1ms), ms(2)) == Ns(0));
    CHECK(p.pace(Ns(2ms), ms(7)) == Ns(4ms));
}

TEST_CASE("realtime: a fast guest paced in slices tracks wall time", "[frontend][realtime]") {
    // A host that runs a 10 ms slice of guest time in 1 ms of wall time: without pacing the
    // guest would be 9x ahead after a simulated minute; paced, it is never more than one slice
    // plus one sleep's rounding ahead of wall time.
    RealtimePacer p;
    Ns wall(123s);
    uint64_t virt = ms(7);
    p.restart(wall, virt);
    const Ns wall0 = wall;
    const uint64_t virt0 = virt;
    for (int slice = 0; slice < 6000; ++slice) {
        wall += p.pace(wall, virt);  // the window sleeps
        virt += ms(10);              // runs a slice
        wall += 1ms;
        const int64_t ahead = int64_t(virt - virt0) - (wall - wall0).count();
        REQUIRE(ahead <= int64_t(ms(10)));
    }
    const int64_t behind = (wall - wall0).count() - int64_t(virt - virt0);
    CHECK(behind < int64_t(ms(10)));
}
