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

// ---------------------------------------------------------------------------
// Hand-built documents
// ---------------------------------------------------------------------------

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A zip with the given entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Deflated)
}

fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A .docx whose document.xml body is `body` (with the `w` prefix bound).
fn docx_with_body(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[("word/document.xml", xml.as_bytes())])
}

fn texts(doc: &RawDocument) -> Vec<String> {
    doc.blocks.iter().map(|b| b.text()).collect()
}

fn read(bytes: &[u8]) -> RawDocument {
    read_docx(bytes, &ReadOptions::default()).unwrap()
}

fn para(text: &str) -> docx_rs::Paragraph {
    docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(text))
}

fn cell(text: &str) -> docx_rs::TableCell {
    docx_rs::TableCell::new().add_paragraph(para(text))
}

fn pack(docx: docx_rs::Docx) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).unwrap();
    out.into_inner()
}

#[test]
fn merged_cells_from_docx_rs() {
    use docx_rs::{Table, TableRow, VMergeType};
    let table = Table::new(vec![
        TableRow::new(vec![
            cell("Chỉ tiêu").grid_span(2),
            cell("Năm 2024").vertical_merge(VMergeType::Restart),
        ]),
        TableRow::new(vec![
            cell("1"),
            cell("Hộ nghèo"),
            docx_rs::TableCell::new().vertical_merge(VMergeType::Continue),
        ]),
        TableRow::new(vec![cell("2"), cell("Hộ cận nghèo"), cell("3,5%")]),
    ]);
    let doc = read(&pack(
        docx_rs::Docx::new()
            .add_paragraph(para("Bảng 1"))
            .add_table(table),
    ));
    let got: Vec<(u32, u32, u32, u32, u32, String)> = cells(&doc)
        .into_iter()
        .map(|(p, t)| (p.table, p.row, p.col, p.col_span, p.row_span, t))
        .collect();
    let want: Vec<(u32, u32, u32, u32, u32, String)> = vec![
        (0, 0, 0, 2, 1, "Chỉ tiêu".into()),
        (0, 0, 2, 1, 2, "Năm 2024".into()),
        (0, 1, 0, 1, 1, "1".into()),
        (0, 1, 1, 1, 1, "Hộ nghèo".into()),
        (0, 2, 0, 1, 1, "2".into()),
        (0, 2, 1, 1, 1, "Hộ cận nghèo".into()),
        (0, 2, 2, 1, 1, "3,5%".into()),
    ];
    assert_eq!(got, want);
    assert_eq!(texts(&doc)[0], "Bảng 1");
}

#[test]
fn nested_tables_in_reading_order() {
    use docx_rs::{Table, TableCell, TableRow};
    let inner = Table::new(vec![TableRow::new(vec![cell("trong 1"), cell("trong 2")])]);
    let outer = Table::new(vec![
        TableRow::new(vec![
            TableCell::new()
                .add_paragraph(para("ngoài"))
                .add_table(inner)
                .add_paragraph(para("sau")),
            cell("bên"),
        ]),
        TableRow::new(vec![cell("dưới"), cell("")]),
    ]);
    let doc = read(&pack(
        docx_rs::Docx::new()
            .add_table(outer)
            .add_paragraph(para("Hết")),
    ));
    let got: Vec<(u32, u32, u32, u32, String)> = cells(&doc)
        .into_iter()
        .map(|(p, t)| (p.table, p.depth, p.row, p.col, t))
        .collect();
    let want: Vec<(u32, u32, u32, u32, String)> = vec![
        (0, 0, 0, 0, "ngoài\nsau".into()),
        (1, 1, 0, 0, "trong 1".into()),
        (1, 1, 0, 1, "trong 2".into()),
        (0, 0, 0, 1, "bên".into()),
        (0, 0, 1, 0, "dưới".into()),
    ];
    assert_eq!(got, want);
    // The cell's two paragraphs are one run: same font, joined by the newline.
    assert_eq!(doc.blocks[0].runs.len(), 1);
    assert_eq!(doc.blocks.last().unwrap().text(), "Hết");
    assert_eq!(doc.blocks.last().unwrap().kind, BlockKind::Paragraph);
}

#[test]
fn footnotes_and_endnotes_after_the_body() {
    let doc_xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Tổng số 237 người</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>"#
    );
    let foot = format!(
        r#"<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Số liệu đến 30/6/2024</w:t></w:r></w:p><w:p><w:r><w:t>theo báo cáo quý</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#
    );
    let end = format!(
        r#"<w:endnotes xmlns:w="{W}"><w:endnote w:type="separator" w:id="0"><w:p/></w:endnote><w:endnote w:id="1"><w:p><w:r><w:t>Nguồn: Sở LĐTBXH</w:t></w:r></w:p></w:endnote></w:endnotes>"#
    );
    let bytes = zip_of(&[
        ("word/document.xml", doc_xml.as_bytes()),
        ("word/footnotes.xml", foot.as_bytes()),
        ("word/endnotes.xml", end.as_bytes()),
    ]);
    let doc = read(&bytes);
    let got: Vec<(BlockKind, String)> = doc
        .blocks
        .iter()
        .map(|b| (b.kind.clone(), b.text()))
        .collect();
    assert_eq!(
        got,
        vec![
            (BlockKind::Paragraph, "Tổng số 237 người".to_string()),
            (
                BlockKind::Footnote,
                " Số liệu đến 30/6/2024\ntheo báo cáo quý".to_string()
            ),
            (BlockKind::Endnote, "Nguồn: Sở LĐTBXH".to_string()),
        ]
    );
}

#[test]
fn matched_by_namespace_not_prefix() {
    // The WordprocessingML namespace under the prefix x:, and a w: prefix bound
    // to another namespace, whose text is not Word text.
    let xml = format!(
        r#"<x:document xmlns:x="{W}"><x:body>
<x:p><x:r><x:t>Đạt 100% kế hoạch</x:t></x:r></x:p>
<x:p xmlns:w="urn:not-word"><w:r><w:t>không phải văn bản</w:t></w:r></x:p>
<x:tbl><x:tr><x:tc><x:p><x:r><x:t>Ô một</x:t></x:r></x:p></x:tc></x:tr></x:tbl>
<p xmlns="{W}"><r><t>mặc định</t></r></p>
</x:body></x:document>"#
    );
    let doc = read(&zip_of(&[("word/document.xml", xml.as_bytes())]));
    assert_eq!(texts(&doc), ["Đạt 100% kế hoạch", "Ô một", "mặc định"]);
    assert!(matches!(
        doc.blocks[1].kind,
        BlockKind::Cell(CellPos {
            table: 0,
            row: 0,
            col: 0,
            ..
        })
    ));
}

#[test]
fn namespace_scopes_open_and_close_with_their_element() {
    // A declaration holds for its element and what it contains, and the outer one
    // is back after it closes; on an empty element it holds for that element only;
    // xmlns="" takes the default namespace away.
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body>
<w:p xmlns:w="urn:not-word"><w:r><w:t>khác</w:t></w:r></w:p>
<w:p><w:r><w:t>một</w:t></w:r></w:p>
<w:p><w:r><w:rPr xmlns:w="urn:not-word"/><w:t>hai</w:t></w:r></w:p>
<p xmlns="{W}"><r><t>ba</t></r><r xmlns=""><t>không</t></r></p>
<w:p><w:r><w:t>bốn</w:t></w:r></w:p>
</w:body></w:document>"#
    );
    let doc = read(&zip_of(&[("word/document.xml", xml.as_bytes())]));
    assert_eq!(texts(&doc), ["một", "hai", "ba", "bốn"]);
}

#[test]
fn reserved_namespace_prefixes_are_damage() {
    // XML Namespaces forbid binding the xmlns prefix, or the xml namespace to another prefix.
    for decl in [
        r#"xmlns:xmlns="urn:x""#,
        r#"xmlns:xml="urn:x""#,
        r#"xmlns:p="http://www.w3.org/XML/1998/namespace""#,
    ] {
        let xml = format!(
            r#"<w:document xmlns:w="{W}"><w:body><w:p {decl}><w:r><w:t>Có 5</w:t></w:r></w:p></w:body></w:document>"#
        );
        let e = err(
            &zip_of(&[("word/document.xml", xml.as_bytes())]),
            &ReadOptions::default(),
        );
        assert_eq!(e.kind, ErrorKind::Corrupt, "{decl}: {}", e.message);
        assert!(e.message.contains("not well-formed XML"), "{}", e.message);
    }
}

#[test]
fn text_rules_deleted_inserted_fields_breaks() {
    let body = r#"<w:p>
<w:r><w:t xml:space="preserve">Năm </w:t></w:r>
<w:del w:id="1" w:author="a"><w:r><w:delText>2023</w:delText></w:r></w:del>
<w:ins w:id="2" w:author="a"><w:r><w:t>2024</w:t></w:r></w:ins>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>:</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:tab/><w:t>A&amp;B</w:t><w:br/><w:t>x</w:t><w:noBreakHyphen/><w:t>y&#x20AB;</w:t><w:softHyphen/><w:sym w:font="Symbol" w:char="F0B7"/></w:r>
<w:moveFrom w:id="3"><w:r><w:t>cũ</w:t></w:r></w:moveFrom>
<w:hyperlink r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t> liên kết</w:t></w:r></w:hyperlink>
<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:t> hộp</w:t></mc:Choice><mc:Fallback><w:t> bản sao</w:t></mc:Fallback></mc:AlternateContent></w:r>
</w:p>
<w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>
<w:p/>"#;
    let doc = read(&docx_with_body(body));
    assert_eq!(texts(&doc), ["Năm 2024:\tA&B x-y₫ liên kết hộp"]);
}

#[test]
fn fonts_and_heading_levels_from_styles() {
    let styles = format!(
        r#"<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Mục lớn"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Vòng 1"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Vòng 2"/><w:basedOn w:val="Loop1"/></w:style>
<w:style w:type="character" w:styleId="VnChu"><w:name w:val="Chữ Vn"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/></w:rPr></w:style>
</w:styles>"#
    );
    let body = r#"
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>I. KẾT QUẢ</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Muc"/></w:pPr><w:r><w:t>1. Lao động</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Có </w:t></w:r><w:r><w:rPr><w:rStyle w:val="VnChu"/></w:rPr><w:t>237</w:t></w:r><w:r><w:rPr><w:rFonts w:hAnsi="VNI-Times"/></w:rPr><w:t xml:space="preserve"> ng</w:t></w:r><w:r><w:rPr><w:rFonts w:hAnsi="VNI-Times"/></w:rPr><w:t>ười</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Loop1"/><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>a) Vòng</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Title"/><w:rPr><w:rFonts w:ascii="Wingdings"/></w:rPr></w:pPr><w:r><w:t>BÁO CÁO</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="KhongCo"/></w:pPr><w:r><w:t>Không có kiểu</w:t></w:r></w:p>"#;
    let doc_xml = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
    let doc = read(&zip_of(&[
        ("word/document.xml", doc_xml.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ]));
    let b = &doc.blocks;
    assert_eq!(
        (b[0].heading_level, b[0].style.as_deref()),
        (Some(1), Some("Heading1"))
    );
    assert_eq!(b[0].runs[0].font.as_deref(), Some("Arial"));
    assert_eq!(
        (b[1].heading_level, b[1].style.as_deref()),
        (Some(2), Some("Muc"))
    );
    assert_eq!(b[1].runs[0].font.as_deref(), Some("Arial"));
    assert_eq!(b[2].heading_level, None);
    let runs: Vec<(&str, Option<&str>)> = b[2]
        .runs
        .iter()
        .map(|r| (r.text.as_str(), r.font.as_deref()))
        .collect();
    // Adjacent runs with the same font are merged.
    assert_eq!(
        runs,
        [
            ("Có ", Some("Times New Roman")),
            ("237", Some(".VnTime")),
            (" người", Some("VNI-Times"))
        ]
    );
    // A basedOn loop does not hang; the direct outline level wins.
    assert_eq!(b[3].heading_level, Some(3));
    // A theme font is no font; the paragraph mark's rPr is not a run's.
    assert_eq!(
        (b[4].heading_level, b[4].runs[0].font.as_deref()),
        (Some(1), None)
    );
    assert_eq!(
        (b[5].heading_level, b[5].runs[0].font.as_deref()),
        (None, Some("Times New Roman"))
    );
}

// ---------------------------------------------------------------------------
// Damaged and hostile inputs
// ---------------------------------------------------------------------------

fn err(bytes: &[u8], opts: &ReadOptions) -> solieu::read::ReadError {
    match read_docx(bytes, opts) {
        Ok(doc) => panic!("read {} blocks, expected an error", doc.blocks.len()),
        Err(e) => e,
    }
}

/// The seed's entries, with document.xml replaced.
fn seed_with_document(document: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed())).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        let name = f.name().to_string();
        if name == "word/document.xml" {
            data = document.to_vec();
        }
        entries.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    // Stored, not deflated: many of these are built, and this keeps the tests quick.
    zip_with(&refs, zip::CompressionMethod::Stored)
}

fn seed_document_xml() -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed())).unwrap();
    let mut f = archive.by_name("word/document.xml").unwrap();
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut data).unwrap();
    data
}

#[test]
fn truncated_document_xml_is_corrupt_never_a_hang() {
    let xml = seed_document_xml();
    let root_end = xml
        .windows(13)
        .rposition(|w| w == b"</w:document>")
        .unwrap();
    let mut cuts: Vec<usize> = (1..40).map(|i| root_end * i / 40).collect();
    // Cut inside a tag, an attribute, a character reference and a text.
    let inside =
        |pat: &[u8], off: usize| xml.windows(pat.len()).position(|w| w == pat).unwrap() + off;
    cuts.extend([
        inside(b"<w:tbl", 3),
        inside(b"<w:t ", 3),
        inside(b"xml:space=\"pr", 12),
        inside(b"&lt;", 2),
        root_end + 5,
    ]);
    for cut in cuts {
        let start = std::time::Instant::now();
        let e = err(&seed_with_document(&xml[..cut]), &ReadOptions::default());
        assert_eq!(e.kind, ErrorKind::Corrupt, "cut at {cut}: {}", e.message);
        assert!(e.message.contains("word/document.xml"), "{}", e.message);
        assert!(
            start.elapsed().as_secs() < 5,
            "cut at {cut} took {:?}",
            start.elapsed()
        );
    }
    // Cut 2 bytes before the end of the root tag: still open.
    let e = err(
        &seed_with_document(&xml[..root_end + 11]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::Corrupt, "{}", e.message);
}

#[test]
fn truncated_zip_file_is_an_error() {
    let bytes = seed();
    for i in 1..40 {
        let cut = bytes.len() * i / 40;
        let e = err(&bytes[..cut], &ReadOptions::default());
        assert!(
            matches!(e.kind, ErrorKind::Corrupt | ErrorKind::NotDocx),
            "cut at {cut}: {e:?}"
        );
    }
}

#[test]
fn ill_formed_xml_says_where() {
    let e = err(
        &docx_with_body("<w:p><w:r><w:t>Có 5</w:r></w:p>"),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::Corrupt);
    assert!(
        e.message.contains("not well-formed XML at byte"),
        "{}",
        e.message
    );
    let e = err(
        &zip_of(&[("word/document.xml", b"")]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::Corrupt, "{}", e.message);
}

#[test]
fn zip_bomb_stops_at_the_limits() {
    let mut xml = format!(r#"<w:document xmlns:w="{W}"><w:body>"#);
    xml.push_str(&"<w:p/>".repeat(700_000)); // 4.2 MB that deflates to a few KB
    xml.push_str("</w:body></w:document>");
    let bytes = docx_with_body_raw(&xml);
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    // The ratio limit: the header says ~4 MB from a few KB.
    let e = err(&bytes, &ReadOptions::default());
    assert_eq!(e.kind, ErrorKind::Limit);
    assert!(e.message.contains("compression ratio"), "{}", e.message);
    // The size limit.
    let opts = ReadOptions {
        max_inflated_bytes: 1_000_000,
        max_compression_ratio: 1_000_000,
        ..ReadOptions::default()
    };
    let e = err(&bytes, &opts);
    assert_eq!(e.kind, ErrorKind::Limit);
    assert!(
        e.message.contains("inflate") && e.message.contains("1000000"),
        "{}",
        e.message
    );
    // A header that lies about the size: the counting reader still stops it.
    let lying = lie_about_sizes(bytes);
    for opts in [ReadOptions::default(), opts] {
        let e = err(&lying, &opts);
        assert!(
            matches!(e.kind, ErrorKind::Limit | ErrorKind::Corrupt),
            "{e:?}"
        );
    }
}

fn docx_with_body_raw(xml: &str) -> Vec<u8> {
    zip_of(&[("word/document.xml", xml.as_bytes())])
}

/// Sets every uncompressed-size field of the zip (local headers and central
/// directory) to 1000 bytes.
fn lie_about_sizes(mut bytes: Vec<u8>) -> Vec<u8> {
    let mut i = 0;
    while i + 4 <= bytes.len() {
        match &bytes[i..i + 4] {
            b"PK\x03\x04" if i + 26 <= bytes.len() => {
                bytes[i + 22..i + 26].copy_from_slice(&1000u32.to_le_bytes())
            }
            b"PK\x01\x02" if i + 28 <= bytes.len() => {
                bytes[i + 24..i + 28].copy_from_slice(&1000u32.to_le_bytes())
            }
            _ => {}
        }
        i += 1;
    }
    bytes
}

#[test]
fn deep_nesting_is_a_limit() {
    let n = 10_000;
    let mut body = String::new();
    for _ in 0..n {
        body.push_str("<w:tbl><w:tr><w:tc>");
    }
    body.push_str("<w:p><w:r><w:t>đáy</w:t></w:r></w:p>");
    for _ in 0..n {
        body.push_str("</w:tc></w:tr></w:tbl>");
    }
    let e = err(&docx_with_body(&body), &ReadOptions::default());
    assert_eq!(e.kind, ErrorKind::Limit);
    assert!(e.message.contains("nest"), "{}", e.message);
    // 20 levels of tables are fine under the default limit, each at its depth.
    let mut body = String::new();
    for _ in 0..20 {
        body.push_str("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p>");
    }
    for _ in 0..20 {
        body.push_str("</w:tc></w:tr></w:tbl>");
    }
    let doc = read(&docx_with_body(&body));
    let depths: Vec<u32> = cells(&doc).iter().map(|(p, _)| p.depth).collect();
    assert_eq!(depths, (0..20).collect::<Vec<u32>>());
}

#[test]
fn encrypted_office_file_is_not_docx() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend_from_slice(&[0; 1000]);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend_from_slice(&[0; 100]);
    let e = err(&bytes, &ReadOptions::default());
    assert_eq!(e.kind, ErrorKind::NotDocx);
    assert!(e.message.contains("password-protected"), "{}", e.message);
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    let e = err(&doc, &ReadOptions::default());
    assert!(e.message.contains("old Word 97-2003 .doc"), "{}", e.message);
}

#[test]
fn zips_that_are_not_word_documents() {
    let e = err(
        &zip_of(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("[Content_Types].xml", b"<Types/>"),
        ]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::NotDocx);
    assert!(
        e.message.contains("no word/document.xml") && e.message.contains(".xlsx"),
        "{}",
        e.message
    );
    let e = err(
        &zip_of(&[("ppt/presentation.xml", b"<p/>")]),
        &ReadOptions::default(),
    );
    assert!(e.message.contains(".pptx"), "{}", e.message);
    let e = err(
        &zip_of(&[("readme.txt", b"hello")]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::NotDocx);
    assert!(
        e.message.contains("without a Word document"),
        "{}",
        e.message
    );
    let e = err("Báo cáo số 21".as_bytes(), &ReadOptions::default());
    assert_eq!(e.kind, ErrorKind::NotDocx);
    assert!(e.message.contains("not a zip archive"), "{}", e.message);
    let e = err(b"{\\rtf1\\ansi hello}", &ReadOptions::default());
    assert!(e.message.contains("RTF"), "{}", e.message);
    let e = err(
        b"PK\x03\x04\x14\x00garbage that is not a zip",
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::Corrupt, "{}", e.message);
}

#[test]
fn list_labels_as_word_draws_them() {
    let numbering = format!(
        r#"<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalZero"/><w:lvlText w:val="%1/"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
</w:numbering>"#
    );
    let styles = format!(
        r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Mục"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
    );
    let p = |num: &str, text: &str| {
        format!(r#"<w:p><w:pPr>{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
    };
    let np = |id: u32, lvl: u32| {
        format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr>"#)
    };
    let body = [
        p(&np(1, 0), "KẾT QUẢ"),
        p(&np(1, 1), "Lao động"),
        p(&np(1, 2), "Nam"),
        p(&np(1, 2), "Nữ"),
        p(&np(2, 0), "có 5 người"),
        p(&np(1, 1), "Việc làm"),
        p(&np(1, 2), "Mới"),
        p(r#"<w:pStyle w:val="Muc"/>"#, "PHƯƠNG HƯỚNG"),
        p(&np(1, 1), "Mục tiêu"),
        p(&np(3, 0), "Chín"),
        p(&np(3, 0), "Mười"),
        p(
            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>"#,
            "Không số",
        ),
        p(&np(1, 0), ""),
        p(&np(1, 0), "Bốn"),
    ]
    .concat();
    let doc_xml = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
    let bytes = zip_of(&[
        ("word/document.xml", doc_xml.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ]);
    let doc = read(&bytes);
    assert_eq!(
        texts(&doc),
        [
            "I. KẾT QUẢ",
            "I.1.\tLao động",
            "a)Nam",
            "b)Nữ",
            "- có 5 người",
            "I.2.\tViệc làm",
            "a)Mới",
            "II. PHƯƠNG HƯỚNG",
            "II.1.\tMục tiêu",
            "09/ Chín",
            "10/ Mười",
            "Không số",
            // The empty numbered paragraph took "III." and is not a block.
            "IV. Bốn",
        ]
    );
    // The label is a run of its own, without a font.
    assert_eq!(doc.blocks[0].runs[0].text, "I. ");
    assert_eq!(doc.blocks[0].runs[0].font, None);
    let off = ReadOptions {
        docx_numbering: false,
        ..ReadOptions::default()
    };
    assert_eq!(texts(&read_docx(&bytes, &off).unwrap())[0], "KẾT QUẢ");
}

#[test]
fn text_boxes_and_content_controls() {
    let body = r#"
<w:p><w:r><w:t>Trước hộp</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent><w:p><w:r><w:t>Trong hộp 12 người</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml"><w:txbxContent><w:p><w:r><w:t>Trong hộp 12 người</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> sau hộp</w:t></w:r></w:p>
<w:tbl><w:sdt><w:sdtPr/><w:sdtContent><w:tr><w:customXml w:element="o"><w:tc><w:p><w:r><w:t>Ô trong sdt</w:t></w:r></w:p></w:tc></w:customXml><w:tc><w:sdt><w:sdtContent><w:p><w:r><w:t>5</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>
<w:sdt><w:sdtContent><w:p><w:r><w:t>Đoạn trong sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>"#;
    let doc = read(&docx_with_body(body));
    assert_eq!(
        texts(&doc),
        [
            "Trước hộp sau hộp",
            "Trong hộp 12 người",
            "Ô trong sdt",
            "5",
            "Đoạn trong sdt"
        ]
    );
    assert_eq!(doc.blocks[1].kind, BlockKind::Paragraph);
    assert!(matches!(
        doc.blocks[3].kind,
        BlockKind::Cell(CellPos {
            table: 0,
            row: 0,
            col: 1,
            ..
        })
    ));
}

#[test]
fn mangled_bytes_never_panic_or_hang() {
    // A small deterministic generator (xorshift): no dependency, same cases every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let xml = seed_document_xml();
    let opts = ReadOptions::default();
    for case in 0..40 {
        let mut mangled = xml.clone();
        for _ in 0..1 + case % 8 {
            let at = (next() as usize) % mangled.len();
            match next() % 4 {
                0 => mangled[at] = next() as u8,
                1 => mangled[at] = b"<>/=\"&:"[(next() % 7) as usize],
                2 => {
                    mangled.remove(at);
                }
                _ => mangled.insert(at, b"<w:tbl><w:tr><w:tc>"[(next() % 19) as usize]),
            }
        }
        let start = std::time::Instant::now();
        let bytes = seed_with_document(&mangled);
        let _ = read_docx(&bytes, &opts);
        assert!(
            start.elapsed().as_secs() < 5,
            "case {case} took {:?}",
            start.elapsed()
        );
    }
    // Whole-file damage: bytes of the .docx flipped.
    let docx = seed();
    for case in 0..60 {
        let mut mangled = docx.clone();
        let at = (next() as usize) % mangled.len();
        mangled[at] ^= 1 << (case % 8);
        let _ = read_docx(&mangled, &opts);
    }
}

#[test]
fn main_part_named_by_the_package_relationships() {
    let rels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let doc_xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Có 3 xã</w:t></w:r></w:p></w:body></w:document>"#
    );
    let doc = read(&zip_of(&[
        ("_rels/.rels", rels),
        ("word/document2.xml", doc_xml.as_bytes()),
    ]));
    assert_eq!(texts(&doc), ["Có 3 xã"]);
    // An .xlsx names its workbook the same way: still not a Word document.
    let xrels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let e = err(
        &zip_of(&[("_rels/.rels", xrels), ("xl/workbook.xml", b"<workbook/>")]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::NotDocx);
    assert!(
        e.message.contains("does not hold a WordprocessingML") && e.message.contains(".xlsx"),
        "{}",
        e.message
    );
    // A word/document.xml that is not WordprocessingML.
    let e = err(
        &zip_of(&[("word/document.xml", b"<html><p>5</p></html>")]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::NotDocx, "{}", e.message);
}

#[test]
fn entity_and_namespace_blowups_stay_small() {
    // Billion laughs: a DTD is refused outright (Office parts may not hold one).
    let mut dtd = String::from(r#"<!DOCTYPE w:document [<!ENTITY lol0 "lol">"#);
    for i in 1..10 {
        dtd.push_str(&format!(
            r#"<!ENTITY lol{i} "{}">"#,
            format!("&lol{};", i - 1).repeat(10)
        ));
    }
    dtd.push(']');
    dtd.push('>');
    let xml = format!(
        r#"<?xml version="1.0"?>{dtd}<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Có &lol9; 5 xã</w:t></w:r></w:p></w:body></w:document>"#
    );
    let e = err(
        &zip_of(&[("word/document.xml", xml.as_bytes())]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::Corrupt);
    assert!(e.message.contains("DTD"), "{}", e.message);
    // Without a DTD, an undeclared entity reference is dropped, never expanded.
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Có &lol9; 5 xã</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert_eq!(
        texts(&read(&zip_of(&[("word/document.xml", xml.as_bytes())]))),
        ["Có  5 xã"]
    );
    // Many namespace declarations in scope make every lookup long: a limit.
    // (quick-xml allows 256 per element; nesting them adds up.)
    let decls = |level: u32| -> String {
        (0..200)
            .map(|i| format!(r#" xmlns:n{level}x{i}="urn:n{i}""#))
            .collect()
    };
    let opens: String = (0..10)
        .map(|l| format!("<w:sdt{}><w:sdtContent>", decls(l)))
        .collect();
    let closes = "</w:sdtContent></w:sdt>".repeat(10);
    let paras = "<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(20_000);
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{opens}{paras}{closes}</w:body></w:document>"#
    );
    let start = std::time::Instant::now();
    let e = err(
        &zip_of(&[("word/document.xml", xml.as_bytes())]),
        &ReadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::Limit, "{}", e.message);
    assert!(e.message.contains("namespace"), "{}", e.message);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}
