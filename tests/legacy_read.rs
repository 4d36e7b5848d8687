//! The .txt reader hands legacy files to the legacy decoders: each fixture read
//! through `read_bytes` reports the encoding it was written in.

use std::path::Path;

use solieu::read::{read_bytes, ReadOptions};
use solieu::Format;

fn read(name: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/legacy")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let doc = read_bytes(&bytes, Format::Txt, &ReadOptions::default()).unwrap();
    let text = doc
        .blocks
        .iter()
        .map(|b| b.text())
        .collect::<Vec<_>>()
        .join("\n");
    (doc.encoding, text)
}

#[test]
fn every_encoding_is_found_by_the_reader() {
    for (file, enc) in [
        ("staff.tcvn3.txt", "tcvn3"),
        ("staff.vni.txt", "vni"),
        ("staff.viscii.txt", "viscii"),
        ("staff.cp1258.txt", "cp1258"),
        ("staff.viqr.txt", "viqr"),
        ("staff.mojibake.txt", "utf-8+mojibake"),
        ("staff.utf8.txt", "utf-8"),
    ] {
        let (found, text) = read(file);
        assert_eq!(found, enc, "{file}");
        assert!(
            text.contains("Tổng số đoàn viên Công đoàn: 237 người"),
            "{file}: {text}"
        );
    }
}

#[test]
fn forced_encoding_is_used() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legacy/short.vni.txt");
    let bytes = std::fs::read(path).unwrap();
    let opts = ReadOptions {
        encoding: Some("tcvn3".into()),
        ..ReadOptions::default()
    };
    let doc = read_bytes(&bytes, Format::Txt, &opts).unwrap();
    assert_eq!(doc.encoding, "tcvn3");
}

#[test]
fn real_utf8_reports_stay_utf8() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if path.extension().is_some_and(|e| e == "txt") && std::str::from_utf8(&bytes).is_ok() {
            let doc = read_bytes(&bytes, Format::Txt, &ReadOptions::default()).unwrap();
            assert_eq!(doc.encoding, "utf-8", "{}", path.display());
            n += 1;
        }
    }
    assert!(n >= 6, "{n} UTF-8 reports");
}
