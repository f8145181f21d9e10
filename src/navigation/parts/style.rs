//! The look of the navigation page: one style sheet for all its parts.

use yew::prelude::*;

/// The look of the navigation page, set once on its outermost element: the choices, the
/// floor plans and the steps, side by side on a kiosk and one above the other on a phone.
pub fn navigation_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .list, & section {
            display: grid;
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        & h2 {
            font-size: var(--fs-title);
            margin: 0;
        }
        & .chips {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        /* Wide screens (a kiosk): the choices beside the route. */
        & .layout {
            display: grid;
            gap: var(--sp-4);
            align-items: start;
        }
        @media (min-width: 60em) {
            & .layout {
                grid-template-columns: minmax(18em, 1fr) 2.5fr;
            }
        }
        /* Narrow screens (a phone): the route first, the choices to change it after. */
        @media (max-width: 59.99em) {
            & .layout > .list {
                order: -1;
            }
        }
        & .chip {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-1);
            min-height: var(--target);
            padding: 0 var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-primary-strong);
            font: inherit;
            font-weight: 600;
            text-decoration: none;
            cursor: pointer;
        }
        & .chip[aria-pressed="true"], & .chip[aria-current="page"] {
            background: var(--c-primary);
            border-color: var(--c-primary);
            color: var(--c-on-primary);
        }
        & .where {
            padding: var(--sp-3);
            border-radius: var(--radius);
            background: var(--c-primary-soft);
            border: 2px solid var(--c-primary);
            font-weight: 700;
        }
        & label {
            font-weight: 600;
        }
        & input[type="search"], & select {
            width: 100%;
            min-height: var(--target);
            padding: 0 var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-text);
            font: inherit;
        }
        & .step-free {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
            min-height: var(--target);
        }
        & .step-free input {
            width: 1.5em;
            height: 1.5em;
        }
        & .summary {
            font-size: var(--fs-title);
            font-weight: 700;
        }
        /* The plan and the steps: side by side where there is room (a kiosk), the
           steps below the plan on a phone. */
        & .route {
            display: grid;
            gap: var(--sp-4);
            grid-template-columns: repeat(auto-fit, minmax(min(26em, 100%), 1fr));
            align-items: start;
        }
        & .route + .chip {
            justify-self: start;
        }
        & .plan-box {
            max-height: 70vh;
            overflow: auto;
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & .plan {
            display: block;
            width: 100%;
            height: auto;
            max-height: calc(70vh - 2 * var(--border));
        }
        & .plan.zoomed {
            max-height: none;
        }
        & .zoom {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
            margin-block-end: var(--sp-2);
        }
        & .zoom .chip {
            min-width: 3em;
            font-size: 1.25em;
            font-weight: 700;
        }
        & .plan .outline {
            fill: var(--c-bg);
            stroke: var(--c-border-strong);
            stroke-width: 0.6;
        }
        & .plan .room {
            fill: var(--c-surface);
            stroke: var(--c-border);
            stroke-width: 0.3;
        }
        & .plan .room.way {
            fill: var(--c-primary-soft);
        }
        & .plan .room.target {
            fill: var(--c-notice-soft);
            stroke: var(--c-notice);
            stroke-width: 0.8;
        }
        & .plan .path {
            fill: none;
            stroke: var(--c-primary-strong);
            stroke-width: 1.6;
            stroke-linecap: round;
            stroke-linejoin: round;
        }
        & .plan .start {
            fill: var(--c-primary);
            stroke: #fff;
            stroke-width: 0.8;
        }
        & .plan .change {
            fill: var(--c-surface);
            stroke: var(--c-primary-strong);
            stroke-width: 1;
        }
        & .plan .end {
            fill: var(--c-danger);
            stroke: #fff;
            stroke-width: 0.8;
        }
        & .plan .target-name {
            font-size: 4px;
            font-weight: 700;
            fill: var(--c-text);
            /* A halo in the page's colour keeps the name readable over walls and rooms. */
            stroke: var(--c-surface);
            stroke-width: 0.8px;
            stroke-linejoin: round;
            paint-order: stroke;
        }
        & .steps {
            display: grid;
            gap: var(--sp-2);
            margin: 0;
            padding-inline-start: 1.5em;
        }
        & .steps li {
            padding: var(--sp-2) 0;
            border-bottom: 1px solid var(--c-border);
        }
        & .steps .level {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .note {
            padding: var(--sp-3);
            border-radius: var(--radius);
            background: var(--c-notice-soft);
            border: 1px solid var(--c-notice);
        }
        @media print {
            & .choose, & .no-print {
                display: none;
            }
        }
        "#
    )
}
