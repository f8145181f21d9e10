//! The hospital's content as data files: who the hospital is, its booking rules and
//! departments (`hospital.toml`), its doctors and their weekly clinics (`doctors.toml`),
//! and the symptom triage knowledge (`triage.toml`, built in unless the hospital has its
//! own).
//!
//! The server loads the files at start, checks them, and refuses to start with an error
//! that names the file, the line and the field, so an IT engineer editing a file finds the
//! mistake at once. With no configured folder the embedded demo hospital is used.

pub mod education;
pub mod queue;
pub mod surveys;
pub mod venue;

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use careway_core::api::booking::{Department, Doctor, DoctorTitle, Period, VisitType};
use careway_core::api::LocalText;
use careway_core::booking::rules::parse_hhmm;
use careway_core::booking::BookingRules;
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
    pub booking: BookingSettings,
    /// Departments in display order, each with its own pre-visit notes only (the
    /// hospital's general ones are in [`BookingSettings::instructions`]).
    pub departments: Vec<Department>,
    /// Doctors in display order, with their weekly clinics.
    pub doctors: Vec<DoctorClinics>,
    /// What symptoms point to which department, and which are emergencies.
    pub triage: Knowledge,
    /// The building, published for the app's navigation, when the hospital has one.
    pub venue: Option<std::sync::Arc<venue::PublishedVenue>>,
    /// How the live queue works here.
    pub queue: queue::QueueSettings,
    /// The questionnaires the hospital sends.
    pub surveys: surveys::Surveys,
    /// The health education articles sent after visits.
    pub education: education::Education,
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

/// How booking works at this hospital: the rules (in core, where the app and the store
/// decide with them) and what the server alone needs to lay out the slot pool.
#[derive(Clone, Debug)]
pub struct BookingSettings {
    /// The booking rules: cut-offs, limits, arrival lead time.
    pub rules: BookingRules,
    /// How many days ahead a date's clinics are released.
    pub release_days_ahead: u32,
    /// The local time of day at which they are released, as minutes after midnight.
    pub release_minute: u32,
    /// Length of one time window in minutes.
    pub window_minutes: u32,
    /// Local start and end (`HH:MM`) of each period.
    pub periods: PeriodTimes,
    /// Registration fee per visit type, in fen.
    pub fees: Fees,
    /// What every patient should know before a visit. When to arrive is not among them:
    /// it follows from the window and [`BookingRules::arrive_before_minutes`].
    pub instructions: Vec<LocalText>,
}

/// The `[booking]` table as written in `hospital.toml`. Every key is optional; the rules'
/// defaults come from [`BookingRules::default`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookingEntry {
    release_days_ahead: Option<u32>,
    release_time: Option<String>,
    book_cutoff_minutes: Option<u32>,
    cancel_cutoff_minutes: Option<u32>,
    max_active_per_account: Option<u32>,
    max_noshows_90_days: Option<u32>,
    arrive_before_minutes: Option<u32>,
    window_minutes: Option<u32>,
    periods: Option<PeriodTimes>,
    fees: Option<Fees>,
    #[serde(default)]
    instructions: Vec<LocalText>,
}

impl BookingEntry {
    /// The settings, checked; the error names the field (the caller adds the file).
    fn into_settings(self) -> Result<BookingSettings, String> {
        let d = BookingRules::default();
        let rules = BookingRules {
            book_cutoff_minutes: self.book_cutoff_minutes.unwrap_or(d.book_cutoff_minutes),
            cancel_cutoff_minutes: self
                .cancel_cutoff_minutes
                .unwrap_or(d.cancel_cutoff_minutes),
            max_active_per_account: self
                .max_active_per_account
                .unwrap_or(d.max_active_per_account),
            max_noshows_90_days: self.max_noshows_90_days.unwrap_or(d.max_noshows_90_days),
            arrive_before_minutes: self
                .arrive_before_minutes
                .unwrap_or(d.arrive_before_minutes),
        };
        let release_time = self.release_time.unwrap_or_else(|| "07:00".to_owned());
        let release_minute = parse_hhmm(&release_time)
            .ok_or_else(|| format!("booking.release_time: {release_time:?} is not HH:MM"))?;
        let periods = self.periods.unwrap_or_else(|| PeriodTimes {
            morning: ["08:00".into(), "12:00".into()],
            afternoon: ["13:30".into(), "17:00".into()],
            evening: ["18:00".into(), "20:00".into()],
        });
        for period in Period::ALL {
            let [start, end] = periods.get(period);
            match (parse_hhmm(start), parse_hhmm(end)) {
                (Some(s), Some(e)) if s < e => {}
                _ => {
                    return Err(format!(
                        "booking.periods.{}: needs [\"HH:MM\", \"HH:MM\"] with start before end",
                        period.as_str()
                    ))
                }
            }
        }
        let window_minutes = self.window_minutes.unwrap_or(30);
        if !(5..=240).contains(&window_minutes) {
            return Err("booking.window_minutes: must be 5..=240".to_owned());
        }
        let release_days_ahead = self.release_days_ahead.unwrap_or(14);
        if !(1..=60).contains(&release_days_ahead) {
            return Err("booking.release_days_ahead: must be 1..=60".to_owned());
        }
        if rules.arrive_before_minutes > 240 {
            return Err("booking.arrive_before_minutes: must be 0..=240".to_owned());
        }
        Ok(BookingSettings {
            rules,
            release_days_ahead,
            release_minute,
            window_minutes,
            periods,
            fees: self.fees.unwrap_or(Fees {
                regular: 1000,
                specialist: 2500,
                expert: 5000,
            }),
            instructions: self.instructions,
        })
    }
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
    fn get(&self, period: Period) -> &[String; 2] {
        match period {
            Period::Morning => &self.morning,
            Period::Afternoon => &self.afternoon,
            Period::Evening => &self.evening,
        }
    }

    /// Start and end of `period`, as minutes after midnight; `None` for times that are
    /// not `HH:MM` (the loader refuses those, so only hand-made settings can have them).
    pub fn minutes(&self, period: Period) -> Option<(u32, u32)> {
        let [start, end] = self.get(period);
        Some((parse_hhmm(start)?, parse_hhmm(end)?))
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

/// A doctor as the booking pages show them, with the weekly clinics their sessions are
/// made from.
#[derive(Clone, Debug)]
pub struct DoctorClinics {
    /// Who, as the API shows them.
    pub doctor: Doctor,
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
    booking: BookingEntry,
    #[serde(default)]
    departments: Vec<DepartmentEntry>,
    #[serde(default)]
    queue: queue::QueueEntry,
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
    .map(|mut content| {
        content.education = education::builtin(&content.department_ids());
        let building = careway_core::navigation::demo_venue();
        content.venue = venue::PublishedVenue::new(&building)
            .ok()
            .map(std::sync::Arc::new);
        content
    })
    .expect("the embedded demo hospital is valid (checked by a unit test)")
}

impl Content {
    /// The ids of the hospital's departments.
    pub fn department_ids(&self) -> HashSet<String> {
        self.departments.iter().map(|d| d.id.clone()).collect()
    }
}

/// Loads the content files from `dir`; `doctors.toml`, `triage.toml`, `venue.json`,
/// `satisfaction.json` and `education.toml` (with its `education/` pictures) are optional.
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
    let building = match read(venue::VENUE_FILE)? {
        Some((file, text)) => Some(venue::parse(&file, &text)?),
        None => None,
    };
    let mut content = parse(
        Source::new(&hospital.0, &hospital.1),
        doctors.as_ref().map(|(f, t)| Source::new(f, t)),
        triage.as_ref().map(|(f, t)| Source::new(f, t)),
    )?;
    if let Some((file, text)) = read(surveys::SATISFACTION_FILE)? {
        content.surveys.satisfaction = std::sync::Arc::new(surveys::parse(&file, &text)?);
    }
    if let Some(building) = building {
        content.venue = Some(std::sync::Arc::new(venue::PublishedVenue::new(&building)?));
    }
    let departments = content.department_ids();
    content.education = match read(education::EDUCATION_FILE)? {
        Some((file, text)) => education::from_dir(&file, &text, dir, &departments)?,
        None => education::builtin(&departments),
    };
    Ok(content)
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
    let booking = raw
        .booking
        .into_settings()
        .map_err(|problem| anyhow::anyhow!("{file}: {problem}"))?;
    let queue = raw
        .queue
        .into_settings()
        .map_err(|problem| anyhow::anyhow!("{file}: {problem}"))?;

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
            doctors.push(DoctorClinics {
                doctor: Doctor {
                    id,
                    department,
                    name: d.name,
                    title: d.title,
                    specialties: d.specialties,
                    bio: d.bio,
                },
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
        venue: None,
        queue,
        surveys: surveys::Surveys::builtin(),
        education: education::Education::default(),
    })
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
        assert_eq!(c.booking.release_minute, 7 * 60);
        assert_eq!(c.booking.rules, BookingRules::default());
        assert_eq!(
            c.booking.periods.minutes(Period::Afternoon),
            Some((810, 1020))
        );
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
    fn booking_settings_are_checked_and_named() {
        for (table, field) in [
            ("periods = { morning = [\"8:00\", \"12:00\"], afternoon = [\"13:30\", \"17:00\"], evening = [\"18:00\", \"20:00\"] }", "booking.periods.morning"),
            ("periods = { morning = [\"12:00\", \"08:00\"], afternoon = [\"13:30\", \"17:00\"], evening = [\"18:00\", \"20:00\"] }", "booking.periods.morning"),
            ("window_minutes = 2", "booking.window_minutes"),
            ("release_days_ahead = 0", "booking.release_days_ahead"),
            ("arrive_before_minutes = 600", "booking.arrive_before_minutes"),
            ("cutoff = 3", "cutoff"),
        ] {
            let err = hospital(&format!("{HEAD}\n[booking]\n{table}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("h.toml") && err.contains(field), "{table}: {err}");
        }
        let c = hospital(&format!(
            "{HEAD}\n[booking]\nbook_cutoff_minutes = 60\narrive_before_minutes = 0\n"
        ))
        .unwrap();
        assert_eq!(c.booking.rules.book_cutoff_minutes, 60);
        assert_eq!(c.booking.rules.arrive_before_minutes, 0);
        assert_eq!(c.booking.rules.cancel_cutoff_minutes, 120, "a default");
    }

    #[test]
    fn the_demo_hospital_says_when_to_arrive_only_once() {
        let demo = demo();
        assert_eq!(demo.booking.rules.arrive_before_minutes, 15);
        for line in demo
            .booking
            .instructions
            .iter()
            .chain(demo.departments.iter().flat_map(|d| &d.instructions))
        {
            assert!(
                !line.zh.contains("到达") && !line.en.contains("Arrive"),
                "{line:?}: arrival comes from the window and the lead time"
            );
        }
    }
}
