//! What the app knows the moment it starts, before any request: the language, the
//! display mode, whether a session exists, the hospital's meta data, and the data of the
//! first page when the server sent it along.
//!
//! In the browser it comes from the page: the server embeds a [`PageStart`] as
//! `<script type="application/json" id="careway-start">` and the device's saved choices
//! are read from [`prefs`]. On the server (the `ssr` feature) the same [`Start`] is built
//! from the [`PageStart`] the server is about to embed, so both draw the first screen from
//! the same values and nothing moves when the app takes over.

use std::cell::RefCell;
use std::rc::Rc;

use careway_core::api::booking::Department;
use careway_core::api::queue::Board;
use careway_core::api::{Meta, PageStart};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use yew::prelude::*;

use super::prefs;

/// The id of the element holding the embedded [`PageStart`].
pub const START_ELEMENT: &str = "careway-start";

/// The app's starting values; provided as a context (`Rc<Start>`) by [`super::super::Providers`].
#[derive(Debug, Default)]
pub struct Start {
    /// The language to start in.
    pub lang: Lang,
    /// Elder mode is on.
    pub elder: bool,
    /// This device is a kiosk.
    pub kiosk: bool,
    /// `Some(false)`: the server saw no live session, so the app starts signed out without
    /// asking; `Some(true)` or unknown: the app asks.
    pub signed_in: Option<bool>,
    /// The meta document, when the page carried it.
    pub meta: Option<Meta>,
    /// The hospital's date when the page was sent.
    pub today: Option<CivilDate>,
    /// The departments, for the first page that wants them (taken once: a page opened
    /// later asks the server, so what it shows is never older than the visit).
    departments: RefCell<Option<Vec<Department>>>,
    /// The wall board, for the board page (taken once, like the departments).
    board: RefCell<Option<Board>>,
}

impl PartialEq for Start {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Start {
    /// The starting values the server sends with a page.
    pub fn from_server(page: PageStart) -> Start {
        Start {
            lang: page.lang,
            elder: page.elder,
            kiosk: page.kiosk,
            signed_in: Some(page.signed_in),
            today: CivilDate::parse(&page.today),
            meta: Some(page.meta),
            departments: RefCell::new(page.departments),
            board: RefCell::new(page.board),
        }
    }

    /// The starting values in the browser: the page's embedded [`PageStart`], with the
    /// choices saved on this device taking precedence (they are what the server read from
    /// the cookie too, unless the cookie was lost). Without an embedded block (the
    /// component tests), the device's choices and nothing else.
    pub fn from_page() -> Start {
        let saved = prefs::lang();
        let start = match embedded() {
            Some(page) => Start::from_server(page),
            None => Start {
                lang: prefs::device_lang(),
                ..Start::default()
            },
        };
        Start {
            lang: saved.unwrap_or(start.lang),
            elder: prefs::elder() || start.elder,
            kiosk: prefs::kiosk() || start.kiosk,
            ..start
        }
    }

    /// The departments the page came with, once.
    pub fn take_departments(&self) -> Option<Vec<Department>> {
        self.departments.borrow_mut().take()
    }

    /// The wall board the page came with, once.
    pub fn take_board(&self) -> Option<Board> {
        self.board.borrow_mut().take()
    }
}

/// The [`PageStart`] embedded in the page, if any.
fn embedded() -> Option<PageStart> {
    let document = crate::platform::window()?.document()?;
    let text = document.get_element_by_id(START_ELEMENT)?.text_content()?;
    let value = js_sys::JSON::parse(&text).ok()?;
    crate::api::json::from_value(value).ok()
}

/// The starting values.
#[hook]
pub fn use_start() -> Rc<Start> {
    use_context::<Rc<Start>>().unwrap_or_default()
}
