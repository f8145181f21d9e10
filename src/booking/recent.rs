//! The departments opened lately on this device, offered as shortcuts on the booking
//! page: what to keep (plain, tested natively) and where it is kept (the device's
//! preferences, never on a kiosk).

use crate::app::contexts::prefs;

/// How many departments "recently used" remembers.
pub const RECENT_MAX: usize = 4;

/// The departments opened lately, most recent first, from what the device stored.
pub fn recent(stored: &str) -> Vec<&str> {
    stored
        .split(',')
        .filter(|id| !id.is_empty())
        .take(RECENT_MAX)
        .collect()
}

/// The key of the departments opened lately (ids, comma-separated, latest first).
const RECENT_KEY: &str = "careway.recent-departments";

/// The departments opened lately, as this device stored them (see [`recent`]).
pub fn stored_recent() -> String {
    prefs::read(RECENT_KEY).unwrap_or_default()
}

/// Remembers that department `id` was opened. Not on a kiosk: the next visitor's
/// shortcuts should not show what the last one looked at.
pub fn remember_department(id: &str) {
    if !prefs::kiosk() {
        prefs::write(RECENT_KEY, Some(&recent_after(&stored_recent(), id)));
    }
}

/// What the device stores after the patient opened department `id`: it first, then the
/// others, at most [`RECENT_MAX`].
pub fn recent_after(stored: &str, id: &str) -> String {
    if id.is_empty() || id.contains(',') {
        return recent(stored).join(",");
    }
    let mut list = vec![id];
    list.extend(recent(stored).into_iter().filter(|other| *other != id));
    list.truncate(RECENT_MAX);
    list.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_departments_keep_the_latest_first_without_repeats() {
        assert_eq!(recent(""), Vec::<&str>::new());
        assert_eq!(recent_after("", "neurology"), "neurology");
        assert_eq!(
            recent_after("cardiology,neurology", "neurology"),
            "neurology,cardiology"
        );
        assert_eq!(recent_after("a,b,c,d", "e"), "e,a,b,c");
        assert_eq!(
            recent_after("a,b", "x,y"),
            "a,b",
            "an id with a comma is not stored"
        );
        assert_eq!(recent("a,,b,c,d,e,f"), ["a", "b", "c", "d"]);
    }
}
