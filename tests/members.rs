//! A family member's card and the removal dialog in a real browser: the dialog names the
//! person, takes the focus on "cancel", closes on Escape and gives the focus back. The
//! account holder's own card has no remove button.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use careway::account::parts::patient_card::PatientCard;
use careway::app::router::Router;
use careway::ui::dialog::ConfirmDialog;
use careway_core::api::account::{Patient, Relation};
use careway_core::identity::Sex;
use careway_core::locale::Lang;
use common::{click, find, fresh_root, get, key_down, settle, text};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn child() -> Patient {
    Patient {
        id: "p-1".into(),
        name: "王小明".into(),
        sex: Sex::Male,
        birth_date: "2015-06-01".into(),
        id_number_masked: "440***********0019".into(),
        phone_masked: "139****5678".into(),
        relation: Relation::Child,
        medical_card_masked: None,
        is_default: false,
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    removed: Rc<Cell<u32>>,
}

#[component]
fn List(props: &ListProps) -> Html {
    let asking = use_state(|| false);
    let at = Some((AttrValue::from("/me"), AttrValue::default()));
    let on_remove = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(true))
    };
    let on_cancel = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(false))
    };
    let on_confirm = {
        let asking = asking.clone();
        let removed = props.removed.clone();
        Callback::from(move |()| {
            removed.set(removed.get() + 1);
            asking.set(false);
        })
    };
    html! {
        <Router {at}>
            <PatientCard patient={child()} age={Some(11)} lang={Lang::ZhCn}
                on_default={Callback::noop()} {on_remove} />
            if *asking {
                <ConfirmDialog title="删除就诊人" message="确定要删除就诊人“王小明”吗？"
                    confirm_label="删除" cancel_label="取消" {on_confirm} {on_cancel} />
            }
        </Router>
    }
}

#[wasm_bindgen_test]
async fn the_card_shows_masked_identifiers_and_the_dialog_handles_the_focus() {
    let root = fresh_root();
    let removed = Rc::new(Cell::new(0));
    let app = yew::Renderer::<List>::with_root_and_props(
        root.clone(),
        ListProps {
            removed: removed.clone(),
        },
    )
    .render();
    settle().await;

    assert_eq!(text(&root, "h3"), "王小明");
    let card = root.text_content().unwrap_or_default();
    assert!(card.contains("子女"));
    assert!(card.contains("男 · 11 岁"));
    assert!(card.contains("440***********0019"));
    assert!(find(&root, ".tag.default").is_none(), "not the default");
    assert!(card.contains("设为默认"), "so it can become the default");
    let edit = get(&root, "a[href='/me/patients/p-1/edit']");
    assert_eq!(
        edit.get_attribute("aria-label").as_deref(),
        Some("编辑就诊人 王小明")
    );

    let remove = get(&root, "button[aria-label='删除就诊人 王小明']");
    wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&remove)
        .focus()
        .expect("focusable");
    click(&remove);
    settle().await;
    let dialog = get(&root, "[role='alertdialog']");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert!(text(&root, "#dialog-message").contains("王小明"));
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .expect("something has the focus");
    assert_eq!(
        focused.text_content().as_deref(),
        Some("取消"),
        "the safe answer"
    );

    key_down(&dialog, "Escape");
    settle().await;
    assert!(
        find(&root, "[role='alertdialog']").is_none(),
        "Escape cancels"
    );
    assert_eq!(removed.get(), 0);
    assert_eq!(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.get_attribute("aria-label"))
            .as_deref(),
        Some("删除就诊人 王小明"),
        "the focus is back on the button that opened it"
    );

    click(&get(&root, "button[aria-label='删除就诊人 王小明']"));
    settle().await;
    let buttons = get(&root, "[role='alertdialog'] .actions");
    let confirm = buttons
        .query_selector("button:last-child")
        .expect("a selector")
        .expect("the confirm button");
    click(&confirm);
    settle().await;
    assert_eq!(removed.get(), 1);
    app.destroy();
}

#[derive(Properties, PartialEq)]
struct OneProps {
    patient: Patient,
}

#[component]
fn One(props: &OneProps) -> Html {
    let at = Some((AttrValue::from("/me"), AttrValue::default()));
    html! {
        <Router {at}>
            <PatientCard patient={props.patient.clone()} lang={Lang::ZhCn}
                on_default={Callback::noop()} on_remove={Callback::noop()} />
        </Router>
    }
}

#[wasm_bindgen_test]
async fn the_account_holder_cannot_be_removed() {
    let root = fresh_root();
    let holder = Patient {
        id: "p-0".into(),
        name: "李华".into(),
        relation: Relation::Myself,
        ..child()
    };
    let app = yew::Renderer::<One>::with_root_and_props(root.clone(), OneProps { patient: holder })
        .render();
    settle().await;
    assert!(root.text_content().unwrap_or_default().contains("本人"));
    assert!(
        find(&root, "a[href='/me/patients/p-0/edit']").is_some(),
        "editable"
    );
    assert!(
        find(&root, "button[aria-label='删除就诊人 李华']").is_none(),
        "no remove button for the holder"
    );
    app.destroy();

    let root = fresh_root();
    let app =
        yew::Renderer::<One>::with_root_and_props(root.clone(), OneProps { patient: child() })
            .render();
    settle().await;
    assert!(find(&root, "button[aria-label='删除就诊人 王小明']").is_some());
    app.destroy();
}
