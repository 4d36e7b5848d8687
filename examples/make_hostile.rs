//! Builds the hostile corpus: files that are damaged, are not what their name says,
//! or are made to exhaust a reader (issue 7).
//!
//! `cargo run --example make_hostile -- fixtures/hostile` rewrites the small files that
//! are committed there; `--big DIR` writes the large ones as well (a zip bomb that
//! inflates past the inflate limit, a 1 GB .txt, a long line), which are only ever made
//! in a temporary folder at test time. `tests/hostile.rs` includes this file as a module
//! to do the same, and checks that the committed files are exactly what it builds.
//!
//! Zip archives and the OLE compound files are written by hand (not through the `zip`
//! crate) because several files need what a correct writer refuses to do: lie about
//! sizes, stop half-way, or hold an entry compressed with an unsupported method.

#![allow(dead_code)] // tests/hostile.rs includes this file and uses only part of it

use std::io::{self, Write};
use std::path::Path;

/// The seed report, the source of every "good" text below.
const SEED: &str = include_str!("../corpus/000_e77d1e97e7429ec4.txt");

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// ---------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------

/// The small hostile files, by name: what `fixtures/hostile/` holds.
pub fn small_files() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| out.push((name.to_string(), bytes));

    // Zip bombs. The first is honest about its sizes and trips the compression-ratio
    // limit; the second declares a tiny inflated size so that a reader trusting the
    // header would inflate all of it.
    let bomb_xml = paragraphs_bomb(20 * 1024 * 1024);
    add(
        "zip_bomb_ratio.docx",
        docx_with_document(&bomb_xml, Method::Deflate),
    );
    add(
        "zip_bomb_lying_size.docx",
        zip_lying_size(&bomb_xml, 20_000),
    );

    // Entity tricks in document.xml: Word never writes a DTD.
    add(
        "quadratic_blowup.docx",
        docx_with_document(&quadratic_blowup_xml(), Method::Deflate),
    );
    add(
        "billion_laughs.docx",
        docx_with_document(&billion_laughs_xml(), Method::Deflate),
    );
    add(
        "external_entity.docx",
        docx_with_document(&external_entity_xml(), Method::Deflate),
    );

    // A good .docx cut short at several points: no end-of-central-directory left.
    let good = good_docx();
    for (label, cut) in [
        ("30b", 30),
        ("10pct", good.len() / 10),
        ("50pct", good.len() / 2),
        ("90pct", good.len() * 9 / 10),
        ("minus1", good.len() - 1),
    ] {
        add(&format!("truncated_{label}.docx"), good[..cut].to_vec());
    }
    // A complete zip whose document.xml stops in the middle: the docx-rs hang.
    let xml = good_document_xml();
    for (label, at) in xml_cut_points(&xml) {
        add(
            &format!("xml_cut_{label}.docx"),
            docx_with_document(&xml[..at], Method::Deflate),
        );
    }

    add(
        "nested_tables_10000.docx",
        docx_with_document(&nested_tables_xml(10_000), Method::Deflate),
    );

    // Not Word 2007+ documents, named .docx.
    add("encrypted_office.docx", encrypted_office());
    add("old_word97.docx", old_word97());
    add("xlsx_renamed.docx", xlsx());
    add("zip_without_document_xml.docx", zip_without_document());
    add("random_bytes.docx", random_bytes(0x5eed_d0c5, 4096));
    add("zip_encrypted_entry.docx", zip_encrypted_entry());
    add("unsupported_compression.docx", zip_unsupported_method());
    add(
        "xml_invalid_utf8.docx",
        docx_with_document(&invalid_utf8_xml(), Method::Deflate),
    );

    // Text that is not text in any encoding solieu reads.
    add("empty.txt", Vec::new());
    add("empty.docx", Vec::new());
    add("random_bytes.txt", random_bytes(0x7e57_0001, 4096));
    add("invalid_utf8.txt", invalid_utf8_txt());
    add("utf16le_no_bom.txt", utf16_no_bom(false));
    add("utf16be_no_bom.txt", utf16_no_bom(true));

    // Valid text with numbers no parser should choke on.
    add("huge_numbers.txt", huge_numbers_txt());
    out
}

/// Writes the small files into `dir`.
pub fn write_small(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in small_files() {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// Size of the big zip bomb's document.xml once inflated: past the default 512 MiB
/// inflate limit, while its compression ratio (~159:1) stays under the default ratio
/// limit, so that it is the inflated-size check that must stop it.
pub const BIG_BOMB_INFLATED: u64 = 1100 * 1024 * 1024;

/// Size of the huge .txt: 1 GB.
pub const HUGE_TXT_BYTES: u64 = 1_000_000_000;

/// Writes the large generated files into `dir` (each is described in EXPECTED.tsv).
pub fn write_big(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("zip_bomb_1gb.docx"),
        big_zip_bomb(BIG_BOMB_INFLATED),
    )?;
    write_huge_txt(&dir.join("huge_1gb.txt"), HUGE_TXT_BYTES)?;
    std::fs::write(dir.join("long_line.txt"), long_line_txt(1024 * 1024))?;
    Ok(())
}

/// A 1 GB .txt. Made sparse (a hole the size of the file after one line of the seed):
/// the size limit must refuse it from its size alone, and it costs no disk.
pub fn write_huge_txt(path: &Path, size: u64) -> io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(SEED.lines().nth(1).unwrap_or("x").as_bytes())?;
    f.set_len(size)
}

/// A 1 GB .txt that is real text: the seed report repeated. For the run with the size
/// limit raised, where the content is decoded and parsed.
pub fn write_huge_real_txt(path: &Path, size: u64) -> io::Result<()> {
    let mut f = io::BufWriter::new(std::fs::File::create(path)?);
    let mut written = 0u64;
    while written < size {
        let chunk = SEED.as_bytes();
        let n = chunk.len().min((size - written) as usize);
        f.write_all(&chunk[..n])?;
        written += n as u64;
    }
    f.flush()
}

/// Files that are hostile by their place in the file system, not their bytes: a name in
/// NFD, a name that is not UTF-8, a symlink loop, an unreadable file. Returns the paths
/// made, by the name EXPECTED.tsv gives them. Unix only.
#[cfg(unix)]
pub fn write_fs_hostiles(dir: &Path) -> io::Result<Vec<(String, std::path::PathBuf)>> {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};

    let mut made = Vec::new();
    std::fs::create_dir_all(dir)?;

    // "Báo cáo" with its marks as combining characters (NFD), as macOS writes names.
    let nfd = "nfd_Ba\u{301}o ca\u{301}o.txt";
    let p = dir.join(nfd);
    std::fs::write(&p, SEED)?;
    made.push(("nfd_Báo cáo.txt".to_string(), p));

    // A name that is not UTF-8 at all (Linux allows any bytes but '/' and NUL).
    let p = dir.join(OsStr::from_bytes(b"name_not_utf8_\xff\xfe.txt"));
    std::fs::write(&p, SEED)?;
    made.push(("name_not_utf8.txt".to_string(), p));

    // A folder holding a good file, a link to itself, and two links pointing at each other.
    let loop_dir = dir.join("symlink_loop");
    std::fs::create_dir_all(&loop_dir)?;
    std::fs::write(loop_dir.join("good.txt"), SEED)?;
    symlink(".", loop_dir.join("self"))?;
    symlink("b.txt", loop_dir.join("a.txt"))?;
    symlink("a.txt", loop_dir.join("b.txt"))?;
    made.push(("symlink_loop/a.txt".to_string(), loop_dir.join("a.txt")));
    made.push(("symlink_loop/b.txt".to_string(), loop_dir.join("b.txt")));

    let p = dir.join("unreadable.txt");
    std::fs::write(&p, SEED)?;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000))?;
    made.push(("unreadable.txt".to_string(), p));
    Ok(made)
}

// ---------------------------------------------------------------------------
// document.xml bodies
// ---------------------------------------------------------------------------

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn document(body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>"
    )
    .into_bytes()
}

fn paragraph(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(text)
    )
}

/// The first lines of the seed as paragraphs, and a small table of figures from it.
pub fn good_document_xml() -> Vec<u8> {
    let mut body = String::new();
    for line in SEED.lines().filter(|l| !l.trim().is_empty()).take(30) {
        body.push_str(&paragraph(line.trim()));
    }
    body.push_str(
        "<w:tbl><w:tblGrid><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>",
    );
    for (label, value) in [
        ("Trình độ", "Số người"),
        ("Trên Đại học", "21"),
        ("Đại học", "122"),
        ("Cao đẳng", "18"),
    ] {
        body.push_str("<w:tr>");
        for cell in [label, value] {
            body.push_str(&format!("<w:tc>{}</w:tc>", paragraph(cell)));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    body.push_str(&paragraph(
        "Số đoàn viên là đảng viên 130 người, chiếm 54,85% trên tổng số.",
    ));
    body.push_str("<w:sectPr/>");
    document(&body)
}

/// Cut points inside document.xml: in a tag, in an attribute, in text, inside a table.
fn xml_cut_points(xml: &[u8]) -> Vec<(&'static str, usize)> {
    let find = |needle: &str| -> usize {
        let n = needle.as_bytes();
        xml.windows(n.len())
            .position(|w| w == n)
            .unwrap_or(xml.len() / 2)
    };
    vec![
        ("mid_tag", find("<w:body>") + 4),
        ("mid_attribute", find("xml:space=\"pres") + 13),
        ("mid_text", find("237 người") + 2),
        ("mid_table", find("Đại học</w:t>") + 3),
        ("before_end", xml.len() - "</w:body></w:document>".len()),
    ]
}

/// About `size` bytes of empty paragraphs: compresses ~1000:1.
fn paragraphs_bomb(size: usize) -> Vec<u8> {
    let body = "<w:p/>".repeat(size / 6);
    document(&body)
}

/// One 20 KB entity referenced 20,000 times: 400 MB of text once expanded.
fn quadratic_blowup_xml() -> Vec<u8> {
    let mut rng = XorShift(0xb10b_0001);
    let value: String = (0..20_000)
        .map(|_| (b'a' + (rng.next() % 26) as u8) as char)
        .collect();
    let refs = "&a;".repeat(20_000);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <!DOCTYPE w:document [<!ENTITY a \"{value}\">]>\
         <w:document xmlns:w=\"{W_NS}\"><w:body><w:p><w:r><w:t>{refs}</w:t></w:r></w:p></w:body></w:document>"
    )
    .into_bytes()
}

/// The classic: ten levels of ten references, 10^9 "lol"s.
fn billion_laughs_xml() -> Vec<u8> {
    let mut dtd = String::from("<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [{dtd}]>\
         <w:document xmlns:w=\"{W_NS}\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    .into_bytes()
}

/// An external entity: a reader that resolves it leaks a local file into the output.
fn external_entity_xml() -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
         <w:document xmlns:w=\"{W_NS}\"><w:body><w:p><w:r><w:t>Có 12 người &xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    .into_bytes()
}

/// `depth` tables each inside the single cell of the one before.
fn nested_tables_xml(depth: usize) -> Vec<u8> {
    let mut body = String::with_capacity(depth * 60);
    for _ in 0..depth {
        body.push_str("<w:tbl><w:tr><w:tc>");
    }
    body.push_str(&paragraph("Có 12 người"));
    for _ in 0..depth {
        body.push_str("<w:p/></w:tc></w:tr></w:tbl>");
    }
    document(&body)
}

/// Text with bytes that are not UTF-8 inside a w:t.
fn invalid_utf8_xml() -> Vec<u8> {
    let mut xml = document(&paragraph("Tổng số XX người"));
    let at = xml.windows(2).position(|w| w == b"XX").unwrap_or(0);
    xml[at] = 0xff;
    xml[at + 1] = 0xc3;
    xml
}

// ---------------------------------------------------------------------------
// .txt bodies
// ---------------------------------------------------------------------------

/// The seed's opening in UTF-8 with stray bytes: a lone lead byte, a bare continuation
/// byte, 0xFF. Mostly valid UTF-8, so no legacy code page fits it better.
fn invalid_utf8_txt() -> Vec<u8> {
    let mut out = Vec::new();
    for (i, line) in SEED.lines().take(40).enumerate() {
        out.extend_from_slice(line.as_bytes());
        match i {
            10 => out.push(0xc3),
            20 => out.push(0x80),
            30 => out.push(0xff),
            _ => {}
        }
        out.push(b'\n');
    }
    out
}

fn utf16_no_bom(big_endian: bool) -> Vec<u8> {
    let text: String = SEED.lines().take(40).collect::<Vec<_>>().join("\r\n");
    let mut out = Vec::new();
    for unit in text.encode_utf16() {
        let b = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

/// Numbers longer than any integer or float type, and scale words piled on them.
fn huge_numbers_txt() -> Vec<u8> {
    let digits = "9".repeat(400);
    let grouped = vec!["999"; 120].join(".");
    let decimals = format!("1,{}", "5".repeat(300));
    format!(
        "Tổng số {digits} người.\n\
         Kinh phí {grouped} đồng.\n\
         Tỷ lệ {decimals}%.\n\
         Doanh thu {digits} tỷ tỷ nghìn triệu đồng.\n\
         Đạt {digits}/{digits} chỉ tiêu, đứng thứ {digits}/0.\n\
         Khoảng 0,{} ha.\n\
         Có 237 người.\n",
        "0".repeat(400)
    )
    .into_bytes()
}

/// One line of `size` bytes: seed text with its line breaks turned into spaces.
fn long_line_txt(size: usize) -> Vec<u8> {
    let flat = SEED.replace(['\r', '\n'], " ");
    let mut out = Vec::with_capacity(size);
    while out.len() + flat.len() <= size {
        out.extend_from_slice(flat.as_bytes());
    }
    out.push(b'\n');
    out
}

fn random_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut rng = XorShift(seed);
    (0..n).map(|_| rng.next() as u8).collect()
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

// ---------------------------------------------------------------------------
// Zip archives
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Method {
    Store,
    Deflate,
}

/// One entry as it goes into the archive: its data already compressed.
struct Entry {
    name: String,
    method: u16,
    flags: u16,
    data: Vec<u8>,
    crc: u32,
    /// Uncompressed size as declared in the headers.
    size: u32,
}

impl Entry {
    fn new(name: &str, content: &[u8], method: Method) -> Entry {
        let (code, data) = match method {
            Method::Store => (0, content.to_vec()),
            Method::Deflate => (8, deflate(content)),
        };
        Entry {
            name: name.to_string(),
            method: code,
            flags: 0,
            data,
            crc: crc32(content),
            size: content.len() as u32,
        }
    }
}

fn deflate(content: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    enc.write_all(content).expect("deflate into memory");
    enc.finish().expect("deflate into memory")
}

fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        out.extend_from_slice(&e.flags.to_le_bytes());
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // time 00:00
        out.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&e.size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        central.extend_from_slice(&20u16.to_le_bytes()); // needed
        central.extend_from_slice(&e.flags.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0x21u16.to_le_bytes());
        central.extend_from_slice(&e.crc.to_le_bytes());
        central.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        central.extend_from_slice(&e.size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 8]); // extra len, comment len, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, disk with the central directory
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

fn package_entries() -> Vec<Entry> {
    vec![
        Entry::new(
            "[Content_Types].xml",
            CONTENT_TYPES.as_bytes(),
            Method::Deflate,
        ),
        Entry::new("_rels/.rels", ROOT_RELS.as_bytes(), Method::Deflate),
    ]
}

fn docx_with_document(xml: &[u8], method: Method) -> Vec<u8> {
    let mut entries = package_entries();
    entries.push(Entry::new("word/document.xml", xml, method));
    zip(&entries)
}

/// A well-formed .docx of the seed's opening: the base the truncations cut.
pub fn good_docx() -> Vec<u8> {
    docx_with_document(&good_document_xml(), Method::Deflate)
}

fn zip_lying_size(xml: &[u8], declared: u32) -> Vec<u8> {
    let mut entries = package_entries();
    let mut doc = Entry::new("word/document.xml", xml, Method::Deflate);
    doc.size = declared;
    entries.push(doc);
    zip(&entries)
}

fn zip_without_document() -> Vec<u8> {
    let mut entries = package_entries();
    entries.push(Entry::new(
        "readme.txt",
        "Có 12 người.".as_bytes(),
        Method::Deflate,
    ));
    entries.push(Entry::new(
        "word/styles.xml",
        b"<w:styles/>",
        Method::Deflate,
    ));
    zip(&entries)
}

/// A minimal workbook: what Excel puts in an .xlsx, no word/ part.
fn xlsx() -> Vec<u8> {
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
</Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>";
    let workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    let wb_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
</Relationships>";
    let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Số người</t></is></c><c r=\"B1\"><v>237</v></c></row>\
</sheetData></worksheet>";
    zip(&[
        Entry::new("[Content_Types].xml", types.as_bytes(), Method::Deflate),
        Entry::new("_rels/.rels", rels.as_bytes(), Method::Deflate),
        Entry::new("xl/workbook.xml", workbook.as_bytes(), Method::Deflate),
        Entry::new(
            "xl/_rels/workbook.xml.rels",
            wb_rels.as_bytes(),
            Method::Deflate,
        ),
        Entry::new(
            "xl/worksheets/sheet1.xml",
            sheet.as_bytes(),
            Method::Deflate,
        ),
    ])
}

/// document.xml flagged as encrypted with the old ZipCrypto scheme (flag bit 0); its
/// bytes are random, as encrypted data would look.
fn zip_encrypted_entry() -> Vec<u8> {
    let mut entries = package_entries();
    let mut doc = Entry::new(
        "word/document.xml",
        &random_bytes(0xc0ffee, 600),
        Method::Store,
    );
    doc.flags = 1;
    entries.push(doc);
    zip(&entries)
}

/// document.xml compressed with method 14 (LZMA), which Word never writes.
fn zip_unsupported_method() -> Vec<u8> {
    let mut entries = package_entries();
    let mut doc = Entry::new("word/document.xml", &good_document_xml(), Method::Store);
    doc.method = 14;
    entries.push(doc);
    zip(&entries)
}

/// document.xml of `inflated` bytes: the start of a text run, then one letter repeated
/// until the size is reached, then the closing tags. The deflate stream is written by
/// hand (a stored block, a fixed-Huffman block of back-references, a stored block) so
/// that it is made in a moment however large it inflates; the CRC is computed in
/// O(log n) rather than over the inflated bytes.
pub fn big_zip_bomb(inflated: u64) -> Vec<u8> {
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W_NS}\"><w:body><w:p><w:r><w:t>"
    );
    let tail = "</w:t></w:r></w:p></w:body></w:document>";
    let run = inflated - head.len() as u64 - tail.len() as u64;
    // The run is one literal 'a' and then back-references of 258 bytes at distance 1.
    let matches = (run - 1) / 258;
    let run = 1 + matches * 258;
    let total = head.len() as u64 + run + tail.len() as u64;

    let mut bits = BitWriter::default();
    stored_block(&mut bits, head.as_bytes(), false);
    bits.push(0, 1); // BFINAL = 0
    bits.push(1, 2); // BTYPE = 01: fixed Huffman codes
    bits.push_code(0x30 + u32::from(b'a'), 8); // literal 'a'
    for _ in 0..matches {
        bits.push_code(0b1100_0101, 8); // length code 285: 258 bytes
        bits.push_code(0, 5); // distance code 0: distance 1
    }
    bits.push_code(0, 7); // end of block
    stored_block(&mut bits, tail.as_bytes(), true);
    let data = bits.finish();

    let crc = {
        let c = crc32_update(!0, head.as_bytes());
        let c = crc32_repeat(c, b'a', run);
        !crc32_update(c, tail.as_bytes())
    };
    let mut entries = package_entries();
    entries.push(Entry {
        name: "word/document.xml".to_string(),
        method: 8,
        flags: 0,
        data,
        crc,
        size: u32::try_from(total).unwrap_or(u32::MAX),
    });
    zip(&entries)
}

fn stored_block(bits: &mut BitWriter, data: &[u8], last: bool) {
    bits.push(u32::from(last), 1);
    bits.push(0, 2); // BTYPE = 00: stored
    bits.align();
    let len = data.len() as u16;
    bits.bytes.extend_from_slice(&len.to_le_bytes());
    bits.bytes.extend_from_slice(&(!len).to_le_bytes());
    bits.bytes.extend_from_slice(data);
}

/// Deflate's bit order: fields least-significant bit first, Huffman codes most-significant first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    acc: u32,
    n: u32,
}

impl BitWriter {
    fn push(&mut self, value: u32, count: u32) {
        for i in 0..count {
            self.acc |= ((value >> i) & 1) << self.n;
            self.n += 1;
            if self.n == 8 {
                self.bytes.push(self.acc as u8);
                self.acc = 0;
                self.n = 0;
            }
        }
    }

    fn push_code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.push((code >> i) & 1, 1);
        }
    }

    fn align(&mut self) {
        if self.n > 0 {
            self.bytes.push(self.acc as u8);
            self.acc = 0;
            self.n = 0;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        self.align();
        self.bytes
    }
}

// CRC-32 (IEEE, reflected), the zip checksum.

fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *slot = c;
    }
    table
}

fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    let table = crc_table();
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

pub fn crc32(data: &[u8]) -> u32 {
    !crc32_update(!0, data)
}

/// The CRC state after feeding `byte` `n` times. One byte's step is an affine map over
/// GF(2)^32 (the table is linear), so n steps are that map raised to the n-th power.
fn crc32_repeat(crc: u32, byte: u8, n: u64) -> u32 {
    let table = crc_table();
    // Affine map s -> M s ^ c, M stored as the images of the 32 unit vectors.
    #[derive(Clone, Copy)]
    struct Affine {
        cols: [u32; 32],
        c: u32,
    }
    fn apply_linear(cols: &[u32; 32], s: u32) -> u32 {
        (0..32)
            .filter(|i| s >> i & 1 == 1)
            .fold(0, |acc, i| acc ^ cols[i])
    }
    fn compose(f: &Affine, g: &Affine) -> Affine {
        // (f o g)(s) = Mf (Mg s ^ cg) ^ cf
        let mut cols = [0u32; 32];
        for (i, col) in cols.iter_mut().enumerate() {
            *col = apply_linear(&f.cols, g.cols[i]);
        }
        Affine {
            cols,
            c: apply_linear(&f.cols, g.c) ^ f.c,
        }
    }
    let mut step = Affine {
        cols: [0; 32],
        c: table[byte as usize],
    };
    for (i, col) in step.cols.iter_mut().enumerate() {
        let s = 1u32 << i;
        *col = table[(s & 0xff) as usize] ^ (s >> 8);
    }
    let mut result = Affine {
        cols: std::array::from_fn(|i| 1u32 << i),
        c: 0,
    };
    let mut n = n;
    while n > 0 {
        if n & 1 == 1 {
            result = compose(&step, &result);
        }
        step = compose(&step, &step);
        n >>= 1;
    }
    apply_linear(&result.cols, crc) ^ result.c
}

// ---------------------------------------------------------------------------
// OLE compound files (what Office 97-2003 and encrypted Office documents are)
// ---------------------------------------------------------------------------

const ENDOFCHAIN: u32 = 0xffff_fffe;
const FREESECT: u32 = 0xffff_ffff;
const FATSECT: u32 = 0xffff_fffd;
const NOSTREAM: u32 = 0xffff_ffff;

/// A version-3 compound file (512-byte sectors) holding the given streams in the root
/// storage. Each stream is padded to at least 4096 bytes so that all live in regular
/// sectors and no mini stream is needed.
fn compound_file(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut streams: Vec<(&str, Vec<u8>)> = streams.iter().map(|(n, d)| (*n, d.clone())).collect();
    for (_, d) in &mut streams {
        if d.len() < 4096 {
            d.resize(4096, 0);
        }
    }
    // Sector 0: the FAT; sector 1: the directory; then the streams, each contiguous.
    let mut fat = vec![FATSECT, ENDOFCHAIN];
    let mut starts = Vec::new();
    for (_, d) in &streams {
        let first = fat.len() as u32;
        let n = d.len().div_ceil(512) as u32;
        starts.push(first);
        for k in 0..n {
            fat.push(if k + 1 == n {
                ENDOFCHAIN
            } else {
                first + k + 1
            });
        }
    }
    assert!(
        fat.len() <= 128,
        "one FAT sector is enough for these small files"
    );
    fat.resize(128, FREESECT);

    let mut out = Vec::new();
    out.extend_from_slice(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    out.extend_from_slice(&[0; 16]); // CLSID
    out.extend_from_slice(&0x003eu16.to_le_bytes()); // minor version
    out.extend_from_slice(&0x0003u16.to_le_bytes()); // major version 3
    out.extend_from_slice(&0xfffeu16.to_le_bytes()); // little-endian
    out.extend_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    out.extend_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&0u32.to_le_bytes()); // directory sectors (0 in version 3)
    out.extend_from_slice(&1u32.to_le_bytes()); // FAT sectors
    out.extend_from_slice(&1u32.to_le_bytes()); // first directory sector
    out.extend_from_slice(&0u32.to_le_bytes()); // transaction signature
    out.extend_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    out.extend_from_slice(&ENDOFCHAIN.to_le_bytes()); // first mini FAT sector
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&ENDOFCHAIN.to_le_bytes()); // first DIFAT sector
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    for _ in 1..109 {
        out.extend_from_slice(&FREESECT.to_le_bytes());
    }
    assert_eq!(out.len(), 512);

    for v in &fat {
        out.extend_from_slice(&v.to_le_bytes());
    }

    // Directory: the root, then the streams as a chain of right siblings (names
    // sorted as the format wants: shorter first, then by upper-cased code units).
    let mut order: Vec<usize> = (0..streams.len()).collect();
    order.sort_by_key(|&i| (streams[i].0.len(), streams[i].0.to_uppercase()));
    let mut dir = Vec::new();
    let root_child = order.first().map_or(NOSTREAM, |&i| i as u32 + 1);
    dir_entry(
        &mut dir,
        "Root Entry",
        5,
        NOSTREAM,
        root_child,
        ENDOFCHAIN,
        0,
    );
    for (i, (name, data)) in streams.iter().enumerate() {
        let pos = order.iter().position(|&j| j == i).unwrap_or(0);
        let right = order.get(pos + 1).map_or(NOSTREAM, |&j| j as u32 + 1);
        dir_entry(
            &mut dir,
            name,
            2,
            right,
            NOSTREAM,
            starts[i],
            data.len() as u64,
        );
    }
    assert!(
        dir.len() <= 512,
        "one directory sector is enough for these small files"
    );
    dir.resize(512, 0);
    // Unused directory slots must say "no sibling, no child".
    for slot in (streams.len() + 1)..4 {
        let e = &mut dir[slot * 128..(slot + 1) * 128];
        e[68..80].copy_from_slice(&[0xff; 12]);
    }
    out.extend_from_slice(&dir);

    for (_, d) in &streams {
        let mut d = d.clone();
        d.resize(d.len().div_ceil(512) * 512, 0);
        out.extend_from_slice(&d);
    }
    out
}

fn dir_entry(
    out: &mut Vec<u8>,
    name: &str,
    kind: u8,
    right: u32,
    child: u32,
    start: u32,
    size: u64,
) {
    let mut e = [0u8; 128];
    let units: Vec<u16> = name.encode_utf16().collect();
    for (i, u) in units.iter().enumerate() {
        e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
    }
    e[64..66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
    e[66] = kind;
    e[67] = 1; // black
    e[68..72].copy_from_slice(&NOSTREAM.to_le_bytes()); // left sibling
    e[72..76].copy_from_slice(&right.to_le_bytes());
    e[76..80].copy_from_slice(&child.to_le_bytes());
    e[116..120].copy_from_slice(&start.to_le_bytes());
    e[120..128].copy_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&e);
}

/// What Word writes when a .docx is saved with a password: a compound file with an
/// EncryptionInfo stream (here the header of Agile encryption, version 4.4) and the
/// encrypted package (8-byte size, then ciphertext).
fn encrypted_office() -> Vec<u8> {
    let mut info = Vec::new();
    info.extend_from_slice(&4u16.to_le_bytes());
    info.extend_from_slice(&4u16.to_le_bytes());
    info.extend_from_slice(&0x40u32.to_le_bytes());
    info.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\">\
<keyData saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" \
cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" saltValue=\"AAAAAAAAAAAAAAAAAAAAAA==\"/>\
</encryption>",
    );
    let mut package = Vec::new();
    package.extend_from_slice(&12_345u64.to_le_bytes());
    package.extend_from_slice(&random_bytes(0xe1c0_0001, 12_352));
    compound_file(&[("EncryptionInfo", info), ("EncryptedPackage", package)])
}

/// A Word 97-2003 document: a compound file whose WordDocument stream starts with the
/// FIB (magic 0xA5EC, nFib 0x00C1), and its 1Table stream.
fn old_word97() -> Vec<u8> {
    let mut word = Vec::new();
    word.extend_from_slice(&0xa5ecu16.to_le_bytes()); // wIdent
    word.extend_from_slice(&0x00c1u16.to_le_bytes()); // nFib: Word 97
    word.extend_from_slice(&0u16.to_le_bytes()); // unused
    word.extend_from_slice(&0x042au16.to_le_bytes()); // lid: Vietnamese
    word.extend_from_slice(&0u16.to_le_bytes()); // pnNext
    word.extend_from_slice(&0x0200u16.to_le_bytes()); // flags: fWhichTblStm = 1Table
    let text: Vec<u8> = "Tổng số 237 người"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    word.resize(0x800, 0);
    word.extend_from_slice(&text);
    compound_file(&[("WordDocument", word), ("1Table", vec![0; 64])])
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (big, dir) = match args.as_slice() {
        [dir] => (false, dir),
        [flag, dir] if flag == "--big" => (true, dir),
        _ => {
            eprintln!("usage: make_hostile [--big] DIR");
            std::process::exit(2);
        }
    };
    let dir = Path::new(dir);
    write_small(dir)?;
    if big {
        write_big(dir)?;
    }
    Ok(())
}
