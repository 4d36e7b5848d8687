//! The words that say what a number measures, taken from the text around it.
//!
//! Prose: the clause before the number (after the previous fact, a ";", a "." or a ":"), without
//! list markers and linking words ("là", "đạt", "cho"); when nothing is left, the counted noun and
//! the words after it. Table cells: the row label and the column header.

use std::sync::OnceLock;

use crate::model::Kind;

use super::rules::{fold, is_word_char, rules, tsv_rows, Lexicon};

const LABEL_TRIM: &str = include_str!("rules/label_trim.tsv");

/// Longest label kept, in chars; longer clauses keep their end (the words next to the number).
const MAX_LABEL: usize = 160;

struct Trim {
    lead: Lexicon<()>,
    trail: Lexicon<()>,
}

fn trims() -> &'static Trim {
    static T: OnceLock<Trim> = OnceLock::new();
    T.get_or_init(|| {
        let mut lead = Vec::new();
        let mut trail = Vec::new();
        for r in tsv_rows(LABEL_TRIM).filter(|r| r.len() >= 2) {
            if r[0] == "lead" {
                lead.push((fold(r[1]), ()));
            } else {
                trail.push((fold(r[1]), ()));
            }
        }
        Trim {
            lead: Lexicon::new(lead),
            trail: Lexicon::new(trail),
        }
    })
}

fn is_sentence_end(chars: &[char], i: usize) -> bool {
    match chars[i] {
        ';' | '!' | '?' | '\n' => true,
        '.' => {
            // not a thousands mark or a list number: "17.034", "1."
            let next = chars.get(i + 1).copied();
            let prev = if i > 0 { Some(chars[i - 1]) } else { None };
            !(next.is_some_and(|c| c.is_ascii_digit()) && prev.is_some_and(|c| c.is_ascii_digit()))
                && !(prev.is_some_and(|c| c.is_ascii_digit()) && is_marker_start(chars, i))
                && !in_word_dot(chars, i)
        }
        _ => false,
    }
}

/// A dot inside a word ("csdl.moet.gov.vn", "dichvucong.gov.vn"): no full stop.
fn in_word_dot(chars: &[char], i: usize) -> bool {
    i > 0
        && chars[i - 1].is_ascii_alphabetic()
        && chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase())
}

/// "1." or "4.1." at the start of the text: a list marker, not a full stop.
fn is_marker_start(chars: &[char], dot: usize) -> bool {
    chars[..dot].iter().all(|c| is_marker_char(*c))
}

/// The sentence ends of a block, found once: `sentence_start` for every figure of a block
/// rescanned its sentence (quadratic in a long sentence).
pub struct Sentences {
    /// Positions where `is_sentence_end` holds, ascending.
    ends: Vec<usize>,
    /// Positions of the chars that end a ";"-list ('.', '!', '?', a line end), ascending;
    /// made on first use (see `list_start`).
    stops: std::cell::OnceCell<Vec<usize>>,
}

fn is_marker_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == ' ' || c == '-' || c == '+'
}

/// Chars read at a time when looking for sentence ends: most runs of text hold none, and a
/// run is passed over with a few compares per char.
const END_RUN: usize = 16;

/// Some char of `run` is one a sentence may end at.
#[inline]
fn may_end_in(run: &[char]) -> bool {
    // (no early exit: the compares of a whole run go side by side)
    run.iter().fold(false, |any, &c| {
        any | (c == ';') | (c == '!') | (c == '?') | (c == '\n') | (c == '.')
    })
}

impl Sentences {
    pub fn new(chars: &[char]) -> Self {
        Sentences::until(chars, chars.len())
    }

    /// The sentence ends before `upto`: enough for `start` of any position up to `upto`.
    pub fn until(chars: &[char], upto: usize) -> Self {
        // `is_marker_start(chars, dot)` holds exactly for the dots within this prefix
        let marker_prefix = chars.iter().take_while(|c| is_marker_char(**c)).count();
        let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
        // (the five chars are below 64: one bit test passes every other char)
        const ENDS: u64 = 1 << b';' | 1 << b'!' | 1 << b'?' | 1 << b'\n' | 1 << b'.';
        let is_end = |i: usize, c: char| {
            (c as u32) < 64
                && ENDS >> (c as u32) & 1 == 1
                && (c != '.' || {
                    let prev_digit = i > 0 && digit(i - 1);
                    !(digit(i + 1) && prev_digit)
                        && !(prev_digit && i <= marker_prefix)
                        && !in_word_dot(chars, i)
                })
        };
        let mut ends = Vec::new();
        for (r, run) in chars[..upto.min(chars.len())].chunks(END_RUN).enumerate() {
            if may_end_in(run) {
                let at = r * END_RUN;
                ends.extend(
                    run.iter()
                        .enumerate()
                        .filter(|&(j, &c)| is_end(at + j, c))
                        .map(|(j, _)| at + j),
                );
            }
        }
        Sentences {
            ends,
            stops: std::cell::OnceCell::new(),
        }
    }

    /// Where the ";"-list holding `pos` starts: after the last '.', '!', '?' or line end
    /// before it (any '.', unlike a sentence end). `chars` is the block the table was made
    /// from. A long list asked about for each of its items is walked once, not once per item.
    fn list_start(&self, chars: &[char], pos: usize) -> usize {
        let stops = self.stops.get_or_init(|| {
            (0..chars.len())
                .filter(|&i| matches!(chars[i], '.' | '\n' | '!' | '?'))
                .collect()
        });
        after_last_before(stops, pos)
    }

    /// `sentence_start(chars, pos)` of the block the table was made from.
    pub fn start(&self, pos: usize) -> usize {
        after_last_before(&self.ends, pos)
    }
}

/// The position after the last of `ends` (ascending) that is before `pos`, or 0.
fn after_last_before(ends: &[usize], pos: usize) -> usize {
    match ends.partition_point(|&e| e < pos) {
        0 => 0,
        k => ends[k - 1] + 1,
    }
}

/// Where the sentence holding `pos` starts.
pub fn sentence_start(chars: &[char], pos: usize) -> usize {
    let mut i = pos;
    while i > 0 {
        if is_sentence_end(chars, i - 1) {
            return i;
        }
        i -= 1;
    }
    0
}

/// Where the clause holding `pos` starts: the sentence start, the end of the previous fact, or
/// after an unclosed "(".
pub fn clause_start(chars: &[char], pos: usize, prev_end: usize) -> usize {
    clause_start_in(chars, sentence_start(chars, pos), pos, prev_end)
}

/// `clause_start` when the sentence start is known.
pub fn clause_start_in(chars: &[char], sentence: usize, pos: usize, prev_end: usize) -> usize {
    let mut s = sentence.max(prev_end.min(pos));
    // an open parenthesis before the number starts a clause of its own
    let mut depth = 0i32;
    let mut i = pos;
    while i > s {
        match chars[i - 1] {
            ')' => depth += 1,
            '(' => {
                if depth == 0 {
                    s = i;
                    break;
                }
                depth -= 1;
            }
            _ => {}
        }
        i -= 1;
    }
    s
}

fn strip(chars: &[char], low: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let t = trims();
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ':' | ';' | '-' | '+' | '*' | '•' | '.' | '–' | '(' | ')'
            )
    };
    loop {
        let before = (s, e);
        while s < e && junk(chars[s]) {
            s += 1;
        }
        while e > s && junk(chars[e - 1]) {
            e -= 1;
        }
        // list markers: "a)", "đ)", "1.", "II.", "4.1."
        let mut m = s;
        while m < e && is_word_char(chars[m]) && m - s < 5 {
            m += 1;
        }
        if m < e
            && m > s
            && matches!(chars[m], ')' | '.')
            && (m - s <= 2
                || chars[s..m]
                    .iter()
                    .all(|c| "IVXLivxl0123456789".contains(*c)))
        {
            if m + 1 >= e || chars[m + 1] == ' ' {
                s = m + 1;
            }
        }
        // "7 Theo đánh giá …", "22 Trong đó Nhật Bản …": a footnote's (or a flattened row's)
        // number before a capitalised word
        if s == 0
            && m > s
            && m - s <= 3
            && chars[s..m].iter().all(char::is_ascii_digit)
            && m + 1 < e
            && chars[m] == ' '
            && chars[m + 1].is_uppercase()
        {
            s = m + 1;
        }
        if let Some((le, _)) = t.lead.match_at(low, s).filter(|(le, _)| *le <= e) {
            if le == e || !is_word_char(chars[le]) {
                s = le;
            }
        }
        if let Some((ts, _)) = t
            .trail
            .match_before(&low[..e], e)
            .filter(|(ts, _)| *ts >= s)
        {
            e = ts;
        }
        if (s, e) == before {
            break;
        }
    }
    (s, e)
}

fn collapse(chars: &[char]) -> String {
    // the words joined by single spaces, in one pass; a text longer than a label only from
    // its last words that fit (joining a long clause whole, then cutting it, copied it twice)
    let chars = &chars[label_start(chars)..];
    // (room for a Vietnamese text, most of whose letters take one or two bytes: summing the
    // chars' lengths first was a sixth of the cost)
    let mut s = String::with_capacity(chars.len() * 2);
    let (mut n, mut gap) = (0usize, false);
    for &c in chars {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && n > 0 {
            s.push(' ');
            n += 1;
        }
        gap = false;
        s.push(c);
        n += 1;
    }
    s
}

/// Where the words `collapse` keeps start: all of them when, joined by single spaces, they
/// make MAX_LABEL chars or fewer, else the last ones that make fewer (the words next to the
/// number).
fn label_start(chars: &[char]) -> usize {
    words_start(chars, MAX_LABEL)
}

/// `label_start` for a limit of `max` chars.
fn words_start(chars: &[char], max: usize) -> usize {
    if chars.len() <= max {
        return 0;
    }
    // the words counted from the end, as far as the label reaches
    let (mut from, mut n, mut i) = (chars.len(), 0usize, chars.len());
    loop {
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        if i == 0 {
            return from;
        }
        let end = i;
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        let with = if n == 0 { end - i } else { n + 1 + end - i };
        // (a text of exactly `max` chars is kept whole)
        if with >= max && !(with == max && chars[..i].iter().all(|c| c.is_whitespace())) {
            return from;
        }
        (from, n) = (i, with);
    }
}

/// What the label of one prose fact is decided from.
pub struct LabelContext<'a> {
    pub chars: &'a [char],
    pub low: &'a [char],
    /// The sentence table of `chars`.
    pub sentences: &'a Sentences,
    /// Start of the fact's sentence (`sentence_start` of its start) and of its clause (after
    /// the previous fact, a ";", a "." or an open "(").
    pub sentence: usize,
    pub clause: usize,
    pub start: usize,
    pub end: usize,
    /// Start of the next fact in the block, or the block end.
    pub next_start: usize,
    pub unit: Option<&'a str>,
    pub kind: Kind,
    /// End of the previous fact of the same sentence, and its label.
    pub prev_end: Option<usize>,
    pub prev_label: Option<&'a str>,
    /// The label of the previous fact of the block, in any sentence.
    pub block_prev_label: Option<&'a str>,
    /// The unit of the previous fact of the same sentence, and its clause start and start.
    pub prev_unit: Option<&'a str>,
    pub prev_kind: Option<Kind>,
    pub prev_span: Option<(usize, usize)>,
    /// The label of the last earlier fact of the block of the same kind and unit.
    pub unit_label: Option<&'a str>,
}

impl LabelContext<'_> {
    /// Where the previous fact of the sentence starts.
    fn prev_start(&self) -> usize {
        self.prev_span.map_or(0, |(_, s)| s)
    }
}

/// Words up to the clause end after the fact ("04 trung tâm thuộc Sở)" -> "thuộc Sở").
fn right_words(c: &LabelContext) -> String {
    let mut r = c.end;
    let limit = c.next_start.min(c.chars.len());
    while r < limit && !matches!(c.chars[r], ',' | ';' | '.' | '(' | ')' | ':' | '\n') {
        r += 1;
    }
    let (rs, re) = strip(c.chars, c.low, c.end, r);
    collapse(&c.chars[rs..re])
}

/// A left context that names nothing: only a year ("Năm 2023"), or nothing at all.
fn names_nothing(text: &str) -> bool {
    text.split(|ch: char| !is_word_char(ch))
        .filter(|w| !w.is_empty())
        .all(|w| w.bytes().all(|b| b.is_ascii_digit()) || rules().is_cue_str("label_filler", w))
}

/// The words of a clause before a fact (`clause..start`) that name it.
fn left_words(chars: &[char], low: &[char], clause: usize, start: usize) -> String {
    // "… 21.106 hồ sơ đăng ký khai tử), trong đó: 49.890 hồ sơ": a bracket closed after the
    // figure before ends words that were about that figure
    let from = clause;
    let mut clause = clause;
    let mut depth = 0usize;
    let end = start.min(chars.len());
    for (i, &ch) in chars[from.min(end)..end].iter().enumerate() {
        match ch {
            '(' => depth += 1,
            ')' if depth == 0 => clause = from + i + 1,
            ')' => depth -= 1,
            _ => {}
        }
    }
    let (mut s, e) = strip(chars, low, clause, start);
    // "Về trình độ chuyên môn: Trên Đại học 21 người": the words after the last ":" name it;
    // when they name nothing ("Chỉ số CCHC: năm 2023 đứng thứ 6/21"), the words before it do.
    let mut left = String::new();
    if let Some(col) = (s..e).rev().find(|&i| chars[i] == ':') {
        let (s2, e2) = strip(chars, low, col + 1, e);
        let after = collapse(&chars[s2..e2]);
        if !names_nothing(&after) {
            left = after;
            // "Giới tính: nam: 1800", "Loại ma túy sử dụng: … Heroine: 248": one word after the
            // colon is an item of the heading before it
            if !left.contains(' ') {
                let (s3, e3) = strip(chars, low, s, col);
                let heading = collapse(&chars[s3..e3]);
                if !heading.is_empty() && !heading.contains(':') && !names_nothing(&heading) {
                    left = format!("{heading}: {left}");
                }
            }
        } else {
            let (s3, e3) = strip(chars, low, s, col);
            left = collapse(&chars[s3..e3]);
        }
        s = e;
    }
    if left.is_empty() && e > s {
        left = collapse(&chars[s..e]);
    }
    left
}

/// The label of a prose fact.
pub fn prose_label(c: &LabelContext) -> Option<String> {
    let label = own_label(c);
    // "Tang vật thu giữ: 23,2584kg ma túy tổng hợp; 78 viên thuốc lắc; 2,64kg Heroin": the
    // items of a list after a colon, cut by ";", are all under the heading before the colon
    let label = match (label, list_heading(c)) {
        (Some(l), Some(h)) if !l.contains(h.as_str()) => Some(format!("{h}: {l}")),
        (l, _) => l,
    };
    label.map(cap_joined)
}

/// Longest label that joins the labels of figures before ("17.034 người (đạt 100,20% …)"
/// takes the label of the figure before its bracket, and the next bracket takes that one):
/// far above any label of a report (343 chars in corpus/, 993 among 284,170 generated
/// facts), it stops a run of thousands of such figures from making each label longer than
/// the last, which made the output grow with the square of the run (101 MB from 109 KB).
const MAX_JOINED: usize = 1024;

/// The last words of `label` that fit in MAX_JOINED chars, as `collapse` keeps them.
fn cap_joined(label: String) -> String {
    // (a label's bytes are at least its chars)
    if label.len() <= MAX_JOINED {
        return label;
    }
    let chars: Vec<char> = label.chars().collect();
    // (a word longer than the limit, which joined labels never hold, is left whole)
    match words_start(&chars, MAX_JOINED) {
        from if from == 0 || from == chars.len() => label,
        from => chars[from..].iter().collect(),
    }
}

/// Most words of a list heading ("Tang vật thu giữ").
const MAX_HEADING_WORDS: usize = 6;

/// The heading of a ";"-separated list the fact's clause is a later item of.
fn list_heading(c: &LabelContext) -> Option<String> {
    let (chars, low) = (c.chars, c.low);
    let item = c.sentence;
    if item == 0 || chars[item - 1] != ';' {
        return None;
    }
    // back to the start of the list's sentence: a "." or a line end, over the ";" items
    let st = c.sentences.list_start(chars, item - 1);
    let first_semi = (st..item).find(|&i| chars[i] == ';')?;
    // one heading: the first item holds one colon, this one none ("Độ tuổi: từ 14 tuổi …: 00;
    // từ đủ 18 tuổi …: 629" is a list of labelled items, not of items under one heading)
    let colons = (st..first_semi).filter(|&i| chars[i] == ':').count();
    if colons != 1 || chars[item..c.start].contains(&':') {
        return None;
    }
    let colon = (st..first_semi).find(|&i| chars[i] == ':')?;
    let heading = left_words(chars, low, st, colon);
    // ("… ngành công nghiệp như sau:": a sentence that leads into the list is no heading)
    let lead_in = rules()
        .cues("list_lead_in")
        .iter()
        .any(|k| fold(&heading).ends_with(k));
    if lead_in {
        return None;
    }
    // a short heading names a kind of thing; a long one is a sentence leading into a list
    let short = heading.split_whitespace().count() <= MAX_HEADING_WORDS;
    (short && !heading.is_empty() && !names_nothing(&heading)).then_some(heading)
}

/// The label a prose fact's own clause gives.
fn own_label(c: &LabelContext) -> Option<String> {
    let (chars, low) = (c.chars, c.low);
    // "chiếm 44,2% tổng vốn, tăng 18 - 20%": the words up to the comma after a figure before
    // belong to it (a percent's base, an amount's use); this figure's own words start after the
    // comma. (After a count they may name what was counted for: "20 lớp tuyên truyền …, đặc
    // biệt … cho hơn 2000 lượt người".)
    // After a count only when nothing after the comma names this figure ("… trên tổng số 3.416
    // hồ sơ tiếp nhận từ các nguồn, đạt tỷ lệ 89,7%": the rate of the counts before it).
    let after_comma = match c.prev_end {
        Some(pe) if pe == c.clause => chars[c.clause..c.start]
            .iter()
            .position(|&ch| ch == ',')
            // ("(gồm: 04 cơ quan … và 38 đơn vị …), đạt 100% kế hoạch": a bracket closed
            // before the comma held the figure before; this one speaks of the whole sentence)
            .filter(|&k| !chars[c.clause..c.clause + k].contains(&')'))
            .map(|k| c.clause + k + 1),
        _ => None,
    };
    // (the words after the comma, when read to decide, are the label's left words)
    let mut after_comma_left = None;
    let clause = match after_comma {
        Some(a) if c.prev_kind.is_some_and(|k| k != Kind::Count) => a,
        Some(a) => {
            let l = left_words(chars, low, a, c.start);
            if names_nothing(&l) {
                after_comma_left = Some(l);
                a
            } else {
                c.clause
            }
        }
        None => c.clause,
    };
    let mut left = match after_comma_left {
        Some(l) => l,
        None => left_words(chars, low, clause, c.start),
    };
    // `names_nothing(&left)`, kept up to date as `left` changes
    let mut nothing = names_nothing(&left);
    let right = right_words(c);
    let unit = c
        .unit
        .filter(|u| *u != "%" && !matches!(c.kind, Kind::Money));
    let raw_left = &chars[clause..c.start];
    let lead_space = raw_left.iter().take_while(|ch| ch.is_whitespace()).count();
    let in_parens = c.clause > 0 && chars[c.clause - 1] == '(';
    // "Tổng kế hoạch vốn … (không bao gồm … 3.438 triệu đồng) là 17.715.000 triệu đồng": the
    // bracket that held the figure before closes; the words before it name this one
    // (not "59 vụ (268/209), 88 đối tượng": a comma after the bracket lists another figure)
    let after_bracket = (raw_left.get(lead_space) == Some(&')')).then(|| {
        let rest = &raw_left[lead_space + 1..];
        &rest[rest.iter().take_while(|ch| ch.is_whitespace()).count()..]
    });
    if nothing && after_bracket.is_some_and(|a| !matches!(a.first(), Some(',' | ';'))) {
        let close = clause + lead_space;
        let mut depth = 0usize;
        let open = (0..close).rev().find(|&i| match chars[i] {
            ')' => {
                depth += 1;
                false
            }
            '(' if depth == 0 => true,
            '(' => {
                depth -= 1;
                false
            }
            _ => false,
        });
        if let Some(op) = open {
            let outer = left_words(chars, low, sentence_start(chars, op), op);
            if !names_nothing(&outer) {
                left = outer;
                nothing = false;
            }
        }
    }
    // A count of another noun than the figure before it ("bắt giữ 268 vụ, 494 đối tượng"; "tăng
    // 59 vụ (268/209), 88 đối tượng") is no comment on that figure: it names its own subject.
    let own_noun = c.kind == Kind::Count && unit.is_some() && unit != c.prev_unit;
    if own_noun && nothing {
        let tail = collapse(raw_left)
            .trim_matches(|ch: char| matches!(ch, ',' | '(' | ')' | ';') || ch.is_whitespace())
            .to_string();
        // a list of counts after one verb ("khen thưởng 01 tập thể, 09 cá nhân"): the words
        // before the list and the figure before it name this one too
        if let (Some(u), Some((pc, _)), Some(pe)) = (unit, c.prev_span, c.prev_end) {
            let joined = pe <= c.clause
                && (tail.is_empty() || rules().is_cue_str("list_join", tail.as_str()));
            let before = left_words(chars, low, pc, c.prev_start());
            // ("Tàng trữ …: 422 vụ, 536 đối tượng": a heading before a colon names each
            // figure of its list; "Tổ chức 27 phiên …, 6.137 lượt lao động tham gia": the
            // second counts something of the first)
            let shared = if chars[pc..c.prev_start()].contains(&':') {
                before.clone()
            } else {
                format!("{before} {}", collapse(&chars[c.prev_start()..pe]))
            };
            if joined && !names_nothing(&before) {
                return Some(if right.is_empty() {
                    format!("{u} ({shared})")
                } else {
                    format!("{u} {right} ({shared})")
                });
            }
        }
        // the noun alone, counted earlier in the block ("So với năm 2011 tăng 59 vụ" after
        // "bắt giữ 268 vụ"): the same subject, and what this figure says of it
        if let Some(ul) = c.unit_label.filter(|_| right.is_empty()) {
            return Some(if tail.is_empty() {
                ul.to_string()
            } else {
                format!("{ul}: {tail}")
            });
        }
    }
    // A figure in brackets right after another ("17.034 người (đạt 100,20% ...)", "6/21
    // (88,954/92,617 ...)"), or a change right after it ("2,27%, giảm 1,29%"): the same subject.
    if let (Some(pl), Some(pe)) = (c.prev_label, c.prev_end) {
        let close = chars[pe.min(c.clause)..c.clause]
            .iter()
            .all(|ch| ch.is_whitespace() || matches!(ch, ',' | '('));
        let only_verbs = nothing && !raw_left.iter().all(|ch| ch.is_whitespace());
        // "130.812 trường hợp lệch thông tin cần phải xác minh, làm sạch (chiếm tỷ lệ 3,2%)":
        // words that go on saying what the figure before counts, then a bracket that says
        // nothing of its own
        // "đạt 35,4% GDP (kế hoạch đề ra là 36%)": the plan or base of the figure before
        // (the cues are read last, and only for a figure in brackets)
        let aside = || {
            only_verbs
                || rules().starts_with_cue_str("header_target", &left)
                || rules().starts_with_cue_str("header_reference", &left)
        };
        let said_on = in_parens
            && pe < c.clause
            && !chars[pe..c.clause - 1]
                .iter()
                .any(|ch| matches!(ch, ';' | ':' | '(' | ')' | '.') || ch.is_ascii_digit())
            && aside();
        // (a count of its own noun with its own words after it names itself: "(chiếm tỷ lệ
        // 75%), 920.836 trường hợp không có thông tin")
        let named_itself =
            c.kind == Kind::Count && unit.is_some() && !right.is_empty() && !in_parens;
        if ((in_parens && close) || (only_verbs && close) || said_on) && !named_itself {
            let tail = [
                collapse(raw_left)
                    .trim_matches(|ch: char| ch == ',' || ch == '(' || ch.is_whitespace())
                    .to_string(),
                right.clone(),
            ]
            .iter()
            .filter(|x| !x.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
            return Some(if tail.is_empty() {
                pl.to_string()
            } else {
                format!("{pl}: {tail}")
            });
        }
    }
    // "(01 người)" after the words it counts: those words name it
    if nothing && in_parens {
        let ps = clause_start(chars, c.clause - 1, c.prev_end.unwrap_or(0));
        let (s4, e4) = strip(chars, low, ps, c.clause - 1);
        let before = collapse(&chars[s4..e4]);
        if !names_nothing(&before) {
            left = before;
            nothing = false;
        }
    }
    // (what names nothing is no nominal label)
    let nominal_cue = !nothing && rules().starts_with_cue_str("nominal_label", &left);
    if nothing && matches!(c.kind, Kind::Rank | Kind::Fraction) && unit.is_none() {
        if let Some(pl) = c.prev_label.or(c.block_prev_label) {
            return Some(pl.to_string());
        }
    }
    if c.kind == Kind::Percent {
        // ("giảm từ 76,6% năm 2003 xuống còn": a year after the percent names nothing)
        // "chiếm 44,2% tổng vốn", "đạt 35,4% GDP": the words after a share are its base, not
        // its subject
        let base = || {
            rules().starts_with_cue_str("total_word", &right)
                || rules().starts_with_cue_str("percent_base", &right)
        };
        let short = || left.split_whitespace().count() <= 3;
        return match (nothing, right.is_empty() || names_nothing(&right)) {
            (false, _) if nominal_cue => Some(left),
            (false, _) if base() => Some(format!("{left} ({right})")),
            (false, false) if short() => Some(format!("{left} {right}")),
            (_, false) => Some(right),
            (false, true) => Some(left),
            // ("năm 2001: 46,7%; năm 2002: 50,4 %": items of one series across ";")
            (true, true) => c.prev_label.or(c.block_prev_label).map(str::to_string),
        };
    }
    let generic = || unit.is_some_and(|u| rules().is_cue_str("generic_unit", u));
    // "in, ấn 9.000 túi xách có chứa nội dung tuyên truyền": a bare count right before words
    // (a noun no table knows) counts those words
    let noun_after = c.kind == Kind::Count
        && c.unit.is_none()
        && !right.is_empty()
        && c.chars.get(c.end) == Some(&' ')
        && c.chars.get(c.end + 1).is_some_and(|ch| ch.is_alphabetic());
    if noun_after && !nothing && !nominal_cue {
        return Some(format!("{right} ({left})"));
    }
    match (nothing, unit, right.is_empty()) {
        // "Tổng số đoàn viên Công đoàn: 237 người", "Trên Đại học 21 người"
        (false, _, _) if nominal_cue || generic() || unit.is_none() => Some(left),
        // "Tổ chức 27 phiên giao dịch việc làm, ...", "cử 5 đoàn viên được kết nạp vào Đảng":
        // the counted noun and what is said of it, then the words before it
        (false, Some(u), false) => Some(format!("{u} {right} ({left})")),
        (false, Some(u), true) => Some(format!("{u} ({left})")),
        (false, None, _) => Some(left),
        (true, Some(u), false) => Some(format!("{u} {right}")),
        (true, None, false) => Some(right),
        (true, Some(u), true) => Some(u.to_string()),
        (true, None, true) => c.prev_label.or(c.block_prev_label).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_keeps_the_last_words_that_fit() {
        let c = |s: &str| collapse(&s.chars().collect::<Vec<_>>());
        assert_eq!(c("  Tổng số \t  đoàn viên\n "), "Tổng số đoàn viên");
        assert_eq!(c(""), "");
        assert_eq!(c(" \n "), "");
        // 160 chars joined: kept whole; 161: the words that fit in 159
        let w9 = "ạbcdefghi"; // 9 chars
        let words = |n: usize| vec![w9; n].join(" ");
        assert_eq!(c(&words(16)).chars().count(), 159); // 16 words: 16 * 10 - 1 chars
        let mut t = words(16);
        t.push('x'); // 160 chars
        assert_eq!(c(&t), t);
        t.push('y'); // 161: the first word goes
        assert_eq!(c(&t), t[w9.len() + 1..]);
        // spaces between the words count once, whatever the text writes
        let spaced = format!("{w9}     {}", words(15));
        assert_eq!(c(&spaced), words(16));
        // one word longer than a label: nothing is kept
        assert_eq!(c(&"a".repeat(161)), "");
        assert_eq!(c(&"a".repeat(160)), "a".repeat(160));
        assert_eq!(
            c(&format!("{} b", "a".repeat(158))),
            format!("{} b", "a".repeat(158))
        );
        assert_eq!(c(&format!("{} b", "a".repeat(159))), "b");
    }

    #[test]
    fn a_joined_label_keeps_its_last_words_that_fit() {
        let short = "khối: khối".to_string();
        assert_eq!(cap_joined(short.clone()), short);
        // 300 words of 4 chars and a space: 1,499 chars, of which the last 204 words fit
        let long = vec!["khối"; 300].join(" ");
        let capped = cap_joined(long);
        assert_eq!(capped.chars().count(), 204 * 5 - 1);
        assert!(capped.starts_with("khối khối") && capped.ends_with("khối"));
        // one word longer than the limit: nothing fits, the label is kept
        let word = "a".repeat(MAX_JOINED + 1);
        assert_eq!(cap_joined(word.clone()), word);
    }

    #[test]
    fn list_start_is_after_the_last_stop_before_the_position() {
        // (the walk back list_heading did before the table, one char at a time)
        let walk = |chars: &[char], pos: usize| {
            let mut st = pos;
            while st > 0 && !matches!(chars[st - 1], '.' | '\n' | '!' | '?') {
                st -= 1;
            }
            st
        };
        for text in [
            "Tang vật thu giữ: 23,2584kg ma túy; 78 viên; 2,64kg Heroin. Độ tuổi: 14; 18",
            "Thu 1.200 tỷ; chi 3.4 tỷ!\nCòn 3 xã? Hết; 5",
            ";;;",
            "",
            "không có dấu ngắt câu; 1; 2; 3",
        ] {
            let chars: Vec<char> = text.chars().collect();
            let table = Sentences::new(&chars);
            for pos in 0..chars.len() {
                assert_eq!(
                    table.list_start(&chars, pos),
                    walk(&chars, pos),
                    "{text:?} at {pos}"
                );
            }
        }
    }

    #[test]
    fn sentence_table_agrees_with_the_scan() {
        for text in [
            "1. Kết quả: 17.034 người; tăng 2,1%. Năm 2024 đạt 90%! Còn 3 xã?\nHết",
            "4.1. Thu ngân sách 1.200 tỷ đồng. 2. Chi 3.4 tỷ",
            "12.5 triệu. Xã 1. Mới",
            "...",
            "",
            "- + 3. 5.",
        ] {
            let chars: Vec<char> = text.chars().collect();
            let table = Sentences::new(&chars);
            for pos in 0..=chars.len() {
                assert_eq!(
                    table.start(pos),
                    sentence_start(&chars, pos),
                    "{text:?} at {pos}"
                );
                // made only up to a position, it answers the same there and before
                let part = Sentences::until(&chars, pos);
                for p in 0..=pos {
                    assert_eq!(part.start(p), table.start(p), "{text:?} until {pos} at {p}");
                }
            }
        }
    }
}
