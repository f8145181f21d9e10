//! The hospital's content as data files: who the hospital is, its booking rules and
//! departments (`hospital.toml`), its doctors and their weekly clinics (`doctors.toml`),
//! and the symptom triage knowledge (`triage.toml`, built in unless the hospital has its
//! own).
//!
//! The server loads the files at start, checks them, and refuses to start with an error
//! that names the file, the line and the field, so an IT engineer editing a file finds the
//! mistake at once. With no configured folder the embedded demo hospital is used.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use careway_core::api::booking::{DoctorTitle, Period, VisitType};
use careway_core::api::LocalText;
use careway_core::triage::Knowledge;
use serde::Deserialize;
use toml::Spanned;

/// The file that describes the hospital, its booking rules and departments.
pub const HOSPITAL_FILE: &str = "hospital.toml";
/// The file that lists the doctors and their weekly clinics.
pub const DOCTORS_FILE: &str = "doctors.toml";
/// The hospital's own triage knowledge, if it has one.
pub const TRIAGE_FILE: &str = "triage.toml";

/// Everything loaded from the hospital's content files, checked.
#[derive(Clone, Debug)]
pub struct Content {
    /// Name, address and phone numbers.
    pub hospital: HospitalInfo,
    /// How booking works here.
    pub booking: BookingRules,
    /// Departments in display order.
    pub departments: Vec<Department>,
    /// Doctors in display order.
    pub doctors: Vec<Doctor>,
    /// What symptoms point to which department, and which are emergencies.
    pub triage: Knowledge,
}

/// Who the hospital is.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalInfo {
    /// Full name in both languages.
    pub name: LocalText,
    /// Short name for narrow places; the full name when absent.
    #[serde(default)]
    pub short_name: Option<LocalText>,
    /// Street address in both languages.
    pub address: LocalText,
    /// Switchboard number, shown wherever the app cannot help.
    pub phone: String,
    /// Emergency number, shown with red-flag advice.
    #[serde(default = "default_emergency_phone")]
    pub emergency_phone: String,
}

impl HospitalInfo {
    /// The short name where there is one, else the full name.
    pub fn short_name_or_name(&self) -> &LocalText {
        self.short_name.as_ref().unwrap_or(&self.name)
    }
}

fn default_emergency_phone() -> String {
    "120".to_owned()
}

/// How booking works at this hospital.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingRules {
    /// How many days ahead a date's clinics are released.
    #[serde(default = "default_release_days")]
    pub release_days_ahead: u32,
    /// The local time of day at which they are released (`HH:MM`).
    #[serde(default = "default_release_time")]
    pub release_time: String,
    /// Booking closes this many minutes before a window starts.
    #[serde(default = "default_book_cutoff")]
    pub book_cutoff_minutes: u32,
    /// Cancelling or moving closes this many minutes before a window starts.
    #[serde(default = "default_cancel_cutoff")]
    pub cancel_cutoff_minutes: u32,
    /// Upcoming bookings one account may hold at once.
    #[serde(default = "default_max_active")]
    pub max_active_per_account: u32,
    /// No-shows in 90 days after which a patient cannot book online.
    #[serde(default = "default_max_noshows")]
    pub max_noshows_90_days: u32,
    /// Length of one time window in minutes.
    #[serde(default = "default_window")]
    pub window_minutes: u32,
    /// Local start and end (`HH:MM`) of each period.
    #[serde(default = "default_periods")]
    pub periods: PeriodTimes,
    /// Registration fee per visit type, in fen.
    #[serde(default = "default_fees")]
    pub fees: Fees,
    /// What every patient should know before a visit.
    #[serde(default)]
    pub instructions: Vec<LocalText>,
}

/// Local start and end of each period of the day.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodTimes {
    /// `["08:00", "12:00"]`.
    pub morning: [String; 2],
    /// `["13:30", "17:00"]`.
    pub afternoon: [String; 2],
    /// `["18:00", "20:00"]`.
    pub evening: [String; 2],
}

impl PeriodTimes {
    /// Start and end of `period`, as minutes after midnight.
    pub fn minutes(&self, period: Period) -> (u32, u32) {
        let [start, end] = match period {
            Period::Morning => &self.morning,
            Period::Afternoon => &self.afternoon,
            Period::Evening => &self.evening,
        };
        (parse_hhmm(start).unwrap_or(0), parse_hhmm(end).unwrap_or(0))
    }
}

/// Fees in fen per visit type.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    /// 普通门诊.
    pub regular: u32,
    /// 专科门诊.
    pub specialist: u32,
    /// 专家门诊.
    pub expert: u32,
}

impl Fees {
    /// The fee for a visit type.
    pub fn of(&self, visit: VisitType) -> u32 {
        match visit {
            VisitType::Regular => self.regular,
            VisitType::Specialist => self.specialist,
            VisitType::Expert => self.expert,
        }
    }
}

fn default_release_days() -> u32 {
    14
}
fn default_release_time() -> String {
    "07:00".to_owned()
}
fn default_book_cutoff() -> u32 {
    30
}
fn default_cancel_cutoff() -> u32 {
    120
}
fn default_max_active() -> u32 {
    6
}
fn default_max_noshows() -> u32 {
    3
}
fn default_window() -> u32 {
    30
}
fn default_periods() -> PeriodTimes {
    PeriodTimes {
        morning: ["08:00".into(), "12:00".into()],
        afternoon: ["13:30".into(), "17:00".into()],
        evening: ["18:00".into(), "20:00".into()],
    }
}
fn default_fees() -> Fees {
    Fees {
        regular: 1000,
        specialist: 2500,
        expert: 5000,
    }
}

impl Default for BookingRules {
    fn default() -> Self {
        BookingRules {
            release_days_ahead: default_release_days(),
            release_time: default_release_time(),
            book_cutoff_minutes: default_book_cutoff(),
            cancel_cutoff_minutes: default_cancel_cutoff(),
            max_active_per_account: default_max_active(),
            max_noshows_90_days: default_max_noshows(),
            window_minutes: default_window(),
            periods: default_periods(),
            fees: default_fees(),
            instructions: Vec::new(),
        }
    }
}

/// Reads `HH:MM` as minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && s.len() == 5).then_some(h * 60 + m)
}

/// One clinical department.
#[derive(Clone, Debug)]
pub struct Department {
    /// Stable id chosen by the hospital (`neurology`), used in URLs and references.
    pub id: String,
    /// Name in both languages.
    pub name: LocalText,
    /// One-line description in both languages.
    pub description: LocalText,
    /// The place id in the venue where the department receives patients.
    pub location: String,
    /// Where that is, in words.
    pub location_label: LocalText,
    /// Pinyin initials of the Chinese name (`sjnk` for 神经内科), for search.
    pub pinyin: String,
    /// Whether patients can book it online.
    pub bookable: bool,
    /// What to do before a visit here (fasting, what to bring).
    pub instructions: Vec<LocalText>,
}

/// One doctor and their weekly clinics.
#[derive(Clone, Debug)]
pub struct Doctor {
    /// Stable id.
    pub id: String,
    /// The department they see patients for.
    pub department: String,
    /// Name.
    pub name: LocalText,
    /// Professional title.
    pub title: DoctorTitle,
    /// Specialties, one line.
    pub specialties: LocalText,
    /// Short biography.
    pub bio: LocalText,
    /// The weekly clinics.
    pub clinics: Vec<WeeklyClinic>,
}

/// A clinic a doctor holds every week.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyClinic {
    /// Days of the week, `mon` … `sun`.
    pub weekdays: Vec<Weekday>,
    /// Morning, afternoon or evening.
    pub period: Period,
    /// Regular, specialist or expert.
    pub visit_type: VisitType,
    /// Places per time window.
    pub capacity: u32,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// The same day in jiff's terms.
    pub fn to_jiff(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as W;
        match self {
            Weekday::Mon => W::Monday,
            Weekday::Tue => W::Tuesday,
            Weekday::Wed => W::Wednesday,
            Weekday::Thu => W::Thursday,
            Weekday::Fri => W::Friday,
            Weekday::Sat => W::Saturday,
            Weekday::Sun => W::Sunday,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HospitalFile {
    hospital: HospitalInfo,
    #[serde(default)]
    booking: BookingRules,
    #[serde(default)]
    departments: Vec<DepartmentEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentEntry {
    id: Spanned<String>,
    name: Spanned<LocalText>,
    #[serde(default)]
    description: LocalText,
    location: String,
    #[serde(default)]
    location_label: LocalText,
    #[serde(default)]
    pinyin: String,
    #[serde(default = "yes")]
    bookable: bool,
    #[serde(default)]
    instructions: Vec<LocalText>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoctorsFile {
    #[serde(default)]
    doctors: Vec<DoctorEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoctorEntry {
    id: Spanned<String>,
    department: Spanned<String>,
    name: LocalText,
    title: DoctorTitle,
    #[serde(default)]
    specialties: LocalText,
    #[serde(default)]
    bio: LocalText,
    #[serde(default)]
    clinics: Vec<Spanned<WeeklyClinic>>,
}

/// The demo hospital's content, compiled into the binary.
pub fn demo() -> Content {
    parse(
        Source::new("demo/hospital.toml", include_str!("../demo/hospital.toml")),
        Some(Source::new(
            "demo/doctors.toml",
            include_str!("../demo/doctors.toml"),
        )),
        None,
    )
    .expect("the embedded demo hospital is valid (checked by a unit test)")
}

/// Loads the content files from `dir`; `doctors.toml` and `triage.toml` are optional.
pub fn load_dir(dir: &Path) -> anyhow::Result<Content> {
    let read = |name: &str| -> anyhow::Result<Option<(String, String)>> {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some((path.display().to_string(), text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && name != HOSPITAL_FILE => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    };
    let hospital = read(HOSPITAL_FILE)?.expect("hospital.toml is required");
    let doctors = read(DOCTORS_FILE)?;
    let triage = read(TRIAGE_FILE)?;
    parse(
        Source::new(&hospital.0, &hospital.1),
        doctors.as_ref().map(|(f, t)| Source::new(f, t)),
        triage.as_ref().map(|(f, t)| Source::new(f, t)),
    )
}

/// One content file: its name (for errors) and its text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl<'a> Source<'a> {
    /// A file's name and text.
    pub fn new(file: &'a str, text: &'a str) -> Source<'a> {
        Source { file, text }
    }

    fn toml<T: serde::de::DeserializeOwned>(&self) -> anyhow::Result<T> {
        toml::from_str(self.text).map_err(|e| {
            let at = e
                .span()
                .map(|s| format!(", line {}", line_of(self.text, s.start)))
                .unwrap_or_default();
            anyhow::anyhow!("{}{at}: {}", self.file, e.message())
        })
    }

    fn error(&self, offset: usize, field: String, problem: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "{}, line {}: {field}: {problem}",
            self.file,
            line_of(self.text, offset)
        )
    }
}

/// Parses and checks the hospital's files.
pub fn parse(
    hospital_file: Source<'_>,
    doctors_file: Option<Source<'_>>,
    triage_file: Option<Source<'_>>,
) -> anyhow::Result<Content> {
    let src = hospital_file;
    let raw: HospitalFile = src.toml()?;
    let file = src.file;

    let hospital = raw.hospital;
    if hospital.name.zh.trim().is_empty() {
        bail!("{file}: hospital.name.zh: must not be empty");
    }
    if !is_phone_number(&hospital.phone) {
        bail!(
            "{file}: hospital.phone: {:?} is not a phone number",
            hospital.phone
        );
    }
    let booking = raw.booking;
    check_booking(file, &booking)?;

    let mut seen = HashSet::new();
    let mut departments = Vec::with_capacity(raw.departments.len());
    for (i, d) in raw.departments.into_iter().enumerate() {
        let id_at = d.id.span().start;
        let id = d.id.into_inner();
        if !is_id(&id) {
            return Err(src.error(
                id_at,
                format!("departments[{i}].id"),
                "use lowercase letters, digits and '-'",
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(src.error(
                id_at,
                format!("departments[{i}].id"),
                &format!("{id:?} is used twice"),
            ));
        }
        let name_at = d.name.span().start;
        let name = d.name.into_inner();
        if name.zh.trim().is_empty() || name.en.trim().is_empty() {
            return Err(src.error(
                name_at,
                format!("departments[{i}].name"),
                "needs both zh and en",
            ));
        }
        departments.push(Department {
            id,
            name,
            description: d.description,
            location: d.location,
            location_label: d.location_label,
            pinyin: d.pinyin.to_ascii_lowercase(),
            bookable: d.bookable,
            instructions: d.instructions,
        });
    }

    let mut doctors = Vec::new();
    if let Some(src) = doctors_file {
        let raw: DoctorsFile = src.toml()?;
        let mut seen = HashSet::new();
        for (i, d) in raw.doctors.into_iter().enumerate() {
            let id_at = d.id.span().start;
            let id = d.id.into_inner();
            if !is_id(&id) || !seen.insert(id.clone()) {
                return Err(src.error(
                    id_at,
                    format!("doctors[{i}].id"),
                    &format!("{id:?} is not a new id of lowercase letters, digits and '-'"),
                ));
            }
            let dept_at = d.department.span().start;
            let department = d.department.into_inner();
            if !departments.iter().any(|x| x.id == department && x.bookable) {
                return Err(src.error(
                    dept_at,
                    format!("doctors[{i}].department"),
                    &format!("{department:?} is not a bookable department of {HOSPITAL_FILE}"),
                ));
            }
            let mut clinics = Vec::new();
            for (j, c) in d.clinics.into_iter().enumerate() {
                let at = c.span().start;
                let c = c.into_inner();
                if c.capacity == 0 || c.capacity > 100 || c.weekdays.is_empty() {
                    return Err(src.error(
                        at,
                        format!("doctors[{i}].clinics[{j}]"),
                        "needs weekdays and a capacity of 1..=100",
                    ));
                }
                clinics.push(c);
            }
            doctors.push(Doctor {
                id,
                department,
                name: d.name,
                title: d.title,
                specialties: d.specialties,
                bio: d.bio,
                clinics,
            });
        }
    }

    // The built-in knowledge is checked by core's tests; recommendations of departments a
    // hospital does not have are dropped when serving. A hospital's own file must name only
    // its own departments: anything else is a typo.
    let triage: Knowledge = match triage_file {
        Some(src) => {
            let knowledge: Knowledge = src.toml()?;
            let ids: Vec<&str> = departments.iter().map(|d| d.id.as_str()).collect();
            if let Err(problem) = knowledge.check(&ids) {
                bail!("{}: {problem}", src.file);
            }
            knowledge
        }
        None => toml::from_str(careway_core::triage::DEFAULT_KNOWLEDGE)
            .context("the built-in triage knowledge does not parse")?,
    };

    Ok(Content {
        hospital,
        booking,
        departments,
        doctors,
        triage,
    })
}

fn check_booking(file: &str, b: &BookingRules) -> anyhow::Result<()> {
    if parse_hhmm(&b.release_time).is_none() {
        bail!(
            "{file}: booking.release_time: {:?} is not HH:MM",
            b.release_time
        );
    }
    for period in Period::ALL {
        let [start, end] = match period {
            Period::Morning => &b.periods.morning,
            Period::Afternoon => &b.periods.afternoon,
            Period::Evening => &b.periods.evening,
        };
        match (parse_hhmm(start), parse_hhmm(end)) {
            (Some(s), Some(e)) if s < e => {}
            _ => bail!(
                "{file}: booking.periods.{}: needs [\"HH:MM\", \"HH:MM\"] with start before end",
                period.as_str()
            ),
        }
    }
    if !(5..=240).contains(&b.window_minutes) {
        bail!("{file}: booking.window_minutes: must be 5..=240");
    }
    if !(1..=60).contains(&b.release_days_ahead) {
        bail!("{file}: booking.release_days_ahead: must be 1..=60");
    }
    Ok(())
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_phone_number(s: &str) -> bool {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    (3..=15).contains(&digits)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b" -+()".contains(&b))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
[hospital]
name = { zh = "测试医院", en = "Test Hospital" }
address = { zh = "测试路1号", en = "1 Test Road" }
phone = "020-1234 5678"
"#;

    fn hospital(text: &str) -> anyhow::Result<Content> {
        parse(Source::new("h.toml", text), None, None)
    }

    #[test]
    fn the_demo_hospital_is_valid_and_large_enough() {
        let demo = demo();
        assert!(demo.departments.len() >= 15);
        assert!(demo.doctors.len() >= 50);
        assert!(!demo.hospital.name.en.is_empty());
        assert!(
            demo.departments.iter().any(|d| !d.bookable),
            "the emergency department"
        );
    }

    #[test]
    fn a_minimal_file_loads_with_default_rules() {
        let c = hospital(HEAD).unwrap();
        assert_eq!(c.hospital.emergency_phone, "120");
        assert_eq!(c.booking.release_days_ahead, 14);
        assert_eq!(c.booking.periods.minutes(Period::Afternoon), (810, 1020));
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let text = format!(
            "{HEAD}\n[[departments]]\nid = \"a\"\nname = {{ zh = \"甲\", en = \"A\" }}\nlocation = \"x\"\n\n[[departments]]\nid = \"a\"\nname = {{ zh = \"乙\", en = \"B\" }}\nlocation = \"y\"\n"
        );
        let err = hospital(&text).unwrap_err().to_string();
        assert!(
            err.starts_with("h.toml, line 13: departments[1].id"),
            "{err}"
        );

        let text = format!("{HEAD}\n[[departments]]\nid = \"Bad Id\"\nname = {{ zh = \"甲\", en = \"A\" }}\nlocation = \"x\"\n");
        let err = hospital(&text).unwrap_err().to_string();
        assert!(err.contains("line 8: departments[0].id"), "{err}");

        let text = format!(
            "{HEAD}\n[[departments]]\nid = \"a\"\nname = {{ zh = \"甲\" }}\nlocation = \"x\"\n"
        );
        let err = hospital(&text).unwrap_err().to_string();
        assert!(err.contains("line 9") && err.contains("en"), "{err}");

        let err = hospital("[hospital]\nname = 3\n").unwrap_err().to_string();
        assert!(err.starts_with("h.toml, line 2"), "{err}");

        let err = hospital(&HEAD.replace("020-1234 5678", "call us")).unwrap_err();
        assert!(err.to_string().contains("hospital.phone"), "{err}");

        let err = hospital(&format!("{HEAD}\n[booking]\nrelease_time = \"7am\"\n")).unwrap_err();
        assert!(err.to_string().contains("booking.release_time"), "{err}");
    }

    #[test]
    fn doctors_must_name_a_bookable_department() {
        let doctors = "[[doctors]]\nid = \"d1\"\ndepartment = \"nowhere\"\nname = { zh = \"张三\", en = \"Zhang San\" }\ntitle = \"chief\"\n";
        let err = parse(
            Source::new("demo/hospital.toml", include_str!("../demo/hospital.toml")),
            Some(Source::new("d.toml", doctors)),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("d.toml, line 3: doctors[0].department"),
            "{err}"
        );

        let doctors = "[[doctors]]\nid = \"d1\"\ndepartment = \"neurology\"\nname = { zh = \"张三\", en = \"Zhang San\" }\ntitle = \"chief\"\n[[doctors.clinics]]\nweekdays = [\"mon\"]\nperiod = \"morning\"\nvisit_type = \"expert\"\ncapacity = 0\n";
        let err = parse(
            Source::new("demo/hospital.toml", include_str!("../demo/hospital.toml")),
            Some(Source::new("d.toml", doctors)),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("doctors[0].clinics[0]"), "{err}");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = hospital(&format!("{HEAD}\nbeds = 3\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("beds"), "{err}");
    }

    #[test]
    fn times_of_day_parse_strictly() {
        assert_eq!(parse_hhmm("07:00"), Some(420));
        assert_eq!(parse_hhmm("23:59"), Some(1439));
        for bad in ["7:00", "24:00", "12:60", "ab:cd", ""] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }
}
