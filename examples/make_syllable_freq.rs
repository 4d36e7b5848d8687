//! Writes src/read/legacy/tables/syllables.tsv: how often each Vietnamese syllable
//! occurs in the real reports of corpus/ (read by solieu's own
//! readers). The legacy decoders use it only to break ties between readings that
//! are both valid syllables ("giỏi" or "giọi", "chú" or "chĩ").
//!
//! The seed report and the 2007 VNI decision are left out, because the legacy tests
//! measure detection on them.
//!
//! `cargo run --example make_syllable_freq`

use std::collections::BTreeMap;
use std::path::PathBuf;

use solieu::read::legacy::is_syllable;
use solieu::read::{format_of, read_bytes, ReadOptions};
use unicode_normalization::UnicodeNormalization;

const LEFT_OUT: [&str; 2] = ["000_", "vpc_2007-Quy-che"];

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(root.join("corpus")) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("corpus: {e}");
            std::process::exit(1);
        }
    };
    entries.sort();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(format) = format_of(&path) else {
            continue;
        };
        if LEFT_OUT.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(doc) = read_bytes(&bytes, format, &ReadOptions::default()) else {
            continue;
        };
        files += 1;
        for block in &doc.blocks {
            let text: String = block.text().nfc().collect::<String>().to_lowercase();
            for word in text.split(|c: char| !c.is_alphabetic()) {
                if is_syllable(word) {
                    *counts.entry(word.to_string()).or_default() += 1;
                }
            }
        }
    }
    let mut rows: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 1).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = format!(
        "# Vietnamese syllables and how often they occur in {files} real\n\
         # reports of corpus/ (not the seed, not the 2007 VNI decision). Written by\n\
         # examples/make_syllable_freq.rs. Used only to break ties between two valid readings.\n"
    );
    for (w, n) in rows {
        out.push_str(&format!("{w}\t{n}\n"));
    }
    let path = root.join("src/read/legacy/tables/syllables.tsv");
    if let Err(e) = std::fs::write(&path, out) {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    }
}
