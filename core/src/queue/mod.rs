//! The live queue's rules, each in one place: who may check in and when, the order of a
//! queue (priority classes, late arrivals behind those on time), which staff action moves a
//! ticket from which status, and the wait estimator with the synthetic day it is judged on.
//!
//! Like the booking rules, these take plain facts (statuses, Unix milliseconds, dates) and
//! answer with a decision; the server's store reads the facts inside its transaction and
//! asks them, the app shows what they answered.

pub mod estimate;
pub mod rules;
pub mod sim;

pub use self::estimate::{Basis, Estimator, WaitEstimate};
pub use self::rules::{
    check_in, is_elderly, next_status, order_key, ticket_number, Action, Arrival, CheckInFacts,
    CheckInRefusal, CheckInRules, QueuePlace,
};
