//! The pages the server sends: `index.html` with the page's first screen already drawn in
//! it, in the patient's language and display mode, and the values the app starts from.
//!
//! For every page address (`/`, `/booking`, `/login`, any deep link) the server:
//! 1. works out the [`PageStart`]: the language (the device's saved choice in the
//!    `careway_prefs` cookie, else `Accept-Language`), elder and kiosk mode (the same
//!    cookie), whether a live session came with the request (not whose), the hospital's
//!    date, the meta document, on `/booking` the departments and on `/board/{area}` the
//!    area's board;
//! 2. draws the first screen with the app's own components ([`careway::ssr`], the one seam
//!    between server and app) on a blocking thread;
//! 3. puts the drawing into `#first`, its styles and the [`PageStart`] (as
//!    `<script type="application/json" id="careway-start">`, which is data, not script)
//!    into `<head>`, and hides `#app`, which the app shows in place of `#first` as it
//!    draws the same screen.
//!
//! If drawing fails the page goes out as built, with its loading screen: the app still
//! starts. The page never holds anything about a patient.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use careway_core::api::PageStart;
use careway_core::locale::Lang;

use super::auth::{cookie, session_token};
use super::catalogue::all_for_patients;
use super::error::request_lang;
use super::meta;
use crate::{secrets, store, AppState};

/// The id of the data block holding the [`PageStart`]; the app reads it by this id.
pub const START_ELEMENT: &str = "careway-start";

/// The cookie in which the app mirrors the device's choices (see the app's `prefs`).
pub const PREFS_COOKIE: &str = "careway_prefs";

/// Where the first screen goes in `index.html`: between these two comments inside
/// `<div id="first">` (the loading screen stands there in the built file).
const FIRST_OPEN: &str = "<!--first-->";
const FIRST_CLOSE: &str = "<!--/first-->";

/// The device's choices as its cookie tells them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// The language chosen in the app, if one was.
    pub lang: Option<Lang>,
    /// Elder mode.
    pub elder: bool,
    /// Kiosk mode.
    pub kiosk: bool,
}

/// Reads the `careway_prefs` cookie (`zh-CN.elder.kiosk`, any part optional); anything
/// it does not know is ignored.
pub fn prefs(headers: &HeaderMap) -> Prefs {
    let value = cookie(headers, PREFS_COOKIE).unwrap_or_default();
    let mut prefs = Prefs::default();
    for part in value.split('.').take(8) {
        match part {
            "elder" => prefs.elder = true,
            "kiosk" => prefs.kiosk = true,
            tag => prefs.lang = prefs.lang.or_else(|| Lang::from_tag(tag)),
        }
    }
    prefs
}

/// Everything the page starts from, for a request to `path` with these headers.
pub async fn page_start(state: &AppState, headers: &HeaderMap, path: &str) -> PageStart {
    let prefs = prefs(headers);
    let signed_in = match session_token(headers, state.config.is_https()) {
        Some(token) => {
            let hash = secrets::token_hash(token);
            // A database hiccup draws the page as for a visitor; the app asks again.
            store::accounts::touch_session(&state.db, &hash, state.clock.now())
                .await
                .ok()
                .flatten()
                .is_some()
        }
        None => false,
    };
    let departments = if path.trim_end_matches('/') == "/booking" {
        all_for_patients(state).await.ok()
    } else {
        None
    };
    let board = match path.strip_prefix("/board/") {
        Some(area) if !area.is_empty() && !area.contains('/') => {
            // A database hiccup draws the board without calls; the app asks again.
            match super::queue::ensure_day(state).await {
                Ok(()) => state.queue.board(area),
                Err(_) => None,
            }
        }
        _ => None,
    };
    PageStart {
        meta: meta::of(state),
        lang: prefs.lang.unwrap_or_else(|| request_lang(headers)),
        elder: prefs.elder,
        kiosk: prefs.kiosk,
        signed_in,
        today: state.today().to_string(),
        departments,
        board,
    }
}

/// The page for a request: `template` (`index.html` as served) with the first screen of
/// `path` drawn in.
pub async fn respond(
    state: &AppState,
    template: &str,
    headers: &HeaderMap,
    path: &str,
    query: &str,
) -> Response {
    let start = page_start(state, headers, path).await;
    // A page that shows nothing without a login: the visitor without a session goes to
    // the login page at once, which is then what the server draws (rather than a
    // spinner the app would replace with the login page once its wasm has arrived).
    if !start.signed_in {
        if let Some(login) = careway::app::route::login_first(path, query) {
            return (
                StatusCode::SEE_OTHER,
                [
                    (
                        header::LOCATION,
                        HeaderValue::from_str(&login).unwrap_or(HeaderValue::from_static("/login")),
                    ),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("private, no-cache"),
                    ),
                    (header::VARY, HeaderValue::from_static("Cookie")),
                ],
            )
                .into_response();
        }
    }
    let drawn = {
        let (start, path, query) = (start.clone(), path.to_owned(), query.to_owned());
        tokio::task::spawn_blocking(move || careway::ssr::render_page(start, &path, &query)).await
    };
    let screen = match drawn {
        Ok(Ok(screen)) => Some(screen),
        Ok(Err(err)) => {
            tracing::error!(%path, %err, "cannot draw the first screen; sending the loading screen");
            None
        }
        Err(err) => {
            tracing::error!(%path, %err, "drawing the first screen failed; sending the loading screen");
            None
        }
    };
    let html = assemble(template, &start, screen.as_ref());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            // Drawn for this device's cookie and language: never shared, always revalidated.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            ),
            (
                header::VARY,
                HeaderValue::from_static("Cookie, Accept-Language"),
            ),
        ],
        html,
    )
        .into_response()
}

/// `template` with the page's language and title, the start block and the first screen.
pub fn assemble(
    template: &str,
    start: &PageStart,
    screen: Option<&careway::ssr::FirstScreen>,
) -> String {
    let mut html = template.to_owned();
    let lang = start.lang;
    if let Some(at) = html.find("<html lang=\"") {
        let from = at + "<html lang=\"".len();
        if let Some(len) = html[from..].find('"') {
            html.replace_range(from..from + len, lang.tag());
        }
    }
    if let (Some(open), Some(close)) = (html.find("<title>"), html.find("</title>")) {
        if open < close {
            let name = escape_html(start.meta.hospital.short_name.get(lang));
            html.replace_range(open + "<title>".len()..close, &name);
        }
    }
    let json = serde_json::to_string(start).unwrap_or_default();
    // Inside <script>, only "</script" could end the block early: no '<' is left.
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let mut head =
        format!("<script type=\"application/json\" id=\"{START_ELEMENT}\">{json}</script>\n");
    if let Some(screen) = screen {
        head.insert_str(0, &screen.styles);
        if let (Some(open), Some(close)) = (html.find(FIRST_OPEN), html.find(FIRST_CLOSE)) {
            if open < close {
                html.replace_range(open + FIRST_OPEN.len()..close, &screen.html);
                html = html.replacen("<div id=\"app\">", "<div id=\"app\" hidden>", 1);
            }
        }
    }
    if let Some(at) = html.find("</head>") {
        html.insert_str(at, &head);
    }
    html
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        headers
    }

    /// A meta document whose hospital name tries to end the data block early.
    fn meta() -> careway_core::api::Meta {
        let text = |s: &str| careway_core::api::LocalText {
            zh: s.to_owned(),
            en: s.to_owned(),
        };
        careway_core::api::Meta {
            hospital: careway_core::api::Hospital {
                name: text("A </script><script>alert(1)</script> & B"),
                short_name: text("A"),
                address: text("Road"),
                phone: "020-1".to_owned(),
                emergency_phone: "120".to_owned(),
            },
            time_zone: "Asia/Shanghai".to_owned(),
            languages: careway_core::locale::Lang::ALL.to_vec(),
            demo: false,
            demo_phone: None,
            kiosk_idle_seconds: 90,
            department_count: 1,
            venue: None,
            version: "0".to_owned(),
        }
    }

    fn start() -> PageStart {
        PageStart {
            meta: meta(),
            lang: Lang::En,
            elder: false,
            kiosk: false,
            signed_in: false,
            today: "2026-12-01".to_owned(),
            departments: None,
            board: None,
        }
    }

    const TEMPLATE: &str = "<html lang=\"zh-CN\"><head><title>Careway</title></head><body>\
        <div id=\"first\"><!--first--><p>loading</p><!--/first--></div>\
        <div id=\"app\"></div></body></html>";

    #[test]
    fn the_start_block_is_data_that_cannot_end_its_block() {
        let html = assemble(TEMPLATE, &start(), None);
        let open = "<script type=\"application/json\" id=\"careway-start\">";
        let from = html.find(open).expect("the block is in <head>") + open.len();
        let end = from + html[from..].find("</script>").unwrap();
        assert!(html[end..].starts_with("</script>\n</head>"), "{html}");
        let json = &html[from..end];
        assert!(!json.contains('<') && !json.contains('&'), "{json}");
        let read: PageStart = serde_json::from_str(json).unwrap();
        assert_eq!(read, start());
        assert!(html.contains("<html lang=\"en\">"), "{html}");
        assert!(html.contains("<title>A</title>"), "{html}");
        assert!(
            html.contains("<p>loading</p>") && html.contains("<div id=\"app\"></div>"),
            "without a drawing the loading screen stays and the app is not hidden: {html}"
        );
    }

    #[test]
    fn the_first_screen_replaces_the_loading_screen_and_hides_the_app_until_it_takes_over() {
        let screen = careway::ssr::FirstScreen {
            html: "<main>drawn</main>".to_owned(),
            styles: "<style data-style=\"ssr-style-0\">main{}</style>".to_owned(),
        };
        let html = assemble(TEMPLATE, &start(), Some(&screen));
        assert!(
            html.contains("<!--first--><main>drawn</main><!--/first-->"),
            "{html}"
        );
        assert!(!html.contains("loading"), "{html}");
        assert!(html.contains("<div id=\"app\" hidden>"), "{html}");
        let styles = html.find("ssr-style-0").unwrap();
        assert!(
            styles < html.find("</head>").unwrap(),
            "styles in <head>: {html}"
        );
    }

    #[test]
    fn the_prefs_cookie_is_read_part_by_part() {
        assert_eq!(prefs(&HeaderMap::new()), Prefs::default());
        assert_eq!(
            prefs(&cookie("a=1; careway_prefs=en.elder; b=2")),
            Prefs {
                lang: Some(Lang::En),
                elder: true,
                kiosk: false
            }
        );
        assert_eq!(
            prefs(&cookie("careway_prefs=kiosk.zh-CN")),
            Prefs {
                lang: Some(Lang::ZhCn),
                elder: false,
                kiosk: true
            }
        );
        assert_eq!(
            prefs(&cookie("careway_prefs=fr.<script>")),
            Prefs::default()
        );
    }
}
