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

/// A formula box written one term a line: the terms' numbers ("01 lần vi phạm", "(1/40)",
/// "100 %") are no figures; the lone value of "Hệ số bị trừ … = 0,1" is one. The same formulas
/// written on one line read the same.
#[test]
fn formula_terms_are_no_figures_and_a_lone_value_is_one() {
    let boxed = "\
Hệ số sử dụng VPP (HSSD)
=
(1/40)
x
Tổng số BC của từng phòng
(Trong đó : 40 là tổng số biên chế được duyệt năm 2007)
Hệ số bị trừ cho 01 lần vi phạm
=
0,1
Tỷ lệ thời gian làm việc thực tế của CC
=
Số ngày làm việc thực tế
x
100 %
";
    let inline = "\
Hệ số sử dụng VPP (HSSD) = (1/40) x Tổng số BC của từng phòng (Trong đó : 40 là tổng số biên chế được duyệt năm 2007)
Hệ số bị trừ cho 01 lần vi phạm = 0,1 Hệ số chấp hành kỷ luật = Số lần vi phạm x Hệ số bị trừ cho 01 lần vi phạm
Tỷ lệ thời gian làm việc thực tế của CC = Số ngày làm việc thực tế x 100 % Số ngày làm việc theo quy định
";
    for text in [boxed, inline] {
        let f = facts(text);
        let shown: Vec<String> = f
            .iter()
            .map(|x| format!("{:?} {} {:?} {:?}", x.kind, x.value, x.label, x.raw))
            .collect();
        assert!(has(&f, Kind::Measure, 0.1, None), "{shown:#?}");
        assert!(has(&f, Kind::Count, 40.0, None), "{shown:#?}");
        assert!(
            !f.iter().any(|x| x.kind == Kind::Fraction
                || x.kind == Kind::Percent
                || x.raw.starts_with("01")),
            "{shown:#?}"
        );
    }
}

/// "label : value" lines of one list: a bare whole number among decimal coefficients is a
/// coefficient too (a measure), not a count of nothing.
#[test]
fn whole_numbers_in_a_list_of_coefficients_are_coefficients() {
    let f = facts(
        "\
Hệ số khen thưởng :
Cá nhân không hoàn thành nhiệm vụ : 0
Cá nhân hoàn thành nhiệm vụ : 1
Cá nhân được tặng giấy khen : 1.3
Cá nhân đạt danh hiệu chiến sĩ thi đua cơ sở : 1.7
Tập thể đạt danh hiệu lao động tiên tiến : 2
",
    );
    let shown: Vec<String> = f
        .iter()
        .map(|x| format!("{:?} {} {:?}", x.kind, x.value, x.raw))
        .collect();
    for v in [0.0, 1.0, 1.3, 1.7, 2.0] {
        assert!(has(&f, Kind::Measure, v, None), "{v}: {shown:#?}");
    }
    assert!(!f.iter().any(|x| x.kind == Kind::Count), "{shown:#?}");
}

/// Footnote markers set after a word or a figure ("tăng 21.", "hơn 32.", "mức 4% 29.") are no
/// figures when their note follows; a figure closing a sentence without a note is one.
#[test]
fn footnote_markers_are_no_figures() {
    let f = facts(
        "\
Kim ngạch xuất khẩu tăng khá, một phần do giá của một số mặt hàng xuất khẩu tăng 21. Hơn nữa nhu cầu
thị trường tăng; công tác quản lý đất đai chặt chẽ hơn 22. Xây dựng và đưa vào áp dụng thí điểm
tỷ lệ này giảm xuống mức 4% 23.
Số xã đạt chuẩn nông thôn mới là 57.
21 Riêng 19 mặt hàng tính được thì kim ngạch xuất khẩu đạt 19,7 tỷ USD.
22 Như chế độ học phí, vấn đề sở hữu trong cơ sở ngoài công lập.
23 Nếu căn cứ theo tiêu thức phân loại quốc tế thì tỷ lệ nợ xấu còn cao hơn nhiều.
",
    );
    let shown: Vec<String> = f
        .iter()
        .map(|x| format!("{:?} {} {:?}", x.kind, x.value, x.raw))
        .collect();
    for marker in [21.0, 22.0, 23.0] {
        assert!(!f.iter().any(|x| x.value == marker), "{marker}: {shown:#?}");
    }
    assert!(has(&f, Kind::Percent, 4.0, None), "{shown:#?}");
    assert!(has(&f, Kind::Count, 57.0, None), "{shown:#?}");
    assert!(has(&f, Kind::Money, 19_700_000_000.0, None), "{shown:#?}");
}

/// A report that weighs seizures with a decimal dot ("3.923.7448g") writes all its weights so:
/// "13.825.653g" is 13 825,653 g and "84.685kg" is 84,685 kg. Without such a weight, dots group
/// thousands as usual.
#[test]
fn weights_follow_the_documents_decimal_dot() {
    let with = facts(
        "\
Năm 2012: Tang vật thu giữ: 3.923.7448g Heroin; 7.633.8562g ma túy tổng hợp.
Năm 2013: Tang vật thu giữ: 13.825.653g Heroin; 84.685kg cần sa khô; 5.623 cây cần sa.
",
    );
    let shown: Vec<String> = with
        .iter()
        .map(|x| format!("{:?} {} {:?}", x.kind, x.value, x.raw))
        .collect();
    assert!(has(&with, Kind::Measure, 3923.7448, None), "{shown:#?}");
    assert!(has(&with, Kind::Measure, 13825.653, None), "{shown:#?}");
    assert!(has(&with, Kind::Measure, 84.685, None), "{shown:#?}");
    assert!(has(&with, Kind::Count, 5623.0, None), "{shown:#?}");
    let without = facts("Năm 2013: Tang vật thu giữ: 13.825.653g Heroin.\n");
    assert!(has(&without, Kind::Measure, 13_825_653.0, None));
}
