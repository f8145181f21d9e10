//! `cargo xtask dist`: builds the release app and reports what each file in `dist/` costs a
//! patient to download, raw and compressed, against the first-load budget.
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
         {BROTLI_QUALITY} window {BROTLI_WINDOW_BITS})",
        dist.display()
    );
    print!("{}", table(&sizes));

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
    let within = first_load <= FIRST_LOAD_BUDGET_KB * 1024;
    println!(
        "first load (wasm + js + css), brotli: {} KB of {FIRST_LOAD_BUDGET_KB} KB budget: {}",
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

/// Whether a file is part of what the browser must fetch before the app runs.
fn is_first_load(path: &str) -> bool {
    [".wasm", ".js", ".css"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

fn first_load_brotli(sizes: &[Sizes]) -> u64 {
    sizes
        .iter()
        .filter(|size| is_first_load(&size.path))
        .map(|size| size.brotli)
        .sum()
}

/// Bytes as KB (1024 bytes) with one decimal.
fn kb(bytes: u64) -> String {
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
