//! Generates a large, realistic benchmark corpus from the reports in `corpus/`.
//!
//! Each generated report starts from one real report, read with solieu's own
//! reader: its paragraphs and tables in reading order. Then it is varied: figures
//! get new digits (same shape, so "1.234,5" stays a Vietnamese decimal), years move
//! by a few, some paragraphs are dropped, swapped with a neighbour or borrowed from
//! another report, and table bodies lose or repeat rows. It is written as a .docx
//! with real Word tables and Word-like run formatting (docx-rs), or as a .txt
//! (tables as tab-separated lines). Everything is a function of `--seed` and the
//! document's number, so the same command always writes the same files.
//!
//! Run: `cargo run --release --example gen_corpus -- --docs 20000 --out /tmp/c20k
//!       [--seed 7] [--txt-share 0.3] [--jobs 2]`

use std::fs;
use std::path::{Path, PathBuf};

use docx_rs::{
    AlignmentType, Docx, LineSpacing, Paragraph, Run, RunFonts, Table, TableCell, TableRow,
};
use solieu::model::{BlockKind, Format};
use solieu::read::{read_bytes, ReadOptions};

/// SplitMix64: a tiny, well-mixed PRNG; enough for shuffling test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability p.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// A piece of a source report, in reading order.
#[derive(Clone)]
enum Piece {
    Para { text: String, heading: bool },
    Table(Vec<Vec<String>>),
}

/// One real report, taken apart.
struct Source {
    pieces: Vec<Piece>,
    /// Indices of body paragraphs (not headings), to borrow from.
    paragraphs: Vec<usize>,
}

struct Args {
    docs: usize,
    out: PathBuf,
    seed: u64,
    txt_share: f64,
    jobs: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        docs: 1000,
        out: PathBuf::from("/tmp/solieu-corpus"),
        seed: 1,
        txt_share: 0.3,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--docs" => args.docs = num(&flag, &value),
            "--out" => args.out = PathBuf::from(&value),
            "--seed" => args.seed = num(&flag, &value),
            "--txt-share" => args.txt_share = num(&flag, &value),
            "--jobs" => args.jobs = num::<usize>(&flag, &value).max(1),
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    args
}

fn num<T: std::str::FromStr>(flag: &str, value: &str) -> T {
    value
        .parse()
        .unwrap_or_else(|_| usage(&format!("bad value for {flag}: {value}")))
}

fn usage(msg: &str) -> ! {
    eprintln!("gen_corpus: {msg}\nusage: gen_corpus --docs N --out DIR [--seed S] [--txt-share 0.3] [--jobs J]");
    std::process::exit(2)
}

/// Reads every corpus report into pieces: paragraphs, and tables rebuilt from cells.
fn load_sources(dir: &Path) -> Vec<Source> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| usage(&format!("cannot list {}: {e}", dir.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("docx" | "txt")))
        .collect();
    paths.sort();
    let mut sources = Vec::new();
    for path in paths {
        let Ok(bytes) = fs::read(&path) else { continue };
        let format = if path.extension().is_some_and(|e| e == "docx") {
            Format::Docx
        } else {
            Format::Txt
        };
        let Ok(doc) = read_bytes(&bytes, format, &ReadOptions::default()) else {
            continue;
        };
        let mut pieces = Vec::new();
        // Table index in the source -> position in `pieces`.
        let mut table_at: std::collections::HashMap<u32, usize> = Default::default();
        for block in &doc.blocks {
            let text: String = block
                .text()
                .chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect();
            match &block.kind {
                BlockKind::Cell(pos) => {
                    let at = *table_at.entry(pos.table).or_insert_with(|| {
                        pieces.push(Piece::Table(Vec::new()));
                        pieces.len() - 1
                    });
                    if let Piece::Table(rows) = &mut pieces[at] {
                        let (r, c) = (pos.row as usize, pos.col as usize);
                        if rows.len() <= r {
                            rows.resize(r + 1, Vec::new());
                        }
                        if rows[r].len() <= c {
                            rows[r].resize(c + 1, String::new());
                        }
                        rows[r][c] = text;
                    }
                }
                _ => {
                    if !text.trim().is_empty() {
                        pieces.push(Piece::Para {
                            text,
                            heading: block.heading_level.is_some(),
                        });
                    }
                }
            }
        }
        // Square the tables: every row as wide as the widest.
        for piece in &mut pieces {
            if let Piece::Table(rows) = piece {
                rows.retain(|r| !r.is_empty());
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                for r in rows.iter_mut() {
                    r.resize(width, String::new());
                }
            }
        }
        pieces.retain(|p| !matches!(p, Piece::Table(rows) if rows.is_empty()));
        let paragraphs = pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Piece::Para { heading: false, .. }))
            .map(|(i, _)| i)
            .collect();
        if !pieces.is_empty() {
            sources.push(Source { pieces, paragraphs });
        }
    }
    sources
}

/// New digits for every figure, same shape; years (1990..2039) shift by `years`.
fn vary_figures(text: &str, rng: &mut Rng, years: i32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String, rng: &mut Rng| {
        if digits.is_empty() {
            return;
        }
        match digits.parse::<i32>() {
            Ok(y) if digits.len() == 4 && (1990..2040).contains(&y) => {
                out.push_str(&(y + years).to_string());
            }
            _ => {
                for (i, d) in digits.bytes().enumerate() {
                    let nd = if i == 0 && d != b'0' {
                        b'1' + rng.below(9) as u8
                    } else if i == 0 {
                        b'0'
                    } else {
                        b'0' + rng.below(10) as u8
                    };
                    out.push(nd as char);
                }
            }
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out, rng);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out, rng);
    out
}

/// The pieces of generated report `n`: its source's pieces, varied.
fn compose(sources: &[Source], rng: &mut Rng) -> Vec<Piece> {
    let base = &sources[rng.below(sources.len())];
    let years = rng.below(7) as i32 - 3;
    let mut pieces: Vec<Piece> = Vec::with_capacity(base.pieces.len() + 8);
    for piece in &base.pieces {
        match piece {
            Piece::Para { text, heading } => {
                // Headings stay, so the document keeps its sections.
                if !heading && rng.chance(0.12) {
                    continue;
                }
                pieces.push(Piece::Para {
                    text: vary_figures(text, rng, years),
                    heading: *heading,
                });
                if !heading && rng.chance(0.06) {
                    let other = &sources[rng.below(sources.len())];
                    if !other.paragraphs.is_empty() {
                        let at = other.paragraphs[rng.below(other.paragraphs.len())];
                        if let Piece::Para { text, .. } = &other.pieces[at] {
                            pieces.push(Piece::Para {
                                text: vary_figures(text, rng, years),
                                heading: false,
                            });
                        }
                    }
                }
            }
            Piece::Table(rows) => {
                // One or two header rows stay; body rows are dropped or repeated.
                let head = rows.len().min(1 + rng.below(2));
                let mut out: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 4);
                for (i, row) in rows.iter().enumerate() {
                    let copies = if i < head {
                        1
                    } else if rng.chance(0.15) {
                        0
                    } else if rng.chance(0.15) {
                        2
                    } else {
                        1
                    };
                    for _ in 0..copies {
                        out.push(row.iter().map(|c| vary_figures(c, rng, years)).collect());
                    }
                }
                pieces.push(Piece::Table(out));
            }
        }
    }
    // Neighbouring body paragraphs swap now and then.
    for i in 1..pieces.len() {
        let both_body = matches!(
            (&pieces[i - 1], &pieces[i]),
            (
                Piece::Para { heading: false, .. },
                Piece::Para { heading: false, .. }
            )
        );
        if both_body && rng.chance(0.08) {
            pieces.swap(i - 1, i);
        }
    }
    pieces
}

/// A Word paragraph as Word writes one: a few runs with fonts and sizes.
fn word_paragraph(text: &str, heading: bool, rng: &mut Rng) -> Paragraph {
    let fonts = || {
        RunFonts::new()
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman")
            .cs("Times New Roman")
    };
    let mut p = Paragraph::new()
        .align(if heading {
            AlignmentType::Center
        } else {
            AlignmentType::Both
        })
        .line_spacing(LineSpacing::new().before(60).after(60));
    // Split into 1-4 runs at spaces, as editing history leaves them.
    let pieces = 1 + rng.below(4);
    let cut_points: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    let mut cuts: Vec<usize> = (1..pieces)
        .filter_map(|_| (!cut_points.is_empty()).then(|| cut_points[rng.below(cut_points.len())]))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut start = 0;
    for end in cuts.into_iter().chain(std::iter::once(text.len())) {
        let mut run = Run::new()
            .add_text(&text[start..end])
            .fonts(fonts())
            .size(28);
        if heading {
            run = run.bold();
        }
        p = p.add_run(run);
        start = end;
    }
    p
}

fn write_docx(path: &Path, pieces: &[Piece], rng: &mut Rng) -> std::io::Result<()> {
    let mut docx = Docx::new();
    for piece in pieces {
        match piece {
            Piece::Para { text, heading } => {
                docx = docx.add_paragraph(word_paragraph(text, *heading, rng))
            }
            Piece::Table(rows) => {
                let rows = rows
                    .iter()
                    .map(|row| {
                        TableRow::new(
                            row.iter()
                                .map(|cell| {
                                    let mut tc = TableCell::new();
                                    // A cell's lines are paragraphs of the cell.
                                    for line in cell.split('\n') {
                                        tc = tc.add_paragraph(word_paragraph(line, false, rng));
                                    }
                                    tc
                                })
                                .collect(),
                        )
                    })
                    .collect();
                docx = docx.add_table(Table::new(rows));
            }
        }
    }
    // docx-rs stores its parts uncompressed; Word deflates them. Re-pack so the
    // files (and the reader's inflate work) are what an archive holds.
    let mut stored = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut stored)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut zin = zip::ZipArchive::new(stored).map_err(std::io::Error::other)?;
    let mut zout = zip::ZipWriter::new(std::io::BufWriter::new(fs::File::create(path)?));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).map_err(std::io::Error::other)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        zout.start_file(name, deflated)
            .map_err(std::io::Error::other)?;
        std::io::copy(&mut entry, &mut zout)?;
    }
    zout.finish().map_err(std::io::Error::other)?;
    Ok(())
}

fn write_txt(path: &Path, pieces: &[Piece]) -> std::io::Result<()> {
    let mut s = String::new();
    for piece in pieces {
        match piece {
            Piece::Para { text, .. } => {
                s.push_str(text);
                s.push_str("\r\n");
            }
            Piece::Table(rows) => {
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| c.replace('\n', " ")).collect();
                    s.push_str(&cells.join("\t"));
                    s.push_str("\r\n");
                }
            }
        }
    }
    fs::write(path, s)
}

fn main() {
    let args = parse_args();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let sources = load_sources(&corpus);
    if sources.is_empty() {
        usage("no readable reports in corpus/");
    }
    let started = std::time::Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let bytes = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..args.jobs {
            s.spawn(|| loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= args.docs {
                    break;
                }
                // Each document has its own stream: the output does not depend on --jobs.
                let mut rng = Rng::new(
                    args.seed.wrapping_mul(0x100_0000_01B3) ^ (n as u64).wrapping_mul(0x9E37_79B9),
                );
                rng.next();
                let txt = rng.chance(args.txt_share);
                let pieces = compose(&sources, &mut rng);
                // A thousand files per folder keeps directories small.
                let dir = args.out.join(format!("{:03}", n / 1000));
                if let Err(e) = fs::create_dir_all(&dir) {
                    usage(&format!("cannot create {}: {e}", dir.display()));
                }
                let path = dir.join(format!(
                    "report_{n:06}.{}",
                    if txt { "txt" } else { "docx" }
                ));
                let written = if txt {
                    write_txt(&path, &pieces)
                } else {
                    write_docx(&path, &pieces, &mut rng)
                };
                if let Err(e) = written {
                    usage(&format!("cannot write {}: {e}", path.display()));
                }
                let len = fs::metadata(&path).map_or(0, |m| m.len());
                bytes.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
            });
        }
    });
    eprintln!(
        "gen_corpus: {} documents ({:.1} MB) in {} from {} sources, {:.1} s",
        args.docs,
        bytes.into_inner() as f64 / 1e6,
        args.out.display(),
        sources.len(),
        started.elapsed().as_secs_f64()
    );
}
