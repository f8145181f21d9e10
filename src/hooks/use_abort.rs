//! Cancelling a component's requests when it goes away.

use web_sys::{AbortController, AbortSignal};
use yew::prelude::*;

use super::use_effect_on::use_effect_on;

/// An abort signal that fires when the component unmounts. Requests a page sends on a
/// button press (log in, save, delete) pass it, so a patient who leaves the page does not
/// leave requests behind that would update a page no longer there.
#[hook]
pub fn use_abort_signal() -> Option<AbortSignal> {
    let controller = use_memo((), |()| crate::platform::abort_controller());
    {
        let controller = controller.clone();
        use_effect_on((), move |()| {
            move || {
                if let Some(controller) = controller.as_ref() {
                    controller.abort();
                }
            }
        });
    }
    controller.as_ref().as_ref().map(AbortController::signal)
}
