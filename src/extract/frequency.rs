//! Lists of reporting periods: "Hàng tháng, quý, 06 tháng, 01 năm tổ chức họp" says how often
//! something is done (monthly, quarterly, half-yearly, yearly); its "06 tháng" is no duration.

use super::rules::rules;

/// Most words looked at before the number.
const MAX_WORDS: usize = 8;

/// True when the number starting at `s` is an item of a list of periods opened by "hàng"
/// ("Hàng tháng, quý, 06 tháng, 01năm"): only period words, numbers and commas stand between.
pub fn in_period_list(low: &[char], s: usize) -> bool {
    let r = rules();
    let mut i = s;
    let mut after_item = false;
    for _ in 0..MAX_WORDS {
        while i > 0 && matches!(low[i - 1], ' ' | ',' | '0'..='9') {
            i -= 1;
        }
        let end = i;
        while i > 0 && low[i - 1].is_alphabetic() {
            i -= 1;
        }
        if i == end {
            return false;
        }
        let word = &low[i..end];
        if r.is_cue("period_list_lead", word) {
            return after_item;
        }
        if !r.is_cue("period_list_item", word) {
            return false;
        }
        after_item = true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::rules::fold;

    fn at(text: &str, num: &str) -> bool {
        let low = fold(text);
        let byte = text.find(num).expect("number in text");
        in_period_list(&low, text[..byte].chars().count())
    }

    #[test]
    fn periods_listed_after_hang_are_no_durations() {
        let t = "Hàng tháng ,quý, 06 tháng, 01năm tổ chức họp phòng";
        assert!(at(t, "06"));
        assert!(at(t, "01"));
        assert!(!at("Thời gian thử việc 06 tháng, 01 năm", "06"));
        assert!(!at("các mặt hàng, 06 tháng", "06"));
    }
}
