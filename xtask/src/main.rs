//! `cargo xtask`: Careway's build, run, test and size tasks, written in Rust so that CI and
//! every developer machine run the same steps with the same pinned tools.
//!
//! This file parses the command line and dispatches to one module per task. There are only a
//! handful of flags, so they are parsed by hand rather than with an argument-parsing crate,
//! which keeps `cargo xtask` quick to compile on a fresh machine.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};

/// Prints one of xtask's own status lines. They go to stderr, like cargo's status lines, and
/// carry an `xtask:` prefix so they stand out among the output of the tools xtask runs.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("xtask: {}", format_args!($($arg)*))
    };
}

mod app;
mod contract;
mod dist;
mod exec;
mod journeys;
mod json;
mod run;
mod server;
mod server_bin;
mod split;
mod test;
mod tools;
mod wasm_parts;
mod web_bench;
mod workspace;

use workspace::Workspace;

const USAGE: &str = "\
Careway's tasks. Usage: cargo xtask <command> [flags]

Commands:
  bootstrap            install the missing tools (wasm target, trunk, wasm-bindgen-cli,
                       wasm-opt, axe-core) and fetch the crates; skips what is already there
  app                  build the app into dist/ (trunk build --release)
  split                cut the app trunk built into its main module and a piece per
                       journey (run by trunk itself after each build, see Trunk.toml)
  run                  bootstrap, build the app, then build and run the server
      --port N           port on 127.0.0.1 (default 8080)
      --data-dir DIR     where the server keeps its data (default <repo>/data)
      --release|--debug  server build profile (default --release); the app is
                         always a release build
  test                 everything CI runs: fmt, clippy (native and wasm), native tests,
                       wasm component tests, the API contract (schemathesis against the
                       server's OpenAPI document), the release app and the end-to-end
                       tests; ends with one line `careway: N passed, M failed`
      --skip-wasm        skip the wasm component tests (local iteration only)
      --skip-contract    skip the API contract check (local iteration only)
      --skip-e2e         skip the end-to-end tests (local iteration only)
  dist                 build the app and report the size of every file in dist/,
                       failing when the first load is over its budget
      --journeys         then weigh each journey: build the app without it and
                         subtract, and build shell + account + booking alone
                         (ten release builds, about twelve minutes)
  bench <name> [ARGS]  run a benchmark; `cargo xtask bench` lists them
  audit-verify [ARGS]  check the server's audit log
  help                 this text
";

/// One invocation of `cargo xtask`, parsed from the command line.
#[derive(Debug, PartialEq)]
enum Task {
    Help,
    Bootstrap,
    App,
    Run(run::Options),
    Test(test::Options),
    Dist {
        journeys: bool,
    },
    Split,
    Bench {
        name: Option<String>,
        args: Vec<String>,
    },
    AuditVerify {
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let args = std::env::args().skip(1).collect();
    match parse(args).and_then(execute) {
        Ok(code) => code,
        Err(error) => {
            say!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn execute(task: Task) -> Result<ExitCode> {
    let ws = Workspace::locate()?;
    match task {
        Task::Help => print!("{USAGE}"),
        Task::Bootstrap => tools::bootstrap(&ws, tools::Browser::Skip)?,
        Task::App => {
            tools::bootstrap(&ws, tools::Browser::Skip)?;
            app::build(&ws)?;
        }
        Task::Run(options) => run::run(&ws, &options)?,
        Task::Test(options) => return Ok(test::run(&ws, &options)),
        Task::Dist { journeys } => {
            let code = dist::run(&ws)?;
            if journeys {
                journeys::run(&ws)?;
            }
            return Ok(code);
        }
        Task::Split => split::run(&ws)?,
        Task::Bench { name, args } if name.as_deref() == Some(web_bench::NAME) => {
            web_bench::run(&ws, args)?
        }
        Task::Bench { name, args } => server_bin::bench(&ws, name.as_deref(), &args)?,
        Task::AuditVerify { args } => server_bin::audit_verify(&ws, &args)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses the arguments after `cargo xtask`.
fn parse(args: Vec<String>) -> Result<Task> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Ok(Task::Help);
    };
    let mut flags = Flags::new(command.clone(), args);
    let task = match command.as_str() {
        "help" | "-h" | "--help" => Task::Help,
        "bootstrap" => Task::Bootstrap,
        "app" => Task::App,
        "dist" => {
            let mut journeys = false;
            while let Some(flag) = flags.next_flag() {
                match flag.as_str() {
                    "--journeys" => journeys = true,
                    _ => return Err(flags.unknown(&flag)),
                }
            }
            Task::Dist { journeys }
        }
        "split" => Task::Split,
        "run" => Task::Run(parse_run(&mut flags)?),
        "test" => Task::Test(parse_test(&mut flags)?),
        // Everything after the bench's name goes to the bench; a `--` in between is optional.
        "bench" => {
            let name = flags.args.next();
            let mut args: Vec<String> = flags.args.by_ref().collect();
            if args.first().is_some_and(|arg| arg == "--") {
                args.remove(0);
            }
            Task::Bench { name, args }
        }
        "audit-verify" => Task::AuditVerify {
            args: flags.args.by_ref().collect(),
        },
        other => bail!("unknown command '{other}'; `cargo xtask help` lists the commands"),
    };
    // Commands without flags of their own reject stray arguments instead of ignoring them.
    if let Some(flag) = flags.next_flag() {
        return Err(flags.unknown(&flag));
    }
    Ok(task)
}

fn parse_run(flags: &mut Flags) -> Result<run::Options> {
    let mut options = run::Options::default();
    while let Some(flag) = flags.next_flag() {
        match flag.as_str() {
            "--port" => {
                let value = flags.value(&flag)?;
                options.port = value.parse().with_context(|| {
                    format!("--port wants a number from 0 to 65535, not '{value}'")
                })?;
            }
            "--data-dir" => options.data_dir = Some(PathBuf::from(flags.value(&flag)?)),
            "--release" => options.release = true,
            "--debug" => options.release = false,
            _ => return Err(flags.unknown(&flag)),
        }
        flags.no_value(&flag)?;
    }
    Ok(options)
}

fn parse_test(flags: &mut Flags) -> Result<test::Options> {
    let mut options = test::Options::default();
    while let Some(flag) = flags.next_flag() {
        match flag.as_str() {
            "--skip-e2e" => options.skip_e2e = true,
            "--skip-wasm" => options.skip_wasm = true,
            "--skip-contract" => options.skip_contract = true,
            _ => return Err(flags.unknown(&flag)),
        }
        flags.no_value(&flag)?;
    }
    Ok(options)
}

/// Walks the flags of one command, accepting both `--flag value` and `--flag=value`.
struct Flags {
    command: String,
    args: std::vec::IntoIter<String>,
    /// The `value` of a `--flag=value` just returned by [`Flags::next_flag`], until taken.
    inline_value: Option<String>,
}

impl Flags {
    fn new(command: String, args: std::vec::IntoIter<String>) -> Self {
        Self {
            command,
            args,
            inline_value: None,
        }
    }

    fn next_flag(&mut self) -> Option<String> {
        let arg = self.args.next()?;
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                self.inline_value = Some(value.to_owned());
                Some(flag.to_owned())
            }
            _ => Some(arg),
        }
    }

    /// The value of `flag`: the part after `=`, or else the next argument.
    fn value(&mut self, flag: &str) -> Result<String> {
        self.inline_value
            .take()
            .or_else(|| self.args.next())
            .ok_or_else(|| anyhow!("{flag} needs a value"))
    }

    /// Rejects `--switch=value` for a flag that takes no value.
    fn no_value(&mut self, flag: &str) -> Result<()> {
        match self.inline_value.take() {
            Some(value) => bail!("{flag} takes no value, but got '{value}'"),
            None => Ok(()),
        }
    }

    fn unknown(&self, flag: &str) -> anyhow::Error {
        anyhow!(
            "unknown argument '{flag}' for `cargo xtask {}`; `cargo xtask help` lists the flags",
            self.command
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Task> {
        parse(line.split_whitespace().map(str::to_owned).collect())
    }

    #[test]
    fn no_arguments_means_help() {
        assert_eq!(parse_line("").unwrap(), Task::Help);
        assert_eq!(parse_line("--help").unwrap(), Task::Help);
    }

    #[test]
    fn run_defaults_to_release_on_port_8080() {
        assert_eq!(
            parse_line("run").unwrap(),
            Task::Run(run::Options::default())
        );
        assert_eq!(run::Options::default().port, 8080);
        assert!(run::Options::default().release);
    }

    #[test]
    fn run_takes_values_separately_or_after_equals() {
        let expected = Task::Run(run::Options {
            port: 9000,
            data_dir: Some(PathBuf::from("/tmp/care")),
            release: false,
        });
        assert_eq!(
            parse_line("run --port 9000 --data-dir /tmp/care --debug").unwrap(),
            expected
        );
        assert_eq!(
            parse_line("run --debug --port=9000 --data-dir=/tmp/care").unwrap(),
            expected
        );
    }

    #[test]
    fn run_rejects_bad_flags() {
        assert!(parse_line("run --port").is_err());
        assert!(parse_line("run --port 70000").is_err());
        assert!(parse_line("run --debug=yes").is_err());
        assert!(parse_line("run --verbose").is_err());
    }

    #[test]
    fn test_flags_and_stray_arguments() {
        assert_eq!(
            parse_line("test --skip-e2e --skip-wasm --skip-contract").unwrap(),
            Task::Test(test::Options {
                skip_e2e: true,
                skip_wasm: true,
                skip_contract: true,
            })
        );
        assert!(parse_line("test --skip-everything").is_err());
        assert!(parse_line("dist --open").is_err());
        assert_eq!(parse_line("dist").unwrap(), Task::Dist { journeys: false });
        assert_eq!(
            parse_line("dist --journeys").unwrap(),
            Task::Dist { journeys: true }
        );
        assert!(parse_line("deploy").is_err());
    }

    #[test]
    fn bench_passes_the_rest_through() {
        assert_eq!(
            parse_line("bench auth -- --seconds 5").unwrap(),
            Task::Bench {
                name: Some("auth".into()),
                args: vec!["--seconds".into(), "5".into()]
            }
        );
        assert_eq!(
            parse_line("bench").unwrap(),
            Task::Bench {
                name: None,
                args: vec![]
            }
        );
    }
}
