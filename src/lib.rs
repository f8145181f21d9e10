//! Careway's patient app: a Yew single-page app compiled to WebAssembly.
//!
//! Data flows one way: a page asks a hook, the hook calls an [`api`] function, the answer
//! comes back as state. App-wide state (language, display mode, session, the hospital's
//! meta data) lives in the shell's contexts ([`app::contexts`]), beside the routes
//! ([`app::route`]) and the frame; every word on screen comes from [`i18n`]; every colour
//! and size from the theme of the UI kit ([`ui`]). Each journey ([`account`], [`booking`])
//! is a folder with its rules as plain data with reducers, tested natively, its pages and
//! its parts; pages that need an account sit inside [`app::guard::RequireLogin`].

pub mod account;
pub mod api;
pub mod app;
pub mod booking;
pub mod hooks;
pub mod i18n;
pub mod ui;

/// Mounts the app into `#app` of `index.html` (or the body, if a page has no `#app`).
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
