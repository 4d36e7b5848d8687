//! RawBlock -> Block: NFC, one tone-mark placement, spaces, dashes and quotes,
//! with a map from every normalised char back to the source text.
//!
//! The steps follow `normalise-notes.md` §1: (legacy decoding happened in `read`), NFC with
//! shape marks (breve, circumflex, horn) put before tone marks, the eth lookalikes
//! Ð/ð -> Đ/đ, tone placement in one style (misplaced tones always repaired), whitespace,
//! and the punctuation map of `chars.tsv`. Nothing else changes: no NFKC, no i/y spelling,
//! no spaces added or removed around punctuation, digits, "." and "," untouched.
//!
//! Every output char records the char offset of the source cluster it came from
//! (`Block::offsets`), so a fact's span maps back exactly; [`changes`] lists the edits.
//! A span `[s, e)` maps to source `[offsets[s], offsets[e])`: it ends where the next kept
//! char starts, so deleted invisible chars (ZWSP, soft hyphen) right after it come along.
//! The past-the-end entry is the end of the last kept char's source cluster.
//!
//! Rule data: `chars.tsv` (spaces, deletions, dashes, quotes, lookalikes) and
//! `syllables.tsv` (the onset/vowel/coda grammar that places tone marks).

mod chars;
mod tone;

use std::cell::RefCell;

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::model::{Block, RawBlock};
use chars::Action;
use tone::Letter;

/// Where tone marks go in oa/oe/uy syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// hòa, khỏe, thủy (laws, the press): the default.
    #[default]
    Traditional,
    /// hoà, khoẻ, thuỷ.
    Modern,
}

#[derive(Debug, Clone, Default)]
pub struct NormaliseOptions {
    pub tone_style: ToneStyle,
}

/// Normalises one block; `kind` and `heading_level` are copied, `section` is left
/// for `structure::annotate`.
pub fn normalise_block(raw: &RawBlock, id: u32, opts: &NormaliseOptions) -> Block {
    // Most blocks are one run: no concatenated copy for them.
    let source = match raw.runs.as_slice() {
        [run] => std::borrow::Cow::Borrowed(run.text.as_str()),
        _ => std::borrow::Cow::Owned(raw.text()),
    };
    let (text, offsets) = normalise_text(&source, opts.tone_style);
    Block {
        id,
        kind: raw.kind.clone(),
        text,
        section: Vec::new(),
        heading_level: raw.heading_level,
        offsets,
    }
}

/// Buffers reused from block to block on one thread.
#[derive(Default)]
struct Scratch {
    out: Vec<char>,
    offs: Vec<u32>,
    cluster: Vec<char>,
    decomposed: Vec<char>,
    composed: Vec<char>,
    letters: Vec<Letter>,
    /// (source char offset, marks taken) of each cluster that took combining marks.
    marked: Vec<(u32, u32)>,
    tones: ToneCache,
}

/// Tone placement results by word. Reports use a few thousand distinct syllables,
/// so nearly every word is a hit; bounded, so memory does not grow with the archive.
#[derive(Default)]
struct ToneCache {
    /// Packed word (see [`ToneCache::key`]) -> the word after placement, packed.
    words: std::collections::HashMap<u128, u128, std::hash::BuildHasherDefault<KeyHasher>>,
}

/// Most words kept; past this the cache starts afresh.
const TONE_CACHE_MAX: usize = 8 * 1024;

impl ToneCache {
    /// A word of up to 7 chars below U+10000, and the style, packed into one number
    /// (16 bits a char, the length and the style above); None for other words.
    fn key(word: &[char], style: ToneStyle) -> Option<u128> {
        if word.len() > 7 {
            return None;
        }
        let mut k: u128 = 0;
        for &c in word {
            let cp = c as u32;
            if cp > 0xFFFF {
                return None;
            }
            k = (k << 16) | cp as u128;
        }
        let style_bit = matches!(style, ToneStyle::Modern) as u128;
        Some(k | (word.len() as u128) << 112 | style_bit << 115)
    }

    /// Places the tone of one word, from the cache when the word was seen before.
    fn place(&mut self, word: &mut [char], style: ToneStyle, letters: &mut Vec<Letter>) {
        let Some(key) = ToneCache::key(word, style) else {
            tone::place_tone(word, style, letters);
            return;
        };
        if let Some(&done) = self.words.get(&key) {
            if done != key {
                unpack(done, word);
            }
            return;
        }
        tone::place_tone(word, style, letters);
        // Tone placement keeps the length and writes letters of the Vietnamese
        // blocks, so the result packs too; if it ever did not, it is not kept.
        if let Some(done) = ToneCache::key(word, style) {
            if self.words.len() >= TONE_CACHE_MAX {
                self.words.clear();
            }
            self.words.insert(key, done);
        }
    }
}

/// Writes the chars of a packed word back.
fn unpack(packed: u128, word: &mut [char]) {
    let n = word.len();
    for (i, c) in word.iter_mut().enumerate() {
        let cp = (packed >> (16 * (n - 1 - i))) as u32 & 0xFFFF;
        if let Some(k) = char::from_u32(cp) {
            *c = k;
        }
    }
}

/// A hasher for packed words: one multiply-and-fold (SipHash is slow for a key
/// no attacker chooses into a cache whose size is bounded).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }
    fn write_u128(&mut self, k: u128) {
        let folded = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
        let m = (folded as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Normalises a text; returns it and, for each of its chars plus one past the end,
/// the char offset in `source` it came from.
pub fn normalise_text(source: &str, style: ToneStyle) -> (String, Vec<u32>) {
    if is_clean_ascii(source) {
        return (source.to_string(), (0..=source.len() as u32).collect());
    }
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => normalise_with(source, style, &mut s),
        // Only reachable if called re-entrantly; a fresh buffer is just slower.
        Err(_) => normalise_with(source, style, &mut Scratch::default()),
    })
}

/// ASCII text that no step would change: printable, single spaces, no space at the ends.
fn is_clean_ascii(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        if !(0x20..0x7f).contains(&c) {
            return false;
        }
        let space = c == b' ';
        if space && prev_space {
            return false;
        }
        prev_space = space;
    }
    true
}

#[inline]
fn is_mark(c: char) -> bool {
    let cp = c as u32;
    // Below U+0300 and in the Vietnamese letter block nothing combines.
    cp >= 0x300 && !(0x1E00..=0x1EFF).contains(&cp) && canonical_combining_class(c) != 0
}

/// Already NFC on its own: most chars of Vietnamese text take this path.
#[inline]
fn is_nfc_char(c: char) -> bool {
    let cp = c as u32;
    cp < 0x300
        || (0x1EA0..=0x1EF9).contains(&cp)
        || is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// A letter of a word, for tone placement and the match key.
#[inline]
fn is_word_char(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        c.is_ascii_alphabetic()
    } else if (0xC0..=0x24F).contains(&cp) {
        cp != 0xD7 && cp != 0xF7
    } else if (0x1E00..=0x1EFF).contains(&cp) {
        true
    } else {
        c.is_alphabetic()
    }
}

fn normalise_with(source: &str, style: ToneStyle, s: &mut Scratch) -> (String, Vec<u32>) {
    let Scratch {
        out,
        offs,
        cluster,
        decomposed,
        composed,
        letters,
        marked,
        tones,
    } = s;
    out.clear();
    offs.clear();
    marked.clear();
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut pos: u32 = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII not followed by a combining mark (marks start at U+0300, so their
        // UTF-8 lead byte is 0xCC or more): kept as it is, or mapped by `emit`.
        if b < 0x80 && bytes.get(i + 1).is_none_or(|&n| n < 0xCC) {
            if b > b' ' && b < 0x7f {
                out.push(b as char);
                offs.push(pos);
            } else {
                emit(b as char, pos, out, offs);
            }
            i += 1;
            pos += 1;
            continue;
        }
        let mut it = source[i..].chars();
        let Some(c) = it.next() else { break };
        let start = pos;
        pos += 1;
        i += c.len_utf8();
        let followed_by_mark = it.clone().next().is_some_and(is_mark);
        if !followed_by_mark && (c.is_ascii() || is_nfc_char(c)) {
            if c > ' ' && c < '\u{7f}' {
                out.push(c);
                offs.push(start);
            } else {
                emit(c, start, out, offs);
            }
            continue;
        }
        cluster.clear();
        cluster.push(c);
        for m in it {
            if !is_mark(m) {
                break;
            }
            cluster.push(m);
            i += m.len_utf8();
            pos += 1;
        }
        if cluster.len() > 1 {
            marked.push((start, cluster.len() as u32 - 1));
        }
        compose_cluster(cluster, decomposed, composed);
        for &k in composed.iter() {
            emit(k, start, out, offs);
        }
    }
    while matches!(out.last(), Some(' ' | '\n')) {
        out.pop();
        offs.pop();
    }
    // Past the end: the end of the last kept char's source cluster (the char and
    // the combining marks its cluster took).
    let end = match offs.last() {
        None => 0,
        Some(&last) => {
            let after = marked
                .binary_search_by_key(&last, |&(at, _)| at)
                .map_or(0, |k| marked[k].1);
            last + 1 + after
        }
    };
    offs.push(end);
    place_tones(out, style, letters, tones);
    let mut text = String::with_capacity(source.len() + 8);
    text.extend(out.iter());
    (text, offs.clone())
}

/// NFC of one base char and its combining marks, with shape marks moved before
/// tone marks first (NFC alone cannot: both have combining class 230).
fn compose_cluster(cluster: &[char], decomposed: &mut Vec<char>, composed: &mut Vec<char>) {
    decomposed.clear();
    for &c in cluster {
        decompose_canonical(c, |d| decomposed.push(d));
    }
    let is_shape = |c: char| matches!(c, '\u{302}' | '\u{306}' | '\u{31B}');
    let is_upper_tone = |c: char| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}');
    // A letter has at most a shape and a tone mark; longer mark runs are not
    // Vietnamese and are left in their order (this also bounds the work on hostile input).
    let reorder_upto = if decomposed.len() <= 8 {
        decomposed.len()
    } else {
        1
    };
    for i in 1..reorder_upto {
        let mut j = i;
        while j > 0 && is_shape(decomposed[j]) && is_upper_tone(decomposed[j - 1]) {
            decomposed.swap(j, j - 1);
            j -= 1;
        }
    }
    composed.clear();
    composed.extend(decomposed.iter().copied().nfc());
}

/// Appends one NFC char to the output through the char map, collapsing spaces.
#[inline]
fn emit(c: char, src: u32, out: &mut Vec<char>, offs: &mut Vec<u32>) {
    match chars::action(c) {
        Action::Keep => {
            out.push(c);
            offs.push(src);
        }
        Action::Space => {
            if !matches!(out.last(), None | Some(' ' | '\n')) {
                out.push(' ');
                offs.push(src);
            }
        }
        Action::Newline => {
            while out.last() == Some(&' ') {
                out.pop();
                offs.pop();
            }
            if !matches!(out.last(), None | Some('\n')) {
                out.push('\n');
                offs.push(src);
            }
        }
        Action::Delete => {}
        Action::Text(t) => {
            for k in t.chars() {
                out.push(k);
                offs.push(src);
            }
        }
        Action::Fullwidth => {
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
            offs.push(src);
        }
    }
}

/// Runs tone placement over every word (maximal run of letters).
fn place_tones(
    out: &mut [char],
    style: ToneStyle,
    letters: &mut Vec<Letter>,
    tones: &mut ToneCache,
) {
    let mut i = 0;
    while i < out.len() {
        if !is_word_char(out[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < out.len() && is_word_char(out[i]) {
            ascii &= out[i].is_ascii();
            i += 1;
        }
        if !ascii {
            tones.place(&mut out[start..i], style, letters);
        }
    }
}

/// A key for matching labels and metric names whatever the writing.
///
/// The rule: normalise (NFC, mark order, traditional tone placement, spaces, dashes,
/// quotes), lower-case, turn newlines into spaces, and in a syllable whose whole vowel
/// is a single "y" after a consonant onset, write "i" instead (tỷ/tỉ, kỹ/kĩ, lý/lí,
/// quý/quí, Mỹ/Mĩ: the two spellings of the same word). A "y" that is the whole
/// syllable ("y tế", "ý kiến") or part of a longer vowel ("thủy", "nguyên") is kept.
/// Punctuation, digits and the tone marks themselves are kept.
pub fn match_key(s: &str) -> String {
    let (text, _) = normalise_text(s, ToneStyle::Traditional);
    let mut chars: Vec<char> = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let mut letters = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i]) {
            i += 1;
        }
        fold_y(&mut chars[start..i], &mut letters);
    }
    chars.into_iter().collect()
}

fn fold_y(word: &mut [char], letters: &mut Vec<Letter>) {
    if !word
        .iter()
        .any(|&c| matches!(c, 'y' | 'ý' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ'))
    {
        return;
    }
    letters.clear();
    for &c in word.iter() {
        match Letter::parse(c) {
            Some(l) => letters.push(l),
            None => return,
        }
    }
    let Some(syl) = tone::analyse(letters) else {
        return;
    };
    let v = syl.onset_len;
    if syl.onset_len > 0 && syl.nucleus_len == 1 && syl.coda_len == 0 && letters[v].base == 'y' {
        letters[v].base = 'i';
        word[v] = letters[v].to_char();
    }
}

/// One edit the normaliser made: source chars `source_start..source_end` (char
/// offsets in the block's source text) became `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub source_start: usize,
    pub source_end: usize,
    pub from: String,
    pub to: String,
}

/// The edits that turned `source` into `block.text`, in order, adjacent edits merged.
/// `source` must be the text `block` was normalised from.
pub fn changes(source: &str, block: &Block) -> Vec<Change> {
    let src: Vec<char> = source.chars().collect();
    let out: Vec<char> = block.text.chars().collect();
    let offs = &block.offsets;
    let mut list: Vec<Change> = Vec::new();
    let mut add = |start: usize, end: usize, to: &[char]| {
        let end = end.clamp(start, src.len());
        let start = start.min(end);
        let from = &src[start..end];
        if from == to {
            return;
        }
        match list.last_mut() {
            Some(last) if last.source_end == start => {
                last.source_end = end;
                last.from.extend(from);
                last.to.extend(to);
            }
            _ => list.push(Change {
                source_start: start,
                source_end: end,
                from: from.iter().collect(),
                to: to.iter().collect(),
            }),
        }
    };
    if offs.len() != out.len() + 1 {
        // Not this source's block (or offsets dropped): one change for the whole text.
        add(0, src.len(), &out);
        return list;
    }
    add(0, offs[0] as usize, &[]);
    let mut i = 0;
    while i < out.len() {
        let s = offs[i];
        let mut j = i + 1;
        while j < out.len() && offs[j] == s {
            j += 1;
        }
        add(s as usize, offs[j] as usize, &out[i..j]);
        i = j;
    }
    add(offs[out.len()] as usize, src.len(), &[]);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalise_text(s, ToneStyle::Traditional).0
    }

    #[test]
    fn basics() {
        assert_eq!(norm("  a\u{a0}\tb  "), "a b");
        assert_eq!(norm("Vie\u{302}\u{323}t"), "Việt");
        assert_eq!(norm("Vie\u{323}\u{302}t"), "Việt");
        assert_eq!(norm("thê\u{301}"), "thế");
        assert_eq!(norm("e\u{301}\u{302}"), "ế");
        assert_eq!(norm("a \n b"), "a\nb");
        assert_eq!(norm("2023 – 2028"), "2023 - 2028");
    }

    #[test]
    fn offsets_follow_clusters() {
        let (t, o) = normalise_text("  Vie\u{302}\u{323}t  x", ToneStyle::Traditional);
        assert_eq!(t, "Việt x");
        assert_eq!(o, vec![2, 3, 4, 7, 8, 10, 11]);
    }

    #[test]
    fn tone_cache_hits_match_first_placement() {
        // Second time round each word comes from the cache; the style is part of the key.
        for _ in 0..2 {
            assert_eq!(norm("hoà thuỷ hòang qúy"), "hòa thủy hoàng quý");
            assert_eq!(normalise_text("hòa thủy", ToneStyle::Modern).0, "hoà thuỷ");
        }
        // A cluster's trailing marks belong to its last char's span, also mid-text.
        let (t, o) = normalise_text("a\u{301} e\u{302}\u{301}", ToneStyle::Traditional);
        assert_eq!(t, "á ế");
        assert_eq!(o, vec![0, 2, 3, 6]);
    }

    #[test]
    fn keys() {
        assert_eq!(match_key("Tỷ lệ  hộ nghèo"), match_key("tỉ lệ hộ nghèo"));
        assert_eq!(match_key("Thuỷ lợi"), match_key("thủy lợi"));
        assert_eq!(match_key("KỸ THUẬT"), "kĩ thuật");
        assert_eq!(match_key("y tế"), "y tế");
    }

    #[test]
    fn change_list() {
        let src = "hòang  x";
        let (text, offsets) = normalise_text(src, ToneStyle::Traditional);
        let b = Block {
            text,
            offsets,
            ..Block::default()
        };
        let c = changes(src, &b);
        assert_eq!(c.len(), 2);
        assert_eq!(
            (
                c[0].source_start,
                c[0].source_end,
                c[0].from.as_str(),
                c[0].to.as_str()
            ),
            (1, 3, "òa", "oà")
        );
        assert_eq!((c[1].from.as_str(), c[1].to.as_str()), ("  ", " "));
    }
}
