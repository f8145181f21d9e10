//! The `[queue]` table of `hospital.toml`: when check-in opens, which priority classes the
//! hospital honours, the typical time per patient of a doctor's room (the estimate's
//! starting point until services are observed), and the service points that are not a
//! doctor's room (blood draw, imaging, pharmacy, payment), each with its area, ticket
//! letter and place in the venue. Every key is optional: without the table, clinic rooms
//! queue with the defaults and there are no other points.

use careway_core::api::queue::{PointKind, Priority};
use careway_core::api::LocalText;
use careway_core::queue::CheckInRules;
use serde::Deserialize;

/// How the live queue works at this hospital.
#[derive(Clone, Debug)]
pub struct QueueSettings {
    /// Check-in window and priority classes.
    pub rules: CheckInRules,
    /// The typical minutes per patient in a doctor's room.
    pub clinic_typical_minutes: u32,
    /// Points other than the doctors' rooms.
    pub points: Vec<FixedPoint>,
}

/// A service point that is there every day.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedPoint {
    /// Its id, which is also the board's area unless `area` says otherwise.
    pub id: String,
    /// What it is.
    pub kind: PointKind,
    /// The board area it is shown on.
    #[serde(default)]
    pub area: String,
    /// The letter before its ticket numbers.
    pub prefix: char,
    /// Its name.
    pub name: LocalText,
    /// Where it is.
    pub room: LocalText,
    /// Its place in the venue, for navigation.
    #[serde(default)]
    pub place: Option<String>,
    /// Typical minutes per patient.
    pub typical_minutes: u32,
}

/// The table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QueueEntry {
    check_in_opens_minutes: Option<u32>,
    elderly_age: Option<u32>,
    priorities: Option<Vec<Priority>>,
    clinic_typical_minutes: Option<u32>,
    #[serde(default)]
    points: Vec<FixedPoint>,
}

impl QueueEntry {
    /// The settings, checked; the error names the field.
    pub(super) fn into_settings(self) -> Result<QueueSettings, String> {
        let d = CheckInRules::default();
        let opens = self.check_in_opens_minutes.unwrap_or(60);
        if opens > 24 * 60 {
            return Err("queue.check_in_opens_minutes: at most a day (1440)".into());
        }
        let mut ids = std::collections::HashSet::new();
        for (i, p) in self.points.iter().enumerate() {
            if !super::is_id(&p.id) || p.id.starts_with("clinic-") || !ids.insert(&p.id) {
                return Err(format!(
                    "queue.points[{i}].id: {:?} is not a new id of lowercase letters, digits \
                     and '-' (and clinic-… is kept for doctors' rooms)",
                    p.id
                ));
            }
            if !p.prefix.is_ascii_uppercase() {
                return Err(format!("queue.points[{i}].prefix: one capital letter"));
            }
            if p.name.zh.trim().is_empty() || p.room.zh.trim().is_empty() {
                return Err(format!("queue.points[{i}]: name and room need zh"));
            }
            if p.typical_minutes == 0 || p.typical_minutes > 240 {
                return Err(format!("queue.points[{i}].typical_minutes: 1..=240"));
            }
        }
        let points = self
            .points
            .into_iter()
            .map(|mut p| {
                if p.area.is_empty() {
                    p.area = p.id.clone();
                }
                p
            })
            .collect();
        Ok(QueueSettings {
            rules: CheckInRules {
                opens_before_minutes: i64::from(opens),
                elderly_age: self.elderly_age.unwrap_or(d.elderly_age),
                priorities: self.priorities.unwrap_or(d.priorities),
            },
            clinic_typical_minutes: self.clinic_typical_minutes.unwrap_or(8).clamp(1, 240),
            points,
        })
    }
}
