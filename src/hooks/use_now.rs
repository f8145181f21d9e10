//! A clock for countdowns on screen.

use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::use_effect_on::use_effect_on;

/// How often a running countdown re-renders; twice a second keeps its seconds even.
const TICK_MS: u32 = 500;

/// The time now (milliseconds since the epoch), re-rendering the component twice a second
/// while `running` (a resend countdown), and not at all otherwise.
#[hook]
pub fn use_now(running: bool) -> f64 {
    let now = use_state(crate::platform::now_ms);
    {
        let now = now.clone();
        use_effect_on(running, move |&running| {
            let interval = running.then(|| {
                now.set(crate::platform::now_ms());
                Interval::new(TICK_MS, move || now.set(crate::platform::now_ms()))
            });
            move || drop(interval)
        });
    }
    // The state only makes the component render again; any render reads the real time.
    crate::platform::now_ms()
}
