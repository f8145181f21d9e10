//! The symptom guide's knowledge: the data model of a knowledge file (symptoms with their
//! phrases, rules, red flags, the tap list's body areas, settings), the file the crate
//! ships, and [`Knowledge::check`], which the server runs at start so a mistake in a
//! hospital's file is named before any patient is answered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::text::{phrase_error, phrase_parts, GAP};
use crate::api::triage::{BodyArea, SymptomChoice};
use crate::api::LocalText;
use crate::identity::Sex;

#[cfg(test)]
mod tests;

/// The knowledge file the crate ships: the server's built-in default when the hospital
/// provides none.
pub const DEFAULT_KNOWLEDGE: &str = include_str!("../triage.toml");

/// Everything the engine knows, as loaded from a knowledge file. Unknown fields are
/// refused, so a typo in the file fails at load instead of being ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knowledge {
    /// Bumped on every change, e.g. `2026.11-1`; every answer carries it.
    pub version: String,
    /// Phrases that look like a symptom but are not one ("疼得想死" is pain, not a wish to
    /// die): a symptom phrase inside one of them does not count.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Symptoms → departments, in priority order (ties go to the earlier rule).
    pub rules: Vec<Rule>,
    /// Departments and texts the engine needs besides the rules.
    pub settings: Settings,
    /// The body areas of the tap list, in display order.
    pub areas: Vec<Area>,
    /// Every symptom the engine can recognise.
    pub symptoms: Vec<Symptom>,
    /// Emergencies. When several are raised, the one whose pattern names the most symptoms
    /// is shown, then the earlier one: order them most urgent first.
    pub red_flags: Vec<RedFlagRule>,
}

/// Departments and texts the engine needs besides the rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where red flags send the patient.
    pub emergency_department: String,
    /// Suggested when nothing matched.
    pub fallback_department: String,
    /// The advice when nothing matched.
    pub fallback_message: LocalText,
    /// A patient younger than this is a child.
    pub child_below_age: u8,
    /// The department that sees children instead of `child_instead_of`.
    pub child_department: String,
    /// The adult departments a child is sent to `child_department` instead of.
    pub child_instead_of: Vec<String>,
    /// The advice when nothing matched for a child.
    pub child_fallback_message: LocalText,
    /// The symptom whose phrases ("孩子", "my baby") say the patient is a child when the
    /// request gives no age.
    pub child_symptom: String,
    /// The symptom whose phrases ("怀孕", "pregnant") say the patient is pregnant.
    pub pregnancy_symptom: String,
}

/// A body area of the tap list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// A stable id, e.g. `head`.
    pub id: String,
    /// The area's name.
    pub label: LocalText,
}

/// A symptom and the words patients use for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    /// A stable id, e.g. `headache`; the app sends it when the symptom is tapped.
    pub id: String,
    /// The body areas whose tap list shows it (the first is its home).
    pub areas: Vec<String>,
    /// Whether the tap list shows it; red-flag words and context ("my child") are hidden.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub common: bool,
    /// Chinese phrases; the first is the label.
    pub zh: Vec<String>,
    /// English phrases; the first is the label.
    pub en: Vec<String>,
    /// Symptoms that are present whenever this one is (crushing chest pain is chest pain).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implies: Vec<String>,
}

/// Symptoms → a department, with a weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The department the rule points to.
    pub department: String,
    /// All of these must be present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symptoms: Vec<String>,
    /// When not empty, at least one of these must be present too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<String>,
    /// Added to the department's score when the rule applies.
    pub weight: u32,
    /// Who the rule is for.
    #[serde(default, skip_serializing_if = "When::is_always")]
    pub when: When,
}

/// A pattern that needs emergency care.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagRule {
    /// A stable id, e.g. `stroke`.
    pub id: String,
    /// Each pattern is a set of symptoms; the red flag is raised when all symptoms of any
    /// one pattern are present. A longer pattern is more specific: "chest discomfort +
    /// breathlessness" wins over "breathlessness" alone.
    pub patterns: Vec<Vec<String>>,
    /// Who the red flag is for (e.g. only in pregnancy).
    #[serde(default, skip_serializing_if = "When::is_always")]
    pub when: When,
    /// Where to send the patient; the settings' emergency department when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// What to tell the patient, in both languages.
    pub message: LocalText,
}

/// Conditions on the patient. A fact the request does not give never excludes: a rule
/// for women applies when the sex is unknown, so missing data costs precision, not care.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// Only for this sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Only for a child (`true`) or only for an adult (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<bool>,
    /// Only in pregnancy (`true`) or only outside it (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnant: Option<bool>,
    /// Only from this age on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    /// Only up to this age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl When {
    pub(super) fn is_always(&self) -> bool {
        *self == When::default()
    }
}

impl Symptom {
    /// The tap-list label: the first phrase in each language, English capitalised.
    pub(super) fn label(&self) -> LocalText {
        let en = self.en.first().map(String::as_str).unwrap_or_default();
        let mut chars = en.chars();
        let en = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        LocalText {
            zh: self.zh.first().cloned().unwrap_or_default(),
            en,
        }
    }

    pub(super) fn phrases(&self) -> impl Iterator<Item = &str> {
        self.zh.iter().chain(&self.en).map(String::as_str)
    }
}

impl Knowledge {
    /// Validates the references of a loaded file against the hospital's departments:
    /// unknown or duplicate ids, unknown departments, phrases that can never match. The
    /// error names every offending entry, one per line.
    pub fn check(&self, department_ids: &[&str]) -> Result<(), String> {
        let mut errors = Vec::new();
        let mut department = |what: String, id: &str| {
            if !department_ids.contains(&id) {
                errors.push(format!("{what}: unknown department {id:?}"));
            }
        };
        let s = &self.settings;
        department(
            "settings.emergency_department".into(),
            &s.emergency_department,
        );
        department(
            "settings.fallback_department".into(),
            &s.fallback_department,
        );
        department("settings.child_department".into(), &s.child_department);
        for id in &s.child_instead_of {
            department("settings.child_instead_of".into(), id);
        }
        for (n, rule) in self.rules.iter().enumerate() {
            department(rule_name(n, rule), &rule.department);
        }
        for flag in &self.red_flags {
            if let Some(id) = &flag.department {
                department(format!("red flag {:?}", flag.id), id);
            }
        }

        if self.version.trim().is_empty() {
            errors.push("version is empty".into());
        }
        for (what, text) in [
            ("settings.fallback_message", &s.fallback_message),
            ("settings.child_fallback_message", &s.child_fallback_message),
        ] {
            if text.zh.trim().is_empty() || text.en.trim().is_empty() {
                errors.push(format!("{what} needs both zh and en"));
            }
        }

        let mut areas = BTreeMap::new();
        for area in &self.areas {
            if areas.insert(area.id.as_str(), ()).is_some() {
                errors.push(format!("area {:?} is defined twice", area.id));
            }
        }
        let index = self.index();
        let mut seen = BTreeMap::new();
        for sym in &self.symptoms {
            if seen.insert(sym.id.as_str(), ()).is_some() {
                errors.push(format!("symptom {:?} is defined twice", sym.id));
            }
        }
        let known = |what: &str, id: &str, errors: &mut Vec<String>| {
            if !index.contains_key(id) {
                errors.push(format!("{what}: unknown symptom {id:?}"));
            }
        };
        // Two symptoms sharing a phrase would make the answer depend on file order.
        let mut owners: BTreeMap<String, &str> = BTreeMap::new();
        for sym in &self.symptoms {
            let what = format!("symptom {:?}", sym.id);
            if sym.areas.is_empty() {
                errors.push(format!("{what} has no area"));
            }
            for area in &sym.areas {
                if !areas.contains_key(area.as_str()) {
                    errors.push(format!("{what}: unknown area {area:?}"));
                }
            }
            if sym.zh.is_empty() || sym.en.is_empty() {
                errors.push(format!("{what} needs at least one zh and one en phrase"));
            }
            for phrase in sym.phrases() {
                match phrase_error(phrase) {
                    Some(e) => errors.push(format!("{what}: phrase {phrase:?} {e}")),
                    None => {
                        let norm = phrase_parts(phrase).join(&GAP.to_string());
                        if let Some(other) = owners.insert(norm, &sym.id) {
                            errors.push(format!(
                                "{what}: phrase {phrase:?} also belongs to symptom {other:?}"
                            ));
                        }
                    }
                }
            }
            for id in &sym.implies {
                known(&format!("{what} implies"), id, &mut errors);
                if *id == sym.id {
                    errors.push(format!("{what} implies itself"));
                }
            }
        }
        for phrase in &self.ignore {
            if let Some(e) = phrase_error(phrase) {
                errors.push(format!("ignore: phrase {phrase:?} {e}"));
            }
        }
        known("settings.child_symptom", &s.child_symptom, &mut errors);
        known(
            "settings.pregnancy_symptom",
            &s.pregnancy_symptom,
            &mut errors,
        );

        for (n, rule) in self.rules.iter().enumerate() {
            let what = rule_name(n, rule);
            if rule.symptoms.is_empty() && rule.any.is_empty() {
                errors.push(format!("{what} names no symptom"));
            }
            for id in rule.symptoms.iter().chain(&rule.any) {
                known(&what, id, &mut errors);
            }
            if rule.weight == 0 {
                errors.push(format!("{what} has weight 0"));
            }
            when_errors(&what, &rule.when, &mut errors);
        }
        let mut flags = BTreeMap::new();
        for flag in &self.red_flags {
            let what = format!("red flag {:?}", flag.id);
            if flags.insert(flag.id.as_str(), ()).is_some() {
                errors.push(format!("{what} is defined twice"));
            }
            if flag.patterns.is_empty() || flag.patterns.iter().any(Vec::is_empty) {
                errors.push(format!("{what} has an empty pattern"));
            }
            for id in flag.patterns.iter().flatten() {
                known(&what, id, &mut errors);
            }
            if flag.message.zh.trim().is_empty() || flag.message.en.trim().is_empty() {
                errors.push(format!("{what}: message needs both zh and en"));
            }
            when_errors(&what, &flag.when, &mut errors);
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }

    /// The body areas of the tap list, each with its common symptoms, in file order.
    pub fn body_areas(&self) -> Vec<BodyArea> {
        self.areas
            .iter()
            .map(|area| BodyArea {
                id: area.id.clone(),
                label: area.label.clone(),
                symptoms: self.common_symptoms(&area.id),
            })
            .collect()
    }

    /// The symptoms a patient can tap in one body area (empty for an unknown area).
    pub fn common_symptoms(&self, area: &str) -> Vec<SymptomChoice> {
        self.symptoms
            .iter()
            .filter(|s| s.common && s.areas.iter().any(|a| a == area))
            .map(|s| SymptomChoice {
                id: s.id.clone(),
                label: s.label(),
            })
            .collect()
    }

    /// Reads the patient's words and taps and answers with a red flag, departments, or a
    /// Each symptom's position in [`Knowledge::symptoms`], by id.
    pub(super) fn index(&self) -> BTreeMap<&str, usize> {
        self.symptoms
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect()
    }
}

fn rule_name(n: usize, rule: &Rule) -> String {
    let mut ids: Vec<&str> = rule.symptoms.iter().map(String::as_str).collect();
    if !rule.any.is_empty() {
        ids.push("any of");
        ids.extend(rule.any.iter().map(String::as_str));
    }
    format!("rule {} ({} ← {})", n + 1, rule.department, ids.join(" + "))
}

fn when_errors(what: &str, when: &When, errors: &mut Vec<String>) {
    if let (Some(min), Some(max)) = (when.min_age, when.max_age) {
        if min > max {
            errors.push(format!("{what}: min_age {min} is above max_age {max}"));
        }
    }
}
