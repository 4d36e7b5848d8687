//! Rule "plan ratio": "17.034 người (đạt 100,20% so với kế hoạch năm 2023)" against the actual
//! and the plan, when the plan is stated: as a target of the same report, or of an earlier report
//! of the same body ("Giải quyết việc làm cho 17.000 lao động" among the 2023 targets).
//! Without a stated plan nothing is said: the implied plan (17.034 / 1,002 = 17.000) is no check.

use crate::audit::tolerance::{interval, round_to, vn, vn_auto};
use crate::audit::view::{additive, cues, finding, similarity, units_compatible, DocView};
use crate::model::{Fact, Finding, Kind, Severity, Status};

/// Minimum share of the subject's word pairs a plan must have in common with the actual.
const MIN_SIMILARITY: f64 = 0.5;

pub fn check(v: &DocView, all: &[DocView]) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &v.facts {
        if p.kind != Kind::Percent {
            continue;
        }
        let Some(mode) = plan_mode(v, p) else {
            continue;
        };
        let Some(a) = actual_before(v, p) else {
            continue;
        };
        let Some((dv, plan)) = find_plan(v, a, all) else {
            continue;
        };
        let ratio = interval(a).div(interval(plan)).map(|r| r.scale(100.0));
        let excess = ratio.map(|r| r.sub(crate::audit::tolerance::Iv::point(100.0)));
        let (fits, other) = match mode {
            Mode::Reached => (ratio, excess),
            Mode::Exceeded => (excess, ratio),
        };
        let Some(fits) = fits else { continue };
        if fits.meets(interval(p)) {
            continue;
        }
        let exact = a.value / plan.value * 100.0;
        let shown = if mode == Mode::Exceeded {
            exact - 100.0
        } else {
            exact
        };
        let d = (p.decimals as usize).max(1) + 1;
        let other_fits = other.is_some_and(|o| o.meets(interval(p)));
        let severity = if other_fits {
            Severity::Warning
        } else {
            Severity::Error
        };
        let where_plan = if std::ptr::eq(dv.rec, v.rec) {
            "this report".to_string()
        } else {
            format!("\"{}\"", dv.path())
        };
        let mut f = finding(
            "plan_ratio",
            severity,
            v,
            &[a, p],
            Some(round_to(shown, d)),
            Some(p.value),
            match mode {
                Mode::Reached => format!("{} / {} = {} % ≠ {} %", vn_auto(a.value, 3), vn_auto(plan.value, 3), vn(exact, d), vn_auto(p.value, 3)),
                Mode::Exceeded => format!("{} / {} − 100 % = {} % ≠ {} %", vn_auto(a.value, 3), vn_auto(plan.value, 3), vn(shown, d), vn_auto(p.value, 3)),
            },
            format!(
                "\"{}\" against the plan \"{}\" (in {}) is {} % of the plan, not the stated \"{}\"{}.",
                a.raw,
                plan.raw,
                where_plan,
                vn(exact, d - 1),
                p.raw,
                if other_fits { " (the stated figure fits only if read the other way, as ratio vs. excess)" } else { "" }
            ),
        );
        f.facts.insert(1, dv.fref(plan));
        out.push(f);
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// "đạt X% so với kế hoạch": actual / plan.
    Reached,
    /// "vượt X% so với kế hoạch": actual / plan − 1.
    Exceeded,
}

/// Whether a percent is a ratio to plan: "đạt 100,20% so với kế hoạch", "vượt 5% kế hoạch".
fn plan_mode(v: &DocView, p: &Fact) -> Option<Mode> {
    let after = v.after(p, 30);
    let after = after.trim_start();
    if !cues("plan").iter().any(|c| after.starts_with(c.as_str())) {
        return None;
    }
    let before = v.before(p, 30);
    let before = before.trim_end().trim_start_matches('(');
    if cues("exceed").iter().any(|c| before.ends_with(c.as_str())) {
        return Some(Mode::Exceeded);
    }
    if cues("plan_verb")
        .iter()
        .any(|c| before.ends_with(c.as_str()))
    {
        return Some(Mode::Reached);
    }
    None
}

/// The actual figure the ratio is about: the nearest additive figure before it in the sentence.
fn actual_before<'a>(v: &DocView<'a>, p: &Fact) -> Option<&'a Fact> {
    v.sentence_facts(p)
        .into_iter()
        .rev()
        .filter(|f| f.location.end <= p.location.start)
        .find(|f| f.kind != Kind::Percent)
        .filter(|f| additive(f.kind) && !v.is_comparative(f) && f.status != Status::Target)
}

/// The year a fact is about: its own period, else the report's year.
pub(crate) fn year_of(v: &DocView, f: &Fact) -> Option<i32> {
    base_year(v, f).or(f.period).or(v.rec.metadata.report_year)
}

/// The year a comparison base is about, read from the text: "so với năm 2023 (1.339 đối
/// tượng)" is a 2023 figure whatever period extraction gave it.
pub(crate) fn base_year(v: &DocView, f: &Fact) -> Option<i32> {
    if let Some(&y) = v.base_years.borrow().get(&f.id) {
        return y;
    }
    let y = read_base_year(v, f);
    v.base_years.borrow_mut().insert(f.id.clone(), y);
    y
}

/// `base_year`, read from the text each time.
fn read_base_year(v: &DocView, f: &Fact) -> Option<i32> {
    let before = v.before(f, 40);
    let i = crate::audit::view::rfind_word(&before, "so với năm")?;
    let rest = before[i + "so với năm".len()..].trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let tail = rest[digits.len()..].trim();
    if digits.len() != 4
        || !(tail.is_empty() || tail == "(" || tail == "là" || tail == ":" || tail == "là:")
    {
        return None;
    }
    digits.parse().ok()
}

/// A target for the same thing and year, in this report or another of the same body. Only a
/// single clear best match counts.
fn find_plan<'d, 'a>(
    v: &DocView<'a>,
    a: &Fact,
    all: &'d [DocView<'a>],
) -> Option<(&'d DocView<'a>, &'a Fact)> {
    let year = year_of(v, a)?;
    let body = v.body();
    let mut best: Vec<(f64, &DocView, &Fact)> = Vec::new();
    for dv in all {
        let same = std::ptr::eq(dv.rec, v.rec);
        if !same && (body.is_none() || dv.body() != body) {
            continue;
        }
        for t in &dv.facts {
            if t.status != Status::Target || t.kind != a.kind || t.period != Some(year) {
                continue;
            }
            if !units_compatible(t.unit.as_deref(), a.unit.as_deref())
                || (a.kind == Kind::Money && t.unit != a.unit)
            {
                continue;
            }
            let sim = similarity(v, a, dv, t);
            if sim >= MIN_SIMILARITY {
                best.push((sim, dv, t));
            }
        }
    }
    best.sort_by(|x, y| y.0.total_cmp(&x.0));
    match best.as_slice() {
        [] => None,
        [(_, dv, t)] => Some((dv, t)),
        [(s1, dv, t), (s2, _, t2), ..] => {
            if s1 > s2 || t.value == t2.value {
                Some((dv, t))
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;
    use crate::model::DocumentRecord;

    const BODY: &str = "Công đoàn Sở Lao động Thương binh và Xã hội";

    fn plan_2022(jobs: &str, jobs_v: f64, abroad: &str, abroad_v: f64) -> DocumentRecord {
        DocBuilder::new("2022.txt")
            .body(BODY, 2022)
            .block(&format!("- Giải quyết việc làm cho {jobs}, trong đó đưa {abroad} đi làm việc ở nước ngoài theo hợp đồng."))
            .count(jobs, jobs_v)
            .with(|f| {
                f.status = Status::Target;
                f.period = Some(2023)
            })
            .count(abroad, abroad_v)
            .with(|f| {
                f.status = Status::Target;
                f.period = Some(2023)
            })
            .build()
    }

    fn seed() -> DocumentRecord {
        DocBuilder::new("seed.txt")
            .body(BODY, 2023)
            .block("Năm 2023, có 04/04 chỉ tiêu của Tỉnh ủy, HĐND tỉnh, UBND tỉnh giao cho Ngành Lao động, Người có công và Xã hội đều đạt và vượt kế hoạch đề ra: Đã giải quyết việc làm cho 17.034 người (đạt 100,20% so với kế hoạch năm 2023); trong đó, đưa lao động đi làm việc ở nước ngoài 2.325 lao động (đạt 116,25% so với kế hoạch năm 2023).")
            .frac("04/04 chỉ tiêu", 4.0, 4.0)
            .count("17.034 người", 17034.0)
            .with(|f| f.period = Some(2023))
            .pct("100,20%", 100.2)
            .count("2.325 lao động", 2325.0)
            .with(|f| f.period = Some(2023))
            .pct("116,25%", 116.25)
            .build()
    }

    fn run(docs: &[DocumentRecord]) -> Vec<Finding> {
        let views: Vec<DocView> = docs.iter().map(DocView::new).collect();
        views.iter().flat_map(|v| check(v, &views)).collect()
    }

    #[test]
    fn no_plan_no_finding() {
        assert!(run(&[seed()]).is_empty());
    }

    #[test]
    fn plan_from_the_previous_report() {
        // C1, C2 with the plans of the 2022 report: 17.034 / 17.000 = 100,20 %; 2.325 / 2.000 = 116,25 %.
        assert!(run(&[
            plan_2022("17.000 lao động", 17000.0, "2.000 người lao động", 2000.0),
            seed()
        ])
        .is_empty());
        let f = run(&[
            plan_2022("17.000 lao động", 17000.0, "2.100 người lao động", 2100.0),
            seed(),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].facts[0].fact, "f4");
        assert_eq!(f[0].expected, Some(110.714));
        assert_eq!(f[0].facts[1].document, "2022.txt");
    }
}
