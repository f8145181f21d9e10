//! The questionnaire renderer in a real browser, without a server: every questionnaire of
//! the engine's fixtures and the hospital's satisfaction survey draws each of its questions
//! (and the looping one a clear error instead of hanging); the satisfaction survey answered
//! by clicking reveals "contact me" after a low rating, keeps a draft that comes back after
//! the page is closed and opened again, refuses to go on with the focus on what is missing,
//! and sends exactly the answers of the enabled questions after the review.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use careway::api::from_json;
use careway::app::contexts::prefs;
use careway::app::Providers;
use careway::i18n::texts;
use careway::surveys::draft;
use careway::surveys::parts::form::SurveyForm;
use careway::surveys::parts::style::surveys_style;
use careway::ui::theme::Theme;
use careway_core::locale::Lang;
use careway_core::questionnaire::{
    enabled, progress, Form, Questionnaire, Response, Status, Value,
};
use common::{
    click, computed_px, find, focused_id, fresh_root, get, remember, remembered, settle, text,
    type_into, value,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, EventInit, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every file of `core/tests/fixtures/questionnaires`, and the satisfaction survey.
const FIXTURES: &[(&str, &str)] = &[
    ("Questionnaire-f201.json", include_str!("../core/tests/fixtures/questionnaires/Questionnaire-f201.json")),
    ("Questionnaire-phq-9-questionnaire.json", include_str!("../core/tests/fixtures/questionnaires/Questionnaire-phq-9-questionnaire.json")),
    ("Questionnaire-zika-virus-exposure-assessment.json", include_str!("../core/tests/fixtures/questionnaires/Questionnaire-zika-virus-exposure-assessment.json")),
    ("QuestionnaireResponse-f201.json", include_str!("../core/tests/fixtures/questionnaires/QuestionnaireResponse-f201.json")),
    ("answerOption-valueCoding.choice.R4.json", include_str!("../core/tests/fixtures/questionnaires/answerOption-valueCoding.choice.R4.json")),
    ("answerOption-valueInteger.R4.json", include_str!("../core/tests/fixtures/questionnaires/answerOption-valueInteger.R4.json")),
    ("answerOption-valueString.R4.json", include_str!("../core/tests/fixtures/questionnaires/answerOption-valueString.R4.json")),
    ("bit-of-everything.json", include_str!("../core/tests/fixtures/questionnaires/bit-of-everything.json")),
    ("blood-pressure-q.json", include_str!("../core/tests/fixtures/questionnaires/blood-pressure-q.json")),
    ("date-in-repeating-group.json", include_str!("../core/tests/fixtures/questionnaires/date-in-repeating-group.json")),
    ("enableWhen-test.R4.json", include_str!("../core/tests/fixtures/questionnaires/enableWhen-test.R4.json")),
    ("phq9.json", include_str!("../core/tests/fixtures/questionnaires/phq9.json")),
    ("q-enableWhen-with-reference-loop.json", include_str!("../core/tests/fixtures/questionnaires/q-enableWhen-with-reference-loop.json")),
    ("q-with-minOccurs-maxOccurs.json", include_str!("../core/tests/fixtures/questionnaires/q-with-minOccurs-maxOccurs.json")),
    ("q-with-nested-enableWhen.json", include_str!("../core/tests/fixtures/questionnaires/q-with-nested-enableWhen.json")),
    ("outpatient-satisfaction.json", SATISFACTION),
];

const SATISFACTION: &str = include_str!("../server/src/demo/surveys/outpatient-satisfaction.json");

/// The fixtures that are not questionnaires at all.
const NOT_QUESTIONNAIRES: &[&str] = &["QuestionnaireResponse-f201.json"];

/// The fixture whose conditions loop.
const LOOPING: &str = "q-enableWhen-with-reference-loop.json";

/// Parses a questionnaire as the app does: the browser's JSON, then the engine.
fn parse(json: &str) -> Option<Form> {
    let q: Questionnaire = from_json(json).ok()?;
    Form::parse(&q).ok()
}

/// The properties of [`Harness`].
#[derive(Properties)]
struct HarnessProps {
    form: Rc<Form>,
    draft: Option<AttrValue>,
    sent: Rc<RefCell<Vec<Response>>>,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.form, &other.form) && self.draft == other.draft
    }
}

/// The renderer with the contexts of the app around it, recording what it sends.
#[component]
fn Harness(props: &HarnessProps) -> Html {
    let on_send = {
        let sent = props.sent.clone();
        Callback::from(move |r: Response| sent.borrow_mut().push(r))
    };
    html! {
        <Providers>
            <div class={surveys_style()}>
                <SurveyForm form={props.form.clone()} draft={props.draft.clone()} {on_send} />
            </div>
        </Providers>
    }
}

/// Mounts the renderer into `root`.
fn mount(
    root: &Element,
    form: Rc<Form>,
    draft: Option<&'static str>,
) -> (AppHandle<Harness>, Rc<RefCell<Vec<Response>>>) {
    let sent = Rc::new(RefCell::new(Vec::new()));
    let app = yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        HarnessProps {
            form,
            draft: draft.map(AttrValue::from),
            sent: sent.clone(),
        },
    )
    .render();
    (app, sent)
}

/// The linkIds of the question blocks on screen, and how many there are.
fn shown_questions(root: &Element) -> (BTreeSet<String>, u32) {
    let list = root.query_selector_all(".question").expect("a selector");
    let mut ids = BTreeSet::new();
    for i in 0..list.length() {
        let el: Element = list.item(i).unwrap().dyn_into().unwrap();
        ids.insert(
            el.get_attribute("data-link-id")
                .expect("each question names its item"),
        );
        let labels = el.query_selector_all(".q-label").unwrap().length();
        assert_eq!(labels, 1, "one label per question:\n{}", el.outer_html());
    }
    (ids, list.length())
}

#[wasm_bindgen_test]
async fn every_fixture_draws_each_question_it_asks_and_a_loop_draws_an_error() {
    let t = texts(Lang::En);
    let mut drawn = 0;
    for (name, json) in FIXTURES {
        let root = fresh_root();
        remember("careway.lang", "en");
        let Some(form) = parse(json) else {
            assert!(
                NOT_QUESTIONNAIRES.contains(name),
                "{name} should parse as a questionnaire"
            );
            continue;
        };
        assert!(
            !NOT_QUESTIONNAIRES.contains(name),
            "{name} parsed as a questionnaire"
        );
        let response = Response::new(&form);
        let on = enabled(&form, &response);
        let expected: BTreeSet<String> = form
            .walk()
            .into_iter()
            .filter(|(i, _)| i.kind.is_question() && !i.hidden && on.contains(&i.link_id))
            .map(|(i, _)| i.link_id.clone())
            .collect();
        let form = Rc::new(form);
        let (app, _) = mount(&root, form.clone(), None);
        settle().await;

        if *name == LOOPING {
            let alert = text(&root, "[role='alert']");
            assert!(alert.contains(t.survey_broken), "{name}: {alert}");
            assert!(
                find(&root, ".question").is_none(),
                "{name} draws no questions"
            );
        } else {
            assert!(
                find(&root, "[role='alert']").is_none(),
                "{name} draws no error"
            );
            let (ids, blocks) = shown_questions(&root);
            assert_eq!(ids, expected, "{name}: the questions on screen");
            assert!(blocks as usize >= expected.len());
            assert_eq!(
                ids.len(),
                progress(&form, &response).total,
                "{name}: as many as the engine counts"
            );
            // An item with answer options offers each of them as a card, whatever its type.
            let blocks = root.query_selector_all(".question").unwrap();
            for i in 0..blocks.length() {
                let block: Element = blocks.item(i).unwrap().dyn_into().unwrap();
                let id = block.get_attribute("data-link-id").unwrap();
                let item = form.item(&id).expect("a block names an item of the form");
                let cards = block.query_selector_all(".card input").unwrap().length();
                let expected = match item.kind {
                    careway_core::questionnaire::ItemType::Boolean => 2,
                    _ => item.options.len() as u32,
                };
                assert_eq!(cards, expected, "{name}: the cards of {id}");
                let several = block
                    .query_selector_all("input[type='checkbox']")
                    .unwrap()
                    .length();
                let repeats = item.repeats || item.control.as_deref() == Some("check-box");
                assert_eq!(
                    several > 0,
                    repeats && !item.options.is_empty(),
                    "{name}: {id}"
                );
            }
            let status = text(&root, "#survey-progress");
            let p = progress(&form, &response);
            assert_eq!(status, (t.survey_progress)(p.answered, p.total), "{name}");
            drawn += 1;
        }
        app.destroy();
    }
    assert_eq!(drawn, FIXTURES.len() - NOT_QUESTIONNAIRES.len() - 1);
}

#[wasm_bindgen_test]
async fn the_satisfaction_survey_speaks_the_patients_language() {
    let form = Rc::new(parse(SATISFACTION).expect("the survey parses"));
    let root = fresh_root();
    remember("careway.lang", "en");
    let (app, _) = mount(&root, form.clone(), None);
    settle().await;
    let overall = text(&root, "[data-link-id='overall'] legend");
    assert!(overall.starts_with("Overall, how satisfied"), "{overall}");
    let heading = text(&root, "section[data-link-id='registration'] h2");
    assert!(!heading.is_empty() && heading.is_ascii(), "{heading}");
    app.destroy();

    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let (app, _) = mount(&root, form, None);
    settle().await;
    let overall = text(&root, "[data-link-id='overall'] legend");
    assert!(overall.starts_with("总体而言"), "{overall}");
    assert_eq!(text(&root, "#survey-progress"), "已答 0/16");
    app.destroy();
}

/// Types into a text area as a user would.
fn type_into_area(element: &Element, value: &str) {
    let area = element
        .dyn_ref::<HtmlTextAreaElement>()
        .expect("a text area");
    area.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
}

fn checked(root: &Element, selector: &str) -> bool {
    get(root, selector)
        .dyn_into::<HtmlInputElement>()
        .expect("an input")
        .checked()
}

#[wasm_bindgen_test]
async fn answering_by_clicking_reveals_contact_me_keeps_a_draft_and_sends_enabled_answers() {
    let t = texts(Lang::ZhCn);
    let form = Rc::new(parse(SATISFACTION).expect("the survey parses"));
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let (app, _) = mount(&root, form.clone(), Some("s-1"));
    settle().await;

    // Going on with nothing answered: the overall rating is missing, and the focus is on it.
    click(&get(&root, ".survey > button"));
    settle().await;
    assert!(text(&root, ".summary").contains('1'), "one problem");
    assert_eq!(text(&root, "#q-overall-error"), "此项必填");
    assert_eq!(focused_id().as_deref(), Some("q-overall"));
    let fieldset = get(&root, "[data-link-id='overall'] fieldset");
    assert_eq!(
        fieldset.get_attribute("aria-describedby").as_deref(),
        Some("q-overall-error")
    );

    // Two stars: "contact me" appears and is counted.
    assert!(find(&root, "[data-link-id='contact-me']").is_none());
    let two = get(&root, "label[for='q-overall-3']");
    assert!(
        two.text_content().unwrap().starts_with("2 星"),
        "{:?}",
        two.text_content()
    );
    click(&get(&root, "#q-overall-3"));
    settle().await;
    assert!(find(&root, "#q-overall-error").is_none(), "answered");
    assert!(find(&root, "[data-link-id='contact-me']").is_some());
    assert_eq!(text(&root, "#survey-progress"), "已答 1/17");

    click(&get(&root, "#q-contact-me"));
    click(&get(&root, "#q-doctor-0-doctor_listened-4"));
    type_into_area(&get(&root, "#q-comments"), "候诊时间太长");
    settle().await;
    assert_eq!(text(&root, "#survey-progress"), "已答 4/17");
    assert_eq!(
        text(&root, "#q-comments-count"),
        (t.survey_chars)(6, Some(1000))
    );
    let kept = remembered(&draft::key("s-1")).expect("a draft is kept");
    assert!(
        kept.contains("contact-me") && kept.contains("候诊时间太长"),
        "{kept}"
    );

    // Closed and opened again: everything is back.
    app.destroy();
    let (app, sent) = mount(&root, form.clone(), Some("s-1"));
    settle().await;
    assert!(
        find(&root, "[role='status'].note").is_some(),
        "says the draft was restored"
    );
    assert!(checked(&root, "#q-overall-3"));
    assert!(checked(&root, "#q-contact-me"));
    assert!(checked(&root, "#q-doctor-0-doctor_listened-4"));
    let area: HtmlTextAreaElement = get(&root, "#q-comments").dyn_into().unwrap();
    assert_eq!(area.value(), "候诊时间太长");
    assert_eq!(text(&root, "#survey-progress"), "已答 4/17");

    // The review lists the answers; "change" goes back to the item.
    click(&get(&root, ".survey > button"));
    settle().await;
    assert_eq!(focused_id().as_deref(), Some("survey-review-title"));
    let lines = root.query_selector_all(".line").unwrap().length();
    assert_eq!(lines, 4);
    assert!(text(&root, ".lines").contains("候诊时间太长"));
    click(&get(&root, ".line .edit"));
    settle().await;
    assert!(find(&root, ".review").is_none());
    assert_eq!(focused_id().as_deref(), Some("q-doctor-0-doctor_listened"));

    // A better rating withdraws "contact me": it is neither asked nor sent.
    click(&get(&root, "#q-overall"));
    settle().await;
    assert!(find(&root, "[data-link-id='contact-me']").is_none());
    click(&get(&root, ".survey > button"));
    settle().await;
    click(&get(&root, ".review .actions button:last-child"));
    settle().await;
    let sent = sent.borrow();
    assert_eq!(sent.len(), 1, "sent once");
    let response = &sent[0];
    assert_eq!(response.status, Status::Completed);
    assert!(response.answers.get("contact-me").is_empty());
    assert!(
        matches!(response.answers.get("overall"), [Value::Coding(c)] if c.code.as_deref() == Some("5"))
    );
    drop(sent);
    app.destroy();
}

#[wasm_bindgen_test]
async fn elder_mode_and_the_kiosk_get_large_targets_and_a_bounded_column() {
    let form = Rc::new(parse(SATISFACTION).expect("the survey parses"));
    for (mode, target, column) in [
        (
            "careway.elder",
            Theme::new(true, false).target,
            Theme::new(true, false).form_max,
        ),
        (
            "careway.kiosk",
            Theme::new(false, true).target,
            Theme::new(false, true).form_max,
        ),
    ] {
        let root = fresh_root();
        remember("careway.lang", "zh-CN");
        remember(mode, "1");
        let (app, _) = mount(&root, form.clone(), None);
        settle().await;
        let px = |v: &str| v.trim_end_matches("px").parse::<f64>().unwrap();
        let card = get(&root, "[data-link-id='overall'] .card");
        let height = f64::from(
            card.dyn_ref::<web_sys::HtmlElement>()
                .unwrap()
                .offset_height(),
        );
        assert!(
            height >= px(target),
            "{mode}: a card is {height} px, not {target}"
        );
        let next = get(&root, ".survey > button");
        assert!(
            f64::from(
                next.dyn_ref::<web_sys::HtmlElement>()
                    .unwrap()
                    .offset_height()
            ) >= px(target),
            "{mode}"
        );
        let column = px(column);
        let container = root.first_element_child().expect("the styled column");
        assert_eq!(computed_px(&container, "max-width"), column, "{mode}");
        app.destroy();
    }
}

/// A draft kept in the FHIR shape an earlier version of the app wrote is not one: the
/// form starts fresh, without claiming to have restored anything.
#[wasm_bindgen_test]
async fn a_draft_of_another_shape_is_not_restored() {
    let form = Rc::new(parse(SATISFACTION).expect("the survey parses"));
    let mut older = Response::new(&form);
    older
        .answers
        .set("comments", vec![Value::String("旧的草稿".into())]);
    let fhir = serde_json::to_string(&older.to_questionnaire_response(&form)).unwrap();
    remember(&draft::key("s-3"), &fhir);
    let root = fresh_root();
    let (app, _) = mount(&root, form, Some("s-3"));
    settle().await;
    assert!(find(&root, "[role='status'].note").is_none());
    let area: HtmlTextAreaElement = get(&root, "#q-comments").dyn_into().unwrap();
    assert_eq!(area.value(), "");
    app.destroy();
}

/// Numbers as the browser reads them from its number inputs: an integer takes whole
/// numbers only, the stepper counts from the answer, a decimal keeps its decimals, and a
/// quantity carries the unit chosen beside it.
#[wasm_bindgen_test]
async fn numbers_are_read_from_what_the_patient_types() {
    const NUMBERS: &str = r#"{
        "resourceType": "Questionnaire", "status": "active", "url": "http://example.org/q/numbers",
        "item": [
            {"linkId": "age", "text": "Age", "type": "integer"},
            {"linkId": "temp", "text": "Temperature", "type": "decimal", "extension": [{
                "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
                "valueCoding": {"system": "http://unitsofmeasure.org", "code": "Cel", "display": "°C"}}]},
            {"linkId": "weight", "text": "Weight", "type": "quantity", "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption",
                 "valueCoding": {"system": "http://unitsofmeasure.org", "code": "kg", "display": "kg"}},
                {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption",
                 "valueCoding": {"system": "http://unitsofmeasure.org", "code": "[lb_av]", "display": "lb"}}]}
        ]
    }"#;
    let form = Rc::new(parse(NUMBERS).expect("the form parses"));
    let root = fresh_root();
    let (app, _) = mount(&root, form, Some("n-1"));
    settle().await;
    let kept =
        || -> Response { from_json(&remembered(&draft::key("n-1")).expect("a draft")).unwrap() };
    // The weight's number, unit code and unit as the draft keeps them.
    let weight = || {
        let Value::Quantity(q) = kept().answers.get("weight")[0].clone() else {
            panic!("a quantity");
        };
        (q.value, q.code, q.unit)
    };

    type_into(&get(&root, "#q-age"), "42");
    settle().await;
    assert_eq!(kept().answers.get("age"), [Value::Integer(42)]);
    // The + beside it counts on from the answer.
    click(&get(&root, "[data-link-id='age'] button.step:last-of-type"));
    settle().await;
    assert_eq!(kept().answers.get("age"), [Value::Integer(43)]);
    assert_eq!(value(&root, "#q-age"), "43");
    // Not a whole number: no answer, rather than a rounded one.
    type_into(&get(&root, "#q-age"), "4.5");
    settle().await;
    assert!(kept().answers.get("age").is_empty());

    type_into(&get(&root, "#q-temp"), "36.6");
    settle().await;
    assert_eq!(kept().answers.get("temp"), [Value::Decimal(36.6)]);
    assert_eq!(text(&root, "[data-link-id='temp'] .unit"), "°C");

    type_into(&get(&root, "#q-weight"), "70.5");
    settle().await;
    assert_eq!(weight(), (Some(70.5), Some("kg".into()), Some("kg".into())));
    let unit: web_sys::HtmlSelectElement = get(&root, "#q-weight-unit").dyn_into().unwrap();
    unit.set_value("1");
    let init = EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    unit.dispatch_event(&change).unwrap();
    settle().await;
    assert_eq!(
        weight(),
        (Some(70.5), Some("[lb_av]".into()), Some("lb".into()))
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn logging_out_forgets_the_drafts_and_nothing_else() {
    let form = Rc::new(parse(SATISFACTION).expect("the survey parses"));
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let (app, _) = mount(&root, form, Some("s-2"));
    settle().await;
    click(&get(&root, "#q-overall"));
    settle().await;
    assert!(remembered(&draft::key("s-2")).is_some());
    prefs::forget_private();
    assert_eq!(remembered(&draft::key("s-2")), None);
    assert_eq!(remembered("careway.lang").as_deref(), Some("zh-CN"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_repeating_group_adds_and_removes_entries_within_its_limits() {
    let json = FIXTURES
        .iter()
        .find(|(name, _)| *name == "q-with-minOccurs-maxOccurs.json")
        .map(|(_, json)| *json)
        .unwrap();
    let form = Rc::new(parse(json).expect("parses"));
    let root = fresh_root();
    remember("careway.lang", "en");
    let (app, _) = mount(&root, form, None);
    settle().await;
    let entries = |root: &Element| {
        root.query_selector_all("section[data-link-id='1'] > fieldset.entry")
            .unwrap()
            .length()
    };
    let button = |root: &Element, label: &str| {
        let list = root
            .query_selector_all("section[data-link-id='1'] button")
            .unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
            .find(|b| b.text_content().unwrap_or_default().contains(label))
    };
    let t = texts(Lang::En);
    // Nothing answered: the required group says so, and the focus goes into it.
    click(&get(&root, ".survey > button"));
    settle().await;
    assert_eq!(text(&root, "#q-1-error"), "This question needs an answer");
    assert_eq!(focused_id().as_deref(), Some("q-1-0-1_1"));

    // minOccurs 2: two entries to begin with, none removable.
    assert_eq!(entries(&root), 2);
    assert!(button(&root, "Remove").is_none());
    click(&button(&root, t.survey_add_instance).expect("an add button"));
    settle().await;
    // maxOccurs 3: no more to add; now one can go.
    assert_eq!(entries(&root), 3);
    assert!(button(&root, t.survey_add_instance).is_none());
    let legends = text(
        &root,
        "section[data-link-id='1'] > fieldset.entry:nth-of-type(3) > legend",
    );
    assert_eq!(legends, (t.survey_instance)(3));
    click(&button(&root, &(t.survey_remove_instance)(2)).expect("a remove button"));
    settle().await;
    assert_eq!(entries(&root), 2);
    assert!(button(&root, t.survey_add_instance).is_some());
    app.destroy();
}
