//! RFC 9457 problem details: the one error body of Careway's API.
//!
//! Every failure the server reports (bad JSON, a field that fails validation, a slot that
//! is gone, a login that is required) is a [`Problem`] with a stable `type` that clients
//! branch on, a `title` in the request's language that a patient can read, and, for
//! validation, one [`FieldError`] per field so a form can show each message next to its
//! input. The titles and field messages live here so the app can show the same words for
//! failures it detects itself (offline, timeouts).

use serde::{Deserialize, Serialize};

use crate::locale::Lang;

/// The media type of a problem body.
pub const CONTENT_TYPE: &str = "application/problem+json";

/// The kinds of failure, each with a stable `type` URI and an HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The body is not JSON, or not the JSON the endpoint expects.
    MalformedRequest,
    /// The request is well formed but some fields are not acceptable.
    Validation,
    /// A session is required and there is none (or it expired).
    Unauthenticated,
    /// The request lacks the anti-forgery header or the role it needs.
    Forbidden,
    /// No such resource, or one the caller may not see: both answer the same.
    NotFound,
    /// The method is not allowed on this resource.
    MethodNotAllowed,
    /// The request conflicts with the current state (a slot already taken, …).
    Conflict,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// Too many attempts; `retry_after` says when to try again.
    TooManyRequests,
    /// The server failed; the details are in its log under the request id.
    Internal,
    /// The server cannot answer now (starting, shutting down, database unavailable).
    Unavailable,
    /// The time window has no place left (someone else was quicker).
    SlotTaken,
    /// The session cannot be booked now: not released yet, past the cut-off, or stopped.
    BookingClosed,
    /// A booking rule says no (one per department per day, too many bookings, no-shows).
    BookingLimit,
    /// The appointment can no longer be cancelled or moved (past the cut-off or over).
    ChangeClosed,
    /// The appointment cannot be checked in now (another day, too early, already in).
    CheckInClosed,
}

impl ProblemKind {
    /// Every kind, for exhaustive tests and the OpenAPI document.
    pub const ALL: [ProblemKind; 17] = [
        ProblemKind::MalformedRequest,
        ProblemKind::Validation,
        ProblemKind::Unauthenticated,
        ProblemKind::Forbidden,
        ProblemKind::NotFound,
        ProblemKind::MethodNotAllowed,
        ProblemKind::Conflict,
        ProblemKind::PayloadTooLarge,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::TooManyRequests,
        ProblemKind::Internal,
        ProblemKind::Unavailable,
        ProblemKind::SlotTaken,
        ProblemKind::BookingClosed,
        ProblemKind::BookingLimit,
        ProblemKind::ChangeClosed,
        ProblemKind::CheckInClosed,
    ];

    /// The short, stable name of the kind, the last segment of its `type` URI.
    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::MalformedRequest => "malformed-request",
            ProblemKind::Validation => "validation",
            ProblemKind::Unauthenticated => "unauthenticated",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::NotFound => "not-found",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::Conflict => "conflict",
            ProblemKind::PayloadTooLarge => "payload-too-large",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::TooManyRequests => "too-many-requests",
            ProblemKind::Internal => "internal",
            ProblemKind::Unavailable => "unavailable",
            ProblemKind::SlotTaken => "slot-taken",
            ProblemKind::BookingClosed => "booking-closed",
            ProblemKind::BookingLimit => "booking-limit",
            ProblemKind::ChangeClosed => "change-closed",
            ProblemKind::CheckInClosed => "check-in-closed",
        }
    }

    /// The `type` URI clients compare against.
    pub fn type_uri(self) -> String {
        format!("urn:careway:problem:{}", self.slug())
    }

    /// Reads a `type` URI back; `None` for kinds this build does not know.
    pub fn from_type_uri(uri: &str) -> Option<ProblemKind> {
        let slug = uri.strip_prefix("urn:careway:problem:")?;
        ProblemKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The HTTP status code.
    pub fn status(self) -> u16 {
        match self {
            ProblemKind::MalformedRequest => 400,
            ProblemKind::Validation => 422,
            ProblemKind::Unauthenticated => 401,
            ProblemKind::Forbidden => 403,
            ProblemKind::NotFound => 404,
            ProblemKind::MethodNotAllowed => 405,
            ProblemKind::Conflict => 409,
            ProblemKind::PayloadTooLarge => 413,
            ProblemKind::UnsupportedMediaType => 415,
            ProblemKind::TooManyRequests => 429,
            ProblemKind::Internal => 500,
            ProblemKind::Unavailable => 503,
            ProblemKind::SlotTaken
            | ProblemKind::BookingClosed
            | ProblemKind::BookingLimit
            | ProblemKind::ChangeClosed
            | ProblemKind::CheckInClosed => 409,
        }
    }

    /// The title a patient reads, in their language.
    pub fn title(self, lang: Lang) -> &'static str {
        use ProblemKind::*;
        match (self, lang) {
            (MalformedRequest, Lang::ZhCn) => "请求格式有误",
            (MalformedRequest, Lang::En) => "The request could not be read",
            (Validation, Lang::ZhCn) => "填写的信息有误，请检查后重试",
            (Validation, Lang::En) => "Some details need correcting",
            (Unauthenticated, Lang::ZhCn) => "请先登录",
            (Unauthenticated, Lang::En) => "Please log in first",
            (Forbidden, Lang::ZhCn) => "没有权限执行此操作",
            (Forbidden, Lang::En) => "You are not allowed to do this",
            (NotFound, Lang::ZhCn) => "未找到相关内容",
            (NotFound, Lang::En) => "Not found",
            (MethodNotAllowed, Lang::ZhCn) => "不支持此操作",
            (MethodNotAllowed, Lang::En) => "This action is not supported here",
            (Conflict, Lang::ZhCn) => "操作与当前状态冲突，请刷新后重试",
            (Conflict, Lang::En) => "This conflicts with the current state; please refresh",
            (PayloadTooLarge, Lang::ZhCn) => "提交的内容过大",
            (PayloadTooLarge, Lang::En) => "What was sent is too large",
            (UnsupportedMediaType, Lang::ZhCn) => "提交的内容格式不受支持",
            (UnsupportedMediaType, Lang::En) => "This content type is not supported",
            (TooManyRequests, Lang::ZhCn) => "操作过于频繁，请稍后再试",
            (TooManyRequests, Lang::En) => "Too many attempts; please wait and try again",
            (Internal, Lang::ZhCn) => "服务暂时出现问题，请稍后重试",
            (Internal, Lang::En) => "Something went wrong on our side; please try again",
            (Unavailable, Lang::ZhCn) => "服务暂时不可用，请稍后重试",
            (Unavailable, Lang::En) => "The service is unavailable; please try again shortly",
            (SlotTaken, Lang::ZhCn) => "该时段刚刚约满，请选择其他时段",
            (SlotTaken, Lang::En) => "This time was just taken; please choose another",
            (BookingClosed, Lang::ZhCn) => "该号源当前不可预约",
            (BookingClosed, Lang::En) => "This clinic cannot be booked at the moment",
            (BookingLimit, Lang::ZhCn) => "不符合预约规则",
            (BookingLimit, Lang::En) => "A booking rule does not allow this",
            (ChangeClosed, Lang::ZhCn) => "该预约已不能取消或改期",
            (ChangeClosed, Lang::En) => "This appointment can no longer be cancelled or moved",
            (CheckInClosed, Lang::ZhCn) => "暂不能签到",
            (CheckInClosed, Lang::En) => "Check-in is not possible now",
        }
    }
}

/// Why one field was refused. The code is stable; the message follows the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldCode {
    /// The field is missing or empty.
    Required,
    /// The field has the wrong JSON type (a number where text was expected, …).
    WrongType,
    /// The text is longer than allowed.
    TooLong,
    /// The value is not one of the allowed choices or outside the allowed range.
    OutOfRange,
    /// The value does not have the expected shape.
    Format,
    /// The field is not one the endpoint accepts.
    Unknown,
    /// Not a mainland mobile number (11 digits, 13–19).
    Mobile,
    /// Not an 18-character resident ID number.
    IdNumber,
    /// The resident ID number's check character does not match: a typo.
    IdChecksum,
    /// The resident ID number encodes a region or birth date that cannot be right.
    IdContent,
    /// The birth date differs from the one in the resident ID number.
    IdBirthDateMismatch,
    /// The sex differs from the one in the resident ID number.
    IdSexMismatch,
    /// The value is already used where it must be unique (the same ID twice, …).
    Duplicate,
    /// A one-time code that is not six digits.
    CodeFormat,
    /// The one-time code is wrong.
    CodeWrong,
    /// The one-time code has expired or was already used: ask for a new one.
    CodeExpired,
    /// A date in the future where only past dates make sense.
    FutureDate,
    /// The card number is not one the hospital issues.
    CardNumber,
}

impl FieldCode {
    /// Every code, for exhaustive tests and for reading codes back.
    pub const ALL: [FieldCode; 18] = [
        FieldCode::Required,
        FieldCode::WrongType,
        FieldCode::TooLong,
        FieldCode::OutOfRange,
        FieldCode::Format,
        FieldCode::Unknown,
        FieldCode::Mobile,
        FieldCode::IdNumber,
        FieldCode::IdChecksum,
        FieldCode::IdContent,
        FieldCode::IdBirthDateMismatch,
        FieldCode::IdSexMismatch,
        FieldCode::Duplicate,
        FieldCode::CodeFormat,
        FieldCode::CodeWrong,
        FieldCode::CodeExpired,
        FieldCode::FutureDate,
        FieldCode::CardNumber,
    ];

    /// Reads a code sent by the server back; `None` for codes this build does not know.
    pub fn parse(code: &str) -> Option<FieldCode> {
        FieldCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The stable code sent in `errors[].code`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Required => "required",
            FieldCode::WrongType => "wrong_type",
            FieldCode::TooLong => "too_long",
            FieldCode::OutOfRange => "out_of_range",
            FieldCode::Format => "format",
            FieldCode::Unknown => "unknown",
            FieldCode::Mobile => "mobile",
            FieldCode::IdNumber => "id_number",
            FieldCode::IdChecksum => "id_checksum",
            FieldCode::IdContent => "id_content",
            FieldCode::IdBirthDateMismatch => "id_birth_date_mismatch",
            FieldCode::IdSexMismatch => "id_sex_mismatch",
            FieldCode::Duplicate => "duplicate",
            FieldCode::CodeFormat => "code_format",
            FieldCode::CodeWrong => "code_wrong",
            FieldCode::CodeExpired => "code_expired",
            FieldCode::FutureDate => "future_date",
            FieldCode::CardNumber => "card_number",
        }
    }

    /// The message shown next to the field.
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FieldCode::Required, Lang::ZhCn) => "此项为必填项",
            (FieldCode::Required, Lang::En) => "This is required",
            (FieldCode::WrongType, Lang::ZhCn) => "此项的类型不正确",
            (FieldCode::WrongType, Lang::En) => "This has the wrong type",
            (FieldCode::TooLong, Lang::ZhCn) => "内容过长",
            (FieldCode::TooLong, Lang::En) => "This is too long",
            (FieldCode::OutOfRange, Lang::ZhCn) => "取值超出允许范围",
            (FieldCode::OutOfRange, Lang::En) => "This value is not allowed",
            (FieldCode::Format, Lang::ZhCn) => "格式不正确",
            (FieldCode::Format, Lang::En) => "This is not in the expected format",
            (FieldCode::Unknown, Lang::ZhCn) => "不支持此项",
            (FieldCode::Unknown, Lang::En) => "This field is not accepted",
            (FieldCode::Mobile, Lang::ZhCn) => "请输入正确的 11 位手机号",
            (FieldCode::Mobile, Lang::En) => "Enter an 11-digit mainland mobile number",
            (FieldCode::IdNumber, Lang::ZhCn) => "身份证号应为 18 位（最后一位可以是 X）",
            (FieldCode::IdNumber, Lang::En) => "An ID number has 18 characters (the last may be X)",
            (FieldCode::IdChecksum, Lang::ZhCn) => "身份证号校验不通过，请检查是否输错",
            (FieldCode::IdChecksum, Lang::En) => {
                "This ID number does not check out; please look for a typo"
            }
            (FieldCode::IdContent, Lang::ZhCn) => "身份证号中的地区或出生日期不正确",
            (FieldCode::IdContent, Lang::En) => {
                "The region or birth date in this ID number is not valid"
            }
            (FieldCode::IdBirthDateMismatch, Lang::ZhCn) => "出生日期与身份证号不一致",
            (FieldCode::IdBirthDateMismatch, Lang::En) => {
                "The birth date does not match the ID number"
            }
            (FieldCode::IdSexMismatch, Lang::ZhCn) => "性别与身份证号不一致",
            (FieldCode::IdSexMismatch, Lang::En) => "The sex does not match the ID number",
            (FieldCode::Duplicate, Lang::ZhCn) => "已经添加过，不能重复添加",
            (FieldCode::Duplicate, Lang::En) => "This has already been added",
            (FieldCode::CodeFormat, Lang::ZhCn) => "请输入 6 位数字验证码",
            (FieldCode::CodeFormat, Lang::En) => "Enter the 6-digit code",
            (FieldCode::CodeWrong, Lang::ZhCn) => "验证码不正确或已失效，请检查或重新获取",
            (FieldCode::CodeWrong, Lang::En) => {
                "The code is not correct or no longer valid; check it or ask for a new one"
            }
            (FieldCode::CodeExpired, Lang::ZhCn) => "验证码已失效，请重新获取",
            (FieldCode::CodeExpired, Lang::En) => "This code has expired; please ask for a new one",
            (FieldCode::FutureDate, Lang::ZhCn) => "日期不能晚于今天",
            (FieldCode::FutureDate, Lang::En) => "The date cannot be in the future",
            (FieldCode::CardNumber, Lang::ZhCn) => "请输入就诊卡号或 18 位身份证号",
            (FieldCode::CardNumber, Lang::En) => {
                "Enter a medical-card number or an 18-character ID number"
            }
        }
    }
}

/// One field's error inside a validation problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request body, e.g. `phone` or `members[2].name`.
    pub field: String,
    /// A stable code such as `required` or `format`.
    pub code: String,
    /// A message for the patient, in the request's language.
    pub message: String,
}

impl FieldError {
    /// Builds a field error with the standard message for its code.
    pub fn new(field: impl Into<String>, code: FieldCode, lang: Lang) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.as_str().to_owned(),
            message: code.message(lang).to_owned(),
        }
    }
}

/// An RFC 9457 problem details body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A stable URI naming the kind of problem, e.g. `urn:careway:problem:validation`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary in the request's language.
    pub title: String,
    /// The HTTP status code, repeated for clients that lose it.
    pub status: u16,
    /// More about this occurrence, in the request's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per refused field (validation problems only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds to wait before retrying (rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The id under which the server logged this request; quote it to the help desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// An RFC 9457 extension member: the patient's appointment that stands in the way of
    /// this request (a booking refused because of a visit the same day), so the page can
    /// link to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<String>,
}

impl Problem {
    /// A problem of the given kind with its standard title.
    pub fn new(kind: ProblemKind, lang: Lang) -> Problem {
        Problem {
            type_uri: kind.type_uri(),
            title: kind.title(lang).to_owned(),
            status: kind.status(),
            detail: None,
            errors: Vec::new(),
            retry_after: None,
            request_id: None,
            appointment_id: None,
        }
    }

    /// The kind, when the `type` is one this build knows.
    pub fn kind(&self) -> Option<ProblemKind> {
        ProblemKind::from_type_uri(&self.type_uri)
    }

    /// The message of the first error for `field`, for showing beside that input.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_uris_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for kind in ProblemKind::ALL {
            assert!(seen.insert(kind.type_uri()), "duplicate {:?}", kind);
            assert_eq!(ProblemKind::from_type_uri(&kind.type_uri()), Some(kind));
            assert!((400..600).contains(&kind.status()));
            for lang in Lang::ALL {
                assert!(!kind.title(lang).is_empty());
            }
            assert_ne!(kind.title(Lang::ZhCn), kind.title(Lang::En));
        }
        assert_eq!(ProblemKind::from_type_uri("about:blank"), None);
        assert_eq!(ProblemKind::from_type_uri("urn:careway:problem:nope"), None);
    }

    #[test]
    fn field_codes_round_trip_and_have_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for code in FieldCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code:?}");
            assert_eq!(FieldCode::parse(code.as_str()), Some(code));
            assert_ne!(code.message(Lang::ZhCn), code.message(Lang::En));
        }
        assert_eq!(FieldCode::parse("nope"), None);
    }

    #[test]
    fn body_follows_rfc9457_field_names() {
        let mut p = Problem::new(ProblemKind::Validation, Lang::En);
        p.errors
            .push(FieldError::new("phone", FieldCode::Format, Lang::En));
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "urn:careway:problem:validation");
        assert_eq!(json["status"], 422);
        assert_eq!(json["errors"][0]["field"], "phone");
        assert_eq!(json["errors"][0]["code"], "format");
        assert!(json.get("detail").is_none(), "absent members are omitted");
        assert_eq!(
            p.field_message("phone"),
            Some(FieldCode::Format.message(Lang::En))
        );
        assert_eq!(p.field_message("name"), None);
    }

    #[test]
    fn a_foreign_problem_body_still_decodes() {
        let p: Problem =
            serde_json::from_str(r#"{"type":"about:blank","title":"Teapot","status":418}"#)
                .unwrap();
        assert_eq!(p.kind(), None);
        assert!(p.errors.is_empty());
        assert_eq!(p.appointment_id, None);
    }
}
