//! A link to a page of the app that can say it is the current page.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::login::LoginQuery;

/// The properties of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Where it goes.
    pub to: Route,
    /// Whether that is the page shown now (`aria-current="page"`).
    #[prop_or_default]
    pub current: bool,
    /// The link's look.
    #[prop_or_default]
    pub class: Classes,
    /// For links to the login page: the path to return to afterwards (`?next=`).
    #[prop_or_default]
    pub next: Option<AttrValue>,
    /// An accessible name that says more than the visible text; it must contain it.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// What the link says.
    pub children: Html,
}

/// An `<a>` with a real `href` (so it can be opened in a new tab or read by a screen
/// reader) that navigates inside the app on a plain click. yew-router's `Link` cannot carry
/// `aria-current`, hence this.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let mut href = props.to.to_path();
    if let Some(next) = &props.next {
        href = format!("{href}?next={}", js_sys::encode_uri_component(next));
    }
    let to = props.to.clone();
    let next = props.next.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let modified = e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key();
        if let (false, Some(navigator)) = (modified, &navigator) {
            e.prevent_default();
            let query = LoginQuery {
                next: next.as_ref().map(|n| n.to_string()),
            };
            if next.is_none() || navigator.push_with_query(&to, &query).is_err() {
                navigator.push(&to);
            }
        }
    });
    html! {
        <a {href} class={props.class.clone()} {onclick} aria-label={props.label.clone()}
            aria-current={props.current.then_some("page")}>
            { props.children.clone() }
        </a>
    }
}
