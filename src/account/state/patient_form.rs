//! The family-member form as data: what was typed, which fields the patient has left,
//! and the messages to show, from [`check_patient`] (the same checks the server runs) and
//! from the server's answer. [`PatientForm`] changes only through [`FormAction`]s, so the
//! rules are tested natively; [`crate::account::parts::patient_editor`] draws it.
//!
//! A field's own check shows once the patient has left it or submitted the form, never
//! while they are still typing; a server message stays until that field is edited.
//! Nothing typed is ever thrown away because something was refused.

use std::rc::Rc;

use careway_core::api::account::{check_patient, Patient, PatientInput, Relation};
use careway_core::identity::{CivilDate, ResidentId, Sex};
use careway_core::problem::{FieldCode, FieldError};
use yew::prelude::*;

use crate::ui::field_message::FieldMessage;

/// The form's fields, in the order they appear (and receive the focus when refused).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Full name.
    Name,
    /// Resident ID number.
    IdNumber,
    /// Sex.
    Sex,
    /// Birth date.
    BirthDate,
    /// Mobile number.
    Phone,
    /// Relation to the account holder.
    Relation,
    /// Medical-card number (optional).
    MedicalCard,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::IdNumber,
        Field::Sex,
        Field::BirthDate,
        Field::Phone,
        Field::Relation,
        Field::MedicalCard,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The field's name in [`PatientInput`] and in the server's field errors.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Sex => "sex",
            Field::BirthDate => "birth_date",
            Field::Phone => "phone",
            Field::Relation => "relation",
            Field::MedicalCard => "medical_card",
        }
    }

    /// The field the server means by `name`.
    pub fn from_api(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.api_name() == name)
    }

    /// The `id` of the field's input (the first radio of a group), for labels and focus.
    pub fn dom_id(self) -> &'static str {
        match self {
            Field::Name => "patient-name",
            Field::IdNumber => "patient-id-number",
            Field::Sex => "patient-sex",
            Field::BirthDate => "patient-birth-date",
            Field::Phone => "patient-phone",
            Field::Relation => "patient-relation",
            Field::MedicalCard => "patient-medical-card",
        }
    }
}

/// A well-formed mobile number that stands in for one kept on file while the app checks
/// the other fields; it is never sent.
const KEPT_PHONE: &str = "13800000000";

/// What the form keeps about the member being edited: only masked identifiers, which
/// the app never sees in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnFile {
    /// The member's id.
    pub id: String,
    /// The ID number on file, masked; left blank, the number stays.
    pub id_number_masked: String,
    /// The phone on file, masked; left blank, the phone stays.
    pub phone_masked: String,
    /// The medical card on file, masked; left blank, the card stays.
    pub medical_card_masked: Option<String>,
}

/// The form's state.
#[derive(Clone, Debug, PartialEq)]
pub struct PatientForm {
    /// Full name as typed.
    pub name: String,
    /// Resident ID number as typed (blank when editing keeps the one on file).
    pub id_number: String,
    /// Sex, once chosen (or read from the ID number).
    pub sex: Option<Sex>,
    /// Birth date as `YYYY-MM-DD` (what `<input type=date>` gives).
    pub birth_date: String,
    /// Mobile number as typed.
    pub phone: String,
    /// Relation, once chosen.
    pub relation: Option<Relation>,
    /// Medical-card number as typed.
    pub medical_card: String,
    /// The member being edited; `None` when adding.
    pub on_file: Option<OnFile>,
    /// Today in the hospital's time zone: birth dates and ID numbers are checked against it.
    pub today: CivilDate,
    touched: [bool; 7],
    submitted: bool,
    server: [Option<FieldMessage>; 7],
}

/// The ways the form changes.
#[derive(Clone, Debug, PartialEq)]
pub enum FormAction {
    /// Text typed into a text field (name, ID number, birth date, phone, card).
    Edit(Field, String),
    /// A sex chosen.
    Sex(Sex),
    /// A relation chosen.
    Relation(Relation),
    /// The patient left a field.
    Blur(Field),
    /// The patient submitted the form: every field's check shows now.
    Submit,
    /// The server refused some fields.
    Refused(Rc<Vec<FieldError>>),
}

impl PatientForm {
    /// An empty form for adding a member.
    pub fn new(today: CivilDate) -> PatientForm {
        PatientForm {
            name: String::new(),
            id_number: String::new(),
            sex: None,
            birth_date: String::new(),
            phone: String::new(),
            relation: None,
            medical_card: String::new(),
            on_file: None,
            today,
            touched: [false; 7],
            submitted: false,
            server: Default::default(),
        }
    }

    /// A form filled with a member's details, for editing. The ID number, the phone and
    /// the card come back masked only, so their fields start blank, and left blank they
    /// keep what is on file.
    pub fn editing(patient: &Patient, today: CivilDate) -> PatientForm {
        PatientForm {
            name: patient.name.clone(),
            sex: Some(patient.sex),
            birth_date: patient.birth_date.clone(),
            relation: Some(patient.relation),
            on_file: Some(OnFile {
                id: patient.id.clone(),
                id_number_masked: patient.id_number_masked.clone(),
                phone_masked: patient.phone_masked.clone(),
                medical_card_masked: patient.medical_card_masked.clone(),
            }),
            ..PatientForm::new(today)
        }
    }

    /// The body to send, if the form passes every check the app can run; else each
    /// refused field with why, in form order.
    pub fn check(&self) -> Result<PatientInput, Vec<(Field, FieldCode)>> {
        let typed_id = self.id_number.trim();
        let keep_id = self.on_file.is_some() && typed_id.is_empty();
        let keep_phone = self.on_file.is_some() && self.phone.trim().is_empty();
        let id_sex = ResidentId::parse(typed_id, self.today)
            .ok()
            .map(|id| id.sex);
        let input = PatientInput {
            name: self.name.clone(),
            // Unchosen, the sex is checked as the ID number's, then reported as missing.
            sex: self.sex.or(id_sex).unwrap_or(Sex::Male),
            birth_date: self.birth_date.clone(),
            id_number: (!keep_id).then(|| typed_id.to_owned()),
            // A phone kept on file is checked as a stand-in; the server has the real one.
            phone: Some(if keep_phone {
                KEPT_PHONE.to_owned()
            } else {
                self.phone.clone()
            }),
            relation: self.relation.unwrap_or(Relation::Other),
            // Blank: no card when adding, the card on file when editing.
            medical_card: Some(self.medical_card.trim().to_owned()).filter(|c| !c.is_empty()),
            phone_code: None,
        };
        let mut errors: Vec<(Field, FieldCode)> = match check_patient(&input, self.today, None) {
            Ok(checked) => {
                if self.sex.is_some() && self.relation.is_some() {
                    return Ok(PatientInput {
                        name: checked.name,
                        sex: checked.sex,
                        birth_date: checked.birth_date.to_string(),
                        id_number: checked.id_number,
                        phone: (!keep_phone).then_some(checked.phone),
                        relation: checked.relation,
                        medical_card: checked.medical_card,
                        phone_code: None,
                    });
                }
                Vec::new()
            }
            Err(errors) => errors
                .into_iter()
                .filter_map(|(name, code)| Field::from_api(name).map(|f| (f, code)))
                // Keeping the number on file: the server checks against it.
                .filter(|&(f, code)| {
                    !(keep_id && f == Field::IdNumber && code == FieldCode::Required)
                })
                .collect(),
        };
        if self.sex.is_none() {
            errors.retain(|&(f, _)| f != Field::Sex);
            errors.push((Field::Sex, FieldCode::Required));
        }
        if self.relation.is_none() {
            errors.push((Field::Relation, FieldCode::Required));
        }
        if errors.is_empty() {
            // Only reachable when editing with the number on file and nothing else wrong.
            return self.check_kept(keep_phone);
        }
        errors.sort_by_key(|&(f, _)| f.index());
        Err(errors)
    }

    /// [`PatientForm::check`] for an edit that keeps the ID number on file: the input as
    /// typed, normalised where the app can.
    fn check_kept(&self, keep_phone: bool) -> Result<PatientInput, Vec<(Field, FieldCode)>> {
        let (Some(sex), Some(relation)) = (self.sex, self.relation) else {
            return Err(vec![(Field::Sex, FieldCode::Required)]);
        };
        let phone = if keep_phone {
            None
        } else {
            Some(
                careway_core::identity::normalize_mobile(&self.phone)
                    .map_err(|_| vec![(Field::Phone, FieldCode::Mobile)])?,
            )
        };
        Ok(PatientInput {
            name: self.name.trim().to_owned(),
            sex,
            birth_date: self.birth_date.trim().to_owned(),
            id_number: None,
            phone,
            relation,
            medical_card: Some(self.medical_card.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty()),
            phone_code: None,
        })
    }

    /// The message to show next to `field`, if any.
    pub fn message(&self, field: Field) -> Option<FieldMessage> {
        if let Some(message) = &self.server[field.index()] {
            return Some(message.clone());
        }
        if !(self.submitted || self.touched[field.index()]) {
            return None;
        }
        let errors = self.check().err()?;
        errors
            .into_iter()
            .find(|&(f, _)| f == field)
            .map(|(_, code)| FieldMessage::Code(code))
    }

    /// The first field, in form order, showing a message: where the focus goes after a
    /// refused submit.
    pub fn first_refused(&self) -> Option<Field> {
        Field::ALL.into_iter().find(|&f| self.message(f).is_some())
    }

    /// Whether the form was submitted at least once.
    pub fn submitted(&self) -> bool {
        self.submitted
    }
}

impl Reducible for PatientForm {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormAction::Edit(field, value) => {
                let slot = match field {
                    Field::Name => &mut next.name,
                    Field::IdNumber => &mut next.id_number,
                    Field::BirthDate => &mut next.birth_date,
                    Field::Phone => &mut next.phone,
                    Field::MedicalCard => &mut next.medical_card,
                    Field::Sex | Field::Relation => return self,
                };
                if *slot == value {
                    return self;
                }
                *slot = value;
                next.server[field.index()] = None;
                if field == Field::IdNumber {
                    next.fill_from_id();
                }
            }
            FormAction::Sex(sex) => {
                next.sex = Some(sex);
                next.touched[Field::Sex.index()] = true;
                next.server[Field::Sex.index()] = None;
            }
            FormAction::Relation(relation) => {
                next.relation = Some(relation);
                next.touched[Field::Relation.index()] = true;
                next.server[Field::Relation.index()] = None;
            }
            FormAction::Blur(field) => {
                if next.touched[field.index()] {
                    return self;
                }
                next.touched[field.index()] = true;
            }
            FormAction::Submit => next.submitted = true,
            FormAction::Refused(errors) => {
                for error in errors.iter() {
                    if let Some(field) = Field::from_api(&error.field) {
                        next.server[field.index()] = Some(FieldMessage::from_error(error));
                    }
                }
            }
        }
        Rc::new(next)
    }
}

impl PatientForm {
    /// A valid ID number says the birth date and the sex: fill them in where the patient
    /// has not yet, never overwriting what they chose.
    fn fill_from_id(&mut self) {
        let Ok(id) = ResidentId::parse(&self.id_number, self.today) else {
            return;
        };
        if self.birth_date.trim().is_empty() {
            self.birth_date = id.birth_date.to_string();
            self.server[Field::BirthDate.index()] = None;
        }
        if self.sex.is_none() {
            self.sex = Some(id.sex);
            self.server[Field::Sex.index()] = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use careway_core::locale::Lang;

    use super::*;

    const TODAY: CivilDate = CivilDate {
        year: 2026,
        month: 11,
        day: 23,
    };
    const CHILD_ID: &str = "440106201506010019";

    fn reduce(form: PatientForm, actions: impl IntoIterator<Item = FormAction>) -> PatientForm {
        let mut form = Rc::new(form);
        for action in actions {
            form = form.reduce(action);
        }
        (*form).clone()
    }

    fn child() -> PatientForm {
        reduce(
            PatientForm::new(TODAY),
            [
                FormAction::Edit(Field::Name, "王小明".into()),
                FormAction::Sex(Sex::Male),
                FormAction::Edit(Field::BirthDate, "2015-06-01".into()),
                FormAction::Edit(Field::IdNumber, CHILD_ID.into()),
                FormAction::Edit(Field::Phone, "139 1234 5678".into()),
                FormAction::Relation(Relation::Child),
            ],
        )
    }

    #[test]
    fn a_complete_form_gives_the_normalised_body() {
        let input = child().check().expect("a good child");
        assert_eq!(input.phone.as_deref(), Some("13912345678"));
        assert_eq!(input.id_number.as_deref(), Some(CHILD_ID));
        assert_eq!(input.relation, Relation::Child);
        assert_eq!(input.medical_card, None);
    }

    #[test]
    fn messages_wait_for_leaving_the_field_or_submitting() {
        let typo = reduce(
            child(),
            [FormAction::Edit(
                Field::IdNumber,
                "440106201506010018".into(),
            )],
        );
        assert_eq!(typo.message(Field::IdNumber), None, "still typing");
        let left = reduce(typo.clone(), [FormAction::Blur(Field::IdNumber)]);
        assert_eq!(
            left.message(Field::IdNumber),
            Some(FieldMessage::Code(FieldCode::IdChecksum))
        );
        assert_eq!(
            left.message(Field::IdNumber)
                .map(|m| m.text(Lang::ZhCn).to_owned()),
            Some("身份证号校验不通过，请检查是否输错".into())
        );
        let submitted = reduce(typo, [FormAction::Submit]);
        assert_eq!(submitted.first_refused(), Some(Field::IdNumber));
        assert_eq!(submitted.name, "王小明", "nothing typed is lost");
        assert_eq!(submitted.phone, "139 1234 5678");
    }

    #[test]
    fn an_empty_form_refuses_every_required_field_in_order() {
        let form = reduce(PatientForm::new(TODAY), [FormAction::Submit]);
        let fields: Vec<Field> = form
            .check()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::Name,
                Field::IdNumber,
                Field::Sex,
                Field::BirthDate,
                Field::Phone,
                Field::Relation
            ]
        );
        assert_eq!(form.first_refused(), Some(Field::Name));
        assert_eq!(
            form.message(Field::Relation),
            Some(FieldMessage::Code(FieldCode::Required))
        );
    }

    #[test]
    fn a_valid_id_fills_birth_date_and_sex_but_never_overwrites() {
        let form = reduce(
            PatientForm::new(TODAY),
            [FormAction::Edit(Field::IdNumber, CHILD_ID.into())],
        );
        assert_eq!(form.birth_date, "2015-06-01");
        assert_eq!(form.sex, Some(Sex::Male));
        let chosen = reduce(
            PatientForm::new(TODAY),
            [
                FormAction::Sex(Sex::Female),
                FormAction::Edit(Field::BirthDate, "2015-06-02".into()),
                FormAction::Edit(Field::IdNumber, CHILD_ID.into()),
                FormAction::Submit,
            ],
        );
        assert_eq!(chosen.sex, Some(Sex::Female));
        assert_eq!(chosen.birth_date, "2015-06-02");
        assert_eq!(
            chosen.message(Field::Sex),
            Some(FieldMessage::Code(FieldCode::IdSexMismatch))
        );
        assert_eq!(
            chosen.message(Field::BirthDate),
            Some(FieldMessage::Code(FieldCode::IdBirthDateMismatch))
        );
    }

    #[test]
    fn server_messages_stay_until_their_field_is_edited() {
        let refused = reduce(
            child(),
            [FormAction::Refused(Rc::new(vec![
                FieldError::new("id_number", FieldCode::Duplicate, Lang::ZhCn),
                FieldError::new("nonsense", FieldCode::Unknown, Lang::ZhCn),
            ]))],
        );
        assert_eq!(
            refused.message(Field::IdNumber),
            Some(FieldMessage::Code(FieldCode::Duplicate))
        );
        assert_eq!(refused.first_refused(), Some(Field::IdNumber));
        let edited = reduce(
            refused,
            [FormAction::Edit(
                Field::IdNumber,
                "11010519491231002X".into(),
            )],
        );
        assert_eq!(edited.message(Field::IdNumber), None);
    }

    fn on_file() -> Patient {
        Patient {
            id: "p1".into(),
            name: "王小明".into(),
            sex: Sex::Male,
            birth_date: "2015-06-01".into(),
            id_number_masked: "440***********0019".into(),
            phone_masked: "139****5678".into(),
            relation: Relation::Child,
            medical_card_masked: None,
            is_default: false,
        }
    }

    #[test]
    fn editing_keeps_what_is_on_file_when_left_blank() {
        let form = PatientForm::editing(&on_file(), TODAY);
        assert_eq!(form.name, "王小明");
        assert_eq!((form.id_number.as_str(), form.phone.as_str()), ("", ""));
        let renamed = reduce(
            form,
            [
                FormAction::Edit(Field::Name, "王小明明".into()),
                FormAction::Submit,
            ],
        );
        let input = renamed.check().expect("blank identifiers are not refused");
        assert_eq!(input.name, "王小明明");
        assert_eq!(input.id_number, None, "keep the number on file");
        assert_eq!(input.phone, None, "keep the phone on file");
        assert_eq!(input.medical_card, None, "keep the card on file");

        let typed = reduce(
            renamed.clone(),
            [FormAction::Edit(Field::Phone, "139 1234 5678".into())],
        );
        assert_eq!(typed.check().unwrap().phone.as_deref(), Some("13912345678"));
        let wrong = reduce(renamed, [FormAction::Edit(Field::Phone, "12345".into())]);
        assert_eq!(
            wrong.check().unwrap_err(),
            vec![(Field::Phone, FieldCode::Mobile)]
        );
    }

    #[test]
    fn a_new_id_number_with_the_phone_kept_is_sent_in_full() {
        let form = reduce(
            PatientForm::editing(&on_file(), TODAY),
            [FormAction::Edit(
                Field::IdNumber,
                "440106201506010019".into(),
            )],
        );
        let input = form.check().expect("passes");
        assert_eq!(input.id_number.as_deref(), Some("440106201506010019"));
        assert_eq!(input.phone, None);
    }
}
