//! The page for finding the way inside the hospital (`/navigation`). Not built yet: it says so.

use yew::prelude::*;

use super::not_yet::{NotYet, Service};

/// Says plainly that this service is coming, with the way home and the hospital's phone.
#[component]
pub fn NavigationPage() -> Html {
    html! { <NotYet service={Service::Navigation} /> }
}
