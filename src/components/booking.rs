//! The pieces the booking pages are drawn with: the date strip, doctors to choose, a day's
//! clinics with their time windows, family members to book for, the summary of a visit,
//! the symptom guide's answers and an appointment in a list.
//!
//! They are plain functions of what to show and the callbacks to call, not components:
//! they hold no state, and the pages that use them keep the bundle small that way. All of
//! them rely on [`booking_style`] on an ancestor.

use careway_core::api::account::Patient;
use careway_core::api::booking::{
    yuan, Appointment, AppointmentStatus, Availability, Department, DoctorSchedule, SessionView,
    SlotView,
};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use careway_core::triage::{Hint, Recommendation, RedFlag};
use stylist::css;
use yew::prelude::*;

use crate::api::segment;
use crate::app::contexts::meta::local_time;
use crate::app::route::Route;
use crate::booking::{availability_note, day_mark, reason_line, status_label, Day, DayMark};
use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::error_notice::ErrorNotice;
use crate::ui::icon::{Icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::patient::age;
use crate::ui::patient::{relation_label, sex_label};
use crate::ui::phone_link::Phone;
use crate::ui::progress::Skeleton;

/// The look of every booking page, set once on the page's outermost element: cards, chips,
/// the date strip, doctor choices, time windows, summaries, banners and the emergency
/// card. One style sheet for all of them, registered once.
pub fn booking_style() -> Classes {
    css!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & :focus:not(:focus-visible) {
            outline: none;
        }
        & h3 {
            font-size: var(--fs-title);
        }
        & section, & .list, & fieldset {
            display: grid;
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            border: 0;
            min-width: 0;
            list-style: none;
        }
        & .card, & .link-card, & .doctor, & .member {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            color: var(--c-text);
            text-align: start;
            text-decoration: none;
        }
        & .card {
            box-shadow: var(--shadow);
        }
        & .link-card, & .member, & .row {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--sp-1) var(--sp-3);
        }
        & .text {
            display: grid;
            flex: 1;
            min-width: 0;
        }
        & .muted {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .name, & legend, & .arrive {
            font-size: var(--fs-title);
            font-weight: 700;
        }
        & .arrive {
            color: var(--c-primary-strong);
        }
        & .back, & .start {
            justify-self: start;
        }
        & .back svg {
            transform: rotate(180deg);
        }
        & .columns {
            display: grid;
            gap: var(--sp-4);
            grid-template-columns: repeat(auto-fit, minmax(min(28em, 100%), 1fr));
            align-items: start;
        }
        & .lead, & .banner {
            border: 2px solid var(--c-primary);
            background: var(--c-primary-soft);
        }
        & .chips, & .strip {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
        }
        & .strip {
            flex-wrap: nowrap;
            overflow-x: auto;
            padding: 4px;
        }
        & .chip, & .day, & .window, & .doctor, & .member {
            min-height: var(--target);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-primary-strong);
            font-weight: 600;
            cursor: pointer;
            touch-action: manipulation;
        }
        & .chip {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-1);
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            text-decoration: none;
        }
        & .day, & .window {
            display: grid;
            justify-items: center;
            flex: none;
            min-width: 4.4em;
            padding: var(--sp-1) var(--sp-2);
            line-height: 1.35;
            font-variant-numeric: tabular-nums;
        }
        & .window {
            border: 2px solid var(--c-primary);
            font-weight: 700;
        }
        & .doctor, & .member {
            width: 100%;
            color: var(--c-text);
            font-weight: 400;
        }
        & .off, & [aria-disabled="true"] {
            border: var(--border) dashed var(--c-border-strong);
            background: var(--c-bg);
            color: var(--c-muted);
            font-weight: 400;
        }
        & [aria-pressed="true"], & .chosen {
            border: 2px solid var(--c-primary);
            background: var(--c-primary);
            color: var(--c-on-primary);
        }
        & .doctor[aria-pressed="true"], & .chosen {
            background: var(--c-primary-soft);
            color: var(--c-text);
            box-shadow: inset 6px 0 0 var(--c-primary);
        }
        & input[type="radio"] {
            accent-color: var(--c-primary);
        }
        & .windows {
            display: grid;
            gap: var(--sp-2);
            grid-template-columns: repeat(auto-fill, minmax(min(8.5em, 100%), 1fr));
        }
        & .tag {
            justify-self: start;
            padding: 0 var(--sp-2);
            border: var(--border) solid var(--c-border);
            border-radius: 999px;
            background: var(--c-bg);
            color: var(--c-muted);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .ok {
            border-color: var(--c-primary);
            color: var(--c-primary-strong);
        }
        & .no, & .alert h2 {
            border-color: var(--c-danger);
            color: var(--c-danger);
        }
        & .alert {
            border: 2px solid var(--c-danger);
            background: var(--c-danger-soft);
        }
        & .alert svg {
            margin-inline-end: var(--sp-2);
        }
        & .call {
            background: var(--c-danger);
            font-size: var(--fs-h2);
        }
        & dl {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: var(--sp-1) var(--sp-3);
            margin: 0;
        }
        & dt {
            color: var(--c-muted);
        }
        & dd {
            margin: 0;
            font-weight: 600;
        }
        & .qr {
            justify-self: center;
            width: min(100%, 15em);
            height: auto;
        }
        & .code {
            justify-self: center;
            font-size: var(--fs-h2);
            letter-spacing: 0.12em;
        }
        & .split > * {
            flex: 1 1 10em;
        }
        & textarea {
            width: 100%;
            min-height: 5em;
            padding: var(--sp-2) var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            font: inherit;
        }
        "#
    )
    .into()
}

/// A link back (an arrow and where it goes), at the top of a page.
pub fn back_link(to: Route, label: &'static str) -> Html {
    html! {
        <NavLink {to} class={classes!(button_style(Variant::Secondary), "back")}>
            <Icon kind={IconKind::Chevron} />{ label }
        </NavLink>
    }
}

/// What shows while a booking page loads: placeholders, and "loading" for screen readers.
pub fn loading(t: &Texts) -> Html {
    html! {
        <div class="list" aria-busy="true">
            <span class="visually-hidden" role="status">{ t.loading }</span>
            <Skeleton height="7em" />
            <Skeleton height="10em" />
        </div>
    }
}

/// A failure with the ways forward: try again (when `retry` is given) and call the
/// hospital.
pub fn notice(
    title: &'static str,
    message: String,
    retry: Option<Callback<()>>,
    phone: Option<Phone>,
    t: &Texts,
) -> Html {
    html! {
        <ErrorNotice {title} {message} retry_label={t.retry} on_retry={retry} {phone}
            phone_label={t.call_hospital} />
    }
}

/// The date strip: one button per day with its weekday ("今天" for today), the date and
/// its mark ("余 12", "约满", "无出诊"). Days a patient cannot book are drawn quieter but
/// stay pressable, so a doctor's day off can be seen as such.
pub fn date_strip(
    days: &[Day],
    selected: Option<&str>,
    today: CivilDate,
    t: &Texts,
    on_pick: &Callback<String>,
) -> Html {
    html! {
        <div class="strip" role="group" aria-label={t.choose_date}>
            { for days.iter().map(|day| {
                let top = if day.date == today {
                    t.today
                } else {
                    t.weekdays[usize::from(day.date.weekday() % 7)]
                };
                let note = day.mark.note(t);
                let label = format!("{} {note}", (t.day_label)(day.date));
                let pressed = selected == Some(day.key.as_str());
                let key = day.key.clone();
                let onclick = on_pick.reform(move |_: MouseEvent| key.clone());
                html! {
                    <button type="button" class={classes!("day", (!day.mark.open()).then_some("off"))}
                        aria-pressed={if pressed { "true" } else { "false" }}
                        aria-label={label} {onclick}>
                        <span>{ top }</span>
                        <strong>{ (t.day_short)(day.date) }</strong>
                        <span class="mark">{ note }</span>
                    </button>
                }
            }) }
        </div>
    }
}

/// A doctor to choose: name, title, specialties, and how bookable they are on `day` (when
/// a date was chosen) or over the next two weeks ("最近可约 11月24日 周二 · 余 12").
pub fn doctor_choice(
    schedule: &DoctorSchedule,
    day: Option<&str>,
    chosen: bool,
    lang: Lang,
    t: &Texts,
    on_choose: Callback<()>,
) -> Html {
    let doctor = &schedule.doctor;
    let (mark, note) = match day {
        Some(key) => {
            let mark = day_mark(schedule.sessions.iter().filter(|s| s.date == key));
            (mark, mark.note(t))
        }
        None => {
            let mark = day_mark(&schedule.sessions);
            let note = match (mark, &schedule.next_available) {
                (DayMark::Open(n), Some(next)) => {
                    let next = CivilDate::parse(next).map_or(next.clone(), t.day_label);
                    format!("{} · {}", (t.next_available)(&next), (t.places_left)(n))
                }
                (DayMark::Closed | DayMark::None, _) => t.no_places_soon.to_owned(),
                (mark, _) => mark.note(t),
            };
            (mark, note)
        }
    };
    let onclick = on_choose.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="doctor" aria-pressed={if chosen { "true" } else { "false" }}
            {onclick}>
            <span class="row">
                <span class="name">{ doctor.name.get(lang) }</span>
                <span class="tag">{ doctor.title.label().get(lang).to_owned() }</span>
            </span>
            <span class="muted">{ doctor.specialties.get(lang) }</span>
            <span class={classes!("tag", if mark.open() { "ok" } else { "no" })}>{ note }</span>
        </button>
    }
}

/// A doctor's clinics on one day: per clinic its period, visit type, fee and places, the
/// reason when the hospital stopped it or when its places open, and its time windows.
pub fn day_sessions(
    sessions: &[&SessionView],
    chosen: Option<&str>,
    zone: &str,
    lang: Lang,
    t: &Texts,
    on_slot: &Callback<SlotView>,
) -> Html {
    html! {
        <div class="list">
            { for sessions.iter().map(|session| {
                let opens = (session.availability == Availability::NotReleased)
                    .then(|| local_time(&session.release_at, zone))
                    .flatten()
                    .map(|(date, time)| format!("{} {time}", (t.day_label)(date)));
                let note = availability_note(
                    session.availability,
                    session.remaining,
                    opens.as_deref(),
                    t,
                );
                let heading = format!(
                    "{} · {}",
                    session.period.label().get(lang),
                    session.visit_type.label().get(lang)
                );
                html! {
                    <div class="card" key={session.id.clone()}>
                        <h3>{ heading }</h3>
                        <p class="muted">{ format!("{} · {note}", (t.fee)(&yuan(session.fee_fen))) }</p>
                        if let Some(reason) = &session.stop_reason {
                            <p class="muted">{ reason.get(lang) }</p>
                        }
                        <div class="windows">
                            { for session.slots.iter().map(|slot| {
                                let pick = {
                                    let slot = slot.clone();
                                    on_slot.reform(move |()| slot.clone())
                                };
                                slot_button(slot, chosen == Some(slot.id.as_str()), t, pick)
                            }) }
                        </div>
                    </div>
                }
            }) }
        </div>
    }
}

/// One time window as a large button, "08:00–08:30" over "余 2". A window that cannot be
/// booked is drawn disabled (`aria-disabled`, still focusable so its reason is read) with
/// the reason ("约满", "已停止预约") instead of being left out.
pub fn slot_button(slot: &SlotView, chosen: bool, t: &Texts, on_pick: Callback<()>) -> Html {
    let open = slot.availability == Availability::Open;
    let onclick = Callback::from(move |_: MouseEvent| {
        if open {
            on_pick.emit(());
        }
    });
    html! {
        <button type="button" class="window" key={slot.id.clone()} {onclick}
            aria-disabled={(!open).then_some("true")}
            aria-pressed={chosen.then_some("true")}>
            <span>{ format!("{}–{}", slot.start, slot.end) }</span>
            <span class="note">
                { availability_note(slot.availability, slot.remaining, None, t) }
            </span>
        </button>
    }
}

/// The family members as large radio cards (name, relation, sex and age), one chosen.
pub fn patient_choices(
    patients: &[Patient],
    chosen: Option<&str>,
    today: CivilDate,
    t: &Texts,
    on_choose: &Callback<String>,
) -> Html {
    html! {
        <div class="list">
            { for patients.iter().map(|p| {
                let checked = chosen == Some(p.id.as_str());
                let details = [Some(sex_label(p.sex, t).to_owned()), age(&p.birth_date, today).map(t.age)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let id = p.id.clone();
                let onchange = on_choose.reform(move |_: Event| id.clone());
                html! {
                    <label class={classes!("member", checked.then_some("chosen"))} key={p.id.clone()}>
                        <input type="radio" name="patient" value={p.id.clone()} {checked} {onchange} />
                        <span class="text">
                            <span class="row">
                                <span class="name">{ &p.name }</span>
                                <span class="tag">{ relation_label(p.relation, t) }</span>
                            </span>
                            <span class="muted">{ details }</span>
                        </span>
                    </label>
                }
            }) }
        </div>
    }
}

/// The rows of a visit's summary (label, value) as a definition list.
pub fn summary(rows: Vec<(&'static str, String)>) -> Html {
    html! {
        <dl>
            { for rows.into_iter().map(|(label, value)| html! {
                <>
                    <dt>{ label }</dt>
                    <dd>{ value }</dd>
                </>
            }) }
        </dl>
    }
}

/// A link to the way to a venue place, for the navigation page.
pub fn directions_link(place: &str, t: &Texts) -> Html {
    html! {
        <NavLink to={Route::Navigation} query={AttrValue::from(format!("to={}", segment(place)))}
            class="chip">
            <Icon kind={IconKind::MapPin} />{ t.directions }
        </NavLink>
    }
}

/// The emergency advice that replaces booking when a symptom is a red flag: announced at
/// once (`role="alert"`), a large button that calls the emergency number, and where the
/// emergency department is. It offers no booking, on purpose.
pub fn red_flag(
    flag: &RedFlag,
    emergency: Option<&Department>,
    number: &str,
    lang: Lang,
    t: &Texts,
) -> Html {
    let dial: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    html! {
        <section class="card alert" role="alert" aria-labelledby="red-flag-title">
            <h2 id="red-flag-title"><Icon kind={IconKind::Alert} />{ t.red_flag_title }</h2>
            <p class="message">{ flag.message.get(lang) }</p>
            <a class={classes!(button_style(Variant::Primary), "call")} href={format!("tel:{dial}")}>
                <Icon kind={IconKind::Phone} />{ (t.call_emergency)(number) }
            </a>
            if let Some(department) = emergency {
                <p>{ (t.emergency_at)(department.name.get(lang), department.location_label.get(lang)) }</p>
                { directions_link(&department.location, t) }
            }
        </section>
    }
}

/// One recommended department: its name, why ("头痛、头晕 → 神经内科"), where it is, and
/// the way to book it.
pub fn recommendation(
    item: &Recommendation,
    department: Option<&Department>,
    best: bool,
    lang: Lang,
    t: &Texts,
) -> Html {
    let name = department.map_or(item.department.as_str(), |d| d.name.get(lang));
    html! {
        <li class="card" key={item.department.clone()}>
            <div class="row">
                <h3>{ name }</h3>
                if best {
                    <span class="tag ok">{ t.triage_best }</span>
                }
            </div>
            <p>{ reason_line(&item.reasons, name, t.list_sep) }</p>
            if let Some(department) = department {
                <p class="muted">{ department.location_label.get(lang) }</p>
            }
            <NavLink to={Route::Department { id: item.department.clone() }}
                class={button_style(Variant::Primary)}
                label={AttrValue::from(format!("{} {name}", t.book_department))}>
                { t.book_department }
            </NavLink>
        </li>
    }
}

/// What to do when no department matched: the hint, and the department it suggests.
pub fn hint(hint: &Hint, department: Option<&Department>, lang: Lang, t: &Texts) -> Html {
    let name = department.map_or(hint.department.as_str(), |d| d.name.get(lang));
    html! {
        <div class="card">
            <p>{ hint.message.get(lang) }</p>
            <NavLink to={Route::Department { id: hint.department.clone() }}
                class={button_style(Variant::Secondary)}
                label={AttrValue::from(format!("{} {name}", t.book_department))}>
                { format!("{} · {name}", t.book_department) }
            </NavLink>
        </div>
    }
}

/// An appointment's status as a badge: booked and checked in stand out, the rest are quiet.
pub fn status_tag(status: AppointmentStatus, t: &Texts) -> Html {
    let class = match status {
        AppointmentStatus::Booked | AppointmentStatus::Arrived => Some("ok"),
        AppointmentStatus::Noshow => Some("no"),
        AppointmentStatus::Fulfilled | AppointmentStatus::Cancelled => None,
    };
    html! { <span class={classes!("tag", class)}>{ status_label(status, t) }</span> }
}

/// When and what a visit is, in one line: "11月24日 周二 08:00–08:30".
pub fn visit_time(date: &str, start: &str, end: &str, t: &Texts) -> String {
    let day = CivilDate::parse(date).map_or(date.to_owned(), t.day_label);
    format!("{day} {start}–{end}")
}

/// An appointment in a list: when, where, with whom, for whom, and its status, as a link
/// to its page.
pub fn appointment_card(a: &Appointment, lang: Lang, t: &Texts) -> Html {
    html! {
        <li key={a.id.clone()}>
            <NavLink to={Route::Appointment { id: a.id.clone() }} class="link-card">
                <span class="text">
                    <span class="row">
                        <span class="name">{ visit_time(&a.date, &a.window_start, &a.window_end, t) }</span>
                        { status_tag(a.status, t) }
                    </span>
                    <span>{ format!("{} · {}", a.department.name.get(lang), a.doctor.name.get(lang)) }</span>
                    <span class="muted">{ format!("{} {}", t.patient_label, a.patient_name) }</span>
                </span>
                <Icon kind={IconKind::Chevron} />
            </NavLink>
        </li>
    }
}
