//! The inbox page and the education articles its messages lead to.
//!
//! [`page`] draws the page of an address of this journey; the shell calls it (through
//! [`crate::app::lazy`], which may fetch this journey's code first) and nothing else does.

pub mod article;
pub mod inbox;

use yew::prelude::*;

use crate::app::pages::not_found::NotFoundPage;
use crate::app::route::Route;

/// The page of `route`, one of this journey's addresses.
pub fn page(route: Route) -> Html {
    match route {
        Route::Inbox => inbox::inbox_page(),
        Route::Article { id } => {
            let key = id.clone();
            html! { <article::ArticlePage {key} id={AttrValue::from(id)} /> }
        }
        _ => html! { <NotFoundPage /> },
    }
}
