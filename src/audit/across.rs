//! Rule "across documents": the same figure of the same body and year given differently in two
//! reports (a result restated as next year's base: "so với năm 2023 (1.339 đối tượng)" where the
//! 2023 report said 1.393), and a year's target against the next report's result, reported as
//! met or missed (severity info). Within one report: two targets for the same thing that
//! disagree, rule "restated" ("trên 95% ... (đạt lao động tiên tiến)" and "Lao động tiên tiến:
//! ... 87 - 100%").
//!
//! Documents are grouped by issuing body (its words, folded); figures are matched by metric key
//! when extraction gives one, else by the words around them, and only a single clear match counts.

use crate::audit::plan_ratio::{base_year, year_of};
use crate::audit::tolerance::{interval, vn_auto};
use crate::audit::view::{finding, fold, similarity, units_compatible, DocView};
use crate::model::{Fact, Finding, Kind, Qualifier, Severity, Status};
use std::collections::HashMap;

/// Minimum overlap of the words around two figures for them to be the same figure: strict for a
/// restatement (an error), looser for pairing a target with its result (a note).
const SAME_FIGURE: f64 = 0.75;
const SAME_TARGET: f64 = 0.5;

pub fn check(views: &[DocView]) -> Vec<Finding> {
    // Documents are paired within their body, and within their province and year, through an
    // index made once: pairing every document with every other one of an archive took time
    // with the square of its size.
    let mut by_body: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if let Some(body) = v.body() {
            by_body.entry(body).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (i, a) in views.iter().enumerate() {
        let Some(body) = a.body() else { continue };
        // (in input order, as the pairs were taken before)
        for &j in &by_body[body] {
            if i == j {
                continue;
            }
            let b = &views[j];
            // Restatements: look from the later report (b) back at the earlier (a), once per pair.
            let (ya, yb) = (a.rec.metadata.report_year, b.rec.metadata.report_year);
            if ya.is_some() && yb.is_some() && ya < yb || ya == yb && i < j {
                out.extend(restated(a, b));
            }
            out.extend(target_vs_result(a, b));
        }
    }
    let provinces: Vec<Option<String>> = views.iter().map(province).collect();
    let mut by_place: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if let (Some(p), Some(y)) = (provinces[i].as_deref(), v.rec.metadata.report_year) {
            by_place.entry((p, y)).or_default().push(i);
        }
    }
    for (i, a) in views.iter().enumerate() {
        let (Some(p), Some(y)) = (provinces[i].as_deref(), a.rec.metadata.report_year) else {
            continue;
        };
        for &j in by_place[&(p, y)].iter().filter(|&&j| j > i) {
            out.extend(fraction_restated(a, &views[j]));
        }
    }
    out
}

/// The province a report is about ("... tỉnh Lâm Đồng"), from its issuing body or title: the
/// reports of a province's bodies speak of the same inspections and counts.
fn province(v: &DocView) -> Option<String> {
    let m = &v.rec.metadata;
    let text = format!(
        "{} {}",
        m.issuing_body.as_deref().unwrap_or(""),
        m.title.as_deref().unwrap_or("")
    );
    let w = crate::audit::view::words(&text);
    let i = w.iter().position(|x| x == "tinh")?;
    let name: Vec<&str> = w[i + 1..].iter().take(2).map(String::as_str).collect();
    (name.len() == 2).then(|| name.join(" "))
}

/// The same count out of different wholes in two reports of one province and year: the
/// summary's "kiểm tra CCHC ... tại 42/42 cơ quan, đơn vị" against the indices report's "kiểm
/// tra 42/139 cơ quan đơn vị". Matched on the words of the whole sentence.
fn fraction_restated(a: &DocView, b: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    let (Some(pa), Some(pb)) = (province(a), province(b)) else {
        return out;
    };
    let (ya, yb) = (a.rec.metadata.report_year, b.rec.metadata.report_year);
    if pa != pb || ya.is_none() || ya != yb {
        return out;
    }
    let sentence_pairs = |v: &DocView, f: &Fact| {
        let w = crate::audit::view::words(&v.sentence_text(f));
        crate::audit::view::bigrams(&w)
    };
    for fa in a
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Fraction && f.unit.is_some())
    {
        let sa = sentence_pairs(a, fa);
        let mut hits = b.facts.iter().filter(|g| {
            g.kind == Kind::Fraction
                && g.value == fa.value
                && g.denominator != fa.denominator
                && units_compatible(fa.unit.as_deref(), g.unit.as_deref())
                && {
                    let sb = sentence_pairs(b, g);
                    let n = sa.intersection(&sb).count();
                    n >= 5 && n as f64 >= 0.4 * sa.len().min(sb.len()) as f64
                }
        });
        let (Some(g), None) = (hits.next(), hits.next()) else {
            continue;
        };
        let mut f = finding(
            "across_documents",
            Severity::Warning,
            a,
            &[fa],
            g.denominator,
            fa.denominator,
            format!("{} ({}) vs {} ({})", fa.raw, a.path(), g.raw, b.path()),
            format!(
                "The same count seems to be given out of different wholes: \"{}\" in {} and \"{}\" in {}.",
                fa.raw,
                a.path(),
                g.raw,
                b.path()
            ),
        );
        f.facts.push(b.fref(g));
        out.push(f);
    }
    out
}

/// The figure whose words say what `f` is about: a comparison base takes its subject from the
/// figure it is compared with ("1.450 đối tượng; tăng 57 ... so với năm 2023 (1.393 ...)").
fn subject_of<'a>(v: &DocView<'a>, f: &'a Fact) -> &'a Fact {
    if !v.is_comparative(f) {
        return f;
    }
    v.sentence_facts(f)
        .into_iter()
        .rev()
        .filter(|g| g.location.end <= f.location.start && g.kind == f.kind)
        .find(|g| !v.is_comparative(g))
        .unwrap_or(f)
}

fn same_thing(a: &DocView, fa: &Fact, b: &DocView, fb: &Fact, min: f64) -> Option<f64> {
    if fa.kind != fb.kind || matches!(fa.kind, Kind::Rank | Kind::Fraction) {
        return None;
    }
    if fa.kind == Kind::Money && fa.unit != fb.unit
        || fa.kind != Kind::Money && !units_compatible(fa.unit.as_deref(), fb.unit.as_deref())
    {
        return None;
    }
    let sim = similarity(a, subject_of(a, fa), b, subject_of(b, fb));
    // The same catalogue key is the same indicator (the words only break ties among several
    // figures of it); different keys are different indicators.
    // The catalogue is coarse ("thu ngân sách" of a commune and of a district share a key), so
    // a shared key only ranks the candidates; different keys rule a pair out.
    if let (Some(ma), Some(mb)) = (&fa.metric, &fb.metric) {
        return (ma == mb && sim >= min).then_some(1.0 + sim);
    }
    (sim >= min).then_some(sim)
}

/// The single best match of `f` among `cands`, if it is clearly the best.
fn best<'a>(
    a: &DocView,
    f: &Fact,
    b: &DocView<'a>,
    cands: impl Iterator<Item = &'a Fact>,
    min: f64,
) -> Option<&'a Fact> {
    let mut scored: Vec<(f64, &Fact)> = cands
        .filter_map(|g| same_thing(a, f, b, g, min).map(|s| (s, g)))
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0));
    match scored.as_slice() {
        [] => None,
        [(_, g)] => Some(g),
        [(s1, g), (s2, _), ..] => (s1 > s2).then_some(g),
    }
}

fn restated(a: &DocView, b: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for fa in a.facts.iter().filter(|f| {
        f.status == Status::Actual && f.qualifier == Qualifier::Exact && !a.is_comparative(f)
    }) {
        let Some(year) = year_of(a, fa) else { continue };
        let cands = b.facts.iter().copied().filter(|g| {
            g.status != Status::Target
                && (g.period.is_some() || base_year(b, g).is_some())
                && year_of(b, g) == Some(year)
                && g.qualifier == Qualifier::Exact
                && !b.is_difference(g)
        });
        let Some(fb) = best(a, fa, b, cands, SAME_FIGURE) else {
            continue;
        };
        // And back: fa must be fb's best match too.
        let back = a.facts.iter().copied().filter(|g| {
            g.status == Status::Actual && year_of(a, g) == Some(year) && !a.is_comparative(g)
        });
        if best(b, fb, a, back, SAME_FIGURE).map(|g| &g.id) != Some(&fa.id) {
            continue;
        }
        if interval(fa).meets(interval(fb)) {
            continue;
        }
        let mut f = finding(
            "across_documents",
            Severity::Error,
            b,
            &[fb],
            Some(fa.value),
            Some(fb.value),
            format!(
                "{} ({}) ≠ {} ({})",
                vn_auto(fb.value, 3),
                b.path(),
                vn_auto(fa.value, 3),
                a.path()
            ),
            format!(
                "The {} figure \"{}\" in {} was given as \"{}\" in {}.",
                year,
                fb.raw,
                b.path(),
                fa.raw,
                a.path()
            ),
        );
        f.facts.push(a.fref(fa));
        out.push(f);
    }
    out
}

fn target_vs_result(a: &DocView, b: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    // Targets and results in running text only: in budget tables the plan and the outturn
    // columns need the table's own reading.
    let in_text = |v: &DocView, f: &Fact| {
        v.block(f.location.block)
            .is_some_and(|b| !matches!(b.block.kind, crate::model::BlockKind::Cell(_)))
    };
    for t in a
        .facts
        .iter()
        .filter(|f| f.status == Status::Target && in_text(a, f))
    {
        if t.unit.as_deref().is_some_and(|u| u.contains("tuổi")) {
            continue;
        }
        let Some(year) = t.period else { continue };
        if a.rec.metadata.report_year.is_some_and(|y| y >= year)
            && b.rec.metadata.report_year.is_some_and(|y| y < year)
        {
            continue;
        }
        let cands = b.facts.iter().copied().filter(|g| {
            g.status == Status::Actual && year_of(b, g) == Some(year) && !b.is_comparative(g)
        });
        let Some(r) = best(a, t, b, cands, SAME_TARGET) else {
            continue;
        };
        // The same sentence repeated in a later report is the target restated, not a result;
        // a line that opens a list ("19 nhiệm vụ trọng tâm:") is a heading, not a result.
        let heading = |v: &DocView, f: &Fact| v.sentence_text(f).trim_end().ends_with(':');
        if !in_text(b, r) || window(a, t) == window(b, r) || heading(a, t) || heading(b, r) {
            continue;
        }
        let lower_better = matches!(t.qualifier, Qualifier::LessThan | Qualifier::AtMost)
            || a.before(t, 40).contains("giảm");
        let (ti, ri) = (interval(t), interval(r));
        let met = if t.qualifier == Qualifier::Range
            || ti.lo.is_finite() && ti.hi.is_finite() && t.qualifier != Qualifier::Exact
        {
            ti.meets(ri)
        } else if lower_better {
            ri.lo <= ti.hi
        } else {
            ri.hi >= ti.lo
        };
        let mut f = finding(
            "target_vs_result",
            Severity::Info,
            b,
            &[r],
            Some(t.value),
            Some(r.value),
            format!(
                "{} {} {} (target)",
                vn_auto(r.value, 3),
                if met { "meets" } else { "misses" },
                t.raw
            ),
            format!(
                "The {year} target \"{}\" ({}) was {}: the result is \"{}\".",
                t.raw,
                a.path(),
                if met { "met" } else { "missed" },
                r.raw
            ),
        );
        f.facts.push(a.fref(t));
        out.push(f);
    }
    out
}

/// The words around a figure (30 chars either side), for telling a repeated sentence.
fn window(v: &DocView, f: &Fact) -> String {
    let b = f.location.block;
    let s = (f.location.start as usize).saturating_sub(30);
    crate::audit::view::words(&v.lower(b, s, f.location.end as usize + 30)).join(" ")
}

/// The thing a target is for, as the text names it (lower case): "(đạt lao động tiên tiến)" after the
/// figure in its clause, or the label of a list item "- Lao động tiến tiến: ...".
fn term(v: &DocView, f: &Fact) -> Option<String> {
    let block = f.location.block;
    let after = v.lower(block, f.location.end as usize, v.block_len(block));
    let clause = after.split([',', ';']).next().unwrap_or("");
    // "trên 95% hoàn thành tốt nhiệm vụ (đạt lao động tiên tiến)": the title it is counted as.
    if let (Some(o), Some(c)) = (clause.find("(đạt "), clause.find(')')) {
        if o < c {
            let t = clause[o + "(đạt ".len()..c].trim();
            return Some(t.to_string())
                .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 8);
        }
    }
    // "- Lao động tiến tiến: trên 200 – 230 đồng chí, tỉ lệ 87 - 100%": the item's label, from the
    // start of the sentence to its colon.
    let (s, _) = v.sentence_of(block, f.location.start as usize);
    let head = v.lower(block, s, f.location.start as usize);
    let colon = head.find(':')?;
    let label = head[..colon]
        .trim()
        .trim_start_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
    let label = match label.split_once(") ") {
        Some((k, rest)) if k.chars().count() <= 2 => rest,
        _ => label,
    };
    let label = label.trim();
    let is_cue = ["trong đó", "gồm", "bao gồm", "cụ thể", "như sau", "kết quả"]
        .iter()
        .any(|c| label.starts_with(c));
    (!label.is_empty() && !is_cue && !label.contains('(') && label.split_whitespace().count() <= 8)
        .then(|| label.to_string())
}

/// Two targets for the same thing and year in one report that disagree.
pub fn check_within(v: &DocView) -> Vec<Finding> {
    let targets: Vec<(&Fact, String)> = v
        .facts
        .iter()
        .filter(|f| f.status == Status::Target && f.kind == Kind::Percent)
        .filter_map(|f| term(v, f).map(|t| (*f, t)))
        .collect();
    let mut out = Vec::new();
    for (i, (a, ta)) in targets.iter().enumerate() {
        for (b, tb) in &targets[i + 1..] {
            if fold(ta) != fold(tb) || a.period != b.period || a.location.block == b.location.block
            {
                continue;
            }
            let (ia, ib) = (interval(a), interval(b));
            if ia.lo == ib.lo && ia.hi == ib.hi {
                continue;
            }
            out.push(finding(
                "restated",
                Severity::Warning,
                v,
                &[a, b],
                Some(a.value),
                Some(b.value),
                format!("{} vs {}", a.raw, b.raw),
                format!(
                    "Two targets for \"{}\" in this report disagree: \"{}\" and \"{}\".",
                    ta, a.raw, b.raw
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;
    use crate::model::DocumentRecord;

    const BODY: &str = "Công đoàn Sở Lao động - Thương binh và Xã hội";

    fn seed() -> DocumentRecord {
        DocBuilder::new("seed.txt")
            .body(BODY, 2023)
            .block("Các cơ sở hiện đang nuôi dưỡng 1.393 đối tượng là trẻ em, người cao tuổi, người khuyết tật, đối tượng khác; tăng 67 đối tượng so với năm 2022 (1.326 đối tượng).")
            .count("1.393 đối tượng", 1393.0)
            .with(|f| f.period = Some(2023))
            .count("67 đối tượng", 67.0)
            .with(|f| f.period = Some(2023))
            .count("1.326 đối tượng", 1326.0)
            .with(|f| {
                f.period = Some(2022);
                f.status = Status::Reference
            })
            .block("- Tỷ lệ lao động qua đào tạo đạt 72,5%.")
            .pct("72,5%", 72.5)
            .with(|f| {
                f.period = Some(2024);
                f.status = Status::Target
            })
            .build()
    }

    fn next(base: &str, bv: f64, trained: &str, tv: f64) -> DocumentRecord {
        DocBuilder::new("2024.txt")
            .body("CÔNG ĐOÀN SỞ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI", 2024)
            .block(&format!("Các cơ sở hiện đang nuôi dưỡng 1.450 đối tượng là trẻ em, người cao tuổi, người khuyết tật, đối tượng khác; tăng 57 đối tượng so với năm 2023 ({base})."))
            .count("1.450 đối tượng", 1450.0)
            .with(|f| f.period = Some(2024))
            .count("57 đối tượng", 57.0)
            .count(base, bv)
            .with(|f| {
                f.period = Some(2023);
                f.status = Status::Reference
            })
            .block(&format!("Tỷ lệ lao động qua đào tạo đạt {trained}, vượt chỉ tiêu kế hoạch đề ra."))
            .pct(trained, tv)
            .with(|f| f.period = Some(2024))
            .build()
    }

    fn run(docs: &[DocumentRecord]) -> Vec<Finding> {
        let views: Vec<DocView> = docs.iter().map(DocView::new).collect();
        check(&views)
    }

    #[test]
    fn restated_base_and_target() {
        let f = run(&[seed(), next("1.393 đối tượng", 1393.0, "72,9%", 72.9)]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].rule.as_str(), f[0].severity),
            ("target_vs_result", Severity::Info)
        );
        assert!(f[0].message.contains("was met"));
        let f = run(&[seed(), next("1.339 đối tượng", 1339.0, "72,1%", 72.1)]);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().any(|x| x.rule == "across_documents"
            && x.stated == Some(1339.0)
            && x.expected == Some(1393.0)));
        assert!(f
            .iter()
            .any(|x| x.rule == "target_vs_result" && x.message.contains("missed")));
    }

    #[test]
    fn one_inspection_two_wholes() {
        // Issue 4: the summary's 42/42 against the indices report's 42/139.
        let summary = DocBuilder::new("tomtat.docx")
            .body("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", 2025)
            .block("Công tác kiểm tra CCHC được triển khai nghiêm túc, toàn diện tại 42/42 cơ quan, đơn vị, địa phương.")
            .frac("42/42 cơ quan, đơn vị", 42.0, 42.0)
            .build();
        let indices = |den: f64, raw: &str| {
            DocBuilder::new("chiso.docx")
                .body("UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ", 2025)
                .block(&format!("Công tác kiểm tra cải cách hành chính đã hoàn thành 100% kế hoạch đề ra, theo đó, đã tổ chức kiểm tra {raw} đơn vị, địa phương, đạt tỷ lệ 30%."))
                .frac(raw, 42.0, den)
                .build()
        };
        let f = run(&[indices(139.0, "42/139 cơ quan"), summary.clone()]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].rule.as_str(), f[0].severity),
            ("across_documents", Severity::Warning)
        );
        assert!(run(&[indices(42.0, "42/42 cơ quan"), summary]).is_empty());
    }

    #[test]
    fn two_targets_for_one_thing() {
        // L5.
        let d = DocBuilder::new("seed.txt")
            .block("- 100% CBCCVC-LĐ hoàn thành nhiệm vụ, trên 95% hoàn thành tốt nhiệm vụ (đạt lao động tiên tiến), trong đó có trên 15% hoàn thành xuất sắc nhiệm vụ.")
            .pct("100%", 100.0)
            .pct("trên 95%", 95.0)
            .pct("trên 15%", 15.0)
            .block("- Lao động tiến tiến: trên 200 – 230 đồng chí, tỉ lệ 87 - 100%.")
            .count("trên 200 – 230 đồng chí", 200.0)
            .range(230.0)
            .pct("87 - 100%", 87.0)
            .range(100.0)
            .build();
        let mut d = d;
        for f in &mut d.facts {
            f.status = Status::Target;
            f.period = Some(2024);
        }
        let f = check_within(&DocView::new(&d));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
