//! `cargo xtask bootstrap`: checks every tool the build and the tests need, installs what is
//! missing and skips what is there, printing one line per tool.
//!
//! Everything comes from crates.io, npm or Debian's apt, the only sources reachable from CI;
//! TOOLCHAIN.md records why each tool is pinned to the version below.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::exec;
use crate::workspace::Workspace;

/// The trunk release the build is tested with.
const TRUNK_VERSION: &str = "0.22.1";
/// wasm-opt 132 is the first that reads the `table.fill` Rust 1.95 emits; npm ships a build.
const BINARYEN_PACKAGE: &str = "binaryen@132.0.0";
const WASM_OPT_VERSION: &str = "version 132";
/// The accessibility engine the end-to-end tests inject into each page; pinned so a new
/// axe release with new rules shows up as a deliberate upgrade, not as a red build.
const AXE_VERSION: &str = "4.14.1";
/// The Lighthouse `cargo xtask bench web` measures with; 12.8 is the last line that runs on
/// the Node 20 installed here (13 needs Node 22), and a pin keeps scores comparable.
const LIGHTHOUSE_VERSION: &str = "12.8.2";
/// The tool that cuts the app into a piece per journey (`cargo xtask split`); its crate
/// and the app's `wasm_split_helpers` are made together, so both are pinned.
const WASM_SPLIT_CRATE: &str = "wasm_split_cli_support";
const WASM_SPLIT_VERSION: &str = "0.2.4";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The system Chromium from apt, the only browser the tests and benches drive.
pub const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const BROWSER_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

/// Whether to also make sure of the browser the wasm and end-to-end tests drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Skip,
    Ensure,
}

/// Makes sure every tool is present, installing the missing ones.
pub fn bootstrap(ws: &Workspace, browser: Browser) -> Result<()> {
    ensure(Tool {
        name: WASM_TARGET,
        wanted: format!("the {WASM_TARGET} target"),
        check: &|| wasm_target(ws),
        install: vec![rustup_target_add(ws)],
    })?;
    fetch_crates(ws)?;
    ensure(Tool {
        name: "trunk",
        wanted: format!("trunk {TRUNK_VERSION} (takes about 12 minutes)"),
        check: &|| trunk(ws),
        install: vec![install_trunk(ws)],
    })?;
    let bindgen = wasm_bindgen_version(ws)?;
    ensure(Tool {
        name: "wasm-bindgen",
        wanted: format!("wasm-bindgen-cli {bindgen} (takes about 3 minutes)"),
        check: &|| wasm_bindgen(ws, &bindgen),
        install: vec![install_wasm_bindgen(ws, &bindgen)],
    })?;
    warn_on_trunk_pin(ws, &bindgen);
    ensure(Tool {
        name: "wasm-split-cli",
        wanted: format!("{WASM_SPLIT_CRATE} {WASM_SPLIT_VERSION} (takes about 2 minutes)"),
        check: &|| wasm_split(ws),
        install: vec![install_wasm_split(ws)],
    })?;
    ensure(Tool {
        name: "wasm-opt",
        wanted: BINARYEN_PACKAGE.to_owned(),
        check: &|| wasm_opt(ws),
        install: vec![install_wasm_opt(ws)],
    })?;
    ensure(Tool {
        name: "axe-core",
        wanted: format!("axe-core {AXE_VERSION}"),
        check: &|| axe(ws),
        install: vec![install_axe(ws)],
    })?;
    if browser == Browser::Ensure {
        ensure_browser(ws)?;
    }
    Ok(())
}

/// One tool: how to tell whether it is usable, and the commands that install it.
struct Tool<'a> {
    name: &'a str,
    /// What gets installed, as shown while installing it.
    wanted: String,
    /// The version found, or why the tool is not usable ("missing", "found 0.2.100").
    check: &'a dyn Fn() -> Result<String, String>,
    install: Vec<Command>,
}

fn ensure(tool: Tool<'_>) -> Result<()> {
    let why = match (tool.check)() {
        Ok(found) => {
            say!("ok {} {found}", tool.name);
            return Ok(());
        }
        Err(why) => why,
    };
    let how = install_hint(&tool.install);
    say!("installing {} ({why}): {how}", tool.wanted);
    for mut command in tool.install {
        exec::run(&mut command).with_context(|| {
            format!(
                "could not install {}; to install it by hand: {how}",
                tool.name
            )
        })?;
    }
    match (tool.check)() {
        Ok(found) => {
            say!("ok {} {found}", tool.name);
            Ok(())
        }
        Err(why) => bail!(
            "{} is still not usable ({why}) after installing it; to install it by hand: {how}",
            tool.name
        ),
    }
}

fn install_hint(commands: &[Command]) -> String {
    commands
        .iter()
        .map(exec::display)
        .collect::<Vec<_>>()
        .join(" && ")
}

fn wasm_target(ws: &Workspace) -> Result<String, String> {
    let installed = exec::probe(ws.command("rustup").args(["target", "list", "--installed"]))
        .ok_or("`rustup target list --installed` failed")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        Ok("(rustup target)".to_owned())
    } else {
        Err("missing".to_owned())
    }
}

fn rustup_target_add(ws: &Workspace) -> Command {
    let mut command = ws.command("rustup");
    command.args(["target", "add", WASM_TARGET]);
    command
}

/// Downloads every crate now, because trunk builds with `--offline` (`offline = true` in
/// Trunk.toml) and would otherwise fail on the first new dependency.
fn fetch_crates(ws: &Workspace) -> Result<()> {
    let mut fetch = ws.cargo();
    fetch.arg("fetch");
    exec::run(&mut fetch).with_context(|| {
        format!(
            "could not fetch the crates; to fetch them by hand: {}",
            exec::display(&fetch)
        )
    })?;
    say!("ok crates (cargo fetch)");
    Ok(())
}

fn trunk(ws: &Workspace) -> Result<String, String> {
    let version = version_word(ws.command("trunk").arg("--version"))?;
    // Any trunk builds the app; a newer one is kept rather than spending 12 minutes on a
    // reinstall, but said so in case a build behaves differently.
    if version == TRUNK_VERSION {
        Ok(version)
    } else {
        Ok(format!("{version} (not the tested {TRUNK_VERSION}; kept)"))
    }
}

fn install_trunk(ws: &Workspace) -> Command {
    let mut command = ws.cargo();
    // trunk 0.22 declares a newer rust-version than it needs; it builds fine on 1.95.
    command.args([
        "install",
        "--locked",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--ignore-rust-version",
    ]);
    command
}

fn wasm_bindgen(ws: &Workspace, wanted: &str) -> Result<String, String> {
    let version = version_word(ws.command("wasm-bindgen").arg("--version"))?;
    if version != wanted {
        return Err(format!("found {version}, Cargo.lock wants {wanted}"));
    }
    // The test runner comes with wasm-bindgen-cli; check it too, as cargo runs it for every
    // wasm test binary.
    if ws.find_program("wasm-bindgen-test-runner").is_none() {
        return Err("wasm-bindgen-test-runner is missing".to_owned());
    }
    Ok(version)
}

fn install_wasm_bindgen(ws: &Workspace, version: &str) -> Command {
    let mut command = ws.cargo();
    // Not `--locked`: wasm-bindgen-cli's own lockfile names a crate version crates.io lacks.
    command.args(["install", "wasm-bindgen-cli", "--version", version]);
    command
}

/// The tool has no `--version`; cargo's list of installed crates says which one it is.
fn wasm_split(ws: &Workspace) -> Result<String, String> {
    if ws.find_program("wasm-split-cli").is_none() {
        return Err("missing".to_owned());
    }
    let list = exec::probe(ws.cargo().args(["install", "--list"]))
        .ok_or("`cargo install --list` failed")?;
    let wanted = format!("{WASM_SPLIT_CRATE} v{WASM_SPLIT_VERSION}:");
    if list.lines().any(|line| line.trim() == wanted) {
        Ok(WASM_SPLIT_VERSION.to_owned())
    } else {
        Err(format!("not {WASM_SPLIT_CRATE} {WASM_SPLIT_VERSION}"))
    }
}

fn install_wasm_split(ws: &Workspace) -> Command {
    let mut command = ws.cargo();
    command.args([
        "install",
        "--locked",
        WASM_SPLIT_CRATE,
        "--version",
        WASM_SPLIT_VERSION,
        "--features",
        "build-binary",
    ]);
    command
}

/// The `wasm-bindgen` version in Cargo.lock, which the CLI must match exactly.
fn wasm_bindgen_version(ws: &Workspace) -> Result<String> {
    let path = ws.root().join("Cargo.lock");
    let lock = fs::read_to_string(&path).with_context(|| {
        format!(
            "could not read {}; run `cargo generate-lockfile`",
            path.display()
        )
    })?;
    locked_version(&lock, "wasm-bindgen").with_context(|| format!("in {}", path.display()))
}

/// The single version of `package` recorded in a Cargo.lock.
fn locked_version(lock: &str, package: &str) -> Result<String> {
    let mut versions = Vec::new();
    let mut in_package = false;
    for line in lock.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = false;
        } else if let Some(name) = toml_string(line, "name") {
            in_package = name == package;
        } else if let Some(version) = toml_string(line, "version").filter(|_| in_package) {
            versions.push(version.to_owned());
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => bail!("no `{package}` package"),
        _ => bail!(
            "several `{package}` versions ({}); the CLI can only match one",
            versions.join(", ")
        ),
    }
}

/// The value of a `key = "value"` line, as Cargo.lock and Trunk.toml write them.
fn toml_string<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let (found, value) = line.split_once('=')?;
    if found.trim() != key {
        return None;
    }
    value.trim().strip_prefix('"')?.strip_suffix('"')
}

/// The value of a `"key": "value",` line, as npm writes `package.json` (one key a line).
fn json_string<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let (found, value) = line.split_once(':')?;
    if found.trim().strip_prefix('"')?.strip_suffix('"')? != key {
        return None;
    }
    value
        .trim()
        .trim_end_matches(',')
        .strip_prefix('"')?
        .strip_suffix('"')
}

/// Trunk refuses to build (offline) when Trunk.toml pins another wasm-bindgen than the one
/// installed; say so now rather than after a full cargo build.
fn warn_on_trunk_pin(ws: &Workspace, bindgen: &str) {
    let Ok(trunk_toml) = fs::read_to_string(ws.root().join("Trunk.toml")) else {
        return;
    };
    let pinned = trunk_toml
        .lines()
        .find_map(|line| toml_string(line.trim(), "wasm_bindgen"));
    if let Some(pinned) = pinned.filter(|pinned| *pinned != bindgen) {
        say!(
            "warning: Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has {bindgen}; \
             trunk will refuse to build until they agree"
        );
    }
}

fn wasm_opt(ws: &Workspace) -> Result<String, String> {
    let binary = ws.tools_dir().join("node_modules/.bin/wasm-opt");
    let version = exec::probe(ws.command(&binary).arg("--version"))
        .ok_or_else(|| format!("{} is missing", binary.display()))?;
    if version.contains(WASM_OPT_VERSION) {
        Ok(version.trim_start_matches("wasm-opt version ").to_owned())
    } else {
        Err(format!("found {version}"))
    }
}

fn install_wasm_opt(ws: &Workspace) -> Command {
    npm_install(ws, BINARYEN_PACKAGE)
}

/// `npm install` of one package (`name@version`) into the project-local tools folder.
fn npm_install(ws: &Workspace, package: &str) -> Command {
    let mut command = ws.command("npm");
    command
        .arg("install")
        .arg("--prefix")
        .arg(ws.tools_dir())
        .args(["--no-audit", "--no-fund", package]);
    command
}

/// The version of the npm package `name` in the tools folder, read from the `version` of
/// its `package.json`, if it is `wanted`.
fn npm_package(ws: &Workspace, name: &str, wanted: &str) -> Result<String, String> {
    let manifest_path = ws
        .tools_dir()
        .join("node_modules")
        .join(name)
        .join("package.json");
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|_| format!("{} is missing", manifest_path.display()))?;
    let version = manifest
        .lines()
        .find_map(|line| json_string(line, "version"))
        .ok_or_else(|| format!("no version in {}", manifest_path.display()))?;
    if version == wanted {
        Ok(version.to_owned())
    } else {
        Err(format!("found {version}"))
    }
}

/// axe-core is a script for the page, not a program: it is found by the `version` of its
/// `package.json` and the presence of the browser build the tests inject.
fn axe(ws: &Workspace) -> Result<String, String> {
    let version = npm_package(ws, "axe-core", AXE_VERSION)?;
    if !ws.axe_script().is_file() {
        return Err(format!("{} is missing", ws.axe_script().display()));
    }
    Ok(version)
}

fn install_axe(ws: &Workspace) -> Command {
    npm_install(ws, &format!("axe-core@{AXE_VERSION}"))
}

/// Makes sure the pinned Lighthouse is in the tools folder, installing it from npm if not,
/// and returns its command-line program. Only `cargo xtask bench web` needs it, so
/// `bootstrap` leaves it out. It never downloads a browser: it drives [`CHROMIUM`].
pub fn ensure_lighthouse(ws: &Workspace) -> Result<PathBuf> {
    ensure(Tool {
        name: "lighthouse",
        wanted: format!("lighthouse {LIGHTHOUSE_VERSION}"),
        check: &|| lighthouse(ws),
        install: vec![install_lighthouse(ws)],
    })?;
    Ok(lighthouse_program(ws))
}

fn lighthouse_program(ws: &Workspace) -> PathBuf {
    ws.tools_dir().join("node_modules/.bin/lighthouse")
}

fn lighthouse(ws: &Workspace) -> Result<String, String> {
    let version = npm_package(ws, "lighthouse", LIGHTHOUSE_VERSION)?;
    if !lighthouse_program(ws).is_file() {
        return Err(format!("{} is missing", lighthouse_program(ws).display()));
    }
    Ok(version)
}

fn install_lighthouse(ws: &Workspace) -> Command {
    npm_install(ws, &format!("lighthouse@{LIGHTHOUSE_VERSION}"))
}

/// Chromium, chromedriver and CJK fonts come from apt together, so one install covers
/// whichever of them is missing.
fn ensure_browser(ws: &Workspace) -> Result<()> {
    let check = || {
        [
            ("chromium", program_at(ws, CHROMIUM)),
            ("chromedriver", program_at(ws, CHROMEDRIVER)),
            ("CJK fonts", cjk_fonts(ws)),
        ]
    };
    let missing: Vec<&str> = check()
        .into_iter()
        .filter_map(|(name, found)| match found {
            Ok(found) => {
                say!("ok {name} {found}");
                None
            }
            Err(why) => {
                say!("{name}: {why}");
                Some(name)
            }
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let install = apt_install(ws)?;
    let how = install_hint(&install);
    say!(
        "installing {} (missing: {}): {how}",
        BROWSER_PACKAGES.join(" "),
        missing.join(", ")
    );
    for mut command in install {
        exec::run(&mut command).with_context(|| {
            format!(
                "could not install {}; to install by hand: {how}",
                missing.join(", ")
            )
        })?;
    }
    for (name, found) in check() {
        match found {
            Ok(found) => say!("ok {name} {found}"),
            Err(why) => bail!("{name} is still {why} after `{how}`"),
        }
    }
    Ok(())
}

/// The `--version` line of the program at `path`, or the path itself if it will not say.
fn program_at(ws: &Workspace, path: &str) -> Result<String, String> {
    if !Path::new(path).is_file() {
        return Err(format!("missing ({path})"));
    }
    Ok(exec::probe(ws.command(path).arg("--version")).unwrap_or_else(|| path.to_owned()))
}

/// Without CJK fonts every Chinese character in a screenshot is a box.
fn cjk_fonts(ws: &Workspace) -> Result<String, String> {
    let fonts = exec::probe(ws.command("fc-list").arg(":lang=zh")).unwrap_or_default();
    match fonts.lines().count() {
        0 => Err("missing (`fc-list :lang=zh` lists none)".to_owned()),
        count => Ok(format!("({count} faces)")),
    }
}

/// `apt-get update` then the install, through sudo unless xtask already runs as root.
fn apt_install(ws: &Workspace) -> Result<Vec<Command>> {
    let uid = exec::probe(ws.command("id").arg("-u")).context("could not run `id -u`")?;
    let apt = |args: &[&str]| {
        let mut command = if uid == "0" {
            let mut command = ws.command("apt-get");
            command.env("DEBIAN_FRONTEND", "noninteractive");
            command
        } else {
            // sudo drops the environment, so the setting goes on its command line.
            let mut command = ws.command("sudo");
            command.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"]);
            command
        };
        command.args(args);
        command
    };
    let mut install = vec!["install", "-y"];
    install.extend(BROWSER_PACKAGES);
    Ok(vec![apt(&["update"]), apt(&install)])
}

/// The second word of a `--version` line (`trunk 0.22.1`, `wasm-bindgen 0.2.130`).
fn version_word(command: &mut Command) -> Result<String, String> {
    let line = exec::probe(command).ok_or("missing")?;
    line.split_whitespace()
        .nth(1)
        .map(str::to_owned)
        .ok_or_else(|| format!("unexpected version output '{line}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.53"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "yew"
version = "0.23.0"
"#;

    #[test]
    fn finds_the_exact_package_not_its_namesakes() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-futures").unwrap(),
            "0.4.53"
        );
    }

    #[test]
    fn the_lockfile_format_version_is_not_a_package_version() {
        assert!(locked_version("version = 4\n", "wasm-bindgen").is_err());
    }

    #[test]
    fn refuses_to_guess_between_two_versions() {
        let two = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        let error = locked_version(&two, "wasm-bindgen")
            .unwrap_err()
            .to_string();
        assert!(error.contains("0.2.130, 0.2.100"), "{error}");
    }

    #[test]
    fn reads_quoted_values_only_for_the_exact_key() {
        assert_eq!(
            toml_string(r#"wasm_bindgen = "0.2.130""#, "wasm_bindgen"),
            Some("0.2.130")
        );
        assert_eq!(toml_string(r#"wasm_bindgen_x = "1""#, "wasm_bindgen"), None);
        assert_eq!(toml_string("offline = true", "offline"), None);
    }

    #[test]
    fn reads_the_version_line_of_a_package_json() {
        assert_eq!(
            json_string(r#"  "version": "4.14.1","#, "version"),
            Some("4.14.1")
        );
        assert_eq!(
            json_string(r#"  "version": "4.14.1""#, "version"),
            Some("4.14.1")
        );
        assert_eq!(json_string(r#"  "name": "axe-core","#, "version"), None);
        assert_eq!(json_string(r#"    "node": ">=4""#, "version"), None);
        assert_eq!(json_string("{", "version"), None);
    }

    #[test]
    fn the_install_hints_are_the_documented_commands() {
        let ws = Workspace::locate().unwrap();
        assert_eq!(
            exec::display(&install_trunk(&ws)),
            "cargo install --locked trunk --version 0.22.1 --ignore-rust-version"
        );
        assert_eq!(
            exec::display(&install_wasm_bindgen(&ws, "0.2.130")),
            "cargo install wasm-bindgen-cli --version 0.2.130"
        );
        let axe = exec::display(&install_axe(&ws));
        assert!(
            axe.starts_with("npm install --prefix ") && axe.ends_with(" axe-core@4.14.1"),
            "{axe}"
        );
        let lighthouse = exec::display(&install_lighthouse(&ws));
        assert!(
            lighthouse.starts_with("npm install --prefix ")
                && lighthouse.ends_with(" --no-audit --no-fund lighthouse@12.8.2"),
            "{lighthouse}"
        );
    }
}
