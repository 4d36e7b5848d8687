//! The year a figure is about and whether it is a result, a target or a comparison base.
//!
//! The part of the report decides first (results of the report year, or "PHƯƠNG HƯỚNG, NHIỆM VỤ
//! NĂM 2024" targets); then the sentence: "so với năm 2022 (1.326)" is a 2022 reference, and
//! "phấn đấu", "dự kiến", "kế hoạch ..." right before a number make it a target.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Block, Qualifier, Status};

use super::rules::{
    boundary_after, find_words, fold, fold_char, is_letter, is_word_char, rules, tsv_rows, CueScope,
};

const PART_CUES: &str = include_str!("rules/part_cues.tsv");

fn year_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").expect("year pattern"))
}

/// The first year written in a text.
pub fn first_year(s: &str) -> Option<i32> {
    // the year read is four ASCII digits: a text without them has none
    if !four_digits(s.bytes().map(char::from)) {
        return None;
    }
    year_re().captures(s).and_then(|c| c[1].parse().ok())
}

/// The year a document's file name gives: "vbai_BÁO CÁO STC HỌP NGÀY 11 -11-2025.docx" -> 2025.
/// `None` when the name holds no year or two different ones ("TULĐTT 2025-2028").
///
/// Used only for a document whose header gives no report year and whose text holds no year at
/// all (a bare table of scores): the name is what the office filed the report under, and a
/// report's figures are about the year it was written in. The document's own dates
/// (docProps created/modified) are not used: a report made from an old template keeps the
/// template's creation date, and a later edit moves the modification date.
pub fn year_in_file_name(path: &str) -> Option<i32> {
    let name = std::path::Path::new(path).file_stem()?.to_string_lossy();
    let chars: Vec<char> = name.chars().collect();
    let mut found: Option<i32> = None;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i - s != 4 {
            continue;
        }
        let y: i32 = chars[s..i].iter().collect::<String>().parse().ok()?;
        if !(1950..=2099).contains(&y) {
            continue;
        }
        match found {
            Some(f) if f != y => return None,
            _ => found = Some(y),
        }
    }
    found
}

/// True when some block's text writes a year (a count such as "2000 lượt" reads as one too,
/// which only keeps the file name's year out).
pub fn text_has_year(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| first_year(&b.text).is_some())
}

/// The part cues: (key, status, whether a plan's part it heads is still the plan).
fn part_cues() -> &'static [(String, Status, bool)] {
    static C: OnceLock<Vec<(String, Status, bool)>> = OnceLock::new();
    C.get_or_init(|| {
        tsv_rows(PART_CUES)
            .filter(|r| r.len() >= 2)
            .map(|r| {
                let key = super::rules::key(r[0]);
                let neutral = rules().is_cue("plan_neutral_part", &fold(&key));
                let status = if r[1] == "target" {
                    Status::Target
                } else {
                    Status::Actual
                };
                (key, status, neutral)
            })
            .collect()
    })
}

/// Where `needle` first occurs in `hay` (`str::find`; a needle that is whole UTF-8 matches
/// only at a char boundary), without a searcher set up per call: the hays are short headings.
fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    (0..(h.len() + 1).saturating_sub(n.len())).find(|&i| h[i] == first && h[i..].starts_with(n))
}

/// Tracks which part of the report the blocks are in, from the headings seen so far.
#[derive(Debug, Clone)]
pub struct Part {
    pub status: Status,
    pub year: Option<i32>,
    pub report_year: Option<i32>,
    /// The previous block opened a part ("Phần thứ hai"): the next line is its heading.
    after_part_marker: bool,
    /// The document is a plan: its targets are for its own year.
    plan: bool,
    /// A periodic report (monthly, half-year): its plans are for the rest of its own year.
    same_year: bool,
}

impl Part {
    /// A plan ("KẾ HOẠCH") is targets for its own year throughout.
    pub fn for_document(report_year: Option<i32>, plan: bool) -> Self {
        let mut p = Part::new(report_year);
        if plan {
            p.status = Status::Target;
            p.plan = true;
        }
        p
    }

    /// Plans in this document are for the rest of its year ("nhiệm vụ trong thời gian tới" of a
    /// monthly report).
    pub fn plans_same_year(&mut self) {
        self.same_year = true;
    }

    pub fn new(report_year: Option<i32>) -> Self {
        Part {
            status: Status::Actual,
            year: report_year,
            report_year,
            after_part_marker: false,
            plan: false,
            same_year: false,
        }
    }

    /// Looks at a block; a heading that names results or plans switches the part.
    pub fn observe(&mut self, b: &Block) {
        let text = b.text.trim();
        if text.is_empty() {
            return;
        }
        // "Hôm nay, vào lúc 14 giờ, ngày 11 tháng 9 năm 2025, ...": the minutes that follow are
        // of that date's year (a template pack holds several documents of different dates)
        if self.status == Status::Actual && text.starts_with(|c: char| c.is_uppercase()) && {
            let head = Head::new(text.chars().take(40));
            rules().starts_with_cue("record_date_lead", head.get())
        } {
            if let Some(y) = dated_year(text) {
                self.year = Some(y);
            }
        }
        // only compared with lengths up to 200: a text of more than 800 bytes is longer
        let len = if text.len() > 800 {
            201
        } else {
            text.chars().count()
        };
        if len > 200 {
            return;
        }
        let after_marker = std::mem::take(&mut self.after_part_marker);
        if len < 40 && rules().starts_with_cue_str("part_marker", text) {
            self.after_part_marker = true;
            return;
        }
        let short_line = len < 150 && !text.ends_with(['.', ';', ':']);
        // "1. Kết quả Chỉ số năm 2024": a numbered heading line
        // (only with a year: "2. Chỉ tiêu đào tạo, ... đánh giá xếp loại" inside a plan stays a plan)
        let numbered = || {
            short_line
                && len < 100
                && four_digits(text.chars())
                && crate::structure::marker(text).is_some()
                && first_year(text).is_some()
        };
        // cheapest tests first: most blocks are body text that none of them accepts
        if b.heading_level.is_none()
            && !(after_marker && short_line)
            && !heading_like(text, len)
            && !numbered()
        {
            return;
        }
        let k = super::rules::key(text);
        // the cue that appears first in the heading wins ("KẾT QUẢ ... VÀ PHƯƠNG HƯỚNG" is results)
        let mut best: Option<(usize, Status)> = None;
        for (cue, st, neutral) in part_cues() {
            // an appendix of a plan ("PHỤ LỤC: Phân công thực hiện nhiệm vụ ... năm 2026") is
            // still the plan
            if self.plan && *neutral {
                continue;
            }
            if let Some(pos) = find_str(&k, cue) {
                if best.is_none_or(|(p, _)| pos < p) {
                    best = Some((pos, *st));
                }
            }
        }
        if let Some((_, st)) = best {
            self.status = st;
            self.year = match st {
                // "nhiệm vụ 6 tháng cuối năm", "nhiệm vụ tháng 5": the same year
                Status::Target => first_year(text).or_else(|| {
                    let same = self.plan
                        || self.same_year
                        || rules().has_cue("same_year_plan", &fold(text));
                    self.report_year.map(|y| if same { y } else { y + 1 })
                }),
                // results of a year the heading names ("Kết quả Chỉ số năm 2024"), else the report's
                _ => first_year(text)
                    .filter(|y| self.report_year.is_none_or(|r| *y <= r))
                    .or(self.report_year),
            };
        }
    }
}

/// A line in capitals (at least two words), the way reports set their part headings.
pub fn is_heading_like(s: &str) -> bool {
    heading_like(s, s.len())
}

/// `is_heading_like` of a text of at most `chars` chars (its length in bytes will do).
fn heading_like(s: &str, chars: usize) -> bool {
    let (mut letters, mut upper) = (0usize, 0usize);
    for (n, c) in s.chars().enumerate() {
        if is_letter(c) {
            letters += 1;
            if super::rules::is_upper(c) {
                upper += 1;
            } else {
                // even if every char left were a capital (each adding 10 to the left side and
                // 8 to the right), the line could no longer be 80 % capitals
                let rest = chars.saturating_sub(n + 1);
                if 10 * upper + 2 * rest < 8 * letters {
                    return false;
                }
            }
        }
    }
    if letters < 6 || s.split_whitespace().nth(1).is_none() {
        return false;
    }
    upper * 10 >= letters * 8
}

/// What the period rules ask of a whole block, looked for once per block rather than once per
/// figure (per figure, each rule rescanned the figure's sentence). Empty until a rule asks.
#[derive(Default)]
pub struct BlockIndex {
    /// A score word ("điểm", `score_word`) occurs somewhere in the block, even inside a word:
    /// without one, no exact figure of the block is a scoring threshold.
    /// (Looked for only when a threshold lead is in a figure's sentence before it.)
    has_score_word: std::cell::OnceCell<bool>,
    /// Bracket levels and cue sightings for `threshold`, made on its first full question.
    groups: std::cell::OnceCell<Groups>,
    /// Where the phrases the per-figure rules look for are written, as far as the figures have
    /// asked.
    seen: std::cell::RefCell<Sightings>,
}

/// The phrases the per-figure rules look for in the text before a figure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    /// `comparison` cues, for `reference` and `clause_year`.
    Comparison,
    /// `date_lead` cues, for `clause_year`.
    DateLead,
    /// The phrases of `status_cues.tsv`, for `target_cue`.
    Status,
    /// "năm", for `several_years`.
    Nam,
    /// `threshold_lead` cues, for `threshold`.
    Lead,
}

impl Group {
    /// The group of `cues.tsv` its phrases come from (the status phrases and "năm" have none).
    fn cue_group(self) -> Option<&'static str> {
        match self {
            Group::Comparison => Some("comparison"),
            Group::DateLead => Some("date_lead"),
            Group::Lead => Some("threshold_lead"),
            Group::Status | Group::Nam => None,
        }
    }

    /// Its folded phrases from `cues.tsv`, in table order (none for a group without one).
    fn cues(self) -> &'static [Vec<char>] {
        self.cue_group().map_or(&[], |name| rules().cues(name))
    }
}

/// Every phrase of the groups, and by their first two chars, for finding them in one pass.
struct Phrases {
    /// (phrase, group, its number in the group's list)
    list: Vec<(Vec<char>, Group, usize)>,
    /// The phrases' numbers by their first char.
    by_first: Vec<(char, Vec<usize>)>,
    /// Bit `pair(a, b)` is set when a phrase starts with `a` then `b` (or is `a` alone): most
    /// words start with none.
    maybe: [u64; PAIR_BITS / 64],
}

const PAIR_BITS: usize = 1024;

/// The bit of two chars in `Phrases::maybe`.
#[inline]
fn pair(a: char, b: char) -> usize {
    ((a as u32).wrapping_mul(0x9e37_79b1) ^ (b as u32).wrapping_mul(0x85eb_ca6b)) as usize
        % PAIR_BITS
}

fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    P.get_or_init(|| {
        let r = rules();
        let mut list: Vec<(Vec<char>, Group, usize)> = Vec::new();
        let from_cues = |group: Group, list: &mut Vec<(Vec<char>, Group, usize)>| {
            for (k, c) in group.cues().iter().enumerate() {
                list.push((c.clone(), group, k));
            }
        };
        from_cues(Group::Comparison, &mut list);
        from_cues(Group::DateLead, &mut list);
        for (k, phrase) in r.status_cues.phrases().enumerate() {
            list.push((phrase.to_vec(), Group::Status, k));
        }
        list.push((NAM.to_vec(), Group::Nam, 0));
        from_cues(Group::Lead, &mut list);
        list.retain(|(c, ..)| !c.is_empty());
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        let mut maybe = [0u64; PAIR_BITS / 64];
        let mut set = |b: usize| maybe[b / 64] |= 1 << (b % 64);
        for (n, (c, ..)) in list.iter().enumerate() {
            match by_first.iter_mut().find(|(k, _)| *k == c[0]) {
                Some((_, v)) => v.push(n),
                None => by_first.push((c[0], vec![n])),
            }
            match c.get(1) {
                Some(&d) => set(pair(c[0], d)),
                // a one-char phrase: whatever follows it
                None => (0..PAIR_BITS).for_each(&mut set),
            }
        }
        Phrases {
            list,
            by_first,
            maybe,
        }
    })
}

/// Where the phrases of [`phrases`] start a word in a block's folded text: (position, phrase
/// number), by position. Found once, from the first figure's sentence start on and as far as
/// the figures have come: a rule that asks per figure about a stretch before it (whose ends
/// count as word boundaries) reads the few sightings in it instead of scanning it again.
/// (A phrase at the stretch's start that starts no word of the text is looked at there.)
#[derive(Default)]
struct Sightings {
    /// The sightings cover the starts `from..to` (`from` set by the first figure).
    from: Option<usize>,
    to: usize,
    at: Vec<(usize, usize)>,
}

impl Sightings {
    /// Finds the phrases starting before the figure's start; false when `s` lies before the
    /// stretch covered (the caller then scans it itself). The stretch starts again at a
    /// figure's sentence that starts past it: no later figure asks about the text between.
    fn reach(&mut self, v: &SentenceView, s: usize) -> bool {
        if self.from.is_none() || v.sentence_start > self.to {
            self.from = Some(v.sentence_start);
            self.to = v.sentence_start;
            self.at.clear();
        }
        let from = self.from.unwrap_or(0);
        let ph = phrases();
        let low = v.low;
        let mut p = self.to;
        // Whether the char before `p` is a word char (no phrase starts right after one).
        let mut after_word = p > 0 && is_word_char(low[p - 1]);
        while p < v.start {
            let c = low[p];
            if !after_word {
                let b = pair(c, low.get(p + 1).copied().unwrap_or('\0'));
                if ph.maybe[b / 64] & (1 << (b % 64)) != 0 {
                    if let Some((_, ns)) = ph.by_first.iter().find(|(f, _)| *f == c) {
                        for &n in ns {
                            if low[p..].starts_with(&ph.list[n].0) {
                                self.at.push((p, n));
                            }
                        }
                    }
                }
            }
            after_word = is_word_char(c);
            p += 1;
        }
        self.to = p;
        s >= from
    }

    /// The sightings starting in `s..e` (both within the stretch covered).
    fn within(&self, s: usize, e: usize) -> &[(usize, usize)] {
        let lo = self.at.partition_point(|&(p, _)| p < s);
        let hi = self.at.partition_point(|&(p, _)| p < e);
        &self.at[lo..hi.max(lo)]
    }
}

impl BlockIndex {
    fn has_score_word(&self, low: &[char]) -> bool {
        *self
            .has_score_word
            .get_or_init(|| contains_any(low, rules().cues("score_word")))
    }
}

/// `rfind_words(&v.low[s..e], &cues[k])` for the `k`th phrase of a group, as a position in
/// `v.low`, from the block's sightings.
fn rfind_in(v: &SentenceView, group: Group, k: usize, s: usize, e: usize) -> Option<usize> {
    let cue = group.cues().get(k)?;
    let n = cue.len();
    if n == 0 || s + n > e {
        return None;
    }
    let low = v.low;
    let ends = |p: usize| p + n == e || !is_word_char(low[p + n]);
    let mut seen = v.block.seen.borrow_mut();
    if !seen.reach(v, s) {
        return super::rules::rfind_words(&low[s..e], cue).map(|p| p + s);
    }
    let list = &phrases().list;
    let last = seen
        .within(s, e + 1 - n)
        .iter()
        .rev()
        .filter(|&&(_, m)| list[m].1 == group && list[m].2 == k)
        .map(|&(p, _)| p)
        .find(|&p| ends(p));
    // the stretch's start, a word start of the stretch though perhaps none of the text
    last.or_else(|| (low[s..].starts_with(cue) && ends(s)).then_some(s))
}

/// Some phrase of a group lies in `v.low[s..e]` as whole words.
fn any_in(v: &SentenceView, group: Group, s: usize, e: usize) -> bool {
    (0..group.cues().len()).any(|k| rfind_in(v, group, k, s, e).is_some())
}

/// Blocks shorter than this (in chars) have their figures' groups found by walking.
const SHORT_BLOCK: usize = 1000;

/// A block's brackets and threshold cues, for finding a figure's group and its cues without
/// walking its sentence (per figure, that was quadratic in a long sentence).
struct Groups {
    /// `level[x]`: the "(" minus the ")" before `x`.
    level: Vec<i32>,
    /// (level after it, position) of every "(", sorted.
    opens: Vec<(i32, usize)>,
    /// (level at it, position) of every char that ends a group at its own level, sorted.
    stops: Vec<(i32, usize)>,
    /// Score words as whole words: (start, end), by start.
    scores: Vec<(usize, usize)>,
    /// Threshold leads starting a word: (start, end, a word boundary after it), by start.
    leads: Vec<(usize, usize, bool)>,
}

impl Groups {
    fn new(low: &[char]) -> Self {
        let mut level = Vec::with_capacity(low.len() + 1);
        let (mut opens, mut stops) = (Vec::new(), Vec::new());
        let mut l = 0i32;
        for (x, &c) in low.iter().enumerate() {
            level.push(l);
            let stop = match c {
                ')' | ';' | '!' | '?' | '\n' => true,
                '.' => !low.get(x + 1).is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            };
            if stop {
                stops.push((l, x));
            }
            match c {
                '(' => {
                    l += 1;
                    opens.push((l, x));
                }
                ')' => l -= 1,
                _ => {}
            }
        }
        level.push(l);
        opens.sort_unstable();
        stops.sort_unstable();
        let r = rules();
        let starts = |i: usize| i == 0 || !is_word_char(low[i - 1]);
        let ends = |e: usize| low.get(e).is_none_or(|c| !is_word_char(*c));
        let mut scores = Vec::new();
        let mut leads = Vec::new();
        for i in (0..low.len()).filter(|&i| starts(i)) {
            for n in r.cues("score_word") {
                if !n.is_empty() && low[i..].starts_with(n) && ends(i + n.len()) {
                    scores.push((i, i + n.len()));
                }
            }
            for n in r.cues("threshold_lead") {
                if !n.is_empty() && low[i..].starts_with(n) {
                    leads.push((i, i + n.len(), ends(i + n.len())));
                }
            }
        }
        Groups {
            level,
            opens,
            stops,
            scores,
            leads,
        }
    }

    /// Where the group of a figure at `start..end` starts and ends: after the innermost "("
    /// open before it within its sentence (else the sentence start), and at the first ")",
    /// ";", "!", "?", newline or full stop after it at its own bracket level.
    fn bounds(&self, sentence_start: usize, start: usize, end: usize) -> (usize, usize) {
        let l = self.level[start];
        let k = self.opens.partition_point(|&o| o < (l, start));
        let gs = match k.checked_sub(1).map(|k| self.opens[k]) {
            Some((ol, i)) if ol == l && i >= sentence_start => i + 1,
            _ => sentence_start,
        };
        let l = self.level[end];
        let k = self.stops.partition_point(|&o| o < (l, end));
        let ge = match self.stops.get(k) {
            Some(&(sl, x)) if sl == l => x,
            _ => self.level.len() - 1,
        };
        (gs, ge)
    }

    /// A score word lies in `s..e` (`first_found` on that slice, whose ends are no letters).
    fn score_in(&self, s: usize, e: usize) -> bool {
        let k = self.scores.partition_point(|m| m.0 < s);
        self.scores[k..]
            .iter()
            .take_while(|m| m.0 < e)
            .any(|m| m.1 <= e)
    }

    /// A threshold lead lies in `s..e`, the end of the slice counting as a word boundary.
    fn lead_in(&self, s: usize, e: usize) -> bool {
        let k = self.leads.partition_point(|m| m.0 < s);
        self.leads[k..]
            .iter()
            .take_while(|m| m.0 < e)
            .any(|m| m.1 == e || (m.1 < e && m.2))
    }
}

/// True when one of `needles` occurs in `hay`, word boundaries or not.
fn contains_any(hay: &[char], needles: &[Vec<char>]) -> bool {
    needles.iter().any(|n| {
        n.first()
            .is_some_and(|&f| (0..hay.len()).any(|i| hay[i] == f && hay[i..].starts_with(n)))
    })
}

/// Status and period of one fact from its sentence.
pub struct SentenceView<'a> {
    pub chars: &'a [char],
    pub low: &'a [char],
    pub block: &'a BlockIndex,
    /// Where the fact's sentence starts.
    pub sentence_start: usize,
    /// Where the fact's clause starts (after the previous fact, a ";" or an open "(").
    pub clause_start: usize,
    /// Where the previous fact of the block ends (0 for the first).
    pub prev_end: usize,
    pub start: usize,
    pub end: usize,
}

/// "so với năm 2022 (1.326 đối tượng)": the base of a comparison, with its year if written;
/// "so với kế hoạch là dưới 10%": a planned base, a target (of the part's year unless written).
/// A base that names no period or plan ("so với quy định là 24 TTHC", "so với điểm chuẩn ... là
/// 0,5 điểm") leaves the figure a result.
pub fn reference(
    v: &SentenceView,
    part_year: Option<i32>,
    report_year: Option<i32>,
) -> Option<(Status, Option<i32>)> {
    let r = rules();
    let comparisons = r.cues("comparison");
    let (pos, len) = (0..comparisons.len())
        .filter_map(|k| {
            rfind_in(v, Group::Comparison, k, v.sentence_start, v.start)
                .map(|p| (p - v.sentence_start, comparisons[k].len()))
        })
        .max()?;
    let mid_s = v.sentence_start + pos + len;
    // "so với năm 2022 (1.326 đối tượng)": the "(" opens the figure's clause, but the comparison
    // before it still governs the figure; another figure in between ends it
    if mid_s < v.clause_start.min(v.sentence_start.max(v.prev_end)) {
        return None;
    }
    let mid: String = v.chars[mid_s..v.start].iter().collect();
    let trimmed: Vec<char> = fold(mid.trim_end().trim_end_matches(':').trim_end());
    let ends_ok = mid.trim_end().ends_with('(')
        || mid.trim_end().ends_with(':')
        || r.cues("reference_lead").iter().any(|c| {
            trimmed.ends_with(c)
                && trimmed.len() > c.len()
                && trimmed[trimmed.len() - c.len() - 1] == ' '
        });
    if !ends_ok || mid.chars().count() > 60 {
        return None;
    }
    let folded = fold(&mid);
    let planned = (0..folded.len()).any(|i| {
        (i == 0 || !folded[i - 1].is_alphanumeric())
            && r.status_cues
                .match_at(&folded, i)
                .is_some_and(|(_, (st, _))| *st == Status::Target)
    });
    if planned {
        return Some((Status::Target, first_year(&mid).or(part_year)));
    }
    if let Some(y) = first_year(&mid) {
        return Some((Status::Reference, Some(y)));
    }
    if r.has_cue("previous_period", &folded) {
        return Some((Status::Reference, report_year.map(|y| y - 1)));
    }
    None
}

/// False when no status cue can match in `v.low[a..b]` taken as its own text (at its start or
/// a word start, and before a word boundary or its end): what `target_cue` scans for, answered
/// from the block's sightings.
fn may_have_status_cue(v: &SentenceView, a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    let low = v.low;
    let fits = |p: usize, phrase: &[char]| {
        let e = p + phrase.len();
        e <= b && (e == b || boundary_after(low, e, phrase))
    };
    let mut seen = v.block.seen.borrow_mut();
    if !seen.reach(v, a) {
        return true;
    }
    let ph = phrases();
    let status = |m: usize| ph.list[m].1 == Group::Status;
    let found = seen
        .within(a, b)
        .iter()
        .any(|&(p, m)| status(m) && fits(p, &ph.list[m].0));
    // the stretch's start, when it starts no word of the text (else it is among the sightings)
    found
        || (a > 0
            && is_word_char(low[a - 1])
            && ph
                .by_first
                .iter()
                .filter(|(f, _)| *f == low[a])
                .any(|(_, ms)| {
                    ms.iter().any(|&m| {
                        status(m) && low[a..].starts_with(&ph.list[m].0) && fits(a, &ph.list[m].0)
                    })
                }))
}

/// A target cue before the fact: anywhere in the clause, or within three words for "near" cues.
pub fn target_cue(v: &SentenceView) -> bool {
    let r = rules();
    // a clause-wide cue governs the rest of its sentence too ("Kim ngạch xuất khẩu dự kiến đạt
    // 450 triệu USD, tăng 22% so với năm trước": both are estimates)
    let sentence = &v.low[v.sentence_start..v.clause_start];
    let mut i = if may_have_status_cue(v, v.sentence_start, v.clause_start) {
        0
    } else {
        sentence.len()
    };
    while i < sentence.len() {
        if i == 0 || !is_word_char(sentence[i - 1]) {
            if let Some((e, (st, scope))) = r.status_cues.match_at(sentence, i) {
                if *st == Status::Target && *scope == CueScope::Clause {
                    return true;
                }
                i = e;
                continue;
            }
        }
        i += 1;
    }
    let clause = &v.low[v.clause_start..v.start];
    let mut i = if may_have_status_cue(v, v.clause_start, v.start) {
        0
    } else {
        clause.len()
    };
    while i < clause.len() {
        if i == 0 || !is_word_char(clause[i - 1]) {
            if let Some((e, (st, scope))) = r.status_cues.match_at(clause, i) {
                if *st == Status::Target {
                    let words_after = clause[e..]
                        .iter()
                        .collect::<String>()
                        .split_whitespace()
                        .count();
                    let lead: Vec<char> = clause[..i]
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .chars()
                        .collect();
                    let comparison = r.cues("comparison").iter().any(|c| lead.ends_with(c));
                    // "bằng 98,44% dự toán Trung ương, bằng 93,29%": a cue right after the
                    // previous figure names what that one is a share of
                    // (a block's first figure has none before it: prev_end 0)
                    let previous_figures =
                        lead.is_empty() && v.prev_end > 0 && v.clause_start == v.prev_end;
                    if !comparison
                        && !previous_figures
                        && (*scope == CueScope::Clause || words_after <= 3)
                    {
                        return true;
                    }
                }
                i = e;
                continue;
            }
        }
        i += 1;
    }
    false
}

/// The chars a block's lead is read from: its first 120, folded, on the stack.
struct Head {
    chars: [char; HEAD],
    len: usize,
}

const HEAD: usize = 120;

impl Head {
    fn new(chars: impl Iterator<Item = char>) -> Self {
        let mut h = Head {
            chars: ['\0'; HEAD],
            len: 0,
        };
        for c in chars.take(HEAD) {
            h.chars[h.len] = fold_char(c);
            h.len += 1;
        }
        h
    }

    fn get(&self) -> &[char] {
        &self.chars[..self.len]
    }
}

/// The words of a [`Head`] (at most one per two chars), slices of it, on the stack.
struct LeadWords<'a> {
    words: [&'a [char]; HEAD / 2],
    start: usize,
    end: usize,
}

impl<'a> std::ops::Deref for LeadWords<'a> {
    type Target = [&'a [char]];
    fn deref(&self) -> &Self::Target {
        &self.words[self.start..self.end]
    }
}

/// The words of an already folded head (letters, digits and "/" kept), list markers at its
/// start dropped: slices of `head`, nothing copied.
fn lead_words_in(head: &[char], max_words: usize) -> LeadWords<'_> {
    let mut words = LeadWords {
        words: [&[]; HEAD / 2],
        start: 0,
        end: 0,
    };
    let most = max_words.min(words.words.len());
    let mut i = 0;
    while i < head.len() && words.end < most {
        let in_word = |c: char| is_word_char(c) || c == '/';
        if !in_word(head[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < head.len() && in_word(head[i]) {
            i += 1;
        }
        words.words[words.end] = &head[s..i];
        words.end += 1;
    }
    // "1.", "a)", "II.", a footnote number: markers, not words (the digits and numerals are
    // ASCII, so their char counts are their byte lengths)
    let marker = |w: &[char]| {
        (w.len() <= 2 && w.iter().all(char::is_ascii_digit))
            || w.len() == 1
            || (w.len() <= 4 && w.iter().all(|c| matches!(c, 'i' | 'v' | 'x')))
    };
    words.start = words.iter().take(2).take_while(|w| marker(w)).count();
    words
}

/// The year a block opens with, which its figures are about: "+ Năm 2011, đã phát hiện ...",
/// "Trong năm 2024: ...", "Hiện nay (tính đến 15/9/2025), số người nghiện ...". A school or
/// crop year "Năm 2003-2004" is about its second year. A block that starts in lower case goes
/// on with the sentence of the line before (a hard-wrapped .txt): it opens nothing.
pub fn lead_year(text: &str) -> Option<i32> {
    let first = text.chars().find(|c| !c.is_whitespace())?;
    if first.is_lowercase() {
        return None;
    }
    // every year `lead_year_of` reads is four digits in a row among the first 120 chars: a
    // block without them (most) needs no words split and compared
    if !four_digits_in_head(text) {
        return None;
    }
    let head = Head::new(text.chars());
    lead_year_of(&lead_words_in(head.get(), lead_words_read()))
}

/// `four_digits(text.chars().take(HEAD))` read from the bytes: a char's first byte counts it
/// (a char of several bytes is no digit, and neither are its bytes).
fn four_digits_in_head(text: &str) -> bool {
    let (mut chars, mut run) = (0, 0);
    for &b in text.as_bytes() {
        if b & 0xc0 != 0x80 {
            chars += 1;
            if chars > HEAD {
                break;
            }
        }
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// True when four ASCII digits stand in a row: the least a year needs.
fn four_digits(chars: impl Iterator<Item = char>) -> bool {
    let mut run = 0;
    for c in chars {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// The words of the `year_lead` and `date_lead` cues, split once.
fn lead_cue_words() -> &'static [Vec<Vec<Vec<char>>>; 2] {
    static W: OnceLock<[Vec<Vec<Vec<char>>>; 2]> = OnceLock::new();
    W.get_or_init(|| {
        let split = |group: &str| -> Vec<Vec<Vec<char>>> {
            rules()
                .cues(group)
                .iter()
                .map(|c| {
                    c.split(|c| c.is_whitespace())
                        .filter(|w| !w.is_empty())
                        .map(<[char]>::to_vec)
                        .collect()
                })
                .collect()
        };
        [split("year_lead"), split("date_lead")]
    })
}

/// The most words `lead_year_of` reads, list markers included: two markers, the longest cue,
/// and the eight words after it a date is looked for in (splitting the rest of a head into
/// words was most of the cost of a lead year).
fn lead_words_read() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| {
        let longest = lead_cue_words()
            .iter()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        2 + longest + 8
    })
}

const NAM: [char; 3] = ['n', 'ă', 'm'];

fn lead_year_of<W: AsRef<[char]>>(words: &[W]) -> Option<i32> {
    let [year_lead, date_lead] = lead_cue_words();
    let starts = |cw: &[Vec<char>]| -> Option<usize> {
        (words.len() > cw.len() && words.iter().zip(cw).all(|(a, b)| a.as_ref() == &b[..]))
            .then_some(cw.len())
    };
    for cue in year_lead {
        if let Some(n) = starts(cue) {
            if let Some(y) = year_of(words[n].as_ref()) {
                return Some(
                    words
                        .get(n + 1)
                        .and_then(|w| year_of(w.as_ref()))
                        .unwrap_or(y),
                );
            }
        }
    }
    for cue in date_lead {
        if let Some(n) = starts(cue) {
            // "tính đến 15/9/2025", "tính đến ngày 15 tháng 9 năm 2025", "tính đến hết năm 2025"
            for (k, w) in words.iter().enumerate().skip(n).take(7) {
                if let Some(y) = date_year_of(w.as_ref()) {
                    return Some(y);
                }
                if w.as_ref() == NAM {
                    return words.get(k + 1).and_then(|t| year_of(t.as_ref()));
                }
            }
        }
    }
    None
}

/// The year a word is: four ASCII digits from 1950 to 2099.
fn year_of(w: &[char]) -> Option<i32> {
    if w.len() != 4 || !w.iter().all(char::is_ascii_digit) {
        return None;
    }
    let y = w
        .iter()
        .fold(0i32, |y, c| y * 10 + (*c as i32 - '0' as i32));
    (1950..=2099).contains(&y).then_some(y)
}

/// The year of a date word "15/9/2025" (its day and month one or two bytes long).
fn date_year_of(w: &[char]) -> Option<i32> {
    let mut parts = w.split(|c| *c == '/');
    let bytes = |p: &[char]| p.iter().map(|c| c.len_utf8()).sum::<usize>();
    let (Some(d), Some(m), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if [d, m].iter().all(|p| (1..=2).contains(&bytes(p))) {
        year_of(y)
    } else {
        None
    }
}

/// A year read at a figure: `Some(Some(y))` a year, `Some(None)` a span of years ("năm 2001 -
/// 2004", "thời kỳ 1992 - 1997") that no one year stands for, `None` nothing.
type Local = Option<Option<i32>>;

/// At `i` in the folded text: "năm 2003", "năm 2001 - 2004", "thời kỳ 1992 - 1997". Returns the
/// year (or the span) and where it ends.
/// `span_words`: whether "thời kỳ", "giai đoạn" may open the phrase (after a figure they say
/// its period; before it they mostly name a programme: "Đề án ... giai đoạn 2025 - 2030").
fn year_phrase_at(low: &[char], mut i: usize, span_words: bool) -> Option<(Option<i32>, usize)> {
    let r = rules();
    let word_end = |i: usize| low.get(i).is_none_or(|c| !is_word_char(*c));
    let span_word = if span_words {
        r.cues("span_word")
            .iter()
            .find(|c| low[i..].starts_with(c) && word_end(i + c.len()))
    } else {
        None
    };
    if let Some(c) = span_word {
        i += c.len();
    } else if low[i..].starts_with(&NAM) && word_end(i + NAM.len()) {
        i += NAM.len();
    } else {
        return None;
    }
    let year_at = |i: usize| -> Option<(i32, usize)> {
        let mut j = i;
        while j < low.len() && low[j] == ' ' {
            j += 1;
        }
        let y = year_of(&low[j.min(low.len())..(j + 4).min(low.len())])?;
        word_end(j + 4).then_some((y, j + 4))
    };
    let (y, mut e) = year_at(i)?;
    // "2001 - 2004": a span
    let mut k = e;
    while k < low.len() && low[k] == ' ' {
        k += 1;
    }
    if k < low.len() && matches!(low[k], '-' | '–' | '—') {
        if let Some((y2, e2)) = year_at(k + 1) {
            // "năm 2003-2004": a school or crop year, about its second year
            return Some(((y2 == y + 1).then_some(y2), e2));
        }
    }
    if span_word.is_some() {
        return None;
    }
    e = e.min(low.len());
    Some((Some(y), e))
}

/// "năm 2003" right after the figure ("40% năm 2003", "19,4 triệu đồng (năm 2003)", "61,5% vào
/// năm 2004"); "(thời kỳ 1992 - 1997)" is a span.
pub fn year_after(low: &[char], end: usize) -> Local {
    let mut i = end;
    while i < low.len() && (low[i] == ' ' || low[i] == '(') {
        i += 1;
    }
    const VAO: [char; 4] = ['v', 'à', 'o', ' '];
    if low[i..].starts_with(&VAO) {
        i += VAO.len();
    }
    year_phrase_at(low, i, true).map(|(y, _)| y)
}

/// The year of the figure's clause: the last "năm 2001" in it ("năm 2001 tăng 6,9%"), or the one
/// right before the "(" the clause opens with ("mức nhập siêu năm 2003 (25% ...)"); a span in
/// the clause ("bình quân 4 năm 2001 - 2004 khoảng 7,2%") stands for no one year. A year is
/// skipped when it names the base of a comparison ("so với năm 2010 tăng 54 vụ", "so với thực
/// hiện năm 2003 và bằng 35,4%"), a price base ("giá năm 1994"), a start ("từ năm 2004"), or
/// sits in a parenthesis closed before the figure.
pub fn clause_year(v: &SentenceView) -> Local {
    let r = rules();
    let hay = &v.low[v.clause_start..v.start];
    // the loop below and the dates after it read only years inside the clause: four digits
    let has_year = four_digits(hay.iter().copied());
    let mut i = if has_year { hay.len() } else { 0 };
    while i > 0 {
        i -= 1;
        // a year phrase here starts with "năm"
        if hay[i] != NAM[0] || (i > 0 && is_word_char(hay[i - 1])) {
            continue;
        }
        let Some((y, _)) = year_phrase_at(hay, i, false) else {
            continue;
        };
        // a parenthesis closed between the year and the figure: an aside
        let closed = hay[i..].iter().filter(|c| **c == ')').count()
            > hay[i..].iter().filter(|c| **c == '(').count();
        let mut e = i;
        while e > 0 && hay[e - 1].is_whitespace() {
            e -= 1;
        }
        let before = &hay[..e];
        let based = r
            .cues("not_period_before_year")
            .iter()
            .chain(r.cues("previous_period"))
            .any(|c| {
                before.ends_with(c)
                    && (before.len() == c.len()
                        || !is_word_char(before[before.len() - c.len() - 1]))
            });
        let compared = any_in(v, Group::Comparison, v.clause_start, v.clause_start + i);
        if closed || based || compared {
            continue;
        }
        return Some(y);
    }
    // "mức nhập siêu năm 2003 (25% tổng kim ngạch)", but not "so với năm 2010 (2126/2102)"
    if v.clause_start > 0 && v.chars[v.clause_start - 1] == '(' {
        let seg_start = v.sentence_start.max(v.prev_end).min(v.clause_start - 1);
        let seg = &v.low[seg_start..v.clause_start - 1];
        let mut e = seg.len();
        while e > 0 && seg[e - 1] == ' ' {
            e -= 1;
        }
        let seg = &seg[..e];
        let compared = any_in(v, Group::Comparison, seg_start, seg_start + e);
        if !compared {
            for p in (seg.len().saturating_sub(12)..seg.len()).rev() {
                if p > 0 && is_word_char(seg[p - 1]) {
                    continue;
                }
                if let Some((y, end)) = year_phrase_at(seg, p, false) {
                    if end == seg.len() {
                        return Some(y);
                    }
                }
            }
        }
    }
    // "tính đến ngày 20/11/2025 có 32/35 đơn vị"
    if !has_year {
        return None;
    }
    let dated = (0..r.cues("date_lead").len())
        .filter_map(|k| {
            let p = rfind_in(v, Group::DateLead, k, v.clause_start, v.start)? - v.clause_start;
            let tail = &hay[p..];
            let count = |b: char| tail.iter().filter(|c| **c == b).count();
            let closed = count(')') > count('(');
            let head = Head::new(tail.iter().copied());
            (!closed)
                .then(|| {
                    lead_year_of(&lead_words_in(head.get(), lead_words_read())).map(|y| (p, y))
                })
                .flatten()
        })
        .max()
        .map(|(_, y)| y);
    if dated.is_some() {
        return Some(dated);
    }
    None
}

/// The sentence speaks of several years before the figure ("Giá trị các ngành dịch vụ tăng bình
/// quân 4 năm khoảng 7,2%", "kế hoạch 5 năm là 10,4%"): no one year. ("Hàng năm", every year,
/// does not count: "ủng hộ mỗi năm một ngày lương ... kinh phí 50.394.833 đồng" is this year's.)
pub fn several_years(v: &SentenceView) -> bool {
    let r = rules();
    let hay = &v.low[v.sentence_start..v.start];
    // "<lead> N năm": "bình quân 4 năm", "trong 4 năm", "kế hoạch 5 năm"
    // (the block's "năm" are found once; each is taken as `find_words` from `i` on would take
    // it: its start at `i` or after no letter or digit, its end at the end of `hay` or before
    // none)
    // the "năm" that start a word of the text, relative to `hay`
    let mut seen = v.block.seen.borrow_mut();
    let nams: Vec<usize> = if seen.reach(v, v.sentence_start) {
        let list = &phrases().list;
        seen.within(v.sentence_start, v.start)
            .iter()
            .filter(|&&(_, m)| list[m].1 == Group::Nam)
            .map(|&(p, _)| p - v.sentence_start)
            .collect()
    } else {
        (0..hay.len())
            .filter(|&p| (p == 0 || !is_word_char(hay[p - 1])) && hay[p..].starts_with(&NAM))
            .collect()
    };
    drop(seen);
    let ends = |at: usize| hay.get(at + NAM.len()).is_none_or(|c| !is_word_char(*c));
    let fits = |at: usize| at + NAM.len() <= hay.len() && ends(at);
    let (mut i, mut k) = (0, 0);
    loop {
        // the next "năm" as `find_words(&hay[i..])` takes it: at `i` itself (the start of
        // what is searched), else at a word start after it
        let at = if hay[i..].starts_with(&NAM) && ends(i) {
            i
        } else {
            while k < nams.len() && (nams[k] <= i || !fits(nams[k])) {
                k += 1;
            }
            match nams.get(k) {
                Some(&at) => at,
                None => break,
            }
        };
        i = at + NAM.len();
        // the last three words before "năm", read backwards (copying the sentence up to each
        // "năm" made this quadratic in the sentence's length)
        let words = last_words::<3>(&hay[..at]);
        let Some(n) = words[0] else { continue };
        if !(n.len() <= 2 && n.iter().all(char::is_ascii_digit)) {
            continue;
        }
        let mut lead: Vec<char> = Vec::new();
        for w in [words[2], words[1]].into_iter().flatten() {
            if !lead.is_empty() {
                lead.push(' ');
            }
            lead.extend(w.iter().map(|c| super::rules::fold_char(*c)));
        }
        if r.cues("several_years_before")
            .iter()
            .any(|c| lead.ends_with(c))
        {
            return true;
        }
    }
    false
}

/// The last `N` whitespace-separated words of `hay`, the last first (what
/// `split_whitespace().rev()` gives, without a copy of the text).
fn last_words<const N: usize>(hay: &[char]) -> [Option<&[char]>; N] {
    let mut out = [None; N];
    let mut e = hay.len();
    for slot in out.iter_mut() {
        while e > 0 && hay[e - 1].is_whitespace() {
            e -= 1;
        }
        if e == 0 {
            break;
        }
        let mut s = e;
        while s > 0 && !hay[s - 1].is_whitespace() {
            s -= 1;
        }
        *slot = Some(&hay[s..e]);
        e = s;
    }
    out
}

/// The year of the first date written in a text: "ngày 11 tháng 9 năm 2025", "11/9/2025".
fn dated_year(text: &str) -> Option<i32> {
    let head = Head::new(text.chars());
    let words = lead_words_in(head.get(), HEAD / 2);
    for (k, w) in words.iter().enumerate() {
        if let Some(y) = date_year_of(w) {
            return Some(y);
        }
        if *w == NAM {
            if let Some(y) = words.get(k + 1).and_then(|t| year_of(t)) {
                return Some(y);
            }
        }
    }
    None
}

/// The group bounds of `Groups::bounds`, found by walking the sentence: cheaper in a short
/// block than building the index.
fn bounds_by_walking(low: &[char], ss: usize, start: usize, end: usize) -> (usize, usize) {
    let mut gs = ss;
    let mut depth = 0i32;
    for i in (ss..start).rev() {
        match low[i] {
            ')' => depth += 1,
            '(' if depth == 0 => {
                gs = i + 1;
                break;
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    let mut ge = end;
    let mut depth = 0i32;
    while ge < low.len() {
        match low[ge] {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            c if depth == 0 && matches!(c, ';' | '!' | '?' | '\n') => break,
            '.' if depth == 0 && !low.get(ge + 1).is_some_and(|c| c.is_ascii_digit()) => break,
            _ => {}
        }
        ge += 1;
    }
    (gs, ge)
}

/// False when no `threshold_lead` phrase is written whole in the figure's sentence before it,
/// at a word start or the sentence's start: then none is in its group, which starts there or
/// after a "(".
fn lead_possible(v: &SentenceView) -> bool {
    let (ss, start, low) = (v.sentence_start, v.start, v.low);
    let mut seen = v.block.seen.borrow_mut();
    if !seen.reach(v, ss) {
        return true;
    }
    let ph = phrases();
    let lead = |m: usize| ph.list[m].1 == Group::Lead;
    seen.within(ss, start)
        .iter()
        .any(|&(p, m)| lead(m) && p + ph.list[m].0.len() <= start)
        || (0..ph.list.len()).any(|m| {
            lead(m) && ss + ph.list[m].0.len() <= start && low[ss..].starts_with(&ph.list[m].0)
        })
}

/// A scoring rule's figure: a condition and what it scores ("(trường hợp dưới 70% thì tiêu chí
/// này đạt 0 điểm)", "chỉ cần có một quyết định trễ hạn thì điểm đánh giá tiêu chí này là 0
/// điểm") or a band of points ("Từ 90 đến dưới 100 điểm xếp loại: Xuất sắc"). Such a figure is
/// the base results are scored against, of no year.
pub fn threshold(v: &SentenceView, qualifier: Qualifier) -> bool {
    let r = rules();
    // a scoring condition needs a threshold lead in the figure's group before it, and so in
    // its sentence before it: without one, only a band can be one
    let lead = lead_possible(v);
    // an exact figure needs a score word in its group: a block without one has none
    if qualifier == Qualifier::Exact && !(lead && v.block.has_score_word(v.low)) {
        return false;
    }
    let band_at = |after: &[char]| {
        let t = &after[after
            .iter()
            .position(|c| !c.is_whitespace())
            .unwrap_or(after.len())..];
        r.cues("band_after")
            .iter()
            .any(|c| c.len() <= t.len() && c.iter().zip(t).all(|(a, b)| *a == fold_char(*b)))
    };
    // without a score word only a band is one, and a band cue right after the figure in the
    // group is one right after it in the text
    if !(lead && v.block.has_score_word(v.low)) && !band_at(&v.low[v.end..]) {
        return false;
    }
    // the figure's group: its parenthesis if it stands in one, else its sentence
    // (walking the sentence per figure is quadratic in a long one; indexing a short block
    // costs more than walking it)
    let g = (v.low.len() >= SHORT_BLOCK).then(|| v.block.groups.get_or_init(|| Groups::new(v.low)));
    let (gs, ge) = match g {
        Some(g) => g.bounds(v.sentence_start, v.start, v.end),
        None => bounds_by_walking(v.low, v.sentence_start, v.start, v.end),
    };
    let after = &v.low[v.end..ge];
    // a band is bounded ("Từ 90 đến dưới 100 điểm", "Dưới 50 điểm"); "11/13 đơn vị xếp loại
    // Xuất sắc" counts who fell in it
    let band = qualifier != Qualifier::Exact && band_at(after);
    if band {
        return true;
    }
    // the rare score word first
    match g {
        Some(g) => g.score_in(gs, ge) && g.lead_in(gs, v.start),
        None => {
            let cues = |g: &str| r.cues(g).iter().map(Vec::as_slice);
            super::rules::first_found(&v.low[gs..ge], cues("score_word")).is_some()
                && super::rules::first_found(&v.low[gs..v.start], cues("threshold_lead")).is_some()
        }
    }
}

/// The start of a change: "giảm từ 76,6% năm 2003 xuống còn 75,1%", "tăng từ 15% (thời kỳ
/// 1992 - 1997) lên 22,5%": the figure after "từ" is the base the change starts from.
pub fn change_base(v: &SentenceView) -> bool {
    let r = rules();
    // the last word first, uncopied: in most clauses it is no "từ"
    let last = last_words::<1>(&v.low[v.clause_start.min(v.start)..v.start])[0];
    let is_from = last.is_some_and(|w| {
        r.cues("change_from")
            .iter()
            .any(|c| c.len() == w.len() && c.iter().zip(w).all(|(a, b)| *a == fold_char(*b)))
    });
    if !is_from {
        return false;
    }
    let before: String = v.low[v.clause_start.min(v.start)..v.start].iter().collect();
    let words: Vec<&str> = before.split_whitespace().collect();
    let lead = fold(&words[words.len().saturating_sub(4)..words.len() - 1].join(" "));
    let verb = r
        .cues("change_verb")
        .iter()
        .any(|c| find_words(&lead, c).is_some());
    let after: String = v.low[v.end..(v.end + 40).min(v.low.len())].iter().collect();
    let to = r
        .cues("change_to")
        .iter()
        .any(|c| find_words(&fold(&after), c).is_some());
    verb && to
}

/// A condition or limit of a rule, in an account of results: a deadline after a span ("Các hồ
/// sơ tiếp nhận sau 8 tiếng", "Đang trong thời hạn 02 năm") or a maximum score ("tối đa 18
/// điểm"). It is a base results are measured against, of no year.
pub fn rule_limit(v: &SentenceView, qualifier: Qualifier, unit: Option<&str>) -> bool {
    let r = rules();
    let Some(unit) = unit else { return false };
    // `is_cue` on the folded unit, folded as it is compared
    let is_cue = |group: &str| {
        r.cues(group).iter().any(|c| {
            let mut u = unit.chars();
            c.iter()
                .all(|a| u.next().is_some_and(|b| fold_char(b) == *a))
                && u.next().is_none()
        })
    };
    if qualifier == Qualifier::AtMost && is_cue("score_unit") {
        return true;
    }
    if !is_cue("duration_unit") {
        return false;
    }
    let before: String = v.low[v.clause_start.min(v.start)..v.start].iter().collect();
    let before = fold(before.trim_end());
    r.cues("duration_condition").iter().any(|c| {
        before.ends_with(c)
            && (before.len() == c.len() || !before[before.len() - c.len() - 1].is_alphanumeric())
    })
}

#[cfg(test)]
mod name_year_tests {
    use super::*;

    #[test]
    fn a_file_name_gives_its_one_year() {
        assert_eq!(
            year_in_file_name("corpus/vbai_BÁO CÁO STC HỌP NGÀY 11 -11-2025.docx"),
            Some(2025)
        );
        assert_eq!(
            year_in_file_name("vbai_BC tháng 3.2026 BCĐ tỉnh.docx"),
            Some(2026)
        );
        assert_eq!(year_in_file_name("vpc_2006-Mau21_CKTC_NSH.txt"), Some(2006));
        // two years, no year, a longer number
        assert_eq!(year_in_file_name("Thỏa ước TULĐTT 2025-2028.docx"), None);
        assert_eq!(year_in_file_name("p08_BAO_CAO_THANG_5.docx"), None);
        assert_eq!(year_in_file_name("bkqd1412006.txt"), None);
        // the directory is no part of the name
        assert_eq!(year_in_file_name("2019/bao cao.docx"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_words_are_split_whitespace_reversed() {
        for text in [
            "bình quân 4 ",
            "  trong  12",
            "x",
            "",
            "   ",
            "a\u{a0}b c\td\n",
        ] {
            let chars: Vec<char> = text.chars().collect();
            let got: Vec<String> = last_words::<3>(&chars)
                .iter()
                .flatten()
                .map(|w| w.iter().collect())
                .collect();
            let want: Vec<String> = text
                .split_whitespace()
                .rev()
                .take(3)
                .map(str::to_string)
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn group_bounds_agree_with_walking_the_sentence() {
        for text in [
            "a (b (c) d) e; (f) g) h (i (j 1.5 k. l) m",
            "))(( x ) y ( z",
            "Điểm (trường hợp dưới 70% thì đạt 0 điểm); xếp loại (a) (b (c)).",
            "",
        ] {
            let low = fold(text);
            let g = Groups::new(&low);
            for ss in 0..=low.len() {
                for start in ss..=low.len() {
                    for end in [start, (start + 2).min(low.len())] {
                        assert_eq!(
                            g.bounds(ss, start, end),
                            bounds_by_walking(&low, ss, start, end),
                            "{text:?} {ss} {start} {end}"
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod sighting_tests {
    use super::*;
    use crate::extract::rules::rfind_words;

    const TEXTS: [&str; 4] = [
        "So với năm 2022 (1.326), so với kế hoạch; tính đến 15/9/2025 so vớiso với",
        "Dự kiến đạt 450 triệu USD, tăng 22% so với năm trước; kh2024 kế hoạchx sẽ 5",
        "phấn đấu năm 2025 đạt chỉ tiêu đề ra 10 và dự toánkh 3 từ ngày 1/1/2024 kể từ ngày",
        "",
    ];

    /// A view of the whole text as one figure's sentence, its figure at the end.
    fn view<'a>(chars: &'a [char], low: &'a [char], block: &'a BlockIndex) -> SentenceView<'a> {
        SentenceView {
            chars,
            low,
            block,
            sentence_start: 0,
            clause_start: 0,
            prev_end: 0,
            start: low.len(),
            end: low.len(),
        }
    }

    #[test]
    fn sightings_find_what_rfind_words_finds_in_a_stretch() {
        for text in TEXTS {
            let chars: Vec<char> = text.chars().collect();
            let low = fold(text);
            let block = BlockIndex::default();
            let v = view(&chars, &low, &block);
            for (group, name) in [
                (Group::Comparison, "comparison"),
                (Group::DateLead, "date_lead"),
            ] {
                for s in 0..=low.len() {
                    for e in s..=low.len() {
                        for (k, c) in rules().cues(name).iter().enumerate() {
                            assert_eq!(
                                rfind_in(&v, group, k, s, e),
                                rfind_words(&low[s..e], c).map(|p| p + s),
                                "{text:?} {name} {s}..{e}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_stretch_with_a_status_cue_is_never_skipped() {
        let r = rules();
        for text in TEXTS {
            let chars: Vec<char> = text.chars().collect();
            let low = fold(text);
            let block = BlockIndex::default();
            let v = view(&chars, &low, &block);
            for a in 0..=low.len() {
                for b in a..=low.len() {
                    let stretch = &low[a..b];
                    let found = (0..stretch.len()).any(|i| {
                        (i == 0 || !is_word_char(stretch[i - 1]))
                            && r.status_cues.match_at(stretch, i).is_some()
                    });
                    if found {
                        assert!(may_have_status_cue(&v, a, b), "{text:?} {a}..{b}");
                    }
                }
            }
        }
    }
}
