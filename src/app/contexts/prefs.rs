//! The few choices this device remembers between visits: language, elder mode and kiosk
//! mode, and the way to remember anything else a journey keeps on the device ([`read()`],
//! [`write()`]; booking keeps the departments opened lately).
//!
//! They live in `localStorage` under `careway.*` keys, and language and display mode are
//! mirrored in the `careway_prefs` cookie (see [`COOKIE`]) so the server draws the first
//! screen of the next page in the same language and mode. Nothing about a patient is stored
//! here, only how the screen should look and which shortcuts are worth showing; the one
//! exception, a journey's unsent work for the logged-in account (a survey's answers), sits
//! under [`PRIVATE_PREFIX`] and is forgotten at logout. Storage can
//! be missing or refuse writes (private browsing, some webviews, a full quota): every
//! function then behaves as if nothing were stored, so the app still starts with its
//! defaults.

use careway_core::locale::Lang;

/// The start of the keys of what a journey keeps for the logged-in account only (a
/// survey's unsent answers): [`forget_private`] removes them all at logout, so the next
/// person on the device finds none of it.
pub const PRIVATE_PREFIX: &str = "careway.private.";

/// The key of the chosen language (`zh-CN` or `en`).
const LANG_KEY: &str = "careway.lang";
/// The key of elder mode (`1` when on).
const ELDER_KEY: &str = "careway.elder";
/// The key of kiosk mode (`1` when on).
const KIOSK_KEY: &str = "careway.kiosk";

/// The cookie the server reads the device's choices from: the saved language tag (if
/// any), `elder` and `kiosk`, joined by `.` (`careway_prefs=en.elder`). Not secret and
/// not about a patient; it only says how to draw the page.
pub const COOKIE: &str = "careway_prefs";

/// The cookie's value for these choices.
pub fn cookie_value(lang: Option<Lang>, elder: bool, kiosk: bool) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(lang.map(Lang::tag));
    if elder {
        parts.push("elder");
    }
    if kiosk {
        parts.push("kiosk");
    }
    parts.join(".")
}

/// Writes the device's current choices into the cookie (a year long; deleted when there
/// is nothing to say).
fn mirror_in_cookie() {
    use wasm_bindgen::JsCast;
    let Some(document) = crate::platform::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return;
    };
    let value = cookie_value(lang(), elder(), kiosk());
    let max_age = if value.is_empty() { 0 } else { 31_536_000 };
    // Refused only where cookies are off: the server then draws its defaults.
    let _ = document.set_cookie(&format!(
        "{COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Lax"
    ));
}

fn storage() -> Option<web_sys::Storage> {
    crate::platform::window()?.local_storage().ok().flatten()
}

/// What this device stores under `key`, if anything (a `careway.*` key).
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` on this device, or forgets it with `None`; a refused write
/// is not an error.
pub fn write(key: &str, value: Option<&str>) {
    if let Some(storage) = storage() {
        // A refused write only means the choice is not remembered next time.
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// Forgets every key under [`PRIVATE_PREFIX`] (logging out, a kiosk starting over).
pub fn forget_private() {
    let Some(storage) = storage() else {
        return;
    };
    let n = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PRIVATE_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// The language the patient chose on this device, if any.
pub fn lang() -> Option<Lang> {
    read(LANG_KEY).as_deref().and_then(Lang::from_tag)
}

/// Remembers the chosen language, or forgets it with `None`.
pub fn set_lang(lang: Option<Lang>) {
    write(LANG_KEY, lang.map(Lang::tag));
    mirror_in_cookie();
}

/// Whether elder mode was left on.
pub fn elder() -> bool {
    read(ELDER_KEY).as_deref() == Some("1")
}

/// Remembers elder mode.
pub fn set_elder(on: bool) {
    write(ELDER_KEY, on.then_some("1"));
    mirror_in_cookie();
}

/// Whether this device is a lobby kiosk.
pub fn kiosk() -> bool {
    read(KIOSK_KEY).as_deref() == Some("1")
}

/// Remembers kiosk mode.
pub fn set_kiosk(on: bool) {
    write(KIOSK_KEY, on.then_some("1"));
    mirror_in_cookie();
}

/// The browser's preferred languages (`navigator.languages`, else `navigator.language`),
/// most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = crate::platform::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// The language this device starts in when nobody chose one: the browser's first language
/// Careway speaks, else Chinese.
pub fn device_lang() -> Lang {
    Lang::from_preferences(browser_languages().iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_says_only_what_was_chosen() {
        assert_eq!(cookie_value(None, false, false), "");
        assert_eq!(cookie_value(Some(Lang::En), true, false), "en.elder");
        assert_eq!(
            cookie_value(Some(Lang::ZhCn), true, true),
            "zh-CN.elder.kiosk"
        );
        assert_eq!(cookie_value(None, false, true), "kiosk");
    }
}
