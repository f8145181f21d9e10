//! The booking journey's pages, one per route: the departments (`/booking`), the symptom
//! guide (`/booking/triage`), a department's schedule (`/booking/department/{id}`), the
//! confirmation (`/booking/confirm/{slot}`), the appointments (`/appointments`) and one
//! appointment (`/appointments/{id}`).
//!
//! [`page`] draws the page of an address of this journey; the shell calls it (through
//! [`crate::app::lazy`], which may fetch this journey's code first) and nothing else does.

pub mod appointment;
pub mod appointments;
pub mod confirm;
pub mod department;
pub mod departments;
pub mod triage;

use yew::prelude::*;

use crate::app::pages::not_found::NotFoundPage;
use crate::app::route::Route;

/// The page of `route`, one of this journey's addresses.
pub fn page(route: Route) -> Html {
    match route {
        Route::Booking => html! { <departments::DepartmentsPage /> },
        Route::Triage => html! { <triage::TriagePage /> },
        Route::Department { id } => {
            let key = id.clone();
            html! { <department::DepartmentPage {key} {id} /> }
        }
        Route::Confirm { slot } => {
            let key = slot.clone();
            html! { <confirm::ConfirmPage {key} {slot} /> }
        }
        Route::Appointments => html! { <appointments::AppointmentsPage /> },
        Route::Appointment { id } => {
            let key = id.clone();
            html! { <appointment::AppointmentPage {key} {id} /> }
        }
        _ => html! { <NotFoundPage /> },
    }
}
