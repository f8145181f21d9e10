//! The address bar as the app's state: which page is open (its path and query), and the
//! way to open another without reloading.
//!
//! [`Router`] holds the address and gives it to every page through a context: in the
//! browser it follows the address bar (its own pushes and the Back and Forward buttons);
//! on the server it stands at the address being drawn. Pages read it with
//! [`use_location`] and [`use_route`], and move with the [`Navigator`] of
//! [`use_navigator`].
//!
//! Written here rather than taken from yew-router, which did the same for this app at a
//! cost of ~10 KB brotli of the download: its route matcher, its history crate (which keeps
//! a JSON decoder of its own for the history's state, and with it the formatting of
//! floating-point numbers) and a second copy of gloo. The app's addresses are a fixed list
//! ([`Route::recognize`]), and it keeps nothing in the history but a number.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use super::route::Route;

/// One address the app was at: the path, the query, and what the page that opened it
/// handed over ([`Navigator::replace_with_state`]).
#[derive(Clone)]
pub struct Location {
    path: Rc<str>,
    /// With its `?`, or empty (as the browser's `location.search`).
    query: Rc<str>,
    state: Option<Rc<dyn Any>>,
    /// The visit: every navigation is a new one, also to the same address.
    id: u32,
}

impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.path == other.path && self.query == other.query
    }
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{} (#{})", self.path, self.query, self.id)
    }
}

impl Location {
    /// An address of this app: `path` and `query` (with or without its `?`).
    fn new(path: &str, query: &str, state: Option<Rc<dyn Any>>, id: u32) -> Location {
        let query = query.trim_start_matches('?');
        Location {
            path: path.into(),
            query: if query.is_empty() {
                "".into()
            } else {
                format!("?{query}").into()
            },
            state,
            id,
        }
    }

    /// The path, e.g. `/booking/department/cardiology`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query with its `?` (`?patient=p-2`), or empty.
    pub fn query_str(&self) -> &str {
        &self.query
    }

    /// What the page that opened this one handed over, if it was a `T` (a booking just
    /// confirmed). Kept for the visit in memory only: a reload has none.
    pub fn state<T: 'static>(&self) -> Option<Rc<T>> {
        self.state.clone()?.downcast().ok()
    }
}

/// The number of the next visit (see [`Location`]); the browser's history keeps it as the
/// entry's state, so Back finds a visit's handed-over state again.
fn next_id() -> u32 {
    thread_local! {
        static NEXT: Cell<u32> = const { Cell::new(1) };
    }
    NEXT.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    })
}

/// The states pages handed over, by visit.
type States = Rc<RefCell<Vec<(u32, Rc<dyn Any>)>>>;

/// Where the browser's address bar is, with the state kept for its history entry.
fn browser_location(states: &States) -> Location {
    let window = crate::platform::window();
    let location = window.as_ref().map(web_sys::Window::location);
    let read = |get: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location
            .as_ref()
            .and_then(|l| get(l).ok())
            .unwrap_or_default()
    };
    let kept = window
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .and_then(|s| s.as_f64())
        .map(|id| id as u32);
    let state = kept.and_then(|id| {
        states
            .borrow()
            .iter()
            .find(|(at, _)| *at == id)
            .map(|(_, state)| state.clone())
    });
    let path = read(web_sys::Location::pathname);
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    Location::new(
        &path,
        &read(web_sys::Location::search),
        state,
        kept.unwrap_or_else(next_id),
    )
}

/// Opens pages: pushes a new entry on the history (Back returns), or replaces the current
/// one (a finished form Back should not show again).
#[derive(Clone)]
pub struct Navigator(Rc<Moves>);

/// What a [`Navigator`] moves: the router's address, and the browser's when there is one.
struct Moves {
    set: UseStateSetter<Location>,
    states: States,
    browser: bool,
}

impl PartialEq for Navigator {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Navigator {
    /// Opens `route` on a new history entry.
    pub fn push(&self, route: &Route) {
        self.go(route, "", None, false);
    }

    /// Opens `route` in place of the current entry.
    pub fn replace(&self, route: &Route) {
        self.go(route, "", None, true);
    }

    /// Opens `route` with `query` (escaped, without `?`) on a new history entry.
    pub fn push_with_query(&self, route: &Route, query: &str) {
        self.go(route, query, None, false);
    }

    /// Opens `route` with `query` (escaped, without `?`) in place of the current entry.
    pub fn replace_with_query(&self, route: &Route, query: &str) {
        self.go(route, query, None, true);
    }

    /// Opens `route` in place of the current entry, handing `state` to its page
    /// ([`Location::state`]).
    pub fn replace_with_state<T: 'static>(&self, route: &Route, state: T) {
        self.go(route, "", Some(Rc::new(state)), true);
    }

    fn go(&self, route: &Route, query: &str, state: Option<Rc<dyn Any>>, replace: bool) {
        let moves = &*self.0;
        let location = Location::new(&route.to_path(), query, state, next_id());
        if moves.browser {
            if let Some(history) = crate::platform::window().and_then(|w| w.history().ok()) {
                let url = format!("{}{}", location.path, location.query);
                let id = JsValue::from(location.id);
                // Fails only for an address of another origin, which a path is not.
                let _ = if replace {
                    history.replace_state_with_url(&id, "", Some(&url))
                } else {
                    history.push_state_with_url(&id, "", Some(&url))
                };
            }
        }
        if let Some(state) = &location.state {
            moves.states.borrow_mut().push((location.id, state.clone()));
        }
        moves.set.set(location);
    }
}

/// What [`Router`] gives the pages.
#[derive(Clone, PartialEq)]
struct Here {
    location: Location,
    navigator: Navigator,
}

/// The properties of [`Router`].
#[derive(Properties, PartialEq)]
pub struct RouterProps {
    /// The address to stand at (path, query) when the page is drawn on the server; `None`
    /// in the browser, where the address bar is followed.
    #[prop_or_default]
    pub at: Option<(AttrValue, AttrValue)>,
    /// The app.
    pub children: Html,
}

/// Gives the pages inside it the address and a [`Navigator`].
#[component]
pub fn Router(props: &RouterProps) -> Html {
    let browser = props.at.is_none();
    let states = use_mut_ref(Vec::new);
    let location = {
        let (at, states) = (props.at.clone(), states.clone());
        use_state(move || match at {
            Some((path, query)) => Location::new(&path, &query, None, next_id()),
            None => browser_location(&states),
        })
    };
    {
        let (set, states) = (location.setter(), states.clone());
        use_effect_on(browser, move |&browser| {
            // Back and Forward: the address bar moved without the app.
            let listener = browser
                .then(crate::platform::window)
                .flatten()
                .map(|window| {
                    gloo::events::EventListener::new(&window, "popstate", move |_| {
                        set.set(browser_location(&states));
                    })
                });
            move || drop(listener)
        });
    }
    let navigator = {
        let set = location.setter();
        use_memo(browser, move |&browser| {
            Navigator(Rc::new(Moves {
                set,
                states,
                browser,
            }))
        })
    };
    let here = Here {
        location: (*location).clone(),
        navigator: (*navigator).clone(),
    };
    html! {
        <ContextProvider<Here> context={here}>
            { props.children.clone() }
        </ContextProvider<Here>>
    }
}

/// The address of the page (`None` outside a [`Router`]).
#[hook]
pub fn use_location() -> Option<Location> {
    use_context::<Here>().map(|here| here.location)
}

/// The page the address names ([`Route::NotFound`] for one the app does not have).
#[hook]
pub fn use_route() -> Option<Route> {
    use_location().map(|location| Route::recognize(location.path()))
}

/// The way to open other pages (`None` outside a [`Router`]).
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_context::<Here>().map(|here| here.navigator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_keeps_its_query_with_one_mark_and_tells_visits_apart() {
        let plain = Location::new("/booking", "", None, 1);
        assert_eq!((plain.path(), plain.query_str()), ("/booking", ""));
        let asked = Location::new("/booking/triage", "patient=p-2", None, 2);
        assert_eq!(asked.query_str(), "?patient=p-2");
        assert_eq!(
            Location::new("/x", "?a=1", None, 3).query_str(),
            "?a=1",
            "a query given with its mark keeps one"
        );
        assert_ne!(
            plain,
            Location::new("/booking", "", None, 4),
            "another visit"
        );
        assert_eq!(plain, plain.clone());
    }

    #[test]
    fn a_handed_over_state_is_found_by_its_type() {
        let state: Rc<dyn Any> = Rc::new(7_u32);
        let location = Location::new("/appointments/a-1", "", Some(state), 5);
        assert_eq!(location.state::<u32>().as_deref(), Some(&7));
        assert_eq!(location.state::<String>(), None);
        assert_eq!(Location::new("/", "", None, 6).state::<u32>(), None);
    }
}
