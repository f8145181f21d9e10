//! The honest page of a service that does not work in the app yet.

use stylist::css;
use yew::prelude::*;

use super::button::{button_style, Variant};
use super::icon::{Icon, IconKind};
use super::nav_link::NavLink;
use super::phone_link::PhoneLink;
use crate::app::Route;
use crate::contexts::meta::Phone;

/// The properties of [`ComingSoon`].
#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    /// The service's name, the page's heading.
    pub title: AttrValue,
    /// "Coming soon".
    pub status: AttrValue,
    /// What the patient can do instead.
    pub message: AttrValue,
    /// The label of the link home.
    pub home_label: AttrValue,
    /// The heading above the phone number.
    pub help_label: AttrValue,
    /// The accessible label of the phone link.
    pub phone_label: AttrValue,
    /// The hospital's number, when known.
    #[prop_or_default]
    pub phone: Option<Phone>,
}

/// Says plainly that the service is not here yet, and offers the way home and the phone.
#[component]
pub fn ComingSoon(props: &ComingSoonProps) -> Html {
    let class = css!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .card {
            display: grid;
            justify-items: start;
            gap: var(--sp-3);
            padding: var(--sp-4) var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            box-shadow: var(--shadow);
        }
        & .status {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-2);
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            background: var(--c-notice-soft);
            color: var(--c-notice);
            font-weight: 700;
        }
        & .help {
            display: grid;
            gap: var(--sp-1);
            padding-top: var(--sp-3);
            border-top: var(--border) solid var(--c-border);
            width: 100%;
        }
        & .help p {
            color: var(--c-muted);
        }
        "#
    );
    html! {
        <section {class} aria-labelledby="page-title">
            <h1 id="page-title">{ &props.title }</h1>
            <div class="card">
                <p class="status"><Icon kind={IconKind::Clock} />{ &props.status }</p>
                <p>{ &props.message }</p>
                <NavLink to={Route::Home} class={button_style(Variant::Primary)}>
                    <Icon kind={IconKind::Home} />{ &props.home_label }
                </NavLink>
                if let Some(phone) = &props.phone {
                    <div class="help">
                        <p>{ &props.help_label }</p>
                        <PhoneLink phone={phone.clone()} label={props.phone_label.clone()} />
                    </div>
                }
            </div>
        </section>
    }
}
