//! The whole app at an address, for the page tests: [`At`] mounts the app's providers and
//! its route switch at a fixed address (navigation moves only the app's own address), and [`js`] / [`answer`] drive the stand-in
//! `fetch` a test installs (`window.__routes`).

use careway::app::router::Router;
use careway::app::{Pages, Providers};
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The properties of [`At`].
#[derive(Properties, PartialEq)]
pub struct AtProps {
    /// The address to start at, with its query.
    pub path: AttrValue,
}

/// The app's pages at `path`, with every provider the real app has.
#[component]
pub fn At(props: &AtProps) -> Html {
    let (path, query) = props.path.split_once('?').unwrap_or((&props.path, ""));
    let at = Some((
        AttrValue::from(path.to_owned()),
        AttrValue::from(query.to_owned()),
    ));
    html! {
        <Providers>
            <Router {at}>
                <Pages />
            </Router>
        </Providers>
    }
}

/// Runs `script` (with `window` as usual) and returns its value.
pub fn js(script: &str) -> JsValue {
    js_sys::Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .expect("the script runs")
}

/// Sets the stand-in `fetch`'s answer to `route` (`"GET /api/v1/queue"`).
pub fn answer(route: &str, status: u16, json: &str) {
    js(&format!(
        "window.__routes[{route:?}] = [{status}, JSON.parse({json:?})];"
    ));
}
