//! Where things are: the repository root, the project-local tools folder, and the
//! environment every child process of xtask starts with.

use std::env;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

/// The Careway repository as seen by xtask.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    /// `PATH` for child processes: the project-local tools first, then cargo's `bin`, then
    /// the caller's own `PATH`.
    path: OsString,
}

impl Workspace {
    /// Finds the repository root from where this crate was compiled (`xtask/..`), so that
    /// `cargo xtask` works from any directory inside the repository.
    pub fn locate() -> Result<Self> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .with_context(|| format!("{} has no parent folder", manifest_dir.display()))?
            .to_path_buf();
        let tools_bin = root.join(".tools/node_modules/.bin");
        // wasm-opt from npm must come first: an older wasm-opt elsewhere on PATH (Debian's
        // binaryen 108) cannot read what Rust 1.95 emits. Cargo's `bin` is added because
        // trunk and wasm-bindgen live there and not every shell has it on PATH.
        let mut dirs = vec![tools_bin, cargo_home().join("bin")];
        dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
        let path = env::join_paths(dirs).context("a PATH entry contains the path separator")?;
        Ok(Self { root, path })
    }

    /// The repository root, which holds the workspace `Cargo.toml` and `Trunk.toml`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where trunk writes the built app and the server serves it from.
    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// Where cargo builds (`CARGO_TARGET_DIR`, or `target/` at the root).
    pub fn target_dir(&self) -> PathBuf {
        env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join("target"))
    }

    /// The project-local npm prefix that holds wasm-opt and axe-core (gitignored).
    pub fn tools_dir(&self) -> PathBuf {
        self.root.join(".tools")
    }

    /// The browser build of axe-core that the end-to-end tests inject into every page they
    /// check for accessibility (installed into the tools folder by bootstrap).
    pub fn axe_script(&self) -> PathBuf {
        self.tools_dir().join("node_modules/axe-core/axe.min.js")
    }

    /// A command for `program`, run at the repository root with xtask's `PATH`.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path);
        command
    }

    /// A command for the cargo that runs xtask, so every step uses the same toolchain.
    pub fn cargo(&self) -> Command {
        self.command(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }

    /// Looks `name` up on xtask's `PATH`, for tools that are only ever run by other tools.
    pub fn find_program(&self, name: &str) -> Option<PathBuf> {
        env::split_paths(&self.path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    }
}

/// Cargo's home, where `cargo install` puts binaries.
fn cargo_home() -> PathBuf {
    if let Some(home) = env::var_os("CARGO_HOME") {
        return home.into();
    }
    env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(".cargo")
}
