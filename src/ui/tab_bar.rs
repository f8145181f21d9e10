//! The phone's bottom tab bar: the four places a patient returns to most.

use yew::prelude::*;

use super::icon::{icon, IconKind};
use super::nav_link::NavLink;
use crate::app::route::Route;

/// One tab.
#[derive(Clone, Debug, PartialEq)]
pub struct Tab {
    /// Where it goes.
    pub to: Route,
    /// What it says.
    pub label: AttrValue,
    /// Its icon.
    pub icon: IconKind,
    /// Whether its page is shown now.
    pub current: bool,
    /// A count to mark it with (unread messages); none when 0.
    pub badge: u32,
    /// What the count means, read after it by screen readers ("未读：").
    pub badge_label: AttrValue,
}

/// A `<nav>` fixed to the bottom of the screen, above the phone's home indicator. The
/// current tab is marked with `aria-current="page"` and a bar, not colour alone. `label`
/// is the landmark's accessible name; `tabs` go left to right.
pub fn tab_bar(label: &'static str, tabs: &[Tab]) -> Html {
    let class = crate::style!(
        r#"
        position: fixed;
        left: 0;
        right: 0;
        bottom: 0;
        z-index: 10;
        background: var(--c-surface);
        border-top: var(--border) solid var(--c-border);
        padding-bottom: env(safe-area-inset-bottom);
        & ul {
            display: grid;
            grid-template-columns: repeat(4, minmax(0, 1fr));
            max-width: var(--content-max);
            margin: 0 auto;
            padding: 0;
            list-style: none;
        }
        & a {
            position: relative;
            display: flex;
            flex-direction: column;
            align-items: center;
            justify-content: center;
            gap: 2px;
            min-height: calc(var(--target) + var(--sp-3));
            padding: var(--sp-1);
            color: var(--c-muted);
            font-size: var(--fs-small);
            text-decoration: none;
            touch-action: manipulation;
        }
        & a svg {
            font-size: 1.6em;
        }
        & .count {
            position: absolute;
            top: 2px;
            left: calc(50% + 0.4em);
            min-width: 1.5em;
            padding: 0 0.35em;
            border-radius: 1em;
            background: var(--c-danger);
            color: #fff;
            font-size: 0.85em;
            font-weight: 700;
            line-height: 1.5em;
            text-align: center;
        }
        & a[aria-current="page"] {
            color: var(--c-primary);
            font-weight: 700;
        }
        & a[aria-current="page"]::before {
            content: "";
            position: absolute;
            top: 0;
            left: 25%;
            right: 25%;
            height: 3px;
            border-radius: 0 0 3px 3px;
            background: var(--c-primary);
        }
        "#
    );
    html! {
        <nav {class} aria-label={label}>
            <ul>
                { for tabs.iter().map(|tab| html! {
                    <li>
                        <NavLink to={tab.to.clone()} current={tab.current}>
                            { icon(tab.icon) }
                            <span>{ &tab.label }</span>
                            if tab.badge > 0 {
                                <span class="visually-hidden">{ &tab.badge_label }</span>
                                <span class="count">
                                    { if tab.badge > 99 { "99+".to_owned() } else { tab.badge.to_string() } }
                                </span>
                            }
                        </NavLink>
                    </li>
                }) }
            </ul>
        </nav>
    }
}
