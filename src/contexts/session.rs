//! The patient's session: who is logged in on this device.
//!
//! Accounts and login (phone + one-time code) arrive in a later issue; this is the frame
//! they fill. The kiosk already calls [`SessionHandle::clear`] when it starts over, so a
//! real logout plugs in here without touching the kiosk.

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

/// What the app knows about the session. Nothing sensitive lives here or in storage: the
/// session itself is an HttpOnly cookie the app never sees.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// Whether an account is logged in on this device.
    pub signed_in: bool,
}

/// The ways the session changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionAction {
    /// Forgets the account (logout, or a kiosk starting over).
    Clear,
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        match action {
            SessionAction::Clear if *self == Session::default() => self,
            SessionAction::Clear => Rc::new(Session::default()),
        }
    }
}

/// The session and the ways to change it; derefs to the [`Session`].
#[derive(Clone, Debug, PartialEq)]
pub struct SessionHandle {
    state: Session,
    dispatch: Callback<SessionAction>,
}

impl Default for SessionHandle {
    fn default() -> Self {
        SessionHandle {
            state: Session::default(),
            dispatch: Callback::noop(),
        }
    }
}

impl SessionHandle {
    /// Ends the session on this device.
    ///
    /// Today it only forgets the local state; once accounts exist it also asks the server
    /// to invalidate the session (`DELETE /api/v1/session`).
    pub fn clear(&self) {
        self.dispatch.emit(SessionAction::Clear);
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

/// Provides the session to everything inside it.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let state = use_reducer(Session::default);
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback(dispatcher, |action, dispatcher| dispatcher.dispatch(action))
    };
    let handle = SessionHandle {
        state: (*state).clone(),
        dispatch,
    };
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
    use super::*;

    #[test]
    fn clearing_signs_out_and_is_a_no_op_when_signed_out() {
        let signed_in = Rc::new(Session { signed_in: true });
        assert_eq!(*signed_in.reduce(SessionAction::Clear), Session::default());
        let signed_out = Rc::new(Session::default());
        let next = signed_out.clone().reduce(SessionAction::Clear);
        assert!(Rc::ptr_eq(&signed_out, &next));
    }
}
