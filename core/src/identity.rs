//! Identity data a patient types: mainland mobile numbers and resident ID numbers
//! (GB 11643-1999), checked the same way in the app (as the patient types) and on the
//! server (where it counts), and masked the same way wherever they are shown.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date without a time zone (a birth date, a visit day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Four-digit year.
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// 1..=31, valid for the month.
    pub day: u8,
}

impl CivilDate {
    /// A date, if it exists in the Gregorian calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<CivilDate> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(CivilDate { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        CivilDate::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// The day of the week, 0 = Monday … 6 = Sunday (Sakamoto's method).
    pub fn weekday(self) -> u8 {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.month < 3 {
            self.year - 1
        } else {
            self.year
        };
        let sunday_first =
            (y + y / 4 - y / 100 + y / 400 + T[usize::from(self.month) - 1] + i32::from(self.day))
                % 7;
        ((sunday_first + 6) % 7) as u8
    }

    /// The next day.
    pub fn next_day(self) -> CivilDate {
        CivilDate::new(self.year, self.month, self.day + 1)
            .or_else(|| CivilDate::new(self.year, self.month + 1, 1))
            .unwrap_or(CivilDate {
                year: self.year + 1,
                month: 1,
                day: 1,
            })
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn age_on(self, on: CivilDate) -> i32 {
        let mut age = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for CivilDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CivilDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // `format_args!`, not `format!`: a reader that drops messages (the app's) never
        // formats this one.
        CivilDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format_args!("{s:?} is not a date (YYYY-MM-DD)"))
        })
    }
}

/// Sex as recorded on the resident ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// Why a mobile number or an ID number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityError {
    /// Not 11 digits starting 13–19.
    MobileFormat,
    /// Not 17 digits and a check character.
    IdFormat,
    /// The check character does not match (a typo).
    IdChecksum,
    /// The region or birth date inside the number cannot be right.
    IdContent,
}

/// Normalises a mainland mobile number: spaces, dashes and a `+86`/`86` prefix are
/// dropped; the result must be 11 digits starting 1[3-9].
pub fn normalize_mobile(input: &str) -> Result<String, IdentityError> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .or_else(|| {
            (digits.len() == 13)
                .then(|| digits.strip_prefix("86"))
                .flatten()
        })
        .unwrap_or(&digits);
    let b = digits.as_bytes();
    if b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
    {
        Ok(digits.to_owned())
    } else {
        Err(IdentityError::MobileFormat)
    }
}

/// `13812345678` → `138****5678`.
pub fn mask_mobile(mobile: &str) -> String {
    mask(mobile, 3, 4)
}

/// `110101199003071234` → `110***********1234`.
pub fn mask_id_number(id: &str) -> String {
    mask(id, 3, 4)
}

/// `王小明` → `王**`: a name as an SMS about the account may show it to whoever reads the
/// phone's lock screen.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

fn mask(s: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..keep_start].iter().collect();
    out.extend(std::iter::repeat_n(
        '*',
        chars.len() - keep_start - keep_end,
    ));
    out.extend(&chars[chars.len() - keep_end..]);
    out
}

/// A resident ID number that passed its checksum, with what it encodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentId {
    /// The 18 characters, with a lowercase `x` check character made uppercase.
    pub number: String,
    /// The birth date encoded in characters 7–14.
    pub birth_date: CivilDate,
    /// The sex encoded by the parity of character 17.
    pub sex: Sex,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";
/// The first two digits of the region code: provinces, autonomous regions,
/// municipalities, Taiwan, Hong Kong and Macau.
const PROVINCES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

impl ResidentId {
    /// Checks an 18-character resident ID number (GB 11643-1999): format, checksum,
    /// region and a birth date no later than `today`.
    pub fn parse(input: &str, today: CivilDate) -> Result<ResidentId, IdentityError> {
        let number = input.trim().to_ascii_uppercase();
        let b = number.as_bytes();
        if b.len() != 18
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Err(IdentityError::IdFormat);
        }
        let sum: u32 = b[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        if CHECK[(sum % 11) as usize] != b[17] {
            return Err(IdentityError::IdChecksum);
        }
        let province = (b[0] - b'0') * 10 + (b[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(IdentityError::IdContent);
        }
        let birth_date = CivilDate::parse(&format!(
            "{}-{}-{}",
            &number[6..10],
            &number[10..12],
            &number[12..14]
        ))
        .filter(|d| d.year >= 1890 && *d <= today)
        .ok_or(IdentityError::IdContent)?;
        let sex = if (b[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        };
        Ok(ResidentId {
            number,
            birth_date,
            sex,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CivilDate = CivilDate {
        year: 2026,
        month: 11,
        day: 23,
    };

    /// Appends the GB 11643 check character, so tests can make valid numbers.
    fn with_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        format!("{first17}{}", CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn dates_exist_or_not() {
        assert!(CivilDate::parse("2024-02-29").is_some());
        assert!(CivilDate::parse("2023-02-29").is_none());
        assert!(CivilDate::parse("1900-02-29").is_none());
        assert!(CivilDate::parse("2000-02-29").is_some());
        assert!(CivilDate::parse("2026-13-01").is_none());
        assert!(CivilDate::parse("2026-1-01").is_none());
        assert!(CivilDate::parse("+026-01-01").is_none());
        assert_eq!(CivilDate::parse("2026-11-23"), Some(TODAY));
        assert_eq!(TODAY.to_string(), "2026-11-23");
    }

    #[test]
    fn weekdays_and_next_days() {
        assert_eq!(TODAY.weekday(), 0, "2026-11-23 is a Monday");
        assert_eq!(CivilDate::new(2024, 2, 29).unwrap().weekday(), 3);
        assert_eq!(CivilDate::new(2000, 1, 1).unwrap().weekday(), 5);
        assert_eq!(
            CivilDate::new(2024, 2, 28).unwrap().next_day().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            CivilDate::new(2026, 12, 31).unwrap().next_day().to_string(),
            "2027-01-01"
        );
        assert_eq!(
            CivilDate::new(2026, 11, 30).unwrap().next_day().to_string(),
            "2026-12-01"
        );
    }

    #[test]
    fn ages_count_whole_years() {
        let born = CivilDate::new(2016, 11, 24).unwrap();
        assert_eq!(born.age_on(TODAY), 9);
        assert_eq!(CivilDate::new(2016, 11, 23).unwrap().age_on(TODAY), 10);
    }

    #[test]
    fn mobiles_are_normalised_or_refused() {
        assert_eq!(normalize_mobile("13812345678").unwrap(), "13812345678");
        assert_eq!(normalize_mobile("138 1234 5678").unwrap(), "13812345678");
        assert_eq!(
            normalize_mobile("+86 138-1234-5678").unwrap(),
            "13812345678"
        );
        assert_eq!(normalize_mobile("8613812345678").unwrap(), "13812345678");
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "12812345678",
            "23812345678",
            "1381234567x",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(
                normalize_mobile(bad),
                Err(IdentityError::MobileFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(mask_name(" 王小明 "), "王**");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_id_number("11010119900307123X"), "110***********123X");
        assert_eq!(mask_id_number("12"), "**");
    }

    #[test]
    fn the_published_example_id_passes() {
        // The worked example of GB 11643-1999.
        let id = ResidentId::parse("11010519491231002X", TODAY).unwrap();
        assert_eq!(id.birth_date, CivilDate::new(1949, 12, 31).unwrap());
        assert_eq!(id.sex, Sex::Female);
        let id = ResidentId::parse("11010519491231002x", TODAY).unwrap();
        assert_eq!(id.number, "11010519491231002X");
    }

    #[test]
    fn sex_follows_the_seventeenth_digit() {
        let id = ResidentId::parse(&with_check("44010620150601001"), TODAY).unwrap();
        assert_eq!(id.sex, Sex::Male);
        assert_eq!(id.birth_date.to_string(), "2015-06-01");
    }

    #[test]
    fn typos_and_nonsense_are_refused() {
        let good = with_check("44010620150601001");
        let mut typo = good.clone().into_bytes();
        typo[5] = if typo[5] == b'9' { b'8' } else { typo[5] + 1 };
        assert_eq!(
            ResidentId::parse(std::str::from_utf8(&typo).unwrap(), TODAY),
            Err(IdentityError::IdChecksum)
        );
        assert_eq!(
            ResidentId::parse("4401062015060100", TODAY),
            Err(IdentityError::IdFormat)
        );
        assert_eq!(
            ResidentId::parse("44010620150601001Y", TODAY),
            Err(IdentityError::IdFormat)
        );
        assert_eq!(ResidentId::parse("", TODAY), Err(IdentityError::IdFormat));
        // A birth date that does not exist, one in the future, a region that does not.
        assert_eq!(
            ResidentId::parse(&with_check("44010620150231001"), TODAY),
            Err(IdentityError::IdContent)
        );
        assert_eq!(
            ResidentId::parse(&with_check("44010620271201001"), TODAY),
            Err(IdentityError::IdContent)
        );
        assert_eq!(
            ResidentId::parse(&with_check("99010620150601001"), TODAY),
            Err(IdentityError::IdContent)
        );
    }
}
