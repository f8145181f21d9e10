//! Logging in with a phone and a one-time code, sessions, and the account.
//!
//! `POST /login-codes` (or, on a kiosk, `POST /kiosk/login-codes` with a card) sends a
//! code; `POST /session` exchanges it for a session cookie; `GET /session` tells the app
//! who is logged in; `DELETE /session` logs out. Answers never reveal whether a phone or
//! card is known: the same body, the same quotas, whatever the database holds.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use careway_core::api::account::{
    self, Account, CardCodeRequest, CodeRequest, CodeSent, LoginRequest, SessionInfo,
    CODE_RESEND_SECONDS, CODE_TTL_SECONDS,
};
use careway_core::api::LocalText;
use careway_core::identity::{self, mask_mobile, ResidentId};
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{self, ClientInfo, CurrentSession};
use super::error::{Error, Json};
use super::throttle::Hit;
use crate::store::accounts::{self as store, NewCode, NewSession, SessionRow};
use crate::{demo, http, secrets, store as db, AppState};

/// How long a phone or browser session lasts without a request.
pub const IDLE_TIMEOUT: SignedDuration = SignedDuration::from_mins(30);
/// How long a phone or browser session lasts at most.
pub const ABSOLUTE_TIMEOUT: SignedDuration = SignedDuration::from_hours(7 * 24);
/// How long a kiosk session lasts at most, however active.
pub const KIOSK_ABSOLUTE_TIMEOUT: SignedDuration = SignedDuration::from_mins(30);
/// Codes one phone (whatever was typed to reach it) or one card may be sent per hour. A
/// patient who used them up waits at most an hour, and is told how long.
pub const CODES_PER_HOUR: i64 = 5;
/// Wrong guesses one code takes from everyone together before it stops working; each
/// client is held to [`careway_core::api::account::CODE_MAX_TRIES`] a quarter of an hour first, so one guesser
/// cannot use up the code of the patient it was sent to.
pub const CODE_GUESSES: u32 = 20;
/// Codes one client address may request per hour (a lobby's kiosks share an address
/// with each other, not with the public).
pub const CODES_PER_ADDRESS_HOUR: i64 = 30;

/// A stored instant as RFC 3339; one out of range is corrupt data, a 500.
fn timestamp(ms: i64) -> Result<String, Error> {
    Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .map_err(|_| anyhow::anyhow!("a stored instant is out of range: {ms}").into())
}

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(send_card_code))
        .routes(routes!(login, get_session, logout))
        .routes(routes!(me))
}

/// Sends a one-time code to a phone.
#[utoipa::path(post, path = "/login-codes", tag = "session",
    request_body = CodeRequest,
    responses(
        (status = 202, body = CodeSent),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn send_code(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(req): Json<CodeRequest>,
) -> Result<impl IntoResponse, Error> {
    let phone = match identity::normalize_mobile(&req.phone) {
        Ok(phone) => phone,
        Err(_) if req.phone.trim().is_empty() => {
            return Err(Error::field("phone", FieldCode::Required))
        }
        Err(_) => return Err(Error::field("phone", FieldCode::Mobile)),
    };
    let demo = state.is_demo() && phone == demo::DEMO_PHONE;
    let target = Target {
        subject: format!("phone:{phone}"),
        phone: Some(phone),
        account_id: None,
        demo,
    };
    issue_code(&state, &client, target).await
}

/// On a kiosk: sends a one-time code to the phone on file for a medical card or a resident
/// ID number. The answer is the same whether or not the card is known.
#[utoipa::path(post, path = "/kiosk/login-codes", tag = "session",
    request_body = CardCodeRequest,
    responses(
        (status = 202, body = CodeSent),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn send_card_code(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(req): Json<CardCodeRequest>,
) -> Result<impl IntoResponse, Error> {
    kiosk_only(&state, &client)?;
    let card = normalize_card(&state, &req.card_number)?;
    let login = db::patients::card_login(&state.db, &card).await?;
    let demo = state.is_demo() && login.as_ref().is_some_and(|l| l.phone == demo::DEMO_PHONE);
    let target = Target {
        subject: format!("card:{card}"),
        phone: login.as_ref().map(|l| l.phone.clone()),
        account_id: login.map(|l| l.account_id),
        demo,
    };
    issue_code(&state, &client, target).await
}

/// Refuses a card login from outside the kiosks' networks, when the hospital named them.
fn kiosk_only(state: &AppState, client: &ClientInfo) -> Result<(), Error> {
    let networks = &state.config.kiosk_networks;
    if networks.is_empty() || networks.iter().any(|n| n.contains(&client.addr)) {
        return Ok(());
    }
    Err(Error::with_detail(
        ProblemKind::Forbidden,
        "刷卡登录只能在医院大厅的自助机上使用；在手机上请用手机号登录。",
        "Logging in by card works only on the hospital's kiosks; on a phone, log in with your phone number.",
    ))
}

fn normalize_card(state: &AppState, input: &str) -> Result<String, Error> {
    let card: String = input.trim().to_ascii_uppercase();
    if card.is_empty() {
        return Err(Error::field("card_number", FieldCode::Required));
    }
    let is_id = card.len() == 18 && ResidentId::parse(&card, state.today()).is_ok();
    if account::is_medical_card(&card) && card.len() != 18 || is_id {
        Ok(card)
    } else {
        Err(Error::field("card_number", FieldCode::CardNumber))
    }
}

/// Where a code goes and what it logs into (or confirms).
pub(crate) struct Target {
    /// What the code is for: `phone:<digits>`, `card:<number>`, `member:<account>:<digits>`.
    pub subject: String,
    /// Where it goes; `None` for an unknown card (nothing is sent, the answer is the same).
    pub phone: Option<String>,
    /// The account it logs into or acts for.
    pub account_id: Option<String>,
    /// Show the code in the answer: the demo account of a demo server.
    pub demo: bool,
}

/// Sends a one-time code within the quotas, recording it for [`redeem_code`] or a login.
pub(crate) async fn issue_code(
    state: &AppState,
    client: &ClientInfo,
    target: Target,
) -> Result<impl IntoResponse, Error> {
    let now = state.clock.now();
    let mut tx = store::begin_write(&state.db).await?;
    let quota = store::code_quota(
        &mut tx,
        &target.subject,
        target.phone.as_deref(),
        &client.quota_key(),
        now,
    )
    .await?;
    // The demo account's code is shown to whoever asks: limiting it would only lock the
    // demo for everyone trying it (real accounts keep every limit).
    let limit = (!target.demo).then(|| retry_after(&quota, now)).flatten();
    if let Some(retry_after) = limit {
        drop(tx);
        let detail =
            json!({ "subject": mask_subject(&target.subject), "retry_after": retry_after });
        http::audit_refusal(
            state,
            "code.rate_limited",
            target.account_id.as_deref(),
            client,
            detail,
        )
        .await;
        return Err(Error::TooManyRequests { retry_after });
    }
    let code = secrets::new_code();
    let id = uuid::Uuid::now_v7().to_string();
    let hash = state.secret.code_hash(&id, &code);
    let expires_at = now + SignedDuration::from_secs(i64::from(CODE_TTL_SECONDS));
    store::insert_code(
        &mut tx,
        NewCode {
            id: &id,
            subject: &target.subject,
            phone: target.phone.as_deref(),
            account_id: target.account_id.as_deref(),
            client_addr: &client.quota_key(),
            code_hash: &hash,
            now,
            expires_at,
        },
    )
    .await?;
    if let Some(phone) = &target.phone {
        let text = code_message(state.content.hospital.short_name_or_name(), &code);
        let message_id = uuid::Uuid::now_v7().to_string();
        db::outbox::enqueue(&mut *tx, &message_id, "sms", phone, &text, now).await?;
    }
    tx.commit().await?;
    state.outbox_ready.notify_one();
    let detail =
        json!({ "subject": mask_subject(&target.subject), "delivered": target.phone.is_some() });
    http::audit(
        state,
        "code.sent",
        target.account_id.as_deref(),
        client,
        detail,
    )
    .await;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(CodeSent {
            resend_after_seconds: CODE_RESEND_SECONDS,
            expires_in_seconds: CODE_TTL_SECONDS,
            demo_code: target.demo.then_some(code),
        }),
    ))
}

/// The SMS text of a code, in Chinese as SMS gateways in China require a signature.
fn code_message(signature: &LocalText, code: &str) -> String {
    format!(
        "【{}】您的验证码是 {code}，5 分钟内有效。请勿将验证码告诉他人。",
        signature.zh
    )
}

/// Seconds to wait when a quota is used up; `None` when a code may be sent.
fn retry_after(q: &store::CodeQuota, now: Timestamp) -> Option<u64> {
    let now = now.as_millisecond();
    let wait = |since: Option<i64>, window_ms: i64| -> u64 {
        let until = since.unwrap_or(now) + window_ms;
        u64::try_from((until - now + 999) / 1000)
            .unwrap_or(0)
            .max(1)
    };
    if q.minute >= 1 {
        return Some(wait(q.last, i64::from(CODE_RESEND_SECONDS) * 1000));
    }
    if q.hour >= CODES_PER_HOUR {
        return Some(wait(q.first_of_hour, 3_600_000));
    }
    if q.addr_hour >= CODES_PER_ADDRESS_HOUR {
        return Some(wait(q.addr_first_of_hour, 3_600_000));
    }
    None
}

fn mask_subject(subject: &str) -> String {
    match subject.rsplit_once(':') {
        Some((kind, value)) => format!("{kind}:{}", identity::mask_id_number(value)),
        None => "?".to_owned(),
    }
}

/// Logs in with a one-time code; answers with the session and sets its cookie.
#[utoipa::path(post, path = "/session", tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, body = SessionInfo),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ))]
pub async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> Result<impl IntoResponse, Error> {
    let subject = match (&req.phone, &req.card_number) {
        (Some(phone), None) => match identity::normalize_mobile(phone) {
            Ok(phone) => format!("phone:{phone}"),
            Err(_) => return Err(Error::field("phone", FieldCode::Mobile)),
        },
        (None, Some(card)) => {
            kiosk_only(&state, &client)?;
            format!("card:{}", normalize_card(&state, card)?)
        }
        _ => return Err(Error::field("phone", FieldCode::Required)),
    };
    let now = state.clock.now();
    let row = verify_code(&state, &client, &subject, Some(&req.code), "code").await?;
    let target = row.account_id.clone();
    let card_login = subject.starts_with("card:");
    // A card login is a kiosk's, whatever the client claims: short and scoped.
    let kiosk = req.kiosk || card_login;

    let account = match (&target, &row.phone) {
        (Some(account_id), _) => store::account(&state.db, account_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a login code names a missing account"))?,
        (None, Some(phone)) => {
            let new_id = uuid::Uuid::now_v7().to_string();
            let (account, created) =
                store::find_or_create_account(&state.db, &new_id, phone, now).await?;
            if created {
                http::audit(
                    &state,
                    "account.created",
                    Some(&account.id),
                    &client,
                    json!({}),
                )
                .await;
            }
            account
        }
        (None, None) => {
            return Err(anyhow::anyhow!("a login code with neither account nor phone").into())
        }
    };

    // A new login always gets a new token; the one the browser held, if any, ends.
    if let Some(old) = auth::session_token(&headers, state.config.is_https()) {
        store::end_session(&state.db, &secrets::token_hash(old), now).await?;
    }
    let (token, token_hash) = secrets::new_session_token();
    let session_id = uuid::Uuid::now_v7().to_string();
    let (idle, absolute) = if kiosk {
        (
            SignedDuration::from_secs(i64::from(state.config.kiosk_idle_seconds)),
            KIOSK_ABSOLUTE_TIMEOUT,
        )
    } else {
        (IDLE_TIMEOUT, ABSOLUTE_TIMEOUT)
    };
    let expires_at = now + absolute;
    store::create_session(
        &state.db,
        NewSession {
            token_hash: &token_hash,
            id: &session_id,
            account_id: &account.id,
            kiosk,
            client_addr: &client.addr,
            now,
            idle_timeout_ms: idle.as_millis() as i64,
            expires_at,
        },
    )
    .await?;
    let detail = json!({ "session": session_id, "kiosk": kiosk, "via": if card_login { "card" } else { "phone" } });
    http::audit(
        &state,
        "login.succeeded",
        Some(&account.id),
        &client,
        detail,
    )
    .await;

    let max_age = (!kiosk).then(|| absolute.as_secs());
    let cookie = auth::session_cookie(&token, max_age, state.config.is_https());
    let info = SessionInfo {
        account: account_view(&account)?,
        kiosk,
        idle_timeout_seconds: idle.as_secs() as u32,
        expires_at: expires_at.to_string(),
        unread: crate::store::inbox::unread(&state.db, &account.id).await?,
    };
    Ok(([(header::SET_COOKIE, cookie)], axum::Json(info)))
}

/// Uses a code sent for `subject` (not a login: a member's phone confirmation), answering
/// refusals on the form's `field`.
pub(crate) async fn redeem_code(
    state: &AppState,
    client: &ClientInfo,
    subject: &str,
    code: Option<&str>,
    field: &str,
) -> Result<(), Error> {
    verify_code(state, client, subject, code, field)
        .await
        .map(|_| ())
}

/// Checks and uses the latest code of `subject`: the code row when it matched.
///
/// Every refusal of a well-formed code is the same answer, whether the code was wrong,
/// expired, used, superseded or never sent, so the answer tells nobody whether a code
/// was recently requested. Each client (address, or IPv6 /64) gets [`careway_core::api::account::CODE_MAX_TRIES`]
/// tries per subject a quarter of an hour (then 429 with the wait); a code stops working
/// after [`CODE_GUESSES`] wrong tries from everyone together. The demo account's codes
/// are shown on screen anyway, and are not limited.
async fn verify_code(
    state: &AppState,
    client: &ClientInfo,
    subject: &str,
    code: Option<&str>,
    field: &str,
) -> Result<store::CodeRow, Error> {
    let code = code.map(str::trim).unwrap_or_default();
    if code.is_empty() {
        return Err(Error::field(field, FieldCode::Required));
    }
    if !account::is_code(code) {
        return Err(Error::field(field, FieldCode::CodeFormat));
    }
    let now = state.clock.now();
    let refused = || Error::Problem {
        kind: ProblemKind::Validation,
        detail: Some(LocalText {
            zh: "验证码不正确或已失效。请检查后再试，或重新获取验证码。".to_owned(),
            en: "The code is not correct or no longer valid. Check it, or ask for a new one."
                .to_owned(),
        }),
        errors: vec![(field.to_owned(), FieldCode::CodeWrong)],
    };
    let row = store::latest_code(&state.db, subject).await?;
    let demo =
        state.is_demo() && row.as_ref().and_then(|r| r.phone.as_deref()) == Some(demo::DEMO_PHONE);
    if !demo {
        let key = format!("{subject} {}", client.quota_key());
        if let Hit::Over { retry_after } = state.throttles.code_tries.hit(&key) {
            let detail = json!({ "subject": mask_subject(subject) });
            http::audit_refusal(state, "code.tries_exceeded", None, client, detail).await;
            return Err(Error::TooManyRequests { retry_after });
        }
    }
    let Some(row) = row else {
        return Err(refused());
    };
    let guesses = if demo { u32::MAX } else { CODE_GUESSES };
    let usable = row.consumed_at.is_none()
        && row.expires_at > now.as_millisecond()
        && row.attempts < i64::from(guesses);
    if !usable {
        return Err(refused());
    }
    let card_without_account = subject.starts_with("card:") && row.account_id.is_none();
    if card_without_account || !state.secret.code_matches(&row.id, code, &row.code_hash) {
        let tries = store::record_wrong_try(&state.db, &row.id, guesses, now).await?;
        let detail = json!({ "subject": mask_subject(subject), "tries": tries });
        let event = if field == "code" {
            "login.failed"
        } else {
            "code.wrong"
        };
        http::audit(state, event, row.account_id.as_deref(), client, detail).await;
        return Err(refused());
    }
    if !store::consume_code(&state.db, &row.id, guesses, now).await? {
        return Err(refused());
    }
    Ok(row)
}

fn account_view(a: &store::AccountRow) -> Result<Account, Error> {
    Ok(Account {
        id: a.id.clone(),
        phone_masked: mask_mobile(&a.phone),
        created_at: timestamp(a.created_at)?,
    })
}

/// Who is logged in on this browser: the session, or `null` when there is none (never
/// was, expired, or logged out). Being signed out is a normal answer here, not a 401, so
/// the app's first request on a signed-out page logs no error; a stale cookie is removed.
#[utoipa::path(get, path = "/session", tag = "session",
    responses(
        (status = 200, body = Option<SessionInfo>,
         description = "The session, or `null` when signed out"),
    ))]
pub async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<axum::response::Response, Error> {
    let Some(token) = auth::session_token(&headers, state.config.is_https()) else {
        return Ok(axum::Json(None::<SessionInfo>).into_response());
    };
    let hash = secrets::token_hash(token);
    let Some(session) = store::touch_session(&state.db, &hash, state.clock.now()).await? else {
        let clear = auth::clear_session_cookie(state.config.is_https());
        return Ok((
            [(header::SET_COOKIE, clear)],
            axum::Json(None::<SessionInfo>),
        )
            .into_response());
    };
    let account = session_account(&state, &session).await?;
    Ok(axum::Json(Some(SessionInfo {
        account: account_view(&account)?,
        kiosk: session.kiosk,
        idle_timeout_seconds: u32::try_from(session.idle_timeout_ms / 1000)
            .map_err(|_| anyhow::anyhow!("a session's idle timeout is out of range"))?,
        expires_at: timestamp(session.expires_at)?,
        unread: crate::store::inbox::unread(&state.db, &account.id).await?,
    }))
    .into_response())
}

async fn session_account(
    state: &AppState,
    session: &SessionRow,
) -> Result<store::AccountRow, Error> {
    store::account(&state.db, &session.account_id)
        .await?
        .ok_or_else(|| Error::kind(ProblemKind::Unauthenticated))
}

/// Logs out: the session ends on the server and the cookie is removed. Succeeds without a
/// session too, so a kiosk can always say "done".
#[utoipa::path(delete, path = "/session", tag = "session",
    responses(
        (status = 204, description = "Logged out"),
        super::error::CsrfProblems,
    ))]
pub async fn logout(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
) -> Result<impl IntoResponse, Error> {
    if let Some(token) = auth::session_token(&headers, state.config.is_https()) {
        let now = state.clock.now();
        if let Some(ended) = store::end_session(&state.db, &secrets::token_hash(token), now).await?
        {
            let detail = json!({ "session": ended.id });
            http::audit(&state, "logout", Some(&ended.account_id), &client, detail).await;
        }
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            auth::clear_session_cookie(state.config.is_https()),
        )],
    ))
}

/// The logged-in account.
#[utoipa::path(get, path = "/me", tag = "session",
    responses(
        (status = 200, body = Account),
        super::error::SessionProblems,
    ))]
pub async fn me(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<axum::Json<Account>, Error> {
    let account = session_account(&state, &session).await?;
    Ok(axum::Json(account_view(&account)?))
}
