//! Listening to a server-sent event stream (`text/event-stream`) for a component: the
//! latest event's data, decoded, and where the connection stands, so a page can say
//! "reconnecting…" instead of showing old data as if it were live.
//!
//! The browser's `EventSource` does the hard parts itself: on a dropped connection (the
//! server ends each stream after a few minutes) it reconnects and sends `Last-Event-ID`, so
//! the server resumes where it left off. When the server refuses the stream instead (a 401
//! after logout, a 404), the browser gives up; the connection is then
//! [`Connection::Closed`] and the page asks the snapshot's endpoint why, then calls
//! [`UseEventSourceHandle::reconnect`], which waits longer after each refusal in a row.
//!
//! Each event's data is the whole snapshot it changes (the API's rule for streams), so the
//! latest event is the truth and nothing is replayed. As in [`super::use_mutation`], the
//! hook's machinery is untyped (`dyn Any`) and exists once in the bundle; only the
//! decoding is repeated per type.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::use_effect_on::use_effect_on;

/// Where a stream's connection stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Connection {
    /// Opening the stream.
    #[default]
    Connecting,
    /// Open: events arrive as things happen.
    Open,
    /// Lost; the browser is reconnecting by itself.
    Reconnecting,
    /// Refused by the server: the browser gave up (see the module).
    Closed,
}

impl Connection {
    /// Whether events may be missing now (show "reconnecting…").
    pub fn interrupted(self) -> bool {
        matches!(self, Connection::Reconnecting | Connection::Closed)
    }
}

/// The longest wait before opening a refused stream again.
const MAX_BACKOFF_MS: u32 = 60_000;
/// The first wait before opening a refused stream again; doubled after each refusal.
const FIRST_BACKOFF_MS: u32 = 2_000;

/// How long to wait before opening a stream again after `refusals` refusals in a row:
/// 2 s, 4 s, 8 s … at most a minute.
pub fn backoff_ms(refusals: u32) -> u32 {
    FIRST_BACKOFF_MS
        .saturating_mul(1 << refusals.min(8))
        .min(MAX_BACKOFF_MS)
}

/// The latest event and the connection; see [`use_event_source`].
pub struct UseEventSourceHandle<T> {
    /// The latest event's data; `None` until the first one arrives.
    pub data: Option<Rc<T>>,
    /// Where the connection stands.
    pub connection: Connection,
    /// How many events have arrived: a new count is new data (for effects keyed on it).
    pub received: u32,
    reconnect: Callback<()>,
}

impl<T> UseEventSourceHandle<T> {
    /// Opens the stream again after it was [`Connection::Closed`], after a wait that grows
    /// with each refusal in a row; does nothing while it is open or reconnecting by itself.
    pub fn reconnect(&self) {
        self.reconnect.emit(());
    }
}

impl<T> Clone for UseEventSourceHandle<T> {
    fn clone(&self) -> Self {
        UseEventSourceHandle {
            data: self.data.clone(),
            connection: self.connection,
            received: self.received,
            reconnect: self.reconnect.clone(),
        }
    }
}

impl<T> PartialEq for UseEventSourceHandle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.received == other.received
            && self.connection == other.connection
            && self.reconnect == other.reconnect
    }
}

/// Decodes an event's JSON (already parsed by the browser) as a `T`.
type Decode = fn(JsValue) -> Option<Rc<dyn Any>>;

/// `value` as a `T`, type-erased.
fn decode_as<T: DeserializeOwned + 'static>(value: JsValue) -> Option<Rc<dyn Any>> {
    crate::api::json::from_value::<T>(value)
        .ok()
        .map(|data| Rc::new(data) as Rc<dyn Any>)
}

/// Listens to the stream at `url` (a path of this server; `None` listens to nothing) for
/// events named `event` whose data is a `T` in JSON.
///
/// The stream is same-origin, so the browser sends the session cookie with it. It is
/// closed when the component unmounts or `url` changes. An event whose data does not
/// decode is skipped (the next one carries the whole snapshot again).
#[hook]
pub fn use_event_source<T>(url: Option<AttrValue>, event: &'static str) -> UseEventSourceHandle<T>
where
    T: DeserializeOwned + 'static,
{
    let (data, connection, received, reconnect) = use_any_event_source(url, event, decode_as::<T>);
    UseEventSourceHandle {
        data: data.and_then(|data| data.downcast::<T>().ok()),
        connection,
        received,
        reconnect,
    }
}

/// What the stream delivered, and its state between renders.
#[derive(Default)]
struct Latest {
    data: Option<Rc<dyn Any>>,
    connection: Connection,
    received: u32,
    /// Refusals in a row (reset when the stream opens).
    refusals: u32,
    /// The pending reopening after a refusal.
    timer: Option<Timeout>,
    /// Counts openings: each new value opens the stream anew.
    generation: u32,
}

/// [`use_event_source`] without the types.
#[hook]
fn use_any_event_source(
    url: Option<AttrValue>,
    event: &'static str,
    decode: Decode,
) -> (Option<Rc<dyn Any>>, Connection, u32, Callback<()>) {
    let latest = use_mut_ref(Latest::default);
    let update = use_force_update();
    // Each new value opens the stream anew (see `Latest::generation`).
    let generation = use_state(|| 0_u32);
    {
        let (latest, update) = (latest.clone(), update.clone());
        use_effect_on((url, *generation), move |(url, _)| {
            let opened = url
                .as_deref()
                .and_then(|url| open(url, event, decode, &latest, &update));
            move || {
                if let Some((source, listeners)) = opened {
                    source.close();
                    drop(listeners);
                }
            }
        });
    }
    {
        // Nothing left to reopen once the component is gone.
        let latest = latest.clone();
        use_effect_on((), move |()| move || drop(latest.borrow_mut().timer.take()));
    }
    let reconnect = {
        let latest = latest.clone();
        let generation = generation.clone();
        use_callback((), move |(), ()| {
            let mut state = latest.borrow_mut();
            if state.connection != Connection::Closed || state.timer.is_some() {
                return;
            }
            let wait = backoff_ms(state.refusals);
            state.refusals = state.refusals.saturating_add(1);
            let (latest, generation) = (latest.clone(), generation.clone());
            state.timer = Some(Timeout::new(wait, move || {
                let mut state = latest.borrow_mut();
                state.timer = None;
                state.connection = Connection::Connecting;
                state.generation = state.generation.wrapping_add(1);
                let next = state.generation;
                drop(state);
                generation.set(next);
            }));
        })
    };
    let state = latest.borrow();
    (
        state.data.clone(),
        state.connection,
        state.received,
        reconnect,
    )
}

/// Opens the stream and listens to it; `None` where the browser has no `EventSource`.
fn open(
    url: &str,
    event: &'static str,
    decode: Decode,
    latest: &Rc<RefCell<Latest>>,
    update: &UseForceUpdateHandle,
) -> Option<(web_sys::EventSource, [EventListener; 3])> {
    crate::platform::window()?;
    let source = web_sys::EventSource::new(url).ok()?;
    let set = {
        let (latest, update) = (latest.clone(), update.clone());
        move |change: &dyn Fn(&mut Latest)| {
            change(&mut latest.borrow_mut());
            update.force_update();
        }
    };
    let on_open = {
        let set = set.clone();
        EventListener::new(&source, "open", move |_| {
            set(&|state| {
                state.connection = Connection::Open;
                state.refusals = 0;
            });
        })
    };
    let on_error = {
        let (set, target) = (set.clone(), source.clone());
        EventListener::new(&source, "error", move |_| {
            let closed = target.ready_state() == web_sys::EventSource::CLOSED;
            set(&|state| {
                state.connection = if closed {
                    Connection::Closed
                } else {
                    Connection::Reconnecting
                };
            });
        })
    };
    let on_event = EventListener::new(&source, event, move |e| {
        let decoded = e
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .and_then(decode);
        if let Some(data) = decoded {
            set(&|state| {
                state.data = Some(data.clone());
                state.received = state.received.wrapping_add(1);
                // An event proves the stream open, even if `open` was missed.
                state.connection = Connection::Open;
            });
        }
    });
    Some((source, [on_open, on_error, on_event]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_streams_are_reopened_later_each_time() {
        assert_eq!(backoff_ms(0), 2_000);
        assert_eq!(backoff_ms(1), 4_000);
        assert_eq!(backoff_ms(4), 32_000);
        assert_eq!(backoff_ms(5), 60_000);
        assert_eq!(backoff_ms(u32::MAX), 60_000);
        assert!(Connection::Closed.interrupted() && Connection::Reconnecting.interrupted());
        assert!(!Connection::Open.interrupted() && !Connection::Connecting.interrupted());
    }
}
