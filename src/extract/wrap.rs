//! Hard-wrapped text: a .txt transcript breaks its sentences into lines of about eighty chars,
//! and each line is a block. A figure can then lose its unit ("trên 20" / "triệu đồng/ha"), its
//! upper bound ("khoảng 10-" / "10,5%") or the words that make it a year ("năm" / "2004").
//! This module says which neighbouring lines one line runs on with, so the scanner can read a
//! line together with them.

use crate::model::{Block, BlockKind};

use super::rules::{fold, rules, UnitRule};

/// A wrapped line is long: a row label or a heading that ends without a stop is not a sentence
/// broken by the page width.
const MIN_WRAPPED_CHARS: usize = 50;

/// True when line `a` is a sentence that goes on in line `b`, the next block.
pub fn runs_on(a: &str, b: &str) -> bool {
    let a = a.trim_end();
    let b = b.trim_start();
    if a.chars().count() < MIN_WRAPPED_CHARS {
        return false;
    }
    let Some(last) = a.chars().last() else {
        return false;
    };
    if matches!(last, '.' | ':' | ';' | '!' | '?') {
        return false;
    }
    let mut it = b.chars();
    let Some(first) = it.next() else {
        return false;
    };
    if first.is_lowercase() || first == '%' {
        return true;
    }
    if first.is_ascii_digit() {
        // a line of one number is a page number or a value of its own, not the sentence's end
        return !opens_item(b) && !b.trim_end().chars().all(|c| c.is_ascii_digit());
    }
    // "đạt trên 305" / "USD/người", "1.490 triệu" / "USD": the unit of a figure closing the line
    let last_word = a.rsplit(' ').next().unwrap_or("");
    if last.is_ascii_digit() || rules().scales.match_at(&fold(last_word), 0).is_some() {
        let head: String = b.chars().take(24).collect();
        // (a counted noun with a capital opens a new line: "… : 1.7" / "Tập thể đạt …")
        let unit = rules().units.match_at(&fold(&head), 0);
        if unit.is_some_and(|(_, u)| !matches!(u, UnitRule::Count)) {
            return true;
        }
    }
    // "tăng 18" / "- 20%": the upper bound of a range
    if matches!(first, '-' | '–') && last.is_ascii_digit() {
        let rest = it.as_str().trim_start();
        return rest.starts_with(|c: char| c.is_ascii_digit());
    }
    false
}

/// "1 GDP theo giá…" (a footnote), "2. Nhiệm vụ", "3) …", "2.1 Tồn tại": a line that opens an
/// item of its own.
fn opens_item(b: &str) -> bool {
    let key: String = b
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let key = key.trim_end_matches('.');
    let groups: Vec<&str> = key.split('.').collect();
    if groups.len() > 1 {
        // "2.1", "6.1.": a section key (a figure "1.490" has a group of three)
        return groups.iter().all(|g| !g.is_empty() && g.len() <= 2);
    }
    if key.len() > 3 {
        return false;
    }
    let mut rest = b.chars().skip(key.len());
    match rest.next() {
        Some('.' | ')') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
        Some(' ') => rest.next().is_some_and(char::is_uppercase),
        _ => false,
    }
}

/// The lines one paragraph block is read with: the previous line and the next one when the
/// sentence runs on across them (the text is "prev cur next" joined by spaces); `None` when the
/// block stands alone.
pub fn neighbours(blocks: &[Block], bi: usize) -> Option<(Option<usize>, Option<usize>)> {
    let para = |b: &Block| matches!(b.kind, BlockKind::Paragraph);
    let cur = &blocks[bi];
    if !para(cur) {
        return None;
    }
    let prev = bi
        .checked_sub(1)
        .filter(|&i| para(&blocks[i]) && runs_on(&blocks[i].text, &cur.text));
    let next = Some(bi + 1).filter(|&i| {
        blocks
            .get(i)
            .is_some_and(|n| para(n) && runs_on(&cur.text, &n.text))
    });
    if prev.is_none() && next.is_none() {
        return None;
    }
    Some((prev, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str =
        "Tổng giá trị sản xuất bình quân trên một ha canh tác đã tăng lên và trên 20";

    #[test]
    fn a_sentence_broken_by_the_page_width_runs_on() {
        assert!(runs_on(LONG, "triệu đồng/ha năm 2004."));
        assert!(runs_on(LONG, "- 25%; giao thông"));
        assert!(runs_on(LONG, "2004, tăng 12%"));
        assert!(runs_on(LONG, "USD/người"));
        assert!(runs_on(
            "Tổng giá trị giải ngân ODA năm 2004 ước đạt 1.490 triệu",
            "USD, bằng 95,5%"
        ));
    }

    #[test]
    fn items_stops_and_short_lines_stand_alone() {
        assert!(!runs_on(LONG, "1 GDP theo giá hiện hành"));
        assert!(!runs_on(LONG, "2. Nhiệm vụ năm 2005"));
        assert!(!runs_on(LONG, "2.1 Tồn tại, hạn chế"));
        assert!(!runs_on(LONG, "6.1.Công tác rà soát"));
        assert!(!runs_on(LONG, "Chính phủ đã ban hành"));
        // a page number between two lines of a sentence
        assert!(!runs_on(LONG, "12"));
        assert!(!runs_on(
            "Cá nhân đạt danh hiệu chiến sĩ thi đua cơ sở : 1.7",
            "Tập thể đạt danh hiệu lao động tiên tiến : 2"
        ));
        assert!(!runs_on(&format!("{LONG}."), "triệu đồng"));
        assert!(!runs_on("Tỷ lệ hộ nghèo", "31,2"));
    }
}
