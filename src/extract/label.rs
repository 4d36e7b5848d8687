//! The words that say what a number measures, taken from the text around it.
//!
//! Prose: the clause before the number (after the previous fact, a ";", a "." or a ":"), without
//! list markers and linking words ("là", "đạt", "cho"); when nothing is left, the counted noun and
//! the words after it. Table cells: the row label and the column header.

use std::sync::OnceLock;

use super::rules::{fold, tsv_rows, Lexicon};

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
        }
        _ => false,
    }
}

/// "1." or "4.1." at the start of the text: a list marker, not a full stop.
fn is_marker_start(chars: &[char], dot: usize) -> bool {
    chars[..dot]
        .iter()
        .all(|c| c.is_ascii_digit() || *c == '.' || *c == ' ' || *c == '-' || *c == '+')
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
    let mut s = sentence_start(chars, pos).max(prev_end.min(pos));
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
        while m < e && (chars[m].is_alphanumeric()) && m - s < 5 {
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
        if let Some((le, _)) = t.lead.match_at(low, s).filter(|(le, _)| *le <= e) {
            if le == e || !chars[le].is_alphanumeric() {
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
    let s: String = chars.iter().collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > MAX_LABEL {
        let cut: Vec<char> = s.chars().collect();
        let mut from = cut.len() - MAX_LABEL;
        while from < cut.len() && cut[from] != ' ' {
            from += 1;
        }
        cut[from..].iter().collect::<String>().trim().to_string()
    } else {
        s
    }
}

/// The label of a fact spanning `start..end` whose clause begins at `clause`.
pub fn prose_label(
    chars: &[char],
    low: &[char],
    clause: usize,
    start: usize,
    end: usize,
    next_start: usize,
    unit: Option<&str>,
) -> Option<String> {
    let (mut s, e) = strip(chars, low, clause, start);
    // "Về trình độ chuyên môn: Trên Đại học 21 người": the words after the last ":" name it.
    if let Some(c) = (s..e).rev().find(|&i| chars[i] == ':') {
        let (s2, e2) = strip(chars, low, c + 1, e);
        if e2 > s2 {
            s = s2;
            return Some(collapse(&chars[s..e2]));
        }
    }
    if e > s {
        return Some(collapse(&chars[s..e]));
    }
    // Nothing before it: the counted noun and what follows, up to the clause end.
    let mut r = end;
    let limit = next_start.min(chars.len());
    while r < limit && !matches!(chars[r], ',' | ';' | '.' | '(' | ')' | ':' | '\n') {
        r += 1;
    }
    let (rs, re) = strip(chars, low, end, r);
    let right = collapse(&chars[rs..re]);
    match (unit, right.is_empty()) {
        (Some(u), false) if u != "%" => Some(format!("{u} {right}")),
        (_, false) => Some(right),
        (Some(u), true) if u != "%" => Some(u.to_string()),
        _ => None,
    }
}
