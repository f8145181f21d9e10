//! The outpatient satisfaction survey the server ships, run through the questionnaire
//! engine, and the hospital's complaint rule on top of it: the form parses with nothing
//! unsupported, every text carries an English translation, responses filled with the
//! engine's own API check clean, the "contact me" question appears only after a low overall
//! rating, and only an overall rating below 3 opens a complaint naming the low items.

use careway_core::locale::Lang;
use careway_core::questionnaire::satisfaction::{summary, COMMENTS_LINK_ID, CONTACT_LINK_ID};
use careway_core::questionnaire::{
    check, complaint_for, enabled, total_score, validate_form, Answers, ComplaintDecision,
    ErrorCode, Form, ItemError, ItemType, Questionnaire, Response, Status, Value, COMPLAINT_BELOW,
    OVERALL_LINK_ID,
};

const SURVEY: &str = include_str!("../../server/src/demo/surveys/outpatient-satisfaction.json");

const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// The 1–5 scale items, in the form's order.
const SCALE_ITEMS: [&str; 14] = [
    "registration.booking",
    "registration.onsite",
    "waiting.time",
    "waiting.information",
    "doctor.listened",
    "doctor.explained",
    "doctor.privacy",
    "staff.nurses",
    "staff.other",
    "environment.cleanliness",
    "environment.signs",
    "environment.toilets",
    "costs.explained",
    "costs.payment",
];

fn survey() -> Form {
    let questionnaire: Questionnaire = serde_json::from_str(SURVEY).expect("the survey reads");
    Form::parse(&questionnaire).expect("the survey parses")
}

/// The option of `link_id` scored `rating`, as the engine holds it.
fn rated(form: &Form, link_id: &str, rating: u8) -> Value {
    let item = form
        .item(link_id)
        .unwrap_or_else(|| panic!("no item {link_id}"));
    item.options
        .iter()
        .find(|o| o.score == Some(f64::from(rating)))
        .unwrap_or_else(|| panic!("{link_id} has no option scored {rating}"))
        .value
        .clone()
}

/// Sets `link_id`'s answer where the engine keeps it: at the top level, or in the first
/// instance of its group.
fn set(form: &Form, r: &mut Response, link_id: &str, value: Value) {
    let parent = form
        .walk()
        .into_iter()
        .find(|(i, _)| i.link_id == link_id)
        .unwrap_or_else(|| panic!("no item {link_id}"))
        .1;
    let level = match parent {
        None => &mut r.answers,
        Some(group) => {
            let instances = r.answers.groups.entry(group.to_owned()).or_default();
            if instances.is_empty() {
                instances.push(Answers::default());
            }
            &mut instances[0]
        }
    };
    level.set(link_id, vec![value]);
}

/// A response rating every scale item `scale` (except those in `low`) and overall
/// `overall` (unanswered when `None`).
fn respond(form: &Form, scale: u8, low: &[(&str, u8)], overall: Option<u8>) -> Response {
    let mut r = Response::new(form);
    for id in SCALE_ITEMS {
        let n = low
            .iter()
            .find(|(l, _)| *l == id)
            .map_or(scale, |(_, n)| *n);
        set(form, &mut r, id, rated(form, id, n));
    }
    if let Some(n) = overall {
        set(
            form,
            &mut r,
            OVERALL_LINK_ID,
            rated(form, OVERALL_LINK_ID, n),
        );
    }
    r
}

fn errors(form: &Form, r: &Response) -> Vec<(String, ErrorCode)> {
    check(form, r)
        .into_iter()
        .map(|ItemError { link_id, code }| (link_id, code))
        .collect()
}

fn contact_enabled(form: &Form, r: &Response) -> bool {
    enabled(form, r).contains(CONTACT_LINK_ID)
}

/// Submits `r` as the app does (without answers to disabled items, completed), writes it as
/// a QuestionnaireResponse, sends it through JSON and reads it back.
fn submit(form: &Form, r: &Response) -> Response {
    let mut sent = r.without_disabled(form);
    sent.status = Status::Completed;
    let qr = sent.to_questionnaire_response(form);
    let json = serde_json::to_string(&qr).expect("serializes");
    let back = serde_json::from_str(&json).expect("parses back");
    Response::from_questionnaire_response(&back)
}

fn link_ids_in(qr_json: &serde_json::Value, out: &mut Vec<String>) {
    for item in qr_json["item"].as_array().into_iter().flatten() {
        out.push(item["linkId"].as_str().unwrap_or_default().to_owned());
        link_ids_in(item, out);
        for answer in item["answer"].as_array().into_iter().flatten() {
            link_ids_in(answer, out);
        }
    }
}

/// The English translation in a primitive's `_element`, if any.
fn english(element: &serde_json::Value) -> Option<&str> {
    element["extension"]
        .as_array()?
        .iter()
        .filter(|e| e["url"] == TRANSLATION)
        .find(|e| {
            e["extension"].as_array().is_some_and(|parts| {
                parts
                    .iter()
                    .any(|p| p["url"] == "lang" && p["valueCode"] == "en")
            })
        })?["extension"]
        .as_array()?
        .iter()
        .find(|p| p["url"] == "content")?["valueString"]
        .as_str()
}

#[test]
fn the_survey_parses_with_nothing_unsupported() {
    let form = survey();
    assert_eq!(
        form.unsupported,
        vec![],
        "every feature used is implemented"
    );
    assert_eq!(validate_form(&form), vec![]);
    assert_eq!(
        form.url.as_deref(),
        Some("https://careway.example/fhir/Questionnaire/outpatient-satisfaction")
    );
    assert_eq!(form.title.as_deref(), Some("门诊患者满意度调查"));
    let raw: serde_json::Value = serde_json::from_str(SURVEY).unwrap();
    assert_eq!(raw["version"], "2026.1");
    assert_eq!(raw["status"], "active");
    assert_eq!(raw["language"], "zh-CN");

    let top: Vec<&str> = form.items.iter().map(|i| i.link_id.as_str()).collect();
    assert_eq!(
        top,
        [
            "intro",
            "registration",
            "waiting",
            "doctor",
            "staff",
            "environment",
            "costs",
            OVERALL_LINK_ID,
            COMMENTS_LINK_ID,
            CONTACT_LINK_ID,
        ]
    );
    let scale: Vec<&str> = form
        .walk()
        .into_iter()
        .filter(|(i, _)| i.kind == ItemType::Choice && i.link_id != OVERALL_LINK_ID)
        .map(|(i, _)| i.link_id.as_str())
        .collect();
    assert_eq!(scale, SCALE_ITEMS);
    for id in SCALE_ITEMS {
        let item = form.item(id).unwrap();
        assert!(!item.required, "{id}: a scale item may be skipped");
        let options: Vec<(Option<String>, Option<f64>)> = item
            .options
            .iter()
            .map(|o| match &o.value {
                Value::Coding(c) => (c.display.clone(), o.score),
                v => panic!("{id}: option {v:?} is not a Coding"),
            })
            .collect();
        let expected = [
            ("非常满意", 5.0),
            ("满意", 4.0),
            ("一般", 3.0),
            ("不满意", 2.0),
            ("非常不满意", 1.0),
        ]
        .map(|(d, s)| (Some(d.to_owned()), Some(s)));
        assert_eq!(options, expected, "{id}");
    }

    let overall = form.item(OVERALL_LINK_ID).unwrap();
    assert_eq!(overall.kind, ItemType::Choice);
    assert!(overall.required);
    let codes: Vec<(String, f64)> = overall
        .options
        .iter()
        .map(|o| match &o.value {
            Value::Coding(c) => (c.code.clone().unwrap(), o.score.unwrap()),
            v => panic!("overall option {v:?} is not a Coding"),
        })
        .collect();
    let expected: Vec<(String, f64)> = (1..=5)
        .rev()
        .map(|n| (n.to_string(), f64::from(n)))
        .collect();
    assert_eq!(codes, expected);

    let comments = form.item(COMMENTS_LINK_ID).unwrap();
    assert_eq!((comments.kind, comments.required), (ItemType::Text, false));
    assert_eq!(comments.text.as_deref(), Some("您的意见和建议"));
    let contact = form.item(CONTACT_LINK_ID).unwrap();
    assert_eq!((contact.kind, contact.required), (ItemType::Boolean, true));
    assert_eq!(contact.text.as_deref(), Some("您是否希望医院就此联系您？"));
}

#[test]
fn every_text_is_chinese_with_an_english_translation() {
    let raw: serde_json::Value = serde_json::from_str(SURVEY).unwrap();
    let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert_eq!(
        english(&raw["_title"]),
        Some("Outpatient satisfaction survey")
    );
    fn items(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        for i in v["item"].as_array().into_iter().flatten() {
            out.push(i.clone());
            items(i, out);
        }
    }
    let mut all = Vec::new();
    items(&raw, &mut all);
    assert_eq!(all.len(), 6 + SCALE_ITEMS.len() + 4);
    for item in &all {
        let id = item["linkId"].as_str().unwrap();
        let zh = item["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: no text"));
        assert!(has_han(zh), "{id}: the text is Chinese");
        let en = english(&item["_text"]).unwrap_or_else(|| panic!("{id}: no English text"));
        assert!(!en.is_empty() && !has_han(en), "{id}: {en}");
        for option in item["answerOption"].as_array().into_iter().flatten() {
            let coding = &option["valueCoding"];
            assert!(has_han(coding["display"].as_str().unwrap()), "{id}");
            assert!(
                english(&coding["_display"]).is_some(),
                "{id}: option without English"
            );
        }
    }
}

#[test]
fn all_fives_open_no_complaint() {
    let form = survey();
    let r = respond(&form, 5, &[], Some(5));
    assert_eq!(errors(&form, &r), vec![]);
    assert!(!contact_enabled(&form, &r));
    assert_eq!(complaint_for(&form, &r), None);
    assert_eq!(total_score(&form, &r), Some(5.0 * 15.0));
    let sent = submit(&form, &r);
    assert_eq!(errors(&form, &sent), vec![]);
    assert_eq!(complaint_for(&form, &sent), None);
}

#[test]
fn overall_two_with_low_items_and_a_comment_opens_a_complaint() {
    let form = survey();
    let mut r = respond(
        &form,
        4,
        &[
            ("waiting.time", 1),
            ("doctor.explained", 2),
            ("costs.payment", 3),
        ],
        Some(2),
    );
    set(
        &form,
        &mut r,
        COMMENTS_LINK_ID,
        Value::String("  候诊太久，医生解释太快。 ".into()),
    );

    // The contact question appears, and is required while it is shown.
    assert!(contact_enabled(&form, &r));
    assert_eq!(
        errors(&form, &r),
        vec![(CONTACT_LINK_ID.to_owned(), ErrorCode::Required)]
    );
    set(&form, &mut r, CONTACT_LINK_ID, Value::Boolean(false));
    assert_eq!(errors(&form, &r), vec![]);

    let expected = ComplaintDecision {
        overall: 2,
        low_items: vec!["waiting.time".into(), "doctor.explained".into()],
        comment: Some("候诊太久，医生解释太快。".into()),
        wants_contact: false,
    };
    assert_eq!(complaint_for(&form, &r), Some(expected.clone()));

    // The submitted QuestionnaireResponse checks clean and decides the same.
    let sent = submit(&form, &r);
    assert_eq!(sent.status, Status::Completed);
    assert_eq!(errors(&form, &sent), vec![]);
    assert_eq!(complaint_for(&form, &sent), Some(expected.clone()));

    let words = summary(&expected);
    assert_eq!(
        words.get(Lang::ZhCn),
        "门诊满意度 2/5 星；低分项：waiting.time、doctor.explained；有书面意见；患者未要求联系。"
    );
    assert_eq!(
        words.get(Lang::En),
        "Outpatient satisfaction 2/5 stars; low: waiting.time, doctor.explained; \
         written comment; no contact requested."
    );
}

#[test]
fn overall_three_opens_no_complaint_and_drops_contact_me() {
    let form = survey();
    let mut r = respond(&form, 2, &[("staff.nurses", 1)], Some(3));
    assert!(!contact_enabled(&form, &r));
    assert_eq!(
        errors(&form, &r),
        vec![],
        "a hidden required question never blocks"
    );
    assert_eq!(
        complaint_for(&form, &r),
        None,
        "low items alone open no complaint"
    );

    // An answer left over from a lower rating is an error until it is dropped on submit.
    set(&form, &mut r, CONTACT_LINK_ID, Value::Boolean(true));
    assert_eq!(
        errors(&form, &r),
        vec![(CONTACT_LINK_ID.to_owned(), ErrorCode::AnsweredWhileDisabled)]
    );
    assert_eq!(complaint_for(&form, &r), None);
    let cleaned = r.without_disabled(&form);
    assert_eq!(errors(&form, &cleaned), vec![]);
    let qr = serde_json::to_value(cleaned.to_questionnaire_response(&form)).unwrap();
    let mut ids = Vec::new();
    link_ids_in(&qr, &mut ids);
    assert!(ids.iter().any(|i| i == OVERALL_LINK_ID), "{ids:?}");
    assert!(!ids.iter().any(|i| i == CONTACT_LINK_ID), "{ids:?}");
    assert_eq!(complaint_for(&form, &submit(&form, &r)), None);
}

#[test]
fn overall_one_with_contact_me_opens_a_complaint_asking_for_a_call() {
    let form = survey();
    let mut r = respond(&form, 5, &[], Some(1));
    assert!(contact_enabled(&form, &r));
    set(&form, &mut r, CONTACT_LINK_ID, Value::Boolean(true));
    assert_eq!(errors(&form, &r), vec![]);
    let sent = submit(&form, &r);
    assert_eq!(errors(&form, &sent), vec![]);
    let decision = complaint_for(&form, &sent).expect("a complaint");
    assert_eq!(
        decision,
        ComplaintDecision {
            overall: 1,
            low_items: vec![],
            comment: None,
            wants_contact: true,
        }
    );
    let words = summary(&decision);
    assert_eq!(words.zh, "门诊满意度 1/5 星；患者希望医院联系。");
    assert_eq!(
        words.en,
        "Outpatient satisfaction 1/5 stars; patient asks to be contacted."
    );
}

#[test]
fn missing_overall_is_an_error_naming_overall_and_opens_no_complaint() {
    let form = survey();
    let r = respond(&form, 1, &[], None);
    assert_eq!(
        errors(&form, &r),
        vec![(OVERALL_LINK_ID.to_owned(), ErrorCode::Required)]
    );
    assert!(!contact_enabled(&form, &r));
    assert_eq!(complaint_for(&form, &r), None);

    // The scale items may be skipped: overall alone is a complete response.
    let mut only_overall = Response::new(&form);
    set(
        &form,
        &mut only_overall,
        OVERALL_LINK_ID,
        rated(&form, OVERALL_LINK_ID, 4),
    );
    assert_eq!(errors(&form, &only_overall), vec![]);
}

#[test]
fn only_an_overall_rating_below_three_opens_a_complaint_and_asks_about_contact() {
    let form = survey();
    assert_eq!(COMPLAINT_BELOW, 3);
    for overall in 1..=5u8 {
        let r = respond(&form, 3, &[], Some(overall));
        let low = overall < COMPLAINT_BELOW;
        assert_eq!(contact_enabled(&form, &r), low, "overall {overall}");
        assert_eq!(
            complaint_for(&form, &r).map(|d| d.overall),
            low.then_some(overall),
            "overall {overall}"
        );
    }
}

#[test]
fn a_stored_response_is_read_by_its_codes() {
    let form = survey();
    // As another client might write it: codes without displays, no group for the skipped
    // sections, a blank comment.
    let system = "https://careway.example/fhir/CodeSystem/satisfaction-rating";
    let qr = serde_json::json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "https://careway.example/fhir/Questionnaire/outpatient-satisfaction",
        "status": "completed",
        "item": [
            {"linkId": "environment", "item": [
                {"linkId": "environment.toilets",
                 "answer": [{"valueCoding": {"system": system, "code": "1"}}]}
            ]},
            {"linkId": "overall", "answer": [{"valueCoding": {"system": system, "code": "2"}}]},
            {"linkId": "comments", "answer": [{"valueString": "   "}]},
            {"linkId": "contact-me", "answer": [{"valueBoolean": true}]}
        ]
    });
    let r = Response::from_questionnaire_response(&serde_json::from_value(qr).unwrap());
    assert_eq!(errors(&form, &r), vec![]);
    assert_eq!(
        complaint_for(&form, &r),
        Some(ComplaintDecision {
            overall: 2,
            low_items: vec!["environment.toilets".into()],
            comment: None,
            wants_contact: true,
        })
    );
}

#[test]
fn the_engine_reads_the_english_translations_the_file_carries() {
    let form = survey();
    let raw: serde_json::Value = serde_json::from_str(SURVEY).unwrap();
    assert_eq!(form.title_in("en"), english(&raw["_title"]));
    assert_eq!(
        form.title_in("en-GB"),
        Some("Outpatient satisfaction survey")
    );
    assert_eq!(form.title_in("zh-CN"), Some("门诊患者满意度调查"));
    fn raw_items(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        for i in v["item"].as_array().into_iter().flatten() {
            out.push(i.clone());
            raw_items(i, out);
        }
    }
    let mut raws = Vec::new();
    raw_items(&raw, &mut raws);
    let walked = form.walk();
    assert_eq!(walked.len(), raws.len());
    for ((item, _), raw) in walked.into_iter().zip(&raws) {
        let id = &item.link_id;
        assert_eq!(item.text_in("en"), english(&raw["_text"]), "{id}");
        assert_eq!(item.text_in("zh-CN"), raw["text"].as_str(), "{id}");
        for (option, raw_option) in item
            .options
            .iter()
            .zip(raw["answerOption"].as_array().into_iter().flatten())
        {
            let Value::Coding(c) = &option.value else {
                panic!("{id}: option is not a Coding")
            };
            let raw_coding = &raw_option["valueCoding"];
            assert_eq!(c.display_in("en"), english(&raw_coding["_display"]), "{id}");
            assert_eq!(
                c.display_in("fr"),
                raw_coding["display"].as_str(),
                "{id}: no French, so the text as written"
            );
        }
    }
}
