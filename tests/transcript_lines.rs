//! A .txt transcript of a PDF: sentences hard-wrapped into lines (each line a block), so a
//! figure's unit, upper bound or year word may stand on the next or the previous line. The
//! expected figures were read from the text by hand.

use solieu::model::{Fact, Format, Kind, Qualifier};
use solieu::pipeline::{process_bytes, Options};

fn facts(text: &str) -> Vec<Fact> {
    let rec = process_bytes(
        "transcript.txt",
        text.as_bytes(),
        Format::Txt,
        &Options::default(),
    );
    assert!(rec.error.is_none(), "{:?}", rec.error);
    rec.facts
}

fn has(facts: &[Fact], kind: Kind, value: f64, max: Option<f64>) -> bool {
    facts
        .iter()
        .any(|f| f.kind == kind && f.value == value && f.max == max)
}

const TEXT: &str = "\
Giá trị sản xuất bình quân trên một ha canh tác đã tăng từ 15, 3 triệu đồng (năm 2000) lên 19,4 triệu đồng (năm 2003) và trên 20
triệu đồng/ha năm 2004. Giá trị gia tăng của ngành công nghiệp tăng khoảng 10-
10,5%. Tổng giá trị giải ngân ODA năm 2004 ước đạt 1.490 triệu
USD, bằng 95,5% kế hoạch; xuất khẩu bình quân đầu người năm 2004 đạt trên 305
USD/người, vốn đầu tư xây dựng và chiếm 44,2% tổng vốn, tăng 18
- 20%; giao thông vận tải chiếm 12,3% tổng vốn, tăng kế hoạch phát triển năm
2004.
1 GDP theo giá hiện hành năm 2004 ước khoảng 708 - 710 nghìn tỷ đồng.
";

#[test]
fn a_figure_wrapped_across_lines_keeps_its_unit_and_bounds() {
    let f = facts(TEXT);
    let shown: Vec<String> = f
        .iter()
        .map(|x| {
            format!(
                "{:?} {} {:?} {:?} {:?}",
                x.kind, x.value, x.max, x.qualifier, x.raw
            )
        })
        .collect();
    // "trên 20" / "triệu đồng/ha"
    assert!(has(&f, Kind::Money, 20_000_000.0, None), "{shown:#?}");
    // "khoảng 10-" / "10,5%."
    assert!(has(&f, Kind::Percent, 10.0, Some(10.5)), "{shown:#?}");
    // "1.490 triệu" / "USD"
    assert!(has(&f, Kind::Money, 1_490_000_000.0, None), "{shown:#?}");
    // "trên 305" / "USD/người"
    assert!(has(&f, Kind::Money, 305.0, None), "{shown:#?}");
    // "tăng 18" / "- 20%"
    assert!(has(&f, Kind::Percent, 18.0, Some(20.0)), "{shown:#?}");
    // "năm" / "2004." is a year, not a count; the second line's "10,5%" is not a figure again
    assert!(!f.iter().any(|x| x.value == 2004.0), "{shown:#?}");
    assert!(!has(&f, Kind::Percent, 10.5, None), "{shown:#?}");
    // a footnote line opens an item of its own: its number is no figure, its range is
    assert!(!f.iter().any(|x| x.raw == "1"), "{shown:#?}");
    assert!(
        f.iter()
            .any(|x| x.kind == Kind::Money && x.value == 708e12 && x.qualifier == Qualifier::Range),
        "{shown:#?}"
    );
}
