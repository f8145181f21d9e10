//! What the app's forms share: the message shown next to a field, whether the app found
//! the problem itself (a [`FieldCode`], so the words follow a language switch) or the
//! server sent it (its words, already in the patient's language).

use careway_core::locale::Lang;
use careway_core::problem::{FieldCode, FieldError};

/// Why a field is refused, as shown next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldMessage {
    /// A code this build knows: its message in the current language.
    Code(FieldCode),
    /// The server's own message for a code this build does not know.
    Text(String),
}

impl FieldMessage {
    /// Reads one of the server's field errors.
    pub fn from_error(error: &FieldError) -> FieldMessage {
        match FieldCode::parse(&error.code) {
            Some(code) => FieldMessage::Code(code),
            None => FieldMessage::Text(error.message.clone()),
        }
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            FieldMessage::Code(code) => code.message(lang),
            FieldMessage::Text(text) => text,
        }
    }

    /// The code, when it is one this build knows.
    pub fn code(&self) -> Option<FieldCode> {
        match self {
            FieldMessage::Code(code) => Some(*code),
            FieldMessage::Text(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_follow_the_language_and_unknown_ones_keep_the_servers_words() {
        let known =
            FieldMessage::from_error(&FieldError::new("phone", FieldCode::Mobile, Lang::ZhCn));
        assert_eq!(known, FieldMessage::Code(FieldCode::Mobile));
        assert_eq!(known.text(Lang::En), FieldCode::Mobile.message(Lang::En));
        let unknown = FieldMessage::from_error(&FieldError {
            field: "phone".into(),
            code: "blocked".into(),
            message: "此号码暂不可用".into(),
        });
        assert_eq!(unknown.text(Lang::En), "此号码暂不可用");
        assert_eq!(unknown.code(), None);
    }
}
