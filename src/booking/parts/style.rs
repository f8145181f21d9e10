//! The look of the booking pages: one style sheet for all their parts.

use yew::prelude::*;

/// The look of every booking page, set once on the page's outermost element: cards, chips,
/// the date strip, doctor choices, time windows, summaries, banners and the emergency
/// card. One style sheet for all of them, registered once.
pub fn booking_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & :focus:not(:focus-visible) {
            outline: none;
        }
        & h3 {
            font-size: var(--fs-title);
        }
        & section, & .list, & fieldset {
            display: grid;
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            border: 0;
            min-width: 0;
            list-style: none;
        }
        & .card, & .link-card, & .doctor, & .member {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            color: var(--c-text);
            text-align: start;
            text-decoration: none;
        }
        & .card {
            box-shadow: var(--shadow);
        }
        & .link-card, & .member, & .row {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--sp-1) var(--sp-3);
        }
        & .text {
            display: grid;
            flex: 1;
            min-width: 0;
        }
        & .muted {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .name, & legend, & .arrive {
            font-size: var(--fs-title);
            font-weight: 700;
        }
        & .arrive {
            color: var(--c-primary-strong);
        }
        & .back, & .start {
            justify-self: start;
        }
        & .back svg {
            transform: rotate(180deg);
        }
        & .columns {
            display: grid;
            gap: var(--sp-4);
            grid-template-columns: repeat(auto-fit, minmax(min(28em, 100%), 1fr));
            align-items: start;
        }
        & .lead, & .banner {
            border: 2px solid var(--c-primary);
            background: var(--c-primary-soft);
        }
        & .chips, & .strip {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
        }
        & .strip {
            flex-wrap: nowrap;
            overflow-x: auto;
            padding: 4px;
            position: relative;
        }
        /* The strip scrolls: its ends fade, and a button at each end scrolls it. */
        & .strip-frame {
            display: flex;
            align-items: center;
            gap: var(--sp-1);
            min-width: 0;
        }
        & .strip-frame .strip {
            flex: 1;
            min-width: 0;
            scroll-behavior: smooth;
            mask-image: linear-gradient(to right, transparent, #000 0.75em,
                #000 calc(100% - 1.5em), transparent);
            -webkit-mask-image: linear-gradient(to right, transparent, #000 0.75em,
                #000 calc(100% - 1.5em), transparent);
        }
        & .strip-scroll {
            flex: none;
            display: grid;
            place-items: center;
            width: var(--target);
            min-height: var(--target);
            padding: 0;
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-primary-strong);
            cursor: pointer;
        }
        & .strip-scroll.earlier svg {
            transform: rotate(180deg);
        }
        & .when {
            justify-self: center;
            font-size: var(--fs-h2);
            font-weight: 700;
            text-align: center;
        }
        & .when.who {
            margin-top: calc(-1 * var(--sp-3));
            font-size: var(--fs-title);
        }
        & .chip, & .day, & .window, & .doctor, & .member {
            min-height: var(--target);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-primary-strong);
            font-weight: 600;
            cursor: pointer;
            touch-action: manipulation;
        }
        & .chip {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-1);
            padding: var(--sp-1) var(--sp-3);
            border-radius: 999px;
            text-decoration: none;
        }
        & .day, & .window {
            display: grid;
            justify-items: center;
            flex: none;
            min-width: 4.4em;
            padding: var(--sp-1) var(--sp-2);
            line-height: 1.35;
            font-variant-numeric: tabular-nums;
        }
        & .window {
            border: 2px solid var(--c-primary);
            font-weight: 700;
        }
        & .doctor, & .member {
            width: 100%;
            color: var(--c-text);
            font-weight: 400;
        }
        & .off, & [aria-disabled="true"] {
            border: var(--border) dashed var(--c-border-strong);
            background: var(--c-bg);
            color: var(--c-muted);
            font-weight: 400;
        }
        & [aria-pressed="true"], & .chosen {
            border: 2px solid var(--c-primary);
            background: var(--c-primary);
            color: var(--c-on-primary);
        }
        & .doctor[aria-pressed="true"], & .chosen {
            background: var(--c-primary-soft);
            color: var(--c-text);
            box-shadow: inset 6px 0 0 var(--c-primary);
        }
        & input[type="radio"] {
            accent-color: var(--c-primary);
        }
        & .windows {
            display: grid;
            gap: var(--sp-2);
            grid-template-columns: repeat(auto-fill, minmax(min(8.5em, 100%), 1fr));
        }
        & .tag {
            justify-self: start;
            padding: 0 var(--sp-2);
            border: var(--border) solid var(--c-border);
            border-radius: 999px;
            background: var(--c-bg);
            color: var(--c-muted);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .ok {
            border-color: var(--c-primary);
            color: var(--c-primary-strong);
        }
        & .no, & .alert h2 {
            border-color: var(--c-danger);
            color: var(--c-danger);
        }
        & .alert {
            border: 2px solid var(--c-danger);
            background: var(--c-danger-soft);
        }
        & .alert svg {
            margin-inline-end: var(--sp-2);
        }
        & .call {
            background: var(--c-danger);
            font-size: var(--fs-h2);
        }
        & dl {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: var(--sp-1) var(--sp-3);
            margin: 0;
        }
        & dt {
            color: var(--c-muted);
        }
        & dd {
            margin: 0;
            font-weight: 600;
        }
        & .qr {
            justify-self: center;
            width: min(100%, 15em);
            height: auto;
        }
        & .code {
            justify-self: center;
            font-size: var(--fs-h2);
            letter-spacing: 0.12em;
        }
        & .split > * {
            flex: 1 1 10em;
        }
        & textarea {
            width: 100%;
            min-height: 5em;
            padding: var(--sp-2) var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            font: inherit;
        }
        "#
    )
}
