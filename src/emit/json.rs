//! A record's compact JSON, byte for byte what serde_json writes, made faster where
//! the bytes are: the blocks (two thirds of a line) are written here, with a string
//! escape that passes 8 bytes at a time; the rest goes through serde.
//!
//! Serde's flattened `BlockKind` goes through its map serializer one entry at a time,
//! and serde_json escapes strings byte by byte; both showed in the profile. The
//! destructuring below names every field, so a field added to `DocumentRecord` or
//! `Block` does not compile until it is written here too, and a test compares the
//! output with serde_json's on real documents.

use crate::model::{Block, DocumentRecord};

/// Appends the compact JSON of `record` to `out`.
pub fn write_record(out: &mut Vec<u8>, record: &DocumentRecord) -> serde_json::Result<()> {
    let DocumentRecord {
        schema_version,
        tool_version,
        source,
        metadata,
        blocks,
        facts,
        error,
    } = record;
    out.extend_from_slice(b"{\"schema_version\":");
    write_str(out, schema_version);
    out.extend_from_slice(b",\"tool_version\":");
    write_str(out, tool_version);
    out.extend_from_slice(b",\"source\":");
    serde_json::to_writer(&mut *out, source)?;
    out.extend_from_slice(b",\"metadata\":");
    serde_json::to_writer(&mut *out, metadata)?;
    out.extend_from_slice(b",\"blocks\":[");
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_block(out, block)?;
    }
    out.extend_from_slice(b"],\"facts\":");
    serde_json::to_writer(&mut *out, facts)?;
    if let Some(error) = error {
        out.extend_from_slice(b",\"error\":");
        serde_json::to_writer(&mut *out, error)?;
    }
    out.push(b'}');
    Ok(())
}

/// One block, as `#[derive(Serialize)]` on `Block` writes it (its kind flattened in).
fn write_block(out: &mut Vec<u8>, block: &Block) -> serde_json::Result<()> {
    let Block {
        id,
        kind,
        text,
        section,
        heading_level,
        offsets: _,
    } = block;
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut *out, id)?;
    // The kind is an internally tagged enum: serde writes it as an object, whose
    // entries are what flattening puts into the block.
    let at = out.len();
    serde_json::to_writer(&mut *out, kind)?;
    if out.len() >= at + 2 && out[at] == b'{' && out.last() == Some(&b'}') {
        out.pop();
        if out.len() == at + 1 {
            out.pop();
        } else {
            out[at] = b',';
        }
    }
    out.extend_from_slice(b",\"text\":");
    write_str(out, text);
    if !section.is_empty() {
        out.extend_from_slice(b",\"section\":[");
        for (i, s) in section.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, s);
        }
        out.push(b']');
    }
    if let Some(level) = heading_level {
        out.extend_from_slice(b",\"heading_level\":");
        serde_json::to_writer(&mut *out, level)?;
    }
    out.push(b'}');
    Ok(())
}

/// Whether any of the 8 bytes of `w` is a quote, a backslash or below 0x20
/// (the bytes JSON escapes; the tests are exact for "any byte").
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let q = w ^ (ONES * b'"' as u64);
    let quote = q.wrapping_sub(ONES) & !q & HIGH;
    let s = w ^ (ONES * b'\\' as u64);
    let backslash = s.wrapping_sub(ONES) & !s & HIGH;
    below_space | quote | backslash != 0
}

/// A JSON string, escaped as serde_json escapes it: `\"`, `\\`, `\b`, `\f`, `\n`,
/// `\r`, `\t`, other control chars as `\u00xx`; everything else as it is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ],
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escape);
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, CellPos};

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all = String::new();
        for b in 0u8..0x80 {
            all.push(b as char);
        }
        for s in [
            all.as_str(),
            "",
            "Tổng số 1.234 người \"đạt\" 54,85%\n\\ hết",
            "12345678\"12345678\u{1}abcdefgh\u{7f}\u{1f}",
            "ệệệệệệệệệệ\tệ",
        ] {
            let mut out = Vec::new();
            write_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        // Every byte position inside and across the 8-byte words.
        for at in 0..20 {
            for c in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
                let mut s: String = "abcdefghijklmnopqrst".into();
                s.insert(at, c);
                let mut out = Vec::new();
                write_str(&mut out, &s);
                assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn blocks_are_written_as_serde_writes_them() {
        let cell = CellPos {
            table: 2,
            row: 3,
            col: 1,
            col_span: 2,
            row_span: 1,
            depth: 1,
            row_label: Some("Tổng \"số\"".into()),
            col_header: Some("Năm 2024 > Kế hoạch".into()),
            row_key: Some("II".into()),
            header: true,
            total: true,
        };
        let blocks = [
            Block {
                id: 7,
                kind: BlockKind::Cell(cell),
                text: "1.234\nngười".into(),
                section: vec!["I".into(), "2".into()],
                heading_level: Some(2),
                offsets: vec![0, 1, 2],
            },
            Block {
                id: 0,
                kind: BlockKind::Paragraph,
                text: "Báo cáo".into(),
                ..Block::default()
            },
            Block {
                id: 9,
                kind: BlockKind::Footnote,
                ..Block::default()
            },
            Block {
                kind: BlockKind::Cell(CellPos::default()),
                ..Block::default()
            },
        ];
        for b in &blocks {
            let mut out = Vec::new();
            write_block(&mut out, b).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(b).unwrap()
            );
        }
    }

    #[test]
    fn records_are_written_as_serde_writes_them() {
        // Real documents through the whole pipeline: a .docx with tables and notes,
        // a .txt, and a file that cannot be read (the record carries an error).
        let opts = crate::pipeline::Options::default();
        let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
        for dir in ["corpus", "fixtures/legacy"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut names: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            names.sort();
            for p in names.into_iter().take(6) {
                if let Ok(bytes) = std::fs::read(&p) {
                    inputs.push((p.display().to_string(), bytes));
                }
            }
        }
        inputs.push(("broken.docx".into(), b"PK\x03\x04 cut off".to_vec()));
        assert!(inputs.len() > 3);
        for (path, bytes) in &inputs {
            let format = if path.ends_with(".docx") {
                crate::model::Format::Docx
            } else {
                crate::model::Format::Txt
            };
            let record = crate::pipeline::process_bytes(path, bytes, format, &opts);
            let mut out = Vec::new();
            write_record(&mut out, &record).unwrap();
            assert!(
                out == serde_json::to_vec(&record).unwrap(),
                "{path}: hand-written JSON differs from serde_json's"
            );
        }
    }
}
