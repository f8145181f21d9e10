//! The hospital's content as data files: who the hospital is and its departments (later:
//! doctors, schedules, venue, questionnaires, pathways, rules).
//!
//! The server loads the files at start, checks them, and refuses to start with an error
//! that names the file, the line and the field, so an IT engineer editing a file finds the
//! mistake at once. With no configured folder the embedded demo hospital is used.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use careway_core::api::LocalText;
use serde::Deserialize;
use toml::Spanned;

/// The file that describes the hospital and its departments.
pub const HOSPITAL_FILE: &str = "hospital.toml";

/// Everything loaded from the hospital's content files, checked.
#[derive(Clone, Debug)]
pub struct Content {
    /// Name, address and phone numbers.
    pub hospital: HospitalInfo,
    /// Departments in display order.
    pub departments: Vec<Department>,
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
    /// Pinyin initials of the Chinese name (`sjnk` for 神经内科), for search.
    pub pinyin: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HospitalFile {
    hospital: HospitalInfo,
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
    pinyin: String,
}

/// The demo hospital's content, compiled into the binary.
pub fn demo() -> Content {
    parse("demo/hospital.toml", include_str!("../demo/hospital.toml"))
        .expect("the embedded demo hospital is valid (checked by a unit test)")
}

/// Loads the content files from `dir`.
pub fn load_dir(dir: &Path) -> anyhow::Result<Content> {
    let path = dir.join(HOSPITAL_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// Parses and checks the text of a hospital file; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> anyhow::Result<Content> {
    let raw: HospitalFile = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| format!(", line {}", line_of(text, s.start)))
            .unwrap_or_default();
        anyhow::anyhow!("{file}{at}: {}", e.message())
    })?;
    let at = |offset: usize, field: String, problem: &str| -> anyhow::Error {
        anyhow::anyhow!("{file}, line {}: {field}: {problem}", line_of(text, offset))
    };

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

    let mut seen = HashSet::new();
    let mut departments = Vec::with_capacity(raw.departments.len());
    for (i, d) in raw.departments.into_iter().enumerate() {
        let id_at = d.id.span().start;
        let id = d.id.into_inner();
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(at(
                id_at,
                format!("departments[{i}].id"),
                "use lowercase letters, digits and '-'",
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(at(
                id_at,
                format!("departments[{i}].id"),
                &format!("{id:?} is used twice"),
            ));
        }
        let name_at = d.name.span().start;
        let name = d.name.into_inner();
        if name.zh.trim().is_empty() || name.en.trim().is_empty() {
            return Err(at(
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
            pinyin: d.pinyin.to_ascii_lowercase(),
        });
    }
    Ok(Content {
        hospital,
        departments,
    })
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

    #[test]
    fn the_demo_hospital_is_valid_and_large_enough() {
        let demo = demo();
        assert!(demo.departments.len() >= 15);
        assert!(!demo.hospital.name.en.is_empty());
    }

    #[test]
    fn a_minimal_file_loads() {
        let c = parse("h.toml", HEAD).unwrap();
        assert_eq!(c.hospital.emergency_phone, "120");
        assert!(c.departments.is_empty());
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let text = format!(
            "{HEAD}\n[[departments]]\nid = \"a\"\nname = {{ zh = \"甲\", en = \"A\" }}\nlocation = \"x\"\n\n[[departments]]\nid = \"a\"\nname = {{ zh = \"乙\", en = \"B\" }}\nlocation = \"y\"\n"
        );
        let err = parse("h.toml", &text).unwrap_err().to_string();
        assert!(
            err.starts_with("h.toml, line 13: departments[1].id"),
            "{err}"
        );

        let text = format!("{HEAD}\n[[departments]]\nid = \"Bad Id\"\nname = {{ zh = \"甲\", en = \"A\" }}\nlocation = \"x\"\n");
        let err = parse("h.toml", &text).unwrap_err().to_string();
        assert!(err.contains("line 8: departments[0].id"), "{err}");

        let text = format!(
            "{HEAD}\n[[departments]]\nid = \"a\"\nname = {{ zh = \"甲\" }}\nlocation = \"x\"\n"
        );
        let err = parse("h.toml", &text).unwrap_err().to_string();
        assert!(err.contains("line 9") && err.contains("en"), "{err}");

        let err = parse("h.toml", "[hospital]\nname = 3\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("h.toml, line 2"), "{err}");

        let err = parse("h.toml", &HEAD.replace("020-1234 5678", "call us")).unwrap_err();
        assert!(err.to_string().contains("hospital.phone"), "{err}");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = parse("h.toml", &format!("{HEAD}\nbeds = 3\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("beds"), "{err}");
    }
}
