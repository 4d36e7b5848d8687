//! Rule "change": "1.393 đối tượng; tăng 67 đối tượng so với năm 2022 (1.326 đối tượng)"
//! against the two values: 1.393 − 1.326 = 67. A change in percent is read as relative
//! ((new − old) / old) for amounts, and as either points or relative for rates.

use crate::audit::tolerance::{interval, round_to, vn, vn_auto};
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
        if let Some(p) = pair_after(v, n, &sent[i + 1..]) {
            // "tăng 54 vụ (209/155), 127 đối tượng (408/279)": the sign carries to the next pair.
            out.extend(judge_pair(v, &sent[..i], n, p, sign));
            let mut k = sent.iter().position(|f| f.id == p.id).unwrap_or(sent.len());
            while k + 1 < sent.len() {
                let n2 = sent[k + 1];
                let gap = v.between(sent[k], n2).unwrap_or_default();
                if gap.trim() != ")," || n2.kind == Kind::Fraction {
                    break;
                }
                let Some(p2) = pair_after(v, n2, &sent[k + 2..]) else {
                    break;
                };
                out.extend(judge_pair(v, &[], n2, p2, sign));
                k += 2;
            }
            continue;
        }
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

/// "tăng 54 vụ (209/155)", "tăng 220 người so với năm 2018 (5362/4836)": the two values
/// as a pair in brackets right after the change.
fn pair_after<'a>(v: &DocView<'a>, n: &Fact, rest: &[&'a Fact]) -> Option<&'a Fact> {
    let p = *rest.first()?;
    if p.kind != Kind::Fraction || n.kind != Kind::Count {
        return None;
    }
    let gap = v.between(n, p)?;
    let g = gap.trim_end();
    (g.ends_with('(')
        && !g[..g.len() - 1].contains(['(', ')', ',', ';'])
        && gap.split_whitespace().count() <= 8)
        .then_some(p)
}

/// |a − b| must be the change; when the figure before gives the new value, the direction too.
fn judge_pair(v: &DocView, before: &[&Fact], n: &Fact, p: &Fact, sign: f64) -> Option<Finding> {
    let (a, b) = (p.value, p.denominator?);
    let word = if sign > 0.0 { "tăng" } else { "giảm" };
    let diff = (a - b).abs();
    if !interval(n).contains(diff) {
        return Some(finding(
            "change",
            Severity::Error,
            v,
            &[n, p],
            Some(diff),
            Some(n.value),
            format!(
                "|{} − {}| = {} ≠ {} {}",
                vn_auto(a, 3),
                vn_auto(b, 3),
                vn_auto(diff, 3),
                word,
                vn_auto(n.value, 3)
            ),
            format!(
                "\"{word} {}\" does not match the pair ({}) given for it: the two differ by {}.",
                n.raw,
                p.raw,
                vn_auto(diff, 3)
            ),
        ));
    }
    let new = before
        .iter()
        .rev()
        .find(|f| f.kind == Kind::Count && !v.is_comparative(f) && f.value == a)?;
    if sign * (a - b) < 0.0 {
        return Some(finding(
            "change",
            Severity::Error,
            v,
            &[new, n, p],
            Some(a - b),
            Some(sign * n.value),
            format!(
                "{} − {} = {}, yet \"{word}\"",
                vn_auto(a, 3),
                vn_auto(b, 3),
                vn_auto(a - b, 3)
            ),
            format!(
                "\"{word} {}\", but the figure {} against {} goes the other way.",
                n.raw,
                new.raw,
                vn_auto(b, 3)
            ),
        ));
    }
    None
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
            Some(round_to(exact_diff, n.decimals as usize + 1)),
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
            Some(round_to(exact_rel, n.decimals as usize + 1)),
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
    fn pairs_in_brackets() {
        // From the drug-control report (vbai_BC TỔNG KÊT CHIẾN LƯỢC PCMT.docx).
        let d = DocBuilder::new("pcmt.docx")
            .block("So với năm 2010 tăng 54 vụ (209/155), 127 đối tượng (408/279).")
            .count("54 vụ", 54.0)
            .frac("209/155", 209.0, 155.0)
            .count("127 đối tượng", 127.0)
            .frac("408/279", 408.0, 279.0)
            .block("So với năm 2019 tăng 359 vụ (209/155), 665 đối tượng (1573/908).")
            .count("359 vụ", 359.0)
            .frac("209/155", 209.0, 155.0)
            .count("665 đối tượng", 665.0)
            .frac("1573/908", 1573.0, 908.0)
            .block("+ Năm 2011: 2126 người nghiện, giảm 24 người so với năm 2010 (2126/2102).")
            .count("2126 người nghiện", 2126.0)
            .count("24 người", 24.0)
            .frac("2126/2102", 2126.0, 2102.0)
            .block("+ Năm 2012: 2365 người nghiện, tăng 239 người so với năm 2011 (2365/2126).")
            .count("2365 người nghiện", 2365.0)
            .count("239 người", 239.0)
            .frac("2365/2126", 2365.0, 2126.0)
            .build();
        let f = check(&DocView::new(&d));
        let stated: Vec<f64> = f.iter().filter_map(|x| x.stated).collect();
        // 408 − 279 = 129, not 127; 209 − 155 = 54, not 359; 2126 > 2102 is no fall.
        assert_eq!(stated, vec![127.0, 359.0, -24.0], "{f:#?}");
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
