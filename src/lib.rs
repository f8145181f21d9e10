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
//! from [`i18n`]. Each journey ([`account`], [`booking`]) holds its rules as plain data with
//! reducers, tested natively (`state`), its pages and its parts; journeys use the shell's
//! route, contexts and guard and the UI kit, never the frame and never each other.

pub mod account;
pub mod api;
pub mod app;
pub mod booking;
pub mod hooks;
pub mod i18n;
pub mod platform;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

/// Mounts the app into `#app` of `index.html` (or the body, if a page has no `#app`),
/// taking over from the first screen the server drew (see [`app::take_over`]).
pub fn start() {
    app::take_over();
    let root = crate::platform::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
