//! `cargo xtask split`: cuts the app's WebAssembly into the shell and a piece per journey,
//! run by trunk after its build (the `post_build` hook in Trunk.toml).
//!
//! The app marks where the pieces begin (`src/app/lazy.rs`, the `split` feature); the
//! linker keeps its relocations (`.cargo/config.toml`), from which `wasm-split-cli` knows
//! what each piece needs. Trunk's own bindings are of the uncut module, so this step
//! redoes what trunk did after cargo, in the order cutting needs:
//!
//! 1. `wasm-split-cli` cuts the module cargo built into the main module, one module per
//!    piece of journeys (`split_<piece>.wasm`, plus shared chunks when pieces share code that the
//!    shell does not use), and the script that fetches them (`__wasm_split.js`);
//! 2. `wasm-bindgen` binds the main module, keeping the linker's exports (the function
//!    table and the memory, which the pieces import);
//! 3. `wasm-opt` shrinks every module (release builds);
//! 4. the files go into trunk's staging folder: the main module and its script under the
//!    names trunk chose (so its loader in the page is unchanged), the pieces and the script
//!    under names carrying a hash of their content (the service worker keeps such files
//!    for good, and the server lets browsers cache them for a year), and the page gets a
//!    `<meta name="careway-piece">` per file, by which the service worker saves the pieces
//!    for offline use along with the rest of the build.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::exec;
use crate::workspace::Workspace;

/// What wasm-opt is asked for, the same as trunk's `data-wasm-opt="z"` would do, plus the
/// features rustc 1.95 emits by default (bulk memory, reference types, multi-value, …),
/// all in Safari/iOS 15+ and Chromium 91+.
const WASM_OPT_ARGS: [&str; 12] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--converge",
    "--low-memory-unused",
    "--strip-debug",
    "--strip-producers",
];

/// The cargo profile of trunk's release build (`data-cargo-profile-release` in index.html).
const RELEASE_PROFILE: &str = "wasm-release";

/// The name the pieces' script is given in the staging folder, before its hash.
const LINK_STEM: &str = "split";

/// The meta element, one per piece, that names the pieces in the page.
pub const PIECE_META: &str = "careway-piece";

/// Cuts the build in trunk's staging folder (`TRUNK_STAGING_DIR`).
pub fn run(ws: &Workspace) -> Result<()> {
    let staging = env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .context(
            "`cargo xtask split` is run by trunk after its build (TRUNK_STAGING_DIR is not set)",
        )?;
    let release = env::var("TRUNK_PROFILE").map_or(true, |profile| profile == "release");
    let profile = if release { RELEASE_PROFILE } else { "debug" };
    let input = ws
        .target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("careway.wasm");
    let work = ws.target_dir().join("careway-split");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("clearing {}", work.display()))?;
    }
    let (cut, bound) = (work.join("cut"), work.join("bound"));

    let mut split = ws.command("wasm-split-cli");
    split.arg(&input).arg(&cut).args(["--out-name", "careway"]);
    exec::run(&mut split).context("cutting the app into pieces failed")?;

    let mut bindgen = ws.command("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
        .arg("--out-dir")
        .arg(&bound)
        .args(["--out-name", "careway"])
        .arg(cut.join("careway.wasm"));
    exec::run(&mut bindgen).context("binding the app's main module failed")?;

    let main_js = trunk_output(&staging, |name| {
        name.starts_with("careway-") && name.ends_with(".js")
    })?;
    let main_wasm = trunk_output(&staging, |name| {
        name.starts_with("careway-") && name.ends_with("_bg.wasm")
    })?;
    optimise(
        ws,
        release,
        &bound.join("careway_bg.wasm"),
        &staging.join(&main_wasm),
    )?;

    let mut link = read(&cut.join("__wasm_split.js"))?;
    link = replace_once(&link, "\"./careway.js\"", &format!("\"./{main_js}\""))?;
    let mut pieces = Vec::new();
    for piece in wasm_files(&cut)? {
        if piece == "careway.wasm" {
            continue;
        }
        let stem = piece.trim_end_matches(".wasm");
        let scratch = work.join(&piece);
        optimise(ws, release, &cut.join(&piece), &scratch)?;
        let bytes = fs::read(&scratch)?;
        let name = format!("{stem}-{}.wasm", content_hash(&bytes));
        fs::write(staging.join(&name), &bytes)?;
        link = replace_once(&link, &format!("\"./{piece}\""), &format!("\"./{name}\""))?;
        pieces.push(name);
    }
    let link_name = format!("{LINK_STEM}-{}.js", content_hash(link.as_bytes()));
    fs::write(staging.join(&link_name), &link)?;
    pieces.insert(0, link_name.clone());

    let bound_js = read(&bound.join("careway.js"))?;
    // One import statement per function the main module imports from the script; the
    // name also keys the imports object, where it must stay the module name in the wasm.
    let bound_js = replace_all(
        &bound_js,
        "from \"./__wasm_split.js\"",
        &format!("from \"./{link_name}\""),
    )?;
    fs::write(staging.join(&main_js), bound_js)?;

    let index = staging.join("index.html");
    let page = read(&index)?;
    fs::write(&index, with_piece_metas(&page, &pieces)?)?;
    say!(
        "cut the app into its main module and {} pieces: {}",
        pieces.len() - 1,
        pieces[1..].join(", ")
    );
    Ok(())
}

/// The one file of trunk's output whose name `matches`.
fn trunk_output(staging: &Path, matches: impl Fn(&str) -> bool) -> Result<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(staging)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if matches(&name) {
            found.push(name);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one such file of trunk's in {}, found {found:?}",
            staging.display()
        ),
    }
}

/// The `.wasm` files of `dir`, by name, sorted.
fn wasm_files(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".wasm") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Shrinks `from` into `to` (release), or copies it.
pub fn optimise(ws: &Workspace, release: bool, from: &Path, to: &Path) -> Result<()> {
    if !release {
        fs::copy(from, to).with_context(|| format!("copying {}", from.display()))?;
        return Ok(());
    }
    let mut opt = ws.command("wasm-opt");
    opt.args(WASM_OPT_ARGS).arg(from).arg("-o").arg(to);
    exec::run(&mut opt).with_context(|| format!("optimising {} failed", from.display()))
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// `text` with `from` replaced by `to`, which must occur exactly once: a tool that starts
/// writing its references differently must stop the build, not ship a broken app.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("expected `{from}` once in the generated script, found it {n} times"),
    }
}

/// `text` with every `from` replaced by `to`; there must be at least one.
fn replace_all(text: &str, from: &str, to: &str) -> Result<String> {
    if !text.contains(from) {
        bail!("expected `{from}` in the generated script, found none");
    }
    Ok(text.replace(from, to))
}

/// The page with a `<meta name="careway-piece" content="/<file>">` per piece before `</head>`.
fn with_piece_metas(page: &str, pieces: &[String]) -> Result<String> {
    let metas: String = pieces
        .iter()
        .map(|piece| format!("<meta name=\"{PIECE_META}\" content=\"/{piece}\">\n"))
        .collect();
    replace_once(page, "</head>", &format!("{metas}</head>"))
}

/// 16 hex digits of a 64-bit FNV-1a hash of `bytes`: trunk's length of content hash, which
/// the service worker and the server recognise as a name that never changes its content.
fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_sixteen_hex_digits_and_follows_the_content() {
        let one = content_hash(b"piece one");
        assert_eq!(one.len(), 16);
        assert!(one.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(one, content_hash(b"piece one"));
        assert_ne!(one, content_hash(b"piece two"));
    }

    #[test]
    fn references_are_replaced_exactly_once_or_the_build_stops() {
        assert_eq!(
            replace_once("import \"./a.js\";", "\"./a.js\"", "\"./b.js\"").unwrap(),
            "import \"./b.js\";"
        );
        assert!(replace_once("no reference", "\"./a.js\"", "x").is_err());
        assert!(replace_once("\"./a.js\" \"./a.js\"", "\"./a.js\"", "x").is_err());
    }

    #[test]
    fn the_page_names_every_piece_before_its_head_ends() {
        let page = "<html><head><title>t</title></head><body></body></html>";
        let named = with_piece_metas(page, &["split-00.js".into(), "p-01.wasm".into()]).unwrap();
        assert!(named.contains(
            "<meta name=\"careway-piece\" content=\"/split-00.js\">\n\
             <meta name=\"careway-piece\" content=\"/p-01.wasm\">\n</head>"
        ));
    }
}
