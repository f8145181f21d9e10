//! The whole app at an address, for the page tests: [`At`] mounts the app's providers and
//! its route switch on an in-memory history, and [`js`] / [`answer`] drive the stand-in
//! `fetch` a test installs (`window.__routes`).

use careway::app::route::Route;
use careway::app::{switch, Providers};
use wasm_bindgen::JsValue;
use yew::prelude::*;
use yew_router::history::{AnyHistory, History, MemoryHistory};
use yew_router::{Router, Switch};

/// The properties of [`At`].
#[derive(Properties, PartialEq)]
pub struct AtProps {
    /// The address to start at, with its query.
    pub path: AttrValue,
}

/// The app's pages at `path`, with every provider the real app has.
#[component]
pub fn At(props: &AtProps) -> Html {
    let history = use_memo(props.path.clone(), |path| {
        let history = AnyHistory::from(MemoryHistory::new());
        // The memory history takes a query only on its own.
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect();
        history.replace_with_query(path, pairs).expect("a query");
        history
    });
    html! {
        <Providers>
            <Router history={(*history).clone()}>
                <Switch<Route> render={switch} />
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
