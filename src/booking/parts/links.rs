//! The links every booking page offers: back to where the patient came from, and the way
//! to a place in the hospital.

use yew::prelude::*;

use crate::api::segment;
use crate::app::route::Route;
use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{Icon, IconKind};
use crate::ui::nav_link::NavLink;

/// A link back (an arrow and where it goes), at the top of a page.
pub fn back_link(to: Route, label: &'static str) -> Html {
    html! {
        <NavLink {to} class={classes!(button_style(Variant::Secondary), "back")}>
            <Icon kind={IconKind::Chevron} />{ label }
        </NavLink>
    }
}

/// A link to the way to a venue place, for the navigation page.
pub fn directions_link(place: &str, t: &Texts) -> Html {
    html! {
        <NavLink to={Route::Navigation} query={AttrValue::from(format!("to={}", segment(place)))}
            class="chip">
            <Icon kind={IconKind::MapPin} />{ t.directions }
        </NavLink>
    }
}
