//! Rule "implausible amount": money per counted item off by orders of magnitude. "62.513 suất
//! quà ... với tổng kinh phí hơn 18,173 triệu đồng" is 290 đồng a gift; read with "." grouping
//! thousands (18.173 triệu) it is 290.708 đồng, the usual gift. The plausible band per item is
//! in `rules/amounts.tsv`; a figure that fits only at ×1000 or ÷1000 is a likely unit slip.

use std::sync::OnceLock;

use crate::audit::tolerance::{vn, vn_auto};
use crate::audit::view::{cues, finding, DocView};
use crate::model::{Finding, Kind, Severity};

/// (noun, min, max) per item, in đồng.
fn bands() -> &'static [(String, f64, f64)] {
    static T: OnceLock<Vec<(String, f64, f64)>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("rules/amounts.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut it = l.split('\t');
                let noun = it.next()?.trim().to_string();
                let lo = it.next()?.trim().parse().ok()?;
                let hi = it.next()?.trim().parse().ok()?;
                Some((noun, lo, hi))
            })
            .collect()
    })
}

fn band(unit: &str) -> Option<(f64, f64)> {
    let u = unit.to_lowercase();
    bands()
        .iter()
        .find(|(n, _, _)| u == *n || u.contains(n.as_str()))
        .map(|(_, a, b)| (*a, *b))
}

pub fn check(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for m in &v.facts {
        if m.kind != Kind::Money
            || m.per.is_some()
            || m.unit.as_deref() != Some("VND")
            || m.value <= 0.0
        {
            continue;
        }
        let sent = v.sentence_facts(m);
        let Some(c) = sent
            .iter()
            .rev()
            .filter(|f| f.location.end <= m.location.start)
            .find(|f| f.kind != Kind::Percent)
            .copied()
        else {
            continue;
        };
        if c.kind != Kind::Count || c.value <= 0.0 {
            continue;
        }
        let Some(gap) = v.between(c, m) else { continue };
        if !cues("money_link").iter().any(|l| gap.contains(l.as_str())) || gap.chars().count() > 120
        {
            continue;
        }
        let Some((lo, hi)) = c.unit.as_deref().and_then(band) else {
            continue;
        };
        let per = m.value / c.value;
        // "hơn", "khoảng": the per-item figure may be off by a small factor; only orders matter.
        let slack = 2.0;
        if per * slack >= lo && per / slack <= hi {
            continue;
        }
        let readings: Vec<(f64, &str)> = vec![(1000.0, "×1.000"), (0.001, "÷1.000")];
        let fits = readings.iter().find(|(k, _)| {
            let p = per * k;
            p >= lo && p <= hi
        });
        let unit = c.unit.clone().unwrap_or_default();
        let (severity, note) = match fits {
            Some((k, label)) => (
                Severity::Warning,
                format!(" Read {label} ({} đồng), it is {} đồng per {unit}, which is plausible: a unit slip.", vn_auto(m.value * k, 0), vn(per * k, 0)),
            ),
            None => (Severity::Error, String::new()),
        };
        out.push(finding(
            "implausible_amount",
            severity,
            v,
            &[c, m],
            Some(if per < lo { lo } else { hi }),
            Some(per),
            format!("{} đồng / {} {} = {} đồng per {}", vn_auto(m.value, 0), vn_auto(c.value, 0), unit, vn(per, if per < 1000.0 { 1 } else { 0 }), unit),
            format!(
                "\"{}\" for \"{}\" is {} đồng per {unit}, outside the plausible {} – {} đồng.{note}",
                m.raw,
                c.raw,
                vn(per, if per < 1000.0 { 1 } else { 0 }),
                vn_auto(lo, 0),
                vn_auto(hi, 0)
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
    fn gifts_at_290_dong() {
        // E1 fails (unit slip); F2, G3, G4 are plausible.
        let d = DocBuilder::new("seed.txt")
            .block("Nhân các hoạt kỷ niệm 76 năm ngày Thương binh - Liệt sĩ trên địa bàn tỉnh đã có hơn 62.513 suất quà được trao tặng đến người có công và gia đình người có công với tổng kinh phí hơn 18,173 triệu đồng.")
            .count("hơn 62.513 suất quà", 62513.0)
            .money("hơn 18,173 triệu đồng", 18173000.0)
            .block("Tập trung hỗ trợ đào tạo nghề, giải quyết việc làm cho thanh niên hoàn thành nghĩa vụ quân sự, nghĩa vụ công an, thanh niên tình nguyện cho 437 người, kinh phí là 4.992 triệu đồng.")
            .count("437 người", 437.0)
            .money("4.992 triệu đồng", 4992e6)
            .block("Thực hiện trợ cấp xã hội cho 60.834 đối tượng bảo trợ xã hội hưởng chính sách tại cộng đồng với kinh phí thực hiện hàng tháng hơn 32 tỷ đồng.")
            .count("60.834 đối tượng", 60834.0)
            .money("hơn 32 tỷ đồng", 32e9)
            .block("Phối hợp tổ chức trao hơn 5.000 phần quà, suất học bổng có giá trị cho trên 3.000 lượt trẻ em có hoàn cảnh khó khăn, với số tiền trao tặng trên 6 tỷ đồng.")
            .count("hơn 5.000 phần quà, suất học bổng", 5000.0)
            .count("trên 3.000 lượt trẻ em", 3000.0)
            .money("trên 6 tỷ đồng", 6e9)
            .build();
        let f = check(&DocView::new(&d));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("290.708"), "{}", f[0].message);
    }
}
