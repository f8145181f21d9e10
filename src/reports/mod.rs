//! The reports journey: a family member's lab and imaging reports (`/reports`), one
//! report with every value judged for the member (`/reports/{id}`), one analyte over
//! time as a chart (`/reports/trend`), and who opened the reports (`/reports/reads`).
//!
//! [`state`] holds what the pages work out (how a value, a range and a flag read; the
//! chart's geometry) as plain functions tested natively; [`pages`] draw it with [`parts`]
//! and the UI kit. Reading is all this journey does, so it has no writes and no hooks of
//! its own: each page reads through the shared [`crate::hooks::use_session_fetch`]. It
//! uses the shell's route, contexts and guard, never the frame, and no other journey.
//! Reports are never kept on the device (no local storage; the server says `no-store`).

pub mod pages;
pub mod parts;
pub mod state;
