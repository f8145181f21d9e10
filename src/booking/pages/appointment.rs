//! One appointment (`/appointments/{id}`, needs a login): when and for whom, then the QR
//! code to check in with (both on the first screen of a phone), when to arrive, the
//! calendar file (on a kiosk instead: printing, and sending it to the account's phone, as
//! nothing should be downloaded onto a public machine), on the day itself checking in
//! ("I'm here", then the live queue), the way there, the instructions, and, until the
//! cut-off, cancelling it or moving it to another window of the same doctor (through the
//! department page and the confirmation, in their "move" mode). A moved appointment links
//! to the one that replaced it.

use std::rc::Rc;

use careway_core::api::booking::{
    yuan, Appointment, AppointmentStatus, CancelRequest, SentToPhone,
};
use careway_core::api::queue::{CheckInRequest, Ticket};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::app::router::{use_location, use_navigator};

use crate::api::{self, ApiError};
use crate::app::contexts::display::use_display;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::{use_meta, MetaHandle};
use crate::app::guard::RequireLogin;
use crate::app::route::{DepartmentQuery, Route};
use crate::booking::load::use_booking_from;
use crate::booking::parts::links::directions_link;
use crate::booking::parts::style::booking_style;
use crate::booking::parts::visit::{doctor_line, status_tag, summary, visit_time};
use crate::booking::state::loaded::{Arrival, Arrived, Booking, Load};
use crate::booking::state::phone::send_note;
use crate::hooks::{use_effect_on, use_mutation, FetchState, MutationState};
use crate::i18n::texts;
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::dialog::ConfirmDialog;
use crate::ui::field::TextField;
use crate::ui::focus::focus_id;
use crate::ui::icon::{icon, IconKind};
use crate::ui::live_region::{live_region, LiveRegionProps};
use crate::ui::nav_link::NavLink;
use crate::ui::phone_link::phone_link;
use crate::ui::status::back_link;
use crate::ui::status::{loading, notice};

/// The properties of [`AppointmentPage`].
#[derive(Properties, PartialEq)]
pub struct AppointmentPageProps {
    /// The appointment's id.
    pub id: String,
}

/// What is running or asked for on the appointment page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// Asking whether to cancel.
    Cancel,
    /// Cancelling.
    Cancelling,
}

/// Cancels appointment `id` for the reason given; the answer is the appointment as
/// cancelled.
async fn cancel(
    id: Rc<str>,
    request: CancelRequest,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<Appointment, ApiError> {
    api::booking::cancel(&id, &request, lang, signal.as_ref()).await
}

/// Sends appointment `id` to the account's phone.
async fn send_to_phone(
    id: Rc<str>,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<SentToPhone, ApiError> {
    api::booking::send_to_phone(&id, lang, signal.as_ref()).await
}

/// Checks in appointment `id` ("I'm here"); the answer is the ticket.
async fn check_in(
    id: Rc<str>,
    key: String,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<Ticket, ApiError> {
    let request = CheckInRequest::default();
    api::queue::check_in(&id, &request, &key, lang, signal.as_ref()).await
}

/// Checking in from the page, offered on the day of a booked appointment.
#[derive(Clone, PartialEq)]
struct CheckIn {
    /// Checks in.
    on_check_in: Callback<()>,
    /// Whether a check-in is running.
    busy: bool,
    /// Why the last one failed, in the patient's words.
    failed: Option<String>,
}

/// What a kiosk offers instead of the calendar file: printing, and sending to the phone
/// with what the last send said.
#[derive(Clone, PartialEq)]
struct KioskActions {
    /// Sends the appointment to the account's phone.
    on_send: Callback<()>,
    /// Whether a send is running.
    sending: bool,
    /// What the last send said.
    note: Option<String>,
}

/// One appointment.
#[component]
pub fn AppointmentPage(props: &AppointmentPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let location = use_location();
    let t = locale.t();
    let lang = locale.lang();
    let arrived = location.and_then(|l| l.state::<Arrived>());
    let arrival = arrived.as_ref().map(|a| a.how);
    // Just booked or moved: the appointment as the server answered, not asked for again.
    let known = arrived
        .and_then(|a| a.take_appointment())
        .filter(|a| a.id == props.id)
        .map(|a| Booking {
            appointments: vec![a],
            ..Booking::default()
        });
    let data = use_booking_from(Load::Appointment(props.id.clone()), known);
    let kiosk = use_display().kiosk;
    let sending = {
        let id: Rc<str> = Rc::from(props.id.as_str());
        use_mutation(move |(), _key, lang, signal| send_to_phone(id.clone(), lang, signal))
    };
    let kiosk = kiosk.then(|| KioskActions {
        on_send: sending.run_callback(),
        sending: sending.busy(),
        note: match (sending.done(), sending.error()) {
            (Some(sent), _) => Some(send_note(Ok(sent), lang)),
            (None, Some(error)) => Some(send_note(Err(error), lang)),
            (None, None) => None,
        },
    });
    let checking = {
        let id: Rc<str> = Rc::from(props.id.as_str());
        use_mutation(move |(), key, lang, signal| check_in(id.clone(), key, lang, signal))
    };
    {
        // Checked in: the live queue shows the ticket.
        let navigator = use_navigator();
        use_effect_on(checking.done().is_some(), move |&done| {
            if let (true, Some(navigator)) = (done, navigator) {
                navigator.push(&Route::Queue);
            }
        });
    }
    let check_in = CheckIn {
        on_check_in: checking.run_callback(),
        busy: checking.busy(),
        failed: checking.error().map(|e| e.explanation(lang)),
    };
    let asking = use_state_eq(|| false);
    let reason = use_state_eq(String::new);
    let cancelling = {
        let id: Rc<str> = Rc::from(props.id.as_str());
        use_mutation(move |request, _key, lang, signal| cancel(id.clone(), request, lang, signal))
    };
    {
        // An answer closes the dialog and brings the focus back to the visit; after a
        // failure, the appointment as the server has it now.
        let (asking, data) = (asking.clone(), data.clone());
        use_effect_on((*cancelling).clone(), move |state| {
            if matches!(state, MutationState::Done(_) | MutationState::Failed(_)) {
                asking.set(false);
                focus_id("visit-heading");
            }
            if state.error().is_some() {
                data.reload();
            }
        });
    }

    let ask = |open: bool| {
        let asking = asking.clone();
        Callback::from(move |()| {
            asking.set(open);
            if !open {
                focus_id("visit-heading");
            }
        })
    };
    let on_cancel = {
        let (asking, reason, run) = (asking.clone(), reason.clone(), cancelling.run_callback());
        Callback::from(move |()| {
            if *asking {
                run.emit(CancelRequest {
                    reason: (*reason).clone(),
                });
            }
        })
    };
    let action = match (*asking, cancelling.busy()) {
        (true, true) => Some(Action::Cancelling),
        (true, false) => Some(Action::Cancel),
        (false, _) => None,
    };

    // The cancelled appointment as answered, else the one loaded.
    let shown = cancelling.done().map(|a| &**a).or_else(|| {
        data.data()
            .filter(|loaded| !loaded.waiting)
            .and_then(|loaded| loaded.appointments.first())
    });
    let body = match (shown, &*data) {
        (Some(a), _) => details(
            a,
            arrival,
            action,
            &reason,
            kiosk.as_ref(),
            (CivilDate::parse(&a.date) == Some(meta.today())).then_some(&check_in),
            &meta,
            lang,
            ask(true),
            ask(false),
            on_cancel,
        ),
        (None, FetchState::Failed(error)) => {
            let (title, retry) = if error.status() == Some(404) {
                (t.appointment_not_found, None)
            } else {
                (t.appointments_failed, Some(data.retry_callback()))
            };
            notice(title, error.message(lang), retry, meta.phone(), t)
        }
        (None, _) => loading(t),
    };
    let announcement = if cancelling.done().is_some() {
        t.cancelled
    } else {
        ""
    };
    html! {
        <div class={booking_style()}>
            { back_link(Route::Appointments, t.my_appointments) }
            <h1>{ t.appointment_title }</h1>
            <RequireLogin>
                if let Some(error) = cancelling.error() {
                    { notice(t.cancel_failed, error.message(lang), None, meta.phone(), t) }
                }
                { body }
                { live_region(&LiveRegionProps { message: announcement.into() }) }
            </RequireLogin>
        </div>
    }
}

/// Everything about one appointment, with the way to cancel or move it.
#[allow(clippy::too_many_arguments)]
fn details(
    a: &Appointment,
    arrival: Option<Arrival>,
    action: Option<Action>,
    reason: &UseStateHandle<String>,
    kiosk: Option<&KioskActions>,
    check_in: Option<&CheckIn>,
    meta: &MetaHandle,
    lang: Lang,
    on_ask_cancel: Callback<()>,
    on_close: Callback<()>,
    on_cancel: Callback<()>,
) -> Html {
    let t = texts(lang);
    let live = matches!(
        a.status,
        AppointmentStatus::Booked | AppointmentStatus::Arrived
    );
    let banner = match arrival.filter(|_| live) {
        Some(Arrival::Booked) => Some(t.booked),
        Some(Arrival::Rescheduled) => Some(t.rescheduled),
        None => None,
    };
    let deadline = meta
        .local_time(&a.changeable_until)
        .map(|(date, time)| format!("{} {time}", (t.day_label)(date)))
        .unwrap_or_default();
    let day = CivilDate::parse(&a.date).map_or(a.date.clone(), t.day_label);
    let when = format!(
        "{day} {} {}–{}",
        a.period.label().get(lang),
        a.window_start,
        a.window_end
    );
    let rows = vec![
        (t.patient_label, a.patient_name.clone()),
        (t.doctor_label, doctor_line(&a.doctor, lang)),
        (t.time_label, when.clone()),
        (
            t.fee_label,
            format!("¥{} · {}", yuan(a.fee_fen), a.visit_type.label().get(lang)),
        ),
        (
            t.place_label,
            a.department.location_label.get(lang).to_owned(),
        ),
    ];
    let changes = match (a.status, a.changeable) {
        (AppointmentStatus::Booked, true) => html! {
            <div class="card">
                <p class="muted">{ (t.changeable_until)(&deadline) }</p>
                <div class="row split">
                    <NavLink to={Route::Department { id: a.department.id.clone() }}
                        query={AttrValue::from(DepartmentQuery { moving: Some(a.id.clone()), doctor: Some(a.doctor.id.clone()), ..DepartmentQuery::default() }.to_query())}
                        class={button_style(Variant::Secondary)}>
                        { icon(IconKind::Calendar) }{ t.reschedule }
                    </NavLink>
                    <Button variant={Variant::Secondary} onclick={on_ask_cancel}>
                        { t.cancel_appointment }
                    </Button>
                </div>
            </div>
        },
        (AppointmentStatus::Booked, false) => html! {
            <div class="card">
                <p>{ (t.change_closed)(&deadline) }</p>
                if let Some(phone) = meta.phone() {
                    { phone_link(&phone, t.call_hospital) }
                }
            </div>
        },
        _ => Html::default(),
    };
    let dialog = match action {
        Some(Action::Cancel | Action::Cancelling) => {
            let on_reason = {
                let reason = reason.clone();
                Callback::from(move |value: String| reason.set(value))
            };
            let what = format!("{when} {}", a.department.name.get(lang));
            html! {
                <ConfirmDialog title={t.cancel_appointment} message={(t.cancel_question)(&what)}
                    confirm_label={t.cancel_appointment} cancel_label={t.keep_appointment}
                    busy={action == Some(Action::Cancelling)} on_cancel={on_close.clone()}
                    on_confirm={on_cancel}>
                    <TextField id="cancel-reason" label={t.cancel_reason_label}
                        value={(**reason).clone()} maxlength={AttrValue::Static("200")}
                        on_input={on_reason} />
                </ConfirmDialog>
            }
        }
        None => Html::default(),
    };

    html! {
        <>
            if let Some(title) = banner {
                <div class="card banner" role="status">
                    <h2>{ title }</h2>
                    <p>{ t.booked_body }</p>
                </div>
            }
            <div class="columns">
                if live {
                    <section class="card" aria-labelledby="check-in-heading">
                        // When and for whom first, above the code: what the patient checks.
                        <p class="when">{ visit_time(&a.date, &a.window_start, &a.window_end, t) }</p>
                        <p class="when who">{ format!("{} {}", t.patient_label, a.patient_name) }</p>
                        <h2 id="check-in-heading">{ t.check_in_code }</h2>
                        <img class="qr" src={api::booking::qr_href(&a.id)} alt={t.qr_alt}
                            width="240" height="240" />
                        <p class="code">{ &a.check_in_code }</p>
                        <p class="muted">{ t.qr_hint }</p>
                        if let (AppointmentStatus::Booked, Some(check_in)) = (a.status, check_in) {
                            <Button busy={check_in.busy} icon={IconKind::Check}
                                onclick={check_in.on_check_in.clone()}>
                                { if check_in.busy { t.checking_in } else { t.check_in_short } }
                            </Button>
                            if let Some(why) = &check_in.failed {
                                { notice(t.check_in_failed, why.clone(), None, meta.phone(), t) }
                            }
                        }
                    </section>
                }
                <section class="card" aria-labelledby="visit-heading">
                    <div class="row">
                        <h2 id="visit-heading" tabindex="-1">
                            { format!("{} · {}", a.department.name.get(lang), a.doctor.name.get(lang)) }
                        </h2>
                        { status_tag(a, t) }
                    </div>
                    if live {
                        <p class="arrive">{ a.arrival.instruction.get(lang) }</p>
                    }
                    { summary(rows) }
                    // Moved: the appointment it became, instead of why it was cancelled.
                    if let Some(to) = &a.rescheduled_to {
                        <NavLink to={Route::Appointment { id: to.id.clone() }}
                            class={button_style(Variant::Primary)}>
                            { (t.rescheduled_to)(&visit_time(&to.date, &to.window_start, &to.window_end, t)) }
                        </NavLink>
                    } else if let Some(why) = &a.cancel_reason {
                        <p class="tag">{ (t.cancelled_because)(why.get(lang)) }</p>
                    }
                    <div class="row split">
                        if let (true, Some(kiosk)) = (live, kiosk) {
                            <Button variant={Variant::Secondary} onclick={Callback::from(|()| print())}>
                                { t.print }
                            </Button>
                            <Button variant={Variant::Secondary} busy={kiosk.sending}
                                onclick={kiosk.on_send.clone()}>
                                { if kiosk.sending { t.sending_to_phone } else { t.send_to_phone } }
                            </Button>
                        } else if live {
                            <a class={button_style(Variant::Secondary)}
                                href={api::booking::calendar_href(&a.id)} download="appointment.ics">
                                { icon(IconKind::Calendar) }{ t.add_to_calendar }
                            </a>
                        } else if a.rescheduled_to.is_none() {
                            <NavLink to={Route::Department { id: a.department.id.clone() }}
                                class={button_style(Variant::Primary)}>
                                { t.book_again }
                            </NavLink>
                        }
                        { directions_link(&a.department.location, t) }
                    </div>
                    if let Some(note) = kiosk.and_then(|k| k.note.clone()) {
                        <p role="status">{ note }</p>
                    }
                </section>
            </div>
            { changes }
            if live && !a.instructions.is_empty() {
                <section class="card" aria-labelledby="instructions-heading">
                    <h2 id="instructions-heading">{ t.before_visit }</h2>
                    <ul>
                        { for a.instructions.iter().map(|line| html! { <li>{ line.get(lang) }</li> }) }
                    </ul>
                </section>
            }
            { dialog }
        </>
    }
}

/// Opens the browser's print dialog (a kiosk's printer, or saving as PDF elsewhere).
fn print() {
    if let Some(window) = crate::platform::window() {
        // Nothing to do when printing is blocked: the page stays as it is.
        let _ = window.print();
    }
}
