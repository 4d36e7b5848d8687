//! Numbers as Vietnamese reports write them: digit groups and decimal marks in either convention,
//! leading zeros, and numbers spelled in words ("hai mươi mốt", "một trăm linh năm").

use super::rules::{rules, WordRole};

/// Which mark a document uses for decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// "17.034" is 17034, "54,85" is 54.85 (the Vietnamese norm).
    #[default]
    Comma,
    /// "8.00", "92.11" and "1,234" as in spreadsheets exported with English settings.
    Point,
}

/// A parsed number: its value and the decimal digits it was written with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
    /// True when the digits carry no separator at all ("2023", "04").
    pub plain: bool,
}

/// Parses a run of digits with "." and "," between them. `None` for shapes that are not one
/// number ("4.1.1" section keys, "1.2,3.4").
pub fn parse_digits(s: &str, mark: DecimalMark) -> Option<Number> {
    // Digits alone, as most are: their value is exact in an f64 up to fifteen of them, as
    // `str::parse` gives it, without the separator bookkeeping below.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        let v = s.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        return Some(Number {
            value: v as f64,
            decimals: 0,
            plain: true,
        });
    }
    if let Some(n) = marked_digits(s.as_bytes(), mark) {
        return n;
    }
    parse_any(s, mark)
}

/// Powers of ten exact in an f64.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `parse_digits` of digits with marks between them, in one pass without allocating:
/// `Some(answer)`, or `None` for the shapes left to `parse_any` (no mark, other chars,
/// more than fifteen digits).
fn marked_digits(b: &[u8], mark: DecimalMark) -> Option<Option<Number>> {
    let mut groups = 0usize; // groups closed by a mark
    let mut len = 0usize; // digits of the group being read
    let mut first = 0usize;
    let mut middle3 = true; // the groups between the first and the last have three digits
    let mut short = true; // every group has at most two digits
    let (mut dots, mut commas) = (0usize, 0usize);
    let mut last_mark = b'.';
    let mut digits = 0usize;
    let mut m: u64 = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                len += 1;
                digits += 1;
                m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            }
            b'.' | b',' => {
                if len == 0 {
                    // an empty group: no number, whatever else the text holds
                    return b
                        .iter()
                        .all(|c| c.is_ascii_digit() || *c == b'.' || *c == b',')
                        .then_some(None);
                }
                if groups == 0 {
                    first = len;
                } else if len != 3 {
                    middle3 = false;
                }
                short &= len <= 2;
                groups += 1;
                if c == b'.' {
                    dots += 1;
                } else {
                    commas += 1;
                }
                last_mark = c;
                len = 0;
            }
            _ => return None,
        }
    }
    if groups == 0 || digits > 15 {
        return None;
    }
    if len == 0 {
        return Some(None);
    }
    let last = len;
    short &= last <= 2;
    let n = groups + 1;
    // how many of the last digits are decimals, or no number
    let frac: Option<usize> = if dots > 0 && commas > 0 {
        // Both marks: the last one is the decimal mark, the other groups thousands.
        let same_before = if last_mark == b'.' { dots } else { commas } - 1;
        (same_before == 0 && first <= 3 && middle3).then_some(last)
    } else {
        let sep = if dots > 0 { b'.' } else { b',' };
        let thousands_sep = match mark {
            DecimalMark::Comma => b'.',
            DecimalMark::Point => b',',
        };
        if n > 2 {
            if first <= 3 && middle3 && last == 3 {
                Some(0)
            } else if first <= 3 && middle3 && last != 3 && !short {
                Some(last)
            } else {
                None
            }
        } else if sep == thousands_sep && last == 3 && first <= 3 {
            Some(0)
        } else if sep != thousands_sep || last <= 2 {
            Some(last)
        } else {
            None
        }
    };
    // m and 10^frac are exact, so their quotient is the correctly rounded value `str::parse`
    // gives for the same digits
    Some(frac.map(|k| Number {
        value: if k == 0 {
            m as f64
        } else {
            m as f64 / POW10[k]
        },
        decimals: k as u8,
        plain: false,
    }))
}

/// `parse_digits` as first written, for any text.
fn parse_any(s: &str, mark: DecimalMark) -> Option<Number> {
    let seps: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| *c == '.' || *c == ',')
        .collect();
    if seps.is_empty() {
        let v: f64 = s.parse().ok()?;
        return Some(Number {
            value: v,
            decimals: 0,
            plain: true,
        });
    }
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let dots = seps.iter().filter(|(_, c)| *c == '.').count();
    let commas = seps.len() - dots;
    let tail_is_thousands =
        |from: usize| groups[from..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3;
    let (int_part, frac_part): (String, &str) = if dots > 0 && commas > 0 {
        // Both marks: the last one is the decimal mark, the other groups thousands.
        let (last_i, last_c) = *seps.last()?;
        let other = if last_c == '.' { ',' } else { '.' };
        if seps[..seps.len() - 1].iter().any(|(_, c)| *c != other) {
            return None;
        }
        let int: String = s[..last_i].chars().filter(|c| *c != other).collect();
        if !int_groups_ok(&s[..last_i], other) {
            return None;
        }
        (int, &s[last_i + 1..])
    } else {
        let sep = if dots > 0 { '.' } else { ',' };
        let thousands_sep = match mark {
            DecimalMark::Comma => '.',
            DecimalMark::Point => ',',
        };
        if groups.len() > 2 {
            // Several marks of one kind group thousands; when only the last group is not three
            // digits, the last mark is a decimal written with the same sign ("3.923.7448g").
            let n = groups.len();
            if tail_is_thousands(1) {
                (groups.concat(), "")
            } else if groups[0].len() <= 3
                && groups[1..n - 1].iter().all(|g| g.len() == 3)
                && groups[n - 1].len() != 3
                && !is_section_like(&groups)
            {
                (groups[..n - 1].concat(), groups[n - 1])
            } else {
                return None;
            }
        } else if sep == thousands_sep && tail_is_thousands(1) {
            (groups.concat(), "")
        } else if sep != thousands_sep {
            (groups[0].to_string(), groups[1])
        } else if groups[1].len() <= 2 {
            // The thousands mark of the convention, but one or two digits after it: a decimal
            // written the other way ("8.00", "92.11" in a comma document).
            (groups[0].to_string(), groups[1])
        } else {
            // "1.011963": four digits and more after a thousands mark is a code, not a number
            return None;
        }
    };
    let text = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let value: f64 = text.parse().ok()?;
    Some(Number {
        value,
        decimals: frac_part.len().min(255) as u8,
        plain: false,
    })
}

/// "4.1.1", "1.2.3": short groups that number sections, never one number.
fn is_section_like(groups: &[&str]) -> bool {
    groups.iter().all(|g| g.len() <= 2)
}

fn int_groups_ok(s: &str, sep: char) -> bool {
    let g: Vec<&str> = s.split(sep).collect();
    g.len() == 1 || (g[0].len() <= 3 && g[1..].iter().all(|x| x.len() == 3))
}

/// A number spelled in words over a list of lower-cased words (tone marks matter: "một" is 1,
/// "mốt" only ends "hai mươi mốt"). Returns the value and how many words
/// it took, or `None` when the words do not start a number.
pub fn parse_words(words: &[&str]) -> Option<(f64, usize)> {
    let table = &rules().number_words;
    let roles: Vec<(WordRole, bool)> = words.iter().map_while(|w| table.get(*w).copied()).collect();
    parse_word_roles(&roles)
}

/// `parse_words` over the words already looked up: what each counts and whether it may stand
/// alone, up to the first word that is no number word.
pub fn parse_word_roles(words: &[(WordRole, bool)]) -> Option<(f64, usize)> {
    let mut total: u64 = 0; // completed scale groups
    let mut group: u64 = 0; // below the current scale word: hundreds, tens, units
    let mut last: Option<WordRole> = None;
    let mut used = 0;
    let mut any_digit = false;
    let mut after_tens = false; // "mươi" or "mười" seen in this group: mốt/lăm/tư allowed
    let mut pending_digit: Option<u64> = None;
    for (i, &(role, _)) in words.iter().enumerate() {
        match role {
            WordRole::Digit(d) => {
                if pending_digit.is_some() {
                    break; // two digits in a row ("hai ba") do not make one number
                }
                if matches!(last, Some(WordRole::Digit(_))) {
                    break;
                }
                pending_digit = Some(d);
                any_digit = true;
            }
            WordRole::UnitOnly(d) => {
                if !after_tens || pending_digit.is_some() {
                    break;
                }
                group += d;
                after_tens = false;
            }
            WordRole::Ten => {
                if pending_digit.is_some() {
                    break;
                }
                group += 10;
                any_digit = true;
                after_tens = true;
            }
            WordRole::Tens => {
                let Some(d) = pending_digit.take() else { break };
                group += d * 10;
                after_tens = true;
            }
            WordRole::Hundred => {
                let Some(d) = pending_digit.take() else { break };
                group += d * 100;
                after_tens = false;
            }
            WordRole::Zero => {
                if !matches!(last, Some(WordRole::Hundred)) {
                    break;
                }
            }
            WordRole::Scale(s) => {
                if let Some(d) = pending_digit.take() {
                    group += d;
                }
                if group == 0 && total == 0 {
                    break;
                }
                if group == 0 {
                    // "triệu" after "nghìn"? scale the total itself ("một nghìn tỷ")
                    total *= s;
                } else if total > 0 && total < s {
                    total = (total + group) * s;
                } else {
                    total += group * s;
                }
                group = 0;
                after_tens = false;
            }
        }
        last = Some(role);
        used = i + 1;
        // After a unit-position digit following "mươi"/"linh", the number is complete for this group.
        if let (Some(d), true) = (pending_digit, after_tens) {
            group += d;
            pending_digit = None;
            after_tens = false;
        }
    }
    if let Some(d) = pending_digit {
        group += d;
    }
    // A trailing word that could not finish the number ("linh" alone) gives it back.
    if matches!(last, Some(WordRole::Zero)) {
        used -= 1;
    }
    if !any_digit || used == 0 {
        return None;
    }
    // "năm" (year) and "không" (not) alone are no numbers
    if used == 1 && !words[0].1 {
        return None;
    }
    Some(((total + group) as f64, used))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(s: &str) -> Option<(f64, u8)> {
        parse_digits(s, DecimalMark::Comma).map(|n| (n.value, n.decimals))
    }

    fn w(s: &str) -> Option<(f64, usize)> {
        let keys: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        parse_words(&refs)
    }

    #[test]
    fn digits_vietnamese_convention() {
        assert_eq!(d("17.034"), Some((17034.0, 0)));
        assert_eq!(d("54,85"), Some((54.85, 2)));
        assert_eq!(d("17.641.000"), Some((17641000.0, 0)));
        assert_eq!(d("04"), Some((4.0, 0)));
        assert_eq!(d("18,173"), Some((18.173, 3)));
        assert_eq!(d("1.234,5"), Some((1234.5, 1)));
        assert_eq!(d("100,20"), Some((100.2, 2)));
        assert_eq!(d("8.00"), Some((8.0, 2)));
        assert_eq!(d("92.11"), Some((92.11, 2)));
        assert_eq!(d("4.1.1"), None);
        assert_eq!(d("3.923.7448"), Some((3923.7448, 4)));
        assert_eq!(d("1,234,567"), Some((1234567.0, 0)));
    }

    /// Every text of up to seven digits and marks: the one-pass reading agrees with the
    /// general one, value bit for bit.
    #[test]
    fn marked_digits_agree_with_the_general_reading() {
        let alphabet = ['0', '1', '5', '9', '.', ','];
        let mut texts: Vec<String> = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..7 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            all.extend(texts.iter().cloned());
        }
        all.extend(
            [
                "1.234.567,891",
                "123.456.789.012.345",
                "1234567890123456",
                "1.234.567.890.123.456",
                "99,999999999999",
                "0,000000000000001",
                "12.3a",
                "1e5",
            ]
            .map(String::from),
        );
        let same = |a: Option<Number>, b: Option<Number>| match (a, b) {
            (Some(a), Some(b)) => {
                a.value.to_bits() == b.value.to_bits()
                    && a.decimals == b.decimals
                    && a.plain == b.plain
            }
            (a, b) => a.is_none() && b.is_none(),
        };
        for t in &all {
            for mark in [DecimalMark::Comma, DecimalMark::Point] {
                assert!(
                    same(parse_digits(t, mark), parse_any(t, mark)),
                    "{t:?} {mark:?}: {:?} {:?}",
                    parse_digits(t, mark),
                    parse_any(t, mark)
                );
            }
        }
    }

    #[test]
    fn digits_point_convention() {
        let p = |s| parse_digits(s, DecimalMark::Point).map(|n| (n.value, n.decimals));
        assert_eq!(p("1,234"), Some((1234.0, 0)));
        assert_eq!(p("92.11"), Some((92.11, 2)));
        assert_eq!(p("1.092"), Some((1.092, 3)));
    }

    #[test]
    fn words() {
        assert_eq!(w("hai mươi mốt người"), Some((21.0, 3)));
        assert_eq!(w("một trăm linh năm"), Some((105.0, 4)));
        assert_eq!(w("mười lăm"), Some((15.0, 2)));
        assert_eq!(w("Năm trăm nghìn đồng"), Some((500000.0, 3)));
        assert_eq!(w("một ngày"), Some((1.0, 1)));
        assert_eq!(w("ba mươi"), Some((30.0, 2)));
        assert_eq!(w("hai mươi tư"), Some((24.0, 3)));
        assert_eq!(w("một nghìn hai trăm"), Some((1200.0, 4)));
        assert_eq!(w("mười"), Some((10.0, 1)));
        assert_eq!(w("bốn triệu năm trăm nghìn"), Some((4500000.0, 5)));
        assert_eq!(w("trăm"), None);
        assert_eq!(w("lăm"), None);
        assert_eq!(w("năm ngày"), None);
        assert_eq!(w("không người"), None);
        assert_eq!(w("năm người"), None);
    }
}
