//! `cargo xtask bench web`: Lighthouse against the release server, for the entry pages of
//! the journeys in each language, printed as a table against the budget in DESIGN.md
//! ("Budgets": performance ≥ 95, LCP ≤ 1.8 s, CLS ≤ 0.02, accessibility 100).
//!
//! Lighthouse runs with its default configuration, the mobile one: a Moto G Power screen,
//! simulated slow 4G and a 4× slower CPU. It drives the system Chromium (never a browser of
//! its own) and asks for each language the way a phone set to it does: `Accept-Language` on
//! every request, and Chromium's `--lang` and `--accept-lang`, the second of which is what
//! sets `navigator.languages` (the app's first choice) in headless Chromium on Linux;
//! `--lang` alone leaves it at `en-US`. The release app is built into `dist/` and served by the release
//! server binary in demo mode, with a fresh data folder on a free port.
//!
//! It is a benchmark, not a test: it prints figures and marks missed budgets, and fails
//! only when Lighthouse could not produce a report.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::json::Value;
use crate::server::{self, Launch, Profile, Server, TempDir};
use crate::workspace::Workspace;
use crate::{app, exec, tools, Flags};

/// The name typed after `cargo xtask bench`.
pub const NAME: &str = "web";
/// One line for the list of benches.
pub const ABOUT: &str =
    "Lighthouse, mobile defaults, on /, /booking, /reports and /login in zh-CN and en \
                         (--runs N for the median of N)";

/// Tries per measurement. Lighthouse now and then fails to record a page load's trace
/// (`NO_NAVSTART`) and says to run it again; only a page that fails every try counts as
/// Lighthouse not running.
const ATTEMPTS: usize = 3;

/// The entry pages measured: home, the booking, reports, navigation and queue journeys
/// (the queue's public wall board among them), and signing in (Lighthouse has no session,
/// so `/reports` and `/queue` are what a patient sees before logging in).
const PAGES: [&str; 7] = [
    "/",
    "/booking",
    "/reports",
    "/navigation",
    "/queue",
    "/board/general-medicine",
    "/login",
];
/// The languages each page is measured in, as the app names them.
const LANGUAGES: [&str; 2] = ["zh-CN", "en"];

/// Chromium's flags for Lighthouse: headless, no sandbox (CI runs as root in a container),
/// and none of the background calls to the internet that are refused here and only add
/// noise to the measurement.
const CHROME_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Flags of `cargo xtask bench web`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Lighthouse runs per page and language; the table shows the median of each figure.
    pub runs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { runs: 1 }
    }
}

/// Parses the bench's arguments: `[--runs N]`.
pub fn parse(args: Vec<String>) -> Result<Options> {
    let mut options = Options::default();
    let mut flags = Flags::new(format!("bench {NAME}"), args.into_iter());
    while let Some(flag) = flags.next_flag() {
        match flag.as_str() {
            "--runs" => {
                let value = flags.value(&flag)?;
                options.runs = value
                    .parse()
                    .ok()
                    .filter(|runs| (1..=99).contains(runs))
                    .with_context(|| {
                        format!("--runs wants a number from 1 to 99, not '{value}'")
                    })?;
            }
            _ => return Err(flags.unknown(&flag)),
        }
        flags.no_value(&flag)?;
    }
    Ok(options)
}

/// The budget of DESIGN.md ("Budgets", the Lighthouse line) for every entry page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub min_performance: u32,
    pub max_lcp_ms: f64,
    pub max_cls: f64,
    pub min_accessibility: u32,
}

/// Performance ≥ 95, LCP ≤ 1.8 s, CLS ≤ 0.02, accessibility 100.
pub const BUDGET: Budget = Budget {
    min_performance: 95,
    max_lcp_ms: 1800.0,
    max_cls: 0.02,
    min_accessibility: 100,
};

impl Budget {
    /// The budget as one line under the table.
    pub fn line(&self) -> String {
        format!(
            "budget (DESIGN.md): performance ≥ {}, LCP ≤ {} s, CLS ≤ {}, accessibility {}",
            self.min_performance,
            self.max_lcp_ms / 1000.0,
            self.max_cls,
            self.min_accessibility
        )
    }

    /// The figures of `figures` that miss the budget, by name; a missing figure misses.
    pub fn missed(&self, figures: &Figures) -> Vec<&'static str> {
        let mut missed = Vec::new();
        if figures.performance.is_none_or(|p| p < self.min_performance) {
            missed.push("performance");
        }
        if figures.lcp_ms.is_none_or(|lcp| lcp > self.max_lcp_ms) {
            missed.push("LCP");
        }
        if figures.cls.is_none_or(|cls| cls > self.max_cls) {
            missed.push("CLS");
        }
        if figures
            .accessibility
            .is_none_or(|a| a < self.min_accessibility)
        {
            missed.push("accessibility");
        }
        missed
    }

    /// `ok`, or `MISSED` and what was missed.
    pub fn verdict(&self, figures: &Figures) -> String {
        let missed = self.missed(figures);
        if missed.is_empty() {
            "ok".to_owned()
        } else {
            format!("MISSED ({})", missed.join(", "))
        }
    }
}

/// The figures of one Lighthouse report (or the median of several). A figure Lighthouse
/// could not measure (its score or value is `null`) is `None`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    /// Performance score, 0–100 as Lighthouse shows it (the report's 0–1, rounded).
    pub performance: Option<u32>,
    /// First Contentful Paint, milliseconds.
    pub fcp_ms: Option<f64>,
    /// Largest Contentful Paint, milliseconds.
    pub lcp_ms: Option<f64>,
    /// Cumulative Layout Shift.
    pub cls: Option<f64>,
    /// Total Blocking Time, milliseconds.
    pub tbt_ms: Option<f64>,
    /// Accessibility score, 0–100.
    pub accessibility: Option<u32>,
}

/// What one Lighthouse report says: its figures and the warnings it carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub figures: Figures,
    /// `runtimeError` (the page could not be measured) and `runWarnings`.
    pub warnings: Vec<String>,
}

impl Report {
    /// Reads a Lighthouse JSON report (the `lhr`).
    pub fn parse(json: &str) -> Result<Self> {
        let lhr = Value::parse(json).context("the report is not JSON")?;
        if lhr.string(&["lighthouseVersion"]).is_none() {
            bail!("not a Lighthouse report (no lighthouseVersion)");
        }
        let score = |category: &str| {
            lhr.number(&["categories", category, "score"])
                .map(|score| (score * 100.0).round() as u32)
        };
        let audit = |id: &str| lhr.number(&["audits", id, "numericValue"]);
        let figures = Figures {
            performance: score("performance"),
            fcp_ms: audit("first-contentful-paint"),
            lcp_ms: audit("largest-contentful-paint"),
            cls: audit("cumulative-layout-shift"),
            tbt_ms: audit("total-blocking-time"),
            accessibility: score("accessibility"),
        };
        let mut warnings = Vec::new();
        if let Some(error) = lhr.get(&["runtimeError"]) {
            let code = error.string(&["code"]).unwrap_or("?");
            let message = error.string(&["message"]).unwrap_or("");
            warnings.push(format!("runtime error {code}: {message}"));
        }
        if let Some(Value::Array(run_warnings)) = lhr.get(&["runWarnings"]) {
            warnings.extend(run_warnings.iter().map(|warning| match warning {
                Value::String(text) => text.clone(),
                other => format!("{other:?}"),
            }));
        }
        Ok(Self { figures, warnings })
    }
}

/// Each figure's median over `runs` (the upper middle one for an even count), over the runs
/// that have it.
pub fn median(runs: &[Figures]) -> Figures {
    fn middle<T: Copy + PartialOrd>(mut values: Vec<T>) -> Option<T> {
        values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        values.get(values.len() / 2).copied()
    }
    fn each<T: Copy + PartialOrd>(
        runs: &[Figures],
        figure: fn(&Figures) -> Option<T>,
    ) -> Option<T> {
        middle(runs.iter().filter_map(figure).collect())
    }
    Figures {
        performance: each(runs, |f| f.performance),
        fcp_ms: each(runs, |f| f.fcp_ms),
        lcp_ms: each(runs, |f| f.lcp_ms),
        cls: each(runs, |f| f.cls),
        tbt_ms: each(runs, |f| f.tbt_ms),
        accessibility: each(runs, |f| f.accessibility),
    }
}

/// One line of the table: a page in a language.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub page: String,
    pub language: String,
    pub figures: Figures,
}

const HEADER: [&str; 9] = [
    "page", "language", "perf", "FCP", "LCP", "CLS", "TBT", "a11y", "budget",
];

impl Row {
    /// The row's cells, in the order of [`HEADER`].
    pub fn cells(&self, budget: &Budget) -> [String; 9] {
        let figures = &self.figures;
        let or_dash = |cell: Option<String>| cell.unwrap_or_else(|| "–".to_owned());
        [
            self.page.clone(),
            self.language.clone(),
            or_dash(figures.performance.map(|p| p.to_string())),
            or_dash(figures.fcp_ms.map(seconds)),
            or_dash(figures.lcp_ms.map(seconds)),
            or_dash(figures.cls.map(|cls| format!("{cls:.3}"))),
            or_dash(figures.tbt_ms.map(|tbt| format!("{tbt:.0} ms"))),
            or_dash(figures.accessibility.map(|a| a.to_string())),
            budget.verdict(figures),
        ]
    }
}

/// Milliseconds as seconds with two decimals, fine enough to tell 1.84 s from 1.8 s.
fn seconds(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

/// The table of `rows` with the budget line under it, columns aligned.
pub fn table(rows: &[Row], budget: &Budget) -> String {
    let mut lines = vec![HEADER.map(str::to_owned)];
    lines.extend(rows.iter().map(|row| row.cells(budget)));
    let mut widths = [0; 9];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (cell, width) in line.iter().zip(widths) {
            let _ = write!(text, "{cell:<width$}  ");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out.push_str(&budget.line());
    out.push('\n');
    out
}

/// Runs the bench: builds the release app and server, starts the server, runs Lighthouse on
/// every page in every language `--runs` times and prints the table.
pub fn run(ws: &Workspace, args: Vec<String>) -> Result<()> {
    let options = parse(args)?;
    let started = Instant::now();
    tools::bootstrap(ws, tools::Browser::Ensure)?;
    let lighthouse = tools::ensure_lighthouse(ws)?;
    app::build(ws)?;
    let binary = server::build(ws, Profile::Release)?;
    let data = TempDir::new("bench-web")?;
    let dist = ws.dist();
    let launch = Launch {
        dist: Some(&dist),
        env: &[],
    };
    let server = Server::start(ws, &binary, data.path(), &launch)?;
    let reports = ws.target_dir().join("bench-web");
    fs::create_dir_all(&reports).with_context(|| format!("creating {}", reports.display()))?;
    say!(
        "web: Lighthouse on {} (release), {} run(s) per page and language; reports in {}",
        server.url(),
        options.runs,
        reports.display()
    );
    let measuring = Instant::now();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    let mut failures = Vec::new();
    for page in PAGES {
        for language in LANGUAGES {
            let mut runs = Vec::new();
            for run in 1..=options.runs {
                let label = format!("{page} {language} run {run}/{}", options.runs);
                let output = reports.join(report_name(page, language, run));
                let mut command = lighthouse_command(
                    ws,
                    &lighthouse,
                    &format!("{}{page}", server.url()),
                    language,
                    &output,
                );
                say!("web: {label}: {}", exec::display(&command));
                let mut attempt = 1;
                loop {
                    let run_started = Instant::now();
                    match measure(&mut command, &output) {
                        Ok(report) => {
                            say!("web: {label}: {:.0?}", run_started.elapsed());
                            notes.extend(
                                report
                                    .warnings
                                    .into_iter()
                                    .map(|warning| format!("{page} {language}: {warning}")),
                            );
                            runs.push(report.figures);
                            break;
                        }
                        Err(error) if attempt < ATTEMPTS => {
                            say!("web: {label}: {error:#}; trying again");
                            notes.push(format!(
                                "{page} {language}: Lighthouse failed and was run again"
                            ));
                            attempt += 1;
                        }
                        Err(error) => {
                            say!("web: {label}: {error:#}");
                            failures.push(format!("{label}: {error:#}"));
                            break;
                        }
                    }
                }
            }
            rows.push(Row {
                page: page.to_owned(),
                language: language.to_owned(),
                figures: median(&runs),
            });
        }
    }
    drop(server);
    println!();
    print!("{}", table(&rows, &BUDGET));
    notes.sort();
    notes.dedup();
    for note in &notes {
        println!("note: {note}");
    }
    say!(
        "web: measured in {} ({} in all, builds included)",
        minutes(measuring.elapsed()),
        minutes(started.elapsed())
    );
    if !failures.is_empty() {
        bail!(
            "Lighthouse could not measure {} of {} runs:\n  {}",
            failures.len(),
            PAGES.len() * LANGUAGES.len() * options.runs,
            failures.join("\n  ")
        );
    }
    Ok(())
}

/// Runs one Lighthouse command and reads the report it wrote to `output`.
fn measure(command: &mut Command, output: &Path) -> Result<Report> {
    // A report left from an earlier run must not pass for this one.
    let _ = fs::remove_file(output);
    exec::run(command)?;
    let json = fs::read_to_string(output)
        .with_context(|| format!("Lighthouse wrote no report to {}", output.display()))?;
    Report::parse(&json).with_context(|| format!("reading {}", output.display()))
}

/// `home-zh-CN-1.json`, `booking-en-2.json`, …
fn report_name(page: &str, language: &str, run: usize) -> PathBuf {
    let page = match page.trim_matches('/') {
        "" => "home".to_owned(),
        path => path.replace('/', "-"),
    };
    PathBuf::from(format!("{page}-{language}-{run}.json"))
}

/// Lighthouse's command for one page in one language: the default (mobile) settings, the
/// two categories of the budget, a JSON report, the system Chromium.
fn lighthouse_command(
    ws: &Workspace,
    lighthouse: &Path,
    url: &str,
    language: &str,
    output: &Path,
) -> Command {
    let mut command = ws.command(lighthouse);
    command
        .env("CHROME_PATH", tools::CHROMIUM)
        .arg(url)
        // The default already; said so that the report cannot silently become desktop.
        .arg("--form-factor=mobile")
        .arg("--only-categories=performance,accessibility")
        .args(["--output=json", "--quiet"])
        .arg(format!("--output-path={}", output.display()))
        .arg(format!(
            r#"--extra-headers={{"Accept-Language":"{language}"}}"#
        ))
        .arg(format!(
            "--chrome-flags={} --lang={language} --accept-lang={language}",
            CHROME_FLAGS.join(" ")
        ));
    command
}

/// A duration as `1 min 23 s` or `45 s`.
fn minutes(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds / 60 {
        0 => format!("{seconds} s"),
        minutes => format!("{minutes} min {} s", seconds % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of a Lighthouse 12 `lhr` the bench reads, with some of what surrounds them.
    const LHR: &str = r#"{
      "lighthouseVersion": "12.8.2",
      "requestedUrl": "http://127.0.0.1:40123/booking",
      "runWarnings": ["The page loaded too slowly to finish within the time limit."],
      "audits": {
        "first-contentful-paint": {
          "id": "first-contentful-paint", "score": 0.99, "scoreDisplayMode": "numeric",
          "numericValue": 1234.5678, "numericUnit": "millisecond", "displayValue": "1.2 s"
        },
        "largest-contentful-paint": {
          "id": "largest-contentful-paint", "score": 0.97,
          "numericValue": 1801.2, "numericUnit": "millisecond", "displayValue": "1.8 s"
        },
        "cumulative-layout-shift": {
          "id": "cumulative-layout-shift", "score": 1, "numericValue": 0.0123,
          "numericUnit": "unitless", "details": {"type": "debugdata", "items": [{"numericValue": 9}]}
        },
        "total-blocking-time": {"id": "total-blocking-time", "numericValue": 48.4}
      },
      "categories": {
        "performance": {
          "title": "Performance",
          "auditRefs": [{"id": "largest-contentful-paint", "weight": 25, "group": "metrics"}],
          "id": "performance", "score": 0.946
        },
        "accessibility": {"title": "无障碍", "id": "accessibility", "score": 1}
      }
    }"#;

    fn figures(performance: u32, lcp_ms: f64, cls: f64, accessibility: u32) -> Figures {
        Figures {
            performance: Some(performance),
            fcp_ms: Some(900.0),
            lcp_ms: Some(lcp_ms),
            cls: Some(cls),
            tbt_ms: Some(0.0),
            accessibility: Some(accessibility),
        }
    }

    #[test]
    fn reads_the_figures_of_a_report() {
        let report = Report::parse(LHR).unwrap();
        assert_eq!(
            report.figures,
            Figures {
                performance: Some(95),
                fcp_ms: Some(1234.5678),
                lcp_ms: Some(1801.2),
                cls: Some(0.0123),
                tbt_ms: Some(48.4),
                accessibility: Some(100),
            }
        );
        assert_eq!(
            report.warnings,
            ["The page loaded too slowly to finish within the time limit."]
        );
    }

    #[test]
    fn a_report_without_figures_has_dashes_and_misses() {
        let lhr = r#"{"lighthouseVersion": "12.8.2",
            "runtimeError": {"code": "NO_FCP", "message": "The page did not paint any content."},
            "audits": {"largest-contentful-paint": {"score": null, "numericValue": null}},
            "categories": {"performance": {"score": null}, "accessibility": {"score": 0.87}}}"#;
        let report = Report::parse(lhr).unwrap();
        assert_eq!(
            report.figures,
            Figures {
                accessibility: Some(87),
                ..Figures::default()
            }
        );
        assert_eq!(
            report.warnings,
            ["runtime error NO_FCP: The page did not paint any content."]
        );
        let row = Row {
            page: "/login".into(),
            language: "en".into(),
            figures: report.figures,
        };
        assert_eq!(
            row.cells(&BUDGET),
            [
                "/login",
                "en",
                "–",
                "–",
                "–",
                "–",
                "–",
                "87",
                "MISSED (performance, LCP, CLS, accessibility)"
            ]
        );
        assert!(Report::parse(r#"{"categories": {}}"#).is_err());
        assert!(Report::parse("<html>").is_err());
    }

    #[test]
    fn a_report_becomes_a_row_of_the_table() {
        let row = Row {
            page: "/booking".into(),
            language: "zh-CN".into(),
            figures: Report::parse(LHR).unwrap().figures,
        };
        assert_eq!(
            row.cells(&BUDGET),
            [
                "/booking",
                "zh-CN",
                "95",
                "1.23 s",
                "1.80 s",
                "0.012",
                "48 ms",
                "100",
                "MISSED (LCP)"
            ]
        );
    }

    #[test]
    fn marks_each_budget_at_its_edge() {
        assert_eq!(BUDGET.verdict(&figures(95, 1800.0, 0.02, 100)), "ok");
        assert_eq!(
            BUDGET.missed(&figures(94, 1800.0, 0.02, 100)),
            ["performance"]
        );
        assert_eq!(BUDGET.missed(&figures(100, 1800.1, 0.02, 100)), ["LCP"]);
        assert_eq!(BUDGET.missed(&figures(100, 500.0, 0.021, 100)), ["CLS"]);
        assert_eq!(
            BUDGET.missed(&figures(100, 500.0, 0.0, 99)),
            ["accessibility"]
        );
        assert_eq!(
            BUDGET.verdict(&figures(50, 4000.0, 0.3, 80)),
            "MISSED (performance, LCP, CLS, accessibility)"
        );
        assert_eq!(
            BUDGET.line(),
            "budget (DESIGN.md): performance ≥ 95, LCP ≤ 1.8 s, CLS ≤ 0.02, accessibility 100"
        );
    }

    #[test]
    fn the_table_lines_up_and_ends_with_the_budget() {
        let rows = [
            Row {
                page: "/".into(),
                language: "zh-CN".into(),
                figures: figures(100, 800.0, 0.0, 100),
            },
            Row {
                page: "/booking".into(),
                language: "en".into(),
                figures: figures(90, 2500.0, 0.0, 100),
            },
        ];
        let table = table(&rows, &BUDGET);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(lines[0].starts_with("page      language  perf"), "{table}");
        assert!(lines[1].starts_with("/         zh-CN     100 "), "{table}");
        assert!(lines[2].ends_with("MISSED (performance, LCP)"), "{table}");
        assert!(lines[3].starts_with("budget (DESIGN.md)"), "{table}");
    }

    #[test]
    fn median_takes_each_figure_on_its_own() {
        let runs = [
            figures(90, 1000.0, 0.01, 100),
            figures(99, 3000.0, 0.00, 100),
            figures(95, 2000.0, 0.05, 98),
        ];
        assert_eq!(median(&runs), figures(95, 2000.0, 0.01, 100));
        assert_eq!(median(&runs[..1]), runs[0]);
        assert_eq!(median(&[]), Figures::default());
        let with_a_gap = [Figures::default(), figures(97, 1500.0, 0.0, 100)];
        assert_eq!(median(&with_a_gap), figures(97, 1500.0, 0.0, 100));
    }

    #[test]
    fn options_and_report_names() {
        let args = |line: &str| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(parse(vec![]).unwrap(), Options { runs: 1 });
        assert_eq!(parse(args("--runs 5")).unwrap(), Options { runs: 5 });
        assert_eq!(parse(args("--runs=3")).unwrap(), Options { runs: 3 });
        for bad in ["--runs", "--runs 0", "--runs x", "--fast", "--runs 3 extra"] {
            assert!(parse(args(bad)).is_err(), "{bad}");
        }
        assert_eq!(report_name("/", "zh-CN", 1), Path::new("home-zh-CN-1.json"));
        assert_eq!(
            report_name("/booking", "en", 2),
            Path::new("booking-en-2.json")
        );
    }

    #[test]
    fn lighthouse_uses_the_system_chromium_in_the_asked_language() {
        let ws = Workspace::locate().unwrap();
        let command = lighthouse_command(
            &ws,
            Path::new("/x/lighthouse"),
            "http://127.0.0.1:1/login",
            "zh-CN",
            Path::new("/r/login-zh-CN-1.json"),
        );
        let line = exec::display(&command);
        assert!(line.starts_with("CHROME_PATH=/usr/bin/chromium lighthouse http://127.0.0.1:1/login --form-factor=mobile "), "{line}");
        assert!(
            line.contains(r#" --extra-headers={"Accept-Language":"zh-CN"} "#),
            "{line}"
        );
        assert!(line.contains("--headless=new --no-sandbox"), "{line}");
        assert!(
            line.ends_with(" --lang=zh-CN --accept-lang=zh-CN'"),
            "{line}"
        );
        // Lighthouse's own throttling and screen defaults, not overridden.
        assert!(
            !line.contains("--throttling") && !line.contains("--screenEmulation"),
            "{line}"
        );
    }
}
