//! The speed floor of a run: read every input file and inflate every .docx's
//! word/document.xml, and nothing else. What `solieu extract` cannot beat.
//!
//! Same walk and the same rayon pool size as the CLI, so the ratio compares like
//! with like. Prints one line: documents, bytes read, inflated bytes, seconds.
//!
//! Run: `cargo run --release --example floor -- [--jobs N] DIR...`

use std::fs;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let mut jobs = 1usize;
    let mut roots = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--jobs" || a == "-j" {
            jobs = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("floor: --jobs needs a number");
                std::process::exit(2)
            });
        } else {
            roots.push(PathBuf::from(a));
        }
    }
    let started = Instant::now();
    let mut files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|r| WalkDir::new(r).into_iter().filter_map(Result::ok))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("docx" | "txt")))
        .collect();
    files.sort();
    let read = AtomicU64::new(0);
    let inflated = AtomicU64::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .expect("a thread pool");
    pool.install(|| {
        files.par_iter().for_each(|path| {
            let Ok(bytes) = fs::read(path) else { return };
            read.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            if path.extension().is_some_and(|e| e == "docx") {
                let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(&bytes[..])) else {
                    return;
                };
                let Ok(mut entry) = zip.by_name("word/document.xml") else {
                    return;
                };
                let mut xml = Vec::with_capacity(entry.size() as usize);
                if entry.read_to_end(&mut xml).is_ok() {
                    inflated.fetch_add(xml.len() as u64, Ordering::Relaxed);
                }
            }
        })
    });
    let secs = started.elapsed().as_secs_f64();
    let read = read.into_inner();
    println!(
        "floor: {} documents, {} bytes read, {} bytes inflated, {:.3} s, {:.0} docs/s, {:.1} MB/s",
        files.len(),
        read,
        inflated.into_inner(),
        secs,
        files.len() as f64 / secs,
        read as f64 / 1e6 / secs
    );
}
