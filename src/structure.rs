//! Section headings above each block ("Phần thứ nhất > I > 1 > a") and sentence bounds.
//!
//! A heading is found from the marker at the start of a paragraph ("Phần thứ hai",
//! "II. ", "3. ", "1.2. ", "đ) ") or, for a .docx heading without a typed marker, from
//! its `heading_level`. Markers have ranks (part < Roman < Arabic < Arabic sub-level <
//! letter); a marker replaces every marker of its rank or deeper. A list item
//! ("a) Tổng số ... 237 người") is both a heading and content: it carries its own marker.
//! Legal texts add named divisions: "Chương IV" > "Mục 2" > "Điều 14" > "1." > "a)".
//! Table cells take the section of the paragraph before their table.

use crate::model::{Block, BlockKind};

const RANK_PART: u8 = 0;
const RANK_CHAPTER: u8 = 1;
const RANK_SECTION: u8 = 2;
const RANK_ROMAN: u8 = 3;
const RANK_ARTICLE: u8 = 4;
const RANK_ARABIC: u8 = 5;
const RANK_ARABIC_SUB: u8 = 6;
const RANK_LETTER: u8 = 7;

/// Words that name a division, with its rank and how it is written in a section path.
/// Legal texts (quy chế, quyết định) divide into Chương > Mục > Điều > khoản "1." > điểm "a)".
const NAMED: [(&str, u8, &str); 3] = [
    ("chương", RANK_CHAPTER, "Chương"),
    ("mục", RANK_SECTION, "Mục"),
    ("điều", RANK_ARTICLE, "Điều"),
];

/// Ordinal words after "Phần thứ".
const ORDINALS: [&str; 10] = [
    "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

/// Letters used as list markers, in Vietnamese alphabetical order (no f, j, w, z).
const LETTERS: &str = "abcdđeghiklmnopqrstuvxy";

/// A heading marker found at the start of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Depth class: 0 part, 1 Roman, 2 Arabic, 3 Arabic sub-level ("1.2"), 4 letter.
    pub rank: u8,
    /// The marker as it appears in section paths: "Phần thứ nhất", "II", "3", "1.2", "đ".
    pub text: String,
    /// Whether anything follows the marker in the block (a title or list-item content).
    pub has_text: bool,
    /// A division named by a word ("Phần thứ hai", "Chương IV", "Điều 20"): a heading
    /// even when its title is on the next line.
    pub named: bool,
}

/// Recognises a heading or list marker at the start of `text`:
/// "II. ", "3. ", "3) ", "1.2. ", "1.2 " before a capital, "đ) ", "a. " or "a/ " before
/// a capital, and "6.1.Công" (no space, but a capital right after the dot).
pub fn marker(text: &str) -> Option<Marker> {
    let t = text.trim_start();
    if !may_start_marker(t) {
        return None;
    }
    if let Some(m) = part_marker(t).or_else(|| named_marker(t)) {
        return Some(m);
    }
    if let Some((sub, rest)) = sub_level(t) {
        return Some(Marker {
            rank: RANK_ARABIC_SUB,
            text: sub,
            has_text: !rest.trim().is_empty(),
            named: false,
        });
    }
    // Only the first 9 bytes can hold the closer: no need to search the whole paragraph.
    let end = t.as_bytes()[..t.len().min(9)]
        .iter()
        .position(|b| matches!(b, b'.' | b')' | b'/'))
        .filter(|&e| e > 0)?;
    let head = &t[..end];
    let closer = t.as_bytes()[end];
    let rest = &t[end + 1..];
    let next = rest.chars().next();
    let capital_after = |r: &str| {
        r.trim_start_matches(' ')
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    // "1.234", "TP.HCM" and "21/BC" go on without a space: not markers.
    let spaced = next.is_none_or(|c| c == ' ' || c == '\n');
    let glued_to_capital = next.is_some_and(char::is_uppercase) && closer == b'.';
    let (rank, text) = if head
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
        && closer != b'/'
    {
        (RANK_ROMAN, head.to_string())
    } else if head.len() <= 2 && head.bytes().all(|b| b.is_ascii_digit()) && closer != b'/' {
        (RANK_ARABIC, head.trim_start_matches('0').to_string())
    } else if head.chars().count() == 1 && LETTERS.contains(head) {
        // "a)" always; "a." and "a/" only before a capital, as list items write them.
        if closer != b')' && !(spaced && capital_after(rest)) {
            return None;
        }
        (RANK_LETTER, head.to_string())
    } else {
        return None;
    };
    if text.is_empty() || !(spaced || glued_to_capital) {
        return None;
    }
    Some(Marker {
        rank,
        text,
        has_text: !rest.trim().is_empty(),
        named: false,
    })
}

/// Whether `t` starts with a char some marker starts with: a digit, a Roman numeral letter,
/// a list letter ([`LETTERS`], lower case), or the first letter of "phần", "chương", "mục"
/// or "điều" in either case (only these chars lower-case to those letters). Most paragraphs
/// start otherwise and are passed over at once.
fn may_start_marker(t: &str) -> bool {
    match t.chars().next() {
        Some(c) if c.is_ascii() => {
            c.is_ascii_digit()
                || c.is_ascii_lowercase()
                || matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'P' | 'M')
        }
        Some(c) => c == 'đ' || c == 'Đ',
        None => false,
    }
}

/// "1.2. ", "1.2.3. ", "1.2 Tồn tại", "6.1.Công tác": the numbers and what follows.
fn sub_level(t: &str) -> Option<(String, &str)> {
    let b = t.as_bytes();
    let mut groups = 0;
    let mut i = 0;
    loop {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s || i - s > 2 {
            return None;
        }
        groups += 1;
        let number_end = i;
        let dot = i < b.len() && b[i] == b'.';
        if dot && b.get(i + 1).is_some_and(u8::is_ascii_digit) && groups < 4 {
            i += 1;
            continue;
        }
        if groups < 2 {
            return None;
        }
        let rest = &t[if dot { i + 1 } else { i }..];
        let capital_next = |r: &str| r.chars().next().is_some_and(char::is_uppercase);
        let ok = if dot {
            // "1.2." then the end, a space, or a capital glued on.
            rest.is_empty() || rest.starts_with([' ', '\n']) || capital_next(rest)
        } else {
            // "1.2 Tồn tại": without the final dot only before a capital ("2.5 ha" is a number).
            rest.starts_with(' ') && capital_next(rest.trim_start_matches(' '))
        };
        return ok.then(|| (t[..number_end].to_string(), rest));
    }
}

/// "Phần thứ nhất", "PHẦN THỨ HAI", "Phần I", "Phần 2".
fn part_marker(t: &str) -> Option<Marker> {
    let mut words = t.split([' ', '\n']).filter(|w| !w.is_empty());
    if !lower_is(words.next()?, "phần") {
        return None;
    }
    let w2 = words.next()?;
    let strip = |w: &str| w.trim_end_matches(['.', ':', ',']).to_string();
    let (text, used) = if w2.to_lowercase() == "thứ" {
        let ord = strip(&words.next()?.to_lowercase());
        if !ORDINALS.contains(&ord.as_str()) {
            return None;
        }
        (format!("Phần thứ {ord}"), 3)
    } else {
        let n = strip(w2);
        let roman = !n.is_empty() && n.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
        let arabic = !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit());
        if !(roman || arabic) {
            return None;
        }
        (format!("Phần {n}"), 2)
    };
    let has_text = t
        .split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .nth(used)
        .is_some();
    Some(Marker {
        rank: RANK_PART,
        text,
        has_text,
        named: true,
    })
}

/// "Chương IV", "CHƯƠNG II:", "Mục 2.", "Điều 20. Chế độ ...", "Điều 1 : Nay ban hành ...".
fn named_marker(t: &str) -> Option<Marker> {
    let (word, rest) = t.split_once(' ')?;
    let &(_, rank, name) = NAMED.iter().find(|(w, _, _)| lower_is(word, w))?;
    let rest = rest.trim_start_matches(' ');
    let n_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let n = &rest[..n_end];
    let roman = !n.is_empty() && n.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let arabic = !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit());
    if !(roman || arabic) {
        return None;
    }
    let after = rest[n_end..].trim_start_matches(' ');
    // "Điều 5 của Luật ..." is a reference in running text, "Điều 5. Phạm vi" a heading.
    let punct = after.starts_with(['.', ':', '-']);
    let ok = after.is_empty()
        || after.starts_with('\n')
        || punct
        || (rank != RANK_ARTICLE && after.chars().next().is_some_and(char::is_uppercase));
    if !ok {
        return None;
    }
    let title = after.trim_start_matches(['.', ':', '-', ' ']);
    Some(Marker {
        rank,
        text: format!("{name} {n}"),
        has_text: !title.trim().is_empty(),
        named: true,
    })
}

/// Whether `word` lower-cased is `lower`, without making the lower-cased copy
/// (every paragraph is tried as a heading).
fn lower_is(word: &str, lower: &str) -> bool {
    word.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// Longest styled paragraph (in chars) taken as a heading when no markers are typed.
const MAX_STYLED_HEADING: usize = 120;

/// Fills `Block::section` for every block of one document, in reading order.
pub fn annotate(blocks: &mut [Block]) {
    // Paragraph styles are a fallback for documents that type no markers at all:
    // real reports put heading styles on bullets and whole paragraphs too.
    // Each paragraph's marker, found once for both passes.
    let markers: Vec<Option<Marker>> = blocks
        .iter()
        .map(|b| {
            if b.kind == BlockKind::Paragraph {
                marker(&b.text)
            } else {
                None
            }
        })
        .collect();
    let typed = markers
        .iter()
        .flatten()
        .any(|m| m.rank > RANK_PART && (m.has_text || m.named));
    let mut stack: Vec<(u8, String)> = Vec::new();
    for (b, found) in blocks.iter_mut().zip(markers) {
        match b.kind {
            BlockKind::Cell(_) => {}
            BlockKind::Footnote | BlockKind::Endnote => {
                b.section.clear();
                continue;
            }
            BlockKind::Paragraph => {
                if let Some(m) = found.filter(|m| m.has_text || m.named) {
                    push(&mut stack, m.rank, m.text);
                } else if let Some(level) = b.heading_level.filter(|_| {
                    !typed
                        && !b.text.trim().is_empty()
                        && b.text.chars().count() <= MAX_STYLED_HEADING
                }) {
                    // A styled heading whose number Word generates: its level, its words.
                    let title: String = b.text.chars().take(80).collect();
                    push(
                        &mut stack,
                        level.clamp(1, RANK_LETTER),
                        title.trim().to_string(),
                    );
                }
                // A bare "a)" or "3." (a table's TT column flattened into lines) is not a heading.
            }
        }
        b.section = stack.iter().map(|(_, m)| m.clone()).collect();
    }
}

fn push(stack: &mut Vec<(u8, String)>, rank: u8, text: String) {
    stack.retain(|(r, _)| *r < rank);
    stack.push((rank, text));
}

/// Abbreviations whose final "." does not end a sentence (compared case-sensitively).
const ABBREVIATIONS: [&str; 14] = [
    "TP", "Tp", "ThS", "TS", "PGS", "GS", "BS", "KS", "CN", "St", "Q", "P", "ĐT", "Ths",
];

/// Sentence spans of `text` as char offsets `(start, end)`, trimmed of spaces.
/// A sentence ends at a line break, or at ".", "!" or "?" followed by a space and a
/// capital letter, except after an abbreviation ("TP.", "v.v."), an initial, an
/// ellipsis, or a list number at the sentence start ("1. Đội ngũ"). Numbers
/// ("17.034", "54,85"), "Số: 21/BC" and "TP.HCM" have no space after the dot.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    split(text, false)
}

/// Like [`sentences`], but also splits at ";" (clauses of an enumeration).
pub fn clauses(text: &str) -> Vec<(usize, usize)> {
    split(text, true)
}

fn split(text: &str, at_semicolon: bool) -> Vec<(usize, usize)> {
    let c: Vec<char> = text.chars().collect();
    let n = c.len();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let ch = c[i];
        if ch == '\n' {
            push_span(&c, start, i, &mut out);
            start = i + 1;
        } else if at_semicolon && ch == ';' {
            push_span(&c, start, i + 1, &mut out);
            start = i + 1;
        } else if matches!(ch, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < n && matches!(c[j], '.' | '!' | '?' | '"' | '\'' | ')') {
                j += 1;
            }
            let mut k = j;
            while k < n && c[k] == ' ' {
                k += 1;
            }
            let next_capital = k > j
                && k < n
                && (c[k].is_uppercase()
                    || (c[k] == '"' && c.get(k + 1).is_some_and(|x| x.is_uppercase())));
            if next_capital && !no_break(&c, start, i, j) {
                push_span(&c, start, j, &mut out);
                start = k;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_span(&c, start, n, &mut out);
    out
}

/// Whether the punctuation run `c[dot..run_end]` does not end the sentence begun at `start`.
fn no_break(c: &[char], start: usize, dot: usize, run_end: usize) -> bool {
    if c[dot] == '.' && c[dot..run_end].iter().filter(|&&x| x == '.').count() >= 2 {
        return true; // "..." (and "v.v..")
    }
    if c[dot] != '.' {
        return false;
    }
    let mut w = dot;
    while w > start && !c[w - 1].is_whitespace() && !matches!(c[w - 1], '(' | '"' | ',') {
        w -= 1;
    }
    let word: String = c[w..dot].iter().collect();
    if word.is_empty() {
        return false;
    }
    if word.contains('.') || ABBREVIATIONS.contains(&word.as_str()) {
        return true; // "v.v.", "TP.", "Th.S."
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true; // an initial: "Nguyễn V. An"
    }
    let at_start = c[start..w].iter().all(|x| x.is_whitespace());
    let list_number = word.chars().all(|x| x.is_ascii_digit())
        || word
            .chars()
            .all(|x| matches!(x, 'I' | 'V' | 'X' | 'L' | 'C'));
    at_start && list_number
}

fn push_span(c: &[char], mut s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    while s < e && c[s].is_whitespace() {
        s += 1;
    }
    while e > s && c[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s {
        out.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<String> {
        let c: Vec<char> = t.chars().collect();
        sentences(t)
            .into_iter()
            .map(|(s, e)| c[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn marker_starts() {
        // Every char that lower-cases to the first letter of a named division passes.
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            if c.to_lowercase().next().is_some_and(|l| "pcmđ".contains(l)) {
                assert!(may_start_marker(&c.to_string()), "{c:?}");
            }
        }
        assert!(
            !may_start_marker("Tổng số") && !may_start_marker("- Năm") && !may_start_marker("")
        );
        assert!(may_start_marker("đ) ") && may_start_marker("PHẦN") && may_start_marker("12."));
    }

    #[test]
    fn markers() {
        let m = |t: &str| marker(t).map(|m| (m.rank, m.text, m.has_text));
        assert_eq!(m("Chương II :"), Some((1, "Chương II".into(), false)));
        assert_eq!(m("CHƯƠNG IV QUẢN LÝ"), Some((1, "Chương IV".into(), true)));
        assert_eq!(m("Điều 1 : Nay ban hành"), Some((4, "Điều 1".into(), true)));
        assert_eq!(
            m("Điều 20. Chế độ công tác phí"),
            Some((4, "Điều 20".into(), true))
        );
        assert_eq!(m("Điều 5 của Luật Thực hiện dân chủ"), None);
        assert_eq!(m("Mục 2. Tổ chức"), Some((2, "Mục 2".into(), true)));
        assert_eq!(m("Mục tiêu năm 2024"), None);
        assert_eq!(m("Phần thứ nhất"), Some((0, "Phần thứ nhất".into(), false)));
        assert_eq!(
            m("PHẦN THỨ HAI: PHƯƠNG HƯỚNG"),
            Some((0, "Phần thứ hai".into(), true))
        );
        assert_eq!(m("Phần lớn đoàn viên"), None);
        assert_eq!(m("II. KẾT QUẢ"), Some((3, "II".into(), true)));
        assert_eq!(m("10. Về công tác thi đua"), Some((5, "10".into(), true)));
        assert_eq!(m("1.2. Về công tác"), Some((6, "1.2".into(), true)));
        assert_eq!(m("đ) Lĩnh vực Lao động"), Some((7, "đ".into(), true)));
        assert_eq!(m("a)"), Some((7, "a".into(), false)));
        assert_eq!(m("17.034 người"), None);
        assert_eq!(m("2.050 người lao động"), None);
        assert_eq!(m("TP.HCM"), None);
        assert_eq!(m("Số: 21/BC"), None);
        assert_eq!(m("f) x"), None);
        assert_eq!(m("a. Tình hình tội phạm"), Some((7, "a".into(), true)));
        assert_eq!(m("a. b"), None);
        assert_eq!(m("b/ Nhiệm vụ"), Some((7, "b".into(), true)));
        assert_eq!(m("2.1 Tồn tại, hạn chế"), Some((6, "2.1".into(), true)));
        assert_eq!(m("2.5 ha đất"), None);
        assert_eq!(m("6.1.Công tác rà soát"), Some((6, "6.1".into(), true)));
        assert_eq!(m("3.Công tác"), Some((5, "3".into(), true)));
        assert_eq!(m("3.2.1. Nội dung"), Some((6, "3.2.1".into(), true)));
        assert_eq!(m("21/BC-CĐ"), None);
        assert_eq!(m("1.234,5 tấn"), None);
        assert_eq!(m("66.7/2025/NQ-CP"), None);
    }

    #[test]
    fn sentence_bounds() {
        assert_eq!(
            sents("Có 17.034 người, đạt 54,85%. Số: 21/BC-CĐ tại TP.HCM, v.v. Các đơn vị... Tiếp theo; còn lại."),
            vec!["Có 17.034 người, đạt 54,85%.", "Số: 21/BC-CĐ tại TP.HCM, v.v. Các đơn vị... Tiếp theo; còn lại."]
        );
        assert_eq!(
            sents("1. Đội ngũ công chức. Năm 2023 tốt"),
            vec!["1. Đội ngũ công chức.", "Năm 2023 tốt"]
        );
        assert_eq!(clauses("a; b").len(), 2);
        assert_eq!(sentences("dòng một\ndòng hai").len(), 2);
    }
}
