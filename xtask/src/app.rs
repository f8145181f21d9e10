//! `cargo xtask app`: builds the app into `dist/` with trunk, for `run`, `test` and `dist`.

use std::process::Command;

use anyhow::{Context, Result};

use crate::exec;
use crate::workspace::Workspace;

/// The release build of the app. Trunk is always run, as its own rebuild is incremental
/// (seconds when nothing changed) and xtask cannot tell better than trunk what is stale.
pub fn command(ws: &Workspace) -> Command {
    let mut command = ws.command("trunk");
    command.args(["build", "--release"]);
    // Offline, trunk fails at once with a clear message on a tool version mismatch instead
    // of trying to download a binary for 30 seconds; it also builds with `cargo --offline`.
    command.env("TRUNK_OFFLINE", "true");
    command
}

/// Builds the release app into `dist/`, assuming the tools are bootstrapped.
pub fn build(ws: &Workspace) -> Result<()> {
    let mut trunk = command(ws);
    say!(
        "building the app into {}: {}",
        ws.dist().display(),
        exec::display(&trunk)
    );
    exec::run(&mut trunk).context("the app build failed")
}
