//! The legacy code-page tables: parsed once from the TSV files beside this module
//! into lookup arrays and maps, for decoding and (for tests and fixtures) encoding.

use std::collections::HashMap;
use std::sync::OnceLock;

const TCVN3_TSV: &str = include_str!("tables/tcvn3.tsv");
const VNI_TSV: &str = include_str!("tables/vni.tsv");
const VISCII_TSV: &str = include_str!("tables/viscii.tsv");
const CP1258_TSV: &str = include_str!("tables/cp1258.tsv");
const VIQR_TSV: &str = include_str!("tables/viqr.tsv");

/// One table row: the byte sequence and the Unicode text it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub bytes: Vec<u8>,
    pub text: String,
}

/// Parses `hex<TAB>char` rows; `#` lines are comments. The char column may hold
/// `\uXXXX` escapes (combining marks, NBSP, soft hyphen). The files are compiled in
/// and checked by tests, so a malformed row is a build-time data bug: it is skipped
/// here and the round-trip tests catch the missing row.
pub fn parse_rows(tsv: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for line in tsv.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((hex, text)) = line.split_once('\t') else {
            continue;
        };
        let Some(bytes) = parse_hex(hex.trim()) else {
            continue;
        };
        let Some(text) = unescape(text) else { continue };
        rows.push(Row { bytes, text });
    }
    rows
}

fn parse_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find("\\u") {
        out.push_str(&rest[..pos]);
        let code = rest.get(pos + 2..pos + 6)?;
        out.push(char::from_u32(u32::from_str_radix(code, 16).ok()?)?);
        rest = &rest[pos + 6..];
    }
    out.push_str(rest);
    Some(out)
}

/// The raw rows of each table, by encoding name.
pub fn rows(name: &str) -> Vec<Row> {
    match name {
        "tcvn3" => parse_rows(TCVN3_TSV),
        "vni" => parse_rows(VNI_TSV),
        "viscii" => parse_rows(VISCII_TSV),
        "cp1258" => parse_rows(CP1258_TSV),
        "viqr" => parse_rows(VIQR_TSV),
        _ => Vec::new(),
    }
}

/// Windows-1252, byte -> char, from encoding_rs (undefined 81 8D 8F 90 9D map to
/// the C1 controls of the same value, so every byte is reversible).
pub fn cp1252() -> &'static [char; 256] {
    static T: OnceLock<[char; 256]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = ['\u{FFFD}'; 256];
        for (b, slot) in t.iter_mut().enumerate() {
            let byte = [b as u8];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            if let Some(c) = s.chars().next() {
                *slot = c;
            }
        }
        t
    })
}

/// Windows-1252, char -> byte; also maps U+F020..U+F0FF (symbol-charset fonts,
/// which Word stores in the private use area) to their low byte.
pub fn cp1252_byte(c: char) -> Option<u8> {
    // Indexed by code point up to the highest char of the table (U+2122): asked for
    // every char of every UTF-8 .txt and legacy-font run, so no hashing.
    static T: OnceLock<Vec<Option<u8>>> = OnceLock::new();
    let dense = T.get_or_init(|| {
        let table = cp1252();
        let top = table.iter().map(|&c| c as usize).max().unwrap_or(0);
        let mut dense = vec![None; top + 1];
        for (b, &c) in table.iter().enumerate() {
            dense[c as usize] = Some(b as u8);
        }
        dense
    });
    if let Some(&Some(b)) = dense.get(c as usize) {
        return Some(b);
    }
    let u = c as u32;
    if (0xF020..=0xF0FF).contains(&u) {
        return Some((u - 0xF000) as u8);
    }
    None
}

/// A single-byte table: every byte decodes to one char.
fn single_byte(tsv: &str, fallback: &[char; 256]) -> [char; 256] {
    let mut t = *fallback;
    for row in parse_rows(tsv) {
        if let ([b], Some(c)) = (row.bytes.as_slice(), row.text.chars().next()) {
            t[*b as usize] = c;
        }
    }
    t
}

/// TCVN3: the table's letters, every other byte as Windows-1252 (never VN1 semantics).
pub fn tcvn3() -> &'static [char; 256] {
    static T: OnceLock<[char; 256]> = OnceLock::new();
    T.get_or_init(|| single_byte(TCVN3_TSV, cp1252()))
}

/// VISCII: the table covers 80-FF and six C0 bytes; the rest is ASCII.
pub fn viscii() -> &'static [char; 256] {
    static T: OnceLock<[char; 256]> = OnceLock::new();
    T.get_or_init(|| single_byte(VISCII_TSV, &latin1()))
}

/// Windows-1258: the table covers the defined 80-FF bytes, combining tone marks
/// included; undefined bytes decode to the C1 control of the same value.
pub fn cp1258() -> &'static [char; 256] {
    static T: OnceLock<[char; 256]> = OnceLock::new();
    T.get_or_init(|| single_byte(CP1258_TSV, &latin1()))
}

fn latin1() -> [char; 256] {
    let mut t = ['\0'; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        *slot = char::from(b as u8);
    }
    t
}

/// VNI-Windows: single-byte letters and (base, mark) byte pairs. Every mark byte is
/// in C0-FF, so pairs are kept in a flat array by base byte and mark byte - 0xC0.
pub struct Vni {
    pub single: [Option<char>; 256],
    pairs: Vec<[Option<char>; 64]>,
}

impl Vni {
    /// The letter a base byte and a mark byte stand for together.
    pub fn pair(&self, base: u8, mark: u8) -> Option<char> {
        if mark < 0xC0 {
            return None;
        }
        self.pairs[base as usize][(mark - 0xC0) as usize]
    }
}

pub fn vni() -> &'static Vni {
    static T: OnceLock<Vni> = OnceLock::new();
    T.get_or_init(|| {
        let mut v = Vni {
            single: [None; 256],
            pairs: vec![[None; 64]; 256],
        };
        for row in parse_rows(VNI_TSV) {
            let Some(c) = row.text.chars().next() else {
                continue;
            };
            match row.bytes.as_slice() {
                [b] => v.single[*b as usize] = Some(c),
                [a, m] if *m >= 0xC0 => v.pairs[*a as usize][(*m - 0xC0) as usize] = Some(c),
                _ => {}
            }
        }
        v
    })
}

/// VIQR: the ASCII sequence (base letter + marks) -> letter.
pub fn viqr() -> &'static HashMap<String, char> {
    static T: OnceLock<HashMap<String, char>> = OnceLock::new();
    T.get_or_init(|| {
        parse_rows(VIQR_TSV)
            .into_iter()
            .filter_map(|r| {
                let seq = String::from_utf8(r.bytes).ok()?;
                Some((seq, r.text.chars().next()?))
            })
            .collect()
    })
}

/// Char -> byte sequence for one encoding's table rows (encoding direction).
pub fn reverse(name: &str) -> &'static HashMap<char, Vec<u8>> {
    static T: OnceLock<HashMap<&'static str, HashMap<char, Vec<u8>>>> = OnceLock::new();
    static EMPTY: OnceLock<HashMap<char, Vec<u8>>> = OnceLock::new();
    let all = T.get_or_init(|| {
        ["tcvn3", "vni", "viscii", "cp1258", "viqr"]
            .into_iter()
            .map(|n| {
                let mut m = HashMap::new();
                for r in rows(n) {
                    let mut cs = r.text.chars();
                    if let (Some(c), None) = (cs.next(), cs.next()) {
                        m.entry(c).or_insert(r.bytes);
                    }
                }
                (n, m)
            })
            .collect()
    });
    all.get(name)
        .unwrap_or_else(|| EMPTY.get_or_init(HashMap::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_bytes_round_trip() {
        // Every char of the table gives back a byte that decodes to it.
        for &c in cp1252().iter() {
            let b = cp1252_byte(c).expect("a table char has a byte");
            assert_eq!(cp1252()[b as usize], c);
        }
        assert_eq!(cp1252_byte('€'), Some(0x80));
        assert_eq!(cp1252_byte('™'), Some(0x99));
        assert_eq!(cp1252_byte('â'), Some(0xE2));
        assert_eq!(cp1252_byte('\u{F041}'), Some(0x41));
        // Letters Windows-1252 has no byte for.
        for c in ['ệ', 'đ', 'ơ', 'ư', 'ă', '\u{2200}', '😀'] {
            assert_eq!(cp1252_byte(c), None, "{c}");
        }
    }
}
