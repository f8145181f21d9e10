//! The booking journey: the departments and the symptom guide that suggests one, a
//! department's doctors and their schedules, confirming a booking for a family member,
//! and the account's appointments (cancel, move, check in).
//!
//! [`state`] holds the rules as plain data, tested natively; [`load`] is the one loader
//! every booking page reads through; [`recent`] keeps the departments opened lately on the
//! device; [`pages`] draw the state with [`parts`] and the UI kit. The journey uses the
//! shell's route, contexts and guard, never the frame, and no other journey: the patient
//! picker is its own part, drawn with the UI kit's [`crate::ui::patient`] names.

pub mod load;
pub mod pages;
pub mod parts;
pub mod recent;
pub mod state;
