//! The bar at the top of every page: whose app this is, and the display controls.

use yew::prelude::*;

use super::progress::skeleton;

/// The properties of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The label of the skip link ("Skip to main content").
    pub skip_label: AttrValue,
    /// The hospital's name; a skeleton while `loading`, else `fallback`.
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// Whether the name is still loading.
    #[prop_or_default]
    pub loading: bool,
    /// What to show when the name is unknown (the app's own name).
    pub fallback: AttrValue,
    /// The controls on the right (language, large text, start over).
    pub children: Html,
}

/// The page header (`<header>` landmark). Its first child is the skip link to `main#main`,
/// shown only while focused: inside the banner landmark, so no content sits outside one.
/// When the name and the controls do not fit on
/// one line (large text, English, a narrow phone) the controls move to a second line
/// rather than squeezing the name.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let class = crate::style!(
        r#"
        position: sticky;
        top: 0;
        z-index: 10;
        background: var(--c-surface);
        border-bottom: var(--border) solid var(--c-border);
        padding-top: env(safe-area-inset-top);
        & .skip {
            position: absolute;
            left: var(--sp-2);
            top: var(--sp-2);
            z-index: 100;
            padding: var(--sp-2) var(--sp-3);
            background: var(--c-surface);
            color: var(--c-primary);
            font-weight: 700;
            border-radius: var(--radius-s);
            transform: translateY(-200%);
        }
        & .skip:not(:focus) {
            clip-path: inset(50%);
        }
        & .skip:focus {
            transform: none;
        }
        & .inner {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--sp-2);
            max-width: var(--content-max);
            margin: 0 auto;
            padding: var(--sp-2) var(--sp-3);
        }
        & .brand {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
            flex: 1 1 7em;
            min-width: 0;
        }
        & .mark {
            flex: none;
            width: calc(var(--fs-title) * 1.6);
            height: calc(var(--fs-title) * 1.6);
        }
        & .mark rect {
            fill: var(--c-primary);
        }
        & .mark path {
            fill: var(--c-on-primary);
        }
        & .name {
            display: -webkit-box;
            -webkit-box-orient: vertical;
            -webkit-line-clamp: 2;
            overflow: hidden;
            min-width: 0;
            font-size: var(--fs-title);
            font-weight: 700;
            line-height: 1.25;
        }
        & .actions button[aria-pressed="true"] {
            background: var(--c-primary);
            color: var(--c-on-primary);
            border-color: var(--c-primary);
        }
        & .actions {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
            flex: none;
            margin-inline-start: auto;
        }
        "#
    );
    let name = match (&props.name, props.loading) {
        (Some(name), _) => html! { <span class="name">{ name }</span> },
        (None, true) => skeleton("9em", "1.2em"),
        (None, false) => html! { <span class="name">{ &props.fallback }</span> },
    };
    html! {
        <header {class}>
            <a class="skip" href="#main">{ &props.skip_label }</a>
            <div class="inner">
                <div class="brand">
                    { mark() }
                    { name }
                </div>
                <div class="actions">{ props.children.clone() }</div>
            </div>
        </header>
    }
}

/// The app's mark: a white cross on the hospital teal, the same as the home-screen icon.
fn mark() -> Html {
    html! {
        <svg class="mark" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
            <rect width="48" height="48" rx="12" />
            <path d="M19 10h10v9h9v10h-9v9H19v-9h-9V19h9z" />
        </svg>
    }
}
