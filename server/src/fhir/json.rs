//! Reading FHIR's JSON with a path for every refusal: typed getters that say
//! `entry[4].resource.valueQuantity.value: expected number` instead of panicking or
//! silently skipping a field of the wrong type, plus the few FHIR datatypes the reader
//! needs (CodeableConcept, Reference, Quantity, Identifier).

use serde_json::{Map, Value};

use super::FhirError;

/// A JSON object.
pub(super) type Obj = Map<String, Value>;

/// LOINC's system URI: its code is preferred when a concept carries several.
const LOINC: &str = "http://loinc.org";

/// `path.key`, or `key` at the top of a document.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `path[i]`.
pub(super) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A refusal at `path`.
pub(super) fn err(path: impl Into<String>, message: impl Into<String>) -> FhirError {
    let path = path.into();
    FhirError {
        path: if path.is_empty() {
            "$".to_owned()
        } else {
            path
        },
        message: message.into(),
    }
}

/// `value` as an object, or `expected object` at `path`.
pub(super) fn as_obj<'a>(value: &'a Value, path: &str) -> Result<&'a Obj, FhirError> {
    value
        .as_object()
        .ok_or_else(|| err(path, "expected object"))
}

/// `obj[key]` as a string; absent → `None`; an empty or blank string counts as absent
/// (FHIR forbids them, and a blank name helps no one).
pub(super) fn opt_str<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, FhirError> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.trim().is_empty())),
        Some(_) => Err(err(join(path, key), "expected string")),
    }
}

/// `obj[key]` as a number.
pub(super) fn opt_num(obj: &Obj, key: &str, path: &str) -> Result<Option<f64>, FhirError> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|n| n.is_finite())
            .map(Some)
            .ok_or_else(|| err(join(path, key), "number out of range")),
        Some(_) => Err(err(join(path, key), "expected number")),
    }
}

/// `obj[key]` as a boolean.
pub(super) fn opt_bool(obj: &Obj, key: &str, path: &str) -> Result<Option<bool>, FhirError> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(err(join(path, key), "expected boolean")),
    }
}

/// `obj[key]` as an object.
pub(super) fn opt_obj<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Option<&'a Obj>, FhirError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => as_obj(v, &join(path, key)).map(Some),
    }
}

/// `obj[key]` as an array; absent → empty.
pub(super) fn arr<'a>(obj: &'a Obj, key: &str, path: &str) -> Result<&'a [Value], FhirError> {
    match obj.get(key) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items.as_slice()),
        Some(_) => Err(err(join(path, key), "expected array")),
    }
}

/// `obj[key]` as an array of objects, each with its path; absent → empty.
pub(super) fn objs<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Vec<(String, &'a Obj)>, FhirError> {
    let base = join(path, key);
    arr(obj, key, path)?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = index(&base, i);
            as_obj(v, &p).map(|o| (p, o))
        })
        .collect()
}

/// One Coding.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Coding<'a> {
    pub system: Option<&'a str>,
    pub code: Option<&'a str>,
    pub display: Option<&'a str>,
}

/// A CodeableConcept: its text and codings.
#[derive(Clone, Debug, Default)]
pub(super) struct Concept<'a> {
    pub text: Option<&'a str>,
    pub codings: Vec<Coding<'a>>,
}

impl<'a> Concept<'a> {
    /// How a person would name it: the text, else the first display, else the first code.
    pub fn name(&self) -> Option<&'a str> {
        self.text
            .or_else(|| self.codings.iter().find_map(|c| c.display))
            .or_else(|| self.code())
    }

    /// The code a machine follows: LOINC's when present, else the first.
    pub fn code(&self) -> Option<&'a str> {
        self.codings
            .iter()
            .find(|c| c.system == Some(LOINC) && c.code.is_some())
            .or_else(|| self.codings.iter().find(|c| c.code.is_some()))
            .and_then(|c| c.code)
    }

    /// The first coding's code, whatever its system.
    pub fn first_code(&self) -> Option<&'a str> {
        self.codings.iter().find_map(|c| c.code)
    }

    /// Every code and the text, for matching words.
    pub fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.codings
            .iter()
            .flat_map(|c| [c.code, c.display])
            .chain([self.text])
            .flatten()
    }
}

/// A CodeableConcept at `path`.
pub(super) fn concept<'a>(obj: &'a Obj, path: &str) -> Result<Concept<'a>, FhirError> {
    let text = opt_str(obj, "text", path)?;
    let codings = objs(obj, "coding", path)?
        .into_iter()
        .map(|(p, c)| {
            Ok(Coding {
                system: opt_str(c, "system", &p)?,
                code: opt_str(c, "code", &p)?,
                display: opt_str(c, "display", &p)?,
            })
        })
        .collect::<Result<_, FhirError>>()?;
    Ok(Concept { text, codings })
}

/// `obj[key]` as a CodeableConcept.
pub(super) fn opt_concept<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Option<Concept<'a>>, FhirError> {
    match opt_obj(obj, key, path)? {
        None => Ok(None),
        Some(c) => concept(c, &join(path, key)).map(Some),
    }
}

/// `obj[key]` as an array of CodeableConcepts.
pub(super) fn concepts<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Vec<Concept<'a>>, FhirError> {
    objs(obj, key, path)?
        .into_iter()
        .map(|(p, c)| concept(c, &p))
        .collect()
}

/// An Identifier as (system, value); `None` when it has no value.
pub(super) fn identifier(
    obj: &Obj,
    path: &str,
) -> Result<Option<(Option<String>, String)>, FhirError> {
    let system = opt_str(obj, "system", path)?;
    let value = opt_str(obj, "value", path)?;
    Ok(value.map(|v| (system.map(str::to_owned), v.to_owned())))
}

/// A Reference.
#[derive(Clone, Debug, Default)]
pub(super) struct Reference<'a> {
    pub reference: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub display: Option<&'a str>,
    pub identifier: Option<(Option<String>, String)>,
}

/// A Reference at `path`.
pub(super) fn reference<'a>(obj: &'a Obj, path: &str) -> Result<Reference<'a>, FhirError> {
    Ok(Reference {
        reference: opt_str(obj, "reference", path)?,
        kind: opt_str(obj, "type", path)?,
        display: opt_str(obj, "display", path)?,
        identifier: match opt_obj(obj, "identifier", path)? {
            None => None,
            Some(id) => identifier(id, &join(path, "identifier"))?,
        },
    })
}

/// A Quantity's number and unit (`unit`, else `code`), with both spellings of the unit
/// kept for comparing units.
#[derive(Clone, Debug, Default)]
pub(super) struct Quantity<'a> {
    pub value: Option<f64>,
    pub comparator: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub code: Option<&'a str>,
}

impl<'a> Quantity<'a> {
    /// The unit as printed.
    pub fn shown_unit(&self) -> Option<&'a str> {
        self.unit.or(self.code)
    }

    /// Whether it names a unit at all.
    pub fn has_unit(&self) -> bool {
        self.unit.is_some() || self.code.is_some()
    }

    /// Whether `self` and `other` name the same unit (either spelling of one matches either
    /// of the other).
    pub fn same_unit(&self, other: &Quantity<'_>) -> bool {
        let mine = [self.unit, self.code];
        let theirs = [other.unit, other.code];
        mine.iter()
            .flatten()
            .any(|u| theirs.iter().flatten().any(|t| t.trim() == u.trim()))
    }
}

/// A Quantity at `path`.
pub(super) fn quantity<'a>(obj: &'a Obj, path: &str) -> Result<Quantity<'a>, FhirError> {
    Ok(Quantity {
        value: opt_num(obj, "value", path)?,
        comparator: opt_str(obj, "comparator", path)?,
        unit: opt_str(obj, "unit", path)?,
        code: opt_str(obj, "code", path)?,
    })
}

/// `obj[key]` as a Quantity.
pub(super) fn opt_quantity<'a>(
    obj: &'a Obj,
    key: &str,
    path: &str,
) -> Result<Option<Quantity<'a>>, FhirError> {
    match opt_obj(obj, key, path)? {
        None => Ok(None),
        Some(q) => quantity(q, &join(path, key)).map(Some),
    }
}

/// A number as people write it: `135`, `4.2`.
pub(super) fn number(n: f64) -> String {
    format!("{n}")
}
