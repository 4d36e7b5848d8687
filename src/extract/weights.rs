//! Weights written with a dot as the decimal mark. Some reports weigh seizures to the tenth of
//! a milligram with dots only: "3.923.7448g" can only be 3 923,7448 g (a last group of four
//! digits is no thousands group). A document that writes one weight so uses the same notation
//! for the others: its "13.825.653g" is 13 825,653 g and its "84.685kg" is 84,685 kg, not
//! tonnes.

use crate::model::{Block, Fact, Kind};

use super::rules::{fold, rules};

/// The digit run of a weight written like "3.923.7448g": dot groups whose last one is not three
/// digits, glued to or right before a weight unit.
fn dot_decimal_weight(text: &str) -> bool {
    // digits, dots and the space are ASCII: the bytes give the runs, with no char copy of the
    // block (a byte of a longer char is never one of them)
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < bytes.len()
            && (bytes[e].is_ascii_digit()
                || (bytes[e] == b'.' && bytes.get(e + 1).is_some_and(u8::is_ascii_digit)))
        {
            e += 1;
        }
        let groups: Vec<&str> = text[i..e].split('.').collect();
        let n = groups.len();
        if n >= 3
            && groups[0].len() <= 3
            && groups[1..n - 1].iter().all(|g| g.len() == 3)
            && groups[n - 1].len() > 3
            && weight_unit_at(text, e)
        {
            return true;
        }
        i = e;
    }
    false
}

/// A weight unit at byte `e` of `text` (a char boundary), or after one space there.
fn weight_unit_at(text: &str, e: usize) -> bool {
    let p = if text.as_bytes().get(e) == Some(&b' ') {
        e + 1
    } else {
        e
    };
    let tail: String = text
        .get(p.min(text.len())..)
        .unwrap_or("")
        .chars()
        .take(8)
        .collect();
    let low = fold(&tail);
    rules()
        .units
        .match_at(&low, 0)
        .is_some_and(|(end, _)| rules().is_cue("weight_unit", &low[..end]))
}

/// The weights of the document read with the dot as the decimal mark, when the document writes
/// at least one weight that way.
pub fn reread(blocks: &[Block], facts: &mut [Fact]) {
    let is_weight = |f: &Fact| {
        f.kind == Kind::Measure
            && f.decimals == 0
            && f.unit
                .as_deref()
                .is_some_and(|u| rules().is_cue("weight_unit", &fold(u)))
    };
    // most documents weigh nothing: the text is read for the notation only when they do
    if !facts.iter().any(is_weight) || !blocks.iter().any(|b| dot_decimal_weight(&b.text)) {
        return;
    }
    for f in facts.iter_mut() {
        if !is_weight(f) {
            continue;
        }
        let run: String = f
            .raw
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let run = run.trim_end_matches('.');
        let groups: Vec<&str> = run.split('.').collect();
        if groups.len() < 2 || groups[1..].iter().any(|g| g.len() != 3) {
            continue;
        }
        let n = groups.len();
        let text = format!("{}.{}", groups[..n - 1].concat(), groups[n - 1]);
        if let Ok(v) = text.parse::<f64>() {
            f.value = v;
            f.decimals = 3;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_four_digit_last_group_shows_the_notation() {
        assert!(dot_decimal_weight("Tang vật thu giữ: 3.923.7448g Heroin"));
        assert!(dot_decimal_weight("thu giữ 2.640.1986 g heroin"));
        assert!(!dot_decimal_weight("thu giữ 13.825.653g Heroin"));
        assert!(!dot_decimal_weight("dân số 1.234.5678 người"));
    }
}
