//! The home page: the hospital's name and the five services as large tiles.

use yew::prelude::*;

use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::route::Route;
use crate::hooks::FetchState;
use crate::ui::error_notice::ErrorNotice;
use crate::ui::icon::IconKind;
use crate::ui::phone_link::phone_link;
use crate::ui::progress::skeleton;
use crate::ui::tile::{service_tile, tile_grid};

/// The first page: who the hospital is (a skeleton while loading, a message with Retry and
/// the phone if that fails) and the way into each service.
#[component]
pub fn HomePage() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();

    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .hero {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-2) 0;
        }
        & .hero .address {
            color: var(--c-muted);
        }
        & .hero .demo {
            justify-self: start;
            padding: 2px var(--sp-2);
            border-radius: var(--radius-s);
            background: var(--c-notice-soft);
            color: var(--c-notice);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .help {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: space-between;
            gap: var(--sp-1) var(--sp-3);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & .help p {
            color: var(--c-muted);
        }
        "#
    );

    let hero = match &*meta {
        FetchState::Loading => html! {
            <div class="hero" aria-busy="true">
                <span class="visually-hidden" role="status">{ t.loading }</span>
                { skeleton("12em", "1.6em") }
                { skeleton("18em", "1em") }
            </div>
        },
        FetchState::Ready(data) => html! {
            <div class="hero">
                if meta.is_demo() {
                    <p class="demo">{ t.demo_badge }</p>
                }
                <h1>{ data.hospital.name.get(lang) }</h1>
                <p class="address">{ data.hospital.address.get(lang) }</p>
            </div>
        },
        FetchState::Failed(error) => html! {
            <>
            <h1 class="visually-hidden">{ t.app_name }</h1>
            <ErrorNotice
                title={t.meta_failed}
                message={error.message(lang)}
                retry_label={t.retry}
                on_retry={meta.retry_callback()}
                phone={meta.phone()}
                phone_label={t.call_hospital}
            />
            </>
        },
    };

    let tiles = [
        (
            Route::Booking,
            t.booking_title,
            t.booking_hint,
            IconKind::Calendar,
        ),
        (
            Route::Navigation,
            t.navigation_title,
            t.navigation_hint,
            IconKind::MapPin,
        ),
        (Route::Queue, t.queue_title, t.queue_hint, IconKind::Ticket),
        (
            Route::Reports,
            t.reports_title,
            t.reports_hint,
            IconKind::Report,
        ),
        (Route::Inbox, t.inbox_title, t.inbox_hint, IconKind::Message),
    ];

    html! {
        <div {class}>
            { hero }
            <section aria-labelledby="services-heading">
                <h2 id="services-heading" class="visually-hidden">{ t.services_heading }</h2>
                { tile_grid(html! {
                    { for tiles.into_iter().map(|(to, title, hint, icon)| html! {
                        <li>{ service_tile(to, title, hint, icon) }</li>
                    }) }
                }) }
            </section>
            if let (Some(phone), false) = (meta.phone(), matches!(*meta, FetchState::Failed(_))) {
                <aside class="help">
                    <p>{ t.need_help }</p>
                    { phone_link(&phone, t.call_hospital) }
                </aside>
            }
        </div>
    }
}
