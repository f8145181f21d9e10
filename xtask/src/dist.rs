//! `cargo xtask dist`: builds the release app and reports what each file in `dist/` costs a
//! patient to download, raw and compressed, against the first-load budget.
//!
//! The app comes in pieces (see `split.rs`): the main module with its scripts and styles is
//! the first load, what every page waits for; each journey's piece, and the shared chunks it
//! needs, follow when a page of that journey opens. The report lists each journey's piece
//! and what its pages load in all, read from the pieces' script in `dist/`.
//!
//! Sizes are in KB of 1024 bytes. Compression uses the strongest settings of each format, as
//! the server precompresses or caches its responses rather than compressing on every request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::workspace::Workspace;
use crate::{app, tools, wasm_parts};

/// The most the wasm, JavaScript and CSS of the first page may weigh, brotli-compressed: what
/// a patient on a weak mobile connection can load in a few seconds.
const FIRST_LOAD_BUDGET_KB: u64 = 250;
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW_BITS: u32 = 22;

/// Bootstraps, builds the release app and prints the size report; fails when over budget.
pub fn run(ws: &Workspace) -> Result<ExitCode> {
    tools::bootstrap(ws, tools::Browser::Skip)?;
    app::build(ws)?;
    let dist = ws.dist();
    let mut files = Vec::new();
    collect_files(&dist, &mut files)?;
    if files.is_empty() {
        bail!("{} is empty after the app build", dist.display());
    }
    let mut sizes = files
        .iter()
        .map(|file| Sizes::measure(&dist, file))
        .collect::<Result<Vec<_>>>()?;
    sizes.sort_by(|a, b| b.brotli.cmp(&a.brotli).then_with(|| a.path.cmp(&b.path)));
    say!(
        "sizes of the files in {} (KB of 1024 bytes; gzip level 9, brotli quality \
         {BROTLI_QUALITY} window {BROTLI_WINDOW_BITS}); the chunks journeys share on one line",
        dist.display()
    );
    print!("{}", table(&with_chunks_summed(&sizes)));

    let wasm_brotli = sizes
        .iter()
        .filter(|size| size.path.ends_with(".wasm"))
        .map(|size| size.brotli)
        .sum::<u64>();
    let built = ws
        .target_dir()
        .join("wasm32-unknown-unknown/wasm-release/careway.wasm");
    match wasm_parts::breakdown(&built) {
        Ok(parts) => {
            say!(
                "what the wasm is made of (code and data as compiled, from {}; the brotli \
                 column is each part's share of the shipped wasm)",
                built.display()
            );
            print!("{}", breakdown_table(&parts, wasm_brotli));
        }
        Err(err) => say!("no breakdown of the wasm: {err:#}"),
    }

    let first_load = first_load_brotli(&sizes);
    match link_script(&sizes, &dist) {
        Ok(Some(script)) => {
            say!("each piece of journeys, and what its pages load in all (the first load, the piece and the chunks it needs)");
            print!(
                "{}",
                journeys_table(&parse_pieces(&script), &sizes, first_load)
            );
        }
        Ok(None) => say!("the app is in one piece (no pieces' script in dist/)"),
        Err(err) => say!("could not read the pieces' script: {err:#}"),
    }
    let within = first_load <= FIRST_LOAD_BUDGET_KB * 1024;
    println!(
        "first load (main wasm + js + css), brotli: {} KB of {FIRST_LOAD_BUDGET_KB} KB budget: {}",
        kb(first_load),
        if within { "OK" } else { "OVER BUDGET" }
    );
    Ok(if within {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every file under `dir`, recursively, but for trunk's own bookkeeping (`.trunk-lock`,
/// `.stage/`), which no browser ever downloads.
fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("could not list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("could not list {}", dir.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// One file's size, raw and compressed, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sizes {
    /// Relative to `dist/`, with `/` separators as in a URL.
    path: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl Sizes {
    fn measure(dist: &Path, file: &Path) -> Result<Self> {
        let bytes = fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
        let relative = file.strip_prefix(dist).unwrap_or(file);
        let path = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Self {
            path,
            raw: len(&bytes),
            gzip: len(&gzip(&bytes)?),
            brotli: len(&brotli(&bytes)?),
        })
    }
}

fn len(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).expect("a file's size fits in u64")
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// The length of `bytes` brotli-compressed as the report compresses every file.
pub fn brotli_len(bytes: &[u8]) -> Result<u64> {
    Ok(len(&brotli(bytes)?))
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder =
        brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW_BITS);
    encoder.write_all(bytes)?;
    encoder.flush()?;
    Ok(encoder.into_inner())
}

/// How many groups the breakdown names; the rest are summed in one line.
const BREAKDOWN_ROWS: usize = 16;

/// The breakdown as a table: each group's compiled bytes, its share, and that share of the
/// shipped wasm's brotli size; the app's own journeys are always listed.
fn breakdown_table(parts: &[wasm_parts::Part], wasm_brotli: u64) -> String {
    let total: u64 = parts.iter().map(|p| p.bytes).sum::<u64>().max(1);
    let mut out = format!(
        "{:<34} {:>12} {:>7} {:>14}\n",
        "part", "compiled KB", "share", "≈ brotli KB"
    );
    let row = |name: &str, bytes: u64| {
        let share = bytes as f64 / total as f64;
        format!(
            "{:<34} {:>12} {:>6.1}% {:>14.1}\n",
            name,
            kb(bytes),
            share * 100.0,
            share * wasm_brotli as f64 / 1024.0
        )
    };
    let (shown, rest): (Vec<_>, Vec<_>) = parts
        .iter()
        .enumerate()
        .partition(|(i, p)| *i < BREAKDOWN_ROWS || p.name.starts_with("careway"));
    for (_, part) in shown {
        out.push_str(&row(&part.name, part.bytes));
    }
    let rest_bytes: u64 = rest.iter().map(|(_, p)| p.bytes).sum();
    if rest_bytes > 0 {
        out.push_str(&row(&format!("{} more", rest.len()), rest_bytes));
    }
    out
}

/// Whether a file is part of what the browser must fetch before the app runs: wasm,
/// scripts and styles, but for the journeys' pieces and their chunks.
fn is_first_load(path: &str) -> bool {
    [".wasm", ".js", ".css"]
        .iter()
        .any(|ext| path.ends_with(ext))
        && !is_piece(path)
}

/// A piece of journeys (`split_<piece>-<hash>.wasm`) or a chunk pieces share
/// (`chunk_<n>-<hash>.wasm`), as `cargo xtask split` names them.
fn is_piece(path: &str) -> bool {
    path.ends_with(".wasm") && (path.starts_with("split_") || is_chunk(path))
}

fn is_chunk(path: &str) -> bool {
    path.starts_with("chunk_") && path.ends_with(".wasm")
}

/// The sizes with the shared chunks summed on one line (there are dozens, most under 1 KB).
fn with_chunks_summed(sizes: &[Sizes]) -> Vec<Sizes> {
    let (chunks, mut rest): (Vec<&Sizes>, Vec<&Sizes>) =
        sizes.iter().partition(|size| is_chunk(&size.path));
    let summed = Sizes {
        path: format!("chunk_*.wasm ({} shared chunks)", chunks.len()),
        raw: chunks.iter().map(|s| s.raw).sum(),
        gzip: chunks.iter().map(|s| s.gzip).sum(),
        brotli: chunks.iter().map(|s| s.brotli).sum(),
    };
    let mut out: Vec<Sizes> = rest.drain(..).cloned().collect();
    if !chunks.is_empty() {
        let at = out
            .iter()
            .position(|size| size.brotli < summed.brotli)
            .unwrap_or(out.len());
        out.insert(at, summed);
    }
    out
}

/// The text of the pieces' script (`split-<hash>.js`), if the build has one.
fn link_script(sizes: &[Sizes], dist: &Path) -> Result<Option<String>> {
    let Some(script) = sizes
        .iter()
        .find(|size| size.path.starts_with("split-") && size.path.ends_with(".js"))
    else {
        return Ok(None);
    };
    let path = dist.join(&script.path);
    fs::read_to_string(&path)
        .map(Some)
        .with_context(|| format!("reading {}", path.display()))
}

/// One module the pieces' script loads: a journey's piece or a shared chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Loaded {
    /// The journey (`booking`), or the chunk's variable (`__chunk_8`).
    name: String,
    /// The file it fetches.
    file: String,
    /// The chunks it needs first, by variable.
    needs: Vec<String>,
}

/// The modules the pieces' script loads, in its order. Each is a `makeLoad(fetcher, deps)`
/// call bound to `const __chunk_N` or to `export const __wasm_split_load_<journey>`; the
/// fetcher names the file in `new URL("./<file>", …)`.
fn parse_pieces(script: &str) -> Vec<Loaded> {
    let mut out = Vec::new();
    let mut rest = script;
    // Calls pass the fetcher as an arrow function; the runtime's own definition does not.
    while let Some(at) = rest.find("makeLoad(() =>") {
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let head = &rest[line_start..at];
        let after = &rest[at..];
        // The fetcher's body ends at the line `, [deps]`.
        let Some(list_at) = after.find("\n, [") else {
            break;
        };
        let list_end = after[list_at..]
            .find(']')
            .map_or(after.len(), |i| list_at + i);
        let call = &after[..list_end];
        let list = &after[list_at + 4..list_end];
        rest = &after[list_end..];
        let Some(binding) = head.split_whitespace().find(|word| word.starts_with("__")) else {
            continue;
        };
        let name = binding
            .strip_prefix("__wasm_split_load_")
            .unwrap_or(binding)
            .to_owned();
        let file = call
            .split_once("new URL(\"./")
            .and_then(|(_, tail)| tail.split_once('"'))
            .map(|(file, _)| file.to_owned())
            .unwrap_or_default();
        let needs = list
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect();
        out.push(Loaded { name, file, needs });
    }
    out
}

/// A line per journey: its piece, the chunks it needs (directly or through other chunks),
/// and the first load of its pages in all.
fn journeys_table(loaded: &[Loaded], sizes: &[Sizes], first_load: u64) -> String {
    let size_of = |file: &str| {
        sizes
            .iter()
            .find(|size| size.path == file)
            .map_or(0, |size| size.brotli)
    };
    let by_name = |name: &str| loaded.iter().find(|l| l.name == name);
    let mut out = format!(
        "{:<12} {:>9} {:>8} {:>10} {:>16}\n",
        "piece", "piece KB", "chunks", "chunks KB", "its pages, KB"
    );
    for journey in loaded.iter().filter(|l| !l.name.starts_with("__")) {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo: Vec<&str> = journey.needs.iter().map(String::as_str).collect();
        while let Some(next) = todo.pop() {
            if seen.contains(&next) {
                continue;
            }
            seen.push(next);
            if let Some(chunk) = by_name(next) {
                todo.extend(chunk.needs.iter().map(String::as_str));
            }
        }
        let chunks: u64 = seen
            .iter()
            .filter_map(|name| by_name(name))
            .map(|chunk| size_of(&chunk.file))
            .sum();
        let piece = size_of(&journey.file);
        out.push_str(&format!(
            "{:<12} {:>9} {:>8} {:>10} {:>16}\n",
            journey.name,
            kb(piece),
            seen.len(),
            kb(chunks),
            kb(first_load + piece + chunks)
        ));
    }
    out
}

fn first_load_brotli(sizes: &[Sizes]) -> u64 {
    sizes
        .iter()
        .filter(|size| is_first_load(&size.path))
        .map(|size| size.brotli)
        .sum()
}

/// Bytes as KB (1024 bytes) with one decimal.
pub fn kb(bytes: u64) -> String {
    // Tenths are rounded in integers so that no file shows e.g. "0.0" for 51 bytes.
    let tenths = (bytes * 10 + 512) / 1024;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The report, one row per file in the order given, then the totals.
fn table(sizes: &[Sizes]) -> String {
    let width = sizes
        .iter()
        .map(|size| size.path.len())
        .chain(["file".len()])
        .max()
        .unwrap_or_default();
    let mut out = format!(
        "{:<width$}  {:>9}  {:>9}  {:>9}\n",
        "file", "raw KB", "gzip KB", "brotli KB"
    );
    let mut row = |path: &str, raw, gzip, brotli| {
        out += &format!(
            "{path:<width$}  {:>9}  {:>9}  {:>9}\n",
            kb(raw),
            kb(gzip),
            kb(brotli)
        );
    };
    for size in sizes {
        row(&size.path, size.raw, size.gzip, size.brotli);
    }
    let sum = |field: fn(&Sizes) -> u64| sizes.iter().map(field).sum::<u64>();
    row(
        "total",
        sum(|size| size.raw),
        sum(|size| size.gzip),
        sum(|size| size.brotli),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(path: &str, brotli: u64) -> Sizes {
        Sizes {
            path: path.to_owned(),
            raw: brotli * 3,
            gzip: brotli * 2,
            brotli,
        }
    }

    #[test]
    fn kb_has_one_rounded_decimal() {
        assert_eq!(kb(0), "0.0");
        assert_eq!(kb(51), "0.0");
        assert_eq!(kb(52), "0.1");
        assert_eq!(kb(1536), "1.5");
        assert_eq!(kb(250 * 1024), "250.0");
        assert_eq!(kb(105_677), "103.2");
    }

    #[test]
    fn first_load_counts_only_wasm_js_and_css() {
        let all = [
            sizes("careway-1a2b_bg.wasm", 100_000),
            sizes("careway-1a2b.js", 7_000),
            sizes("styles-9f.css", 2_000),
            sizes("index.html", 1_000),
            sizes("assets/logo.svg", 5_000),
            sizes("assets/map.json", 3_000),
        ];
        assert_eq!(first_load_brotli(&all), 109_000);
    }

    #[test]
    fn pieces_and_chunks_are_not_the_first_load() {
        let all = [
            sizes("careway-1a2b_bg.wasm", 100_000),
            sizes("careway-1a2b.js", 7_000),
            sizes("split-3c4d.js", 2_000),
            sizes("split_booking-5e6f.wasm", 50_000),
            sizes("chunk_3-7a8b.wasm", 900),
        ];
        assert_eq!(first_load_brotli(&all), 109_000);
        let summed = with_chunks_summed(&all);
        assert_eq!(summed.len(), 5);
        assert!(summed
            .iter()
            .any(|s| s.path.starts_with("chunk_*") && s.brotli == 900));
    }

    #[test]
    fn the_pieces_script_says_what_each_journey_loads() {
        let script = r#"import { initSync } from "./careway-1a2b.js";
function makeLoad(fetcher, deps) {
    const loader = async () => { const parallelStuff = deps.map(d => d()); };
}
const __chunk_0 = makeLoad(() => {
    const src = fetch(new URL("./chunk_0-aa.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./chunk_1-bb.wasm", import.meta.url));
}
, [__chunk_0]);
export const __wasm_split_load_booking = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_booking-cc.wasm", import.meta.url));
}
, [__chunk_1]));
export const __wasm_split_load_queue = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_queue-dd.wasm", import.meta.url));
}
, []));
"#;
        let loaded = parse_pieces(script);
        let names: Vec<&str> = loaded.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["__chunk_0", "__chunk_1", "booking", "queue"]);
        assert_eq!(loaded[2].file, "split_booking-cc.wasm");
        assert_eq!(loaded[2].needs, ["__chunk_1"]);
        let all = [
            sizes("chunk_0-aa.wasm", 1024),
            sizes("chunk_1-bb.wasm", 2048),
            sizes("split_booking-cc.wasm", 10 * 1024),
            sizes("split_queue-dd.wasm", 5 * 1024),
        ];
        let table = journeys_table(&loaded, &all, 100 * 1024);
        let booking = table.lines().find(|l| l.starts_with("booking")).unwrap();
        // Its chunk and, through it, the other: 3 KB; in all 100 + 10 + 3.
        assert!(booking
            .split_whitespace()
            .eq(["booking", "10.0", "2", "3.0", "113.0"]));
        let queue = table.lines().find(|l| l.starts_with("queue")).unwrap();
        assert!(queue
            .split_whitespace()
            .eq(["queue", "5.0", "0", "0.0", "105.0"]));
    }

    #[test]
    fn table_lines_up_rows_and_totals() {
        let table = table(&[sizes("app_bg.wasm", 2048), sizes("index.html", 1024)]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("app_bg.wasm"));
        assert!(lines[1].ends_with("2.0"));
        assert!(lines[3].starts_with("total"));
        assert!(lines[3].ends_with("3.0"));
        assert!(lines.iter().all(|line| line.len() == lines[0].len()));
    }

    #[test]
    fn compressors_shrink_repetitive_text_and_round_trip() {
        let text = "<div class=\"slot\">08:30 门诊</div>\n"
            .repeat(200)
            .into_bytes();
        let packed = brotli(&text).unwrap();
        assert!(
            packed.len() * 10 < text.len(),
            "brotli gave {} bytes",
            packed.len()
        );
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut packed.as_slice(), &mut unpacked).unwrap();
        assert_eq!(unpacked, text);
        assert!(gzip(&text).unwrap().len() * 10 < text.len());
    }
}
