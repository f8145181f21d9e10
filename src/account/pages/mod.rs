//! The account journey's pages: logging in (`/login`), the patient's own page (`/me`) and
//! adding or editing a family member (`/me/patients/…`).
//!
//! [`page`] draws the page of an address of this journey; the shell calls it (through
//! [`crate::app::lazy`], which may fetch this journey's code first) and nothing else does.
//! The login page is the exception: the shell draws it itself, as it is where the pages of
//! most journeys send a patient first and so always at hand.

pub mod login;
pub mod me;
pub mod patient_edit;

use yew::prelude::*;

use crate::app::pages::not_found::NotFoundPage;
use crate::app::route::Route;

/// The page of `route`, one of this journey's addresses.
pub fn page(route: Route) -> Html {
    match route {
        Route::Me => html! { <me::MePage /> },
        Route::PatientNew => html! { <patient_edit::PatientEditPage /> },
        Route::PatientEdit { id } => {
            let key = id.clone();
            html! { <patient_edit::PatientEditPage key={key} id={Some(id)} /> }
        }
        _ => html! { <NotFoundPage /> },
    }
}
