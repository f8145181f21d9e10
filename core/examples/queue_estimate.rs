//! Measures the wait estimator on simulated days: development days (seeds `0..200`, the
//! only ones its constants were tuned on) against held-out days (`10_000..10_500`, never
//! tuned on), with a naive baseline (people ahead × today's plain mean service time).
//!
//! `cargo xtask bench queue` (or `cargo run --release -p careway-core --example
//! queue_estimate`). The aim: the true wait inside the shown range 70–90 % of the time,
//! and a mean absolute error clearly below the baseline's.

use careway_core::api::queue::PointKind;
use careway_core::queue::sim::{evaluate_kind, Evaluation};

/// Development days: the only ones the estimator's constants were tuned on.
const DEVELOPMENT: std::ops::Range<u64> = 0..200;
/// Held-out days: reported, never tuned on.
const HELD_OUT: std::ops::Range<u64> = 10_000..10_500;

/// One row of the table: a label and how to print the figure from an evaluation.
type Row = (&'static str, fn(&Evaluation) -> String);

fn main() {
    let rows: [Row; 12] = [
        ("days", |e| e.days.to_string()),
        ("estimates", |e| e.predictions.to_string()),
        ("mean true wait, min", |e| format!("{:.1}", e.mean_wait_min)),
        ("MAE, min", |e| format!("{:.2}", e.mae_min)),
        ("median abs error, min", |e| {
            format!("{:.2}", e.median_ae_min)
        }),
        ("bias, min", |e| format!("{:+.2}", e.bias_min)),
        ("baseline MAE, min", |e| {
            format!("{:.2}", e.baseline_mae_min)
        }),
        ("baseline bias, min", |e| {
            format!("{:+.2}", e.baseline_bias_min)
        }),
        ("MAE / baseline", |e| format!("{:.2}", ratio(e))),
        ("true wait in range", |e| {
            format!("{:.1}%", 100.0 * e.coverage)
        }),
        ("basis typical", |e| {
            format!("{:.1}%", 100.0 * e.typical_share)
        }),
        ("basis unknown", |e| {
            format!("{:.1}%", 100.0 * e.unknown_share)
        }),
    ];
    let development = evaluate_kind(DEVELOPMENT, None);
    let held_out = evaluate_kind(HELD_OUT, None);
    println!(
        "{:<24}{:>14}{:>14}",
        "all points", "development", "held-out"
    );
    for (label, figure) in rows {
        println!(
            "{label:<24}{:>14}{:>14}",
            figure(&development),
            figure(&held_out)
        );
    }

    println!();
    println!(
        "{:<16}{:>6}{:>22}{:>22}",
        "by point", "days", "MAE / baseline, min", "true wait in range"
    );
    for (name, kind) in [
        ("clinic", PointKind::Clinic),
        ("lab", PointKind::Lab),
        ("pharmacy", PointKind::Pharmacy),
    ] {
        for (set, seeds) in [("dev", DEVELOPMENT), ("held", HELD_OUT)] {
            let e = evaluate_kind(seeds, Some(kind));
            println!(
                "{:<16}{:>6}{:>22}{:>21.1}%",
                format!("{name} {set}"),
                e.days,
                format!("{:.2} / {:.2}", e.mae_min, e.baseline_mae_min),
                100.0 * e.coverage
            );
        }
    }
}

/// The estimator's mean absolute error as a share of the baseline's.
fn ratio(e: &Evaluation) -> f64 {
    e.mae_min / e.baseline_mae_min.max(1e-9)
}
