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
use tone::{Letter, Tally, ToneScan};

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
    cluster: Vec<char>,
    decomposed: Vec<char>,
    composed: Vec<char>,
    letters: Vec<Letter>,
    /// The chars of the word whose tone is being placed.
    word: Vec<char>,
    /// (source char offset, marks taken) of each cluster that took combining marks.
    marked: Vec<(u32, u32)>,
    /// Byte ranges of the output words whose tone mark may have to move.
    moves: Vec<(usize, usize)>,
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

    /// Whether the cache knows `word` as one that placement leaves as it is.
    #[inline]
    fn unchanged(&self, word: &str, style: ToneStyle) -> bool {
        let mut k: u128 = 0;
        let mut n: u128 = 0;
        for c in word.chars() {
            let cp = c as u32;
            if n == 7 || cp > 0xFFFF {
                return false;
            }
            k = (k << 16) | cp as u128;
            n += 1;
        }
        let style_bit = matches!(style, ToneStyle::Modern) as u128;
        let key = k | n << 112 | style_bit << 115;
        self.words.get(&key) == Some(&key)
    }

    /// Places the tone of one word, from the cache when the word was seen before;
    /// false when the word was left as it was (nearly always).
    fn place(&mut self, word: &mut [char], style: ToneStyle, letters: &mut Vec<Letter>) -> bool {
        let Some(key) = ToneCache::key(word, style) else {
            let before: Vec<char> = word.to_vec();
            tone::place_tone(word, style, letters);
            return before != word;
        };
        if let Some(&done) = self.words.get(&key) {
            if done != key {
                unpack(done, word);
                return true;
            }
            return false;
        }
        tone::place_tone(word, style, letters);
        // Tone placement keeps the length and writes letters of the Vietnamese
        // blocks, so the result packs too; if it ever did not, it is not kept.
        match ToneCache::key(word, style) {
            Some(done) => {
                if self.words.len() >= TONE_CACHE_MAX {
                    self.words.clear();
                }
                self.words.insert(key, done);
                done != key
            }
            None => true,
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

/// The run of chars from byte `start` that every step keeps as they are: printable ASCII,
/// single spaces between them, and precomposed letters of Vietnamese text (see
/// [`is_plain_letter`]). Returns its end (a byte index) and its length in chars.
///
/// A space at the start is left out (whether it is kept depends on the text before it), and
/// so is the last char when what follows may be a combining mark (UTF-8 lead byte 0xCC or
/// more), since the mark belongs to that char's cluster.
// Kept out of line: its loop then has the registers to itself.
#[inline(never)]
fn kept_run(b: &[u8], start: usize) -> (usize, u32) {
    let mut j = start;
    // The bytes of the run's multi-byte chars past their first (so chars = bytes - extra).
    let mut extra = 0;
    while j < b.len() {
        let c = b[j];
        if c > b' ' && c < 0x7f {
            j += 1;
        } else if c == b' ' {
            if j == start || b[j - 1] == b' ' {
                break;
            }
            j += 1;
        } else if (0xC3..=0xC9).contains(&c) {
            // U+00C0..U+024F but the eth lookalikes U+00D0 (C3 90) and U+00F0 (C3 B0).
            let d = b.get(j + 1).copied().unwrap_or(0);
            if (c == 0xC3 && (d == 0x90 || d == 0xB0)) || (c == 0xC9 && d > 0x8F) {
                break;
            }
            j += 2;
            extra += 1;
        } else if c == 0xE1 {
            // U+1EA0..U+1EF9: E1 BA A0..BF, E1 BB 80..B9.
            let d = b.get(j + 1).copied().unwrap_or(0);
            let e = b.get(j + 2).copied().unwrap_or(0);
            if !((d == 0xBA && e >= 0xA0) || (d == 0xBB && e <= 0xB9)) {
                break;
            }
            j += 3;
            extra += 2;
        } else {
            break;
        }
    }
    let n = (j - start - extra) as u32;
    if n > 0 && b.get(j).is_some_and(|&c| c >= 0xCC) {
        // Give back the last char: its lead byte is the last byte that is no UTF-8
        // continuation byte (0x80..0xBF).
        let mut last = j - 1;
        while last > start && (0x80..0xC0).contains(&b[last]) {
            last -= 1;
        }
        return (last, n - 1);
    }
    (j, n)
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

/// A precomposed Latin letter of Vietnamese text: NFC on its own, and kept by
/// `chars.tsv` (its rows in this range are the eth lookalikes Ð and ð; a test checks).
/// [`kept_run`] reads these from their UTF-8 bytes.
#[cfg(test)]
fn is_plain_letter(c: char) -> bool {
    let cp = c as u32;
    ((0xC0..0x250).contains(&cp) && cp != 0xD0 && cp != 0xF0) || (0x1EA0..=0x1EF9).contains(&cp)
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
        cluster,
        decomposed,
        composed,
        letters,
        word,
        marked,
        moves,
        tones,
    } = s;
    // The text and its offsets are written straight into what is returned (no buffer to
    // collect or copy from); a text has at most as many chars as bytes.
    let mut out = String::with_capacity(source.len() + 8);
    let mut offs: Vec<u32> = Vec::with_capacity(source.len() + 1);
    marked.clear();
    moves.clear();
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut pos: u32 = 0;
    while i < bytes.len() {
        // Most of a block is text no step changes: copied in one piece, its offsets counted up.
        let (j, n) = kept_run(bytes, i);
        if n > 0 {
            out.push_str(&source[i..j]);
            offs.extend(pos..pos + n);
            pos += n;
            i = j;
            if i == bytes.len() {
                break;
            }
        }
        // Then one char or cluster the general way.
        let b = bytes[i];
        if b < 0x80 && bytes.get(i + 1).is_none_or(|&n| n < 0xCC) {
            if b == b' ' {
                // The space between words, collapsed as `emit` would.
                if !matches!(out.as_bytes().last(), None | Some(b' ' | b'\n')) {
                    out.push(' ');
                    offs.push(pos);
                }
            } else {
                emit(b as char, pos, &mut out, &mut offs);
            }
            i += 1;
            pos += 1;
        } else {
            let mut it = source[i..].chars();
            let Some(c) = it.next() else { break };
            let start = pos;
            pos += 1;
            let len = c.len_utf8();
            i += len;
            let followed_by_mark =
                bytes.get(i).is_some_and(|&n| n >= 0xCC) && it.clone().next().is_some_and(is_mark);
            if !followed_by_mark && (c.is_ascii() || is_nfc_char(c)) {
                emit(c, start, &mut out, &mut offs);
            } else {
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
                    emit(k, start, &mut out, &mut offs);
                }
            }
        }
    }
    while out.ends_with([' ', '\n']) {
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
    // The words of the finished text whose tone mark may have to move, in one pass over it.
    movable_words(&out, classes(), moves);
    if !moves.is_empty() {
        place_tones(&mut out, style, moves, letters, word, tones);
    }
    (out, offs)
}

/// The byte ranges of the words of `text` (runs of letters) whose tone mark
/// [`ToneScan::may_move`] says may have to move, in order.
#[inline(never)]
fn movable_words(text: &str, classes: &Classes, moves: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut k = 0;
    while k < n {
        let (tally, len) = classes.at(text, k);
        k += len;
        if tally == 0 {
            continue;
        }
        let start = k - len;
        let mut scan = ToneScan::default();
        scan.push(tally);
        // The word's end; the char that ends it (no letter) is stepped over too.
        let end = loop {
            let Some(&c) = b.get(k) else {
                break k;
            };
            if c < 0x80 {
                // An ASCII letter: no shape or tone mark to follow.
                let tally = classes.ascii[c as usize];
                k += 1;
                if tally == 0 {
                    break k - 1;
                }
                scan.push_unmarked(tally);
            } else {
                let (tally, len) = classes.at(text, k);
                k += len;
                if tally == 0 {
                    break k - len;
                }
                scan.push(tally);
            }
        };
        if scan.may_move() {
            moves.push((start, end));
        }
    }
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
fn emit(c: char, src: u32, out: &mut String, offs: &mut Vec<u32>) {
    match chars::action(c) {
        Action::Keep => {
            out.push(c);
            offs.push(src);
        }
        Action::Space => {
            if !matches!(out.as_bytes().last(), None | Some(b' ' | b'\n')) {
                out.push(' ');
                offs.push(src);
            }
        }
        Action::Newline => {
            while out.ends_with(' ') {
                out.pop();
                offs.pop();
            }
            if !matches!(out.as_bytes().last(), None | Some(b'\n')) {
                out.push('\n');
                offs.push(src);
            }
        }
        Action::Delete => {}
        Action::Text(t) => {
            out.push_str(t);
            offs.extend(std::iter::repeat_n(src, t.chars().count()));
        }
        Action::Fullwidth => {
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
            offs.push(src);
        }
    }
}

/// Runs tone placement over the words `moves` found (byte ranges of `out`, in order); the
/// text is rewritten only when a word changed.
fn place_tones(
    out: &mut String,
    style: ToneStyle,
    moves: &[(usize, usize)],
    letters: &mut Vec<Letter>,
    word: &mut Vec<char>,
    tones: &mut ToneCache,
) {
    let mut rewritten: Option<String> = None;
    // Bytes of `out` already copied into `rewritten`.
    let mut copied = 0;
    let text = out.as_str();
    for &(start, end) in moves {
        // Nearly every word is in the cache as already placed: known without copying it.
        if tones.unchanged(&text[start..end], style) {
            continue;
        }
        word.clear();
        word.extend(text[start..end].chars());
        if tones.place(word, style, letters) {
            let r = rewritten.get_or_insert_with(|| String::with_capacity(text.len() + 8));
            r.push_str(&text[copied..start]);
            r.extend(word.iter());
            copied = end;
        }
    }
    if let Some(mut r) = rewritten {
        r.push_str(&text[copied..]);
        *out = r;
    }
}

/// The [`Tally`] of every char of ASCII, U+00C0..U+027F and U+1E80..U+1EFF (the letters
/// of Vietnamese text), indexed by their UTF-8 bytes; other chars are classed one by one.
struct Classes {
    ascii: [Tally; 128],
    /// U+00C0..U+027F: lead byte 0xC3..0xC9, then the low 6 bits of the next byte.
    latin: [Tally; 448],
    /// U+1E80..U+1EFF: E1 BA or E1 BB, then the low 6 bits of the third byte.
    vi: [Tally; 128],
}

fn classes() -> &'static Classes {
    static CLASSES: std::sync::OnceLock<Classes> = std::sync::OnceLock::new();
    CLASSES.get_or_init(|| {
        let class = |cp: u32| {
            char::from_u32(cp).map_or(0, |c| tone::tally(tone::class_of(c, is_word_char(c))))
        };
        Classes {
            ascii: std::array::from_fn(|k| class(k as u32)),
            latin: std::array::from_fn(|k| class(0xC0 + k as u32)),
            vi: std::array::from_fn(|k| class(0x1E80 + k as u32)),
        }
    })
}

impl Classes {
    /// The tally of the char at byte `i` of `text` (a char boundary), and its length.
    #[inline(always)]
    fn at(&self, text: &str, i: usize) -> (Tally, usize) {
        let b = text.as_bytes();
        let lead = b[i];
        if lead < 0x80 {
            return (self.ascii[lead as usize], 1);
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        if (0xC3..=0xC9).contains(&lead) {
            return (
                self.latin[((lead - 0xC3) as usize) << 6 | (next & 0x3F) as usize],
                2,
            );
        }
        if lead == 0xE1 && (next == 0xBA || next == 0xBB) {
            let third = b.get(i + 2).copied().unwrap_or(0);
            return (
                self.vi[((next - 0xBA) as usize) << 6 | (third & 0x3F) as usize],
                3,
            );
        }
        class_slow(text, i)
    }
}

/// [`Classes::at`] for the chars outside its tables.
#[cold]
fn class_slow(text: &str, i: usize) -> (Tally, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (
        tone::tally(tone::class_of(c, is_word_char(c))),
        c.len_utf8(),
    )
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
        // A mark after a run of kept text joins the run's last char.
        let (t, o) = normalise_text("xin chào ô\u{301}ng", ToneStyle::Traditional);
        assert_eq!(t, "xin chào ống");
        assert_eq!(o, vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13]);
    }

    #[test]
    fn plain_letters_are_kept_as_they_are() {
        // The fast path for letters must agree with NFC and the char map.
        for cp in 0..0x2000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_plain_letter(c) {
                assert_eq!(chars::action(c), Action::Keep, "{cp:X}");
                assert!(is_nfc_char(c), "{cp:X}");
                assert_eq!(c.to_string().nfc().collect::<String>(), c.to_string());
            }
        }
        // kept_run takes exactly these (and printable ASCII) into a run, and the table
        // look-up of `movable_words` classes every char as `class_of` does.
        let classes = classes();
        for cp in (0..0x2100u32).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("a{c}b");
            let (end, n) = kept_run(s.as_bytes(), 0);
            // (A single space between letters is kept too.)
            let kept = is_plain_letter(c) || (' '..'\u{7f}').contains(&c);
            assert_eq!((end, n) == (s.len(), 3), kept, "{cp:X}");
            assert_eq!(
                classes.at(&s, 1).0,
                tone::tally(tone::class_of(c, is_word_char(c)))
            );
        }
        // `movable_words` adds up ASCII letters without looking for marks.
        assert!(classes.ascii.iter().all(|&t| !tone::is_marked(t)));
        assert!(tone::is_marked(classes.at("ồ", 0).0) && tone::is_marked(classes.at("ô", 0).0));
        assert!(tone::is_marked(classes.at("á", 0).0) && !tone::is_marked(classes.at("a", 0).0));
        assert!(!is_plain_letter('ð') && !is_plain_letter('Ð') && !is_plain_letter('\u{a0}'));
        assert!(is_plain_letter('ệ') && is_plain_letter('ơ') && is_plain_letter('Đ'));
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
