//! `/queue` (needs a login): every ticket of the family today, live — the number, where,
//! the status in words, the people ahead and the wait as a range; the call as a banner with
//! the way there, a beep, a vibration and a flashing title; "nearly your turn" when three
//! or fewer are ahead; "rejoin" after a missed call. Position changes are announced in a
//! polite live region. Below, today's booked appointments not checked in yet, each with
//! "I'm here — check in" (with the clinic's point when the page was opened from its QR
//! sign, `/queue?point=`).
//!
//! The page reads `GET /queue` first and then follows `GET /queue/events`; when the stream
//! is refused (a 401 after logout) it reads `GET /queue` again to learn why, and shows it.

use std::rc::Rc;

use careway_core::api::booking::Appointment;
use careway_core::api::queue::{CheckInRequest, MyQueue, Ticket, TicketStatus, QUEUE_EVENT};
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::app::router::use_location;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{QueueQuery, Route};
use crate::hooks::{
    use_effect_on, use_event_source, use_mutation, use_session_fetch, Connection, FetchState,
};
use crate::i18n::Texts;
use crate::queue::alarm::{beep, use_title_flash, vibrate};
use crate::queue::parts::style::queue_style;
use crate::queue::parts::ticket::{ticket_card, TicketCardProps};
use crate::queue::state::{
    alarm, announcement, check_in_message, check_in_retryable, news, to_check_in, Alert,
};
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::live_region::{live_region, LiveRegionProps};
use crate::ui::nav_link::NavLink;
use crate::ui::status::{loading, notice};

/// The queue page.
#[component]
pub fn QueuePage() -> Html {
    let t = use_locale().t();
    html! {
        <div class={queue_style()}>
            <h1>{ t.queue_mine }</h1>
            <RequireLogin><Live /></RequireLogin>
        </div>
    }
}

/// What the page follows: the latest snapshot and the news it brought.
#[derive(Default, PartialEq)]
struct Watch {
    /// The latest snapshot, from the request or the stream.
    queue: Option<Rc<MyQueue>>,
    /// The latest news (kept until there is newer, so the live region says it once).
    said: Vec<Alert>,
    /// The number of a call not acknowledged yet: the title flashes with it.
    calling: Option<String>,
    /// Counts calls, so the alarm sounds once per call.
    alarms: u32,
}

/// The ways [`Watch`] changes.
enum Step {
    /// A snapshot arrived.
    Snapshot(Rc<MyQueue>),
    /// The patient acknowledged the call.
    Acknowledge,
}

impl Reducible for Watch {
    type Action = Step;

    fn reduce(self: Rc<Self>, step: Step) -> Rc<Self> {
        match step {
            Step::Snapshot(queue) => {
                if self.queue.as_ref().is_some_and(|q| **q == *queue) {
                    return self;
                }
                let alerts = news(self.queue.as_deref(), &queue);
                let called = alarm(&alerts).map(|a| a.number.clone());
                // A call no longer standing (seen, missed) stops the flashing.
                let still = self.calling.clone().filter(|number| {
                    queue
                        .tickets
                        .iter()
                        .any(|t| &t.number == number && t.status == TicketStatus::Called)
                });
                Rc::new(Watch {
                    alarms: self.alarms + u32::from(called.is_some()),
                    calling: called.or(still),
                    said: if alerts.is_empty() {
                        self.said.clone()
                    } else {
                        alerts
                    },
                    queue: Some(queue),
                })
            }
            Step::Acknowledge if self.calling.is_some() => Rc::new(Watch {
                calling: None,
                queue: self.queue.clone(),
                said: self.said.clone(),
                alarms: self.alarms,
            }),
            Step::Acknowledge => self,
        }
    }
}

/// The live queue and today's appointments, once logged in.
#[component]
fn Live() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let point = use_location().and_then(|l| QueueQuery::parse(l.query_str()).point);
    let snapshot =
        use_session_fetch(
            |lang, signal| async move { api::queue::mine(lang, signal.as_ref()).await },
        );
    let stream =
        use_event_source::<MyQueue>(Some(AttrValue::from(api::queue::events_url())), QUEUE_EVENT);
    let appointments = use_session_fetch(|lang, signal| async move {
        api::booking::appointments(true, lang, signal.as_ref()).await
    });
    let watch = use_reducer(Watch::default);

    // Both the request and the stream bring whole snapshots: the latest wins.
    {
        let fetched = match &*snapshot {
            FetchState::Ready(queue) => Some(Rc::clone(queue)),
            _ => None,
        };
        let dispatcher = watch.dispatcher();
        use_effect_on(fetched, move |fetched| {
            if let Some(queue) = fetched {
                dispatcher.dispatch(Step::Snapshot(Rc::clone(queue)));
            }
        });
    }
    {
        let dispatcher = watch.dispatcher();
        let data = stream.data.clone();
        use_effect_on(stream.received, move |_| {
            if let Some(queue) = data {
                dispatcher.dispatch(Step::Snapshot(queue));
            }
        });
    }
    // Refused (a 401 after logout, …): ask why, show it, and try the stream again later.
    {
        let (snapshot, stream) = (snapshot.clone(), stream.clone());
        use_effect_on(stream.connection == Connection::Closed, move |&closed| {
            if closed {
                snapshot.reload();
                stream.reconnect();
            }
        });
    }
    // The alarm, once per call.
    use_effect_on(watch.alarms, |&alarms| {
        if alarms > 0 {
            beep();
            vibrate();
        }
    });
    let acknowledge = {
        let dispatcher = watch.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Step::Acknowledge))
    };
    use_title_flash(
        watch.calling.as_deref().map(|n| (t.queue_flash)(n)),
        acknowledge.clone(),
    );

    let checking = use_mutation(
        |(id, point): (String, Option<String>), key, lang, signal| async move {
            let request = CheckInRequest { point };
            api::queue::check_in(&id, &request, &key, lang, signal.as_ref()).await
        },
    );
    let pressed = use_state_eq(|| None::<String>);
    let rejoining = use_mutation(|id: String, _key, lang, signal| async move {
        api::queue::rejoin(&id, lang, signal.as_ref()).await
    });
    let rejoin_id = use_state_eq(|| None::<String>);
    // After a check-in or a rejoin, the queue and the appointments as they are now (the
    // stream brings the ticket too; the request makes sure).
    {
        let (snapshot, appointments) = (snapshot.clone(), appointments.clone());
        let answers = (
            checking.done().map(Rc::clone),
            rejoining.done().map(Rc::clone),
        );
        use_effect_on(answers, move |(checked, rejoined)| {
            if checked.is_some() || rejoined.is_some() {
                snapshot.reload();
                appointments.reload();
            }
        });
    }

    let on_check_in = {
        let (run, pressed, point) = (checking.run_callback(), pressed.clone(), point.clone());
        Callback::from(move |id: String| {
            pressed.set(Some(id.clone()));
            run.emit((id, point.clone()));
        })
    };
    let on_rejoin = {
        let (run, rejoin_id) = (rejoining.run_callback(), rejoin_id.clone());
        Callback::from(move |id: String| {
            rejoin_id.set(Some(id.clone()));
            run.emit(id);
        })
    };

    let queue = watch.queue.clone();
    let tickets = match (&queue, &*snapshot) {
        (Some(queue), _) => tickets(
            queue,
            &watch,
            rejoining.busy().then(|| (*rejoin_id).clone()).flatten(),
            &acknowledge,
            &on_rejoin,
            t,
            lang,
        ),
        (None, FetchState::Failed(_)) => Html::default(),
        (None, _) => loading(t),
    };
    let failure = match &*snapshot {
        FetchState::Failed(error) => notice(
            t.queue_failed,
            error.message(lang),
            Some(snapshot.retry_callback()),
            meta.phone(),
            t,
        ),
        _ => Html::default(),
    };
    let rejoin_failure = match rejoining.error() {
        Some(error) => notice(
            t.queue_rejoin_failed,
            error.message(lang),
            None,
            meta.phone(),
            t,
        ),
        None => Html::default(),
    };
    let interrupted = queue.is_some() && stream.connection.interrupted();

    // Today's appointments to check in.
    let today = match (&queue, &*appointments) {
        (Some(queue), FetchState::Ready(list)) => {
            let open = to_check_in(list, queue);
            let busy = checking.busy().then(|| (*pressed).clone()).flatten();
            html! {
                if open.is_empty() {
                    <p>{ t.queue_none_today }</p>
                    <NavLink to={Route::Appointments}
                        class={classes!(button_style(Variant::Secondary), "start")}>
                        { icon(IconKind::Calendar) }{ t.my_appointments }
                    </NavLink>
                } else {
                    <ul class="list">
                        { for open.into_iter().map(|a| {
                            let busy = busy.as_deref() == Some(a.id.as_str());
                            appointment(a, busy, &on_check_in, t, lang)
                        }) }
                    </ul>
                }
            }
        }
        (_, FetchState::Failed(error)) => notice(
            t.appointments_failed,
            error.message(lang),
            Some(appointments.retry_callback()),
            meta.phone(),
            t,
        ),
        _ => loading(t),
    };
    let check_in_failure = match checking.error() {
        Some(error) => {
            let retry = check_in_retryable(error)
                .then(|| {
                    let (run, pressed, point) =
                        (checking.run_callback(), pressed.clone(), point.clone());
                    (*pressed)
                        .clone()
                        .map(|id| Callback::from(move |()| run.emit((id.clone(), point.clone()))))
                })
                .flatten();
            html! {
                <>
                    { notice(t.check_in_failed, check_in_message(error, lang), retry, meta.phone(), t) }
                    <NavLink to={Route::Appointments}
                        class={classes!(button_style(Variant::Secondary), "start")}>
                        { icon(IconKind::Calendar) }{ t.my_appointments }
                    </NavLink>
                </>
            }
        }
        None => Html::default(),
    };
    let checked_in = checking.done().map(|ticket| (t.checked_in)(&ticket.number));

    html! {
        <>
            if interrupted {
                <p class="conn" role="status">{ t.queue_reconnecting }</p>
            }
            { failure }
            { rejoin_failure }
            { tickets }
            <section aria-labelledby="today-heading">
                <h2 id="today-heading">{ t.queue_today }</h2>
                if point.is_some() {
                    <p class="muted">{ t.check_in_scanned }</p>
                }
                if let Some(done) = checked_in {
                    <p class="card banner near" role="status">{ done }</p>
                }
                { check_in_failure }
                { today }
            </section>
            { live_region(&LiveRegionProps {
                message: announcement(&watch.said, t, lang).into(),
            }) }
        </>
    }
}

/// The family's tickets, or how to get one.
fn tickets(
    queue: &MyQueue,
    watch: &Watch,
    rejoining: Option<String>,
    acknowledge: &Callback<()>,
    on_rejoin: &Callback<String>,
    t: &'static Texts,
    lang: Lang,
) -> Html {
    if queue.tickets.is_empty() {
        return html! {
            <div class="card">
                <p>{ t.queue_empty }</p>
                <p class="muted">{ t.queue_how }</p>
            </div>
        };
    }
    html! {
        <ul class="list" aria-label={t.queue_mine}>
            { for queue.tickets.iter().map(|ticket: &Ticket| ticket_card(&TicketCardProps {
                ticket: ticket.clone(),
                flashing: watch.calling.as_deref() == Some(ticket.number.as_str()),
                rejoining: rejoining.as_deref() == Some(ticket.id.as_str()),
                on_acknowledge: acknowledge.clone(),
                on_rejoin: on_rejoin.clone(),
            }, t, lang)) }
        </ul>
    }
}

/// One appointment of today not checked in yet, with "I'm here — check in".
fn appointment(
    a: &Appointment,
    busy: bool,
    on_check_in: &Callback<String>,
    t: &'static Texts,
    lang: Lang,
) -> Html {
    let onclick = {
        let (on_check_in, id) = (on_check_in.clone(), a.id.clone());
        Callback::from(move |()| on_check_in.emit(id.clone()))
    };
    html! {
        <li class="card appt">
            <p class="name">
                { format!("{} · {}", a.department.name.get(lang), a.doctor.name.get(lang)) }
            </p>
            <p>{ format!("{} · {}–{}", a.patient_name, a.window_start, a.window_end) }</p>
            <p class="muted">{ a.department.location_label.get(lang) }</p>
            <Button {busy} icon={IconKind::Check} onclick={onclick}>
                { if busy { t.checking_in } else { t.check_in } }
            </Button>
        </li>
    }
}
