//! One ticket as its holder sees it: the number, large; whose it is and where; the status
//! in words; while waiting the people ahead and the wait; when called the banner that says
//! where to go (`role="alert"`) with the way there; a paused room's reason; and "rejoin"
//! after a missed call.

use careway_core::api::queue::{Ticket, TicketStatus};
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::app::route::{NavigationQuery, Route};
use crate::i18n::Texts;
use crate::queue::state::{can_rejoin, is_near, status_class, status_words, wait_words};
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;

/// What [`ticket_card`] shows, and what its buttons do.
#[derive(Clone, PartialEq)]
pub struct TicketCardProps {
    /// The ticket.
    pub ticket: Ticket,
    /// The call is not acknowledged yet: the banner offers "Got it".
    pub flashing: bool,
    /// A rejoin of this ticket is running.
    pub rejoining: bool,
    /// Acknowledges the call.
    pub on_acknowledge: Callback<()>,
    /// Asks to rejoin, with the ticket's id.
    pub on_rejoin: Callback<String>,
}

/// One ticket, as a list item (`li.ticket`, with the status as a class).
pub fn ticket_card(props: &TicketCardProps, t: &'static Texts, lang: Lang) -> Html {
    let ticket = &props.ticket;
    let heading = format!("ticket-{}", ticket.id);
    let point = &ticket.point;
    let called = ticket.status == TicketStatus::Called;
    let waiting = ticket.status == TicketStatus::Waiting;
    let rejoin = {
        let (on_rejoin, id) = (props.on_rejoin.clone(), ticket.id.clone());
        Callback::from(move |()| on_rejoin.emit(id.clone()))
    };
    let way = point.place.as_ref().map(|place| {
        NavigationQuery {
            to: Some(place.clone()),
            ..NavigationQuery::default()
        }
        .to_query()
    });
    html! {
        <li class={classes!("ticket", "card", status_class(ticket.status))} aria-labelledby={heading.clone()}>
            <div class="top">
                <p class="number" id={heading}>
                    <span class="visually-hidden">{ t.queue_number }{ " " }</span>{ &ticket.number }
                </p>
                <p class="tag">{ status_words(ticket.status, t) }</p>
            </div>
            <p class="who">{ &ticket.patient_name }</p>
            <p class="where">{ format!("{} · {}", point.name.get(lang), point.room.get(lang)) }</p>
            if called {
                <div class="banner called" role="alert">
                    <p class="go">{ (t.queue_go_to)(point.room.get(lang)) }</p>
                    <div class="row">
                        if let Some(query) = way {
                            <NavLink to={Route::Navigation} query={AttrValue::from(query)}
                                class={classes!(button_style(Variant::Secondary), "take-me")}>
                                { icon(IconKind::MapPin) }{ t.queue_take_me }
                            </NavLink>
                        }
                        if props.flashing {
                            <Button variant={Variant::Secondary} icon={IconKind::Check}
                                onclick={props.on_acknowledge.clone()}>
                                { t.queue_got_it }
                            </Button>
                        }
                    </div>
                </div>
            }
            if waiting {
                <p class="ahead">{ (t.queue_ahead)(ticket.ahead.unwrap_or(0)) }</p>
                if let Some(wait) = &ticket.wait {
                    <p class="wait">
                        <span class="muted">{ t.queue_wait_label }{ " " }</span>{ wait_words(wait, t) }
                    </p>
                }
                if is_near(ticket) {
                    <p class="banner near">{ t.queue_near }</p>
                }
            }
            if let Some(reason) = &point.paused {
                <p class="paused" role="note">{ (t.queue_paused)(reason.get(lang)) }</p>
            }
            if ticket.late && waiting {
                <p class="muted">{ t.queue_late }</p>
            }
            if can_rejoin(ticket) {
                <p>{ t.queue_missed_body }</p>
                <Button busy={props.rejoining} icon={IconKind::Retry} onclick={rejoin}>
                    { t.queue_rejoin }
                </Button>
            }
        </li>
    }
}
