//! The draft of a survey kept on the device while the patient answers, so a reload, a
//! closed tab or a dropped connection loses nothing: the answers in the engine's JSON
//! ([`Response`], `in-progress`), under one key per survey, removed once the
//! server has the answers, and with everything else the account kept on the device when
//! it logs out ([`prefs::PRIVATE_PREFIX`]). A kiosk keeps none (the page passes no key
//! there), since the next person at it is a stranger.

use careway_core::questionnaire::Response;

use crate::api::{from_json, to_json};
use crate::app::contexts::prefs;

/// The key of the draft of survey `id`: private to the account, so forgotten at logout.
pub fn key(id: &str) -> String {
    format!("{}survey-draft.{id}", prefs::PRIVATE_PREFIX)
}

/// The draft of survey `id`, if one is kept and reads.
pub fn load(id: &str) -> Option<Response> {
    from_json(&prefs::read(&key(id))?).ok()
}

/// Keeps `response` as the draft of survey `id` (silently not, where storage refuses).
pub fn save(id: &str, response: &Response) {
    if let Ok(text) = to_json(response) {
        prefs::write(&key(id), Some(&text));
    }
}

/// Forgets the draft of survey `id`.
pub fn clear(id: &str) {
    prefs::write(&key(id), None);
}
