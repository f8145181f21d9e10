//! Accounts, sessions and family members ("就诊人"): the bodies of `/api/v1/login-codes`,
//! `/api/v1/session`, `/api/v1/me` and `/api/v1/patients`, and the checks a family
//! member's details must pass, run as the patient types and again on the server.
//!
//! Identity numbers and phone numbers only ever leave the server masked; the full resident
//! ID number is sent once, when a family member is added, and never sent back.

use serde::{Deserialize, Serialize};

use crate::identity::{self, CivilDate, IdentityError, ResidentId, Sex};
use crate::problem::FieldCode;

/// How long a one-time code stays valid.
pub const CODE_TTL_SECONDS: u32 = 300;
/// How many tries one client gets at one subject's codes in a quarter of an hour.
pub const CODE_MAX_TRIES: u32 = 5;
/// How long a phone waits between two codes.
pub const CODE_RESEND_SECONDS: u32 = 60;
/// How many family members one account may manage.
pub const MAX_PATIENTS: usize = 8;
/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 30;

/// `POST /api/v1/login-codes`: send a one-time code to this phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    /// A mainland mobile number, eleven digits `1[3-9]…`; an optional `+86`, `0086` or `86`
    /// before it and spaces, dashes and ideographic spaces anywhere are tolerated (the
    /// pattern says exactly what [`crate::identity::normalize_mobile`] accepts).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[ \u3000-]*(?:(?:\+[ \u3000-]*|0[ \u3000-]*0[ \u3000-]*)?8[ \u3000-]*6[ \u3000-]*)?1[ \u3000-]*[3-9](?:[ \u3000-]*[0-9]){9}[ \u3000-]*$"
        )
    )]
    pub phone: String,
}

/// `POST /api/v1/kiosk/login-codes`: on a kiosk, send a code to the phone on file for this
/// medical card or resident ID number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardCodeRequest {
    /// A medical-card number (6 to 20 letters and digits, but not 18) or an 18-character
    /// resident ID number (whose check digit and birth date must also hold), typed or read
    /// by a card reader that types like a keyboard.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*(?:[A-Za-z0-9]{6,17}|[A-Za-z0-9]{19,20}|[0-9]{17}[0-9Xx])\s*$")
    )]
    pub card_number: String,
}

/// The answer to a code request: the same whether or not the phone (or card) is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// Seconds before another code can be requested for the same phone.
    pub resend_after_seconds: u32,
    /// Seconds the code stays valid.
    pub expires_in_seconds: u32,
    /// The code itself, only for the demo account of a demo server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_code: Option<String>,
}

/// `POST /api/v1/session`: log in with the code, by phone or (on a kiosk) by card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The phone the code was sent to (the forms of [`CodeRequest::phone`]); or
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[ \u3000-]*(?:(?:\+[ \u3000-]*|0[ \u3000-]*0[ \u3000-]*)?8[ \u3000-]*6[ \u3000-]*)?1[ \u3000-]*[3-9](?:[ \u3000-]*[0-9]){9}[ \u3000-]*$"
        )
    )]
    pub phone: Option<String>,
    /// the card the code was requested with (kiosk; the forms of
    /// [`CardCodeRequest::card_number`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*(?:[A-Za-z0-9]{6,17}|[A-Za-z0-9]{19,20}|[0-9]{17}[0-9Xx])\s*$")
    )]
    pub card_number: Option<String>,
    /// The six-digit code.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[0-9]{6}\s*$"))]
    pub code: String,
    /// True when logging in on a kiosk: a short idle timeout.
    #[serde(default)]
    pub kiosk: bool,
}

/// The logged-in account, as the app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The account's id.
    pub id: String,
    /// The login phone, masked (`138****5678`).
    pub phone_masked: String,
    /// When the account was created (RFC 3339).
    pub created_at: String,
}

/// `GET /api/v1/session` and the answer to a login. With no session, `GET /api/v1/session`
/// answers `200` with the JSON `null` (an `Option<SessionInfo>` of `None`): being signed out
/// is a normal state of a page load, not an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// Who is logged in.
    pub account: Account,
    /// True for a kiosk session.
    pub kiosk: bool,
    /// Seconds without a request after which the session ends.
    pub idle_timeout_seconds: u32,
    /// When the session ends regardless of activity (RFC 3339).
    pub expires_at: String,
    /// Messages in the account's inbox not yet opened: the inbox tab's badge.
    #[serde(default)]
    pub unread: u32,
}

/// How a family member relates to the account holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Relation {
    /// The account holder.
    #[serde(rename = "self")]
    Myself,
    /// A son or daughter.
    Child,
    /// A father or mother.
    Parent,
    /// A husband or wife.
    Spouse,
    /// Anyone else the account holder cares for.
    Other,
}

impl Relation {
    /// Every relation, in the order a form offers them.
    pub const ALL: [Relation; 5] = [
        Relation::Myself,
        Relation::Child,
        Relation::Parent,
        Relation::Spouse,
        Relation::Other,
    ];

    /// The stable name stored and sent (`self`, `child`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Myself => "self",
            Relation::Child => "child",
            Relation::Parent => "parent",
            Relation::Spouse => "spouse",
            Relation::Other => "other",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A family member's details as a form sends them (`POST` and `PUT /api/v1/patients`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientInput {
    /// Full name as on the ID card: not blank, at most [`MAX_NAME_CHARS`] characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 30, pattern = r"\S")
    )]
    pub name: String,
    /// Sex as on the ID card.
    pub sex: Sex,
    /// Birth date, `YYYY-MM-DD`, not in the future.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub birth_date: String,
    /// The 18-character resident ID number. Required when adding; when editing, `None`
    /// keeps the number on file (which the app never sees in full). Its check digit, birth
    /// date and sex must agree with the rest, which no schema can say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[0-9]{17}[0-9Xx]\s*$"))]
    pub id_number: Option<String>,
    /// The member's mobile number (codes for kiosk login go here). Required when adding;
    /// when editing, `None` keeps the number on file (which the app sees only masked).
    /// The same forms as [`CodeRequest::phone`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[ \u3000-]*(?:(?:\+[ \u3000-]*|0[ \u3000-]*0[ \u3000-]*)?8[ \u3000-]*6[ \u3000-]*)?1[ \u3000-]*[3-9](?:[ \u3000-]*[0-9]){9}[ \u3000-]*$"
        )
    )]
    pub phone: Option<String>,
    /// How the member relates to the account holder.
    pub relation: Relation,
    /// The hospital's medical-card number. When adding, `None` or `""`: no card. When
    /// editing, `None` keeps the card on file and `""` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_card: Option<String>,
    /// The code sent to the member's phone (see [`MemberCodeRequest`]), required when
    /// [`needs_member_code`] says so: a card or ID number leads to kiosk logins, so who
    /// holds that phone must agree, and the account holder must still hold the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_code: Option<String>,
}

/// `POST /api/v1/patients/phone-codes`: send a code to the phone a member is being saved
/// with, to confirm that phone. Give the phone typed in the form, or, when the form keeps
/// the phone on file, the member's id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberCodeRequest {
    /// The phone the member is being saved with; or
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[ \u3000-]*(?:(?:\+[ \u3000-]*|0[ \u3000-]*0[ \u3000-]*)?8[ \u3000-]*6[ \u3000-]*)?1[ \u3000-]*[3-9](?:[ \u3000-]*[0-9]){9}[ \u3000-]*$"
        )
    )]
    pub phone: Option<String>,
    /// the member whose phone on file the code goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub patient_id: Option<String>,
}

/// Whether saving this member needs a code sent to its phone: always when adding one;
/// when editing, if the phone, the ID number or the medical card changes (each of them
/// decides where a kiosk login's code goes). `input` is what the form sends, where `None`
/// keeps what is on file; `on_file` is the stored member when editing.
pub fn needs_member_code(input: &PatientInput, on_file: Option<OnFile<'_>>) -> bool {
    let Some(on_file) = on_file else {
        return true;
    };
    let changed = |typed: Option<&str>, stored: Option<&str>| match typed.map(str::trim) {
        None => false,
        Some(t) => !t.eq_ignore_ascii_case(stored.unwrap_or("")),
    };
    let phone_changed = input
        .phone
        .as_deref()
        .is_some_and(|p| crate::identity::normalize_mobile(p).map_or(true, |p| p != on_file.phone));
    phone_changed
        || changed(input.id_number.as_deref(), Some(on_file.id_number))
        || changed(input.medical_card.as_deref(), on_file.medical_card)
}

/// What is on file for a member being edited: the identifiers the app sees only masked,
/// and which a patient may therefore leave out rather than type again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnFile<'a> {
    /// The resident ID number.
    pub id_number: &'a str,
    /// The mobile number.
    pub phone: &'a str,
    /// The medical-card number, if any.
    pub medical_card: Option<&'a str>,
}

/// A family member as the app shows it: identifiers masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Patient {
    /// The member's id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// The resident ID number, masked (`110***********1234`).
    pub id_number_masked: String,
    /// The mobile number, masked (`138****5678`).
    pub phone_masked: String,
    /// How the member relates to the account holder.
    pub relation: Relation,
    /// The medical-card number, masked, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_card_masked: Option<String>,
    /// True for the member chosen by default when booking.
    pub is_default: bool,
}

/// A family member's details once checked: what the server stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedPatient {
    /// Trimmed name.
    pub name: String,
    /// Sex, agreeing with the ID number.
    pub sex: Sex,
    /// Birth date, agreeing with the ID number.
    pub birth_date: CivilDate,
    /// The ID number in canonical form (uppercase X), or `None` to keep the one on file.
    pub id_number: Option<String>,
    /// The mobile number, normalised to 11 digits (the one on file, when kept).
    pub phone: String,
    /// Relation.
    pub relation: Relation,
    /// The medical-card number, uppercase, if any (the one on file, when kept).
    pub medical_card: Option<String>,
}

/// The relations a member may be given: for the member `editing` (`None` when adding
/// one), given the account's `members`. The app offers only these; the server refuses any
/// other. "Self" is offered only while no *other* member is the account
/// holder: a second holder is a mistake, and the holder's own form keeps it.
pub fn relation_choices(members: &[Patient], editing: Option<&str>) -> Vec<Relation> {
    let holder_elsewhere = members
        .iter()
        .any(|m| m.relation == Relation::Myself && Some(m.id.as_str()) != editing);
    Relation::ALL
        .into_iter()
        .filter(|&r| r != Relation::Myself || !holder_elsewhere)
        .collect()
}

/// Whether `member` may be removed from the list: everyone but the account holder.
pub fn removable(member: &Patient) -> bool {
    member.relation != Relation::Myself
}

/// True for characters a clerk cannot see or that change how the text around them reads:
/// bidirectional controls (U+202E turns "Ana" into what reads as another name), zero-width
/// and other invisible format characters, private-use characters and non-characters. A
/// name holding one could look the same as another on a screen and not be the same.
pub fn is_unreadable(c: char) -> bool {
    let n = u32::from(c);
    matches!(
        n,
        0x00AD // soft hyphen
            | 0x034F // combining grapheme joiner
            | 0x061C // Arabic letter mark
            | 0x115F..=0x1160 // Hangul fillers
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F // Mongolian variation selectors and vowel separator
            | 0x200B..=0x200F // zero-width space, joiners, LRM, RLM
            | 0x202A..=0x202E // bidi embeddings and overrides
            | 0x2060..=0x206F // word joiner, invisible operators, bidi isolates
            | 0x3164 // Hangul filler
            | 0xE000..=0xF8FF // private use
            | 0xFDD0..=0xFDEF // non-characters
            | 0xFE00..=0xFE0F // variation selectors
            | 0xFEFF // zero-width no-break space (BOM)
            | 0xFFA0 // halfwidth Hangul filler
            | 0xFFF0..=0xFFFB // specials and interlinear annotation
            | 0xE0000..=0xE0FFF // tags and variation selectors supplement
            | 0xF0000..=0x10FFFF // supplementary private use
    ) || n & 0xFFFE == 0xFFFE // U+xFFFE and U+xFFFF in every plane
}

/// Checks a family member's details, as of `today` in the hospital's time zone.
///
/// `on_file` is what is stored when editing a member: the ID number, phone and card
/// left out keep the stored ones, and birth date and sex are checked against the stored
/// ID number. Every refused field is reported, not just the first, so a form can mark
/// them all at once.
pub fn check_patient(
    input: &PatientInput,
    today: CivilDate,
    on_file: Option<OnFile<'_>>,
) -> Result<CheckedPatient, Vec<(&'static str, FieldCode)>> {
    let mut errors = Vec::new();

    let name = input.name.trim().to_owned();
    if name.is_empty() {
        errors.push(("name", FieldCode::Required));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(("name", FieldCode::TooLong));
    } else if name
        .chars()
        .any(|c| c.is_control() || is_unreadable(c) || "<>{}[]\\/@#$%^&*=+|~`\"".contains(c))
        || !name.chars().any(char::is_alphabetic)
    {
        errors.push(("name", FieldCode::Format));
    }

    let birth_date = match CivilDate::parse(input.birth_date.trim()) {
        None if input.birth_date.trim().is_empty() => {
            errors.push(("birth_date", FieldCode::Required));
            None
        }
        None => {
            errors.push(("birth_date", FieldCode::Format));
            None
        }
        Some(d) if d > today => {
            errors.push(("birth_date", FieldCode::FutureDate));
            None
        }
        Some(d) => Some(d),
    };

    let typed = input.id_number.as_deref().map(str::trim);
    let id = match (typed, on_file.map(|f| f.id_number)) {
        (Some(""), _) | (None, None) => {
            errors.push(("id_number", FieldCode::Required));
            None
        }
        (Some(number), _) => match ResidentId::parse(number, today) {
            Ok(id) => Some(id),
            Err(err) => {
                errors.push(("id_number", id_error(err)));
                None
            }
        },
        (None, Some(stored)) => ResidentId::parse(stored, today).ok(),
    };
    if let (Some(id), Some(birth_date)) = (&id, birth_date) {
        if id.birth_date != birth_date {
            errors.push(("birth_date", FieldCode::IdBirthDateMismatch));
        }
    }
    if let Some(id) = &id {
        if id.sex != input.sex {
            errors.push(("sex", FieldCode::IdSexMismatch));
        }
    }

    let phone = match (input.phone.as_deref(), on_file) {
        (None, Some(stored)) => Some(stored.phone.to_owned()),
        (None, None) => {
            errors.push(("phone", FieldCode::Required));
            None
        }
        (Some(typed), _) => match identity::normalize_mobile(typed) {
            Ok(phone) => Some(phone),
            Err(_) if typed.trim().is_empty() => {
                errors.push(("phone", FieldCode::Required));
                None
            }
            Err(_) => {
                errors.push(("phone", FieldCode::Mobile));
                None
            }
        },
    };

    let medical_card = match input.medical_card.as_deref().map(str::trim) {
        None => on_file.and_then(|f| f.medical_card).map(str::to_owned),
        Some("") => None,
        Some(card) if is_medical_card(card) => Some(card.to_ascii_uppercase()),
        Some(_) => {
            errors.push(("medical_card", FieldCode::Format));
            None
        }
    };

    match (errors.is_empty(), birth_date, phone) {
        (true, Some(birth_date), Some(phone)) => Ok(CheckedPatient {
            name,
            sex: input.sex,
            birth_date,
            id_number: typed.and(id.map(|id| id.number)),
            phone,
            relation: input.relation,
            medical_card,
        }),
        _ => Err(errors),
    }
}

/// The field code for an ID number that failed [`ResidentId::parse`].
pub fn id_error(err: IdentityError) -> FieldCode {
    match err {
        IdentityError::MobileFormat => FieldCode::Mobile,
        IdentityError::IdFormat => FieldCode::IdNumber,
        IdentityError::IdChecksum => FieldCode::IdChecksum,
        IdentityError::IdContent => FieldCode::IdContent,
    }
}

/// A medical-card number: 6 to 20 letters and digits.
pub fn is_medical_card(s: &str) -> bool {
    (6..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A patient's name masked for places others may see it (an SMS on a shared phone, a
/// kiosk's screen): the first character, and for three or more the last, with the rest
/// as `*` (`李*`, `王*英`, `欧**明`).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.as_slice() {
        [] => String::new(),
        [_] => "*".to_owned(),
        [first, _] => format!("{first}*"),
        [first, middle @ .., last] => {
            format!("{first}{}{last}", "*".repeat(middle.len()))
        }
    }
}

/// Checks a one-time code's shape: six ASCII digits.
pub fn is_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CivilDate = CivilDate {
        year: 2026,
        month: 11,
        day: 23,
    };

    fn child() -> PatientInput {
        PatientInput {
            name: "王小明".into(),
            sex: Sex::Male,
            birth_date: "2015-06-01".into(),
            // Region 440106, born 2015-06-01, sequence 001 (odd: male), check digit.
            id_number: Some("440106201506010019".into()),
            phone: Some("139 1234 5678".into()),
            relation: Relation::Child,
            medical_card: None,
            phone_code: None,
        }
    }

    const ON_FILE: OnFile<'static> = OnFile {
        id_number: "440106201506010019",
        phone: "13800138000",
        medical_card: Some("MC20260001"),
    };

    #[test]
    fn a_good_member_passes_and_is_normalised() {
        let checked = check_patient(&child(), TODAY, None).unwrap();
        assert_eq!(checked.phone, "13912345678");
        assert_eq!(checked.id_number.as_deref(), Some("440106201506010019"));
        assert_eq!(checked.birth_date.to_string(), "2015-06-01");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = PatientInput {
            name: " ".into(),
            phone: Some("12345".into()),
            medical_card: Some("ab".into()),
            ..child()
        };
        let errors = check_patient(&input, TODAY, None).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("name", FieldCode::Required),
                ("phone", FieldCode::Mobile),
                ("medical_card", FieldCode::Format)
            ]
        );
    }

    #[test]
    fn the_id_must_check_out_and_agree_with_birth_date_and_sex() {
        let typo = PatientInput {
            id_number: Some("440106201506010018".into()),
            ..child()
        };
        assert_eq!(
            check_patient(&typo, TODAY, None).unwrap_err(),
            vec![("id_number", FieldCode::IdChecksum)]
        );
        let short = PatientInput {
            id_number: Some("4401062015".into()),
            ..child()
        };
        assert_eq!(
            check_patient(&short, TODAY, None).unwrap_err(),
            vec![("id_number", FieldCode::IdNumber)]
        );
        let mismatch = PatientInput {
            birth_date: "2015-06-02".into(),
            sex: Sex::Female,
            ..child()
        };
        assert_eq!(
            check_patient(&mismatch, TODAY, None).unwrap_err(),
            vec![
                ("birth_date", FieldCode::IdBirthDateMismatch),
                ("sex", FieldCode::IdSexMismatch)
            ]
        );
        let missing = PatientInput {
            id_number: None,
            ..child()
        };
        assert_eq!(
            check_patient(&missing, TODAY, None).unwrap_err(),
            vec![("id_number", FieldCode::Required)]
        );
    }

    #[test]
    fn editing_without_retyping_checks_against_the_number_on_file() {
        let edit = PatientInput {
            id_number: None,
            ..child()
        };
        let checked = check_patient(&edit, TODAY, Some(ON_FILE)).unwrap();
        assert_eq!(checked.id_number, None, "keep the number on file");
        assert_eq!(
            checked.phone, "13912345678",
            "a typed phone replaces the one on file"
        );
        assert_eq!(checked.medical_card.as_deref(), Some("MC20260001"));
        let edit = PatientInput {
            id_number: None,
            birth_date: "2016-01-01".into(),
            ..child()
        };
        assert_eq!(
            check_patient(&edit, TODAY, Some(ON_FILE)).unwrap_err(),
            vec![("birth_date", FieldCode::IdBirthDateMismatch)]
        );
    }

    #[test]
    fn phone_and_card_left_out_keep_the_ones_on_file_when_editing_only() {
        let edit = PatientInput {
            name: "王小明明".into(),
            id_number: None,
            phone: None,
            medical_card: None,
            ..child()
        };
        let checked = check_patient(&edit, TODAY, Some(ON_FILE)).unwrap();
        assert_eq!(checked.name, "王小明明");
        assert_eq!(checked.phone, "13800138000");
        assert_eq!(checked.medical_card.as_deref(), Some("MC20260001"));
        let new_card = PatientInput {
            medical_card: Some(" mc777777 ".into()),
            ..edit.clone()
        };
        let checked = check_patient(&new_card, TODAY, Some(ON_FILE)).unwrap();
        assert_eq!(checked.medical_card.as_deref(), Some("MC777777"));
        let removed = PatientInput {
            medical_card: Some(String::new()),
            ..edit.clone()
        };
        let checked = check_patient(&removed, TODAY, Some(ON_FILE)).unwrap();
        assert_eq!(checked.medical_card, None);
        // Adding, there is nothing on file to keep.
        let adding = PatientInput {
            phone: None,
            ..child()
        };
        assert_eq!(
            check_patient(&adding, TODAY, None).unwrap_err(),
            vec![("phone", FieldCode::Required)]
        );
        let blank = PatientInput {
            phone: Some("  ".into()),
            ..edit
        };
        assert_eq!(
            check_patient(&blank, TODAY, Some(ON_FILE)).unwrap_err(),
            vec![("phone", FieldCode::Required)]
        );
    }

    #[test]
    fn dates_must_exist_and_not_be_in_the_future() {
        let input = PatientInput {
            birth_date: "2015-02-30".into(),
            ..child()
        };
        assert_eq!(
            check_patient(&input, TODAY, None).unwrap_err(),
            vec![("birth_date", FieldCode::Format)]
        );
        let input = PatientInput {
            birth_date: "2027-01-01".into(),
            ..child()
        };
        assert!(check_patient(&input, TODAY, None)
            .unwrap_err()
            .contains(&("birth_date", FieldCode::FutureDate)));
    }

    #[test]
    fn relations_and_codes() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
        assert_eq!(
            serde_json::to_string(&Relation::Myself).unwrap(),
            "\"self\""
        );
        assert!(is_code("012345"));
        assert!(!is_code("12345"));
        assert!(!is_code("12345a"));
        assert!(!is_code("１２３４５６"));
        assert!(is_medical_card("MC20260001"));
        assert!(!is_medical_card("MC-2026"));
    }

    #[test]
    fn names_a_clerk_cannot_read_are_refused() {
        let name_error = |name: &str| {
            let mut input = child();
            input.name = name.to_owned();
            check_patient(&input, TODAY, None)
                .err()
                .and_then(|errors| errors.into_iter().find(|(f, _)| *f == "name"))
                .map(|(_, code)| code)
        };
        for name in [
            "\u{200B}".repeat(30).as_str(),
            "张\u{202E}三",
            "\u{FEFF}李四",
            "王\u{200D}五",
            "赵\u{2067}六",
            "钱\u{FDD0}七",
            "孙\u{FFFF}八",
            "周\u{E000}九",
            "·",
            "\u{3164}\u{3164}",
        ] {
            assert_eq!(name_error(name), Some(FieldCode::Format), "{name:?}");
        }
        for name in ["张三", "阿卜杜·热合曼", "Mary-Jane O'Neil", "José"] {
            assert_eq!(name_error(name), None, "{name:?}");
        }
    }

    #[test]
    fn names_are_masked_but_recognisable() {
        assert_eq!(mask_name("李华"), "李*");
        assert_eq!(mask_name("王秀英"), "王*英");
        assert_eq!(mask_name(" 欧阳小明 "), "欧**明");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("Ann"), "A*n");
    }

    fn member(id: &str, relation: Relation) -> Patient {
        Patient {
            id: id.into(),
            name: "王芳".into(),
            sex: Sex::Female,
            birth_date: "1980-01-01".into(),
            id_number_masked: "110***********0021".into(),
            phone_masked: "138****8000".into(),
            relation,
            medical_card_masked: None,
            is_default: false,
        }
    }

    #[test]
    fn self_is_offered_until_the_holder_exists() {
        assert_eq!(relation_choices(&[], None), Relation::ALL.to_vec());
        let child = [member("c", Relation::Child)];
        assert_eq!(relation_choices(&child, None), Relation::ALL.to_vec());

        let family = [member("h", Relation::Myself), member("c", Relation::Child)];
        let adding = relation_choices(&family, None);
        assert!(!adding.contains(&Relation::Myself), "{adding:?}");
        assert_eq!(
            adding,
            [
                Relation::Child,
                Relation::Parent,
                Relation::Spouse,
                Relation::Other
            ]
        );
        assert!(
            !relation_choices(&family, Some("c")).contains(&Relation::Myself),
            "a child cannot become a second holder"
        );
    }

    #[test]
    fn the_holders_own_form_keeps_self() {
        let family = [member("h", Relation::Myself), member("c", Relation::Child)];
        assert_eq!(relation_choices(&family, Some("h")), Relation::ALL.to_vec());
    }

    #[test]
    fn only_the_holder_cannot_be_removed() {
        assert!(!removable(&member("h", Relation::Myself)));
        for relation in Relation::ALL.into_iter().skip(1) {
            assert!(removable(&member("x", relation)), "{relation:?}");
        }
    }

    #[test]
    fn saving_a_member_needs_a_code_when_what_leads_to_kiosk_logins_changes() {
        let adding = child();
        assert!(needs_member_code(&adding, None));
        let on_file = OnFile {
            id_number: "440106201506010019",
            phone: "13912345678",
            medical_card: Some("MC1"),
        };
        let kept = PatientInput {
            id_number: None,
            phone: None,
            medical_card: None,
            ..child()
        };
        assert!(!needs_member_code(&kept, Some(on_file)));
        let same = PatientInput {
            id_number: Some("440106201506010019".into()),
            phone: Some("139 1234 5678".into()),
            medical_card: Some("mc1".into()),
            ..child()
        };
        assert!(!needs_member_code(&same, Some(on_file)));
        for changed in [
            PatientInput {
                phone: Some("13912345679".into()),
                ..kept.clone()
            },
            PatientInput {
                id_number: Some("110101195001010025".into()),
                ..kept.clone()
            },
            PatientInput {
                medical_card: Some("MC2".into()),
                ..kept.clone()
            },
            PatientInput {
                medical_card: Some("".into()),
                ..kept.clone()
            },
        ] {
            assert!(needs_member_code(&changed, Some(on_file)), "{changed:?}");
        }
    }
}
