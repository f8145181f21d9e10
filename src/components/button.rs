//! Buttons and links that look like buttons, at least a touch target in size.

use stylist::css;
use yew::prelude::*;

use super::icon::{Icon, IconKind};

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
    let base = css!(
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
        "#
    );
    let variant = match variant {
        Variant::Primary => css!(
            r#"
            background: var(--c-primary);
            color: var(--c-on-primary);
            &:active {
                background: var(--c-primary-strong);
            }
            "#
        ),
        Variant::Secondary => css!(
            r#"
            background: var(--c-surface);
            color: var(--c-primary);
            border-color: var(--c-border-strong);
            &:active {
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
    /// What happens on a click, tap, Enter or Space.
    pub onclick: Callback<()>,
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

/// A button.
#[component]
pub fn Button(props: &ButtonProps) -> Html {
    let onclick = props.onclick.reform(|_: MouseEvent| ());
    let class = classes!(button_style(props.variant), props.class.clone());
    let pressed = props.pressed.map(|p| if p { "true" } else { "false" });
    html! {
        <button type="button" {class} {onclick} aria-pressed={pressed} ref={props.node_ref.clone()}>
            if let Some(kind) = props.icon {
                <Icon {kind} />
            }
            { props.children.clone() }
        </button>
    }
}
