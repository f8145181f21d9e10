//! The look of the queue pages: one style sheet for the account's queue
//! ([`queue_style`]) and one for the wall display ([`board_style`]). Sizes come from the
//! theme's tokens, so elder mode and kiosk mode enlarge them as everywhere else.

use yew::prelude::*;

/// The look of the queue page, set once on its outermost element: tickets, banners,
/// today's appointments.
pub fn queue_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & h2 {
            font-size: var(--fs-h2);
        }
        & section, & .list {
            display: grid;
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        & .card {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            box-shadow: var(--shadow);
        }
        & .card p {
            margin: 0;
        }
        & .ticket.called {
            border: 3px solid var(--c-primary);
        }
        & .ticket.done, & .ticket.in_service {
            box-shadow: none;
        }
        & .top, & .row {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: space-between;
            gap: var(--sp-2) var(--sp-3);
        }
        & .number {
            font-size: calc(var(--fs-h1) * 1.75);
            font-weight: 800;
            line-height: 1.1;
            letter-spacing: 0.02em;
            font-variant-numeric: tabular-nums;
        }
        & .tag {
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            background: var(--c-primary-soft);
            color: var(--c-primary-strong);
            font-weight: 700;
        }
        & .missed .tag {
            background: var(--c-danger-soft);
            color: var(--c-danger);
        }
        & .who {
            font-size: var(--fs-title);
            font-weight: 700;
        }
        & .ahead {
            font-size: var(--fs-h2);
            font-weight: 700;
        }
        & .muted {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .banner {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-3);
            border-radius: var(--radius-s);
        }
        & .banner.called {
            background: var(--c-primary);
            color: var(--c-on-primary);
        }
        & .banner .go {
            font-size: var(--fs-h2);
            font-weight: 800;
        }
        & .banner.near {
            background: var(--c-notice-soft);
            color: var(--c-notice);
            font-weight: 700;
        }
        & .paused {
            padding: var(--sp-2) var(--sp-3);
            border-radius: var(--radius-s);
            background: var(--c-danger-soft);
            color: var(--c-danger);
            font-weight: 600;
        }
        & .conn {
            justify-self: start;
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            background: var(--c-notice-soft);
            color: var(--c-notice);
            font-size: var(--fs-small);
        }
        & .appt .name {
            font-size: var(--fs-title);
            font-weight: 700;
        }
        & .card > button, & .card > a, & .start {
            justify-self: start;
        }
        "#
    )
}

/// The look of a wall display: the page takes the screen's whole width (out of the
/// content column), the calls on the primary colour in type that reads across a waiting
/// hall, sized to the screen, and the rooms in a grid that fits it.
pub fn board_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        width: min(96vw, 2400px);
        margin-inline-start: calc(50% - min(48vw, 1200px));
        & h1 {
            font-size: clamp(var(--fs-h1), 3.2vw, 4.5rem);
        }
        & h2 {
            font-size: clamp(var(--fs-h2), 2.2vw, 3rem);
            margin: 0;
        }
        & p {
            margin: 0;
        }
        & .conn {
            justify-self: start;
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            background: var(--c-notice-soft);
            color: var(--c-notice);
        }
        & .calling {
            display: grid;
            gap: var(--sp-3);
            padding: var(--sp-4);
            border-radius: var(--radius);
            background: var(--c-primary-strong);
            color: var(--c-on-primary);
        }
        & .calls {
            display: grid;
            gap: var(--sp-2);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        & .call {
            display: flex;
            flex-wrap: wrap;
            align-items: baseline;
            gap: var(--sp-2) 0.6em;
            font-size: clamp(var(--fs-h2), 2.6vw, 3.5rem);
            font-weight: 700;
        }
        & .call:first-child {
            font-size: clamp(calc(var(--fs-h1) * 1.4), 5.5vw, 8rem);
        }
        & .call .room {
            font-weight: 600;
        }
        & .number {
            font-weight: 800;
            font-variant-numeric: tabular-nums;
        }
        & .rooms {
            display: grid;
            gap: var(--sp-3);
        }
        & .room-list {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr));
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        & .room-list > .room {
            display: grid;
            align-content: start;
            gap: var(--sp-2);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            font-size: clamp(var(--fs-title), 1.6vw, 2.25rem);
        }
        & .room-list > .room h3 {
            margin: 0;
            font-size: 1.2em;
        }
        & .room-list > .room.paused {
            border-color: var(--c-danger);
        }
        & .pause {
            color: var(--c-danger);
            font-weight: 700;
        }
        & .now {
            font-size: 1.5em;
            font-weight: 700;
        }
        & .label {
            margin-inline-end: var(--sp-2);
            color: var(--c-muted);
            font-size: var(--fs-body);
            font-weight: 600;
        }
        & .calling .label {
            color: inherit;
        }
        & .now .name {
            margin-inline-start: var(--sp-2);
        }
        & .muted {
            color: var(--c-muted);
        }
        "#
    )
}
