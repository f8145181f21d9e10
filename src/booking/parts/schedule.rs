//! A schedule to choose from: the date strip, the doctors, and a day's clinics with their
//! time windows.

use careway_core::api::booking::{yuan, Availability, DoctorSchedule, SessionView, SlotView};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::contexts::meta::local_time;
use crate::booking::state::schedule::{availability_note, day_mark, next_places, Day, DayMark};
use crate::i18n::Texts;
use crate::ui::icon::{icon, IconKind};

/// The id of the date strip's scrolling row, for its scroll buttons.
const STRIP_ID: &str = "date-strip";

/// The date strip: one button per day with its weekday ("今天" for today), the date and
/// its mark ("余 12", "约满", "无出诊"). Days a patient cannot book are drawn quieter but
/// stay pressable, so a doctor's day off can be seen as such.
///
/// A day's name is its visible text in order ("今天 12/1 余 10"), then the full date for a
/// screen reader ("12月1日 周二"), so what is seen is what can be said to a voice control.
/// The row scrolls sideways; a fade and the buttons at its ends show that it does, and
/// scroll it by a screen (reachable by keyboard, unlike a swipe).
pub fn date_strip(
    days: &[Day],
    selected: Option<&str>,
    today: CivilDate,
    t: &Texts,
    on_pick: &Callback<String>,
) -> Html {
    html! {
        <div class="strip-frame">
            <button type="button" class="strip-scroll earlier" aria-label={t.earlier_dates}
                aria-controls={STRIP_ID} onclick={Callback::from(|_: MouseEvent| scroll_strip(-1.0))}>
                { icon(IconKind::Chevron) }
            </button>
            <div class="strip" id={STRIP_ID} role="group" aria-label={t.choose_date}>
                { for days.iter().map(|day| {
                    let top = if day.date == today {
                        t.today
                    } else {
                        t.weekdays[usize::from(day.date.weekday() % 7)]
                    };
                    let note = day.mark.note(t);
                    let pressed = selected == Some(day.key.as_str());
                    let key = day.key.clone();
                    let onclick = on_pick.reform(move |_: MouseEvent| key.clone());
                    html! {
                        <button type="button" class={classes!("day", (!day.mark.open()).then_some("off"))}
                            aria-pressed={if pressed { "true" } else { "false" }} {onclick}>
                            <span>{ top }</span>{ " " }
                            <strong>{ (t.day_short)(day.date) }</strong>{ " " }
                            <span class="mark">{ note }</span>{ " " }
                            <span class="visually-hidden">{ (t.day_label)(day.date) }</span>
                        </button>
                    }
                }) }
            </div>
            <button type="button" class="strip-scroll later" aria-label={t.later_dates}
                aria-controls={STRIP_ID} onclick={Callback::from(|_: MouseEvent| scroll_strip(1.0))}>
                { icon(IconKind::Chevron) }
            </button>
        </div>
    }
}

/// Scrolls the date strip so its chosen day shows (after Back or a reload, the day chosen
/// may lie past the strip's first screen).
pub fn show_chosen_day() {
    let Some(document) = crate::platform::window().and_then(|w| w.document()) else {
        return;
    };
    let strip = document.get_element_by_id(STRIP_ID);
    let day = document
        .query_selector(&format!("#{STRIP_ID} [aria-pressed='true']"))
        .ok()
        .flatten()
        .and_then(|day| day.dyn_into::<web_sys::HtmlElement>().ok());
    if let (Some(strip), Some(day)) = (strip, day) {
        let left = day.offset_left() - (strip.client_width() - day.offset_width()) / 2;
        strip.set_scroll_left(left.max(0));
    }
}

/// Scrolls the date strip by most of its width, later (`1.0`) or earlier (`-1.0`).
fn scroll_strip(direction: f64) {
    let strip = crate::platform::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(STRIP_ID));
    if let Some(strip) = strip {
        let width = f64::from(strip.client_width()) * 0.8;
        strip.scroll_by_with_x_and_y(direction * width, 0.0);
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
            // The places on the day named, not over the whole horizon.
            let note = match (mark, next_places(schedule)) {
                (DayMark::Open(_), Some((next, places))) => {
                    let next = CivilDate::parse(next).map_or(next.to_owned(), t.day_label);
                    format!(
                        "{} · {}",
                        (t.next_available)(&next),
                        (t.places_left)(places)
                    )
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
                <span class="visually-hidden">{ " · " }</span>
                <span class="tag">{ doctor.title.label().get(lang).to_owned() }</span>
            </span>
            <span class="muted">{ doctor.specialties.get(lang) }</span>
            <span class={classes!("tag", if mark.open() { "ok" } else { "no" })}>{ note }</span>
        </button>
    }
}

/// A doctor's clinics on one day: per clinic its period, visit type, fee and places, the
/// reason when the hospital stopped it or when its places open, and its time windows;
/// `current` is the window of the appointment being moved, marked as such.
pub fn day_sessions(
    sessions: &[&SessionView],
    current: Option<&str>,
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
                                slot_button(slot, current == Some(slot.id.as_str()), t, pick)
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
/// the reason ("约满", "已停止预约") instead of being left out; so is the `current`
/// window of an appointment being moved, marked "当前预约".
pub fn slot_button(slot: &SlotView, current: bool, t: &Texts, on_pick: Callback<()>) -> Html {
    let open = slot.availability == Availability::Open && !current;
    let onclick = Callback::from(move |_: MouseEvent| {
        if open {
            on_pick.emit(());
        }
    });
    html! {
        <button type="button" class="window" key={slot.id.clone()} {onclick}
            aria-disabled={(!open).then_some("true")}>
            <span>{ format!("{}–{}", slot.start, slot.end) }</span>{ " " }
            <span class="note">
                if current {
                    { t.current_window }
                } else {
                    { availability_note(slot.availability, slot.remaining, None, t) }
                }
            </span>
        </button>
    }
}
