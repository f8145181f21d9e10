//! `cargo xtask test`: every check CI runs, in CI's order, stopping at the first failure and
//! always ending with one summary line, `careway: N passed, M failed (took 6m12s)`.

use std::fmt;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::workspace::Workspace;
use crate::{app, contract, exec, tools};

/// Where the component and end-to-end tests (and the wasm half of the nav bench) find the
/// browser installed by bootstrap.
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROME: &str = "/usr/bin/chromium";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Flags of `cargo xtask test`; CI passes none.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub skip_e2e: bool,
    pub skip_wasm: bool,
    pub skip_contract: bool,
}

/// Runs the pipeline and prints the summary; the exit code fails if anything failed.
pub fn run(ws: &Workspace, options: &Options) -> ExitCode {
    let started = Instant::now();
    let mut total = Tally::default();
    let mut failed_step = None;
    let mut steps = plan(ws, options).into_iter();
    for step in steps.by_ref() {
        say!("[{}] {}", step.name, step.action.describe());
        if let Some(warning) = &step.warning {
            say!("[{}] warning: {warning}", step.name);
        }
        let step_started = Instant::now();
        let counts_tests = step.action.counts_tests();
        let (ok, tally) = step.action.run(ws, options);
        total += tally;
        let took = Took(step_started.elapsed());
        match (ok, counts_tests) {
            (true, false) => say!("[{}] ok ({took})", step.name),
            (true, true) => say!("[{}] ok, {tally} ({took})", step.name),
            (false, _) => say!("[{}] FAILED, {tally} ({took})", step.name),
        }
        if !ok {
            failed_step = Some(step.name);
            break;
        }
    }
    let not_run: Vec<_> = steps.map(|step| step.name).collect();
    if !not_run.is_empty() {
        say!("not run after the failure: {}", not_run.join(", "));
    }
    if let Some(name) = failed_step {
        println!("failed step: {name}");
    }
    println!("careway: {total} (took {})", Took(started.elapsed()));
    if total.failed == 0 && failed_step.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// One step of the pipeline.
struct Step {
    name: &'static str,
    action: Action,
    /// Something found while planning that may explain a failure of this step.
    warning: Option<String>,
}

impl Step {
    fn new(name: &'static str, action: Action) -> Self {
        Self {
            name,
            action,
            warning: None,
        }
    }
}

/// What a step runs, and so how its result is counted.
enum Action {
    /// xtask's own bootstrap; a failure counts as one failed test.
    Bootstrap,
    /// A command that passes or fails as a whole (fmt, clippy, a build); a failure counts as
    /// one failed test.
    Check(Command),
    /// A `cargo test` command whose `test result:` lines are counted.
    Tests(Command),
    /// schemathesis against the server binary ([`contract`]); a failure counts as one
    /// failed test.
    Contract,
}

impl Action {
    fn counts_tests(&self) -> bool {
        matches!(self, Self::Tests(_))
    }

    fn describe(&self) -> String {
        match self {
            Self::Bootstrap => "checking and installing the tools".to_owned(),
            Self::Check(command) | Self::Tests(command) => exec::display(command),
            Self::Contract => {
                "schemathesis against the server's OpenAPI document (about 2 minutes)".to_owned()
            }
        }
    }

    /// Runs the action, returning whether it succeeded and the tests it counted.
    fn run(self, ws: &Workspace, options: &Options) -> (bool, Tally) {
        let passed = |()| (true, Tally::default());
        let result = match self {
            Self::Bootstrap => tools::bootstrap(ws, browser_needed(options)).map(passed),
            Self::Check(mut command) => exec::run(&mut command).map(passed),
            Self::Contract => contract::run(ws).map(passed),
            Self::Tests(mut command) => exec::tee(&mut command).map(|teed| {
                let mut tally = Tally::from_output(&teed.output);
                // A build error prints no `test result:` line at all; it still counts.
                if !teed.success && tally.failed == 0 {
                    tally.failed = 1;
                }
                (teed.success, tally)
            }),
        };
        result.unwrap_or_else(|error| {
            say!("error: {error:#}");
            (
                false,
                Tally {
                    passed: 0,
                    failed: 1,
                },
            )
        })
    }
}

/// The browser is only needed by the wasm component tests and the end-to-end tests.
fn browser_needed(options: &Options) -> tools::Browser {
    if options.skip_wasm && options.skip_e2e {
        tools::Browser::Skip
    } else {
        tools::Browser::Ensure
    }
}

/// The steps, in CI's order: cheap checks first so a typo fails in seconds, not minutes.
fn plan(ws: &Workspace, options: &Options) -> Vec<Step> {
    let cargo = |args: &[&str]| {
        let mut command = ws.cargo();
        command.args(args);
        command
    };
    let clippy = |extra: &[&str]| {
        let mut command = cargo(&["clippy"]);
        command
            .args(extra)
            .args(["--all-targets", "--", "-D", "warnings"]);
        command
    };
    let mut steps = vec![
        Step::new("bootstrap", Action::Bootstrap),
        Step::new(
            "fmt",
            Action::Check(cargo(&["fmt", "--all", "--", "--check"])),
        ),
        Step::new("clippy", Action::Check(clippy(&["--workspace"]))),
        // The app alone: the server's tokio `net` does not build for wasm. As the browser
        // build is, in pieces (`split`); the native run above lints the code without it.
        Step::new(
            "clippy (wasm)",
            Action::Check(clippy(&[
                "-p",
                "careway",
                "--target",
                WASM_TARGET,
                "--features",
                "split",
            ])),
        ),
        // The end-to-end tests are `#[ignore]`d here and run in their own step below.
        // `--no-fail-fast` (in every test step) runs every test binary even after one
        // fails, so the summary counts the whole suite rather than the part before a failure.
        Step::new(
            "native tests",
            Action::Tests(cargo(&["test", "--workspace", "--no-fail-fast"])),
        ),
    ];

    if options.skip_wasm {
        say!("skipping the wasm component tests (--skip-wasm)");
    } else {
        // cargo runs each wasm test binary with wasm-bindgen-test-runner (.cargo/config.toml).
        let mut wasm = cargo(&[
            "test",
            "-p",
            "careway",
            "--target",
            WASM_TARGET,
            "--no-fail-fast",
        ]);
        // The runner gives chromedriver 5 s to open its port by default; on a loaded
        // two-core machine it has taken longer and failed a whole test binary.
        wasm.env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
        let mut step = Step::new("wasm tests", Action::Tests(wasm));
        if !ws.root().join("webdriver.json").is_file() {
            step.warning = Some(
                "no webdriver.json at the repository root, so Chromium's calls out to the \
                 internet are not switched off and may fail the tests"
                    .to_owned(),
            );
        }
        steps.push(step);
    }

    if options.skip_contract {
        say!("skipping the API contract check (--skip-contract)");
    } else {
        steps.push(Step::new("api contract", Action::Contract));
    }

    steps.push(Step::new("app", Action::Check(app::command(ws))));

    if options.skip_e2e {
        say!("skipping the end-to-end tests (--skip-e2e)");
    } else {
        // Every `server/tests/e2e*.rs`, one journey per file. One browser at a time: two
        // Chromiums on two cores time out.
        let mut e2e = cargo(&[
            "test",
            "-p",
            "careway-server",
            "--test",
            "e2e*",
            "--no-fail-fast",
            "--",
        ]);
        e2e.args(["--ignored", "--test-threads=1"])
            .env("CAREWAY_DIST", ws.dist())
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("CHROME", CHROME)
            .env("CAREWAY_AXE", ws.axe_script())
            .env("CAREWAY_SCREENSHOTS", ws.root().join("target/screenshots"));
        steps.push(Step::new("e2e", Action::Tests(e2e)));
    }
    steps
}

/// Tests passed and failed, summed over `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Sums every `test result:` line in a command's output. libtest and
    /// wasm-bindgen-test-runner both print one per test binary:
    /// `test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; ...`
    fn from_output(output: &str) -> Self {
        let mut total = Self::default();
        for tally in output.lines().filter_map(Self::from_line) {
            total += tally;
        }
        total
    }

    fn from_line(line: &str) -> Option<Self> {
        let line = strip_ansi(line);
        let (_, counts) = line.split_once("test result:")?;
        let mut tally = Self::default();
        let words: Vec<&str> = counts
            .split(|c: char| c.is_whitespace() || c == ';' || c == '.' || c == ',')
            .filter(|word| !word.is_empty())
            .collect();
        for pair in words.windows(2) {
            let Ok(count) = pair[0].parse::<u64>() else {
                continue;
            };
            match pair[1] {
                "passed" => tally.passed += count,
                "failed" => tally.failed += count,
                _ => {}
            }
        }
        Some(tally)
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// Removes terminal colour codes (`ESC [ ... m`): cargo colours its own lines when
/// `CARGO_TERM_COLOR=always`, and a coloured `ok` must still be counted.
fn strip_ansi(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip to the final byte of the escape sequence, a letter.
            chars.by_ref().find(char::is_ascii_alphabetic);
        } else {
            plain.push(c);
        }
    }
    plain
}

/// A duration as people read it: `8.3s`, `6m12s`, `1h02m05s`.
#[derive(Debug, Clone, Copy)]
struct Took(Duration);

impl fmt::Display for Took {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.as_secs();
        match seconds {
            0..60 => write!(f, "{:.1}s", self.0.as_secs_f64()),
            60..3600 => write!(f, "{}m{:02}s", seconds / 60, seconds % 60),
            _ => write!(
                f,
                "{}h{:02}m{:02}s",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_passing_and_failing_results() {
        let ok = "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 3 filtered out; finished in 0.52s";
        assert_eq!(
            Tally::from_line(ok),
            Some(Tally {
                passed: 12,
                failed: 0
            })
        );
        let failed = "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 10.00s";
        assert_eq!(
            Tally::from_line(failed),
            Some(Tally {
                passed: 3,
                failed: 1
            })
        );
    }

    #[test]
    fn ignores_other_lines_and_counts_that_are_not_results() {
        assert_eq!(Tally::from_line("test auth::login ... ok"), None);
        assert_eq!(Tally::from_line("running 12 tests"), None);
        // "0 filtered out" and "finished in 2.00s" must not be mistaken for counts.
        let line = "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 7 filtered out; finished in 2.00s";
        assert_eq!(Tally::from_line(line), Some(Tally::default()));
    }

    #[test]
    fn sums_every_binary_in_the_output() {
        let output = "\
running 2 tests
test a ... ok
test b ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

     Running tests/booking.rs (target/debug/deps/booking-0123)
test result: FAILED. 5 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.20s
   Doc-tests careway_core
test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.30s
";
        assert_eq!(
            Tally::from_output(output),
            Tally {
                passed: 8,
                failed: 2
            }
        );
    }

    #[test]
    fn counts_coloured_results() {
        let line = "test result: \u{1b}[32mok\u{1b}[0m. 4 passed; 0 failed; 0 ignored";
        assert_eq!(
            Tally::from_line(line),
            Some(Tally {
                passed: 4,
                failed: 0
            })
        );
        assert_eq!(strip_ansi("\u{1b}[1m\u{1b}[31mFAILED\u{1b}[0m"), "FAILED");
    }

    #[test]
    fn summary_wording() {
        assert_eq!(
            Tally {
                passed: 57,
                failed: 0
            }
            .to_string(),
            "57 passed, 0 failed"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(Took(Duration::from_millis(8_340)).to_string(), "8.3s");
        assert_eq!(Took(Duration::from_secs(372)).to_string(), "6m12s");
        assert_eq!(Took(Duration::from_secs(60)).to_string(), "1m00s");
        assert_eq!(Took(Duration::from_secs(3_725)).to_string(), "1h02m05s");
    }
}
