//! Every address of the app, and the queries that go with them.
//!
//! [`Route`] names each page; the typed queries ([`LoginQuery`] for the login page's
//! `?next=`, [`TriageQuery`], [`DepartmentQuery`] and [`ConfirmQuery`] for the booking
//! journey's, which carry the patient's choices through it; [`QueueQuery`] for the point of
//! a clinic's QR sign) say what else an address carries and check it on the way in. This
//! module imports no page, so every page and part can name an address without depending
//! on the pages that answer it (the switch from route to page is [`crate::app::switch`]).

use crate::api::segment;
use crate::app::router::Navigator;

/// Every address of the app (the path each answers is in its doc and in
/// [`Route::recognize`]). The server answers each with `index.html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The hospital and its five services.
    /// `/`
    Home,
    /// Booking an appointment: the departments, the symptom guide, the appointments.
    /// `/booking`
    Booking,
    /// The symptom guide: which department to book ([`TriageQuery`]: for whom).
    /// `/booking/triage`
    Triage,
    /// A department's doctors and their time windows ([`DepartmentQuery`]: the doctor and
    /// day chosen, for whom, or the appointment being moved).
    /// `/booking/department/:id`
    Department {
        /// The department's id.
        id: String,
    },
    /// Booking a time window for a family member (needs a login); [`ConfirmQuery`] names
    /// the department whose schedule it is in, the schedule to return to and the member.
    /// `/booking/confirm/:slot`
    Confirm {
        /// The window's id.
        slot: String,
    },
    /// The account's appointments, upcoming and past (needs a login).
    /// `/appointments`
    Appointments,
    /// One appointment: the check-in code, cancelling, moving (needs a login).
    /// `/appointments/:id`
    Appointment {
        /// The appointment's id.
        id: String,
    },
    /// Finding the way inside the hospital ([`NavigationQuery`]: from where, to where,
    /// step-free).
    /// `/navigation`
    Navigation,
    /// The account's tickets of the day, live, and checking in (needs a login;
    /// [`QueueQuery`]: the service point of the clinic's QR sign).
    /// `/queue`
    Queue,
    /// An area's wall display of calls and queues (no login).
    /// `/board/:area`
    Board {
        /// The area: a department's id, `blood-draw`, `imaging-ct`, `pharmacy`.
        area: String,
    },
    /// A family member's lab and imaging reports ([`ReportsQuery`]: which member).
    /// `/reports`
    Reports,
    /// One analyte over time ([`ReportsQuery`]: the member and the analyte's code).
    /// `/reports/trend`
    ReportTrend,
    /// Who opened a member's reports ([`ReportsQuery`]: which member).
    /// `/reports/reads`
    ReportReads,
    /// One report.
    /// `/reports/:id`
    Report {
        /// The report's id.
        id: String,
    },
    /// Surveys, follow-up questionnaires and messages.
    /// `/inbox`
    Inbox,
    /// One survey or follow-up questionnaire: filling it in, or its outcome once sent
    /// (needs a login).
    /// `/surveys/:id`
    Survey {
        /// The survey's id.
        id: String,
    },
    /// A health education article (no login: the hospital's content, not the patient's).
    /// `/articles/:id`
    Article {
        /// The article's id.
        id: String,
    },
    /// The patient's own page: account, family members, settings.
    /// `/me`
    Me,
    /// Adding a family member (needs a login).
    /// `/me/patients/new`
    PatientNew,
    /// Editing a family member (needs a login).
    /// `/me/patients/:id/edit`
    PatientEdit {
        /// The member's id.
        id: String,
    },
    /// Logging in.
    /// `/login`
    Login,
    /// Makes this device a lobby kiosk, then goes home.
    /// `/kiosk`
    KioskEnter,
    /// Makes this device an ordinary browser again, then goes home (for IT staff).
    /// `/kiosk/exit`
    KioskExit,
    /// Any address the app does not know.
    /// `/404`
    NotFound,
}

impl Route {
    /// The page at `path` ([`Route::NotFound`] for an address the app does not have). A
    /// trailing `/` is ignored; an id in the path is percent-decoded.
    pub fn recognize(path: &str) -> Route {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let parts: Vec<&str> = path.split('/').collect();
        let id = |raw: &str| {
            (!raw.is_empty())
                .then(|| percent_decode(raw, false))
                .flatten()
        };
        let route = match parts.as_slice() {
            [""] => Some(Route::Home),
            ["booking"] => Some(Route::Booking),
            ["booking", "triage"] => Some(Route::Triage),
            ["booking", "department", raw] => id(raw).map(|id| Route::Department { id }),
            ["booking", "confirm", raw] => id(raw).map(|slot| Route::Confirm { slot }),
            ["appointments"] => Some(Route::Appointments),
            ["appointments", raw] => id(raw).map(|id| Route::Appointment { id }),
            ["navigation"] => Some(Route::Navigation),
            ["queue"] => Some(Route::Queue),
            ["board", raw] => id(raw).map(|area| Route::Board { area }),
            ["reports"] => Some(Route::Reports),
            ["reports", "trend"] => Some(Route::ReportTrend),
            ["reports", "reads"] => Some(Route::ReportReads),
            ["reports", raw] => id(raw).map(|id| Route::Report { id }),
            ["inbox"] => Some(Route::Inbox),
            ["surveys", raw] => id(raw).map(|id| Route::Survey { id }),
            ["articles", raw] => id(raw).map(|id| Route::Article { id }),
            ["me"] => Some(Route::Me),
            ["me", "patients", "new"] => Some(Route::PatientNew),
            ["me", "patients", raw, "edit"] => id(raw).map(|id| Route::PatientEdit { id }),
            ["login"] => Some(Route::Login),
            ["kiosk"] => Some(Route::KioskEnter),
            ["kiosk", "exit"] => Some(Route::KioskExit),
            _ => None,
        };
        route.unwrap_or(Route::NotFound)
    }

    /// The page's path, its id escaped so it stays one segment.
    pub fn to_path(&self) -> String {
        let fixed = match self {
            Route::Home => "/",
            Route::Booking => "/booking",
            Route::Triage => "/booking/triage",
            Route::Department { id } => {
                return format!("/booking/department/{}", percent_encode(id))
            }
            Route::Confirm { slot } => return format!("/booking/confirm/{}", percent_encode(slot)),
            Route::Appointments => "/appointments",
            Route::Appointment { id } => return format!("/appointments/{}", percent_encode(id)),
            Route::Navigation => "/navigation",
            Route::Queue => "/queue",
            Route::Board { area } => return format!("/board/{}", percent_encode(area)),
            Route::Reports => "/reports",
            Route::ReportTrend => "/reports/trend",
            Route::ReportReads => "/reports/reads",
            Route::Report { id } => return format!("/reports/{}", percent_encode(id)),
            Route::Inbox => "/inbox",
            Route::Survey { id } => return format!("/surveys/{}", percent_encode(id)),
            Route::Article { id } => return format!("/articles/{}", percent_encode(id)),
            Route::Me => "/me",
            Route::PatientNew => "/me/patients/new",
            Route::PatientEdit { id } => {
                return format!("/me/patients/{}/edit", percent_encode(id))
            }
            Route::Login => "/login",
            Route::KioskEnter => "/kiosk",
            Route::KioskExit => "/kiosk/exit",
            Route::NotFound => "/404",
        };
        fixed.to_owned()
    }

    /// Whether the page shows nothing without a login (its content sits in
    /// [`crate::app::guard::RequireLogin`]): the server sends a visitor without a session
    /// straight to the login page, so the login page is what it draws first.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            Route::Confirm { .. }
                | Route::Appointments
                | Route::Appointment { .. }
                | Route::Queue
                | Route::Reports
                | Route::ReportTrend
                | Route::ReportReads
                | Route::Report { .. }
                | Route::Inbox
                | Route::Survey { .. }
                | Route::PatientNew
                | Route::PatientEdit { .. }
        )
    }
}

/// The address of the login page that returns to `path` (with `query`, without its `?`)
/// once logged in, when that page needs a login; `None` otherwise.
pub fn login_first(path: &str, query: &str) -> Option<String> {
    if !Route::recognize(path).needs_login() {
        return None;
    }
    let next = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    Some(format!("/login?next={}", percent_encode(&next)))
}

/// Escapes everything but unreserved characters as `%XX`, as the app writes `next`.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The query of the login page: where to go once logged in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginQuery {
    /// A path of this app, e.g. `/me`.
    pub next: Option<String>,
}

impl LoginQuery {
    /// Reads a query string; a value that does not decode is left out.
    pub fn parse(query: &str) -> LoginQuery {
        LoginQuery {
            next: query_value(query, "next"),
        }
    }

    /// The query string (without `?`), the path escaped so it stays one value.
    pub fn to_query(&self) -> String {
        to_query([("next", &self.next)])
    }

    /// The login page's query that returns to `path` afterwards (a guarded page's own
    /// path and query; nothing about the patient is ever in it).
    pub fn returning_to(path: &str) -> LoginQuery {
        LoginQuery {
            next: Some(path.to_owned()),
        }
    }
}

/// The page to open after logging in: the `next` path when it is one of the app's own
/// pages worth returning to, else "Me". A path to another site (`//evil.example`,
/// `/\evil.example`, `https://…`), the login page itself or the kiosk switches never
/// qualify; a fragment on `next` is dropped, its query is [`next_query`]'s.
pub fn next_route(next: Option<&str>) -> Route {
    let Some(next) = next else {
        return Route::Me;
    };
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let bytes = path.as_bytes();
    let local = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && path.len() <= 200
        && !path
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if !local {
        return Route::Me;
    }
    match Route::recognize(path) {
        Route::Login | Route::KioskEnter | Route::KioskExit | Route::NotFound => Route::Me,
        route => route,
    }
}

/// The query of `next` (without `?`) to keep when going there: only when [`next_route`]
/// takes `next`'s path as it is, and only a plain query (printable ASCII). A page reached
/// with a query (the booking confirmation's `?department=`) gets it back after a detour
/// through the login page or the family-member form.
pub fn next_query(next: Option<&str>) -> Option<&str> {
    let next = next?;
    let (path, query) = next.split('#').next()?.split_once('?')?;
    let plain =
        !query.is_empty() && query.len() <= 200 && query.bytes().all(|b| b.is_ascii_graphic());
    (plain && next_route(Some(next)).to_path() == path).then_some(query)
}

/// Opens the page `next` names, with its query ([`next_route`], [`next_query`]); `replace`
/// replaces the current page in the history, so Back does not return to a finished form.
pub fn open_next(navigator: &Navigator, next: Option<&str>, replace: bool) {
    let route = next_route(next);
    match next_query(next) {
        Some(query) if replace => navigator.replace_with_query(&route, query),
        Some(query) => navigator.push_with_query(&route, query),
        None if replace => navigator.replace(&route),
        None => navigator.push(&route),
    }
}

/// The query of the symptom guide (`/booking/triage?patient=`): the family member it is
/// for, so a reload and the links to a department keep the patient chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TriageQuery {
    /// The chosen family member's id.
    pub patient: Option<String>,
}

impl TriageQuery {
    /// Reads a query string (`?a=1&b=2` or `a=1&b=2`); a value that does not decode is
    /// left out.
    pub fn parse(query: &str) -> TriageQuery {
        TriageQuery {
            patient: query_value(query, "patient"),
        }
    }

    /// The query string (without `?`), each value escaped so it stays one value.
    pub fn to_query(&self) -> String {
        to_query([("patient", &self.patient)])
    }
}

/// The query of the navigation page (`/navigation?from=&to=&step_free=1`): the anchor the
/// route starts at (a kiosk, or the QR code of a wall sign), the place it goes to, and
/// whether it must avoid stairs and escalators.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NavigationQuery {
    /// The anchor's id.
    pub from: Option<String>,
    /// The place's id.
    pub to: Option<String>,
    /// No stairs or escalators.
    pub step_free: bool,
}

impl NavigationQuery {
    /// Reads a query string; a value that does not decode is left out.
    pub fn parse(query: &str) -> NavigationQuery {
        NavigationQuery {
            from: query_value(query, "from"),
            to: query_value(query, "to"),
            step_free: query_value(query, "step_free").as_deref() == Some("1"),
        }
    }

    /// The query string (without `?`), each value escaped so it stays one value.
    pub fn to_query(&self) -> String {
        let step_free = self.step_free.then(|| "1".to_owned());
        to_query([
            ("from", &self.from),
            ("to", &self.to),
            ("step_free", &step_free),
        ])
    }
}

/// The query of the queue page (`/queue?point=`): the service point whose QR sign on the
/// clinic's wall opened the page, sent with a check-in so the server can confirm the
/// patient is at the right clinic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueQuery {
    /// The service point's id.
    pub point: Option<String>,
}

impl QueueQuery {
    /// Reads a query string; a value that does not decode is left out.
    pub fn parse(query: &str) -> QueueQuery {
        QueueQuery {
            point: query_value(query, "point").filter(|p| !p.is_empty()),
        }
    }

    /// The query string (without `?`), each value escaped so it stays one value.
    pub fn to_query(&self) -> String {
        to_query([("point", &self.point)])
    }
}

/// The query of the reports pages (`/reports?patient=`, `/reports/trend?patient=&code=`,
/// `/reports/reads?patient=`): the family member, and the analyte a trend follows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportsQuery {
    /// The family member's id.
    pub patient: Option<String>,
    /// The analyte's code.
    pub code: Option<String>,
}

impl ReportsQuery {
    /// Reads a query string; a value that does not decode is left out.
    pub fn parse(query: &str) -> ReportsQuery {
        ReportsQuery {
            patient: query_value(query, "patient"),
            code: query_value(query, "code"),
        }
    }

    /// The query string (without `?`), each value escaped so it stays one value.
    pub fn to_query(&self) -> String {
        to_query([("patient", &self.patient), ("code", &self.code)])
    }
}

/// The query of a department's schedule (`/booking/department/{id}?doctor=&date=`): what
/// the patient chose on it, so Back from the confirmation returns to the same doctor and
/// day; the family member chosen earlier (`patient=`), carried on to the confirmation; and
/// `move=` when an existing appointment is being moved to another window of its doctor,
/// the only one offered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepartmentQuery {
    /// The doctor chosen.
    pub doctor: Option<String>,
    /// The day shown (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The family member the visit is for.
    pub patient: Option<String>,
    /// The appointment being moved, when moving rather than booking anew.
    pub moving: Option<String>,
}

impl DepartmentQuery {
    /// Reads a query string (`?a=1&b=2` or `a=1&b=2`); a value that does not decode is
    /// left out.
    pub fn parse(query: &str) -> DepartmentQuery {
        DepartmentQuery {
            doctor: query_value(query, "doctor"),
            date: query_value(query, "date"),
            patient: query_value(query, "patient"),
            moving: query_value(query, "move"),
        }
    }

    /// The query string (without `?`), each value escaped so it stays one value.
    pub fn to_query(&self) -> String {
        to_query(self.pairs())
    }

    fn pairs(&self) -> [(&'static str, &Option<String>); 4] {
        [
            ("doctor", &self.doctor),
            ("date", &self.date),
            ("patient", &self.patient),
            ("move", &self.moving),
        ]
    }
}

/// The query of a booking's confirmation (`/booking/confirm/{slot}?department=&…`): the
/// department whose schedule the window is in, and that schedule's own query
/// ([`DepartmentQuery`]: the doctor and day to return to, the family member chosen, the
/// appointment being moved).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfirmQuery {
    /// The department whose schedule the window is in.
    pub department: Option<String>,
    /// The schedule as it was shown, and who the visit is for.
    pub schedule: DepartmentQuery,
}

impl ConfirmQuery {
    /// Reads a query string (`?a=1&b=2` or `a=1&b=2`); a value that does not decode is
    /// left out.
    pub fn parse(query: &str) -> ConfirmQuery {
        ConfirmQuery {
            department: query_value(query, "department"),
            schedule: DepartmentQuery::parse(query),
        }
    }

    /// The query string (without `?`), each value escaped so it stays one value.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![("department", &self.department)];
        pairs.extend(self.schedule.pairs());
        to_query(pairs)
    }
}

/// A query string (without `?`) of the pairs that have a value, each value escaped so it
/// stays one value.
fn to_query<'a>(pairs: impl IntoIterator<Item = (&'static str, &'a Option<String>)>) -> String {
    pairs
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", segment(value.as_deref()?))))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of `name` in a query string (`?a=1&b=2` or `a=1&b=2`), percent-decoded.
fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| percent_decode(value, true))
}

/// Decodes `%XX` escapes (and, in a query, `+` as a space); `None` for a malformed escape
/// or text that is not UTF-8.
fn percent_decode(value: &str, plus_is_space: bool) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = value.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_pages_send_a_visitor_to_the_login_page_and_back() {
        assert_eq!(
            login_first("/reports", "").as_deref(),
            Some("/login?next=%2Freports")
        );
        assert_eq!(
            login_first("/queue", "point=clinic-s1&x=a b").as_deref(),
            Some("/login?next=%2Fqueue%3Fpoint%3Dclinic-s1%26x%3Da%20b")
        );
        assert_eq!(
            login_first("/reports/0193", "").as_deref(),
            Some("/login?next=%2Freports%2F0193")
        );
        assert_eq!(
            login_first("/surveys/s-1", "").as_deref(),
            Some("/login?next=%2Fsurveys%2Fs-1")
        );
        for open in [
            "/",
            "/booking",
            "/navigation",
            "/board/cardiology",
            "/login",
            "/me",
            "/x",
        ] {
            assert_eq!(login_first(open, ""), None, "{open}");
        }
        // What the login page reads back is the page asked for.
        let query = login_first("/queue", "point=clinic-s1").unwrap();
        let next = query.strip_prefix("/login?next=").unwrap();
        assert_eq!(
            percent_decode(next, true).as_deref(),
            Some("/queue?point=clinic-s1")
        );
    }

    #[test]
    fn only_the_apps_own_pages_are_a_next_stop() {
        assert_eq!(next_route(None), Route::Me);
        assert_eq!(next_route(Some("/me")), Route::Me);
        assert_eq!(next_route(Some("/reports")), Route::Reports);
        assert_eq!(next_route(Some("/me/patients/new")), Route::PatientNew);
        assert_eq!(
            next_route(Some("/me/patients/0193/edit")),
            Route::PatientEdit { id: "0193".into() }
        );
        assert_eq!(next_route(Some("/booking?x=1#top")), Route::Booking);
        for hostile in [
            "//evil.example/me",
            "/\\evil.example",
            "https://evil.example/",
            "evil.example",
            "javascript:alert(1)",
            "/login",
            "/login?next=/login",
            "/kiosk/exit",
            "/no/such/page",
            "/me\n",
            "",
        ] {
            assert_eq!(next_route(Some(hostile)), Route::Me, "{hostile:?}");
        }
    }

    #[test]
    fn a_next_stop_keeps_its_plain_query() {
        let next = Some("/booking/confirm/s-1?department=neurology");
        assert_eq!(next_route(next), Route::Confirm { slot: "s-1".into() });
        assert_eq!(next_query(next), Some("department=neurology"));
        assert_eq!(next_query(Some("/booking?q=a#top")), Some("q=a"));
        assert_eq!(next_query(Some("/booking")), None);
        assert_eq!(next_query(Some("/booking?")), None);
        assert_eq!(next_query(Some("/booking?q=a b")), None, "not plain");
        assert_eq!(next_query(Some("/login?next=/me")), None, "not a next stop");
        assert_eq!(next_query(Some("//evil.example/?x=1")), None);
        assert_eq!(next_query(None), None);
    }

    #[test]
    fn query_values_are_found_and_decoded() {
        assert_eq!(
            query_value("?department=neurology&x=1", "department").as_deref(),
            Some("neurology")
        );
        assert_eq!(query_value("a=%E7%8E%8B+b", "a").as_deref(), Some("王 b"));
        assert_eq!(query_value("?x=1", "department"), None);
        assert_eq!(query_value("a=%E7%8E", "a"), None, "not UTF-8");
        assert_eq!(query_value("a=%zz", "a"), None);
    }

    #[test]
    fn the_booking_queries_round_trip() {
        let moving = ConfirmQuery {
            department: Some("neurology".into()),
            schedule: DepartmentQuery {
                doctor: Some("d1".into()),
                date: Some("2026-12-05".into()),
                patient: Some("p 2".into()),
                moving: Some("a1".into()),
            },
        };
        assert_eq!(
            moving.to_query(),
            "department=neurology&doctor=d1&date=2026-12-05&patient=p%202&move=a1"
        );
        assert_eq!(ConfirmQuery::parse(&moving.to_query()), moving);
        // The department page reads its own part of a confirmation's query, so Back
        // returns to the same doctor and day.
        assert_eq!(DepartmentQuery::parse(&moving.to_query()), moving.schedule);
        assert_eq!(ConfirmQuery::default().to_query(), "");
        assert_eq!(
            DepartmentQuery::parse("?date=2026-12-05").date.as_deref(),
            Some("2026-12-05")
        );
        let triage = TriageQuery {
            patient: Some("p2".into()),
        };
        assert_eq!(triage.to_query(), "patient=p2");
        assert_eq!(TriageQuery::parse("?patient=p2&x=1"), triage);
        assert_eq!(TriageQuery::parse("?patient=%zz"), TriageQuery::default());
    }

    #[test]
    fn the_queue_query_carries_the_scanned_point() {
        let scanned = QueueQuery {
            point: Some("clinic-s 1".into()),
        };
        assert_eq!(scanned.to_query(), "point=clinic-s%201");
        assert_eq!(QueueQuery::parse(&scanned.to_query()), scanned);
        assert_eq!(QueueQuery::parse("?point="), QueueQuery::default());
        assert_eq!(
            Route::recognize("/board/imaging-ct"),
            Route::Board {
                area: "imaging-ct".into()
            }
        );
    }

    #[test]
    fn every_page_is_found_at_its_own_path() {
        let id = || "a-1".to_owned();
        let every = [
            (Route::Home, "/"),
            (Route::Booking, "/booking"),
            (Route::Triage, "/booking/triage"),
            (Route::Department { id: id() }, "/booking/department/a-1"),
            (Route::Confirm { slot: id() }, "/booking/confirm/a-1"),
            (Route::Appointments, "/appointments"),
            (Route::Appointment { id: id() }, "/appointments/a-1"),
            (Route::Navigation, "/navigation"),
            (Route::Queue, "/queue"),
            (Route::Board { area: id() }, "/board/a-1"),
            (Route::Reports, "/reports"),
            (Route::ReportTrend, "/reports/trend"),
            (Route::ReportReads, "/reports/reads"),
            (Route::Report { id: id() }, "/reports/a-1"),
            (Route::Inbox, "/inbox"),
            (Route::Survey { id: id() }, "/surveys/a-1"),
            (Route::Article { id: id() }, "/articles/a-1"),
            (Route::Me, "/me"),
            (Route::PatientNew, "/me/patients/new"),
            (Route::PatientEdit { id: id() }, "/me/patients/a-1/edit"),
            (Route::Login, "/login"),
            (Route::KioskEnter, "/kiosk"),
            (Route::KioskExit, "/kiosk/exit"),
            (Route::NotFound, "/404"),
        ];
        for (route, path) in every {
            assert_eq!(route.to_path(), path);
            assert_eq!(Route::recognize(path), route, "{path}");
        }
        // A trailing slash is the same page; an empty string is home.
        assert_eq!(Route::recognize("/booking/"), Route::Booking);
        assert_eq!(Route::recognize(""), Route::Home);
    }

    #[test]
    fn ids_in_a_path_are_escaped_and_read_back_and_strangers_are_not_found() {
        let odd = Route::Report {
            id: "r 1/2+3?%".to_owned(),
        };
        assert_eq!(odd.to_path(), "/reports/r%201%2F2%2B3%3F%25");
        assert_eq!(Route::recognize(&odd.to_path()), odd);
        // In a path, `+` is a plus (a space only in a query).
        assert_eq!(
            Route::recognize("/surveys/s+1"),
            Route::Survey { id: "s+1".into() }
        );
        for stranger in [
            "/booking/department",
            "/booking/department//",
            "/reports/a/b",
            "/reports/%ZZ",
            "/reports/%FF",
            "/me/patients/a-1",
            "//evil.example",
            "/BOOKING",
        ] {
            assert_eq!(Route::recognize(stranger), Route::NotFound, "{stranger}");
        }
    }

    #[test]
    fn the_login_query_round_trips_a_path_with_its_own_query() {
        let query = LoginQuery::returning_to("/booking/confirm/s-1?department=cardiology&x=1");
        let written = query.to_query();
        assert_eq!(
            written,
            "next=%2Fbooking%2Fconfirm%2Fs-1%3Fdepartment%3Dcardiology%26x%3D1"
        );
        assert_eq!(LoginQuery::parse(&written), query);
        assert_eq!(LoginQuery::parse(&format!("?{written}")), query);
        assert_eq!(LoginQuery::parse(""), LoginQuery::default());
        assert_eq!(LoginQuery::default().to_query(), "");
    }
}
