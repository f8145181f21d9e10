//! Family members ("就诊人"): `GET/POST /patients`, `GET/PUT/DELETE /patients/{id}`,
//! `POST /patients/{id}/default`.
//!
//! Everything is scoped to the session's account: another account's member answers 404,
//! exactly like one that does not exist, and the attempt is written to the audit log.
//! Identifiers leave the server masked; the full resident ID number is never sent back.

use axum::extract::State;
use axum::http::StatusCode;
use careway_core::api::account::{
    check_patient, relation_choices, removable, OnFile, Patient, PatientInput, Relation,
    MAX_PATIENTS,
};
use careway_core::identity::{mask_id_number, mask_mobile, Sex};
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use serde_json::json;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{Error, Json, Path, Query};
use crate::store::patients::{self, PatientRow, WriteError};
use crate::store::{appointments, claims};
use crate::{http, AppState};

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update, remove))
        .routes(routes!(make_default))
}

/// The app's view of a stored member: identifiers masked. A sex or relation this server
/// could not have stored is an error (a 500), never read as some other value.
pub fn view(row: &PatientRow) -> Result<Patient, Error> {
    let sex = match row.sex.as_str() {
        "female" => Sex::Female,
        "male" => Sex::Male,
        other => return Err(anyhow::anyhow!("a stored member has the sex {other:?}").into()),
    };
    let relation = Relation::parse(&row.relation)
        .ok_or_else(|| anyhow::anyhow!("a stored member has the relation {:?}", row.relation))?;
    Ok(Patient {
        id: row.id.clone(),
        name: row.name.clone(),
        sex,
        birth_date: row.birth_date.clone(),
        id_number_masked: mask_id_number(&row.id_number),
        phone_masked: mask_mobile(&row.phone),
        relation,
        medical_card_masked: row.medical_card.as_deref().map(mask_id_number),
        is_default: row.is_default,
    })
}

/// The account's family members, the default first.
#[utoipa::path(get, path = "/patients", tag = "patients",
    responses(
        (status = 200, body = [Patient]),
        super::error::SessionProblems,
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<axum::Json<Vec<Patient>>, Error> {
    let rows = patients::list(&state.db, &session.account_id).await?;
    rows.iter()
        .map(view)
        .collect::<Result<_, _>>()
        .map(axum::Json)
}

/// Adds a family member.
#[utoipa::path(post, path = "/patients", tag = "patients",
    request_body = PatientInput,
    responses(
        (status = 201, body = Patient),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn create(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Json(input): Json<PatientInput>,
) -> Result<(StatusCode, axum::Json<Patient>), Error> {
    let input = composed(input);
    let checked = check_patient(&input, state.today(), None).map_err(validation)?;
    one_holder(&state, &session.account_id, None, checked.relation).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let row = patients::insert(
        &state.db,
        &id,
        &session.account_id,
        &checked,
        MAX_PATIENTS,
        state.clock.now(),
    )
    .await
    .map_err(write_error)?;
    let detail = json!({ "patient": row.id, "relation": row.relation });
    http::audit(
        &state,
        "patient.added",
        Some(&session.account_id),
        &client,
        detail,
    )
    .await;
    Ok((StatusCode::CREATED, axum::Json(view(&row)?)))
}

/// One family member.
#[utoipa::path(get, path = "/patients/{id}", tag = "patients",
    params(("id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, body = Patient),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn get(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<Patient>, Error> {
    match patients::get(&state.db, &session.account_id, &id).await? {
        Some(row) => Ok(axum::Json(view(&row)?)),
        None => Err(not_found(&state, &session.account_id, &client, &id).await),
    }
}

/// Changes a family member's details; `id_number`, `phone` and `medical_card` may be left
/// out to keep the ones on file (the app has them only masked), and `medical_card: ""`
/// removes the card.
#[utoipa::path(put, path = "/patients/{id}", tag = "patients",
    params(("id" = String, Path, description = "The member's id")),
    request_body = PatientInput,
    responses(
        (status = 200, body = Patient),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn update(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
    Json(input): Json<PatientInput>,
) -> Result<axum::Json<Patient>, Error> {
    let Some(current) = patients::get(&state.db, &session.account_id, &id).await? else {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    };
    let on_file = OnFile {
        id_number: &current.id_number,
        phone: &current.phone,
        medical_card: current.medical_card.as_deref(),
    };
    let input = composed(input);
    let checked = check_patient(&input, state.today(), Some(on_file)).map_err(validation)?;
    one_holder(&state, &session.account_id, Some(&id), checked.relation).await?;
    let row = patients::update(
        &state.db,
        &session.account_id,
        &id,
        &checked,
        state.clock.now(),
    )
    .await
    .map_err(write_error)?
    .ok_or_else(Error::not_found)?;
    let detail = json!({ "patient": row.id, "id_number_changed": checked.id_number.is_some() });
    http::audit(
        &state,
        "patient.changed",
        Some(&session.account_id),
        &client,
        detail,
    )
    .await;
    Ok(axum::Json(view(&row)?))
}

/// Query of `DELETE /patients/{id}`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct RemoveQuery {
    /// Also cancel the member's upcoming appointments. Without it, a member with upcoming
    /// appointments is not removed (409) so the app can ask first.
    #[serde(default)]
    pub cancel_appointments: bool,
}

/// Removes a family member from the account (their records stay with the hospital).
#[utoipa::path(delete, path = "/patients/{id}", tag = "patients",
    params(("id" = String, Path, description = "The member's id"), RemoveQuery),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::QueryProblems,
    ))]
pub async fn remove(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
    Query(query): Query<RemoveQuery>,
) -> Result<StatusCode, Error> {
    let Some(member) = patients::get(&state.db, &session.account_id, &id).await? else {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    };
    if !removable(&view(&member)?) {
        return Err(Error::with_detail(
            ProblemKind::Conflict,
            "本人是账户的持有人，不能删除；可以编辑本人的信息。",
            "The account holder cannot be removed; their details can be edited.",
        ));
    }
    let now = state.clock.now();
    let upcoming = appointments::upcoming_for_patient(&state.db, &id, now).await?;
    if upcoming > 0 && !query.cancel_appointments {
        return Err(Error::with_detail(
            ProblemKind::Conflict,
            format!("该就诊人还有 {upcoming} 个待就诊的预约。删除就诊人会同时取消这些预约，确定要删除吗？"),
            format!("This member has {upcoming} upcoming appointment(s). Removing them also cancels those appointments. Remove anyway?"),
        ));
    }
    if upcoming > 0 {
        claims::cancel_upcoming_for_patient(&state.db, &id, now).await?;
    }
    if !patients::remove(&state.db, &session.account_id, &id, now).await? {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    }
    let detail = json!({ "patient": id });
    http::audit(
        &state,
        "patient.removed",
        Some(&session.account_id),
        &client,
        detail,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes a family member the one chosen by default when booking.
#[utoipa::path(post, path = "/patients/{id}/default", tag = "patients",
    params(("id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, body = Patient),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
    ))]
pub async fn make_default(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<Patient>, Error> {
    if !patients::set_default(&state.db, &session.account_id, &id).await? {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    }
    let row = patients::get(&state.db, &session.account_id, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(axum::Json(view(&row)?))
}

/// Refuses a second account holder ("本人"): the rule is core's [`relation_choices`], the
/// same list the app's form offers.
async fn one_holder(
    state: &AppState,
    account_id: &str,
    editing: Option<&str>,
    relation: Relation,
) -> Result<(), Error> {
    let members = patients::list(&state.db, account_id)
        .await?
        .iter()
        .map(view)
        .collect::<Result<Vec<_>, _>>()?;
    if relation_choices(&members, editing).contains(&relation) {
        Ok(())
    } else {
        Err(Error::field("relation", FieldCode::Duplicate))
    }
}

fn validation(errors: Vec<(&'static str, FieldCode)>) -> Error {
    Error::Validation(errors.into_iter().map(|(f, c)| (f.to_owned(), c)).collect())
}

fn write_error(err: WriteError) -> Error {
    match err {
        WriteError::TooMany => Error::with_detail(
            ProblemKind::Conflict,
            format!("每个账户最多添加 {MAX_PATIENTS} 位就诊人，请先删除不再需要的就诊人。"),
            format!("An account can have at most {MAX_PATIENTS} family members; remove one first."),
        ),
        WriteError::DuplicateId => Error::field("id_number", FieldCode::Duplicate),
        WriteError::Db(err) => err.into(),
    }
}

/// The 404 for a member the account does not have; a member of another account is
/// recorded as an authorization failure.
async fn not_found(state: &AppState, account_id: &str, client: &ClientInfo, id: &str) -> Error {
    match patients::exists_elsewhere(&state.db, account_id, id).await {
        Ok(true) => {
            let detail = json!({ "resource": "patient", "id": id });
            http::audit(state, "authz.denied", Some(account_id), client, detail).await;
        }
        Ok(false) => {}
        Err(err) => tracing::error!(%err, "cannot check a patient's owner"),
    }
    Error::not_found()
}

/// The input with its name in Unicode normal form C, so a name typed with a combining
/// accent and the same name typed precomposed are stored as the same text. Done here, not
/// in `careway-core`, so the app's WebAssembly does not carry the normalisation tables.
fn composed(mut input: PatientInput) -> PatientInput {
    use unicode_normalization::UnicodeNormalization;
    input.name = input.name.nfc().collect();
    input
}
