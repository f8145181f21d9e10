//! The shell's own pages: home, the page for unknown addresses and the kiosk switch. The
//! journeys' pages live in their own folders.

pub mod home;
pub mod kiosk;
pub mod not_found;
