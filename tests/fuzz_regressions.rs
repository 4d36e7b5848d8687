//! Every input a fuzz target ever crashed, hung or ran out of memory on, kept in
//! `fixtures/fuzz-regressions/<target>/` and run again here with the target's checks
//! (see `fuzz/fuzz_targets/`), each within a time limit.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use solieu::normalise::{normalise_block, NormaliseOptions, ToneStyle};
use solieu::read::{docx::read_docx, txt::read_txt, ReadOptions};
use solieu::{process_bytes, ErrorKind, Format, Options, RawBlock, Run};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/fuzz-regressions");
/// The fuzzers ran with -timeout=10 on an optimised build; a debug build is slower.
const TIME_LIMIT: Duration = Duration::from_secs(60);

const ENCODINGS: [Option<&str>; 7] = [
    None,
    Some("utf-8"),
    Some("tcvn3"),
    Some("vni"),
    Some("viscii"),
    Some("cp1258"),
    Some("viqr"),
];

fn docx(data: &[u8]) {
    let opts = ReadOptions {
        max_inflated_bytes: 64 * 1024 * 1024,
        ..ReadOptions::default()
    };
    let _ = read_docx(data, &opts);
}

fn txt(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let encoding = ENCODINGS[pick as usize % ENCODINGS.len()].map(str::to_string);
    let opts = ReadOptions {
        encoding,
        ..ReadOptions::default()
    };
    if let Ok(doc) = read_txt(bytes, &opts) {
        assert!(
            (0.0..=1.0).contains(&doc.encoding_confidence),
            "confidence {}",
            doc.encoding_confidence
        );
    }
}

fn normalise(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let runs = text
        .split('\u{1}')
        .map(|t| Run {
            text: t.to_string(),
            font: None,
        })
        .collect();
    let raw = RawBlock {
        runs,
        ..RawBlock::default()
    };
    let tone_style = if flags & 1 == 0 {
        ToneStyle::Traditional
    } else {
        ToneStyle::Modern
    };
    let block = normalise_block(&raw, 0, &NormaliseOptions { tone_style });
    let source_chars = raw.text().chars().count() as u32;
    assert_eq!(block.offsets.len(), block.text.chars().count() + 1);
    assert!(
        block.offsets.windows(2).all(|w| w[0] <= w[1]),
        "offsets go backwards"
    );
    assert!(
        block.offsets.iter().all(|&o| o <= source_chars),
        "offset past the source"
    );
}

fn facts(data: &[u8]) {
    let rec = process_bytes("fuzz.txt", data, Format::Txt, &Options::default());
    if let Some(e) = &rec.error {
        assert!(e.kind != ErrorKind::Internal, "{}", e.message);
        return;
    }
    for f in &rec.facts {
        assert!(
            f.value.is_finite()
                && f.denominator.is_none_or(f64::is_finite)
                && f.max.is_none_or(f64::is_finite),
            "{f:?}"
        );
        let block = rec
            .blocks
            .iter()
            .find(|b| b.id == f.location.block)
            .expect("fact's block exists");
        let span: String = block
            .text
            .chars()
            .skip(f.location.start as usize)
            .take(f.location.end.saturating_sub(f.location.start) as usize)
            .collect();
        assert_eq!(span, f.raw, "fact span does not hold its raw text: {f:?}");
        assert!(f.location.source_start <= f.location.source_end, "{f:?}");
    }
    serde_json::to_string(&rec).expect("a record serialises");
}

/// Runs one target over every file in its folder; returns how many ran.
fn run_target(name: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(DIR).join(name);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let data = std::fs::read(path).expect("read a regression input");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(|| check(&data));
            let _ = tx.send(r.is_ok());
        });
        match rx.recv_timeout(TIME_LIMIT) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("{}: panicked (message above)", path.display())),
            Err(_) => failures.push(format!(
                "{}: still running after {TIME_LIMIT:?}",
                path.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} regressions:\n{}",
        failures.len(),
        failures.join("\n")
    );
    files.len()
}

#[test]
fn docx_regressions() {
    println!("{} inputs", run_target("docx", docx));
}

#[test]
fn txt_regressions() {
    println!("{} inputs", run_target("txt", txt));
}

#[test]
fn normalise_regressions() {
    println!("{} inputs", run_target("normalise", normalise));
}

#[test]
fn facts_regressions() {
    println!("{} inputs", run_target("facts", facts));
}
