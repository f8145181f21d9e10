//! `cargo xtask run`: builds the app and the server, then runs the server on this machine.

use std::path::{self, PathBuf};

use anyhow::{Context, Result};

use crate::workspace::Workspace;
use crate::{app, exec, tools};

/// Flags of `cargo xtask run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Port on 127.0.0.1.
    pub port: u16,
    /// Where the server keeps its data; `<repo>/data` when not given.
    pub data_dir: Option<PathBuf>,
    /// Whether the server is a release build; the app always is, as a debug wasm build is
    /// many times larger and slower.
    pub release: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            port: 8080,
            data_dir: None,
            release: true,
        }
    }
}

/// Bootstraps, builds the app, then builds and runs the server until it exits. The server
/// prints its URL and the demo login itself once it listens.
pub fn run(ws: &Workspace, options: &Options) -> Result<()> {
    tools::bootstrap(ws, tools::Browser::Skip)?;
    app::build(ws)?;
    // A relative --data-dir means relative to where the user typed the command, but the
    // server starts at the repository root: hand it an absolute path.
    let data_dir = match &options.data_dir {
        Some(dir) => path::absolute(dir)
            .with_context(|| format!("could not resolve --data-dir {}", dir.display()))?,
        None => ws.root().join("data"),
    };
    let addr = format!("127.0.0.1:{}", options.port);
    let mut server = ws.cargo();
    server.arg("run");
    if options.release {
        server.arg("--release");
    }
    server
        // Named, so that the benches' binaries added to the package later do not make
        // `cargo run` ask which binary to run.
        .args(["--package", "careway-server", "--bin", "careway-server"])
        .env("CAREWAY_ADDR", &addr)
        .env("CAREWAY_DATA_DIR", &data_dir)
        .env("CAREWAY_DIST", ws.dist())
        .env("CAREWAY_DEMO", "1");
    say!(
        "starting careway-server in DEMO MODE (the demo hospital; codes in the log and on \
         screen; the published staff token works) on {addr} with data in {} ({})",
        data_dir.display(),
        exec::display(&server)
    );
    exec::replace(server)
}
