//! .txt: bytes -> text -> one paragraph block per non-blank line.
//!
//! UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM are decoded here;
//! anything else goes to the legacy decoders. Line breaks are CRLF, CR, LF,
//! form feed, U+2028 and U+2029. U+0085 (NEL) is not one: in a legacy file read
//! as text it is far more often a stray byte than a line break.

use crate::model::{ErrorKind, RawBlock, RawDocument, Run};

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
        blocks: split_lines(&text),
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
    match std::str::from_utf8(bytes) {
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
    match std::str::from_utf8(bytes) {
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
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
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
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        return Some(format!("a NUL byte at offset {at}"));
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if controls * 20 > sample.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    None
}

/// One paragraph block per line that is not blank.
fn split_lines(text: &str) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    let mut push = |line: &str| {
        if !line.chars().all(char::is_whitespace) {
            blocks.push(RawBlock {
                runs: vec![Run {
                    text: line.to_string(),
                    font: None,
                }],
                ..RawBlock::default()
            });
        }
    };
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\r' => {
                push(&text[start..i]);
                if let Some(&(_, '\n')) = chars.peek() {
                    chars.next();
                    start = i + 2;
                } else {
                    start = i + 1;
                }
            }
            '\n' | '\u{000C}' | '\u{2028}' | '\u{2029}' => {
                push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    push(&text[start..]);
    blocks
}
