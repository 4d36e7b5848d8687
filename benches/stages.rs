//! Per-stage throughput on the real reports in `corpus/`: read .docx, read .txt,
//! normalise, extract (with section structure), emit JSON.
//!
//! Every stage is measured over the whole corpus of its format in one iteration, and
//! its throughput is counted in bytes of the input files, so stage figures add up:
//! 1 / (sum of 1 / stage MB/s) is the single-thread pipeline speed.
//!
//! Run: `cargo bench --bench stages` (one stage: `cargo bench --bench stages -- extract`).

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use solieu::model::{Block, Format, RawDocument};
use solieu::{extract, normalise, read, structure, Options};

fn corpus(format: Format) -> Vec<Vec<u8>> {
    let ext = match format {
        Format::Docx => "docx",
        Format::Txt => "txt",
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus/ is listed")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("corpus file is read"))
        .collect()
}

fn read_all(files: &[Vec<u8>], format: Format, opts: &Options) -> Vec<RawDocument> {
    files
        .iter()
        .map(|b| read::read_bytes(b, format, &opts.read).expect("corpus file reads"))
        .collect()
}

fn normalise_all(raws: &[RawDocument], opts: &Options) -> Vec<Vec<Block>> {
    raws.iter()
        .map(|raw| {
            raw.blocks
                .iter()
                .enumerate()
                .map(|(i, b)| normalise::normalise_block(b, i as u32, &opts.normalise))
                .collect()
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let opts = Options::default();
    for format in [Format::Docx, Format::Txt] {
        let name = match format {
            Format::Docx => "docx",
            Format::Txt => "txt",
        };
        let files = corpus(format);
        let bytes: u64 = files.iter().map(|f| f.len() as u64).sum();
        let raws = read_all(&files, format, &opts);
        let blocks = normalise_all(&raws, &opts);
        let records: Vec<_> = files
            .iter()
            .enumerate()
            .map(|(i, b)| solieu::process_bytes(&format!("f{i}"), b, format, &opts))
            .collect();

        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes))
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        g.bench_function("read", |b| b.iter(|| read_all(&files, format, &opts)));
        g.bench_function("normalise", |b| b.iter(|| normalise_all(&raws, &opts)));
        g.bench_function("extract", |b| {
            b.iter_batched(
                || blocks.clone(),
                |mut docs| {
                    for d in &mut docs {
                        structure::annotate(d);
                        extract::extract(d, &opts.extract);
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_function("emit_json", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(1 << 20);
                for r in &records {
                    serde_json::to_writer(&mut out, r).expect("a record serialises");
                    out.push(b'\n');
                }
                out
            })
        });
        g.bench_function("pipeline", |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| solieu::process_bytes("f", f, format, &opts).facts.len())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

/// The streaming reader against docx-rs on the corpus files docx-rs reads (it fails or
/// panics on some real reports, which is one reason the pipeline does not use it).
fn docx_readers(c: &mut Criterion) {
    let opts = Options::default();
    let files: Vec<Vec<u8>> = corpus(Format::Docx)
        .into_iter()
        .filter(|f| std::panic::catch_unwind(|| docx_rs::read_docx(f).is_ok()).unwrap_or(false))
        .collect();
    let bytes: u64 = files.iter().map(|f| f.len() as u64).sum();
    let mut g = c.benchmark_group("docx_reader");
    g.throughput(Throughput::Bytes(bytes))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("solieu", |b| {
        b.iter(|| read_all(&files, Format::Docx, &opts))
    });
    g.bench_function("docx_rs", |b| {
        b.iter(|| {
            files
                .iter()
                .filter_map(|f| docx_rs::read_docx(f).ok())
                .count()
        })
    });
    g.finish();
}

/// Texts whose every figure once read back to the start of the text: each corpus .txt report
/// as one line (its line-end bytes made spaces: a report whose line ends were lost; a 1.6 MB
/// one took 50 s), and single lines of 5,000 clauses of the shapes that were quadratic (plan
/// clauses with status cues; brackets that each take the label before them as their subject).
/// Throughput is in bytes of the texts; their cost should grow with their length.
fn long_lines(c: &mut Criterion) {
    let opts = Options::default();
    let joined: Vec<Vec<u8>> = corpus(Format::Txt)
        .into_iter()
        // (bytes, not chars: the legacy-encoded reports stay in their encoding)
        .map(|f| {
            f.into_iter()
                .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b })
                .collect()
        })
        .collect();
    let clauses = |f: &dyn Fn(usize) -> String| -> Vec<Vec<u8>> {
        vec![(1..=5000).map(f).collect::<String>().into_bytes()]
    };
    let plans = clauses(&|i| {
        format!(
            "kế hoạch năm {} phấn đấu {} xã và tăng {},{}% so với cùng kỳ ",
            2020 + i % 10,
            i % 97 + 1,
            i % 9 + 1,
            i % 7
        )
    });
    let brackets = clauses(&|i| format!("( khối {} người ", i % 997 + 1));
    let mut g = c.benchmark_group("long_line");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (name, files) in [
        ("corpus_joined", &joined),
        ("plan_clauses_5000", &plans),
        ("brackets_5000", &brackets),
    ] {
        g.throughput(Throughput::Bytes(
            files.iter().map(|f| f.len() as u64).sum(),
        ));
        g.bench_function(name, |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| {
                        solieu::process_bytes("f", f, Format::Txt, &opts)
                            .facts
                            .len()
                    })
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, docx_readers, long_lines);
criterion_main!(benches);
