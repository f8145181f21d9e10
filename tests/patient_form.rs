//! The family-member form in a real browser: a bad ID number is refused next to its field,
//! in the patient's language, without losing anything typed; a good one is saved. Once
//! the account holder is on file, "self" is not offered again.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use careway::account::parts::patient_editor::PatientEditor;
use careway::account::state::patient_form::PatientForm;
use careway_core::api::account::relation_choices;
use careway_core::api::account::{Patient, PatientInput, Relation};
use careway_core::identity::{CivilDate, Sex};
use careway_core::locale::Lang;
use common::{blur, click, find, focused_id, fresh_root, get, settle, text, type_into, value};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const TODAY: CivilDate = CivilDate {
    year: 2026,
    month: 11,
    day: 23,
};

#[derive(Properties, PartialEq)]
struct FormProps {
    saved: Rc<RefCell<Vec<PatientInput>>>,
    /// The relations offered; every one by default.
    #[prop_or(Rc::new(Relation::ALL.to_vec()))]
    relations: Rc<Vec<Relation>>,
}

#[component]
fn Form(props: &FormProps) -> Html {
    let initial = use_memo((), |()| PatientForm::new(TODAY));
    let on_save = {
        let saved = props.saved.clone();
        Callback::from(move |input| saved.borrow_mut().push(input))
    };
    let relations = props.relations.clone();
    html! { <PatientEditor {initial} {relations} lang={Lang::ZhCn} {on_save} /> }
}

#[wasm_bindgen_test]
async fn a_bad_id_is_refused_in_place_and_nothing_typed_is_lost() {
    let root = fresh_root();
    let saved = Rc::new(RefCell::new(Vec::new()));
    let app = yew::Renderer::<Form>::with_root_and_props(
        root.clone(),
        FormProps {
            saved: saved.clone(),
            relations: Rc::new(Relation::ALL.to_vec()),
        },
    )
    .render();
    settle().await;

    assert_eq!(text(&root, "label[for='patient-name']"), "姓名");
    type_into(&get(&root, "#patient-name"), "王小明");
    // One digit off: the check character does not match.
    type_into(&get(&root, "#patient-id-number"), "440106201506010018");
    settle().await;
    assert!(
        find(&root, "#patient-id-number-error").is_none(),
        "not while typing"
    );
    blur(&get(&root, "#patient-id-number"));
    settle().await;
    assert_eq!(
        text(&root, "#patient-id-number-error"),
        "身份证号校验不通过，请检查是否输错"
    );
    let id = get(&root, "#patient-id-number");
    assert_eq!(id.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(id
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("patient-id-number-error"));

    click(&get(&root, "#patient-sex")); // 男
    type_into(&get(&root, "#patient-birth-date"), "2015-06-01");
    type_into(&get(&root, "#patient-phone"), "139 1234 5678");
    click(&get(&root, "#patient-relation-1")); // 子女
    settle().await;

    click(&get(&root, "button[type='submit']"));
    settle().await;
    assert!(saved.borrow().is_empty(), "nothing sent");
    assert_eq!(
        focused_id().as_deref(),
        Some("patient-id-number"),
        "focus on the first refused field"
    );
    assert_eq!(value(&root, "#patient-name"), "王小明");
    assert_eq!(value(&root, "#patient-id-number"), "440106201506010018");
    assert_eq!(value(&root, "#patient-birth-date"), "2015-06-01");
    assert_eq!(value(&root, "#patient-phone"), "139 1234 5678");
    assert!(get(&root, "#patient-relation-1")
        .get_attribute("aria-invalid")
        .is_none());

    // Fixed, it saves the normalised details.
    type_into(&get(&root, "#patient-id-number"), "440106201506010019");
    settle().await;
    assert!(find(&root, "#patient-id-number-error").is_none());
    click(&get(&root, "button[type='submit']"));
    settle().await;
    let saved = saved.borrow();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].id_number.as_deref(), Some("440106201506010019"));
    assert_eq!(saved[0].phone.as_deref(), Some("13912345678"));
    assert_eq!(saved[0].relation, Relation::Child);
    app.destroy();
}

#[wasm_bindgen_test]
async fn an_empty_submit_marks_every_required_field_and_focuses_the_first() {
    let root = fresh_root();
    let saved = Rc::new(RefCell::new(Vec::new()));
    let app = yew::Renderer::<Form>::with_root_and_props(
        root.clone(),
        FormProps {
            saved: saved.clone(),
            relations: Rc::new(Relation::ALL.to_vec()),
        },
    )
    .render();
    settle().await;

    click(&get(&root, "button[type='submit']"));
    settle().await;
    assert_eq!(focused_id().as_deref(), Some("patient-name"));
    for field in [
        "name",
        "id-number",
        "sex",
        "birth-date",
        "phone",
        "relation",
    ] {
        assert_eq!(
            text(&root, &format!("#patient-{field}-error")),
            "此项为必填项",
            "{field}"
        );
    }
    assert!(
        find(&root, "#patient-medical-card-error").is_none(),
        "optional"
    );

    // A valid ID number fills in the birth date and the sex.
    type_into(&get(&root, "#patient-id-number"), "11010519491231002X");
    settle().await;
    assert_eq!(value(&root, "#patient-birth-date"), "1949-12-31");
    assert!(find(&root, "#patient-sex-error").is_none());
    assert!(saved.borrow().is_empty());
    app.destroy();
}

#[wasm_bindgen_test]
async fn with_the_holder_on_file_self_is_not_offered_and_ids_stay() {
    let root = fresh_root();
    let saved = Rc::new(RefCell::new(Vec::new()));
    let relations = relation_choices(&[holder()], None);
    let app = yew::Renderer::<Form>::with_root_and_props(
        root.clone(),
        FormProps {
            saved: saved.clone(),
            relations: Rc::new(relations),
        },
    )
    .render();
    settle().await;

    let offered = root
        .query_selector_all("input[name='patient-relation']")
        .expect("a selector")
        .length();
    assert_eq!(offered, 4, "child, parent, spouse, other");
    let labels = text(&root, "#patient-relation-1 + span");
    assert_eq!(labels, "子女", "the child radio keeps its id");
    assert!(
        !root.text_content().unwrap_or_default().contains("本人"),
        "self is not offered twice"
    );

    // Everything but the relation: the focus goes to the first relation offered.
    type_into(&get(&root, "#patient-name"), "王小明");
    type_into(&get(&root, "#patient-id-number"), "440106201506010019");
    settle().await;
    type_into(&get(&root, "#patient-phone"), "139 1234 5678");
    click(&get(&root, "button[type='submit']"));
    settle().await;
    assert_eq!(text(&root, "#patient-relation-error"), "此项为必填项");
    assert_eq!(focused_id().as_deref(), Some("patient-relation-1"));

    click(&get(&root, "#patient-relation-2")); // 父母
    settle().await;
    click(&get(&root, "button[type='submit']"));
    settle().await;
    assert_eq!(saved.borrow().len(), 1);
    assert_eq!(saved.borrow()[0].relation, Relation::Parent);
    app.destroy();
}

fn holder() -> Patient {
    Patient {
        id: "h".into(),
        name: "李华".into(),
        sex: Sex::Female,
        birth_date: "1980-01-01".into(),
        id_number_masked: "110***********0021".into(),
        phone_masked: "138****8000".into(),
        relation: Relation::Myself,
        medical_card_masked: None,
        is_default: true,
    }
}
