//! Boards written straight to the sockets of the screens that watch them.
//!
//! A change to a board goes to every wall display and phone watching its area: 10 000 in
//! `cargo xtask bench queue`. Through hyper, each copy costs a task wake-up and a pass
//! through the connection's state machine before the one `send` it needs; that was a
//! fifth of the server's CPU per change. So once a board stream's head is out, its
//! socket is handed to a few writer threads (one per core), each looping over its share
//! of the screens with nothing but that `send`. hyper keeps the connection's reading
//! side, to see the client go.
//!
//! **The handover.** Every connection is served through a [`Connection`], which shares
//! its TCP stream. The board stream's handler asks for the stream with
//! [`Handover::after_head`] and answers with a body that never yields. hyper writes the
//! response's head and flushes it; at the first flush after the handler's answer that
//! followed some writing (the head, so hyper's buffer is empty and will stay so), the
//! connection gives its stream to the hub ([`crate::live::Hub::attach`]), which passes it
//! to a writer with the current board when the client is not up to date, under the lock
//! it publishes under: no change falls between the snapshot and the stream.
//!
//! A screen that cannot take a whole frame at once (its socket's buffer is full: it has
//! stopped reading) is cut off; its `EventSource` reconnects with `Last-Event-ID` and gets
//! the current board. Streams served in-process (the tests' `oneshot`) have no connection
//! to hand over and keep to hyper's body, frame by frame.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock, Weak};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::live::Frame;

/// How often a writer sends a comment line to its screens, so that proxies keep quiet
/// streams open (and a screen that has gone is found out).
pub const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// The keep-alive comment, as written on a close-delimited stream and as one chunk of a
/// chunked one.
const BEAT: &[u8] = b":\n\n";
const BEAT_CHUNK: &[u8] = b"3\r\n:\n\n\r\n";

/// What to do with the stream once hyper has written what it had to.
type AfterHead = Box<dyn FnOnce(Socket) + Send>;

/// A connection's TCP stream, shared by hyper and, after a handover, a writer.
struct Shared {
    stream: TcpStream,
    /// Bytes hyper has written so far.
    written: AtomicU64,
    /// Set by [`Handover::after_head`]: the count of bytes written then, and what to do
    /// at the next flush after more were written.
    after_head: Mutex<Option<(u64, AfterHead)>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("stream", &self.stream)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

/// The IO hyper serves a connection over: the TCP stream, read and written as tokio's
/// own `TcpStream` would be, plus the handover hook at flush.
#[derive(Debug)]
pub struct Connection(Arc<Shared>);

impl Connection {
    /// Wraps an accepted stream.
    pub fn new(stream: TcpStream) -> Connection {
        Connection(Arc::new(Shared {
            stream,
            written: AtomicU64::new(0),
            after_head: Mutex::new(None),
        }))
    }

    /// The handle a request carries (as an extension) to ask for the stream.
    pub fn handover(&self) -> Handover {
        Handover(Arc::downgrade(&self.0))
    }

    /// One write by hyper, as tokio's `TcpStream` does it (wait until writable, try,
    /// wait again if the socket was full after all), counted for the handover.
    fn write_with(
        &self,
        cx: &mut Context<'_>,
        write: impl Fn(&TcpStream) -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        let stream = &self.0.stream;
        loop {
            ready!(stream.poll_write_ready(cx))?;
            match write(stream) {
                Ok(n) => {
                    self.0.written.fetch_add(n as u64, Ordering::Relaxed);
                    return Poll::Ready(Ok(n));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

/// In a request's extensions when it came over a real connection: lets a streaming
/// handler have the connection's stream once its response's head is out.
#[derive(Clone, Debug)]
pub struct Handover(Weak<Shared>);

impl Handover {
    /// Asks for the stream: `then` gets it once hyper has written and flushed the head of
    /// the response the handler is about to return. Call it last in the handler, with
    /// nothing awaited after: hyper writes the head in the same poll that sees the answer.
    pub fn after_head(&self, then: impl FnOnce(Socket) + Send + 'static) {
        if let Some(shared) = self.0.upgrade() {
            let written = shared.written.load(Ordering::Relaxed);
            *lock(&shared.after_head) = Some((written, Box::new(then)));
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl AsyncRead for Connection {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let stream = &self.0.stream;
        loop {
            ready!(stream.poll_read_ready(cx))?;
            match stream.try_read_buf(buf) {
                Ok(_) => return Poll::Ready(Ok(())),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.write_with(cx, |stream| stream.try_write(buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.write_with(cx, |stream| stream.try_write_vectored(bufs))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    /// hyper flushes the IO only once its own buffer is empty: if a handover is asked for
    /// and the head has been written since, the stream goes to its writer now.
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let shared = &self.0;
        let due = {
            let mut after = lock(&shared.after_head);
            match after.as_ref() {
                Some((at, _)) if shared.written.load(Ordering::Relaxed) > *at => after.take(),
                _ => None,
            }
        };
        if let Some((_, then)) = due {
            then(Socket(Arc::downgrade(shared)));
        }
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(socket2::SockRef::from(&self.0.stream).shutdown(std::net::Shutdown::Write))
    }
}

/// A handed-over stream, as a writer holds it: weakly, so that the connection closes
/// when hyper is done with it (the client went) whatever the writers hold.
#[derive(Debug)]
pub struct Socket(Weak<Shared>);

/// A screen a writer serves: its stream, how its frames are framed, and the count of its
/// area's screens, which it leaves when it goes.
#[derive(Debug)]
pub struct Screen {
    socket: Socket,
    /// `Transfer-Encoding: chunked` (HTTP/1.1) or close-delimited (HTTP/1.0).
    chunked: bool,
    count: Arc<AtomicUsize>,
}

impl Screen {
    /// A screen of the area whose screens `count` counts, which it joins.
    pub fn new(socket: Socket, chunked: bool, count: Arc<AtomicUsize>) -> Screen {
        count.fetch_add(1, Ordering::Relaxed);
        Screen {
            socket,
            chunked,
            count,
        }
    }

    /// Writes `frame` (or a keep-alive when `None`) whole; a screen that is gone or
    /// cannot take it whole is cut off, and `false` says to forget it.
    fn send(&self, frame: Option<&Frame>) -> bool {
        let Some(shared) = self.socket.0.upgrade() else {
            return false;
        };
        let bytes: &[u8] = match (frame, self.chunked) {
            (Some(frame), true) => &frame.chunk,
            (Some(frame), false) => &frame.event,
            (None, true) => BEAT_CHUNK,
            (None, false) => BEAT,
        };
        match shared.stream.try_write(bytes) {
            Ok(n) if n == bytes.len() => true,
            _ => {
                // hyper, reading the other side, sees the end and closes the connection.
                let _ = socket2::SockRef::from(&shared.stream).shutdown(std::net::Shutdown::Both);
                false
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::Relaxed);
    }
}

/// What a writer is told, in the order the hub decided it.
enum Command {
    /// A new screen of `area`, with the board to send it first unless it is up to date.
    Attach {
        area: Arc<str>,
        screen: Screen,
        first: Option<Arc<Frame>>,
    },
    /// A new board for every screen of `area`.
    Publish { area: Arc<str>, frame: Arc<Frame> },
}

/// The writer threads, one per core, started with the first screen handed over.
#[derive(Debug, Default)]
pub struct Writers {
    shards: OnceLock<Vec<mpsc::Sender<Command>>>,
    next: AtomicUsize,
}

impl Writers {
    fn shards(&self) -> &[mpsc::Sender<Command>] {
        self.shards.get_or_init(|| {
            let n = std::thread::available_parallelism().map_or(2, |n| n.get());
            (0..n)
                .filter_map(|i| {
                    let (tx, rx) = mpsc::channel();
                    std::thread::Builder::new()
                        .name(format!("careway-screens-{i}"))
                        .spawn(move || run(rx))
                        .map_err(|err| tracing::error!(%err, "cannot start a board writer"))
                        .ok()
                        .map(|_| tx)
                })
                .collect()
        })
    }

    /// Gives `screen` to the next writer, which sends it `first` (if any) and then every
    /// board of `area`.
    pub fn attach(&self, area: &str, screen: Screen, first: Option<Arc<Frame>>) {
        let shards = self.shards();
        if shards.is_empty() {
            return;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % shards.len();
        let area = Arc::from(area);
        let _ = shards[i].send(Command::Attach {
            area,
            screen,
            first,
        });
    }

    /// Sends `frame` to every screen of `area`.
    pub fn publish(&self, area: &str, frame: &Arc<Frame>) {
        let Some(shards) = self.shards.get() else {
            return;
        };
        let area: Arc<str> = Arc::from(area);
        for shard in shards {
            let _ = shard.send(Command::Publish {
                area: area.clone(),
                frame: frame.clone(),
            });
        }
    }
}

/// One writer: its screens by area, a frame to each as it comes, a comment line to all
/// every [`KEEP_ALIVE`]. Ends when the hub (and so its channel) goes.
fn run(commands: mpsc::Receiver<Command>) {
    let mut areas: HashMap<Arc<str>, Vec<Screen>> = HashMap::new();
    let mut beat_at = Instant::now() + KEEP_ALIVE;
    loop {
        let now = Instant::now();
        if now >= beat_at {
            for screens in areas.values_mut() {
                screens.retain(|s| s.send(None));
            }
            areas.retain(|_, screens| !screens.is_empty());
            beat_at = now + KEEP_ALIVE;
        }
        match commands.recv_timeout(beat_at.saturating_duration_since(now)) {
            Ok(Command::Attach {
                area,
                screen,
                first,
            }) => {
                if first.is_none_or(|frame| screen.send(Some(&frame))) {
                    areas.entry(area).or_default().push(screen);
                }
            }
            Ok(Command::Publish { area, frame }) => {
                if let Some(screens) = areas.get_mut(&area) {
                    screens.retain(|s| s.send(Some(&frame)));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}
