//! What the reports pages work out, as plain functions: how a value, a range and a flag
//! read, how a date reads, and where a trend chart puts its points and its normal band.

use careway_core::reports::{Flag, ObservedValue, ReferenceRange};

use crate::i18n::Texts;

/// A value as printed: `126 g/L`, `<0.5 mg/L`, `negative`.
pub fn value_text(value: &ObservedValue) -> String {
    match value {
        ObservedValue::Quantity {
            value,
            unit,
            comparator,
        } => {
            let mut out = comparator.clone().unwrap_or_default();
            out.push_str(&number(*value));
            if let Some(unit) = unit.as_deref().filter(|u| !u.is_empty()) {
                out.push(' ');
                out.push_str(unit);
            }
            out
        }
        ObservedValue::Text { text } => text.clone(),
    }
}

/// A number as a lab prints it: no trailing zeros, at most three decimals.
pub fn number(value: f64) -> String {
    careway_core::number::decimal(value, 3)
}

/// A range as printed: `130–175`, `≤ 5.2`, `≥ 1`, or its text.
pub fn range_text(range: &ReferenceRange) -> String {
    match (range.low, range.high) {
        (Some(low), Some(high)) => format!("{}–{}", number(low), number(high)),
        (None, Some(high)) => format!("≤ {}", number(high)),
        (Some(low), None) => format!("≥ {}", number(low)),
        (None, None) => range.text.clone().unwrap_or_default(),
    }
}

/// The flag in words.
pub fn flag_words(flag: Flag, t: &Texts) -> &'static str {
    match flag {
        Flag::Normal => t.flag_normal,
        Flag::High => t.flag_high,
        Flag::Low => t.flag_low,
        Flag::CriticalHigh => t.flag_critical_high,
        Flag::CriticalLow => t.flag_critical_low,
        Flag::Abnormal => t.flag_abnormal,
    }
}

/// The class that colours a flag: `high`, `low`, `critical`, `abnormal` or `normal`.
pub fn flag_class(flag: Flag) -> &'static str {
    match flag {
        Flag::Normal => "normal",
        Flag::High => "high",
        Flag::Low => "low",
        Flag::CriticalHigh | Flag::CriticalLow => "critical",
        Flag::Abnormal => "abnormal",
    }
}

/// A FHIR date or date-time as a patient reads it: `2026-11-30 08:30`, or the date alone.
pub fn when(stamp: &str) -> String {
    let date = stamp.get(..10).unwrap_or(stamp);
    match stamp.get(11..16) {
        Some(time) if stamp.as_bytes().get(10) == Some(&b'T') => format!("{date} {time}"),
        _ => date.to_owned(),
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` stamp, for placing points in time.
pub fn day_number(stamp: &str) -> Option<i64> {
    let date = careway_core::identity::CivilDate::parse(stamp.get(..10)?)?;
    // Howard Hinnant's days_from_civil.
    let (y, m, d) = (
        i64::from(date.year),
        i64::from(date.month),
        i64::from(date.day),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A trend chart's drawing in a [`WIDTH`] × [`HEIGHT`] view box: each point's position,
/// the normal band, and the values to label on the axis (the band's limits, else the
/// lowest and highest value).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartGeometry {
    /// Each point's (x, y), in the order given.
    pub points: Vec<(f64, f64)>,
    /// The normal band's top and bottom y, when there is a band.
    pub band: Option<(f64, f64)>,
    /// Values to mark on the axis, with their y.
    pub ticks: Vec<(f64, f64)>,
}

/// The chart's view box width.
pub const WIDTH: f64 = 320.0;
/// The chart's view box height.
pub const HEIGHT: f64 = 180.0;
/// Room left for the axis labels.
pub const LEFT: f64 = 40.0;
/// Room at the other edges.
const PAD: f64 = 14.0;

/// Lays out `points` (day number, value) with the normal `band` (low, high; either may be
/// open): time runs left to right in proportion, and the value axis covers every point
/// and the band with some room, so an out-of-range value is seen against the band.
pub fn chart(points: &[(i64, f64)], band: (Option<f64>, Option<f64>)) -> ChartGeometry {
    let mut lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let mut hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    for limit in [band.0, band.1].into_iter().flatten() {
        lo = lo.min(limit);
        hi = hi.max(limit);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return ChartGeometry {
            points: Vec::new(),
            band: None,
            ticks: Vec::new(),
        };
    }
    let room = if hi > lo {
        (hi - lo) * 0.15
    } else {
        hi.abs().max(1.0) * 0.1
    };
    let (lo, hi) = (lo - room, hi + room);
    let y = |v: f64| PAD + (hi - v) / (hi - lo) * (HEIGHT - 2.0 * PAD);
    let first = points.iter().map(|p| p.0).min().unwrap_or(0);
    let last = points.iter().map(|p| p.0).max().unwrap_or(0);
    let x = |day: i64| {
        if last == first {
            (LEFT + WIDTH - PAD) / 2.0
        } else {
            LEFT + (day - first) as f64 / (last - first) as f64 * (WIDTH - PAD - LEFT)
        }
    };
    let marked: Vec<f64> = match band {
        (None, None) => vec![lo + room, hi - room],
        (low, high) => [low, high].into_iter().flatten().collect(),
    };
    let band = match band {
        (None, None) => None,
        (low, high) => Some((y(high.unwrap_or(hi)), y(low.unwrap_or(lo)))),
    };
    ChartGeometry {
        points: points.iter().map(|&(d, v)| (x(d), y(v))).collect(),
        band,
        ticks: marked.into_iter().map(|v| (v, y(v))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_labs_print_them() {
        let q = |value, unit: Option<&str>, comparator: Option<&str>| ObservedValue::Quantity {
            value,
            unit: unit.map(Into::into),
            comparator: comparator.map(Into::into),
        };
        assert_eq!(value_text(&q(126.0, Some("g/L"), None)), "126 g/L");
        assert_eq!(value_text(&q(10.8, Some("10^9/L"), None)), "10.8 10^9/L");
        assert_eq!(value_text(&q(0.5, Some("mg/L"), Some("<"))), "<0.5 mg/L");
        assert_eq!(value_text(&q(1.0 / 3.0, None, None)), "0.333");
        assert_eq!(
            value_text(&ObservedValue::Text {
                text: "阴性".into()
            }),
            "阴性"
        );
    }

    #[test]
    fn ranges_read_with_open_ends() {
        let r = |low, high| ReferenceRange {
            low,
            high,
            ..ReferenceRange::default()
        };
        assert_eq!(range_text(&r(Some(130.0), Some(175.0))), "130–175");
        assert_eq!(range_text(&r(None, Some(5.2))), "≤ 5.2");
        assert_eq!(range_text(&r(Some(1.0), None)), "≥ 1");
        let text = ReferenceRange {
            text: Some("negative".into()),
            ..ReferenceRange::default()
        };
        assert_eq!(range_text(&text), "negative");
    }

    #[test]
    fn stamps_read_as_date_and_time() {
        assert_eq!(when("2026-11-30T08:30:00+08:00"), "2026-11-30 08:30");
        assert_eq!(when("2026-11-30"), "2026-11-30");
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(
            day_number("2026-03-01").unwrap() - day_number("2026-02-28").unwrap(),
            1
        );
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("nonsense"), None);
    }

    #[test]
    fn the_chart_places_time_in_proportion_and_shows_the_band() {
        // HbA1c at days 0, 90 and 360 against 4–6 %.
        let g = chart(&[(0, 8.1), (90, 7.6), (360, 6.6)], (Some(4.0), Some(6.0)));
        let xs: Vec<f64> = g.points.iter().map(|p| p.0).collect();
        assert_eq!(xs[0], LEFT);
        assert_eq!(xs[2], WIDTH - 14.0);
        assert!(((xs[1] - xs[0]) / (xs[2] - xs[0]) - 0.25).abs() < 1e-9);
        // Higher values are higher up (smaller y); every point is above the band.
        assert!(g.points[0].1 < g.points[2].1);
        let (top, bottom) = g.band.unwrap();
        assert!(top < bottom);
        assert!(g.points.iter().all(|p| p.1 < top));
        assert!(g.points.iter().all(|p| p.1 > 0.0 && p.1 < HEIGHT));
        assert!(bottom < HEIGHT);
    }

    #[test]
    fn a_single_point_or_an_open_band_still_draws() {
        let g = chart(&[(5, 3.0)], (None, Some(3.4)));
        assert_eq!(g.points.len(), 1);
        let (top, bottom) = g.band.unwrap();
        assert!(
            top < g.points[0].1 && g.points[0].1 < bottom,
            "3.0 is within ≤ 3.4"
        );
        let g = chart(&[], (None, None));
        assert!(g.points.is_empty() && g.band.is_none());
        let g = chart(&[(1, 2.0), (2, 2.0)], (None, None));
        assert!(g.points.iter().all(|p| p.1.is_finite()));
        assert_eq!(g.ticks.len(), 2);
    }
}
