//! The account journey's rules as plain data: the login flow, the family list and its
//! member form, and the kiosk keypad. Each changes only through its actions, so the rules are tested
//! natively.

pub mod family;
pub mod keypad;
pub mod login;
pub mod patient_form;
