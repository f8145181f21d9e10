//! What every journey's pages show while they wait, when something failed, and the link
//! back at the top of a page. They rely on a `.list` grid style on an ancestor.

use yew::prelude::*;

use crate::app::route::Route;

use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::error_notice::ErrorNotice;
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::phone_link::Phone;
use crate::ui::progress::skeleton;

/// What shows while a page loads: placeholders, and "loading" for screen readers.
pub fn loading(t: &Texts) -> Html {
    html! {
        <div class="list" aria-busy="true">
            <span class="visually-hidden" role="status">{ t.loading }</span>
            { skeleton("100%", "7em") }
            { skeleton("100%", "10em") }
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

/// A link back (an arrow and where it goes), at the top of a page.
pub fn back_link(to: Route, label: &'static str) -> Html {
    html! {
        <NavLink {to} class={classes!(button_style(Variant::Secondary), "back")}>
            { icon(IconKind::Chevron) }{ label }
        </NavLink>
    }
}
