//! `/api/v1/login-codes`, `/api/v1/session` and `/api/v1/me`: logging in with a one-time
//! code, the session it opens, and the account behind it.

use careway_core::api::account::{
    Account, CardCodeRequest, CodeRequest, CodeSent, LoginRequest, SessionInfo,
};
use careway_core::locale::Lang;
use gloo::net::http::Method;
use web_sys::AbortSignal;

use super::ApiError;

/// Sends a one-time code to this phone.
pub async fn send_code(
    phone: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<CodeSent, ApiError> {
    let body = CodeRequest {
        phone: phone.to_owned(),
    };
    super::post("/login-codes", &body, lang, signal).await
}

/// On a kiosk: sends a one-time code to the phone on file for this card or ID number.
pub async fn send_card_code(
    card_number: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<CodeSent, ApiError> {
    let body = CardCodeRequest {
        card_number: card_number.to_owned(),
    };
    super::post("/kiosk/login-codes", &body, lang, signal).await
}

/// Logs in with the code; the answer sets the HttpOnly session cookie.
pub async fn login(
    body: &LoginRequest,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<SessionInfo, ApiError> {
    super::post("/session", body, lang, signal).await
}

/// The session of this browser, `None` when signed out: the server answers `200` with
/// `null` rather than a 401, so a signed-out page load shows no failed request.
pub async fn session(
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Option<SessionInfo>, ApiError> {
    super::get("/session", lang, signal).await
}

/// Ends the session on the server (also fine without one).
pub async fn logout(lang: Lang, signal: Option<&AbortSignal>) -> Result<(), ApiError> {
    super::request(Method::DELETE, "/session", None::<&()>, lang, signal).await
}

/// The logged-in account.
pub async fn me(lang: Lang, signal: Option<&AbortSignal>) -> Result<Account, ApiError> {
    super::get("/me", lang, signal).await
}
