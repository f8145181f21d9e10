//! The journeys' pages, until each journey has its own folder. Pages read the contexts
//! (language, display, meta) and hand plain values to the components.

pub mod appointments;
pub mod booking;
pub mod confirm;
pub mod department;
pub mod triage;
