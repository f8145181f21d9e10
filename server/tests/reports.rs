//! Reports through the real router and a real SQLite database: the demo family's year of
//! reports (list, "new", flags judged by sex and age, trends, imaging), every read in
//! "who viewed my reports" and the audit log, object-level authorization, and the
//! hospital's FHIR intake with its refusals, updates and notices.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use careway_core::api::account::Patient;
use careway_core::api::reports::{IntakeResult, ReportDetail, ReportRead, ReportSummary, Trend};
use careway_core::reports::{Flag, ObservedValue, ReportKind, ReportStatus};
use careway_server::demo::DEMO_PHONE;
use careway_server::store;
use common::{Reply, TestApp};
use serde_json::{json, Value};

const OTHER_PHONE: &str = "13787654321";

/// The demo account's cookie and its two members: 李华 (man, 41) and 王秀英 (woman, 76).
async fn demo(app: &TestApp) -> (String, Patient, Patient) {
    let cookie = app.login(DEMO_PHONE).await;
    let members: Vec<Patient> = app.get_as("/api/v1/patients", Some(&cookie)).await;
    let find = |name: &str| members.iter().find(|m| m.name == name).cloned().unwrap();
    (cookie, find("李华"), find("王秀英"))
}

async fn reports(app: &TestApp, cookie: &str, patient: &str, query: &str) -> Vec<ReportSummary> {
    app.get_as(
        &format!("/api/v1/patients/{patient}/reports{query}"),
        Some(cookie),
    )
    .await
}

fn quantity(detail: &ReportDetail, code: &str) -> (f64, Option<Flag>, Option<f64>, Option<f64>) {
    let line = detail
        .lines
        .iter()
        .find(|l| l.code.as_deref() == Some(code))
        .unwrap_or_else(|| panic!("no line {code}"));
    let Some(ObservedValue::Quantity { value, .. }) = line.value else {
        panic!("{code} is not a number");
    };
    let range = line.range.as_ref();
    (
        value,
        line.flag,
        range.and_then(|r| r.low),
        range.and_then(|r| r.high),
    )
}

#[tokio::test]
async fn the_demo_patient_sees_his_year_of_reports_newest_first() {
    let app = TestApp::new().await;
    let (cookie, li, _) = demo(&app).await;
    let list = reports(&app, &cookie, &li.id, "").await;
    assert_eq!(list.len(), 13, "{list:#?}");
    assert!(list.windows(2).all(|w| w[0].effective >= w[1].effective));
    let newest = &list[0];
    assert_eq!(newest.title, "血常规 Complete blood count");
    assert!(newest.new, "the blood count issued today is new");
    assert_eq!(newest.flagged, 4, "WBC, Hb, platelets and neutrophils");
    // A report from last year is not news.
    assert!(!list.last().unwrap().new);
    let imaging = reports(&app, &cookie, &li.id, "?kind=imaging").await;
    assert_eq!(imaging.len(), 2);
    assert!(imaging.iter().all(|r| r.kind == ReportKind::Imaging));
    let lab = reports(&app, &cookie, &li.id, "?kind=lab").await;
    assert_eq!(lab.len(), 11);
    let bad = app
        .call(
            Method::GET,
            &format!("/api/v1/patients/{}/reports?kind=xray", li.id),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
}

#[tokio::test]
async fn values_are_judged_against_the_range_for_the_patients_sex_and_age() {
    let app = TestApp::new().await;
    let (cookie, li, mother) = demo(&app).await;
    let his = reports(&app, &cookie, &li.id, "").await;
    let detail: ReportDetail = app
        .get_as(&format!("/api/v1/reports/{}", his[0].id), Some(&cookie))
        .await;
    assert_eq!(detail.patient_name, "李华");
    assert_eq!(detail.status, ReportStatus::Final);
    // Haemoglobin 126 g/L: low against the men's 130–175.
    assert_eq!(
        quantity(&detail, "718-7"),
        (126.0, Some(Flag::Low), Some(130.0), Some(175.0))
    );
    assert_eq!(quantity(&detail, "6690-2").1, Some(Flag::High));
    assert_eq!(quantity(&detail, "777-3").1, Some(Flag::High));
    assert_eq!(quantity(&detail, "789-8").1, Some(Flag::Normal));
    assert!(
        detail.lines.iter().all(|l| l.has_trend),
        "older blood counts exist"
    );

    // His mother's 121 g/L is normal against the women's 115–150.
    let hers = reports(&app, &cookie, &mother.id, "").await;
    assert_eq!(hers.len(), 1);
    let detail: ReportDetail = app
        .get_as(&format!("/api/v1/reports/{}", hers[0].id), Some(&cookie))
        .await;
    assert_eq!(
        quantity(&detail, "718-7"),
        (121.0, Some(Flag::Normal), Some(115.0), Some(150.0))
    );
    assert!(
        detail.lines.iter().all(|l| !l.has_trend),
        "her only blood count"
    );
}

#[tokio::test]
async fn a_report_is_new_until_opened_from_this_account() {
    let app = TestApp::new().await;
    let (cookie, li, _) = demo(&app).await;
    let newest = reports(&app, &cookie, &li.id, "").await.remove(0);
    assert!(newest.new);
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/{}", newest.id),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    // Never kept by the browser or a proxy.
    assert_eq!(reply.header("cache-control"), "no-store");
    let again = reports(&app, &cookie, &li.id, "").await.remove(0);
    assert_eq!(again.id, newest.id);
    assert!(!again.new);
}

#[tokio::test]
async fn the_hba1c_trend_runs_oldest_first_against_its_band() {
    let app = TestApp::new().await;
    let (cookie, li, _) = demo(&app).await;
    let trend: Trend = app
        .get_as(
            &format!("/api/v1/patients/{}/reports/trend?code=4548-4", li.id),
            Some(&cookie),
        )
        .await;
    let values: Vec<f64> = trend.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [8.1, 7.6, 7.2, 6.9, 6.6]);
    assert!(trend
        .points
        .windows(2)
        .all(|w| w[0].effective < w[1].effective));
    assert!(trend.points.iter().all(|p| p.flag == Some(Flag::High)));
    assert_eq!(trend.unit.as_deref(), Some("%"));
    let range = trend.range.unwrap();
    assert_eq!((range.low, range.high), (Some(4.0), Some(6.0)));
    let none = app
        .call(
            Method::GET,
            &format!("/api/v1/patients/{}/reports/trend?code=nothing", li.id),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn imaging_reports_carry_findings_and_impression() {
    let app = TestApp::new().await;
    let (cookie, li, _) = demo(&app).await;
    let ct = reports(&app, &cookie, &li.id, "?kind=imaging")
        .await
        .into_iter()
        .find(|r| r.title.contains("CT"))
        .unwrap();
    let detail: ReportDetail = app
        .get_as(&format!("/api/v1/reports/{}", ct.id), Some(&cookie))
        .await;
    assert!(detail.lines.is_empty());
    assert!(detail.findings.unwrap().contains("4 mm"));
    assert!(detail.conclusion.unwrap().contains("右肺上叶"));
}

#[tokio::test]
async fn every_read_is_shown_to_the_patient_and_kept_in_the_audit_log() {
    let app = TestApp::new().await;
    let (cookie, li, mother) = demo(&app).await;
    let newest = reports(&app, &cookie, &li.id, "").await.remove(0);
    let _: ReportDetail = app
        .get_as(&format!("/api/v1/reports/{}", newest.id), Some(&cookie))
        .await;
    let events = store::audit::recent_events(&app.state.db, 5).await.unwrap();
    let names: Vec<&str> = events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(names[..2], ["report.read", "reports.listed"], "{names:?}");
    let reads: Vec<ReportRead> = app
        .get_as(
            &format!("/api/v1/patients/{}/report-reads", li.id),
            Some(&cookie),
        )
        .await;
    assert_eq!(reads.len(), 2, "{reads:#?}");
    assert_eq!(reads[0].report_id.as_deref(), Some(newest.id.as_str()));
    assert_eq!(
        reads[0].report_title.as_deref(),
        Some("血常规 Complete blood count")
    );
    assert!(reads[0].by_you);
    assert_eq!(reads[0].by, "138****8000");
    assert_eq!(reads[1].report_id, None, "the list");
    // The mother's reads are her own.
    let hers: Vec<ReportRead> = app
        .get_as(
            &format!("/api/v1/patients/{}/report-reads", mother.id),
            Some(&cookie),
        )
        .await;
    assert!(hers.is_empty(), "{hers:#?}");
}

#[tokio::test]
async fn another_accounts_reports_answer_404_and_the_attempt_is_audited() {
    let app = TestApp::new().await;
    let (cookie, li, _) = demo(&app).await;
    let newest = reports(&app, &cookie, &li.id, "").await.remove(0);
    let other = app.login(OTHER_PHONE).await;
    for path in [
        format!("/api/v1/reports/{}", newest.id),
        format!("/api/v1/patients/{}/reports", li.id),
        format!("/api/v1/patients/{}/reports/trend?code=4548-4", li.id),
        format!("/api/v1/patients/{}/report-reads", li.id),
    ] {
        let reply = app.call(Method::GET, &path, None, Some(&other)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.problem_slug(), "not-found");
        let events = store::audit::recent_events(&app.state.db, 1).await.unwrap();
        assert_eq!(events[0].0, "authz.denied", "{path}");
    }
    // A report that does not exist is a plain 404, not an attempt on anyone.
    let denials = || async {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE event = 'authz.denied'")
                .fetch_one(app.state.db.read())
                .await
                .unwrap();
        n
    };
    let before = denials().await;
    let reply = app
        .call(
            Method::GET,
            "/api/v1/reports/nothing-here",
            None,
            Some(&other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(denials().await, before);
    // Nothing was read by the other account.
    let reads: Vec<ReportRead> = app
        .get_as(
            &format!("/api/v1/patients/{}/report-reads", li.id),
            Some(&cookie),
        )
        .await;
    assert!(reads.iter().all(|r| r.by_you), "{reads:#?}");
    // And without a session, nothing at all.
    let reply = app.get(&format!("/api/v1/reports/{}", newest.id)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_newest_report_was_announced_in_the_inbox_and_nobody_was_texted_at_start() {
    let app = TestApp::new().await;
    let (rows,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM inbox WHERE kind = 'report' AND body_zh LIKE '李华的血常规%'",
    )
    .fetch_one(app.state.db.read())
    .await
    .unwrap();
    assert_eq!(rows, 1);
    let texts = store::outbox::pending_for(&app.state.db, DEMO_PHONE)
        .await
        .unwrap();
    assert!(texts.is_empty(), "{texts:#?}");
}

// ---------------------------------------------------------------------------------------
// The hospital's FHIR intake.

const STAFF: &str = "Bearer careway-demo-staff";
const CARD: &str = "MC12345678";

/// An account with one member, a boy with a medical card, whom the tests' documents are
/// about: the cookie and the member.
async fn family(app: &TestApp) -> (String, Patient) {
    let cookie = app.login(OTHER_PHONE).await;
    let reply = app
        .add_member(
            &cookie,
            json!({
                "name": "王小明",
                "sex": "male",
                "birth_date": "2015-06-01",
                "id_number": "440106201506010019",
                "phone": OTHER_PHONE,
                "relation": "child",
                "medical_card": CARD,
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    (cookie, reply.parse())
}

/// A fixture of the FHIR R4 examples, as JSON.
fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fhir-r4")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The document with every DiagnosticReport's subject replaced by the medical card `card`:
/// the examples name patients of HL7's, not of this hospital.
fn about(mut doc: Value, card: &str) -> Value {
    let subject = json!({ "identifier": { "system": "urn:careway:medical-card", "value": card } });
    if doc["resourceType"] == "DiagnosticReport" {
        doc["subject"] = subject;
    } else if let Some(entries) = doc["entry"].as_array_mut() {
        for entry in entries {
            if entry["resource"]["resourceType"] == "DiagnosticReport" {
                entry["resource"]["subject"] = subject.clone();
            }
        }
    }
    doc
}

async fn send(app: &TestApp, doc: &Value, token: Option<&str>) -> Reply {
    send_raw(app, doc.to_string().into_bytes(), token).await
}

async fn send_raw(app: &TestApp, body: Vec<u8>, token: Option<&str>) -> Reply {
    let mut request = Request::post("/api/v1/integration/fhir")
        .header("content-type", "application/fhir+json")
        .header(careway_core::api::CSRF_HEADER, "1");
    if let Some(token) = token {
        request = request.header("authorization", token);
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

async fn stored(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reports")
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn every_example_report_is_taken_and_shown_to_its_patient() {
    let app = TestApp::new().await;
    let (cookie, boy) = family(&app).await;
    let examples = [
        ("Bundle-ghp.json", ReportKind::Lab),
        ("Bundle-lipids.json", ReportKind::Lab),
        ("DiagnosticReport-f201.json", ReportKind::Imaging),
        ("DiagnosticReport-ultrasound.json", ReportKind::Imaging),
    ];
    for (name, kind) in examples {
        let reply = send(&app, &about(fixture(name), CARD), Some(STAFF)).await;
        assert_eq!(reply.status, StatusCode::OK, "{name}: {}", reply.text());
        let result: IntakeResult = reply.parse();
        assert_eq!(result.reports.len(), 1, "{name}");
        assert_eq!(result.reports[0].outcome, "created");
        assert!(result.reports[0].notified, "{name} is final");
        let detail: ReportDetail = app
            .get_as(
                &format!("/api/v1/reports/{}", result.reports[0].id),
                Some(&cookie),
            )
            .await;
        assert_eq!(detail.kind, kind, "{name}");
        assert_eq!(detail.patient_id, boy.id);
        match kind {
            ReportKind::Lab => assert!(detail.lines.len() >= 4, "{name}: {detail:#?}"),
            ReportKind::Imaging => assert!(detail.conclusion.is_some(), "{name}"),
        }
    }
    let list = reports(&app, &cookie, &boy.id, "").await;
    assert_eq!(list.len(), 4);
    // Each was announced to the account and texted to the member's phone.
    let (inbox,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inbox WHERE patient_id = ?")
        .bind(&boy.id)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(inbox, 4);
    let texts = store::outbox::pending_for(&app.state.db, OTHER_PHONE)
        .await
        .unwrap();
    let notices: Vec<_> = texts
        .iter()
        .filter(|m| m.body.contains("报告已出"))
        .collect();
    assert_eq!(notices.len(), 4);
    // No name on a lock screen.
    assert!(
        notices.iter().all(|m| !m.body.contains("王小明")),
        "{notices:#?}"
    );
    // The demo family sees none of them.
    let (demo_cookie, li, _) = demo(&app).await;
    assert_eq!(reports(&app, &demo_cookie, &li.id, "").await.len(), 13);
}

#[tokio::test]
async fn the_lipid_example_is_judged_against_its_own_ranges() {
    let app = TestApp::new().await;
    let (cookie, _) = family(&app).await;
    let reply = send(
        &app,
        &about(fixture("Bundle-lipids.json"), CARD),
        Some(STAFF),
    )
    .await;
    let result: IntakeResult = reply.parse();
    let detail: ReportDetail = app
        .get_as(
            &format!("/api/v1/reports/{}", result.reports[0].id),
            Some(&cookie),
        )
        .await;
    // The example's cholesterol, 6.3 mmol/L against its range of at most 4.5: high, computed
    // from the range (the example sends no interpretation).
    let cholesterol = detail
        .lines
        .iter()
        .find(|l| l.name.to_lowercase().contains("cholesterol"))
        .unwrap();
    assert_eq!(cholesterol.flag, Some(Flag::High), "{cholesterol:#?}");
}

#[tokio::test]
async fn malformed_documents_are_refused_with_the_path_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let _ = family(&app).await;
    let before = stored(&app).await;

    // A value of the wrong type.
    let mut doc = about(fixture("Bundle-lipids.json"), CARD);
    let entry = doc["entry"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["resource"]["valueQuantity"].is_object())
        .unwrap();
    doc["entry"][entry]["resource"]["valueQuantity"]["value"] = json!("six");
    let reply = send(&app, &doc, Some(STAFF)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let problem = reply.problem();
    let path = format!("entry[{entry}].resource.valueQuantity.value");
    assert_eq!(problem.errors[0].field, path, "{problem:#?}");
    assert_eq!(problem.errors[0].code, "wrong_type");

    // No subject.
    let mut doc = fixture("DiagnosticReport-ultrasound.json");
    doc.as_object_mut().unwrap().remove("subject");
    let reply = send(&app, &doc, Some(STAFF)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().errors[0].field, "subject");

    // A patient this hospital does not know.
    let reply = send(
        &app,
        &about(fixture("DiagnosticReport-ultrasound.json"), "MC00000000"),
        Some(STAFF),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().errors[0].field, "reports[0].subject");

    // A result that points nowhere.
    let mut doc = about(fixture("Bundle-lipids.json"), CARD);
    doc["entry"][0]["resource"]["result"][0]["reference"] = json!("Observation/nowhere");
    let reply = send(&app, &doc, Some(STAFF)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert!(reply.problem().errors[0]
        .field
        .starts_with("entry[0].resource.result[0]"));

    // Two reports, the second about nobody known: neither is stored.
    let mut doc = about(fixture("Bundle-lipids.json"), CARD);
    let mut second = doc["entry"][0].clone();
    second["resource"]["id"] = json!("lipids-2");
    second["resource"]["subject"] =
        json!({ "identifier": { "system": "urn:careway:medical-card", "value": "MC00000000" } });
    second["fullUrl"] = json!("http://example.org/fhir/DiagnosticReport/lipids-2");
    doc["entry"].as_array_mut().unwrap().push(second);
    let reply = send(&app, &doc, Some(STAFF)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(reply.problem().errors[0].field, "reports[1].subject");

    // Not JSON by its media type.
    let reply = app
        .send(
            Request::post("/api/v1/integration/fhir")
                .header("content-type", "text/plain")
                .header(careway_core::api::CSRF_HEADER, "1")
                .header("authorization", STAFF)
                .body(Body::from(
                    about(fixture("Bundle-lipids.json"), CARD).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Junk, and ten megabytes of it.
    let reply = send_raw(&app, b"{\"resourceType\": \"Bund".to_vec(), Some(STAFF)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = send_raw(&app, vec![b'x'; 10 * 1024 * 1024], Some(STAFF)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(stored(&app).await, before, "nothing was stored");
}

#[tokio::test]
async fn only_the_hospitals_systems_may_send_reports() {
    let app = TestApp::new().await;
    let (cookie, _) = family(&app).await;
    let doc = about(fixture("Bundle-lipids.json"), CARD);
    let before = stored(&app).await;
    let reply = send(&app, &doc, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = send(&app, &doc, Some("Bearer not-the-token")).await;
    assert!(reply.status.is_client_error(), "{}", reply.status);
    // A patient's session is not a staff credential.
    let reply = app
        .call(
            Method::POST,
            "/api/v1/integration/fhir",
            Some(doc),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&app).await, before);
}

#[tokio::test]
async fn a_report_goes_from_preliminary_to_final_to_corrected_and_the_patient_is_told() {
    let app = TestApp::new().await;
    let (cookie, boy) = family(&app).await;
    let inbox = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inbox WHERE patient_id = ?")
            .bind(&boy.id)
            .fetch_one(app.state.db.read())
            .await
            .unwrap();
        n
    };
    let mut doc = about(fixture("Bundle-lipids.json"), CARD);
    doc["entry"][0]["resource"]["status"] = json!("preliminary");
    let first: IntakeResult = send(&app, &doc, Some(STAFF)).await.parse();
    assert_eq!(first.reports[0].outcome, "created");
    assert!(
        !first.reports[0].notified,
        "nobody is told of a preliminary report"
    );
    assert_eq!(inbox().await, 0);
    let list = reports(&app, &cookie, &boy.id, "").await;
    assert_eq!(list[0].status, ReportStatus::Preliminary);

    // The same again changes nothing.
    let again: IntakeResult = send(&app, &doc, Some(STAFF)).await.parse();
    assert_eq!(again.reports[0].outcome, "unchanged");
    assert_eq!(again.reports[0].id, first.reports[0].id);

    doc["entry"][0]["resource"]["status"] = json!("final");
    let fin: IntakeResult = send(&app, &doc, Some(STAFF)).await.parse();
    assert_eq!(fin.reports[0].outcome, "updated");
    assert!(fin.reports[0].notified);
    assert_eq!(inbox().await, 1);

    // Corrected: a value changes; the patient sees the old one beside the new.
    doc["entry"][0]["resource"]["status"] = json!("corrected");
    let entry = doc["entry"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["resource"]["valueQuantity"].is_object())
        .unwrap();
    let old = doc["entry"][entry]["resource"]["valueQuantity"]["value"]
        .as_f64()
        .unwrap();
    doc["entry"][entry]["resource"]["valueQuantity"]["value"] = json!(old + 1.0);
    let corrected: IntakeResult = send(&app, &doc, Some(STAFF)).await.parse();
    assert!(corrected.reports[0].notified);
    assert_eq!(inbox().await, 2);
    let detail: ReportDetail = app
        .get_as(
            &format!("/api/v1/reports/{}", first.reports[0].id),
            Some(&cookie),
        )
        .await;
    assert_eq!(detail.status, ReportStatus::Corrected);
    assert_eq!(detail.changed_from, Some(ReportStatus::Final));
    let changed: Vec<_> = detail.lines.iter().filter(|l| l.was.is_some()).collect();
    assert_eq!(changed.len(), 1, "{detail:#?}");
    assert!(matches!(changed[0].was, Some(ObservedValue::Quantity { value, .. }) if value == old));

    // Entered in error: it disappears.
    doc["entry"][0]["resource"]["status"] = json!("entered-in-error");
    let _: IntakeResult = send(&app, &doc, Some(STAFF)).await.parse();
    assert!(reports(&app, &cookie, &boy.id, "").await.is_empty());
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/{}", first.reports[0].id),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}
