//! Rule "share": a percent stated as the share a figure is of a whole.
//!
//! - "x ..., chiếm y%": against x / whole when the whole is named ("trên tổng số đoàn viên") or
//!   is the figure a "trong đó" divides; otherwise, for a count, the GRIM test: some whole number
//!   of things must give y% at the precision written ("05 đơn vị, tỉ lệ 30%" cannot: 5/16 is
//!   31,25 % and 5/17 is 29,4 %). Ranges ("15 – 20 đồng chí, tỉ lệ 10 - 15%") need one base for
//!   both ends.
//! - "a/b ..., đạt tỷ lệ y%" and "a ... trên tổng số b ..., đạt tỷ lệ y%": against a / b.

use crate::audit::tolerance::{denominator_interval, interval, round_to, vn, vn_auto, Iv};
use crate::audit::view::{
    bigrams, cues, find_word, finding, has_cue, units_compatible, words, DocView,
};
use crate::model::{Fact, Finding, Kind, Qualifier, Severity};

pub fn check(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &v.facts {
        if p.kind != Kind::Percent || has_cue(&v.after(p, 40), "not_share") {
            continue;
        }
        let sent = v.sentence_facts(p);
        let Some(i) = sent.iter().position(|f| f.id == p.id) else {
            continue;
        };
        if i == 0 {
            continue;
        }
        let x = sent[i - 1];
        let Some(gap) = v.between(x, p) else { continue };
        match x.kind {
            Kind::Fraction if fraction_gap(&gap) => out.extend(against(
                v,
                p,
                &[x],
                frac_iv(x),
                x.denominator.and_then(|_| denominator_interval(x)),
                "",
            )),
            Kind::Count | Kind::Money | Kind::Measure if share_gap(&gap) => {
                // "a ... trên tổng số b ..., đạt tỷ lệ y%"
                if i >= 2 {
                    let a = sent[i - 2];
                    if a.kind == x.kind && v.between(a, x).is_some_and(|g| has_cue(&g, "base")) {
                        out.extend(against(v, p, &[a, x], interval(a), Some(interval(x)), ""));
                        continue;
                    }
                }
                if let Some(whole) = named_base(v, x, p).or_else(|| trong_do_base(v, x)) {
                    out.extend(against(
                        v,
                        p,
                        &[x, whole],
                        interval(x),
                        Some(interval(whole)),
                        &whole.raw,
                    ));
                } else if x.kind == Kind::Count {
                    out.extend(grim(v, x, p));
                }
            }
            _ => {}
        }
    }
    out
}

/// The words between a figure and its share: "," then "chiếm", "tỷ lệ", "chiếm tỷ lệ", ...
fn share_gap(gap: &str) -> bool {
    let g = gap.trim().trim_start_matches([',', '(']).trim();
    let Some(cue) = cues("share").iter().find(|c| g.starts_with(c.as_str())) else {
        return false;
    };
    let rest = g[cue.len()..].trim();
    rest.is_empty() || ["là", "đạt", "khoảng", "là:"].contains(&rest)
}

/// "42/139 ... (đạt tỷ lệ 30%", "17/17 (100%)": a bracket or a share cue close to the fraction.
fn fraction_gap(gap: &str) -> bool {
    gap.chars().count() <= 60 && (gap.trim() == "(" || gap.trim() == "=" || has_cue(gap, "share"))
}

fn frac_iv(f: &Fact) -> Iv {
    interval(f)
}

/// "chiếm 54,85% trên tổng số đoàn viên ...": the whole is a count written after "tổng số"
/// earlier in the document whose words overlap the named base.
fn named_base<'a>(v: &DocView<'a>, x: &Fact, p: &Fact) -> Option<&'a Fact> {
    let after = v.after(p, 80);
    let cue = cues("base")
        .iter()
        .find_map(|c| find_word(&after, c).map(|i| i + c.len()))?;
    let phrase: Vec<String> = words(&after[cue..]).into_iter().take(5).collect();
    if phrase.len() < 2 {
        return None;
    }
    let mut best: Option<(usize, &Fact)> = None;
    for w in v
        .facts
        .iter()
        .filter(|w| (w.location.block, w.location.start) < (x.location.block, x.location.start))
    {
        if w.kind != x.kind
            || !units_compatible(w.unit.as_deref(), x.unit.as_deref())
            || w.value < x.value
        {
            continue;
        }
        let before = v.before(w, 120);
        let Some(t) = before.rfind("tổng số") else {
            continue;
        };
        let label = words(&before[t + "tổng số".len()..]);
        let overlap = bigrams(&phrase).intersection(&bigrams(&label)).count();
        if overlap >= 1 && best.is_none_or(|(o, _)| overlap >= o) {
            best = Some((overlap, w));
        }
    }
    best.map(|(_, w)| w)
}

/// "24 cơ sở ..., trong đó có 03 cơ sở ..., chiếm 12,5%": the whole the "trong đó" divides.
fn trong_do_base<'a>(v: &DocView<'a>, x: &Fact) -> Option<&'a Fact> {
    let before = v.before(x, 200);
    let cue = cues("subset")
        .iter()
        .filter_map(|c| crate::audit::view::rfind_word(&before, c))
        .max()?;
    let cue_abs = x.location.start as usize - before[cue..].chars().count();
    let sent = v.sentence_facts(x);
    sent.into_iter()
        .rev()
        .filter(|w| (w.location.end as usize) <= cue_abs)
        .find(|w| w.kind == x.kind && !v.is_comparative(w))
        .filter(|w| {
            units_compatible(w.unit.as_deref(), x.unit.as_deref())
                && w.qualifier == Qualifier::Exact
        })
}

/// Checks `p` against part / whole.
fn against(
    v: &DocView,
    p: &Fact,
    facts: &[&Fact],
    part: Iv,
    whole: Option<Iv>,
    whole_raw: &str,
) -> Option<Finding> {
    let whole = whole?;
    let ratio = part.div(whole)?.scale(100.0);
    if ratio.meets(interval(p)) {
        return None;
    }
    let (pv, wv) = match facts {
        [f] => (f.value, f.denominator?),
        [a, b] => (a.value, b.value),
        _ => return None,
    };
    let exact = pv / wv * 100.0;
    let d = (p.decimals as usize).max(1);
    let mut all = facts.to_vec();
    all.push(p);
    let of = if whole_raw.is_empty() {
        String::new()
    } else {
        format!(" of \"{whole_raw}\"")
    };
    Some(finding(
        "share",
        Severity::Error,
        v,
        &all,
        Some(round_to(exact, d + 1)),
        Some(p.value),
        format!(
            "{} / {} = {} % ≠ {} %",
            vn_auto(pv, 3),
            vn_auto(wv, 3),
            vn(exact, d + 1),
            vn_auto(p.value, 3)
        ),
        format!(
            "The share \"{}\"{of} does not match its figures: {} out of {} is {} %.",
            p.raw,
            vn_auto(pv, 3),
            vn_auto(wv, 3),
            vn(exact, d)
        ),
    ))
}

/// GRIM: a count x stated as y% of an unnamed whole needs a whole number of things as the base.
fn grim(v: &DocView, x: &Fact, p: &Fact) -> Option<Finding> {
    if p.value <= 0.0 || p.value > 100.0 {
        return None;
    }
    exactish(p.qualifier)?;
    // Rounded or truncated, but one way for both ends of a range.
    let bases = |trunc: bool| -> Option<Option<Iv>> {
        let lo_pct = written_pct(p.value, p.decimals, trunc);
        let base_lo = Iv::point(x.value).div(lo_pct.scale(0.01))?;
        Some(match (x.qualifier, p.qualifier) {
            (Qualifier::Exact, Qualifier::Exact) => Some(base_lo),
            (Qualifier::Range, Qualifier::Range) => {
                let hi_pct = written_pct(p.max?, p.decimals, trunc);
                let base_hi = Iv::point(x.max?).div(hi_pct.scale(0.01))?;
                base_lo.intersect(base_hi)
            }
            _ => return None,
        })
    };
    let (round_base, trunc_base) = (bases(false)?, bases(true)?);
    match (round_base, trunc_base) {
        (Some(b), _) if b.holds_integer() => return None,
        (_, Some(b)) if b.holds_integer() => return None,
        (Some(_), _) | (None, Some(_)) => {}
        (None, None) => {
            return Some(finding(
                "share",
                Severity::Error,
                v,
                &[x, p],
                None,
                Some(p.value),
                format!(
                    "{} / {} % = {}; {} / {} % = {}: no single base",
                    vn_auto(x.value, 0),
                    vn_auto(p.value, 2),
                    vn(x.value / p.value * 100.0, 1),
                    vn_auto(x.max?, 0),
                    vn_auto(p.max?, 2),
                    vn(x.max? / p.max? * 100.0, 1)
                ),
                format!(
                    "\"{}\" cannot be \"{}\" of one and the same whole: the low ends need a base of about {}, the high ends about {}.",
                    x.raw,
                    p.raw,
                    vn(x.value / p.value * 100.0, 0),
                    vn(x.max? / p.max? * 100.0, 0)
                ),
            ));
        }
    }
    let n = (x.value / p.value * 100.0).floor();
    let around = [n, n + 1.0]
        .iter()
        .filter(|b| **b >= x.value && **b > 0.0)
        .map(|b| {
            format!(
                "{}/{} = {} %",
                vn_auto(x.value, 0),
                vn_auto(*b, 0),
                vn(x.value / b * 100.0, (p.decimals as usize).max(1))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(finding(
        "share",
        Severity::Error,
        v,
        &[x, p],
        None,
        Some(p.value),
        format!(
            "{} / {} % = {}, not a whole number ({})",
            vn_auto(x.value, 0),
            vn_auto(p.value, 2),
            vn(x.value / p.value * 100.0, 2),
            around
        ),
        format!(
            "\"{}\" cannot be \"{}\" of any whole number of {}: the base would be {}.",
            x.raw,
            p.raw,
            x.unit.clone().unwrap_or_else(|| "things".into()),
            vn(x.value / p.value * 100.0, 2)
        ),
    ))
}

/// A percent as written, either rounded ([v − ½, v + ½]) or truncated ([v, v + 1)).
fn written_pct(v: f64, decimals: u8, trunc: bool) -> Iv {
    let step = 10f64.powi(-(decimals as i32));
    if trunc {
        Iv::new(v, v + step * 0.999_999)
    } else {
        Iv::new(v - step / 2.0, v + step / 2.0)
    }
}

fn exactish(q: Qualifier) -> Option<Qualifier> {
    match q {
        Qualifier::Exact | Qualifier::Range => Some(Qualifier::Exact),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;

    fn run(d: crate::model::DocumentRecord) -> Vec<Finding> {
        check(&DocView::new(&d))
    }

    fn party(share: &str, v: f64) -> crate::model::DocumentRecord {
        DocBuilder::new("seed.txt")
            .block("c) Tổng số đoàn viên Công đoàn: 237 người, đoàn viên nữ là 108.")
            .count("237 người", 237.0)
            .count("108", 108.0)
            .block(&format!("- Số đoàn viên là đảng viên 130 người, chiếm {share} trên tổng số đoàn viên và người lao động."))
            .count("130 người", 130.0)
            .pct(share, v)
            .build()
    }

    #[test]
    fn named_base() {
        // A4: 130 / 237 = 54,852 %.
        assert!(run(party("54,85%", 54.85)).is_empty());
        let f = run(party("58,45%", 58.45));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected, Some(54.852));
    }

    #[test]
    fn grim_on_targets() {
        // L3: 05 units at 30 % has no whole-number base.
        let d = DocBuilder::new("seed.txt")
            .block("- Tập thể lao động xuất sắc: 05 đơn vị, tỉ lệ 30% đơn vị trực thuộc.")
            .count("05 đơn vị", 5.0)
            .pct("30%", 30.0)
            .build();
        let f = run(d);
        assert_eq!(f.len(), 1, "{f:?}");
        // L2: 15 – 20 at 10 – 15 %: no single base. L1: 200 – 230 at 87 – 100 % holds (230).
        let d = DocBuilder::new("seed.txt")
            .block("- Chiến sĩ thi đua cấp cơ sở: từ 15 – 20 đồng chí, tỉ lệ 10 - 15%.")
            .count("từ 15 – 20 đồng chí", 15.0)
            .range(20.0)
            .pct("10 - 15%", 10.0)
            .range(15.0)
            .block("- Lao động tiến tiến: trên 200 – 230 đồng chí, tỉ lệ 87 - 100%.")
            .count("trên 200 – 230 đồng chí", 200.0)
            .range(230.0)
            .pct("87 - 100%", 87.0)
            .range(100.0)
            .build();
        let f = run(d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("15 – 20"));
    }

    #[test]
    fn fraction_and_rate() {
        let d = DocBuilder::new("x.txt")
            .block(
                "Kiểm tra 42/139 cơ quan, đơn vị (đạt tỷ lệ 30%); 78/137 thủ tục, đạt tỷ lệ 56,9%.",
            )
            .frac("42/139 cơ quan, đơn vị", 42.0, 139.0)
            .pct("30%", 30.0)
            .frac("78/137 thủ tục", 78.0, 137.0)
            .pct("56,9%", 56.9)
            .build();
        assert!(run(d).is_empty());
        let d = DocBuilder::new("x.txt")
            .block("Kiểm tra 42/139 cơ quan, đơn vị (đạt tỷ lệ 33%).")
            .frac("42/139 cơ quan, đơn vị", 42.0, 139.0)
            .pct("33%", 33.0)
            .build();
        assert_eq!(run(d).len(), 1);
    }

    #[test]
    fn plan_ratios_are_not_shares() {
        let d = DocBuilder::new("x.txt")
            .block(
                "Đã giải quyết việc làm cho 17.034 người (đạt 100,20% so với kế hoạch năm 2023).",
            )
            .count("17.034 người", 17034.0)
            .pct("100,20%", 100.2)
            .build();
        assert!(run(d).is_empty());
    }
}
