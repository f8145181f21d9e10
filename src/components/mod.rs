//! The journeys' own parts, until each journey has its folder: props in, callbacks out.

pub mod booking;
pub mod demo_aid;
pub mod keypad;
pub mod patient_card;
pub mod patient_form;
