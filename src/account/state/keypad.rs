//! Editing a field with the kiosk's on-screen keypad. Kiosks have no keyboard: phone
//! numbers, card numbers, ID numbers and codes are typed on big keys, and this is what
//! each key does to the text. Phone numbers and codes take digits only; a card number
//! takes letters too (`MC20260001`, an ID number's final `X`), so its keypad is a compact
//! keyboard. The component is [`crate::account::parts::keypad`].

/// A key of the keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A digit, 0 to 9.
    Digit(u8),
    /// A capital letter, `A` to `Z` (medical-card prefixes, the `X` of ID numbers).
    Letter(char),
    /// Removes the last character.
    Backspace,
    /// Empties the field.
    Clear,
}

impl Key {
    /// The digits in keypad order (1–9, then 0).
    pub const DIGITS: [Key; 10] = [
        Key::Digit(1),
        Key::Digit(2),
        Key::Digit(3),
        Key::Digit(4),
        Key::Digit(5),
        Key::Digit(6),
        Key::Digit(7),
        Key::Digit(8),
        Key::Digit(9),
        Key::Digit(0),
    ];

    /// The letters in rows of a QWERTY keyboard, the layout patients know from pinyin
    /// typing on their phones.
    pub const LETTER_ROWS: [&'static str; 3] = ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"];

    /// What the key types, if it types anything.
    pub fn char(self) -> Option<char> {
        match self {
            Key::Digit(d) if d <= 9 => char::from_digit(u32::from(d), 10),
            Key::Letter(c) if c.is_ascii_uppercase() => Some(c),
            _ => None,
        }
    }
}

/// What a field accepts from the keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The most characters the keypad types into the field.
    pub max_len: usize,
    /// Whether the field takes letters as well as digits (card and ID numbers).
    pub letters: bool,
}

impl Layout {
    /// A mainland mobile number: 11 digits.
    pub const PHONE: Layout = Layout {
        max_len: 11,
        letters: false,
    };
    /// A one-time code: 6 digits.
    pub const CODE: Layout = Layout {
        max_len: 6,
        letters: false,
    };
    /// A medical-card number (up to 20 letters and digits) or an 18-character ID number
    /// (which may end in X).
    pub const CARD: Layout = Layout {
        max_len: 20,
        letters: true,
    };
}

/// The text after pressing `key` on a field holding `value`. Keys that do not fit (a
/// character past the length, a letter in a digits-only field) change nothing, so a
/// mistaken tap cannot spoil what is there.
pub fn press(value: &str, key: Key, layout: Layout) -> String {
    let len = value.chars().count();
    match key {
        Key::Backspace => {
            let mut chars = value.chars();
            chars.next_back();
            chars.as_str().to_owned()
        }
        Key::Clear => String::new(),
        Key::Digit(_) | Key::Letter(_) => match key.char() {
            Some(c) if len < layout.max_len && (c.is_ascii_digit() || layout.letters) => {
                format!("{value}{c}")
            }
            _ => value.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Key], layout: Layout) -> String {
        keys.iter()
            .fold(String::new(), |value, &key| press(&value, key, layout))
    }

    #[test]
    fn digits_append_up_to_the_length() {
        let eleven: Vec<Key> = "138001380009"
            .bytes()
            .map(|b| Key::Digit(b - b'0'))
            .collect();
        assert_eq!(typed(&eleven, Layout::PHONE), "13800138000");
        assert_eq!(typed(&eleven, Layout::CODE), "138001");
        assert_eq!(
            press("12", Key::Digit(10), Layout::CODE),
            "12",
            "no such key"
        );
    }

    #[test]
    fn backspace_and_clear_edit_what_is_there() {
        assert_eq!(press("138", Key::Backspace, Layout::PHONE), "13");
        assert_eq!(press("", Key::Backspace, Layout::PHONE), "");
        assert_eq!(press("MC王", Key::Backspace, Layout::CARD), "MC");
        assert_eq!(press("13800", Key::Clear, Layout::PHONE), "");
    }

    #[test]
    fn a_card_number_takes_letters_and_digits() {
        let card: Vec<Key> = "MC20260001"
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => Key::Digit(d as u8),
                None => Key::Letter(c),
            })
            .collect();
        assert_eq!(typed(&card, Layout::CARD), "MC20260001");
        let seventeen = "11010519491231002";
        assert_eq!(
            press(seventeen, Key::Letter('X'), Layout::CARD),
            "11010519491231002X"
        );
        let twenty = "MC202600010000000000";
        assert_eq!(press(twenty, Key::Letter('A'), Layout::CARD), twenty);
    }

    #[test]
    fn digits_only_fields_refuse_letters() {
        assert_eq!(press("138", Key::Letter('X'), Layout::PHONE), "138");
        assert_eq!(press("12", Key::Letter('A'), Layout::CODE), "12");
        assert_eq!(
            press("MC", Key::Letter('a'), Layout::CARD),
            "MC",
            "no such key"
        );
    }

    #[test]
    fn the_keyboard_has_every_letter_once() {
        let mut letters: Vec<char> = Key::LETTER_ROWS.concat().chars().collect();
        letters.sort_unstable();
        assert_eq!(letters, ('A'..='Z').collect::<Vec<_>>());
    }
}
