//! The booking journey's rules as plain data, tested natively: what a page loads, the
//! schedule as shown, a booking being sent, and the symptom guide's form.

#[cfg(test)]
mod fixtures;
pub mod loaded;
pub mod refusal;
pub mod schedule;
pub mod triage;
