//! The family members whose reports can be read, as links: choosing one is an address
//! (`?patient=`), so Back and a reload keep the choice.

use careway_core::api::account::Patient;
use yew::prelude::*;

use crate::app::route::{ReportsQuery, Route};
use crate::i18n::Texts;
use crate::ui::nav_link::NavLink;
use crate::ui::patient::relation_label;

/// The members as chips, the chosen one marked current; each opens `to` for that member.
pub fn member_links(members: &[Patient], chosen: &str, to: &Route, t: &Texts) -> Html {
    html! {
        <nav class="chips" aria-label={t.reports_whose}>
            { for members.iter().map(|m| {
                let query = ReportsQuery { patient: Some(m.id.clone()), code: None }.to_query();
                html! {
                    <NavLink to={to.clone()} query={AttrValue::from(query)} class="chip"
                        current={m.id == chosen}>
                        { &m.name }
                        <span class="muted">{ relation_label(m.relation, t) }</span>
                    </NavLink>
                }
            }) }
        </nav>
    }
}
