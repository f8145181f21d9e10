//! The hospital's phone number as a link that dials it.

use stylist::css;
use yew::prelude::*;

use super::icon::{Icon, IconKind};
use crate::app::contexts::meta::Phone;

/// The properties of [`PhoneLink`].
#[derive(Properties, PartialEq)]
pub struct PhoneLinkProps {
    /// The number.
    pub phone: Phone,
    /// What the link does, read before the number ("Call the hospital").
    pub label: AttrValue,
}

/// A large link that dials the number: a patient the app cannot help always has a next step.
#[component]
pub fn PhoneLink(props: &PhoneLinkProps) -> Html {
    let class = css!(
        r#"
        display: inline-flex;
        align-items: center;
        gap: var(--sp-2);
        min-height: var(--target);
        padding: var(--sp-1) 0;
        font-size: var(--fs-title);
        font-weight: 700;
        color: var(--c-primary);
        text-decoration: none;
        font-variant-numeric: tabular-nums;
        &:hover {
            text-decoration: underline;
        }
        "#
    );
    let aria_label = format!("{} {}", props.label, props.phone.display);
    html! {
        <a {class} href={props.phone.href()} aria-label={aria_label}>
            <Icon kind={IconKind::Phone} />
            <span>{ &props.phone.display }</span>
        </a>
    }
}
