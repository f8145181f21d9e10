//! Tests of the questionnaire engine against real questionnaires (copies in
//! `core/tests/fixtures/questionnaires/`, so they run from any clone).

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
