//! The real VNI file and its UTF-8 transcript give the same facts (kind, value,
//! unit and label) through the whole pipeline.
//!
//! Facts are compared block by block: a fact in a paragraph whose text is in both
//! documents must be in both. The two texts differ in layout only in the formula
//! tables (one tab-separated line in the .doc text layer, one line per cell in the
//! transcript; see tests/legacy_real.rs) and in the transcript's field codes
//! ("PAGE 16"); facts in those paragraphs are counted, not compared.

use std::collections::HashSet;

use solieu::{process_bytes, DocumentRecord, Format, Options};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

type Key = (String, String, Option<String>, Option<String>);

fn record(name: &str) -> DocumentRecord {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
    let rec = process_bytes(name, &bytes, Format::Txt, &Options::default());
    assert!(rec.error.is_none(), "{name}: {:?}", rec.error);
    rec
}

/// (facts in blocks whose text the other document also has, facts elsewhere).
fn split(rec: &DocumentRecord, other: &DocumentRecord) -> (Vec<Key>, Vec<Key>) {
    let other_texts: HashSet<&str> = other.blocks.iter().map(|b| b.text.as_str()).collect();
    let mut shared = Vec::new();
    let mut layout = Vec::new();
    for f in &rec.facts {
        let key = (
            format!("{:?}", f.kind),
            f.value.to_string(),
            f.unit.clone(),
            f.label.clone(),
        );
        let text = rec
            .blocks
            .iter()
            .find(|b| b.id == f.location.block)
            .map(|b| b.text.as_str());
        match text {
            Some(t) if other_texts.contains(t) => shared.push(key),
            _ => layout.push(key),
        }
    }
    (shared, layout)
}

#[test]
fn vni_file_gives_the_transcripts_facts() {
    let vni = record("vpc_2007-Quy-che-chi-tieu-noi-bo-2007.vni-derived.txt");
    let utf8 = record("vpc_2007-Quy-che-chi-tieu-noi-bo-2007.txt");
    assert_eq!(vni.source.encoding.as_deref(), Some("vni"));
    let (vni_shared, vni_layout) = split(&vni, &utf8);
    let (utf8_shared, utf8_layout) = split(&utf8, &vni);
    assert!(
        utf8_shared.len() >= 40,
        "{} comparable facts",
        utf8_shared.len()
    );
    assert_eq!(vni_shared, utf8_shared);
    // The formula tables and the page number hold few facts.
    assert!(
        vni_layout.len() <= 10 && utf8_layout.len() <= 10,
        "{vni_layout:#?}\n{utf8_layout:#?}"
    );
    eprintln!(
        "facts: {} compared and equal; layout-only: {} (VNI), {} (transcript)",
        vni_shared.len(),
        vni_layout.len(),
        utf8_layout.len()
    );
}
