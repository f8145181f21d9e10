//! Buttons and links that look like buttons, at least a touch target in size.

use yew::prelude::*;

use super::icon::{icon, IconKind};

/// How prominent a button is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Variant {
    /// The one main action of a screen: filled with the primary colour.
    #[default]
    Primary,
    /// Other actions: outlined.
    Secondary,
}

/// The shared look of [`Button`] and of links styled as buttons (see [`button_style`]).
pub fn button_style(variant: Variant) -> Classes {
    let base = crate::style!(
        r#"
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: var(--sp-2);
        min-height: var(--target);
        min-width: var(--target);
        padding: var(--sp-2) var(--sp-4);
        border-radius: var(--radius-s);
        font-size: var(--fs-body);
        font-weight: 600;
        line-height: 1.25;
        text-align: center;
        text-decoration: none;
        cursor: pointer;
        touch-action: manipulation;
        border: var(--border) solid transparent;
        &[aria-disabled="true"] {
            cursor: not-allowed;
            opacity: 0.6;
        }
        &[aria-busy="true"] {
            cursor: progress;
            opacity: 0.85;
        }
        & .busy {
            width: 1em;
            height: 1em;
            flex: none;
            border-radius: 50%;
            border: 3px solid currentColor;
            border-right-color: transparent;
            animation: cw-spin 0.9s linear infinite;
        }
        "#
    );
    let variant = match variant {
        Variant::Primary => crate::style!(
            r#"
            background: var(--c-primary);
            color: var(--c-on-primary);
            &:active:not([aria-disabled="true"]) {
                background: var(--c-primary-strong);
            }
            "#
        ),
        Variant::Secondary => crate::style!(
            r#"
            background: var(--c-surface);
            color: var(--c-primary);
            border-color: var(--c-border-strong);
            &:active:not([aria-disabled="true"]) {
                background: var(--c-primary-soft);
            }
            "#
        ),
    };
    classes!(base, variant)
}

/// The properties of [`Button`].
#[derive(Properties, PartialEq)]
pub struct ButtonProps {
    /// What the button says.
    pub children: Html,
    /// What happens on a click, tap, Enter or Space (not while busy or disabled). A submit
    /// button may leave it out: its form's `onsubmit` acts.
    #[prop_or_default]
    pub onclick: Callback<()>,
    /// Submits its form (`type="submit"`), so Enter in a field presses it.
    #[prop_or_default]
    pub submit: bool,
    /// A request it started is running: a spinner, `aria-busy`, and taps do nothing.
    #[prop_or_default]
    pub busy: bool,
    /// It cannot be used now (`aria-disabled`, still focusable so a screen reader finds it
    /// and the note saying why, tied with `describedby`).
    #[prop_or_default]
    pub disabled: bool,
    /// An accessible name that says more than the visible text ("Edit 王小明" for
    /// "Edit"); it must contain the visible text.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The id of the text that explains the button (why it is disabled).
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    /// How prominent it is.
    #[prop_or_default]
    pub variant: Variant,
    /// An icon before the text.
    #[prop_or_default]
    pub icon: Option<IconKind>,
    /// `aria-pressed` for buttons that stay on or off.
    #[prop_or_default]
    pub pressed: Option<bool>,
    /// Extra classes (layout only: width, margins).
    #[prop_or_default]
    pub class: Classes,
    /// Where the focus goes (for dialogs that focus their action).
    #[prop_or_default]
    pub node_ref: NodeRef,
}

/// A button. Busy and disabled buttons stay in the tab order (so the focus is not lost
/// while a request runs) but ignore presses.
#[component]
pub fn Button(props: &ButtonProps) -> Html {
    let inert = props.busy || props.disabled;
    let onclick = {
        let callback = props.onclick.clone();
        Callback::from(move |e: MouseEvent| {
            if inert {
                // Also keeps a busy submit button from submitting its form again.
                e.prevent_default();
            } else {
                callback.emit(());
            }
        })
    };
    let class = classes!(button_style(props.variant), props.class.clone());
    let pressed = props.pressed.map(|p| if p { "true" } else { "false" });
    let kind = if props.submit { "submit" } else { "button" };
    html! {
        <button type={kind} {class} {onclick} aria-pressed={pressed} ref={props.node_ref.clone()}
            aria-busy={props.busy.then_some("true")}
            aria-disabled={props.disabled.then_some("true")}
            aria-describedby={props.describedby.clone()} aria-label={props.label.clone()}>
            if props.busy {
                <span class="busy" aria-hidden="true"></span>
            } else if let Some(kind) = props.icon {
                { icon(kind) }
            }
            { props.children.clone() }
        </button>
    }
}
