//! The booking rules, each in one place: whether a time window can be booked, whether an
//! appointment can still be cancelled or moved, when to arrive, and the limits a patient
//! and an account are held to; and [`Refusal`], the one way any of them says no, with its
//! words for the patient.
//!
//! Every function here takes plain facts (a window's release and start instants, a
//! patient's counts, the clock's `now` in Unix milliseconds) and returns a decision with
//! its reason. The server's store reads the facts inside its write transaction and asks
//! these functions; the server's handlers and the app show what they answered. Neither
//! side states a rule again.

pub mod reasons;
pub mod refusal;
pub mod rules;

pub use self::reasons::CancelReason;
pub use self::refusal::Refusal;
pub use self::rules::{
    arrival, availability, can_change, change_deadline, check_booking, session_availability,
    BookingFacts, BookingRules, PatientFacts, SameDay, WindowFacts,
};
