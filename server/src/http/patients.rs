//! Family members ("就诊人"): `GET/POST /patients`, `GET/PUT/DELETE /patients/{id}`,
//! `POST /patients/{id}/default`.
//!
//! Everything is scoped to the session's account: another account's member answers 404,
//! exactly like one that does not exist, and the attempt is written to the audit log.
//! Identifiers leave the server masked; the full resident ID number is never sent back.
//! Every read of members' details is in the audit log too: one `patient.read` per member
//! opened, one `patients.listed` per list (by id and count, never the details read).

use axum::extract::State;
use axum::http::StatusCode;
use careway_core::api::account::{
    check_patient, needs_member_code, relation_choices, removable, CodeSent, MemberCodeRequest,
    OnFile, Patient, PatientInput, Relation, MAX_PATIENTS,
};
use careway_core::identity::{self, mask_id_number, mask_mobile, Sex};
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use serde_json::json;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{Error, Json, Path, Query};
use super::session::{issue_code, redeem_code, Target};
use crate::store::accounts::SessionRow;
use crate::store::patients::{self, PatientRow, WriteError};
use crate::store::{accounts, appointments, claims, outbox};
use crate::{demo, http, AppState};

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update, remove))
        .routes(routes!(make_default))
        .routes(routes!(send_member_code))
}

/// Refuses changes to the family on a kiosk: a kiosk session is a passer-by's short
/// visit to a shared screen, for booking and reading, never for deciding where codes go.
fn not_on_kiosk(session: &SessionRow) -> Result<(), Error> {
    if session.kiosk {
        return Err(Error::with_detail(
            ProblemKind::Forbidden,
            "自助机上不能更改就诊人，请在手机上操作。",
            "Family members cannot be changed on a kiosk; please use your phone.",
        ));
    }
    Ok(())
}

/// What a member's phone code is recorded under: the account and the phone, so a code
/// confirms that phone for that account only.
fn member_subject(account_id: &str, phone: &str) -> String {
    format!("member:{account_id}:{phone}")
}

/// Sends a code to the phone a member is being saved with, to confirm it (see
/// [`needs_member_code`]): the typed phone, or the phone on file of `patient_id`.
#[utoipa::path(post, path = "/patients/phone-codes", tag = "patients",
    request_body = MemberCodeRequest,
    responses(
        (status = 202, body = CodeSent),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn send_member_code(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Json(req): Json<MemberCodeRequest>,
) -> Result<axum::response::Response, Error> {
    use axum::response::IntoResponse;
    not_on_kiosk(&session)?;
    let phone = match (&req.phone, &req.patient_id) {
        (Some(phone), _) => identity::normalize_mobile(phone)
            .map_err(|_| Error::field("phone", FieldCode::Mobile))?,
        (None, Some(id)) => match patients::get(&state.db, &session.account_id, id).await? {
            Some(row) => row.phone,
            None => return Err(not_found(&state, &session.account_id, &client, id).await),
        },
        (None, None) => return Err(Error::field("phone", FieldCode::Required)),
    };
    let account = accounts::account(&state.db, &session.account_id)
        .await?
        .ok_or_else(|| Error::kind(ProblemKind::Unauthenticated))?;
    let target = Target {
        subject: member_subject(&session.account_id, &phone),
        phone: Some(phone),
        account_id: Some(session.account_id.clone()),
        demo: state.is_demo() && account.phone == demo::DEMO_PHONE,
    };
    Ok(issue_code(&state, &client, target).await?.into_response())
}

/// After a member was added or changed: confirms the phone the code went to, and tells
/// the account's phone (unless that is where the code went), so a change made by someone
/// else with the session does not go unnoticed.
async fn after_confirmed_save(
    state: &AppState,
    account_id: &str,
    row: &PatientRow,
    added: bool,
) -> Result<(), Error> {
    let now = state.clock.now();
    patients::confirm_phone(&state.db, account_id, &row.id, now).await?;
    let Some(account) = accounts::account(&state.db, account_id).await? else {
        return Ok(());
    };
    if account.phone == row.phone {
        return Ok(());
    }
    let signature = &state.content.hospital.short_name_or_name().zh;
    let what = if added { "添加了" } else { "修改了" };
    let name = identity::mask_name(&row.name);
    let text = format!(
        "【{signature}】您的账户{what}就诊人{name}（手机 {}）。如非您本人操作，请立即联系医院。",
        mask_mobile(&row.phone)
    );
    let id = uuid::Uuid::now_v7().to_string();
    outbox::enqueue(state.db.write(), &id, "sms", &account.phone, &text, now).await?;
    state.outbox_ready.notify_one();
    Ok(())
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
    client: ClientInfo,
) -> Result<axum::Json<Vec<Patient>>, Error> {
    let rows = patients::list(&state.db, &session.account_id).await?;
    let members = rows.iter().map(view).collect::<Result<Vec<_>, _>>()?;
    let detail = json!({ "count": members.len() });
    http::audit(
        &state,
        "patients.listed",
        Some(&session.account_id),
        &client,
        detail,
    )
    .await;
    Ok(axum::Json(members))
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
    not_on_kiosk(&session)?;
    let input = composed(input);
    let checked = check_patient(&input, state.today(), None).map_err(validation)?;
    let members = one_holder(&state, &session.account_id, None, checked.relation).await?;
    if members >= MAX_PATIENTS {
        // Said before the code is used up; the insert below still counts atomically.
        return Err(write_error(WriteError::TooMany));
    }
    let subject = member_subject(&session.account_id, &checked.phone);
    let code = input.phone_code.as_deref();
    redeem_code(&state, &client, &subject, code, "phone_code").await?;
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
    after_confirmed_save(&state, &session.account_id, &row, true).await?;
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
    let Some(row) = patients::get(&state.db, &session.account_id, &id).await? else {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    };
    let member = view(&row)?;
    let detail = json!({ "patient": row.id });
    http::audit(
        &state,
        "patient.read",
        Some(&session.account_id),
        &client,
        detail,
    )
    .await;
    Ok(axum::Json(member))
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
    not_on_kiosk(&session)?;
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
    let confirmed = needs_member_code(&input, Some(on_file));
    if confirmed {
        let subject = member_subject(&session.account_id, &checked.phone);
        let code = input.phone_code.as_deref();
        redeem_code(&state, &client, &subject, code, "phone_code").await?;
    }
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
    if confirmed {
        after_confirmed_save(&state, &session.account_id, &row, false).await?;
    }
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
    not_on_kiosk(&session)?;
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
    not_on_kiosk(&session)?;
    if !patients::set_default(&state.db, &session.account_id, &id).await? {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    }
    let row = patients::get(&state.db, &session.account_id, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(axum::Json(view(&row)?))
}

/// Refuses a second account holder ("本人"): the rule is core's [`relation_choices`], the
/// same list the app's form offers. Answers how many members the account has.
async fn one_holder(
    state: &AppState,
    account_id: &str,
    editing: Option<&str>,
    relation: Relation,
) -> Result<usize, Error> {
    let members = patients::list(&state.db, account_id)
        .await?
        .iter()
        .map(view)
        .collect::<Result<Vec<_>, _>>()?;
    if relation_choices(&members, editing).contains(&relation) {
        Ok(members.len())
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
        WriteError::DuplicateHolder => Error::field("relation", FieldCode::Duplicate),
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
