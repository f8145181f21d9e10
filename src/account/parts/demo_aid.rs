//! The demo server's shortcut on the login page: the demo phone and code, clearly marked
//! as a demo aid, with a one-tap button.

use yew::prelude::*;

use crate::ui::button::{Button, Variant};
use crate::ui::icon::{icon, IconKind};

/// What [`demo_aid`] shows.
#[derive(PartialEq)]
pub struct DemoAidProps {
    /// "Demo aid (shown on the demo server only)".
    pub title: AttrValue,
    /// What to use: "Demo account 138 0013 8000", "Code 246810".
    pub text: AttrValue,
    /// The button's label ("Use it").
    pub use_label: AttrValue,
    /// Fills it in and goes on.
    pub on_use: Callback<()>,
    /// A request is running.
    pub busy: bool,
}

/// A dashed notice box, unlike anything a real patient sees, so nobody takes the demo
/// code for a real one.
///
/// A function rather than a component: it holds no state, and each component type adds
/// its own copy of yew's component machinery to the bundle.
pub fn demo_aid(props: &DemoAidProps) -> Html {
    let class = crate::style!(
        r#"
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--sp-2) var(--sp-3);
        padding: var(--sp-2) var(--sp-3);
        border: 2px dashed var(--c-notice);
        border-radius: var(--radius-s);
        background: var(--c-notice-soft);
        color: var(--c-notice);
        & .text {
            display: grid;
            gap: 2px;
        }
        & .title {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-1);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .value {
            color: var(--c-text);
            font-size: var(--fs-title);
            font-weight: 700;
            font-variant-numeric: tabular-nums;
        }
        "#
    );
    html! {
        <div class={classes!(class, "demo-aid")}>
            <p class="text">
                <span class="title">{ icon(IconKind::Info) }{ &props.title }</span>
                <span class="value">{ &props.text }</span>
            </p>
            <Button variant={Variant::Secondary} busy={props.busy} onclick={props.on_use.clone()}>
                { &props.use_label }
            </Button>
        </div>
    }
}
