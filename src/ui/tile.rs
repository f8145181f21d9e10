//! The large entry tiles of the home page, one per service.

use yew::prelude::*;

use super::icon::{icon, IconKind};
use super::nav_link::NavLink;
use crate::app::route::Route;

/// One service: a card-sized link with a big icon, the name and a hint. The first tile of
/// a [`tile_grid`] leads (full width on phones), as the theme says. The icon sits in a box
/// of fixed size at the start of the tile, so the icons of a row line up whatever the
/// length of the text; names break between words, never inside one (`keep-all`), unless
/// a word is wider than the tile; hints avoid a last line of one character (`pretty`).
/// `to` is the service's page, `title` its name, `hint` one line on what it is for.
pub fn service_tile(to: Route, title: &str, hint: &str, kind: IconKind) -> Html {
    let class = crate::style!(
        r#"
        display: flex;
        flex-direction: var(--tile-dir);
        align-items: var(--tile-align);
        justify-content: var(--tile-justify);
        text-align: var(--tile-text);
        gap: var(--sp-3);
        min-height: var(--tile-min-h);
        height: 100%;
        padding: var(--sp-3);
        background: var(--c-surface);
        color: var(--c-text);
        border: var(--border) solid var(--c-border);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        text-decoration: none;
        touch-action: manipulation;
        &:active {
            background: var(--c-primary-soft);
        }
        & .badge {
            display: grid;
            place-items: center;
            flex: none;
            width: calc(var(--icon) + var(--sp-3));
            height: calc(var(--icon) + var(--sp-3));
            border-radius: var(--radius-s);
            background: var(--c-primary-soft);
            color: var(--c-primary);
            font-size: var(--icon);
        }
        & .text {
            display: grid;
            align-content: start;
            gap: var(--sp-1);
        }
        & .title {
            word-break: keep-all;
            overflow-wrap: anywhere;
            font-size: var(--fs-title);
            font-weight: 700;
            line-height: 1.3;
        }
        & .hint {
            text-wrap: pretty;
            font-size: var(--fs-small);
            color: var(--c-muted);
            line-height: 1.4;
        }
        "#
    );
    html! {
        <NavLink {to} {class}>
            <span class="badge">{ icon(kind) }</span>
            <span class="text">
                <span class="title">{ title.to_owned() }</span>
                <span class="hint">{ hint.to_owned() }</span>
            </span>
        </NavLink>
    }
}

/// Lays `tiles` (`<li>`s) out in as many columns as fit tiles of the theme's
/// `--tile-min-w`. A function rather than a component: it has no state of its own.
pub fn tile_grid(tiles: Html) -> Html {
    let class = crate::style!(
        r#"
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(var(--tile-min-w), 100%), 1fr));
        gap: var(--sp-3);
        margin: 0;
        padding: 0;
        list-style: none;
        & > li:first-child {
            grid-column: var(--tile-lead);
        }
        & > li:first-child > a {
            flex-direction: var(--tile-lead-dir);
            min-height: 0;
        }
        "#
    );
    html! { <ul {class}>{ tiles }</ul> }
}
