//! The account journey's state as plain data: the login flow, the member form, and the
//! kiosk keypad. Each changes only through its actions, so it is tested natively. The
//! family list's rules (one holder, who cannot be removed) live in core, where the server
//! enforces them too.

pub mod keypad;
pub mod login;
pub mod patient_form;
