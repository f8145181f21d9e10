//! What a booking page shows while it waits and when something failed.

use yew::prelude::*;

use crate::i18n::Texts;
use crate::ui::error_notice::ErrorNotice;
use crate::ui::phone_link::Phone;
use crate::ui::progress::Skeleton;

/// What shows while a booking page loads: placeholders, and "loading" for screen readers.
pub fn loading(t: &Texts) -> Html {
    html! {
        <div class="list" aria-busy="true">
            <span class="visually-hidden" role="status">{ t.loading }</span>
            <Skeleton height="7em" />
            <Skeleton height="10em" />
        </div>
    }
}

/// A failure with the ways forward: try again (when `retry` is given) and call the
/// hospital.
pub fn notice(
    title: &'static str,
    message: String,
    retry: Option<Callback<()>>,
    phone: Option<Phone>,
    t: &Texts,
) -> Html {
    html! {
        <ErrorNotice {title} {message} retry_label={t.retry} on_retry={retry} {phone}
            phone_label={t.call_hospital} />
    }
}
