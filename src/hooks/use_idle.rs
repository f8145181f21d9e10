//! Watches a kiosk for touches and counts down to starting over when nobody uses it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::idle::{phase, IdlePhase};

/// The inputs that count as someone using the kiosk.
const INPUT_EVENTS: [&str; 5] = ["pointerdown", "touchstart", "keydown", "wheel", "input"];

/// How often the clock is checked; twice a second keeps the countdown's seconds even.
const TICK_MS: u32 = 500;

/// The countdown and the way to stop it.
#[derive(Clone, Debug, PartialEq)]
pub struct UseIdleHandle {
    /// Seconds until starting over while the warning shows; `None` while someone is active.
    pub seconds_left: Option<u32>,
    /// Counts as input: hides the warning and restarts the idle time.
    pub keep_going: Callback<()>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Calls `on_expire` after `idle_seconds` without input while `enabled`, showing
/// [`UseIdleHandle::seconds_left`] during the last stretch (see [`crate::idle`]).
///
/// Any pointer, touch, key or wheel input anywhere on the page restarts the idle time. After
/// expiring, the count starts afresh.
#[hook]
pub fn use_idle(enabled: bool, idle_seconds: u32, on_expire: Callback<()>) -> UseIdleHandle {
    let last_input = use_mut_ref(now);
    let seconds_left = use_state_eq(|| None::<u32>);
    // The latest callback, read when time is up, so a new callback does not restart the count.
    let on_expire_ref = use_mut_ref(Callback::noop);
    *on_expire_ref.borrow_mut() = on_expire;

    {
        let last_input = last_input.clone();
        let seconds_left = seconds_left.clone();
        use_effect_with((enabled, idle_seconds), move |&(enabled, idle_seconds)| {
            let mut guards: Option<(Vec<EventListener>, Interval)> = None;
            if !enabled {
                seconds_left.set(None);
            } else if let Some(window) = web_sys::window() {
                *last_input.borrow_mut() = now();
                let listeners = INPUT_EVENTS
                    .iter()
                    .map(|&event| {
                        let last_input = last_input.clone();
                        let seconds_left = seconds_left.clone();
                        EventListener::new_with_options(
                            &window,
                            event,
                            EventListenerOptions::run_in_capture_phase(),
                            move |_| {
                                *last_input.borrow_mut() = now();
                                seconds_left.set(None);
                            },
                        )
                    })
                    .collect();
                let interval = Interval::new(TICK_MS, move || {
                    tick(&last_input, &seconds_left, &on_expire_ref, idle_seconds);
                });
                guards = Some((listeners, interval));
            }
            // Dropping the listeners and the interval removes them.
            move || drop(guards)
        });
    }

    let keep_going = {
        let last_input = last_input.clone();
        let seconds_left = seconds_left.clone();
        use_callback((), move |(), ()| {
            *last_input.borrow_mut() = now();
            seconds_left.set(None);
        })
    };
    UseIdleHandle {
        seconds_left: *seconds_left,
        keep_going,
    }
}

fn tick(
    last_input: &Rc<RefCell<f64>>,
    seconds_left: &UseStateHandle<Option<u32>>,
    on_expire: &Rc<RefCell<Callback<()>>>,
    idle_seconds: u32,
) {
    let elapsed = now() - *last_input.borrow();
    match phase(elapsed, idle_seconds) {
        IdlePhase::Active => seconds_left.set(None),
        IdlePhase::Warning { seconds_left: n } => seconds_left.set(Some(n)),
        IdlePhase::Expired => {
            *last_input.borrow_mut() = now();
            seconds_left.set(None);
            let on_expire = on_expire.borrow().clone();
            on_expire.emit(());
        }
    }
}
