//! The page for addresses the app does not know.

use yew::prelude::*;

use crate::app::contexts::locale::use_locale;
use crate::app::route::Route;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;

/// Says the page does not exist and offers the way home.
#[component]
pub fn NotFoundPage() -> Html {
    let t = use_locale().t();
    let class = crate::style!(
        r#"
        display: grid;
        justify-items: start;
        gap: var(--sp-3);
        padding-top: var(--sp-4);
        "#
    );
    html! {
        <div {class}>
            <h1>{ t.not_found_title }</h1>
            <p>{ t.not_found_body }</p>
            <NavLink to={Route::Home} class={button_style(Variant::Primary)}>
                { icon(IconKind::Home) }{ t.back_home }
            </NavLink>
        </div>
    }
}
