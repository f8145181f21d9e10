//! Tests of the knowledge file: it loads, the shipped one passes its check, and the check
//! names every mistake a clinician editing the file could make.

use crate::api::triage::TriageRequest;
use crate::identity::Sex;
use crate::locale::Lang;
use crate::triage::fixtures::{knowledge, parse, DEPARTMENTS, TINY};
use crate::triage::Knowledge;

#[test]
fn every_red_flag_message_sends_to_emergency_in_both_languages() {
    for flag in &knowledge().red_flags {
        assert!(flag.message.zh.contains("120"), "{}", flag.id);
        assert!(flag.message.en.contains("120"), "{}", flag.id);
        assert!(flag.message.zh.contains("急诊"), "{}", flag.id);
        assert!(flag.message.en.contains("emergency"), "{}", flag.id);
    }
}

#[test]
fn body_areas_list_common_symptoms_with_labels_in_both_languages() {
    let k = knowledge();
    let areas = k.body_areas();
    let ids: Vec<&str> = areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "head", "chest", "abdomen", "limbs", "skin", "senses", "mind", "women", "child",
            "general"
        ]
    );
    for area in &areas {
        assert!(area.symptoms.len() >= 3, "{} has too few symptoms", area.id);
        for s in &area.symptoms {
            assert!(!s.label.zh.is_empty(), "{}", s.id);
            assert!(
                s.label.en.starts_with(|c: char| c.is_uppercase()),
                "{}: {:?}",
                s.id,
                s.label.en
            );
        }
    }
    let head = k.common_symptoms("head");
    assert!(head
        .iter()
        .any(|s| s.id == "headache" && s.label.zh == "头痛"));
    assert!(head.iter().any(|s| s.label.en == "Headache"));
    // Red-flag words and context are not offered as chips.
    let all: Vec<&str> = areas
        .iter()
        .flat_map(|a| a.symptoms.iter().map(|s| s.id.as_str()))
        .collect();
    for hidden in ["suicidal", "child", "poisoning"] {
        assert!(!all.contains(&hidden), "{hidden} is offered");
    }
    assert!(k.common_symptoms("nowhere").is_empty());
}

#[test]
fn every_symptom_is_used_by_a_rule_a_red_flag_or_the_settings() {
    let k = knowledge();
    for s in &k.symptoms {
        let used = k
            .rules
            .iter()
            .any(|r| r.symptoms.contains(&s.id) || r.any.contains(&s.id))
            || k.red_flags
                .iter()
                .any(|f| f.patterns.iter().flatten().any(|id| *id == s.id))
            || k.symptoms.iter().any(|o| o.implies.contains(&s.id))
            || s.id == k.settings.child_symptom
            || s.id == k.settings.pregnancy_symptom;
        assert!(used, "symptom {} leads nowhere", s.id);
    }
}

#[test]
fn the_shipped_knowledge_passes_its_check() {
    let k = knowledge();
    k.check(&DEPARTMENTS).unwrap();
    assert!(k.symptoms.len() >= 100, "{} symptoms", k.symptoms.len());
}

#[test]
fn check_names_an_unknown_department() {
    let k = parse(&TINY.replace(r#"department = "ent""#, r#"department = "ENT-clinic""#));
    let err = k.check(&DEPARTMENTS).unwrap_err();
    assert!(
        err.contains(r#"rule 2 (ENT-clinic ← b): unknown department "ENT-clinic""#),
        "{err}"
    );
    // A hospital without a department the shipped file uses is told which rules need it.
    let err = knowledge().check(&DEPARTMENTS[..17]).unwrap_err();
    assert!(err.contains(r#"unknown department "tcm""#), "{err}");
    assert!(err.contains(r#"settings.emergency_department: unknown department "emergency""#));
}

#[test]
fn check_names_an_unknown_symptom() {
    let k = parse(&TINY.replace(r#"symptoms = ["b"]"#, r#"symptoms = ["b", "headach"]"#));
    let err = k.check(&DEPARTMENTS).unwrap_err();
    assert_eq!(
        err,
        r#"rule 2 (ent ← b + headach): unknown symptom "headach""#
    );

    let mut k = knowledge();
    k.red_flags[0].patterns.push(vec!["nope".into()]);
    k.symptoms[0].implies.push("nope2".into());
    let err = k.check(&DEPARTMENTS).unwrap_err();
    assert!(
        err.contains(r#"red flag "breathing": unknown symptom "nope""#),
        "{err}"
    );
    assert!(
        err.contains(r#"symptom "headache" implies: unknown symptom "nope2""#),
        "{err}"
    );
}

#[test]
fn check_names_duplicates() {
    let dup = TINY.replace(r#"id = "b""#, r#"id = "a""#);
    let err = parse(&dup).check(&DEPARTMENTS).unwrap_err();
    assert!(err.contains(r#"symptom "a" is defined twice"#), "{err}");

    let same_phrase = TINY.replace(r#"en = ["beta"]"#, r#"en = ["beta", "ALPHA"]"#);
    let err = parse(&same_phrase).check(&DEPARTMENTS).unwrap_err();
    assert_eq!(
        err,
        r#"symptom "b": phrase "ALPHA" also belongs to symptom "a""#
    );

    let mut k = knowledge();
    let first = k.red_flags[0].clone();
    k.red_flags.push(first);
    k.areas.push(k.areas[0].clone());
    let err = k.check(&DEPARTMENTS).unwrap_err();
    assert!(
        err.contains(r#"red flag "breathing" is defined twice"#),
        "{err}"
    );
    assert!(err.contains(r#"area "head" is defined twice"#), "{err}");
}

#[test]
fn check_refuses_phrases_that_can_never_match() {
    let k = parse(&TINY.replace(r#"zh = ["乙"]"#, r#"zh = ["乙，丙", "！"]"#));
    let err = k.check(&DEPARTMENTS).unwrap_err();
    assert!(
        err.contains(r#"symptom "b": phrase "乙，丙" contains a clause break"#),
        "{err}"
    );
    assert!(
        err.contains(r#"symptom "b": phrase "！" has no letters"#),
        "{err}"
    );
}

#[test]
fn typos_in_field_names_are_refused_at_load() {
    let typo = TINY.replace(
        "weight = 10 },\n  { department = \"ent\"",
        "wieght = 10 },\n  { department = \"ent\"",
    );
    assert!(toml::from_str::<Knowledge>(&typo).is_err());
}

#[test]
fn knowledge_and_answers_travel_as_json() {
    let k = knowledge();
    let json = serde_json::to_string(&k).unwrap();
    assert_eq!(serde_json::from_str::<Knowledge>(&json).unwrap(), k);

    let req: TriageRequest =
        serde_json::from_str(r#"{"text":"头痛","sex":"female","lang":"en"}"#).unwrap();
    assert_eq!(req.sex, Some(Sex::Female));
    assert_eq!(req.lang, Lang::En);
    assert!(req.symptom_ids.is_empty() && req.age.is_none() && !req.pregnant);

    let answer = serde_json::to_value(k.triage(&req)).unwrap();
    assert_eq!(answer["knowledge_version"], k.version.as_str());
    assert_eq!(answer["recommendations"][0]["department"], "neurology");
    assert_eq!(answer["matched"][0], "headache");
    assert!(answer.get("red_flag").is_none());
}
