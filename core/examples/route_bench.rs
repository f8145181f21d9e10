//! Times the route planner on the demo venue: 10 000 random (start node, place) pairs,
//! A* and Dijkstra, printing p50/p99 in µs per route.
//!
//! `cargo xtask bench nav` (or `cargo run --release -p careway-core --example route_bench`).
//! The budget (DESIGN.md): p99 ≤ 250 µs per route natively.

use std::time::Instant;

use careway_core::navigation::{demo_venue, Mode, Planner, Search};

fn main() {
    let venue = demo_venue();
    let built = Instant::now();
    let planner = Planner::new(&venue);
    println!(
        "venue: {} levels, {} places, {} nodes, {} edges; Planner::new {:?}",
        venue.levels.len(),
        venue.places.len(),
        venue.nodes.len(),
        venue.edges.len(),
        built.elapsed()
    );
    // A tiny deterministic PRNG (xorshift64*), the same pairs every run.
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
        for search in [Search::AStar, Search::Dijkstra] {
            for full in [false, true] {
                let mut times: Vec<f64> = pairs
                    .iter()
                    .map(|&(a, b)| {
                        let from = &venue.places[a].door;
                        let to = &venue.places[b].id;
                        let t = Instant::now();
                        if full {
                            let r = planner.plan_with(from, to, mode, search);
                            std::hint::black_box(&r);
                        } else {
                            std::hint::black_box(planner.distance(from, to, mode, search));
                        }
                        t.elapsed().as_secs_f64() * 1e6
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                let p99 = times[times.len() * 99 / 100];
                let verdict = if !full || search != Search::AStar {
                    ""
                } else if p99 <= 250.0 {
                    "  within budget (p99 ≤ 250 µs)"
                } else {
                    "  OVER BUDGET (p99 ≤ 250 µs)"
                };
                println!(
                    "step_free={:5} {:8} {:14} p50 {:6.1} µs  p99 {:6.1} µs{verdict}",
                    mode.step_free,
                    format!("{search:?}"),
                    if full { "route+steps" } else { "distance only" },
                    times[times.len() / 2],
                    p99
                );
            }
        }
    }
}
