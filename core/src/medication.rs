//! Medication reminders: the rules of a plan the hospital's system sends (a drug, its dose,
//! the times of day, from a start date for a number of days) and which doses are due in a
//! stretch of time. Pure and tested natively; the server checks plans with [`check`] and
//! its schedule job asks [`Schedule::due`] what to remind of.

use crate::api::medication::MedicationPlanRequest;
use crate::booking::rules::parse_hhmm;
use crate::problem::FieldCode;

/// The most doses a day a plan may remind of.
pub const MAX_TIMES: usize = 6;
/// The longest plan, in days (a follow-up visit renews it).
pub const MAX_DAYS: u32 = 90;
/// The longest drug or dose text, in characters (Chinese; English may be twice as long).
pub const MAX_TEXT: usize = 60;
/// How late a reminder may still be sent, in minutes: a server that was down sends those
/// it missed within this time, and not older ones, which would only make a patient take a
/// dose twice.
pub const CATCH_UP_MINUTES: u32 = 120;

/// A plan's times and length, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Minutes after midnight, ascending, each once.
    pub times: Vec<u32>,
    /// How many days from the start date, the start date counting as the first.
    pub days: u32,
}

impl Schedule {
    /// The doses due after `after` and up to `upto` (both as a day since the plan's start,
    /// 0 being the start date, and a minute of that day): each as (day, minute), in order.
    /// Days outside the plan have none.
    pub fn due(&self, after: (i64, u32), upto: (i64, u32)) -> Vec<(i64, u32)> {
        let mut out = Vec::new();
        for day in after.0.max(0)..=upto.0.min(i64::from(self.days) - 1) {
            for &minute in &self.times {
                let at = (day, minute);
                if at > after && at <= upto {
                    out.push(at);
                }
            }
        }
        out
    }
}

/// `HH:MM` of a minute of the day.
pub fn hhmm(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Checks a plan's fields (all but the patient, who the server looks up, and the start
/// date, which it parses): every problem, by field.
pub fn check(req: &MedicationPlanRequest) -> Result<Schedule, Vec<(String, FieldCode)>> {
    let mut errors = Vec::new();
    for (field, text, max) in [
        ("drug_zh", &req.drug_zh, MAX_TEXT),
        ("dose_zh", &req.dose_zh, MAX_TEXT),
    ] {
        if text.trim().is_empty() {
            errors.push((field.to_owned(), FieldCode::Required));
        } else if text.chars().count() > max {
            errors.push((field.to_owned(), FieldCode::TooLong));
        }
    }
    for (field, text) in [("drug_en", &req.drug_en), ("dose_en", &req.dose_en)] {
        if text.chars().count() > 2 * MAX_TEXT {
            errors.push((field.to_owned(), FieldCode::TooLong));
        }
    }
    let mut times = Vec::new();
    if req.times.is_empty() {
        errors.push(("times".to_owned(), FieldCode::Required));
    } else if req.times.len() > MAX_TIMES {
        errors.push(("times".to_owned(), FieldCode::OutOfRange));
    }
    for (i, time) in req.times.iter().enumerate() {
        match parse_hhmm(time).filter(|m| *m < 24 * 60) {
            Some(minute) if times.contains(&minute) => {
                errors.push((format!("times[{i}]"), FieldCode::Duplicate));
            }
            Some(minute) => times.push(minute),
            None => errors.push((format!("times[{i}]"), FieldCode::Format)),
        }
    }
    if req.days == 0 || req.days > MAX_DAYS {
        errors.push(("days".to_owned(), FieldCode::OutOfRange));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    times.sort_unstable();
    Ok(Schedule {
        times,
        days: req.days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> MedicationPlanRequest {
        MedicationPlanRequest {
            patient_id: "p".into(),
            drug_zh: "苯磺酸氨氯地平片".into(),
            drug_en: "Amlodipine".into(),
            dose_zh: "每次 1 片（5 mg）".into(),
            dose_en: String::new(),
            times: vec!["20:00".into(), "08:00".into()],
            start_date: "2026-12-01".into(),
            days: 3,
        }
    }

    #[test]
    fn a_good_plan_gives_its_times_in_order() {
        let schedule = check(&request()).unwrap();
        assert_eq!(schedule.times, [8 * 60, 20 * 60]);
        assert_eq!(schedule.days, 3);
        assert_eq!(hhmm(schedule.times[0]), "08:00");
    }

    #[test]
    fn every_problem_is_named_by_field() {
        let mut r = request();
        r.drug_zh = " ".into();
        r.dose_zh = "片".repeat(61);
        r.times = vec![
            "8:00".into(),
            "20:00".into(),
            "20:00".into(),
            "24:00".into(),
        ];
        r.days = 0;
        let errors = check(&r).unwrap_err();
        assert_eq!(
            errors,
            [
                ("drug_zh".to_owned(), FieldCode::Required),
                ("dose_zh".to_owned(), FieldCode::TooLong),
                ("times[0]".to_owned(), FieldCode::Format),
                ("times[2]".to_owned(), FieldCode::Duplicate),
                ("times[3]".to_owned(), FieldCode::Format),
                ("days".to_owned(), FieldCode::OutOfRange),
            ]
        );
        let mut r = request();
        r.times = Vec::new();
        r.days = MAX_DAYS + 1;
        assert_eq!(
            check(&r).unwrap_err(),
            [
                ("times".to_owned(), FieldCode::Required),
                ("days".to_owned(), FieldCode::OutOfRange)
            ]
        );
        let mut r = request();
        r.times = (0..7).map(|h| format!("0{h}:00")).collect();
        assert_eq!(
            check(&r).unwrap_err(),
            [("times".to_owned(), FieldCode::OutOfRange)]
        );
    }

    #[test]
    fn doses_are_due_once_between_two_moments_and_only_within_the_plan() {
        let s = check(&request()).unwrap();
        // The first morning, from midnight to 09:00: the 08:00 dose.
        assert_eq!(s.due((0, 0), (0, 9 * 60)), [(0, 480)]);
        // The next round, 09:00 to 09:05, has nothing; the evening has the 20:00 dose.
        assert!(s.due((0, 540), (0, 545)).is_empty());
        assert_eq!(s.due((0, 545), (0, 20 * 60)), [(0, 1200)]);
        // Exactly at a dose time it is due; the bound before it is exclusive.
        assert_eq!(s.due((1, 479), (1, 480)), [(1, 480)]);
        assert!(s.due((1, 480), (1, 481)).is_empty());
        // Across midnight.
        assert_eq!(s.due((0, 1190), (1, 490)), [(0, 1200), (1, 480)]);
        // Before the start and after the last day: none.
        assert!(s.due((-1, 0), (-1, 1439)).is_empty());
        assert_eq!(s.due((-1, 1439), (0, 480)), [(0, 480)]);
        assert!(s.due((3, 0), (5, 1439)).is_empty());
        assert_eq!(s.due((2, 1000), (3, 600)), [(2, 1200)]);
    }
}
