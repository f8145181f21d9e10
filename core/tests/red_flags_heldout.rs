//! Measures the shipped red flags against `data/red_flags_heldout.tsv`: patient phrasings
//! that were written apart from the knowledge and never tuned against, so the figures say
//! how the symptom guide does on words nobody fitted it to.
//!
//! Recall is the share of emergency phrasings that raise the expected red flag; the
//! false-alarm rate is the share of ordinary complaints that raise any red flag. Both are
//! printed with every miss (`cargo test -p careway-core --test red_flags_heldout --
//! --nocapture`), and a drop below the floors fails the build.

use std::collections::BTreeMap;

use careway_core::api::triage::{TriageRequest, TriageResult};
use careway_core::locale::Lang;
use careway_core::triage::{Knowledge, DEFAULT_KNOWLEDGE};

/// The share of emergency phrasings that must raise the right red flag. Missing a
/// heart attack costs far more than a false alarm, so the floor is high.
const RECALL_FLOOR: f64 = 0.90;
/// The share of ordinary complaints that may raise a red flag: a guide that sends every
/// cough to the emergency department is not used, and then misses the heart attacks too.
const FALSE_ALARM_CEILING: f64 = 0.05;

const HELDOUT: &str = include_str!("data/red_flags_heldout.tsv");

/// One line of the file.
struct Line {
    lang: Lang,
    /// The red flag ids that are right for this phrase; empty for an ordinary complaint.
    expected: Vec<&'static str>,
    text: &'static str,
}

fn lines() -> Vec<Line> {
    HELDOUT
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("lang\t"))
        .map(|(n, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            let [lang, expected, text] = cols[..] else {
                panic!("line {}: wanted 3 tab-separated columns: {l:?}", n + 1);
            };
            let lang = match lang {
                "zh" => Lang::ZhCn,
                "en" => Lang::En,
                other => panic!("line {}: unknown language {other:?}", n + 1),
            };
            let expected = match expected {
                "none" => Vec::new(),
                ids => ids.split('|').collect(),
            };
            Line {
                lang,
                expected,
                text,
            }
        })
        .collect()
}

fn ask(k: &Knowledge, line: &Line) -> TriageResult {
    k.triage(&TriageRequest {
        text: line.text.into(),
        lang: line.lang,
        ..TriageRequest::default()
    })
}

/// What the answer says, for a report line.
fn describe(r: &TriageResult) -> String {
    match &r.red_flag {
        Some(flag) => format!("red flag {}", flag.id),
        None => {
            let departments: Vec<&str> = r
                .recommendations
                .iter()
                .map(|x| x.department.as_str())
                .collect();
            format!("no red flag, {departments:?}, matched {:?}", r.matched)
        }
    }
}

#[test]
fn held_out_red_flag_recall_and_false_alarms() {
    let k: Knowledge = toml::from_str(DEFAULT_KNOWLEDGE).expect("the shipped knowledge parses");
    let lines = lines();

    let mut per_flag: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut flagged, mut emergencies, mut alarms, mut ordinary) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    for line in &lines {
        let r = ask(&k, line);
        if let Some(flag) = &r.red_flag {
            assert!(
                r.recommendations.is_empty(),
                "{:?}: a red flag beside departments",
                line.text
            );
            assert_eq!(flag.department, k.settings.emergency_department);
        }
        if line.expected.is_empty() {
            ordinary += 1;
            if r.red_flag.is_some() {
                alarms += 1;
                false_alarms.push(format!("  {:?}: {}", line.text, describe(&r)));
            }
            continue;
        }
        emergencies += 1;
        let hit = r
            .red_flag
            .as_ref()
            .is_some_and(|f| line.expected.contains(&f.id.as_str()));
        let tally = per_flag.entry(line.expected[0]).or_default();
        tally.1 += 1;
        if hit {
            flagged += 1;
            tally.0 += 1;
        } else {
            misses.push(format!(
                "  [{}] {:?}: {}",
                line.expected.join("|"),
                line.text,
                describe(&r)
            ));
        }
    }

    let recall = flagged as f64 / emergencies as f64;
    let false_alarm_rate = alarms as f64 / ordinary as f64;
    println!("knowledge {}", k.version);
    println!("recall {flagged}/{emergencies} = {recall:.3} (floor {RECALL_FLOOR})");
    for (id, (hit, all)) in &per_flag {
        println!("  {id:<16} {hit}/{all}");
    }
    println!(
        "false alarms {alarms}/{ordinary} = {false_alarm_rate:.3} (ceiling {FALSE_ALARM_CEILING})"
    );
    println!("misses ({}):\n{}", misses.len(), misses.join("\n"));
    println!(
        "false alarms ({}):\n{}",
        false_alarms.len(),
        false_alarms.join("\n")
    );

    assert!(
        emergencies >= 60 && ordinary >= 30,
        "the held-out set shrank"
    );
    for id in per_flag.keys() {
        assert!(
            k.red_flags.iter().any(|f| f.id == *id),
            "the held-out set expects red flag {id}, which the knowledge does not have"
        );
    }
    assert!(
        recall >= RECALL_FLOOR,
        "recall {recall:.3} is below {RECALL_FLOOR}; misses:\n{}",
        misses.join("\n")
    );
    assert!(
        false_alarm_rate <= FALSE_ALARM_CEILING,
        "false alarms {false_alarm_rate:.3} are above {FALSE_ALARM_CEILING}:\n{}",
        false_alarms.join("\n")
    );
}
