//! A board as a wall shows it: the calls, newest first ("Now calling": number, masked name,
//! room), then each room with who is called to it, the next few numbers, how many wait,
//! and why it is paused when it is.

use careway_core::api::queue::{Board, BoardCall, BoardRoom, BoardTicket};
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::i18n::Texts;

/// The most calls shown.
pub const MAX_CALLS: usize = 8;

/// The calls and the rooms of `board`.
pub fn board_view(board: &Board, t: &'static Texts, lang: Lang) -> Html {
    html! {
        <>
            <section class="calling" aria-labelledby="board-calling">
                <h2 id="board-calling">{ t.board_calling }</h2>
                if board.calls.is_empty() {
                    <p class="none">{ t.board_no_calls }</p>
                } else {
                    <ol class="calls">
                        { for board.calls.iter().take(MAX_CALLS).map(|c| call(c, lang)) }
                    </ol>
                }
            </section>
            <section class="rooms" aria-labelledby="board-rooms">
                <h2 id="board-rooms">{ t.board_rooms }</h2>
                <ul class="room-list">
                    { for board.rooms.iter().map(|r| room(r, t, lang)) }
                </ul>
            </section>
        </>
    }
}

/// One call: `li.call` with `.number`, `.name` and `.room`.
fn call(call: &BoardCall, lang: Lang) -> Html {
    html! {
        <li class="call">
            <span class="number">{ &call.ticket.number }</span>
            <span class="name">{ &call.ticket.name }</span>
            <span class="room">{ call.room.get(lang) }</span>
        </li>
    }
}

/// A ticket as a room shows it: number and masked name.
fn short(ticket: &BoardTicket) -> String {
    format!("{} {}", ticket.number, ticket.name)
}

/// One room: `li.room` (and `.paused` while paused).
fn room(room: &BoardRoom, t: &'static Texts, lang: Lang) -> Html {
    let point = &room.point;
    let next = room
        .next
        .iter()
        .map(short)
        .collect::<Vec<_>>()
        .join(t.list_sep);
    html! {
        <li class={classes!("room", point.paused.is_some().then_some("paused"))}>
            <h3>{ point.name.get(lang) }</h3>
            <p class="muted">{ point.room.get(lang) }</p>
            if let Some(reason) = &point.paused {
                <p class="pause">{ (t.queue_paused)(reason.get(lang)) }</p>
            }
            if let Some(calling) = &room.calling {
                <p class="now">
                    <span class="label">{ t.board_calling }</span>
                    <span class="number">{ &calling.number }</span>
                    <span class="name">{ &calling.name }</span>
                </p>
            }
            if !next.is_empty() {
                <p class="next"><span class="label">{ t.board_next }</span>{ next }</p>
            }
            <p class="waiting">{ (t.board_waiting)(room.waiting) }</p>
        </li>
    }
}
