//! Tests of the FHIR reader: the shared HL7 examples read to concrete values, malformed
//! variants of them refused at the exact path, random mutations that must never panic,
//! and the held-out HL7 examples (picked before the reader was written) as a score.

use std::path::{Path, PathBuf};

use careway_core::identity::Sex;
use careway_core::reports::{AgeBand, ObservedValue, RangeKind, ReportKind, ReportStatus};
use serde_json::{json, Value};

use super::*;

/// The shared fixtures (HL7's own examples), copied into the repository so a clone
/// anywhere runs these tests.
fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fhir-r4")
}

fn held_out_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fhir-heldout")
}

fn fixture(name: &str) -> Value {
    let bytes = std::fs::read(shared_dir().join(name)).expect("fixture readable");
    serde_json::from_slice(&bytes).expect("fixture is JSON")
}

fn read(value: &Value) -> Result<Vec<Incoming>, FhirError> {
    read_reports(&serde_json::to_vec(value).expect("serialises"))
}

fn one(value: &Value) -> Incoming {
    let mut all = read(value).expect("reads");
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// The error for `value`, as `path: message`.
fn refusal(value: &Value) -> String {
    read(value).expect_err("refused").to_string()
}

/// Whether a document holds a DiagnosticReport at its top or as a Bundle entry.
fn holds_report(value: &Value) -> bool {
    value["resourceType"] == "DiagnosticReport"
        || (value["resourceType"] == "Bundle"
            && value["entry"].as_array().is_some_and(|entries| {
                entries
                    .iter()
                    .any(|e| e["resource"]["resourceType"] == "DiagnosticReport")
            }))
}

fn quantity(value: f64, unit: &str) -> Option<ObservedValue> {
    Some(ObservedValue::Quantity {
        value,
        unit: Some(unit.into()),
        comparator: None,
    })
}

#[test]
fn every_shared_fixture_with_a_report_is_read_and_the_others_are_refused() {
    let mut reports = 0;
    for entry in std::fs::read_dir(shared_dir()).expect("shared fixtures present") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let value: Value = serde_json::from_slice(&std::fs::read(&path).expect("readable"))
            .expect("fixture is JSON");
        let result = read(&value);
        if holds_report(&value) {
            let read = result.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!read.is_empty());
            reports += read.len();
        } else {
            let e = result.expect_err("not a report");
            assert_eq!(e.path, "resourceType", "{}", path.display());
        }
    }
    assert_eq!(reports, 4, "ghp, lipids, ultrasound, f201");
}

#[test]
fn the_general_health_profile_reads_its_three_panels() {
    let incoming = one(&fixture("Bundle-ghp.json"));
    assert_eq!(
        incoming.source_id,
        "ghp http://acme.com/lab/reports|ghp-example"
    );
    assert_eq!(incoming.subject.reference.as_deref(), Some("Patient/pat2"));
    assert!(
        incoming.subject.identifiers.is_empty(),
        "no Patient in the Bundle"
    );
    let report = incoming.report;
    assert_eq!(report.title, "General Health Profile");
    assert_eq!(report.code.as_deref(), Some("GHP"));
    assert_eq!(report.kind, ReportKind::Lab);
    assert_eq!(report.status, ReportStatus::Final);
    assert_eq!(report.effective.as_deref(), Some("2015-08-16T06:40:17Z"));
    assert_eq!(report.issued.as_deref(), Some("2015-08-17T06:40:17Z"));
    assert_eq!(report.performer.as_deref(), Some("Acme Laboratory, Inc"));
    // 3 panels + 22 chemistry + 17 blood count + 9 urinalysis.
    assert_eq!(report.observations.len(), 51);
    let panels: Vec<_> = report
        .observations
        .iter()
        .filter(|o| o.depth == 0)
        .map(|o| (o.name.as_str(), o.value.is_none()))
        .collect();
    assert_eq!(
        panels,
        [
            ("Comprehensive metabolic 2000 panel - Serum or Plasma", true),
            (
                "Complete blood count (hemogram) panel - Blood by Automated count",
                true
            ),
            ("Urinalysis macro (dipstick) panel - Urine", true),
        ]
    );
    let cbc = report
        .observations
        .iter()
        .position(|o| o.code.as_deref() == Some("58410-2"))
        .expect("the blood count panel");
    let hb = &report.observations[cbc + 1];
    assert_eq!(hb.name, "Haemoglobin");
    assert_eq!(hb.depth, 1);
    assert_eq!(hb.value, quantity(176.0, "g/L"));
    assert_eq!(hb.ranges.len(), 1);
    assert_eq!(
        (hb.ranges[0].low, hb.ranges[0].high),
        (Some(135.0), Some(180.0))
    );
    assert_eq!(hb.ranges[0].kind, RangeKind::Normal);
    // The lab's own flags are kept.
    let eosinophils = report
        .observations
        .iter()
        .find(|o| o.name == "Eosinophils" && o.interpretation.is_some())
        .expect("flagged eosinophils");
    assert_eq!(eosinophils.interpretation.as_deref(), Some("HH"));
    // Coded and bounded values.
    let protein = report
        .observations
        .iter()
        .find(|o| o.code.as_deref() == Some("2887-8"))
        .expect("urine protein");
    assert_eq!(
        protein.value,
        Some(ObservedValue::Text {
            text: "Negative".into()
        })
    );
    let red_cells = report
        .observations
        .iter()
        .find(|o| o.name.starts_with("Erythocytes [#/volume]"))
        .expect("urine red cells");
    assert_eq!(
        red_cells.value,
        Some(ObservedValue::Quantity {
            value: 1.0,
            unit: Some("/uL".into()),
            comparator: Some("<".into())
        })
    );
}

#[test]
fn the_lipid_panel_reads_its_ldl_line() {
    let incoming = one(&fixture("Bundle-lipids.json"));
    assert_eq!(
        incoming.source_id,
        "lipids http://acme.com/lab/reports|5234342"
    );
    let report = incoming.report;
    assert_eq!(report.title, "Lipid Panel");
    assert_eq!(report.code.as_deref(), Some("24331-1"));
    assert_eq!(report.kind, ReportKind::Lab);
    assert_eq!(
        report.effective.as_deref(),
        Some("2011-03-04T08:30:00+11:00")
    );
    assert_eq!(report.observations.len(), 4);
    assert!(report.observations.iter().all(|o| o.depth == 0));
    let ldl = &report.observations[3];
    assert_eq!(ldl.name, "LDL Chol. (Calc)");
    assert_eq!(ldl.code.as_deref(), Some("13457-7"));
    assert_eq!(ldl.value, quantity(4.6, "mmol/L"));
    assert_eq!((ldl.ranges[0].low, ldl.ranges[0].high), (None, Some(3.0)));
    let hdl = &report.observations[2];
    assert_eq!((hdl.ranges[0].low, hdl.ranges[0].high), (Some(1.5), None));
}

#[test]
fn the_ultrasound_is_an_imaging_report_with_a_conclusion() {
    let incoming = one(&fixture("DiagnosticReport-ultrasound.json"));
    assert_eq!(incoming.source_id, "ultrasound");
    assert_eq!(
        incoming.subject,
        SubjectRef {
            identifiers: vec![],
            reference: Some("Patient/example".into()),
            display: None
        }
    );
    let report = incoming.report;
    assert_eq!(report.kind, ReportKind::Imaging);
    assert_eq!(report.title, "Abdominal Ultrasound");
    assert_eq!(report.code.as_deref(), Some("45036003"));
    assert_eq!(report.conclusion.as_deref(), Some("Unremarkable study"));
    assert!(report.observations.is_empty());
    assert!(report.conclusion_codes.is_empty());
    assert_eq!(report.performer, None, "the performer has no display");
}

#[test]
fn the_head_ct_is_an_imaging_report_with_a_coded_conclusion() {
    let incoming = one(&fixture("DiagnosticReport-f201.json"));
    assert_eq!(incoming.subject.display.as_deref(), Some("Roel"));
    let report = incoming.report;
    assert_eq!(report.kind, ReportKind::Imaging);
    assert_eq!(report.title, "CT of head-neck");
    assert_eq!(
        report.conclusion.as_deref(),
        Some("CT brains: large tumor sphenoid/clivus.")
    );
    assert_eq!(
        report.conclusion_codes,
        ["Malignant tumor of craniopharyngeal duct"]
    );
    assert_eq!(report.performer.as_deref(), Some("Blijdorp MC"));
    assert_eq!(report.issued.as_deref(), Some("2012-12-01T12:00:00+01:00"));
}

/// A lone DiagnosticReport with `contained` Observations, for the rules the shared
/// fixtures do not exercise.
fn contained_report(observations: Vec<Value>) -> Value {
    let results: Vec<Value> = observations
        .iter()
        .filter_map(|o| o["id"].as_str())
        .map(|id| json!({ "reference": format!("#{id}") }))
        .collect();
    json!({
        "resourceType": "DiagnosticReport",
        "id": "r1",
        "status": "final",
        "category": [{ "coding": [{ "code": "CH" }] }],
        "code": { "coding": [{ "system": "http://loinc.org", "code": "24323-8", "display": "CMP" }] },
        "subject": { "reference": "#p", "display": "Li Lei" },
        "contained": [{
            "resourceType": "Patient", "id": "p",
            "identifier": [{ "system": "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "110101199003070011" }]
        }]
    })
    .as_object()
    .map(|o| {
        let mut o = o.clone();
        if let Some(Value::Array(contained)) = o.get_mut("contained") {
            contained.extend(observations);
        }
        o.insert("result".into(), Value::Array(results));
        Value::Object(o)
    })
    .expect("object")
}

fn hb(id: &str, value: Value, ranges: Value) -> Value {
    json!({
        "resourceType": "Observation", "id": id, "status": "final",
        "code": { "text": "Haemoglobin", "coding": [
            { "system": "http://acme/local", "code": "HB" },
            { "system": "http://loinc.org", "code": "718-7", "display": "Hemoglobin" }
        ] },
        "valueQuantity": value,
        "referenceRange": ranges
    })
}

#[test]
fn contained_patients_and_observations_are_resolved() {
    let doc = contained_report(vec![hb(
        "o1",
        json!({ "value": 13.2, "unit": "g/dL" }),
        json!([]),
    )]);
    let incoming = one(&doc);
    assert_eq!(
        incoming.subject.identifiers,
        [(
            Some("urn:oid:2.16.840.1.113883.2.4.6.3".into()),
            "110101199003070011".into()
        )]
    );
    assert_eq!(incoming.subject.reference.as_deref(), Some("#p"));
    let o = &incoming.report.observations[0];
    assert_eq!(o.code.as_deref(), Some("718-7"), "LOINC preferred");
    assert_eq!(o.name, "Haemoglobin");
    assert_eq!(incoming.report.title, "CMP");
    assert_eq!(incoming.report.kind, ReportKind::Lab);
}

#[test]
fn ranges_by_sex_and_age_and_kind_are_read() {
    let ranges = json!([
        { "low": { "value": 13, "unit": "g/dL" }, "high": { "value": 17.5, "unit": "g/dL" },
          "appliesTo": [{ "coding": [{ "system": "http://hl7.org/fhir/administrative-gender", "code": "male" }] }],
          "age": { "low": { "value": 18, "code": "a" } } },
        { "low": { "value": 11.5 }, "high": { "value": 15.5 },
          "appliesTo": [{ "coding": [{ "system": "http://snomed.info/sct", "code": "248152002" }] }] },
        { "low": { "value": 10 }, "age": { "low": { "value": 6, "code": "mo" }, "high": { "value": 104.355, "code": "wk" } } },
        { "low": { "value": 7 }, "high": { "value": 20 },
          "type": { "coding": [{ "code": "critical" }] } },
        { "high": { "value": 12 }, "type": { "text": "Panic value" } },
        { "high": { "value": 14 }, "type": { "coding": [{ "code": "treatment" }] } },
        { "low": { "value": 130, "unit": "g/L" }, "high": { "value": 170, "unit": "g/L" } },
        { "low": { "value": 12 }, "appliesTo": [{ "text": "Pregnant women" }] },
        { "low": { "value": 0 }, "age": { "low": { "value": 1, "unit": "fortnights" } } }
    ]);
    let doc = contained_report(vec![hb(
        "o1",
        json!({ "value": 13.2, "unit": "g/dL" }),
        ranges,
    )]);
    let r = &one(&doc).report.observations[0].ranges;
    assert_eq!(
        (r[0].low, r[0].high, r[0].sex),
        (Some(13.0), Some(17.5), Some(Sex::Male))
    );
    assert_eq!(
        r[0].age,
        Some(AgeBand {
            low: Some(18.0),
            high: None
        })
    );
    assert_eq!(r[1].sex, Some(Sex::Female));
    let band = r[2].age.expect("age band");
    assert!((band.low.unwrap_or_default() - 0.5).abs() < 1e-9);
    assert!((band.high.unwrap_or_default() - 2.0).abs() < 1e-9);
    assert_eq!(r[3].kind, RangeKind::Critical);
    assert_eq!(r[4].kind, RangeKind::Critical);
    assert_eq!(r[5].kind, RangeKind::Other);
    assert_eq!(r[0].kind, RangeKind::Normal);
    // Another unit: no numbers to flag against, only the text.
    assert_eq!((r[6].low, r[6].high), (None, None));
    assert_eq!(r[6].text.as_deref(), Some("130–170 g/L"));
    // A group the model cannot express, an age in unknown units: text only.
    assert_eq!((r[7].low, r[7].text.as_deref()), (None, Some("≥ 12")));
    assert_eq!((r[8].low, r[8].age), (None, None));
}

#[test]
fn values_of_every_kind_are_read() {
    let obs = |id: &str, key: &str, value: Value| {
        let mut o = json!({ "resourceType": "Observation", "id": id, "status": "final",
            "code": { "coding": [{ "code": id }] } });
        o[key] = value;
        o
    };
    let mut absent = obs("f", "dataAbsentReason", json!({ "text": "Not performed" }));
    absent["note"] = json!([{ "text": "Sample haemolysed." }, { "text": "Repeat requested." }]);
    absent["interpretation"] = json!([{ "coding": [{ "code": "A" }, { "code": "H" }] }]);
    let doc = contained_report(vec![
        obs("a", "valueString", json!("clear")),
        obs(
            "b",
            "valueCodeableConcept",
            json!({ "coding": [{ "code": "POS", "display": "Positive" }] }),
        ),
        obs("c", "valueBoolean", json!(false)),
        obs("d", "valueInteger", json!(3)),
        obs(
            "e",
            "valueQuantity",
            json!({ "value": 5, "code": "mmol/L", "comparator": ">" }),
        ),
        absent,
    ]);
    let lines = one(&doc).report.observations;
    let text = |t: &str| Some(ObservedValue::Text { text: t.into() });
    assert_eq!(lines[0].value, text("clear"));
    assert_eq!(lines[0].name, "a", "named by its code when nothing else");
    assert_eq!(lines[1].value, text("Positive"));
    assert_eq!(lines[2].value, text("false"));
    assert_eq!(
        lines[3].value,
        Some(ObservedValue::Quantity {
            value: 3.0,
            unit: None,
            comparator: None
        })
    );
    assert_eq!(
        lines[4].value,
        Some(ObservedValue::Quantity {
            value: 5.0,
            unit: Some("mmol/L".into()),
            comparator: Some(">".into())
        })
    );
    assert_eq!(lines[5].value, None);
    assert_eq!(lines[5].interpretation.as_deref(), Some("A"));
    assert_eq!(
        lines[5].note.as_deref(),
        Some("Sample haemolysed.\nRepeat requested.")
    );
}

#[test]
fn components_and_nested_panels_follow_their_observation() {
    let bp = json!({ "resourceType": "Observation", "id": "bp", "status": "final",
        "code": { "text": "Blood pressure" },
        "component": [
            { "code": { "text": "Systolic" }, "valueQuantity": { "value": 120, "unit": "mm[Hg]" } },
            { "code": { "text": "Diastolic" }, "valueQuantity": { "value": 80, "unit": "mm[Hg]" } }
        ],
        "hasMember": [{ "reference": "#m" }] });
    let member = json!({ "resourceType": "Observation", "id": "m", "status": "final",
        "code": { "text": "Pulse" }, "valueQuantity": { "value": 70, "unit": "/min" } });
    let gone = json!({ "resourceType": "Observation", "id": "x", "status": "entered-in-error",
        "code": { "text": "Wrong" }, "valueString": "n/a" });
    let mut doc = contained_report(vec![bp, member, gone]);
    // Only the panel and the erroneous one are results; the member comes through the panel.
    doc["result"] = json!([{ "reference": "#bp" }, { "reference": "#x" }]);
    let lines = one(&doc).report.observations;
    let shape: Vec<_> = lines.iter().map(|o| (o.name.as_str(), o.depth)).collect();
    assert_eq!(
        shape,
        [
            ("Blood pressure", 0),
            ("Systolic", 1),
            ("Diastolic", 1),
            ("Pulse", 1)
        ]
    );
}

#[test]
fn presented_forms_in_text_become_the_findings() {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut doc = fixture("DiagnosticReport-ultrasound.json");
    doc["presentedForm"] = json!([
        { "contentType": "text/plain; charset=utf-8", "data": b64("Liver normal.\n\n\n\nSpleen normal.") },
        { "contentType": "application/pdf", "data": b64("%PDF") },
        { "contentType": "text/plain", "url": "http://example.org/report.txt" },
        { "contentType": "text/html", "data": b64("<div><p>Kidneys: <b>no stones</b> &amp; no cysts.</p><script>alert(1)</script><p>Bladder&#160;empty.</p></div>") }
    ]);
    let report = one(&doc).report;
    assert_eq!(
        report.findings.as_deref(),
        Some("Liver normal.\n\nSpleen normal.\n\nKidneys: no stones & no cysts.\n\nBladder empty.")
    );
    doc["presentedForm"][0]["data"] = json!("not base64!");
    assert_eq!(refusal(&doc), "presentedForm[0].data: not valid base64");
}

#[test]
fn update_identity_and_subject_identifiers_come_from_the_bundle() {
    let mut doc = fixture("Bundle-lipids.json");
    let entries = doc["entry"].as_array_mut().expect("entries");
    entries.push(json!({
        "fullUrl": "urn:uuid:7e0d1d1e-0000-4000-8000-000000000001",
        "resource": { "resourceType": "Patient", "id": "pat2",
            "identifier": [{ "system": "http://acme/mrn", "value": "23453" }] }
    }));
    // Relative references also find entries whose fullUrl ends in Type/id.
    entries[0]["resource"]
        .as_object_mut()
        .expect("report")
        .remove("id");
    let incoming = one(&doc);
    assert_eq!(
        incoming.source_id,
        "https://example.com/base/DiagnosticReport/lipids http://acme.com/lab/reports|5234342"
    );
    assert_eq!(
        incoming.subject.identifiers,
        [(Some("http://acme/mrn".into()), "23453".into())]
    );
    // urn:uuid references resolve by fullUrl.
    doc["entry"][0]["resource"]["subject"] =
        json!({ "reference": "urn:uuid:7e0d1d1e-0000-4000-8000-000000000001" });
    assert_eq!(one(&doc).subject.identifiers.len(), 1);
    // A subject given by identifier only.
    doc["entry"][0]["resource"]["subject"] =
        json!({ "identifier": { "system": "urn:id", "value": "X1" } });
    assert_eq!(
        one(&doc).subject.identifiers,
        [(Some("urn:id".into()), "X1".into())]
    );
}

#[test]
fn results_resolve_by_full_url_urn_or_a_full_url_ending_in_type_and_id() {
    let mut doc = fixture("Bundle-lipids.json");
    doc["type"] = json!("transaction");
    // The LDL entry loses its id: only its fullUrl (…/Observation/ldlcholesterol) is left.
    doc["entry"][4]["resource"]
        .as_object_mut()
        .expect("observation")
        .remove("id");
    // The HDL entry is sent as a new resource under a urn:uuid.
    doc["entry"][3]["fullUrl"] = json!("urn:uuid:0f4c3a4e-9b1d-4c1e-8a51-3f6a2b7c9d10");
    doc["entry"][0]["resource"]["result"][2]["reference"] =
        json!("urn:uuid:0f4c3a4e-9b1d-4c1e-8a51-3f6a2b7c9d10");
    // A transaction's DELETE entry has no resource and is passed over.
    doc["entry"]
        .as_array_mut()
        .expect("entries")
        .push(json!({ "request": { "method": "DELETE", "url": "Observation/old" } }));
    let lines = one(&doc).report.observations;
    let names: Vec<_> = lines.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cholesterol",
            "Triglyceride",
            "Cholesterol in HDL",
            "LDL Chol. (Calc)"
        ]
    );
}

// --- Refusals, each at its exact path ---------------------------------------------------

#[test]
fn a_value_of_the_wrong_type_is_named_by_its_path() {
    let mut doc = fixture("Bundle-ghp.json");
    doc["entry"][5]["resource"]["valueQuantity"]["value"] = json!("176");
    assert_eq!(
        refusal(&doc),
        "entry[5].resource.valueQuantity.value: expected number"
    );
    let mut doc = fixture("Bundle-lipids.json");
    doc["entry"][0]["resource"]["result"] = json!({ "reference": "Observation/ldlcholesterol" });
    assert_eq!(refusal(&doc), "entry[0].resource.result: expected array");
    let mut doc = fixture("DiagnosticReport-f201.json");
    doc["conclusion"] = json!(["CT brains"]);
    assert_eq!(refusal(&doc), "conclusion: expected string");
    let mut doc = fixture("DiagnosticReport-f201.json");
    doc["code"] = json!("CT");
    assert_eq!(refusal(&doc), "code: expected object");
    let mut doc = fixture("Bundle-ghp.json");
    doc["entry"][5]["resource"]["referenceRange"][0]["low"]["value"] = json!(true);
    assert_eq!(
        refusal(&doc),
        "entry[5].resource.referenceRange[0].low.value: expected number"
    );
}

#[test]
fn a_report_without_subject_status_or_code_is_refused() {
    let mut doc = fixture("Bundle-lipids.json");
    doc["entry"][0]["resource"]
        .as_object_mut()
        .expect("report")
        .remove("subject");
    assert_eq!(refusal(&doc), "entry[0].resource.subject: missing");
    for key in ["subject", "status", "code"] {
        let mut doc = fixture("DiagnosticReport-ultrasound.json");
        doc.as_object_mut().expect("report").remove(key);
        assert_eq!(refusal(&doc), format!("{key}: missing"));
    }
    let mut doc = fixture("DiagnosticReport-ultrasound.json");
    doc["subject"] = json!({ "reference": "Group/103" });
    assert_eq!(
        refusal(&doc),
        "subject.reference: the report is about a Group: only reports about a patient are accepted"
    );
}

#[test]
fn a_dangling_or_wrong_result_reference_is_refused() {
    let mut doc = fixture("Bundle-ghp.json");
    doc["entry"][0]["resource"]["result"][1]["reference"] = json!("Observation/xyz");
    assert_eq!(
        refusal(&doc),
        r#"entry[0].resource.result[1].reference: no Observation "Observation/xyz" in this document"#
    );
    let mut doc = fixture("Bundle-ghp.json");
    doc["entry"][0]["resource"]["result"][1]["reference"] = json!("Specimen/rtt");
    assert_eq!(
        refusal(&doc),
        r#"entry[0].resource.result[1].reference: "Specimen/rtt" is a Specimen, not an Observation"#
    );
    let mut doc = fixture("DiagnosticReport-ultrasound.json");
    doc["result"] = json!([{ "reference": "Observation/abc" }]);
    assert_eq!(
        refusal(&doc),
        r#"result[0].reference: no Observation "Observation/abc" in this document"#
    );
    let mut doc = fixture("Bundle-ghp.json");
    doc["entry"][4]["resource"]["hasMember"][2] = json!({ "display": "no reference" });
    assert_eq!(
        refusal(&doc),
        "entry[4].resource.hasMember[2].reference: missing"
    );
}

#[test]
fn an_unknown_status_or_resource_type_is_refused() {
    let mut doc = fixture("Bundle-lipids.json");
    doc["entry"][0]["resource"]["status"] = json!("done");
    assert_eq!(
        refusal(&doc),
        r#"entry[0].resource.status: unknown status "done""#
    );
    let mut doc = fixture("DiagnosticReport-ultrasound.json");
    doc["resourceType"] = json!("ImagingStudy");
    assert_eq!(
        refusal(&doc),
        r#"resourceType: "ImagingStudy" is not accepted here: send a DiagnosticReport or a Bundle"#
    );
    let mut doc = fixture("Bundle-lipids.json");
    doc["entry"][3]["resource"]
        .as_object_mut()
        .expect("entry")
        .remove("resourceType");
    assert_eq!(refusal(&doc), "entry[3].resource.resourceType: missing");
    let mut doc = fixture("Bundle-lipids.json");
    doc["entry"] = json!([doc["entry"][1].clone()]);
    assert_eq!(refusal(&doc), "entry: no DiagnosticReport in this Bundle");
}

#[test]
fn a_has_member_cycle_is_refused_without_overflowing() {
    let mut doc = fixture("Bundle-ghp.json");
    // Haemoglobin (r1) claims the blood count panel (p2) that holds it.
    doc["entry"][5]["resource"]["hasMember"] = json!([{ "reference": "Observation/p2" }]);
    assert_eq!(
        refusal(&doc),
        r#"entry[5].resource.hasMember[0].reference: "Observation/p2" is a member of itself (a hasMember cycle)"#
    );
    // A panel that is its own member.
    let mut doc = fixture("Bundle-ghp.json");
    doc["entry"][4]["resource"]["hasMember"][0] = json!({ "reference": "Observation/p2" });
    assert_eq!(
        refusal(&doc),
        r#"entry[4].resource.hasMember[0].reference: "Observation/p2" is a member of itself (a hasMember cycle)"#
    );
    // A chain deeper than any lab nests panels.
    let chain: Vec<Value> = (0..10)
        .map(|i| {
            json!({ "resourceType": "Observation", "id": format!("c{i}"), "status": "final",
                "code": { "text": format!("level {i}") },
                "hasMember": [{ "reference": format!("#c{}", i + 1) }] })
        })
        .collect();
    let mut doc = contained_report(chain);
    doc["result"] = json!([{ "reference": "#c0" }]);
    assert_eq!(
        refusal(&doc),
        "contained[5].hasMember[0].reference: panels nested more than 4 deep"
    );
}

#[test]
fn junk_empty_and_non_object_documents_are_refused_quickly() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let junk: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|_| {
            seed = xorshift(seed);
            (seed >> 24) as u8
        })
        .collect();
    let started = std::time::Instant::now();
    let e = read_reports(&junk).expect_err("junk");
    assert_eq!(e.path, "$");
    assert!(e.message.starts_with("not JSON"), "{e}");
    // 10 MB of nesting: serde_json's depth limit, not the stack, stops it.
    let deep = vec![b'['; 10 * 1024 * 1024];
    assert_eq!(read_reports(&deep).expect_err("deep").path, "$");
    let mut braces = b"{\"resourceType\":\"Bundle\",\"entry\":".to_vec();
    braces.extend(std::iter::repeat_n(b'{', 10 * 1024 * 1024));
    assert_eq!(read_reports(&braces).expect_err("deep").path, "$");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    assert_eq!(refusal(&json!({})), "resourceType: missing");
    assert_eq!(
        refusal(&json!([fixture("DiagnosticReport-f201.json")])),
        "$: expected object (a FHIR resource)"
    );
    assert_eq!(
        refusal(&json!("DiagnosticReport")),
        "$: expected object (a FHIR resource)"
    );
    assert_eq!(read_reports(b"").expect_err("empty").path, "$");
    assert_eq!(
        refusal(&json!({ "resourceType": 7 })),
        "resourceType: expected string"
    );
}

#[test]
fn documents_beyond_the_caps_are_refused() {
    let report = fixture("DiagnosticReport-ultrasound.json");
    let entries: Vec<Value> = (0..=MAX_REPORTS)
        .map(|i| {
            let mut r = report.clone();
            r["id"] = json!(format!("u{i}"));
            json!({ "resource": r })
        })
        .collect();
    let doc = json!({ "resourceType": "Bundle", "type": "batch", "entry": entries });
    assert_eq!(
        refusal(&doc),
        "entry[200].resource: more than 200 reports in one document"
    );
    let lines: Vec<Value> = (0..=MAX_OBSERVATIONS)
        .map(|i| {
            json!({ "resourceType": "Observation", "id": format!("o{i}"), "status": "final",
                "code": { "text": "x" }, "valueInteger": i })
        })
        .collect();
    assert_eq!(
        refusal(&contained_report(lines)),
        "result: more than 500 observations in one report"
    );
    // A diamond of panels cannot multiply lines past the cap either.
    let mut layers = Vec::new();
    for level in 0..4 {
        let members: Vec<Value> = (0..20)
            .map(|_| json!({ "reference": format!("#l{}", level + 1) }))
            .collect();
        layers.push(
            json!({ "resourceType": "Observation", "id": format!("l{level}"),
            "status": "final", "code": { "text": "panel" }, "hasMember": members }),
        );
    }
    layers.push(
        json!({ "resourceType": "Observation", "id": "l4", "status": "final",
        "code": { "text": "leaf" }, "valueInteger": 1 }),
    );
    let mut doc = contained_report(layers);
    doc["result"] = json!([{ "reference": "#l0" }]);
    assert_eq!(
        refusal(&doc),
        "result: more than 500 observations in one report"
    );
}

// --- Random mutations: never a panic ------------------------------------------------------

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// A tiny deterministic PRNG, so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = xorshift(self.0);
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A value of some other JSON type.
fn other_type(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(-1.5e300),
        3 => json!("x"),
        4 => json!([]),
        5 => json!({}),
        6 => json!([{ "reference": "#nowhere" }]),
        _ => json!({ "reference": "Observation/p2" }),
    }
}

/// One random edit somewhere in `value`: delete a key, change a type, truncate an array,
/// or duplicate an element.
fn mutate(value: &mut Value, rng: &mut Rng) {
    let descend = rng.below(5) != 0;
    match value {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            if descend {
                if let Some(child) = map.get_mut(key) {
                    mutate(child, rng);
                }
            } else if rng.below(2) == 0 {
                map.remove(key);
            } else {
                map.insert(key.clone(), other_type(rng));
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let at = rng.below(items.len());
            if descend {
                mutate(&mut items[at], rng);
            } else {
                match rng.below(3) {
                    0 => items.truncate(at),
                    1 => {
                        let copy = items[at].clone();
                        items.push(copy);
                    }
                    _ => items[at] = other_type(rng),
                }
            }
        }
        _ => *value = other_type(rng),
    }
}

#[test]
fn random_mutations_of_the_fixtures_never_panic() {
    let fixtures: Vec<Value> = [
        "Bundle-lipids.json",
        "DiagnosticReport-f201.json",
        "DiagnosticReport-ultrasound.json",
        "Bundle-ghp.json",
    ]
    .iter()
    .map(|name| fixture(name))
    .collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut read_ok, mut refused) = (0, 0);
    for round in 0..3000 {
        // The big blood-count Bundle less often: it is 25 times the others' size.
        let pick = if round % 10 == 0 { 3 } else { rng.below(3) };
        let mut doc = fixtures[pick].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut doc, &mut rng);
        }
        let mut bytes = serde_json::to_vec(&doc).expect("serialises");
        match rng.below(10) {
            0 => bytes.truncate(rng.below(bytes.len())),
            1 => {
                let at = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(at) {
                    *b = (rng.next() & 0xff) as u8;
                }
            }
            _ => {}
        }
        let outcome = std::panic::catch_unwind(|| read_reports(&bytes));
        match outcome {
            Ok(Ok(_)) => read_ok += 1,
            Ok(Err(_)) => refused += 1,
            Err(_) => panic!("read_reports panicked in round {round}"),
        }
    }
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    assert!(
        read_ok > 100 && refused > 100,
        "{read_ok} read, {refused} refused"
    );
}

// --- The held-out HL7 examples ------------------------------------------------------------

/// Held-out files the reader refuses, and rightly: (file, the refusal, why).
const EXPECTED_REFUSALS: &[(&str, &str, &str)] = &[
    (
        "Bundle-72ac8493-52ac-41bd-8d5d-7258c289b5ea.json",
        "entry: no DiagnosticReport in this Bundle",
        "a Bundle of 17 Bundles: the reports are two levels down, and nested Bundles are \
         not unwrapped (a sender sends the inner Bundle)",
    ),
    (
        "Bundle-dg2.json",
        r#"entry[0].resource.result[0].reference: no Observation "Observation/ob-genetics-3-1" in this document"#,
        "the genetics Observations are not in the Bundle (only a FamilyMemberHistory is)",
    ),
    (
        "Bundle-f001.json",
        r#"entry[0].resource.result[0].reference: no Observation "Observation/f001" in this document"#,
        "the five results are not in the Bundle (only a ServiceRequest is)",
    ),
    (
        "Bundle-f202.json",
        r#"entry[0].resource.result[0].reference: no Observation "Observation/f206" in this document"#,
        "the result is not in the Bundle (only a ServiceRequest is)",
    ),
    (
        "DiagnosticReport-102.json",
        r#"result[0].reference: no Observation "Observation/bmd" in this document"#,
        "a lone report whose result lives on the server, not in the document",
    ),
    (
        "DiagnosticReport-example-pgx.json",
        r#"result[0].reference: no Observation "Observation/example-phenotype" in this document"#,
        "a lone report whose result lives on the server, not in the document",
    ),
];

/// Reads every held-out example; prints per file how many reports and observations were
/// read (`cargo test -p careway-server --lib fhir::tests::held_out -- --nocapture`).
#[test]
fn held_out_examples() {
    let mut names: Vec<String> = std::fs::read_dir(held_out_dir())
        .expect("held-out fixtures present")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let (mut parsed, mut rejected, mut wrong) = (0, 0, Vec::new());
    for name in &names {
        let bytes = std::fs::read(held_out_dir().join(name)).expect("readable");
        let expected = EXPECTED_REFUSALS.iter().find(|(file, _, _)| file == name);
        match (read_reports(&bytes), expected) {
            (Ok(reports), None) => {
                parsed += 1;
                let lines: usize = reports.iter().map(|r| r.report.observations.len()).sum();
                println!(
                    "{name}: {} report(s), {lines} observation(s)",
                    reports.len()
                );
                for r in &reports {
                    println!(
                        "    {:?} {:?} {:?}: {} line(s), findings {}, conclusion {}",
                        r.report.kind,
                        r.report.title,
                        r.report.status,
                        r.report.observations.len(),
                        r.report.findings.as_ref().map_or(0, String::len),
                        r.report.conclusion.is_some()
                    );
                }
            }
            (Err(e), Some((_, refusal, why))) if e.to_string() == *refusal => {
                rejected += 1;
                println!("{name}: refused as expected ({why}): {e}");
            }
            (Err(e), _) => wrong.push(format!("{name}: refused: {e}")),
            (Ok(_), Some(_)) => wrong.push(format!("{name}: read, but a refusal was expected")),
        }
    }
    println!(
        "held-out: {parsed}/{} read, {rejected} rightly refused, {} wrong",
        names.len(),
        wrong.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(names.len(), 13);
}
