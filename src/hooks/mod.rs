//! Hooks that pages and the shell share: fetching with cancellation, kiosk idle time, and
//! starting over.

mod use_fetch;
mod use_idle;
mod use_start_over;

pub use self::use_fetch::{use_fetch, FetchState, UseFetchHandle};
pub use self::use_idle::{use_idle, UseIdleHandle};
pub use self::use_start_over::use_start_over;
