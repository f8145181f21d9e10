//! Symptom-based department recommendation ("AI导诊"): a patient types symptoms in Chinese
//! or English, or taps them by body area, and learns which department to book, or that
//! they should not book at all but go to the emergency department now.
//!
//! What the engine knows is data, not code: a [`Knowledge`] file (TOML, shipped as
//! [`DEFAULT_KNOWLEDGE`]) of symptoms with their phrases in both languages, rules that point
//! symptoms at departments, and red flags. The server parses it, runs [`Knowledge::check`]
//! at start, and answers with [`Knowledge::triage`]; the app can run the same function
//! on the same knowledge sent as JSON. Matching is plain substring search over normalised
//! text with whole-word checks for English and a short look-behind for negation ("不发烧",
//! "no fever"): small enough for the WebAssembly bundle, predictable enough to test, and it
//! never invents a department that no rule names.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::LocalText;
use crate::identity::Sex;
use crate::locale::Lang;

#[cfg(test)]
mod tests;

/// The knowledge file the crate ships: the server's built-in default when the hospital
/// provides none.
pub const DEFAULT_KNOWLEDGE: &str = include_str!("triage.toml");

/// How much free text is read, in characters: more than any patient types, and a bound on
/// the work a hostile request can cause.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// How many tapped symptom ids are read.
pub const MAX_SYMPTOM_IDS: usize = 64;
/// How many departments an answer recommends at most.
pub const MAX_RECOMMENDATIONS: usize = 3;

// ── The API ─────────────────────────────────────────────────────────────────────────────

/// `POST /api/v1/triage`: what the patient said, and who the patient is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageRequest {
    /// Free text in Chinese or English ("头痛三天，有点头晕"); may be empty.
    #[serde(default)]
    pub text: String,
    /// Symptoms tapped in the body-area list, by [`SymptomChoice::id`].
    #[serde(default)]
    pub symptom_ids: Vec<String>,
    /// The patient's age in whole years; children see the paediatrician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// The patient's sex; gynaecology is not offered to men, nor prostate care to women.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// The patient says she is pregnant (ignored for a male patient).
    #[serde(default)]
    pub pregnant: bool,
    /// The language of the patient, for the labels of tapped symptoms in the reasons.
    #[serde(default)]
    pub lang: Lang,
}

/// The answer: either a red flag, or up to [`MAX_RECOMMENDATIONS`] departments, or a hint
/// when nothing matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageResult {
    /// The `version` of the knowledge that made this answer.
    pub knowledge_version: String,
    /// Set when the symptoms need emergency care now; the app must then route to the
    /// emergency department and offer no booking (`recommendations` is empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<RedFlag>,
    /// Departments to book, best first.
    pub recommendations: Vec<Recommendation>,
    /// The ids of the symptoms found, in the order the patient mentioned them.
    pub matched: Vec<String>,
    /// Set when there is neither a red flag nor a recommendation: what to do instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Hint>,
}

/// One recommended department.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    /// The department id, e.g. `neurology`.
    pub department: String,
    /// The summed weight of the rules that chose it: comparable within one answer only.
    pub score: u32,
    /// The patient's own symptom phrases that led here ("头痛", "头晕"), so the app can
    /// say "头痛, 头晕 → 神经内科".
    pub reasons: Vec<String>,
}

/// Emergency advice that replaces booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedFlag {
    /// Which red flag, e.g. `heart_attack`, `stroke`, `suicide`.
    pub id: String,
    /// What to do now (call 120, go to the emergency department), in both languages.
    pub message: LocalText,
    /// The department to route to: the emergency department.
    pub department: String,
}

/// What to do when no department matched: never a guess.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hint {
    /// The department to suggest: general medicine, or paediatrics for a child.
    pub department: String,
    /// The advice, in both languages (choose that department or ask at the help desk).
    pub message: LocalText,
}

/// A body area of the tap list, with its common symptoms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyArea {
    /// The area id, e.g. `head`.
    pub id: String,
    /// The area's name.
    pub label: LocalText,
    /// The symptoms a patient can tap in this area.
    pub symptoms: Vec<SymptomChoice>,
}

/// One tappable symptom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SymptomChoice {
    /// The stable id the app sends back in [`TriageRequest::symptom_ids`].
    pub id: String,
    /// The symptom's name.
    pub label: LocalText,
}

// ── The knowledge ───────────────────────────────────────────────────────────────────────

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
    /// Emergencies, most urgent first.
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
    /// one pattern are present.
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
    fn is_always(&self) -> bool {
        *self == When::default()
    }

    fn holds(&self, p: &Patient) -> bool {
        let sex_ok = match (self.sex, p.sex) {
            (Some(want), Some(is)) => want == is,
            _ => true,
        };
        let age_ok = p.age.is_none_or(|age| {
            self.min_age.is_none_or(|min| age >= min) && self.max_age.is_none_or(|max| age <= max)
        });
        sex_ok
            && age_ok
            && self.child.is_none_or(|c| c == p.child)
            && self.pregnant.is_none_or(|c| c == p.pregnant)
    }
}

/// What the engine knows about the patient once the text is read.
struct Patient {
    age: Option<u8>,
    sex: Option<Sex>,
    child: bool,
    pregnant: bool,
}

impl Symptom {
    /// The tap-list label: the first phrase in each language, English capitalised.
    fn label(&self) -> LocalText {
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

    fn phrases(&self) -> impl Iterator<Item = &str> {
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
                        let norm = normalize(phrase);
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
    /// hint. Deterministic: the same request and knowledge give the same answer.
    pub fn triage(&self, req: &TriageRequest) -> TriageResult {
        let index = self.index();
        let mut found = self.scan(&req.text);
        for (n, id) in req.symptom_ids.iter().take(MAX_SYMPTOM_IDS).enumerate() {
            if let Some(&i) = index.get(id.as_str()) {
                if found[i].is_none() {
                    let sym = &self.symptoms[i];
                    let label = match req.lang {
                        Lang::En => sym.en.first(),
                        Lang::ZhCn => sym.zh.first(),
                    };
                    found[i] = Some(Found {
                        // Tapped symptoms come after the typed ones.
                        at: usize::MAX - MAX_SYMPTOM_IDS + n,
                        reason: label.cloned().unwrap_or_else(|| sym.id.clone()),
                    });
                }
            }
        }
        let mut todo: Vec<usize> = (0..found.len()).filter(|&i| found[i].is_some()).collect();
        while let Some(i) = todo.pop() {
            for id in &self.symptoms[i].implies {
                if let Some(&j) = index.get(id.as_str()) {
                    if found[j].is_none() {
                        found[j] = found[i].clone();
                        todo.push(j);
                    }
                }
            }
        }

        let has = |id: &str| index.get(id).is_some_and(|&i| found[i].is_some());
        let s = &self.settings;
        let patient = Patient {
            age: req.age,
            sex: req.sex,
            // The age is of the patient being booked; the words only count without one.
            child: match req.age {
                Some(age) => age < s.child_below_age,
                None => has(&s.child_symptom),
            },
            // Text counts whatever the sex: "my wife is pregnant and bleeding" is a red flag.
            pregnant: (req.pregnant && req.sex != Some(Sex::Male)) || has(&s.pregnancy_symptom),
        };

        let mut order: Vec<usize> = (0..found.len()).filter(|&i| found[i].is_some()).collect();
        order.sort_by_key(|&i| (found[i].as_ref().map(|f| f.at), i));
        let matched = order.iter().map(|&i| self.symptoms[i].id.clone()).collect();
        let mut result = TriageResult {
            knowledge_version: self.version.clone(),
            red_flag: None,
            recommendations: Vec::new(),
            matched,
            hint: None,
        };

        let flag = self.red_flags.iter().find(|f| {
            f.when.holds(&patient)
                && f.patterns
                    .iter()
                    .any(|p| !p.is_empty() && p.iter().all(|id| has(id)))
        });
        if let Some(flag) = flag {
            result.red_flag = Some(RedFlag {
                id: flag.id.clone(),
                message: flag.message.clone(),
                department: flag
                    .department
                    .clone()
                    .unwrap_or_else(|| s.emergency_department.clone()),
            });
            return result;
        }

        struct Tally<'a> {
            department: &'a str,
            score: u32,
            first_rule: usize,
            symptoms: Vec<usize>,
        }
        let mut tallies: Vec<Tally> = Vec::new();
        for (n, rule) in self.rules.iter().enumerate() {
            if !rule.when.holds(&patient) || !rule.symptoms.iter().all(|id| has(id)) {
                continue;
            }
            let any: Vec<&String> = rule.any.iter().filter(|id| has(id)).collect();
            if !rule.any.is_empty() && any.is_empty() {
                continue;
            }
            let department = if patient.child && s.child_instead_of.contains(&rule.department) {
                s.child_department.as_str()
            } else {
                rule.department.as_str()
            };
            let pos = match tallies.iter().position(|t| t.department == department) {
                Some(pos) => pos,
                None => {
                    tallies.push(Tally {
                        department,
                        score: 0,
                        first_rule: n,
                        symptoms: Vec::new(),
                    });
                    tallies.len() - 1
                }
            };
            let tally = &mut tallies[pos];
            tally.score = tally.score.saturating_add(rule.weight);
            tally.symptoms.extend(
                rule.symptoms
                    .iter()
                    .chain(any)
                    .filter_map(|id| index.get(id.as_str()).copied()),
            );
        }
        tallies.sort_by_key(|t| (std::cmp::Reverse(t.score), t.first_rule));
        tallies.truncate(MAX_RECOMMENDATIONS);
        result.recommendations = tallies
            .into_iter()
            .map(|mut t| {
                t.symptoms
                    .sort_by_key(|&i| (found[i].as_ref().map(|f| f.at), i));
                t.symptoms.dedup();
                let mut reasons: Vec<String> = Vec::new();
                for i in t.symptoms {
                    if let Some(f) = &found[i] {
                        if !reasons.contains(&f.reason) {
                            reasons.push(f.reason.clone());
                        }
                    }
                }
                Recommendation {
                    department: t.department.to_owned(),
                    score: t.score,
                    reasons,
                }
            })
            .collect();

        if result.recommendations.is_empty() {
            result.hint = Some(if patient.child {
                Hint {
                    department: s.child_department.clone(),
                    message: s.child_fallback_message.clone(),
                }
            } else {
                Hint {
                    department: s.fallback_department.clone(),
                    message: s.fallback_message.clone(),
                }
            });
        }
        result
    }

    fn index(&self) -> BTreeMap<&str, usize> {
        self.symptoms
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect()
    }

    /// Finds the symptoms in free text: one entry per symptom, `Some` where a phrase of it
    /// occurs and is not negated.
    fn scan(&self, text: &str) -> Vec<Option<Found>> {
        let mut found: Vec<Option<Found>> = vec![None; self.symptoms.len()];
        let text = normalize(text);
        if text.is_empty() {
            return found;
        }
        let mut spans = Vec::new();
        let phrases = self
            .symptoms
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.phrases().map(move |p| (Some(i), p)))
            .chain(self.ignore.iter().map(|p| (None, p.as_str())));
        for (symptom, phrase) in phrases {
            let needle = normalize_phrase(phrase);
            if needle.is_empty() {
                continue;
            }
            for (start, end) in occurrences(&text, &needle) {
                spans.push(Span {
                    start,
                    end,
                    symptom,
                    phrase,
                });
            }
        }

        // A phrase inside a longer one is part of it: 嗓子痒 is a sore throat, not itching.
        spans.sort_by_key(|s| (std::cmp::Reverse(s.end - s.start), s.start, s.symptom));
        let mut kept: Vec<Span> = Vec::new();
        for span in spans {
            if !kept
                .iter()
                .any(|k| k.start <= span.start && span.end <= k.end)
            {
                kept.push(span);
            }
        }
        kept.sort_by_key(|s| (s.start, s.end));

        let mut prev: Option<(usize, bool)> = None;
        for span in &kept {
            let from = prev.map_or(0, |(end, _)| end.min(span.start));
            let gap = &text[from..span.start];
            // Negation reaches no further than the clause.
            let (gap, prev_negated) = match gap.rfind(BREAK) {
                Some(at) => (&gap[at + BREAK.len_utf8()..], false),
                None => (gap, prev.is_some_and(|(_, negated)| negated)),
            };
            let negated = span.symptom.is_some() && is_negated(gap, prev_negated);
            if let (Some(i), false) = (span.symptom, negated) {
                if found[i].is_none() {
                    found[i] = Some(Found {
                        at: span.start,
                        reason: span.phrase.to_owned(),
                    });
                }
            }
            prev = Some((span.end, negated));
        }
        found
    }
}

/// Where and how a symptom was found.
#[derive(Clone, Debug)]
struct Found {
    /// A position for ordering: in the normalised text, or after it for tapped symptoms.
    at: usize,
    /// The phrase the patient used, or the label of a tapped symptom.
    reason: String,
}

/// One occurrence of a phrase (or of an ignore phrase, when `symptom` is `None`).
struct Span<'k> {
    start: usize,
    end: usize,
    symptom: Option<usize>,
    phrase: &'k str,
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

/// Why a phrase can never match, if it cannot.
fn phrase_error(phrase: &str) -> Option<&'static str> {
    let norm = normalize(phrase);
    if norm.is_empty() {
        Some("has no letters")
    } else if norm.contains(BREAK) {
        Some("contains a clause break (, . ; ! ? :) and can never match")
    } else {
        None
    }
}

// ── Text ────────────────────────────────────────────────────────────────────────────────

/// Stands for every clause break in normalised text.
const BREAK: char = '\n';

/// Normalises text for matching: lowercase, full-width → half-width, apostrophes dropped
/// ("can't" = "cant"), clause punctuation → [`BREAK`], other punctuation, symbols and
/// spaces → one space between two words of a spaced script and nothing next to Chinese
/// (so "头 痛" is "头痛"). `、` stays: it joins a list, and a negation carries across it.
fn normalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().take(MAX_TEXT_CHARS).map(half_width).collect();
    let digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(char::is_ascii_digit)
    };
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_CHARS * 4));
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
            // A decimal point (39.5度) is not the end of a sentence.
            out.push('.');
            space = false;
        } else if is_clause_break(c) {
            if !out.is_empty() && !out.ends_with(BREAK) {
                out.push(BREAK);
            }
            space = false;
        } else if matches!(c, '\'' | '\u{2018}' | '\u{2019}') {
            // Dropped, not a space: "can't" is the word "cant".
        } else if c == '、' {
            out.push(c);
            space = false;
        } else if c.is_alphanumeric() {
            if space && out.chars().next_back().is_some_and(is_word_char) && is_word_char(c) {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    if out.ends_with(BREAK) {
        out.pop();
    }
    out
}

/// [`normalize`] for a knowledge phrase, without copying the common case of a phrase
/// written already normalised (lowercase words, single spaces, Chinese): a triage reads
/// every phrase of the file, so this is most of its work on short texts.
fn normalize_phrase(phrase: &str) -> Cow<'_, str> {
    let plain = !phrase.starts_with(' ')
        && !phrase.ends_with(' ')
        && !phrase.contains("  ")
        && phrase.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || is_cjk(c)
        })
        // A space next to Chinese would be dropped by normalize.
        && !phrase
            .as_bytes()
            .windows(2)
            .any(|w| (w[0] == b' ' && w[1] >= 0x80) || (w[0] >= 0x80 && w[1] == b' '));
    if plain {
        Cow::Borrowed(phrase)
    } else {
        Cow::Owned(normalize(phrase))
    }
}

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FF64}' => '、',
        _ => c,
    }
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | '!' | '?' | ':' | '\n' | '\r' | '。' | '…' | '｡' | '¿' | '¡' | '|'
    )
}

/// Scripts written without spaces: a word boundary is everywhere.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // extensions B–G
        | '\u{3007}')
}

/// A letter or digit of a spaced script, where "arm" inside "harm" is not "arm".
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Where `needle` (normalised) occurs in `text` (normalised) as a whole word, as
/// `(start, end)`; an English word may take a plural "s" or "es".
fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let starts_word = needle.chars().next().is_some_and(is_word_char);
    let last = needle.chars().next_back();
    let ends_word = last.is_some_and(is_word_char);
    let suffixes: &[&str] = if last.is_some_and(|c| c.is_ascii_alphabetic()) {
        &["", "s", "es"]
    } else {
        &[""]
    };
    let mut out = Vec::new();
    for (start, _) in text.match_indices(needle) {
        if starts_word && text[..start].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let mut end = start + needle.len();
        if ends_word {
            let rest = &text[end..];
            let suffix = suffixes.iter().find(|s| {
                rest.strip_prefix(**s)
                    .is_some_and(|after| !after.chars().next().is_some_and(is_word_char))
            });
            match suffix {
                Some(s) => end += s.len(),
                None => continue,
            }
        }
        out.push((start, end));
    }
    out
}

/// Words that negate what follows them directly: "不发烧", "没有咳嗽", "无发热".
const ZH_NEGATIONS: [&str; 7] = ["没有", "没", "不", "无", "未", "否认", "并非"];
/// Words that may stand between a negation and a symptom: "没有什么头痛", "无明显发热".
const ZH_FILLERS: [&str; 22] = [
    "什么", "怎么", "任何", "明显", "觉得", "感觉", "感到", "出现", "发生", "经常", "有", "太",
    "再", "的", "过", "都", "也", "还", "并", "常", "会", "啥",
];
/// Questions that look like negations: "有没有发烧" asks, it does not deny.
const ZH_QUESTIONS: [&str; 3] = ["有没有", "是不是", "会不会"];
/// Words that negate what follows them: "no fever", "I don't have a cough".
const EN_NEGATIONS: [&str; 19] = [
    "no", "not", "without", "never", "nor", "dont", "doesnt", "didnt", "havent", "hasnt", "hadnt",
    "isnt", "arent", "wasnt", "werent", "deny", "denies", "denied", "free",
];
/// Words that may stand between a negation and a symptom: "not really having any".
const EN_FILLERS: [&str; 27] = [
    "a",
    "an",
    "the",
    "any",
    "have",
    "has",
    "had",
    "having",
    "got",
    "get",
    "getting",
    "feel",
    "feeling",
    "felt",
    "experience",
    "experiencing",
    "really",
    "much",
    "of",
    "from",
    "suffer",
    "suffering",
    "signs",
    "sign",
    "more",
    "longer",
    "been",
];
/// Words that carry a negation on to the next symptom: "no fever or cough", "不发烧、咳嗽".
const CONJUNCTIONS: [&str; 10] = [
    "和", "或", "或者", "及", "以及", "与", "跟", "and", "or", "nor",
];

/// Whether a symptom is negated by `gap`, the text between the previous symptom (or the
/// start of the clause) and this one.
fn is_negated(gap: &str, prev_negated: bool) -> bool {
    let gap = gap.trim_matches(|c| c == ' ' || c == '、');
    if prev_negated && (gap.is_empty() || CONJUNCTIONS.contains(&gap)) {
        return true;
    }
    if gap.chars().next_back().is_some_and(is_word_char) {
        let mut words: Vec<&str> = gap
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        while words.last().is_some_and(|w| EN_FILLERS.contains(w)) {
            words.pop();
        }
        return words.last().is_some_and(|w| EN_NEGATIONS.contains(w));
    }
    if ZH_QUESTIONS.iter().any(|q| gap.ends_with(q)) {
        return false;
    }
    let mut rest = gap;
    while let Some(shorter) = ZH_FILLERS.iter().find_map(|f| rest.strip_suffix(f)) {
        if ZH_NEGATIONS.iter().any(|n| rest.ends_with(n)) {
            // "没有" ends in the filler "有": stop before stripping the negation itself.
            break;
        }
        rest = shorter;
    }
    ZH_NEGATIONS.iter().any(|n| rest.ends_with(n))
}
