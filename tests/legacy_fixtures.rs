//! Detection and decoding of the legacy test files in fixtures/legacy/ (passages of
//! the seed report encoded with the tables by examples/make_legacy_fixtures.rs):
//! auto-detection must name the encoding used and give back the UTF-8 original.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use solieu::read::legacy::{decode_legacy, repair_mojibake};
use unicode_normalization::UnicodeNormalization;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legacy")
}

/// (passage, encoding) for every `NAME.ENC.txt` that is an encoded file.
fn encoded_files() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".txt")?;
            let (passage, enc) = stem.split_once('.')?;
            (!enc.contains("utf8")).then(|| (passage.to_string(), enc.to_string()))
        })
        .collect();
    v.sort();
    v
}

/// The original beside an encoded file: its own if punctuation had to be replaced.
fn original(passage: &str, enc: &str) -> String {
    let enc = enc.strip_suffix("-plain").unwrap_or(enc);
    let own = dir().join(format!("{passage}.{enc}.utf8.txt"));
    let path = if own.exists() {
        own
    } else {
        dir().join(format!("{passage}.utf8.txt"))
    };
    std::fs::read_to_string(path).unwrap()
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Lines of `got` that differ from `want`, as (line number, got, want).
fn line_diffs(got: &str, want: &str) -> Vec<(usize, String, String)> {
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    (0..g.len().max(w.len()))
        .filter(|&i| g.get(i) != w.get(i))
        .map(|i| {
            (
                i + 1,
                g.get(i).unwrap_or(&"").to_string(),
                w.get(i).unwrap_or(&"").to_string(),
            )
        })
        .collect()
}

/// Lines whose decoding is known to differ, and why (passage, encoding, line).
/// None at present: unescaped VIQR's "." after a vowel (tone or full stop) is
/// settled by context and by how common each reading is in real reports.
const KNOWN: [(&str, &str, usize); 0] = [];

#[test]
fn detection_picks_the_encoding_and_decodes_the_original() {
    let files = encoded_files();
    assert!(files.len() >= 60, "{} files", files.len());
    let mut per_enc: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (passage, enc) in &files {
        if enc.starts_with("mojibake") {
            continue;
        }
        let bytes = std::fs::read(dir().join(format!("{passage}.{enc}.txt"))).unwrap();
        let want_enc = enc.strip_suffix("-plain").unwrap_or(enc);
        let entry = per_enc.entry(enc.clone()).or_default();
        entry.1 += 1;
        let Some((text, found, conf)) = decode_legacy(&bytes, None) else {
            failures.push(format!("{passage}.{enc}: not detected"));
            continue;
        };
        if found != want_enc {
            failures.push(format!("{passage}.{enc}: detected as {found} ({conf:.2})"));
            continue;
        }
        entry.0 += 1;
        let diffs: Vec<_> = line_diffs(&nfc(&text), &nfc(&original(passage, enc)))
            .into_iter()
            .filter(|(n, _, _)| !KNOWN.contains(&(passage.as_str(), enc.as_str(), *n)))
            .collect();
        for (n, g, w) in diffs {
            failures.push(format!(
                "{passage}.{enc} line {n}:\n   got {g:?}\n  want {w:?}"
            ));
        }
    }
    for (enc, (ok, n)) in &per_enc {
        eprintln!("detection {enc:>11}: {ok}/{n}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Words the lossy mojibake files cannot give back: where a lost byte leaves two
/// valid words, the more common one is taken. The seed's typo "chế đọ" (for "độ")
/// comes back as "đề".
const LOSSY_KNOWN: [(&str, &str); 1] = [("indices", "đọ")];

#[test]
fn mojibake_files_are_repaired() {
    let mut failures = Vec::new();
    for (passage, enc) in encoded_files() {
        if !enc.starts_with("mojibake") {
            continue;
        }
        let text = std::fs::read_to_string(dir().join(format!("{passage}.{enc}.txt"))).unwrap();
        let Some(repaired) = repair_mojibake(&text) else {
            failures.push(format!("{passage}.{enc}: not repaired"));
            continue;
        };
        let (got, want) = (nfc(&repaired), nfc(&original(&passage, "utf8")));
        let (g, w): (Vec<&str>, Vec<&str>) = (
            got.split_whitespace().collect(),
            want.split_whitespace().collect(),
        );
        if g.len() != w.len() {
            failures.push(format!(
                "{passage}.{enc}: {} words for {}",
                g.len(),
                w.len()
            ));
            continue;
        }
        for (gw, ww) in g.iter().zip(&w) {
            let known = enc == "mojibake-lossy"
                && LOSSY_KNOWN
                    .iter()
                    .any(|(p, k)| *p == passage && ww.contains(k));
            if gw != ww && !known {
                failures.push(format!("{passage}.{enc}: {gw:?} for {ww:?}"));
            }
        }
        // The original itself is left alone.
        if repair_mojibake(&original(&passage, "utf8")).is_some() {
            failures.push(format!("{passage}: the UTF-8 original was changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn utf8_originals_are_not_taken_for_legacy() {
    for (passage, enc) in encoded_files() {
        if enc != "vni" {
            continue;
        }
        let bytes = std::fs::read(dir().join(format!("{passage}.utf8.txt"))).unwrap();
        assert_eq!(decode_legacy(&bytes, None).map(|r| r.1), None, "{passage}");
    }
}

#[test]
fn random_bytes_are_not_vietnamese() {
    // A fixed xorshift sequence: arbitrary binary data.
    let mut x: u32 = 0x9E37_79B9;
    for len in [64usize, 1000, 20_000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        assert_eq!(
            decode_legacy(&bytes, None).map(|r| r.1),
            None,
            "{len} random bytes"
        );
    }
    let english = b"The quick brown fox jumps over the lazy dog. Revenue rose 12% in 2023.";
    assert_eq!(decode_legacy(english, None).map(|r| r.1), None);
}
