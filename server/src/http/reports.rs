//! Reports: the hospital's systems send them (`POST /integration/fhir`, FHIR R4, staff
//! credentials), patients read them (`GET /patients/{id}/reports`, `GET /reports/{id}`,
//! `GET /patients/{id}/reports/trend`), and see who read them
//! (`GET /patients/{id}/report-reads`).
//!
//! Every read, list or detail, is recorded twice: in `report_reads` for the patient's
//! "who viewed my reports", and in the audit log's chain. A report of someone the account
//! does not hold answers 404, like one that does not exist, and the attempt is audited.
//! When a report becomes final (or is changed after), every account holding the person
//! gets an inbox message and their phone a text, in the transaction that stores it.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use careway_core::api::reports::{
    IntakeEntry, IntakeResult, ReportDetail, ReportRead, ReportSummary, ResultLine, Trend,
    TrendPoint,
};
use careway_core::api::LocalText;
use careway_core::identity::{mask_mobile, CivilDate, Sex};
use careway_core::problem::{FieldCode, ProblemKind};
use careway_core::reports::{
    assess, Observation, ObservedValue, Report, ReportKind, ReportStatus, Subject,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{Error, Path, Query};
use super::staff::Staff;
use crate::store::accounts::SessionRow;
use crate::store::patients::{self, PatientRow};
use crate::store::reports::{self as store, Read, ReportRow, Stored};
use crate::store::{events, outbox};
use crate::{fhir, http, AppState};

/// The largest FHIR document accepted (a year of a patient's reports fits many times).
pub const MAX_FHIR_BYTES: usize = 4 * 1024 * 1024;

/// How long an unopened report is marked "new": a report from last spring is not news.
const NEW_FOR_MS: i64 = 30 * 24 * 3600 * 1000;

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(trend))
        .routes(routes!(reads))
        .merge(
            // FHIR documents are larger than anything a patient sends.
            OpenApiRouter::new()
                .routes(routes!(intake))
                .layer(axum::extract::DefaultBodyLimit::max(MAX_FHIR_BYTES)),
        )
}

/// Which reports to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// `lab` or `imaging`; both when left out.
    kind: Option<ReportKind>,
}

/// A family member's reports, newest first.
#[utoipa::path(get, path = "/patients/{id}/reports", tag = "reports",
    params(("id" = String, Path, description = "The family member"), ListQuery),
    responses(
        (status = 200, body = [ReportSummary]),
        (status = 404, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::QueryProblems,
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(patient_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<axum::Json<Vec<ReportSummary>>, Error> {
    let member = member(&state, &session, &client, &patient_id).await?;
    let key = store::person_key(&member);
    let rows = store::list(&state.db, &key).await?;
    let opened: BTreeSet<String> = store::opened(&state.db, &session.account_id, &key)
        .await?
        .into_iter()
        .collect();
    // A report stays "new" until opened from this account, for a month at most.
    let new_since = state.clock.now().as_millisecond() - NEW_FOR_MS;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let report = row.report()?;
        if query.kind.is_some_and(|kind| kind != report.kind) {
            continue;
        }
        let subject = subject_of(&member, report.effective.as_deref(), state.today());
        let flagged = report
            .observations
            .iter()
            .filter(|o| assess(o, subject).flag.is_some_and(|f| f.is_out_of_range()))
            .count();
        out.push(ReportSummary {
            id: row.id.clone(),
            patient_id: member.id.clone(),
            kind: report.kind,
            status: report.status,
            title: report.title.clone(),
            effective: report.effective.clone(),
            issued: report.issued.clone(),
            new: !opened.contains(&row.id) && row.changed_at >= new_since,
            flagged: u32::try_from(flagged).unwrap_or(u32::MAX),
            changed: matches!(
                report.status,
                ReportStatus::Amended | ReportStatus::Corrected
            ),
        });
    }
    read(&state, &session, &client, &member, None).await?;
    Ok(axum::Json(out))
}

/// One report, with each value judged for the patient.
#[utoipa::path(get, path = "/reports/{id}", tag = "reports",
    params(("id" = String, Path, description = "The report")),
    responses(
        (status = 200, body = ReportDetail),
        (status = 404, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn detail(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(report_id): Path<String>,
) -> Result<axum::Json<ReportDetail>, Error> {
    let Some((row, member)) = store::get(&state.db, &session.account_id, &report_id).await? else {
        if store::exists(&state.db, &report_id).await? {
            let detail = json!({ "resource": "report", "id": report_id });
            http::audit(
                &state,
                "authz.denied",
                Some(&session.account_id),
                &client,
                detail,
            )
            .await;
        }
        return Err(Error::not_found());
    };
    let report = row.report()?;
    let previous = row.previous_report();
    let subject = subject_of(&member, report.effective.as_deref(), state.today());
    let with_trend = trend_codes(&state, &member, &row.id).await?;
    let lines = report
        .observations
        .iter()
        .map(|o| line(o, subject, previous.as_ref(), &with_trend))
        .collect();
    let view = ReportDetail {
        id: row.id.clone(),
        patient_id: member.id.clone(),
        patient_name: member.name.clone(),
        kind: report.kind,
        status: report.status,
        title: report.title,
        effective: report.effective,
        issued: report.issued,
        performer: report.performer,
        lines,
        findings: report.findings,
        conclusion: report.conclusion,
        conclusion_codes: report.conclusion_codes,
        changed_from: row
            .previous_status
            .as_deref()
            .and_then(ReportStatus::from_code),
    };
    read(&state, &session, &client, &member, Some(&row)).await?;
    Ok(axum::Json(view))
}

/// Which analyte to follow.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TrendQuery {
    /// The analyte's code (as in a result line).
    code: String,
}

/// One analyte's values over time, oldest first.
#[utoipa::path(get, path = "/patients/{id}/reports/trend", tag = "reports",
    params(("id" = String, Path, description = "The family member"), TrendQuery),
    responses(
        (status = 200, body = Trend),
        (status = 404, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::QueryProblems,
    ))]
pub async fn trend(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(patient_id): Path<String>,
    Query(query): Query<TrendQuery>,
) -> Result<axum::Json<Trend>, Error> {
    let member = member(&state, &session, &client, &patient_id).await?;
    let rows = store::list(&state.db, &store::person_key(&member)).await?;
    let mut points = Vec::new();
    let mut newest: Option<(
        String,
        Option<String>,
        Option<careway_core::reports::ReferenceRange>,
    )> = None;
    // `rows` is newest first.
    for row in &rows {
        let report = row.report()?;
        let subject = subject_of(&member, report.effective.as_deref(), state.today());
        for obs in &report.observations {
            if obs.code.as_deref() != Some(query.code.as_str()) {
                continue;
            }
            let Some(ObservedValue::Quantity { value, unit, .. }) = &obs.value else {
                continue;
            };
            let judged = assess(obs, subject);
            if newest.is_none() {
                newest = Some((obs.name.clone(), unit.clone(), judged.range.cloned()));
            }
            points.push(TrendPoint {
                report_id: row.id.clone(),
                effective: report
                    .effective
                    .clone()
                    .or_else(|| report.issued.clone())
                    .unwrap_or_default(),
                value: *value,
                flag: judged.flag,
            });
        }
    }
    let Some((name, unit, range)) = newest else {
        return Err(Error::not_found());
    };
    points.reverse();
    read(&state, &session, &client, &member, None).await?;
    Ok(axum::Json(Trend {
        code: query.code,
        name,
        unit,
        range,
        points,
    }))
}

/// Who opened this person's reports, newest first (the last 100 reads).
#[utoipa::path(get, path = "/patients/{id}/report-reads", tag = "reports",
    params(("id" = String, Path, description = "The family member")),
    responses(
        (status = 200, body = [ReportRead]),
        (status = 404, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn reads(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(patient_id): Path<String>,
) -> Result<axum::Json<Vec<ReportRead>>, Error> {
    let member = member(&state, &session, &client, &patient_id).await?;
    let rows = store::reads(&state.db, &store::person_key(&member), 100).await?;
    let out = rows
        .into_iter()
        .map(|r| ReportRead {
            at: jiff::Timestamp::from_millisecond(r.at)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            report_id: r.report_id,
            report_title: r.report_title,
            by_you: r.account_id == session.account_id,
            by: mask_mobile(&r.phone),
            from: if r.kiosk {
                "kiosk".to_owned()
            } else {
                mask_addr(&r.client_addr)
            },
        })
        .collect();
    Ok(axum::Json(out))
}

/// Receives reports from the hospital's systems: a FHIR R4 `DiagnosticReport` or a
/// `Bundle` holding them. All or nothing: a document with one bad part stores nothing.
#[utoipa::path(post, path = "/integration/fhir", tag = "integration",
    request_body(content = serde_json::Value, content_type = "application/fhir+json",
        description = "A FHIR R4 DiagnosticReport, or a Bundle of them with their Observations and Patients"),
    responses(
        (status = 200, body = IntakeResult),
        (status = 401, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        (status = 403, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ),
    security(("staff_token" = [])))]
pub async fn intake(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, axum::Json<IntakeResult>), Error> {
    let media_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if media_type != "application/fhir+json" && media_type != "application/json" {
        return Err(Error::kind(ProblemKind::UnsupportedMediaType));
    }
    let incoming = fhir::read_reports(&body).map_err(|e| fhir_error(&e.path, &e.message))?;
    // Match every subject before writing anything.
    let mut matched = Vec::with_capacity(incoming.len());
    for (i, item) in incoming.iter().enumerate() {
        let values: Vec<String> = item
            .subject
            .identifiers
            .iter()
            .map(|(_, value)| value.clone())
            .collect();
        let Some(key) = store::match_subject(&state.db, &values).await? else {
            return Err(fhir_error(
                &format!("reports[{i}].subject"),
                "no patient of this hospital has these identifiers",
            ));
        };
        matched.push(key);
    }
    let now = state.clock.now();
    let mut tx = state.db.write().begin().await?;
    let mut entries = Vec::with_capacity(incoming.len());
    for (item, key) in incoming.iter().zip(&matched) {
        let (id, stored, notify) = store::store(&mut tx, &item.source_id, key, &item.report, now)
            .await
            .map_err(Error::Internal)?;
        if notify {
            tell_patients(&state, &mut tx, &id, key, &item.report, Texts::Send, now).await?;
        }
        entries.push(IntakeEntry {
            id,
            source_id: item.source_id.clone(),
            outcome: match stored {
                Stored::Created => "created",
                Stored::Updated => "updated",
                Stored::Unchanged => "unchanged",
            }
            .to_owned(),
            notified: notify,
        });
    }
    tx.commit().await?;
    let detail = json!({ "reports": entries.len() });
    http::audit(&state, "reports.received", None, &client, detail).await;
    Ok((
        StatusCode::OK,
        axum::Json(IntakeResult { reports: entries }),
    ))
}

/// Whether a notice also goes out as a text message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    /// Text each member's phone once (a report the hospital just sent).
    Send,
    /// Inbox only (the demo's seeded history: nobody is texted when a server starts).
    Skip,
}

/// Tells every account holding the person that a report is ready (or changed): an inbox
/// message, a text to each member's phone once (unless `texts` says not), and the event
/// `report.issued`. Within `tx`, the transaction that stored the report.
pub async fn tell_patients(
    state: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    report_id: &str,
    subject_key: &str,
    report: &Report,
    texts: Texts,
    now: jiff::Timestamp,
) -> Result<(), Error> {
    let members = store::members_for(tx, subject_key).await?;
    let changed = report.status != ReportStatus::Final;
    let (title_zh, title_en) = if changed {
        ("报告已更新", "Report updated")
    } else {
        ("报告已出", "Report ready")
    };
    let hospital = &state.content.hospital.short_name_or_name().zh;
    let mut phones = BTreeSet::new();
    let link = format!("/reports/{report_id}");
    for member in &members {
        let body_zh = if changed {
            format!("{}的{}已更新，请在小程序查看。", member.name, report.title)
        } else {
            format!(
                "{}的{}报告已出，请在小程序查看。",
                member.name, report.title
            )
        };
        let body_en = if changed {
            format!(
                "{}'s {} has been updated. Open Careway to read it.",
                member.name, report.title
            )
        } else {
            format!(
                "{}'s {} report is ready. Open Careway to read it.",
                member.name, report.title
            )
        };
        crate::store::inbox::add(
            tx,
            crate::store::inbox::InboxMessage {
                account_id: &member.account_id,
                patient_id: Some(&member.id),
                kind: "report",
                title: (title_zh, title_en),
                body: (&body_zh, &body_en),
                link: Some(&link),
            },
            now,
        )
        .await?;
        if texts == Texts::Send && phones.insert(member.phone.clone()) {
            // No name in the text: a phone's lock screen is not private.
            let text = if changed {
                format!("【{hospital}】您的{}已更新，请在小程序查看。", report.title)
            } else {
                format!(
                    "【{hospital}】您的{}报告已出，请在小程序查看。",
                    report.title
                )
            };
            let id = uuid::Uuid::now_v7().to_string();
            outbox::enqueue(&mut **tx, &id, "sms", &member.phone, &text, now).await?;
        }
    }
    let payload = json!({ "report_id": report_id, "status": report.status.code() });
    events::append(tx, "report.issued", report_id, None, payload, now).await?;
    Ok(())
}

/// The 422 for a FHIR document that cannot be taken, naming where it is wrong.
fn fhir_error(path: &str, message: &str) -> Error {
    let code = if message.starts_with("expected") {
        FieldCode::WrongType
    } else if message.starts_with("missing") {
        FieldCode::Required
    } else {
        FieldCode::Format
    };
    Error::Problem {
        kind: ProblemKind::Validation,
        detail: Some(LocalText {
            zh: format!("FHIR 文档有误：{path}: {message}"),
            en: format!("{path}: {message}"),
        }),
        errors: vec![(path.to_owned(), code)],
    }
}

/// The account's member `patient_id`, or 404 (audited when the member is another
/// account's).
async fn member(
    state: &AppState,
    session: &SessionRow,
    client: &ClientInfo,
    patient_id: &str,
) -> Result<PatientRow, Error> {
    if let Some(row) = patients::get(&state.db, &session.account_id, patient_id).await? {
        return Ok(row);
    }
    if patients::exists_elsewhere(&state.db, &session.account_id, patient_id).await? {
        let detail = json!({ "resource": "patient", "id": patient_id, "for": "reports" });
        http::audit(
            state,
            "authz.denied",
            Some(&session.account_id),
            client,
            detail,
        )
        .await;
    }
    Err(Error::not_found())
}

/// Records a read of the member's reports (the list when `report` is `None`) for the
/// patient's view and in the audit chain.
async fn read(
    state: &AppState,
    session: &SessionRow,
    client: &ClientInfo,
    member: &PatientRow,
    report: Option<&ReportRow>,
) -> Result<(), Error> {
    let now = state.clock.now();
    let key = store::person_key(member);
    store::record_read(
        &state.db,
        Read {
            subject_key: &key,
            report_id: report.map(|r| r.id.as_str()),
            account_id: &session.account_id,
            patient_id: &member.id,
            client_addr: &client.addr,
            kiosk: session.kiosk,
        },
        now,
    )
    .await?;
    let (event, detail) = match report {
        Some(r) => (
            "report.read",
            json!({ "patient_id": member.id, "report_id": r.id }),
        ),
        None => ("reports.listed", json!({ "patient_id": member.id })),
    };
    http::audit(state, event, Some(&session.account_id), client, detail).await;
    Ok(())
}

/// The patient's sex and age on the day of the sample (or today), for choosing ranges.
fn subject_of(member: &PatientRow, effective: Option<&str>, today: CivilDate) -> Subject {
    let sex = match member.sex.as_str() {
        "male" => Some(Sex::Male),
        "female" => Some(Sex::Female),
        _ => None,
    };
    let on = effective
        .and_then(|e| e.get(..10))
        .and_then(CivilDate::parse)
        .unwrap_or(today);
    let age_years = CivilDate::parse(&member.birth_date).map(|born| f64::from(born.age_on(on)));
    Subject { sex, age_years }
}

/// A result line for the patient: the value judged, and what it was before a correction.
fn line(
    obs: &Observation,
    subject: Subject,
    previous: Option<&Report>,
    with_trend: &BTreeSet<String>,
) -> ResultLine {
    let judged = assess(obs, subject);
    let was = previous
        .and_then(|p| {
            p.observations
                .iter()
                .find(|o| o.name == obs.name && o.code == obs.code)
        })
        .and_then(|o| o.value.clone())
        .filter(|old| Some(old) != obs.value.as_ref());
    ResultLine {
        name: obs.name.clone(),
        code: obs.code.clone(),
        value: obs.value.clone(),
        range: judged.range.cloned(),
        flag: judged.flag,
        depth: obs.depth,
        note: obs.note.clone(),
        was,
        has_trend: obs
            .code
            .as_ref()
            .is_some_and(|code| with_trend.contains(code))
            && matches!(obs.value, Some(ObservedValue::Quantity { .. })),
    }
}

/// The codes that have numeric values in another of the person's reports than `report_id`.
async fn trend_codes(
    state: &AppState,
    member: &PatientRow,
    report_id: &str,
) -> Result<BTreeSet<String>, Error> {
    let mut codes = BTreeSet::new();
    for row in store::list(&state.db, &store::person_key(member)).await? {
        if row.id == report_id {
            continue;
        }
        for obs in row.report()?.observations {
            if let (Some(code), Some(ObservedValue::Quantity { .. })) = (obs.code, obs.value) {
                codes.insert(code);
            }
        }
    }
    Ok(codes)
}

/// An address with its last part hidden (`10.2.3.*`, `2001:db8:1:2:*`): enough for a
/// patient to tell "the hospital" from "somewhere else", not a full address of another
/// family member.
fn mask_addr(addr: &str) -> String {
    if let Some((head, _)) = addr.rsplit_once('.') {
        format!("{head}.*")
    } else if let Some((head, _)) = addr.rsplit_once(':') {
        format!("{head}:*")
    } else {
        "*".to_owned()
    }
}
