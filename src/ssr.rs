//! The server's way to draw a page's first screen with the app's own components (the
//! `ssr` feature, compiled into the server only; the browser build never has it).
//!
//! This is the one seam between server and app: [`render_page`] takes what the server is
//! about to embed in the page ([`PageStart`]) and the address, and returns the HTML of the
//! screen plus its styles. The browser then draws the same screen from the same values,
//! hidden, and swaps it in (see [`crate::app`]), so the first paint needs no WebAssembly
//! and nothing moves when the app takes over.
//!
//! Only what a page draws before any request can be drawn here: effects never run, the
//! window is absent ([`crate::platform`]), and what needs a session or a later request
//! shows its loading state, exactly as the app's first frame would.

use std::rc::Rc;

use careway_core::api::PageStart;
use stylist::manager::{render_static, StyleManager};
use stylist::yew::ManagerProvider;
use yew::prelude::*;
use yew::LocalServerRenderer;

use crate::app::contexts::start::Start;
use crate::app::frame::Shell;
use crate::app::router::Router;
use crate::app::{Pages, Providers, SERVER_STYLE_PREFIX};

/// A first screen drawn on the server.
#[derive(Debug, Default)]
pub struct FirstScreen {
    /// The markup of the screen (what goes inside `#first`).
    pub html: String,
    /// The `<style>` elements it needs (for `<head>`); their class names start with
    /// [`SERVER_STYLE_PREFIX`].
    pub styles: String,
}

/// Draws the first screen of the page at `path` (`?query` without the `?`, or empty) as
/// the app would from `start`. Runs on the calling thread with a runtime of its own (the
/// components are not `Send`); call it from a blocking task.
pub fn render_page(start: PageStart, path: &str, query: &str) -> std::io::Result<FirstScreen> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let local = tokio::task::LocalSet::new();
    let (writer, reader) = render_static();
    let manager = StyleManager::builder()
        .prefix(SERVER_STYLE_PREFIX.into())
        .writer(writer)
        .build()
        .map_err(|err| std::io::Error::other(err.to_string()))?;
    let props = ServerAppProps {
        start: Rc::new(Start::from_server(start)),
        manager,
        path: AttrValue::from(path.to_owned()),
        query: AttrValue::from(query.to_owned()),
    };
    let html = crate::ui::style::with_server_manager(props.manager.clone(), || {
        local.block_on(&runtime, async move {
            LocalServerRenderer::<ServerApp>::with_props(props)
                .hydratable(false)
                .render()
                .await
        })
    });
    let html = without_component_state(html);
    let mut styles = String::new();
    reader
        .read_style_data()
        .write_static_markup(&mut styles)
        .map_err(|err| std::io::Error::other(err.to_string()))?;
    Ok(FirstScreen { html, styles })
}

/// The element in which yew's server renderer leaves the state of components that
/// prepare it on the server (stylist's provider does, for its styles).
const COMPONENT_STATE: &str = "<script type=\"application/x-yew-comp-state\">";

/// `html` without the components' saved state: the app draws its own screen rather than
/// adopting the server's, so it never reads that state, and it is a third of the page
/// (12 KB of base64 that compresses badly) on every page.
fn without_component_state(mut html: String) -> String {
    while let Some(start) = html.find(COMPONENT_STATE) {
        let Some(len) = html[start..].find("</script>") else {
            break;
        };
        html.replace_range(start..start + len + "</script>".len(), "");
    }
    html
}

/// The properties of [`ServerApp`].
#[derive(Properties, PartialEq)]
struct ServerAppProps {
    start: Rc<Start>,
    manager: StyleManager,
    path: AttrValue,
    query: AttrValue,
}

/// The app as the browser's [`crate::app::App`] draws it, at a fixed address and with
/// its styles collected instead of put into a document.
#[component]
fn ServerApp(props: &ServerAppProps) -> Html {
    // Only a path of this app is drawn; anything else is drawn as home.
    let path = if props.path.starts_with('/') {
        props.path.clone()
    } else {
        AttrValue::Static("/")
    };
    let at = Some((path, props.query.clone()));
    html! {
        <ManagerProvider manager={props.manager.clone()}>
            <Providers start={props.start.clone()}>
                <Router {at}>
                    <Shell>
                        <Pages />
                    </Shell>
                </Router>
            </Providers>
        </ManagerProvider>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_state_of_components_is_left_out_and_nothing_else() {
        let html = format!(
            "<main>a</main>{COMPONENT_STATE}AQsBA3Nz</script><p>b</p>{COMPONENT_STATE}x</script>"
        );
        assert_eq!(without_component_state(html), "<main>a</main><p>b</p>");
        let open = format!("<p>c</p>{COMPONENT_STATE}never closed");
        assert_eq!(without_component_state(open.clone()), open);
    }
}
