//! A link to a page of the app that can say it is the current page.

use yew::prelude::*;

use crate::app::router::use_navigator;

use crate::app::route::Route;

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
    /// A query to open the page with, without `?` and already encoded
    /// (`to=b1-f4-neurology`); `next` wins when both are given.
    #[prop_or_default]
    pub query: Option<AttrValue>,
    /// An accessible name that says more than the visible text; it must contain it.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// What the link says.
    pub children: Html,
}

/// An `<a>` with a real `href` (so it can be opened in a new tab or read by a screen
/// reader) that navigates inside the app on a plain click, and says `aria-current` when it
/// is the page open.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let query = match (&props.next, &props.query) {
        (Some(next), _) => Some(format!(
            "next={}",
            crate::platform::encode_uri_component(next)
        )),
        (None, query) => query.as_ref().map(|q| q.to_string()),
    };
    let href = match &query {
        Some(query) => format!("{}?{query}", props.to.to_path()),
        None => props.to.to_path(),
    };
    let to = props.to.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let modified = e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key();
        if let (false, Some(navigator)) = (modified, &navigator) {
            e.prevent_default();
            match query.as_deref() {
                Some(query) => navigator.push_with_query(&to, query),
                None => navigator.push(&to),
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
