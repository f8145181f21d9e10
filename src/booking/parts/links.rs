//! The way to a place in the hospital, offered wherever a booking names one.

use yew::prelude::*;

use crate::api::segment;
use crate::app::route::Route;
use crate::i18n::Texts;
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;

/// A link to the way to a venue place, for the navigation page.
pub fn directions_link(place: &str, t: &Texts) -> Html {
    html! {
        <NavLink to={Route::Navigation} query={AttrValue::from(format!("to={}", segment(place)))}
            class="chip">
            { icon(IconKind::MapPin) }{ t.directions }
        </NavLink>
    }
}
