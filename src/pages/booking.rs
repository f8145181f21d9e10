//! The page for booking an appointment (`/booking`). Not built yet: it says so.

use yew::prelude::*;

use super::not_yet::{NotYet, Service};

/// Says plainly that this service is coming, with the way home and the hospital's phone.
#[component]
pub fn BookingPage() -> Html {
    html! { <NotYet service={Service::Booking} /> }
}
