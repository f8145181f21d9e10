//! Running child processes: with the terminal attached, probed for a version line, streamed
//! to the terminal while captured, or in place of xtask itself.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// How long to keep reading a finished command's output. A test that leaves a child behind
/// (a chromedriver after a crash) keeps the pipes open forever; xtask must not hang on it.
const DRAIN_GRACE: Duration = Duration::from_secs(5);

/// Renders `command` as a person would type it, for progress lines and install hints.
///
/// Only the program's file name is shown and `PATH` is left out: xtask sets both on every
/// command, and the full toolchain path of cargo would only obscure the hint.
pub fn display(command: &Command) -> String {
    let envs = command.get_envs().filter_map(|(key, value)| {
        let value = value?;
        (key != "PATH").then(|| format!("{}={}", key.to_string_lossy(), quote(value)))
    });
    let program = Path::new(command.get_program())
        .file_name()
        .unwrap_or(command.get_program())
        .to_string_lossy()
        .into_owned();
    let args = command.get_args().map(quote);
    envs.chain([program])
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(word: &std::ffi::OsStr) -> String {
    let word = word.to_string_lossy();
    if word.is_empty() || word.contains(|c: char| c.is_whitespace() || c == '\'') {
        format!("'{}'", word.replace('\'', r"'\''"))
    } else {
        word.into_owned()
    }
}

/// Runs `command` with the terminal attached and fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", display(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(command));
    }
    Ok(())
}

/// Runs a quick probe such as `tool --version` and returns its trimmed stdout, or `None` if
/// the program is missing or fails. Nothing reaches the terminal.
pub fn probe(command: &mut Command) -> Option<String> {
    let output = command.stdin(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// What a command streamed by [`tee`] printed, and whether it succeeded.
#[derive(Debug)]
pub struct Teed {
    pub success: bool,
    /// Everything the command printed on stdout, then everything on stderr.
    pub output: String,
}

/// Runs `command`, echoing its stdout and stderr to ours line by line as they arrive while
/// also keeping a copy, so long test runs show progress and can still be summarised.
pub fn tee(command: &mut Command) -> Result<Teed> {
    tee_to(command, io::stdout(), io::stderr(), DRAIN_GRACE)
}

/// [`tee`], echoing to the given streams instead of the terminal, and reading for at most
/// `grace` after the command exits.
fn tee_to(
    command: &mut Command,
    out: impl Write + Send + 'static,
    err: impl Write + Send + 'static,
    grace: Duration,
) -> Result<Teed> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{}`", display(command)))?;
    let stdout = Arc::new(Mutex::new(String::new()));
    let stderr = Arc::new(Mutex::new(String::new()));
    let (done_tx, done_rx) = mpsc::channel();
    let child_stdout = child.stdout.take().expect("stdout is piped");
    let child_stderr = child.stderr.take().expect("stderr is piped");
    echo(child_stdout, out, &stdout, done_tx.clone());
    echo(child_stderr, err, &stderr, done_tx);
    let status = child
        .wait()
        .with_context(|| format!("lost track of `{}`", display(command)))?;
    // Both pipes normally close as the command exits; give them a moment to flush, but do
    // not wait on a grandchild that inherited them.
    for _pipe in 0..2 {
        if done_rx.recv_timeout(grace).is_err() {
            say!(
                "`{}` left a process behind; not waiting for its output",
                display(command)
            );
            break;
        }
    }
    let take = |buffer: &Mutex<String>| {
        std::mem::take(&mut *buffer.lock().unwrap_or_else(PoisonError::into_inner))
    };
    Ok(Teed {
        success: status.success(),
        output: take(&stdout) + &take(&stderr),
    })
}

/// Copies `pipe` to `terminal` line by line on a new thread, appending each line to
/// `captured`, and reports on `done` once the pipe closes.
fn echo(
    pipe: impl Read + Send + 'static,
    mut terminal: impl Write + Send + 'static,
    captured: &Arc<Mutex<String>>,
    done: mpsc::Sender<()>,
) {
    let captured = Arc::clone(captured);
    thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        // Lines are read as bytes because a test may print invalid UTF-8; the copy shown on
        // the terminal stays byte-exact and only the captured text is made lossy.
        while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
            // A closed terminal must not stop the capture that the summary depends on.
            let _ = terminal.write_all(&line).and_then(|()| terminal.flush());
            captured
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push_str(&String::from_utf8_lossy(&line));
            line.clear();
        }
        let _ = done.send(());
    });
}

/// Replaces xtask with `command`, so the terminal's Ctrl-C reaches it directly and the shell
/// waits for it to shut down cleanly. Returns only if the command could not be started.
#[cfg(unix)]
pub fn replace(mut command: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;

    let error = command.exec();
    Err(error).with_context(|| format!("could not start `{}`", display(&command)))
}

/// Runs `command` to completion; without `exec`, waiting is the closest to replacing xtask.
#[cfg(not(unix))]
pub fn replace(mut command: Command) -> Result<()> {
    run(&mut command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_what_to_type() {
        let mut command = Command::new("/opt/toolchain/bin/cargo");
        command
            .args(["install", "trunk", "--version", "0.22.1"])
            .env("PATH", "/somewhere")
            .env("DEBIAN_FRONTEND", "noninteractive");
        assert_eq!(
            display(&command),
            "DEBIAN_FRONTEND=noninteractive cargo install trunk --version 0.22.1"
        );
    }

    #[test]
    fn display_quotes_awkward_words() {
        let mut command = Command::new("echo");
        command.args(["two words", "", "it's"]);
        assert_eq!(display(&command), r"echo 'two words' '' 'it'\''s'");
    }

    #[cfg(unix)]
    #[test]
    fn tee_captures_both_streams_and_the_status() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let teed = tee_to(&mut command, io::sink(), io::sink(), DRAIN_GRACE).unwrap();
        assert!(!teed.success);
        assert_eq!(teed.output, "out\nerr\n");
    }

    #[cfg(unix)]
    #[test]
    fn tee_does_not_wait_for_a_process_left_behind() {
        let started = std::time::Instant::now();
        let mut command = Command::new("sh");
        // The background sleep inherits the pipes and keeps them open after `sh` exits.
        command.args(["-c", "sleep 3 & echo 'test result: ok. 1 passed; 0 failed'"]);
        let grace = Duration::from_millis(500);
        let teed = tee_to(&mut command, io::sink(), io::sink(), grace).unwrap();
        assert!(teed.success);
        assert_eq!(teed.output, "test result: ok. 1 passed; 0 failed\n");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}
