//! The shell: the app's addresses, the state every page shares, and the frame the pages
//! are shown in.
//!
//! [`route`] names every address and imports no page; [`switch`] here is the one place
//! that maps addresses to pages, so it is the only module that knows them all. The
//! [`contexts`] hold what the whole app shares (language, display mode, session, the
//! hospital's meta data) and the preferences a device remembers; [`guard`] keeps the pages
//! that need an account behind a login; [`frame`] draws the header, the tab bar or kiosk
//! bar and the idle countdown around the page; [`pages`] are the shell's own small pages
//! (home, not found, the kiosk switch, "coming soon"). The journeys ([`crate::account`],
//! [`crate::booking`]) use the route, the contexts and the guard, never the frame.

pub mod contexts;
pub mod frame;
pub mod guard;
pub mod lazy;
pub mod pages;
pub mod route;
pub mod router;
pub mod start_over;

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_effect_on;

use self::contexts::display::{use_display, DisplayProvider};
use self::contexts::locale::LocaleProvider;
use self::contexts::meta::MetaProvider;
use self::contexts::session::SessionProvider;
use self::contexts::start::Start;
use self::frame::Shell;
use self::lazy::{Journey, LazyPage};
use self::pages::home::HomePage;
use self::pages::kiosk::KioskSwitchPage;
use self::pages::not_found::NotFoundPage;
use self::route::Route;
use self::router::{use_route, Router};
use crate::account::pages::login::LoginPage;
use crate::ui::theme::theme_styles;

/// The page for each route.
pub fn switch(route: Route) -> Html {
    match Journey::of(&route) {
        Some(journey) => html! { <LazyPage key={journey.name()} {journey} {route} /> },
        None => match route {
            Route::KioskEnter => html! { <KioskSwitchPage enter=true /> },
            Route::KioskExit => html! { <KioskSwitchPage enter=false /> },
            Route::NotFound => html! { <NotFoundPage /> },
            Route::Login => html! { <LoginPage /> },
            _ => html! { <HomePage /> },
        },
    }
}

/// The page the address names, as [`switch`] draws it.
#[component]
pub fn Pages() -> Html {
    switch(use_route().unwrap_or(Route::NotFound))
}

/// The properties of [`Providers`].
#[derive(Properties, PartialEq)]
pub struct ProvidersProps {
    /// The app, or in tests the component under test.
    pub children: Html,
    /// The starting values: in the browser read from the page (the default), on the
    /// server the ones it is about to embed.
    #[prop_or_else(start_from_page)]
    pub start: Rc<Start>,
}

fn start_from_page() -> Rc<Start> {
    Rc::new(Start::from_page())
}

/// The contexts every page relies on, in dependency order (everything starts from
/// [`Start`]; the meta request needs the language), plus the theme's global styles.
#[component]
pub fn Providers(props: &ProvidersProps) -> Html {
    html! {
        <ContextProvider<Rc<Start>> context={props.start.clone()}>
        <LocaleProvider>
            <DisplayProvider>
                <SessionProvider>
                    <MetaProvider>
                        <DisplayTheme />
                        { props.children.clone() }
                    </MetaProvider>
                </SessionProvider>
            </DisplayProvider>
        </LocaleProvider>
        </ContextProvider<Rc<Start>>>
    }
}

/// The theme of this device's display mode (elder, kiosk), kept in step with it.
#[component]
fn DisplayTheme() -> Html {
    let display = use_display();
    theme_styles(display.elder, display.kiosk)
}

/// The whole app.
#[component]
pub fn App() -> Html {
    // Effects run after the children rendered: the first page is drawn now.
    use_effect_on((), |()| mark_started());
    html! {
        <Providers>
            <Router>
                <Shell>
                    <Pages />
                </Shell>
            </Router>
        </Providers>
    }
}

/// The id of the element holding the server's drawing of the first screen (or, when the
/// server did not draw one, the loading screen of `index.html`).
pub const FIRST_ELEMENT: &str = "first";

/// The prefix of the class names in the server's drawing, so they never collide with the
/// ones the app's styles get in the browser.
pub const SERVER_STYLE_PREFIX: &str = "ssr";

/// The app takes over from the page the server sent, just before it draws: the server's
/// drawing of the first screen (and its styles) goes and `#app`, where the app is about to
/// draw the same screen from the same [`Start`], shows in its place. The app's first
/// render runs in the same turn of the browser (yew renders on the microtask queue), so
/// no frame is painted in between and nothing on screen moves; the pages' own effects
/// (a field taking the focus) then run on a visible page.
pub fn take_over() {
    let Some(document) = crate::platform::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(first) = document.get_element_by_id(FIRST_ELEMENT) {
        first.remove();
    }
    if let Ok(styles) =
        document.query_selector_all(&format!("style[data-style^='{SERVER_STYLE_PREFIX}-']"))
    {
        for i in 0..styles.length() {
            if let Some(style) = styles
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            {
                style.remove();
            }
        }
    }
    if let Some(app) = document.get_element_by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
}

/// Tells the watchdog of `index.html` (`boot.js`) that the app started, so it does not
/// show the "cannot start" message (and hides it, if a very slow start had it shown).
fn mark_started() {
    let Some(document) = crate::platform::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(message) = document.get_element_by_id("nowasm") {
        // The watchdog may have given up on a very slow network before the app arrived.
        let _ = message.set_attribute("hidden", "");
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
}
