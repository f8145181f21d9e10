//! Group commit: many writes in one transaction.
//!
//! In a release rush every booking queues for the single writing connection, and what
//! limits them is not the work of a booking but the commit (an fsync, with
//! `synchronous=FULL`) and the hand-over of the connection between requests. The batch
//! writer takes whatever jobs are waiting (bookings, audit entries), runs each on one
//! transaction (a booking in its own savepoint, so a refused one rolls back alone),
//! commits them all at once, and only then answers each: an answer is never given for a
//! write that is not on disk.

use futures_util::future::BoxFuture;
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::mpsc;

/// Most bookings in one transaction: a bound on how long the first one waits.
pub const MAX_BATCH: usize = 128;

/// What a job does after the batch's commit: told whether it reached the disk.
pub type Finish = Box<dyn FnOnce(bool) + Send>;

/// A unit of work for the batch. It runs on the batch's transaction and must leave it
/// clean: work that can fail half-way runs in its own savepoint and rolls it back. An
/// `Err` means the transaction can no longer be trusted: the whole batch is rolled back
/// and every job told so.
pub type Job = Box<
    dyn for<'t, 'c> FnOnce(
            &'t mut Transaction<'c, Sqlite>,
        ) -> BoxFuture<'t, (sqlx::Result<()>, Finish)>
        + Send,
>;

/// The handle that queues jobs for the batch writer.
#[derive(Clone, Debug)]
pub struct Batcher {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Batcher {
    /// Starts the batch writer on the given (single-connection) write pool.
    ///
    /// The writer runs on a thread of its own. A batch makes a dozen round trips to the
    /// database per booking, and on the request runtime each would wait behind every
    /// request in flight: in a rush of a thousand, that multiplied a batch's time
    /// tenfold.
    pub fn start(write: SqlitePool) -> std::io::Result<Batcher> {
        let (jobs, queue) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name("careway-writer".into())
            .spawn(move || runtime.block_on(run(write, queue)))?;
        Ok(Batcher { jobs })
    }

    /// Queues a job; `false` when the writer has stopped (the server is shutting down).
    pub fn submit(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }
}

async fn run(write: SqlitePool, mut queue: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match run_batch(&write, batch).await {
            Ok(finishes) => finishes.into_iter().for_each(|f| f(true)),
            Err((err, finishes)) => {
                tracing::error!(%err, "a batch of bookings could not be committed");
                finishes.into_iter().for_each(|f| f(false));
            }
        }
    }
}

/// Runs one batch. On failure, the jobs that ran are told so through their finishes; jobs
/// that never ran are dropped, which their waiting callers see as a failure too.
async fn run_batch(
    write: &SqlitePool,
    batch: Vec<Job>,
) -> Result<Vec<Finish>, (sqlx::Error, Vec<Finish>)> {
    let mut finishes = Vec::with_capacity(batch.len());
    let mut outer = match write.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(err) => return Err((err, finishes)),
    };
    for job in batch {
        let (settled, finish) = job(&mut outer).await;
        finishes.push(finish);
        if let Err(err) = settled {
            return Err((err, finishes));
        }
    }
    match outer.commit().await {
        Ok(()) => Ok(finishes),
        Err(err) => Err((err, finishes)),
    }
}
