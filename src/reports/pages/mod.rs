//! The reports pages, one per address: the list ([`list`]), one report ([`report`]), a
//! trend ([`trend`]) and who viewed them ([`reads`]). Each needs a login.
//!
//! [`page`] draws the page of an address of this journey; the shell calls it (through
//! [`crate::app::lazy`], which may fetch this journey's code first) and nothing else does.

pub mod list;
pub mod reads;
pub mod report;
pub mod trend;

use yew::prelude::*;

use crate::app::pages::not_found::NotFoundPage;
use crate::app::route::Route;

/// The page of `route`, one of this journey's addresses.
pub fn page(route: Route) -> Html {
    match route {
        Route::Reports => html! { <list::ReportsPage /> },
        Route::ReportTrend => html! { <trend::TrendPage /> },
        Route::ReportReads => html! { <reads::ReadsPage /> },
        Route::Report { id } => {
            let key = id.clone();
            html! { <report::ReportPage {key} id={AttrValue::from(id)} /> }
        }
        _ => html! { <NotFoundPage /> },
    }
}
