//! The surveys journey: one survey or follow-up questionnaire (`/surveys/{id}`, linked from
//! the inbox), filled in, looked over and sent; and once sent, the thanks and the
//! hospital's follow-up of a complaint the answers opened.
//!
//! [`state`] holds the survey being filled in as a reducer over the shared questionnaire
//! engine ([`careway_core::questionnaire`]: enableWhen, checks, progress), tested natively;
//! [`draft`] keeps the answers on the device until they are sent; [`parts`] draw any
//! FHIR Questionnaire with the UI kit; [`pages`] fetch the survey and send the answers
//! through [`crate::api::surveys`]. The journey uses the shell's route, contexts and guard,
//! never the frame, and no other journey.

pub mod draft;
pub mod pages;
pub mod parts;
pub mod state;
