//! The form that adds or edits a family member ("就诊人").

use std::rc::Rc;

use careway_core::api::account::{PatientInput, Relation};
use careway_core::identity::Sex;
use careway_core::locale::Lang;
use careway_core::problem::FieldError;
use yew::prelude::*;

use crate::account::state::patient_form::{Field, FormAction, PatientForm};
use crate::hooks::use_effect_on;
use crate::i18n::texts;
use crate::ui::button::Button;
use crate::ui::field::{Choice, ChoiceField, TextField};
use crate::ui::focus::focus_id;
use crate::ui::patient::{relation_label, sex_label};

/// A refusal from the server, numbered so the same refusal twice still moves the focus.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// Which submit this answers.
    pub attempt: u32,
    /// The refused fields.
    pub errors: Rc<Vec<FieldError>>,
}

/// The properties of [`PatientEditor`].
#[derive(Properties, PartialEq)]
pub struct PatientEditorProps {
    /// The form as it starts: empty, or a member's details.
    pub initial: Rc<PatientForm>,
    /// The relations to offer, in order (see
    /// [`careway_core::api::account::relation_choices`]).
    pub relations: Rc<Vec<Relation>>,
    /// The language to speak.
    pub lang: Lang,
    /// Saving is running.
    #[prop_or_default]
    pub busy: bool,
    /// The server's latest refusal, shown next to the fields.
    #[prop_or_default]
    pub rejection: Option<Rejection>,
    /// The checked details, to send.
    pub on_save: Callback<PatientInput>,
}

/// The member's details, each field labelled, with a hint, and with its message once the
/// patient has left it (from the same checks the server runs) or the server refused it.
/// Submitting with something refused keeps everything typed and moves the focus to the
/// first refused field; a valid ID number fills in the birth date and sex.
///
/// The form's state is its own (what is typed is nobody else's business until saved); the
/// rules live in [`crate::account::state::patient_form`].
#[component]
pub fn PatientEditor(props: &PatientEditorProps) -> Html {
    let form = use_reducer({
        let initial = props.initial.clone();
        move || (*initial).clone()
    });
    let focus_request = use_state_eq(|| 0u32);
    {
        let form = form.clone();
        use_effect_on(*focus_request, move |&request| {
            if request > 0 {
                if let Some(field) = form.first_refused() {
                    focus_id(field.dom_id());
                }
            }
        });
    }
    {
        let dispatcher = form.dispatcher();
        let focus_request = focus_request.clone();
        use_effect_on(props.rejection.clone(), move |rejection| {
            if let Some(rejection) = rejection {
                dispatcher.dispatch(FormAction::Refused(rejection.errors.clone()));
                focus_request.set(*focus_request + 1);
            }
        });
    }

    let t = texts(props.lang);
    let lang = props.lang;
    let onsubmit = {
        let form = form.clone();
        let on_save = props.on_save.clone();
        let busy = props.busy;
        let focus_request = focus_request.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            form.dispatch(FormAction::Submit);
            match form.check() {
                Ok(input) => on_save.emit(input),
                Err(_) => focus_request.set(*focus_request + 1),
            }
        })
    };
    let edit = |field: Field| {
        let dispatcher = form.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(FormAction::Edit(field, value)))
    };
    let blur = |field: Field| {
        let dispatcher = form.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(FormAction::Blur(field)))
    };
    let error = |field: Field| {
        form.message(field)
            .map(|m| AttrValue::from(m.text(lang).to_owned()))
    };

    let on_file = form.on_file.as_ref();
    let id_hint = match on_file {
        Some(on_file) => (t.keep_on_file)(&on_file.id_number_masked),
        None => t.id_number_hint.to_owned(),
    };
    let phone_hint = match on_file {
        Some(on_file) => (t.keep_on_file)(&on_file.phone_masked),
        None => t.member_phone_hint.to_owned(),
    };
    let card_hint = match on_file.and_then(|f| f.medical_card_masked.as_deref()) {
        Some(masked) => (t.keep_on_file)(masked),
        None => t.medical_card_hint.to_owned(),
    };

    const SEXES: [Sex; 2] = [Sex::Male, Sex::Female];
    let sexes = SEXES
        .iter()
        .map(|&sex| Choice {
            label: sex_label(sex, t).into(),
            checked: form.sex == Some(sex),
        })
        .collect::<Vec<_>>();
    let on_sex = {
        let dispatcher = form.dispatcher();
        Callback::from(move |i: usize| dispatcher.dispatch(FormAction::Sex(SEXES[i % 2])))
    };
    let relations = props
        .relations
        .iter()
        .map(|&relation| Choice {
            label: relation_label(relation, t).into(),
            checked: form.relation == Some(relation),
        })
        .collect::<Vec<_>>();
    // Each relation keeps its radio's id (`patient-relation-1` is always "child").
    let relation_slots = props
        .relations
        .iter()
        .map(|r| {
            Relation::ALL
                .iter()
                .position(|a| a == r)
                .unwrap_or_default()
        })
        .collect::<Vec<_>>();
    let on_relation = {
        let dispatcher = form.dispatcher();
        let offered = props.relations.clone();
        Callback::from(move |i: usize| {
            if let Some(&relation) = offered.get(i) {
                dispatcher.dispatch(FormAction::Relation(relation));
            }
        })
    };

    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .fields {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(min(22em, 100%), 1fr));
            gap: var(--sp-2) var(--sp-4);
            align-items: start;
        }
        & .save {
            width: 100%;
        }
        "#
    );
    let today = form.today.to_string();
    html! {
        <form {class} {onsubmit} novalidate=true>
            <div class="fields">
                <TextField id={Field::Name.dom_id()} label={t.name_label}
                    hint={AttrValue::from(t.name_hint)} value={form.name.clone()}
                    on_input={edit(Field::Name)} on_blur={blur(Field::Name)}
                    autocomplete={AttrValue::Static("off")} maxlength={AttrValue::Static("30")}
                    error={error(Field::Name)} />
                <TextField id={Field::IdNumber.dom_id()} label={t.id_number_label}
                    hint={AttrValue::from(id_hint)} value={form.id_number.clone()}
                    on_input={edit(Field::IdNumber)} on_blur={blur(Field::IdNumber)}
                    autocomplete={AttrValue::Static("off")} maxlength={AttrValue::Static("18")}
                    error={error(Field::IdNumber)} />
                <ChoiceField id={Field::Sex.dom_id()} label={t.sex_label} choices={sexes}
                    on_choose={on_sex} error={error(Field::Sex)} />
                <TextField id={Field::BirthDate.dom_id()} label={t.birth_date_label}
                    kind="date" value={form.birth_date.clone()} max={AttrValue::from(today)}
                    on_input={edit(Field::BirthDate)} on_blur={blur(Field::BirthDate)}
                    error={error(Field::BirthDate)} />
                <TextField id={Field::Phone.dom_id()} label={t.member_phone_label}
                    hint={AttrValue::from(phone_hint)} kind="tel" value={form.phone.clone()}
                    inputmode={AttrValue::Static("numeric")} autocomplete={AttrValue::Static("off")}
                    on_input={edit(Field::Phone)} on_blur={blur(Field::Phone)}
                    error={error(Field::Phone)} />
                <ChoiceField id={Field::Relation.dom_id()} label={t.relation_label}
                    choices={relations} slots={relation_slots} on_choose={on_relation} error={error(Field::Relation)} />
                <TextField id={Field::MedicalCard.dom_id()} label={t.medical_card_label}
                    hint={AttrValue::from(card_hint)} value={form.medical_card.clone()}
                    autocomplete={AttrValue::Static("off")} maxlength={AttrValue::Static("20")}
                    on_input={edit(Field::MedicalCard)} on_blur={blur(Field::MedicalCard)}
                    error={error(Field::MedicalCard)} />
            </div>
            <Button submit=true busy={props.busy} class="save">
                { if props.busy { t.saving } else { t.save } }
            </Button>
        </form>
    }
}
