//! The wasm half of `cargo xtask bench nav`: the route planner as the app runs it, in
//! WebAssembly in headless Chromium, on the demo building — 10 000 random (door, place)
//! pairs, each planned with its steps. Prints p50/p99 per route against DESIGN.md's budget
//! (p99 ≤ 1 ms in wasm); ignored by the test suite, never a pass/fail on time.
//!
//! The browser's clock is coarsened (to 100 µs without cross-origin isolation), so each
//! pair is planned `REPEAT` times and timed as a whole.

#![cfg(target_arch = "wasm32")]

use careway_core::navigation::{demo_venue, Mode, Planner};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Plans of one pair timed together.
const REPEAT: usize = 10;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: `cargo xtask bench nav` runs it"]
fn routes_between_random_places_in_wasm() {
    let venue = demo_venue();
    let built = now_ms();
    let planner = Planner::new(&venue);
    console_log!("wasm: Planner::new {:.2} ms", now_ms() - built);
    // The same xorshift64* pairs as the native half.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |n: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    };
    let pairs: Vec<(usize, usize)> = (0..10_000)
        .map(|_| (next(venue.places.len()), next(venue.places.len())))
        .collect();
    for mode in [Mode::WALKING, Mode::WHEELCHAIR] {
        let mut times: Vec<f64> = pairs
            .iter()
            .map(|&(a, b)| {
                let from = &venue.places[a].door;
                let to = &venue.places[b].id;
                let start = now_ms();
                for _ in 0..REPEAT {
                    std::hint::black_box(planner.plan(from, to, mode).is_ok());
                }
                (now_ms() - start) * 1000.0 / REPEAT as f64
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let p99 = times[times.len() * 99 / 100];
        console_log!(
            "wasm: step_free={:5} route+steps p50 {:7.1} µs  p99 {:7.1} µs  {}",
            mode.step_free,
            times[times.len() / 2],
            p99,
            if p99 <= 1000.0 {
                "within budget (p99 ≤ 1 ms)"
            } else {
                "OVER BUDGET (p99 ≤ 1 ms)"
            }
        );
    }
}
