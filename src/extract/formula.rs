//! Formulas in regulations: "Hệ số bị trừ cho 01 lần vi phạm = 0,1", "Mức tăng thu nhập =
//! Số tiền … của 01 hệ số x (K1 + K2 …)". The numbers that name a formula's terms ("01 lần vi
//! phạm", "01 hệ số") or are its constants ("(1/40) x", "x 100 %") are no facts; a lone value
//! that is the whole right-hand side ("= 0,1") is one.
//!
//! A transcript writes a formula box one term a line, with "=" and "x" on lines of their own;
//! a text layer may write it on one line. Both shapes are read here.

use crate::model::{Block, BlockKind};

use super::quantity::Quantity;
use super::rules::rules;

/// What a block is to the formula boxes around it.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Free,
    /// A term of a formula (its left side or an operand): no facts.
    Term,
    /// The lone value a formula's left side equals; `label` is that left side.
    Value {
        label: String,
    },
}

fn operator_line(b: &Block) -> Option<char> {
    if !matches!(b.kind, BlockKind::Paragraph) {
        return None;
    }
    let mut it = b.text.trim().chars();
    let c = it.next()?;
    (it.next().is_none() && matches!(c, '=' | 'x' | 'X' | '×' | '*')).then_some(c)
}

/// Multiplication and division signs as formulas write them.
fn is_operator(c: char) -> bool {
    matches!(c, 'x' | 'X' | '×' | '*' | '/')
}

/// True when the block's whole text is one number, perhaps with "%": a value line.
fn lone_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches('%').trim_end();
    !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// The role of every block in formula boxes written one term a line.
pub fn roles(blocks: &[Block]) -> Vec<Role> {
    let mut roles = vec![Role::Free; blocks.len()];
    let para = |i: usize| matches!(blocks[i].kind, BlockKind::Paragraph);
    for k in 1..blocks.len() {
        if operator_line(&blocks[k]) != Some('=') || !para(k - 1) {
            continue;
        }
        if operator_line(&blocks[k - 1]).is_some() || k + 1 >= blocks.len() || !para(k + 1) {
            continue;
        }
        // the operands: k+1, then one after each "x" line
        let mut last = k + 1;
        while last + 2 < blocks.len()
            && operator_line(&blocks[last + 1]).is_some_and(|c| c != '=')
            && para(last + 2)
        {
            last += 2;
        }
        roles[k - 1] = Role::Term;
        if last == k + 1 && lone_number(&blocks[k + 1].text) {
            roles[k + 1] = Role::Value {
                label: blocks[k - 1].text.trim().to_string(),
            };
        } else {
            for r in roles.iter_mut().take(last + 1).skip(k + 1) {
                *r = Role::Term;
            }
        }
    }
    roles
}

/// For a block that writes a formula on one line ("A = B x C"): whether quantity `q` stands as a
/// figure. Outside the formula (before the clause that opens it, after "Trong đó" that closes it)
/// every quantity does; inside, only a lone value right after "=" that no operator follows.
pub fn inline_keeps(chars: &[char], q: &Quantity) -> bool {
    let Some(first_eq) = (1..chars.len().saturating_sub(1))
        .find(|&i| chars[i] == '=' && chars[i - 1] == ' ' && chars[i + 1] == ' ')
    else {
        return true;
    };
    // the formula opens after the last stop before its first "="
    let open = chars[..first_eq]
        .iter()
        .rposition(|c| matches!(c, '.' | ';' | ':'))
        .map_or(0, |p| p + 1);
    let low: Vec<char> = chars.iter().map(|c| super::rules::fold_char(*c)).collect();
    let close = rules()
        .cues("formula_where")
        .iter()
        .filter_map(|k| super::rules::find_words(&low[first_eq..], k).map(|p| p + first_eq))
        .min()
        .map_or(chars.len(), |p| {
            // "(Trong đó : 40 là …)": the bracket opens the definitions
            if p > 0 && chars[p - 1] == '(' {
                p - 1
            } else {
                p
            }
        });
    if q.start < open || q.start >= close {
        return true;
    }
    let mut b = q.start;
    while b > 0 && chars[b - 1] == ' ' {
        b -= 1;
    }
    let after_eq = b > 0 && chars[b - 1] == '=';
    let mut a = q.end;
    while a < chars.len() && chars[a] == ' ' {
        a += 1;
    }
    // "x 100", "75*22": an operator before a number or a space (not the "x" of "xã")
    let operand = chars.get(a).is_some_and(|c| is_operator(*c))
        && chars.get(a + 1).is_none_or(|c| !c.is_alphabetic());
    // "= 75*22/100 = 16.5 điểm": a value computed from written numbers is a worked example
    let computed = after_eq && {
        let mut l = b - 1;
        while l > 0 && chars[l - 1] == ' ' {
            l -= 1;
        }
        l > 0 && chars[l - 1].is_ascii_digit()
    };
    after_eq && !operand && !computed
}

/// Most words between a base quantity and its multiplication sign ("1 giờ làm thêm x").
const MAX_BASE_WORDS: usize = 4;

/// True when quantity `q` is "one of a unit" that a rate multiplies: "1 giờ làm thêm x 150%"
/// (pay for one hour of overtime is 150%): the base of the formula, no figure.
pub fn per_one_base(chars: &[char], q: &Quantity) -> bool {
    if q.value != 1.0 || q.max.is_some() || q.denominator.is_some() {
        return false;
    }
    let mut p = q.end;
    let mut words = 0;
    loop {
        while p < chars.len() && chars[p] == ' ' {
            p += 1;
        }
        let Some(&c) = chars.get(p) else {
            return false;
        };
        if is_operator(c) && chars.get(p + 1) == Some(&' ') {
            let mut n = p + 1;
            while n < chars.len() && chars[n] == ' ' {
                n += 1;
            }
            return chars.get(n).is_some_and(|c| c.is_ascii_digit());
        }
        if !c.is_alphabetic() || words == MAX_BASE_WORDS {
            return false;
        }
        while p < chars.len() && chars[p].is_alphabetic() {
            p += 1;
        }
        words += 1;
    }
}

/// True when the text holds a one-line formula.
pub fn has_inline(text: &str) -> bool {
    text.contains(" = ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(chars: &[char], raw: &str) -> Quantity {
        let text: String = chars.iter().collect();
        Quantity::bare_count_at(&text, raw, 0.0)
    }

    #[test]
    fn inline_terms_and_constants_are_no_figures() {
        let c: Vec<char> = "Hệ số bị trừ cho 01 lần vi phạm = 0,1 Hệ số chấp hành = Số lần vi phạm x Hệ số bị trừ cho 01 lần"
            .chars()
            .collect();
        assert!(!inline_keeps(&c, &q(&c, "01 lần vi")));
        assert!(inline_keeps(&c, &q(&c, "0,1")));
        let c: Vec<char> = "Tỷ lệ thời gian = Số ngày làm việc thực tế x 100 % Số ngày"
            .chars()
            .collect();
        assert!(!inline_keeps(&c, &q(&c, "100 %")));
        let c: Vec<char> =
            "Hệ số sử dụng VPP (HSSD) = (1/40) x Tổng số BC (Trong đó : 40 là tổng số biên chế)"
                .chars()
                .collect();
        assert!(!inline_keeps(&c, &q(&c, "1/40")));
        assert!(inline_keeps(&c, &q(&c, "40 là")));
    }

    #[test]
    fn a_worked_example_of_a_formula_is_no_figure() {
        let c: Vec<char> = "Ví dụ: Sở A đạt 75% thì điểm số của Sở A = 75*22/100 = 16.5 điểm."
            .chars()
            .collect();
        let mut operand = q(&c, "75*");
        operand.end -= 1; // "75", the operand before "*"
        assert!(!inline_keeps(&c, &operand));
        assert!(!inline_keeps(&c, &q(&c, "16.5 điểm")));
    }

    #[test]
    fn one_unit_multiplied_by_a_rate_is_a_base() {
        let c: Vec<char> = "Ngày thường: 1 giờ làm thêm x 150%".chars().collect();
        let mut base = q(&c, "1 giờ");
        base.value = 1.0;
        assert!(per_one_base(&c, &base));
        let c: Vec<char> = "Ngày thường: 1 giờ làm thêm, hưởng 150%".chars().collect();
        let mut base = q(&c, "1 giờ");
        base.value = 1.0;
        assert!(!per_one_base(&c, &base));
    }
}
