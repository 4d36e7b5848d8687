//! A compact Vietnamese syllable validator (onset + rhyme + tone compatibility),
//! from the onset and rhyme tables beside this module. Used to score candidate
//! decodings: right decodings give words that are syllables, wrong ones do not.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

const ONSETS_TSV: &str = include_str!("tables/onsets.tsv");
const RHYMES_TSV: &str = include_str!("tables/rhymes.tsv");
const SYLLABLES_TSV: &str = include_str!("tables/syllables.tsv");

/// How often a syllable (lowercase NFC) occurs in real reports; 0 when unseen.
/// Only for breaking ties between two valid readings.
pub fn frequency(word: &str) -> usize {
    static F: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let table = F.get_or_init(|| {
        SYLLABLES_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (w, n) = l.split_once('\t')?;
                Some((w.to_string(), n.trim().parse().ok()?))
            })
            .collect()
    });
    let key: String = word.nfc().flat_map(char::to_lowercase).collect();
    table.get(&key).copied().unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Constraint {
    Any,
    Front,
    NonFront,
}

struct Grammar {
    /// Onsets, longest first, so "ngh" is tried before "ng".
    onsets: Vec<(String, Constraint)>,
    rhymes: HashSet<String>,
}

fn grammar() -> &'static Grammar {
    static G: OnceLock<Grammar> = OnceLock::new();
    G.get_or_init(|| {
        let mut onsets: Vec<(String, Constraint)> = ONSETS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (o, c) = l.split_once('\t')?;
                let c = match c.trim() {
                    "front" => Constraint::Front,
                    "nonfront" => Constraint::NonFront,
                    _ => Constraint::Any,
                };
                Some((o.trim().to_string(), c))
            })
            .collect();
        onsets.push((String::new(), Constraint::Any));
        onsets.sort_by_key(|(o, _)| std::cmp::Reverse(o.chars().count()));
        let rhymes = RHYMES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.trim().to_string())
            .collect();
        Grammar { onsets, rhymes }
    })
}

/// The five tone marks as combining characters (plus the deprecated U+0340/0341).
fn is_tone_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' | '\u{0340}' | '\u{0341}'
    )
}

/// Tone of a syllable, `None` for level tone.
fn tone_of(c: char) -> char {
    match c {
        '\u{0340}' => '\u{0300}',
        '\u{0341}' => '\u{0301}',
        c => c,
    }
}

/// Splits a word into its toneless letters (NFC, lowercase) and its tone marks.
pub fn split_tone(word: &str) -> (String, Vec<char>) {
    let mut tones = Vec::new();
    let base: String = word
        .nfd()
        .filter(|&c| {
            if is_tone_mark(c) {
                tones.push(tone_of(c));
                false
            } else {
                true
            }
        })
        .flat_map(char::to_lowercase)
        .collect();
    (base.nfc().collect(), tones)
}

/// Validity and frequency of words already looked at: scoring a file meets the
/// same few thousand words again and again.
fn cache() -> &'static std::sync::Mutex<HashMap<String, (bool, usize)>> {
    static C: OnceLock<std::sync::Mutex<HashMap<String, (bool, usize)>>> = OnceLock::new();
    C.get_or_init(Default::default)
}

/// Whether `word` is a syllable (see [`is_syllable`]) and how often it occurs in
/// real reports (see [`frequency`]), cached.
pub fn lookup(word: &str) -> (bool, usize) {
    if let Ok(c) = cache().lock() {
        if let Some(&v) = c.get(word) {
            return v;
        }
    }
    let valid = word.chars().count() <= 8 && check(word);
    let v = (valid, if valid { frequency(word) } else { 0 });
    if let Ok(mut c) = cache().lock() {
        if c.len() < 100_000 {
            c.insert(word.to_string(), v);
        }
    }
    v
}

/// True when `word` (any case, NFC or NFD) is one well-formed Vietnamese syllable:
/// an onset, a rhyme from the table, at most one tone, and a stop-final rhyme
/// (-c, -ch, -p, -t) only with the acute or dot-below tone. Tone position is not
/// checked, since misplaced tones are common in real text and fixed later.
pub fn is_syllable(word: &str) -> bool {
    !word.is_empty() && lookup(word).0
}

fn check(word: &str) -> bool {
    let (base, tones) = split_tone(word);
    if tones.len() > 1 {
        return false;
    }
    let tone = tones.first().copied();
    let g = grammar();
    for (onset, constraint) in &g.onsets {
        let Some(rhyme) = base.strip_prefix(onset.as_str()) else {
            continue;
        };
        if !g.rhymes.contains(rhyme) {
            continue;
        }
        let first = rhyme.chars().next().unwrap_or(' ');
        let front = matches!(first, 'i' | 'y' | 'e' | 'ê');
        let spelling_ok = match constraint {
            Constraint::Any => true,
            Constraint::Front => front,
            Constraint::NonFront => !front,
        };
        // "qu" already holds the medial u: "quu..." and "quo..." are not spellings.
        if !spelling_ok || (onset == "qu" && matches!(first, 'u' | 'o')) {
            continue;
        }
        let stop = rhyme.ends_with('c')
            || rhyme.ends_with("ch")
            || rhyme.ends_with('p')
            || rhyme.ends_with('t');
        if stop && !matches!(tone, Some('\u{0301}') | Some('\u{0323}')) {
            continue;
        }
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_syllables_pass() {
        for w in [
            "Việt", "người", "được", "nghiêng", "quý", "quyết", "giữa", "gì", "gìn", "khuỷu",
            "hoạch", "thuở", "ĐỒNG", "tỷ", "kỹ", "yêu", "oanh", "xoong", "Hòa", "hoà", "toán",
            "giếng", "năm", "A",
        ] {
            assert!(is_syllable(w), "{w} should be a syllable");
        }
    }

    #[test]
    fn non_syllables_fail() {
        for w in [
            "Vieät",
            "ViÖt",
            "Viờũt",
            "Vi®t",
            "ngöôøi",
            "các\u{300}",
            "cac",
            "ka",
            "ngi",
            "UBND",
            "string",
            "quu",
            "ke\u{301}\u{300}",
        ] {
            assert!(!is_syllable(w), "{w} should not be a syllable");
        }
    }
}
