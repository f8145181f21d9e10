//! The hospital's meta data (`GET /api/v1/meta`), loaded once for the whole app.
//!
//! Pages read the hospital's name and phone, the demo flag and the kiosk idle time from
//! here instead of each fetching it. While it loads or after it failed, the hospital's
//! phone still comes from the page itself: the server writes it into `index.html` for the
//! no-WebAssembly message, so a patient always has a number to call.

use std::ops::Deref;

use careway_core::api::Meta;
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::start::use_start;
use crate::api;
use crate::hooks::DEFAULT_IDLE_SECONDS;
use crate::hooks::{use_fetch_from, FetchState};
use crate::ui::phone_link::Phone;

/// The hospital's meta data as it loads, and what the app derives from it; derefs to the
/// [`FetchState`].
#[derive(Clone, Debug, PartialEq)]
pub struct MetaHandle {
    state: FetchState<Meta>,
    /// The hospital's date the server sent with the page (used where there is no browser
    /// clock: the server's own first-screen render).
    start_today: Option<CivilDate>,
    retry: Callback<()>,
    page_phone: Option<Phone>,
}

impl Default for MetaHandle {
    fn default() -> Self {
        MetaHandle {
            state: FetchState::Loading,
            start_today: None,
            retry: Callback::noop(),
            page_phone: None,
        }
    }
}

impl MetaHandle {
    /// The meta data, once loaded.
    pub fn meta(&self) -> Option<&Meta> {
        self.state.data()
    }

    /// The hospital's short name in `lang`, once loaded, for the header and page title.
    pub fn hospital_name(&self, lang: Lang) -> Option<&str> {
        self.meta().map(|m| m.hospital.short_name.get(lang))
    }

    /// The number patients call when the app cannot help: from the meta data, else from
    /// the page the server sent.
    pub fn phone(&self) -> Option<Phone> {
        self.meta()
            .and_then(|m| Phone::parse(&m.hospital.phone))
            .or_else(|| self.page_phone.clone())
    }

    /// Whether the server runs the demo hospital.
    pub fn is_demo(&self) -> bool {
        self.meta().is_some_and(|m| m.demo)
    }

    /// Seconds without input before a kiosk starts over.
    pub fn kiosk_idle_seconds(&self) -> u32 {
        self.meta()
            .map_or(DEFAULT_IDLE_SECONDS, |m| m.kiosk_idle_seconds)
    }

    /// Today in the hospital's time zone (the browser's own until the meta data loads):
    /// the date ages and birth dates are reckoned against.
    pub fn today(&self) -> CivilDate {
        if cfg!(target_arch = "wasm32") {
            today_in(self.time_zone())
        } else {
            self.start_today.unwrap_or(CivilDate {
                year: 2000,
                month: 1,
                day: 1,
            })
        }
    }

    /// The hospital's IANA time zone (until the meta data loads, the default one).
    pub fn time_zone(&self) -> &str {
        self.meta()
            .map_or("Asia/Shanghai", |m| m.time_zone.as_str())
    }

    /// An instant the API sent (RFC 3339) as the hospital's clocks show it: the date and
    /// `HH:MM`.
    pub fn local_time(&self, instant: &str) -> Option<(CivilDate, String)> {
        local_time(instant, self.time_zone())
    }

    /// Loads the meta data again (after a failure).
    pub fn retry(&self) {
        self.retry.emit(());
    }

    /// The retry as a callback, for a button.
    pub fn retry_callback(&self) -> Callback<()> {
        self.retry.clone()
    }
}

impl Deref for MetaHandle {
    type Target = FetchState<Meta>;

    fn deref(&self) -> &FetchState<Meta> {
        &self.state
    }
}

/// Today's date in the IANA time zone `zone`, by the browser's clock; the browser's own
/// date if the browser does not know the zone.
pub fn today_in(zone: &str) -> CivilDate {
    let now = js_sys::Date::new_0();
    civil_in(&now, zone)
        .map(|(date, _)| date)
        .or_else(|| {
            // Months count from 0 in JavaScript.
            CivilDate::new(
                now.get_full_year() as i32,
                (now.get_month() + 1) as u8,
                now.get_date() as u8,
            )
        })
        .unwrap_or(CivilDate {
            year: 2000,
            month: 1,
            day: 1,
        })
}

/// The date and the `HH:MM` on the clocks of the IANA time zone `zone` at `instant` (RFC
/// 3339, as the API sends instants); `None` for an instant the browser cannot read or a
/// zone it does not know.
pub fn local_time(instant: &str, zone: &str) -> Option<(CivilDate, String)> {
    if !cfg!(target_arch = "wasm32") {
        // Drawn on the server: no `Intl` to ask; the browser draws the time.
        return None;
    }
    let ms = js_sys::Date::parse(instant);
    if ms.is_nan() {
        return None;
    }
    civil_in(&js_sys::Date::new(&JsValue::from_f64(ms)), zone)
}

/// `date` on the clocks of `zone`, read from `toLocaleString("en-US", …)`; `None` if the
/// browser does not know the zone (which makes `toLocaleString` throw, hence the call
/// through `Reflect.apply`, which turns the throw into an `Err`).
fn civil_in(date: &js_sys::Date, zone: &str) -> Option<(CivilDate, String)> {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let format: js_sys::Function = js_sys::Reflect::get(date, &"toLocaleString".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args = js_sys::Array::of2(&JsValue::from_str("en-US"), &options);
    let text = js_sys::Reflect::apply(&format, date, &args)
        .ok()?
        .as_string()?;
    let (day, time) = text.split_once(',')?;
    Some((us_date(day)?, clock_time(time)?))
}

/// Reads the time `en-US` writes (`07:05`, or `7:05 AM` where the browser ignores the
/// 24-hour request; `24:00` for midnight in some) as `HH:MM`.
fn clock_time(text: &str) -> Option<String> {
    let text = text.trim();
    let (hour, rest) = text.split_once(':')?;
    let mut hour: u32 = hour.trim().parse().ok()?;
    let minute: u32 = rest.get(..2)?.parse().ok()?;
    let suffix = rest[2..].trim().to_ascii_uppercase();
    match suffix.as_str() {
        "PM" if hour < 12 => hour += 12,
        "AM" if hour == 12 => hour = 0,
        "" | "AM" | "PM" => {}
        _ => return None,
    }
    if hour == 24 {
        hour = 0;
    }
    (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

/// Reads `MM/DD/YYYY`, the way `en-US` writes dates.
fn us_date(text: &str) -> Option<CivilDate> {
    let mut parts = text.trim().split('/');
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    CivilDate::new(year, month, day)
}

/// The phone number the server wrote into the page's no-WebAssembly message, unless the
/// page still holds the placeholder (a static server, a test page).
fn phone_from_page() -> Option<Phone> {
    let document = crate::platform::window()?.document()?;
    let link = document
        .query_selector("#nowasm a[href^='tel:']")
        .ok()
        .flatten()?;
    let text = link.text_content()?;
    if text.contains("__") {
        return None;
    }
    Phone::parse(&text)
}

/// The properties of [`MetaProvider`].
#[derive(Properties, PartialEq)]
pub struct MetaProviderProps {
    /// The part of the app that knows the hospital.
    pub children: Html,
}

/// Provides the meta data to everything inside: the copy embedded in the page when there
/// is one (no request before the first page), else loaded once. Must sit inside the
/// locale provider (the request carries the language).
#[component]
pub fn MetaProvider(props: &MetaProviderProps) -> Html {
    let start = use_start();
    let start_today = start.today;
    let fetch = use_fetch_from(
        move || start.meta.clone(),
        |lang, signal| async move { api::meta::get(lang, signal.as_ref()).await },
    );
    let page_phone = use_memo((), |()| phone_from_page());
    let handle = MetaHandle {
        state: (*fetch).clone(),
        start_today,
        retry: fetch.retry_callback(),
        page_phone: (*page_phone).clone(),
    };
    html! {
        <ContextProvider<MetaHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<MetaHandle>>
    }
}

/// The hospital's meta data.
#[hook]
pub fn use_meta() -> MetaHandle {
    use_context::<MetaHandle>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_dates_read_back() {
        assert_eq!(
            us_date("11/23/2026"),
            Some(CivilDate {
                year: 2026,
                month: 11,
                day: 23
            })
        );
        assert_eq!(us_date("02/30/2026"), None);
        assert_eq!(us_date("2026-11-23"), None);
        assert_eq!(us_date("11/23/2026/1"), None);
    }

    #[test]
    fn clock_times_read_back_in_24_hours() {
        assert_eq!(clock_time(" 07:05").as_deref(), Some("07:05"));
        assert_eq!(clock_time("7:05 PM").as_deref(), Some("19:05"));
        assert_eq!(clock_time("12:30 AM").as_deref(), Some("00:30"));
        assert_eq!(clock_time("24:00").as_deref(), Some("00:00"));
        assert_eq!(clock_time("7:5"), None);
        assert_eq!(clock_time("07:05 xx"), None);
    }
}
