//! The symptom guide's engine: reads what the patient typed and tapped, finds the symptoms
//! in it, and answers with a red flag, up to [`MAX_RECOMMENDATIONS`] departments, or a
//! hint. Red flags are tried first and, when one is raised, no department is offered.

use super::knowledge::{Knowledge, When};
use super::text::{is_negated, normalize, occurrences, occurrences_of_parts, phrase_parts, BREAK};
use crate::api::triage::{
    Hint, Recommendation, RedFlag, TriageRequest, TriageResult, MAX_RECOMMENDATIONS,
    MAX_SYMPTOM_IDS,
};
use crate::identity::Sex;
use crate::locale::Lang;

#[cfg(test)]
mod red_flag_tests;
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

        // The red flag whose pattern accounts for most of what the patient said wins: chest
        // pain with breathlessness is a heart attack before it is a breathing problem. Ties
        // go to the earlier red flag of the file.
        let flag = self
            .red_flags
            .iter()
            .enumerate()
            .filter(|(_, f)| f.when.holds(&patient))
            .filter_map(|(n, f)| {
                let size = f
                    .patterns
                    .iter()
                    .filter(|p| !p.is_empty() && p.iter().all(|id| has(id)))
                    .map(Vec::len)
                    .max()?;
                Some((size, std::cmp::Reverse(n), f))
            })
            .max_by_key(|&(size, n, _)| (size, n))
            .map(|(_, _, f)| f);
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
            let parts = phrase_parts(phrase);
            if parts.iter().any(|p| p.is_empty()) {
                continue;
            }
            let places = if let [part] = &parts[..] {
                occurrences(&text, part)
                    .into_iter()
                    .map(|at| vec![at])
                    .collect()
            } else {
                occurrences_of_parts(&text, &parts)
            };
            for parts in places {
                spans.push(Span::new(parts, symptom, phrase));
            }
        }

        // A phrase inside a longer one is part of it: 嗓子痒 is a sore throat, not itching.
        // Of two as long, the one without a gap is the plainer reading. A phrase with a gap
        // gives way when any of its parts is inside a longer phrase: "咳…血" is not read in
        // 咳嗽痰中带血, whose 血 belongs to 痰中带血. Two phrases with a gap that share a
        // part both stand: in 胸口像被勒住一样疼, "胸口…疼" and "胸口…勒" both read 胸口.
        spans.sort_by_key(|s| {
            (
                std::cmp::Reverse(s.covered()),
                s.parts.len(),
                s.start(),
                s.symptom,
            )
        });
        let mut kept: Vec<Span> = Vec::new();
        for span in spans {
            let gapped = span.parts.len() > 1;
            let taken = |&(start, end): &(usize, usize)| {
                kept.iter().any(|k| {
                    let shared = gapped && k.parts.len() > 1;
                    k.parts.iter().any(|&(s, e)| {
                        s <= start && end <= e && !(shared && (s, e) == (start, end))
                    })
                })
            };
            if !span.parts.iter().any(taken) {
                kept.push(span);
            }
        }
        kept.sort_by_key(|s| (s.start(), s.end()));

        let mut prev: Option<(usize, bool)> = None;
        for span in &kept {
            let (start, end) = (span.start(), span.end());
            let from = prev.map_or(0, |(end, _)| end.min(start));
            let gap = &text[from..start];
            // Negation reaches no further than the clause.
            let (gap, prev_negated) = match gap.rfind(BREAK) {
                Some(at) => (&gap[at + BREAK.len_utf8()..], false),
                None => (gap, prev.is_some_and(|(_, negated)| negated)),
            };
            let negated = span.symptom.is_some() && is_negated(gap, prev_negated);
            if let (Some(i), false) = (span.symptom, negated) {
                if found[i].is_none() {
                    // A phrase with a gap is told in the patient's words ("胸口压着疼").
                    let reason = if span.parts.len() == 1 {
                        span.phrase.to_owned()
                    } else {
                        text[start..end].to_owned()
                    };
                    found[i] = Some(Found { at: start, reason });
                }
            }
            prev = Some((end, negated));
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
    /// Where each part of the phrase is, in order; one part unless the phrase has a gap.
    parts: Vec<(usize, usize)>,
    symptom: Option<usize>,
    phrase: &'k str,
}

impl<'k> Span<'k> {
    fn new(parts: Vec<(usize, usize)>, symptom: Option<usize>, phrase: &'k str) -> Self {
        Span {
            parts,
            symptom,
            phrase,
        }
    }

    fn start(&self) -> usize {
        self.parts.first().map_or(0, |p| p.0)
    }

    fn end(&self) -> usize {
        self.parts.last().map_or(0, |p| p.1)
    }

    /// How much of the text the phrase's own words cover, gaps left out.
    fn covered(&self) -> usize {
        self.parts.iter().map(|(s, e)| e - s).sum()
    }
}
