//! The extraction ratchet: `solieu eval` on the seed report, as .txt and as .docx,
//! against its hand-checked gold (fixtures/gold, 154 facts), must reach at least
//! the figures below.
//!
//! The bars only go up. When the extractor does better, raise them to the new
//! figures; never lower them to make a change pass (fix the change instead).
//! Issue 2 is done at precision >= 0.95 and recall >= 0.90 in both formats.

use std::path::{Path, PathBuf};

use solieu::eval::{find_gold, score_document, DocumentScore};
use solieu::normalise::ToneStyle;
use solieu::pipeline::{process_path, Options};

/// (input, precision bar, recall bar), reached on 2026-11-28 with the first extractor.
const BARS: &[(&str, f64, f64)] = &[
    // 154/154 predicted facts match, 154/154 gold facts found.
    ("corpus/000_e77d1e97e7429ec4.txt", 1.0, 1.0),
    // 154/154 predicted facts match, 154/154 gold facts found (was 145/154 at first).
    ("corpus/000_e77d1e97e7429ec4.docx", 1.0, 1.0),
];

fn score(input: &str) -> DocumentScore {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(input);
    let record = process_path(&path, input, &Options::default());
    assert!(record.error.is_none(), "{input}: {:?}", record.error);
    let gold = find_gold(&root.join("fixtures/gold"), Path::new(input))
        .expect("the gold reads")
        .expect("the seed has gold");
    assert_eq!(
        gold.facts.len(),
        154,
        "the seed's gold has 154 hand-checked facts"
    );
    score_document(&record, &gold, ToneStyle::Traditional)
}

fn check(input: &str, precision: f64, recall: f64) {
    let s = score(input);
    let listing: Vec<String> = s
        .misses
        .iter()
        .map(|m| format!("MISS {:?} {:?} in {:?}", m.kind, m.raw, m.context))
        .chain(
            s.false_positives
                .iter()
                .map(|f| format!("FP {} {:?} in {:?}", f.id, f.raw, f.context)),
        )
        .collect();
    eprintln!(
        "{input}: precision {:.3}, recall {:.3}",
        s.scores.precision, s.scores.recall
    );
    assert!(
        s.scores.precision >= precision && s.scores.recall >= recall,
        "{input}: precision {:.3} (bar {precision}), recall {:.3} (bar {recall})\n{}",
        s.scores.precision,
        s.scores.recall,
        listing.join("\n")
    );
    // No predicted fact may stand on a number the gold lists as a not-fact.
    assert_eq!(s.on_notfacts, 0, "{input}: {:?}", s.notfact_hits);
}

/// Field accuracy on the seed's matched facts, (correct, of) per field, in both formats:
/// label, qualifier, period, status, unit. Reached on 2026-11-28 (period 150 -> 153, status
/// 151 -> 153 with the comparison-base and duration rules; unit 152 -> 154 when the eval pairs
/// "02 tập thể, 02 cá nhân" by raw); the bars only go up.
const FIELD_BARS: [(&str, usize, usize); 5] = [
    ("label", 148, 154),
    ("qualifier", 154, 154),
    ("period", 153, 154),
    ("status", 153, 153),
    ("unit", 154, 154),
];

fn check_fields(input: &str) {
    let s = score(input);
    let f = s.fields;
    let got = [
        ("label", f.label),
        ("qualifier", f.qualifier),
        ("period", f.period),
        ("status", f.status),
        ("unit", f.unit),
    ];
    let mismatches: Vec<String> = s
        .field_mismatches
        .iter()
        .map(|m| {
            format!(
                "{} {:?} {}: gold {} predicted {}",
                m.id, m.raw, m.field, m.gold, m.predicted
            )
        })
        .collect();
    for ((name, correct, of), (_, acc)) in FIELD_BARS.iter().zip(got) {
        assert!(
            acc.correct >= *correct && acc.total == *of,
            "{input}: {name} {}/{} (bar {correct}/{of})\n{}",
            acc.correct,
            acc.total,
            mismatches.join("\n")
        );
    }
}

#[test]
fn seed_fields_reach_their_bars() {
    check_fields(BARS[0].0);
    check_fields(BARS[1].0);
}

#[test]
fn seed_txt_reaches_its_bar() {
    let (input, p, r) = BARS[0];
    check(input, p, r);
}

#[test]
fn seed_docx_reaches_its_bar() {
    let (input, p, r) = BARS[1];
    check(input, p, r);
}
