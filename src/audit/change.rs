//! Rule "change": "1.393 đối tượng; tăng 67 đối tượng so với năm 2022 (1.326 đối tượng)"
//! against the two values: 1.393 − 1.326 = 67. A change in percent is read as relative
//! ((new − old) / old) for amounts, and as either points or relative for rates.

use crate::audit::tolerance::{interval, vn, vn_auto};
use crate::audit::view::{cues, finding, units_compatible, DocView};
use crate::model::{Fact, Finding, Kind, Severity};

pub fn check(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for n in &v.facts {
        let before = v.before(n, 20);
        let before = before.trim_end();
        let sign = if ends_with_word(before, &cues("increase")[0]) {
            1.0
        } else if ends_with_word(before, &cues("decrease")[0]) {
            -1.0
        } else {
            continue;
        };
        let sent = v.sentence_facts(n);
        let Some(i) = sent.iter().position(|f| f.id == n.id) else {
            continue;
        };
        let Some(m) = base_after(v, n, &sent[i + 1..]) else {
            continue;
        };
        let Some(val) = sent[..i]
            .iter()
            .rev()
            .find(|f| comparable(f, m) && !v.is_comparative(f))
            .copied()
        else {
            continue;
        };
        if let Some(f) = judge(v, val, n, m, sign) {
            out.push(f);
        }
    }
    out
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// "so với năm 2022 (1.326 đối tượng)", "so với cùng kỳ là 1.326": the base right after "so với".
fn base_after<'a>(v: &DocView<'a>, n: &Fact, rest: &[&'a Fact]) -> Option<&'a Fact> {
    let m = *rest.first()?;
    let gap = v.between(n, m)?;
    let at = gap.find("so với")?;
    if gap[..at].split_whitespace().count() > 4 {
        return None;
    }
    let tail = &gap[at + "so với".len()..];
    let tail_trim = tail.trim_end();
    let opens = tail_trim.ends_with('(') || tail_trim.ends_with("là") || tail_trim.ends_with(':');
    (opens && tail.split_whitespace().count() <= 7).then_some(m)
}

fn comparable(a: &Fact, b: &Fact) -> bool {
    a.kind == b.kind
        && (a.kind == Kind::Percent || units_compatible(a.unit.as_deref(), b.unit.as_deref()))
        && !matches!(a.kind, Kind::Rank)
}

fn judge(v: &DocView, val: &Fact, n: &Fact, m: &Fact, sign: f64) -> Option<Finding> {
    let (vi, mi, ni) = (interval(val), interval(m), interval(n));
    let diff = vi.sub(mi).scale(sign);
    let rel = diff.div(mi).map(|r| r.scale(100.0));
    let word = if sign > 0.0 { "tăng" } else { "giảm" };
    let exact_diff = sign * (val.value - m.value);
    let exact_rel = exact_diff / m.value * 100.0;
    let facts = [val, n, m];
    if n.kind == Kind::Percent && val.kind == Kind::Percent {
        // Points or relative: either reading will do.
        if diff.meets(ni) || rel.is_some_and(|r| r.meets(ni)) {
            return None;
        }
        return Some(finding(
            "change",
            Severity::Error,
            v,
            &facts,
            Some(round(exact_diff, n.decimals as usize + 1)),
            Some(n.value),
            format!(
                "{} − {} = {} points ({} % relative) ≠ {} {}",
                vn_auto(val.value, 3),
                vn_auto(m.value, 3),
                vn(exact_diff.abs(), n.decimals as usize + 1),
                vn(exact_rel.abs(), 1),
                word,
                n.raw
            ),
            format!(
                "\"{word} {}\" does not match {} against {}: in points or relative.",
                n.raw, val.raw, m.raw
            ),
        ));
    }
    if n.kind == Kind::Percent {
        let rel = rel?;
        if rel.meets(ni) {
            return None;
        }
        let ratio = vi.div(mi)?.scale(100.0);
        let sev = if ratio.meets(ni) {
            Severity::Warning
        } else {
            Severity::Error
        };
        let note = if sev == Severity::Warning {
            " It matches the ratio of the two figures instead, not the change."
        } else {
            ""
        };
        return Some(finding(
            "change",
            sev,
            v,
            &facts,
            Some(round(exact_rel, n.decimals as usize + 1)),
            Some(n.value),
            format!(
                "({} − {}) / {} = {} % ≠ {} {}",
                vn_auto(val.value, 3),
                vn_auto(m.value, 3),
                vn_auto(m.value, 3),
                vn(exact_rel, 2),
                word,
                n.raw
            ),
            format!(
                "\"{word} {}\" does not match {} against {}.{note}",
                n.raw, val.raw, m.raw
            ),
        ));
    }
    if n.kind != val.kind || !units_compatible(n.unit.as_deref(), val.unit.as_deref()) {
        return None;
    }
    if diff.meets(ni) {
        return None;
    }
    let wrong_way = diff.hi < 0.0;
    Some(finding(
        "change",
        Severity::Error,
        v,
        &facts,
        Some(exact_diff),
        Some(n.value),
        format!(
            "{} − {} = {} ≠ {} {}",
            vn_auto(val.value, 3),
            vn_auto(m.value, 3),
            vn_auto(val.value - m.value, 3),
            word,
            n.raw
        ),
        if wrong_way {
            format!(
                "The text says \"{word} {}\" but {} against {} goes the other way, by {}.",
                n.raw,
                val.raw,
                m.raw,
                vn_auto(exact_diff.abs(), 3)
            )
        } else {
            format!(
                "\"{word} {}\" does not match {} against {}: the difference is {}.",
                n.raw,
                val.raw,
                m.raw,
                vn_auto(exact_diff, 3)
            )
        },
    ))
}

fn round(x: f64, d: usize) -> f64 {
    let k = 10f64.powi(d as i32);
    (x * k).round() / k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;

    fn residents(now: &str, nv: f64, diff: &str, dv: f64, base: &str, bv: f64) -> Vec<Finding> {
        let d = DocBuilder::new("seed.txt")
            .block(&format!("Các cơ sở hiện đang nuôi dưỡng {now} là trẻ em, người cao tuổi, người khuyết tật, đối tượng khác; tăng {diff} so với năm 2022 ({base})."))
            .count(now, nv)
            .count(diff, dv)
            .count(base, bv)
            .build();
        check(&DocView::new(&d))
    }

    #[test]
    fn absolute_change() {
        // G2: 1.393 − 1.326 = 67.
        assert!(residents(
            "1.393 đối tượng",
            1393.0,
            "67 đối tượng",
            67.0,
            "1.326 đối tượng",
            1326.0
        )
        .is_empty());
        let f = residents(
            "1.393 đối tượng",
            1393.0,
            "76 đối tượng",
            76.0,
            "1.326 đối tượng",
            1326.0,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected, Some(67.0));
        let f = residents(
            "1.293 đối tượng",
            1293.0,
            "67 đối tượng",
            67.0,
            "1.326 đối tượng",
            1326.0,
        );
        assert!(f[0].message.contains("other way"), "{}", f[0].message);
    }

    #[test]
    fn relative_change_and_points() {
        let d = DocBuilder::new("x.txt")
            .block("Tỷ lệ hộ nghèo 1,62%, giảm 0,65% so với năm 2023 (2,27%).")
            .pct("1,62%", 1.62)
            .pct("0,65%", 0.65)
            .pct("2,27%", 2.27)
            .block("Thu ngân sách đạt 500 tỷ đồng, tăng 25% so với năm 2022 (400 tỷ đồng).")
            .money("500 tỷ đồng", 5e11)
            .pct("25%", 25.0)
            .money("400 tỷ đồng", 4e11)
            .block("Thu ngân sách đạt 500 tỷ đồng, tăng 125% so với năm 2022 (400 tỷ đồng).")
            .money("500 tỷ đồng", 5e11)
            .pct("125%", 125.0)
            .money("400 tỷ đồng", 4e11)
            .build();
        let f = check(&DocView::new(&d));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn a_change_without_its_base_is_not_checked() {
        let d = DocBuilder::new("seed.txt")
            .block("Tỷ lệ hộ nghèo 2,27%, giảm 1,29% so với năm 2022, vượt 0,52% so với chỉ tiêu kế hoạch năm 2023.")
            .pct("2,27%", 2.27)
            .pct("1,29%", 1.29)
            .pct("0,52%", 0.52)
            .build();
        assert!(check(&DocView::new(&d)).is_empty());
    }
}
