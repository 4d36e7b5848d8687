//! The .txt reader: encodings, line endings and the errors for what is not text;
//! and `load`'s size, emptiness and I/O errors.

use solieu::model::{ErrorKind, Format, RawDocument};
use solieu::read::{legacy, load, txt::read_txt, ReadOptions};

fn lines(doc: &RawDocument) -> Vec<String> {
    doc.blocks.iter().map(|b| b.text()).collect()
}

fn read(bytes: &[u8]) -> RawDocument {
    read_txt(bytes, &ReadOptions::default()).unwrap()
}

fn read_err(bytes: &[u8], encoding: Option<&str>) -> solieu::read::ReadError {
    let opts = ReadOptions {
        encoding: encoding.map(str::to_string),
        ..ReadOptions::default()
    };
    match read_txt(bytes, &opts) {
        Ok(doc) => panic!("decoded as {} into {:?}", doc.encoding, lines(&doc)),
        Err(e) => e,
    }
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for u in units {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

const TEXT: &str = "Số: 21/BC\r\nTổng số 237 người\rĐạt 100%\n\n \t\u{a0}\nHết";
const LINES: [&str; 4] = ["Số: 21/BC", "Tổng số 237 người", "Đạt 100%", "Hết"];

#[test]
fn utf8_with_each_line_ending() {
    let doc = read(TEXT.as_bytes());
    assert_eq!(lines(&doc), LINES);
    assert_eq!(doc.encoding, "utf-8");
    assert_eq!(doc.encoding_confidence, 1.0);
    // Every block is one paragraph run without a font.
    assert!(doc
        .blocks
        .iter()
        .all(|b| b.kind == solieu::model::BlockKind::Paragraph
            && b.runs.len() == 1
            && b.runs[0].font.is_none()));
}

#[test]
fn utf8_bom_is_dropped() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(TEXT.as_bytes());
    let doc = read(&bytes);
    assert_eq!(lines(&doc), LINES);
    assert_eq!(doc.encoding, "utf-8-bom");
}

#[test]
fn utf16_with_bom_both_orders() {
    let le = read(&utf16(TEXT, false, true));
    assert_eq!(lines(&le), LINES);
    assert_eq!(le.encoding, "utf-16le");
    let be = read(&utf16(TEXT, true, true));
    assert_eq!(lines(&be), LINES);
    assert_eq!(be.encoding, "utf-16be");
    // Outside the BMP: a surrogate pair.
    assert_eq!(lines(&read(&utf16("Mã 𠀀 5", false, true))), ["Mã 𠀀 5"]);
}

#[test]
fn unicode_separators_break_but_nel_does_not() {
    let doc = read("Một\u{2028}Hai\u{2029}Ba\u{85}vẫn ba\u{c}Bốn".as_bytes());
    assert_eq!(lines(&doc), ["Một", "Hai", "Ba\u{85}vẫn ba", "Bốn"]);
    // A lone CR at the very end, and CRLF split across nothing.
    assert_eq!(lines(&read(b"a\r\rb\r")), ["a", "b"]);
    // Leading whitespace of a line is kept (tables in text are TAB-indented).
    assert_eq!(lines(&read(b"\tTT\n\t1")), ["\tTT", "\t1"]);
}

#[test]
fn forced_encodings() {
    let opts = |e: &str| ReadOptions {
        encoding: Some(e.to_string()),
        ..ReadOptions::default()
    };
    let doc = read_txt(&utf16("Đạt\nHết", false, false), &opts("utf-16le")).unwrap();
    assert_eq!(
        (lines(&doc), doc.encoding.as_str()),
        (vec!["Đạt".to_string(), "Hết".to_string()], "utf-16le")
    );
    let doc = read_txt(&utf16("Đạt", true, true), &opts("UTF-16BE")).unwrap();
    assert_eq!(lines(&doc), ["Đạt"]);
    let doc = read_txt("Đạt".as_bytes(), &opts("utf-8")).unwrap();
    assert_eq!(lines(&doc), ["Đạt"]);
    let e = read_err(b"ab\xC3(", Some("utf-8"));
    assert_eq!(e.kind, ErrorKind::Encoding);
    assert_eq!(
        e.message,
        "not valid UTF-8: first bad byte 0xC3 at offset 2"
    );
    let e = read_err(b"abc", Some("utf-16le"));
    assert!(
        e.message.contains("odd number of bytes (3)"),
        "{}",
        e.message
    );
    let e = read_err(&[0x00, 0xD8, 0x41, 0x00], Some("utf-16le"));
    assert!(
        e.message
            .contains("unpaired surrogate 0xD800 at byte offset 0"),
        "{}",
        e.message
    );
    let e = read_err(b"abc", Some("klingon"));
    assert_eq!(e.kind, ErrorKind::Encoding);
    assert!(e.message.contains("\"klingon\""), "{}", e.message);
}

#[test]
fn not_text_errors_say_what_was_found() {
    let e = read_txt(b"", &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Empty);
    // Binary: a NUL byte.
    let e = read_err(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", None);
    assert_eq!(e.kind, ErrorKind::Encoding);
    assert_eq!(e.message, "binary data, not text (a NUL byte at offset 7)");
    // Binary: control bytes without NUL.
    let noisy: Vec<u8> = (0..200u32)
        .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
        .collect();
    let e = read_err(&noisy, None);
    assert!(
        e.message
            .starts_with("binary data, not text (67 control bytes"),
        "{}",
        e.message
    );
    // UTF-16 without its byte-order mark.
    let e = read_err(&utf16("Tong so 237 nguoi", false, false), None);
    assert!(
        e.message
            .contains("UTF-16 LE text without a byte-order mark"),
        "{}",
        e.message
    );
    let e = read_err(&utf16("Tong so 237 nguoi", true, false), None);
    assert!(e.message.contains("UTF-16 BE"), "{}", e.message);
    // Not UTF-8: the message names the first bad byte, unless a legacy decoder takes it.
    let bytes = b"Tong so 237 nguoi\r\n\x8F\x81\x8D\x90\x9D";
    if legacy::decode_legacy(bytes, None).is_none() {
        let e = read_err(bytes, None);
        assert_eq!(
            e.message,
            "not valid UTF-8 (first bad byte 0x8F at offset 19) and no UTF-16 byte-order mark; \
             it may be a legacy 8-bit Vietnamese encoding or not text at all"
        );
    }
}

#[test]
fn load_checks_size_emptiness_and_io() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("bao_cao.txt");
    std::fs::write(&txt, "Tổng số 237 người").unwrap();
    let (bytes, format) = load(&txt, &ReadOptions::default()).unwrap();
    assert_eq!(
        (bytes.len(), format),
        ("Tổng số 237 người".len(), Format::Txt)
    );

    // 24 bytes: "ổ", "ố", "ờ" take 3 each, "ư" 2.
    let small = ReadOptions {
        max_input_bytes: 10,
        ..ReadOptions::default()
    };
    let e = load(&txt, &small).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert_eq!(
        e.message,
        "the file is 24 bytes, larger than the input size limit of 10 bytes"
    );

    let empty = dir.path().join("rong.docx");
    std::fs::write(&empty, "").unwrap();
    let e = load(&empty, &ReadOptions::default()).unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Empty, "the file is empty (0 bytes)")
    );

    let e = load(&dir.path().join("khong_co.txt"), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Io, "file not found")
    );

    let e = load(dir.path(), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Io, "this is a directory, not a file")
    );

    // Another extension: a zip is taken for a .docx, anything else for text.
    let other = dir.path().join("bang.dat");
    std::fs::write(&other, b"PK\x03\x04rest").unwrap();
    assert_eq!(
        load(&other, &ReadOptions::default()).unwrap().1,
        Format::Docx
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("khoa.txt");
        std::fs::write(&locked, "x").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        // root reads anything: then there is nothing to test.
        if std::fs::read(&locked).is_err() {
            let e = load(&locked, &ReadOptions::default()).unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (
                    ErrorKind::Io,
                    "permission denied: the file cannot be opened for reading"
                )
            );
        }
        let fifo = dir.path().join("ong.txt");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            let e = load(&fifo, &ReadOptions::default()).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Io);
            assert!(e.message.contains("not a regular file"), "{}", e.message);
        }
    }
}

#[test]
fn the_seed_reads_line_by_line() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_e77d1e97e7429ec4.txt"),
    )
    .unwrap();
    let doc = read(&bytes);
    // 323 lines, of which the blank and whitespace-only ones are dropped (checked with awk).
    assert_eq!(doc.blocks[0].text(), " CÔNG ĐOÀN SỞ LAO ĐỘNG");
    assert_eq!(doc.blocks[2].text(), "     Số: 21  /BC-CĐSLĐTBXH");
    assert_eq!(doc.blocks.len(), BLANKLESS_LINES);
}

/// `grep -cv '^[[:space:]]*$' corpus/000_e77d1e97e7429ec4.txt` gives 226; one of
/// those, line 158, is a TAB and a no-break space, which is blank too.
const BLANKLESS_LINES: usize = 225;

/// A cell block as (row, col, text), or `None` for a paragraph.
fn cell(b: &solieu::model::RawBlock) -> Option<(u32, u32, String)> {
    match &b.kind {
        solieu::model::BlockKind::Cell(c) => {
            assert_eq!((c.col_span, c.row_span, c.depth), (1, 1, 0));
            Some((c.row, c.col, b.text()))
        }
        _ => None,
    }
}

/// A spreadsheet saved as text: a title padded with tabs, a header line, rows with an empty STT
/// field and a "Tổng số" row written in the STT column, a blank line of tabs inside, and the
/// "Nguồn" line after it. The fields become cells; the rest stays lines.
const TAB_TABLE: &str = "Đầu tư theo ngành 2005\t\t\t\n\
(tính tới ngày 22/8/2005)\t\t\t\n\
\t\t\t\n\
STT\tChuyên ngành\tSố dự án\tTVĐT\n\
I\tCông nghiệp\t344\t1119839329\n\
\t\t\t\n\
\tCN nhẹ\t12\t500\n\
Tổng số\t\t356\t1119839829\n\
Nguồn: Cục Đầu tư nước ngoài\t\t\t\n\
Kết hôn\t:\tNghỉ 03 ngày\n\
Con kết hôn\t:\tNghỉ 01 ngày\n\
\tTT\n";

#[test]
fn tab_separated_lines_become_table_cells() {
    let doc = read(TAB_TABLE.as_bytes());
    let got: Vec<(Option<(u32, u32, String)>, String)> =
        doc.blocks.iter().map(|b| (cell(b), b.text())).collect();
    let para = |t: &str| (None, t.to_string());
    let c = |r: u32, col: u32, t: &str| (Some((r, col, t.to_string())), t.to_string());
    assert_eq!(
        got,
        vec![
            para("Đầu tư theo ngành 2005\t\t\t"),
            para("(tính tới ngày 22/8/2005)\t\t\t"),
            c(0, 0, "STT"),
            c(0, 1, "Chuyên ngành"),
            c(0, 2, "Số dự án"),
            c(0, 3, "TVĐT"),
            c(1, 0, "I"),
            c(1, 1, "Công nghiệp"),
            c(1, 2, "344"),
            c(1, 3, "1119839329"),
            // the blank line of tabs is no row; empty fields give no cell
            c(2, 1, "CN nhẹ"),
            c(2, 2, "12"),
            c(2, 3, "500"),
            c(3, 0, "Tổng số"),
            c(3, 2, "356"),
            c(3, 3, "1119839829"),
            para("Nguồn: Cục Đầu tư nước ngoài\t\t\t"),
            // "label : value" lines have no header line: no table
            para("Kết hôn\t:\tNghỉ 03 ngày"),
            para("Con kết hôn\t:\tNghỉ 01 ngày"),
            // a Word table pasted one cell per line keeps its lines
            para("\tTT"),
        ]
    );
    // Two tables in a row get their own numbers; a header without figures under it is no table.
    let two = "A\tB\tC\n1\tx\t5\nghi chú\nD\tE\tF\n2\ty\t6\n";
    let tables: Vec<u32> = read(two.as_bytes())
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            solieu::model::BlockKind::Cell(c) => Some(c.table),
            _ => None,
        })
        .collect();
    assert_eq!(tables, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    let words = read("Họ tên\tChức vụ\tĐơn vị\nAn\tTrưởng phòng\tSở\n".as_bytes());
    assert!(words.blocks.iter().all(|b| cell(b).is_none()));
    // Windows line ends and a UTF-8 BOM change nothing.
    let crlf = TAB_TABLE.replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(crlf.as_bytes());
    let again: Vec<String> = read(&bom).blocks.iter().map(|b| b.text()).collect();
    assert_eq!(again, got.iter().map(|g| g.1.clone()).collect::<Vec<_>>());
}

#[test]
fn merged_header_cells_span_the_columns_below_them() {
    // "Năm 2004" heads "Kế hoạch | Thực hiện": saved as text, its second column is empty.
    let text = "STT\tChỉ tiêu\tNăm 2004\t\tNăm 2005\t\n\
\t\tKế hoạch\tThực hiện\tKế hoạch\tThực hiện\n\
1\tThu ngân sách\t100\t110\t120\t130\n";
    let got: Vec<(u32, u32, u32, String)> = read(text.as_bytes())
        .blocks
        .iter()
        .map(|b| match &b.kind {
            solieu::model::BlockKind::Cell(c) => (c.row, c.col, c.col_span, b.text()),
            k => panic!("{k:?}"),
        })
        .collect();
    let c = |r: u32, col: u32, span: u32, t: &str| (r, col, span, t.to_string());
    assert_eq!(
        got,
        vec![
            c(0, 0, 1, "STT"),
            c(0, 1, 1, "Chỉ tiêu"),
            c(0, 2, 2, "Năm 2004"),
            c(0, 4, 2, "Năm 2005"),
            c(1, 2, 1, "Kế hoạch"),
            c(1, 3, 1, "Thực hiện"),
            c(1, 4, 1, "Kế hoạch"),
            c(1, 5, 1, "Thực hiện"),
            c(2, 0, 1, "1"),
            c(2, 1, 1, "Thu ngân sách"),
            c(2, 2, 1, "100"),
            c(2, 3, 1, "110"),
            c(2, 4, 1, "120"),
            c(2, 5, 1, "130"),
        ]
    );
}
