//! Group commit: many bookings in one transaction, one savepoint each.
//!
//! In a release rush every booking queues for the single writing connection, and what
//! limits them is not the work of a booking but the commit (an fsync, with
//! `synchronous=FULL`) and the hand-over of the connection between requests. The batch
//! writer takes whatever bookings are waiting, runs each in its own savepoint (a refused
//! booking rolls back alone), commits them all at once, and only then answers each: an
//! answer is never given for a booking that is not on disk.

use futures_util::future::BoxFuture;
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::mpsc;

/// Most bookings in one transaction: a bound on how long the first one waits.
pub const MAX_BATCH: usize = 128;

/// What a job does after the batch's commit: told whether it reached the disk.
pub type Finish = Box<dyn FnOnce(bool) + Send>;

/// A unit of work for the batch: runs inside its own savepoint and says whether to keep it.
pub type Job = Box<
    dyn for<'t, 'c> FnOnce(&'t mut Transaction<'c, Sqlite>) -> BoxFuture<'t, (bool, Finish)> + Send,
>;

/// The handle that queues jobs for the batch writer.
#[derive(Clone, Debug)]
pub struct Batcher {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Batcher {
    /// Starts the batch writer on the given (single-connection) write pool.
    pub fn start(write: SqlitePool) -> Batcher {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(run(write, queue));
        Batcher { jobs }
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
        let mut savepoint = match sqlx::Connection::begin(&mut *outer).await {
            Ok(sp) => sp,
            Err(err) => return Err((err, finishes)),
        };
        let (keep, finish) = job(&mut savepoint).await;
        let settled = if keep {
            savepoint.commit().await
        } else {
            savepoint.rollback().await
        };
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
