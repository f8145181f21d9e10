//! Tests of the questionnaire engine against real questionnaires (copies in
//! `core/tests/fixtures/questionnaires/`, so they run from any clone).

use std::collections::BTreeSet;

use super::*;

fn read(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/questionnaires/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(json: &str) -> Form {
    let q: Questionnaire = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    Form::parse(&q).unwrap_or_else(|e| panic!("{e}"))
}

fn form(name: &str) -> Form {
    parse(&read(name))
}

fn coding(system: Option<&str>, code: &str) -> Value {
    Value::Coding(Coding {
        system: system.map(str::to_owned),
        code: Some(code.to_owned()),
        ..Coding::default()
    })
}

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

/// The chain of groups above `link_id` (outermost first), or `None` if the form lacks it.
fn groups_above(items: &[Item], link_id: &str) -> Option<Vec<String>> {
    for item in items {
        if item.link_id == link_id {
            return Some(Vec::new());
        }
        if let Some(mut path) = groups_above(&item.items, link_id) {
            if item.kind == ItemType::Group {
                path.insert(0, item.link_id.clone());
            }
            return Some(path);
        }
    }
    None
}

/// Sets answers where the form puts them: in the first instance of each enclosing group.
fn answer(form: &Form, r: &mut Response, link_id: &str, values: Vec<Value>) {
    let path = groups_above(&form.items, link_id).unwrap_or_default();
    let mut level = &mut r.answers;
    for g in path {
        let instances = level.groups.entry(g).or_default();
        if instances.is_empty() {
            instances.push(Answers::default());
        }
        level = &mut instances[0];
    }
    level.set(link_id, values);
}

fn respond(form: &Form, answers: Vec<(&str, Vec<Value>)>) -> Response {
    let mut r = Response::default();
    for (id, values) in answers {
        answer(form, &mut r, id, values);
    }
    r
}

fn unsupported(f: &Form) -> Vec<String> {
    f.unsupported
        .iter()
        .map(|u| {
            let name = u.feature.rsplit('/').next().unwrap_or_default();
            format!("{} {name}", u.link_id.as_deref().unwrap_or("-"))
        })
        .collect()
}

fn errors(form: &Form, r: &Response) -> Vec<(String, ErrorCode)> {
    check(form, r)
        .into_iter()
        .map(|e| (e.link_id, e.code))
        .collect()
}

fn err(link_id: &str, code: ErrorCode) -> (String, ErrorCode) {
    (link_id.to_owned(), code)
}

#[test]
fn every_fixture_parses_and_reports_what_it_does_not_implement() {
    let orientation = |prefix: &str| -> Vec<String> {
        [
            "group2-item1",
            "group2-item2",
            "group4-item1",
            "group4-item2",
            "group6-item1",
            "group6-item2",
        ]
        .iter()
        .map(|i| format!("{prefix}-{i} questionnaire-choiceOrientation"))
        .collect()
    };
    let link_period = |ids: &[&str]| -> Vec<String> {
        ids.iter()
            .map(|i| format!("{i} sdc-questionnaire-observationLinkPeriod"))
            .collect()
    };
    let mut phq9 = link_period(&[
        "/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7", "/44258-2", "/44252-5",
        "/44253-3", "/44260-8",
    ]);
    phq9.extend(
        [
            "/44261-6 questionnaire-displayCategory",
            "/44261-6 variable",
            "/44261-6 sdc-questionnaire-calculatedExpression",
            "/44261-6 sdc-questionnaire-observationLinkPeriod",
            "/69722-7 questionnaire-displayCategory",
            "/69722-7 sdc-questionnaire-observationLinkPeriod",
        ]
        .map(String::from),
    );
    let v = |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.to_string()).collect() };
    let expected: Vec<(&str, Vec<String>)> = vec![
        (
            "answerOption-valueCoding.choice.R4.json",
            orientation("valueCoding.choice"),
        ),
        (
            "answerOption-valueInteger.R4.json",
            orientation("valueInteger"),
        ),
        (
            "answerOption-valueString.R4.json",
            orientation("valueString"),
        ),
        (
            "bit-of-everything.json",
            v(&[
                "- terminology-server",
                "root terminology-server",
                "Item-text Questionnaire-TextArea-Row",
                "Item-attachment mimeType",
                "Item-attachment maxSize",
                "Item-rb answerValueSet",
                "Item10 answerValueSet",
                "Item11 answerValueSet",
                "Item12 answerValueSet",
            ]),
        ),
        (
            "blood-pressure-q.json",
            v(&[
                "- sdc-questionnaire-observationExtract",
                "202279616184 sdc-questionnaire-observationExtract",
                "334437031553 sdc-questionnaire-observationExtract",
            ]),
        ),
        ("date-in-repeating-group.json", vec![]),
        (
            "enableWhen-test.R4.json",
            v(&[
                "Q9c-eq-B enableWhen.answerInteger",
                "Q9c-noteq-B enableWhen.answerInteger",
                "Q9d-eq-B enableWhen.answerInteger",
                "Q9d-noteq-B enableWhen.answerInteger",
                "Q10-ewe sdc-questionnaire-enableWhenExpression",
            ]),
        ),
        ("phq9.json", phq9),
        ("q-enableWhen-with-reference-loop.json", vec![]),
        ("q-with-minOccurs-maxOccurs.json", vec![]),
        ("q-with-nested-enableWhen.json", vec![]),
        ("Questionnaire-f201.json", vec![]),
        (
            "Questionnaire-phq-9-questionnaire.json",
            v(&[
                "- cqf-library",
                "LittleInterest answerValueSet",
                "FeelingDown answerValueSet",
                "TroubleSleeping answerValueSet",
                "FeelingTired answerValueSet",
                "BadAppetite answerValueSet",
                "FeelingBadAboutSelf answerValueSet",
                "TroubleConcentrating answerValueSet",
                "MovingSpeaking answerValueSet",
                "TotalScore cqf-expression",
                "Difficulty answerValueSet",
            ]),
        ),
        (
            "Questionnaire-zika-virus-exposure-assessment.json",
            v(&[
                "1 additional-information",
                "2 additional-information",
                "4 additional-information",
                "6 additional-information",
            ]),
        ),
    ];
    for (name, want) in expected {
        assert_eq!(unsupported(&form(name)), want, "{name}");
    }
}

#[test]
fn parse_reads_every_item_element_the_engine_uses() {
    let f = form("bit-of-everything.json");
    let root = &f.items[0];
    assert_eq!(root.kind, ItemType::Group);
    let kinds: Vec<ItemType> = root.items.iter().map(|i| i.kind).collect();
    use ItemType::*;
    assert_eq!(
        kinds,
        [
            Display, String, Text, Boolean, Date, DateTime, Time, Integer, Decimal, Url, Reference,
            Attachment, Quantity, Choice, Choice, Choice, Choice, OpenChoice
        ]
    );
    let decimal = f.item("Item-decimal").unwrap();
    assert!(decimal.unit.is_some());
    assert_eq!(f.item("Item-quantity").unwrap().unit_options.len(), 2);
    assert_eq!(
        f.item("Item-rb")
            .unwrap()
            .answer_value_set
            .as_deref()
            .map(|u| !u.is_empty()),
        Some(true)
    );

    let phq = form("phq9.json");
    let first = &phq.items[0];
    assert!(first.required);
    assert_eq!(first.min_occurs, Some(1));
    assert_eq!(first.control.as_deref(), Some("drop-down"));
    let scores: Vec<Option<f64>> = first.options.iter().map(|o| o.score).collect();
    assert_eq!(scores, [Some(0.0), Some(1.0), Some(2.0), Some(3.0)]);
    assert_eq!(first.options[2].prefix.as_deref(), Some("2"));

    let ints = form("answerOption-valueInteger.R4.json");
    let item = ints.item("valueInteger-group5-item2").unwrap();
    assert!(item.repeats);
    assert_eq!(item.initial, [Value::Integer(34), Value::Integer(56)]);
    let codings = form("answerOption-valueCoding.choice.R4.json");
    let selected: Vec<bool> = codings
        .item("valueCoding.choice-group5-item2")
        .unwrap()
        .options
        .iter()
        .map(|o| o.initial_selected)
        .collect();
    assert_eq!(selected, [false, true, true]);

    let mm = form("q-with-minOccurs-maxOccurs.json");
    let g = mm.item("1").unwrap();
    assert_eq!(
        (g.min_occurs, g.max_occurs, g.repeats, g.required),
        (Some(2), Some(3), true, true)
    );
}

#[test]
fn parse_reads_answer_option_types_hidden_read_only_and_nested_question_items() {
    let f = parse(
        r#"{"resourceType": "Questionnaire", "status": "draft", "item": [
            {"linkId": "q", "type": "choice", "readOnly": true, "maxLength": 4, "prefix": "1.",
             "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true}],
             "answerOption": [
                {"valueInteger": 1}, {"valueDate": "2020-01-01"}, {"valueTime": "10:00:00"},
                {"valueString": "s"}, {"valueReference": {"reference": "Patient/1"}},
                {"valueCoding": {"code": "c", "extension": [
                    {"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 2.5}]}}],
             "item": [{"linkId": "q.child", "type": "string"}]}]}"#,
    );
    let q = &f.items[0];
    assert!(q.hidden && q.read_only);
    assert_eq!((q.max_length, q.prefix.as_deref()), (Some(4), Some("1.")));
    assert_eq!(q.options.len(), 6);
    assert_eq!(q.options[5].score, Some(2.5));
    assert!(matches!(q.options[4].value, Value::Reference(_)));
    assert_eq!(q.items[0].link_id, "q.child");
    assert!(f.unsupported.is_empty());
}

/// The app receives forms as the server writes them (the engine's JSON, not FHIR's): every
/// fixture's form reads back exactly, scores, translations, conditions and all.
#[test]
fn every_fixtures_form_travels_as_json_and_reads_back_the_same() {
    let dir = format!(
        "{}/tests/fixtures/questionnaires",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        if json["resourceType"] != "Questionnaire" {
            continue;
        }
        let f = parse(&text);
        let json = serde_json::to_string(&f).unwrap();
        let back: Form = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: {e}\n{json}", path.display()));
        assert_eq!(back, f, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 14, "only {seen} forms were tried");
    // A Questionnaire is not a form: read as one, it fails instead of coming out empty.
    assert!(serde_json::from_str::<Form>(&read("phq9.json")).is_err());
    // Empty fields are left out, and values say their type.
    let f = parse(
        r#"{"item": [{"linkId": "a", "type": "open-choice", "answerOption": [{"valueInteger": 3}]}]}"#,
    );
    assert_eq!(
        serde_json::to_string(&f).unwrap(),
        r#"{"items":[{"link_id":"a","kind":"open_choice","options":[{"value":{"integer":3}}],"enable_behavior":"all"}]}"#
    );
}

#[test]
fn parse_fails_only_on_forms_without_meaning_and_names_the_item() {
    let bad_type = r#"{"item": [{"linkId": "g", "type": "group", "item": [{"linkId": "x", "type": "slider"}]}]}"#;
    let q: Questionnaire = serde_json::from_str(bad_type).unwrap();
    assert_eq!(
        Form::parse(&q),
        Err(ParseError::UnknownItemType {
            link_id: "x".into(),
            kind: "slider".into()
        })
    );
    let bad_op = r#"{"item": [{"linkId": "a", "type": "string"},
        {"linkId": "b", "type": "string", "enableWhen": [{"question": "a", "operator": "~", "answerString": "x"}]}]}"#;
    let q: Questionnaire = serde_json::from_str(bad_op).unwrap();
    assert_eq!(
        Form::parse(&q),
        Err(ParseError::Invalid {
            link_id: "b".into(),
            element: "enableWhen.operator"
        })
    );
    // An initial of a type the engine does not know is reported, not fatal.
    let f = parse(
        r#"{"item": [{"linkId": "a", "type": "string", "initial": [{"valueMarkdown": "x"}]}]}"#,
    );
    assert_eq!(unsupported(&f), ["a initial"]);
}

/// (dependent item, answers to its controller that enable it, answers that disable it);
/// an empty list means "unanswered".
type Case = (&'static str, Vec<Vec<Value>>, Vec<Vec<Value>>);

#[test]
fn enable_when_test_form_item_by_item() {
    let f = form("enableWhen-test.R4.json");
    let d = Value::Decimal;
    let i = Value::Integer;
    let date = |v: &str| Value::Date(v.into());
    let dt = |v: &str| Value::DateTime(v.into());
    let time = |v: &str| Value::Time(v.into());
    let c = |code: &str| coding(Some("test-coding"), code);
    let none = Vec::new;
    let cases: Vec<(&str, Vec<Case>)> = vec![
        (
            "Q1",
            vec![
                (
                    "Q1-exists",
                    vec![vec![Value::Boolean(true)], vec![Value::Boolean(false)]],
                    vec![none()],
                ),
                (
                    "Q1-not-exists",
                    vec![none()],
                    vec![vec![Value::Boolean(false)]],
                ),
                (
                    "Q1-true",
                    vec![vec![Value::Boolean(true)]],
                    vec![vec![Value::Boolean(false)], none()],
                ),
                (
                    "Q1-false",
                    vec![vec![Value::Boolean(false)]],
                    vec![vec![Value::Boolean(true)], none()],
                ),
                (
                    "Q1-not-true",
                    vec![vec![Value::Boolean(false)], none()],
                    vec![vec![Value::Boolean(true)]],
                ),
            ],
        ),
        (
            "Q2",
            vec![
                ("Q2-exists", vec![vec![d(0.0)]], vec![none()]),
                ("Q2-not-exists", vec![none()], vec![vec![d(0.0)]]),
                ("Q2-equal", vec![vec![d(5.6)]], vec![vec![d(5.7)], none()]),
                (
                    "Q2-ge",
                    vec![vec![d(4.8)], vec![d(100.0)]],
                    vec![vec![d(4.7)], none()],
                ),
            ],
        ),
        (
            "Q3",
            vec![
                ("Q3-exists", vec![vec![i(0)]], vec![none()]),
                ("Q3-not-exists", vec![none()], vec![vec![i(0)]]),
                ("Q3-equal", vec![vec![i(5)]], vec![vec![i(6)], none()]),
                (
                    "Q3-ge",
                    vec![vec![i(4)], vec![i(5)]],
                    vec![vec![i(3)], none()],
                ),
            ],
        ),
        (
            "Q4",
            vec![
                ("Q4-exists", vec![vec![date("2020-01-01")]], vec![none()]),
                (
                    "Q4-not-exists",
                    vec![none()],
                    vec![vec![date("2020-01-01")]],
                ),
                (
                    "Q4-equal",
                    vec![vec![date("2020-05-01")]],
                    vec![vec![date("2020-05-02")], none()],
                ),
                (
                    "Q4-ge",
                    vec![vec![date("2020-05-01")], vec![date("2021-01-01")]],
                    vec![vec![date("2020-04-30")], vec![date("2020-05")], none()],
                ),
            ],
        ),
        (
            "Q5",
            vec![
                (
                    "Q5-exists",
                    vec![vec![dt("2020-01-01T10:00:00Z")]],
                    vec![none()],
                ),
                (
                    "Q5-not-exists",
                    vec![none()],
                    vec![vec![dt("2020-01-01T10:00:00Z")]],
                ),
            ],
        ),
        (
            "Q6",
            vec![
                ("Q6-exists", vec![vec![time("10:00:00")]], vec![none()]),
                ("Q6-not-exists", vec![none()], vec![vec![time("10:00:00")]]),
            ],
        ),
        (
            "Q7",
            vec![
                ("Q7-exists", vec![vec![s("x")]], vec![none()]),
                ("Q7-not-exists", vec![none()], vec![vec![s("x")]]),
                (
                    "Q7-equals",
                    vec![vec![s("test")]],
                    vec![vec![s("tests")], vec![s("Test")], none()],
                ),
                (
                    "Q7-notequals",
                    vec![vec![s("other")], none()],
                    vec![vec![s("test")]],
                ),
                (
                    "Q7-gt",
                    vec![vec![s("test")]],
                    vec![vec![s("tes")], vec![s("te")], none()],
                ),
                (
                    "Q7-ge",
                    vec![vec![s("test")], vec![s("tesu")]],
                    vec![vec![s("tes")], none()],
                ),
                ("Q7-ge2", vec![vec![s("tes")]], vec![vec![s("te")], none()]),
                (
                    "Q7-lt",
                    vec![vec![s("testz")]],
                    vec![vec![s("test")], vec![s("testing")], none()],
                ),
                ("Q7-le", vec![vec![s("tes")]], vec![vec![s("test")], none()]),
                (
                    "Q7-le2",
                    vec![vec![s("testing")], vec![s("test")]],
                    vec![vec![s("testinh")], none()],
                ),
            ],
        ),
        (
            "Q8",
            vec![
                ("Q8-exists", vec![vec![c("A")]], vec![none()]),
                ("Q8-not-exists", vec![none()], vec![vec![c("A")]]),
                (
                    "Q8-eq-B",
                    vec![vec![c("B")], vec![c("A"), c("B")]],
                    vec![vec![c("A"), c("C")], none()],
                ),
                (
                    "Q8-eq-B-and-C",
                    vec![vec![c("B"), c("C")]],
                    vec![vec![c("B")], vec![c("C")], none()],
                ),
            ],
        ),
        (
            "Q9",
            vec![
                ("Q9-exists", vec![vec![c("A")]], vec![none()]),
                ("Q9-not-exists", vec![none()], vec![vec![c("A")]]),
                // Codings are equal on system + code, whatever their display; a coding
                // without a system matches on code alone.
                (
                    "Q9-eq-B",
                    vec![vec![c("B")], vec![coding(None, "B")]],
                    vec![vec![c("A")], vec![coding(Some("other"), "B")], none()],
                ),
                ("Q9-noteq-B", vec![vec![c("A")], none()], vec![vec![c("B")]]),
            ],
        ),
        (
            "Q9a",
            vec![
                ("Q9a-exists", vec![vec![s("A")]], vec![none()]),
                ("Q9a-not-exists", vec![none()], vec![vec![s("A")]]),
                ("Q9a-eq-B", vec![vec![s("B")]], vec![vec![s("A")], none()]),
                (
                    "Q9a-noteq-B",
                    vec![vec![s("A")], none()],
                    vec![vec![s("B")]],
                ),
            ],
        ),
        (
            "Q9b",
            vec![
                ("Q9b-exists", vec![vec![i(12)]], vec![none()]),
                ("Q9b-not-exists", vec![none()], vec![vec![i(12)]]),
                ("Q9b-eq-B", vec![vec![i(34)]], vec![vec![i(12)], none()]),
                ("Q9b-noteq-B", vec![vec![i(12)], none()], vec![vec![i(34)]]),
            ],
        ),
        (
            "Q9c",
            vec![
                ("Q9c-exists", vec![vec![date("2022")]], vec![none()]),
                ("Q9c-not-exists", vec![none()], vec![vec![date("2022")]]),
                // The form writes these conditions' dates as `answerInteger`: reported, and
                // never true, so the items stay hidden whatever the answer.
                (
                    "Q9c-eq-B",
                    vec![],
                    vec![vec![date("2022-09")], vec![date("2022")], none()],
                ),
                (
                    "Q9c-noteq-B",
                    vec![],
                    vec![vec![date("2022-09")], vec![date("2022")], none()],
                ),
            ],
        ),
        (
            "Q9d",
            vec![
                ("Q9d-exists", vec![vec![time("10:30:00")]], vec![none()]),
                ("Q9d-not-exists", vec![none()], vec![vec![time("10:30:00")]]),
                (
                    "Q9d-eq-B",
                    vec![],
                    vec![vec![time("13:30:00")], vec![time("10:30:00")], none()],
                ),
                (
                    "Q9d-noteq-B",
                    vec![],
                    vec![vec![time("13:30:00")], vec![time("10:30:00")], none()],
                ),
            ],
        ),
    ];
    let mut covered: BTreeSet<String> = BTreeSet::new();
    for (controller, dependents) in &cases {
        covered.insert(controller.to_string());
        for (dependent, enabling, disabling) in dependents {
            covered.insert(dependent.to_string());
            for values in enabling {
                let on = enabled(&f, &respond(&f, vec![(controller, values.clone())]));
                assert!(
                    on.contains(*dependent),
                    "{dependent} should be enabled by {controller} = {values:?}"
                );
            }
            for values in disabling {
                let on = enabled(&f, &respond(&f, vec![(controller, values.clone())]));
                assert!(
                    !on.contains(*dependent),
                    "{dependent} should be disabled by {controller} = {values:?}"
                );
            }
        }
    }
    // Q10-ewe is shown by an enableWhenExpression, which is reported; without it the item
    // has no condition and is always enabled.
    let on = enabled(&f, &Response::default());
    for always in [
        "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9", "g9a", "g9b", "g9c", "g9d", "g10",
        "Q10", "Q10b", "Q10-ewe",
    ] {
        assert!(on.contains(always), "{always}");
        covered.insert(always.to_string());
    }
    let all: BTreeSet<String> = f
        .walk()
        .into_iter()
        .map(|(i, _)| i.link_id.clone())
        .collect();
    assert_eq!(covered, all, "every item of the form is tested");
}

#[test]
fn an_item_is_enabled_only_when_its_parent_is() {
    let f = form("q-with-nested-enableWhen.json");
    let yes = coding(None, "YES");
    let no = coding(None, "NO");
    let on = enabled(&f, &respond(&f, vec![("p1", vec![no])]));
    for id in ["g1", "c1", "d1", "g2", "cc1", "dd1"] {
        assert!(!on.contains(id), "{id}");
    }
    let on = enabled(&f, &respond(&f, vec![("p1", vec![yes.clone()])]));
    for id in ["g1", "c1", "d1", "g2", "cc1", "dd1"] {
        assert!(on.contains(id), "{id}");
    }
    let on = enabled(
        &f,
        &respond(
            &f,
            vec![
                ("p1", vec![yes]),
                ("c1", vec![coding(None, "A")]),
                ("cc1", vec![coding(None, "B")]),
            ],
        ),
    );
    assert!(!on.contains("d1") && on.contains("dd1"));
}

#[test]
fn a_condition_on_a_disabled_question_sees_it_unanswered() {
    let f = form("Questionnaire-zika-virus-exposure-assessment.json");
    // 2 is shown only when 1 = false; with 1 = true its stale answer `true` must not show 3.
    let r = respond(
        &f,
        vec![
            ("1", vec![Value::Boolean(true)]),
            ("2", vec![Value::Boolean(true)]),
        ],
    );
    let on = enabled(&f, &r);
    assert_eq!(on, ["1"].map(String::from).into());
    let r = respond(
        &f,
        vec![
            ("1", vec![Value::Boolean(false)]),
            ("2", vec![Value::Boolean(true)]),
        ],
    );
    assert_eq!(enabled(&f, &r), ["1", "2", "3"].map(String::from).into());
    // ... and what gets submitted drops the stale answer.
    let stale = respond(
        &f,
        vec![
            ("1", vec![Value::Boolean(true)]),
            ("2", vec![Value::Boolean(true)]),
        ],
    );
    assert_eq!(
        errors(&f, &stale),
        [err("2", ErrorCode::AnsweredWhileDisabled)]
    );
    let sent = stale.without_disabled(&f);
    assert_eq!(sent, respond(&f, vec![("1", vec![Value::Boolean(true)])]));
    assert!(check(&f, &sent).is_empty());
    // `!=` on a disabled question is true, as for any unanswered one.
    let g = parse(
        r#"{"item": [{"linkId": "a", "type": "boolean"},
            {"linkId": "b", "type": "string", "enableWhen": [{"question": "a", "operator": "=", "answerBoolean": true}]},
            {"linkId": "c", "type": "string", "enableWhen": [{"question": "b", "operator": "!=", "answerString": "x"}]}]}"#,
    );
    let on = enabled(&g, &respond(&g, vec![("b", vec![s("x")])]));
    assert!(!on.contains("b") && on.contains("c"));
}

#[test]
fn a_reference_loop_terminates_and_is_named() {
    let f = form("q-enableWhen-with-reference-loop.json");
    let r = Response::new(&f);
    assert_eq!(r.answers.get("item1"), [Value::Boolean(false)]);
    let _ = enabled(&f, &r);
    let _ = check(&f, &r);
    let _ = progress(&f, &r);
    assert_eq!(
        validate_form(&f),
        [FormError::EnableWhenLoop(vec![
            "item1".into(),
            "item2".into(),
            "item3".into()
        ])]
    );
    // A group whose condition looks at its own child is a loop through the parent link.
    let g = parse(
        r#"{"item": [{"linkId": "g", "type": "group",
            "enableWhen": [{"question": "c", "operator": "exists", "answerBoolean": true}],
            "item": [{"linkId": "c", "type": "string"}]},
            {"linkId": "d", "type": "string", "enableWhen": [{"question": "nowhere", "operator": "exists", "answerBoolean": true}]}]}"#,
    );
    assert_eq!(
        validate_form(&g),
        [
            FormError::UnknownQuestion {
                link_id: "d".into(),
                question: "nowhere".into()
            },
            FormError::EnableWhenLoop(vec!["g".into(), "c".into()]),
        ]
    );
    for name in [
        "enableWhen-test.R4.json",
        "phq9.json",
        "q-with-nested-enableWhen.json",
        "Questionnaire-zika-virus-exposure-assessment.json",
    ] {
        assert_eq!(validate_form(&form(name)), [], "{name}");
    }
}

/// LOINC answer list LL358-3 (the PHQ-9 frequency answers) with their scores, which the
/// HL7 example binds by URL instead of listing.
fn ll358_3() -> Vec<AnswerOption> {
    [
        ("LA6568-5", 0.0),
        ("LA6569-3", 1.0),
        ("LA6570-1", 2.0),
        ("LA6571-9", 3.0),
    ]
    .map(|(code, score)| AnswerOption {
        value: coding(Some("http://loinc.org"), code),
        initial_selected: false,
        score: Some(score),
        prefix: None,
    })
    .to_vec()
}

/// Answers every scored question with its option worth `score`.
fn answer_all_with(f: &Form, score: f64) -> Response {
    let mut r = Response::new(f);
    for (item, _) in f.walk() {
        if let Some(o) = item.options.iter().find(|o| o.score == Some(score)) {
            answer(f, &mut r, &item.link_id, vec![o.value.clone()]);
        }
    }
    r
}

#[test]
fn phq9_totals() {
    let f = form("phq9.json");
    assert_eq!(total_score(&f, &answer_all_with(&f, 2.0)), Some(18.0));
    assert_eq!(total_score(&f, &answer_all_with(&f, 0.0)), Some(0.0));
    assert_eq!(total_score(&f, &answer_all_with(&f, 3.0)), Some(27.0));
    assert_eq!(total_score(&f, &Response::new(&f)), Some(0.0));

    let mut hl7 = form("Questionnaire-phq-9-questionnaire.json");
    assert_eq!(
        total_score(&hl7, &Response::new(&hl7)),
        None,
        "no options until the value set is bound"
    );
    hl7.bind_value_set("http://loinc.org/vs/LL358-3", &ll358_3());
    assert_eq!(
        unsupported(&hl7),
        ["- cqf-library", "TotalScore cqf-expression"]
    );
    // Eight PHQ-9 questions plus "Difficulty", which the example also binds to LL358-3.
    assert_eq!(total_score(&hl7, &answer_all_with(&hl7, 2.0)), Some(18.0));
    assert_eq!(total_score(&hl7, &answer_all_with(&hl7, 0.0)), Some(0.0));

    assert_eq!(
        total_score(&form("Questionnaire-f201.json"), &Response::default()),
        None
    );
}

#[test]
fn phq9_required_questions_block_until_answered() {
    let f = form("phq9.json");
    let blank = Response::new(&f);
    let required: Vec<_> = errors(&f, &blank);
    assert_eq!(required.len(), 8);
    assert!(required.iter().all(|(_, c)| *c == ErrorCode::Required));
    assert_eq!(errors(&f, &answer_all_with(&f, 1.0)), []);
}

#[test]
fn min_and_max_occurs() {
    let f = form("q-with-minOccurs-maxOccurs.json");
    let fruit = |names: &[&str]| -> Vec<Value> { names.iter().map(|n| s(n)).collect() };
    let instance = |a: &[&str], b: &[&str]| {
        let mut i = Answers::default();
        i.set("1.1", fruit(a));
        i.set("1.3", fruit(b));
        i
    };
    let with = |instances: Vec<Answers>| {
        let mut r = Response::default();
        r.answers.groups.insert("1".into(), instances);
        r
    };
    let good = || instance(&["Apple", "Pear"], &["Peach", "Orange", "Banana"]);
    assert_eq!(errors(&f, &with(vec![good(), good()])), []);
    assert_eq!(
        errors(&f, &with(vec![good()])),
        [err("1", ErrorCode::TooFew)]
    );
    assert_eq!(
        errors(&f, &with(vec![good(), good(), good(), good()])),
        [err("1", ErrorCode::TooMany)]
    );
    assert_eq!(
        errors(&f, &with(vec![])),
        [
            err("1", ErrorCode::Required),
            err("1.1", ErrorCode::Required),
            err("1.3", ErrorCode::Required)
        ]
    );
    let r = with(vec![
        good(),
        instance(&["Apple"], &["Apple", "Orange", "Banana", "Pear"]),
    ]);
    assert_eq!(
        errors(&f, &r),
        [
            err("1.1", ErrorCode::TooFew),
            err("1.3", ErrorCode::TooMany)
        ]
    );
    let r = with(vec![
        good(),
        instance(&["Apple", "Kiwi"], &["Apple", "Pear"]),
    ]);
    assert_eq!(errors(&f, &r), [err("1.1", ErrorCode::NotAnOption)]);
}

#[test]
fn hidden_or_disabled_required_items_never_block() {
    let f = parse(
        r#"{"item": [
            {"linkId": "shown", "type": "boolean"},
            {"linkId": "hidden", "type": "string", "required": true,
             "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true}]},
            {"linkId": "only-if-yes", "type": "string", "required": true,
             "enableWhen": [{"question": "shown", "operator": "=", "answerBoolean": true}]}]}"#,
    );
    assert!(f.items[1].hidden && f.items[1].required);
    assert_eq!(
        errors(
            &f,
            &respond(&f, vec![("shown", vec![Value::Boolean(false)])])
        ),
        []
    );
    assert_eq!(
        errors(
            &f,
            &respond(&f, vec![("shown", vec![Value::Boolean(true)])])
        ),
        [err("only-if-yes", ErrorCode::Required)]
    );
    assert_eq!(
        progress(
            &f,
            &respond(&f, vec![("shown", vec![Value::Boolean(false)])])
        ),
        Progress {
            answered: 1,
            total: 1
        }
    );
}

#[test]
fn check_reports_each_kind_of_mistake() {
    let f = parse(
        r#"{"item": [
            {"linkId": "name", "type": "string", "maxLength": 3},
            {"linkId": "age", "type": "integer"},
            {"linkId": "pick", "type": "choice", "answerOption": [{"valueCoding": {"system": "s", "code": "a"}}]},
            {"linkId": "other", "type": "open-choice", "answerOption": [{"valueCoding": {"system": "s", "code": "a"}}]},
            {"linkId": "fixed", "type": "string", "readOnly": true, "initial": [{"valueString": "v1"}]},
            {"linkId": "note", "type": "display"}]}"#,
    );
    let r = respond(
        &f,
        vec![
            ("name", vec![s("abcd")]),
            ("age", vec![s("ten"), Value::Integer(1)]),
            ("pick", vec![coding(Some("s"), "b")]),
            ("other", vec![s("free text is fine")]),
            ("fixed", vec![s("v2")]),
            ("note", vec![s("x")]),
            ("stray", vec![s("x")]),
        ],
    );
    let mut got = errors(&f, &r);
    got.sort();
    let mut want = vec![
        err("name", ErrorCode::TooLong),
        err("age", ErrorCode::WrongType),
        err("age", ErrorCode::TooMany),
        err("pick", ErrorCode::NotAnOption),
        err("fixed", ErrorCode::ReadOnlyChanged),
        err("note", ErrorCode::WrongType),
        err("stray", ErrorCode::UnknownItem),
    ];
    want.sort();
    assert_eq!(got, want);
    let fine = Response::new(&f);
    assert_eq!(fine.answers.get("fixed"), [s("v1")]);
    assert_eq!(errors(&f, &fine), []);
    assert_eq!(
        ErrorCode::Required.message(crate::locale::Lang::ZhCn),
        "此项必填"
    );
}

#[test]
fn initial_values_and_selected_options_prefill_a_new_response() {
    let f = form("answerOption-valueCoding.choice.R4.json");
    let r = Response::new(&f);
    let g5 = &r.answers.groups.get("valueCoding.choice-group5").unwrap()[0];
    let codes: Vec<_> = g5
        .get("valueCoding.choice-group5-item2")
        .iter()
        .map(|v| match v {
            Value::Coding(c) => c.code.clone().unwrap_or_default(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(codes, ["c2", "c3"]);
    assert!(!r.answers.groups.contains_key("valueCoding.choice-group1"));
    let f = form("answerOption-valueInteger.R4.json");
    let r = Response::new(&f);
    assert_eq!(
        r.answers.groups.get("valueInteger-group6").unwrap()[0].get("valueInteger-group6-item1"),
        [Value::Integer(34)]
    );
    assert_eq!(errors(&f, &r), []);
}

#[test]
fn progress_counts_enabled_questions_only() {
    let f = form("Questionnaire-zika-virus-exposure-assessment.json");
    assert_eq!(
        progress(&f, &Response::default()),
        Progress {
            answered: 0,
            total: 1
        }
    );
    let r = respond(&f, vec![("1", vec![Value::Boolean(false)])]);
    assert_eq!(
        progress(&f, &r),
        Progress {
            answered: 1,
            total: 2
        }
    );
    let f = form("enableWhen-test.R4.json");
    // 60 questions, of which those depending on exists / != are on while nothing is answered.
    let p = progress(&f, &Response::default());
    assert_eq!(p.answered, 0);
    assert!(p.total > 20 && p.total < 60, "{p:?}");
}

fn every_type_answered(f: &Form) -> Response {
    let q = Quantity {
        value: Some(1.5),
        unit: Some("m".into()),
        system: Some("http://unitsofmeasure.org".into()),
        code: Some("m".into()),
    };
    let mut r = Response::new(f);
    r.status = Status::Completed;
    for (id, v) in [
        ("Item-string", s("a string")),
        ("Item-text", s("line one\nline two")),
        ("Item-bool", Value::Boolean(true)),
        ("Item-date", Value::Date("2024-02-29".into())),
        (
            "Item-datetime",
            Value::DateTime("2024-02-29T08:30:00+08:00".into()),
        ),
        ("Item-time", Value::Time("08:30:00".into())),
        ("Item-integer", Value::Integer(-42)),
        ("Item-decimal", Value::Decimal(36.6)),
        ("Item-url", Value::Uri("https://example.org/x".into())),
        (
            "Item-reference",
            Value::Reference(Reference {
                reference: Some("Patient/1".into()),
                display: Some("Zhang San".into()),
            }),
        ),
        (
            "Item-attachment",
            Value::Attachment(Attachment {
                content_type: Some("image/png".into()),
                data: Some("iVBORw0KGgo=".into()),
                url: None,
                title: Some("scan.png".into()),
            }),
        ),
        ("Item-quantity", Value::Quantity(q)),
        (
            "Item-rb-local",
            coding(Some("http://example.org/coding-test"), "b"),
        ),
        ("Item-rb", coding(Some("http://example.org"), "x")),
        ("Item12", s("free text")),
    ] {
        answer(f, &mut r, id, vec![v]);
    }
    answer(
        f,
        &mut r,
        "Item10",
        vec![coding(Some("http://example.org"), "y")],
    );
    r
}

#[test]
fn a_response_round_trips_through_a_questionnaire_response() {
    let f = form("bit-of-everything.json");
    let r = every_type_answered(&f);
    assert_eq!(errors(&f, &r), []);
    // None of its items repeats, so a second answer is an error (and stays one after the trip).
    let mut two = r.clone();
    answer(
        &f,
        &mut two,
        "Item10",
        vec![
            coding(Some("http://example.org"), "y"),
            coding(Some("http://example.org"), "z"),
        ],
    );
    assert_eq!(errors(&f, &two), [err("Item10", ErrorCode::TooMany)]);
    assert_eq!(
        Response::from_questionnaire_response(&two.to_questionnaire_response(&f)),
        two
    );
    let qr = r.to_questionnaire_response(&f);
    let json = serde_json::to_string(&qr).unwrap();
    let back: QuestionnaireResponse = serde_json::from_str(&json).unwrap();
    assert_eq!(back, qr);
    assert_eq!(Response::from_questionnaire_response(&back), r);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["resourceType"], "QuestionnaireResponse");
    assert_eq!(v["status"], "completed");
    assert_eq!(v["item"][0]["linkId"], "root");
    assert_eq!(v["item"][0]["item"][0]["linkId"], "Item-string");
    assert_eq!(
        v["item"][0]["item"][0]["answer"][0]["valueString"],
        "a string"
    );
    assert_eq!(v["item"][0]["item"][6]["answer"][0]["valueInteger"], -42);
}

#[test]
fn a_response_travels_as_the_engines_json_and_reads_back_the_same() {
    let f = form("bit-of-everything.json");
    let r = every_type_answered(&f);
    let json = serde_json::to_string(&r).unwrap();
    let back: Response = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["status"], "completed");
    assert_eq!(v["questionnaire"], f.url.clone().unwrap());
    let root = &v["answers"]["groups"]["root"][0]["values"];
    assert_eq!(root["Item-integer"], serde_json::json!([{"integer": -42}]));
    assert_eq!(
        root["Item-string"],
        serde_json::json!([{"string": "a string"}])
    );

    // Repeating groups keep their instances in order; empty levels are left out.
    let g = parse(
        r#"{"item": [{"linkId": "visit", "type": "group", "repeats": true,
            "item": [{"linkId": "when", "type": "date"}]}]}"#,
    );
    let mut two = Response::new(&g);
    for day in ["2026-01-02", "2026-01-01"] {
        let mut instance = Answers::default();
        instance.set("when", vec![Value::Date(day.into())]);
        two.answers
            .groups
            .entry("visit".into())
            .or_default()
            .push(instance);
    }
    let json = serde_json::to_string(&two).unwrap();
    assert_eq!(
        json,
        r#"{"status":"in-progress","answers":{"groups":{"visit":[{"values":{"when":[{"date":"2026-01-02"}]}},{"values":{"when":[{"date":"2026-01-01"}]}}]}}}"#
    );
    assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), two);
    // No answers is `{}`; a FHIR QuestionnaireResponse is not read as a response without any.
    let empty: Response =
        serde_json::from_str(r#"{"status": "completed", "answers": {}}"#).unwrap();
    assert!(empty.answers.is_empty());
    assert!(
        serde_json::from_str::<Response>(r#"{"answers": {}}"#).is_err(),
        "status is required"
    );
    let fhir = serde_json::to_string(&r.to_questionnaire_response(&f)).unwrap();
    assert!(serde_json::from_str::<Response>(&fhir).is_err());
}

#[test]
fn items_under_a_question_are_written_under_its_answer() {
    let f = parse(
        r#"{"url": "http://example.org/Questionnaire/smoke", "item": [
            {"linkId": "smokes", "type": "boolean", "item": [{"linkId": "per-day", "type": "integer"}]},
            {"linkId": "visit", "type": "group", "repeats": true, "item": [{"linkId": "when", "type": "date"}]}]}"#,
    );
    let mut r = respond(
        &f,
        vec![
            ("smokes", vec![Value::Boolean(true)]),
            ("per-day", vec![Value::Integer(10)]),
        ],
    );
    for d in ["2024-01-01", "2024-02-01"] {
        let mut i = Answers::default();
        i.set("when", vec![Value::Date(d.into())]);
        r.answers.groups.entry("visit".into()).or_default().push(i);
    }
    let qr = r.to_questionnaire_response(&f);
    let v = serde_json::to_value(&qr).unwrap();
    assert_eq!(v["questionnaire"], "http://example.org/Questionnaire/smoke");
    assert_eq!(v["item"][0]["answer"][0]["item"][0]["linkId"], "per-day");
    assert_eq!(v["item"][1]["linkId"], "visit");
    assert_eq!(
        v["item"][2]["item"][0]["answer"][0]["valueDate"],
        "2024-02-01"
    );
    let mut back = Response::from_questionnaire_response(&qr);
    back.questionnaire = None;
    r.questionnaire = None;
    assert_eq!(back, r);
    assert_eq!(errors(&f, &r), []);
}

#[test]
fn hl7_f201_response_against_its_questionnaire() {
    let f = form("Questionnaire-f201.json");
    let qr: QuestionnaireResponse =
        serde_json::from_str(&read("QuestionnaireResponse-f201.json")).unwrap();
    let r = Response::from_questionnaire_response(&qr);
    assert_eq!(r.status, Status::Completed);
    // The HL7 example does not match its own questionnaire: item 1 is a boolean question
    // but the response has it as a group holding "1.1" (a string); items 3.1 and 3.2 are
    // booleans answered with strings ("No").
    assert_eq!(
        errors(&f, &r),
        [
            err("1", ErrorCode::WrongType),
            err("3.1", ErrorCode::WrongType),
            err("3.2", ErrorCode::WrongType)
        ]
    );
    assert_eq!(
        r.answers.groups.get("2").unwrap()[0].get("2.2"),
        [Value::Date("1960-03-13".into())]
    );
}

/// A tiny deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(v: &mut serde_json::Value, rng: &mut Rng) {
    let depth = rng.below(12);
    mutate_at(v, depth, rng);
}

/// Walks down `depth` random steps (or to a leaf), then changes what is there.
fn mutate_at(node: &mut serde_json::Value, depth: usize, rng: &mut Rng) {
    use serde_json::Value as J;
    if depth > 0 {
        match node {
            J::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(rng.below(m.len())).cloned().unwrap();
                return mutate_at(m.get_mut(&k).unwrap(), depth - 1, rng);
            }
            J::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len());
                return mutate_at(&mut a[i], depth - 1, rng);
            }
            _ => {}
        }
    }
    let replacements = [
        J::Null,
        J::Bool(true),
        J::from(-1),
        J::from(1.5),
        J::from("x"),
        J::from("group"),
        J::from("exists"),
        J::Array(vec![]),
        J::Object(Default::default()),
    ];
    match node {
        J::Object(m) if !m.is_empty() && rng.below(2) == 0 => {
            let k = m.keys().nth(rng.below(m.len())).cloned().unwrap();
            m.remove(&k);
        }
        J::Array(a) if !a.is_empty() && rng.below(2) == 0 => match rng.below(2) {
            0 => {
                let i = rng.below(a.len());
                a.remove(i);
            }
            _ => {
                let i = rng.below(a.len());
                let copy = a[i].clone();
                a.push(copy);
            }
        },
        other => *other = replacements[rng.below(replacements.len())].clone(),
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let names = [
        "answerOption-valueCoding.choice.R4.json",
        "answerOption-valueInteger.R4.json",
        "bit-of-everything.json",
        "enableWhen-test.R4.json",
        "phq9.json",
        "q-enableWhen-with-reference-loop.json",
        "q-with-minOccurs-maxOccurs.json",
        "q-with-nested-enableWhen.json",
        "Questionnaire-zika-virus-exposure-assessment.json",
    ];
    let fixtures: Vec<serde_json::Value> = names
        .iter()
        .map(|n| serde_json::from_str(&read(n)).unwrap())
        .collect();
    let qr: serde_json::Value =
        serde_json::from_str(&read("QuestionnaireResponse-f201.json")).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut parsed, mut rejected) = (0, 0);
    for _ in 0..4000 {
        let mut v = fixtures[rng.below(fixtures.len())].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut v, &mut rng);
        }
        let form = serde_json::from_value::<Questionnaire>(v)
            .ok()
            .and_then(|q| Form::parse(&q).ok());
        let Some(f) = form else {
            rejected += 1;
            continue;
        };
        parsed += 1;
        // Whatever parses, the engine runs on without panicking.
        let mut r = Response::new(&f);
        for (item, _) in f.walk() {
            if let Some(o) = item.options.first() {
                answer(&f, &mut r, &item.link_id, vec![o.value.clone()]);
            }
        }
        let _ = (
            validate_form(&f),
            check(&f, &r),
            total_score(&f, &r),
            progress(&f, &r),
        );
        let back = Response::from_questionnaire_response(
            &r.without_disabled(&f).to_questionnaire_response(&f),
        );
        let _ = check(&f, &back);
    }
    for _ in 0..1000 {
        let mut v = qr.clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut v, &mut rng);
        }
        if let Ok(qr) = serde_json::from_value::<QuestionnaireResponse>(v) {
            let _ = Response::from_questionnaire_response(&qr);
        }
    }
    assert!(
        parsed > 500 && rejected > 500,
        "parsed {parsed}, rejected {rejected}"
    );
}

#[test]
fn comparisons_follow_fhir() {
    let f = parse(
        r#"{"item": [
            {"linkId": "c", "type": "choice", "answerOption": [{"valueCoding": {"system": "s", "code": "a"}}]},
            {"linkId": "c-gt", "type": "display", "enableWhen": [{"question": "c", "operator": ">", "answerCoding": {"system": "s", "code": "a"}}]},
            {"linkId": "c-ne", "type": "display", "enableWhen": [{"question": "c", "operator": "!=", "answerCoding": {"system": "s", "code": "a"}}]},
            {"linkId": "b", "type": "boolean"},
            {"linkId": "b-ge", "type": "display", "enableWhen": [{"question": "b", "operator": ">=", "answerBoolean": false}]},
            {"linkId": "w", "type": "quantity"},
            {"linkId": "w-gt", "type": "display", "enableWhen": [{"question": "w", "operator": ">", "answerQuantity": {"value": 70, "system": "http://unitsofmeasure.org", "code": "kg"}}]},
            {"linkId": "d", "type": "dateTime"},
            {"linkId": "d-lt", "type": "display", "enableWhen": [{"question": "d", "operator": "<", "answerDate": "2024-03-01"}]},
            {"linkId": "n", "type": "decimal"},
            {"linkId": "n-any", "type": "display", "enableBehavior": "any", "enableWhen": [
                {"question": "n", "operator": "<", "answerInteger": 1},
                {"question": "n", "operator": ">", "answerDecimal": 9.5}]}]}"#,
    );
    let kg = |v: f64| {
        Value::Quantity(Quantity {
            value: Some(v),
            system: Some("http://unitsofmeasure.org".into()),
            code: Some("kg".into()),
            unit: None,
        })
    };
    let on = |answers: Vec<(&str, Vec<Value>)>| enabled(&f, &respond(&f, answers));
    let a = coding(Some("s"), "a");
    // Codings and booleans have no order: `>` and `>=` are false even for equal values.
    assert!(!on(vec![("c", vec![a.clone()])]).contains("c-gt"));
    assert!(!on(vec![("c", vec![a])]).contains("c-ne"));
    assert!(on(vec![("c", vec![coding(Some("s"), "z")])]).contains("c-ne"));
    assert!(!on(vec![("b", vec![Value::Boolean(true)])]).contains("b-ge"));
    // Quantities compare in the same unit only.
    assert!(on(vec![("w", vec![kg(71.0)])]).contains("w-gt"));
    assert!(!on(vec![("w", vec![kg(70.0)])]).contains("w-gt"));
    let pounds = Value::Quantity(Quantity {
        value: Some(200.0),
        code: Some("[lb_av]".into()),
        ..Quantity::default()
    });
    assert!(!on(vec![("w", vec![pounds])]).contains("w-gt"));
    // A dateTime against a date: ordered where they differ, undecided where they agree.
    assert!(on(vec![(
        "d",
        vec![Value::DateTime("2024-02-29T23:00:00Z".into())]
    )])
    .contains("d-lt"));
    assert!(!on(vec![(
        "d",
        vec![Value::DateTime("2024-03-01T08:00:00Z".into())]
    )])
    .contains("d-lt"));
    // Integers and decimals compare as numbers; `any` needs one condition.
    assert!(on(vec![("n", vec![Value::Decimal(0.5)])]).contains("n-any"));
    assert!(on(vec![("n", vec![Value::Decimal(10.0)])]).contains("n-any"));
    assert!(!on(vec![("n", vec![Value::Decimal(5.0)])]).contains("n-any"));
    assert!(!on(vec![]).contains("n-any"));
}
