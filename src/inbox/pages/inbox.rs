//! `/inbox`: the account's messages, newest first, unread ones marked; opening one marks
//! it read and shows its text and the way to what it is about.

use careway_core::collections::Set;

use careway_core::api::inbox::InboxItem;
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::session::use_session;
use crate::app::guard::RequireLogin;
use crate::app::route::Route;
use crate::hooks::{use_mutation, use_session_fetch, FetchState};
use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::{loading, notice};

/// The inbox page: drawn by the journey's page function, not a component of its own (one
/// component less to carry); its title comes with the messages, as the server draws them
/// for a logged-in patient.
pub fn inbox_page() -> Html {
    html! {
        <div class={inbox_style()}>
            <RequireLogin><Messages /></RequireLogin>
        </div>
    }
}

/// The page's title and messages, once logged in.
#[component]
fn Messages() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let messages =
        use_session_fetch(
            |lang, signal| async move { api::inbox::list(lang, signal.as_ref()).await },
        );
    let open = use_state(Set::<String>::new);
    // The tab's badge follows what this page shows: unread messages not opened here.
    let unread = match &*messages {
        FetchState::Ready(list) => Some(
            list.iter()
                .filter(|m| !m.read && !open.contains(&m.id))
                .count() as u32,
        ),
        _ => None,
    };
    {
        let session = use_session();
        use_effect_on(unread, move |n| {
            if let Some(n) = *n {
                session.set_unread(n);
            }
        });
    }
    let mark = use_mutation(|id: String, _key, lang, signal| async move {
        api::inbox::mark_read(&id, lang, signal.as_ref()).await
    });
    let body = match &*messages {
        FetchState::Ready(list) if list.is_empty() => html! { <p>{ t.inbox_empty }</p> },
        FetchState::Ready(list) => html! {
            <ul class="list">
                { for list.iter().map(|item| {
                    let is_open = open.contains(&item.id);
                    let toggle = {
                        let open = open.clone();
                        let mark = mark.clone();
                        let id = item.id.clone();
                        let unread = !item.read;
                        Callback::from(move |_: MouseEvent| {
                            let mut now = (*open).clone();
                            if !now.remove(&id) {
                                now.insert(id.clone());
                                if unread {
                                    mark.run(id.clone());
                                }
                            }
                            open.set(now);
                        })
                    };
                    message(item, is_open, toggle, t, lang)
                }) }
            </ul>
        },
        FetchState::Failed(error) => notice(
            t.inbox_failed,
            error.message(lang),
            Some(messages.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    };
    html! { <><h1>{ t.inbox_title }</h1>{ body }</> }
}

/// One message: its title as a button that opens it, and when open its text and link.
fn message(
    item: &InboxItem,
    is_open: bool,
    toggle: Callback<MouseEvent>,
    t: &'static Texts,
    lang: Lang,
) -> Html {
    // Read once opened here, even before the server confirms it.
    let unread = !item.read && !is_open;
    let body_id = format!("message-{}", item.id);
    let date = item.created_at.get(..10).unwrap_or_default().to_owned();
    let link = item.link.as_deref().map(Route::recognize);
    html! {
        <li class={classes!("card", unread.then_some("unread"))}>
            <button type="button" class="head" aria-expanded={is_open.to_string()}
                aria-controls={body_id.clone()} onclick={toggle}>
                if unread {
                    <span class="dot" aria-hidden="true"></span>
                    <span class="visually-hidden">{ t.inbox_unread }</span>
                }
                <span class="title">{ item.title.get(lang) }</span>
                <span class="muted">{ date }</span>
            </button>
            if is_open {
                <div id={body_id} class="body">
                    <p>{ item.body.get(lang) }</p>
                    if let Some(to) = link {
                        <NavLink {to} class={button_style(Variant::Primary)}>
                            if item.kind == "report" {
                                { icon(IconKind::Report) }{ t.inbox_open }
                            } else if item.kind == "survey" {
                                { icon(IconKind::Message) }{ t.inbox_fill }
                            } else if item.kind == "education" {
                                { icon(IconKind::Report) }{ t.inbox_read }
                            } else {
                                { icon(IconKind::Message) }{ t.inbox_open }
                            }
                        </NavLink>
                    }
                </div>
            }
        </li>
    }
}

/// The look of the inbox page.
fn inbox_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .list {
            display: grid;
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        & .card {
            display: grid;
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & .card.unread {
            border-color: var(--c-primary);
        }
        & .head {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--sp-2) var(--sp-3);
            min-height: var(--target);
            padding: var(--sp-3);
            border: 0;
            background: none;
            color: var(--c-text);
            font: inherit;
            text-align: start;
            cursor: pointer;
        }
        & .title {
            flex: 1;
            font-size: var(--fs-title);
            font-weight: 700;
        }
        & .muted {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .dot {
            width: 0.75em;
            height: 0.75em;
            border-radius: 50%;
            background: var(--c-danger);
        }
        & .body {
            display: grid;
            gap: var(--sp-3);
            padding: 0 var(--sp-3) var(--sp-3);
        }
        & .body p {
            margin: 0;
        }
        & .body a {
            justify-self: start;
        }
        "#
    )
}
