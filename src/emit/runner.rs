//! Runs one job per input on a rayon pool and hands the results to a sink in
//! input order, as soon as a result and every one before it are done.
//!
//! At most `window` jobs are started and not yet handed out, so memory holds only
//! the documents in flight, whatever the size of the batch. A panic in a job never
//! takes the batch down: it is turned into a result by the caller's `on_panic`.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::cancel::StopFlag;

/// Stack size of the worker threads: the readers recurse into nested tables, and a
/// deep (but within limits) document must not overflow the default 2 MiB.
pub const WORKER_STACK: usize = 32 * 1024 * 1024;

/// Processes `items` with `work` on `jobs` threads; calls `sink(index, result)` in
/// index order. Stops handing out new work when `sink` breaks (e.g. stdout closed).
/// `items` is drawn only as work is started, so it can be a range of indices into
/// a list the jobs share, or an iterator that makes each item when it is due.
pub fn run_ordered<Items, I, T, W, P, S>(
    items: Items,
    jobs: usize,
    window: usize,
    work: W,
    on_panic: P,
    mut sink: S,
) where
    Items: IntoIterator<Item = I>,
    I: Send + 'static,
    T: Send + 'static,
    W: Fn(usize, &I) -> T + Send + Sync + 'static,
    P: Fn(usize, &I, String) -> T + Send + Sync + 'static,
    S: FnMut(usize, T) -> ControlFlow<()>,
{
    let jobs = jobs.max(1);
    let window = window.max(jobs);
    // No threads to be had: run everything on this thread, still in order.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("solieu-worker-{i}"))
        .build()
        .ok();
    let work = Arc::new(work);
    let on_panic = Arc::new(on_panic);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let mut items = items.into_iter().enumerate();
    let mut in_flight = 0usize;
    let mut next = 0usize;
    let mut done: BTreeMap<usize, T> = BTreeMap::new();
    loop {
        // Start work while the window has room.
        while in_flight + done.len() < window {
            let Some((index, item)) = items.next() else {
                break;
            };
            let (work, on_panic, tx) = (Arc::clone(&work), Arc::clone(&on_panic), tx.clone());
            let job = move || {
                let result = match catch_unwind(AssertUnwindSafe(|| work(index, &item))) {
                    Ok(r) => r,
                    Err(panic) => on_panic(index, &item, panic_message(&*panic)),
                };
                // The receiver is gone only when the sink stopped the batch.
                let _ = tx.send((index, result));
            };
            match &pool {
                Some(pool) => pool.spawn(job),
                None => job(),
            }
            in_flight += 1;
        }
        if in_flight == 0 {
            break;
        }
        let Ok((index, result)) = rx.recv() else {
            break;
        };
        in_flight -= 1;
        done.insert(index, result);
        while let Some(result) = done.remove(&next) {
            next += 1;
            if sink(next - 1, result).is_break() {
                return;
            }
        }
    }
}

/// Why `with_timeout` gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abandoned {
    /// The time limit passed; the thread is left running (Rust cannot stop a thread),
    /// its result will be dropped when it ends.
    TimedOut,
    /// The job panicked; the message says why.
    Panicked(String),
    /// No thread could be started.
    NoThread(String),
}

/// Runs `f` on a thread of its own and waits at most `limit` for it.
pub fn with_timeout<T, F>(limit: Duration, f: F) -> Result<T, Abandoned>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    let stop = StopFlag::new();
    let theirs = stop.clone();
    let spawned = std::thread::Builder::new()
        .name("solieu-document".to_string())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            theirs.install();
            let r = catch_unwind(AssertUnwindSafe(f)).map_err(|p| panic_message(&*p));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Err(Abandoned::NoThread(e.to_string()));
    }
    match rx.recv_timeout(limit) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(msg)) => Err(Abandoned::Panicked(msg)),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The thread cannot be killed; ask it to stop at its next check.
            stop.raise();
            Err(Abandoned::TimedOut)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Abandoned::Panicked(
            "the document thread ended without a result".into(),
        )),
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    #[test]
    fn results_come_out_in_input_order_whatever_the_finishing_order() {
        // Early items sleep longest, so they finish last.
        let items: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        run_ordered(
            items,
            4,
            8,
            |_, &n| {
                std::thread::sleep(Duration::from_millis((40 - n) / 4));
                n * 10
            },
            |_, _, _| u64::MAX,
            |i, r| {
                seen.push((i, r));
                ControlFlow::Continue(())
            },
        );
        let expected: Vec<(usize, u64)> = (0..40).map(|n| (n as usize, n * 10)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_window_bounds_work_started_ahead_of_the_sink() {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let mut max_ahead = 0;
        run_ordered(
            (0..50).collect::<Vec<usize>>(),
            3,
            5,
            |_, _| {
                STARTED.fetch_add(1, Ordering::SeqCst);
            },
            |_, _, _| (),
            |i, ()| {
                max_ahead = max_ahead.max(STARTED.load(Ordering::SeqCst) - i);
                ControlFlow::Continue(())
            },
        );
        assert!(max_ahead <= 5, "started {max_ahead} ahead of the sink");
    }

    #[test]
    fn a_panicking_job_becomes_a_result_and_the_rest_go_on() {
        let mut seen = Vec::new();
        run_ordered(
            vec![1, 2, 3],
            2,
            4,
            |_, &n| {
                if n == 2 {
                    panic!("bad item {n}");
                }
                format!("ok {n}")
            },
            |_, _, msg| format!("panic: {msg}"),
            |_, r| {
                seen.push(r);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, vec!["ok 1", "panic: bad item 2", "ok 3"]);
    }

    #[test]
    fn the_sink_can_stop_the_batch() {
        let mut seen = 0;
        run_ordered(
            (0..100).collect::<Vec<i32>>(),
            2,
            4,
            |_, &n| n,
            |_, _, _| -1,
            |_, _| {
                seen += 1;
                if seen == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 3);
    }

    #[test]
    fn a_runaway_job_times_out_and_a_quick_one_does_not() {
        let start = Instant::now();
        let r = with_timeout(Duration::from_millis(100), || loop {
            std::hint::spin_loop();
            std::thread::sleep(Duration::from_millis(5));
        });
        assert_eq!(r, Err::<(), _>(Abandoned::TimedOut));
        assert!(start.elapsed() < Duration::from_secs(2));
        assert_eq!(with_timeout(Duration::from_secs(5), || 7), Ok(7));
        assert_eq!(
            with_timeout(Duration::from_secs(5), || -> i32 { panic!("boom") }),
            Err(Abandoned::Panicked("boom".into()))
        );
    }

    /// Runs `job` under a time limit and reports how long its thread took to end
    /// after the limit was hit.
    fn time_to_stop_after_timeout<F: FnOnce() + Send + 'static>(
        limit: Duration,
        job: F,
    ) -> Option<Duration> {
        let (done_tx, done_rx) = mpsc::channel();
        let r = with_timeout(limit, move || {
            job();
            let _ = done_tx.send(());
        });
        assert!(
            matches!(r, Err(Abandoned::TimedOut)),
            "the job must overrun"
        );
        let abandoned = Instant::now();
        done_rx
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .map(|_| abandoned.elapsed())
    }

    #[test]
    fn an_abandoned_job_that_checks_the_flag_stops() {
        let took = time_to_stop_after_timeout(Duration::from_millis(100), || {
            while !crate::cancel::requested() {
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        assert!(took.is_some(), "the abandoned job never saw the stop flag");
    }

    #[test]
    fn an_abandoned_document_stops_between_blocks() {
        // About 12 MB of real report text: minutes of work in a debug build.
        let seed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/000_e77d1e97e7429ec4.txt"
        ))
        .unwrap();
        let big = seed.repeat(400).into_bytes();
        let took = time_to_stop_after_timeout(Duration::from_millis(500), move || {
            let record = crate::pipeline::process_bytes(
                "big.txt",
                &big,
                crate::model::Format::Txt,
                &Default::default(),
            );
            assert!(record.error.is_some(), "stopped work gives no facts");
        });
        // Reading and decoding are not interruptible; after them, one block's work.
        assert!(took.is_some(), "the abandoned document ran on for 30 s");
    }
}
