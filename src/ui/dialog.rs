//! A modal question with two answers: confirm or cancel.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::button::{Button, Variant};
use crate::hooks::use_effect_on;

/// The properties of [`ConfirmDialog`].
#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    /// The dialog's heading.
    pub title: AttrValue,
    /// The question, naming what it is about.
    pub message: AttrValue,
    /// The confirming button ("Remove").
    pub confirm_label: AttrValue,
    /// The cancelling button ("Cancel").
    pub cancel_label: AttrValue,
    /// Confirmed.
    pub on_confirm: Callback<()>,
    /// Cancelled (the button, Escape, or a tap outside).
    pub on_cancel: Callback<()>,
    /// The confirmed action is running.
    #[prop_or_default]
    pub busy: bool,
    /// More to fill in before answering (an optional reason), between the question and
    /// the answers.
    #[prop_or_default]
    pub children: Html,
}

/// A modal dialog (`role="alertdialog"`, `aria-modal`) for questions that need an
/// answer before going on. It takes the focus on its safe answer (cancel), keeps Tab
/// inside itself, closes on Escape, and gives the focus back to where it was when it
/// closes.
#[component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let class = crate::style!(
        r#"
        position: fixed;
        inset: 0;
        z-index: 1000;
        display: grid;
        place-items: center;
        padding: var(--sp-3);
        background: rgba(11, 17, 22, 0.6);
        & .dialog {
            display: grid;
            gap: var(--sp-3);
            width: min(100%, 32em);
            padding: var(--sp-4);
            background: var(--c-surface);
            border-radius: var(--radius);
            box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3);
        }
        & .actions {
            display: flex;
            flex-wrap: wrap;
            justify-content: flex-end;
            gap: var(--sp-2);
        }
        & .actions button {
            flex: 1 1 8em;
        }
        & .danger {
            background: var(--c-danger);
        }
        "#
    );
    let dialog = use_node_ref();
    let cancel = use_node_ref();
    {
        let cancel = cancel.clone();
        use_effect_on((), move |()| {
            let before = crate::platform::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(cancel) = cancel.cast::<HtmlElement>() {
                let _ = cancel.focus();
            }
            move || {
                // Back to the button that opened the dialog, if it is still there.
                if let Some(before) = before.filter(|e| e.is_connected()) {
                    let _ = before.focus();
                }
            }
        });
    }
    let onkeydown = {
        let on_cancel = props.on_cancel.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_cancel.emit(());
            }
            "Tab" => trap_tab(&dialog, &e),
            _ => {}
        })
    };
    let on_backdrop = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |e: MouseEvent| {
            if e.target() == e.current_target() {
                on_cancel.emit(());
            }
        })
    };
    html! {
        <div {class} onclick={on_backdrop}>
            <div class="dialog" role="alertdialog" aria-modal="true" ref={dialog}
                aria-labelledby="dialog-title" aria-describedby="dialog-message" {onkeydown}>
                <h2 id="dialog-title">{ &props.title }</h2>
                <p id="dialog-message">{ &props.message }</p>
                { props.children.clone() }
                <div class="actions">
                    <Button variant={Variant::Secondary} node_ref={cancel}
                        onclick={props.on_cancel.clone()}>
                        { &props.cancel_label }
                    </Button>
                    <Button class="danger" busy={props.busy} onclick={props.on_confirm.clone()}>
                        { &props.confirm_label }
                    </Button>
                </div>
            </div>
        </div>
    }
}

/// Keeps Tab and Shift+Tab cycling through the dialog's fields and buttons.
fn trap_tab(dialog: &NodeRef, e: &KeyboardEvent) {
    let Some(dialog) = dialog.cast::<HtmlElement>() else {
        return;
    };
    let Ok(stops) = dialog.query_selector_all("input, textarea, button") else {
        return;
    };
    let (Some(first), Some(last)) = (
        stops.get(0),
        stops.length().checked_sub(1).and_then(|i| stops.get(i)),
    ) else {
        return;
    };
    let active = crate::platform::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(web_sys::Node::from);
    let (edge, wrap_to) = if e.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if active.as_ref() == Some(&edge) || active.as_ref().is_none_or(|a| !dialog.contains(Some(a))) {
        if let Ok(target) = wrap_to.dyn_into::<HtmlElement>() {
            e.prevent_default();
            let _ = target.focus();
        }
    }
}
