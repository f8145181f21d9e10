//! Tasks that are one binary of careway-server, built in release mode and run with the
//! caller's arguments: the benchmarks and the audit-log verifier. The list of benches also
//! names `web` (Lighthouse on the app, in `web_bench`), which main.rs runs itself.

use anyhow::{bail, Result};

use crate::workspace::Workspace;
use crate::{exec, web_bench};

/// A task that runs `cargo run --release -p careway-server --bin <bin> -- <args>`.
#[derive(Debug)]
pub struct ServerBin {
    /// The name typed after `cargo xtask bench`.
    pub name: &'static str,
    /// The careway-server binary target that implements it.
    pub bin: &'static str,
    /// Arguments that come before the caller's (a subcommand of the binary).
    pub leading_args: &'static [&'static str],
    /// One line for the list of benches.
    pub about: &'static str,
}

/// Benches for `cargo xtask bench <name>`. Adding one is one line, for example
/// `ServerBin { name: "auth", bin: "bench-auth", leading_args: &[], about: "logins per second" },`
/// next to a `server/src/bin/bench-auth.rs`.
pub const BENCHES: &[ServerBin] = &[
    ServerBin {
        name: "auth",
        bin: "bench-auth",
        leading_args: &[],
        about: "login round trip (code + session) over HTTP: p50/p99, logins per second",
    },
    ServerBin {
        name: "booking",
        bin: "bench-booking",
        leading_args: &[],
        about: "release rush (1 000 clients, 100 places) and booking throughput over HTTP",
    },
    ServerBin {
        name: "queue",
        bin: "bench-queue",
        leading_args: &[],
        about: "a queue change to 10 000 SSE clients: delivered, p50/p99, server RSS; \
                the wait estimator's error on held-out synthetic days",
    },
];

/// `cargo xtask bench nav`: the route planner, natively, on the demo venue (an example of
/// careway-core, where the planner lives).
pub const NAV: &str = "nav";
/// What `nav` measures.
const NAV_ABOUT: &str =
    "routes between 10 000 random place pairs of the demo venue, native: p50/p99";

/// The command behind `cargo xtask audit-verify`: the server binary's own subcommand.
pub const AUDIT_VERIFY: Option<ServerBin> = Some(ServerBin {
    name: "audit-verify",
    bin: "careway-server",
    leading_args: &["audit-verify"],
    about: "checks the audit log's hash chain in CAREWAY_DATA_DIR / DATABASE_URL",
});

/// Runs the bench called `name`, or lists the benches when no name is given.
pub fn bench(ws: &Workspace, name: Option<&str>, args: &[String]) -> Result<()> {
    let Some(name) = name else {
        say!("benches: {}", available());
        for bench in BENCHES {
            say!("  {:<12} {}", bench.name, bench.about);
        }
        say!("  {:<12} {}", NAV, NAV_ABOUT);
        say!("  {:<12} {}", web_bench::NAME, web_bench::ABOUT);
        return Ok(());
    };
    if name == NAV {
        return nav(ws, args);
    }
    match BENCHES.iter().find(|bench| bench.name == name) {
        Some(bench) => run(ws, bench, args),
        None => bail!("unknown bench '{name}'; available: {}", available()),
    }
}

/// `cargo xtask bench nav`: the planner natively (careway-core's `route_bench` example),
/// then in WebAssembly in headless Chromium (the app's ignored `nav_bench` test, run by
/// wasm-bindgen-test-runner with the system chromedriver).
fn nav(ws: &Workspace, args: &[String]) -> Result<()> {
    let mut native = ws.cargo();
    native
        .args([
            "run",
            "--release",
            "--package",
            "careway-core",
            "--example",
            "route_bench",
            "--",
        ])
        .args(args);
    say!("{NAV} (native): {}", exec::display(&native));
    exec::run(&mut native)?;
    let mut wasm = ws.cargo();
    wasm.args([
        "test",
        "--release",
        "--package",
        "careway",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "nav_bench",
        "--",
        "--include-ignored",
        "--nocapture",
    ]);
    wasm.env("CHROMEDRIVER", crate::test::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    say!("{NAV} (wasm): {}", exec::display(&wasm));
    exec::run(&mut wasm)
}

/// Runs the audit-log verifier with `args`.
pub fn audit_verify(ws: &Workspace, args: &[String]) -> Result<()> {
    match &AUDIT_VERIFY {
        Some(verifier) => run(ws, verifier, args),
        None => bail!(
            "audit-verify is not wired up yet: careway-server has no verifier binary; \
             name it in AUDIT_VERIFY in xtask/src/server_bin.rs once it exists"
        ),
    }
}

fn available() -> String {
    BENCHES
        .iter()
        .map(|bench| bench.name)
        .chain([NAV, web_bench::NAME])
        .collect::<Vec<_>>()
        .join(", ")
}

fn run(ws: &Workspace, task: &ServerBin, args: &[String]) -> Result<()> {
    let mut command = ws.cargo();
    command
        .args([
            "run",
            "--release",
            "--package",
            "careway-server",
            "--bin",
            task.bin,
            "--",
        ])
        .args(task.leading_args)
        .args(args);
    say!("{}: {}", task.name, exec::display(&command));
    exec::run(&mut command)
}
