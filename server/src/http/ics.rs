//! The iCalendar file of an appointment ("add to calendar"): one RFC 5545 event, in
//! Chinese (the hospital's language), with a reminder an hour before.

use jiff::Timestamp;

/// What goes into the calendar file.
#[derive(Clone, Debug)]
pub struct CalendarEvent<'a> {
    /// The appointment's id, for the event's UID.
    pub id: &'a str,
    /// When the window starts.
    pub starts_at: Timestamp,
    /// When the window ends.
    pub ends_at: Timestamp,
    /// The event's title.
    pub summary: &'a str,
    /// Where.
    pub location: &'a str,
    /// What to do before the visit, one line each.
    pub description: &'a [&'a str],
}

/// Builds an RFC 5545 calendar with one event, stamped `now`.
pub fn booking_ics(event: &CalendarEvent<'_>, now: Timestamp) -> String {
    let stamp = |t: Timestamp| t.strftime("%Y%m%dT%H%M%SZ").to_string();
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Careway//Appointment//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@careway", event.id),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(event.starts_at)),
        format!("DTEND:{}", stamp(event.ends_at)),
        format!("SUMMARY:{}", escape(event.summary)),
        format!("LOCATION:{}", escape(event.location)),
        format!("DESCRIPTION:{}", escape(&event.description.join("\n"))),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(event.summary)),
        "TRIGGER:-PT1H".to_owned(),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_escaped_folded_and_in_utc() {
        let starts_at: Timestamp = "2026-12-05T02:30:00Z".parse().unwrap();
        let event = CalendarEvent {
            id: "a-1",
            starts_at,
            ends_at: "2026-12-05T03:00:00Z".parse().unwrap(),
            summary: "神经内科 王医生 就诊",
            location: "康途示范医院; 门诊楼 4 楼, B 区",
            description: &["请于 10:15–10:30 到达，在自助机或分诊台签到。"; 4],
        };
        let ics = booking_ics(&event, starts_at);
        assert!(ics.contains("DTSTART:20261205T023000Z\r\n"), "{ics}");
        assert!(
            ics.contains("LOCATION:康途示范医院\\; 门诊楼 4 楼\\, B 区"),
            "{ics}"
        );
        assert!(ics.lines().all(|l| l.len() <= 76), "{ics}");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("签到。\\n请于"), "{unfolded}");
    }
}
