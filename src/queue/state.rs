//! What the queue pages work out, as plain functions: the news between two snapshots of
//! the account's queue (who was just called, who is nearly called, whose place moved) and
//! how it is announced; how a status, a place and a wait read; which tickets may rejoin;
//! which of today's appointments can still check in; and, for the board, which calls are
//! new and how a call is spoken.

use careway_core::api::booking::{Appointment, AppointmentStatus};
use careway_core::api::queue::{
    Board, BoardCall, MyQueue, PointKind, Ticket, TicketStatus, Wait, WaitBasis,
};
use careway_core::api::LocalText;
use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;

use crate::api::ApiError;
use crate::i18n::Texts;

/// With this many people ahead or fewer, the patient is told to stay near the room.
pub const NEAR: u32 = 3;

/// The most new calls a board speaks at once (after a reconnection, the backlog is shown,
/// not read out).
pub const MAX_SPOKEN: usize = 3;

/// What changed for one ticket between two snapshots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum News {
    /// Called, or called again, to its room: go now.
    Called {
        /// Where to go.
        room: LocalText,
    },
    /// Newly [`NEAR`] people ahead or fewer.
    Near {
        /// People ahead now.
        ahead: u32,
    },
    /// In the queue with a new number of people ahead (or newly in it).
    Moved {
        /// People ahead now.
        ahead: u32,
    },
    /// Another status: being seen, done, missed.
    Status(TicketStatus),
}

/// News about one ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// The ticket's id.
    pub ticket: String,
    /// Its number (`A023`).
    pub number: String,
    /// What happened.
    pub news: News,
}

/// The news from `before` to `now`, in the order of `now`'s tickets. The first snapshot
/// (`before` is `None`) and a new day have no news: the page itself shows where things
/// stand.
pub fn news(before: Option<&MyQueue>, now: &MyQueue) -> Vec<Alert> {
    let Some(before) = before.filter(|b| b.date == now.date) else {
        return Vec::new();
    };
    now.tickets
        .iter()
        .filter_map(|ticket| {
            let old = before.tickets.iter().find(|o| o.id == ticket.id);
            change(old, ticket).map(|news| Alert {
                ticket: ticket.id.clone(),
                number: ticket.number.clone(),
                news,
            })
        })
        .collect()
}

/// What changed for one ticket (`old` is `None` for a new one).
fn change(old: Option<&Ticket>, now: &Ticket) -> Option<News> {
    let old_status = old.map(|o| o.status);
    match now.status {
        TicketStatus::Called => {
            let recalled = old.is_some_and(|o| o.called_at != now.called_at);
            (old_status != Some(TicketStatus::Called) || recalled).then(|| News::Called {
                room: now.point.room.clone(),
            })
        }
        TicketStatus::Waiting => {
            let ahead = now.ahead.unwrap_or(0);
            let old_ahead = old
                .filter(|o| o.status == TicketStatus::Waiting)
                .map(|o| o.ahead.unwrap_or(0));
            match old_ahead {
                Some(was) if was == ahead => None,
                Some(was) if was > NEAR && ahead <= NEAR => Some(News::Near { ahead }),
                // Newly in the queue (checked in, rejoined) already near the front.
                None if ahead <= NEAR => Some(News::Near { ahead }),
                _ => Some(News::Moved { ahead }),
            }
        }
        status => (old_status != Some(status)).then_some(News::Status(status)),
    }
}

/// Whether the news calls for the alarm (sound, vibration, the flashing title): a call.
pub fn alarm(alerts: &[Alert]) -> Option<&Alert> {
    alerts
        .iter()
        .find(|a| matches!(a.news, News::Called { .. }))
}

/// What the polite live region says about the news: one sentence per ticket.
pub fn announcement(alerts: &[Alert], t: &Texts, lang: Lang) -> String {
    alerts
        .iter()
        .map(|alert| {
            let news = match &alert.news {
                News::Called { room } => (t.queue_go_to)(room.get(lang)),
                News::Near { ahead } => format!("{} {}", (t.queue_ahead)(*ahead), t.queue_near),
                News::Moved { ahead } => (t.queue_ahead)(*ahead),
                News::Status(status) => status_words(*status, t).to_owned(),
            };
            (t.queue_about)(&alert.number, &news)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A status in words.
pub fn status_words(status: TicketStatus, t: &Texts) -> &'static str {
    match status {
        TicketStatus::Waiting => t.queue_waiting,
        TicketStatus::Called => t.queue_called,
        TicketStatus::InService => t.queue_in_service,
        TicketStatus::Done => t.queue_done,
        TicketStatus::Missed => t.queue_missed,
    }
}

/// The class that colours a ticket by its status (`waiting`, `called`, …).
pub fn status_class(status: TicketStatus) -> &'static str {
    status.as_str()
}

/// A wait in words: a range of minutes ("约 15–25 分钟"), marked as rough when it rests
/// on the hospital's typical times, and never a number when there is nothing to go on.
pub fn wait_words(wait: &Wait, t: &Texts) -> String {
    match wait.basis {
        WaitBasis::Unknown => t.queue_wait_unknown.to_owned(),
        WaitBasis::Observed => (t.queue_wait_range)(wait.low_minutes, wait.high_minutes),
        WaitBasis::Typical => format!(
            "{}{}",
            (t.queue_wait_range)(wait.low_minutes, wait.high_minutes),
            t.queue_wait_rough
        ),
    }
}

/// Whether a ticket is waiting with [`NEAR`] people ahead or fewer.
pub fn is_near(ticket: &Ticket) -> bool {
    ticket.status == TicketStatus::Waiting && ticket.ahead.unwrap_or(0) <= NEAR
}

/// Whether a ticket offers "rejoin": only a missed one.
pub fn can_rejoin(ticket: &Ticket) -> bool {
    ticket.status == TicketStatus::Missed
}

/// Today's appointments (the queue's date) still to check in: booked, with no ticket yet.
pub fn to_check_in<'a>(appointments: &'a [Appointment], queue: &MyQueue) -> Vec<&'a Appointment> {
    appointments
        .iter()
        .filter(|a| a.date == queue.date && a.status == AppointmentStatus::Booked)
        .filter(|a| {
            !queue
                .tickets
                .iter()
                .any(|t| t.appointment_id.as_deref() == Some(a.id.as_str()))
        })
        .collect()
}

/// Why a check-in failed, in the patient's words: the server's own explanation of a
/// refusal (not today, too early "opens at 08:00", already checked in…), else the
/// failure's message.
pub fn check_in_message(error: &ApiError, lang: Lang) -> String {
    error.explanation(lang)
}

/// Whether trying the same check-in again may help: not after the server said it is not
/// possible now.
pub fn check_in_retryable(error: &ApiError) -> bool {
    !matches!(
        error.kind(),
        Some(ProblemKind::CheckInClosed | ProblemKind::NotFound)
    )
}

/// The calls on `now` that `before` did not have, oldest first, at most [`MAX_SPOKEN`]
/// (the newest). A recall is a new call (a new time). The first snapshot has none: a board
/// that just started does not read out the past.
pub fn new_calls<'a>(before: Option<&Board>, now: &'a Board) -> Vec<&'a BoardCall> {
    let Some(before) = before else {
        return Vec::new();
    };
    let mut fresh: Vec<&BoardCall> = now
        .calls
        .iter()
        .filter(|call| {
            !before
                .calls
                .iter()
                .any(|b| b.ticket.number == call.ticket.number && b.at == call.at)
        })
        .take(MAX_SPOKEN)
        .collect();
    fresh.reverse();
    fresh
}

/// What kind of room a call is to (the board's room with that address), a clinic if
/// none matches.
pub fn call_kind(board: &Board, call: &BoardCall) -> PointKind {
    board
        .rooms
        .iter()
        .find(|r| r.point.room == call.room)
        .map_or(PointKind::Clinic, |r| r.point.kind)
}

/// A call as the board speaks it: "请A023号张*明到门诊楼 3 楼 3 诊室就诊".
pub fn spoken(board: &Board, call: &BoardCall, t: &Texts, lang: Lang) -> String {
    (t.board_say)(
        &call.ticket.number,
        &call.ticket.name,
        call.room.get(lang),
        call_kind(board, call),
    )
}

#[cfg(test)]
pub mod fixtures {
    //! Tickets and boards for the tests.

    use careway_core::api::queue::{
        BoardRoom, BoardTicket, Priority, ServicePoint, Ticket, TicketStatus, Wait, WaitBasis,
    };
    use careway_core::api::LocalText;

    use super::*;

    /// Bilingual text.
    pub fn text(zh: &str, en: &str) -> LocalText {
        LocalText {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A waiting ticket at room 3 with `ahead` people before it.
    pub fn ticket(id: &str, number: &str, status: TicketStatus, ahead: Option<u32>) -> Ticket {
        Ticket {
            id: id.into(),
            number: number.into(),
            patient_id: "p-1".into(),
            patient_name: "王小明".into(),
            status,
            point: ServicePoint {
                id: "clinic-s1".into(),
                kind: PointKind::Clinic,
                name: text("心血管内科 王建国", "Cardiology, Dr Wang"),
                room: text("门诊楼 3 楼 3 诊室", "Outpatient 3F, room 3"),
                place: Some("b1-f3-cardiology".into()),
                paused: None,
            },
            ahead,
            wait: ahead.map(|_| Wait {
                low_minutes: 15,
                expected_minutes: 20,
                high_minutes: 25,
                basis: WaitBasis::Observed,
                observations: 12,
            }),
            priority: Priority::None,
            late: false,
            appointment_id: Some(format!("appt-{id}")),
            joined_at: "2026-12-02T00:30:00Z".into(),
            called_at: None,
        }
    }

    /// The account's queue of 2026-12-02.
    pub fn queue(tickets: Vec<Ticket>) -> MyQueue {
        MyQueue {
            date: "2026-12-02".into(),
            tickets,
        }
    }

    /// A call of `number` to the CT room at `at`.
    pub fn call(number: &str, at: &str) -> BoardCall {
        BoardCall {
            ticket: BoardTicket {
                number: number.into(),
                name: "张*明".into(),
            },
            room: text("地下 1 层 CT 1 室", "Basement 1, CT room 1"),
            at: at.into(),
        }
    }

    /// The CT board with these calls, newest first.
    pub fn board(calls: Vec<BoardCall>) -> Board {
        let mut point = ticket("x", "x", TicketStatus::Waiting, None).point;
        point.kind = PointKind::Imaging;
        point.room = text("地下 1 层 CT 1 室", "Basement 1, CT room 1");
        Board {
            area: "imaging-ct".into(),
            name: text("CT 检查", "CT"),
            calls,
            rooms: vec![BoardRoom {
                point,
                calling: None,
                next: Vec::new(),
                waiting: 4,
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use careway_core::problem::Problem;

    use super::fixtures::*;
    use super::*;
    use crate::i18n::texts;

    fn waiting(ahead: u32) -> Ticket {
        ticket("t1", "A023", TicketStatus::Waiting, Some(ahead))
    }

    fn called(at: &str) -> Ticket {
        let mut t = ticket("t1", "A023", TicketStatus::Called, None);
        t.called_at = Some(at.into());
        t
    }

    #[test]
    fn the_first_snapshot_and_a_new_day_bring_no_news() {
        assert!(news(None, &queue(vec![called("2026-12-02T01:00:00Z")])).is_empty());
        let mut tomorrow = queue(vec![called("2026-12-03T01:00:00Z")]);
        tomorrow.date = "2026-12-03".into();
        assert!(news(Some(&queue(vec![waiting(5)])), &tomorrow).is_empty());
    }

    #[test]
    fn a_call_is_news_once_and_a_recall_again() {
        let before = queue(vec![waiting(1)]);
        let now = queue(vec![called("2026-12-02T01:00:00Z")]);
        let alerts = news(Some(&before), &now);
        assert_eq!(alerts.len(), 1);
        assert!(
            matches!(&alerts[0].news, News::Called { room } if room.zh == "门诊楼 3 楼 3 诊室")
        );
        assert_eq!(alarm(&alerts).map(|a| a.number.as_str()), Some("A023"));
        assert!(news(Some(&now), &now).is_empty(), "still called: no news");
        let recalled = queue(vec![called("2026-12-02T01:05:00Z")]);
        assert_eq!(news(Some(&now), &recalled).len(), 1, "called again");
    }

    #[test]
    fn coming_near_the_front_is_said_once_then_each_move() {
        let alerts = news(Some(&queue(vec![waiting(5)])), &queue(vec![waiting(3)]));
        assert_eq!(alerts[0].news, News::Near { ahead: 3 });
        assert!(alarm(&alerts).is_none(), "near is not an alarm");
        let alerts = news(Some(&queue(vec![waiting(3)])), &queue(vec![waiting(2)]));
        assert_eq!(alerts[0].news, News::Moved { ahead: 2 });
        let alerts = news(Some(&queue(vec![waiting(9)])), &queue(vec![waiting(7)]));
        assert_eq!(alerts[0].news, News::Moved { ahead: 7 });
        assert!(news(Some(&queue(vec![waiting(7)])), &queue(vec![waiting(7)])).is_empty());
        // Checked in just now, already near the front.
        let alerts = news(Some(&queue(vec![])), &queue(vec![waiting(1)]));
        assert_eq!(alerts[0].news, News::Near { ahead: 1 });
        let alerts = news(Some(&queue(vec![])), &queue(vec![waiting(12)]));
        assert_eq!(alerts[0].news, News::Moved { ahead: 12 });
    }

    #[test]
    fn other_statuses_are_news_when_they_change() {
        let before = queue(vec![called("2026-12-02T01:00:00Z")]);
        let missed = queue(vec![ticket("t1", "A023", TicketStatus::Missed, None)]);
        let alerts = news(Some(&before), &missed);
        assert_eq!(alerts[0].news, News::Status(TicketStatus::Missed));
        assert!(news(Some(&missed), &missed).is_empty());
        // Rejoined: back in the queue, its place said.
        let alerts = news(Some(&missed), &queue(vec![waiting(6)]));
        assert_eq!(alerts[0].news, News::Moved { ahead: 6 });
    }

    #[test]
    fn announcements_name_the_ticket_in_the_patients_language() {
        let before = queue(vec![
            waiting(4),
            ticket("t2", "B007", TicketStatus::Waiting, Some(8)),
        ]);
        let now = queue(vec![
            called("2026-12-02T01:00:00Z"),
            ticket("t2", "B007", TicketStatus::Waiting, Some(2)),
        ]);
        let alerts = news(Some(&before), &now);
        let zh = announcement(&alerts, texts(Lang::ZhCn), Lang::ZhCn);
        assert_eq!(
            zh,
            "A023：请到 门诊楼 3 楼 3 诊室 就诊 B007：前面还有 2 人 快轮到您了，请在诊室附近等候。"
        );
        let en = announcement(&alerts, texts(Lang::En), Lang::En);
        assert!(
            en.starts_with("A023: Please go to Outpatient 3F, room 3 now"),
            "{en}"
        );
        assert!(en.contains("B007: 2 people ahead"), "{en}");
        assert_eq!(announcement(&[], texts(Lang::En), Lang::En), "");
    }

    #[test]
    fn waits_are_ranges_and_never_invented() {
        let zh = texts(Lang::ZhCn);
        let en = texts(Lang::En);
        let mut wait = Wait {
            low_minutes: 15,
            expected_minutes: 20,
            high_minutes: 25,
            basis: WaitBasis::Observed,
            observations: 9,
        };
        assert_eq!(wait_words(&wait, zh), "约 15–25 分钟");
        assert_eq!(wait_words(&wait, en), "about 15–25 min");
        wait.basis = WaitBasis::Typical;
        assert_eq!(wait_words(&wait, zh), "约 15–25 分钟（估计，今日数据尚少）");
        assert_eq!(
            wait_words(&wait, en),
            "about 15–25 min (rough: few services observed yet)"
        );
        wait = Wait {
            low_minutes: 0,
            expected_minutes: 0,
            high_minutes: 0,
            basis: WaitBasis::Unknown,
            observations: 0,
        };
        assert_eq!(wait_words(&wait, zh), "暂无法估计");
        assert!(!wait_words(&wait, en).contains('0'));
        assert_eq!((zh.queue_ahead)(0), "下一位就是您");
        assert_eq!((zh.queue_ahead)(2), "前面还有 2 人");
        assert_eq!((en.queue_ahead)(1), "1 person ahead");
    }

    #[test]
    fn only_missed_tickets_rejoin_and_near_means_waiting_near_the_front() {
        for status in TicketStatus::ALL {
            let t = ticket("t", "A1", status, None);
            assert_eq!(can_rejoin(&t), status == TicketStatus::Missed, "{status:?}");
        }
        assert!(is_near(&waiting(3)));
        assert!(!is_near(&waiting(4)));
        assert!(!is_near(&called("x")));
    }

    #[test]
    fn check_in_refusals_say_the_servers_reason_and_offer_no_retry() {
        let mut problem = Problem::new(ProblemKind::CheckInClosed, Lang::ZhCn);
        problem.detail = Some("签到 08:00 开始".into());
        let refused = ApiError::Problem(Box::new(problem));
        assert_eq!(check_in_message(&refused, Lang::ZhCn), "签到 08:00 开始");
        assert!(!check_in_retryable(&refused));
        assert!(check_in_retryable(&ApiError::Network));
        assert_eq!(
            check_in_message(&ApiError::Network, Lang::En),
            texts(Lang::En).error_network
        );
    }

    #[test]
    fn boards_speak_only_new_calls_oldest_first() {
        let first = board(vec![call("C002", "t2"), call("C001", "t1")]);
        assert!(new_calls(None, &first).is_empty());
        let now = board(vec![
            call("C001", "t4"),
            call("C003", "t3"),
            call("C002", "t2"),
        ]);
        let fresh: Vec<&str> = new_calls(Some(&first), &now)
            .iter()
            .map(|c| c.ticket.number.as_str())
            .collect();
        assert_eq!(fresh, ["C003", "C001"], "a recall is a new call");
        let many = board(
            (0..9)
                .map(|i| call(&format!("D{i}"), &format!("u{i}")))
                .collect(),
        );
        assert_eq!(new_calls(Some(&first), &many).len(), MAX_SPOKEN);
    }

    #[test]
    fn calls_are_spoken_with_what_the_room_does() {
        let b = board(vec![call("C003", "t3")]);
        assert_eq!(
            spoken(&b, &b.calls[0], texts(Lang::ZhCn), Lang::ZhCn),
            "请C003号张*明到地下 1 层 CT 1 室检查"
        );
        let mut clinic = call("A023", "t");
        clinic.room = text("心血管内科3诊室", "Cardiology room 3");
        assert_eq!(
            spoken(&b, &clinic, texts(Lang::ZhCn), Lang::ZhCn),
            "请A023号张*明到心血管内科3诊室就诊"
        );
        assert_eq!(
            spoken(&b, &clinic, texts(Lang::En), Lang::En),
            "Number A023, 张*明, please go to Cardiology room 3"
        );
    }
}
