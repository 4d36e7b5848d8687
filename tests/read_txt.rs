//! The .txt reader: encodings, line endings and the errors for what is not text.

use solieu::model::RawDocument;
use solieu::read::{txt::read_txt, ReadOptions};

fn lines(doc: &RawDocument) -> Vec<String> {
    doc.blocks.iter().map(|b| b.text()).collect()
}

fn read(bytes: &[u8]) -> RawDocument {
    read_txt(bytes, &ReadOptions::default()).unwrap()
}

#[test]
fn utf8_with_each_line_ending() {
    let doc = read("Số: 21/BC\r\nTổng số 237 người\rĐạt 100%\n\n  \nHết".as_bytes());
    assert_eq!(
        lines(&doc),
        ["Số: 21/BC", "Tổng số 237 người", "Đạt 100%", "Hết"]
    );
    assert_eq!(doc.encoding, "utf-8");
    assert_eq!(doc.encoding_confidence, 1.0);
}
