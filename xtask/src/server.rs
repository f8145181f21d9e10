//! The careway-server binary as xtask's own checks use it: built, started on a free port of
//! 127.0.0.1 in demo mode with a fresh data folder, waited for until it answers its health
//! check, and stopped when dropped. The API contract step and the web bench share it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::exec;
use crate::workspace::Workspace;

/// How long the server gets to answer its health check after starting.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Which cargo profile the server binary is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Quick to build; enough for checking what the API answers.
    Debug,
    /// What patients are served by; the one to measure.
    Release,
}

/// Builds the `careway-server` binary with `profile` and returns its path.
pub fn build(ws: &Workspace, profile: Profile) -> Result<PathBuf> {
    let mut build = ws.cargo();
    build.args([
        "build",
        "--package",
        "careway-server",
        "--bin",
        "careway-server",
    ]);
    let folder = match profile {
        Profile::Debug => "debug",
        Profile::Release => {
            build.arg("--release");
            "release"
        }
    };
    exec::run(&mut build)?;
    Ok(ws.target_dir().join(folder).join("careway-server"))
}

/// What the server is started with besides its address and its data folder.
#[derive(Debug, Default)]
pub struct Launch<'a> {
    /// The built app it serves; `None` serves none (the API alone).
    pub dist: Option<&'a Path>,
    /// Extra environment variables, such as `CAREWAY_STAFF_TOKEN`.
    pub env: &'a [(&'a str, &'a str)],
}

/// The server binary on a free port, running the demo hospital, killed when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
}

impl Server {
    /// Starts `binary` with its data in `data` and waits until it answers its health check.
    pub fn start(ws: &Workspace, binary: &Path, data: &Path, launch: &Launch<'_>) -> Result<Self> {
        let port = free_port()?;
        // Without an app, a folder that does not exist: the server then serves the API only.
        let dist = launch
            .dist
            .map_or_else(|| data.join("dist"), Path::to_path_buf);
        let mut command = ws.command(binary);
        command
            .env("CAREWAY_ADDR", format!("127.0.0.1:{port}"))
            .env("CAREWAY_DATA_DIR", data)
            .env("CAREWAY_DIST", dist)
            // The demo hospital and its demo account, with codes handed back in the answer.
            .env("CAREWAY_DEMO", "1")
            .env("CAREWAY_LOG", "error")
            .env_remove("CAREWAY_HOSPITAL_DIR")
            .stdout(Stdio::null());
        for (key, value) in launch.env {
            command.env(key, value);
        }
        let child = command
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        let mut server = Self { child, port };
        let deadline = Instant::now() + START_TIMEOUT;
        while request(port, "GET", "/api/v1/health", None, &[]).is_err() {
            if let Some(status) = server.child.try_wait()? {
                bail!("the server exited ({status}) before answering");
            }
            if Instant::now() > deadline {
                bail!("the server did not answer within {START_TIMEOUT:?}");
            }
            thread::sleep(Duration::from_millis(100));
        }
        Ok(server)
    }

    /// The server's address, such as `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh folder for the server's data, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates an empty `careway-<purpose>-<pid>` folder in the system's temporary folder.
    pub fn new(purpose: &str) -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("careway-{purpose}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self(dir))
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr()?.port())
}

/// One HTTP/1.1 request to the server on `port` with `Connection: close`; the whole answer,
/// head and body. Fails unless the status is 2xx.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = body.unwrap_or("");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{head}\r\n{body}").as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.1 2") {
        bail!(
            "{method} {path}: {}",
            answer.lines().next().unwrap_or("no answer")
        );
    }
    Ok(answer)
}
