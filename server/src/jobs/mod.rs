//! Background work that must not slow a patient's request: delivering messages now;
//! workflow timers and rule actions later. Started by the server binary, not by
//! [`crate::app`], so tests drive each job step by step.

pub mod outbox;
pub mod schedule;
