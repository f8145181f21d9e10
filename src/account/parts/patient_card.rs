//! One family member ("就诊人") in the list on "Me".

use careway_core::api::account::Patient;
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::app::route::Route;
use crate::i18n::texts;
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::nav_link::NavLink;
use crate::ui::patient::{relation_label, sex_label};
use careway_core::api::account::removable;

/// The properties of [`PatientCard`].
#[derive(Properties, PartialEq)]
pub struct PatientCardProps {
    /// The member, identifiers masked.
    pub patient: Patient,
    /// Their age today, if known.
    #[prop_or_default]
    pub age: Option<i32>,
    /// The language to speak.
    pub lang: Lang,
    /// Make them the default member.
    pub on_default: Callback<()>,
    /// Remove them (after the page asks).
    pub on_remove: Callback<()>,
    /// Whether making them the default is running.
    #[prop_or_default]
    pub busy: bool,
    /// Only shown, without its actions: on a kiosk, where the family is not changed.
    #[prop_or_default]
    pub read_only: bool,
}

/// A card with the member's name, relation, sex and age, masked ID number and phone, a
/// "default" badge, and the actions: edit (a link to its page), make default, remove (not
/// for the account holder, who stays on the list).
/// Each action's accessible name includes the member's name, so a list of "Edit" buttons
/// still says whose they are.
#[component]
pub fn PatientCard(props: &PatientCardProps) -> Html {
    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-2);
        padding: var(--sp-3);
        border: var(--border) solid var(--c-border);
        border-radius: var(--radius);
        background: var(--c-surface);
        &.default {
            border-color: var(--c-primary);
            box-shadow: inset 4px 0 0 var(--c-primary);
        }
        & .top {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: var(--sp-1) var(--sp-2);
        }
        & h3 {
            margin: 0;
            font-size: var(--fs-title);
            line-height: 1.3;
        }
        & .tag {
            padding: 0 var(--sp-2);
            border-radius: 999px;
            font-size: var(--fs-small);
            font-weight: 600;
            background: var(--c-bg);
            color: var(--c-muted);
            border: var(--border) solid var(--c-border);
        }
        & .tag.default {
            background: var(--c-primary);
            border-color: var(--c-primary);
            color: var(--c-on-primary);
        }
        & dl {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: 0 var(--sp-3);
            margin: 0;
            color: var(--c-muted);
        }
        & dd {
            margin: 0;
            color: var(--c-text);
            font-variant-numeric: tabular-nums;
            overflow-wrap: anywhere;
        }
        & .actions {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
        }
        & .actions > * {
            flex: 1 1 6em;
        }
        "#
    );
    let t = texts(props.lang);
    let p = &props.patient;
    let details = [Some(sex_label(p.sex, t).to_owned()), props.age.map(t.age)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let edit = Route::PatientEdit { id: p.id.clone() };
    html! {
        <article class={classes!(class, p.is_default.then_some("default"))}
            aria-labelledby={format!("patient-{}", p.id)}>
            <div class="top">
                <h3 id={format!("patient-{}", p.id)}>{ &p.name }</h3>
                <span class="tag">{ relation_label(p.relation, t) }</span>
                if p.is_default {
                    <span class="tag default">{ t.default_badge }</span>
                }
            </div>
            <p>{ details }</p>
            <dl>
                <dt>{ t.id_short }</dt>
                <dd>{ &p.id_number_masked }</dd>
                <dt>{ t.phone_short }</dt>
                <dd>{ &p.phone_masked }</dd>
                if let Some(card) = &p.medical_card_masked {
                    <dt>{ t.card_short }</dt>
                    <dd>{ card }</dd>
                }
            </dl>
            if !props.read_only {
            <div class="actions">
                <NavLink to={edit} class={button_style(Variant::Secondary)}
                    label={AttrValue::from((t.edit_named)(&p.name))}>
                    { t.edit }
                </NavLink>
                if !p.is_default {
                    <Button variant={Variant::Secondary} busy={props.busy}
                        label={AttrValue::from((t.set_default_named)(&p.name))}
                        onclick={props.on_default.clone()}>
                        { t.set_default }
                    </Button>
                }
                if removable(p) {
                    <Button variant={Variant::Secondary}
                        label={AttrValue::from((t.remove_named)(&p.name))}
                        onclick={props.on_remove.clone()}>
                        { t.remove }
                    </Button>
                }
            </div>
            }
        </article>
    }
}
