//! The shell's own pages: home, the page for unknown addresses, the kiosk switch, and the
//! one "coming soon" page of the services not built yet. The journeys' pages live in their
//! own folders.

pub mod coming_soon;
pub mod home;
pub mod kiosk;
pub mod not_found;
