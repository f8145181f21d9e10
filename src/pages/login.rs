//! The page for logging in with phone and one-time code (`/login`). Not built yet: it says so.

use yew::prelude::*;

use super::not_yet::{NotYet, Service};

/// Says plainly that this service is coming, with the way home and the hospital's phone.
#[component]
pub fn LoginPage() -> Html {
    html! { <NotYet service={Service::Login} /> }
}
