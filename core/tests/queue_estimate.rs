//! The wait estimator on synthetic streams of service times, and the simulated days it is
//! judged on: convergence, robustness to outliers, following a change of pace, honest
//! bases and ranges, determinism, and no panic on extreme inputs.
//!
//! The figures asserted are real: an estimator that ignored outliers, adapted too slowly
//! or reported a range that does not grow with the queue fails here.

use careway_core::api::queue::PointKind;
use careway_core::queue::estimate::{Basis, Estimator, WaitEstimate, MIN_OBSERVATIONS};
use careway_core::queue::sim::{evaluate, simulate_day, PointProfile, Rng, SESSION_OPENS_AT};

/// One minute, in milliseconds.
const MIN: i64 = 60_000;

/// An estimator without prior fed `n` log-normal services around `median_ms`.
fn fed(rng: &mut Rng, n: usize, median_ms: i64, sigma: f64) -> Estimator {
    let mut e = Estimator::new(None);
    for _ in 0..n {
        e.observe(rng.lognormal(median_ms, sigma));
    }
    e
}

/// `a / b` as a real.
fn ratio(a: i64, b: i64) -> f64 {
    a as f64 / b as f64
}

/// Low ≤ expected ≤ high, all non-negative.
fn assert_ordered(w: &WaitEstimate) {
    assert!(
        0 <= w.low_ms && w.low_ms <= w.expected_ms && w.expected_ms <= w.high_ms,
        "{w:?}"
    );
}

#[test]
fn a_steady_stream_converges_near_the_true_mean() {
    let mut rng = Rng::new(1);
    let e = fed(&mut rng, 80, 6 * MIN, 0.3);
    // The mean of a log-normal is its median × e^(σ²/2).
    let true_mean = 6.0 * MIN as f64 * (0.3_f64 * 0.3 / 2.0).exp();
    let per_patient = e.estimate(10, None).expected_ms as f64 / 10.0;
    assert!(
        (per_patient / true_mean - 1.0).abs() < 0.10,
        "{per_patient} vs {true_mean}"
    );

    // A perfectly steady stream gives its figure ...
    let mut e = Estimator::new(Some(8 * MIN));
    for _ in 0..40 {
        e.observe(5 * MIN);
    }
    // ... the prior of 8 minutes all but forgotten after 40 services ...
    assert!(
        ratio(e.mean_ms().unwrap(), 5 * MIN) < 1.03,
        "{:?}",
        e.mean_ms()
    );
    assert_eq!(e.estimate(3, None).basis, Basis::Observed(40));
    // ... and without a prior, exactly.
    let mut e = Estimator::new(None);
    for _ in 0..40 {
        e.observe(5 * MIN);
    }
    assert_eq!(e.mean_ms(), Some(5 * MIN));
    assert_eq!(e.estimate(3, None).expected_ms, 15 * MIN);
}

#[test]
fn one_huge_outlier_moves_the_estimate_by_less_than_a_quarter() {
    for (seed, outlier) in [(2, 45 * MIN), (3, 4 * 60 * MIN), (4, 3 * MIN * 1_000_000)] {
        let mut rng = Rng::new(seed);
        let mut e = fed(&mut rng, 20, 6 * MIN, 0.35);
        let before = e.estimate(5, None);
        e.observe(outlier);
        let after = e.estimate(5, None);
        let moved = ratio(after.expected_ms, before.expected_ms);
        assert!(moved < 1.25, "{outlier} ms moved the estimate ×{moved:.2}");
        // The patient in service right after a long case is not taken for a long case.
        let current = ratio(e.estimate(0, Some(MIN)).expected_ms, before.expected_ms / 5);
        assert!(current < 1.5, "×{current:.2}");
    }
    // Early in the day, with only the prior and one ordinary service, too.
    let mut e = Estimator::new(Some(8 * MIN));
    e.observe(7 * MIN);
    let before = e.estimate(5, None);
    e.observe(10 * 60 * MIN);
    let moved = ratio(e.estimate(5, None).expected_ms, before.expected_ms);
    assert!(moved < 2.0, "×{moved:.2} on the second service");
}

#[test]
fn a_doctor_slowing_from_5_to_10_minutes_is_followed_within_8_patients() {
    let mut rng = Rng::new(5);
    let mut e = fed(&mut rng, 30, 5 * MIN, 0.2);
    let before = e.estimate(1, None).expected_ms;
    assert!((ratio(before, 5 * MIN) - 1.0).abs() < 0.1, "{before}");
    for _ in 0..8 {
        e.observe(rng.lognormal(10 * MIN, 0.2));
    }
    let after = e.estimate(1, None).expected_ms;
    assert!(
        ratio(after, 10 * MIN) > 0.85,
        "after 8 at 10 min: {after} ms"
    );

    // And speeding back up, from 10 to 5.
    for _ in 0..30 {
        e.observe(rng.lognormal(10 * MIN, 0.2));
    }
    for _ in 0..8 {
        e.observe(rng.lognormal(5 * MIN, 0.2));
    }
    let back = e.estimate(1, None).expected_ms;
    assert!(ratio(back, 5 * MIN) < 1.2, "after 8 at 5 min: {back} ms");
}

#[test]
fn few_observations_fall_back_to_the_typical_time_or_to_unknown() {
    let mut with_prior = Estimator::new(Some(8 * MIN));
    let mut without = Estimator::new(None);
    for seen in 0..MIN_OBSERVATIONS {
        assert_eq!(with_prior.observations(), seen);
        let typical = with_prior.estimate(2, Some(0));
        assert_eq!(typical.basis, Basis::Typical);
        assert!(typical.expected_ms > 0);
        assert_ordered(&typical);
        let unknown = without.estimate(2, Some(0));
        assert_eq!(
            unknown,
            WaitEstimate {
                low_ms: 0,
                expected_ms: 0,
                high_ms: 0,
                basis: Basis::Unknown
            }
        );
        assert!(!unknown.is_known());
        assert_eq!(without.mean_ms(), None);
        with_prior.observe(6 * MIN);
        without.observe(6 * MIN);
    }
    // Before any service, the typical time itself: 2 ahead + one just called ≈ 3 × 8 min.
    let fresh = Estimator::new(Some(8 * MIN)).estimate(2, Some(0));
    assert_eq!(fresh.expected_ms, 24 * MIN);
    // A wide range: the typical time may be well off.
    assert!(fresh.high_ms - fresh.low_ms > 20 * MIN, "{fresh:?}");
    assert_eq!(with_prior.estimate(2, None).basis, Basis::Observed(3));
    assert_eq!(without.estimate(2, None).basis, Basis::Observed(3));
    assert_eq!(without.mean_ms(), Some(6 * MIN));
    // A non-positive typical time is no prior.
    assert_eq!(
        Estimator::new(Some(0)).estimate(1, None).basis,
        Basis::Unknown
    );
}

#[test]
fn nobody_ahead_and_nobody_in_service_means_no_wait() {
    let mut rng = Rng::new(6);
    for e in [
        Estimator::new(None),
        Estimator::new(Some(8 * MIN)),
        fed(&mut rng, 20, 6 * MIN, 0.4),
    ] {
        let w = e.estimate(0, None);
        assert_eq!((w.low_ms, w.expected_ms, w.high_ms), (0, 0, 0));
    }
}

#[test]
fn the_range_contains_the_expected_wait_and_widens_with_the_queue() {
    let mut rng = Rng::new(7);
    let e = fed(&mut rng, 40, 6 * MIN, 0.4);
    let mut last = e.estimate(0, Some(2 * MIN));
    assert_ordered(&last);
    for ahead in 1..60 {
        let w = e.estimate(ahead, Some(2 * MIN));
        assert_ordered(&w);
        assert!(
            w.high_ms - w.low_ms > last.high_ms - last.low_ms,
            "ahead {ahead}: {w:?}"
        );
        assert!(w.expected_ms > last.expected_ms);
        last = w;
    }
    // Skewed upwards, as waits are.
    let w = e.estimate(5, None);
    assert!(
        w.high_ms - w.expected_ms > w.expected_ms - w.low_ms,
        "{w:?}"
    );
    // Wider with fewer observations and with more spread.
    let mut rng = Rng::new(8);
    let few = fed(&mut rng, 3, 6 * MIN, 0.4).estimate(5, None);
    let many = fed(&mut rng, 40, 6 * MIN, 0.4).estimate(5, None);
    let steady = fed(&mut rng, 40, 6 * MIN, 0.1).estimate(5, None);
    let width = |w: &WaitEstimate| ratio(w.high_ms - w.low_ms, w.expected_ms);
    assert!(width(&few) > width(&many), "{few:?} {many:?}");
    assert!(width(&many) > width(&steady), "{many:?} {steady:?}");
}

#[test]
fn the_patient_in_service_counts_for_what_they_likely_still_need() {
    let mut e = Estimator::new(None);
    for _ in 0..20 {
        e.observe(6 * MIN);
    }
    let just_called = e.estimate(0, Some(0)).expected_ms;
    let halfway = e.estimate(0, Some(3 * MIN)).expected_ms;
    let overdue = e.estimate(0, Some(20 * MIN)).expected_ms;
    assert!(
        (ratio(just_called, 6 * MIN) - 1.0).abs() < 0.05,
        "{just_called}"
    );
    assert!(halfway < just_called && halfway > MIN, "{halfway}");
    assert!(overdue > 0 && overdue < just_called, "{overdue}");
    // Negative elapsed time (clock skew) reads as just called.
    assert_eq!(e.estimate(0, Some(-5 * MIN)).expected_ms, just_called);
    // Each waiting patient adds about a service.
    let two = e.estimate(2, Some(3 * MIN)).expected_ms;
    assert!((ratio(two - halfway, 12 * MIN) - 1.0).abs() < 0.05);
}

#[test]
fn reported_pauses_lengthen_later_estimates() {
    let mut rng = Rng::new(9);
    let mut e = fed(&mut rng, 20, 6 * MIN, 0.3);
    let before = e.estimate(4, None);
    e.observe_pause(20 * MIN);
    e.observe_pause(-5);
    let after = e.estimate(4, None);
    assert!(after.expected_ms > before.expected_ms);
    assert!(after.high_ms - after.expected_ms > before.high_ms - before.expected_ms);
    // Spread over the day: one 20-minute break does not add 20 minutes per patient.
    assert!(
        after.expected_ms - before.expected_ms < 4 * 2 * MIN,
        "{before:?} {after:?}"
    );
}

#[test]
fn extreme_inputs_do_not_panic() {
    for prior in [None, Some(i64::MAX), Some(1), Some(i64::MIN)] {
        let mut e = Estimator::new(prior);
        for d in [
            i64::MAX,
            i64::MIN,
            0,
            -1,
            1,
            i64::MAX,
            1,
            i64::MAX / 2,
            i64::MAX,
        ] {
            e.observe(d);
            e.observe_pause(d);
            for ahead in [0, 1, 7, u32::MAX] {
                for elapsed in [None, Some(0), Some(i64::MAX), Some(i64::MIN)] {
                    assert_ordered(&e.estimate(ahead, elapsed));
                }
            }
        }
        assert_eq!(e.observations(), 6);
        let w = e.estimate(u32::MAX, Some(i64::MAX));
        assert_eq!(w.high_ms, i64::MAX);
        assert_eq!(w.shifted(i64::MAX).high_ms, i64::MAX);
    }
    // Memory stays bounded however many services a day brings.
    let mut e = Estimator::new(None);
    for i in 0..100_000 {
        e.observe(MIN + i % 7);
    }
    assert_eq!(e.observations(), 100_000);
    assert!(ratio(e.mean_ms().unwrap(), MIN) < 1.01);
}

#[test]
fn the_generator_is_seeded_and_in_range() {
    let draws = |seed| {
        let mut rng = Rng::new(seed);
        (0..100).map(|_| rng.next_u64()).collect::<Vec<_>>()
    };
    assert_eq!(draws(42), draws(42));
    assert_ne!(draws(42), draws(43));
    let mut rng = Rng::new(10);
    let mut logs = Vec::new();
    for _ in 0..10_001 {
        let u = rng.uniform();
        assert!((0.0..1.0).contains(&u));
        let r = rng.range(-3, 4);
        assert!((-3..4).contains(&r));
        logs.push(rng.lognormal(5 * MIN, 0.5));
    }
    assert_eq!(rng.range(9, 9), 9);
    assert!(rng.range(i64::MIN, i64::MAX) < i64::MAX);
    logs.sort_unstable();
    assert!(
        (ratio(logs[5_000], 5 * MIN) - 1.0).abs() < 0.05,
        "median {}",
        logs[5_000]
    );
}

#[test]
fn profiles_draw_plausible_figures() {
    let mut rng = Rng::new(11);
    for _ in 0..200 {
        let c = PointProfile::clinic(&mut rng);
        assert_eq!(c.kind, PointKind::Clinic);
        assert!((4 * MIN..=12 * MIN).contains(&c.median_service_ms));
        assert!(c.pause_ms.0 >= 10 * MIN && c.pause_ms.1 <= 25 * MIN);
        assert!(c.outlier_factor.0 >= 3.0 && c.outlier_factor.1 <= 5.0);
        let l = PointProfile::lab(&mut rng);
        assert!((MIN..=2 * MIN).contains(&l.median_service_ms));
        let p = PointProfile::pharmacy(&mut rng);
        assert!((MIN..=3 * MIN).contains(&p.median_service_ms));
        for profile in [&c, &l, &p] {
            assert!((0.0..0.1).contains(&profile.pause_chance));
            assert!((0.0..0.1).contains(&profile.outlier_chance));
        }
    }
}

#[test]
fn a_simulated_day_is_determined_by_its_seed_and_consistent() {
    let day = |seed| {
        let mut rng = Rng::new(seed);
        let profile = PointProfile::clinic(&mut rng);
        simulate_day(&profile, 40, &mut rng)
    };
    assert_eq!(day(12), day(12));
    assert_ne!(day(12), day(13));
    let mut pauses = 0;
    for seed in 0..50 {
        let visits = day(seed);
        assert_eq!(visits.len(), 40);
        for (i, v) in visits.iter().enumerate() {
            assert!(v.called_at >= v.checked_in_at && v.called_at >= SESSION_OPENS_AT);
            assert_eq!(v.wait_ms, v.called_at - v.checked_in_at);
            assert!(v.service_ms > 0);
            if i > 0 {
                let before = &visits[i - 1];
                assert!(v.checked_in_at >= before.checked_in_at, "FIFO by check-in");
                assert!(
                    v.called_at
                        >= before.done_at() + v.pause_before_ms.min(v.called_at - before.done_at())
                );
                assert!(v.called_at >= before.done_at(), "one patient at a time");
            }
            pauses += usize::from(v.pause_before_ms > 0);
        }
    }
    assert!(pauses > 0, "doctors step away sometimes");
    assert!(simulate_day(&PointProfile::lab(&mut Rng::new(1)), 0, &mut Rng::new(1)).is_empty());
}

#[test]
fn on_simulated_days_the_estimator_beats_the_naive_baseline_with_an_honest_range() {
    // Development days only (the held-out ones are for the bench's report).
    let e = evaluate(0..60);
    assert_eq!(e.days, 60);
    assert!(e.predictions > 5_000, "{e:?}");
    assert!(e.mae_min < 0.95 * e.baseline_mae_min, "{e:?}");
    assert!((0.70..=0.90).contains(&e.coverage), "{e:?}");
    assert!(e.unknown_share < 0.05 && e.typical_share < 0.15, "{e:?}");
}
