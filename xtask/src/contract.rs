//! The API contract step of `cargo xtask test`: schemathesis reads the server's own OpenAPI
//! document, sends the server what the document allows and what it forbids, and fails on
//! any 5xx or any answer the document does not describe (a status, a content type, a body
//! that breaks its schema), and on a request the document allows that the server refuses.
//!
//! schemathesis comes from PyPI into a project-local virtualenv (`.tools/venv`), the one
//! Python source reachable from CI; the server is the real binary on a free port with a
//! fresh data folder (the demo hospital), run once signed out and once signed in.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use crate::exec;
use crate::server::{self, request, Launch, Profile, Server, TempDir};
use crate::workspace::Workspace;

/// The schemathesis release the contract is checked with (TOOLCHAIN.md).
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// The staff token the server under test is given, so the staff operation is reached.
const STAFF_TOKEN: &str = "contract-check-staff-token";
/// The demo account's phone, whose code a demo server hands back in the answer.
const DEMO_PHONE: &str = "13800138000";

/// One schemathesis pass: its name, how long it may take and what it sends.
struct Pass {
    name: &'static str,
    seconds: u32,
    signed_in: bool,
}

/// Signed out first (every operation, `DELETE /session` included, must describe its 401
/// or its signed-out answer), then signed in, where most of the API is reached.
const PASSES: [Pass; 2] = [
    Pass {
        name: "signed out",
        seconds: 40,
        signed_in: false,
    },
    Pass {
        name: "signed in",
        seconds: 80,
        signed_in: true,
    },
];

/// The project-local virtualenv that holds schemathesis.
fn venv(ws: &Workspace) -> PathBuf {
    ws.tools_dir().join("venv")
}

/// Makes sure schemathesis is installed, builds and starts the server, runs the passes and
/// stops the server.
pub fn run(ws: &Workspace) -> Result<()> {
    ensure_schemathesis(ws)?;
    let binary = server::build(ws, Profile::Debug)?;
    let data = TempDir::new("contract")?;
    let launch = Launch {
        // The API alone: the contract is about the OpenAPI document's operations.
        dist: None,
        env: &[("CAREWAY_STAFF_TOKEN", STAFF_TOKEN)],
    };
    let server = Server::start(ws, &binary, data.path(), &launch)?;
    // Signed in before any pass: the signed-out pass tries wrong codes, which may lock the
    // demo account out of new logins.
    let cookie = log_in(server.port).context("could not sign in as the demo account")?;
    for pass in &PASSES {
        let cookie = pass.signed_in.then_some(cookie.as_str());
        let mut command = schemathesis(ws, server.port, pass, cookie);
        say!("contract, {}: {}", pass.name, exec::display(&command));
        exec::run(&mut command)?;
    }
    Ok(())
}

/// Installs schemathesis into the virtualenv unless the pinned version is there.
fn ensure_schemathesis(ws: &Workspace) -> Result<()> {
    let st = venv(ws).join("bin/st");
    let found = exec::probe(ws.command(&st).arg("--version")).unwrap_or_default();
    if found.ends_with(SCHEMATHESIS_VERSION) {
        say!("ok schemathesis {SCHEMATHESIS_VERSION}");
        return Ok(());
    }
    let install = install_schemathesis(ws);
    let how = install
        .iter()
        .map(exec::display)
        .collect::<Vec<_>>()
        .join(" && ");
    say!("installing schemathesis {SCHEMATHESIS_VERSION}: {how}");
    for mut command in install {
        exec::run(&mut command)
            .with_context(|| format!("could not install schemathesis; by hand: {how}"))?;
    }
    Ok(())
}

fn install_schemathesis(ws: &Workspace) -> [Command; 2] {
    let mut venv_create = ws.command("python3");
    venv_create.args(["-m", "venv"]).arg(venv(ws));
    let mut pip = ws.command(venv(ws).join("bin/pip"));
    pip.args(["install", "--quiet"])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}"));
    [venv_create, pip]
}

/// The `st run` command of one pass: the checks and their exceptions from
/// `xtask/schemathesis.toml`, bounded in time, with a fixed seed so that a failure can be
/// replayed, and without schemathesis's example database so that runs do not depend on
/// each other.
fn schemathesis(ws: &Workspace, port: u16, pass: &Pass, cookie: Option<&str>) -> Command {
    let mut command = ws.command(venv(ws).join("bin/st"));
    command
        .arg("--config-file")
        .arg(ws.root().join("xtask/schemathesis.toml"))
        .arg("run")
        .arg(format!("http://127.0.0.1:{port}/api/v1/openapi.json"))
        .args(["--header", "X-Careway-Csrf: 1"])
        .arg("--header")
        .arg(format!("Authorization: Bearer {STAFF_TOKEN}"))
        // One worker: with two, hypothesis parses lambda sources on two threads at once and
        // CPython 3.11's parser can fail with "AST constructor recursion depth mismatch",
        // an error of the tool that has nothing to do with the API.
        .args(["--max-examples", "40", "--seed", "1", "--workers", "1"])
        .args(["--generation-database", "none", "--no-color"])
        // The event streams stay open for minutes by design; their answers are checked
        // by the server's own tests (server/tests/queue.rs).
        .args(["--exclude-path-regex", "/events$"])
        .arg("--max-time")
        .arg(pass.seconds.to_string());
    if let Some(cookie) = cookie {
        // Signing out would end the session the rest of the pass uses.
        command
            .arg("--header")
            .arg(format!("Cookie: {cookie}"))
            .args(["--exclude-name", "DELETE /api/v1/session"]);
    }
    command
}

/// Logs the demo account in as the app does (a code, then a session) and returns the
/// `careway_session=…` cookie.
fn log_in(port: u16) -> Result<String> {
    let json = [
        ("Content-Type", "application/json"),
        ("X-Careway-Csrf", "1"),
    ];
    let body = format!(r#"{{"phone":"{DEMO_PHONE}"}}"#);
    let sent = request(port, "POST", "/api/v1/login-codes", Some(&body), &json)?;
    let code = json_string(&sent, "demo_code").context("no demo_code in the answer")?;
    let body = format!(r#"{{"phone":"{DEMO_PHONE}","code":"{code}"}}"#);
    let answer = request(port, "POST", "/api/v1/session", Some(&body), &json)?;
    session_cookie(&answer).context("no session cookie in the answer")
}

/// The value of `"key":"value"` in a compact JSON answer.
fn json_string(answer: &str, key: &str) -> Option<String> {
    let (_, rest) = answer.split_once(&format!("\"{key}\":\""))?;
    rest.split('"').next().map(str::to_owned)
}

/// The `careway_session=…` pair of the answer's `Set-Cookie`.
fn session_cookie(answer: &str) -> Option<String> {
    answer
        .lines()
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.trim().split(';').next())
        .find(|pair| pair.starts_with("careway_session=") && pair.len() > "careway_session=".len())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_demo_code_and_the_session_cookie() {
        let sent = "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\n\r\n\
                    {\"resend_after_seconds\":60,\"expires_in_seconds\":300,\"demo_code\":\"123456\"}";
        assert_eq!(json_string(sent, "demo_code").as_deref(), Some("123456"));
        assert_eq!(json_string(sent, "code"), None);
        let logged_in = "HTTP/1.1 200 OK\r\nset-cookie: careway_session=abc-_1; Path=/api; \
                         HttpOnly\r\n\r\n{\"set-cookie: careway_session=body\"}";
        assert_eq!(
            session_cookie(logged_in).as_deref(),
            Some("careway_session=abc-_1")
        );
        let cleared = "HTTP/1.1 200 OK\r\nSet-Cookie: careway_session=; Max-Age=0\r\n\r\n";
        assert_eq!(session_cookie(cleared), None);
    }

    #[test]
    fn the_signed_in_pass_keeps_its_session() {
        let ws = Workspace::locate().unwrap();
        let signed_in = exec::display(&schemathesis(&ws, 1, &PASSES[1], Some("c=1")));
        assert!(
            signed_in.contains("--exclude-name 'DELETE /api/v1/session'"),
            "{signed_in}"
        );
        let signed_out = exec::display(&schemathesis(&ws, 1, &PASSES[0], None));
        assert!(!signed_out.contains("--exclude-name"), "{signed_out}");
        assert!(signed_out.contains("--seed 1"), "{signed_out}");
        // Neither pass opens the event streams, which stay open by design.
        for pass in [&signed_in, &signed_out] {
            assert!(pass.contains("--exclude-path-regex /events$"), "{pass}");
        }
    }

    #[test]
    fn the_passes_stay_within_about_two_minutes() {
        let seconds: u32 = PASSES.iter().map(|pass| pass.seconds).sum();
        assert!(seconds <= 150, "{seconds}");
    }
}
