//! The live queue's bodies: a patient's tickets of the day (`GET /queue`, and each event of
//! `GET /queue/events`), checking in (`POST /appointments/{id}/check-in`), rejoining after
//! a missed call, and the public board of an area (`GET /board/{area}` and its events).
//!
//! Every event of a stream carries the whole snapshot it changes, so a client that
//! missed events needs no replay: the next event, or the snapshot sent on reconnection,
//! is the truth.

use serde::{Deserialize, Serialize};

use super::LocalText;

/// Where a ticket stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// In the queue.
    Waiting,
    /// Called to the room: the patient should go now.
    Called,
    /// Being seen (or served at a window).
    InService,
    /// Finished.
    Done,
    /// Called and not there: the patient may ask to rejoin.
    Missed,
}

impl TicketStatus {
    /// Every status, for exhaustive tests and decoding.
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::Waiting,
        TicketStatus::Called,
        TicketStatus::InService,
        TicketStatus::Done,
        TicketStatus::Missed,
    ];

    /// The name stored and sent (`in_service`).
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::InService => "in_service",
            TicketStatus::Done => "done",
            TicketStatus::Missed => "missed",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<TicketStatus> {
        TicketStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// What kind of place serves the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// A doctor's consulting room.
    Clinic,
    /// The blood-draw and sample windows.
    Lab,
    /// X-ray, CT, ultrasound.
    Imaging,
    /// The pharmacy's windows.
    Pharmacy,
    /// The payment windows.
    Payment,
}

impl PointKind {
    /// Every kind.
    pub const ALL: [PointKind; 5] = [
        PointKind::Clinic,
        PointKind::Lab,
        PointKind::Imaging,
        PointKind::Pharmacy,
        PointKind::Payment,
    ];

    /// The name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Clinic => "clinic",
            PointKind::Lab => "lab",
            PointKind::Imaging => "imaging",
            PointKind::Pharmacy => "pharmacy",
            PointKind::Payment => "payment",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<PointKind> {
        PointKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a ticket goes before others who are on time, as the hospital configures it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// No priority.
    #[default]
    None,
    /// Aged 80 or more.
    Elderly,
    /// A disability, as recorded by staff.
    Disabled,
    /// Back to the doctor with the results asked for earlier the same day.
    ReturnVisit,
}

impl Priority {
    /// Every class.
    pub const ALL: [Priority; 4] = [
        Priority::None,
        Priority::Elderly,
        Priority::Disabled,
        Priority::ReturnVisit,
    ];

    /// The name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::None => "none",
            Priority::Elderly => "elderly",
            Priority::Disabled => "disabled",
            Priority::ReturnVisit => "return_visit",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A place that serves a queue, as a patient needs to find it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServicePoint {
    /// The point's id (`clinic-…`, `lab`, `pharmacy`).
    pub id: String,
    /// What it is.
    pub kind: PointKind,
    /// Its name ("心血管内科 王建国", "检验科采血处").
    pub name: LocalText,
    /// Where it is ("门诊楼 3 楼 3 诊室").
    pub room: LocalText,
    /// The place in the venue that navigation leads to, when the venue has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Why it is paused, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<LocalText>,
}

/// How sure an estimate is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitBasis {
    /// From services observed at this point today.
    Observed,
    /// Too few observations yet: the hospital's typical time for such a point.
    Typical,
    /// Nothing to go on: no time is given.
    Unknown,
}

/// An estimated wait, as a range in whole minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Wait {
    /// The short end of the range.
    pub low_minutes: u32,
    /// The most likely wait.
    pub expected_minutes: u32,
    /// The long end of the range.
    pub high_minutes: u32,
    /// What the figures rest on; with `unknown` they are 0 and not shown.
    pub basis: WaitBasis,
    /// Services observed at the point today.
    pub observations: u32,
}

/// One ticket, as the account that holds it sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    /// The ticket's id.
    pub id: String,
    /// The number called out and shown on boards (`A023`).
    pub number: String,
    /// The family member it is for.
    pub patient_id: String,
    /// Their name.
    pub patient_name: String,
    /// Where it stands.
    pub status: TicketStatus,
    /// Where it is served.
    pub point: ServicePoint,
    /// People before it in the queue, while waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ahead: Option<u32>,
    /// The estimated wait, while waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<Wait>,
    /// Its priority class.
    pub priority: Priority,
    /// Checked in after its window: it goes behind those on time.
    pub late: bool,
    /// The appointment it came from, for clinic tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<String>,
    /// When it joined the queue (RFC 3339).
    pub joined_at: String,
    /// When it was last called (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub called_at: Option<String>,
}

/// `GET /queue`: the account's tickets of the day, the order of the day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyQueue {
    /// The hospital's date, `YYYY-MM-DD`.
    pub date: String,
    /// Tickets: live ones first, then the finished.
    pub tickets: Vec<Ticket>,
}

/// `POST /appointments/{id}/check-in`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInRequest {
    /// The service point read from the QR sign at the clinic, when the patient scanned
    /// one; it must be the appointment's. Without it, the patient tapped "I'm here".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
}

/// One ticket on a public board: number and masked name only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardTicket {
    /// The ticket's number.
    pub number: String,
    /// The patient's name, masked (`张*明`).
    pub name: String,
}

/// One room on a public board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardRoom {
    /// The point.
    pub point: ServicePoint,
    /// Who is called to it now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calling: Option<BoardTicket>,
    /// The next few in its queue.
    pub next: Vec<BoardTicket>,
    /// How many wait in all.
    pub waiting: u32,
}

/// A call made on the board, newest first, for the "now calling" list and the spoken call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardCall {
    /// The ticket called.
    pub ticket: BoardTicket,
    /// Where to go.
    pub room: LocalText,
    /// When (RFC 3339); a recall is a new call.
    pub at: String,
}

/// `GET /board/{area}`: what a wall display in an area shows. No login; no full names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    /// The area's id (a department id, `lab`, `pharmacy`, …).
    pub area: String,
    /// The area's name.
    pub name: LocalText,
    /// Recent calls, newest first.
    pub calls: Vec<BoardCall>,
    /// Its rooms.
    pub rooms: Vec<BoardRoom>,
}

/// The name of the event that carries a [`MyQueue`] on `GET /queue/events`.
pub const QUEUE_EVENT: &str = "queue";
/// The name of the event that carries a [`Board`] on `GET /board/{area}/events`.
pub const BOARD_EVENT: &str = "board";
