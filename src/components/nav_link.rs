//! A link to a page of the app that can say it is the current page.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

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
    /// What the link says.
    pub children: Html,
}

/// An `<a>` with a real `href` (so it can be opened in a new tab or read by a screen
/// reader) that navigates inside the app on a plain click. yew-router's `Link` cannot carry
/// `aria-current`, hence this.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let to = props.to;
    let onclick = Callback::from(move |e: MouseEvent| {
        let modified = e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key();
        if let (false, Some(navigator)) = (modified, &navigator) {
            e.prevent_default();
            navigator.push(&to);
        }
    });
    html! {
        <a href={to.to_path()} class={props.class.clone()} {onclick}
            aria-current={props.current.then_some("page")}>
            { props.children.clone() }
        </a>
    }
}
