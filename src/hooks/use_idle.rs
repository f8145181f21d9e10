//! Watches a kiosk for touches and counts down to starting over when nobody uses it.
//!
//! A kiosk in the lobby must not show one patient's screen to the next. After the hospital's
//! idle time (`meta.kiosk_idle_seconds`) without a touch it returns to the start; during the
//! last stretch before that it shows a countdown, so a patient who is still reading can
//! keep going. The arithmetic ([`phase`]) is plain and tested natively; [`use_idle`] runs
//! it on a timer.
use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::use_effect_on::use_effect_on;

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
    crate::platform::now_ms()
}

/// Calls `on_expire` after `idle_seconds` without input while `enabled`, showing
/// [`UseIdleHandle::seconds_left`] during the last stretch (see [`phase`]).
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
        use_effect_on((enabled, idle_seconds), move |&(enabled, idle_seconds)| {
            let mut guards: Option<(Vec<EventListener>, Interval)> = None;
            if !enabled {
                seconds_left.set(None);
            } else if let Some(window) = crate::platform::window() {
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

/// The idle time used when the hospital configures none (zero).
pub const DEFAULT_IDLE_SECONDS: u32 = 90;

/// The longest countdown shown before starting over.
pub const MAX_WARNING_SECONDS: u32 = 30;

/// Where a kiosk is on its way from the last touch to starting over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdlePhase {
    /// Someone touched it recently; nothing to show.
    Active,
    /// The countdown is showing, with this many whole seconds left.
    Warning {
        /// Seconds until the kiosk starts over, at least 1.
        seconds_left: u32,
    },
    /// Time is up: start over now.
    Expired,
}

/// The idle time to use for a configured value (zero means the default).
pub fn effective_idle_seconds(configured: u32) -> u32 {
    if configured == 0 {
        DEFAULT_IDLE_SECONDS
    } else {
        configured
    }
}

/// How long the countdown lasts for an idle time: the last 30 seconds, or the last third
/// when the idle time is short, and at least one second.
pub fn warning_seconds(idle_seconds: u32) -> u32 {
    (effective_idle_seconds(idle_seconds) / 3).clamp(1, MAX_WARNING_SECONDS)
}

/// The phase `elapsed_ms` milliseconds after the last input, for an idle time of
/// `idle_seconds`.
pub fn phase(elapsed_ms: f64, idle_seconds: u32) -> IdlePhase {
    let idle_ms = f64::from(effective_idle_seconds(idle_seconds)) * 1000.0;
    let left_ms = idle_ms - elapsed_ms.max(0.0);
    if left_ms <= 0.0 {
        return IdlePhase::Expired;
    }
    // Whole seconds, rounded up, so the countdown never shows 0 before it is over. The
    // value is at most `idle_seconds`, so it fits in a u32.
    let seconds_left = (left_ms / 1000.0).ceil() as u32;
    if seconds_left <= warning_seconds(idle_seconds) {
        IdlePhase::Warning { seconds_left }
    } else {
        IdlePhase::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_is_30_seconds_or_a_third() {
        assert_eq!(warning_seconds(90), 30);
        assert_eq!(warning_seconds(600), 30);
        assert_eq!(warning_seconds(30), 10);
        assert_eq!(warning_seconds(6), 2);
        assert_eq!(warning_seconds(1), 1);
        assert_eq!(warning_seconds(0), 30, "zero means the default of 90");
    }

    #[test]
    fn phases_follow_the_clock() {
        assert_eq!(phase(0.0, 90), IdlePhase::Active);
        assert_eq!(phase(59_999.0, 90), IdlePhase::Active);
        assert_eq!(phase(60_000.0, 90), IdlePhase::Warning { seconds_left: 30 });
        assert_eq!(phase(60_001.0, 90), IdlePhase::Warning { seconds_left: 30 });
        assert_eq!(phase(89_001.0, 90), IdlePhase::Warning { seconds_left: 1 });
        assert_eq!(phase(90_000.0, 90), IdlePhase::Expired);
        assert_eq!(phase(1e12, 90), IdlePhase::Expired);
    }

    #[test]
    fn short_idle_times_still_warn_first() {
        assert_eq!(phase(0.0, 3), IdlePhase::Active);
        assert_eq!(phase(2_500.0, 3), IdlePhase::Warning { seconds_left: 1 });
        assert_eq!(phase(3_000.0, 3), IdlePhase::Expired);
    }

    #[test]
    fn a_clock_that_goes_backwards_counts_as_fresh_input() {
        assert_eq!(phase(-5_000.0, 90), IdlePhase::Active);
    }
}
