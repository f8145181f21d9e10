//! Writes through `use_mutation` in a real browser, with a stand-in for the server: the
//! idempotency key a retry sends, progress and answers as state, a second press while
//! sending, and a page that goes away mid-request.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use careway::api::ApiError;
use careway::hooks::{use_mutation, MutationState};
use common::{click, fresh_root, get, settle, text, wait_for};
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;
use web_sys::AbortSignal;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the stand-in server saw: each request's body and key, and its abort signal.
#[derive(Default)]
struct Server {
    requests: Vec<(String, String)>,
    signals: Vec<Option<AbortSignal>>,
    /// How many of the next requests lose their answer.
    lose: usize,
}

#[derive(Properties)]
struct WriterProps {
    server: Rc<RefCell<Server>>,
}

impl PartialEq for WriterProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.server, &other.server)
    }
}

/// Two buttons that send "a" and "b", and the state of the write in words.
#[component]
fn Writer(props: &WriterProps) -> Html {
    let server = props.server.clone();
    let write = use_mutation(move |body: String, key, _lang, signal| {
        let server = server.clone();
        async move {
            let lost = {
                let mut server = server.borrow_mut();
                server.requests.push((body.clone(), key));
                server.signals.push(signal);
                let lost = server.lose > 0;
                server.lose = server.lose.saturating_sub(1);
                lost
            };
            TimeoutFuture::new(30).await;
            if lost {
                Err(ApiError::Network)
            } else {
                Ok(format!("saved {body}"))
            }
        }
    });
    let state = match &*write {
        MutationState::Idle => "idle".to_owned(),
        MutationState::Sending => "sending".to_owned(),
        MutationState::Done(answer) => (**answer).clone(),
        MutationState::Failed(error) => format!("failed: {error:?}"),
    };
    let send = |body: &'static str| {
        let run = write.run_callback();
        Callback::from(move |_: MouseEvent| run.emit(body.to_owned()))
    };
    html! {
        <>
            <button id="a" onclick={send("a")}>{ "a" }</button>
            <button id="b" onclick={send("b")}>{ "b" }</button>
            <p id="state">{ state }</p>
        </>
    }
}

#[wasm_bindgen_test]
async fn a_retry_after_a_lost_answer_sends_the_same_key_and_a_new_request_a_new_one() {
    let root = fresh_root();
    let server = Rc::new(RefCell::new(Server {
        lose: 1,
        ..Server::default()
    }));
    let app = yew::Renderer::<Writer>::with_root_and_props(
        root.clone(),
        WriterProps {
            server: server.clone(),
        },
    )
    .render();
    settle().await;
    assert_eq!(text(&root, "#state"), "idle");

    click(&get(&root, "#a"));
    settle().await;
    assert_eq!(text(&root, "#state"), "sending");
    // A second press while the first is on its way sends nothing.
    click(&get(&root, "#a"));
    wait_for("the lost answer", 5_000.0, || {
        text(&root, "#state").starts_with("failed")
    })
    .await;
    assert_eq!(
        server.borrow().requests.len(),
        1,
        "one request for two presses"
    );

    click(&get(&root, "#a"));
    wait_for("the answer", 5_000.0, || text(&root, "#state") == "saved a").await;
    click(&get(&root, "#b"));
    wait_for("the other answer", 5_000.0, || {
        text(&root, "#state") == "saved b"
    })
    .await;
    click(&get(&root, "#b"));
    wait_for("a second request", 5_000.0, || {
        server.borrow().requests.len() == 4
    })
    .await;

    let keys: Vec<String> = server
        .borrow()
        .requests
        .iter()
        .map(|r| r.1.clone())
        .collect();
    assert_eq!(keys[0].len(), 32, "128 bits as hex");
    assert_eq!(keys[1], keys[0], "the retry after the lost answer");
    assert_ne!(keys[2], keys[1], "another body");
    assert_ne!(
        keys[3], keys[2],
        "answered: pressing again is a new request"
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn leaving_the_page_aborts_the_write_it_sent() {
    let root = fresh_root();
    let server = Rc::new(RefCell::new(Server::default()));
    let app = yew::Renderer::<Writer>::with_root_and_props(
        root.clone(),
        WriterProps {
            server: server.clone(),
        },
    )
    .render();
    settle().await;
    click(&get(&root, "#a"));
    settle().await;
    let signal = server.borrow().signals[0].clone().expect("an abort signal");
    assert!(!signal.aborted());
    app.destroy();
    settle().await;
    assert!(signal.aborted(), "nobody is waiting for the answer");
    // The answer arriving after the page went away changes nothing (and does not panic).
    TimeoutFuture::new(60).await;
}
