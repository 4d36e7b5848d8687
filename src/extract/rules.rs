//! The rule tables (`rules/*.tsv`) parsed once, and the one matching key they are compared under.
//!
//! Every phrase lookup goes through [`fold_char`]: lower case, tone marks dropped, "y" read as "i".
//! It maps one char to one char, so a match in the folded text is a match at the same offsets in
//! the text itself.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::char::{compose, decompose_canonical};

use crate::model::{Kind, Qualifier, Status};

/// True for a letter (`char::is_alphabetic`), without the Unicode table search for the Latin
/// letters Vietnamese is written in: that search was 7 % of a run's instructions.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphabetic(),
        // Latin-1 letters, Latin Extended-A and -B ("×" and "÷" are the only non-letters)
        0xc0..=0x24f => c != '×' && c != '÷',
        // Latin Extended Additional: "ạ", "ế", "ỹ", ...
        0x1e00..=0x1eff => true,
        // General Punctuation: "–", "“", "…"
        0x2000..=0x206f => false,
        _ => c.is_alphabetic(),
    }
}

/// True for a letter or a digit (`char::is_alphanumeric`), fast for Latin letters.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xc0..=0x24f => c != '×' && c != '÷',
        0x1e00..=0x1eff => true,
        0x2000..=0x206f => false,
        _ => c.is_alphanumeric(),
    }
}

/// What the tokenizer asks of a char, as bits: a letter, a letter or digit, an ASCII digit.
pub const CLASS_LETTER: u8 = 1;
pub const CLASS_WORD: u8 = 2;
pub const CLASS_DIGIT: u8 = 4;

/// The classes of the ASCII chars.
const ASCII_CLASSES: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut u = 0;
    while u < 128 {
        let b = u as u8;
        if b.is_ascii_alphabetic() {
            t[u] = CLASS_LETTER | CLASS_WORD;
        } else if b.is_ascii_digit() {
            t[u] = CLASS_WORD | CLASS_DIGIT;
        }
        u += 1;
    }
    t
};

/// The class bits of `c`: a table for ASCII, ranges for the letters Vietnamese is written in and
/// the general punctuation ("–", "“", "…"), the Unicode search for the rest.
#[inline(always)]
pub fn char_class(c: char) -> u8 {
    match c as u32 {
        u @ 0..=0x7f => ASCII_CLASSES[u as usize],
        0xc0..=0x24f if c != '×' && c != '÷' => CLASS_LETTER | CLASS_WORD,
        0x1e00..=0x1eff => CLASS_LETTER | CLASS_WORD,
        0x2000..=0x206f => 0,
        _ => class_slow(c),
    }
}

#[cold]
fn class_slow(c: char) -> u8 {
    let mut k = 0;
    if is_letter(c) {
        k |= CLASS_LETTER;
    }
    if is_word_char(c) {
        k |= CLASS_WORD;
    }
    if c.is_ascii_digit() {
        k |= CLASS_DIGIT;
    }
    k
}

/// `char::is_uppercase`, from a table for the chars Vietnamese is written in: the Unicode
/// search for "Ư", "Ấ", ... per letter of every heading test was a percent of a run.
#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    static TABLE: OnceLock<Vec<bool>> = OnceLock::new();
    if (c as u32) < FOLD_TABLE_END {
        let t = TABLE.get_or_init(|| {
            (0..FOLD_TABLE_END)
                .map(|u| char::from_u32(u).is_some_and(char::is_uppercase))
                .collect()
        });
        return t[c as usize];
    }
    c.is_uppercase()
}

/// First char past the fold table; the chars of Vietnamese text are all below it.
const FOLD_TABLE_END: u32 = 0x1f00;

/// The matching key of one char: lower case, "y" read as "i" ("tỷ" = "tỉ"), tone marks kept.
/// (The normaliser puts tone marks in one place, so "hoà" and "hòa" arrive as one spelling.)
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return ASCII_FOLD[c as usize] as char;
    }
    if (c as u32) < FOLD_TABLE_END {
        return fold_table()[c as usize];
    }
    fold_char_slow(c)
}

/// `fold_char` of the ASCII chars.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut u = 0;
    while u < 128 {
        let l = (u as u8).to_ascii_lowercase();
        t[u] = if l == b'y' { b'i' } else { l };
        u += 1;
    }
    t
};

/// `fold_char` of the chars below `FOLD_TABLE_END` (ASCII, the Latin blocks, the Vietnamese
/// letters): decomposing a char per call was 6 % of a run, so the range is folded once.
#[inline]
pub(crate) fn fold_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..FOLD_TABLE_END)
            .map(|u| char::from_u32(u).map_or('\0', fold_char_slow))
            .collect()
    })
}

fn fold_char_slow(c: char) -> char {
    if c.is_ascii() {
        let l = c.to_ascii_lowercase();
        return if l == 'y' { 'i' } else { l };
    }
    let l = c.to_lowercase().next().unwrap_or(c);
    let mut base: Option<char> = None;
    let mut marks: [Option<char>; 2] = [None, None];
    decompose_canonical(l, |d| {
        if base.is_none() {
            base = Some(d);
        } else if marks[0].is_none() {
            marks[0] = Some(d);
        } else {
            marks[1] = Some(d);
        }
    });
    match base {
        Some('y') => {
            let mut out = 'i';
            for m in marks.into_iter().flatten() {
                out = compose(out, m).unwrap_or(out);
            }
            out
        }
        _ => l,
    }
}

/// The folded form of a whole string.
pub fn fold(s: &str) -> Vec<char> {
    // sized by the bytes, which are at least the chars: collecting from `chars()` grew the
    // vector a few times over (its size hint is a quarter of the bytes)
    let mut v = Vec::with_capacity(s.len());
    // (the table looked up once, not per char)
    let table = fold_table();
    v.extend(s.chars().map(|c| fold_in(table, c)));
    v
}

/// `fold_char` with [`fold_table`] at hand: a text's loop looks the table up once, not per char.
#[inline(always)]
pub(crate) fn fold_in(table: &[char], c: char) -> char {
    match table.get(c as usize) {
        Some(&f) => f,
        None => fold_char_slow(c),
    }
}

/// A string's matching key as a `String`.
pub fn key(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Phrases with a payload, matched on folded text at word boundaries, longest first.
#[derive(Debug, Clone)]
pub struct Lexicon<T> {
    entries: Vec<(Vec<char>, T)>,
    /// The phrases in a trie read forwards, and one read backwards: a lookup walks the text
    /// once, as far as some phrase goes on (comparing every phrase that shares the first char
    /// was two thirds of a unit lookup: hundreds of count nouns share a few first chars).
    forward: Trie,
    backward: Trie,
}

/// A char trie whose nodes may end a phrase (the entry number of its first spelling); also
/// the metric catalogue's index of wording variants.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trie {
    /// Per node: its children sorted by char, and the phrase ending there.
    nodes: Vec<(Vec<(char, u32)>, Option<u32>)>,
    /// The root's children by ASCII char (0: none, the root being no one's child): the root
    /// fans out widest and is where every walk starts, most of them on an ASCII letter.
    root_ascii: Box<[u32; 128]>,
}

impl Default for Trie {
    /// The empty trie: a root and nothing under it.
    fn default() -> Self {
        Trie::numbered(std::iter::empty())
    }
}

impl Trie {
    /// A trie of `keys`, each key's number being its place in the list.
    fn new(keys: impl Iterator<Item = Vec<char>>) -> Self {
        Trie::numbered(keys.enumerate().map(|(n, k)| (n as u32, k)))
    }

    /// A trie of numbered keys; where two keys are the same, the first one given is kept.
    pub(crate) fn numbered(keys: impl Iterator<Item = (u32, Vec<char>)>) -> Self {
        let mut t = Trie {
            nodes: vec![(Vec::new(), None)],
            root_ascii: Box::new([0; 128]),
        };
        for (n, key) in keys {
            let mut node = 0usize;
            for c in key {
                node = match t.nodes[node].0.binary_search_by(|(k, _)| k.cmp(&c)) {
                    Ok(p) => t.nodes[node].0[p].1 as usize,
                    Err(p) => {
                        let next = t.nodes.len();
                        t.nodes.push((Vec::new(), None));
                        t.nodes[node].0.insert(p, (c, next as u32));
                        next
                    }
                };
            }
            // the same phrase twice: the first one (in lookup order) is the one found
            t.nodes[node].1.get_or_insert(n);
        }
        for &(c, next) in &t.nodes[0].0 {
            if c.is_ascii() {
                t.root_ascii[c as usize] = next;
            }
        }
        t
    }

    /// The node after `node` on `c` (the root is node 0).
    #[inline]
    pub(crate) fn child(&self, node: usize, c: char) -> Option<usize> {
        if node == 0 && c.is_ascii() {
            let next = self.root_ascii[c as usize];
            return (next != 0).then_some(next as usize);
        }
        let kids = &self.nodes[node].0;
        if kids.len() <= 8 {
            kids.iter().find(|(k, _)| *k == c).map(|(_, n)| *n as usize)
        } else {
            kids.binary_search_by(|(k, _)| k.cmp(&c))
                .ok()
                .map(|p| kids[p].1 as usize)
        }
    }

    /// The phrase ending at `node`, if one does.
    #[inline]
    pub(crate) fn end(&self, node: usize) -> Option<u32> {
        self.nodes[node].1
    }

    /// The node `key` leads to from the root.
    fn walk(&self, key: impl Iterator<Item = char>) -> Option<usize> {
        let mut node = 0;
        for c in key {
            node = self.child(node, c)?;
        }
        Some(node)
    }

    /// True when a phrase (not the empty one) starts at `i` of `text` and ends before a char
    /// that is no letter or digit.
    fn whole_words_at(&self, text: &[char], i: usize) -> bool {
        let mut node = 0;
        for (j, &c) in text.iter().enumerate().skip(i) {
            let Some(next) = self.child(node, c) else {
                return false;
            };
            node = next;
            if self.end(node).is_some() && text.get(j + 1).is_none_or(|n| !is_word_char(*n)) {
                return true;
            }
        }
        false
    }

    /// The first phrase (by entry number) that is a prefix of `text` and whose length `ok`
    /// accepts: its entry number and length.
    fn first_prefix(
        &self,
        text: impl Iterator<Item = char>,
        ok: impl Fn(usize) -> bool,
    ) -> Option<(u32, usize)> {
        let mut best: Option<(u32, usize)> = self.end(0).filter(|_| ok(0)).map(|n| (n, 0));
        let mut node = 0;
        for (len, c) in (1..).zip(text) {
            let Some(next) = self.child(node, c) else {
                break;
            };
            node = next;
            if let Some(n) = self.end(node) {
                if best.is_none_or(|(b, _)| n < b) && ok(len) {
                    best = Some((n, len));
                }
            }
        }
        best
    }

    /// True when a phrase is a prefix of the folded chars `text` and the char after it (if
    /// any) is no letter or digit.
    fn starts_words(&self, mut text: impl Iterator<Item = char>) -> bool {
        let mut node = 0;
        loop {
            let next = text.next();
            if self.end(node).is_some() && next.is_none_or(|n| !is_word_char(n)) {
                return true;
            }
            let Some(c) = next else {
                return false;
            };
            let Some(n) = self.child(node, c) else {
                return false;
            };
            node = n;
        }
    }
}

/// A small trie as a dense table, one load per char: for the number words, which every word
/// of a text is walked against.
#[derive(Debug, Clone)]
struct DenseTrie {
    /// The column of each char below `FOLD_TABLE_END` that a phrase uses (0: none).
    column: Vec<u8>,
    width: usize,
    /// Per state and column, the next state (0: none). State 1 is the root.
    next: Vec<u16>,
    /// Per state, the phrase ending there.
    ends: Vec<Option<u32>>,
}

impl DenseTrie {
    fn new(t: &Trie) -> Self {
        let mut column = vec![0u8; FOLD_TABLE_END as usize];
        let mut width = 1;
        for (kids, _) in &t.nodes {
            for &(c, _) in kids {
                let col = column
                    .get_mut(c as usize)
                    .expect("number words are written in the folded Latin range");
                if *col == 0 {
                    *col = u8::try_from(width).expect("few chars");
                    width += 1;
                }
            }
        }
        let mut next = vec![0u16; (t.nodes.len() + 1) * width];
        for (n, (kids, _)) in t.nodes.iter().enumerate() {
            for &(c, k) in kids {
                next[(n + 1) * width + column[c as usize] as usize] =
                    u16::try_from(k + 1).expect("a small trie");
            }
        }
        let ends = std::iter::once(None)
            .chain(t.nodes.iter().map(|(_, e)| *e))
            .collect();
        DenseTrie {
            column,
            width,
            next,
            ends,
        }
    }

    /// The state after `c` from `state` (0: no phrase goes on with it).
    #[inline(always)]
    fn step(&self, state: usize, c: char) -> usize {
        let col = self.column.get(c as usize).copied().unwrap_or(0) as usize;
        if col == 0 {
            return 0;
        }
        self.next[state * self.width + col] as usize
    }
}

impl<T> Lexicon<T> {
    pub fn new(mut entries: Vec<(Vec<char>, T)>) -> Self {
        entries.retain(|(k, _)| !k.is_empty());
        // longest first, and in table order among equal lengths: the order lookups prefer
        entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
        let forward = Trie::new(entries.iter().map(|(k, _)| k.clone()));
        let backward = Trie::new(
            entries
                .iter()
                .map(|(k, _)| k.iter().rev().copied().collect()),
        );
        Lexicon {
            entries,
            forward,
            backward,
        }
    }

    /// The longest phrase starting at `pos` in `low` that ends at a word boundary: (end, payload).
    pub fn match_at(&self, low: &[char], pos: usize) -> Option<(usize, &T)> {
        let mut best = None;
        let mut node = 0;
        for (i, &c) in low.iter().enumerate().skip(pos) {
            let Some(next) = self.forward.child(node, c) else {
                break;
            };
            node = next;
            if let Some(n) = self.forward.nodes[node].1 {
                let end = i + 1;
                if boundary_after(low, end, &self.entries[n as usize].0) {
                    best = Some((end, n));
                }
            }
        }
        best.map(|(end, n)| (end, &self.entries[n as usize].1))
    }

    /// The longest phrase ending at `end` in `low` that starts at a word boundary: (start, payload).
    pub fn match_before(&self, low: &[char], end: usize) -> Option<(usize, &T)> {
        if end > low.len() {
            return None;
        }
        let mut best = None;
        let mut node = 0;
        let mut start = end;
        while start > 0 {
            let Some(next) = self.backward.child(node, low[start - 1]) else {
                break;
            };
            node = next;
            start -= 1;
            if let Some(n) = self.backward.nodes[node].1 {
                if boundary_before(low, start, &self.entries[n as usize].0) {
                    best = Some((start, n));
                }
            }
        }
        best.map(|(start, n)| (start, &self.entries[n as usize].1))
    }

    /// The folded phrases, longest first.
    pub fn phrases(&self) -> impl Iterator<Item = &[char]> {
        self.entries.iter().map(|(k, _)| k.as_slice())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn is_wordish(c: char) -> bool {
    is_word_char(c)
}

/// A phrase ending in a letter must not run on into more letters ("đ" is not the start of "đồng"),
/// nor a number into a digit.
pub(crate) fn boundary_after(low: &[char], end: usize, k: &[char]) -> bool {
    match (k.last(), low.get(end)) {
        (Some(&l), Some(&n)) if is_wordish(l) => {
            !is_letter(n) && !(l.is_numeric() && n.is_numeric())
        }
        _ => true,
    }
}

fn boundary_before(low: &[char], start: usize, k: &[char]) -> bool {
    if start == 0 {
        return true;
    }
    match k.first() {
        Some(&f) if is_wordish(f) => !is_wordish(low[start - 1]),
        _ => true,
    }
}

/// Chars compared a block at a time when looking for one: a block without it is passed over in
/// a few vector instructions (comparing char by char was a tenth of the extraction).
const BLOCK: usize = 16;

/// True when the block starting at `from` holds `c`.
#[inline(always)]
fn block_has(hay: &[char], from: usize, c: char) -> bool {
    hay[from..from + BLOCK]
        .iter()
        .fold(false, |found, &x| found | (x as u32 == c as u32))
}

/// The first position in `from..to` of `hay` holding `c`.
#[inline]
fn next_char(hay: &[char], c: char, mut from: usize, to: usize) -> Option<usize> {
    while from + BLOCK <= to && !block_has(hay, from, c) {
        from += BLOCK;
    }
    hay[from..to].iter().position(|&x| x == c).map(|p| from + p)
}

/// The last position in `from..to` of `hay` holding `c`.
#[inline]
fn prev_char(hay: &[char], c: char, from: usize, mut to: usize) -> Option<usize> {
    while to >= from + BLOCK && !block_has(hay, to - BLOCK, c) {
        to -= BLOCK;
    }
    hay[from..to]
        .iter()
        .rposition(|&x| x == c)
        .map(|p| from + p)
}

/// True when `needle` stands at `i` of `hay` as whole words.
#[inline]
fn words_at(hay: &[char], i: usize, needle: &[char]) -> bool {
    hay[i..].starts_with(needle)
        && (i == 0 || !is_word_char(hay[i - 1]))
        && hay.get(i + needle.len()).is_none_or(|c| !is_word_char(*c))
}

/// Position of `needle` in `hay` as whole words.
pub fn find_words(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    // only the places of its first char are compared
    let end = hay.len() - needle.len() + 1;
    let mut from = 0;
    while let Some(i) = next_char(hay, needle[0], from, end) {
        if words_at(hay, i, needle) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// The first of `needles` (in their order) that occurs in `hay` as whole words: what trying
/// `find_words` with each in turn gives, in one pass over `hay`.
pub fn first_found<'a>(
    hay: &[char],
    needles: impl Iterator<Item = &'a [char]> + Clone,
) -> Option<usize> {
    // The needles' first chars by their low eight bits: a word starting with none of them is
    // passed over without trying each needle.
    let mut firsts = [0u64; 4];
    for f in needles.clone().filter_map(|n| n.first()) {
        let b = (*f as u32 & 0xff) as usize;
        firsts[b / 64] |= 1 << (b % 64);
    }
    let mut best: Option<usize> = None;
    for i in 0..hay.len() {
        if i > 0 && is_word_char(hay[i - 1]) {
            continue;
        }
        let b = (hay[i] as u32 & 0xff) as usize;
        if firsts[b / 64] & (1 << (b % 64)) == 0 {
            continue;
        }
        for (n, needle) in needles.clone().enumerate() {
            if best.is_some_and(|b| n >= b) {
                break;
            }
            if needle.first() == Some(&hay[i])
                && hay[i..].starts_with(needle)
                && hay.get(i + needle.len()).is_none_or(|c| !is_word_char(*c))
            {
                best = Some(n);
            }
        }
    }
    best
}

/// The last position of `needle` in `hay` as whole words.
pub fn rfind_words(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let mut to = hay.len() - needle.len() + 1;
    while let Some(i) = prev_char(hay, needle[0], 0, to) {
        if words_at(hay, i, needle) {
            return Some(i);
        }
        to = i;
    }
    None
}

/// What a unit phrase makes of the number before it.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitRule {
    Percent,
    Money {
        code: String,
        scale: f64,
    },
    Measure {
        unit: String,
        scale: f64,
    },
    /// A bare scale word ("triệu" not followed by a currency).
    Scale(f64),
    /// A counted noun; the unit is the text as written.
    Count,
}

/// A named group of `cues.tsv`: its folded phrases in table order, and in a trie read
/// forwards and one read backwards (entry numbers in table order).
struct CueGroup {
    phrases: Vec<Vec<char>>,
    trie: Trie,
    backward: Trie,
}

/// Where a non-fact phrase applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonFact {
    DateBefore,
    YearBefore,
    NameBefore,
    OrdinalBefore,
    EventBefore,
    EventAfter,
    Idiom,
    NotMoneyAfter,
    NameAfter,
}

/// How a spelled-out number word counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WordRole {
    Digit(u64),
    Ten,
    Tens,
    Hundred,
    Zero,
    Scale(u64),
    UnitOnly(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueScope {
    Clause,
    Near,
}

/// All tables, parsed once.
pub struct Rules {
    pub units: Lexicon<UnitRule>,
    pub scales: Lexicon<f64>,
    pub qualifiers: Lexicon<Qualifier>,
    /// The non-fact groups, in the order of [`NONFACT_GROUPS`].
    nonfacts: Vec<Lexicon<()>>,
    pub status_cues: Lexicon<(Status, CueScope)>,
    pub rank_cues: Lexicon<()>,
    pub number_words: HashMap<String, (WordRole, bool), FastHash>,
    /// The folded number words in a trie, each end numbering its group of `number_word_spellings`:
    /// a word of the text is walked once, in its folded form already at hand (lower-casing and
    /// hashing every word of a text cost more than the rest of the tokenizer).
    number_word_folds: Trie,
    /// `number_word_folds` as a dense table, for the tokenizer's walk over every word.
    number_word_table: DenseTrie,
    /// The most chars of a folded number word: a longer word is none, without a walk.
    number_word_longest: usize,
    /// The ASCII chars a folded number word starts with, as bits (every one starts with one).
    number_word_firsts: u128,
    /// Per folded number word, its lower-case spellings ("tỷ", "tỉ") and what each counts.
    number_word_spellings: Vec<Vec<(Vec<char>, (WordRole, bool))>>,
    cues: HashMap<String, CueGroup, FastHash>,
    pub abbreviations: Vec<(String, String)>,
}

impl Rules {
    /// The folded phrases of a named group of `cues.tsv`.
    pub fn cues(&self, group: &str) -> &[Vec<char>] {
        self.cues
            .get(group)
            .map(|g| g.phrases.as_slice())
            .unwrap_or(&[])
    }

    /// A group's trie. The lookups below walk the text once through it: comparing the text
    /// with every phrase in turn was a tenth of the extraction.
    fn cue_trie(&self, group: &str) -> Option<&Trie> {
        self.cues.get(group).map(|g| &g.trie)
    }

    /// True when the folded `text` equals a phrase of the group.
    pub fn is_cue(&self, group: &str, text: &[char]) -> bool {
        self.cue_trie(group)
            .and_then(|t| t.walk(text.iter().copied()).and_then(|n| t.end(n)))
            .is_some()
    }

    /// True when the folded `text` contains a phrase of the group as whole words.
    pub fn has_cue(&self, group: &str, text: &[char]) -> bool {
        let Some(trie) = self.cue_trie(group) else {
            return false;
        };
        let mut after_word = false;
        for (i, &c) in text.iter().enumerate() {
            if !after_word && trie.whole_words_at(text, i) {
                return true;
            }
            after_word = is_word_char(c);
        }
        false
    }

    /// True when the folded `text` starts with a phrase of the group followed by a word boundary.
    pub fn starts_with_cue(&self, group: &str, text: &[char]) -> bool {
        self.cue_trie(group)
            .is_some_and(|t| t.starts_words(text.iter().copied()))
    }

    /// The end of the first phrase of the group (in table order) that the folded `low` has at
    /// `p` and whose end `ends_ok` accepts: what trying each phrase in turn gives, in one walk.
    pub fn cue_end_at(
        &self,
        group: &str,
        low: &[char],
        p: usize,
        ends_ok: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        if p > low.len() {
            return None;
        }
        let g = self.cues.get(group)?;
        g.trie
            .first_prefix(low[p..].iter().copied(), |len| ends_ok(p + len))
            .map(|(_, len)| p + len)
    }

    /// The start of the first phrase of the group (in table order) that ends at `end` of the
    /// folded `low` and whose start `starts_ok` accepts.
    pub fn cue_start_before(
        &self,
        group: &str,
        low: &[char],
        end: usize,
        starts_ok: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        if end > low.len() {
            return None;
        }
        let g = self.cues.get(group)?;
        g.backward
            .first_prefix(low[..end].iter().rev().copied(), |len| starts_ok(end - len))
            .map(|(_, len)| end - len)
    }

    /// True when a folded word is the folded form of a number word.
    pub fn is_number_word_fold(&self, w: &[char]) -> bool {
        self.number_word_folds
            .walk(w.iter().copied())
            .and_then(|n| self.number_word_folds.end(n))
            .is_some()
    }

    /// The number word that is the whole word `chars[i..end]` (`low` its folded form; the
    /// caller gives a run of letters with no letter after it): what it counts, as
    /// `number_words` has it under the word's lower-case spelling.
    #[inline(always)]
    pub fn number_word(
        &self,
        chars: &[char],
        low: &[char],
        i: usize,
        end: usize,
    ) -> Option<(WordRole, bool)> {
        if end - i > self.number_word_longest {
            return None;
        }
        // most words start with a char no number word starts with
        let first = low[i] as u32;
        if first >= 128 || self.number_word_firsts >> first & 1 == 0 {
            return None;
        }
        let table = &self.number_word_table;
        let mut state = 1;
        for &c in &low[i..end] {
            state = table.step(state, c);
            if state == 0 {
                return None;
            }
        }
        let group = table.ends[state]?;
        let word = &chars[i..end];
        let folded = &low[i..end];
        self.number_word_spellings[group as usize]
            .iter()
            .find(|(spelling, _)| {
                // a char that folds as itself is its own lower case
                if word == folded {
                    spelling == folded
                } else {
                    word.iter()
                        .flat_map(|c| c.to_lowercase())
                        .eq(spelling.iter().copied())
                }
            })
            .map(|(_, v)| *v)
    }

    /// `is_cue` on a text not yet folded, without a folded copy.
    pub fn is_cue_str(&self, group: &str, text: &str) -> bool {
        self.cue_trie(group)
            .and_then(|t| t.walk(text.chars().map(fold_char)).and_then(|n| t.end(n)))
            .is_some()
    }

    /// `starts_with_cue` on a text not yet folded: only the chars a cue needs are folded.
    pub fn starts_with_cue_str(&self, group: &str, text: &str) -> bool {
        self.cue_trie(group)
            .is_some_and(|t| t.starts_words(text.chars().map(fold_char)))
    }

    pub fn nonfact(&self, which: NonFact) -> &Lexicon<()> {
        &self.nonfacts[which as usize]
    }
}

/// The group names of `nonfacts.tsv`, in the order of [`NonFact`].
const NONFACT_GROUPS: [&str; 9] = [
    "date_before",
    "year_before",
    "name_before",
    "ordinal_before",
    "event_before",
    "event_after",
    "idiom",
    "not_money_after",
    "name_after",
];

/// The hash of the tables looked up by short strings at every number (cue-group names,
/// number words, column headers): SipHash, the standard map's hash, made a group-name
/// lookup cost more than the match it led to. rustc-hash reads eight bytes a step.
pub type FastHash = rustc_hash::FxBuildHasher;

/// Data lines of a TSV table: comments (#) and blank lines skipped, fields split on tabs.
pub fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

const UNITS: &str = include_str!("rules/units.tsv");
const COUNT_NOUNS: &str = include_str!("rules/count_nouns.tsv");
const SCALES: &str = include_str!("rules/scales.tsv");
const QUALIFIERS: &str = include_str!("rules/qualifiers.tsv");
const NONFACTS: &str = include_str!("rules/nonfacts.tsv");
const STATUS_CUES: &str = include_str!("rules/status_cues.tsv");
const RANK_CUES: &str = include_str!("rules/rank_cues.tsv");
const NUMBER_WORDS: &str = include_str!("rules/number_words.tsv");
const CUES: &str = include_str!("rules/cues.tsv");
/// The period and status rules' word lists, in the same format as `cues.tsv`.
const PERIOD_CUES: &str = include_str!("rules/period_cues.tsv");
const ABBREVIATIONS: &str = include_str!("rules/abbreviations.tsv");

/// The tables, built on first use.
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(build)
}

fn build() -> Rules {
    let mut units: Vec<(Vec<char>, UnitRule)> = Vec::new();
    for r in tsv_rows(UNITS) {
        if r.len() < 4 {
            continue;
        }
        let scale: f64 = r[3].parse().unwrap_or(1.0);
        let rule = match r[1] {
            "percent" => UnitRule::Percent,
            "money" => UnitRule::Money {
                code: r[2].to_string(),
                scale,
            },
            "measure" => UnitRule::Measure {
                unit: r[2].to_string(),
                scale,
            },
            "scale" => UnitRule::Scale(scale),
            _ => UnitRule::Count,
        };
        units.push((fold(r[0]), rule));
    }
    for r in tsv_rows(COUNT_NOUNS) {
        let k = fold(r[0]);
        if !units.iter().any(|(u, _)| *u == k) {
            units.push((k, UnitRule::Count));
        }
    }
    let scales = tsv_rows(SCALES)
        .filter(|r| r.len() >= 2)
        .map(|r| (fold(r[0]), r[1].parse().unwrap_or(1.0)))
        .collect();
    let qualifiers = tsv_rows(QUALIFIERS)
        .filter(|r| r.len() >= 2)
        .map(|r| {
            let q = match r[1] {
                "more_than" => Qualifier::MoreThan,
                "at_least" => Qualifier::AtLeast,
                "less_than" => Qualifier::LessThan,
                "at_most" => Qualifier::AtMost,
                "approximately" => Qualifier::Approximately,
                "range" => Qualifier::Range,
                _ => Qualifier::Exact,
            };
            (fold(r[0]), q)
        })
        .collect();
    let mut groups: Vec<Vec<(Vec<char>, ())>> = vec![Vec::new(); NONFACT_GROUPS.len()];
    for r in tsv_rows(NONFACTS) {
        if r.len() < 2 {
            continue;
        }
        if let Some(g) = NONFACT_GROUPS.iter().position(|k| *k == r[0]) {
            groups[g].push((fold(r[1]), ()));
        }
    }
    let nonfacts = groups.into_iter().map(Lexicon::new).collect();
    let status_cues = tsv_rows(STATUS_CUES)
        .filter(|r| r.len() >= 3)
        .map(|r| {
            let s = match r[1] {
                "target" => Status::Target,
                "reference" => Status::Reference,
                _ => Status::Actual,
            };
            let scope = if r[2] == "near" {
                CueScope::Near
            } else {
                CueScope::Clause
            };
            (fold(r[0]), (s, scope))
        })
        .collect();
    let rank_cues = tsv_rows(RANK_CUES).map(|r| (fold(r[0]), ())).collect();
    let number_words: HashMap<String, (WordRole, bool), FastHash> = tsv_rows(NUMBER_WORDS)
        .filter(|r| r.len() >= 3)
        .filter_map(|r| {
            let v: u64 = r[2].parse().ok()?;
            let role = match r[1] {
                "digit" => WordRole::Digit(v),
                "ten" => WordRole::Ten,
                "tens" => WordRole::Tens,
                "hundred" => WordRole::Hundred,
                "zero" => WordRole::Zero,
                "scale" => WordRole::Scale(v),
                "unit_only" => WordRole::UnitOnly(v),
                _ => return None,
            };
            Some((r[0].to_lowercase(), (role, r.get(3) != Some(&"no"))))
        })
        .collect();
    let mut folds: Vec<Vec<char>> = Vec::new();
    let mut number_word_spellings: Vec<Vec<(Vec<char>, (WordRole, bool))>> = Vec::new();
    for (w, v) in &number_words {
        let f = fold(w);
        let g = folds.iter().position(|x| *x == f).unwrap_or_else(|| {
            folds.push(f);
            number_word_spellings.push(Vec::new());
            folds.len() - 1
        });
        number_word_spellings[g].push((w.chars().collect(), *v));
    }
    let number_word_longest = folds.iter().map(Vec::len).max().unwrap_or(0);
    let number_word_firsts = folds.iter().fold(0u128, |m, f| {
        let first = f.first().map_or(0, |&c| c as u32);
        assert!(
            (1..128).contains(&first),
            "a number word starts with an ASCII letter"
        );
        m | 1 << first
    });
    let number_word_folds = Trie::new(folds.into_iter());
    let mut cue_phrases: HashMap<String, Vec<Vec<char>>, FastHash> = HashMap::default();
    for r in tsv_rows(CUES)
        .chain(tsv_rows(PERIOD_CUES))
        .filter(|r| r.len() >= 2)
    {
        cue_phrases
            .entry(r[0].to_string())
            .or_default()
            .push(fold(r[1]));
    }
    let cues: HashMap<String, CueGroup, FastHash> = cue_phrases
        .into_iter()
        .map(|(name, phrases)| {
            let trie = Trie::new(phrases.iter().cloned());
            let backward = Trie::new(phrases.iter().map(|p| p.iter().rev().copied().collect()));
            (
                name,
                CueGroup {
                    phrases,
                    trie,
                    backward,
                },
            )
        })
        .collect();
    let abbreviations = tsv_rows(ABBREVIATIONS)
        .filter(|r| r.len() >= 2)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    Rules {
        units: Lexicon::new(units),
        scales: Lexicon::new(scales),
        qualifiers: Lexicon::new(qualifiers),
        nonfacts,
        status_cues: Lexicon::new(status_cues),
        rank_cues: Lexicon::new(rank_cues),
        number_words,
        number_word_table: DenseTrie::new(&number_word_folds),
        number_word_longest,
        number_word_firsts,
        number_word_folds,
        number_word_spellings,
        cues,
        abbreviations,
    }
}

/// The kind a unit rule gives.
pub fn kind_of(rule: &UnitRule) -> Kind {
    match rule {
        UnitRule::Percent => Kind::Percent,
        UnitRule::Money { .. } => Kind::Money,
        UnitRule::Measure { .. } => Kind::Measure,
        UnitRule::Scale(_) | UnitRule::Count => Kind::Count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_and_i_y_but_keeps_marks() {
        assert_eq!(key("Tỷ lệ"), key("tỉ lệ"));
        assert_eq!(key("Tỷ lệ"), "tỉ lệ");
        assert_eq!(key("NĂM"), "năm");
        assert_ne!(key("năm"), key("nam"));
        assert_ne!(key("hàng"), key("hạng"));
        assert_eq!(key("Đồng"), "đồng");
        assert_eq!(fold("Ỹ").len(), 1);
    }

    /// `lexicon_unit` reads the folded text for the fold of the lower-cased text where each
    /// char lower-cases to one.
    #[test]
    fn a_char_lower_cased_to_one_folds_as_itself() {
        for u in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(u) {
                let mut l = c.to_lowercase();
                if l.len() == 1 {
                    let l = l.next().unwrap_or(c);
                    assert_eq!(fold_char(l), fold_char(c), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn fast_char_classes_agree_with_std() {
        for u in 0..0x3_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
                assert_eq!(fold_char(c), fold_char_slow(c), "{c:?}");
                assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
                let class = char_class(c);
                assert_eq!(class & CLASS_LETTER != 0, c.is_alphabetic(), "{c:?}");
                assert_eq!(class & CLASS_WORD != 0, c.is_alphanumeric(), "{c:?}");
                assert_eq!(class & CLASS_DIGIT != 0, c.is_ascii_digit(), "{c:?}");
            }
        }
    }

    /// The lookups as first written: every phrase tried, longest first.
    fn match_at_slow<T>(lx: &Lexicon<T>, low: &[char], pos: usize) -> Option<(usize, *const T)> {
        lx.entries.iter().find_map(|(k, v)| {
            let end = pos + k.len();
            (end <= low.len() && low[pos..end] == k[..] && boundary_after(low, end, k))
                .then_some((end, v as *const T))
        })
    }

    fn match_before_slow<T>(
        lx: &Lexicon<T>,
        low: &[char],
        end: usize,
    ) -> Option<(usize, *const T)> {
        lx.entries.iter().find_map(|(k, v)| {
            let start = end.checked_sub(k.len())?;
            (end <= low.len() && low[start..end] == k[..] && boundary_before(low, start, k))
                .then_some((start, v as *const T))
        })
    }

    #[test]
    fn trie_lookups_agree_with_trying_every_phrase() {
        let r = rules();
        let text = include_str!("../../corpus/000_e77d1e97e7429ec4.txt");
        let low = fold(&(text.to_string() + " tỷ đồng/người, 5 triệu USD; 3 km2 15 m3 x"));
        // (trie agrees forwards, trie agrees backwards) at one position
        fn agree<T>(l: &Lexicon<T>, low: &[char], p: usize) -> (bool, bool) {
            (
                l.match_at(low, p).map(|(e, v)| (e, v as *const _)) == match_at_slow(l, low, p),
                l.match_before(low, p).map(|(e, v)| (e, v as *const _))
                    == match_before_slow(l, low, p),
            )
        }
        let lexicons: Vec<Box<dyn Fn(usize) -> (bool, bool)>> = vec![
            Box::new(|p| agree(&r.units, &low, p)),
            Box::new(|p| agree(&r.status_cues, &low, p)),
            Box::new(|p| agree(r.nonfact(NonFact::NameBefore), &low, p)),
        ];
        for p in 0..=low.len() + 1 {
            for (n, check) in lexicons.iter().enumerate() {
                assert_eq!(check(p), (true, true), "lexicon {n} at {p}");
            }
        }
    }

    #[test]
    fn cue_lookups_agree_with_trying_every_phrase() {
        let r = rules();
        let text = include_str!("../../corpus/000_e77d1e97e7429ec4.txt");
        let mut samples: Vec<String> = text.lines().map(str::to_string).collect();
        // each phrase alone, inside words, at both ends, and cut short
        for g in r.cues.values() {
            for p in &g.phrases {
                let p: String = p.iter().collect();
                samples.push(p.to_uppercase());
                samples.push(format!("x{p}"));
                samples.push(format!("{p}x"));
                samples.push(format!("a, {p}."));
                samples.push(p.chars().skip(1).collect());
                samples.push(
                    p.chars()
                        .take(p.chars().count().saturating_sub(1))
                        .collect(),
                );
            }
        }
        samples.push(String::new());
        for (name, g) in &r.cues {
            let ph = &g.phrases;
            for s in &samples {
                let low = fold(s);
                assert_eq!(
                    r.is_cue(name, &low),
                    ph.iter().any(|c| c[..] == low[..]),
                    "{name} {s:?}"
                );
                assert_eq!(r.is_cue_str(name, s), r.is_cue(name, &low), "{name} {s:?}");
                assert_eq!(
                    r.has_cue(name, &low),
                    ph.iter().any(|c| find_words(&low, c).is_some()),
                    "{name} {s:?}"
                );
                // the first phrase in table order at each end (or start) the test accepts
                let ok = |p: usize| p % 3 != 1;
                for p in 0..=low.len() {
                    let at = ph.iter().find_map(|k| {
                        let e = p + k.len();
                        (e <= low.len() && low[p..e] == k[..] && ok(e)).then_some(e)
                    });
                    assert_eq!(r.cue_end_at(name, &low, p, ok), at, "{name} {s:?} {p}");
                    let before = ph.iter().find_map(|k| {
                        let st = p.checked_sub(k.len())?;
                        (low[st..p] == k[..] && ok(st)).then_some(st)
                    });
                    assert_eq!(
                        r.cue_start_before(name, &low, p, ok),
                        before,
                        "{name} {s:?} {p}"
                    );
                }
                let starts = ph.iter().any(|c| {
                    low.starts_with(c) && low.get(c.len()).is_none_or(|n| !is_word_char(*n))
                });
                assert_eq!(r.starts_with_cue(name, &low), starts, "{name} {s:?}");
                assert_eq!(r.starts_with_cue_str(name, s), starts, "{name} {s:?}");
            }
        }
    }

    #[test]
    fn number_word_is_the_lower_case_lookup_of_a_whole_word() {
        let r = rules();
        let text = include_str!("../../corpus/000_e77d1e97e7429ec4.txt").to_string()
            + " Hai mươi mốt, TỶ tỉ tỷ Bẩy bảy năm2 Năm nămx x năm MƯỜI";
        let chars: Vec<char> = text.chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        let mut found = 0;
        for i in 0..chars.len() {
            if !is_letter(chars[i]) {
                continue;
            }
            let mut e = i;
            while e < chars.len() && is_letter(chars[e]) {
                e += 1;
            }
            let word: String = chars[i..e].iter().flat_map(|c| c.to_lowercase()).collect();
            let slow = r
                .number_words
                .get(&word)
                .map(|&(role, alone)| (e, role, alone));
            let hit = r
                .number_word(&chars, &low, i, e)
                .map(|(role, alone)| (e, role, alone));
            assert_eq!(hit, slow, "{word} at {i}");
            found += usize::from(slow.is_some());
        }
        assert!(found > 20);
    }

    #[test]
    fn word_searches_agree_with_trying_every_position() {
        let text = include_str!("../../corpus/000_e77d1e97e7429ec4.txt");
        let hay = fold(&text[..text.len().min(6000)]);
        let slow = |needle: &[char]| -> Vec<usize> {
            if needle.is_empty() || needle.len() > hay.len() {
                return Vec::new();
            }
            (0..=hay.len() - needle.len())
                .filter(|&i| words_at(&hay, i, needle))
                .collect()
        };
        let mut needles: Vec<Vec<char>> = Vec::new();
        for w in [
            "năm",
            "tỉ",
            "đồng",
            "các",
            "và",
            "kế hoạch",
            "x",
            "",
            "%",
            "2024",
            "năm 2",
        ] {
            needles.push(fold(w));
        }
        // every word of the text, and every pair of words
        let words: Vec<&str> = text.split_whitespace().take(400).collect();
        for (k, w) in words.iter().enumerate() {
            needles.push(fold(w));
            if let Some(v) = words.get(k + 1) {
                needles.push(fold(&format!("{w} {v}")));
            }
        }
        for n in &needles {
            let all = slow(n);
            assert_eq!(find_words(&hay, n), all.first().copied(), "{n:?}");
            assert_eq!(rfind_words(&hay, n), all.last().copied(), "{n:?}");
        }
        for group in needles.chunks(7) {
            let first = group.iter().position(|n| !slow(n).is_empty());
            assert_eq!(first_found(&hay, group.iter().map(Vec::as_slice)), first);
        }
        // within blocks and across their edges, short texts
        for len in 0..40 {
            let h: Vec<char> = (0..len)
                .map(|k| if k % 5 == 4 { ' ' } else { 'a' })
                .collect();
            for n in [fold("a"), fold("aaaa"), fold("a a"), fold(" ")] {
                let all: Vec<usize> = if n.len() > h.len() {
                    Vec::new()
                } else {
                    (0..=h.len() - n.len())
                        .filter(|&i| words_at(&h, i, &n))
                        .collect()
                };
                assert_eq!(find_words(&h, &n), all.first().copied(), "{len} {n:?}");
                assert_eq!(rfind_words(&h, &n), all.last().copied(), "{len} {n:?}");
            }
        }
    }

    #[test]
    fn tables_load() {
        let r = rules();
        assert!(r.units.len() > 100);
        assert!(r.qualifiers.len() > 10);
        assert!(!r.nonfact(NonFact::NameBefore).is_empty());
        assert_eq!(r.number_words.get("mươi"), Some(&(WordRole::Tens, false)));
        // the folded pre-check of a word is exact only when every char lower-cases to one char
        // that folds as itself: no number word holds the tail of a longer lower-casing
        for w in r.number_words.keys() {
            assert!(w
                .chars()
                .all(|c| c.to_lowercase().count() == 1 && c != '\u{307}'));
            assert!(r.is_number_word_fold(&fold(w)));
        }
        assert!(!r.cues("comparison").is_empty());
    }
}
