//! One FHIR `Observation` (or one of its `component`s) as a result line: its name, code,
//! value, the lab's flag, its reference ranges and note. Ranges are read conservatively:
//! a range in another unit than the value, or for a group of patients the model cannot
//! express, keeps no numbers (only a text), so no value is ever flagged against it.

use careway_core::identity::Sex;
use careway_core::reports::{AgeBand, Observation, ObservedValue, RangeKind, ReferenceRange};

use super::json::{
    arr, concepts, err, join, number, objs, opt_bool, opt_concept, opt_num, opt_obj, opt_quantity,
    opt_str, quantity, Concept, Obj, Quantity,
};
use super::FhirError;

/// SNOMED CT's codes for male and female, as `appliesTo` may carry them.
const SNOMED_MALE: &str = "248153007";
const SNOMED_FEMALE: &str = "248152002";

/// The result line for an Observation or component at `path`, at `depth`.
pub(super) fn line(obj: &Obj, path: &str, depth: u8) -> Result<Observation, FhirError> {
    let code = opt_concept(obj, "code", path)?.ok_or_else(|| err(join(path, "code"), "missing"))?;
    let name = code
        .name()
        .ok_or_else(|| err(join(path, "code"), "no text, display or code"))?;
    let (value, unit) = value(obj, path)?;
    let interpretation = concepts(obj, "interpretation", path)?
        .first()
        .and_then(Concept::first_code)
        .map(str::to_owned);
    let ranges = objs(obj, "referenceRange", path)?
        .into_iter()
        .map(|(p, r)| range(r, &p, value.as_ref(), unit.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let notes = objs(obj, "note", path)?
        .into_iter()
        .map(|(p, n)| opt_str(n, "text", &p))
        .collect::<Result<Vec<_>, _>>()?;
    let notes: Vec<&str> = notes.into_iter().flatten().map(str::trim).collect();
    Ok(Observation {
        name: name.trim().to_owned(),
        code: code.code().map(str::to_owned),
        value,
        interpretation,
        ranges,
        depth,
        note: (!notes.is_empty()).then(|| notes.join("\n")),
    })
}

/// The `value[x]` of `obj`, and the value's Quantity when it is one (its unit is what the
/// ranges are compared with).
fn value<'a>(
    obj: &'a Obj,
    path: &str,
) -> Result<(Option<ObservedValue>, Option<Quantity<'a>>), FhirError> {
    let text = |t: &str| {
        Some(ObservedValue::Text {
            text: t.trim().to_owned(),
        })
    };
    if let Some(q) = opt_quantity(obj, "valueQuantity", path)? {
        let value = q.value.map(|value| ObservedValue::Quantity {
            value,
            unit: q.shown_unit().map(str::to_owned),
            comparator: q.comparator.map(str::to_owned),
        });
        return Ok((value, Some(q)));
    }
    if let Some(n) = opt_num(obj, "valueInteger", path)? {
        let value = ObservedValue::Quantity {
            value: n,
            unit: None,
            comparator: None,
        };
        return Ok((Some(value), Some(Quantity::default())));
    }
    if let Some(s) = opt_str(obj, "valueString", path)? {
        return Ok((text(s), None));
    }
    if let Some(c) = opt_concept(obj, "valueCodeableConcept", path)? {
        return Ok((c.name().and_then(text), None));
    }
    if let Some(b) = opt_bool(obj, "valueBoolean", path)? {
        return Ok((text(if b { "true" } else { "false" }), None));
    }
    for key in ["valueDateTime", "valueTime"] {
        if let Some(s) = opt_str(obj, key, path)? {
            return Ok((text(s), None));
        }
    }
    if let Some(r) = opt_obj(obj, "valueRange", path)? {
        let p = join(path, "valueRange");
        let low = opt_quantity(r, "low", &p)?.unwrap_or_default();
        let high = opt_quantity(r, "high", &p)?.unwrap_or_default();
        return Ok((bounds_text(&low, &high).as_deref().and_then(text), None));
    }
    if let Some(r) = opt_obj(obj, "valueRatio", path)? {
        let p = join(path, "valueRatio");
        let n = opt_quantity(r, "numerator", &p)?.unwrap_or_default();
        let d = opt_quantity(r, "denominator", &p)?.unwrap_or_default();
        let shown = |q: &Quantity| {
            q.value.map(|v| match q.shown_unit() {
                Some(u) => format!("{} {u}", number(v)),
                None => number(v),
            })
        };
        let ratio = match (shown(&n), shown(&d)) {
            (Some(n), Some(d)) => Some(format!("{n} : {d}")),
            (Some(n), None) => Some(n),
            _ => None,
        };
        return Ok((ratio.as_deref().and_then(text), None));
    }
    if let Some(p) = opt_obj(obj, "valuePeriod", path)? {
        let pp = join(path, "valuePeriod");
        let start = opt_str(p, "start", &pp)?;
        let end = opt_str(p, "end", &pp)?;
        let period = match (start, end) {
            (Some(s), Some(e)) => Some(format!("{s} – {e}")),
            (Some(s), None) => Some(format!("from {s}")),
            (None, Some(e)) => Some(format!("until {e}")),
            (None, None) => None,
        };
        return Ok((period.as_deref().and_then(text), None));
    }
    // valueSampledData (a waveform), valueAttachment, or no value (dataAbsentReason, or a
    // panel heading): nothing a result line can show.
    Ok((None, None))
}

/// "135–180 g/L", "≥ 1.5 mmol/L", "≤ 3 mmol/L"; `None` without numbers.
fn bounds_text(low: &Quantity, high: &Quantity) -> Option<String> {
    let unit = low.shown_unit().or(high.shown_unit());
    let numbers = match (low.value, high.value) {
        (Some(l), Some(h)) => format!("{}–{}", number(l), number(h)),
        (Some(l), None) => format!("≥ {}", number(l)),
        (None, Some(h)) => format!("≤ {}", number(h)),
        (None, None) => return None,
    };
    Some(match unit {
        Some(u) => format!("{numbers} {u}"),
        None => numbers,
    })
}

/// One `referenceRange` at `path`, judged against the observation's value and its unit.
fn range(
    obj: &Obj,
    path: &str,
    value: Option<&ObservedValue>,
    value_unit: Option<&Quantity>,
) -> Result<ReferenceRange, FhirError> {
    let low = opt_quantity(obj, "low", path)?.unwrap_or_default();
    let high = opt_quantity(obj, "high", path)?.unwrap_or_default();
    let own_text = opt_str(obj, "text", path)?.map(str::trim);
    let kind = kind(opt_concept(obj, "type", path)?.as_ref());
    let (sex, unknown_group) = applies_to(obj, path)?;
    let (age, age_unreadable) = age(obj, path)?;

    // A bound in a unit other than the value's cannot judge it (135 g/L is not 13.5 g/dL).
    // A range without a unit is taken to be in the value's unit, as labs mostly send it.
    let is_quantity = matches!(value, Some(ObservedValue::Quantity { .. }));
    let unit_differs = |bound: &Quantity| {
        bound.value.is_some()
            && bound.has_unit()
            && is_quantity
            && !value_unit.is_some_and(|v| v.same_unit(bound))
    };
    let numbers_unusable =
        unit_differs(&low) || unit_differs(&high) || unknown_group || age_unreadable;
    let (low_n, high_n, text) = if numbers_unusable {
        let mut text = bounds_text(&low, &high);
        if let Some(own) = own_text {
            text = Some(match text {
                Some(t) if t != own => format!("{t} ({own})"),
                Some(t) => t,
                None => own.to_owned(),
            });
        }
        (None, None, text)
    } else {
        (low.value, high.value, own_text.map(str::to_owned))
    };
    Ok(ReferenceRange {
        low: low_n,
        high: high_n,
        text,
        kind,
        sex,
        age: if age_unreadable { None } else { age },
    })
}

/// Normal when untyped or typed `normal`, critical when it says critical or panic, else a
/// target the value is not flagged against.
fn kind(concept: Option<&Concept>) -> RangeKind {
    let Some(concept) = concept else {
        return RangeKind::Normal;
    };
    let words: Vec<String> = concept.words().map(str::to_ascii_lowercase).collect();
    if words
        .iter()
        .any(|w| w.contains("critical") || w.contains("panic"))
    {
        RangeKind::Critical
    } else if words.is_empty() || concept.codings.iter().any(|c| c.code == Some("normal")) {
        RangeKind::Normal
    } else {
        RangeKind::Other
    }
}

/// The sex an `appliesTo` names, and whether it also names a group the model cannot
/// express (a race, pregnancy…), in which case the numbers must not be used.
fn applies_to(obj: &Obj, path: &str) -> Result<(Option<Sex>, bool), FhirError> {
    let mut sexes = Vec::new();
    let mut unknown = false;
    for concept in concepts(obj, "appliesTo", path)? {
        let mut understood = false;
        for coding in &concept.codings {
            let sex = match coding.code.map(str::trim) {
                Some("male" | SNOMED_MALE) => Some(Sex::Male),
                Some("female" | SNOMED_FEMALE) => Some(Sex::Female),
                _ => None,
            };
            if let Some(sex) = sex {
                understood = true;
                if !sexes.contains(&sex) {
                    sexes.push(sex);
                }
            }
        }
        if !understood {
            unknown = true;
        }
    }
    // Both sexes named: the range is for everyone.
    let sex = match sexes.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    Ok((sex, unknown))
}

/// The `age` band in years, and whether it was given in a unit that cannot be turned into
/// years (then the numbers must not be used).
fn age(obj: &Obj, path: &str) -> Result<(Option<AgeBand>, bool), FhirError> {
    let Some(age) = opt_obj(obj, "age", path)? else {
        return Ok((None, false));
    };
    let p = join(path, "age");
    let mut band = AgeBand::default();
    let mut unreadable = false;
    for (key, slot) in [("low", &mut band.low), ("high", &mut band.high)] {
        let Some(q) = opt_obj(age, key, &p)? else {
            continue;
        };
        let q = quantity(q, &join(&p, key))?;
        let Some(v) = q.value else { continue };
        match years_per_unit(&q) {
            Some(factor) => *slot = Some(v * factor),
            None => unreadable = true,
        }
    }
    if band.low.is_none() && band.high.is_none() {
        return Ok((None, unreadable));
    }
    Ok((Some(band), unreadable))
}

/// How many years one of the quantity's unit is.
fn years_per_unit(q: &Quantity) -> Option<f64> {
    [q.code, q.unit].into_iter().flatten().find_map(|u| {
        Some(match u.trim().to_ascii_lowercase().as_str() {
            "a" | "yr" | "yrs" | "y" | "year" | "years" => 1.0,
            "mo" | "month" | "months" => 1.0 / 12.0,
            "wk" | "week" | "weeks" => 1.0 / 52.1775,
            "d" | "day" | "days" => 1.0 / 365.25,
            _ => return None,
        })
    })
}

/// The `status` of an Observation, to leave out results sent in error.
pub(super) fn entered_in_error(obj: &Obj, path: &str) -> Result<bool, FhirError> {
    Ok(opt_str(obj, "status", path)? == Some("entered-in-error"))
}

/// The `component`s of an Observation, with their paths.
pub(super) fn components<'a>(
    obj: &'a Obj,
    path: &str,
) -> Result<Vec<(String, &'a Obj)>, FhirError> {
    objs(obj, "component", path)
}

/// The `hasMember` references of an Observation.
pub(super) fn members<'a>(obj: &'a Obj, path: &str) -> Result<&'a [serde_json::Value], FhirError> {
    arr(obj, "hasMember", path)
}
