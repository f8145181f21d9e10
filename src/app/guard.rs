//! Pages that need a logged-in account: a guard that shows them only with a session and
//! otherwise sends the patient to the login page, which brings them back afterwards.
//!
//! ```ignore
//! #[component]
//! pub fn ReportsPage() -> Html {
//!     html! { <RequireLogin><ReportList /></RequireLogin> }
//! }
//! ```
//!
//! Inside, [`crate::hooks::use_session_fetch`] loads the account's data; a 401 on the way
//! (the session ended on the server) reports to the session, and the guard then goes to
//! the login page with `?next=` set to the page the patient was on. Only the path goes
//! into the URL, never anything about the patient.

use std::rc::Rc;

use careway_core::api::account::SessionInfo;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use crate::app::router::{use_location, use_navigator};

use super::contexts::locale::use_locale;
use super::contexts::meta::use_meta;
use super::contexts::session::{use_session, SessionStatus};
use super::route::{LoginQuery, Route};
use crate::ui::error_notice::ErrorNotice;
use crate::ui::progress::spinner;

/// The session, for a page that needs one: `Some` when logged in. When the session is
/// (or becomes) logged out, replaces the page with the login page, which returns to this
/// one afterwards. Must be used inside the router.
#[hook]
pub fn use_require_login() -> Option<Rc<SessionInfo>> {
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let signed_out = session.status == SessionStatus::SignedOut;
    // The query comes along (a confirmation's `?department=`); nothing about the patient
    // is ever in it.
    let path = location.map(|l| format!("{}{}", l.path(), l.query_str()));
    use_effect_on((signed_out, path), move |(signed_out, path)| {
        if let (true, Some(navigator)) = (*signed_out, navigator) {
            let query = LoginQuery::returning_to(path.as_deref().unwrap_or("/me"));
            // Replace, so Back from the login page does not bounce here again.
            navigator.replace_with_query(&Route::Login, &query.to_query());
        }
    });
    session.info().cloned()
}

/// The properties of [`RequireLogin`].
#[derive(Properties, PartialEq)]
pub struct RequireLoginProps {
    /// The page, shown only while logged in.
    pub children: Html,
}

/// Shows its children only to a logged-in account: a spinner while the session is being
/// checked, a message with Retry and the hospital's phone when it cannot be checked, and
/// the login page (returning here) when logged out.
#[component]
pub fn RequireLogin(props: &RequireLoginProps) -> Html {
    let info = use_require_login();
    let session = use_session();
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    match (&session.status, info) {
        (_, Some(_)) => props.children.clone(),
        (SessionStatus::Unreachable(error), None) => {
            let retry = {
                let session = session.clone();
                Callback::from(move |()| session.refresh())
            };
            html! {
                <ErrorNotice
                    title={t.session_unknown}
                    message={error.message(locale.lang())}
                    retry_label={t.retry}
                    on_retry={retry}
                    phone={meta.phone()}
                    phone_label={t.call_hospital}
                />
            }
        }
        (SessionStatus::SignedOut, None) => spinner(t.session_redirecting),
        (_, None) => spinner(t.session_checking),
    }
}
