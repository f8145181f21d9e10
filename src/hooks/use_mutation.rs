//! Sending a write for a component (book, cancel, save, log in), the way [`use_fetch`]
//! reads: the sending state to draw, the idempotency key, cancellation when the component
//! goes away, and a lost session reported to the session context.
//!
//! The rule of the keys is plain data ([`Keys`]), tested natively: each request a patient
//! means to make gets a new `Idempotency-Key`; sending the same body again after an answer
//! that never arrived (the network failed after sending, a proxy failed) reuses the key, so
//! a booking that did go through comes back instead of being made twice.
//!
//! Bodies and answers pass through the hook's machinery as `dyn Any`, so that machinery
//! exists once in the bundle for every write of the app; only a thin typed layer is
//! repeated per write.
//!
//! [`use_fetch`]: super::use_fetch()

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use super::use_abort::use_abort_signal;
use crate::api::{self, ApiError};
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::session::{use_session, SessionHandle};

/// Where a write stands.
///
/// Each answer is a new value, compared by identity: an effect keyed on the state runs once
/// per answer, even when the same error comes back twice in a row.
#[derive(Debug)]
pub enum MutationState<T: ?Sized> {
    /// Nothing sent yet (or [`UseMutationHandle::reset`] since).
    Idle,
    /// Waiting for the answer (show progress; a second press is ignored).
    Sending,
    /// The server answered with this.
    Done(Rc<T>),
    /// The write failed (show the message and a way forward).
    Failed(Rc<ApiError>),
}

impl<T: ?Sized> MutationState<T> {
    /// Whether a request is running.
    pub fn busy(&self) -> bool {
        matches!(self, MutationState::Sending)
    }

    /// The answer, once it arrived.
    pub fn done(&self) -> Option<&Rc<T>> {
        match self {
            MutationState::Done(value) => Some(value),
            _ => None,
        }
    }

    /// Why the last request failed, until the next one is sent.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            MutationState::Failed(error) => Some(error),
            _ => None,
        }
    }
}

// Written by hand: the derive would ask `T: Clone`, which `Rc<T>` does not need.
impl<T: ?Sized> Clone for MutationState<T> {
    fn clone(&self) -> Self {
        match self {
            MutationState::Idle => MutationState::Idle,
            MutationState::Sending => MutationState::Sending,
            MutationState::Done(value) => MutationState::Done(Rc::clone(value)),
            MutationState::Failed(error) => MutationState::Failed(Rc::clone(error)),
        }
    }
}

impl<T: ?Sized> PartialEq for MutationState<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (MutationState::Idle, MutationState::Idle)
            | (MutationState::Sending, MutationState::Sending) => true,
            (MutationState::Done(a), MutationState::Done(b)) => Rc::ptr_eq(a, b),
            (MutationState::Failed(a), MutationState::Failed(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl MutationState<dyn Any> {
    /// The state with the answer as the type the write returns.
    fn typed<T: 'static>(&self) -> MutationState<T> {
        match self {
            MutationState::Idle => MutationState::Idle,
            MutationState::Sending => MutationState::Sending,
            MutationState::Done(value) => match Rc::clone(value).downcast::<T>() {
                Ok(value) => MutationState::Done(value),
                Err(_) => MutationState::Idle,
            },
            MutationState::Failed(error) => MutationState::Failed(Rc::clone(error)),
        }
    }
}

/// A request sent with an idempotency key, remembered until its outcome is known.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Attempt<B> {
    /// The `Idempotency-Key` it was sent with.
    key: String,
    /// What it asked for, to tell a retry from a new request.
    body: B,
    /// Whether the server's answer arrived (done or refused), so the key is spent.
    settled: bool,
}

/// The idempotency keys of one component's writes: which key each request goes with.
#[derive(Debug)]
pub struct Keys<B> {
    last: Option<Attempt<B>>,
}

impl<B> Default for Keys<B> {
    fn default() -> Self {
        Keys { last: None }
    }
}

impl<B: PartialEq + Clone> Keys<B> {
    /// The key to send `body` with, remembered as the last attempt: the last key again
    /// when `body` retries a request whose outcome is unknown, else `new_key()`. A new
    /// request (another body, or after an answer) gets a new key: the server refuses an old
    /// key with a different body.
    pub fn key_for(&mut self, body: &B, new_key: impl FnOnce() -> String) -> String {
        let key = match &self.last {
            Some(last) if !last.settled && last.body == *body => last.key.clone(),
            _ => new_key(),
        };
        self.last = Some(Attempt {
            key: key.clone(),
            body: body.clone(),
            settled: false,
        });
        key
    }

    /// Records how the last request ended: an answer (`None`, or an error the server sent)
    /// spends its key; an unknown outcome keeps it for a retry.
    pub fn settle(&mut self, error: Option<&ApiError>) {
        if let Some(last) = self.last.as_mut() {
            last.settled = !error.is_some_and(outcome_unknown);
        }
    }
}

/// Whether the request may have reached the server and been carried out although no
/// answer says so: a lost connection, or a proxy's or the server's failure.
pub fn outcome_unknown(error: &ApiError) -> bool {
    match error {
        ApiError::Network | ApiError::Decode | ApiError::Aborted => true,
        other => other.status().is_some_and(|s| s >= 500),
    }
}

/// A request body of any type, compared with its own type's `==`. The hook's machinery
/// exists once for every write of the app, not once per body and answer type, which keeps
/// the bundle small.
#[derive(Clone)]
struct Body {
    value: Rc<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// `a == b` for two bodies of type `B`.
fn same<B: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<B>(), b.downcast_ref::<B>()), (Some(a), Some(b)) if a == b)
}

/// The answer to a write, of whatever type it returns.
type Answer = Pin<Box<dyn Future<Output = Result<Rc<dyn Any>, ApiError>>>>;

/// A write as the page describes it, with the types taken out.
type SendFn = dyn Fn(&dyn Any, String, Lang, Option<AbortSignal>) -> Answer;

/// A write's answer as [`Answer`] wants it: a plain future rather than an `async` block
/// around the page's own, which would add a state machine per write to the bundle.
struct AnyAnswer<Fut> {
    /// The page's request; `None` when the body was not of its type (never, in practice).
    request: Option<Pin<Box<Fut>>>,
}

impl<T: 'static, Fut: Future<Output = Result<T, ApiError>>> Future for AnyAnswer<Fut> {
    type Output = Result<Rc<dyn Any>, ApiError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.request.as_mut() {
            Some(request) => request
                .as_mut()
                .poll(cx)
                .map(|answer| answer.map(|value| Rc::new(value) as Rc<dyn Any>)),
            None => Poll::Ready(Err(ApiError::Decode)),
        }
    }
}

/// What the latest render knows, and where the write stands.
struct Latest {
    send: Rc<SendFn>,
    lang: Lang,
    session: SessionHandle,
    keys: Keys<Body>,
    state: MutationState<dyn Any>,
}

/// The state of a write and the way to send it; derefs to the [`MutationState`].
pub struct UseMutationHandle<B, T> {
    state: MutationState<T>,
    run: Callback<B>,
    reset: Callback<()>,
}

impl<B, T> UseMutationHandle<B, T> {
    /// Sends `body` (ignored while a request runs).
    pub fn run(&self, body: B) {
        self.run.emit(body);
    }

    /// The send as a callback, for a form's submit.
    pub fn run_callback(&self) -> Callback<B> {
        self.run.clone()
    }

    /// Back to [`MutationState::Idle`] (the patient moved on: the last failure is old
    /// news); does nothing while a request runs.
    pub fn reset(&self) {
        self.reset.emit(());
    }
}

impl<B, T> Clone for UseMutationHandle<B, T> {
    fn clone(&self) -> Self {
        UseMutationHandle {
            state: self.state.clone(),
            run: self.run.clone(),
            reset: self.reset.clone(),
        }
    }
}

impl<B, T> PartialEq for UseMutationHandle<B, T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.run == other.run && self.reset == other.reset
    }
}

impl<B, T> std::ops::Deref for UseMutationHandle<B, T> {
    type Target = MutationState<T>;

    fn deref(&self) -> &MutationState<T> {
        &self.state
    }
}

/// A write the component sends when the patient asks (a button, a form).
///
/// `send` gets the body, the idempotency key to send it with (for `POST`s that create
/// something; others ignore it), the patient's language and an abort signal, e.g.
/// `use_mutation(|body: BookRequest, key, lang, signal| async move {
/// api::booking::book(&body, &key, lang, signal.as_ref()).await })`. The latest render's
/// `send` is the one used. The request is aborted when the component unmounts, and then
/// changes no state; a 401 is reported to the session, which checks whether it ended.
#[hook]
pub fn use_mutation<B, T, F, Fut>(send: F) -> UseMutationHandle<B, T>
where
    B: PartialEq + Clone + 'static,
    T: 'static,
    F: Fn(B, String, Lang, Option<AbortSignal>) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let send: Rc<SendFn> = Rc::new(move |body: &dyn Any, key, lang, signal| {
        let request = body
            .downcast_ref::<B>()
            .map(|body| Box::pin(send(body.clone(), key, lang, signal)));
        Box::pin(AnyAnswer { request })
    });
    let (state, run, reset) = use_any_mutation(send);
    UseMutationHandle {
        state: state.typed(),
        run: run.reform(|body: B| Body {
            value: Rc::new(body),
            same: same::<B>,
        }),
        reset,
    }
}

/// [`use_mutation`] without the types: the state, the send and the reset.
#[hook]
fn use_any_mutation(send: Rc<SendFn>) -> (MutationState<dyn Any>, Callback<Body>, Callback<()>) {
    let lang = use_locale().lang();
    let session = use_session();
    let signal = use_abort_signal();
    let update = use_force_update();
    let latest = {
        let (send, session) = (send.clone(), session.clone());
        use_mut_ref(move || Latest {
            send,
            lang,
            session,
            keys: Keys::default(),
            state: MutationState::Idle,
        })
    };
    let state = {
        let mut latest = latest.borrow_mut();
        latest.send = send;
        latest.lang = lang;
        latest.session = session;
        latest.state.clone()
    };
    let run = {
        let (latest, update) = (latest.clone(), update.clone());
        Callback::from(move |body: Body| start(&latest, &update, body, signal.clone()))
    };
    let reset = Callback::from(move |()| {
        let idle = !latest.borrow().state.busy();
        if idle {
            latest.borrow_mut().state = MutationState::Idle;
            update.force_update();
        }
    });
    (state, run, reset)
}

/// Sends `body` with its key (unless a request is running) and records the answer.
fn start(
    latest: &Rc<RefCell<Latest>>,
    update: &UseForceUpdateHandle,
    body: Body,
    signal: Option<AbortSignal>,
) {
    let request = {
        let mut latest = latest.borrow_mut();
        if latest.state.busy() {
            return;
        }
        latest.state = MutationState::Sending;
        let key = latest.keys.key_for(&body, api::idempotency_key);
        (latest.send)(&*body.value, key, latest.lang, signal)
    };
    update.force_update();
    let (latest, update) = (latest.clone(), update.clone());
    yew::platform::spawn_local(async move {
        let outcome = request.await;
        // Unmounted: nobody is waiting, and the state is gone.
        if let Err(ApiError::Aborted) = outcome {
            return;
        }
        let mut settled = latest.borrow_mut();
        settled.keys.settle(outcome.as_ref().err());
        let session = settled.session.clone();
        let failure = match outcome {
            Ok(value) => {
                settled.state = MutationState::Done(value);
                None
            }
            Err(error) => {
                let error = Rc::new(error);
                settled.state = MutationState::Failed(error.clone());
                Some(error)
            }
        };
        // Released before anything that may render, which reads it.
        drop(settled);
        if let Some(error) = failure {
            session.report(&error);
        }
        update.force_update();
    });
}

#[cfg(test)]
mod tests {
    use careway_core::problem::{Problem, ProblemKind};

    use super::*;

    fn key(n: u32) -> impl FnOnce() -> String {
        move || format!("k{n}")
    }

    #[test]
    fn a_retry_after_a_lost_answer_reuses_the_key_and_nothing_else_does() {
        let mut keys = Keys::default();
        assert_eq!(keys.key_for(&"slot-1|p-1", key(1)), "k1");
        keys.settle(Some(&ApiError::Network));
        assert_eq!(
            keys.key_for(&"slot-1|p-2", key(2)),
            "k2",
            "another patient is another request"
        );
        keys.settle(Some(&ApiError::Status(502)));
        assert_eq!(
            keys.key_for(&"slot-1|p-2", key(3)),
            "k2",
            "a proxy's failure may hide a booking"
        );
        keys.settle(None);
        assert_eq!(
            keys.key_for(&"slot-1|p-2", key(4)),
            "k4",
            "answered: the next press is a new request"
        );
    }

    #[test]
    fn sending_keeps_the_key_only_while_the_outcome_is_unknown() {
        let mut keys = Keys::default();
        assert_eq!(keys.key_for(&"s|p", key(1)), "k1");
        keys.settle(Some(&ApiError::Decode));
        assert_eq!(
            keys.key_for(&"s|p", key(2)),
            "k1",
            "a retry sends the same key"
        );
        let taken = ApiError::Problem(Box::new(Problem::new(ProblemKind::SlotTaken, Lang::En)));
        keys.settle(Some(&taken));
        assert_eq!(
            keys.key_for(&"s|p", key(3)),
            "k3",
            "refused: the key is spent"
        );
        assert!(!outcome_unknown(&ApiError::Status(404)));
        assert!(outcome_unknown(&ApiError::Status(500)));
        assert!(!outcome_unknown(&taken));
        let internal = ApiError::Problem(Box::new(Problem::new(ProblemKind::Internal, Lang::En)));
        assert!(outcome_unknown(&internal));
    }

    #[test]
    fn each_answer_is_a_new_state_even_when_it_repeats() {
        let first = MutationState::<()>::Failed(Rc::new(ApiError::Network));
        let again = MutationState::<()>::Failed(Rc::new(ApiError::Network));
        assert_ne!(first, again, "an effect keyed on the state runs again");
        assert_eq!(first, first.clone());
        assert_eq!(first.error(), Some(&ApiError::Network));
        assert!(MutationState::<()>::Sending.busy());
        let done = MutationState::Done(Rc::new(7));
        assert_eq!(done.done().map(|v| **v), Some(7));
        assert!(!done.busy() && done.error().is_none());
    }
}
