//! The streaming .docx reader on real and hand-built documents.

use std::path::Path;

use solieu::model::{BlockKind, CellPos, ErrorKind, RawDocument};
use solieu::read::{docx::read_docx, ReadOptions};

fn seed() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_e77d1e97e7429ec4.docx"))
        .unwrap()
}

fn cells(doc: &RawDocument) -> Vec<(CellPos, String)> {
    doc.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Cell(pos) => Some((pos.clone(), b.text())),
            _ => None,
        })
        .collect()
}

fn cell_at(doc: &RawDocument, table: u32, row: u32, col: u32) -> Option<String> {
    cells(doc)
        .into_iter()
        .find(|(p, _)| p.table == table && p.row == row && p.col == col)
        .map(|(_, t)| t)
}

#[test]
fn seed_docx_tables_have_the_seed_cells() {
    let doc = read_docx(&seed(), &ReadOptions::default()).unwrap();
    // Checked by hand against corpus/000_e77d1e97e7429ec4.txt lines 135-275.
    assert_eq!(cell_at(&doc, 0, 0, 0).as_deref(), Some("TT"));
    assert_eq!(cell_at(&doc, 0, 0, 3).as_deref(), Some("Chỉ tiêu 2024"));
    assert_eq!(cell_at(&doc, 0, 2, 0).as_deref(), Some("1"));
    assert_eq!(cell_at(&doc, 0, 2, 2).as_deref(), Some("%"));
    assert_eq!(cell_at(&doc, 0, 2, 3).as_deref(), Some("31,2"));
    assert_eq!(cell_at(&doc, 0, 3, 3).as_deref(), Some("23,9"));
    // Row 4 ("3", "Giảm tần suất...") has a no-break space in its last cell: blank, not a block.
    assert_eq!(cell_at(&doc, 0, 4, 0).as_deref(), Some("3"));
    assert_eq!(cell_at(&doc, 0, 4, 3), None);
    assert!(cell_at(&doc, 0, 5, 1)
        .unwrap()
        .starts_with("Trong đó: Giảm tần suất tai nạn lao động chết người"));
    assert_eq!(cell_at(&doc, 0, 5, 3).as_deref(), Some("0,2"));
    assert_eq!(cell_at(&doc, 0, 8, 3).as_deref(), Some("Trên 90"));
    assert_eq!(cell_at(&doc, 0, 10, 3).as_deref(), Some("<1,5"));
    assert_eq!(cell_at(&doc, 0, 15, 0).as_deref(), Some("13"));
    assert_eq!(cell_at(&doc, 0, 15, 3).as_deref(), Some("100"));
    assert_eq!(cell_at(&doc, 0, 16, 0), None);
    assert_eq!(cell_at(&doc, 1, 0, 2).as_deref(), Some("Ghi chú"));
    assert_eq!(cell_at(&doc, 1, 1, 0).as_deref(), Some("a)"));
    assert!(cell_at(&doc, 1, 3, 1)
        .unwrap()
        .starts_with("- 100% CBCCVC-LĐ ho"));
    assert_eq!(cell_at(&doc, 2, 6, 0).as_deref(), Some("e)"));
    assert_eq!(cell_at(&doc, 2, 6, 2).as_deref(), Some("Đạt"));
    assert!(cell_at(&doc, 2, 2, 1).unwrap().contains("20 – 25 ph")); // this table is in NFD in the seed
    for (pos, _) in cells(&doc) {
        assert_eq!((pos.col_span, pos.row_span, pos.depth), (1, 1, 0));
    }
    // The paragraph before the first table, and the table cells come right after it.
    let i = doc
        .blocks
        .iter()
        .position(|b| b.text() == "b) Chỉ tiêu phấn đấu của Ngành")
        .unwrap();
    assert!(matches!(
        doc.blocks[i + 1].kind,
        BlockKind::Cell(CellPos {
            table: 0,
            row: 0,
            col: 0,
            ..
        })
    ));
    assert_eq!(doc.encoding, "utf-8");
}

#[test]
fn seed_docx_paragraphs_match_the_text() {
    let doc = read_docx(&seed(), &ReadOptions::default()).unwrap();
    let paras: Vec<String> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text())
        .collect();
    assert_eq!(paras[0], " CÔNG ĐOÀN SỞ LAO ĐỘNG");
    assert_eq!(paras[2], "     Số: 21  /BC-CĐSLĐTBXH");
    assert_eq!(paras[3], "\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(paras
        .iter()
        .any(|p| p == "2. Chỉ tiêu đào tạo, bồi dưỡng, đánh giá xếp loại cơ quan đơn vị"));
    assert!(paras.iter().all(|p| !p.trim().is_empty()));
}

#[test]
fn ole_header_is_not_docx() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend_from_slice(&[0; 504]);
    let e = read_docx(&bytes, &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotDocx);
    assert!(e.message.contains("old-style Office file"), "{}", e.message);
}

#[test]
fn every_corpus_docx_reads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("docx") {
            continue;
        }
        let doc = read_docx(&std::fs::read(&path).unwrap(), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            doc.blocks.len() > 10,
            "{}: only {} blocks",
            path.display(),
            doc.blocks.len()
        );
        n += 1;
    }
    assert!(n >= 15, "{n} .docx files in corpus/");
}
