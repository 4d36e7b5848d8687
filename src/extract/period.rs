//! The year a figure is about and whether it is a result, a target or a comparison base.
//!
//! The part of the report decides first (results of the report year, or "PHƯƠNG HƯỚNG, NHIỆM VỤ
//! NĂM 2024" targets); then the sentence: "so với năm 2022 (1.326)" is a 2022 reference, and
//! "phấn đấu", "dự kiến", "kế hoạch ..." right before a number make it a target.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Block, Status};

use super::rules::{fold, is_letter, is_word_char, rfind_words, rules, tsv_rows, CueScope};

const PART_CUES: &str = include_str!("rules/part_cues.tsv");

fn year_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").expect("year pattern"))
}

/// The first year written in a text.
pub fn first_year(s: &str) -> Option<i32> {
    year_re().captures(s).and_then(|c| c[1].parse().ok())
}

fn part_cues() -> &'static [(String, Status)] {
    static C: OnceLock<Vec<(String, Status)>> = OnceLock::new();
    C.get_or_init(|| {
        tsv_rows(PART_CUES)
            .filter(|r| r.len() >= 2)
            .map(|r| {
                (
                    super::rules::key(r[0]),
                    if r[1] == "target" {
                        Status::Target
                    } else {
                        Status::Actual
                    },
                )
            })
            .collect()
    })
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

    pub fn new(report_year: Option<i32>) -> Self {
        Part {
            status: Status::Actual,
            year: report_year,
            report_year,
            after_part_marker: false,
            plan: false,
        }
    }

    /// Looks at a block; a heading that names results or plans switches the part.
    pub fn observe(&mut self, b: &Block) {
        let text = b.text.trim();
        if text.is_empty() {
            return;
        }
        let len = text.chars().count();
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
                && crate::structure::marker(text).is_some()
                && first_year(text).is_some()
        };
        // cheapest tests first: most blocks are body text that none of them accepts
        if b.heading_level.is_none()
            && !(after_marker && short_line)
            && !is_heading_like(text)
            && !numbered()
        {
            return;
        }
        let k = super::rules::key(text);
        // the cue that appears first in the heading wins ("KẾT QUẢ ... VÀ PHƯƠNG HƯỚNG" is results)
        let mut best: Option<(usize, Status)> = None;
        for (cue, st) in part_cues() {
            if let Some(pos) = k.find(cue.as_str()) {
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
                    let same = self.plan || rules().has_cue("same_year_plan", &fold(text));
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
    let (mut letters, mut upper) = (0usize, 0usize);
    for c in s.chars() {
        if is_letter(c) {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
    }
    if letters < 6 || s.split_whitespace().nth(1).is_none() {
        return false;
    }
    upper * 10 >= letters * 8
}

/// Status and period of one fact from its sentence.
pub struct SentenceView<'a> {
    pub chars: &'a [char],
    pub low: &'a [char],
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
    let hay = &v.low[v.sentence_start..v.start];
    let (pos, len) = r
        .cues("comparison")
        .iter()
        .filter_map(|c| rfind_words(hay, c).map(|p| (p, c.len())))
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

/// A target cue before the fact: anywhere in the clause, or within three words for "near" cues.
pub fn target_cue(v: &SentenceView) -> bool {
    let r = rules();
    let clause = &v.low[v.clause_start..v.start];
    let mut i = 0;
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
                    if !comparison && (*scope == CueScope::Clause || words_after <= 3) {
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

fn is_year(t: &str) -> Option<i32> {
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t.parse().ok()?;
    (1950..=2099).contains(&y).then_some(y)
}

/// The year of a date token "15/9/2025".
fn date_year(t: &str) -> Option<i32> {
    let parts: Vec<&str> = t.split('/').collect();
    if parts.len() == 3 && parts[..2].iter().all(|p| (1..=2).contains(&p.len())) {
        is_year(parts[2])
    } else {
        None
    }
}

/// The folded words of a text (letters, digits and "/" kept), list markers at its start dropped.
fn lead_words(text: &str) -> Vec<String> {
    let head: String = text.chars().take(120).collect();
    let folded: String = fold(&head).into_iter().collect();
    let words: Vec<String> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    // "1.", "a)", "II.", a footnote number: markers, not words
    let marker = |w: &str| {
        (w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            || w.chars().count() == 1
            || (w.len() <= 4 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
    };
    let skip = words.iter().take(2).take_while(|w| marker(w)).count();
    words[skip..].to_vec()
}

/// The year a block opens with, which its figures are about: "+ Năm 2011, đã phát hiện ...",
/// "Trong năm 2024: ...", "Hiện nay (tính đến 15/9/2025), số người nghiện ...".
pub fn lead_year(text: &str) -> Option<i32> {
    let words = lead_words(text);
    let r = rules();
    let starts = |cue: &[char]| -> Option<usize> {
        let cue: String = cue.iter().collect();
        let cw: Vec<&str> = cue.split_whitespace().collect();
        (words.len() > cw.len() && words.iter().zip(&cw).all(|(a, b)| a == b)).then_some(cw.len())
    };
    for cue in r.cues("year_lead") {
        if let Some(n) = starts(cue) {
            if let Some(y) = is_year(&words[n]) {
                return Some(y);
            }
        }
    }
    for cue in r.cues("date_lead") {
        if let Some(n) = starts(cue) {
            // "tính đến 15/9/2025", "tính đến ngày 15 tháng 9 năm 2025", "tính đến hết năm 2025"
            for (k, w) in words.iter().enumerate().skip(n).take(7) {
                if let Some(y) = date_year(w) {
                    return Some(y);
                }
                if w == "năm" {
                    return words.get(k + 1).and_then(|t| is_year(t));
                }
            }
        }
    }
    None
}

/// "năm 2003" right after the figure ("40% năm 2003", "19,4 triệu đồng (năm 2003)").
pub fn year_after(low: &[char], end: usize) -> Option<i32> {
    let mut i = end;
    while i < low.len() && (low[i] == ' ' || low[i] == '(') {
        i += 1;
    }
    let nam: Vec<char> = "năm".chars().collect();
    if !low[i..].starts_with(&nam) {
        return None;
    }
    i += nam.len();
    while i < low.len() && low[i] == ' ' {
        i += 1;
    }
    let digits: String = low[i..].iter().take(5).collect();
    let digits = digits.trim_end_matches(|c: char| !c.is_ascii_digit());
    is_year(digits)
}

/// The last "năm 2001" in the figure's clause ("năm 2001 tăng 6,9%"), unless it names the base of
/// a comparison ("so với năm 2010 tăng 54 vụ"), a price base ("giá năm 1994") or sits in a
/// parenthesis closed before the figure.
pub fn clause_year(v: &SentenceView) -> Option<i32> {
    let r = rules();
    let hay = &v.low[v.clause_start..v.start];
    let nam: Vec<char> = "năm".chars().collect();
    let mut i = hay.len();
    while i > 0 {
        i -= 1;
        if !(hay[i..].starts_with(&nam) && (i == 0 || !hay[i - 1].is_alphanumeric())) {
            continue;
        }
        let after: String = hay[i + nam.len()..].iter().take(6).collect();
        let Some(y) = is_year(after.trim_start().get(..4).unwrap_or("")) else {
            continue;
        };
        if after
            .trim_start()
            .chars()
            .nth(4)
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
        {
            continue;
        }
        // a parenthesis closed between the year and the figure: an aside
        let closed = hay[i..].iter().filter(|c| **c == ')').count()
            > hay[i..].iter().filter(|c| **c == '(').count();
        let before: Vec<char> = hay[..i]
            .iter()
            .collect::<String>()
            .trim_end()
            .chars()
            .collect();
        let based = r
            .cues("not_period_before_year")
            .iter()
            .chain(r.cues("comparison"))
            .chain(r.cues("previous_period"))
            .any(|c| {
                before.ends_with(c)
                    && (before.len() == c.len()
                        || !before[before.len() - c.len() - 1].is_alphanumeric())
            });
        if closed || based {
            continue;
        }
        return Some(y);
    }
    // "tính đến ngày 20/11/2025 có 32/35 đơn vị"
    let text: String = hay.iter().collect();
    r.cues("date_lead")
        .iter()
        .filter_map(|c| {
            let p = rfind_words(hay, c)?;
            let tail: String = text.chars().skip(p).collect();
            let closed = tail.matches(')').count() > tail.matches('(').count();
            (!closed)
                .then(|| lead_year(&tail).map(|y| (p, y)))
                .flatten()
        })
        .max()
        .map(|(_, y)| y)
}
