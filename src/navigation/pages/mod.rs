//! The navigation page.
//!
//! [`page`] draws the page of an address of this journey; the shell calls it (through
//! [`crate::app::lazy`], which may fetch this journey's code first) and nothing else does.

pub mod navigation;

use yew::prelude::*;

use crate::app::pages::not_found::NotFoundPage;
use crate::app::route::Route;

/// The page of `route`, one of this journey's addresses.
pub fn page(route: Route) -> Html {
    match route {
        Route::Navigation => html! { <navigation::NavigationPage /> },
        _ => html! { <NotFoundPage /> },
    }
}
