//! Background work that must not slow a patient's request: delivering messages, creating
//! clinic sessions ahead, and (in demo mode) the simulated hospital day that moves the
//! queues; workflow timers and rule actions later. Started by the server binary, not by
//! [`crate::app`], so tests drive each job step by step.

pub mod outbox;
pub mod schedule;
pub mod simulator;
