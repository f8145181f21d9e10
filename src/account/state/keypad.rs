//! Editing a field with the kiosk's on-screen keypad. Kiosks have no keyboard: phone
//! numbers, card numbers, ID numbers and codes are typed on big keys, and this is what
//! each key does to the text. The component is [`crate::account::parts::keypad`].

/// A key of the keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A digit, 0 to 9.
    Digit(u8),
    /// The `X` that ends some resident ID numbers.
    X,
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
}

/// What a field accepts from the keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The most characters the keypad types into the field.
    pub max_len: usize,
    /// Whether the field takes an `X` (resident ID numbers, as their 18th character).
    pub x: bool,
}

impl Layout {
    /// A mainland mobile number: 11 digits.
    pub const PHONE: Layout = Layout {
        max_len: 11,
        x: false,
    };
    /// A one-time code: 6 digits.
    pub const CODE: Layout = Layout {
        max_len: 6,
        x: false,
    };
    /// A medical-card number (up to 20) or an 18-character ID number ending in X.
    pub const CARD: Layout = Layout {
        max_len: 20,
        x: true,
    };
}

/// The text after pressing `key` on a field holding `value`. Keys that do not fit (a
/// digit past the length, an `X` anywhere but the 18th place of an ID number) change
/// nothing, so a mistaken tap cannot spoil what is there.
pub fn press(value: &str, key: Key, layout: Layout) -> String {
    let len = value.chars().count();
    match key {
        Key::Digit(d) if d <= 9 && len < layout.max_len => format!("{value}{d}"),
        Key::X if layout.x && len == 17 && value.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{value}X")
        }
        Key::Backspace => {
            let mut chars = value.chars();
            chars.next_back();
            chars.as_str().to_owned()
        }
        Key::Clear => String::new(),
        Key::Digit(_) | Key::X => value.to_owned(),
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
    fn x_only_ends_an_id_number() {
        let seventeen = "11010519491231002";
        assert_eq!(press(seventeen, Key::X, Layout::CARD), "11010519491231002X");
        assert_eq!(press("1101", Key::X, Layout::CARD), "1101");
        assert_eq!(
            press("MC202600010000000", Key::X, Layout::CARD),
            "MC202600010000000"
        );
        assert_eq!(press(seventeen, Key::X, Layout::PHONE), seventeen);
    }
}
