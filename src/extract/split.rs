//! Repairs numbers that a PDF transcript broke with a stray space: "1 66,9 nghìn tỷ" (166,9),
//! "15, 6%" (15,6), "2.01 7 làng nghề" (2.017), "tăng6 ,5%" (6,5), "đạt3 8,5%" (38,5).
//!
//! A repair is made only where the pieces make sense together and not apart: the joined number
//! must be followed by a unit (or be the first bound of a range), the first piece must not open a
//! line (a table's row number) or follow another number (a list, a column), and the joined
//! number keeps the shape of one Vietnamese number (at most three digits before its first mark).

use super::rules::rules;

/// A number read across a stray space: where it ends and its digits without the space.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    pub end: usize,
    pub digits: String,
}

/// The end of the digit run at `p` ("66,9", "0.000"): digits with single marks between them.
fn run_end(chars: &[char], p: usize) -> Option<usize> {
    if !chars.get(p).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut e = p;
    while e < chars.len() {
        let d = chars[e];
        if d.is_ascii_digit() {
            e += 1;
        } else if (d == '.' || d == ',') && chars.get(e + 1).is_some_and(char::is_ascii_digit) {
            e += 1;
        } else {
            break;
        }
    }
    Some(e)
}

fn plain(s: &[char]) -> bool {
    s.iter().all(char::is_ascii_digit)
}

/// True when only spaces and list punctuation stand between the line start and `s`.
fn opens_line(chars: &[char], s: usize) -> bool {
    chars[..s]
        .iter()
        .rev()
        .take_while(|c| **c != '\n')
        .all(|c| matches!(c, ' ' | '\t' | '-' | '+' | '*' | '•' | '('))
}

/// True when a number (or a list of them, "1, 2") stands right before `s`.
fn after_number(chars: &[char], s: usize) -> bool {
    let mut b = s;
    while b > 0 && chars[b - 1] == ' ' {
        b -= 1;
    }
    if b == 0 {
        return false;
    }
    let c = chars[b - 1];
    c.is_ascii_digit() || (c == ',' && b >= 2 && chars[b - 2].is_ascii_digit())
}

/// The word glued right before `s` when it is written in lower case ("đạt3"): its start.
pub fn glued_word(chars: &[char], s: usize) -> Option<usize> {
    if s == 0 || !chars[s - 1].is_lowercase() {
        return None;
    }
    let mut ws = s;
    while ws > 0 && chars[ws - 1].is_alphabetic() {
        ws -= 1;
    }
    Some(ws)
}

/// True when the glued word before `s` is a unit ("km2", "m3"): the digits belong to it.
fn glued_to_unit(low: &[char], ws: usize, s: usize) -> bool {
    rules()
        .units
        .match_at(low, ws)
        .is_some_and(|(end, _)| end >= s)
}

/// The number starting at `s` whose first piece ends at `e`, read across one stray space, when
/// `fits(end)` accepts what follows it (a unit, or a range going on). `named()` says the words
/// before `s` make it a date or a name ("tháng 6, 15 đơn vị"): then a comma after it is
/// punctuation, not a decimal mark (asked only when a mark and a space follow the digits: the
/// lookup is dear and most numbers have neither). `None` when the pieces do not join.
pub fn join(
    chars: &[char],
    low: &[char],
    s: usize,
    e: usize,
    named: impl Fn() -> bool,
    fits: impl Fn(usize) -> bool,
) -> Option<Joined> {
    if opens_line(chars, s) || after_number(chars, s) {
        return None;
    }
    if let Some(ws) = glued_word(chars, s) {
        if glued_to_unit(low, ws, s) {
            return None;
        }
    } else if s > 0 && chars[s - 1].is_alphabetic() {
        // "GDP1", "USD22": a capital glued on makes a code or a footnote number
        return None;
    }
    let p1 = &chars[s..e];
    let at = |i: usize| chars.get(i).copied();
    let (end, digits) = match (at(e), at(e + 1)) {
        // "15, 6%", "1. 852 DN": a space after the mark
        (Some(m @ (',' | '.')), Some(' ')) if !named() => {
            let e2 = run_end(chars, e + 2)?;
            mark_join(p1, m, &chars[e + 2..e2]).map(|d| (e2, d))?
        }
        // "tăng6 ,5%", "7 ,5 triệu": a space before the mark
        (Some(' '), Some(m @ (',' | '.'))) => {
            let e2 = run_end(chars, e + 2)?;
            mark_join(p1, m, &chars[e + 2..e2]).map(|d| (e2, d))?
        }
        // "1 66,9", "9 8%", "2.01 7", "51,5 8 triệu": a space inside the digits
        (Some(' '), Some(d)) if d.is_ascii_digit() => {
            let e2 = run_end(chars, e + 1)?;
            let p2 = &chars[e + 1..e2];
            // another number after it: a column of figures or a list, not one split number
            if at(e2) == Some(' ') && at(e2 + 1).is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            if at(e2) == Some('/') {
                return None;
            }
            space_join(p1, p2).map(|d| (e2, d))?
        }
        _ => return None,
    };
    fits(end).then_some(Joined { end, digits })
}

/// A table cell's value split after its decimal mark ("17, 66"): the joined number when the
/// cell holds nothing else but perhaps "%". A cell has no row number or list to confuse it with.
pub fn join_cell(chars: &[char], s: usize, e: usize) -> Option<Joined> {
    let (Some(&m @ (',' | '.')), Some(' ')) = (chars.get(e), chars.get(e + 1)) else {
        return None;
    };
    let e2 = run_end(chars, e + 2)?;
    let digits = mark_join(&chars[s..e], m, &chars[e + 2..e2])?;
    let rest: String = chars[e2..].iter().collect();
    matches!(rest.trim(), "" | "%").then_some(Joined { end: e2, digits })
}

/// "15" + "," + "6": a plain piece of at most three digits, then a decimal of one to three
/// digits or a thousands group of three.
fn mark_join(p1: &[char], mark: char, p2: &[char]) -> Option<String> {
    if !plain(p1) || !plain(p2) || p1.len() > 3 || (p1.len() > 1 && p1[0] == '0') {
        return None;
    }
    let ok = match mark {
        ',' => (1..=3).contains(&p2.len()),
        _ => p2.len() == 3,
    };
    ok.then(|| p1.iter().chain([mark].iter()).chain(p2).collect())
}

/// "1" + "66,9", "2.01" + "7": the pieces of one number whose integer part (or first group)
/// has at most three digits.
fn space_join(p1: &[char], p2: &[char]) -> Option<String> {
    // a leading zero only as in "0 8" (08); "0234 …" starts a telephone number
    if p1[0] == '0' && !(p1.len() == 1 && p2.len() == 1) {
        return None;
    }
    if plain(p1) {
        let first = p2.iter().take_while(|c| c.is_ascii_digit()).count();
        if p1.len() > 2 || p1.len() + first > 3 {
            return None;
        }
    } else {
        // one mark in the first piece, and the second completes its last group
        let marks: Vec<usize> = (0..p1.len())
            .filter(|&k| p1[k] == '.' || p1[k] == ',')
            .collect();
        if marks.len() != 1 || !plain(p2) {
            return None;
        }
        let last = p1.len() - marks[0] - 1;
        let ok = match p1[marks[0]] {
            '.' => last + p2.len() == 3,
            _ => last + p2.len() <= 3,
        };
        if !ok {
            return None;
        }
    }
    Some(p1.iter().chain(p2).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::rules::fold_char;

    /// Joins the number that starts after the "|" in `s`.
    fn j(s: &str, fits: bool) -> Option<String> {
        let st = s.chars().position(|c| c == '|')?;
        let chars: Vec<char> = s.chars().filter(|c| *c != '|').collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        let e = run_end(&chars, st)?;
        join(&chars, &low, st, e, || false, |_| fits).map(|x| x.digits)
    }

    #[test]
    fn joins_pieces_that_belong_together() {
        assert_eq!(j("đạt |1 66,9 nghìn", true).as_deref(), Some("166,9"));
        assert_eq!(j("tăng |15, 6%", true).as_deref(), Some("15,6"));
        assert_eq!(j("có |2.01 7 làng", true).as_deref(), Some("2.017"));
        assert_eq!(j("tăng|6 ,5%", true).as_deref(), Some("6,5"));
        assert_eq!(j("được |1. 852 DN", true).as_deref(), Some("1.852"));
        assert_eq!(j("có |51,5 8 triệu", true).as_deref(), Some("51,58"));
        assert_eq!(j("là|3 0.000 tỷ", true).as_deref(), Some("30.000"));
    }

    #[test]
    fn a_cell_value_split_after_its_mark_is_one_number() {
        let c: Vec<char> = "17, 66".chars().collect();
        assert_eq!(
            join_cell(&c, 0, 2).map(|j| j.digits).as_deref(),
            Some("17,66")
        );
        let c: Vec<char> = "17, 66 và 12".chars().collect();
        assert_eq!(join_cell(&c, 0, 2), None);
    }

    #[test]
    fn leaves_pieces_that_stand_apart() {
        // nothing that makes it a quantity follows
        assert_eq!(j("đạt |1 66,9 nghìn", false), None);
        // a table's row number
        assert_eq!(j("|1 66,9 nghìn", true), None);
        // a list of numbers
        assert_eq!(j("lớp 1, |2 người", true), None);
        // a column of figures
        assert_eq!(j("đạt |1 6 8 người", true), None);
        // the digits of a unit ("km2")
        assert_eq!(j("120 km|2 5 người", true), None);
        // too many digits before the first mark to be one number
        assert_eq!(j("năm |2004 12 người", true), None);
        assert_eq!(j("đạt |12 34 người", true), None);
        // a thousands group must have three digits
        assert_eq!(j("được |1. 85 DN", true), None);
    }
}
