//! One page per route. Pages read the contexts (language, display, meta) and hand plain
//! values to the components.

pub mod appointments;
pub mod booking;
pub mod confirm;
pub mod department;
pub mod home;
pub mod inbox;
pub mod kiosk;
pub mod login;
pub mod me;
pub mod navigation;
pub mod not_found;
pub mod not_yet;
pub mod patient_edit;
pub mod queue;
pub mod reports;
pub mod triage;
