//! Numbers that stand inside a fixed phrase and so state no quantity: a programme's or a
//! slogan's name ("dự án trồng mới 5 triệu ha rừng", "5 rõ"), an idiom ("hoặc cả 2"), the
//! base of a rate ("bình quân trên 1 ha") or the name of a scale ("trên tổng số 100 điểm").
//!
//! The phrases are the `named` rows of `rules/nonfacts.tsv`: "#" stands for any number; a
//! number written in the phrase matches only that number, written so and with that value
//! ("trên 1 ha" is no "trên 1 tỷ USD").

use std::sync::OnceLock;

use super::quantity::Quantity;
use super::rules::{fold, is_word_char, tsv_rows};

/// One fixed phrase, split around its number.
#[derive(Debug)]
struct Phrase {
    before: Vec<char>,
    /// The number as written in the phrase and its value (read once, at load), or `None`
    /// for "#" (any number).
    number: Option<(Vec<char>, Option<f64>)>,
    after: Vec<char>,
    /// The last char of `before` and the first of `after` past their spaces (`None`: no such
    /// char, or a blank one): where the phrase stands, they are the text's nearest chars past
    /// the spaces around the number, so the phrases whose chars differ are not compared.
    before_key: Option<char>,
    after_key: Option<char>,
}

/// The first of `chars` that is no ' ', when it is no blank.
fn key_char(mut chars: impl Iterator<Item = char>) -> Option<char> {
    chars.find(|&c| c != ' ').filter(|c| !c.is_whitespace())
}

fn phrases() -> &'static [Phrase] {
    static P: OnceLock<Vec<Phrase>> = OnceLock::new();
    P.get_or_init(|| {
        tsv_rows(include_str!("rules/nonfacts.tsv"))
            .filter(|r| r.len() >= 2 && r[0] == "named")
            .filter_map(|r| parse(&fold(r[1])))
            .collect()
    })
}

fn parse(p: &[char]) -> Option<Phrase> {
    if let Some(h) = p.iter().position(|&c| c == '#') {
        return Some(Phrase {
            before: p[..h].to_vec(),
            number: None,
            after: p[h + 1..].to_vec(),
            before_key: key_char(p[..h].iter().rev().copied()),
            after_key: key_char(p[h + 1..].iter().copied()),
        });
    }
    let a = p.iter().position(char::is_ascii_digit)?;
    let b = p[a..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(p.len(), |k| a + k);
    let digits = &p[a..b];
    let value = digits.iter().collect::<String>().parse::<f64>().ok();
    Some(Phrase {
        before: p[..a].to_vec(),
        number: Some((digits.to_vec(), value)),
        after: p[b..].to_vec(),
        before_key: key_char(p[..a].iter().rev().copied()),
        after_key: key_char(p[b..].iter().copied()),
    })
}

/// True when `pat` ends the text at `end` (a space in the phrase stands for any run of
/// spaces), starting at a word boundary.
fn ends_with(low: &[char], end: usize, pat: &[char]) -> bool {
    let mut i = end;
    let mut k = pat.len();
    while k > 0 {
        let c = pat[k - 1];
        if c == ' ' {
            let from = i;
            while i > 0 && low[i - 1].is_whitespace() {
                i -= 1;
            }
            if i == from {
                return false;
            }
        } else {
            if i == 0 || low[i - 1] != c {
                return false;
            }
            i -= 1;
        }
        k -= 1;
    }
    pat.first().is_none_or(|c| !is_word_char(*c)) || i == 0 || !is_word_char(low[i - 1])
}

/// True when `pat` starts the text at `start` and ends at a word boundary.
fn starts_with(low: &[char], start: usize, pat: &[char]) -> bool {
    let mut i = start;
    for &c in pat {
        if c == ' ' {
            let from = i;
            while i < low.len() && low[i].is_whitespace() {
                i += 1;
            }
            if i == from {
                return false;
            }
        } else {
            if low.get(i) != Some(&c) {
                return false;
            }
            i += 1;
        }
    }
    pat.last().is_none_or(|c| !is_word_char(*c)) || low.get(i).is_none_or(|c| !is_word_char(*c))
}

/// True when the number of `q` (in the folded block text `low`) stands inside a fixed phrase.
pub fn inside(low: &[char], q: &Quantity) -> bool {
    let (s, e) = (q.num_start, q.num_end);
    if s >= e || e > low.len() {
        return false;
    }
    // the text's nearest chars past the spaces before and after the number
    let before = low[..s].iter().rev().find(|c| !c.is_whitespace()).copied();
    let after = low[e..].iter().find(|c| !c.is_whitespace()).copied();
    phrases().iter().any(|p| {
        if p.before_key.is_some_and(|k| Some(k) != before)
            || p.after_key.is_some_and(|k| Some(k) != after)
        {
            return false;
        }
        let number_fits = match &p.number {
            None => true,
            Some((n, value)) => low[s..e] == n[..] && *value == Some(q.value),
        };
        number_fits && ends_with(low, s, &p.before) && starts_with(low, e, &p.after)
    })
}

/// True when `q` is an area in brackets that closes the name of a site in a table's name
/// column ("Xây dựng khu tái định cư phường Tân Thới Nhất quận 12 (38ha)"): the area tells the
/// site from the others of its ward, the row's capacity cell states the quantity. The site is a
/// `site_noun` of `rules/cues.tsv` ("khu") earlier in the same clause; the unit a `site_area_unit`.
pub fn site_area_in_name(chars: &[char], low: &[char], q: &Quantity) -> bool {
    let r = super::rules::rules();
    let unit_ok = q
        .unit
        .as_deref()
        .is_some_and(|u| r.is_cue_str("site_area_unit", u));
    if q.kind != crate::model::Kind::Measure || !unit_ok {
        return false;
    }
    let open = (0..q.start).rev().find(|&i| chars[i] != ' ');
    let close = (q.end..chars.len()).find(|&i| chars[i] != ' ');
    if open.map(|i| chars[i]) != Some('(') || close.map(|i| chars[i]) != Some(')') {
        return false;
    }
    let open = open.unwrap_or(0);
    // the clause before the bracket: back to a comma, a semicolon or another bracket
    let from = (0..open)
        .rev()
        .find(|&i| matches!(chars[i], ',' | ';' | '(' | ')' | '\n'))
        .map_or(0, |i| i + 1);
    r.cues("site_noun")
        .iter()
        .any(|k| super::rules::find_words(&low[from..open], k).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn q(text: &str, number: &str, value: f64) -> (Vec<char>, Quantity) {
        (fold(text), Quantity::bare_count_at(text, number, value))
    }

    #[test]
    fn a_number_inside_a_named_phrase_is_no_figure() {
        for (text, number, value) in [
            (
                "tiếp tục thực hiện dự án trồng mới 5 triệu ha rừng;",
                "5",
                5e6,
            ),
            ("với yêu cầu 5 rõ \"rõ người, rõ việc\"", "5", 5.0),
            ("trực tuyến hoặc trực tiếp hoặc cả 2 hình thức)", "2", 2.0),
            ("giá trị sản xuất bình quân trên 1 ha canh tác", "1", 1.0),
            ("đạt được trên tổng số 100 điểm tại thời điểm", "100", 100.0),
        ] {
            let (low, q) = q(text, number, value);
            assert!(inside(&low, &q), "{text}");
        }
    }

    #[test]
    fn the_same_words_around_another_figure_leave_it_a_fact() {
        for (text, number, value) in [
            // "trên 1 tỷ USD" is more than a billion, not the base of a rate
            ("kim ngạch bình quân trên 1 tỷ USD", "1", 1e9),
            ("trên tổng số 3.416 hồ sơ tiếp nhận", "3.416", 3416.0),
            ("trồng mới 120 ha rừng", "120", 120.0),
        ] {
            let (low, q) = q(text, number, value);
            assert!(!inside(&low, &q), "{text}");
        }
    }

    fn area(text: &str, raw: &str, value: f64) -> (Vec<char>, Vec<char>, Quantity) {
        let chars: Vec<char> = text.chars().collect();
        let (low, mut q) = q(text, raw, value);
        q.kind = Kind::Measure;
        q.unit = Some("ha".into());
        (chars, low, q)
    }

    #[test]
    fn an_area_in_brackets_after_a_site_names_it() {
        for (text, raw) in [
            (
                "Xây dựng khu tái định cư phường Tân Thới Nhất quận 12 (38ha)",
                "38ha",
            ),
            (
                "Giải quyết thoát nuớc cho khu tái định cư (38 ha) phường Tân Thới Nhất",
                "38 ha",
            ),
        ] {
            let (chars, low, q) = area(text, raw, 38.0);
            assert!(site_area_in_name(&chars, &low, &q), "{text}");
        }
        // no site before it in its clause, or not in brackets: a quantity
        for (text, raw) in [
            ("Lập quy hoạch, (38 ha) đất nông nghiệp", "38 ha"),
            ("Xây dựng khu tái định cư 38 ha", "38 ha"),
        ] {
            let (chars, low, q) = area(text, raw, 38.0);
            assert!(!site_area_in_name(&chars, &low, &q), "{text}");
        }
    }
}
