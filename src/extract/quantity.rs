//! Finds the quantities in one block's text: each number with its kind, unit, scale, qualifier,
//! range, fraction or rank, and drops the numbers that only date, name or mark something.

use crate::model::{Kind, Qualifier};

use super::number::{parse_digits, parse_word_roles, parse_words, DecimalMark, Number};
use super::rules::{
    char_class, is_letter, is_word_char, kind_of, rules, NonFact, UnitRule, WordRole, CLASS_DIGIT,
    CLASS_LETTER, CLASS_WORD,
};
use super::split;

/// A quantity found in a text, before label, period and status are decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Char span of the whole fact text (qualifier to unit).
    pub start: usize,
    pub end: usize,
    /// Char span of the (first) number itself.
    pub num_start: usize,
    pub num_end: usize,
    pub kind: Kind,
    pub value: f64,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub denominator: Option<f64>,
    pub max: Option<f64>,
    pub qualifier: Qualifier,
    pub decimals: u8,
}

#[cfg(test)]
impl Quantity {
    /// A bare count of `value` standing on the first `raw` of `text`, for rule tests that
    /// need a quantity without running the scanner.
    pub(crate) fn bare_count_at(text: &str, raw: &str, value: f64) -> Quantity {
        let byte = text.find(raw).expect("raw in text");
        let start = text[..byte].chars().count();
        let end = start + raw.chars().count();
        Quantity {
            start,
            end,
            num_start: start,
            num_end: end,
            kind: Kind::Count,
            value,
            unit: None,
            per: None,
            denominator: None,
            max: None,
            qualifier: Qualifier::Exact,
            decimals: 0,
        }
    }
}

/// A number token: digits with their marks, or a run of number words.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    num: Number,
    words: bool,
    /// Digits only, no marks, this many of them.
    digits: usize,
    /// Read across transcript noise (a stray space, a lost one before it): a word glued before
    /// it is no code.
    repaired: bool,
}

/// One block's text, with its folded twin for matching.
pub struct Text<'a> {
    pub chars: &'a [char],
    pub low: &'a [char],
}

impl<'a> Text<'a> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn skip_sp(&self, mut i: usize) -> usize {
        while i < self.chars.len() && self.chars[i] == ' ' {
            i += 1;
        }
        i
    }

    fn back_sp(&self, mut i: usize) -> usize {
        while i > 0 && self.chars[i - 1] == ' ' {
            i -= 1;
        }
        i
    }

    fn is_letter(&self, i: usize) -> bool {
        self.at(i).is_some_and(is_letter)
    }

    /// The text of a span, lower-cased, as written.
    fn lower(&self, s: usize, e: usize) -> String {
        self.chars[s..e]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect()
    }

    /// True when only list punctuation and spaces stand between the line start and `i`.
    fn at_line_start(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            let c = self.chars[j - 1];
            if c == '\n' {
                return true;
            }
            if !(c == ' ' || c == '-' || c == '+' || c == '*' || c == '•' || c == '(' || c == '\t')
            {
                return false;
            }
            j -= 1;
        }
        true
    }
}

/// A unit found after a number.
struct UnitHit {
    end: usize,
    kind: Kind,
    unit: Option<String>,
    scale: f64,
}

/// Scans a block's text. `chars` and `low` (its folded form) have the same length.
pub fn scan(chars: &[char], low: &[char], mark: DecimalMark) -> Vec<Quantity> {
    let t = Text { chars, low };
    let toks = tokens(&t, mark);
    quantities(&t, &toks)
}

/// [`scan`] with the text's [`token_starts`] already found: a hard-wrapped line's window
/// ("prev cur next" joined by spaces) has the starts of its lines, found once per line.
pub fn scan_from(
    chars: &[char],
    low: &[char],
    mark: DecimalMark,
    starts: &[Start],
) -> Vec<Quantity> {
    let t = Text { chars, low };
    let toks = tokens_from(&t, mark, starts);
    quantities(&t, &toks)
}

/// The quantities the number tokens of a text make.
fn quantities(t: &Text, toks: &[Tok]) -> Vec<Quantity> {
    let chars = t.chars;
    let mut out = Vec::new();
    let mut i = 0;
    // end of the last number skipped as part of a name ("lớp 1, 2, 6 và 7")
    let mut name_end: Option<usize> = None;
    while i < toks.len() {
        let n = toks[i];
        if let Some(ne) = name_end {
            let gap: String = chars[ne..n.start].iter().collect();
            let gap_key = super::rules::fold(gap.trim().trim_matches(',').trim());
            if gap.chars().count() <= 6
                && (gap.trim() == "," || rules().is_cue("coordinator", &gap_key))
                && unit_after(t, n.end).is_none()
            {
                name_end = Some(n.end);
                i += 1;
                continue;
            }
            name_end = None;
        }
        match classify(t, toks, i) {
            Step::SkipName => {
                name_end = Some(n.end);
                i += 1;
            }
            Step::Skip(k) => i += k.max(1),
            Step::Fact(q) => {
                let end = q.end;
                out.push(q);
                i += 1;
                while i < toks.len() && toks[i].start < end {
                    i += 1;
                }
            }
        }
        let _ = n;
    }
    out
}

enum Step {
    Skip(usize),
    /// A number that ends a name; bare numbers listed after it belong to the name too.
    SkipName,
    Fact(Quantity),
}

/// A place where a number token may start: the first digit of a run, or the first letter of a
/// word that is a number word (with the word's end and what it counts).
#[derive(Debug, Clone, Copy)]
pub struct Start {
    at: usize,
    word: Option<(usize, (WordRole, bool))>,
}

impl Start {
    /// The same place in a text that has `by` chars before this one's.
    pub fn moved(self, by: usize) -> Start {
        Start {
            at: self.at + by,
            word: self.word.map(|(end, role)| (end + by, role)),
        }
    }
}

/// Where number tokens may start in a text, in order (pushed onto `out`): [`tokens`]' walk,
/// noting each place it would read a token at instead of reading it. Whether a char starts a
/// token depends only on it, the char before it and the word it opens, and a space is neither
/// a letter nor a digit: the starts of lines joined by single spaces are the starts of each
/// line, [`Start::moved`] by where the line begins. A start may lie inside a token read from an
/// earlier one ("234" of "1 234", a line's first word in a number spelled across the break):
/// [`tokens_from`] passes over those.
pub fn token_starts(chars: &[char], low: &[char], out: &mut Vec<Start>) {
    let r = rules();
    let mut i = 0;
    let mut after_word = false;
    while let Some(&c) = chars.get(i) {
        let k = char_class(c);
        if k & (CLASS_DIGIT | CLASS_LETTER) == 0 {
            after_word = k & CLASS_WORD != 0;
            i += 1;
            continue;
        }
        let starts_word = !after_word;
        after_word = true;
        if k & CLASS_DIGIT != 0 {
            if !(i > 0 && chars[i - 1].is_ascii_digit()) {
                out.push(Start { at: i, word: None });
            }
            i += 1;
            continue;
        }
        let e = word_end(chars, i + 1);
        if starts_word {
            if let Some(role) = r.number_word(chars, low, i, e) {
                out.push(Start {
                    at: i,
                    word: Some((e, role)),
                });
            }
        }
        i = if chars.get(e) == Some(&' ') {
            after_word = false;
            e + 1
        } else {
            e
        };
    }
}

/// The end of the run of letters from `p`.
#[inline]
fn word_end(chars: &[char], mut p: usize) -> usize {
    while let Some(&c) = chars.get(p) {
        if char_class(c) & CLASS_LETTER == 0 {
            break;
        }
        p += 1;
    }
    p
}

/// The number tokens of a text, in order. ([`token_starts`] walks the text the same way.)
// (not inlined into `scan`: its own line in a profile)
#[inline(never)]
fn tokens(t: &Text, mark: DecimalMark) -> Vec<Tok> {
    let r = rules();
    let chars = t.chars;
    let mut toks = Vec::new();
    // one buffer for every digit run's text
    let mut s = String::new();
    let mut i = 0;
    // whether the char before `i` is a letter or digit (a letter after one starts no word)
    let mut after_word = false;
    while let Some(&c) = chars.get(i) {
        let k = char_class(c);
        if k & (CLASS_DIGIT | CLASS_LETTER) == 0 {
            after_word = k & CLASS_WORD != 0;
            i += 1;
            continue;
        }
        // (a digit run, a word and a number word all end on a letter or digit)
        let starts_word = !after_word;
        after_word = true;
        if k & CLASS_DIGIT != 0 {
            if i > 0 && chars[i - 1].is_ascii_digit() {
                i += 1;
                continue;
            }
            let (tok, e) = digit_token(t, i, mark, &mut s);
            toks.extend(tok);
            i = e;
            continue;
        }
        // a letter: only a word's first one may start a number word
        let e = word_end(chars, i + 1);
        // (past the space that most often follows a word: the next word starts after it)
        let past_word = |after_word: &mut bool| {
            if chars.get(e) == Some(&' ') {
                *after_word = false;
                e + 1
            } else {
                e
            }
        };
        if !starts_word {
            i = past_word(&mut after_word);
            continue;
        }
        let Some(first) = r.number_word(chars, t.low, i, e) else {
            i = past_word(&mut after_word);
            continue;
        };
        let (tok, end) = word_token(t, i, e, first);
        toks.extend(tok);
        i = end;
    }
    toks
}

/// [`tokens`] from the text's starts, found before.
#[inline(never)]
fn tokens_from(t: &Text, mark: DecimalMark, starts: &[Start]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut s = String::new();
    // where the last token ended: a start before it is inside it
    let mut i = 0;
    for &st in starts {
        if st.at < i {
            continue;
        }
        let (tok, end) = token_at(t, st, mark, &mut s);
        toks.extend(tok);
        i = end;
    }
    toks
}

/// The token at a start, and where reading goes on.
#[inline]
fn token_at(t: &Text, st: Start, mark: DecimalMark, s: &mut String) -> (Option<Tok>, usize) {
    match st.word {
        None => digit_token(t, st.at, mark, s),
        Some((e, first)) => word_token(t, st.at, e, first),
    }
}

/// The number of the digit run starting at `i` (a digit after no digit) and where reading
/// goes on.
#[inline(never)]
fn digit_token(t: &Text, i: usize, mark: DecimalMark, s: &mut String) -> (Option<Tok>, usize) {
    let chars = t.chars;
    let n = chars.len();
    let mut e = i;
    while e < n {
        let d = chars[e];
        if d.is_ascii_digit() {
            e += 1;
        } else if (d == '.' || d == ',') && e + 1 < n && chars[e + 1].is_ascii_digit() {
            e += 1;
        } else {
            break;
        }
    }
    s.clear();
    s.extend(&chars[i..e]);
    // "1 234 567": groups of three digits after single spaces are one number
    if e - i <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        let group_at = |g: usize| {
            t.at(g) == Some(' ')
                && (1..=3).all(|k| t.at(g + k).is_some_and(|c| c.is_ascii_digit()))
                && !t.at(g + 4).is_some_and(|c| {
                    c.is_ascii_digit()
                        || c == '/'
                        || ((c == ',' || c == '.')
                            && t.at(g + 5).is_some_and(|d| d.is_ascii_digit()))
                })
        };
        let mut g = e;
        while group_at(g) {
            g += 4;
        }
        if g > e && !(i > 0 && chars[i - 1] == '0') && !s.starts_with('0') {
            for p in (e..g).step_by(4) {
                s.extend(&chars[p + 1..p + 4]);
            }
            e = g;
        }
    }
    let (e, repaired) = repair(t, i, e, s, mark);
    let tok = parse_digits(s, mark).map(|num| {
        // digits only: "2 001" (a year split in a transcript) has four
        let digits = if num.plain {
            s.bytes().filter(u8::is_ascii_digit).count()
        } else {
            0
        };
        Tok {
            start: i,
            end: e,
            num,
            words: false,
            digits,
            repaired,
        }
    });
    (tok, e)
}

/// The number spelled by the words from `i` (a number word ending at `e`, counting `first`)
/// and where reading goes on.
#[inline(never)]
fn word_token(t: &Text, i: usize, e: usize, first: (WordRole, bool)) -> (Option<Tok>, usize) {
    let r = rules();
    let chars = t.chars;
    // Up to eight words separated by single spaces, as far as they are number words.
    let mut words = [first; 8];
    let mut ends = [e; 8];
    let mut len = 1;
    let mut p = e;
    while len < 8 && t.at(p) == Some(' ') && t.is_letter(p + 1) {
        let e2 = word_end(chars, p + 2);
        let Some(w) = r.number_word(chars, t.low, p + 1, e2) else {
            break;
        };
        words[len] = w;
        ends[len] = e2;
        len += 1;
        p = e2;
    }
    match parse_word_roles(&words[..len]) {
        Some((v, used)) => {
            let end = ends[used - 1];
            let tok = Tok {
                start: i,
                end,
                num: Number {
                    value: v,
                    decimals: 0,
                    plain: true,
                },
                words: true,
                digits: 0,
                repaired: false,
            };
            (Some(tok), end)
        }
        None => (None, e),
    }
}

/// A digit run read across transcript noise (see `split`): its text, end and whether it was
/// repaired. Only in documents with the Vietnamese decimal comma, where the pieces are read.
fn repair(t: &Text, s: usize, e: usize, digits: &mut String, mark: DecimalMark) -> (usize, bool) {
    // (the digits are ASCII: as many bytes as chars)
    if mark != DecimalMark::Comma || e - s != digits.len() {
        return (e, false);
    }
    let fits = |p: usize| unit_after(t, p).is_some() || range_follows(t, p);
    let before = t.back_sp(s);
    let named = || {
        [
            NonFact::DateBefore,
            NonFact::YearBefore,
            NonFact::OrdinalBefore,
        ]
        .into_iter()
        .any(|w| rules().nonfact(w).match_before(t.low, before).is_some())
    };
    // "Chương trình 1 35", "Nghị quyết 0 8": a name's number split by a stray space
    // (looked up once, when the pieces could join)
    let name = std::cell::OnceCell::new();
    let name = |p| *name.get_or_init(|| name_word_before(t, before).is_some()) || fits(p);
    if let Some(j) = split::join(t.chars, t.low, s, e, named, name) {
        // "3, 5 xã": things are counted whole, so a comma before a counted noun is punctuation
        let counted = unit_after(t, j.end).is_some_and(|u| u.kind == Kind::Count && u.scale == 1.0);
        if parse_digits(&j.digits, mark).is_some_and(|n| n.decimals == 0 || !counted) {
            *digits = j.digits;
            return (j.end, true);
        }
    }
    // Only a number glued to a word before it is read further (the unit is looked up once).
    let Some(ws) = split::glued_word(t.chars, s) else {
        return (e, false);
    };
    let unit = unit_after(t, e);
    // "khoảng10 %": a lost space before a percent
    let percent = unit.as_ref().is_some_and(|u| u.kind == Kind::Percent);
    // "khuôn viên15,87ha": a lost space between a word and a measure written in its unit
    let measure = unit.as_ref().is_some_and(|u| u.kind == Kind::Measure)
        // ("km2", "m3": the digits belong to a unit glued before them)
        && s - ws >= 3
        && !rules()
            .units
            .match_at(t.low, ws)
            .is_some_and(|(end, u)| end >= s && !matches!(u, UnitRule::Count));
    (e, percent || measure)
}

/// True when a range goes on after `p` ("1 8 - 19 tỷ USD"): a dash, then a number.
fn range_follows(t: &Text, p: usize) -> bool {
    let q = t.skip_sp(p);
    matches!(t.at(q), Some('-' | '–')) && t.at(t.skip_sp(q + 1)).is_some_and(|c| c.is_ascii_digit())
}

fn classify(t: &Text, toks: &[Tok], i: usize) -> Step {
    let r = rules();
    let n = toks[i];
    let (s, e) = (n.start, n.end);
    let before = t.back_sp(s);
    let prev_char = if s > 0 { t.at(s - 1) } else { None };

    // Glued to letters before it: a code or a name ("H5N1", "COVID-19", "m2").
    if let Some(pc) = prev_char {
        if is_letter(pc) && !n.words && !n.repaired {
            return Step::Skip(1);
        }
        if pc == '-' && s >= 2 && is_letter(t.chars[s - 2]) {
            return Step::Skip(1);
        }
        // "tăng 10,4%27.": a footnote number glued after a percent
        if pc == '%' {
            return Step::Skip(1);
        }
        if pc == '/' || pc == '\\' {
            return Step::Skip(1);
        }
        // "index?id=5414&qdcbid=116101": a parameter of a web address
        if pc == '=' && s >= 2 && is_word_char(t.chars[s - 2]) {
            return Step::Skip(1);
        }
        if pc == '.' && s >= 2 && is_word_char(t.chars[s - 2]) {
            return Step::Skip(1);
        }
    }
    if !n.words && before < s && before > 0 && t.chars[before - 1] == '/' {
        // "21 /BC" seen from the right side, or "Quý I / 2024".
        return Step::Skip(1);
    }

    // Document numbers: "21/BC-...", "21 /BC", "11-NQ/TU".
    let after = t.skip_sp(e);
    if !n.words {
        if t.at(after) == Some('/') && t.is_letter(after + 1) {
            return Step::Skip(1);
        }
        if t.at(e) == Some('-') && t.at(e + 1).is_some_and(|c| c.is_uppercase()) {
            return Step::Skip(1);
        }
        // Telephone numbers ("0234 3822 123", "0912345678") and long codes.
        if n.num.plain
            && t.chars[s] == '0'
            && (n.digits >= 4 || (n.digits >= 3 && t.at(e) == Some(' ') && followed_by_digit(t, e)))
        {
            let mut k = 1;
            while toks.get(i + k).is_some_and(|m| {
                m.start == toks[i + k - 1].end + 1 && t.at(m.start - 1) == Some(' ')
            }) {
                k += 1;
            }
            return Step::Skip(k);
        }
    }

    // List markers: "1.", "2)", "4.1" at a line start, "(3)".
    if !n.words && t.at_line_start(s) {
        let next = t.at(e);
        let section_key = !n.num.plain && n.num.decimals > 0 && is_section_key(&t.chars[s..e]);
        let small = n.num.plain && n.digits <= 3;
        // "1 Thu ngân sách" (a flattened table's STT), "7 Theo đánh giá" (a footnote's number)
        let before_capital =
            small && next == Some(' ') && t.at(e + 1).is_some_and(|c| c.is_uppercase());
        if (matches!(next, Some('.') | Some(')'))
            && n.num.decimals == 0
            && n.num.value < 1000.0
            && !followed_by_digit(t, e))
            || (small && next == Some('-') && !followed_by_digit(t, e))
            || before_capital
            || (section_key && matches!(next, Some(' ') | Some('.') | None))
        {
            return Step::Skip(1);
        }
    }
    if !n.words && prev_char == Some('(') && t.at(e) == Some(')') && n.num.plain && n.digits <= 2 {
        return Step::Skip(1);
    }

    // Words that make the number a date, a name, an ordinal or an event.
    let before_word = |which: NonFact| {
        r.nonfact(which)
            .match_before(t.low, before)
            .map(|(st, _)| st)
    };
    let rank_cue = r.rank_cues.match_before(t.low, before).map(|(st, _)| st);
    if rank_cue.is_none() {
        if before_word(NonFact::DateBefore).is_some()
            || before_word(NonFact::OrdinalBefore).is_some()
        {
            return skip_slash_group(t, toks, i);
        }
        if before_word(NonFact::EventBefore).is_some() {
            return Step::Skip(1);
        }
    }
    // "năm 2003", and in transcripts "năm 200 3", "năm 200318" (a footnote number glued on)
    if before_word(NonFact::YearBefore).is_some()
        && (is_year(&n)
            || (!n.words
                && n.num.plain
                && (3..=6).contains(&n.digits)
                && t.chars[s..s + 2].iter().collect::<String>() == "20"
                && unit_after(t, e).is_none()))
    {
        return skip_slash_group(t, toks, i);
    }
    if r.nonfact(NonFact::EventAfter)
        .match_at(t.low, after)
        .is_some()
    {
        return Step::Skip(1);
    }
    // (a value right after "=" is a formula's value, whatever words follow it: "= 0,1 Hệ số …")
    if after > e
        && r.nonfact(NonFact::NameAfter)
            .match_at(t.low, after)
            .is_some()
        && !(before > 0 && t.chars[before - 1] == '=')
    {
        return Step::Skip(1);
    }
    // "các chỉ số PAR Index, SIPAS, PAPI, PCI, 766 của tỉnh": a bare number listed among
    // acronym names is one more name (Chỉ số 766), not a count
    if !n.words && n.num.plain && after_acronym_item(t, s) && unit_after(t, e).is_none() {
        return Step::Skip(1);
    }
    // "3G", "1A", "7h30": letters glued to the number that are no unit make a code or a clock time
    if !n.words
        && t.is_letter(e)
        && (lexicon_unit(t, e).is_none() || (t.chars[e].is_uppercase() && !t.is_letter(e + 1)))
    {
        return Step::Skip(1);
    }
    if n.words && r.nonfact(NonFact::Idiom).match_at(t.low, s).is_some() {
        return Step::Skip(1);
    }
    // "quyết định một dự án", "sửa đổi một lần": "một" alone is the article "a"; it counts
    // only as a rate's amount ("mỗi năm một ngày lương")
    if n.words && n.num.value == 1.0 && !t.chars[s..e].contains(&' ') && !one_of_a_rate(t, s) {
        return Step::Skip(1);
    }

    // Slash forms: dates, fractions, ranks.
    if !n.words && t.at(e) == Some('/') {
        if let Some(m) = toks
            .get(i + 1)
            .copied()
            // "9,45/ 9,5", "9,45/\n9,5" (a cell's two paragraphs): spaces may follow the slash
            .filter(|m| {
                !m.words
                    && m.start > e
                    && t.chars[e + 1..m.start].iter().all(|c| c.is_whitespace())
                    && m.start - e <= 3
            })
        {
            if t.at(m.end) == Some('/') {
                // d/m/y, or "59/2023/NĐ-CP"
                let k = if toks.get(i + 2).is_some_and(|x| x.start == m.end + 1) {
                    3
                } else {
                    2
                };
                return Step::Skip(k);
            }
            // "29/200 3/CT-TTg": a document number or date with a stray space in its year
            if t.at(m.end) == Some(' ')
                && toks
                    .get(i + 2)
                    .is_some_and(|x| x.start == m.end + 1 && t.at(x.end) == Some('/'))
            {
                return Step::Skip(3);
            }
            if t.at(m.end) == Some('-') && t.is_letter(m.end + 1) {
                return Step::Skip(2);
            }
            if let Some(cs) = rank_cue {
                return Step::Fact(Quantity {
                    start: cs,
                    end: m.end,
                    num_start: s,
                    num_end: e,
                    kind: Kind::Rank,
                    value: n.num.value,
                    unit: None,
                    per: None,
                    denominator: Some(m.num.value),
                    max: None,
                    qualifier: Qualifier::Exact,
                    decimals: n.num.decimals,
                });
            }
            let unit = if n.num.decimals == 0 && m.num.decimals == 0 {
                unit_after(t, m.end)
            } else {
                None
            };
            if is_year(&m) && n.num.plain && n.num.value <= 12.0 {
                return Step::Skip(2);
            }
            let date_like = n.num.plain
                && m.num.plain
                && (1.0..=31.0).contains(&n.num.value)
                && (1.0..=12.0).contains(&m.num.value);
            let unit_counts = unit
                .as_ref()
                .is_some_and(|u| u.kind == Kind::Count && u.unit.is_some());
            if date_like && !unit_counts {
                return Step::Skip(2);
            }
            if n.num.plain && m.num.plain && n.num.value > m.num.value && m.num.value <= 12.0 {
                return Step::Skip(2);
            }
            // "0/0 người": a form left blank
            if m.num.value == 0.0 {
                return Step::Skip(2);
            }
            // "bản đồ tỷ lệ 1/25.000": a scale, not a share
            if n.num.value == 1.0 && m.num.value >= 1000.0 && !unit_counts {
                return Step::Skip(2);
            }
            // "9.037/17.454 tỷ đồng": a fraction of two amounts, both in whole đồng.
            let money = unit_after(t, m.end).filter(|u| u.kind == Kind::Money);
            if let Some(u) = money {
                let (qs, q) = qualifier_before(t, s);
                return Step::Fact(Quantity {
                    start: qs,
                    end: u.end,
                    num_start: s,
                    num_end: e,
                    kind: Kind::Fraction,
                    value: scaled(n.num.value, u.scale),
                    unit: u.unit,
                    per: None,
                    denominator: Some(scaled(m.num.value, u.scale)),
                    max: None,
                    qualifier: q,
                    decimals: n.num.decimals,
                });
            }
            let (end, unit_s) = match unit {
                Some(u) if u.kind == Kind::Count => (u.end, u.unit),
                _ => (m.end, None),
            };
            let (qs, q) = qualifier_before(t, s);
            return Step::Fact(Quantity {
                start: qs,
                end,
                num_start: s,
                num_end: e,
                kind: Kind::Fraction,
                value: n.num.value,
                unit: unit_s,
                per: None,
                denominator: Some(m.num.value),
                max: None,
                qualifier: q,
                decimals: n.num.decimals,
            });
        }
        if t.is_letter(e + 1) {
            return Step::Skip(1);
        }
    }

    // Ranks without a denominator: "xếp thứ 6".
    if let Some(cs) = rank_cue {
        if !n.words || n.num.value > 0.0 {
            return Step::Fact(Quantity {
                start: cs,
                end: e,
                num_start: s,
                num_end: e,
                kind: Kind::Rank,
                value: n.num.value,
                unit: None,
                per: None,
                denominator: None,
                max: None,
                qualifier: Qualifier::Exact,
                decimals: n.num.decimals,
            });
        }
    }

    // "5-4-3-2-1": a chain of numbers joined by hyphens names a principle
    if !n.words && t.at(e) == Some('-') && followed_by_digit(t, e) {
        if let Some(m) = toks.get(i + 1).filter(|m| m.start == e + 1) {
            if t.at(m.end) == Some('-') && followed_by_digit(t, m.end) {
                let mut k = 2;
                while toks.get(i + k).is_some_and(|x| {
                    x.start == toks[i + k - 1].end + 1 && t.at(x.start - 1) == Some('-')
                }) {
                    k += 1;
                }
                return Step::Skip(k);
            }
        }
    }
    // Ranges: "20 – 25 phòng", "từ 15 đến 20", "10 - 15%".
    if let Some((m, k)) = range_partner(t, toks, i) {
        // "tự bảo đảm từ 70% - dưới 100% chi thường xuyên": a band naming a category
        let band_from = cue_before(t, s, "from_word").unwrap_or(s);
        if unit_after(t, m.end).is_some_and(|u| u.kind == Kind::Percent)
            && cue_before(t, band_from, "category_before").is_some()
        {
            return Step::Skip(k + 1);
        }
        // "lứa tuổi 3 - 5", "tổ 1 - 3": a band or run of names, not a quantity
        if unit_after(t, m.end).is_none() && name_word_before(t, before).is_some() {
            return Step::Skip(k + 1);
        }
        // "từ đủ 16 đến dưới 18 tuổi": a band the word after its upper bound makes a name of
        let m_after = t.skip_sp(m.end);
        if m_after > m.end
            && r.nonfact(NonFact::NameAfter)
                .match_at(t.low, m_after)
                .is_some()
        {
            return Step::Skip(k + 1);
        }
        if !is_year(&n) && !is_year(&m) && m.num.value > n.num.value {
            let unit = unit_after(t, m.end);
            let (mut qs, _) = qualifier_before(t, s);
            let tu = cue_before(t, s, "from_word");
            if let Some(ts) = tu {
                qs = qualifier_before(t, ts).0.min(ts);
            }
            let (kind, unit_s, scale, end, per) = match unit {
                Some(u) => {
                    let (pe, per) = per_after(t, u.end);
                    (u.kind, u.unit, u.scale, pe, per)
                }
                None => (
                    if n.num.decimals > 0 {
                        Kind::Measure
                    } else {
                        Kind::Count
                    },
                    None,
                    1.0,
                    m.end,
                    None,
                ),
            };
            if n.words && unit_s.is_none() && kind == Kind::Count {
                return Step::Skip(k + 1);
            }
            return Step::Fact(Quantity {
                start: qs,
                end,
                num_start: s,
                num_end: e,
                kind,
                value: scaled(n.num.value, scale),
                unit: unit_s,
                per,
                denominator: None,
                max: Some(scaled(m.num.value, scale)),
                qualifier: Qualifier::Range,
                decimals: n.num.decimals.max(m.num.decimals),
            });
        }
    }

    // A single number. "04 (bốn) giờ": the number spelled out in brackets stands before its unit.
    let unit =
        unit_after(t, e).or_else(|| spelled_echo_end(t, toks, i, e).and_then(|p| unit_after(t, p)));
    if is_year(&n) && !unit.as_ref().is_some_and(|u| u.kind != Kind::Measure) {
        return Step::Skip(1);
    }
    if let Some(ns) = name_word_before(t, before) {
        // "Ban dự án 98 Bộ Tổng Tham mưu", "giai đoạn 1 Khu công nghệ cao": a counted noun
        // written with a capital after a name's number opens another name; it is no unit
        // ("Cấp 3 giấy phép", "cho Trung tâm 841 cán bộ": see weak_name_word in cues.tsv)
        let capital = (t.chars[ns].is_uppercase()
            && !r.is_cue("weak_name_word", &t.low[ns..before]))
            || unit.as_ref().is_some_and(|u| u.kind == Kind::Count)
                && t.at(e) == Some(' ')
                && title_word(t, e + 1);
        let is_so = r.is_cue("so_word", &t.low[ns..before]);
        let total_so = is_so
            && r.cues("total_before_so")
                .iter()
                .any(|c| t.low[..t.back_sp(ns)].ends_with(c));
        if !total_so && (unit.is_none() || capital) {
            return Step::SkipName;
        }
    }
    if n.words && unit.is_none() {
        return Step::Skip(1);
    }
    // "khu nhà 164 Đồng Khởi": a bare number after a building, before a proper name of two
    // capitalised words, is a house number
    if unit.is_none() && n.num.decimals == 0 && house_number(t, s, e) {
        return Step::Skip(1);
    }
    // "kế hoạch 5 năm", "trong 4 năm qua": a span that names a period, not a quantity.
    if unit.as_ref().is_some_and(|u| {
        u.kind == Kind::Measure && r.is_cue("year_unit", &t.low[t.skip_sp(e)..u.end])
    }) && cue_before(t, s, "plan_span_before").is_some()
    {
        return Step::Skip(1);
    }
    if unit.is_none() && !n.words && t.at(e) != Some('%') {
        // "Ấp Hóc Thơm 1": a bare number right after a capitalised word (not opening the
        // sentence) ends a name.
        // "năm 2003 26;", "năm 200 3": a bare number right after another (a footnote number or
        // a digit split off in a transcript)
        if n.num.plain
            && n.digits <= 2
            && i > 0
            && toks[i - 1].end + 1 == s
            && t.at(s - 1) == Some(' ')
            && !toks[i - 1].words
            && (is_year(&toks[i - 1]) || (toks[i - 1].num.plain && toks[i - 1].digits == 3))
        {
            return Step::Skip(1);
        }
        // "công nghệ 4.0", "PCI 2.0": a version, not a decimal
        if t.chars[s..e].ends_with(&['.', '0']) {
            return Step::Skip(1);
        }
        // "tăng trưởng rất cao 6." : a footnote number after a word, closing the clause
        let closes =
            matches!(t.at(e), Some('.') | Some(';') | Some(',') | None) && !followed_by_digit(t, e);
        if n.num.plain
            && n.digits <= 2
            && closes
            && before > 0
            && t.is_letter(before - 1)
            && before < s
        {
            let mut ws = before;
            while ws > 0 && t.is_letter(ws - 1) {
                ws -= 1;
            }
            if !r.is_cue("link_before_bare", &t.low[ws..before])
                && qualifier_before(t, s).1 == Qualifier::Exact
            {
                return Step::Skip(1);
            }
        }
        if n.num.plain && before == s.saturating_sub(1) && before > 0 && t.is_letter(before - 1) {
            let mut ws = before;
            while ws > 0 && t.is_letter(ws - 1) {
                ws -= 1;
            }
            let capital = t.chars[ws].is_uppercase();
            let all_caps = t.chars[ws..before].iter().all(|c| c.is_uppercase());
            // (a word glued after a dot is part of a code, "325/KL-STP.ĐKT 556", not a sentence)
            let opens = t.back_sp(ws) == 0
                || matches!(
                    t.chars[t.back_sp(ws) - 1],
                    '.' | ':' | ';' | '\n' | '(' | '-' | '+'
                ) && !(t.chars[ws - 1] == '.' && ws >= 2 && is_word_char(t.chars[ws - 2]));
            if capital && (!all_caps || ws + 1 < before) && !opens {
                return Step::Skip(1);
            }
            // "Bệnh viện Nhân dân 115": a name of two words, the second not capitalised, that
            // the number closes (a flattened row "Sở Tài chính 12 15" goes on with figures)
            let ends_name = matches!(
                t.at(t.skip_sp(e)),
                None | Some(',' | ';' | '(' | ')' | '\n' | '\t')
            );
            if !capital && ends_name && ws >= 2 && t.chars[ws - 1] == ' ' && t.is_letter(ws - 2) {
                let mut ws2 = ws - 1;
                while ws2 > 0 && t.is_letter(ws2 - 1) {
                    ws2 -= 1;
                }
                let opens2 = t.back_sp(ws2) == 0
                    || matches!(
                        t.chars[t.back_sp(ws2) - 1],
                        '.' | ':' | ';' | '\n' | '(' | '-' | '+' | ','
                    );
                if title_word(t, ws2) && !opens2 {
                    return Step::Skip(1);
                }
            }
        }
    }
    // "từ 6 giờ đến 11 giờ", "lúc 8 giờ": times of day
    if unit.as_ref().is_some_and(|u| {
        u.kind == Kind::Measure && r.is_cue("hour_unit", &t.low[t.skip_sp(e)..u.end])
    }) && cue_before(t, s, "clock_before").is_some()
    {
        return Step::Skip(1);
    }
    if unit.as_ref().is_some_and(|u| u.kind == Kind::Percent)
        && (cue_before(
            t,
            cue_before(t, s, "from_word").unwrap_or(s),
            "category_before",
        )
        .is_some()
            || cue_before(t, qualifier_before(t, s).0, "bounded_category_before").is_some()
            || unit
                .as_ref()
                .is_some_and(|u| cue_at(t, t.skip_sp(u.end), "category_after").is_some()))
    {
        return Step::Skip(1);
    }
    // "thu phí \"0 đồng\"": a figure in quotes names a policy
    if s > 0 && t.chars[s - 1] == '"' && unit.as_ref().is_some_and(|u| t.at(u.end) == Some('"')) {
        return Step::Skip(1);
    }
    // "Kế hoạch số 192/KH-ĐKT 557 ngày 23/4/2025": "ngày" opens a date, the number before it
    // ends the document's symbol
    if let Some(u) = unit.as_ref().filter(|u| {
        u.kind == Kind::Measure
            && u.unit
                .as_deref()
                .is_some_and(|x| rules().is_cue("date_word", &super::rules::fold(x)))
    }) {
        let p = t.skip_sp(u.end);
        if toks
            .iter()
            .any(|x| x.start == p && !x.words && t.at(x.end) == Some('/'))
        {
            return Step::Skip(1);
        }
    }
    // "Cấp mới 8 tháng - 2005", "5 năm (2001 - 2005)": months or years followed by their year
    // name a period
    if let Some(u) = unit.as_ref().filter(|u| {
        u.kind == Kind::Measure
            && u.unit.as_deref().is_some_and(|x| {
                let k = super::rules::fold(x);
                rules().is_cue("month_unit", &k) || rules().is_cue("year_unit", &k)
            })
    }) {
        let mut p = t.skip_sp(u.end);
        if matches!(t.at(p), Some('-' | '(')) {
            p = t.skip_sp(p + 1);
        }
        if let Some(y) = toks.iter().find(|x| x.start == p) {
            if is_year(y) {
                return Step::Skip(1);
            }
            // "Trường Tiểu học 30 Tháng 4", "đến 15 tháng 6": a day and its month, a date
            // (a month count goes on with its own unit: "3 tháng 6 ngày")
            let month_word = u
                .unit
                .as_deref()
                .is_some_and(|x| rules().is_cue("month_unit", &super::rules::fold(x)));
            if month_word
                && !y.words
                && y.num.plain
                && (1.0..=12.0).contains(&y.num.value)
                && n.num.plain
                && (1.0..=31.0).contains(&n.num.value)
                && unit_after(t, y.end).is_none()
                && !matches!(t.at(y.end), Some('/' | '.' | ','))
            {
                return Step::Skip(2);
            }
        }
        // "Hàng tháng, quý, 06 tháng, 01năm": how often, not how long
        if super::frequency::in_period_list(t.low, s) {
            return Step::Skip(1);
        }
    }
    let (mut qs, mut q) = qualifier_before(t, s);
    let (kind, unit_s, scale, mut end, per) = match unit {
        Some(u) => {
            let (pe, per) = per_after(t, u.end);
            (u.kind, u.unit, u.scale, pe, per)
        }
        None => {
            let kind = if t.at(e) == Some('%') {
                Kind::Percent
            } else if n.num.decimals > 0 {
                Kind::Measure
            } else {
                Kind::Count
            };
            (kind, None, 1.0, e, None)
        }
    };
    // "từ 80 tuổi trở lên", "5 người trở lên"
    let tail = t.skip_sp(end);
    if let Some(te) = cue_at(t, tail, "at_least_tail") {
        if let Some(ts) = cue_before(t, s, "from_word") {
            qs = ts;
        }
        q = Qualifier::AtLeast;
        end = te;
    } else if let Some(te) = cue_at(t, tail, "at_most_tail") {
        if let Some(ts) = cue_before(t, s, "from_word") {
            qs = ts;
        }
        q = Qualifier::AtMost;
        end = te;
    }
    let value = scaled(n.num.value, scale);
    // "gấp 5 lần", "tăng gần 2 lần": a multiplier, not a number of times
    let multiplier = kind == Kind::Count
        && unit_s
            .as_deref()
            .is_some_and(|u| rules().is_cue("times_unit", &super::rules::fold(u)))
        && cue_before(t, qs, "multiplier_before").is_some();
    let kind = if kind == Kind::Count && (value.fract() != 0.0 || multiplier) {
        Kind::Measure
    } else {
        kind
    };
    // "104.462 hồ sơ trực tuyến/108.117 tổng hồ sơ": a fraction with its noun in between
    if kind == Kind::Count && unit_s.is_some() && per.is_none() && q == Qualifier::Exact {
        if let Some(m) = noun_fraction_denominator(t, toks, i, end, value) {
            return Step::Fact(Quantity {
                start: qs,
                end: m.end,
                num_start: s,
                num_end: e,
                kind: Kind::Fraction,
                value,
                unit: unit_s,
                per: None,
                denominator: Some(m.num.value),
                max: None,
                qualifier: q,
                decimals: n.num.decimals,
            });
        }
    }
    Step::Fact(Quantity {
        start: qs,
        end,
        num_start: s,
        num_end: e,
        kind,
        value,
        unit: unit_s,
        per,
        denominator: None,
        max: None,
        qualifier: q,
        decimals: n.num.decimals,
    })
}

/// Most words between a counted noun and the slash of a fraction ("hồ sơ trực tuyến/").
const MAX_FRACTION_NOUN_WORDS: usize = 4;

/// The denominator of "X noun words/Y …" after a count whose unit ends at `end`: a plain number
/// of at least the count's value right after a slash, not a rate "per 100" nor a date.
fn noun_fraction_denominator(
    t: &Text,
    toks: &[Tok],
    i: usize,
    end: usize,
    value: f64,
) -> Option<Tok> {
    let mut p = end;
    for _ in 0..MAX_FRACTION_NOUN_WORDS {
        if t.at(t.skip_sp(p)) == Some('/') {
            break;
        }
        let w = t.skip_sp(p);
        if !t.is_letter(w) {
            return None;
        }
        p = w;
        while t.is_letter(p) {
            p += 1;
        }
    }
    let slash = t.skip_sp(p);
    if t.at(slash) != Some('/') {
        return None;
    }
    let ds = t.skip_sp(slash + 1);
    let m = toks[i + 1..].iter().find(|m| m.start >= ds)?;
    let round = m.num.value >= 10.0 && (m.num.value.log10().fract()).abs() < 1e-9;
    (m.start == ds && !m.words && m.num.value >= value && !round && t.at(m.end) != Some('/'))
        .then_some(*m)
}

/// The end of "(bốn)" after a number ending at `e` when the words in the brackets spell the
/// same number, as legal texts write it ("04 (bốn) giờ làm việc").
fn spelled_echo_end(t: &Text, toks: &[Tok], i: usize, e: usize) -> Option<usize> {
    let open = t.skip_sp(e);
    if t.at(open) != Some('(') {
        return None;
    }
    let close = (open + 1..t.chars.len().min(open + 48)).find(|&p| t.chars[p] == ')')?;
    let words: Vec<String> = t
        .lower(open + 1, close)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let value = toks[i].num.value;
    // one digit word alone ("năm", which alone may be the year) is read here too
    let single = match refs.as_slice() {
        [w] => matches!(
            rules().number_words.get(*w),
            Some((WordRole::Digit(d), _)) if *d as f64 == value
        ),
        _ => false,
    };
    let spelled =
        single || parse_words(&refs).is_some_and(|(v, used)| v == value && used == refs.len());
    spelled.then_some(close + 1)
}

/// True when a distributive word ("mỗi", "hằng") stands among the two words before `s`.
fn one_of_a_rate(t: &Text, s: usize) -> bool {
    let mut i = s;
    for _ in 0..2 {
        i = t.back_sp(i);
        let e = i;
        while i > 0 && t.is_letter(i - 1) {
            i -= 1;
        }
        if i == e {
            return false;
        }
        if rules().is_cue("distributive", &t.low[i..e]) {
            return true;
        }
    }
    false
}

fn scaled(v: f64, scale: f64) -> f64 {
    let x = v * scale;
    if scale > 1.0 {
        // 18,173 x 10^6 should be exactly 18173000, not 18172999.999
        (x * 1000.0).round() / 1000.0
    } else {
        x
    }
}

fn followed_by_digit(t: &Text, e: usize) -> bool {
    t.at(e + 1).is_some_and(|c| c.is_ascii_digit())
}

/// "4.1", "1.2.3": short groups that number sections.
fn is_section_key(s: &[char]) -> bool {
    s.split(|c| *c == '.')
        .all(|g| !g.is_empty() && g.len() <= 2 && g.iter().all(|c| c.is_ascii_digit()))
}

fn is_year(n: &Tok) -> bool {
    !n.words && n.num.plain && n.digits == 4 && (1900.0..=2100.0).contains(&n.num.value)
}

/// Skips a number and what hangs on it by slashes ("ngày 13/7/2023").
fn skip_slash_group(t: &Text, toks: &[Tok], i: usize) -> Step {
    let mut k = 1;
    let mut end = toks[i].end;
    while let Some(m) = toks.get(i + k) {
        if m.start == end + 1 && t.at(end) == Some('/') {
            end = m.end;
            k += 1;
        } else {
            break;
        }
    }
    Step::Skip(k)
}

/// The second number of a range after token `i`, and how many tokens the range spans.
fn range_partner(t: &Text, toks: &[Tok], i: usize) -> Option<(Tok, usize)> {
    let n = toks[i];
    let m = *toks.get(i + 1)?;
    if m.words != n.words {
        return None;
    }
    let mut p = t.skip_sp(n.end);
    if t.at(p) == Some('%') {
        p = t.skip_sp(p + 1);
    }
    let q = match t.at(p)? {
        '-' | '–' | '—' | '÷' => {
            // "70% - dưới 100%": the upper bound may carry its own "dưới"
            let q = t.skip_sp(p + 1);
            match rules().qualifiers.match_at(t.low, q) {
                Some((qe, Qualifier::LessThan | Qualifier::AtMost)) => t.skip_sp(qe),
                _ => q,
            }
        }
        _ => {
            let e = cue_at(t, p, "range_word")?;
            let q = t.skip_sp(e);
            // "từ 90 đến dưới 100 điểm": the upper bound may carry its own "dưới"
            match rules().qualifiers.match_at(t.low, q) {
                Some((qe, Qualifier::LessThan | Qualifier::AtMost)) => t.skip_sp(qe),
                _ => q,
            }
        }
    };
    if q != m.start {
        return None;
    }
    // a date range "27/7/1947-27/7/2023" or "13-15/7"
    if t.at(m.end) == Some('/') {
        return None;
    }
    Some((m, 1))
}

/// The qualifier phrase right before `s` (one space allowed): (start of the raw text, qualifier).
fn qualifier_before(t: &Text, s: usize) -> (usize, Qualifier) {
    let b = t.back_sp(s);
    match rules().qualifiers.match_before(t.low, b) {
        Some((qs, _)) if cue_before(t, qs, "qualifier_blocker").is_some() => (s, Qualifier::Exact),
        Some((qs, q)) => (qs, *q),
        None => (s, Qualifier::Exact),
    }
}

/// Start of a phrase of the cue group when it stands right before `s` (one space allowed).
fn cue_before(t: &Text, s: usize, group: &str) -> Option<usize> {
    let b = t.back_sp(s);
    rules().cue_start_before(group, t.low, b, |st| {
        st == 0 || !is_word_char(t.chars[st - 1])
    })
}

/// End of a phrase of the cue group when the text has it at `p` as whole words.
fn cue_at(t: &Text, p: usize, group: &str) -> Option<usize> {
    rules().cue_end_at(group, t.low, p, |e| !t.is_letter(e))
}

/// The unit after a number ending at `e`: scale words, currency, percent, measure, counted noun.
/// Whether the number at `s` follows ", " after an acronym of two or more capitals
/// ("PCI, 766"): an item of a list of names.
fn after_acronym_item(t: &Text, s: usize) -> bool {
    if s < 4 || t.chars[s - 1] != ' ' || t.chars[s - 2] != ',' {
        return false;
    }
    let end = s - 2;
    let mut st = end;
    while st > 0 && t.chars[st - 1].is_ascii_uppercase() {
        st -= 1;
    }
    end - st >= 2 && (st == 0 || !t.is_letter(st - 1))
}

fn unit_after(t: &Text, e: usize) -> Option<UnitHit> {
    let r = rules();
    if t.at(e) == Some('%') && t.at(e + 1) == Some('o') && !t.is_letter(e + 2) {
        return Some(UnitHit {
            end: e + 2,
            kind: Kind::Measure,
            unit: Some("‰".into()),
            scale: 1.0,
        });
    }
    if t.at(e) == Some('%') {
        return Some(UnitHit {
            end: e + 1,
            kind: Kind::Percent,
            unit: Some("%".into()),
            scale: 1.0,
        });
    }
    let p = if t.at(e) == Some(' ') { e + 1 } else { e };
    if p >= t.chars.len() {
        return None;
    }
    let mut hit = lexicon_unit(t, p);
    // "3G", "5G": one capital letter glued to a number is a code, not grams
    if p == e
        && hit
            .as_ref()
            .is_some_and(|h| h.end == p + 1 && t.chars[p].is_uppercase())
    {
        return None;
    }
    if hit
        .as_ref()
        .is_none_or(|h| h.kind == Kind::Count && h.scale == 1.0 && h.unit.is_none())
    {
        if let Some((se, scale)) = r.scales.match_at(t.low, p) {
            let (mut se, mut scale) = (se, *scale);
            // "8 nghìn tỷ trái phiếu": two scale words multiply
            if t.at(se) == Some(' ') {
                if let Some((se2, s2)) = r.scales.match_at(t.low, se + 1).filter(|x| *x.1 > scale) {
                    se = se2;
                    scale *= s2;
                }
            }
            let q = t.skip_sp(se);
            return Some(match lexicon_unit(t, q) {
                Some(mut u) if u.kind != Kind::Percent => {
                    u.scale *= scale;
                    u
                }
                _ => {
                    // "32 tỷ" alone is money in reports; a bare "triệu" or "nghìn" is a count.
                    if scale >= 1e9 {
                        UnitHit {
                            end: se,
                            kind: Kind::Money,
                            unit: Some("VND".into()),
                            scale,
                        }
                    } else {
                        UnitHit {
                            end: se,
                            kind: Kind::Count,
                            unit: None,
                            scale,
                        }
                    }
                }
            });
        }
    }
    if let Some(h) = &hit {
        if h.kind == Kind::Count && h.unit.is_none() {
            hit = None;
        }
    }
    hit
}

/// A word in title case ("Đồng", not "ĐỒNG" nor "đồng") starts at `i`.
/// Start of a `name_before` word of `rules/nonfacts.tsv` ending at `before` ("đội", "cấp"),
/// unless it ends a verb of `name_word_verb` in `rules/cues.tsv` ("nâng cấp 9 tuyến đường").
fn name_word_before(t: &Text, before: usize) -> Option<usize> {
    let ns = rules()
        .nonfact(NonFact::NameBefore)
        .match_before(t.low, before)?
        .0;
    match cue_before(t, before, "name_word_verb") {
        Some(vs) if vs < ns => None,
        _ => Some(ns),
    }
}

fn title_word(t: &Text, i: usize) -> bool {
    t.at(i).is_some_and(char::is_uppercase) && t.at(i + 1).is_some_and(char::is_lowercase)
}

/// The number `s..e` stands after a building ("khu nhà", "trụ sở": `address_before` in
/// `rules/cues.tsv`) and before two title-case words: an address ("164 Đồng Khởi"), not a
/// quantity.
fn house_number(t: &Text, s: usize, e: usize) -> bool {
    cue_before(t, s, "address_before").is_some() && proper_name_at(t, e)
}

/// Two title-case words follow `e` after a space: a proper name ("Đồng Khởi", "Bộ Tổng").
fn proper_name_at(t: &Text, e: usize) -> bool {
    let w1 = t.skip_sp(e);
    if w1 == e || !title_word(t, w1) {
        return false;
    }
    let mut p = w1;
    while t.is_letter(p) {
        p += 1;
    }
    let w2 = t.skip_sp(p);
    if w2 == p || !title_word(t, w2) {
        return false;
    }
    true
}

/// A unit phrase from the tables at `p`, with noun coordination for counts ("phòng, đơn vị").
fn lexicon_unit(t: &Text, p: usize) -> Option<UnitHit> {
    let r = rules();
    let (end, rule) = r.units.match_at(t.low, p)?;
    match rule {
        UnitRule::Percent => Some(UnitHit {
            end,
            kind: Kind::Percent,
            unit: Some("%".into()),
            scale: 1.0,
        }),
        UnitRule::Money { code, scale } => {
            // "đồng chí", "đồng thời": not the currency
            let q = t.skip_sp(end);
            if q > end || end < t.chars.len() {
                if let Some((_, _)) = r
                    .nonfact(NonFact::NotMoneyAfter)
                    .match_at(t.low, q)
                    .filter(|_| q == end + 1)
                {
                    return None;
                }
            }
            // "164 Đồng Khởi", "Đồng Nai": a capitalised "Đồng" before a capitalised word, in
            // lower-case text, names a street or a place
            let word_before = (0..t.back_sp(p))
                .rev()
                .find(|&i| i == 0 || t.at(i - 1) == Some(' '));
            let before_number = word_before
                .map(|w| t.back_sp(w))
                .and_then(|nb| (0..nb).rev().find(|&i| i == 0 || t.at(i - 1) == Some(' ')));
            if title_word(t, p)
                && !t.low[p..end].contains(&' ')
                && q == end + 1
                && title_word(t, q)
                && !before_number.is_some_and(|b| title_word(t, b))
            {
                return None;
            }
            Some(UnitHit {
                end,
                kind: Kind::Money,
                unit: Some(code.clone()),
                scale: *scale,
            })
        }
        UnitRule::Measure { unit, scale } => Some(UnitHit {
            end,
            kind: Kind::Measure,
            unit: Some(unit.clone()),
            scale: *scale,
        }),
        UnitRule::Scale(s) => Some(UnitHit {
            end,
            kind: Kind::Count,
            unit: None,
            scale: *s,
        }),
        UnitRule::Count => {
            let mut end = end;
            // the folded text is the lower-cased text's fold where each char lower-cases to one
            let single = t.chars[p..end]
                .iter()
                .all(|c| c.is_ascii() || c.to_lowercase().len() == 1);
            let no_coordination = if single {
                r.is_cue("no_coordination", &t.low[p..end])
            } else {
                r.is_cue_str("no_coordination", &t.lower(p, end))
            };
            if !no_coordination {
                loop {
                    let sep_end = if t.at(end) == Some(',') && t.at(end + 1) == Some(' ') {
                        end + 2
                    } else if let Some(e2) =
                        cue_at(t, t.skip_sp(end), "coordinator").filter(|_| t.at(end) == Some(' '))
                    {
                        e2 + 1
                    } else {
                        break;
                    };
                    match r.units.match_at(t.low, sep_end) {
                        Some((e3, UnitRule::Count))
                            if !r.is_cue("no_coordination", &t.low[sep_end..e3]) =>
                        {
                            end = e3
                        }
                        _ => break,
                    }
                }
            }
            Some(UnitHit {
                end,
                kind: kind_of(rule),
                unit: Some(t.lower(p, end)),
                scale: 1.0,
            })
        }
    }
}

/// "/người/năm" after a unit: the rate's denominator.
fn per_after(t: &Text, mut e: usize) -> (usize, Option<String>) {
    let start = e;
    let mut parts: Vec<String> = Vec::new();
    while t.at(e) == Some('/')
        && (t.is_letter(e + 1) || t.at(e + 1).is_some_and(|c| c.is_ascii_digit()))
    {
        let mut w = e + 1;
        // "/100 dân", "/100km": a number of units per
        while t.at(w).is_some_and(|c| c.is_ascii_digit() || c == '.') {
            w += 1;
        }
        if w > e + 1 {
            if t.at(w) == Some(' ') && t.is_letter(w + 1) {
                w += 1;
            } else if !t.is_letter(w) {
                break;
            }
        }
        while t.is_letter(w)
            || (t.at(w).is_some_and(|c| c.is_ascii_digit()) && w > e + 1 && t.is_letter(w - 1))
        {
            w += 1;
        }
        // "/ngày đêm": a period named by two words
        for c in rules().cues("per_phrase") {
            let end = e + 1 + c.len();
            if end > w && t.low.get(e + 1..end).is_some_and(|x| x == &c[..]) && !t.is_letter(end) {
                w = end;
            }
        }
        parts.push(t.lower(e + 1, w));
        e = w;
    }
    if parts.is_empty() {
        (start, None)
    } else {
        (e, Some(parts.join("/")))
    }
}

/// Whether [`cell_value`] may find a value in `text`: only where its last char but spaces is a
/// digit or "%" (the number, or the "%" after it, ends the cell). A caller passes the other
/// cells, most of a table's, without copying them into chars.
pub fn may_be_cell_value(text: &str) -> bool {
    text.trim_end_matches(' ')
        .ends_with(|c: char| c.is_ascii_digit() || c == '%')
}

/// A whole table cell holding one value: "31,2", "Trên 90", "<1,5", ">60", "100%".
/// Returns the quantity over the cell's text (unit "%" only when written).
pub fn cell_value(chars: &[char], low: &[char], mark: DecimalMark) -> Option<Quantity> {
    let t = Text { chars, low };
    let s0 = t.skip_sp(0);
    let mut e0 = chars.len();
    while e0 > s0 && chars[e0 - 1] == ' ' {
        e0 -= 1;
    }
    if s0 >= e0 {
        return None;
    }
    // qualifier, number, optional %, nothing else
    let mut p = s0;
    let mut qualifier = Qualifier::Exact;
    if let Some((qe, q)) = rules().qualifiers.match_at(low, p) {
        qualifier = *q;
        p = t.skip_sp(qe);
    }
    // "-5000" in a table cell: a negative value (a plan lowered, a loss); the sign must touch
    // the digits, so a lone dash or "- 5" (a list dash) is no sign
    // (a cell of a qualifier alone, "<", leaves p at the end)
    let negative = chars.get(p).is_some_and(|c| matches!(c, '-' | '\u{2212}'))
        && chars.get(p + 1).is_some_and(char::is_ascii_digit);
    let ns = if negative { p + 1 } else { p };
    p = ns;
    while p < e0
        && (chars[p].is_ascii_digit()
            || ((chars[p] == '.' || chars[p] == ',')
                && p + 1 < e0
                && chars[p + 1].is_ascii_digit()))
    {
        p += 1;
    }
    if p == ns {
        return None;
    }
    let mut s: String = chars[ns..p].iter().collect();
    if mark == DecimalMark::Comma {
        // "17, 66": a stray space after the decimal mark
        if let Some(j) = split::join_cell(chars, ns, p) {
            s = j.digits;
            p = j.end;
        }
    }
    let num = parse_digits(&s, mark)?;
    let ne = p;
    let mut kind = if num.decimals > 0 {
        Kind::Measure
    } else {
        Kind::Count
    };
    let mut unit = None;
    let q = t.skip_sp(p);
    if q < e0 && chars[q] == '%' {
        kind = Kind::Percent;
        unit = Some("%".to_string());
        p = q + 1;
    }
    if t.skip_sp(p) != e0 {
        return None;
    }
    Some(Quantity {
        start: s0,
        end: p,
        num_start: ns,
        num_end: ne,
        kind,
        value: if negative { -num.value } else { num.value },
        unit,
        per: None,
        denominator: None,
        max: None,
        qualifier,
        decimals: num.decimals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::rules::fold_char;

    fn q(s: &str) -> Vec<(Kind, f64, Option<String>, Qualifier, String)> {
        let chars: Vec<char> = s.chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        scan(&chars, &low, DecimalMark::Comma)
            .into_iter()
            .map(|x| {
                (
                    x.kind,
                    x.value,
                    x.unit,
                    x.qualifier,
                    chars[x.start..x.end].iter().collect(),
                )
            })
            .collect()
    }

    #[test]
    fn basic() {
        let v = q("Trên Đại học 21 người; Đại học 122 người");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].3, Qualifier::Exact);
        assert_eq!(v[0].4, "21 người");
        let v = q("với tổng kinh phí hơn 18,173 triệu đồng");
        assert_eq!(v[0].0, Kind::Money);
        assert_eq!(v[0].1, 18173000.0);
        assert_eq!(v[0].4, "hơn 18,173 triệu đồng");
        assert!(q("Nghị định số 59/2023/NĐ-CP ngày 14 tháng 8 năm 2023").is_empty());
        let v = q("Cử nhân 04 đồng chí");
        assert_eq!(v[0].0, Kind::Count);
        assert_eq!(v[0].2.as_deref(), Some("đồng chí"));
    }

    /// The tokens of a text as spans and values, read in one walk or from its starts.
    #[allow(clippy::type_complexity)]
    fn both_ways(
        text: &str,
    ) -> (
        Vec<(usize, usize, f64, bool)>,
        Vec<(usize, usize, f64, bool)>,
    ) {
        let chars: Vec<char> = text.chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        let t = Text {
            chars: &chars,
            low: &low,
        };
        let mut starts = Vec::new();
        token_starts(&chars, &low, &mut starts);
        let key = |v: Vec<Tok>| -> Vec<(usize, usize, f64, bool)> {
            v.into_iter()
                .map(|k| (k.start, k.end, k.num.value, k.repaired))
                .collect()
        };
        (
            key(tokens(&t, DecimalMark::Comma)),
            key(tokens_from(&t, DecimalMark::Comma, &starts)),
        )
    }

    #[test]
    fn tokens_read_from_their_starts_are_the_tokens_of_one_walk() {
        let (walk, from) = both_ways("có 1 234 hộ, hai mươi lăm người, 10ha, tăng6 ,5% và 15, 6%");
        assert_eq!(walk, from);
        let values: Vec<f64> = walk.iter().map(|k| k.2).collect();
        assert_eq!(values, [1234.0, 25.0, 10.0, 6.5, 15.6]);
        let text = include_str!("../../corpus/000_e77d1e97e7429ec4.txt");
        let mut n = 0;
        for line in text.lines() {
            let (walk, from) = both_ways(line);
            assert_eq!(walk, from, "{line}");
            n += walk.len();
        }
        assert!(n > 100, "{n}");
    }

    #[test]
    fn a_cell_of_a_qualifier_alone_is_no_value() {
        // "<" alone in a cell used to index past the end (found by a differential fuzz run)
        for cell in ["<", ">", "~", "≥ ", " hơn"] {
            let chars: Vec<char> = cell.chars().collect();
            let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
            assert!(
                cell_value(&chars, &low, DecimalMark::Comma).is_none(),
                "{cell:?}"
            );
        }
        // what may_be_cell_value passes over has no value
        for cell in ["12 người", "100% ", "<1,5", "Tổng", "5 %  ", "5\t", "2020-"] {
            let chars: Vec<char> = cell.chars().collect();
            let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
            let value = cell_value(&chars, &low, DecimalMark::Comma);
            assert!(value.is_none() || may_be_cell_value(cell), "{cell:?}");
        }
        let chars: Vec<char> = "< -5".chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        let v = cell_value(&chars, &low, DecimalMark::Comma).expect("a value");
        assert_eq!((v.value, v.qualifier), (-5.0, Qualifier::LessThan));
    }
}
