//! The one page of the services that do not work in the app yet (navigation, queue,
//! reports, surveys and messages): it says so plainly in the patient's language, with
//! the way home and the hospital's phone.

use yew::prelude::*;

use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::route::Route;
use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{Icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::phone_link::PhoneLink;

/// A service whose page is not built yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Finding the way.
    Navigation,
    /// The queue.
    Queue,
    /// Reports.
    Reports,
    /// Surveys and messages.
    Inbox,
}

impl Service {
    /// The service's name in the catalogue `t`.
    pub fn title(self, t: &Texts) -> &'static str {
        match self {
            Service::Navigation => t.navigation_title,
            Service::Queue => t.queue_title,
            Service::Reports => t.reports_title,
            Service::Inbox => t.inbox_title,
        }
    }
}

/// The properties of [`ComingSoonPage`].
#[derive(Properties, PartialEq)]
pub struct ComingSoonPageProps {
    /// Which service.
    pub service: Service,
}

/// "Coming soon" for a service, with what the patient can do instead, the way home and,
/// when known, the hospital's phone.
#[component]
pub fn ComingSoonPage(props: &ComingSoonPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let title = props.service.title(t);
    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .card {
            display: grid;
            justify-items: start;
            gap: var(--sp-3);
            padding: var(--sp-4) var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            box-shadow: var(--shadow);
        }
        & .status {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-2);
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            background: var(--c-notice-soft);
            color: var(--c-notice);
            font-weight: 700;
        }
        & .help {
            display: grid;
            gap: var(--sp-1);
            padding-top: var(--sp-3);
            border-top: var(--border) solid var(--c-border);
            width: 100%;
        }
        & .help p {
            color: var(--c-muted);
        }
        "#
    );
    html! {
        <section {class} aria-labelledby="page-title">
            <h1 id="page-title">{ title }</h1>
            <div class="card">
                <p class="status"><Icon kind={IconKind::Clock} />{ t.coming_soon }</p>
                <p>{ (t.coming_soon_body)(title) }</p>
                <NavLink to={Route::Home} class={button_style(Variant::Primary)}>
                    <Icon kind={IconKind::Home} />{ t.back_home }
                </NavLink>
                if let Some(phone) = meta.phone() {
                    <div class="help">
                        <p>{ t.need_help }</p>
                        <PhoneLink {phone} label={t.call_hospital} />
                    </div>
                }
            </div>
        </section>
    }
}
