//! The inbox journey (`/inbox`): everything the hospital sends an account — report
//! notices, surveys, visit reminders, complaint updates and health education, whose
//! articles open at `/articles/{id}`.
//! A message opens in place (and is marked read through [`crate::hooks::use_mutation`]),
//! with a link to what it announces. It uses the shell's route, contexts and guard, and
//! no other journey.

pub mod pages;
