//! Schedules to test the booking rules with: dates, windows, clinics, a doctor and an
//! appointment.

use careway_core::api::booking::{
    Appointment, AppointmentStatus, Arrival, Availability, Department, Doctor, DoctorSchedule,
    DoctorTitle, Period, SessionView, SlotView, VisitType,
};
use careway_core::api::LocalText;
use careway_core::booking::session_availability;
use careway_core::identity::CivilDate;

pub fn date(s: &str) -> CivilDate {
    CivilDate::parse(s).expect("a date")
}

pub fn slot(id: &str, availability: Availability, remaining: u32) -> SlotView {
    SlotView {
        id: id.into(),
        start: "08:00".into(),
        end: "08:30".into(),
        remaining,
        capacity: 3,
        availability,
    }
}

pub fn session(date: &str, period: Period, slots: Vec<SlotView>) -> SessionView {
    let states: Vec<Availability> = slots.iter().map(|s| s.availability).collect();
    SessionView {
        id: format!("{date}-{}", period.as_str()),
        date: date.into(),
        period,
        visit_type: VisitType::Regular,
        fee_fen: 1000,
        remaining: slots.iter().map(|s| s.remaining).sum(),
        capacity: 3 * slots.len() as u32,
        availability: session_availability(&states),
        release_at: "2026-11-30T23:00:00Z".into(),
        stop_reason: None,
        slots,
    }
}

pub fn schedule(sessions: Vec<SessionView>) -> DoctorSchedule {
    DoctorSchedule {
        doctor: Doctor {
            id: "d1".into(),
            department: "neurology".into(),
            name: LocalText {
                zh: "周明".into(),
                en: "Zhou Ming".into(),
            },
            title: DoctorTitle::Chief,
            specialties: LocalText::default(),
            bio: LocalText::default(),
        },
        next_available: None,
        remaining: 0,
        sessions,
    }
}

pub fn appointment(doctor: &Doctor, date: &str, start: &str, end: &str) -> Appointment {
    Appointment {
        id: "ap1".into(),
        status: AppointmentStatus::Booked,
        patient_id: "p1".into(),
        patient_name: "王秀英".into(),
        department: Department {
            id: doctor.department.clone(),
            name: LocalText::default(),
            description: LocalText::default(),
            location: "b1".into(),
            location_label: LocalText::default(),
            pinyin: String::new(),
            bookable: true,
            instructions: Vec::new(),
        },
        doctor: doctor.clone(),
        date: date.into(),
        period: Period::Morning,
        window_start: start.into(),
        window_end: end.into(),
        starts_at: String::new(),
        ends_at: String::new(),
        visit_type: VisitType::Regular,
        fee_fen: 1000,
        check_in_code: String::new(),
        arrival: Arrival {
            arrive_from: start.into(),
            arrive_by: start.into(),
            instruction: LocalText::default(),
        },
        instructions: Vec::new(),
        changeable_until: String::new(),
        changeable: true,
        cancel_reason: None,
        rescheduled_to: None,
        created_at: String::new(),
    }
}
