//! .txt: bytes -> text -> one paragraph block per non-blank line, and table cells for the lines
//! of tab-separated tables (a spreadsheet saved as text).
//!
//! UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM are decoded here;
//! anything else goes to the legacy decoders. Line breaks are CRLF, CR, LF,
//! form feed, U+2028 and U+2029. U+0085 (NEL) is not one: in a legacy file read
//! as text it is far more often a stray byte than a line break.

use crate::model::{BlockKind, CellPos, ErrorKind, RawBlock, RawDocument, Run};

use super::{legacy, ReadError, ReadOptions};

/// Decodes a text file into blocks, one per line that holds more than whitespace.
pub fn read_txt(bytes: &[u8], opts: &ReadOptions) -> Result<RawDocument, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::new(
            ErrorKind::Empty,
            "the file is empty (0 bytes)",
        ));
    }
    let (text, encoding, confidence) = decode(bytes, opts.encoding.as_deref())?;
    Ok(RawDocument {
        blocks: blocks_of(&split_lines(&text)),
        encoding,
        encoding_confidence: confidence,
    })
}

/// The text, the name of the encoding it was found in, and the confidence.
fn decode(bytes: &[u8], forced: Option<&str>) -> Result<(String, String, f32), ReadError> {
    if let Some(name) = forced {
        let key = name.trim().to_ascii_lowercase().replace('_', "-");
        return match key.as_str() {
            "utf-8" | "utf8" => match bytes.strip_prefix(UTF8_BOM) {
                Some(rest) => Ok((utf8(rest)?, "utf-8-bom".into(), 1.0)),
                None => Ok((utf8(bytes)?, "utf-8".into(), 1.0)),
            },
            "utf-16le" | "utf16le" => Ok((
                utf16(bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes), false)?,
                "utf-16le".into(),
                1.0,
            )),
            "utf-16be" | "utf16be" => Ok((
                utf16(bytes.strip_prefix(&[0xFE, 0xFF]).unwrap_or(bytes), true)?,
                "utf-16be".into(),
                1.0,
            )),
            _ => match legacy::decode_legacy(bytes, Some(name)) {
                Some((text, enc, conf)) => Ok((text, enc.to_string(), conf)),
                None => Err(ReadError::new(
                    ErrorKind::Encoding,
                    format!("the bytes could not be decoded as {name:?}, the encoding asked for"),
                )),
            },
        };
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Ok((utf8(rest)?, "utf-8-bom".into(), 1.0));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((utf16(rest, false)?, "utf-16le".into(), 1.0));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((utf16(rest, true)?, "utf-16be".into(), 1.0));
    }
    if let Some(which) = bomless_utf16(bytes) {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            format!(
                "this looks like UTF-16 {which} text without a byte-order mark (every other byte is zero); \
                 add the mark or name the encoding (utf-16{})",
                which.to_ascii_lowercase()
            ),
        ));
    }
    if let Some(what) = binary(bytes) {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            format!("binary data, not text ({what})"),
        ));
    }
    // simdutf8 checks the bytes many at a time (std goes a char at a time past ASCII).
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => Ok(legacy::recheck_utf8(text)
            .map(|(t, enc, conf)| (t, enc.to_string(), conf))
            .unwrap_or_else(|| (text.to_string(), "utf-8".into(), 1.0))),
        Err(e) => match legacy::decode_legacy(bytes, None) {
            Some((text, enc, conf)) => Ok((text, enc.to_string(), conf)),
            None => {
                let at = e.valid_up_to();
                let byte = bytes.get(at).copied().unwrap_or(0);
                Err(ReadError::new(
                    ErrorKind::Encoding,
                    format!(
                        "not valid UTF-8 (first bad byte 0x{byte:02X} at offset {at}) and no UTF-16 byte-order mark; \
                         it may be a legacy 8-bit Vietnamese encoding or not text at all"
                    ),
                ))
            }
        },
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

fn utf8(bytes: &[u8]) -> Result<String, ReadError> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let byte = bytes.get(at).copied().unwrap_or(0);
            Err(ReadError::new(
                ErrorKind::Encoding,
                format!("not valid UTF-8: first bad byte 0x{byte:02X} at offset {at}"),
            ))
        }
    }
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, ReadError> {
    let which = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
    if !bytes.len().is_multiple_of(2) {
        return Err(ReadError::new(
            ErrorKind::Encoding,
            format!(
                "{which} text with an odd number of bytes ({}): the file is cut off or not UTF-16",
                bytes.len()
            ),
        ));
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2 * 3 / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(ReadError::new(
                    ErrorKind::Encoding,
                    format!(
                        "not valid {which}: unpaired surrogate 0x{:04X} at byte offset {}",
                        e.unpaired_surrogate(),
                        i * 2
                    ),
                ))
            }
        }
    }
    Ok(text)
}

/// "LE" or "BE" when most bytes at odd (LE) or even (BE) offsets are zero and
/// the others are not: ASCII-range text in UTF-16 with its mark lost.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.len() < 4 {
        return None;
    }
    // Text with no zero byte at all (nearly every file) is no UTF-16.
    if memchr::memchr(0, sample).is_none() {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for p in sample.chunks_exact(2) {
        even += (p[0] == 0) as usize;
        odd += (p[1] == 0) as usize;
    }
    if let [.., last] = sample.chunks_exact(2).remainder() {
        even += (*last == 0) as usize;
    }
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        Some("LE")
    } else if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        Some("BE")
    } else {
        None
    }
}

/// Why the bytes are not text, if they are not: NUL bytes, or many control
/// bytes. VISCII uses six C0 bytes for letters (0x02 0x05 0x06 0x14 0x19 0x1E),
/// so a few control bytes are allowed.
fn binary(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(at) = memchr::memchr(0, sample) {
        return Some(format!("a NUL byte at offset {at}"));
    }
    // Summed without branches, so the loop goes many bytes at a time.
    let controls: usize = sample
        .iter()
        .map(|&b| {
            ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C) & (b != 0x1A))
                as usize
        })
        .sum();
    if controls * 20 > sample.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    None
}

/// The lines of the text, blank ones included, without their line breaks.
fn split_lines(text: &str) -> Vec<&str> {
    // Read as bytes: every break is ASCII or starts with E2 (U+2028 and U+2029 are E2 80 A8
    // and E2 80 A9), and neither byte is ever inside another char. memchr finds the candidates;
    // form feeds (rare) are looked for apart, as memchr3 takes three bytes.
    let b = text.as_bytes();
    let mut next_ff = memchr::memchr(0x0C, b);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    loop {
        let found = memchr::memchr3(b'\n', b'\r', 0xE2, &b[i..]).map(|p| p + i);
        if next_ff.is_some_and(|f| f < i) {
            next_ff = memchr::memchr(0x0C, &b[i..]).map(|p| p + i);
        }
        let at = match (found, next_ff) {
            (Some(p), Some(f)) => p.min(f),
            (p, f) => match p.or(f) {
                Some(at) => at,
                None => break,
            },
        };
        let len = match b[at] {
            b'\r' if b.get(at + 1) == Some(&b'\n') => 2,
            b'\r' | b'\n' | 0x0C => 1,
            0xE2 if b.get(at + 1) == Some(&0x80) && matches!(b.get(at + 2), Some(0xA8 | 0xA9)) => 3,
            _ => {
                i = at + 1;
                continue;
            }
        };
        lines.push(&text[start..at]);
        i = at + len;
        start = i;
    }
    lines.push(&text[start..]);
    lines
}

fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// How many fields of a line hold more than whitespace.
fn filled(fields: &[&str]) -> usize {
    fields.iter().filter(|f| !blank(f)).count()
}

/// A field that is a figure and nothing else: "3798", "48.154.971.106", "31,2", "-361945".
fn is_figure(field: &str) -> bool {
    let t = field.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '%' | ' ' | '+'))
}

/// A line that heads the columns of a table: at least three filled fields, each holding words
/// and none a figure ("STT  Chuyên ngành  Số dự án  TVĐT"), except years heading their columns
/// ("STT  Chỉ tiêu  2004  2005"), with at least two fields of words. A "label : value" list has a field
/// that is only ":" and is no table.
fn is_header(fields: &[&str]) -> bool {
    // Three filled fields need three fields (most lines have one).
    if fields.len() < 3 {
        return false;
    }
    let words = |f: &&str| f.chars().any(char::is_alphabetic) && !is_figure(f);
    let filled: Vec<&&str> = fields.iter().filter(|f| !blank(f)).collect();
    filled.len() >= 3
        && filled.iter().filter(|f| words(f)).count() >= 2
        && filled.iter().all(|f| words(f) || is_year(f))
}

/// A year heading a column on its own ("2004", "2005" over the figures of each year).
fn is_year(field: &str) -> bool {
    let t = field.trim();
    t.len() == 4
        && t.bytes().all(|b| b.is_ascii_digit())
        && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// Blocks of a text: a paragraph per line that is not blank, except the lines of tab-separated
/// tables, whose fields become cells (one block per field, its source text the field as written).
///
/// A table starts at a header line ([`is_header`]) followed by lines of at least two filled
/// fields, one of them holding a figure somewhere; it goes on over blank lines and over lines with
/// one filled field past the first column when a row follows ("\tTrong đó:" in the label
/// column), and ends at any other line. A title or "Nguồn: ..." padded with tabs has one filled
/// field in the first column and stays a paragraph. Lines with a single leading tab (a Word table
/// pasted one cell per line) have one field and stay paragraphs too.
fn blocks_of(lines: &[&str]) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    // The tab-separated fields of every line, kept in one list.
    let mut all: Vec<&str> = Vec::with_capacity(lines.len());
    let mut ends: Vec<usize> = Vec::with_capacity(lines.len());
    for l in lines {
        all.extend(l.split('\t'));
        ends.push(all.len());
    }
    let split: Vec<&[&str]> = ends
        .iter()
        .scan(0, |from, &to| Some(&all[std::mem::replace(from, to)..to]))
        .collect();
    let mut table = 0u32;
    let mut i = 0;
    while i < lines.len() {
        let (end, is_table) = table_run(&split, i);
        if is_table {
            let rows: Vec<&[&str]> = split[i..end]
                .iter()
                .copied()
                .filter(|f| filled(f) > 0)
                .collect();
            // Header lines: those before the first line holding a figure other than a year.
            let heads = rows
                .iter()
                .position(|f| f.iter().any(|x| is_figure(x) && !is_year(x)))
                .unwrap_or(rows.len());
            for (r, f) in rows.iter().enumerate() {
                let below = (r + 1 < heads).then(|| rows[r + 1]);
                push_row(&mut blocks, table, r as u32, f, below);
            }
            table += 1;
            i = end;
            continue;
        }
        for line in &lines[i..end.max(i + 1)] {
            if !blank(line) {
                blocks.push(RawBlock {
                    runs: vec![Run {
                        text: line.to_string(),
                        font: None,
                    }],
                    ..RawBlock::default()
                });
            }
        }
        i = end.max(i + 1);
    }
    blocks
}

/// The cells of one table line, as blocks. In a header line with another header line below it,
/// a heading followed by empty fields spans those whose field below is filled ("Năm 2004"
/// over "Kế hoạch | Thực hiện"): a merged cell saved as text keeps its words in its first column.
/// Empty fields give no block (an empty cell says nothing, and a line of a million tabs must not
/// make a million blocks); the cells keep their column numbers.
fn push_row(blocks: &mut Vec<RawBlock>, table: u32, row: u32, f: &[&str], below: Option<&[&str]>) {
    let filled_below = |c: usize| below.is_some_and(|b| b.get(c).is_some_and(|x| !blank(x)));
    let mut col = 0;
    while col < f.len() {
        if blank(f[col]) {
            col += 1;
            continue;
        }
        let mut span = 1;
        while col + span < f.len() && blank(f[col + span]) && filled_below(col + span) {
            span += 1;
        }
        blocks.push(RawBlock {
            kind: BlockKind::Cell(CellPos {
                table,
                row,
                col: col as u32,
                col_span: span as u32,
                row_span: 1,
                ..CellPos::default()
            }),
            runs: vec![Run {
                text: f[col].to_string(),
                font: None,
            }],
            ..RawBlock::default()
        });
        col += span;
    }
}

/// The run of lines that starts at line `start` when it is a header line: its end (exclusive),
/// and whether it is a table (a row under the header holds a figure). `(start, false)` when the
/// line heads nothing. No line inside a run that is no table starts a table either (its run ends
/// at the same line, with a subset of the rows), so the caller skips the whole run: a file of
/// header-like lines is read in linear time.
fn table_run(split: &[&[&str]], start: usize) -> (usize, bool) {
    if !is_header(split[start]) {
        return (start, false);
    }
    let mut end = start + 1;
    let mut rows = 0;
    let mut figures = false;
    let mut i = start + 1;
    while i < split.len() {
        let f = split[i];
        let n = filled(f);
        let ok = match n {
            0 => true,
            1 => {
                // one filled field past the first column, with a row after it
                blank(f[0])
                    && split[i + 1..]
                        .iter()
                        .find(|g| filled(g) > 0)
                        .is_some_and(|g| filled(g) >= 2)
            }
            _ => true,
        };
        if !ok {
            break;
        }
        if n >= 2 {
            rows += 1;
            figures |= f.iter().any(|x| is_figure(x));
        }
        if n > 0 {
            end = i + 1;
        }
        i += 1;
    }
    (end, rows >= 1 && figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_every_break() {
        assert_eq!(
            split_lines("a\r\nb\rc\nd\u{c}e\u{2028}f\u{2029}g"),
            ["a", "b", "c", "d", "e", "f", "g"]
        );
        // Dashes and quotes start with E2 too and break nothing; nor does NEL.
        assert_eq!(
            split_lines("“x” – y\u{85}z\n\n\u{c}\u{c}w\r"),
            ["“x” – y\u{85}z", "", "", "", "w", ""]
        );
        assert_eq!(split_lines(""), [""]);
        assert_eq!(split_lines("\u{c}a\u{2026}\r\n"), ["", "a…", ""]);
    }

    #[test]
    fn control_bytes_mark_binary() {
        assert!(binary(b"a\tb\r\nc\x0c\x1a").is_none());
        assert!(binary(b"ab\x01\x02").is_some());
        assert!(binary(b"a\x00b").is_some());
    }
}
