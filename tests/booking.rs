//! The booking views in a real browser: the date strip marks full days and days without a
//! clinic, a time window that cannot be booked is disabled with its reason and ignores
//! taps, the emergency advice offers the call and the way to the emergency department but
//! no booking, and instants from the API read on the hospital's clocks.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use careway::booking::parts::schedule::{date_strip, slot_button};
use careway::booking::parts::triage::{recommendation, red_flag};
use careway::booking::state::schedule::{Day, DayMark};
use careway::i18n::texts;
use careway_core::api::booking::{Availability, Department, SlotView};
use careway_core::api::triage::{Recommendation, RedFlag};
use careway_core::api::LocalText;
use careway_core::identity::CivilDate;
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

fn date(s: &str) -> CivilDate {
    CivilDate::parse(s).expect("a date")
}

fn text_of(place: &str) -> LocalText {
    LocalText {
        zh: place.into(),
        en: place.into(),
    }
}

fn emergency() -> Department {
    Department {
        id: "emergency".into(),
        name: LocalText {
            zh: "急诊科".into(),
            en: "Emergency Department".into(),
        },
        description: text_of("24 小时"),
        location: "b1-f1-emergency".into(),
        location_label: LocalText {
            zh: "门诊楼 1 楼东侧".into(),
            en: "Outpatient Building, ground floor, east".into(),
        },
        pinyin: "jzk".into(),
        bookable: false,
        instructions: Vec::new(),
    }
}

#[wasm_bindgen_test]
async fn the_date_strip_marks_full_days_and_days_without_a_clinic() {
    let days = vec![
        Day {
            date: date("2026-11-23"),
            key: "2026-11-23".into(),
            mark: DayMark::Open(12),
        },
        Day {
            date: date("2026-11-24"),
            key: "2026-11-24".into(),
            mark: DayMark::Full,
        },
        Day {
            date: date("2026-11-25"),
            key: "2026-11-25".into(),
            mark: DayMark::None,
        },
    ];
    let picked = Rc::new(RefCell::new(Vec::<String>::new()));
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |key: String| picked.borrow_mut().push(key))
    };
    let (root, app) = mount(move || {
        date_strip(
            &days,
            Some("2026-11-23"),
            date("2026-11-23"),
            texts(Lang::ZhCn),
            &on_pick,
        )
    });
    settle().await;

    let buttons = root
        .query_selector_all(".strip button")
        .expect("a selector");
    assert_eq!(buttons.length(), 3);
    let today = get(&root, ".strip button:nth-child(1)");
    assert_eq!(today.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(today.text_content().unwrap_or_default().contains("今天"));
    assert!(today.text_content().unwrap_or_default().contains("余 12"));

    let full = get(&root, ".strip button:nth-child(2)");
    assert!(
        full.get_attribute("class")
            .unwrap_or_default()
            .contains("off"),
        "a full day is drawn quieter"
    );
    assert_eq!(full.get_attribute("aria-pressed").as_deref(), Some("false"));
    assert!(full.text_content().unwrap_or_default().contains("周二"));
    assert!(full.text_content().unwrap_or_default().contains("约满"));
    // The name is the visible text in order, then the full date (not a label that
    // differs from what is seen).
    assert_eq!(full.get_attribute("aria-label"), None);
    assert_eq!(
        words(&full),
        "周二 11/24 约满 11月24日 周二",
        "a screen reader hears what is seen, then the date in full"
    );
    // The strip shows that it scrolls, with buttons a keyboard reaches.
    for name in ["前面的日期", "后面的日期"] {
        let button = get(&root, &format!(".strip-frame button[aria-label='{name}']"));
        assert_eq!(
            button.get_attribute("aria-controls").as_deref(),
            Some("date-strip")
        );
    }
    let none = get(&root, ".strip button:nth-child(3)");
    assert!(none.text_content().unwrap_or_default().contains("无出诊"));

    click(&full);
    settle().await;
    assert_eq!(
        *picked.borrow(),
        ["2026-11-24"],
        "a full day can still be looked at"
    );
    app.destroy();
}

/// An element's text with its whitespace as a browser reads it: runs of spaces as one.
fn words(element: &web_sys::Element) -> String {
    element
        .text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[wasm_bindgen_test]
async fn the_date_strip_reads_with_spaces_in_english() {
    let days = vec![Day {
        date: date("2026-11-25"),
        key: "2026-11-25".into(),
        mark: DayMark::Open(1),
    }];
    let (root, app) = mount(move || {
        date_strip(
            &days,
            None,
            date("2026-11-23"),
            texts(Lang::En),
            &Callback::noop(),
        )
    });
    settle().await;
    assert_eq!(
        words(&get(&root, ".strip button")),
        "Wed 25 Nov 1 left Wed 25 Nov"
    );
    app.destroy();
}

fn window(id: &str, availability: Availability, remaining: u32) -> SlotView {
    SlotView {
        id: id.into(),
        start: "08:00".into(),
        end: "08:30".into(),
        remaining,
        capacity: 3,
        availability,
    }
}

#[wasm_bindgen_test]
async fn a_window_that_cannot_be_booked_is_disabled_with_its_reason() {
    let taps = Rc::new(RefCell::new(Vec::<&'static str>::new()));
    let tap = |name: &'static str| {
        let taps = taps.clone();
        Callback::from(move |()| taps.borrow_mut().push(name))
    };
    let (open_tap, full_tap, closed_tap) = (tap("open"), tap("full"), tap("closed"));
    let (root, app) = mount(move || {
        let t = texts(Lang::ZhCn);
        html! {
            <div>
                { slot_button(&window("a", Availability::Open, 2), false, t, open_tap.clone()) }
                { slot_button(&window("b", Availability::Full, 0), false, t, full_tap.clone()) }
                { slot_button(&window("c", Availability::Closed, 1), false, t, closed_tap.clone()) }
            </div>
        }
    });
    settle().await;

    let open = get(&root, "button:nth-child(1)");
    assert_eq!(
        open.text_content().as_deref(),
        Some("08:00–08:30 余 2"),
        "read with a space between the time and the places"
    );
    assert_eq!(open.get_attribute("aria-disabled"), None);
    let full = get(&root, "button:nth-child(2)");
    assert_eq!(full.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(full.text_content().unwrap_or_default().contains("约满"));
    let closed = get(&root, "button:nth-child(3)");
    assert_eq!(
        closed.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(closed
        .text_content()
        .unwrap_or_default()
        .contains("已停止预约"));

    click(&full);
    click(&closed);
    click(&open);
    settle().await;
    assert_eq!(
        *taps.borrow(),
        ["open"],
        "only the open window answers a tap"
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn the_window_being_moved_is_marked_current_and_not_offered() {
    let taps = Rc::new(RefCell::new(0));
    let tap = {
        let taps = taps.clone();
        Callback::from(move |()| *taps.borrow_mut() += 1)
    };
    let (root, app) = mount(move || {
        slot_button(
            &window("a", Availability::Open, 2),
            true,
            texts(Lang::ZhCn),
            tap.clone(),
        )
    });
    settle().await;
    let current = get(&root, "button");
    assert_eq!(
        current.text_content().as_deref(),
        Some("08:00–08:30 当前预约")
    );
    assert_eq!(
        current.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    click(&current);
    settle().await;
    assert_eq!(
        *taps.borrow(),
        0,
        "moving to the same window is not offered"
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn emergency_advice_calls_120_and_offers_no_booking() {
    let flag = RedFlag {
        id: "heart_attack".into(),
        message: LocalText {
            zh: "胸痛伴出冷汗可能是心肌梗死，请立即拨打 120 或到急诊科就诊。".into(),
            en: "Chest pain with a cold sweat may be a heart attack.".into(),
        },
        department: "emergency".into(),
    };
    let place = emergency();
    let (root, app) =
        mount(move || red_flag(&flag, Some(&place), "120", Lang::ZhCn, texts(Lang::ZhCn)));
    settle().await;

    let card = get(&root, "[role='alert']");
    assert!(card.text_content().unwrap_or_default().contains("心肌梗死"));
    let call = get(&root, "a[href='tel:120']");
    assert!(call.text_content().unwrap_or_default().contains("拨打 120"));
    assert!(text(&root, "[role='alert']").contains("门诊楼 1 楼东侧"));
    assert!(
        find(&root, "a[href^='/navigation']").is_some(),
        "the way there"
    );
    assert!(
        find(&root, "a[href^='/booking/department']").is_none(),
        "no way to book"
    );
    assert!(!text(&root, "[role='alert']").contains("预约此科室"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_recommendation_says_why_and_leads_to_booking() {
    let item = Recommendation {
        department: "neurology".into(),
        score: 5,
        reasons: vec!["头痛".into(), "头晕".into()],
    };
    let neurology = Department {
        id: "neurology".into(),
        name: LocalText {
            zh: "神经内科".into(),
            en: "Neurology".into(),
        },
        bookable: true,
        ..emergency()
    };
    // Booked for the family member the guide was asked about.
    let query = AttrValue::from("patient=p2");
    let (root, app) = mount(move || {
        recommendation(
            &item,
            Some(&neurology),
            true,
            Some(&query),
            Lang::ZhCn,
            texts(Lang::ZhCn),
        )
    });
    settle().await;
    assert!(text(&root, "li").contains("头痛、头晕 → 神经内科"));
    assert!(text(&root, "li").contains("最匹配"));
    let book = get(&root, "a[href='/booking/department/neurology?patient=p2']");
    assert_eq!(
        book.get_attribute("aria-label").as_deref(),
        Some("预约此科室 神经内科")
    );
    app.destroy();
}

#[wasm_bindgen_test]
fn instants_read_on_the_hospitals_clocks() {
    use careway::app::contexts::meta::{local_time, today_in};
    // When the places of a session open: 07:00 in Guangzhou is 23:00 UTC the day before.
    assert_eq!(
        local_time("2026-11-30T23:00:00Z", "Asia/Shanghai"),
        Some((date("2026-12-01"), "07:00".to_owned()))
    );
    assert_eq!(
        local_time("2026-11-24T06:00:00Z", "Europe/London"),
        Some((date("2026-11-24"), "06:00".to_owned()))
    );
    assert_eq!(local_time("not a time", "Asia/Shanghai"), None);
    assert_eq!(local_time("2026-11-30T23:00:00Z", "Mars/Olympus"), None);
    // An unknown zone still gives a date (the browser's own).
    let today = today_in("Mars/Olympus");
    assert!(today.year >= 2024);
}
