//! App-wide state, each as a context provider plus a typed handle hook.
//!
//! Every handle derefs to its data and carries the domain methods that change it
//! (`use_locale().set(Lang::En)`, `use_display().toggle_elder()`), so components never
//! reach into a reducer or storage. A handle used outside its provider falls back to the
//! defaults (Chinese, phone mode, no session) instead of panicking. [`prefs`] is what
//! the display and language remember on the device. No context knows a journey: the
//! journeys read these, never the other way round.

pub mod display;
pub mod locale;
pub mod meta;
pub mod prefs;
pub mod session;
pub mod start;
