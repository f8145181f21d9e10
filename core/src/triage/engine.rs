//! The symptom guide's engine: reads what the patient typed and tapped, finds the symptoms
//! in it, and answers with a red flag, up to [`MAX_RECOMMENDATIONS`] departments, or a
//! hint. Red flags are tried first and, when one is raised, no department is offered.

use super::knowledge::{Knowledge, When};
use super::text::{is_negated, normalize, normalize_phrase, occurrences, BREAK};
use crate::api::triage::{
    Hint, Recommendation, RedFlag, TriageRequest, TriageResult, MAX_RECOMMENDATIONS,
    MAX_SYMPTOM_IDS,
};
use crate::identity::Sex;
use crate::locale::Lang;

#[cfg(test)]
mod tests;

/// What the engine knows about the patient once the text is read.
struct Patient {
    age: Option<u8>,
    sex: Option<Sex>,
    child: bool,
    pregnant: bool,
}

impl When {
    /// Whether the patient is one the rule or red flag is for.
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

impl Knowledge {
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
