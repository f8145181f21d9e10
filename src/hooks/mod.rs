//! Generic hooks that pages and the shell share, whatever the journey: reads
//! ([`use_fetch()`]) and writes ([`use_mutation()`]) with cancellation (patient data also
//! reports a lost session; writes also carry their idempotency key), live server-sent
//! events ([`use_event_source()`]), kiosk idle time and
//! keeping a kiosk session alive, the abort signal of a component, a clock for
//! countdowns, and effects ([`use_effect_on()`]) whose machinery is in the bundle once. A
//! journey's own loader lives in its folder (`booking::load`).

mod use_abort;
mod use_effect_on;
mod use_event_source;
mod use_fetch;
mod use_idle;
mod use_keep_alive;
mod use_mutation;
mod use_now;
mod use_session_fetch;

pub use self::use_abort::use_abort_signal;
pub use self::use_effect_on::use_effect_on;
pub use self::use_event_source::{use_event_source, Connection, UseEventSourceHandle};
pub use self::use_fetch::{use_fetch, use_fetch_from, FetchState, UseFetchHandle};
pub use self::use_idle::{phase, use_idle, IdlePhase, UseIdleHandle, DEFAULT_IDLE_SECONDS};
pub use self::use_keep_alive::use_keep_alive;
pub use self::use_mutation::{
    outcome_unknown, use_mutation, Keys, MutationState, UseMutationHandle,
};
pub use self::use_now::use_now;
pub use self::use_session_fetch::{use_session_fetch, use_session_fetch_from};
