//! The queue pages: the account's queue ([`queue`], needs a login) and an area's wall
//! display ([`board`], public).
//!
//! [`page`] draws the page of an address of this journey; the shell calls it (through
//! [`crate::app::lazy`], which may fetch this journey's code first) and nothing else does.

pub mod board;
pub mod queue;

use yew::prelude::*;

use crate::app::pages::not_found::NotFoundPage;
use crate::app::route::Route;

/// The page of `route`, one of this journey's addresses.
pub fn page(route: Route) -> Html {
    match route {
        Route::Queue => html! { <queue::QueuePage /> },
        Route::Board { area } => {
            let key = area.clone();
            html! { <board::BoardPage {key} area={AttrValue::from(area)} /> }
        }
        _ => html! { <NotFoundPage /> },
    }
}
