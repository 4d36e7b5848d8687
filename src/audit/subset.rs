//! Rule "subset": a "trong đó" part larger than its whole ("40 lượt kiểm tra ...; trong đó 7
//! cơ sở" is fine, "trong đó 45" would not be); and a "trong đó" pair of complements ("03 ...
//! công lập và 21 ... ngoài công lập") that must add up to the whole.

use crate::audit::tolerance::{interval, vn_auto, Iv};
use crate::audit::view::{additive, finding, fold, units_compatible, DocView};
use crate::model::{Fact, Finding, Kind, Qualifier, Severity};

pub fn check(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for block in v.block_ids() {
        for (cs, ce) in v.cue_spans(block, "subset") {
            let wholes = wholes_before(v, block, cs);
            if wholes.is_empty() {
                continue;
            }
            let (_, send) = v.sentence_of(block, ce);
            let after: Vec<&Fact> = v
                .facts_in(block, ce, send)
                .into_iter()
                .take_while(|p| {
                    !v.lower(block, ce, p.location.start as usize)
                        .contains("so với")
                })
                .filter(|p| p.kind != Kind::Percent && !v.is_comparative(p))
                .collect();
            // Each part against the nearest figure before the cue that counts the same thing.
            let mut pairs: Vec<(&Fact, &Fact)> = Vec::new();
            for p in &after {
                if let Some(w) = wholes.iter().find(|w| compatible(w, p)) {
                    pairs.push((w, p));
                }
            }
            for (whole, p) in &pairs {
                let Some(w) = whole_interval(whole) else {
                    continue;
                };
                let pi = part_interval(p);
                if pi.lo > w.hi && !pi.meets(w) {
                    out.push(finding(
                        "subset",
                        Severity::Error,
                        v,
                        &[whole, p],
                        Some(whole_value(whole)),
                        Some(p.value),
                        format!("{} ≤ {} does not hold", vn_auto(p.value, 3), vn_auto(whole_value(whole), 3)),
                        format!(
                            "\"{}\" is given as a part (\"trong đó\") of \"{}\", but it is larger than the whole.",
                            p.raw, whole.raw
                        ),
                    ));
                }
            }
            if let [(wa, a), (wb, b)] = pairs.as_slice() {
                if wa.id == wb.id {
                    if let Some(w) = whole_interval(wa) {
                        if let Some(f) = complements(v, wa, a, b, w) {
                            out.push(f);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The figures a "trong đó" at `cue` may divide, nearest first: additive figures before it in
/// the same sentence (or the previous one when "Trong đó" opens its own), not differences or
/// bases of a comparison, not inside a bracket closed before the cue, at most 200 chars back.
fn wholes_before<'a>(v: &DocView<'a>, block: u32, cue: usize) -> Vec<&'a Fact> {
    let (s, _) = v.sentence_of(block, cue);
    let lead = v.lower(block, s, cue);
    let from = if lead
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .is_empty()
        && s > 0
    {
        v.sentence_of(block, s - 1).0
    } else {
        s
    };
    v.facts_in(block, from.max(cue.saturating_sub(200)), cue)
        .into_iter()
        .rev()
        .filter(|f| f.location.end as usize <= cue)
        .filter(|f| (additive(f.kind) || f.kind == Kind::Fraction) && !v.is_comparative(f))
        .filter(|f| {
            !matches!(
                f.qualifier,
                Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::Approximately
            )
        })
        .filter(|f| {
            // A ")" that closes a bracket the figure stands in puts it out of the cue's reach.
            let gap = v.lower(block, f.location.end as usize, cue);
            let mut depth = 0i32;
            gap.chars().all(|c| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth >= 0
            })
        })
        .collect()
}

fn compatible(whole: &Fact, part: &Fact) -> bool {
    let countish = |k: Kind| matches!(k, Kind::Count | Kind::Fraction);
    let same_kind = whole.kind == part.kind || countish(whole.kind) && countish(part.kind);
    // Both nouns must be known: "68 Quyết định ..., trong đó công bố mới 247 TTHC" counts
    // two different things.
    let units = match whole.kind {
        Kind::Money => whole.unit == part.unit,
        _ => {
            whole.unit.is_some()
                && part.unit.is_some()
                && units_compatible(whole.unit.as_deref(), part.unit.as_deref())
        }
    };
    same_kind && units && part.kind != Kind::Percent
}

fn whole_value(f: &Fact) -> f64 {
    match f.kind {
        Kind::Fraction => f.denominator.unwrap_or(f.value),
        _ => f.value,
    }
}

fn whole_interval(f: &Fact) -> Option<Iv> {
    match f.kind {
        Kind::Fraction => crate::audit::tolerance::denominator_interval(f),
        _ => Some(interval(f)),
    }
}

fn part_interval(f: &Fact) -> Iv {
    interval(f)
}

/// "trong đó có 03 cơ sở ... công lập và 21 cơ sở ... ngoài công lập": two parts whose labels
/// differ only by "ngoài"/"không"/"chưa" cover the whole between them.
fn complements(v: &DocView, whole: &Fact, a: &Fact, b: &Fact, w: Iv) -> Option<Finding> {
    let block = a.location.block;
    let (_, send) = v.sentence_of(block, b.location.end as usize);
    let la = v.lower(block, a.location.end as usize, b.location.start as usize);
    let la = la.trim().trim_end_matches(',').trim();
    let la = la
        .strip_suffix(" và")
        .or_else(|| la.strip_suffix(" với"))
        .unwrap_or(la)
        .trim();
    let lb = v.lower(block, b.location.end as usize, send);
    let lb = lb.split([',', ';', '.', '(']).next().unwrap_or("").trim();
    let lb_core = ["ngoài ", "không ", "chưa "].iter().find_map(|neg| {
        let i = lb.find(neg)?;
        Some(format!("{}{}", &lb[..i], &lb[i + neg.len()..]))
    })?;
    if la.is_empty() || fold(&lb_core) != fold(la) {
        return None;
    }
    let sum = part_interval(a).add(part_interval(b));
    if sum.meets(w) {
        return None;
    }
    let total = a.value + b.value;
    Some(finding(
        "sum",
        Severity::Error,
        v,
        &[whole, a, b],
        Some(total),
        Some(whole_value(whole)),
        format!("{} + {} = {} ≠ {}", vn_auto(a.value, 3), vn_auto(b.value, 3), vn_auto(total, 3), vn_auto(whole_value(whole), 3)),
        format!(
            "\"{}\" is split into \"{}\" and \"{}\" (\"{}\" and its complement), which add up to {}, not {}.",
            whole.raw,
            a.raw,
            b.raw,
            la,
            vn_auto(total, 3),
            vn_auto(whole_value(whole), 3)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;

    fn run(d: crate::model::DocumentRecord) -> Vec<Finding> {
        check(&DocView::new(&d))
    }

    #[test]
    fn seed_parts_within_their_wholes_give_nothing() {
        // C3, G1, G7 of the seed's audit: all hold.
        let d = DocBuilder::new("seed.txt")
            .block("Đã giải quyết việc làm cho 17.034 người (đạt 100,20% so với kế hoạch năm 2023); trong đó, đưa lao động đi làm việc ở nước ngoài 2.325 lao động (đạt 116,25% so với kế hoạch năm 2023).")
            .count("17.034 người", 17034.0)
            .pct("100,20%", 100.2)
            .count("2.325 lao động", 2325.0)
            .pct("116,25%", 116.25)
            .block("Toàn tỉnh hiện có 24 cơ sở trợ giúp xã hội đang hoạt động, trong đó có 03 cơ sở trợ giúp xã hội công lập và 21 cơ sở trợ giúp xã hội ngoài công lập.")
            .count("24 cơ sở", 24.0)
            .count("03 cơ sở", 3.0)
            .count("21 cơ sở", 21.0)
            .block("Đội 178 tỉnh đã tổ chức 40 lượt kiểm tra các cơ sở kinh doanh dịch vụ dễ bị lợi dụng hoạt động mại dâm; trong đó 7 cơ sở được nhắc nhở, chấn chỉnh.")
            .count("40 lượt", 40.0)
            .count("7 cơ sở", 7.0)
            .build();
        assert!(run(d).is_empty());
    }

    #[test]
    fn a_part_above_its_whole_is_an_error() {
        let d = DocBuilder::new("x.txt")
            .block("Giải quyết việc làm cho 1.700 lao động, trong đó đưa 2.050 người lao động đi làm việc ở nước ngoài theo hợp đồng.")
            .count("1.700 lao động", 1700.0)
            .count("2.050 người lao động", 2050.0)
            .build();
        let f = run(d);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "subset");
        assert_eq!(f[0].stated, Some(2050.0));
    }

    #[test]
    fn whole_in_the_previous_sentence() {
        let d = DocBuilder::new("x.txt")
            .block("Kết quả năm 2023, đã hoàn thành 17/17 chỉ tiêu nhiệm vụ của Ngành. Trong đó, 04 chỉ tiêu kinh tế - xã hội đều đạt.")
            .frac("17/17 chỉ tiêu", 17.0, 17.0)
            .count("04 chỉ tiêu", 4.0)
            .build();
        assert!(run(d).is_empty());
        let d = DocBuilder::new("x.txt")
            .block("Kết quả năm 2023, đã hoàn thành 17/17 chỉ tiêu nhiệm vụ của Ngành. Trong đó, 19 chỉ tiêu kinh tế - xã hội đều đạt.")
            .frac("17/17 chỉ tiêu", 17.0, 17.0)
            .count("19 chỉ tiêu", 19.0)
            .build();
        assert_eq!(run(d).len(), 1);
    }

    #[test]
    fn complements_must_add_up() {
        let d = DocBuilder::new("x.txt")
            .block("Toàn tỉnh hiện có 25 cơ sở trợ giúp xã hội đang hoạt động, trong đó có 03 cơ sở trợ giúp xã hội công lập và 21 cơ sở trợ giúp xã hội ngoài công lập.")
            .count("25 cơ sở", 25.0)
            .count("03 cơ sở", 3.0)
            .count("21 cơ sở", 21.0)
            .build();
        let f = run(d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "sum");
        assert_eq!(f[0].expected, Some(24.0));
    }

    #[test]
    fn a_difference_is_not_a_whole() {
        let d = DocBuilder::new("x.txt")
            .block("Các cơ sở hiện đang nuôi dưỡng 1.393 đối tượng, tăng 67 đối tượng so với năm 2022; trong đó 120 trẻ em.")
            .count("1.393 đối tượng", 1393.0)
            .count("67 đối tượng", 67.0)
            .count("120 trẻ em", 120.0)
            .build();
        assert!(run(d).is_empty());
    }
}
