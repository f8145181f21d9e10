//! The wait estimator of one service point: a doctor's clinic room, the blood-draw
//! windows, the pharmacy.
//!
//! It learns the time one patient takes from the services it is told about, and turns a
//! place in the queue into an honest answer: a range, the most likely figure inside it,
//! and what the figure rests on ([`Basis`]). Until [`MIN_OBSERVATIONS`] services were
//! seen it answers from the hospital's configured typical time, with a wide range, or
//! says it does not know.
//!
//! How it learns, and why:
//! - Each new service time is first clamped to the median ± [`CLAMP_K`] robust spreads
//!   (1.4826 × the median absolute deviation) of the last few services, so one
//!   45-minute consultation or a forgotten "done" button moves the figure by a bounded
//!   amount instead of tripling it.
//! - The clamped value enters a weighted mean and variance: a plain running mean at first
//!   (the configured typical time counting as two services), later an exponentially
//!   weighted one with a long memory, since over a steady session a long average
//!   predicts a queue of twenty best. When the pace changes (the median of the last five
//!   services is off the mean by more than about 40 % up or 30 % down, and by more than
//!   chance would explain) the newest services weigh far more for a while, so the figure
//!   follows a doctor who goes from 5 to 10 minutes a patient within about eight
//!   patients. The clamp window is short for the same reason: a real change of pace stops
//!   being "an outlier" after a handful of services.
//! - The patient in service needs what the recent services that lasted longer than they
//!   have so far took beyond that, not simply `mean − elapsed`: someone in for twice the
//!   usual is likely a long case.
//! - Pauses (staff stepping away while patients wait), when the caller reports them with
//!   [`Estimator::observe_pause`], are spread over the services seen and added per
//!   patient ahead.
//! - The range is the sum of `n` service times: its spread grows as σ√n with the people
//!   ahead, plus the uncertainty of the mean itself (which grows as n and shrinks with
//!   observations). It is skewed upwards, as waits are: a consultation can take three
//!   times as long, never less than nothing.
//!
//! Memory is bounded (the last [`RING`] services), and no input panics: durations are
//! added with saturating arithmetic or in floating point, and every figure returned is
//! clamped to `0..=i64::MAX`.
//!
//! The constants were tuned on the development days of [`super::sim::evaluate`] (seeds
//! `0..200`) only; the held-out days (`10_000..10_500`) are reported, never tuned on.

use std::collections::VecDeque;

/// How many observations are needed before the estimate is called observed.
pub const MIN_OBSERVATIONS: usize = 3;
/// How many recent services the estimator keeps.
pub const RING: usize = 30;
/// How many of the most recent services the outlier clamp is centred on.
const CLAMP_WINDOW: usize = 7;
/// A new service is clamped to the recent median ± this many robust spreads.
pub const CLAMP_K: f64 = 5.0;
/// The robust spread used by the clamp is at least this share of the median, so that a
/// run of identical services does not make every later one an outlier.
const CLAMP_SPREAD_FLOOR: f64 = 0.15;
/// Before the clamp has enough history, a service is kept within this factor of the
/// current figure (either way).
const EARLY_CLAMP_FACTOR: f64 = 4.0;
/// The weight of the newest service once the running mean turned into an exponentially
/// weighted one, while the pace holds: the last forty or so services carry the figure.
const ALPHA: f64 = 0.05;
/// The weight of the newest service while the pace is changing (see [`SHIFT`]).
const ALPHA_FAST: f64 = 0.3;
/// Once the pace changed, this many services weigh [`ALPHA_FAST`] (the detection itself
/// stops as soon as the mean is half-way there).
const FAST_SERVICES: u8 = 6;
/// How many of the latest services tell whether the pace changed.
const SHIFT_WINDOW: usize = 5;
/// The pace changed when the median of the latest [`SHIFT_WINDOW`] services is off the
/// running mean by more than this, on a log scale (e^0.3: 35 % up or 26 % down) ...
const SHIFT: f64 = 0.3;
/// ... and by more than this many standard errors of that median, its σ read off the
/// services before them but never below [`MIN_CV`] (so in practice a change of pace is
/// one of more than about 40 % up or 30 % down).
const SHIFT_Z: f64 = 2.5;
/// How many services the configured typical time counts as, when there is one.
const PRIOR_WEIGHT: f64 = 2.0;
/// The spread of one service, as a share of the mean, assumed when only the typical time
/// is known and used as a floor otherwise.
const TYPICAL_CV: f64 = 0.6;
/// How far off the configured typical time may be, as a share of it.
const TYPICAL_MEAN_CV: f64 = 0.35;
/// How many services' worth of [`TYPICAL_CV`] the observed spread is blended with, so
/// that three similar services do not make a narrow range.
const SPREAD_PRIOR: f64 = 3.0;
/// The least spread of one service, as a share of the mean, whatever the observations
/// say: a clinic never runs like clockwork.
const MIN_CV: f64 = 0.25;
/// The patient in service is expected to need at least this share of a mean service more,
/// however long they have been in: long consultations tend to go on.
const REMAINING_FLOOR: f64 = 0.2;
/// Pauses reported are spread over the services seen plus this many without a pause, so
/// that one break early in the day does not read as a break every other patient.
const PAUSE_PRIOR_SERVICES: f64 = 10.0;
/// How many services the plain `mean − elapsed` counts as in the rest of a service.
const RESIDUAL_PRIOR: f64 = 2.0;
/// Services longer than this many means count as this long in the rest of a service (a
/// forgotten "done" button is not a consultation).
const RESIDUAL_CAP: f64 = 5.0;
/// Spreads below and above the expected figure that bound the range. The range is skewed
/// upwards, as waits are.
const Z_LOW: f64 = 1.0;
/// See [`Z_LOW`].
const Z_HIGH: f64 = 1.8;
/// The range is at least this share of the expected figure either side: pauses and
/// changes of pace that no spread of service times predicts.
const RELATIVE_FLOOR: f64 = 0.2;

/// Running estimate of one service point's time per patient.
#[derive(Clone, Debug)]
pub struct Estimator {
    /// The hospital's configured typical time per patient, if any.
    typical_ms: Option<i64>,
    /// The last [`RING`] observed services, as reported (not clamped), oldest first.
    recent: VecDeque<i64>,
    /// Services observed since the estimator was made.
    count: usize,
    /// The weighted mean time per patient, in ms; meaningful once `count > 0` or with a
    /// typical time.
    mean: f64,
    /// The weighted variance of one service, in ms².
    var: f64,
    /// The variance of `mean` in units of one service's variance: 1 / the number of
    /// services the mean effectively rests on.
    mean_var: f64,
    /// Time the point stood still while patients waited, in ms, summed (see
    /// [`Estimator::observe_pause`]).
    paused_ms: f64,
    /// The sum of the squares of those pauses, in ms².
    paused_sq: f64,
    /// How many more services weigh [`ALPHA_FAST`] since the pace last changed.
    fast_left: u8,
}

/// What the estimator says about a wait, honestly: a range and what it is based on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitEstimate {
    /// The short end of the range, in ms.
    pub low_ms: i64,
    /// The most likely wait, in ms; always within `low_ms..=high_ms`.
    pub expected_ms: i64,
    /// The long end of the range, in ms.
    pub high_ms: i64,
    /// What the figures rest on.
    pub basis: Basis,
}

/// What a [`WaitEstimate`] rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// From this many observed services today.
    Observed(u32),
    /// Few observations: the configured typical time (blended with what was seen), with a
    /// wide range.
    Typical,
    /// Nothing known: no observations and no prior; low/expected/high are 0 and must not
    /// be shown as a time.
    Unknown,
}

impl WaitEstimate {
    /// No wait at all, on `basis`.
    fn zero(basis: Basis) -> WaitEstimate {
        WaitEstimate {
            low_ms: 0,
            expected_ms: 0,
            high_ms: 0,
            basis,
        }
    }

    /// Whether the figures may be shown as a time (the basis is not [`Basis::Unknown`]).
    pub fn is_known(&self) -> bool {
        self.basis != Basis::Unknown
    }

    /// Whether `wait_ms` lies inside the range, ends included.
    pub fn contains(&self, wait_ms: i64) -> bool {
        (self.low_ms..=self.high_ms).contains(&wait_ms)
    }

    /// The same estimate `ms` later (for time that passes before the point opens, say),
    /// saturating.
    pub fn shifted(self, ms: i64) -> WaitEstimate {
        if self.basis == Basis::Unknown {
            return self;
        }
        let ms = ms.max(0);
        WaitEstimate {
            low_ms: self.low_ms.saturating_add(ms),
            expected_ms: self.expected_ms.saturating_add(ms),
            high_ms: self.high_ms.saturating_add(ms),
            basis: self.basis,
        }
    }
}

impl Estimator {
    /// `typical_ms`: the hospital's configured typical time per patient for this kind of
    /// point, used (and labelled as such) until enough services were observed; None = no
    /// prior. A non-positive typical time counts as none.
    pub fn new(typical_ms: Option<i64>) -> Estimator {
        let typical_ms = typical_ms.filter(|&t| t > 0);
        let mean = typical_ms.map_or(0.0, |t| t as f64);
        Estimator {
            typical_ms,
            recent: VecDeque::with_capacity(RING),
            count: 0,
            mean,
            var: (TYPICAL_CV * mean).powi(2),
            mean_var: 1.0 / PRIOR_WEIGHT,
            paused_ms: 0.0,
            paused_sq: 0.0,
            fast_left: 0,
        }
    }

    /// One observed service: how long one patient took (the caller has already removed
    /// time the room was paused). Ignores non-positive values.
    pub fn observe(&mut self, duration_ms: i64) {
        if duration_ms <= 0 {
            return;
        }
        let x = self.clamp(duration_ms as f64);
        if self.recent.len() == RING {
            self.recent.pop_front();
        }
        self.recent.push_back(duration_ms);
        self.count = self.count.saturating_add(1);
        let prior = if self.typical_ms.is_some() {
            PRIOR_WEIGHT
        } else {
            0.0
        };
        let mut weight = (1.0 / (self.count as f64 + prior)).max(ALPHA);
        if self.shifted() {
            self.fast_left = FAST_SERVICES;
        }
        if self.fast_left > 0 {
            self.fast_left -= 1;
            weight = weight.max(ALPHA_FAST);
        }
        let diff = x - self.mean;
        self.mean += weight * diff;
        self.var = (1.0 - weight) * (self.var + weight * diff * diff);
        self.mean_var = (1.0 - weight).powi(2) * self.mean_var + weight * weight;
    }

    /// Whether the pace changed: the median of the last [`SHIFT_WINDOW`] services (the
    /// newest included) is off the running mean by more than [`SHIFT`] on a log scale,
    /// and by more than chance would explain.
    fn shifted(&self) -> bool {
        let n = SHIFT_WINDOW;
        if self.recent.len() < 2 * n || self.mean < 1.0 {
            return false;
        }
        // On a log scale, where halving the pace is as large a change as doubling it.
        let logs = || self.recent.iter().rev().map(|&d| (d as f64).ln());
        let mut last: Vec<f64> = logs().take(n).collect();
        let change = (median(&mut last) - self.mean.ln()).abs();
        // The median of n draws spreads about 1.25 σ/√n around the true one. σ is read
        // robustly off the services before those, the pace being tested against, and is
        // never less than MIN_CV.
        let mut before: Vec<f64> = logs().skip(n).collect();
        let middle = median(&mut before);
        let mut deviations: Vec<f64> = before.iter().map(|d| (d - middle).abs()).collect();
        let sigma = (1.4826 * median(&mut deviations)).max(MIN_CV);
        change > SHIFT.max(SHIFT_Z * 1.2533 * sigma / (n as f64).sqrt())
    }

    /// One pause: the point stood still for `pause_ms` while patients were waiting (the
    /// staff stepped away between two patients, or paused the room during a service).
    /// Today's pauses, spread over the services seen, lengthen every later estimate; a
    /// day without pauses reported simply adds none. Ignores non-positive values.
    pub fn observe_pause(&mut self, pause_ms: i64) {
        if pause_ms > 0 {
            let p = pause_ms as f64;
            self.paused_ms += p;
            self.paused_sq += p * p;
        }
    }

    /// Number of services observed.
    pub fn observations(&self) -> usize {
        self.count
    }

    /// The current figure for one patient's service, in ms, or None while the basis would
    /// be [`Basis::Unknown`].
    pub fn mean_ms(&self) -> Option<i64> {
        (self.basis() != Basis::Unknown).then(|| to_ms(self.mean))
    }

    /// What an estimate made now would rest on.
    pub fn basis(&self) -> Basis {
        if self.count >= MIN_OBSERVATIONS {
            Basis::Observed(u32::try_from(self.count).unwrap_or(u32::MAX))
        } else if self.typical_ms.is_some() {
            Basis::Typical
        } else {
            Basis::Unknown
        }
    }

    /// Expected wait for a patient with `ahead` people waiting before them (not counting
    /// the one in service), `current_elapsed_ms` = how long the patient now in service
    /// has been in (None if nobody is being served). With nobody ahead and nobody in
    /// service the wait is 0, whatever the basis.
    pub fn estimate(&self, ahead: u32, current_elapsed_ms: Option<i64>) -> WaitEstimate {
        let basis = self.basis();
        if basis == Basis::Unknown || (ahead == 0 && current_elapsed_ms.is_none()) {
            return WaitEstimate::zero(basis);
        }
        let mean = self.mean.max(1.0);
        let (sd_one, sd_mean) = if basis == Basis::Typical {
            (
                self.var.sqrt().max(TYPICAL_CV * mean),
                TYPICAL_MEAN_CV * mean,
            )
        } else {
            // Few services say little about the spread: blend in SPREAD_PRIOR services'
            // worth of the typical spread.
            let n = self.count.min(RING) as f64;
            let typical = (TYPICAL_CV * mean).powi(2);
            let var = (n * self.var + SPREAD_PRIOR * typical) / (n + SPREAD_PRIOR);
            let sd = var.sqrt().max(MIN_CV * mean);
            (sd, sd * self.mean_var.sqrt())
        };
        // Pauses so far, spread over the services seen plus PAUSE_PRIOR_SERVICES without
        // any: the expected pause per patient and the variance it adds (a rare long event).
        let services = self.count as f64 + PAUSE_PRIOR_SERVICES;
        let pause_mean = self.paused_ms / services;
        let pause_var = (self.paused_sq / services - pause_mean * pause_mean).max(0.0);
        let sd_one = (sd_one * sd_one + pause_var).sqrt();
        let ahead = f64::from(ahead);
        // Before each patient ahead, and before this one, the staff may step away.
        let (remaining, units) = match current_elapsed_ms {
            Some(elapsed) => (self.remaining(elapsed.max(0) as f64, mean), ahead + 1.0),
            None => (0.0, ahead),
        };
        let expected = ahead * mean + remaining + units * pause_mean;
        let spread = (units * sd_one * sd_one + (units * sd_mean).powi(2))
            .sqrt()
            .max(RELATIVE_FLOOR * expected);
        let low = (expected - Z_LOW * spread).max(0.0);
        let high = expected + Z_HIGH * spread;
        WaitEstimate {
            low_ms: to_ms(low),
            expected_ms: to_ms(expected),
            high_ms: to_ms(high),
            basis,
        }
    }

    /// The expected rest of a service that has lasted `elapsed` ms so far, the mean
    /// service being `mean`: how much longer the recent services that went on past
    /// `elapsed` took (a patient already in for long is likely a long case), blended with
    /// `mean − elapsed`, floored at [`REMAINING_FLOOR`] of the mean, as if
    /// [`RESIDUAL_PRIOR`] more services had said so.
    fn remaining(&self, elapsed: f64, mean: f64) -> f64 {
        let fallback = (mean - elapsed).max(REMAINING_FLOOR * mean);
        let cap = RESIDUAL_CAP * mean;
        let (sum, n) = self
            .recent
            .iter()
            .map(|&d| (d as f64).min(cap))
            .filter(|&d| d > elapsed)
            .fold((0.0, 0.0), |(sum, n), d| (sum + (d - elapsed), n + 1.0));
        let prior = RESIDUAL_PRIOR;
        (sum + prior * fallback) / (n + prior)
    }

    /// A new service clamped to what the recent ones make plausible.
    fn clamp(&self, x: f64) -> f64 {
        if self.recent.len() >= MIN_OBSERVATIONS {
            let mut window: Vec<f64> = self
                .recent
                .iter()
                .rev()
                .take(CLAMP_WINDOW)
                .map(|&d| d as f64)
                .collect();
            let median = median(&mut window);
            let mut deviations: Vec<f64> = window.iter().map(|d| (d - median).abs()).collect();
            let spread = (1.4826 * self::median(&mut deviations)).max(CLAMP_SPREAD_FLOOR * median);
            x.clamp(
                (median - CLAMP_K * spread).max(0.0),
                median + CLAMP_K * spread,
            )
        } else if self.count > 0 || self.typical_ms.is_some() {
            let level = self.mean.max(1.0);
            x.clamp(level / EARLY_CLAMP_FACTOR, level * EARLY_CLAMP_FACTOR)
        } else {
            x
        }
    }
}

/// The median of `values` (reordered); 0 for none.
fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        values[mid - 1] / 2.0 + values[mid] / 2.0
    }
}

/// Milliseconds from a non-negative figure, rounded; saturates at `i64::MAX`, NaN reads 0.
fn to_ms(x: f64) -> i64 {
    if x.is_nan() {
        0
    } else {
        x.round().max(0.0) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }

    #[test]
    fn unknown_estimates_are_zero() {
        let e = Estimator::new(None);
        assert_eq!(
            e.estimate(5, Some(1000)),
            WaitEstimate::zero(Basis::Unknown)
        );
    }
}
