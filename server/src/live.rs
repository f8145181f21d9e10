//! The live queue in memory: a projection of the day's service points and tickets, and
//! the channels that fan each change out to the connected screens.
//!
//! The database is the truth. After every committed change to a point, the writer calls
//! [`Hub::refresh`], which reloads that point's tickets and the day's pauses (two
//! queries), re-estimates its waits, serialises the area's board once and sends it on the
//! area's channel, and wakes the channel of every account holding a ticket there.
//! Subscribers compute nothing from the database: a patient's stream asks the projection
//! for the account's tickets, a board stream forwards the frame already serialised. So a
//! change costs the same two queries however many screens watch it. Board streams over a
//! real connection are not even woken: the board writers ([`crate::fanout`]) write each
//! frame to their sockets; the channel serves the rest (streams served in-process).
//!
//! Event ids are `<epoch>-<n>`: `n` grows with every change, the epoch is fresh at every
//! start. A reconnecting client that sends its last id gets nothing until the next change
//! when it is up to date, and the current snapshot otherwise (after a gap, or from another
//! server's epoch). On PostgreSQL with several instances, a change committed elsewhere
//! arrives by LISTEN/NOTIFY as a point id to [`Hub::refresh`]: that is the seam.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use bytes::Bytes;
use careway_core::api::account::mask_name;
use careway_core::api::queue::{
    Board, BoardCall, BoardRoom, BoardTicket, MyQueue, ServicePoint, Ticket, TicketStatus, Wait,
    WaitBasis, BOARD_EVENT,
};
use careway_core::api::LocalText;
use careway_core::queue::{order_key, Basis, CheckInRules, Estimator};
use jiff::Timestamp;
use tokio::sync::broadcast;

use crate::fanout::{Screen, Socket, Writers};
use crate::store::queue::{self as store, place, PointRow, TicketRow};
use crate::store::Db;

/// How many messages a slow subscriber may fall behind before it is told it lagged (and
/// then simply gets the current snapshot).
const CHANNEL_DEPTH: usize = 16;
/// How many recent calls a board lists.
const BOARD_CALLS: usize = 6;
/// How many of each room's next tickets a board lists.
const BOARD_NEXT: usize = 3;

/// A board as sent on its channel: serialised and framed as a server-sent event once, and
/// the same bytes written to every subscriber (10 000 wall displays cost one
/// serialisation, not 10 000).
#[derive(Debug)]
pub struct Frame {
    /// The change it shows (the `n` of its event id).
    version: u64,
    /// The whole event: `event: board`, its `id:`, one `data:` line of the board's JSON
    /// (compact JSON has no line breaks) and the blank line that ends it.
    pub event: Bytes,
    /// The event as one chunk of a `Transfer-Encoding: chunked` body, for the streams the
    /// board writers serve ([`crate::fanout`]).
    pub chunk: Bytes,
}

/// An area's channel and the last frame sent on it, which a newly connected screen gets as
/// its snapshot without serialising the board again.
#[derive(Debug)]
struct AreaChannel {
    tx: broadcast::Sender<Arc<Frame>>,
    last: Option<Arc<Frame>>,
    /// How many screens the board writers serve this area.
    screens: Arc<AtomicUsize>,
}

impl AreaChannel {
    fn new() -> AreaChannel {
        AreaChannel {
            tx: broadcast::channel(CHANNEL_DEPTH).0,
            last: None,
            screens: Arc::default(),
        }
    }

    fn watched(&self) -> bool {
        self.tx.receiver_count() > 0 || self.screens.load(Ordering::Relaxed) > 0
    }
}

/// The projection and its channels. One per server process, in the app state.
#[derive(Debug)]
pub struct Hub {
    epoch: String,
    counter: AtomicU64,
    rules: CheckInRules,
    state: RwLock<Projection>,
    areas: Mutex<HashMap<String, AreaChannel>>,
    accounts: Mutex<HashMap<String, broadcast::Sender<String>>>,
    /// The threads that write boards straight to handed-over screens.
    writers: Writers,
}

#[derive(Debug, Default)]
struct Projection {
    date: String,
    points: HashMap<String, PointState>,
    /// The points where each account holds tickets.
    by_account: HashMap<String, HashSet<String>>,
    /// The event id of each account's last change.
    account_version: HashMap<String, u64>,
    /// The event id of each area's last change.
    area_version: HashMap<String, u64>,
    /// Area names (a department's name, a point's name).
    area_names: HashMap<String, LocalText>,
}

#[derive(Debug)]
struct PointState {
    row: PointRow,
    tickets: Vec<TicketRow>,
    /// Indices into `tickets` of the waiting ones, in queue order.
    waiting: Vec<usize>,
    estimator: Estimator,
}

impl PointState {
    fn new(
        row: PointRow,
        tickets: Vec<TicketRow>,
        pauses: &[i64],
        rules: &CheckInRules,
    ) -> PointState {
        let mut waiting: Vec<usize> = (0..tickets.len())
            .filter(|&i| tickets[i].status == TicketStatus::Waiting)
            .collect();
        waiting.sort_by_key(|&i| order_key(&place(&tickets[i]), rules));
        let mut estimator = Estimator::new(Some(row.typical_ms));
        let mut done: Vec<&TicketRow> = tickets
            .iter()
            .filter(|t| t.status == TicketStatus::Done)
            .collect();
        done.sort_by_key(|t| t.done_at);
        for t in done {
            if let (Some(end), Some(start)) = (t.done_at, t.served_at.or(t.called_at)) {
                estimator.observe(end - start);
            }
        }
        for &pause in pauses {
            estimator.observe_pause(pause);
        }
        PointState {
            row,
            tickets,
            waiting,
            estimator,
        }
    }

    fn accounts(&self) -> impl Iterator<Item = &str> {
        self.tickets.iter().filter_map(|t| t.account_id.as_deref())
    }

    /// The ticket being served (or called last), and since when.
    fn current_since(&self) -> Option<i64> {
        self.tickets
            .iter()
            .filter(|t| matches!(t.status, TicketStatus::InService | TicketStatus::Called))
            .filter_map(|t| t.served_at.or(t.called_at))
            .max()
    }

    fn view(&self) -> ServicePoint {
        ServicePoint {
            id: self.row.id.clone(),
            kind: self.row.kind,
            name: self.row.name.clone(),
            room: self.row.room.clone(),
            place: self.row.place.clone(),
            paused: self.row.paused.clone(),
        }
    }

    fn wait(&self, ahead: u32, now_ms: i64) -> Wait {
        let elapsed = self.current_since().map(|since| (now_ms - since).max(0));
        let e = self.estimator.estimate(ahead, elapsed);
        let minutes = |ms: i64| u32::try_from((ms.max(0) + 59_999) / 60_000).unwrap_or(u32::MAX);
        let basis = match e.basis {
            Basis::Observed(_) => WaitBasis::Observed,
            Basis::Typical => WaitBasis::Typical,
            Basis::Unknown => WaitBasis::Unknown,
        };
        Wait {
            low_minutes: minutes(e.low_ms),
            expected_minutes: minutes(e.expected_ms),
            high_minutes: minutes(e.high_ms),
            basis,
            observations: u32::try_from(self.estimator.observations()).unwrap_or(u32::MAX),
        }
    }

    fn ticket(&self, index: usize, now: i64) -> Ticket {
        let t = &self.tickets[index];
        let ahead = self
            .waiting
            .iter()
            .position(|&i| i == index)
            .map(|p| u32::try_from(p).unwrap_or(u32::MAX));
        Ticket {
            id: t.id.clone(),
            number: t.number.clone(),
            patient_id: t.patient_id.clone().unwrap_or_default(),
            patient_name: t.patient_name.clone(),
            status: t.status,
            point: self.view(),
            ahead,
            wait: ahead.map(|a| self.wait(a, now)),
            priority: t.priority,
            late: t.late,
            appointment_id: t.appointment_id.clone(),
            joined_at: rfc3339(t.joined_at),
            called_at: t.called_at.map(rfc3339),
        }
    }

    fn board_ticket(&self, t: &TicketRow) -> BoardTicket {
        BoardTicket {
            number: t.number.clone(),
            name: mask_name(&t.patient_name),
        }
    }

    fn room(&self) -> BoardRoom {
        let calling = self
            .tickets
            .iter()
            .filter(|t| matches!(t.status, TicketStatus::Called | TicketStatus::InService))
            .max_by_key(|t| t.called_at)
            .map(|t| self.board_ticket(t));
        BoardRoom {
            point: self.view(),
            calling,
            next: self
                .waiting
                .iter()
                .take(BOARD_NEXT)
                .map(|&i| self.board_ticket(&self.tickets[i]))
                .collect(),
            waiting: u32::try_from(self.waiting.len()).unwrap_or(u32::MAX),
        }
    }
}

fn rfc3339(ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

impl Hub {
    /// An empty hub; [`Hub::load`] fills it.
    pub fn new(rules: CheckInRules) -> Hub {
        let epoch = format!("{:x}", uuid::Uuid::new_v4().as_u128() as u32);
        Hub {
            epoch,
            counter: AtomicU64::new(1),
            rules,
            state: RwLock::new(Projection::default()),
            areas: Mutex::default(),
            accounts: Mutex::default(),
            writers: Writers::default(),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Projection> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Projection> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The date the projection holds.
    pub fn date(&self) -> String {
        self.read().date.clone()
    }

    /// Loads the whole day `date` from the database, replacing what was held, and tells
    /// every subscriber.
    pub async fn load(
        &self,
        db: &Db,
        date: &str,
        area_names: HashMap<String, LocalText>,
    ) -> sqlx::Result<()> {
        let mut points = Vec::new();
        for row in store::points_of_day(db, date).await? {
            let pauses = store::pauses_of_day(db, &row.id, date).await?;
            points.push((row, pauses));
        }
        let mut tickets: HashMap<String, Vec<TicketRow>> = HashMap::new();
        for t in store::tickets_of_day(db, date).await? {
            tickets.entry(t.point_id.clone()).or_default().push(t);
        }
        let id = self.counter.fetch_add(1, Ordering::Relaxed);
        let (areas, accounts) = {
            let mut p = self.write();
            let old_accounts: Vec<String> = p.by_account.keys().cloned().collect();
            *p = Projection {
                date: date.to_owned(),
                area_names,
                ..Projection::default()
            };
            for (row, pauses) in points {
                let list = tickets.remove(&row.id).unwrap_or_default();
                let state = PointState::new(row, list, &pauses, &self.rules);
                for account in state.accounts() {
                    p.by_account
                        .entry(account.to_owned())
                        .or_default()
                        .insert(state.row.id.clone());
                }
                p.points.insert(state.row.id.clone(), state);
            }
            let mut accounts: HashSet<String> = old_accounts.into_iter().collect();
            accounts.extend(p.by_account.keys().cloned());
            for a in &accounts {
                p.account_version.insert(a.clone(), id);
            }
            let areas: HashSet<String> = p.points.values().map(|s| s.row.area.clone()).collect();
            for a in &areas {
                p.area_version.insert(a.clone(), id);
            }
            (areas, accounts)
        };
        self.publish(id, areas, accounts);
        Ok(())
    }

    /// Reloads one point after a committed change to it and tells its subscribers.
    pub async fn refresh(&self, db: &Db, point_id: &str) -> sqlx::Result<()> {
        let date = self.date();
        let Some(row) = store::point(db, point_id).await? else {
            return Ok(());
        };
        let tickets = store::tickets_of_point(db, point_id, &date).await?;
        let pauses = store::pauses_of_day(db, point_id, &date).await?;
        let id = self.counter.fetch_add(1, Ordering::Relaxed);
        let state = PointState::new(row, tickets, &pauses, &self.rules);
        let area = state.row.area.clone();
        let accounts = {
            let mut p = self.write();
            if p.date != date {
                return Ok(());
            }
            let mut accounts: HashSet<String> = p
                .points
                .get(point_id)
                .map(|old| old.accounts().map(str::to_owned).collect())
                .unwrap_or_default();
            for a in state.accounts() {
                accounts.insert(a.to_owned());
                p.by_account
                    .entry(a.to_owned())
                    .or_default()
                    .insert(point_id.to_owned());
            }
            for a in &accounts {
                p.account_version.insert(a.clone(), id);
            }
            p.area_version.insert(area.clone(), id);
            p.points.insert(point_id.to_owned(), state);
            accounts
        };
        self.publish(id, HashSet::from([area]), accounts);
        Ok(())
    }

    fn event_id(&self, n: u64) -> String {
        format!("{}-{n}", self.epoch)
    }

    /// Whether a client's `Last-Event-ID` is as new as `version`.
    fn up_to_date(&self, last_event_id: Option<&str>, version: u64) -> bool {
        last_event_id
            .and_then(|id| id.split_once('-'))
            .filter(|(epoch, _)| *epoch == self.epoch)
            .and_then(|(_, n)| n.parse::<u64>().ok())
            .is_some_and(|n| n >= version)
    }

    fn publish(&self, id: u64, areas: HashSet<String>, accounts: HashSet<String>) {
        {
            let mut channels = self.areas.lock().unwrap_or_else(|e| e.into_inner());
            for area in areas {
                if let Some(channel) = channels.get_mut(&area) {
                    channel.last = None;
                    if channel.watched() {
                        if let Some(frame) = self.frame(&area, id) {
                            let frame = Arc::new(frame);
                            channel.last = Some(frame.clone());
                            if channel.screens.load(Ordering::Relaxed) > 0 {
                                self.writers.publish(&area, &frame);
                            }
                            let _ = channel.tx.send(frame);
                        }
                    }
                }
            }
        }
        let event_id = self.event_id(id);
        let mut channels = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        channels.retain(|_, tx| tx.receiver_count() > 0);
        for account in accounts {
            if let Some(tx) = channels.get(&account) {
                let _ = tx.send(event_id.clone());
            }
        }
    }

    /// The area's board at `version`, framed as a server-sent event.
    fn frame(&self, area: &str, version: u64) -> Option<Frame> {
        let board = self.board(area)?;
        let json = serde_json::to_string(&board).ok()?;
        let id = self.event_id(version);
        let event = format!("event: {BOARD_EVENT}\nid: {id}\ndata: {json}\n\n");
        let chunk = format!("{:x}\r\n{event}\r\n", event.len());
        Some(Frame {
            version,
            event: Bytes::from(event),
            chunk: Bytes::from(chunk),
        })
    }

    /// The tickets of an account's family today, live first, and the id of the last
    /// change to them.
    pub fn my_queue(&self, account_id: &str, now: Timestamp) -> (MyQueue, String) {
        let p = self.read();
        let now_ms = now.as_millisecond();
        let mut tickets = Vec::new();
        if let Some(points) = p.by_account.get(account_id) {
            for point in points {
                if let Some(state) = p.points.get(point) {
                    for (i, t) in state.tickets.iter().enumerate() {
                        if t.account_id.as_deref() == Some(account_id) {
                            tickets.push((t.joined_at, state.ticket(i, now_ms)));
                        }
                    }
                }
            }
        }
        let finished = |t: &Ticket| t.status == TicketStatus::Done;
        tickets.sort_by(|(a_at, a), (b_at, b)| {
            finished(a).cmp(&finished(b)).then_with(|| a_at.cmp(b_at))
        });
        let version = p.account_version.get(account_id).copied().unwrap_or(0);
        (
            MyQueue {
                date: p.date.clone(),
                tickets: tickets.into_iter().map(|(_, t)| t).collect(),
            },
            self.event_id(version),
        )
    }

    /// Whether the account's stream, resumed from `last_event_id`, is up to date.
    pub fn account_up_to_date(&self, account_id: &str, last_event_id: Option<&str>) -> bool {
        let version = self
            .read()
            .account_version
            .get(account_id)
            .copied()
            .unwrap_or(0);
        self.up_to_date(last_event_id, version)
    }

    /// Whether an area's stream, resumed from `last_event_id`, is up to date.
    pub fn area_up_to_date(&self, area: &str, last_event_id: Option<&str>) -> bool {
        let version = self.read().area_version.get(area).copied().unwrap_or(0);
        self.up_to_date(last_event_id, version)
    }

    /// An area's board now, or `None` when there is no such area.
    pub fn board(&self, area: &str) -> Option<Board> {
        let p = self.read();
        let mut rooms: Vec<&PointState> =
            p.points.values().filter(|s| s.row.area == area).collect();
        let name = p
            .area_names
            .get(area)
            .cloned()
            .or_else(|| (rooms.len() == 1).then(|| rooms[0].row.name.clone()))?;
        rooms.sort_by(|a, b| {
            a.row
                .prefix
                .cmp(&b.row.prefix)
                .then(a.row.id.cmp(&b.row.id))
        });
        let mut calls: Vec<(i64, BoardCall)> = rooms
            .iter()
            .flat_map(|s| {
                s.tickets
                    .iter()
                    .filter(|t| matches!(t.status, TicketStatus::Called | TicketStatus::InService))
                    .filter_map(move |t| {
                        t.called_at.map(|at| {
                            (
                                at,
                                BoardCall {
                                    ticket: s.board_ticket(t),
                                    room: s.row.room.clone(),
                                    at: rfc3339(at),
                                },
                            )
                        })
                    })
            })
            .collect();
        calls.sort_by_key(|c| std::cmp::Reverse(c.0));
        calls.truncate(BOARD_CALLS);
        Some(Board {
            area: area.to_owned(),
            name,
            calls: calls.into_iter().map(|(_, c)| c).collect(),
            rooms: rooms.iter().map(|s| s.room()).collect(),
        })
    }

    /// The current board of an area as a frame, from the cache when nothing changed since
    /// it was sent.
    pub fn board_frame(&self, area: &str) -> Option<Arc<Frame>> {
        let mut channels = self.areas.lock().unwrap_or_else(|e| e.into_inner());
        self.current_frame(&mut channels, area)
    }

    fn current_frame(
        &self,
        channels: &mut HashMap<String, AreaChannel>,
        area: &str,
    ) -> Option<Arc<Frame>> {
        let version = self.read().area_version.get(area).copied().unwrap_or(0);
        let channel = channels.get_mut(area);
        if let Some(last) = channel.as_ref().and_then(|c| c.last.as_ref()) {
            if last.version == version {
                return Some(last.clone());
            }
        }
        let frame = Arc::new(self.frame(area, version)?);
        if let Some(channel) = channel {
            channel.last = Some(frame.clone());
        }
        Some(frame)
    }

    /// Subscribes to an area's boards and returns the current one with the channel, both
    /// under one lock so no change falls between them; `None` when there is no such area.
    pub fn watch_area(&self, area: &str) -> Option<(broadcast::Receiver<Arc<Frame>>, Arc<Frame>)> {
        let mut channels = self.areas.lock().unwrap_or_else(|e| e.into_inner());
        let (channel, frame) = self.open_channel(&mut channels, area)?;
        Some((channel.tx.subscribe(), frame))
    }

    /// An area's channel, made if need be, and its current board, kept as the channel's
    /// last frame; `None` when there is no such area.
    fn open_channel<'a>(
        &self,
        channels: &'a mut HashMap<String, AreaChannel>,
        area: &str,
    ) -> Option<(&'a mut AreaChannel, Arc<Frame>)> {
        let frame = self.current_frame(channels, area)?;
        let channel = channels
            .entry(area.to_owned())
            .or_insert_with(AreaChannel::new);
        channel.last = Some(frame.clone());
        Some((channel, frame))
    }

    /// Hands a board stream's socket to the board writers: it gets the area's current
    /// board first, unless `last_event_id` shows it has it, then every change. Under the
    /// lock [`Hub::publish`] sends under, so no change falls between the two.
    pub fn attach(&self, area: &str, last_event_id: Option<&str>, socket: Socket, chunked: bool) {
        let mut channels = self.areas.lock().unwrap_or_else(|e| e.into_inner());
        let Some((channel, frame)) = self.open_channel(&mut channels, area) else {
            return;
        };
        let first = (!self.up_to_date(last_event_id, frame.version)).then_some(frame);
        let screen = Screen::new(socket, chunked, channel.screens.clone());
        self.writers.attach(area, screen, first);
    }

    /// How many screens the board writers serve in `area`: streams handed over and not
    /// yet found gone (a screen that went is found at the next frame or keep-alive).
    pub fn screens(&self, area: &str) -> usize {
        let channels = self.areas.lock().unwrap_or_else(|e| e.into_inner());
        channels
            .get(area)
            .map_or(0, |c| c.screens.load(Ordering::Relaxed))
    }

    /// A channel that wakes when one of the account's tickets changes.
    pub fn subscribe_account(&self, account_id: &str) -> broadcast::Receiver<String> {
        let mut channels = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        channels
            .entry(account_id.to_owned())
            .or_insert_with(|| broadcast::channel(CHANNEL_DEPTH).0)
            .subscribe()
    }

    /// The ids of the day's points, for the simulator.
    pub fn point_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.read().points.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// What the simulator needs to know about a point now.
    pub fn point_load(&self, point_id: &str) -> Option<PointLoad> {
        let p = self.read();
        let s = p.points.get(point_id)?;
        let current = s
            .tickets
            .iter()
            .filter(|t| matches!(t.status, TicketStatus::InService | TicketStatus::Called))
            .filter_map(|t| Some((t.id.clone(), t.served_at.or(t.called_at)?)))
            .max_by_key(|(_, since)| *since);
        Some(PointLoad {
            kind: s.row.kind,
            waiting: s.waiting.len(),
            current,
            paused: s.row.paused.is_some(),
        })
    }
}

/// A point's load, for the demo simulator.
#[derive(Clone, Debug)]
pub struct PointLoad {
    /// What the point is.
    pub kind: careway_core::api::queue::PointKind,
    /// How many wait.
    pub waiting: usize,
    /// The ticket called or in service, and since when.
    pub current: Option<(String, i64)>,
    /// Whether it is paused.
    pub paused: bool,
}
