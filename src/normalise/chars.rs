//! The per-character map of `chars.tsv`: spaces, deletions, dashes, quotes, lookalikes.

use std::sync::OnceLock;

/// What becomes of one (already NFC) character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Keep,
    Space,
    Newline,
    Delete,
    /// Replaced by this text (one or more chars).
    Text(&'static str),
    /// Fullwidth ASCII: subtract 0xFEE0.
    Fullwidth,
}

struct Rule {
    lo: u32,
    hi: u32,
    action: Action,
}

static TABLE: &str = include_str!("chars.tsv");

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut v: Vec<Rule> = TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut cols = l.split('\t');
                let range = cols.next().unwrap_or("");
                let action = cols.next().unwrap_or("");
                let (lo, hi) = match range.split_once('-') {
                    Some((a, b)) => (hex(a), hex(b)),
                    None => (hex(range), hex(range)),
                };
                let action = match action {
                    "SPACE" => Action::Space,
                    "DELETE" => Action::Delete,
                    "NEWLINE" => Action::Newline,
                    "FULLWIDTH" => Action::Fullwidth,
                    "" => panic!("chars.tsv: no action in line {l:?}"),
                    text => Action::Text(text),
                };
                Rule { lo, hi, action }
            })
            .collect();
        v.sort_by_key(|r| r.lo);
        v
    })
}

fn hex(s: &str) -> u32 {
    // The table is compiled in and checked by a test, so a bad row is a bug, not input.
    u32::from_str_radix(s.trim(), 16).unwrap_or_else(|_| panic!("chars.tsv: bad code point {s:?}"))
}

/// The action for a character after NFC.
#[inline]
pub(crate) fn action(c: char) -> Action {
    match c {
        '\t' => Action::Space,
        '\n' | '\r' => Action::Newline,
        ' ' => Action::Space,
        c if c.is_ascii_control() => Action::Space,
        c if c.is_ascii() => Action::Keep,
        c => {
            let cp = c as u32;
            // Letters of Vietnamese text: nothing in the table between U+00F1 and U+1680.
            if fast_keep(cp) {
                return Action::Keep;
            }
            let r = rules();
            let i = r.partition_point(|rule| rule.lo <= cp);
            if i > 0 && cp <= r[i - 1].hi {
                r[i - 1].action
            } else if ('\u{80}'..='\u{9f}').contains(&c) {
                // Other C1 controls carry nothing but a break between words.
                Action::Space
            } else {
                Action::Keep
            }
        }
    }
}

/// Letters of Vietnamese text that no row of the table touches (a test checks).
#[inline]
fn fast_keep(cp: u32) -> bool {
    (0xF1..0x1680).contains(&cp) || (0xC0..0xD0).contains(&cp) || (0xD1..0xF0).contains(&cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_maps() {
        assert!(rules().len() > 20);
        assert_eq!(action('\u{a0}'), Action::Space);
        assert_eq!(action('\u{2013}'), Action::Text("-"));
        assert_eq!(action('\u{2026}'), Action::Text("..."));
        assert_eq!(action('\u{ff05}'), Action::Fullwidth);
        assert_eq!(action('\u{feff}'), Action::Delete);
        assert_eq!(action('ð'), Action::Text("đ"));
        for r in rules() {
            assert!(
                (r.lo..=r.hi).all(|cp| !fast_keep(cp)),
                "fast path hides row {:x}",
                r.lo
            );
        }
        for c in ['%', '‰', '°', '²', '½', '.', ',', '5', 'ế'] {
            assert_eq!(action(c), Action::Keep, "{c}");
        }
    }
}
