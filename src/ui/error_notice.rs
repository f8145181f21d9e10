//! A failure, said plainly, with the ways forward: try again, or call the hospital.

use yew::prelude::*;

use super::button::{Button, Variant};
use super::icon::IconKind;
use super::phone_link::phone_link;
use super::phone_link::Phone;

/// The properties of [`ErrorNotice`].
#[derive(Properties, PartialEq)]
pub struct ErrorNoticeProps {
    /// What could not be done.
    pub title: AttrValue,
    /// Why, in the patient's words.
    pub message: AttrValue,
    /// The label of the retry button.
    pub retry_label: AttrValue,
    /// Tries again; no button without it.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
    /// The hospital's number, when known.
    #[prop_or_default]
    pub phone: Option<Phone>,
    /// The accessible label of the phone link.
    #[prop_or_default]
    pub phone_label: AttrValue,
}

/// An error box, announced to screen readers as it appears.
#[component]
pub fn ErrorNotice(props: &ErrorNoticeProps) -> Html {
    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-2);
        padding: var(--sp-3);
        border-radius: var(--radius);
        background: var(--c-danger-soft);
        border: var(--border) solid var(--c-danger);
        border-left-width: 6px;
        & h2 {
            font-size: var(--fs-title);
            color: var(--c-danger);
        }
        & .actions {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--sp-2) var(--sp-4);
            margin-top: var(--sp-1);
        }
        "#
    );
    html! {
        <div {class} role="alert">
            <h2>{ &props.title }</h2>
            <p>{ &props.message }</p>
            <div class="actions">
                if let Some(on_retry) = &props.on_retry {
                    <Button onclick={on_retry.clone()} variant={Variant::Primary} icon={IconKind::Retry}>
                        { &props.retry_label }
                    </Button>
                }
                if let Some(phone) = &props.phone {
                    { phone_link(phone, &props.phone_label) }
                }
            </div>
        </div>
    }
}
