//! Runs one API request for a component: loading, failure and data as state, a retry, and
//! cancellation when the component goes away.

use std::future::Future;
use std::rc::Rc;

use careway_core::locale::Lang;
use web_sys::{AbortController, AbortSignal};
use yew::prelude::*;

use super::use_effect_on::use_effect_on;

use crate::api::ApiError;
use crate::app::contexts::locale::use_locale;

/// Where a request stands.
#[derive(Debug, Default)]
pub enum FetchState<T> {
    /// Waiting for the answer (show a skeleton or spinner).
    #[default]
    Loading,
    /// The answer arrived.
    Ready(Rc<T>),
    /// The request failed (show the message and a way forward).
    Failed(ApiError),
}

impl<T> FetchState<T> {
    /// The data, once it arrived.
    pub fn data(&self) -> Option<&T> {
        match self {
            FetchState::Ready(data) => Some(data),
            _ => None,
        }
    }
}

// Written by hand: the derive would ask `T: Clone`, which `Rc<T>` does not need.
impl<T> Clone for FetchState<T> {
    fn clone(&self) -> Self {
        match self {
            FetchState::Loading => FetchState::Loading,
            FetchState::Ready(data) => FetchState::Ready(Rc::clone(data)),
            FetchState::Failed(error) => FetchState::Failed(error.clone()),
        }
    }
}

impl<T: PartialEq> PartialEq for FetchState<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (FetchState::Loading, FetchState::Loading) => true,
            (FetchState::Ready(a), FetchState::Ready(b)) => Rc::ptr_eq(a, b) || a == b,
            (FetchState::Failed(a), FetchState::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// The state of a request and the way to try it again; derefs to the [`FetchState`].
#[derive(Debug)]
pub struct UseFetchHandle<T> {
    state: FetchState<T>,
    retry: Callback<()>,
    reload: Callback<()>,
}

impl<T> UseFetchHandle<T> {
    /// Sends the request again (after a failure, or to refresh), showing progress.
    pub fn retry(&self) {
        self.retry.emit(());
    }

    /// Sends the request again in the background: the data on screen stays (and the
    /// focus with it) until the new answer replaces it. For refreshing after a change.
    pub fn reload(&self) {
        self.reload.emit(());
    }

    /// The retry as a callback, for a button's `onclick`.
    pub fn retry_callback(&self) -> Callback<()> {
        self.retry.clone()
    }
}

impl<T> Clone for UseFetchHandle<T> {
    fn clone(&self) -> Self {
        UseFetchHandle {
            state: self.state.clone(),
            retry: self.retry.clone(),
            reload: self.reload.clone(),
        }
    }
}

impl<T: PartialEq> PartialEq for UseFetchHandle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.retry == other.retry && self.reload == other.reload
    }
}

impl<T> std::ops::Deref for UseFetchHandle<T> {
    type Target = FetchState<T>;

    fn deref(&self) -> &FetchState<T> {
        &self.state
    }
}

/// Counts attempts; each new count runs the request again, `quiet` ones without showing
/// progress over data already on screen.
#[derive(Default, PartialEq)]
struct Attempt {
    count: u32,
    quiet: bool,
}

impl Reducible for Attempt {
    /// Whether the new attempt is quiet.
    type Action = bool;

    fn reduce(self: Rc<Self>, quiet: bool) -> Rc<Self> {
        Rc::new(Attempt {
            count: self.count.wrapping_add(1),
            quiet,
        })
    }
}

/// Runs `fetch` when the component mounts and again on every retry.
///
/// `fetch` gets the patient's language and an abort signal to pass to the `api::` function,
/// e.g. `use_fetch(|lang, signal| async move { api::meta::get(lang, signal.as_ref()).await })`.
/// The request is aborted when the component unmounts or a retry replaces it; an aborted
/// request changes no state.
#[hook]
pub fn use_fetch<T, F, Fut>(fetch: F) -> UseFetchHandle<T>
where
    T: 'static,
    F: FnOnce(Lang, Option<AbortSignal>) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_fetch_from(|| None, fetch)
}

/// Like [`use_fetch`], but starting from what `initial` gives, when it gives something
/// (data the server embedded in the page): ready from the first render, fetched only on a
/// retry or reload.
#[hook]
pub fn use_fetch_from<T, I, F, Fut>(initial: I, fetch: F) -> UseFetchHandle<T>
where
    T: 'static,
    I: FnOnce() -> Option<T>,
    F: FnOnce(Lang, Option<AbortSignal>) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let lang = use_locale().lang();
    let state = use_state(|| match initial() {
        Some(data) => FetchState::Ready(Rc::new(data)),
        None => FetchState::default(),
    });
    let attempt = use_reducer(Attempt::default);
    {
        let state = state.clone();
        let quiet = attempt.quiet;
        use_effect_on(attempt.count, move |&count| {
            if count == 0 && matches!(*state, FetchState::Ready(_)) {
                // What the page gave is the first answer; nothing to ask.
                return Box::new(|| ()) as Box<dyn FnOnce()>;
            }
            let controller = crate::platform::abort_controller();
            let keep = quiet && matches!(*state, FetchState::Ready(_));
            if !keep && !matches!(*state, FetchState::Loading) {
                state.set(FetchState::Loading);
            }
            let signal = controller.as_ref().map(AbortController::signal);
            yew::platform::spawn_local(async move {
                match fetch(lang, signal).await {
                    // Unmounted, or replaced by a newer attempt: nobody is waiting.
                    Err(ApiError::Aborted) => {}
                    Ok(data) => state.set(FetchState::Ready(Rc::new(data))),
                    Err(error) => state.set(FetchState::Failed(error)),
                }
            });
            Box::new(move || {
                if let Some(controller) = controller {
                    controller.abort();
                }
            }) as Box<dyn FnOnce()>
        });
    }
    let retry = {
        let dispatcher = attempt.dispatcher();
        use_callback(dispatcher, |(), dispatcher| dispatcher.dispatch(false))
    };
    let reload = {
        let dispatcher = attempt.dispatcher();
        use_callback(dispatcher, |(), dispatcher| dispatcher.dispatch(true))
    };
    UseFetchHandle {
        state: (*state).clone(),
        retry,
        reload,
    }
}
