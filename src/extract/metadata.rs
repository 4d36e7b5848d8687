//! The document's header: issuing body, number and symbol, place, date, type, title, report year.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Block, Metadata};

use super::rules::tsv_rows;

const DOC_TYPES: &str = include_str!("rules/doc_types.tsv");

/// How far into the document the header is looked for, in blocks.
const HEADER_BLOCKS: usize = 40;

struct Patterns {
    number: Regex,
    date_words: Regex,
    date_slash: Regex,
    date_partial: Regex,
    year: Regex,
    motto: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        number: Regex::new(r"(?i)^\s*số\s*:?\s*(\d+)\s*/\s*([\p{L}0-9][\p{L}0-9\-/.]*)")
            .expect("number pattern"),
        date_words: Regex::new(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
            .expect("date pattern"),
        date_slash: Regex::new(r"(?i)ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
            .expect("date pattern"),
        date_partial: Regex::new(
            r"(?i)ngày[\s.…_]*(\d{0,2})[\s.…_]*tháng[\s.…_]*(\d{0,2})[\s.…_]*năm\s*(\d{4})",
        )
        .expect("date pattern"),
        year: Regex::new(r"\b(19[5-9]\d|20\d\d)\b").expect("year pattern"),
        motto: Regex::new(r"(?i)cộng hòa|cộng hoà|độc lập|hạnh phúc|đảng cộng sản")
            .expect("motto pattern"),
    })
}

fn doc_types() -> &'static [String] {
    static T: OnceLock<Vec<String>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<String> = tsv_rows(DOC_TYPES).map(|r| r[0].to_string()).collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        v
    })
}

/// Lines of the first blocks, with the index of the block each came from.
fn header_lines(blocks: &[Block]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate().take(HEADER_BLOCKS) {
        for l in b.text.split('\n') {
            let l = l.trim();
            if !l.is_empty() {
                out.push((i, l.to_string()));
            }
        }
    }
    out
}

/// A line with letters, none of them lower case (read up to the first lower-case one).
fn is_upper_line(s: &str) -> bool {
    let mut letters = false;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters = true;
    }
    letters
}

/// Reads the header. Also returns the index of the block where the body starts (after the title).
pub fn parse(blocks: &[Block]) -> (Metadata, usize) {
    let p = patterns();
    let lines = header_lines(blocks);
    let mut md = Metadata::default();
    let mut body_start = 0;

    // The issuing body: capitalised lines at the top, before the number, motto or date.
    let mut body_parts: Vec<String> = Vec::new();
    for (_, l) in &lines {
        if p.number.is_match(l)
            || p.motto.is_match(l)
            || p.date_words.is_match(l)
            || !is_upper_line(l)
        {
            break;
        }
        if doc_types().iter().any(|t| l == t) {
            break;
        }
        body_parts.push(
            l.trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace())
                .to_string(),
        );
    }
    body_parts.retain(|s| !s.is_empty());
    if !body_parts.is_empty() {
        md.issuing_body = Some(body_parts.join(" "));
    }

    // The date stands in the header, on the "Place, ngày ... tháng ... năm ..." line; a date
    // further down is a cited document's. A header date with its day left blank still gives the year.
    // (a line too long for every type is not upper-cased)
    let doc_type_line = lines.iter().position(|(_, l)| {
        let n = l.chars().count();
        let mut fits = doc_types()
            .iter()
            .filter(|t| n <= t.chars().count() + 120)
            .peekable();
        if fits.peek().is_none() {
            return false;
        }
        let u = l.to_uppercase();
        fits.any(|t| u.starts_with(t.as_str()))
    });
    let header_end = doc_type_line
        .map_or(lines.len().min(12), |k| k + 3)
        .min(lines.len());
    let mut header_year: Option<i32> = None;
    for (k, (_, l)) in lines.iter().enumerate() {
        if k >= header_end {
            break;
        }
        if let Some(c) = p.date_partial.captures(l) {
            header_year = header_year.or_else(|| c[3].parse().ok());
        }
        if md.number.is_none() {
            if let Some(c) = p.number.captures(l) {
                md.number = Some(format!(
                    "{}/{}",
                    &c[1],
                    c[2].trim_end_matches(['.', '-', '/'])
                ));
            }
        }
        if md.date.is_none() {
            let c = p
                .date_words
                .captures(l)
                .or_else(|| p.date_slash.captures(l));
            if let Some(c) = c {
                let (d, m, y): (u32, u32, u32) = (
                    c[1].parse().unwrap_or(0),
                    c[2].parse().unwrap_or(0),
                    c[3].parse().unwrap_or(0),
                );
                if (1..=31).contains(&d) && (1..=12).contains(&m) {
                    md.date = Some(format!("{y:04}-{m:02}-{d:02}"));
                    let before = l[..c.get(0).map_or(0, |g| g.start())]
                        .trim()
                        .trim_end_matches(',')
                        .trim();
                    let before = before.trim_start_matches(['(', '*']).trim();
                    if !before.is_empty() && before.chars().count() < 60 {
                        md.place = Some(before.to_string());
                    }
                }
            }
        }
    }

    // Type and title: a capitalised line naming a type, then the line(s) after it.
    for (k, (bi, l)) in lines.iter().enumerate() {
        // the line upper-cased equals a type: each char upper-cases to one or more, so only a
        // line of no more chars than the type can (and only such a line is upper-cased)
        let n = l.chars().count();
        let upper = std::cell::OnceCell::new();
        let upper_is =
            |t: &str| n <= t.chars().count() && *upper.get_or_init(|| l.to_uppercase()) == t;
        let Some(t) = doc_types()
            .iter()
            .find(|t| (l.starts_with(t.as_str()) && is_upper_line(&l[..t.len()])) || upper_is(t))
        else {
            continue;
        };
        let rest = l[t.len()..].trim();
        if !is_upper_line(l) && !rest.is_empty() && !upper_is(t) {
            continue;
        }
        // A table cell "Kế hoạch" heads a column; a document type in a cell is in capitals.
        if !is_upper_line(l) && matches!(blocks[*bi].kind, crate::model::BlockKind::Cell(_)) {
            continue;
        }
        md.doc_type = Some(t.clone());
        body_start = bi + 1;
        if !rest.is_empty() {
            md.title = Some(rest.to_string());
        } else if let Some((bj, next)) = lines.get(k + 1) {
            // the title goes on while the next line continues it in lower case ("và kế hoạch ...")
            let mut title = next.clone();
            body_start = bj + 1;
            for (bn, more) in lines.iter().skip(k + 2).take(2) {
                if more.chars().next().is_some_and(|c| c.is_lowercase()) {
                    title.push(' ');
                    title.push_str(more);
                    body_start = bn + 1;
                } else {
                    break;
                }
            }
            md.title = Some(title);
        }
        break;
    }

    let title_year = md
        .title
        .as_deref()
        .and_then(|t| p.year.captures(t))
        .and_then(|c| c[1].parse().ok())
        .or_else(|| {
            // no typed title: the first capitalised line with a year ("QUYẾT TOÁN NGÂN SÁCH NĂM 2004")
            lines
                .iter()
                .filter(|(_, l)| is_upper_line(l) && !p.motto.is_match(l) && !p.number.is_match(l))
                .find_map(|(_, l)| p.year.captures(l).and_then(|c| c[1].parse().ok()))
        });
    let date_year = md
        .date
        .as_deref()
        .and_then(|d| d[..4].parse().ok())
        .or(header_year);
    // A review of a span ("Chiến lược ... đến năm 2020", "giai đoạn 2021 - 2025") is about no one
    // year: its figures take the years their lines name.
    let span = md
        .title
        .as_deref()
        .is_some_and(|t| super::rules::rules().has_cue("span_title", &super::rules::fold(t)));
    md.report_year = if span { None } else { title_year.or(date_year) };
    (md, body_start.min(blocks.len()))
}
