//! Vietnamese syllables: where the tone mark belongs, and moving it there.
//!
//! A word is split into letters (base letter, shape mark, tone mark, case), parsed as
//! onset + nucleus + coda (normalise-notes.md §3), and its single tone mark is put on
//! the vowel the rules choose. Words that do not parse as one Vietnamese syllable
//! (acronyms, foreign words, several tone marks) are left as they are.

use unicode_normalization::char::{compose, decompose_canonical};

use super::ToneStyle;

/// Shape marks: circumflex, breve, horn.
const SHAPES: [char; 3] = ['\u{302}', '\u{306}', '\u{31B}'];
/// Tone marks: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Onsets, codas and vowel clusters: the syllable grammar, as data.
static SYLLABLES: &str = include_str!("syllables.tsv");

/// The spellings listed for one part in `syllables.tsv` ("" for "-").
fn part(name: &str) -> Vec<&'static str> {
    SYLLABLES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(p, _)| *p == name)
        .flat_map(|(_, list)| list.split_whitespace())
        .map(|w| if w == "-" { "" } else { w })
        .collect()
}

/// One letter of a word, taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Letter {
    /// Lower-case base: an ASCII letter or 'đ'.
    pub base: char,
    pub shape: Option<char>,
    pub tone: Option<char>,
    pub upper: bool,
}

impl Letter {
    pub fn is_vowel(&self) -> bool {
        matches!(self.base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }

    /// Splits a letter into its parts; None when it is not a letter of the
    /// Vietnamese alphabet (with at most one shape and one tone mark).
    #[inline]
    pub fn parse(c: char) -> Option<Letter> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then(|| Letter {
                base: c.to_ascii_lowercase(),
                shape: None,
                tone: None,
                upper: c.is_ascii_uppercase(),
            });
        }
        let cp = c as u32;
        let t = tables();
        if (LATIN_FROM..=LATIN_TO).contains(&cp) {
            t.latin[(cp - LATIN_FROM) as usize]
        } else if (VI_FROM..=VI_TO).contains(&cp) {
            t.vi[(cp - VI_FROM) as usize]
        } else {
            Letter::parse_slow(c)
        }
    }

    /// The precomposed char for this letter.
    #[inline]
    pub fn to_char(self) -> char {
        let Some(v) = VOWELS.iter().position(|&b| b == self.base) else {
            return match (self.base, self.upper) {
                ('đ', true) => 'Đ',
                (b, true) => b.to_ascii_uppercase(),
                (b, false) => b,
            };
        };
        let shape = match self.shape {
            None => 0,
            Some(m) => 1 + SHAPES.iter().position(|&x| x == m).unwrap_or(0),
        };
        let tone = match self.tone {
            None => 0,
            Some(m) => 1 + TONES.iter().position(|&x| x == m).unwrap_or(0),
        };
        tables().compose[((v * 4 + shape) * 6 + tone) * 2 + self.upper as usize]
    }

    fn parse_slow(c: char) -> Option<Letter> {
        if c.is_ascii_alphabetic() {
            return Some(Letter {
                base: c.to_ascii_lowercase(),
                shape: None,
                tone: None,
                upper: c.is_ascii_uppercase(),
            });
        }
        match c {
            'đ' => {
                return Some(Letter {
                    base: 'đ',
                    shape: None,
                    tone: None,
                    upper: false,
                })
            }
            'Đ' => {
                return Some(Letter {
                    base: 'đ',
                    shape: None,
                    tone: None,
                    upper: true,
                })
            }
            _ => {}
        }
        let mut base = None;
        let mut shape = None;
        let mut tone = None;
        let mut ok = true;
        decompose_canonical(c, |d| {
            if base.is_none() {
                base = Some(d);
            } else if SHAPES.contains(&d) && shape.is_none() {
                shape = Some(d);
            } else if TONES.contains(&d) && tone.is_none() {
                tone = Some(d);
            } else {
                ok = false;
            }
        });
        let base = base?;
        if !ok || !base.is_ascii_alphabetic() {
            return None;
        }
        let l = Letter {
            base: base.to_ascii_lowercase(),
            shape,
            tone,
            upper: base.is_ascii_uppercase(),
        };
        // Marks only on vowels, and only the shapes Vietnamese has (ă â ê ô ơ ư).
        if (shape.is_some() || tone.is_some()) && !l.is_vowel() {
            return None;
        }
        match (l.base, shape) {
            (_, None)
            | ('a', Some('\u{302}' | '\u{306}'))
            | ('e' | 'o', Some('\u{302}'))
            | ('o' | 'u', Some('\u{31B}')) => Some(l),
            _ => None,
        }
    }

    fn compose_slow(self) -> char {
        if self.base == 'đ' {
            return if self.upper { 'Đ' } else { 'đ' };
        }
        let base = if self.upper {
            self.base.to_ascii_uppercase()
        } else {
            self.base
        };
        let with = |c: char, m: Option<char>| match m {
            None => Some(c),
            Some(m) => compose(c, m),
        };
        // ệ ậ ặ ộ are (dot-below letter + shape) in Unicode, the others (shape letter + tone).
        with(base, self.shape)
            .and_then(|c| with(c, self.tone))
            .or_else(|| with(base, self.tone).and_then(|c| with(c, self.shape)))
            .unwrap_or(base)
    }
}

const LATIN_FROM: u32 = 0xC0;
const LATIN_TO: u32 = 0x1B0;
const VI_FROM: u32 = 0x1EA0;
const VI_TO: u32 = 0x1EF9;
const VOWELS: [char; 6] = ['a', 'e', 'i', 'o', 'u', 'y'];

/// Letters of the Latin-1/Extended-A/B and Vietnamese blocks taken apart, and every
/// vowel + shape + tone put together, computed once from the Unicode decompositions.
struct Tables {
    latin: Vec<Option<Letter>>,
    vi: Vec<Option<Letter>>,
    compose: Vec<char>,
    onsets: Vec<u64>,
    codas: Vec<u64>,
    open: Vec<u64>,
    closed: Vec<u64>,
}

/// Up to three chars below U+2000 packed into one number.
fn key(chars: impl Iterator<Item = char>) -> u64 {
    chars
        .take(4)
        .fold(0, |k, c| (k << 16) | (c as u64 & 0xFFFF))
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let range = |a: u32, b: u32| {
            (a..=b)
                .map(|cp| char::from_u32(cp).and_then(Letter::parse_slow))
                .collect()
        };
        let mut compose = Vec::with_capacity(6 * 4 * 6 * 2);
        for base in VOWELS {
            for shape in std::iter::once(None).chain(SHAPES.map(Some)) {
                for tone in std::iter::once(None).chain(TONES.map(Some)) {
                    for upper in [false, true] {
                        compose.push(
                            Letter {
                                base,
                                shape,
                                tone,
                                upper,
                            }
                            .compose_slow(),
                        );
                    }
                }
            }
        }
        let keys = |set: &[&str]| set.iter().map(|s| key(s.chars())).collect();
        Tables {
            latin: range(LATIN_FROM, LATIN_TO),
            vi: range(VI_FROM, VI_TO),
            compose,
            onsets: keys(&part("onset")),
            codas: keys(&part("coda")),
            open: keys(&part("open")),
            closed: keys(&part("closed")),
        }
    })
}

/// Where the parts of a syllable are, as indexes into its letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Syllable {
    pub onset_len: usize,
    pub nucleus_len: usize,
    pub coda_len: usize,
}

/// Parses letters as onset + nucleus + coda; None when they are not one syllable.
pub(crate) fn analyse(letters: &[Letter]) -> Option<Syllable> {
    let n = letters.len();
    let base = |i: usize| letters[i].base;
    let plain = |i: usize| letters[i].shape.is_none();
    // "qu" and "gi" + vowel: the u / i is part of the onset (quý, già, giường).
    let qu = n > 2 && base(0) == 'q' && base(1) == 'u' && plain(1);
    let gi = n > 2 && base(0) == 'g' && base(1) == 'i';
    let onset_len = if (qu || gi) && letters[2].is_vowel() {
        2
    } else {
        letters.iter().take_while(|l| !l.is_vowel()).count()
    };
    // Parts are compared as packed keys against the sets packed once in `tables()`.
    let t = tables();
    let bases = |part: &[Letter]| key(part.iter().map(|l| l.base));
    if (onset_len != 2 || !(base(0) == 'q' || base(0) == 'g'))
        && !t.onsets.contains(&bases(&letters[..onset_len]))
    {
        return None;
    }
    let nucleus_len = letters[onset_len..]
        .iter()
        .take_while(|l| l.is_vowel())
        .count();
    if nucleus_len == 0 || nucleus_len > 3 {
        return None;
    }
    let coda_start = onset_len + nucleus_len;
    if letters.len() - coda_start > 2 || !t.codas.contains(&bases(&letters[coda_start..])) {
        return None;
    }
    let valid = if coda_start == n { &t.open } else { &t.closed };
    let nucleus = key(letters[onset_len..coda_start].iter().map(|l| {
        Letter {
            tone: None,
            upper: false,
            ..*l
        }
        .to_char()
    }));
    if !valid.contains(&nucleus) {
        return None;
    }
    // Tones live on the nucleus only ("qúy" still parses: its tone is moved below).
    if letters[coda_start..]
        .iter()
        .any(|l| l.tone.is_some() || l.shape.is_some())
    {
        return None;
    }
    Some(Syllable {
        onset_len,
        nucleus_len,
        coda_len: n - coda_start,
    })
}

/// The index (into the whole word) of the vowel that should carry the tone.
pub(crate) fn tone_target(letters: &[Letter], s: &Syllable, style: ToneStyle) -> usize {
    let nuc = &letters[s.onset_len..s.onset_len + s.nucleus_len];
    let at = |i: usize| s.onset_len + i;
    if nuc.len() == 1 {
        return at(0);
    }
    // A vowel with a shape mark takes the tone; in ươ it is the ơ.
    if let Some(i) = nuc.iter().rposition(|l| l.shape.is_some()) {
        return at(i);
    }
    if nuc.len() == 3 {
        return at(1);
    }
    if s.coda_len > 0 {
        return at(1);
    }
    match (nuc[0].base, nuc[1].base) {
        ('o', 'a') | ('o', 'e') | ('u', 'y') => match style {
            ToneStyle::Traditional => at(0),
            ToneStyle::Modern => at(1),
        },
        _ => at(0),
    }
}

/// What a char is to [`ToneScan`], as bits: a letter of a word ([`WORD`]), and if so what
/// kind of letter.
pub(crate) type Class = u8;
/// A letter of a word (the caller decides which chars are).
pub(crate) const WORD: Class = 1;
/// A vowel of the Vietnamese alphabet (with or without marks).
pub(crate) const VOWEL: Class = 2;
/// It carries a tone mark.
pub(crate) const TONE: Class = 4;
/// It carries a shape mark (ă â ê ô ơ ư).
pub(crate) const SHAPE: Class = 8;
/// A letter that is not one of the Vietnamese alphabet: the word is left alone.
pub(crate) const FOREIGN: Class = 16;

/// The class of `c`, which the caller says is a letter of a word or not.
pub(crate) fn class_of(c: char, word: bool) -> Class {
    if !word {
        return 0;
    }
    match Letter::parse(c) {
        None => WORD | FOREIGN,
        Some(l) => {
            WORD | if l.is_vowel() { VOWEL } else { 0 }
                | if l.tone.is_some() { TONE } else { 0 }
                | if l.shape.is_some() { SHAPE } else { 0 }
        }
    }
}

/// One char's share of a [`ToneScan`], worked out from its [`Class`] once: 0 for a char that is
/// no letter; for a letter, 1 in each count it adds to (letters, vowels, tone marks, letters
/// not of the alphabet: 12 bits each from bit 0), and whether it has a shape and a tone mark
/// (bits 48 and 49, read from the letter's own share only).
pub(crate) type Tally = u64;
const SHAPED: Tally = 1 << 48;
const TONED: Tally = 1 << 49;

/// The [`Tally`] of a char of this class.
pub(crate) fn tally(class: Class) -> Tally {
    if class & WORD == 0 {
        return 0;
    }
    let bit = |mask: Class| (class & mask != 0) as Tally;
    1 | bit(VOWEL) << 12
        | bit(TONE) << 24
        | bit(FOREIGN) << 36
        | bit(SHAPE) * SHAPED
        | bit(TONE) * TONED
}

/// Whether the char of this tally is a letter with a shape or a tone mark.
#[cfg(test)]
pub(crate) fn is_marked(tally: Tally) -> bool {
    tally & (SHAPED | TONED) != 0
}

/// What the letters of a word say about its tone mark, gathered one letter at a time: enough
/// to know, without parsing the syllable, that [`place_tone`] leaves most words as they are.
///
/// It can move a mark only in a word of at most 7 letters of the alphabet with exactly one
/// tone mark and at least two vowels. And not when the last vowel with a shape mark carries
/// the tone: that vowel is in the nucleus (onsets hold no shaped vowel, codas no vowel), where
/// it is the last shaped one, so it is the tone's place already.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ToneScan {
    /// The sum of the letters' tallies. A count can only overflow into the next in a word of
    /// thousands of letters, which placement leaves alone whatever [`Self::may_move`] says.
    counts: Tally,
    /// Whether the last letter with a shape mark had a tone mark.
    last_shaped_toned: bool,
}

impl ToneScan {
    /// Adds the next letter of the word, by its [`Tally`].
    #[inline(always)]
    pub fn push(&mut self, tally: Tally) {
        self.counts = self.counts.wrapping_add(tally);
        if tally & SHAPED != 0 {
            self.last_shaped_toned = tally & TONED != 0;
        }
    }

    /// [`Self::push`] for a letter with neither a shape nor a tone mark (an ASCII letter).
    #[inline(always)]
    pub fn push_unmarked(&mut self, tally: Tally) {
        self.counts = self.counts.wrapping_add(tally);
    }

    /// False when [`place_tone`] certainly leaves the word as it is.
    #[inline(always)]
    pub fn may_move(&self) -> bool {
        let count = |k: u32| (self.counts >> (12 * k)) & 0xFFF;
        count(0) <= 7 && count(1) >= 2 && count(2) == 1 && count(3) == 0 && !self.last_shaped_toned
    }
}

/// Puts the tone mark of one word (all letters) where `style` says. Returns true
/// when it changed the word. Chars stay one for one, so offsets are untouched.
pub(crate) fn place_tone(word: &mut [char], style: ToneStyle, letters: &mut Vec<Letter>) -> bool {
    if word.iter().all(|c| c.is_ascii()) || word.len() > 7 {
        return false;
    }
    letters.clear();
    for &c in word.iter() {
        match Letter::parse(c) {
            Some(l) => letters.push(l),
            None => return false,
        }
    }
    let mut toned = letters.iter().enumerate().filter(|(_, l)| l.tone.is_some());
    let (from, tone) = match (toned.next(), toned.next()) {
        (Some((i, l)), None) => (i, l.tone),
        _ => return false,
    };
    let Some(syl) = analyse(letters) else {
        return false;
    };
    let to = tone_target(letters, &syl, style);
    if to == from {
        return false;
    }
    letters[from].tone = None;
    letters[to].tone = tone;
    word[from] = letters[from].to_char();
    word[to] = letters[to].to_char();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(w: &str, style: ToneStyle) -> String {
        let mut v: Vec<char> = w.chars().collect();
        place_tone(&mut v, style, &mut Vec::new());
        v.into_iter().collect()
    }

    #[test]
    fn letters_round_trip() {
        for c in "aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ".chars()
        {
            for c in [c, c.to_uppercase().next().unwrap()] {
                let l = Letter::parse(c).unwrap();
                assert_eq!(l.to_char(), c, "{c}");
            }
        }
        assert_eq!(Letter::parse('ĝ'), None);
        assert_eq!(Letter::parse('ḿ'), None);
    }

    #[test]
    fn syllable_table_loads() {
        assert_eq!(part("onset").len(), 26);
        assert_eq!(part("coda").len(), 9);
        assert_eq!(part("open").len(), 46);
        assert_eq!(part("closed").len(), 24);
        assert!(part("onset").contains(&"") && part("coda").contains(&"ng"));
    }

    #[test]
    fn scan_never_skips_a_word_placement_changes() {
        // Every onset + vowel cluster + coda of the grammar, with each tone on each of its
        // letters (and none), in lower and upper case, in both styles, plus words of three
        // letters from an alphabet of plain, shaped and toned vowels and consonants.
        let mut words: Vec<String> = Vec::new();
        let mut onsets = part("onset");
        onsets.extend(["qu", "gi"]);
        let mut vowels = part("open");
        vowels.extend(part("closed"));
        for on in &onsets {
            for v in &vowels {
                for coda in part("coda") {
                    words.push(format!("{on}{v}{coda}"));
                }
            }
        }
        let alphabet: Vec<char> = "aăâeêioôơuưyđbcghkmnqtúùủũụốờữýỹ".chars().collect();
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    words.push([a, b, c].iter().collect());
                }
            }
        }
        let mut checked = 0;
        let mut skipped = 0;
        for w in &words {
            let plain: Vec<char> = w.chars().collect();
            for at in 0..=plain.len() {
                for tone in TONES {
                    let mut v = plain.clone();
                    if at < v.len() {
                        let Some(mut l) = Letter::parse(v[at]) else {
                            continue;
                        };
                        l.tone = Some(tone);
                        v[at] = l.to_char();
                    }
                    for upper in [false, true] {
                        let v: Vec<char> = if upper {
                            v.iter().flat_map(|c| c.to_uppercase()).collect()
                        } else {
                            v.clone()
                        };
                        let mut scan = ToneScan::default();
                        v.iter().for_each(|&c| scan.push(tally(class_of(c, true))));
                        for style in [ToneStyle::Traditional, ToneStyle::Modern] {
                            let mut placed = v.clone();
                            let moved = place_tone(&mut placed, style, &mut Vec::new());
                            checked += 1;
                            if !scan.may_move() {
                                skipped += 1;
                                assert!(!moved, "{:?} {style:?}", v.iter().collect::<String>());
                            }
                        }
                    }
                }
            }
        }
        // The scan must rule out most words, or it would not be worth having.
        assert!(skipped * 2 > checked, "{skipped} of {checked}");
    }

    #[test]
    fn misplaced_tones() {
        let t = ToneStyle::Traditional;
        for (a, b) in [
            ("qúy", "quý"),
            ("hòang", "hoàng"),
            ("Thúê", "Thuế"),
            ("gìa", "già"),
            ("gì", "gì"),
        ] {
            assert_eq!(fix(a, t), b);
        }
        assert_eq!(fix("hoà", t), "hòa");
        assert_eq!(fix("hòa", ToneStyle::Modern), "hoà");
    }
}
