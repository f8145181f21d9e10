//! The inbox journey (`/inbox`): everything the hospital sends an account — report
//! notices now; surveys, reminders, education and complaint updates as they are built.
//! A message opens in place (and is marked read through [`crate::hooks::use_mutation`]),
//! with a link to what it announces. It uses the shell's route, contexts and guard, and
//! no other journey.

pub mod pages;
