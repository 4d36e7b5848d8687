//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VISCII, Windows-1258, VIQR.
//! Decodes them from tables kept as data files beside this module, detects which
//! one a .txt file uses by how many of its words become Vietnamese syllables,
//! decodes .docx runs by font, and repairs UTF-8 that was once read as Windows-1252.

mod syllable;
pub mod tables;
mod viqr;

use unicode_normalization::UnicodeNormalization;

pub use syllable::{frequency, is_syllable};

/// A legacy encoding solieu decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    Tcvn3,
    Vni,
    Viscii,
    Cp1258,
    Viqr,
}

impl Legacy {
    /// Every legacy encoding, in the order ties are broken (most common first).
    pub const ALL: [Legacy; 5] = [
        Legacy::Vni,
        Legacy::Tcvn3,
        Legacy::Cp1258,
        Legacy::Viscii,
        Legacy::Viqr,
    ];

    /// The name used in `source.encoding` and by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
            Legacy::Viscii => "viscii",
            Legacy::Cp1258 => "cp1258",
            Legacy::Viqr => "viqr",
        }
    }

    /// Parses a name or a common alias ("abc", "windows-1258", "vni-windows").
    pub fn from_name(name: &str) -> Option<Legacy> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        match n.as_str() {
            "tcvn3" | "tcvn" | "abc" | "tcvn-3" | "tcvn5712" => Some(Legacy::Tcvn3),
            "vni" | "vni-windows" | "vni-win" => Some(Legacy::Vni),
            "viscii" => Some(Legacy::Viscii),
            "cp1258" | "windows-1258" | "win1258" | "cp-1258" => Some(Legacy::Cp1258),
            "viqr" => Some(Legacy::Viqr),
            _ => None,
        }
    }
}

/// Decodes bytes as one legacy encoding, with no heuristics beyond the encoding's
/// own rules (VIQR context rules included; TCVN3 capitals are not restored here,
/// see [`tcvn3_caps`]). Output is NFC. Never fails: bytes outside the Vietnamese
/// table map as Windows-1252 (TCVN3, VNI) or Latin-1 (VISCII, CP1258 C0/ASCII).
pub fn decode(bytes: &[u8], enc: Legacy) -> String {
    match enc {
        Legacy::Tcvn3 => single(bytes, tables::tcvn3()),
        Legacy::Viscii => single(bytes, tables::viscii()),
        Legacy::Cp1258 => single(bytes, tables::cp1258()).nfc().collect(),
        Legacy::Vni => vni(bytes),
        Legacy::Viqr => {
            let chars: Vec<char> = match std::str::from_utf8(bytes) {
                Ok(s) => s.chars().collect(),
                Err(_) => bytes
                    .iter()
                    .map(|&b| tables::cp1252()[b as usize])
                    .collect(),
            };
            viqr::decode(&chars).nfc().collect()
        }
    }
}

fn single(bytes: &[u8], table: &[char; 256]) -> String {
    bytes.iter().map(|&b| table[b as usize]).collect()
}

fn vni(bytes: &[u8]) -> String {
    let t = tables::vni();
    let mut out: Vec<char> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(&next) = bytes.get(i + 1) {
            if let Some(c) = t.pair(b, next) {
                out.push(c);
                i += 2;
                continue;
            }
        }
        if let Some(tone) = vni_tone(b) {
            if place_stray_tone(&mut out, tone) {
                i += 1;
                continue;
            }
        }
        out.push(t.single[b as usize].unwrap_or(tables::cp1252()[b as usize]));
        i += 1;
    }
    // Table letters are precomposed and stray tones were composed in place: NFC already.
    out.into_iter().collect()
}

/// The combining tone a VNI tone-mark byte stands for (lowercase and capital sets).
fn vni_tone(b: u8) -> Option<char> {
    match b {
        0xF9 | 0xD9 => Some('\u{0301}'),
        0xF8 | 0xD8 => Some('\u{0300}'),
        0xFB | 0xDB => Some('\u{0309}'),
        0xF5 | 0xD5 => Some('\u{0303}'),
        0xEF | 0xCF => Some('\u{0323}'),
        _ => None,
    }
}

/// A VNI tone byte that did not pair with its base: Word draws it over whatever
/// precedes, so writers sometimes typed it after a second mark ("vieâïc"), or after
/// a space or a closing bracket ("giô)ø"). Put it on the vowel it was meant for, if
/// that word has no tone yet; drop it when it stands outside any word. Returns
/// false when the byte should be kept as a character.
fn place_stray_tone(out: &mut [char], tone: char) -> bool {
    let n = out.len();
    let skipped = out
        .iter()
        .rev()
        .take(2)
        .take_while(|c| matches!(c, ' ' | ')' | '"' | ']' | '\u{201D}'))
        .count();
    let Some(k) = n.checked_sub(skipped + 1) else {
        return skipped > 0;
    };
    let word_start = out[..=k]
        .iter()
        .rposition(|c| !c.is_alphabetic())
        .map_or(0, |p| p + 1);
    let word: String = out[word_start..=k].iter().collect();
    let (base, tones) = syllable::split_tone(&word);
    let vowel = syllable::split_tone(&out[k].to_string())
        .0
        .chars()
        .all(|c| "aăâeêioôơuưy".contains(c));
    if vowel && tones.is_empty() && !base.is_empty() {
        let toned: String = [out[k], tone].iter().collect::<String>().nfc().collect();
        if let (Some(c), 1) = (toned.chars().next(), toned.chars().count()) {
            out[k] = c;
            return true;
        }
    }
    // Outside a word (after a space or a bracket) the mark can only be a stray.
    skipped > 0 || !out[k].is_alphabetic()
}

/// TCVN3 has no capital toned letters: writers typed lowercase codes in an all-caps
/// font. Without the font, restore capitals by the rule of the normalisation notes
/// (§5): a line whose ASCII letters are all capitals (at least 3), and which has a
/// word mixing ASCII capitals with lowercase toned letters, is uppercased; elsewhere
/// a word with at least two capitals and no ASCII lowercase letter is uppercased.
/// Single capitals are left alone ("Sở", "Tỷ" stay as written).
pub fn tcvn3_caps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&caps_line(line));
    }
    out
}

const TCVN3_CAPITALS: &str = "ĂÂÊÔƠƯĐ";

fn caps_line(line: &str) -> String {
    let ascii: Vec<char> = line.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let all_caps = ascii.len() >= 3 && ascii.iter().all(|c| c.is_ascii_uppercase());
    let words = words_of(line);
    let mixed_word = words.iter().any(|w| {
        w.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
            && !w.chars().any(|c| c.is_ascii_lowercase())
            && w.chars().any(|c| !c.is_ascii() && c.is_lowercase())
    });
    if all_caps && mixed_word {
        return line.to_uppercase();
    }
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let capitals = word
            .chars()
            .filter(|&c| c.is_ascii_uppercase() || TCVN3_CAPITALS.contains(c))
            .count();
        if capitals >= 2 && !word.chars().any(|c| c.is_ascii_lowercase()) {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn words_of(line: &str) -> Vec<&str> {
    line.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect()
}

/// How Vietnamese a text looks: counts over its word tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Word tokens (containing a letter).
    pub tokens: usize,
    /// Tokens with a non-ASCII char that are valid syllables: evidence for.
    pub valid_marked: usize,
    /// Tokens with a non-ASCII char that are not syllables: evidence against.
    pub invalid_marked: usize,
    /// Pure-ASCII tokens that are valid (toneless) syllables.
    pub valid_plain: usize,
    /// Letters in the longest valid marked token.
    pub longest_valid_marked: usize,
    /// Valid marked tokens seen in real reports (tables/syllables.tsv): breaks ties
    /// between readings that are both syllables ("chú" in TCVN3, "chĩ" in VNI).
    pub common_marked: usize,
}

impl Score {
    /// Net evidence per token, in -1..=1; what candidates are ranked by.
    pub fn net(&self) -> f32 {
        if self.tokens == 0 {
            return 0.0;
        }
        (self.valid_marked as f32 - self.invalid_marked as f32) / self.tokens as f32
    }

    /// Share of marked tokens that are valid syllables.
    pub fn marked_share(&self) -> f32 {
        let marked = self.valid_marked + self.invalid_marked;
        if marked == 0 {
            return 0.0;
        }
        self.valid_marked as f32 / marked as f32
    }

    /// Whether the text reads as Vietnamese at all: at least two marked words,
    /// most of them syllables, or in a very short text one marked word and no bad one.
    pub fn is_vietnamese(&self) -> bool {
        (self.valid_marked >= 2 && self.marked_share() >= 0.5)
            || (self.valid_marked == 1
                && self.invalid_marked == 0
                && self.longest_valid_marked >= 2)
    }
}

/// Token separators: whitespace, ASCII punctuation and digits, general punctuation.
/// Other symbols stay inside tokens, so a wrong decoding's "c¸c" counts against it.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || c.is_ascii_digit()
        || ('\u{2000}'..='\u{206F}').contains(&c)
        || c.is_control()
}

/// Scores a text by how many of its tokens are Vietnamese syllables.
pub fn score(text: &str) -> Score {
    let mut s = Score::default();
    for tok in text.split(is_separator) {
        if !tok.chars().any(char::is_alphabetic) {
            continue;
        }
        if is_abbreviation(tok) {
            continue;
        }
        s.tokens += 1;
        let (valid, freq) = syllable::lookup(tok);
        match (tok.is_ascii(), valid) {
            (false, true) => {
                s.valid_marked += 1;
                s.common_marked += usize::from(freq > 0);
                s.longest_valid_marked = s.longest_valid_marked.max(tok.chars().count());
            }
            (false, false) => s.invalid_marked += 1,
            (true, true) => s.valid_plain += 1,
            (true, false) => {}
        }
    }
    s
}

/// Capital abbreviations without vowels ("QĐ", "HĐND", "CĐSLĐTBXH") are not words:
/// neither evidence for a decoding nor against it.
fn is_abbreviation(tok: &str) -> bool {
    tok.chars().count() >= 2
        && tok
            .chars()
            .all(|c| c.is_uppercase() && !"AĂÂEÊIOÔƠUƯY".contains(c) && (c.is_ascii() || c == 'Đ'))
}

/// How much of a file detection looks at; enough for any report, bounded for speed.
const SAMPLE_BYTES: usize = 128 * 1024;

/// Scores every legacy candidate on the first 128 KiB of `bytes`, and the UTF-8 reading
/// too when the bytes are valid UTF-8 (VIQR is ASCII). Returned best first; ties
/// keep UTF-8 first, then the order of [`Legacy::ALL`].
pub fn rank(bytes: &[u8]) -> Vec<(&'static str, Score)> {
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let mut ranked = Vec::new();
    if let Ok(s) = std::str::from_utf8(bytes) {
        ranked.push(("utf-8", score(&s[..floor_boundary(s, sample.len())])));
    }
    for enc in Legacy::ALL {
        ranked.push((enc.name(), score(&decode(sample, enc))));
    }
    ranked.sort_by(|a, b| {
        b.1.net()
            .total_cmp(&a.1.net())
            .then(b.1.common_marked.cmp(&a.1.common_marked))
    });
    ranked
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i -= 1;
    }
    i.min(s.len())
}

/// Decodes .txt bytes that are not UTF-8/UTF-16: with `forced` as named
/// ("tcvn3", "vni", "viscii", "cp1258", "viqr"), or by scoring every candidate.
/// Returns the text, the encoding's name and a confidence in 0..=1, or None when
/// nothing decodes to Vietnamese, or when the bytes read as UTF-8 (or as plain
/// ASCII) at least as well as any legacy decoding: keep the UTF-8 reading then.
/// It is safe to call on valid UTF-8 too (VIQR files are ASCII).
/// TCVN3 output has its capitals restored by [`tcvn3_caps`].
pub fn decode_legacy(bytes: &[u8], forced: Option<&str>) -> Option<(String, &'static str, f32)> {
    if let Some(name) = forced {
        let enc = Legacy::from_name(name)?;
        return Some((finish(bytes, enc), enc.name(), 1.0));
    }
    let ranked = rank(bytes);
    let (best_name, best) = *ranked.first()?;
    let enc = Legacy::from_name(best_name)?;
    if !best.is_vietnamese() {
        return None;
    }
    let second = ranked.get(1).map(|r| r.1.net()).unwrap_or(0.0).max(0.0);
    let margin = if best.net() > 0.0 {
        ((best.net() - second) / best.net()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let confidence = (best.marked_share() * margin * 100.0).round() / 100.0;
    Some((finish(bytes, enc), enc.name(), confidence))
}

fn finish(bytes: &[u8], enc: Legacy) -> String {
    let text = decode(bytes, enc);
    if enc == Legacy::Tcvn3 {
        tcvn3_caps(&text)
    } else {
        text
    }
}

/// The legacy encoding a .docx font name implies: `.Vn*` -> TCVN3 (with `true`
/// for the all-caps `.Vn*H` fonts), `VNI-*` -> VNI.
pub fn font_encoding(font: &str) -> Option<(Legacy, bool)> {
    let f = font.trim();
    // Called for every .docx run: compare prefixes in place, no lower-cased copy.
    let starts = |prefix: &[u8]| {
        f.as_bytes()
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if starts(b".vn") {
        let caps = f.ends_with('H') || f.ends_with('h');
        return Some((Legacy::Tcvn3, caps));
    }
    if starts(b"vni-") || starts(b"vni ") {
        return Some((Legacy::Vni, false));
    }
    None
}

/// Decodes the text of a .docx run whose font is a legacy Vietnamese font
/// (`.Vn*` -> TCVN3, uppercased for `.Vn*H`; `VNI-*` -> VNI). Word stores those
/// bytes as Windows-1252 code points. None when the font is not a legacy one.
///
/// Unicode text typed in a run that still names a legacy font (templates keep old
/// styles) is left alone: None when the run holds letters only Unicode has (ệ ơ đ),
/// or when it reads better as it is ("còn" stays, VNI would make it "cịn").
pub fn decode_run(text: &str, font: &str) -> Option<String> {
    let (enc, caps) = font_encoding(font)?;
    if text.chars().any(unicode_only_letter) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut buf: Vec<u8> = Vec::new();
    for c in text.chars() {
        match tables::cp1252_byte(c) {
            Some(b) => buf.push(b),
            None => {
                // Not a Windows-1252 char: Word kept real Unicode here; keep it.
                out.push_str(&decode(&buf, enc));
                buf.clear();
                out.push(c);
            }
        }
    }
    out.push_str(&decode(&buf, enc));
    let out: String = out.nfc().collect();
    if !text.is_ascii() {
        let (raw, decoded) = (score(text), score(&out));
        if (raw.net(), raw.common_marked) > (decoded.net(), decoded.common_marked) {
            return None;
        }
    }
    Some(if caps { out.to_uppercase() } else { out })
}

/// Vietnamese letters and tone marks that no legacy byte stored as Windows-1252 gives.
fn unicode_only_letter(c: char) -> bool {
    matches!(c, 'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}' | '\u{0300}'..='\u{0323}')
}

/// Repairs UTF-8 that was once decoded as Windows-1252 (or Latin-1): "Viá»‡t" ->
/// "Việt". Each stretch of chars that Windows-1252 can encode is turned back into
/// bytes, and every valid UTF-8 sequence among them is decoded; other chars stay.
/// Returns Some only when the repaired text scores clearly better as Vietnamese.
pub fn repair_mojibake(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    // Mojibake is full of intact pairs: a lead byte's char (Ã Ä Æ á â ...) then a
    // continuation byte's char (€ ‚ » ¡ ...), about one per Vietnamese letter. Real
    // text has next to none ("hè…"): leave it alone, quickly, judging on the first
    // chars only (every UTF-8 .txt comes through here).
    let lead = |c: char| mojibake_byte(c).is_some_and(|b| (0xC2..=0xEF).contains(&b));
    let cont = |c: char| mojibake_byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b));
    let (mut pairs, mut non_ascii, mut prev_lead) = (0usize, 0usize, false);
    for c in text.chars().take(SAMPLE_BYTES) {
        if c.is_ascii() {
            prev_lead = false;
            continue;
        }
        non_ascii += 1;
        pairs += usize::from(prev_lead && cont(c));
        prev_lead = lead(c);
    }
    if pairs == 0 || pairs * 20 < non_ascii {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut changed = false;
    while i < chars.len() {
        let Some(lead) = mojibake_byte(chars[i]) else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        let len = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        if len > 1 && i + len <= chars.len() {
            let seq: Option<Vec<u8>> = chars[i..i + len]
                .iter()
                .map(|&c| mojibake_byte(c))
                .collect();
            if let Some(seq) = seq {
                if let Ok(s) = std::str::from_utf8(&seq) {
                    out.push_str(s);
                    i += len;
                    changed = true;
                    continue;
                }
            }
        }
        if let Some((c, used)) = lost_byte(&chars, i, &out) {
            out.push(c);
            i += used;
            changed = true;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    if !changed {
        return None;
    }
    // Judge on the beginning of both texts: enough words, bounded time.
    let head = |t: &str| -> String { t.chars().take(SAMPLE_BYTES / 2).collect() };
    let (before, after) = (score(&head(text)), score(&head(&out)));
    let clearly_better = after.is_vietnamese()
        && after.net() > before.net()
        && after.marked_share() >= before.marked_share() + 0.2;
    clearly_better.then(|| out.nfc().collect())
}

/// Five bytes (81 8D 8F 90 9D) have no Windows-1252 char, so many tools turned them
/// into "?" or U+FFFD or dropped them, and NBSP (A0) often became a plain space. In
/// Vietnamese UTF-8 they end Đ (C4 90), Á Í Ý (C3 81/8D/9D), ề ọ ỏ Ố ờ (E1 BB ..),
/// Ơ and à (C6 A0, C3 A0), ” (E2 80 9D) and the combining acute (CC 81). Tries the
/// lost byte in each damaged place and keeps the letter that makes the word a
/// syllable, the most common one in real reports if several do. Returns the letter
/// and how many chars it replaces.
fn lost_byte(chars: &[char], i: usize, out: &str) -> Option<(char, usize)> {
    const LOST: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];
    let lead = mojibake_byte(chars[i])?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => return None,
    };
    // Each continuation place: the bytes it may have been, and the chars it uses.
    let mut places: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut at = i + 1;
    for k in 1..len {
        let c = chars.get(at).copied();
        match c.and_then(mojibake_byte) {
            Some(b) if (0x80..0xC0).contains(&b) => places.push((vec![b], 1)),
            _ if c == Some(' ') => places.push((vec![0xA0], 1)),
            _ if matches!(c, Some('?' | '\u{FFFD}')) => places.push((LOST.to_vec(), 1)),
            // A dropped byte, only as the last one, and only where a Vietnamese
            // letter is sure to be meant: "Ä" (Đ) and "á»" (ề ọ ỏ Ố ờ).
            _ if k == len - 1
                && (lead == 0xC4
                    || (lead == 0xE1 && places.first().is_some_and(|p| p.0 == [0xBB]))) =>
            {
                places.push((LOST.to_vec(), 0))
            }
            _ => return None,
        }
        at += places[k - 1].1;
    }
    let used = 1 + places.iter().map(|p| p.1).sum::<usize>();
    let before: String = out
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after = letters_after(chars, i + used);
    let mut candidates: Vec<Vec<u8>> = vec![vec![lead]];
    for (bytes, _) in &places {
        candidates = candidates
            .iter()
            .flat_map(|c| bytes.iter().map(move |b| [c.as_slice(), &[*b]].concat()))
            .collect();
    }
    let vietnamese = tables::reverse("vni");
    candidates
        .iter()
        .filter_map(|bytes| std::str::from_utf8(bytes).ok()?.chars().next())
        .filter_map(|c| {
            if c == '\u{201D}' {
                return Some((c, 1));
            }
            if c == '\u{0301}' {
                return before
                    .chars()
                    .last()
                    .is_some_and(char::is_alphabetic)
                    .then_some((c, 1));
            }
            // The letter's case must fit its word: "đời", not "đỐi"; "ĐỐI", not "ĐờI".
            let around = format!("{before}{after}");
            let caps_word = !around.chars().any(char::is_lowercase)
                && around.chars().filter(|c| c.is_uppercase()).count() >= 2;
            if c.is_uppercase() && before.chars().any(char::is_lowercase)
                || c.is_lowercase() && caps_word
            {
                return None;
            }
            let word = format!("{before}{c}{after}");
            (vietnamese.contains_key(&c) && (is_syllable(&word) || is_abbreviation(&word)))
                .then(|| (c, frequency(&word) + 2))
        })
        .max_by_key(|&(c, f)| (f, std::cmp::Reverse(c)))
        .map(|(c, _)| (c, used))
}

/// The letters that follow `from`, with intact mojibake sequences decoded.
fn letters_after(chars: &[char], from: usize) -> String {
    let mut out = String::new();
    let mut j = from;
    while j < chars.len() && out.chars().count() < 8 {
        let len = match mojibake_byte(chars[j]) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            _ => 1,
        };
        let seq: Option<Vec<u8>> = chars
            .get(j..j + len)
            .and_then(|cs| cs.iter().map(|&c| mojibake_byte(c)).collect());
        let decoded = seq
            .as_deref()
            .filter(|_| len > 1)
            .and_then(|b| std::str::from_utf8(b).ok());
        match decoded.and_then(|s| s.chars().next()) {
            Some(c) if c.is_alphabetic() => {
                out.push(c);
                j += len;
            }
            _ if chars[j].is_ascii_alphabetic() => {
                out.push(chars[j]);
                j += 1;
            }
            _ => break,
        }
    }
    out
}

/// A second look at text that is valid UTF-8: pure ASCII may be VIQR, and other
/// text may be UTF-8 that was once read as Windows-1252. Returns the better text,
/// its encoding name ("viqr" or "utf-8+mojibake") and a confidence, or None to
/// keep the UTF-8 as it is. For the .txt reader.
pub fn recheck_utf8(text: &str) -> Option<(String, &'static str, f32)> {
    if text.is_ascii() {
        return decode_legacy(text.as_bytes(), None);
    }
    let repaired = repair_mojibake(text)?;
    let confidence = (score(&repaired).marked_share() * 100.0).round() / 100.0;
    Some((repaired, "utf-8+mojibake", confidence))
}

/// The byte a char came from when UTF-8 was read as Windows-1252 or Latin-1.
fn mojibake_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    // Above ™ (U+2122) only the symbol-font area maps, and it is not mojibake.
    if c > '\u{2122}' {
        return None;
    }
    if ('\u{80}'..='\u{9F}').contains(&c) {
        return Some(c as u32 as u8);
    }
    tables::cp1252_byte(c).filter(|_| (c as u32) < 0xF000)
}

/// Why a text cannot be encoded: the first char the encoding has no code for.
#[derive(Debug, Clone, PartialEq)]
pub struct Unencodable(pub char);

/// Encodes text with the tables (for tests and fixtures). TCVN3 writes capital toned
/// letters with their lowercase codes, as writers did; CP1258 writes letters without
/// a precomposed code as base + combining tone byte; VIQR escapes a literal mark
/// char after a vowel with "\" (RFC 1456).
pub fn encode(text: &str, enc: Legacy) -> Result<Vec<u8>, Unencodable> {
    let table = tables::reverse(enc.name());
    let mut out = Vec::with_capacity(text.len());
    let mut prev_vowel = false;
    for c in text.nfc() {
        if let Some(bytes) = table.get(&c) {
            out.extend_from_slice(bytes);
            // Every letter in the tables but đ is a vowel.
            prev_vowel = c != 'đ' && c != 'Đ';
            continue;
        }
        let ascii_ok =
            c.is_ascii() && !(enc == Legacy::Viscii && tables::viscii()[c as usize] != c);
        match enc {
            Legacy::Viqr if "'`?~.^(+\\".contains(c) && prev_vowel => {
                out.push(b'\\');
                out.push(c as u8);
            }
            _ if ascii_ok => out.push(c as u8),
            Legacy::Tcvn3 => {
                let lower: Vec<char> = c.to_lowercase().collect();
                match (lower.as_slice(), tables::cp1252_byte(c)) {
                    ([l], _) if table.contains_key(l) => out.extend_from_slice(&table[l]),
                    (_, Some(b)) if !table.values().any(|v| v == &[b]) => out.push(b),
                    _ => return Err(Unencodable(c)),
                }
            }
            Legacy::Vni => match tables::cp1252_byte(c) {
                Some(b) if b >= 0x80 && !table.values().any(|v| v.contains(&b)) => out.push(b),
                _ => return Err(Unencodable(c)),
            },
            Legacy::Cp1258 => {
                let (base, tone) = split_tone_char(c);
                match (table.get(&base), tone.and_then(|t| table.get(&t))) {
                    (Some(b), Some(t)) => {
                        out.extend_from_slice(b);
                        out.extend_from_slice(t);
                    }
                    (None, Some(t)) if base.is_ascii() => {
                        out.push(base as u8);
                        out.extend_from_slice(t);
                    }
                    _ => return Err(Unencodable(c)),
                }
            }
            _ => return Err(Unencodable(c)),
        }
        prev_vowel = "aeiouyAEIOUY".contains(c);
    }
    Ok(out)
}

/// Splits a precomposed letter into its toneless letter and its tone mark.
fn split_tone_char(c: char) -> (char, Option<char>) {
    let mut tone = None;
    let base: String = c
        .to_string()
        .nfd()
        .filter(|&m| {
            let t = matches!(
                m,
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
            );
            if t {
                tone = Some(m);
            }
            !t
        })
        .collect();
    let base: String = base.nfc().collect();
    (base.chars().next().unwrap_or(c), tone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vni_header() {
        let bytes = encoding_rs::WINDOWS_1252
            .encode("COÄNG HOAØ XAÕ HOÄI CHUÛ NGHÓA")
            .0;
        assert_eq!(decode(&bytes, Legacy::Vni), "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA");
    }

    #[test]
    fn tcvn3_words() {
        let bytes = encoding_rs::WINDOWS_1252.encode("ViÖt Nam, C«ng ®oµn").0;
        assert_eq!(decode(&bytes, Legacy::Tcvn3), "Việt Nam, Công đoàn");
        assert_eq!(decode(b"ng\xADi\x96", Legacy::Tcvn3), "ngưi–");
    }

    #[test]
    fn tcvn3_caps_rule() {
        assert_eq!(tcvn3_caps("CộNG HOà Xã HộI"), "CỘNG HOÀ XÃ HỘI");
        assert_eq!(tcvn3_caps("Sở Tài chính"), "Sở Tài chính");
        assert_eq!(
            tcvn3_caps("Sở Tài chính UBND TỉNH"),
            "Sở Tài chính UBND TỈNH"
        );
        assert_eq!(tcvn3_caps("Số 12/QĐ-UBND"), "Số 12/QĐ-UBND");
        assert_eq!(tcvn3_caps("Sở Kế HOạCH"), "SỞ KẾ HOẠCH");
    }

    #[test]
    fn viscii_c0_capitals_and_nbsp() {
        assert_eq!(decode(b"K\x19 \xA0", Legacy::Viscii), "KỸ Õ");
    }

    #[test]
    fn cp1258_combining() {
        assert_eq!(decode(b"Vi\xEA\xF2t", Legacy::Cp1258), "Việt");
        // Fully decomposed: base letter + tone byte, even where a precomposed byte exists.
        assert_eq!(decode(b"ca\xECc", Legacy::Cp1258), "các");
    }

    #[test]
    fn runs_by_font() {
        assert_eq!(decode_run("Ho\u{f8}", "VNI-Times").as_deref(), Some("Hò"));
        assert_eq!(decode_run("\u{d6}", ".VnTimeH").as_deref(), Some("Ệ"));
        assert_eq!(
            decode_run("ViÖt – “x”", ".VnTime").as_deref(),
            Some("Việt – “x”")
        );
        assert_eq!(decode_run("Việt", "Times New Roman"), None);
        // Unicode left in a legacy font stays as it is.
        assert_eq!(decode_run("Việt Nam", ".VnTime"), None);
        assert_eq!(decode_run("còn", "VNI-Times"), None);
        assert_eq!(decode_run("coøn", "VNI-Times").as_deref(), Some("còn"));
        // TCVN3 "có" is stored as "cã", itself a Vietnamese word: the font decides.
        assert_eq!(decode_run("cã", ".VnTime").as_deref(), Some("có"));
    }

    #[test]
    fn mojibake() {
        assert_eq!(
            repair_mojibake("Viá»‡t Nam, CÃ´ng Ä‘oÃ\u{a0}n").as_deref(),
            Some("Việt Nam, Công đoàn")
        );
        assert_eq!(repair_mojibake("Việt Nam"), None);
        // Bytes 90 and 8D lost or replaced: "Đồng" and "học".
        assert_eq!(
            repair_mojibake("Ä?á»“ng Ä‘oÃ\u{a0}n, há»\u{FFFD}c sinh, Viá»‡t Nam").as_deref(),
            Some("Đồng đoàn, học sinh, Việt Nam")
        );
        assert_eq!(
            repair_mojibake("CÃ´ng Ä‘oÃ n XÃƒ").as_deref(),
            Some("Công đoàn XÃ")
        );
        assert_eq!(repair_mojibake("café crème"), None);
    }
}
