//! `/board/{area}`: an area's wall display (no login): the calls, newest first, each room's
//! next numbers and how many wait, paused rooms and why. It reads `GET /board/{area}` and
//! then follows the area's events, saying "reconnecting" while they are interrupted; each
//! new call is read out in the board's language, where the browser can speak.

use std::rc::Rc;

use careway_core::api::queue::{Board, BOARD_EVENT};
use yew::prelude::*;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::start::use_start;
use crate::hooks::{use_effect_on, use_event_source, use_fetch_from, Connection, FetchState};
use crate::queue::alarm::speak;
use crate::queue::parts::board::board_view;
use crate::queue::parts::style::board_style;
use crate::queue::state::{new_calls, spoken};
use crate::ui::live_region::{live_region, LiveRegionProps};
use crate::ui::status::{loading, notice};

/// The properties of [`BoardPage`].
#[derive(Properties, PartialEq)]
pub struct BoardPageProps {
    /// The area.
    pub area: AttrValue,
}

/// The board of one area.
#[component]
pub fn BoardPage(props: &BoardPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    // The page the server sent carries the board: the calls show at once, as drawn.
    let start = use_start();
    let fetched = {
        let area = props.area.clone();
        use_fetch_from(move || start.take_board().filter(|b| b.area == area), {
            let area = props.area.clone();
            move |lang, signal| async move { api::queue::board(&area, lang, signal.as_ref()).await }
        })
    };
    let stream = use_event_source::<Board>(
        Some(AttrValue::from(api::queue::board_events_url(&props.area))),
        BOARD_EVENT,
    );
    // The stream's latest snapshot, else the request's.
    let board: Option<Rc<Board>> = stream.data.clone().or_else(|| match &*fetched {
        FetchState::Ready(board) => Some(Rc::clone(board)),
        _ => None,
    });
    // Refused (an unknown area, a restart): ask why, and try the stream again later.
    {
        let (fetched, stream) = (fetched.clone(), stream.clone());
        use_effect_on(stream.connection == Connection::Closed, move |&closed| {
            if closed {
                fetched.reload();
                stream.reconnect();
            }
        });
    }
    // Each new call, read out and put in the live region.
    let said = use_state_eq(String::new);
    {
        let last = use_mut_ref(|| None::<Rc<Board>>);
        let said = said.clone();
        use_effect_on((board.clone(), lang), move |(board, lang)| {
            if let Some(now) = board {
                let before = last.replace(Some(Rc::clone(now)));
                let words: Vec<String> = new_calls(before.as_deref(), now)
                    .into_iter()
                    .map(|call| spoken(now, call, crate::i18n::texts(*lang), *lang))
                    .collect();
                for line in &words {
                    speak(line, *lang);
                }
                if !words.is_empty() {
                    said.set(words.join(" "));
                }
            }
        });
    }

    let title = board
        .as_ref()
        .map_or(t.board_title, |b| b.name.get(lang))
        .to_owned();
    let body = match (&board, &*fetched) {
        (Some(board), _) => board_view(board, t, lang),
        (None, FetchState::Failed(error)) if error.status() == Some(404) => notice(
            t.board_not_found,
            error.message(lang),
            None,
            meta.phone(),
            t,
        ),
        (None, FetchState::Failed(error)) => notice(
            t.board_failed,
            error.message(lang),
            Some(fetched.retry_callback()),
            meta.phone(),
            t,
        ),
        _ => loading(t),
    };
    html! {
        <div class={board_style()}>
            <h1>{ title }</h1>
            if board.is_some() && stream.connection.interrupted() {
                <p class="conn" role="status">{ t.board_reconnecting }</p>
            }
            { body }
            { live_region(&LiveRegionProps { message: (*said).clone().into() }) }
        </div>
    }
}
