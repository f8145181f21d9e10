//! The queue views in a real browser: a called ticket shows the alert banner with the way
//! to the room and "Got it"; a waiting one its place and its wait as a range, a rough one
//! marked and an unknown one without a number; a missed one offers "rejoin"; a paused room
//! says why; and the wall board lists the calls newest first and each room's queue.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use careway::i18n::texts;
use careway::queue::parts::board::board_view;
use careway::queue::parts::ticket::{ticket_card, TicketCardProps};
use careway_core::api::queue::{
    Board, BoardCall, BoardRoom, BoardTicket, PointKind, Priority, ServicePoint, Ticket,
    TicketStatus, Wait, WaitBasis,
};
use careway_core::api::LocalText;
use careway_core::locale::Lang;
use common::{click, find, fresh_root, get, settle, text};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Renders whatever the test hands it.
#[derive(Properties)]
struct ViewProps {
    view: Rc<dyn Fn() -> Html>,
}

impl PartialEq for ViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
    }
}

#[component]
fn View(props: &ViewProps) -> Html {
    (props.view)()
}

fn mount(view: impl Fn() -> Html + 'static) -> (web_sys::Element, AppHandle<View>) {
    let root = fresh_root();
    let app = yew::Renderer::<View>::with_root_and_props(
        root.clone(),
        ViewProps {
            view: Rc::new(view),
        },
    )
    .render();
    (root, app)
}

fn text_of(zh: &str, en: &str) -> LocalText {
    LocalText {
        zh: zh.into(),
        en: en.into(),
    }
}

fn point() -> ServicePoint {
    ServicePoint {
        id: "clinic-s1".into(),
        kind: PointKind::Clinic,
        name: text_of("心血管内科 王建国", "Cardiology, Dr Wang"),
        room: text_of("门诊楼 3 楼 3 诊室", "Outpatient 3F, room 3"),
        place: Some("b1-f3-cardiology".into()),
        paused: None,
    }
}

fn ticket(status: TicketStatus, ahead: Option<u32>, basis: WaitBasis) -> Ticket {
    let known = basis != WaitBasis::Unknown;
    Ticket {
        id: "t-1".into(),
        number: "A023".into(),
        patient_id: "p-1".into(),
        patient_name: "王小明".into(),
        status,
        point: point(),
        ahead,
        wait: ahead.map(|_| Wait {
            low_minutes: if known { 15 } else { 0 },
            expected_minutes: if known { 20 } else { 0 },
            high_minutes: if known { 25 } else { 0 },
            basis,
            observations: if basis == WaitBasis::Observed { 9 } else { 0 },
        }),
        priority: Priority::None,
        late: false,
        appointment_id: Some("a-1".into()),
        joined_at: "2026-12-02T00:30:00Z".into(),
        called_at: (status == TicketStatus::Called).then(|| "2026-12-02T01:00:00Z".into()),
    }
}

/// A mounted ticket card, with what its buttons asked for.
struct Card {
    root: web_sys::Element,
    app: AppHandle<View>,
    /// "Got it" taps.
    acks: Rc<RefCell<u32>>,
    /// The ids asked to rejoin.
    rejoins: Rc<RefCell<Vec<String>>>,
}

/// Mounts one ticket card in `lang`.
fn card(ticket: Ticket, flashing: bool, lang: Lang) -> Card {
    let acks = Rc::new(RefCell::new(0));
    let rejoins = Rc::new(RefCell::new(Vec::new()));
    let props = {
        let (acks, rejoins) = (acks.clone(), rejoins.clone());
        TicketCardProps {
            ticket,
            flashing,
            rejoining: false,
            on_acknowledge: Callback::from(move |()| *acks.borrow_mut() += 1),
            on_rejoin: Callback::from(move |id| rejoins.borrow_mut().push(id)),
        }
    };
    let (root, app) = mount(move || html! { <ul>{ ticket_card(&props, texts(lang), lang) }</ul> });
    Card {
        root,
        app,
        acks,
        rejoins,
    }
}

#[wasm_bindgen_test]
async fn a_called_ticket_says_where_to_go_with_the_way_there() {
    let called = ticket(TicketStatus::Called, None, WaitBasis::Observed);
    let Card {
        root, app, acks, ..
    } = card(called, true, Lang::ZhCn);
    settle().await;
    assert_eq!(text(&root, "li.ticket.called .number"), "号码 A023");
    assert_eq!(text(&root, ".tag"), "已叫号");
    let banner = get(&root, "[role=alert]");
    assert_eq!(text(&banner, ".go"), "请到 门诊楼 3 楼 3 诊室 就诊");
    let way = get(&banner, "a.take-me");
    assert_eq!(
        way.get_attribute("href").as_deref(),
        Some("/navigation?to=b1-f3-cardiology")
    );
    assert_eq!(way.text_content().as_deref(), Some("带我去"));
    let got_it = get(&banner, "button");
    assert_eq!(got_it.text_content().as_deref(), Some("我知道了"));
    click(&got_it);
    settle().await;
    assert_eq!(*acks.borrow(), 1);
    assert!(find(&root, ".ahead").is_none(), "no place once called");
    app.destroy();

    // Acknowledged: the banner stays, without "Got it"; in English.
    let called = ticket(TicketStatus::Called, None, WaitBasis::Observed);
    let Card { root, app, .. } = card(called, false, Lang::En);
    settle().await;
    assert_eq!(
        text(&root, "[role=alert] .go"),
        "Please go to Outpatient 3F, room 3 now"
    );
    assert_eq!(text(&root, "a.take-me"), "Take me there");
    assert!(find(&root, "[role=alert] button").is_none());
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_waiting_ticket_shows_its_place_and_a_range_and_nearly_called() {
    let Card { root, app, .. } = card(
        ticket(TicketStatus::Waiting, Some(2), WaitBasis::Observed),
        false,
        Lang::ZhCn,
    );
    settle().await;
    assert_eq!(text(&root, ".tag"), "候诊中");
    assert_eq!(text(&root, ".ahead"), "前面还有 2 人");
    assert_eq!(text(&root, ".wait"), "预计等候 约 15–25 分钟");
    assert_eq!(
        text(&root, ".banner.near"),
        "快轮到您了，请在诊室附近等候。"
    );
    assert!(find(&root, "[role=alert]").is_none(), "not called");
    assert_eq!(
        text(&root, ".where"),
        "心血管内科 王建国 · 门诊楼 3 楼 3 诊室"
    );
    app.destroy();

    let Card { root, app, .. } = card(
        ticket(TicketStatus::Waiting, Some(8), WaitBasis::Typical),
        false,
        Lang::ZhCn,
    );
    settle().await;
    assert_eq!(text(&root, ".ahead"), "前面还有 8 人");
    assert_eq!(
        text(&root, ".wait"),
        "预计等候 约 15–25 分钟（估计，今日数据尚少）"
    );
    assert!(find(&root, ".banner").is_none(), "far from the front");
    app.destroy();
}

#[wasm_bindgen_test]
async fn an_unknown_wait_gives_no_number() {
    let Card { root, app, .. } = card(
        ticket(TicketStatus::Waiting, Some(6), WaitBasis::Unknown),
        false,
        Lang::ZhCn,
    );
    settle().await;
    assert_eq!(text(&root, ".wait"), "预计等候 暂无法估计");
    app.destroy();
    let Card { root, app, .. } = card(
        ticket(TicketStatus::Waiting, Some(6), WaitBasis::Unknown),
        false,
        Lang::En,
    );
    settle().await;
    let wait = text(&root, ".wait");
    assert_eq!(wait, "Expected wait Cannot estimate yet");
    assert!(!wait.chars().any(|c| c.is_ascii_digit()), "{wait}");
    assert_eq!(text(&root, ".ahead"), "6 people ahead");
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_missed_ticket_offers_rejoin_and_a_paused_room_says_why() {
    let mut missed = ticket(TicketStatus::Missed, None, WaitBasis::Observed);
    missed.point.paused = Some(text_of(
        "医生临时离开，约 10 分钟",
        "Doctor away, about 10 min",
    ));
    let Card {
        root, app, rejoins, ..
    } = card(missed, false, Lang::ZhCn);
    settle().await;
    assert_eq!(text(&root, ".tag"), "过号");
    assert_eq!(text(&root, ".paused"), "暂停服务：医生临时离开，约 10 分钟");
    let rejoin = get(&root, "li.ticket.missed button");
    assert_eq!(rejoin.text_content().as_deref(), Some("重新排队"));
    click(&rejoin);
    settle().await;
    assert_eq!(*rejoins.borrow(), ["t-1"]);
    app.destroy();

    let Card { root, app, .. } = card(
        ticket(TicketStatus::Waiting, Some(4), WaitBasis::Observed),
        false,
        Lang::ZhCn,
    );
    settle().await;
    assert!(
        find(&root, "button").is_none(),
        "only a missed ticket rejoins"
    );
    app.destroy();
}

fn board_ticket(number: &str, name: &str) -> BoardTicket {
    BoardTicket {
        number: number.into(),
        name: name.into(),
    }
}

fn board() -> Board {
    let mut paused = point();
    paused.id = "clinic-s2".into();
    paused.name = text_of("心血管内科 李芳", "Cardiology, Dr Li");
    paused.room = text_of("门诊楼 3 楼 5 诊室", "Outpatient 3F, room 5");
    paused.paused = Some(text_of("医生会诊中", "Doctor in consultation"));
    Board {
        area: "cardiology".into(),
        name: text_of("心血管内科", "Cardiology"),
        calls: vec![
            BoardCall {
                ticket: board_ticket("A024", "李*"),
                room: point().room,
                at: "2026-12-02T01:10:00Z".into(),
            },
            BoardCall {
                ticket: board_ticket("A023", "张*明"),
                room: point().room,
                at: "2026-12-02T01:00:00Z".into(),
            },
        ],
        rooms: vec![
            BoardRoom {
                point: point(),
                calling: Some(board_ticket("A024", "李*")),
                next: vec![board_ticket("A025", "王*"), board_ticket("A026", "赵*华")],
                waiting: 7,
            },
            BoardRoom {
                point: paused,
                calling: None,
                next: Vec::new(),
                waiting: 2,
            },
        ],
    }
}

#[wasm_bindgen_test]
async fn the_board_lists_calls_newest_first_and_each_rooms_queue() {
    let (root, app) = mount(|| board_view(&board(), texts(Lang::ZhCn), Lang::ZhCn));
    settle().await;
    assert_eq!(text(&root, ".calling h2"), "正在叫号");
    let calls = root
        .query_selector_all("ol.calls > li.call")
        .expect("a selector");
    assert_eq!(calls.length(), 2);
    assert_eq!(
        text(&root, "ol.calls > li.call:first-child .number"),
        "A024"
    );
    assert_eq!(
        text(&root, "ol.calls > li.call:nth-child(2) .name"),
        "张*明"
    );
    assert_eq!(
        text(&root, "ol.calls > li.call:nth-child(2) .room"),
        "门诊楼 3 楼 3 诊室"
    );
    let rooms = root.query_selector_all("li.room").expect("a selector");
    assert_eq!(rooms.length(), 2);
    assert_eq!(text(&root, "li.room .now .number"), "A024");
    assert_eq!(text(&root, "li.room .next"), "下一位A025 王*、A026 赵*华");
    assert_eq!(text(&root, "li.room .waiting"), "候诊 7 人");
    assert_eq!(text(&root, "li.room.paused .pause"), "暂停服务：医生会诊中");
    app.destroy();

    let mut quiet = board();
    quiet.calls.clear();
    let (root, app) = mount(move || board_view(&quiet, texts(Lang::En), Lang::En));
    settle().await;
    assert_eq!(text(&root, ".calling h2"), "Now calling");
    assert_eq!(text(&root, ".calling .none"), "No calls yet");
    assert_eq!(text(&root, "li.room .waiting"), "7 waiting");
    app.destroy();
}
