//! The kiosk's warning before it starts over.

use yew::prelude::*;

use super::button::{Button, Variant};
use crate::hooks::use_effect_on;

/// The properties of [`IdleOverlay`].
#[derive(Properties, PartialEq)]
pub struct IdleOverlayProps {
    /// "Returning to the start".
    pub title: AttrValue,
    /// The countdown sentence, with the seconds left in it.
    pub message: AttrValue,
    /// The seconds left, shown large.
    pub seconds_left: u32,
    /// "Continue".
    pub continue_label: AttrValue,
    /// Keeps the visit going.
    pub on_continue: Callback<()>,
}

/// A modal warning with a big countdown and one button. The button takes the focus, so
/// Enter continues; any touch anywhere counts as activity too.
#[component]
pub fn IdleOverlay(props: &IdleOverlayProps) -> Html {
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
            justify-items: center;
            gap: var(--sp-3);
            width: min(100%, 40em);
            padding: var(--sp-5) var(--sp-4);
            background: var(--c-surface);
            border-radius: var(--radius);
            box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3);
            text-align: center;
        }
        & .count {
            font-size: calc(var(--fs-h1) * 2);
            font-weight: 700;
            line-height: 1;
            color: var(--c-primary);
            font-variant-numeric: tabular-nums;
        }
        & .go {
            min-width: 60%;
            font-size: var(--fs-title);
        }
        "#
    );
    let button = use_node_ref();
    {
        let button = button.clone();
        use_effect_on((), move |()| {
            if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                // Focus failing (an element about to go away) leaves the focus where it was.
                let _ = button.focus();
            }
        });
    }
    html! {
        <div {class}>
            <div class="dialog" role="alertdialog" aria-modal="true"
                aria-labelledby="idle-title" aria-describedby="idle-message">
                <h2 id="idle-title">{ &props.title }</h2>
                <p class="count" aria-hidden="true">{ props.seconds_left }</p>
                <p id="idle-message">{ &props.message }</p>
                <Button class="go" variant={Variant::Primary} node_ref={button}
                    onclick={props.on_continue.clone()}>
                    { &props.continue_label }
                </Button>
            </div>
        </div>
    }
}
