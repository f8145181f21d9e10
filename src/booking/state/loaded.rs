//! What a booking page loads, named by a [`Load`] and held in a [`Booking`], and how an
//! appointment page was reached right after booking or moving.

use std::cell::RefCell;

use careway_core::api::account::Patient;
use careway_core::api::booking::{Appointment, Department, DoctorSchedule, SlotDetail};
use careway_core::api::triage::BodyArea;

/// What a booking page asks the server for. Every booking page loads through this one
/// request (see [`crate::booking::load::use_booking`]), so the app carries one loader, not one
/// per page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    /// The departments.
    Departments,
    /// The body areas and the departments, and the family members when logged in.
    Triage,
    /// The departments and one department's doctors, and when moving an appointment to
    /// another window and logged in, that appointment (to mark its window; the schedule
    /// shows without it).
    Department {
        /// The department's id.
        id: String,
        /// The appointment being moved, if any.
        moving: Option<String>,
    },
    /// One time window with all the confirmation shows, and the family members, or when
    /// moving, the appointment being moved (needs a login).
    Confirm {
        /// The window's id.
        slot: String,
        /// The appointment being moved to it, if any.
        moving: Option<String>,
    },
    /// The upcoming and the past appointments (needs a login).
    Appointments,
    /// One appointment (needs a login).
    Appointment(String),
}

impl Load {
    /// Whether the request needs a logged-in account: it waits for one.
    pub fn needs_account(&self) -> bool {
        matches!(
            self,
            Load::Confirm { .. } | Load::Appointments | Load::Appointment(_)
        )
    }
}

/// What a booking page loaded; the parts it did not ask for stay empty.
#[derive(Debug, Default, PartialEq)]
pub struct Booking {
    /// Every department.
    pub departments: Vec<Department>,
    /// One department's doctors with their schedules.
    pub doctors: Vec<DoctorSchedule>,
    /// The time window being confirmed.
    pub slot: Option<SlotDetail>,
    /// The body areas of the symptom guide.
    pub areas: Vec<BodyArea>,
    /// The account's family members, default first, when asked for and logged in.
    pub patients: Option<Vec<Patient>>,
    /// Upcoming appointments, or the one asked for (or being moved).
    pub appointments: Vec<Appointment>,
    /// Past and cancelled appointments.
    pub past: Vec<Appointment>,
    /// Whether the request waited for a login that has not happened (yet).
    pub waiting: bool,
}

impl Booking {
    /// The department with this id.
    pub fn department(&self, id: &str) -> Option<&Department> {
        find_department(&self.departments, id)
    }
}

/// The department with this id in a list.
pub fn find_department<'a>(departments: &'a [Department], id: &str) -> Option<&'a Department> {
    departments.iter().find(|d| d.id == id)
}

/// How an appointment page was reached, for the banner that says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Just booked.
    Booked,
    /// Just moved from another window.
    Rescheduled,
}

/// What the confirmation hands the appointment page it opens: how it got there and the
/// appointment as the server answered the booking or the move. Kept in the history entry
/// (in memory), so reloading the page later neither repeats the banner nor finds a stale
/// appointment.
#[derive(Debug)]
pub struct Arrived {
    /// Booked or moved.
    pub how: Arrival,
    /// The server's answer, until the first page showing this entry takes it; a later
    /// visit to the entry (Back, Forward) asks the server again.
    appointment: RefCell<Option<Appointment>>,
}

impl Arrived {
    /// The confirmation's answer `appointment`, reached `how`.
    pub fn new(how: Arrival, appointment: Appointment) -> Arrived {
        Arrived {
            how,
            appointment: RefCell::new(Some(appointment)),
        }
    }

    /// The appointment as answered, for the first page to show it only.
    pub fn take_appointment(&self) -> Option<Appointment> {
        self.appointment.borrow_mut().take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_needs_a_login_waits_for_one() {
        assert!(Load::Confirm {
            slot: "x".into(),
            moving: None
        }
        .needs_account());
        assert!(Load::Appointment("x".into()).needs_account());
        assert!(!Load::Triage.needs_account());
        let department = |moving: Option<&str>| Load::Department {
            id: "x".into(),
            moving: moving.map(str::to_owned),
        };
        assert!(!department(None).needs_account());
        assert!(
            !department(Some("a1")).needs_account(),
            "the schedule shows without it"
        );
        assert!(Booking::default().department("neurology").is_none());
    }
}
