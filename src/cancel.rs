//! Cooperative stop of one document's work, for `--timeout`.
//!
//! Rust cannot kill a thread, so a document over its time limit is abandoned by
//! the batch runner; this flag is how the abandoned thread learns to stop soon
//! after instead of running on. The runner installs a flag on the thread that
//! processes the document; the pipeline's long loops (per block in normalisation
//! and extraction) ask [`requested`] and give up. Threads without a flag (no
//! `--timeout`, the library used directly) are never asked to stop.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

thread_local! {
    static FLAG: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// A flag that the owner raises to ask the thread it was installed on to stop.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    pub fn new() -> StopFlag {
        StopFlag::default()
    }

    /// Asks the thread to stop at its next check.
    pub fn raise(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Makes this flag the one [`requested`] reads on the current thread.
    pub fn install(&self) {
        FLAG.with(|f| *f.borrow_mut() = Some(Arc::clone(&self.0)));
    }
}

/// Whether the current thread's work has been asked to stop.
pub fn requested() -> bool {
    FLAG.with(|f| {
        f.borrow()
            .as_ref()
            .is_some_and(|a| a.load(Ordering::Relaxed))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_thread_with_the_raised_flag_is_asked_to_stop() {
        use std::sync::mpsc::channel;
        let flag = StopFlag::new();
        let theirs = flag.clone();
        let (ready_tx, ready_rx) = channel();
        let (go_tx, go_rx) = channel::<()>();
        let worker = std::thread::spawn(move || {
            theirs.install();
            ready_tx.send(requested()).unwrap();
            go_rx.recv().unwrap();
            requested()
        });
        assert!(!ready_rx.recv().unwrap(), "installed but not raised");
        flag.raise();
        go_tx.send(()).unwrap();
        assert!(
            worker.join().unwrap(),
            "raised: the worker is asked to stop"
        );
        assert!(!requested(), "this thread has no flag");
    }
}
