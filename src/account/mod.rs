//! The account journey: logging in (by phone, or on a kiosk by medical card with the
//! on-screen keypad), the account's own page and its family members ("就诊人").
//!
//! [`state`] holds the rules as plain data with reducers, tested natively; [`pages`] send
//! the requests (through the hooks) and draw the state with [`parts`] and the UI kit. The
//! journey uses the shell's route, contexts and guard; no other journey imports it (how a
//! member is named on screen, which booking needs too, is the UI kit's
//! [`crate::ui::patient`]).

pub mod pages;
pub mod parts;
pub mod state;
