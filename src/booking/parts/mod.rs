//! The pieces the booking pages are drawn with: the date strip, doctors to choose, a day's
//! clinics with their time windows, family members to book for, the summary of a visit,
//! the symptom guide's answers and an appointment in a list.
//!
//! They are plain functions of what to show and the callbacks to call, not components:
//! they hold no state, and the pages that use them keep the bundle small that way. All of
//! them rely on [`style::booking_style`] on an ancestor.

pub mod links;
pub mod schedule;
pub mod style;
pub mod triage;
pub mod visit;
