//! The FHIR R4 reader for lab and imaging reports: turns what a hospital system sends (a
//! `DiagnosticReport`, or a `Bundle` holding some) into Careway's
//! [`careway_core::reports::Report`]s, each with who it is about.
//!
//! Pure: no database, no network, no clock. Every document is either read whole or
//! refused with a [`FhirError`] naming the JSON path at fault, so a sender can fix it;
//! nothing is half-stored and no input panics. Result references are resolved inside the
//! document only (`contained` resources, Bundle entries by `fullUrl` or `Type/id`); a
//! reference to something the document does not hold is refused rather than shown as a
//! report with silently missing results.

mod json;
mod observation;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use careway_core::reports::{Observation, Report, ReportKind, ReportStatus};
use serde_json::Value;

use self::json::{
    arr, as_obj, concepts, err, identifier, index, join, objs, opt_concept, opt_obj, opt_str,
    reference, Obj,
};

/// At most this many reports in one document: a bigger batch is an error at the sender.
pub const MAX_REPORTS: usize = 200;
/// At most this many result lines in one report (panel members and components included).
pub const MAX_OBSERVATIONS: usize = 500;
/// Panels inside panels deeper than this are refused (and cycles can never recurse far).
const MAX_NESTING: u8 = 4;

/// One report read from a FHIR document, with who it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// The DiagnosticReport's identity at the sender: its `id`, else the Bundle entry's
    /// `fullUrl`; then, after a space, its first identifier as `system|value` if it has one.
    /// Used to recognise an update of a report already received.
    pub source_id: String,
    /// Who the report is about, as the sender identified them.
    pub subject: SubjectRef,
    /// The report itself.
    pub report: Report,
}

/// Who a report is about, as the sender identified them; matching it to a Careway patient
/// is the caller's business.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubjectRef {
    /// The patient's identifiers (system, value) — from the referenced Patient resource
    /// (contained, or in the Bundle by fullUrl or `Patient/<id>`), or from
    /// `subject.identifier` directly.
    pub identifiers: Vec<(Option<String>, String)>,
    /// The literal reference if one was given (e.g. `Patient/pat2`).
    pub reference: Option<String>,
    /// The display text if one was given.
    pub display: Option<String>,
}

/// Why a document was refused; `path` is a JSON path like
/// `entry[4].resource.valueQuantity.value` (`$` for the document itself), so the sender
/// can find the fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FhirError {
    /// Where in the document.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for FhirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for FhirError {}

/// Reads every report in a FHIR R4 JSON document: a `DiagnosticReport`, or a `Bundle` of
/// any type holding at least one. Refuses the whole document at its first fault.
pub fn read_reports(body: &[u8]) -> Result<Vec<Incoming>, FhirError> {
    let root: Value =
        serde_json::from_slice(body).map_err(|e| err("$", format!("not JSON: {e}")))?;
    let root = root
        .as_object()
        .ok_or_else(|| err("$", "expected object (a FHIR resource)"))?;
    let kind = opt_str(root, "resourceType", "")?.ok_or_else(|| err("resourceType", "missing"))?;
    match kind {
        "DiagnosticReport" => {
            let doc = Doc::default();
            let res = Res {
                obj: root,
                path: String::new(),
                kind,
                id: opt_str(root, "id", "")?,
                full_url: None,
            };
            Ok(vec![read_report(&doc, &res)?])
        }
        "Bundle" => {
            let doc = Doc::bundle(root)?;
            let mut out = Vec::new();
            for res in doc.entries.iter().filter(|r| r.kind == "DiagnosticReport") {
                if out.len() >= MAX_REPORTS {
                    return Err(err(
                        res.path.clone(),
                        format!("more than {MAX_REPORTS} reports in one document"),
                    ));
                }
                out.push(read_report(&doc, res)?);
            }
            if out.is_empty() {
                return Err(err("entry", "no DiagnosticReport in this Bundle"));
            }
            Ok(out)
        }
        other => Err(err(
            "resourceType",
            format!("{other:?} is not accepted here: send a DiagnosticReport or a Bundle"),
        )),
    }
}

/// One resource in the document, where it is, and how it can be referred to.
#[derive(Clone, Debug)]
struct Res<'a> {
    obj: &'a Obj,
    /// Its JSON path (empty for the document itself).
    path: String,
    /// Its `resourceType`.
    kind: &'a str,
    id: Option<&'a str>,
    /// Its Bundle entry's `fullUrl`.
    full_url: Option<&'a str>,
}

/// The document's resources that references can point at: the Bundle's entries (none for
/// a lone DiagnosticReport).
#[derive(Debug, Default)]
struct Doc<'a> {
    entries: Vec<Res<'a>>,
    by_full_url: HashMap<&'a str, usize>,
    by_type_id: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Doc<'a> {
    /// Indexes a Bundle's entries.
    fn bundle(root: &'a Obj) -> Result<Doc<'a>, FhirError> {
        opt_str(root, "type", "")?;
        let mut doc = Doc::default();
        for (path, entry) in objs(root, "entry", "")? {
            let full_url = opt_str(entry, "fullUrl", &path)?;
            // A transaction's DELETE has no resource: nothing to read.
            let Some(obj) = opt_obj(entry, "resource", &path)? else {
                continue;
            };
            let path = join(&path, "resource");
            let kind = opt_str(obj, "resourceType", &path)?
                .ok_or_else(|| err(join(&path, "resourceType"), "missing"))?;
            let id = opt_str(obj, "id", &path)?;
            let at = doc.entries.len();
            if let Some(url) = full_url {
                doc.by_full_url.entry(url).or_insert(at);
                if let Some(type_id) = type_and_id(url) {
                    doc.by_type_id.entry(type_id).or_insert(at);
                }
            }
            if let Some(id) = id {
                doc.by_type_id.entry((kind, id)).or_insert(at);
            }
            doc.entries.push(Res {
                obj,
                path,
                kind,
                id,
                full_url,
            });
        }
        Ok(doc)
    }

    /// The resource `target` points at: `#id` among `scope` (the contained resources of the
    /// resource being read), else a Bundle entry by `fullUrl`, else by `Type/id`.
    fn resolve<'d>(&'d self, target: &str, scope: &'d [Res<'a>]) -> Option<&'d Res<'a>> {
        if let Some(id) = target.strip_prefix('#') {
            return scope.iter().find(|r| r.id == Some(id));
        }
        if let Some(&at) = self.by_full_url.get(target) {
            return self.entries.get(at);
        }
        let type_id = relative(target)?;
        self.by_type_id
            .get(&type_id)
            .and_then(|&at| self.entries.get(at))
    }
}

/// `(Type, id)` of a relative reference `Type/id` (or `Type/id/_history/n`).
fn relative(target: &str) -> Option<(&str, &str)> {
    let target = target.split("/_history/").next().unwrap_or(target);
    let (kind, id) = target.split_once('/')?;
    (is_type_name(kind) && !id.is_empty() && !id.contains('/')).then_some((kind, id))
}

/// `(Type, id)` from the end of a URL `…/Type/id` (or `…/Type/id/_history/n`).
fn type_and_id(url: &str) -> Option<(&str, &str)> {
    let url = url.split("/_history/").next().unwrap_or(url);
    let mut parts = url.rsplit('/');
    let id = parts.next()?;
    let kind = parts.next()?;
    (is_type_name(kind) && !id.is_empty()).then_some((kind, id))
}

/// Whether `s` looks like a FHIR resource type (`Observation`, `Patient`).
fn is_type_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The `contained` resources of `res`, with their paths.
fn contained<'a>(res: &Res<'a>) -> Result<Vec<Res<'a>>, FhirError> {
    objs(res.obj, "contained", &res.path)?
        .into_iter()
        .map(|(path, obj)| {
            let kind = opt_str(obj, "resourceType", &path)?
                .ok_or_else(|| err(join(&path, "resourceType"), "missing"))?;
            let id = opt_str(obj, "id", &path)?;
            Ok(Res {
                obj,
                path,
                kind,
                id,
                full_url: None,
            })
        })
        .collect()
}

/// Reads the DiagnosticReport `res`.
fn read_report(doc: &Doc, res: &Res) -> Result<Incoming, FhirError> {
    let obj = res.obj;
    let path = res.path.as_str();
    let scope = contained(res)?;

    let status_path = join(path, "status");
    let status = opt_str(obj, "status", path)?.ok_or_else(|| err(&status_path, "missing"))?;
    let status = ReportStatus::from_code(status.trim())
        .ok_or_else(|| err(&status_path, format!("unknown status {status:?}")))?;
    let code = opt_concept(obj, "code", path)?.ok_or_else(|| err(join(path, "code"), "missing"))?;
    let title = code
        .text
        .or_else(|| code.codings.iter().find_map(|c| c.display))
        .or_else(|| code.code())
        .ok_or_else(|| err(join(path, "code"), "no text, display or code"))?;
    let subject = read_subject(doc, res, &scope)?;
    let source_id = source_id(res)?;

    let effective = match opt_str(obj, "effectiveDateTime", path)? {
        Some(at) => Some(at),
        None => match opt_obj(obj, "effectivePeriod", path)? {
            Some(period) => opt_str(period, "start", &join(path, "effectivePeriod"))?,
            None => None,
        },
    };
    let issued = opt_str(obj, "issued", path)?;
    let mut performer = None;
    for (p, r) in objs(obj, "performer", path)? {
        if let Some(display) = reference(r, &p)?.display {
            performer = Some(display.trim().to_owned());
            break;
        }
    }

    let mut walk = Walk {
        doc,
        report_path: path,
        out: Vec::new(),
        stack: Vec::new(),
    };
    let results = arr(obj, "result", path)?;
    let results_path = join(path, "result");
    for (i, r) in results.iter().enumerate() {
        walk.follow(r, &index(&results_path, i), &scope, 0)?;
    }

    let conclusion = opt_str(obj, "conclusion", path)?.map(|c| c.trim().to_owned());
    let conclusion_codes = concepts(obj, "conclusionCode", path)?
        .iter()
        .filter_map(|c| {
            c.codings
                .iter()
                .find_map(|c| c.display)
                .or(c.text)
                .or_else(|| c.first_code())
        })
        .map(|s| s.trim().to_owned())
        .collect();
    let findings = findings(obj, path)?;
    let has_images =
        !arr(obj, "imagingStudy", path)?.is_empty() || !arr(obj, "media", path)?.is_empty();
    let categories = concepts(obj, "category", path)?;
    let kind = kind(
        &categories,
        has_images,
        !walk.out.is_empty(),
        conclusion.is_some(),
    );

    Ok(Incoming {
        source_id,
        subject,
        report: Report {
            kind,
            status,
            title: title.trim().to_owned(),
            code: code.code().map(str::to_owned),
            effective: effective.map(str::to_owned),
            issued: issued.map(str::to_owned),
            performer,
            observations: walk.out,
            findings,
            conclusion,
            conclusion_codes,
        },
    })
}

/// The report's identity at the sender (see [`Incoming::source_id`]).
fn source_id(res: &Res) -> Result<String, FhirError> {
    let mut first = None;
    for (p, id) in objs(res.obj, "identifier", &res.path)? {
        if let Some(id) = identifier(id, &p)? {
            first = Some(id);
            break;
        }
    }
    let first = first.map(|(system, value)| match system {
        Some(system) => format!("{system}|{value}"),
        None => value,
    });
    match (res.id.or(res.full_url), first) {
        (Some(base), Some(id)) => Ok(format!("{base} {id}")),
        (Some(base), None) => Ok(base.to_owned()),
        (None, Some(id)) => Ok(id),
        (None, None) => Err(err(
            join(&res.path, "id"),
            "missing: with no id, fullUrl or identifier an update could not be recognised",
        )),
    }
}

/// Lab or imaging, by the report's category, else by what it holds.
fn kind(
    categories: &[json::Concept],
    has_images: bool,
    has_results: bool,
    has_conclusion: bool,
) -> ReportKind {
    const IMAGING: [&str; 11] = [
        "rad",
        "img",
        "imaging",
        "ct",
        "mr",
        "us",
        "nm",
        "rx",
        "xr",
        "cus",
        "radiology",
    ];
    const LAB: [&str; 24] = [
        "lab",
        "laboratory",
        "hm",
        "ch",
        "mb",
        "bg",
        "blb",
        "cg",
        "cp",
        "ge",
        "hla",
        "imm",
        "mcb",
        "myc",
        "par",
        "pat",
        "sp",
        "sr",
        "tx",
        "urn",
        "vr",
        "cth",
        "path",
        "pathology",
    ];
    let codes: Vec<String> = categories
        .iter()
        .flat_map(|c| c.codings.iter().filter_map(|c| c.code))
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    if has_images || codes.iter().any(|c| IMAGING.contains(&c.as_str())) {
        ReportKind::Imaging
    } else if codes.iter().any(|c| LAB.contains(&c.as_str())) || has_results {
        ReportKind::Lab
    } else if has_conclusion {
        ReportKind::Imaging
    } else {
        ReportKind::Lab
    }
}

/// Who the report is about.
fn read_subject(doc: &Doc, res: &Res, scope: &[Res]) -> Result<SubjectRef, FhirError> {
    let path = join(&res.path, "subject");
    let obj = opt_obj(res.obj, "subject", &res.path)?.ok_or_else(|| err(&path, "missing"))?;
    let given = reference(obj, &path)?;
    if let Some(kind) = given.kind.filter(|k| *k != "Patient") {
        return Err(err(
            join(&path, "type"),
            format!("the report is about a {kind}: only reports about a patient are accepted"),
        ));
    }
    let mut identifiers = Vec::new();
    if let Some(target) = given.reference {
        let ref_path = join(&path, "reference");
        match doc.resolve(target, scope) {
            Some(patient) if patient.kind == "Patient" => {
                for (p, id) in objs(patient.obj, "identifier", &patient.path)? {
                    if let Some(id) = identifier(id, &p)? {
                        identifiers.push(id);
                    }
                }
            }
            Some(other) => {
                return Err(err(
                    ref_path,
                    format!(
                        "{target:?} is a {}: only reports about a patient are accepted",
                        other.kind
                    ),
                ))
            }
            None if target.starts_with('#') => {
                return Err(err(
                    ref_path,
                    format!("no Patient {target:?} in this document"),
                ))
            }
            None => {
                let kind = relative(target)
                    .or_else(|| type_and_id(target))
                    .map(|(k, _)| k);
                if let Some(kind) = kind.filter(|k| *k != "Patient") {
                    return Err(err(
                        ref_path,
                        format!("the report is about a {kind}: only reports about a patient are accepted"),
                    ));
                }
            }
        }
    }
    if let Some(id) = given.identifier {
        identifiers.push(id);
    }
    let mut unique = Vec::with_capacity(identifiers.len());
    for id in identifiers {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    if given.reference.is_none() && unique.is_empty() && given.display.is_none() {
        return Err(err(path, "no reference, identifier or display"));
    }
    Ok(SubjectRef {
        identifiers: unique,
        reference: given.reference.map(str::to_owned),
        display: given.display.map(|d| d.trim().to_owned()),
    })
}

/// Follows result and member references into result lines.
struct Walk<'d, 'a> {
    doc: &'d Doc<'a>,
    report_path: &'d str,
    out: Vec<Observation>,
    /// The paths of the Observations being read, outermost first: a cycle guard.
    stack: Vec<String>,
}

impl<'a> Walk<'_, 'a> {
    /// Reads the Observation the Reference `value` at `path` points at, its components and
    /// members.
    fn follow(
        &mut self,
        value: &Value,
        path: &str,
        scope: &[Res<'a>],
        depth: u8,
    ) -> Result<(), FhirError> {
        let given = reference(as_obj(value, path)?, path)?;
        let ref_path = join(path, "reference");
        let target = given.reference.ok_or_else(|| err(&ref_path, "missing"))?;
        let Some(found) = self.doc.resolve(target, scope) else {
            return Err(err(
                ref_path,
                format!("no Observation {target:?} in this document"),
            ));
        };
        if found.kind != "Observation" {
            return Err(err(
                ref_path,
                format!("{target:?} is a {}, not an Observation", found.kind),
            ));
        }
        if self.stack.contains(&found.path) {
            return Err(err(
                ref_path,
                format!("{target:?} is a member of itself (a hasMember cycle)"),
            ));
        }
        if depth > MAX_NESTING {
            return Err(err(
                ref_path,
                format!("panels nested more than {MAX_NESTING} deep"),
            ));
        }
        // A contained Observation's own `#` references point into the same container; a
        // Bundle entry's into its own `contained`.
        let own;
        let scope = if found.full_url.is_none() && scope.iter().any(|r| r.path == found.path) {
            scope
        } else {
            own = contained(found)?;
            own.as_slice()
        };
        let found = found.clone();
        self.stack.push(found.path.clone());
        let result = self.observation(&found, scope, depth);
        self.stack.pop();
        result
    }

    /// One Observation: its line, its components, then its members one level deeper.
    fn observation(
        &mut self,
        res: &Res<'a>,
        scope: &[Res<'a>],
        depth: u8,
    ) -> Result<(), FhirError> {
        if observation::entered_in_error(res.obj, &res.path)? {
            return Ok(());
        }
        self.push(observation::line(res.obj, &res.path, depth)?)?;
        for (p, component) in observation::components(res.obj, &res.path)? {
            self.push(observation::line(component, &p, depth.saturating_add(1))?)?;
        }
        let members_path = join(&res.path, "hasMember");
        for (i, member) in observation::members(res.obj, &res.path)?.iter().enumerate() {
            self.follow(
                member,
                &index(&members_path, i),
                scope,
                depth.saturating_add(1),
            )?;
        }
        Ok(())
    }

    fn push(&mut self, line: Observation) -> Result<(), FhirError> {
        if self.out.len() >= MAX_OBSERVATIONS {
            return Err(err(
                join(self.report_path, "result"),
                format!("more than {MAX_OBSERVATIONS} observations in one report"),
            ));
        }
        self.out.push(line);
        Ok(())
    }
}

/// The text of the report's `presentedForm`s in plain text or HTML (a PDF or an image
/// cannot be shown as findings; a `url`-only attachment would need fetching), several
/// joined by a blank line.
fn findings(obj: &Obj, path: &str) -> Result<Option<String>, FhirError> {
    let mut texts = Vec::new();
    for (p, attachment) in objs(obj, "presentedForm", path)? {
        let Some(content_type) = opt_str(attachment, "contentType", &p)? else {
            continue;
        };
        let media = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let html = match media.as_str() {
            "text/plain" => false,
            "text/html" => true,
            _ => continue,
        };
        let Some(data) = opt_str(attachment, "data", &p)? else {
            continue;
        };
        let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| err(join(&p, "data"), "not valid base64"))?;
        let text = String::from_utf8_lossy(&bytes);
        let text = if html { strip_html(&text) } else { tidy(&text) };
        if !text.is_empty() {
            texts.push(text);
        }
    }
    Ok((!texts.is_empty()).then(|| texts.join("\n\n")))
}

/// The text of an HTML fragment: tags dropped (block ends become line breaks, scripts and
/// styles vanish), the common entities decoded.
fn strip_html(html: &str) -> String {
    const BREAKS: [&str; 14] = [
        "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(rest.get(..open).unwrap_or("")));
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after.get(..close).unwrap_or("");
        rest = after.get(close + 1..).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let closing = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&closing) {
                Some(at) => rest.get(at..).unwrap_or(""),
                None => "",
            };
            continue;
        }
        if BREAKS.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
    tidy(&out)
}

/// `&amp;`, `&lt;`, `&#160;`… as characters; an unknown entity is kept as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let entity = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = after.get(..end)?;
            let ch = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let digits = name.strip_prefix('#')?;
                    let n = match digits.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => digits.parse().ok()?,
                    };
                    char::from_u32(n)?
                }
            };
            Some((ch, end))
        });
        match entity {
            Some((ch, end)) => {
                out.push(if ch == '\u{a0}' { ' ' } else { ch });
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lines trimmed of trailing space, runs of blank lines made one, ends trimmed.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(if line.trim().is_empty() { "" } else { line });
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n").trim().to_owned()
}
