//! The booking journey's pages, one per route: the departments (`/booking`), the symptom
//! guide (`/booking/triage`), a department's schedule (`/booking/department/{id}`), the
//! confirmation (`/booking/confirm/{slot}`), the appointments (`/appointments`) and one
//! appointment (`/appointments/{id}`).

pub mod appointment;
pub mod appointments;
pub mod confirm;
pub mod department;
pub mod departments;
pub mod triage;
