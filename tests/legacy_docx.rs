//! A .docx whose paragraphs are in .VnTime, .VnTimeH, VNI-Times and Unicode runs
//! (fixtures/legacy/mixed.docx, made by examples/make_legacy_fixtures.rs) reads as
//! its UTF-8 original and gives the same facts.

use std::path::Path;

use solieu::read::{read_bytes, ReadOptions};
use solieu::{process_bytes, Format, Options};
use unicode_normalization::UnicodeNormalization;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/legacy")
            .join(name),
    )
    .unwrap()
}

#[test]
fn legacy_runs_read_as_the_original() {
    let doc = read_bytes(
        &fixture("mixed.docx"),
        Format::Docx,
        &ReadOptions::default(),
    )
    .unwrap();
    let want = String::from_utf8(fixture("mixed.docx.utf8.txt")).unwrap();
    let got: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| b.text().nfc().collect())
        .collect();
    let want: Vec<&str> = want.lines().collect();
    assert_eq!(got, want);
    assert!(doc.encoding.starts_with("utf-8+"), "{}", doc.encoding);
}

#[test]
fn mixed_docx_gives_the_originals_facts() {
    let key =
        |rec: &solieu::DocumentRecord| -> Vec<(String, String, Option<String>, Option<String>)> {
            rec.facts
                .iter()
                .map(|f| {
                    (
                        format!("{:?}", f.kind),
                        f.value.to_string(),
                        f.unit.clone(),
                        f.label.clone(),
                    )
                })
                .collect()
        };
    let docx = process_bytes(
        "mixed.docx",
        &fixture("mixed.docx"),
        Format::Docx,
        &Options::default(),
    );
    let txt = process_bytes(
        "mixed.txt",
        &fixture("mixed.docx.utf8.txt"),
        Format::Txt,
        &Options::default(),
    );
    assert!(docx.error.is_none() && txt.error.is_none());
    assert!(txt.facts.len() >= 15, "{} facts", txt.facts.len());
    assert_eq!(key(&docx), key(&txt));
}
