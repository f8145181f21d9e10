//! The account journey's rules as plain data: the login flow, the family-member form and
//! the kiosk keypad. Each changes only through its actions, so the rules are tested
//! natively.

pub mod keypad;
pub mod login;
pub mod patient_form;
