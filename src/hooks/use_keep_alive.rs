//! Keeping a kiosk session open while someone is using the screen.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use yew::prelude::*;

use super::use_effect_on::use_effect_on;

/// The inputs that count as someone using the screen.
const INPUT_EVENTS: [&str; 3] = ["pointerdown", "keydown", "wheel"];

/// Calls `ping` on input, at most once every `every_seconds` (never while `None`).
///
/// A kiosk session ends on the server after a short time without requests, but a patient
/// reading a page touches the screen without sending any. Pinging the server (any request
/// of the session counts) on their touches keeps the session as long as the kiosk's own
/// idle countdown, which ends it when they leave.
#[hook]
pub fn use_keep_alive(every_seconds: Option<u32>, ping: Callback<()>) {
    // The latest callback, read on input, so a new callback does not re-register listeners.
    let ping_ref = use_mut_ref(Callback::noop);
    *ping_ref.borrow_mut() = ping;
    use_effect_on(every_seconds, move |&every_seconds| {
        let listeners = every_seconds
            .zip(crate::platform::window())
            .map(|(seconds, window)| {
                let every_ms = f64::from(seconds.max(1)) * 1000.0;
                let last = Rc::new(Cell::new(crate::platform::now_ms()));
                INPUT_EVENTS
                    .iter()
                    .map(|&event| {
                        let (last, ping_ref) = (last.clone(), ping_ref.clone());
                        EventListener::new_with_options(
                            &window,
                            event,
                            EventListenerOptions::run_in_capture_phase(),
                            move |_| {
                                let now = crate::platform::now_ms();
                                if now - last.get() >= every_ms {
                                    last.set(now);
                                    let ping = ping_ref.borrow().clone();
                                    ping.emit(());
                                }
                            },
                        )
                    })
                    .collect::<Vec<_>>()
            });
        // Dropping the listeners removes them.
        move || drop(listeners)
    });
}
