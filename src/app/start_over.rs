//! Starting over: what a kiosk does between two patients. The frame's start-over button
//! and idle countdown use it, and so does logging out on a kiosk (a journey's page), which
//! is why it sits beside the frame rather than in it.

use yew::prelude::*;

use crate::app::router::use_navigator;

use super::contexts::display::use_display;
use super::contexts::locale::use_locale;
use super::contexts::session::use_session;
use super::route::Route;

/// A callback that ends the visit: clears the session, returns to the device's language,
/// turns elder mode off and goes to the home page. The kiosk's "start over" button and its
/// idle timeout both use it. Must be used inside the router.
#[hook]
pub fn use_start_over() -> Callback<()> {
    let session = use_session();
    let locale = use_locale();
    let display = use_display();
    let navigator = use_navigator();
    Callback::from(move |()| {
        session.clear();
        locale.reset();
        display.start_over();
        if let Some(navigator) = &navigator {
            navigator.push(&Route::Home);
        }
        if let Some(window) = crate::platform::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    })
}
