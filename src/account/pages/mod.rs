//! The account journey's pages: logging in (`/login`), the patient's own page (`/me`) and
//! adding or editing a family member (`/me/patients/…`).

pub mod login;
pub mod me;
pub mod patient_edit;
