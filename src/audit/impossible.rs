//! Rule "impossible": figures no reading can make true. A share above 100 %, a fraction whose
//! part exceeds its whole ("19/17 chỉ tiêu"), a rank above its denominator ("thứ 22/21"), index
//! scores that do not fit their rank ("thứ 02/21 (96,58/910,10)": the runner-up would have a
//! tenth of the top score), and award counts above the units or staff the body has ("20 – 25
//! phòng, ban, đơn vị" honoured in a body of 12 phòng, đơn vị).

use std::sync::OnceLock;

use crate::audit::tolerance::{denominator_interval, interval, vn, vn_auto};
use crate::audit::view::{finding, unit_classes, DocView};
use crate::model::{Fact, Finding, Kind, Qualifier, Severity};

pub fn check(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in &v.facts {
        match f.kind {
            Kind::Percent => out.extend(share_above_100(v, f)),
            Kind::Fraction if !follows_rank(v, f) => out.extend(part_above_whole(v, f)),
            Kind::Rank => out.extend(part_above_whole(v, f)),
            _ => {}
        }
        if f.kind == Kind::Rank {
            out.extend(scores_after_rank(v, f));
        }
    }
    out.extend(awards(v));
    out
}

/// Scores in brackets right after a rank are judged with the rank (see `scores_after_rank`).
fn follows_rank(v: &DocView, f: &Fact) -> bool {
    v.sentence_facts(f)
        .into_iter()
        .rev()
        .find(|g| g.location.end <= f.location.start)
        .is_some_and(|r| r.kind == Kind::Rank && v.between(r, f).is_some_and(|g| g.trim() == "("))
}

fn share_above_100(v: &DocView, p: &Fact) -> Option<Finding> {
    if interval(p).lo <= 100.0 || p.qualifier == Qualifier::Range && p.value <= 100.0 {
        return None;
    }
    let before = v.before(p, 40);
    let mut share = ["chiếm", "tỷ lệ", "tỉ lệ", "tỷ trọng", "cơ cấu"]
        .iter()
        .any(|c| before.contains(c));
    let (s, e) = v.sentence_of(p.location.block, p.location.start as usize);
    let mut sentence = v.lower(p.location.block, s, e);
    // A table cell: its row label says what the figure is ("Tỷ lệ UBND cấp xã đã hoàn thành ...").
    if let Some(crate::model::BlockKind::Cell(pos)) =
        v.block(p.location.block).map(|b| &b.block.kind)
    {
        if let Some(label) = &pos.row_label {
            let l = label.to_lowercase();
            share |= l.trim_start().starts_with("tỷ lệ") || l.trim_start().starts_with("tỉ lệ");
            sentence.push(' ');
            sentence.push_str(&l);
        }
    }
    let comparison = [
        "so với",
        "kế hoạch",
        "tăng",
        "giảm",
        "vượt",
        "cùng kỳ",
        "dự toán",
        "bằng",
        "chỉ tiêu",
        "tốc độ",
    ]
    .iter()
    .any(|c| sentence.contains(c));
    if !share || comparison {
        return None;
    }
    Some(finding(
        "impossible",
        Severity::Error,
        v,
        &[p],
        Some(100.0),
        Some(p.value),
        format!("{} % > 100 %", vn_auto(p.value, 3)),
        format!(
            "\"{}\" is given as a share, and a share cannot be above 100 %.",
            p.raw
        ),
    ))
}

fn part_above_whole(v: &DocView, f: &Fact) -> Option<Finding> {
    let d = denominator_interval(f)?;
    let den = f.denominator?;
    if interval(f).lo <= d.hi || f.value <= den {
        return None;
    }
    // "tăng 54 vụ (209/155)" is this year against last year, not a part of a whole: only a
    // fraction that counts something ("19/17 chỉ tiêu"), outside a comparison, is judged.
    if f.kind == Kind::Fraction {
        let (s, e) = v.sentence_of(f.location.block, f.location.start as usize);
        let sentence = v.lower(f.location.block, s, e);
        let compared = ["tăng", "giảm", "so với", "so cùng kỳ"]
            .iter()
            .any(|c| crate::audit::view::find_word(&sentence, c).is_some());
        if f.unit.is_none() || compared {
            return None;
        }
    }
    let (what, msg) = if f.kind == Kind::Rank {
        (
            "rank",
            format!(
                "\"{}\": a position cannot be above the number ranked ({}).",
                f.raw,
                vn_auto(den, 3)
            ),
        )
    } else {
        // "552.693/513.672 hồ sơ (đạt 92,94%)": the rate beside it may show the two are swapped.
        let swapped = v
            .sentence_facts(f)
            .into_iter()
            .find(|p| p.kind == Kind::Percent && p.location.start >= f.location.end)
            .filter(|p| interval(p).contains(den / f.value * 100.0));
        let note = match swapped {
            Some(p) => format!(
                " Read the other way round, {} / {} = {} %, the rate given beside it (\"{}\"): the two numbers are swapped.",
                vn_auto(den, 3),
                vn_auto(f.value, 3),
                vn(den / f.value * 100.0, 2),
                p.raw
            ),
            None => String::new(),
        };
        (
            "fraction",
            format!(
                "\"{}\": the part is larger than the whole it is counted out of.{note}",
                f.raw
            ),
        )
    };
    Some(finding(
        "impossible",
        Severity::Error,
        v,
        &[f],
        Some(den),
        Some(f.value),
        format!("{what} {} > {}", vn_auto(f.value, 3), vn_auto(den, 3)),
        msg,
    ))
}

/// "đứng thứ 02/21 (96,58/910,10 ...)": own score / top score in brackets after a rank.
fn scores_after_rank(v: &DocView, r: &Fact) -> Option<Finding> {
    let next = v
        .sentence_facts(r)
        .into_iter()
        .find(|f| f.location.start >= r.location.end)?;
    if next.kind != Kind::Fraction || v.between(r, next)?.trim() != "(" {
        return None;
    }
    let (own, top) = (next.value, next.denominator?);
    let (pos, of) = (r.value, r.denominator?);
    if top <= 0.0 || own <= 0.0 {
        return None;
    }
    let ratio = own / top * 100.0;
    if pos > 1.0 && own > top {
        return Some(finding(
            "impossible",
            Severity::Error,
            v,
            &[r, next],
            None,
            Some(own),
            format!(
                "rank {}/{}, own score {} > top score {}",
                vn_auto(pos, 0),
                vn_auto(of, 0),
                vn_auto(own, 3),
                vn_auto(top, 3)
            ),
            format!(
                "\"{}\" is not first, yet its score {} is above the top score {}.",
                r.raw,
                vn_auto(own, 3),
                vn_auto(top, 3)
            ),
        ));
    }
    if pos <= of / 2.0 && ratio < 50.0 {
        let scale = if own <= 100.0 && top > 100.0 {
            " The own score is on a 100-point scale, and the top score is above 100."
        } else {
            ""
        };
        return Some(finding(
            "impossible",
            Severity::Error,
            v,
            &[r, next],
            None,
            Some(top),
            format!("{} / {} = {} %, for rank {} of {}", vn_auto(own, 3), vn_auto(top, 3), vn(ratio, 1), vn_auto(pos, 0), vn_auto(of, 0)),
            format!(
                "Ranked {} of {}, the score {} would be only {} % of the top score {}: the top score is likely mistyped.{scale}",
                vn_auto(pos, 0),
                vn_auto(of, 0),
                vn_auto(own, 3),
                vn(ratio, 1),
                vn_auto(top, 3)
            ),
        ));
    }
    None
}

/// Emulation titles and the whole they are counted out of (`rules/awards.tsv`).
fn award_cues() -> &'static [(String, String)] {
    static T: OnceLock<Vec<(String, String)>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("rules/awards.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                l.split_once('\t')
                    .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            })
            .collect()
    })
}

/// The body's staff ("Tổng số công chức, viên chức và người lao động ... 237 người") and units
/// ("Tổ chức bộ máy của Sở có 12 phòng, đơn vị").
fn wholes<'a>(v: &DocView<'a>) -> (Option<&'a Fact>, Option<&'a Fact>) {
    let mut staff: Option<&Fact> = None;
    let mut units: Option<&Fact> = None;
    for f in &v.facts {
        if f.kind != Kind::Count || f.qualifier != Qualifier::Exact {
            continue;
        }
        let classes = unit_classes(f.unit.as_deref().unwrap_or(""));
        let before = v.before(f, 160);
        if classes.contains(&"person")
            && before.contains("tổng số")
            && [
                "công chức",
                "viên chức",
                "người lao động",
                "đoàn viên",
                "cán bộ",
            ]
            .iter()
            .any(|w| before.contains(w))
            && staff.is_none_or(|s| f.value > s.value)
        {
            staff = Some(f);
        }
        if classes.contains(&"unit")
            && units.is_none()
            && (before.contains("bộ máy") || before.contains("đơn vị trực thuộc"))
        {
            units = Some(f);
        }
    }
    (staff, units)
}

fn awards(v: &DocView) -> Vec<Finding> {
    let (staff, units) = wholes(v);
    let mut out = Vec::new();
    for f in &v.facts {
        if f.kind != Kind::Count {
            continue;
        }
        let before = v.before(f, 60);
        let clause = before.rsplit([';', '.', '(']).next().unwrap_or("");
        let Some((whole_kind, cue)) = award_cues()
            .iter()
            .find(|(_, c)| clause.contains(c.as_str()))
        else {
            continue;
        };
        let classes = unit_classes(f.unit.as_deref().unwrap_or(""));
        let whole = match whole_kind.as_str() {
            "units" if classes.contains(&"unit") => units,
            "individuals" if classes.contains(&"person") => staff,
            _ => None,
        };
        let Some(w) = whole else { continue };
        if w.id == f.id || f.value <= w.value {
            continue;
        }
        out.push(finding(
            "impossible",
            Severity::Warning,
            v,
            &[w, f],
            Some(w.value),
            Some(f.value),
            format!("{} > {}", vn_auto(f.value, 0), vn_auto(w.value, 0)),
            format!(
                "\"{}\" for \"{}\" is more than the {} the report gives (\"{}\"), unless units or people outside it count.",
                f.raw,
                cue,
                if whole_kind == "units" { "units" } else { "staff" },
                w.raw
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;

    #[test]
    fn scores_after_ranks() {
        // H5, H6, H7 hold; H8 does not.
        let d = DocBuilder::new("seed.txt")
            .block("+ Chỉ số cải cách hành chính: năm 2023 đứng thứ 6/21 (88,954/92,617 sở, ngành xếp loại tốt).")
            .rank("đứng thứ 6/21", 6.0, 21.0)
            .frac("88,954/92,617", 88.954, 92.617)
            .block("+ Chỉ số năng lực cạnh tranh: Năm 2023 đứng thứ 21/23 (73,71/85,16 sở, ngành).")
            .rank("đứng thứ 21/23", 21.0, 23.0)
            .frac("73,71/85,16", 73.71, 85.16)
            .block("+ Chỉ số hài lòng người dân, doanh nghiệp: Năm 2023 đứng thứ 13/17 (8,623/9,492 sở, ngành).")
            .rank("đứng thứ 13/17", 13.0, 17.0)
            .frac("8,623/9,492", 8.623, 9.492)
            .block("- Xây dựng và phát triển chính quyền điện tử, chính quyền số: Năm 2023 đứng thứ 02/21 (96,58/910,10 sở, ngành).")
            .rank("đứng thứ 02/21", 2.0, 21.0)
            .frac("96,58/910,10", 96.58, 910.1)
            .build();
        let f = check(&DocView::new(&d));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].stated, Some(910.1));
        assert!(f[0].arithmetic.contains("10,6 %"), "{}", f[0].arithmetic);
    }

    #[test]
    fn shares_fractions_ranks() {
        let d = DocBuilder::new("x.txt")
            .block("Số đoàn viên là đảng viên 130 người, chiếm 154,85% trên tổng số đoàn viên.")
            .count("130 người", 130.0)
            .pct("154,85%", 154.85)
            .block("Đã hoàn thành 19/17 chỉ tiêu; đứng thứ 22/21.")
            .frac("19/17 chỉ tiêu", 19.0, 17.0)
            .rank("đứng thứ 22/21", 22.0, 21.0)
            .block("Giải quyết việc làm cho 17.034 người (đạt 100,20% so với kế hoạch năm 2023); tỷ lệ thu đạt 120% dự toán.")
            .count("17.034 người", 17034.0)
            .pct("100,20%", 100.2)
            .pct("120%", 120.0)
            .build();
        let f = check(&DocView::new(&d));
        assert_eq!(f.len(), 3, "{f:?}");
    }

    #[test]
    fn a_fraction_upside_down() {
        let d = DocBuilder::new("par.docx")
            .block("- Tỷ lệ hồ sơ thanh toán trực tuyến: 552.693/513.672 hồ sơ (đạt 92,94%).")
            .frac("552.693/513.672 hồ sơ", 552693.0, 513672.0)
            .pct("92,94%", 92.94)
            .build();
        let f = check(&DocView::new(&d));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("swapped"), "{}", f[0].message);
    }

    #[test]
    fn awards_against_units_and_staff() {
        // L4 fails; K1 – K3, the other 2024 targets hold.
        let d = DocBuilder::new("seed.txt")
            .block("a) Tổ chức bộ máy của Sở có 12 phòng, đơn vị (06 phòng, Văn phòng Sở, Thanh tra Sở và 04 trung tâm thuộc Sở).")
            .count("12 phòng, đơn vị", 12.0)
            .count("06 phòng", 6.0)
            .count("04 trung tâm", 4.0)
            .block("b) Tổng số công chức, viên chức và người lao động (CCVC, NLĐ) toàn Sở là: 237 người.")
            .count("237 người", 237.0)
            .block("Công nhận các danh hiệu: “Tập thể Lao động tiên tiến” đối với 12 tập thể; “Lao động tiên tiến” đối với 228 cá nhân; “Chiến sĩ thi đua cơ sở” đối với 31 cá nhân.")
            .count("12 tập thể", 12.0)
            .count("228 cá nhân", 228.0)
            .count("31 cá nhân", 31.0)
            .block("- Tập thể lao động xuất sắc: 05 đơn vị, tỉ lệ 30% đơn vị trực thuộc.")
            .count("05 đơn vị", 5.0)
            .pct("30%", 30.0)
            .block("- Tập thể lao động tiến tiến: 20 – 25 phòng, ban, đơn vị.")
            .count("20 – 25 phòng, ban, đơn vị", 20.0)
            .range(25.0)
            .block("- Lao động tiến tiến: trên 200 – 230 đồng chí, tỉ lệ 87 - 100%.")
            .count("trên 200 – 230 đồng chí", 200.0)
            .range(230.0)
            .pct("87 - 100%", 87.0)
            .range(100.0)
            .build();
        let f = check(&DocView::new(&d));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].stated, Some(20.0));
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
