//! A synthetic day of one service point: the ground truth the wait estimator is judged on,
//! and what the demo server's simulator draws from.
//!
//! One session of one server serving FIFO. Patients hold appointments in consecutive
//! windows (half an hour at a clinic, a quarter at the lab and the pharmacy) and check in
//! around them: most a little early, some well ahead, some late. The point opens at
//! [`SESSION_OPENS_AT`]; patients who came earlier wait for it. Service times are
//! log-normal around a median that drifts over the session (doctors speed up or tire) and
//! on some days jumps once (a colleague takes over), with occasional long cases (a
//! difficult consultation, three to five times the usual). Between two patients the staff
//! sometimes step away (10–25 minutes at a clinic), and nobody is served meanwhile; no
//! pause falls inside a service, so a service time is what the estimator is told.
//!
//! Everything is drawn from a seeded [`Rng`], so a seed names one day exactly (the draws
//! use `ln`, `exp` and `cos`, whose last bits could differ between platforms' maths
//! libraries).
//!
//! [`evaluate`] replays days through an [`Estimator`] as the server would, and measures
//! its estimates against the true waits.

use super::estimate::{Basis, Estimator};
use crate::api::queue::PointKind;

/// One minute, in milliseconds.
const MINUTE_MS: i64 = 60_000;
/// When the simulated session opens: 2025-03-03 08:00 in China (00:00 UTC).
pub const SESSION_OPENS_AT: i64 = 1_740_960_000_000;
/// The shortest service a day contains: a patient who only hands over a slip.
const MIN_SERVICE_MS: i64 = 10_000;

/// A small seeded pseudo-random generator (splitmix64): fast, and the same sequence for a
/// seed on every platform. Not for anything secret.
#[derive(Clone, Debug)]
pub struct Rng {
    /// The generator's state.
    state: u64,
}

impl Rng {
    /// A generator whose sequence `seed` determines.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }

    /// A uniform integer in `[lo, hi)`; `lo` when the range is empty.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo);
        let offset = ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as u64;
        lo.wrapping_add_unsigned(offset)
    }

    /// A uniform real in `[lo, hi)`.
    pub fn range_f64(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform(); // (0, 1]: ln is finite
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// A log-normal draw with median `median_ms` and shape `sigma` (the standard deviation
    /// of its logarithm), in ms; saturates rather than overflowing.
    pub fn lognormal(&mut self, median_ms: i64, sigma: f64) -> i64 {
        let x = median_ms as f64 * (sigma * self.normal()).exp();
        if x.is_nan() {
            0
        } else {
            x.round() as i64
        }
    }
}

/// How one service point behaves for a day.
#[derive(Clone, Debug, PartialEq)]
pub struct PointProfile {
    /// What the point is.
    pub kind: PointKind,
    /// The median time one patient takes at the start of the session, in ms.
    pub median_service_ms: i64,
    /// Spread of service times: the standard deviation of their logarithm.
    pub sigma: f64,
    /// The chance, before each patient is called, that the staff step away first.
    pub pause_chance: f64,
    /// How long a step away lasts, in ms: uniform in `[lo, hi)`.
    pub pause_ms: (i64, i64),
    /// The chance that a patient is a long case.
    pub outlier_chance: f64,
    /// How many times the usual a long case takes: uniform in `[lo, hi)`.
    pub outlier_factor: (f64, f64),
    /// How the median changes over the session: the last patient's median is
    /// `1 + drift` times the first's (negative: the doctor speeds up).
    pub drift: f64,
    /// A sudden change of pace (the doctor is called away to a ward and a colleague takes
    /// over, a trainee starts helping): from this share of the session's patients on,
    /// every service takes `step_factor` times as long.
    pub step_at: f64,
    /// See [`PointProfile::step_at`]; 1 for a day without one.
    pub step_factor: f64,
    /// The hospital's configured typical time per patient for this kind of point, in ms:
    /// what an estimator is given as its prior. Deliberately not the drawn median.
    pub typical_ms: i64,
    /// Length of one appointment window, in ms.
    pub window_ms: i64,
    /// Booked demand against capacity: above 1 the queue grows over the session.
    pub load: f64,
}

impl PointProfile {
    /// A doctor's consulting room at a Chinese outpatient clinic: 4–12 minutes per
    /// patient, stepping away for 10–25 minutes now and then, an occasional consultation
    /// three to five times the usual.
    pub fn clinic(rng: &mut Rng) -> PointProfile {
        PointProfile {
            kind: PointKind::Clinic,
            median_service_ms: rng.range(4 * MINUTE_MS, 12 * MINUTE_MS),
            sigma: rng.range_f64(0.3, 0.6),
            pause_chance: rng.range_f64(0.01, 0.06),
            pause_ms: (10 * MINUTE_MS, 25 * MINUTE_MS),
            outlier_chance: rng.range_f64(0.02, 0.06),
            outlier_factor: (3.0, 5.0),
            drift: rng.range_f64(-0.3, 0.4),
            step_at: rng.range_f64(0.2, 0.8),
            step_factor: step_factor(rng, 0.3),
            typical_ms: 8 * MINUTE_MS,
            window_ms: 30 * MINUTE_MS,
            load: rng.range_f64(0.85, 1.15),
        }
    }

    /// The blood-draw windows: about 1–2 minutes per patient, a short break now and
    /// then, the odd difficult vein.
    pub fn lab(rng: &mut Rng) -> PointProfile {
        PointProfile {
            kind: PointKind::Lab,
            median_service_ms: rng.range(60_000, 2 * MINUTE_MS),
            sigma: rng.range_f64(0.25, 0.45),
            pause_chance: rng.range_f64(0.003, 0.015),
            pause_ms: (3 * MINUTE_MS, 10 * MINUTE_MS),
            outlier_chance: rng.range_f64(0.01, 0.04),
            outlier_factor: (3.0, 5.0),
            drift: rng.range_f64(-0.25, 0.3),
            step_at: rng.range_f64(0.2, 0.8),
            step_factor: step_factor(rng, 0.2),
            typical_ms: 90_000,
            window_ms: 15 * MINUTE_MS,
            load: rng.range_f64(0.85, 1.15),
        }
    }

    /// The pharmacy's dispensing window: about 1–3 minutes per prescription, a restock
    /// break now and then, the odd prescription that needs a call to the doctor.
    pub fn pharmacy(rng: &mut Rng) -> PointProfile {
        PointProfile {
            kind: PointKind::Pharmacy,
            median_service_ms: rng.range(60_000, 3 * MINUTE_MS),
            sigma: rng.range_f64(0.35, 0.6),
            pause_chance: rng.range_f64(0.003, 0.015),
            pause_ms: (3 * MINUTE_MS, 12 * MINUTE_MS),
            outlier_chance: rng.range_f64(0.01, 0.05),
            outlier_factor: (3.0, 5.0),
            drift: rng.range_f64(-0.25, 0.3),
            step_at: rng.range_f64(0.2, 0.8),
            step_factor: step_factor(rng, 0.2),
            typical_ms: 2 * MINUTE_MS,
            window_ms: 15 * MINUTE_MS,
            load: rng.range_f64(0.85, 1.15),
        }
    }

    /// A profile of `kind`: an imaging room paces like a clinic (one patient at a time,
    /// minutes each), a payment window like the pharmacy (many short services).
    pub fn of_kind(kind: PointKind, rng: &mut Rng) -> PointProfile {
        match kind {
            PointKind::Clinic | PointKind::Imaging => PointProfile::clinic(rng),
            PointKind::Lab => PointProfile::lab(rng),
            PointKind::Pharmacy | PointKind::Payment => PointProfile::pharmacy(rng),
        }
    }

    /// The mean time the point spends per patient, pauses and long cases included, at the
    /// session's start, in ms.
    pub fn mean_cycle_ms(&self) -> f64 {
        let service = self.median_service_ms as f64 * (self.sigma * self.sigma / 2.0).exp();
        let (lo, hi) = self.outlier_factor;
        let outliers = 1.0 + self.outlier_chance * ((lo + hi) / 2.0 - 1.0);
        let pause = self.pause_chance * (self.pause_ms.0 + self.pause_ms.1) as f64 / 2.0;
        service * outliers + pause
    }
}

/// With chance `p`, a sudden change of pace: between 0.6 and 1.7 times (either way about
/// equally often); otherwise 1.
fn step_factor(rng: &mut Rng, p: f64) -> f64 {
    let factor = rng.range_f64(0.6_f64.ln(), 1.7_f64.ln()).exp();
    if rng.chance(p) {
        factor
    } else {
        1.0
    }
}

/// One patient's visit to a service point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    /// When the patient checked in.
    pub checked_in_at: i64,
    /// When the patient was called in.
    pub called_at: i64,
    /// How long the service took, in ms (no pause falls inside a service).
    pub service_ms: i64,
    /// How long the staff stepped away just before calling this patient, in ms (0: not).
    pub pause_before_ms: i64,
    /// The true wait, `called_at − checked_in_at`, in ms.
    pub wait_ms: i64,
}

impl Visit {
    /// When the service ended.
    pub fn done_at(&self) -> i64 {
        self.called_at.saturating_add(self.service_ms)
    }
}

/// A synthetic session of the point `profile` with `patients` booked patients, in
/// check-in order (which is also the order they are called in). Opens at
/// [`SESSION_OPENS_AT`]; the session's length is what the point can serve at the
/// profile's load.
pub fn simulate_day(profile: &PointProfile, patients: usize, rng: &mut Rng) -> Vec<Visit> {
    if patients == 0 {
        return Vec::new();
    }
    let load = if profile.load > 0.05 {
        profile.load
    } else {
        1.0
    };
    let session_ms = patients as f64 * profile.mean_cycle_ms() / load;
    let window_ms = profile.window_ms.max(MINUTE_MS);
    let windows = ((session_ms / window_ms as f64).ceil() as usize).clamp(1, patients);
    let mut check_ins: Vec<i64> = (0..patients)
        .map(|i| {
            let window = (i * windows / patients) as i64;
            let start = SESSION_OPENS_AT.saturating_add(window.saturating_mul(window_ms));
            let offset = match rng.uniform() {
                u if u < 0.10 => rng.range(-45 * MINUTE_MS, -20 * MINUTE_MS),
                u if u < 0.75 => rng.range(-20 * MINUTE_MS, 0),
                u if u < 0.90 => rng.range(0, window_ms),
                _ => rng.range(window_ms, window_ms + 30 * MINUTE_MS),
            };
            start.saturating_add(offset)
        })
        .collect();
    check_ins.sort_unstable();

    let last = (patients - 1).max(1) as f64;
    let mut free_at = SESSION_OPENS_AT;
    let mut visits = Vec::with_capacity(patients);
    for (i, &checked_in_at) in check_ins.iter().enumerate() {
        let pause_before_ms = if i > 0 && rng.chance(profile.pause_chance) {
            rng.range(profile.pause_ms.0, profile.pause_ms.1)
        } else {
            0
        };
        let called_at = checked_in_at.max(free_at.saturating_add(pause_before_ms));
        let mut median = profile.median_service_ms as f64 * (1.0 + profile.drift * i as f64 / last);
        if i as f64 >= profile.step_at * patients as f64 {
            median *= profile.step_factor;
        }
        let mut service_ms = rng.lognormal(median.round() as i64, profile.sigma);
        if rng.chance(profile.outlier_chance) {
            let (lo, hi) = profile.outlier_factor;
            service_ms = (service_ms as f64 * rng.range_f64(lo, hi)).round() as i64;
        }
        let service_ms = service_ms.max(MIN_SERVICE_MS);
        let visit = Visit {
            checked_in_at,
            called_at,
            service_ms,
            pause_before_ms,
            wait_ms: called_at.saturating_sub(checked_in_at),
        };
        free_at = visit.done_at();
        visits.push(visit);
    }
    visits
}

/// The share of evaluated days whose hospital configured a typical time for the point.
const PRIOR_SHARE: f64 = 0.8;

/// How an estimator did against the true waits of simulated days.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Days replayed.
    pub days: usize,
    /// Estimates made (one per patient, at check-in).
    pub predictions: usize,
    /// The mean true wait, in minutes, over the estimates that could be shown.
    pub mean_wait_min: f64,
    /// Mean absolute error, in minutes, over the estimates that could be shown (basis not
    /// [`Basis::Unknown`]).
    pub mae_min: f64,
    /// Mean signed error (estimate − truth), in minutes, over the same: below 0 the
    /// estimates run short.
    pub bias_min: f64,
    /// Median absolute error, in minutes, over the same.
    pub median_ae_min: f64,
    /// Share of the same whose true wait fell inside `[low, high]`.
    pub coverage: f64,
    /// Share of all estimates on [`Basis::Unknown`].
    pub unknown_share: f64,
    /// Share of all estimates on [`Basis::Typical`].
    pub typical_share: f64,
    /// Mean absolute error, in minutes, of the naive baseline on the same estimates:
    /// `ahead ×` the plain mean of today's services so far (the typical time before the
    /// first).
    pub baseline_mae_min: f64,
    /// Mean signed error of the naive baseline, in minutes.
    pub baseline_bias_min: f64,
}

/// Replays the days of `seeds` (one each: a point of a random kind, a profile, a session)
/// through an [`Estimator`] as the server would: each service is observed when it ends,
/// and each stretch the room stood idle while someone waited is reported as a pause when
/// the next patient is called; at each check-in the patient gets an estimate with the
/// true number of patients waiting ahead and the elapsed time of the one in service, plus
/// the time left until the point opens. Four days in five have a configured typical time.
/// Estimates on [`Basis::Unknown`] are counted, not scored.
pub fn evaluate(seeds: std::ops::Range<u64>) -> Evaluation {
    evaluate_kind(seeds, None)
}

/// [`evaluate`] on the days of `seeds` whose point is of `kind` (all days if None).
pub fn evaluate_kind(seeds: std::ops::Range<u64>, kind: Option<PointKind>) -> Evaluation {
    let only = kind;
    let mut errors: Vec<f64> = Vec::new();
    let mut baseline_total = 0.0;
    let (mut bias_total, mut baseline_bias_total) = (0.0, 0.0);
    let mut wait_total = 0.0;
    let mut inside = 0_usize;
    let (mut predictions, mut unknown, mut typical, mut days) = (0_usize, 0_usize, 0_usize, 0);
    for seed in seeds {
        let mut rng = Rng::new(seed);
        let kind =
            [PointKind::Clinic, PointKind::Lab, PointKind::Pharmacy][rng.range(0, 3) as usize];
        if only.is_some_and(|only| only != kind) {
            continue;
        }
        days += 1;
        let profile = PointProfile::of_kind(kind, &mut rng);
        let patients = match kind {
            PointKind::Clinic | PointKind::Imaging => rng.range(20, 46),
            PointKind::Lab | PointKind::Pharmacy | PointKind::Payment => rng.range(80, 201),
        } as usize;
        let prior = rng.chance(PRIOR_SHARE).then_some(profile.typical_ms);
        let visits = simulate_day(&profile, patients, &mut rng);

        let mut estimator = Estimator::new(prior);
        let (mut observed, mut observed_sum) = (0_usize, 0_i64);
        // Visits before `first_waiting` have been called by the current instant.
        let mut first_waiting = 0;
        for (i, visit) in visits.iter().enumerate() {
            let now = visit.checked_in_at;
            while observed < visits.len() && visits[observed].done_at() <= now {
                estimator.observe(visits[observed].service_ms);
                observed_sum = observed_sum.saturating_add(visits[observed].service_ms);
                observed += 1;
            }
            while first_waiting < i && visits[first_waiting].called_at <= now {
                // The room stood still while this patient waited: a pause to report.
                let called = &visits[first_waiting];
                let since = first_waiting
                    .checked_sub(1)
                    .map_or(SESSION_OPENS_AT, |k| visits[k].done_at())
                    .max(called.checked_in_at);
                estimator.observe_pause(called.called_at - since);
                first_waiting += 1;
            }
            let ahead = u32::try_from(i - first_waiting).unwrap_or(u32::MAX);
            let elapsed = visits[..first_waiting]
                .last()
                .filter(|v| v.done_at() > now)
                .map(|v| now - v.called_at);
            let until_open = SESSION_OPENS_AT.saturating_sub(now).max(0);
            let estimate = estimator.estimate(ahead, elapsed).shifted(until_open);

            predictions += 1;
            match estimate.basis {
                Basis::Unknown => {
                    unknown += 1;
                    continue;
                }
                Basis::Typical => typical += 1,
                Basis::Observed(_) => {}
            }
            let per_patient = if observed > 0 {
                observed_sum as f64 / observed as f64
            } else {
                prior.unwrap_or(0) as f64
            };
            let baseline = f64::from(ahead) * per_patient + until_open as f64;
            let wait = visit.wait_ms as f64;
            errors.push((estimate.expected_ms as f64 - wait).abs() / MINUTE_MS as f64);
            baseline_total += (baseline - wait).abs() / MINUTE_MS as f64;
            bias_total += (estimate.expected_ms as f64 - wait) / MINUTE_MS as f64;
            baseline_bias_total += (baseline - wait) / MINUTE_MS as f64;
            wait_total += wait / MINUTE_MS as f64;
            inside += usize::from(estimate.contains(visit.wait_ms));
        }
    }
    let shown = errors.len().max(1) as f64;
    let all = predictions.max(1) as f64;
    let mae_min = errors.iter().sum::<f64>() / shown;
    errors.sort_by(f64::total_cmp);
    let median_ae_min = errors.get(errors.len() / 2).copied().unwrap_or(0.0);
    Evaluation {
        days,
        predictions,
        mean_wait_min: wait_total / shown,
        mae_min,
        bias_min: bias_total / shown,
        median_ae_min,
        coverage: inside as f64 / shown,
        unknown_share: unknown as f64 / all,
        typical_share: typical as f64 / all,
        baseline_mae_min: baseline_total / shown,
        baseline_bias_min: baseline_bias_total / shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_stays_inside_even_for_the_widest_span() {
        let mut rng = Rng::new(7);
        for _ in 0..1000 {
            let x = rng.range(i64::MIN, i64::MAX);
            assert!(x < i64::MAX);
            let y = rng.range(-3, 4);
            assert!((-3..4).contains(&y));
        }
        assert_eq!(rng.range(5, 5), 5);
    }
}
