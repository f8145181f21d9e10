//! Which reference range applies to a patient, and what a value means against it.
//!
//! A lab often sends several ranges for one analyte: by sex, by age band, a normal range
//! and a critical one. Taking the first would tell a woman her haemoglobin is low against
//! the men's range, so [`applicable_range`] keeps the ranges whose sex and age band fit the
//! patient and, among them, the most specific. [`assess`] then gives the flag: the lab's
//! own interpretation when it sent one, else one computed from the range, else none. No
//! range, a range that does not fit, or a value the range cannot judge gives no flag
//! rather than a wrong one.

use serde::{Deserialize, Serialize};

use super::model::{Observation, ObservedValue, RangeKind, ReferenceRange};
use crate::identity::Sex;

/// What a value means for the patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Within the range.
    Normal,
    /// Below the range.
    Low,
    /// Above the range.
    High,
    /// Below the critical limit: the hospital acts at once.
    CriticalLow,
    /// Above the critical limit.
    CriticalHigh,
    /// Not as expected (a qualitative result such as "positive").
    Abnormal,
}

impl Flag {
    /// The short mark printed beside a value, as labs print it: ↓, ↑, ↓↓, ↑↑, or `*`.
    pub fn mark(self) -> &'static str {
        match self {
            Flag::Normal => "",
            Flag::Low => "↓",
            Flag::High => "↑",
            Flag::CriticalLow => "↓↓",
            Flag::CriticalHigh => "↑↑",
            Flag::Abnormal => "*",
        }
    }

    /// Whether the patient should look at this line.
    pub fn is_out_of_range(self) -> bool {
        self != Flag::Normal
    }

    /// The flag for a FHIR `interpretation` code (v3 ObservationInterpretation), when the
    /// code says something a patient can be told.
    pub fn from_interpretation(code: &str) -> Option<Flag> {
        Some(match code.trim() {
            "N" | "NEG" | "ND" | "S" => Flag::Normal,
            "L" | "LU" | "<" => Flag::Low,
            "H" | "HU" | ">" => Flag::High,
            "LL" => Flag::CriticalLow,
            "HH" => Flag::CriticalHigh,
            "A" | "AA" | "POS" | "DET" | "R" | "IND" | "E" | "W" => Flag::Abnormal,
            _ => return None,
        })
    }
}

/// The patient a range is chosen for: sex and age in years on the day of the sample;
/// either may be unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Subject {
    /// Sex, if known.
    pub sex: Option<Sex>,
    /// Age in years (fractional for infants), if known.
    pub age_years: Option<f64>,
}

/// The range of `kind` that applies to `subject`: among the ranges whose sex and age band
/// fit (a range for one sex never fits a patient of unknown sex; an age band never fits an
/// unknown age), the one that says most (sex and age over either over neither); the first
/// sent among equals.
pub fn applicable_range(
    ranges: &[ReferenceRange],
    kind: RangeKind,
    subject: Subject,
) -> Option<&ReferenceRange> {
    let mut best: Option<(u8, &ReferenceRange)> = None;
    for range in ranges.iter().filter(|r| r.kind == kind) {
        let sex_fits = match range.sex {
            None => true,
            Some(sex) => subject.sex == Some(sex),
        };
        let age_fits = match range.age {
            None => true,
            Some(band) => subject.age_years.is_some_and(|age| {
                band.low.is_none_or(|low| age >= low) && band.high.is_none_or(|high| age <= high)
            }),
        };
        if !(sex_fits && age_fits) {
            continue;
        }
        let says = u8::from(range.sex.is_some()) + u8::from(range.age.is_some());
        if best.is_none_or(|(best_says, _)| says > best_says) {
            best = Some((says, range));
        }
    }
    best.map(|(_, range)| range)
}

/// What one observation means for `subject`: the flag (if one can be given) and the
/// normal range it was judged against (if any), which is also the one to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment<'a> {
    /// The flag; `None` when nothing can honestly be said.
    pub flag: Option<Flag>,
    /// The normal range that applies, shown beside the value.
    pub range: Option<&'a ReferenceRange>,
}

/// Judges `observation` for `subject` (see the module).
pub fn assess(observation: &Observation, subject: Subject) -> Assessment<'_> {
    let range = applicable_range(&observation.ranges, RangeKind::Normal, subject);
    let given = observation
        .interpretation
        .as_deref()
        .and_then(Flag::from_interpretation);
    let flag = given.or_else(|| {
        let value = observation.value.as_ref()?;
        let critical = applicable_range(&observation.ranges, RangeKind::Critical, subject);
        computed(value, range, critical)
    });
    Assessment { flag, range }
}

/// The flag computed from the value and the ranges (no interpretation was sent).
fn computed(
    value: &ObservedValue,
    normal: Option<&ReferenceRange>,
    critical: Option<&ReferenceRange>,
) -> Option<Flag> {
    match value {
        ObservedValue::Quantity {
            value, comparator, ..
        } => {
            // What the value says about the true amount: exactly it, or only a bound.
            let (least, most) = match comparator.as_deref() {
                Some("<" | "<=") => (f64::NEG_INFINITY, *value),
                Some(">" | ">=") => (*value, f64::INFINITY),
                _ => (*value, *value),
            };
            if let Some(critical) = critical {
                if critical.high.is_some_and(|high| least > high) {
                    return Some(Flag::CriticalHigh);
                }
                if critical.low.is_some_and(|low| most < low) {
                    return Some(Flag::CriticalLow);
                }
            }
            let normal = normal?;
            if normal.low.is_none() && normal.high.is_none() {
                return None;
            }
            if normal.high.is_some_and(|high| least > high) {
                Some(Flag::High)
            } else if normal.low.is_some_and(|low| most < low) {
                Some(Flag::Low)
            } else if normal.low.is_none_or(|low| least >= low)
                && normal.high.is_none_or(|high| most <= high)
            {
                Some(Flag::Normal)
            } else {
                // e.g. "<5" against 3–10: could be either side.
                None
            }
        }
        ObservedValue::Text { text } => {
            let expected = qualitative(normal?.text.as_deref()?)?;
            let got = qualitative(text)?;
            Some(if got == expected {
                Flag::Normal
            } else {
                Flag::Abnormal
            })
        }
    }
}

/// A qualitative result as `true` (positive / detected) or `false` (negative / not
/// detected), in the words labs use in both languages; `None` for anything else.
fn qualitative(text: &str) -> Option<bool> {
    let text = text.trim().to_ascii_lowercase();
    match text.as_str() {
        "negative" | "neg" | "not detected" | "nondetected" | "non-reactive" | "nonreactive"
        | "absent" | "阴性" | "-" | "(-)" | "（-）" => Some(false),
        "positive" | "pos" | "detected" | "reactive" | "present" | "阳性" | "+" | "(+)"
        | "（+）" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::AgeBand;

    fn range(low: Option<f64>, high: Option<f64>) -> ReferenceRange {
        ReferenceRange {
            low,
            high,
            ..ReferenceRange::default()
        }
    }

    fn for_sex(mut r: ReferenceRange, sex: Sex) -> ReferenceRange {
        r.sex = Some(sex);
        r
    }

    fn for_age(mut r: ReferenceRange, low: Option<f64>, high: Option<f64>) -> ReferenceRange {
        r.age = Some(AgeBand { low, high });
        r
    }

    fn quantity(value: f64, ranges: Vec<ReferenceRange>) -> Observation {
        Observation {
            name: "x".into(),
            code: None,
            value: Some(ObservedValue::Quantity {
                value,
                unit: Some("g/dL".into()),
                comparator: None,
            }),
            interpretation: None,
            ranges,
            depth: 0,
            note: None,
        }
    }

    const WOMAN_40: Subject = Subject {
        sex: Some(Sex::Female),
        age_years: Some(40.0),
    };
    const MAN_40: Subject = Subject {
        sex: Some(Sex::Male),
        age_years: Some(40.0),
    };
    const GIRL_8: Subject = Subject {
        sex: Some(Sex::Female),
        age_years: Some(8.0),
    };

    /// Haemoglobin as labs send it: men, women, children.
    fn haemoglobin_ranges() -> Vec<ReferenceRange> {
        vec![
            for_age(
                for_sex(range(Some(13.0), Some(17.5)), Sex::Male),
                Some(18.0),
                None,
            ),
            for_age(
                for_sex(range(Some(11.5), Some(15.5)), Sex::Female),
                Some(18.0),
                None,
            ),
            for_age(range(Some(11.0), Some(14.5)), Some(1.0), Some(17.999)),
        ]
    }

    #[test]
    fn the_range_for_the_patients_sex_and_age_is_chosen() {
        let ranges = haemoglobin_ranges();
        let pick = |s| applicable_range(&ranges, RangeKind::Normal, s).map(|r| r.low);
        assert_eq!(pick(MAN_40), Some(Some(13.0)));
        assert_eq!(pick(WOMAN_40), Some(Some(11.5)));
        assert_eq!(pick(GIRL_8), Some(Some(11.0)));
        // An unknown sex fits no sex-specific range; an unknown age no age band.
        let unknown = Subject {
            sex: None,
            age_years: Some(40.0),
        };
        assert_eq!(pick(unknown), None);
        assert_eq!(pick(Subject::default()), None);
    }

    #[test]
    fn the_same_value_is_low_for_a_man_and_normal_for_a_woman() {
        let obs = quantity(12.5, haemoglobin_ranges());
        assert_eq!(assess(&obs, MAN_40).flag, Some(Flag::Low));
        assert_eq!(assess(&obs, WOMAN_40).flag, Some(Flag::Normal));
        assert_eq!(
            assess(&obs, WOMAN_40).range.and_then(|r| r.high),
            Some(15.5)
        );
    }

    #[test]
    fn a_specific_range_wins_over_a_general_one_wherever_it_was_sent() {
        let ranges = vec![
            range(Some(1.0), Some(2.0)),
            for_sex(range(Some(3.0), Some(4.0)), Sex::Female),
            for_age(
                for_sex(range(Some(5.0), Some(6.0)), Sex::Female),
                Some(30.0),
                Some(50.0),
            ),
        ];
        let pick = |s| applicable_range(&ranges, RangeKind::Normal, s).and_then(|r| r.low);
        assert_eq!(pick(WOMAN_40), Some(5.0));
        assert_eq!(pick(GIRL_8), Some(3.0));
        assert_eq!(pick(MAN_40), Some(1.0));
    }

    #[test]
    fn age_bands_include_both_ends() {
        let ranges = vec![for_age(range(Some(1.0), None), Some(18.0), Some(65.0))];
        for (age, fits) in [(17.9, false), (18.0, true), (65.0, true), (65.1, false)] {
            let subject = Subject {
                sex: None,
                age_years: Some(age),
            };
            assert_eq!(
                applicable_range(&ranges, RangeKind::Normal, subject).is_some(),
                fits,
                "{age}"
            );
        }
    }

    #[test]
    fn flags_are_computed_against_the_limits_inclusively() {
        let r = || vec![range(Some(4.0), Some(10.0))];
        let flag = |v| assess(&quantity(v, r()), WOMAN_40).flag;
        assert_eq!(flag(3.9), Some(Flag::Low));
        assert_eq!(flag(4.0), Some(Flag::Normal));
        assert_eq!(flag(10.0), Some(Flag::Normal));
        assert_eq!(flag(10.1), Some(Flag::High));
        // Only an upper limit (e.g. LDL < 3.4).
        let ldl = |v| assess(&quantity(v, vec![range(None, Some(3.4))]), WOMAN_40).flag;
        assert_eq!(ldl(0.1), Some(Flag::Normal));
        assert_eq!(ldl(3.5), Some(Flag::High));
    }

    #[test]
    fn critical_limits_give_critical_flags() {
        let mut critical = range(Some(2.5), Some(6.5));
        critical.kind = RangeKind::Critical;
        let ranges = vec![range(Some(3.5), Some(5.3)), critical];
        let flag = |v| assess(&quantity(v, ranges.clone()), MAN_40).flag;
        assert_eq!(flag(7.0), Some(Flag::CriticalHigh));
        assert_eq!(flag(6.0), Some(Flag::High));
        assert_eq!(flag(2.0), Some(Flag::CriticalLow));
        assert_eq!(flag(4.0), Some(Flag::Normal));
    }

    #[test]
    fn the_labs_interpretation_wins() {
        let mut obs = quantity(12.5, vec![range(Some(13.0), Some(17.0))]);
        obs.interpretation = Some("N".into());
        assert_eq!(assess(&obs, MAN_40).flag, Some(Flag::Normal));
        obs.interpretation = Some("HH".into());
        assert_eq!(assess(&obs, MAN_40).flag, Some(Flag::CriticalHigh));
        // An interpretation code nobody can explain falls back to the range.
        obs.interpretation = Some("xyz".into());
        assert_eq!(assess(&obs, MAN_40).flag, Some(Flag::Low));
    }

    #[test]
    fn missing_or_unfitting_ranges_give_no_flag() {
        assert_eq!(assess(&quantity(100.0, vec![]), MAN_40).flag, None);
        // Only a women's range, for a man.
        let women = vec![for_sex(range(Some(1.0), Some(2.0)), Sex::Female)];
        assert_eq!(assess(&quantity(100.0, women), MAN_40).flag, None);
        // A range with neither limit (text only) cannot judge a number.
        let text = ReferenceRange {
            text: Some("see note".into()),
            ..ReferenceRange::default()
        };
        assert_eq!(assess(&quantity(1.0, vec![text]), MAN_40).flag, None);
        // A treatment target is shown, never flagged against.
        let mut target = range(Some(1.0), Some(2.0));
        target.kind = RangeKind::Other;
        assert_eq!(assess(&quantity(100.0, vec![target]), MAN_40).flag, None);
    }

    #[test]
    fn bounded_values_are_flagged_only_when_the_bound_decides() {
        let obs = |comparator: &str, value| Observation {
            value: Some(ObservedValue::Quantity {
                value,
                unit: None,
                comparator: Some(comparator.into()),
            }),
            ..quantity(0.0, vec![range(Some(3.0), Some(10.0))])
        };
        assert_eq!(assess(&obs("<", 2.0), MAN_40).flag, Some(Flag::Low));
        assert_eq!(assess(&obs("<", 5.0), MAN_40).flag, None);
        assert_eq!(assess(&obs(">", 11.0), MAN_40).flag, Some(Flag::High));
        let upper_only = Observation {
            ranges: vec![range(None, Some(10.0))],
            ..obs("<", 5.0)
        };
        assert_eq!(assess(&upper_only, MAN_40).flag, Some(Flag::Normal));
    }

    #[test]
    fn text_results_are_judged_against_text_ranges() {
        let text_obs = |value: &str, range_text: &str| Observation {
            value: Some(ObservedValue::Text { text: value.into() }),
            ranges: vec![ReferenceRange {
                text: Some(range_text.into()),
                ..ReferenceRange::default()
            }],
            ..quantity(0.0, vec![])
        };
        assert_eq!(
            assess(&text_obs("Negative", "negative"), MAN_40).flag,
            Some(Flag::Normal)
        );
        assert_eq!(
            assess(&text_obs("阳性", "阴性"), MAN_40).flag,
            Some(Flag::Abnormal)
        );
        assert_eq!(
            assess(&text_obs("POS", "Negative"), MAN_40).flag,
            Some(Flag::Abnormal)
        );
        // Words the rule does not know give no flag.
        assert_eq!(assess(&text_obs("yellow", "clear"), MAN_40).flag, None);
        // The text range is still the one shown.
        assert_eq!(
            assess(&text_obs("yellow", "clear"), MAN_40)
                .range
                .and_then(|r| r.text.as_deref()),
            Some("clear")
        );
    }
}
