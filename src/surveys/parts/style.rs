//! The look of the surveys page: one style sheet for the form, its controls, the review
//! and the outcome, from the theme's tokens only, so elder mode (larger type, 56 px
//! targets) and the kiosk (larger still, a narrower column) change it without a rule here.

use yew::prelude::*;

/// The look of the survey page, set once on its outermost element.
pub fn surveys_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        width: 100%;
        max-width: var(--form-max);
        margin-inline: auto;
        & h1 {
            margin: 0;
            overflow-wrap: anywhere;
        }
        & h2 {
            font-size: var(--fs-h2);
            margin: 0;
        }
        & .back {
            justify-self: start;
        }
        & .back svg {
            transform: rotate(180deg);
        }
        & .muted {
            color: var(--c-muted);
            font-size: var(--fs-small);
            margin: 0;
        }
        & .list {
            display: grid;
            gap: var(--sp-3);
        }
        & .survey, & .review, & .outcome {
            display: grid;
            gap: var(--sp-4);
        }
        & .progress {
            display: grid;
            gap: var(--sp-1);
            padding: var(--sp-2) 0;
            background: var(--c-bg);
            font-weight: 600;
        }
        & .progress p {
            margin: 0;
        }
        & progress {
            width: 100%;
            height: 8px;
            accent-color: var(--c-primary);
        }
        & .section, & fieldset.group, & fieldset.entry {
            display: grid;
            gap: var(--sp-3);
            min-width: 0;
            margin: 0;
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & fieldset.entry {
            background: var(--c-bg);
        }
        & fieldset.group > legend, & fieldset.entry > legend {
            font-weight: 700;
            padding: 0 var(--sp-1);
        }
        & .display {
            margin: 0;
            white-space: pre-line;
        }
        & .question {
            display: grid;
            gap: var(--sp-2);
            min-width: 0;
        }
        & .question fieldset {
            display: grid;
            gap: var(--sp-2);
            margin: 0;
            padding: 0;
            border: 0;
            min-width: 0;
        }
        & .q-label {
            display: block;
            font-weight: 600;
            margin: 0;
            padding: 0;
        }
        & .required {
            color: var(--c-danger);
            font-weight: 400;
            font-size: var(--fs-small);
        }
        /* One card per row on a phone; side by side where the column is wide (a kiosk). */
        & .cards {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(10em, 1fr));
            gap: var(--sp-2);
        }
        & .cards.two {
            grid-template-columns: 1fr 1fr;
        }
        & .card {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
            min-height: var(--target);
            padding: var(--sp-2) var(--sp-3);
            border: 2px solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            cursor: pointer;
            touch-action: manipulation;
        }
        & .card input {
            flex: none;
            width: var(--check);
            height: var(--check);
            margin: 0;
            accent-color: var(--c-primary);
        }
        & .card.checked {
            border-color: var(--c-primary);
            background: var(--c-primary-soft);
            color: var(--c-primary-strong);
            font-weight: 700;
        }
        & .card:focus-within {
            outline: 3px solid var(--c-focus);
            outline-offset: 2px;
        }
        & .invalid .card {
            border-color: var(--c-danger);
        }
        & input[type="text"], & input[type="url"], & input[type="number"],
        & input[type="date"], & input[type="datetime-local"], & input[type="time"],
        & textarea, & select {
            width: 100%;
            min-height: var(--target);
            padding: var(--sp-2) var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-text);
            font: inherit;
            font-size: var(--fs-body);
        }
        & textarea {
            resize: vertical;
        }
        & input[aria-invalid="true"], & textarea[aria-invalid="true"] {
            border-color: var(--c-danger);
            border-width: 2px;
        }
        & .other {
            display: grid;
            gap: var(--sp-1);
        }
        & .stepper {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
        }
        & .stepper input {
            flex: 1;
            min-width: 0;
            text-align: center;
        }
        & .stepper select {
            width: auto;
        }
        & .step {
            flex: none;
            width: var(--target);
            height: var(--target);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-primary);
            font-size: var(--fs-h2);
            font-weight: 700;
            cursor: pointer;
            touch-action: manipulation;
        }
        & .unit {
            flex: none;
            color: var(--c-muted);
        }
        & .slot {
            min-height: calc(var(--fs-small) * 1.5);
        }
        & .error, & .summary {
            display: flex;
            align-items: flex-start;
            gap: var(--sp-1);
            margin: 0;
            color: var(--c-danger);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .summary {
            padding: var(--sp-3);
            background: var(--c-danger-soft);
            border-radius: var(--radius);
            font-size: var(--fs-body);
        }
        & .note, & .failure, & .broken {
            padding: var(--sp-3);
            border-radius: var(--radius);
            background: var(--c-notice-soft);
            border: 1px solid var(--c-notice);
        }
        & .failure, & .broken {
            background: var(--c-danger-soft);
            border-color: var(--c-danger);
        }
        & .note p, & .failure p, & .broken p, & .failure h3 {
            margin: 0;
        }
        & .wide {
            width: 100%;
        }
        & .lines {
            display: grid;
            margin: 0;
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & .line {
            display: grid;
            grid-template-columns: 1fr auto;
            gap: var(--sp-1) var(--sp-3);
            padding: var(--sp-3);
            border-bottom: 1px solid var(--c-border);
        }
        & .line:last-child {
            border-bottom: 0;
        }
        & .line dt {
            grid-column: 1 / -1;
            color: var(--c-muted);
        }
        & .line dd {
            margin: 0;
            min-width: 0;
            overflow-wrap: anywhere;
        }
        & .line .answer {
            font-weight: 700;
        }
        & .edit {
            min-height: var(--target);
            min-width: var(--target);
            padding: 0 var(--sp-2);
            border: 0;
            background: none;
            color: var(--c-primary-strong);
            font: inherit;
            font-weight: 600;
            text-decoration: underline;
            cursor: pointer;
        }
        & .actions {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-3);
        }
        & .actions > * {
            flex: 1 1 12em;
        }
        & .card-box {
            display: grid;
            gap: var(--sp-2);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
        }
        & .card-box h2, & .card-box h3, & .card-box p {
            margin: 0;
        }
        & .badge {
            justify-self: start;
            padding: 0 var(--sp-2);
            border-radius: var(--radius-s);
            border: 1px solid currentColor;
            color: var(--c-primary-strong);
            font-size: var(--fs-small);
            font-weight: 700;
        }
        & .prose {
            white-space: pre-line;
        }
        "#
    )
}
