//! The pieces the account pages are drawn with: a family member's card, the member form,
//! the kiosk keypad and the demo server's login aid. Props in, callbacks out.

pub mod demo_aid;
pub mod keypad;
pub mod patient_card;
pub mod patient_editor;
