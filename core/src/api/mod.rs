//! The JSON bodies of Careway's REST API under `/api/v1`, shared by the app and the server.
//!
//! Field names are snake_case and timestamps RFC 3339 in UTC; anything a patient reads in
//! either language travels as a [`LocalText`] so the client picks the language, not the
//! server.

use serde::{Deserialize, Serialize};

pub mod account;
pub mod booking;
pub mod education;
pub mod inbox;
pub mod medication;
pub mod queue;
pub mod reports;
pub mod surveys;
pub mod triage;

use crate::locale::Lang;

/// Where the REST API lives, relative to the server's origin: every path of the API
/// starts with it.
pub const BASE_PATH: &str = "/api/v1";

/// The header every state-changing request must carry. A cross-site form or image cannot
/// set a custom header, so the server refuses writes without it (see the server's
/// `http::auth`).
pub const CSRF_HEADER: &str = "X-Careway-Csrf";

/// The header that makes a creating `POST` safe to retry: the server answers a repeated
/// key with what the first request created.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// A text the hospital provides in both languages (names, addresses, descriptions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalText {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl LocalText {
    /// The text in `lang`, falling back to Chinese where the English is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.zh,
        }
    }
}

/// `GET /api/v1/health`: whether the server and its database answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answered a query.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// Who the hospital is, as the app shows it on every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hospital {
    /// The hospital's full name.
    pub name: LocalText,
    /// A short name for narrow places (the phone header, the page title).
    pub short_name: LocalText,
    /// The street address.
    pub address: LocalText,
    /// The switchboard number patients call when the app cannot help.
    pub phone: String,
    /// The emergency number shown next to red-flag advice.
    pub emergency_phone: String,
}

/// `GET /api/v1/meta`: what the app needs before its first page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meta {
    /// The hospital this server speaks for.
    pub hospital: Hospital,
    /// The IANA time zone the client formats times in, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// The languages the server has texts for, primary first.
    pub languages: Vec<Lang>,
    /// True when the server runs the seeded demo hospital (the login page then shows the
    /// demo code).
    pub demo: bool,
    /// The demo account's phone number, shown on the login page in demo mode only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_phone: Option<String>,
    /// Seconds without a touch after which a kiosk starts over and ends its session.
    pub kiosk_idle_seconds: u32,
    /// The number of departments, a quick sign that the hospital's data is loaded.
    pub department_count: u32,
    /// Where the hospital's venue (building, floors, places, walkways) is published, e.g.
    /// `/venue-0123456789abcdef.json`; the address changes with the content, so it is cached
    /// like the app's files. `None` when the hospital has no venue map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// The server's version.
    pub version: String,
}

/// What the server knows when it sends a page, embedded in it as JSON
/// (`<script type="application/json" id="careway-start">`). The server draws the page's
/// first screen from it, and the app's first render starts from the same values, so the
/// app takes over without a request and without anything on screen moving.
///
/// It never holds anything about a patient: whether a session exists, not whose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageStart {
    /// What `GET /api/v1/meta` answers.
    pub meta: Meta,
    /// The language the page was drawn in: the saved choice, else the browser's
    /// `Accept-Language`.
    pub lang: Lang,
    /// Elder mode, as saved on this device.
    pub elder: bool,
    /// Kiosk mode, as saved on this device.
    pub kiosk: bool,
    /// Whether the request came with a live session (`false`: the app starts signed out
    /// without asking).
    pub signed_in: bool,
    /// The hospital's date (`YYYY-MM-DD`) when the page was sent, so the first screen does
    /// not depend on a phone's clock.
    pub today: String,
    /// The departments, on the pages that start with them (`/booking`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departments: Option<Vec<booking::Department>>,
    /// An area's wall board, on `/board/{area}`: the calls are the page's largest text, so
    /// the screen is drawn with them rather than after a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board: Option<queue::Board>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_names_are_well_formed() {
        assert!(BASE_PATH.starts_with('/') && !BASE_PATH.ends_with('/'));
        for header in [CSRF_HEADER, IDEMPOTENCY_KEY_HEADER] {
            assert!(
                header
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "{header} is an HTTP header name"
            );
        }
    }

    #[test]
    fn local_text_falls_back_to_chinese() {
        let t = LocalText {
            zh: "内科".into(),
            en: String::new(),
        };
        assert_eq!(t.get(Lang::En), "内科");
        let t = LocalText {
            zh: "内科".into(),
            en: "Internal Medicine".into(),
        };
        assert_eq!(t.get(Lang::En), "Internal Medicine");
        assert_eq!(t.get(Lang::ZhCn), "内科");
    }
}
