//! The shared page of the services that do not work in the app yet.

use yew::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::contexts::locale::use_locale;
use crate::contexts::meta::use_meta;
use crate::i18n::Texts;

/// A service whose page is not built yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Booking an appointment.
    Booking,
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
            Service::Booking => t.booking_title,
            Service::Navigation => t.navigation_title,
            Service::Queue => t.queue_title,
            Service::Reports => t.reports_title,
            Service::Inbox => t.inbox_title,
        }
    }
}

/// The properties of [`NotYet`].
#[derive(Properties, PartialEq)]
pub struct NotYetProps {
    /// Which service.
    pub service: Service,
}

/// "Coming soon" for `service`, in the patient's language, with the way home and the
/// hospital's phone.
#[component]
pub fn NotYet(props: &NotYetProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let title = props.service.title(t);
    html! {
        <ComingSoon
            title={title}
            status={t.coming_soon}
            message={(t.coming_soon_body)(title)}
            home_label={t.back_home}
            help_label={t.need_help}
            phone_label={t.call_hospital}
            phone={meta.phone()}
        />
    }
}
