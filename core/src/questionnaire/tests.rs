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
    // The same through serde, as the app would read it.
    assert!(serde_json::from_str::<Form>(bad_type)
        .unwrap_err()
        .to_string()
        .contains("item x"));
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
fn a_reference_loop_terminates_and_is_named() {
    let f = form("q-enableWhen-with-reference-loop.json");
    let r = Response::new(&f);
    assert_eq!(r.answers.get("item1"), [Value::Boolean(false)]);
    let _ = enabled(&f, &r);
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
