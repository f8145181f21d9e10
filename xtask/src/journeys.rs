//! `cargo xtask dist --journeys`: what each journey adds to the app's download.
//!
//! The size report of `dist` says what each file weighs and which crate or module the
//! compiled code belongs to. It cannot say what a journey costs: a journey's pages make the
//! compiler write yew's component machinery, serde's decoders and the standard library's
//! generic code once more for each of its types, and that code is named after yew, serde
//! and `core`, not after the journey. So this task weighs each journey the only exact way:
//! it builds the app without it (the app's cargo feature of that name off; see
//! `src/app/lazy.rs`) and subtracts. Each build is the release wasm in one module (no
//! pieces, so the pieces' own overhead does not blur the figure), bound by wasm-bindgen and
//! shrunk by wasm-opt exactly as the shipped app, then compressed with brotli.
//!
//! Two totals are weighed as built, not added up from the differences: every journey in
//! one module, and shell + account + booking in one module (the app before any later
//! journey). Code that only account and booking share is in neither's difference, so their
//! sum understates that app by some 25 KB.
//!
//! Ten builds of about a minute each on two cores; run it when a change may have moved a
//! journey's weight, and before a journey's issue is called done.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context, Result};
use wasmparser::{Parser, Payload};

use crate::workspace::Workspace;
use crate::{dist, exec, json, split, tools};

/// One journey as a patient knows it: the app features that make it up, and its budget
/// in KB of brotli (DESIGN.md), when it has one of its own.
struct Journey {
    name: &'static str,
    features: &'static [&'static str],
    budget_kb: Option<u64>,
}

/// The journeys, each with the features that make it up. The account and booking pages
/// were the app before any later journey; their budget is the shell's (250 KB for shell,
/// accounts and booking, weighed as built: [`BOOKING_APP`]). Surveys come with the inbox,
/// where they are delivered.
const JOURNEYS: [Journey; 6] = [
    Journey {
        name: "account",
        features: &["account"],
        budget_kb: None,
    },
    Journey {
        name: "booking",
        features: &["booking"],
        budget_kb: None,
    },
    Journey {
        name: "navigation",
        features: &["navigation"],
        budget_kb: Some(30),
    },
    Journey {
        name: "queue",
        features: &["queue"],
        budget_kb: Some(30),
    },
    Journey {
        name: "reports",
        features: &["reports"],
        budget_kb: Some(30),
    },
    Journey {
        name: "surveys + inbox",
        features: &["surveys", "inbox"],
        budget_kb: Some(45),
    },
];

/// Every journey feature of the app (the `default` features in Cargo.toml).
const ALL: [&str; 7] = [
    "account",
    "booking",
    "inbox",
    "navigation",
    "queue",
    "reports",
    "surveys",
];

/// The app before any later journey: the shell with accounts and booking.
const BOOKING_APP: [&str; 2] = ["account", "booking"];

/// The budget for shell, accounts and booking, and for all five journeys (KB brotli,
/// wasm + js + css; DESIGN.md).
const SHELL_BUDGET_KB: u64 = 250;
const WHOLE_BUDGET_KB: u64 = 375;

/// Builds the app with every journey, with none, with account and booking only, and without
/// each journey in turn, and prints what each journey costs against its budget. The style
/// sheet, the same for every build, is weighed from the last `dist` and counted in the
/// totals.
pub fn run(ws: &Workspace) -> Result<()> {
    tools::bootstrap(ws, tools::Browser::Skip)?;
    let work = ws.target_dir().join("careway-journeys");
    let css = css_weight(&ws.dist())?;
    let every = weigh(ws, &work, "with every journey", &ALL)?;
    let none = weigh(ws, &work, "with no journey", &[])?;
    let booking_app = weigh(ws, &work, "with account and booking only", &BOOKING_APP)?;
    let mut rows = Vec::new();
    for journey in &JOURNEYS {
        let kept: Vec<&str> = ALL
            .iter()
            .copied()
            .filter(|feature| !journey.features.contains(feature))
            .collect();
        let without = weigh(ws, &work, &format!("without {}", journey.name), &kept)?;
        rows.push(Row {
            name: journey.name,
            without,
            budget_kb: journey.budget_kb,
        });
    }
    say!(
        "what each journey adds to the app: the app in one module (wasm, bound and shrunk as \
         shipped; brotli), built with every journey and without each in turn"
    );
    print!(
        "{}",
        table(
            Totals {
                every,
                none,
                booking_app,
                css
            },
            &rows
        )
    );
    Ok(())
}

/// The style sheets of the built app in `dist`, brotli.
fn css_weight(dist: &Path) -> Result<u64> {
    let mut total = 0;
    let entries = fs::read_dir(dist)
        .with_context(|| format!("reading {} (built by `dist`)", dist.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "css") {
            total += dist::brotli_len(&fs::read(&path)?)?;
        }
    }
    Ok(total)
}

/// The builds weighed as a whole, and the style sheet every build ships with.
struct Totals {
    every: Weight,
    none: Weight,
    booking_app: Weight,
    css: u64,
}

/// What one build weighs, brotli: its wasm and its script.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Weight {
    wasm: u64,
    js: u64,
}

impl Weight {
    fn total(self) -> u64 {
        self.wasm + self.js
    }
}

/// A journey's line: the app without it.
struct Row {
    name: &'static str,
    without: Weight,
    budget_kb: Option<u64>,
}

impl Row {
    /// What the journey adds to the app that has `every` journey.
    fn adds(&self, every: Weight) -> u64 {
        every.total().saturating_sub(self.without.total())
    }
}

/// Builds the app with `features` only, and weighs it.
fn weigh(ws: &Workspace, work: &Path, label: &str, features: &[&str]) -> Result<Weight> {
    say!("weighing the app: {label}");
    let built = build(ws, features).with_context(|| format!("building the app {label} failed"))?;
    // The linker's relocations (kept for `cargo xtask split`) are not part of the app:
    // the shipped pieces have none. Left in, wasm-opt keeps them and they outweigh the code.
    fs::create_dir_all(work)?;
    let linked = work.join("linked.wasm");
    fs::write(&linked, without_link_sections(&fs::read(&built)?)?)?;
    let bound = work.join("bound");
    if bound.exists() {
        fs::remove_dir_all(&bound)?;
    }
    let mut bindgen = ws.command("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "careway",
        ])
        .arg("--out-dir")
        .arg(&bound)
        .arg(&linked);
    exec::run(&mut bindgen).with_context(|| format!("binding the app {label} failed"))?;
    let shrunk = work.join("careway.wasm");
    split::optimise(ws, true, &bound.join("careway_bg.wasm"), &shrunk)?;
    Ok(Weight {
        wasm: dist::brotli_len(&fs::read(&shrunk)?)?,
        js: dist::brotli_len(&fs::read(bound.join("careway.js"))?)?,
    })
}

/// Builds the release wasm with `features` and returns the file cargo says it wrote. The
/// copy under `target/…/careway.wasm` is not read: it is whichever build was last linked
/// there, and the app's own build (other features) shares it.
fn build(ws: &Workspace, features: &[&str]) -> Result<PathBuf> {
    let mut build = ws.cargo();
    build
        .args(["build", "--quiet", "-p", "careway", "--bin", "careway"])
        .args([
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ])
        .args(["--message-format", "json-render-diagnostics"])
        .arg("--no-default-features");
    if !features.is_empty() {
        build.args(["--features", &features.join(",")]);
    }
    build.stderr(Stdio::inherit());
    let output = build
        .output()
        .with_context(|| format!("could not start `{}`", exec::display(&build)))?;
    anyhow::ensure!(
        output.status.success(),
        "`{}` failed ({})",
        exec::display(&build),
        output.status
    );
    bin_artifact(&String::from_utf8_lossy(&output.stdout))
        .context("cargo named no wasm file for the app")
}

/// The wasm file of the `careway` binary among cargo's JSON messages.
fn bin_artifact(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| json::Value::parse(line).ok())
        .filter(|message| {
            message.string(&["reason"]) == Some("compiler-artifact")
                && message.string(&["target", "name"]) == Some("careway")
        })
        .find_map(|message| match message.get(&["filenames"]) {
            Some(json::Value::Array(files)) => files.iter().find_map(|file| match file {
                json::Value::String(file) if file.ends_with(".wasm") => Some(PathBuf::from(file)),
                _ => None,
            }),
            _ => None,
        })
}

/// `module` without its `linking` and `reloc.*` custom sections, the linker's notes for a
/// later link, which a browser never reads. Every other section is kept as it is, in order.
fn without_link_sections(module: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(module.len());
    let mut from = 0;
    for payload in Parser::new(0).parse_all(module) {
        let payload = payload.context("reading the app's WebAssembly")?;
        let end = match &payload {
            Payload::Version { range, .. } => range.end,
            other => match other.as_section() {
                Some((_, range)) => range.end,
                None => continue,
            },
        };
        let linker_note = matches!(
            &payload,
            Payload::CustomSection(section)
                if section.name() == "linking" || section.name().starts_with("reloc.")
        );
        if !linker_note {
            out.extend_from_slice(&module[from..end]);
        }
        from = end;
    }
    Ok(out)
}

/// The report: each journey's cost against its budget, then the totals (wasm + js + css)
/// against theirs.
fn table(totals: Totals, rows: &[Row]) -> String {
    let kb = dist::kb;
    let Totals {
        every,
        none,
        booking_app,
        css,
    } = totals;
    let mut out = format!(
        "{:<22}{:>12}{:>12}{:>10}\n",
        "journey", "app without", "it adds", "budget"
    );
    for row in rows {
        let adds = row.adds(every);
        let budget = match row.budget_kb {
            Some(budget) => format!("{budget} {}", verdict(adds, budget)),
            None => "shell's".to_owned(),
        };
        out.push_str(&format!(
            "{:<22}{:>12}{:>12}{:>10}\n",
            row.name,
            kb(row.without.total()),
            kb(adds),
            budget
        ));
    }
    out.push_str(&format!(
        "the shell alone (no journey): {} KB; every journey in one module: {} KB \
         (wasm {} + js {} + css {}), budget {WHOLE_BUDGET_KB} KB for all five: {}\n",
        kb(none.total() + css),
        kb(every.total() + css),
        kb(every.wasm),
        kb(every.js),
        kb(css),
        verdict(every.total() + css, WHOLE_BUDGET_KB)
    ));
    out.push_str(&format!(
        "shell + account + booking, built alone in one module: {} KB (wasm {} + js {} + css {}), \
         budget {SHELL_BUDGET_KB} KB: {}\n",
        kb(booking_app.total() + css),
        kb(booking_app.wasm),
        kb(booking_app.js),
        kb(css),
        verdict(booking_app.total() + css, SHELL_BUDGET_KB)
    ));
    out
}

fn verdict(bytes: u64, budget_kb: u64) -> &'static str {
    if bytes <= budget_kb * 1024 {
        "OK"
    } else {
        "OVER"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weight(kb: u64) -> Weight {
        Weight {
            wasm: kb * 1024,
            js: 0,
        }
    }

    /// A custom section: id 0, size, name, payload.
    fn custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut body = vec![u8::try_from(name.len()).unwrap()];
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(payload);
        let mut section = vec![0, u8::try_from(body.len()).unwrap()];
        section.extend(body);
        section
    }

    #[test]
    fn the_linkers_notes_are_dropped_and_every_other_section_kept_in_order() {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        let types = [1u8, 4, 1, 0x60, 0, 0];
        module.extend_from_slice(&types);
        module.extend(custom("linking", &[2, 8, 0]));
        module.extend(custom("reloc.CODE", &[3; 5]));
        module.extend(custom("name", &[7]));
        module.extend(custom("reloc.DATA", &[]));
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend_from_slice(&types);
        expected.extend(custom("name", &[7]));
        assert_eq!(without_link_sections(&module).unwrap(), expected);

        let mut cut_short = module.clone();
        cut_short.truncate(module.len() - 1);
        assert!(without_link_sections(&cut_short).is_err());
        assert!(without_link_sections(b"\x7fELF").is_err());
    }

    #[test]
    fn the_apps_wasm_is_found_among_cargos_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"yew","kind":["lib"]},"filenames":["/t/deps/libyew.rlib"]}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"careway","kind":["lib"]},"filenames":["/t/deps/libcareway.rlib"]}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"careway","kind":["bin"]},"filenames":["/t/deps/careway-1f.wasm"]}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
            "\n"
        );
        assert_eq!(
            bin_artifact(messages),
            Some(PathBuf::from("/t/deps/careway-1f.wasm"))
        );
        assert_eq!(
            bin_artifact(r#"{"reason":"build-finished","success":false}"#),
            None
        );
    }

    #[test]
    fn every_journey_feature_is_weighed_and_named_once() {
        let mut weighed: Vec<&str> = JOURNEYS
            .iter()
            .flat_map(|journey| journey.features.iter().copied())
            .collect();
        weighed.sort_unstable();
        assert_eq!(weighed, ALL);
        let manifest = include_str!("../../Cargo.toml");
        let default = manifest
            .lines()
            .find(|line| line.starts_with("default = "))
            .expect("the app's default features");
        for feature in ALL {
            assert!(default.contains(&format!("\"{feature}\"")), "{feature}");
        }
    }

    #[test]
    fn a_journey_costs_the_difference_and_is_judged_on_its_budget() {
        let rows = [
            Row {
                name: "navigation",
                without: weight(380),
                budget_kb: Some(30),
            },
            Row {
                name: "surveys + inbox",
                without: weight(350),
                budget_kb: Some(45),
            },
            Row {
                name: "booking",
                without: weight(360),
                budget_kb: None,
            },
        ];
        let report = table(
            Totals {
                every: weight(400),
                none: weight(160),
                booking_app: weight(230),
                css: 1024,
            },
            &rows,
        );
        let line = |name: &str| {
            report
                .lines()
                .find(|line| line.starts_with(name))
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(line("navigation"), "navigation 380.0 20.0 30 OK");
        assert_eq!(
            line("surveys + inbox"),
            "surveys + inbox 350.0 50.0 45 OVER"
        );
        assert_eq!(line("booking"), "booking 360.0 40.0 shell's");
        assert!(report.contains("the shell alone (no journey): 161.0 KB"));
        assert!(report.contains("every journey in one module: 401.0 KB"));
        assert!(report.contains("for all five: OVER\n"), "{report}");
        // Weighed as built, not the shell plus the two differences (161 + 40 = 201).
        assert!(
            report.contains("shell + account + booking, built alone in one module: 231.0 KB"),
            "{report}"
        );
        assert!(report.contains("budget 250 KB: OK\n"), "{report}");
    }
}
