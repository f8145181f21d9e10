//! Careway's patient app: a Yew single-page app compiled to WebAssembly.
//!
//! Data flows one way, for reads and writes alike: a page asks a hook ([`hooks::use_fetch`]
//! to read, [`hooks::use_mutation`] to write), the hook calls an [`api`] function, the
//! answer comes back as state the page draws.
//!
//! The code is a folder per journey beside the shared parts. [`app`] is the shell: the
//! routes ([`app::route`], which imports no page), the contexts every page shares
//! (language, display mode, session, the hospital's meta data), the guard of the pages that
//! need an account ([`app::guard::RequireLogin`]), the frame, and the shell's own pages.
//! [`ui`] is the UI kit and its theme; [`hooks`] are generic; every word on screen comes
//! from [`i18n`]. Each journey ([`account`], [`booking`], [`queue`], …) holds its rules as
//! plain data with reducers, tested natively (`state`), its pages and its parts; journeys
//! use the shell's route, contexts and guard and the UI kit, never the frame and never each
//! other.

pub mod account;
pub mod api;
pub mod app;
pub mod booking;
pub mod hooks;
pub mod i18n;
pub mod inbox;
pub mod navigation;
pub mod platform;
pub mod queue;
pub mod reports;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod surveys;
pub mod ui;

/// Mounts the app into `#app` of `index.html` (or the body, if a page has no `#app`),
/// taking over from the first screen the server drew (see [`app::take_over`]), after
/// fetching the code of the page's journey when the build keeps it apart ([`app::lazy`]).
///
/// When the server drew one, the app waits until the browser has painted it (two
/// animation frames, or [`PAINT_WAIT_MS`] at most, for a tab in the background where
/// frames do not run): on a fast network the app would otherwise replace the drawing
/// before its first frame, and the patient's first screen would wait for the app after all.
pub fn start() {
    let journey = platform::window()
        .and_then(|w| w.location().pathname().ok())
        .map(|path| app::route::Route::recognize(&path))
        .and_then(|route| app::lazy::Journey::of(&route))
        .filter(|&journey| app::lazy::loaded(journey).is_none());
    match journey {
        // The page the server drew is taken over by the same page, so its journey's code
        // comes first; when it cannot be fetched, the page says so and offers a retry.
        Some(journey) => wasm_bindgen_futures::spawn_local(async move {
            let _ = app::lazy::load(journey).await;
            take_over_after_paint();
        }),
        None => take_over_after_paint(),
    }
}

/// Mounts the app once the server's drawing (if any) has been painted.
fn take_over_after_paint() {
    let document = platform::window().and_then(|w| w.document());
    let drawn = document
        .as_ref()
        .and_then(|d| d.get_element_by_id(app::FIRST_ELEMENT))
        .is_some_and(|first| first.query_selector("main").ok().flatten().is_some());
    match platform::window() {
        Some(window) if drawn => after_paint(&window, mount),
        _ => mount(),
    }
}

/// The longest the app waits for the server's drawing to be painted.
pub const PAINT_WAIT_MS: i32 = 250;

/// Runs `then` once, after the next two animation frames or after [`PAINT_WAIT_MS`],
/// whichever comes first.
fn after_paint(window: &web_sys::Window, then: fn()) {
    use std::cell::Cell;
    use std::rc::Rc;

    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let done = Rc::new(Cell::new(false));
    let once = {
        let done = done.clone();
        move || {
            if !done.replace(true) {
                then();
            }
        }
    };
    let by_timer = once.clone();
    let timer = Closure::once_into_js(by_timer);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        timer.unchecked_ref(),
        PAINT_WAIT_MS,
    );
    let second_frame = Closure::once_into_js(once);
    let first_frame = {
        let window = window.clone();
        Closure::once_into_js(move || {
            let _ = window.request_animation_frame(second_frame.unchecked_ref());
        })
    };
    let _ = window.request_animation_frame(first_frame.unchecked_ref());
}

/// Takes over from the server's drawing and draws the app.
fn mount() {
    app::take_over();
    let root = crate::platform::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
