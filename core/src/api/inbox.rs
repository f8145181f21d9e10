//! The account's inbox: `GET /inbox`, `POST /inbox/{id}/read`.

use serde::{Deserialize, Serialize};

use super::LocalText;

/// One message from the hospital.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    /// The message's id.
    pub id: String,
    /// What it is about: `report` (a report is ready or changed), `survey` (a survey to
    /// answer), `complaint` (the follow-up of a complaint), `reminder` (a visit tomorrow),
    /// `education` (an article to read after a visit).
    pub kind: String,
    /// The family member it is about, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<String>,
    /// Its title in both languages.
    pub title: LocalText,
    /// Its text in both languages.
    pub body: LocalText,
    /// Where in the app it leads (`/reports/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// When it was sent (RFC 3339).
    pub created_at: String,
    /// Whether it was opened.
    pub read: bool,
}
