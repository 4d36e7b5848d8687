//! Footnote markers in PDF transcripts: the marker is a bare number set after a word or a
//! figure ("… tăng 21. Hơn nữa", "chặt chẽ hơn 32.", "mức 4% 29."), and the note itself is a
//! line further down that opens with the same number ("21 Riêng 19 mặt hàng …"). A bare number
//! closing a clause whose note follows within a few pages is the marker, not a figure.

use crate::model::{Block, BlockKind, Kind};

use super::quantity::Quantity;

/// How many blocks after its marker a note may stand (a page or two of lines).
const MAX_DISTANCE: usize = 120;
/// Fewest chars of a note line: a note is a sentence.
const MIN_CHARS: usize = 40;
/// A document shows footnotes when at least this many note lines are found.
const MIN_NOTES: usize = 3;

/// The footnote lines of a document: block indices by note number.
pub struct Notes {
    lines: std::collections::HashMap<u32, Vec<usize>>,
}

impl Notes {
    /// Finds the lines that open with a note number and a capital ("7 Theo đánh giá …").
    pub fn find(blocks: &[Block]) -> Notes {
        let mut lines = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Footnote) {
                continue;
            }
            let t = b.text.trim_start();
            let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() || digits.len() > 3 || digits.starts_with('0') {
                continue;
            }
            let mut rest = t[digits.len()..].chars();
            // a note is a sentence; a flattened table's row ("5 Chi khác 120") is short
            if t.chars().count() >= MIN_CHARS
                && rest.next() == Some(' ')
                && rest.next().is_some_and(char::is_uppercase)
            {
                if let Ok(n) = digits.parse() {
                    lines.push((n, i));
                }
            }
        }
        // numbered list items also open like this; notes run 1, 2, 3 … through the document
        let rising = lines.windows(2).filter(|w| w[1].0 > w[0].0).count();
        if lines.len() < MIN_NOTES || rising * 2 < lines.len() {
            lines.clear();
        }
        let mut by_number: std::collections::HashMap<u32, Vec<usize>> = Default::default();
        for (n, i) in lines {
            by_number.entry(n).or_default().push(i);
        }
        Notes { lines: by_number }
    }

    /// True when `q`, found in block `bi` whose text is `chars`, is the marker of a note below.
    pub fn is_marker(&self, bi: usize, chars: &[char], q: &Quantity) -> bool {
        if self.lines.is_empty()
            || q.kind != Kind::Count
            || q.unit.is_some()
            || q.max.is_some()
            || q.value.fract() != 0.0
            || q.num_end - q.num_start > 3
            || !chars[q.num_start..q.num_end]
                .iter()
                .all(char::is_ascii_digit)
        {
            return false;
        }
        // the marker closes a clause
        let closes = match chars.get(q.num_end) {
            None => true,
            Some('.' | ';' | ',') => !chars.get(q.num_end + 1).is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        if !closes || q.num_start == 0 {
            return false;
        }
        self.lines
            .get(&(q.value as u32))
            .is_some_and(|at| at.iter().any(|&li| li > bi && li - bi <= MAX_DISTANCE))
    }
}
