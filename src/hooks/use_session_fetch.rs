//! Fetching data that belongs to the logged-in account.

use std::future::Future;

use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use super::use_effect_on::use_effect_on;
use super::use_fetch::{use_fetch_from, FetchState, UseFetchHandle};
use crate::api::ApiError;
use crate::app::contexts::session::use_session;

/// [`use_fetch`] for patient data: a 401 answer is reported to the session, which checks
/// again and, if the session really ended, shows the page's logged-out state (or, inside
/// [`crate::app::guard::RequireLogin`], goes to the login page).
#[hook]
pub fn use_session_fetch<T, F, Fut>(fetch: F) -> UseFetchHandle<T>
where
    T: 'static,
    F: FnOnce(Lang, Option<AbortSignal>) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_session_fetch_from(|| None, fetch)
}

/// [`use_session_fetch`] starting from what `initial` gives, when it gives something (as
/// [`super::use_fetch_from`]).
#[hook]
pub fn use_session_fetch_from<T, I, F, Fut>(initial: I, fetch: F) -> UseFetchHandle<T>
where
    T: 'static,
    I: FnOnce() -> Option<T>,
    F: FnOnce(Lang, Option<AbortSignal>) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let handle = use_fetch_from(initial, fetch);
    let session = use_session();
    let unauthenticated =
        matches!(&*handle, FetchState::Failed(error) if error.is_unauthenticated());
    use_effect_on(unauthenticated, move |&unauthenticated| {
        if unauthenticated {
            session.refresh();
        }
    });
    handle
}
