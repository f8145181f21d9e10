//! The page for surveys, follow-up questionnaires and messages (`/inbox`). Not built yet: it says so.

use yew::prelude::*;

use super::not_yet::{NotYet, Service};

/// Says plainly that this service is coming, with the way home and the hospital's phone.
#[component]
pub fn InboxPage() -> Html {
    html! { <NotYet service={Service::Inbox} /> }
}
