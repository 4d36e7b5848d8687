//! Times the streaming .docx reader on every corpus .docx (and docx-rs's reader
//! on the same bytes, for comparison), with the peak heap each one takes.
//!
//! Run: `cargo run --release --example read_timing [FILES...]` (default: corpus/*.docx).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use solieu::model::BlockKind;
use solieu::read::{docx::read_docx, ReadOptions};

/// Counts live heap bytes and their peak, to report each reader's peak memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Best time of a few runs, and the peak heap above what was live before.
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, usize, T) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    let mut last = None;
    for _ in 0..5 {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        last = Some(out);
    }
    (best, peak, last.expect("ran at least once"))
}

fn main() {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
        files = std::fs::read_dir(dir)
            .expect("corpus/ exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("docx"))
            .collect();
        files.sort();
    }
    let opts = ReadOptions::default();
    println!(
        "{:>9} {:>7} {:>6} {:>9} {:>9} {:>10} {:>9}  file",
        "bytes", "blocks", "cells", "ours ms", "ours MB", "docx-rs ms", "docx-rs MB"
    );
    let (mut total_ours, mut total_theirs, mut total_blocks) = (Duration::ZERO, Duration::ZERO, 0);
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        let (t, mem, doc) = measure(|| read_docx(&bytes, &opts));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                println!("{:>9} error: {e}  {name}", bytes.len());
                continue;
            }
        };
        let cells = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Cell(_)))
            .count();
        let (t2, mem2, ok) = measure(|| docx_rs::read_docx(&bytes).is_ok());
        total_ours += t;
        total_theirs += t2;
        total_blocks += doc.blocks.len();
        println!(
            "{:>9} {:>7} {:>6} {:>9.2} {:>9.2} {:>10.2} {:>9.2}{}  {name}",
            bytes.len(),
            doc.blocks.len(),
            cells,
            t.as_secs_f64() * 1e3,
            mem as f64 / 1e6,
            t2.as_secs_f64() * 1e3,
            mem2 as f64 / 1e6,
            if ok { "" } else { " (failed)" },
        );
    }
    println!(
        "{} files, {total_blocks} blocks: ours {:.1} ms in all, docx-rs {:.1} ms",
        files.len(),
        total_ours.as_secs_f64() * 1e3,
        total_theirs.as_secs_f64() * 1e3
    );
}
