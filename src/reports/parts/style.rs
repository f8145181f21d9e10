//! The look of the reports pages: one style sheet for all their parts.

use yew::prelude::*;

/// The look of every reports page, set once on the page's outermost element: lists,
/// cards, member chips, badges, the results table with its flags, the trend chart, and a
/// print layout that leaves out everything but the report.
pub fn reports_style() -> Classes {
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
        & .back {
            justify-self: start;
        }
        & .back svg {
            transform: rotate(180deg);
        }
        & .chips {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
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
            font-weight: 600;
            text-decoration: none;
        }
        & .chip[aria-current="page"] {
            background: var(--c-primary);
            border-color: var(--c-primary);
            color: var(--c-on-primary);
        }
        & .card, & .report {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            color: var(--c-text);
            text-decoration: none;
        }
        & .report {
            grid-template-columns: auto 1fr auto;
            align-items: center;
            box-shadow: var(--shadow);
        }
        & .report .text {
            display: grid;
            gap: var(--sp-1);
            min-width: 0;
        }
        & .title {
            font-size: var(--fs-title);
            font-weight: 700;
        }
        & .muted {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .badges {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-1);
        }
        & .badge {
            padding: 0 var(--sp-2);
            border-radius: var(--radius-s);
            font-size: var(--fs-small);
            font-weight: 700;
            border: 1px solid currentColor;
        }
        & .badge.new {
            background: var(--c-danger);
            border-color: var(--c-danger);
            color: #fff;
        }
        & .badge.warn, & .flagged {
            color: var(--c-notice);
        }
        & .badge.info {
            color: var(--c-primary-strong);
        }
        & .note {
            padding: var(--sp-3);
            border-radius: var(--radius);
            background: var(--c-notice-soft);
            border: 1px solid var(--c-notice);
        }
        & .facts {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: var(--sp-1) var(--sp-3);
            margin: 0;
        }
        & .facts dt {
            color: var(--c-muted);
        }
        & .facts dd {
            margin: 0;
            min-width: 0;
            overflow-wrap: anywhere;
        }
        & h1 {
            overflow-wrap: anywhere;
        }
        /* Fixed columns that wrap, so large text never makes the page pan sideways. */
        & table {
            width: 100%;
            table-layout: fixed;
            border-collapse: collapse;
            background: var(--c-surface);
        }
        & th:first-child {
            width: 40%;
        }
        & th:last-child {
            width: 27%;
        }
        & th, & td {
            padding: var(--sp-2);
            border-bottom: 1px solid var(--c-border);
            text-align: start;
            vertical-align: top;
            overflow-wrap: anywhere;
        }
        & th {
            font-size: var(--fs-small);
            color: var(--c-muted);
        }
        & tr.member td:first-child {
            padding-inline-start: var(--sp-5);
        }
        & tr.panel td {
            font-weight: 700;
            background: var(--c-bg);
        }
        & .chip[aria-current="page"] .muted {
            color: inherit;
        }
        & .value {
            font-weight: 700;
        }
        & .flag {
            display: block;
            font-size: var(--fs-small);
            font-weight: 700;
        }
        & .high, & .low, & .abnormal {
            color: var(--c-notice);
        }
        & .critical {
            color: var(--c-danger);
        }
        & .was {
            display: block;
            color: var(--c-muted);
            font-size: var(--fs-small);
            text-decoration: line-through;
        }
        & .trend-link {
            display: flex;
            width: fit-content;
            align-items: center;
            min-height: var(--target);
            color: var(--c-primary-strong);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .prose {
            white-space: pre-line;
            margin: 0;
        }
        & .chart {
            width: 100%;
            max-width: 40em;
            height: auto;
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & .chart .band {
            fill: var(--c-primary-soft);
        }
        & .chart .line {
            fill: none;
            stroke: var(--c-primary-strong);
            stroke-width: 2.5;
        }
        & .chart .dot {
            fill: var(--c-surface);
            stroke: var(--c-primary-strong);
            stroke-width: 2.5;
        }
        & .chart .dot.out {
            fill: var(--c-notice);
            stroke: var(--c-notice);
        }
        & .chart text {
            fill: var(--c-text);
            font-size: 11px;
        }
        & .chart .axis {
            stroke: var(--c-border-strong);
            stroke-dasharray: 3 3;
        }
        @media print {
            & .back, & .chips, & .no-print {
                display: none;
            }
        }
        "#
    )
}
