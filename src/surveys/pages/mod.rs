//! The surveys pages: one survey ([`survey`]), which needs a login.

pub mod survey;
