//! `cargo xtask bench queue`: one queue change fanned out to 10 000 live screens, and the
//! wait estimator against the synthetic days it is judged on.
//!
//! 1. Fan-out. The real server (release build, demo hospital, SQLite in a temporary
//!    folder) runs as a child process of this one, so its memory is measured alone. This
//!    process opens `--clients` (10 000) server-sent-event streams of the pharmacy's public
//!    board over HTTP/1.1, as wall displays and phones would, and waits until every one
//!    has its first snapshot. Then, `--rounds` (5) times, staff put a patient into the
//!    pharmacy's queue over the staff API; each client notes when the board carrying that
//!    change arrives. Prints, per round and in all: delivered (must be every client),
//!    p50/p99 latency from the staff request to each client's copy, the CPU time the
//!    server spent on the change, and its resident memory (VmRSS, and its peak VmHWM)
//!    with every stream open. A copy's latency is when the kernel put it on the client's
//!    socket (`SO_TIMESTAMPNS`): the moment a screen on another machine would have it.
//!
//!    The clients stand for screens on other machines, so while a change fans out this
//!    process stays off the two cores ([`FAN_OUT_WINDOW`]): its thread sleeps, and reads
//!    what arrived afterwards, each copy with the kernel's stamp of its arrival. Were it
//!    to read 10 000 sockets meanwhile, it would take a core from the server that no
//!    deployment shares with its screens. What loopback still charges the server's cores
//!    (the receiving half of every TCP exchange, done on the sender's CPU) a real network
//!    would not, so the figures err on the slow side.
//! 2. The estimator: mean and median absolute error of the estimated wait, and how often
//!    the true wait falls in the range shown, against the synthetic ground truth of
//!    `careway_core::queue::sim`, on development days and on held-out days (seeds the
//!    rules were not tuned on), beside a naive baseline.
//!
//! The file-descriptor limit is raised to its hard limit first (both processes inherit
//! it). Options: `--clients N` (10000), `--rounds N` (5).

use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use careway_server::clock::SystemClock;
use careway_server::config::Config;
use careway_server::AppState;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Interest};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, Semaphore};

/// jemalloc: less memory held per open event stream than the system's malloc (see
/// server/Cargo.toml for the figures).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The board every client watches.
const AREA: &str = "pharmacy";

fn main() -> anyhow::Result<()> {
    let (soft, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE)?;
    let raised = rlimit::increase_nofile_limit(u64::MAX)?;
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        let dir = args.get(i + 1).cloned().unwrap_or_default();
        return tokio::runtime::Runtime::new()?.block_on(serve(dir.into()));
    }
    println!("bench queue: file descriptors {soft} → {raised} (hard limit {hard})");
    // The clients run on one thread: they stand for screens on other machines, so they
    // should take as little of the server's two cores as they can.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(clients())
}

/// The server half: the demo hospital on a free port, announced on stdout.
async fn serve(dir: std::path::PathBuf) -> anyhow::Result<()> {
    let mut config = Config::for_data_dir(dir.join("data"));
    config.dist_dir = dir.join("no-app");
    config.demo = true;
    let state = AppState::open(config, Arc::new(SystemClock)).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening {}", listener.local_addr()?);
    careway_server::http::server::serve(listener, state, std::future::pending()).await?;
    Ok(())
}

/// A process's resident memory now and at its peak, in MB, from `/proc`.
fn rss_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The CPU time a process's threads have run, in ms, from `/proc/<pid>/task/*/schedstat`
/// (its first field: nanoseconds on a CPU), so each round's cost shows beside its latency.
fn cpu_ms(pid: u32) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return f64::NAN;
    };
    let ns: u64 = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    ns as f64 / 1e6
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What a client reports of each board that arrives: its index, and when the kernel put
/// the bytes on its socket (`SO_TIMESTAMPNS`).
type Arrivals = mpsc::UnboundedSender<(usize, SystemTime)>;

/// How long this process keeps off the CPU after asking for a change, so that the
/// server's fan-out has the machine's cores to itself as it would in a deployment (see
/// the module's comment). Longer than a fan-out takes here; a round that still has
/// copies arriving after it says so.
const FAN_OUT_WINDOW: Duration = Duration::from_millis(700);

/// One wall display: opens the stream, then reports each board that arrives (the first is
/// the snapshot). Kept lean (one read per event, no parsing beyond finding the event's
/// name) because the clients share the server's cores.
async fn client(
    addr: SocketAddr,
    index: usize,
    arrivals: Arrivals,
    mut first: Option<tokio::sync::oneshot::Sender<()>>,
) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    receive_timestamps(&stream)?;
    let request = format!(
        "GET /api/v1/board/{AREA}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut buf = vec![0u8; 8 * 1024];
    let marker = memchr::memmem::Finder::new(b"event: board");
    loop {
        stream.readable().await?;
        let (n, arrived) =
            match stream.try_io(Interest::READABLE, || read_stamped(&stream, &mut buf)) {
                Ok(read) => read,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => return Err(e.into()),
            };
        if n == 0 {
            return Ok(());
        }
        if marker.find(&buf[..n]).is_some() {
            let _ = arrivals.send((index, arrived.unwrap_or_else(SystemTime::now)));
            if let Some(first) = first.take() {
                let _ = first.send(());
            }
        }
    }
}

/// Asks the kernel to stamp what arrives on `stream` with the time it arrived.
fn receive_timestamps(stream: &TcpStream) -> std::io::Result<()> {
    let on: libc::c_int = 1;
    // SAFETY: a valid socket, and an option value of the size given.
    let done = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// One `recvmsg` on `stream` into `buf`: the bytes read and, when the kernel gave it, the
/// time the last of them arrived.
fn read_stamped(
    stream: &TcpStream,
    buf: &mut [u8],
) -> std::io::Result<(usize, Option<SystemTime>)> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // Room for one control message holding a timespec, aligned as cmsghdr wants.
    let mut control = [0u64; 8];
    // SAFETY: zeroed msghdr is valid; every pointer in it points to live buffers of the
    // lengths given; CMSG_* walk only within `control`.
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = std::mem::size_of_val(&control) as _;
        let n = libc::recvmsg(stream.as_raw_fd(), &mut msg, 0);
        if n < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut arrived = None;
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_TIMESTAMPNS
            {
                let ts = std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<libc::timespec>());
                arrived = Some(UNIX_EPOCH + Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32));
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
        Ok((n as usize, arrived))
    }
}

/// Staff put `patient_id` into the pharmacy's queue, the change every client watches for.
/// Once the request is sent, this process's one thread sleeps for [`FAN_OUT_WINDOW`]
/// (blocking it on purpose: no client reads meanwhile), then reads the answer.
async fn staff_add(addr: SocketAddr, patient_id: &str) -> anyhow::Result<()> {
    let body = format!(r#"{{"patient_id":"{patient_id}"}}"#);
    let request = format!(
        "POST /api/v1/staff/queue/points/{AREA}/tickets HTTP/1.1\r\nHost: {addr}\r\n\
         Authorization: Bearer {}\r\nX-Careway-Csrf: 1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        careway_server::http::staff::DEMO_STAFF_TOKEN,
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request.as_bytes()).await?;
    std::thread::sleep(FAN_OUT_WINDOW);
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let answer = String::from_utf8_lossy(&answer);
    anyhow::ensure!(answer.starts_with("HTTP/1.1 201"), "staff API: {answer}");
    Ok(())
}

async fn clients() -> anyhow::Result<()> {
    let clients = careway_server::bench::option("--clients", 10_000);
    let rounds = careway_server::bench::option("--rounds", 5);
    let dir = std::env::temp_dir().join(format!("careway-bench-queue-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;

    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .arg("--serve")
        .arg(&dir)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let pid = child.id().unwrap_or(0);
    let mut out = BufReader::new(child.stdout.take().expect("piped")).lines();
    let addr: SocketAddr = loop {
        let line = out
            .next_line()
            .await?
            .ok_or_else(|| anyhow::anyhow!("the server stopped before listening"))?;
        if let Some(addr) = line.strip_prefix("listening ") {
            break addr.parse()?;
        }
    };
    let (idle_rss, _) = rss_mb(pid);
    println!("bench queue: server pid {pid} on {addr}, {idle_rss:.1} MB resident before clients");

    // A patient of the demo hospital whom staff send to the pharmacy each round.
    let patient = demo_patient(&dir).await?;

    let (tx, mut rx) = mpsc::unbounded_channel();
    let opening = Instant::now();
    let gate = Arc::new(Semaphore::new(256));
    for i in 0..clients {
        let permit = gate.clone().acquire_owned().await?;
        let tx = tx.clone();
        let (first_tx, first_rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            if let Err(err) = client(addr, i, tx, Some(first_tx)).await {
                eprintln!("client {i}: {err}");
            }
        });
        tokio::spawn(async move {
            let _ = tokio::time::timeout(Duration::from_secs(60), first_rx).await;
            drop(permit);
        });
    }
    drop(tx);
    // Every client's first snapshot.
    let mut connected = std::collections::HashSet::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while connected.len() < clients && Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            Ok(Some((i, _))) => {
                connected.insert(i);
            }
            Ok(None) => break,
            Err(_) => {}
        }
    }
    let (rss_open, _) = rss_mb(pid);
    println!(
        "bench queue: {} of {clients} streams open in {:.1} s; server {rss_open:.1} MB resident",
        connected.len(),
        opening.elapsed().as_secs_f64()
    );

    let mut all = Vec::new();
    let (mut delivered_all, mut late_rounds) = (true, 0);
    for round in 1..=rounds {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        while rx.try_recv().is_ok() {}
        let cpu_before = cpu_ms(pid);
        let (sent, sent_wall) = (Instant::now(), SystemTime::now());
        staff_add(addr, &patient).await?;
        let mut latencies = Vec::with_capacity(clients);
        let mut seen = std::collections::HashSet::new();
        let deadline = sent + Duration::from_secs(10);
        while seen.len() < connected.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, rx.recv()).await {
                Ok(Some((i, arrived))) => {
                    if seen.insert(i) {
                        let arrived = arrived.duration_since(sent_wall).unwrap_or_default();
                        latencies.push(arrived.as_secs_f64() * 1000.0);
                    }
                }
                _ => break,
            }
        }
        let cpu = cpu_ms(pid) - cpu_before;
        latencies.sort_by(f64::total_cmp);
        delivered_all &= seen.len() == connected.len();
        let last = latencies.last().copied().unwrap_or(f64::NAN);
        let late = last > FAN_OUT_WINDOW.as_secs_f64() * 1000.0;
        late_rounds += usize::from(late);
        println!(
            "  round {round}: delivered {}/{} · arrived first {:.1} ms · p50 {:.1} ms · p99 {:.1} ms · \
             max {last:.1} ms · server CPU {cpu:.0} ms{}",
            seen.len(),
            connected.len(),
            latencies.first().copied().unwrap_or(f64::NAN),
            percentile(&latencies, 50.0),
            percentile(&latencies, 99.0),
            if late { " (copies still arriving when the clients woke: they shared the cores from then on)" } else { "" },
        );
        all.extend(latencies);
    }
    all.sort_by(f64::total_cmp);
    let (rss, peak) = rss_mb(pid);
    println!(
        "bench queue: {clients} clients × {rounds} changes: delivered {} of {} ({}) · \
         p50 {:.1} ms · p99 {:.1} ms (budget 100) · server RSS {rss:.1} MB, peak {peak:.1} MB \
         (budget 150){}",
        all.len(),
        connected.len() * rounds,
        if delivered_all { "all" } else { "NOT ALL" },
        percentile(&all, 50.0),
        percentile(&all, 99.0),
        if late_rounds > 0 {
            format!(" · {late_rounds} round(s) outlasted the clients' pause")
        } else {
            String::new()
        },
    );
    let _ = child.kill().await;
    let _ = std::fs::remove_dir_all(&dir);

    estimator();
    Ok(())
}

/// The demo patient's id, read from the server's database.
async fn demo_patient(dir: &std::path::Path) -> anyhow::Result<String> {
    let url = format!("sqlite://{}?mode=ro", dir.join("data/careway.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let id: String = sqlx::query_scalar("SELECT id FROM patients ORDER BY created_at LIMIT 1")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(id)
}

/// The estimator's error on synthetic days, development and held-out.
fn estimator() {
    use careway_core::queue::sim::evaluate;
    println!("wait estimator vs the simulator's ground truth (minutes):");
    println!(
        "  {:<26} {:>6} {:>8} {:>8} {:>9} {:>9}",
        "days", "n", "MAE", "median", "in range", "baseline"
    );
    for (name, seeds) in [
        ("development 0..200", 0..200),
        ("held-out 10000..10500", 10_000..10_500),
    ] {
        let e = evaluate(seeds);
        println!(
            "  {:<26} {:>6} {:>8.2} {:>8.2} {:>8.1}% {:>9.2}",
            name,
            e.predictions,
            e.mae_min,
            e.median_ae_min,
            e.coverage * 100.0,
            e.baseline_mae_min
        );
    }
}
