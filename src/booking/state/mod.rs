//! The booking journey's rules as plain data, tested natively: what a page loads, the
//! schedule as shown, for whom a booking is, why one was refused, and the symptom guide's
//! form.

#[cfg(test)]
mod fixtures;
pub mod loaded;
pub mod patient;
pub mod phone;
pub mod refusal;
pub mod schedule;
pub mod triage;
