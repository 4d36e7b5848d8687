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
    let Some(last) = a.chars().last() else {
        return false;
    };
    if matches!(last, '.' | ':' | ';' | '!' | '?') {
        return false;
    }
    // (after the look at its end, which most paragraphs fail; fewer bytes are fewer chars)
    if a.len() < MIN_WRAPPED_CHARS || a.chars().nth(MIN_WRAPPED_CHARS - 1).is_none() {
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

/// The last answer of [`runs_on`] for a block and the next: a line asks it of the line after
/// it, and that line asks the same of the line before it on its turn.
#[derive(Default)]
pub struct Joints {
    last: Option<(usize, bool)>,
}

impl Joints {
    /// Whether block `a` runs on into block `a + 1` (both paragraphs).
    fn runs_on(&mut self, blocks: &[Block], a: usize) -> bool {
        if let Some((k, v)) = self.last {
            if k == a {
                return v;
            }
        }
        let para = |b: &Block| matches!(b.kind, BlockKind::Paragraph);
        let v = match (blocks.get(a), blocks.get(a + 1)) {
            (Some(x), Some(y)) => para(x) && para(y) && runs_on(&x.text, &y.text),
            _ => false,
        };
        self.last = Some((a, v));
        v
    }
}

/// The lines one paragraph block is read with: the previous line and the next one when the
/// sentence runs on across them (the text is "prev cur next" joined by spaces); `None` when the
/// block stands alone. `joints` keeps the last answer for the next block's turn.
pub fn neighbours(
    blocks: &[Block],
    bi: usize,
    joints: &mut Joints,
) -> Option<(Option<usize>, Option<usize>)> {
    if !matches!(blocks[bi].kind, BlockKind::Paragraph) {
        return None;
    }
    let prev = bi.checked_sub(1).filter(|&i| joints.runs_on(blocks, i));
    let next = Some(bi + 1).filter(|_| joints.runs_on(blocks, bi));
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
    fn neighbours_asked_in_turn_are_those_asked_afresh() {
        let texts = [
            LONG,
            "triệu đồng/ha năm 2004 và đạt mức tăng trưởng khá so với năm trước là",
            "12",
            LONG,
            "- 25%; giao thông nông thôn được đầu tư",
            "Chính phủ đã ban hành",
            LONG,
            "USD/người",
        ];
        let mut blocks: Vec<Block> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Block {
                id: i as u32,
                text: t.to_string(),
                ..Block::default()
            })
            .collect();
        blocks[5].kind = BlockKind::Footnote;
        let direct = |bi: usize| {
            let joint = |a: usize| {
                blocks[a].kind == BlockKind::Paragraph
                    && blocks.get(a + 1).is_some_and(|b| {
                        b.kind == BlockKind::Paragraph && runs_on(&blocks[a].text, &b.text)
                    })
            };
            (blocks[bi].kind == BlockKind::Paragraph).then(|| {
                let prev = bi.checked_sub(1).filter(|&p| joint(p));
                (prev, Some(bi + 1).filter(|_| joint(bi)))
            })
        };
        let mut joints = Joints::default();
        let mut windows = 0;
        // in turn, with a block passed over (as a caption or a table value is)
        for bi in (0..blocks.len()).filter(|&bi| bi != 2) {
            let got = neighbours(&blocks, bi, &mut joints);
            let want = direct(bi).filter(|(p, n)| p.is_some() || n.is_some());
            assert_eq!(got, want, "{bi}");
            assert_eq!(neighbours(&blocks, bi, &mut Joints::default()), want);
            windows += usize::from(got.is_some());
        }
        assert!(windows >= 4, "{windows}");
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
