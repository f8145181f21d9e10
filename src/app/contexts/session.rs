//! The patient's session: whether an account is logged in on this device, and which.
//!
//! The session itself is an HttpOnly cookie the app never sees; what the app knows comes
//! from `GET /api/v1/session` when it starts (`null` when signed out, not an error) and from the answer to a login. Any request
//! that comes back 401 is reported here ([`SessionHandle::report`]), which asks the server
//! again, so a session that ended on the server (idle, logout elsewhere) ends in the app
//! too and the pages that need one send the patient to the login page.
//!
//! Requests race: a check sent before a logout can answer after it. Each local decision
//! (login, logout) starts a new epoch, and an answer from an older epoch is ignored.

use std::ops::Deref;
use std::rc::Rc;

use careway_core::api::account::{Account, LoginRequest, SessionInfo};
use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use super::locale::use_locale;
use super::start::use_start;
use crate::api::{self, ApiError};

/// Where the session stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SessionStatus {
    /// Asking the server (the app just started, or is trying again after a failure).
    #[default]
    Checking,
    /// The server could not be asked: neither logged in nor out is known.
    Unreachable(ApiError),
    /// No account is logged in.
    SignedOut,
    /// An account is logged in.
    SignedIn(Rc<SessionInfo>),
}

/// What the app knows about the session. Nothing sensitive lives here or in storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    /// Where it stands.
    pub status: SessionStatus,
    /// Bumped by each login and logout; answers to checks sent in an older epoch are stale.
    pub epoch: u32,
}

impl Session {
    /// Whether an account is logged in.
    pub fn signed_in(&self) -> bool {
        matches!(self.status, SessionStatus::SignedIn(_))
    }

    /// The session, when logged in.
    pub fn info(&self) -> Option<&Rc<SessionInfo>> {
        match &self.status {
            SessionStatus::SignedIn(info) => Some(info),
            _ => None,
        }
    }

    /// The logged-in account.
    pub fn account(&self) -> Option<&Account> {
        self.info().map(|info| &info.account)
    }
}

/// The ways the session changes.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionAction {
    /// A check is being sent: a failed state shows progress again.
    Checking,
    /// The answer to `GET /session` sent in `epoch`.
    Checked {
        /// The epoch the check was sent in.
        epoch: u32,
        /// The session, `None` when signed out, or why it is not known.
        outcome: Result<Option<Rc<SessionInfo>>, ApiError>,
    },
    /// A login succeeded.
    LoggedIn(Rc<SessionInfo>),
    /// The inbox now has this many unopened messages (the inbox page counted them, or
    /// the patient opened one).
    Unread(u32),
    /// Forgets the account (logout, or a kiosk starting over).
    Clear,
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let status = match action {
            SessionAction::Checking => match &self.status {
                SessionStatus::Unreachable(_) => SessionStatus::Checking,
                _ => return self,
            },
            SessionAction::Checked { epoch, .. } if epoch != self.epoch => return self,
            SessionAction::Checked { outcome, .. } => match outcome {
                Ok(Some(info)) => SessionStatus::SignedIn(info),
                Ok(None) => SessionStatus::SignedOut,
                // A 401 from an older server, or a session that ended mid-request.
                Err(error) if error.is_unauthenticated() => SessionStatus::SignedOut,
                // A flaky network does not log anybody out or in.
                Err(_)
                    if matches!(
                        self.status,
                        SessionStatus::SignedIn(_) | SessionStatus::SignedOut
                    ) =>
                {
                    return self
                }
                Err(error) => SessionStatus::Unreachable(error),
            },
            SessionAction::Unread(n) => match &self.status {
                SessionStatus::SignedIn(info) if info.unread != n => {
                    SessionStatus::SignedIn(Rc::new(SessionInfo {
                        unread: n,
                        ..(**info).clone()
                    }))
                }
                _ => return self,
            },
            SessionAction::LoggedIn(info) => {
                return Rc::new(Session {
                    status: SessionStatus::SignedIn(info),
                    epoch: self.epoch.wrapping_add(1),
                })
            }
            SessionAction::Clear => {
                return Rc::new(Session {
                    status: SessionStatus::SignedOut,
                    epoch: self.epoch.wrapping_add(1),
                })
            }
        };
        if status == self.status {
            self
        } else {
            Rc::new(Session {
                status,
                epoch: self.epoch,
            })
        }
    }
}

/// The session and the ways to change it; derefs to the [`Session`].
#[derive(Clone, Debug, PartialEq)]
pub struct SessionHandle {
    state: Session,
    lang: Lang,
    dispatch: Callback<SessionAction>,
}

impl Default for SessionHandle {
    fn default() -> Self {
        SessionHandle {
            state: Session::default(),
            lang: Lang::default(),
            dispatch: Callback::noop(),
        }
    }
}

impl SessionHandle {
    /// Asks the server again whether this device has a session.
    pub fn refresh(&self) {
        let dispatch = self.dispatch.clone();
        let (epoch, lang) = (self.state.epoch, self.lang);
        dispatch.emit(SessionAction::Checking);
        yew::platform::spawn_local(async move {
            let outcome = api::account::session(lang, None)
                .await
                .map(|info| info.map(Rc::new));
            dispatch.emit(SessionAction::Checked { epoch, outcome });
        });
    }

    /// Sets the inbox tab's badge: the inbox knows the count better than the session
    /// fetched at start.
    pub fn set_unread(&self, n: u32) {
        self.dispatch.emit(SessionAction::Unread(n));
    }

    /// Logs in with a one-time code; on success the whole app sees the account at once.
    /// The error, when there is one, is for the login page to show next to its fields.
    /// `signal` aborts the request (the login page went away).
    pub fn login(
        &self,
        request: LoginRequest,
        signal: Option<AbortSignal>,
    ) -> impl std::future::Future<Output = Result<Rc<SessionInfo>, ApiError>> + 'static {
        let dispatch = self.dispatch.clone();
        let lang = self.lang;
        async move {
            let info = Rc::new(api::account::login(&request, lang, signal.as_ref()).await?);
            dispatch.emit(SessionAction::LoggedIn(info.clone()));
            Ok(info)
        }
    }

    /// Ends the session: forgets the account here at once, whatever the network does, and
    /// asks the server to invalidate the session (`DELETE /api/v1/session`). A kiosk
    /// starting over calls this too. What journeys kept on the device for the account
    /// goes with it ([`super::prefs::forget_private`]).
    pub fn clear(&self) {
        super::prefs::forget_private();
        self.dispatch.emit(SessionAction::Clear);
        let lang = self.lang;
        yew::platform::spawn_local(async move {
            // A failure leaves a session the server ends by itself (idle and absolute
            // timeouts); this device has already forgotten it.
            let _ = api::account::logout(lang, None).await;
        });
    }

    /// Tells the session about a failed request: a 401 means the server ended the session,
    /// so ask it again (an answer from before a new login changes nothing).
    pub fn report(&self, error: &ApiError) {
        if error.is_unauthenticated() {
            self.refresh();
        }
    }
}

impl Deref for SessionHandle {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.state
    }
}

/// The properties of [`SessionProvider`].
#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    /// The part of the app that knows the session.
    pub children: Html,
}

/// Provides the session to everything inside it, asking the server once on start. Must
/// sit inside the locale provider (the requests carry the language).
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let lang = use_locale().lang();
    let start = use_start();
    // The server saw no session: signed out from the first render, nothing to ask.
    let known_out = start.signed_in == Some(false);
    let state = use_reducer(move || Session {
        status: if known_out {
            SessionStatus::SignedOut
        } else {
            SessionStatus::Checking
        },
        epoch: 0,
    });
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback(dispatcher, |action, dispatcher| dispatcher.dispatch(action))
    };
    let handle = SessionHandle {
        state: (*state).clone(),
        lang,
        dispatch,
    };
    {
        let handle = handle.clone();
        use_effect_on((), move |()| {
            if !known_out {
                handle.refresh();
            }
        });
    }
    html! {
        <ContextProvider<SessionHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<SessionHandle>>
    }
}

/// The session on this device.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use careway_core::problem::{Problem, ProblemKind};

    use super::*;

    fn info() -> Rc<SessionInfo> {
        Rc::new(SessionInfo {
            account: Account {
                id: "a1".into(),
                phone_masked: "138****8000".into(),
                created_at: "2026-11-23T01:00:00Z".into(),
            },
            kiosk: false,
            idle_timeout_seconds: 1800,
            expires_at: "2026-11-30T01:00:00Z".into(),
            unread: 2,
        })
    }

    #[test]
    fn the_unread_count_follows_the_inbox_only_when_signed_in() {
        let signed_in = checked(&Rc::new(Session::default()), Ok(Some(info())));
        let read_one = signed_in.clone().reduce(SessionAction::Unread(1));
        assert_eq!(read_one.info().unwrap().unread, 1);
        assert_eq!(read_one.epoch, signed_in.epoch, "not a new login");
        let same = read_one.clone().reduce(SessionAction::Unread(1));
        assert!(Rc::ptr_eq(&same, &read_one), "no change, no redraw");
        let signed_out = checked(&Rc::new(Session::default()), Ok(None));
        let still = signed_out.clone().reduce(SessionAction::Unread(3));
        assert_eq!(still.status, SessionStatus::SignedOut);
    }

    fn unauthenticated() -> ApiError {
        ApiError::Problem(Box::new(Problem::new(
            ProblemKind::Unauthenticated,
            Lang::ZhCn,
        )))
    }

    fn checked(
        state: &Rc<Session>,
        outcome: Result<Option<Rc<SessionInfo>>, ApiError>,
    ) -> Rc<Session> {
        state.clone().reduce(SessionAction::Checked {
            epoch: state.epoch,
            outcome,
        })
    }

    #[test]
    fn the_first_check_decides_between_in_and_out() {
        let start = Rc::new(Session::default());
        assert_eq!(start.status, SessionStatus::Checking);
        let signed_in = checked(&start, Ok(Some(info())));
        assert!(signed_in.signed_in());
        assert_eq!(
            signed_in.account().map(|a| a.phone_masked.as_str()),
            Some("138****8000")
        );
        let signed_out = checked(&start, Ok(None));
        assert_eq!(signed_out.status, SessionStatus::SignedOut);
        assert!(!signed_out.signed_in());
        assert_eq!(
            checked(&start, Err(unauthenticated())).status,
            SessionStatus::SignedOut,
            "a 401 means signed out too"
        );
    }

    #[test]
    fn an_unreachable_server_is_neither_in_nor_out_and_retrying_shows_progress() {
        let start = Rc::new(Session::default());
        let unreachable = checked(&start, Err(ApiError::Network));
        assert_eq!(
            unreachable.status,
            SessionStatus::Unreachable(ApiError::Network)
        );
        let retrying = unreachable.reduce(SessionAction::Checking);
        assert_eq!(retrying.status, SessionStatus::Checking);
    }

    #[test]
    fn a_flaky_network_does_not_log_anybody_out() {
        let signed_in = checked(&Rc::new(Session::default()), Ok(Some(info())));
        let after = checked(&signed_in, Err(ApiError::Status(502)));
        assert!(Rc::ptr_eq(&signed_in, &after));
        let still = signed_in.clone().reduce(SessionAction::Checking);
        assert!(Rc::ptr_eq(&signed_in, &still), "no spinner over a session");
        assert_eq!(
            checked(&signed_in, Ok(None)).status,
            SessionStatus::SignedOut,
            "a `null` session ends it"
        );
        assert_eq!(
            checked(&signed_in, Err(unauthenticated())).status,
            SessionStatus::SignedOut,
            "a 401 ends it"
        );
    }

    #[test]
    fn answers_from_before_a_logout_or_login_are_ignored() {
        let signed_in = checked(&Rc::new(Session::default()), Ok(Some(info())));
        let old_epoch = signed_in.epoch;
        let cleared = signed_in.reduce(SessionAction::Clear);
        assert_eq!(cleared.status, SessionStatus::SignedOut);
        let late = cleared.clone().reduce(SessionAction::Checked {
            epoch: old_epoch,
            outcome: Ok(Some(info())),
        });
        assert!(
            Rc::ptr_eq(&cleared, &late),
            "a stale 200 does not log back in"
        );

        let logged_in = cleared.clone().reduce(SessionAction::LoggedIn(info()));
        assert!(logged_in.signed_in());
        let late = logged_in.clone().reduce(SessionAction::Checked {
            epoch: cleared.epoch,
            outcome: Err(unauthenticated()),
        });
        assert!(
            Rc::ptr_eq(&logged_in, &late),
            "a stale 401 does not log out"
        );
    }

    #[test]
    fn clearing_always_signs_out() {
        for start in [
            Session::default(),
            Session {
                status: SessionStatus::SignedIn(info()),
                epoch: 7,
            },
        ] {
            let cleared = Rc::new(start.clone()).reduce(SessionAction::Clear);
            assert_eq!(cleared.status, SessionStatus::SignedOut);
            assert_ne!(cleared.epoch, start.epoch);
        }
    }
}
