//! Tables of planned investment (a list of projects with their approved total, their design
//! capacity and the year's plan), through the whole pipeline: negative cells, the status and
//! year each column gives, the counted nouns of capacity cells, and the columns of
//! construction years. Expected values are read off the input texts below, by hand.

use solieu::model::{DocumentRecord, Format, Kind, Status};
use solieu::pipeline::{process_bytes, Options};

fn run(text: &str) -> DocumentRecord {
    let r = process_bytes("t.txt", text.as_bytes(), Format::Txt, &Options::default());
    assert!(r.error.is_none(), "{:?}", r.error);
    r
}

/// (raw, kind, value, unit, status, period) of every fact.
type Row = (String, Kind, f64, Option<String>, Status, Option<i32>);

fn facts(r: &DocumentRecord) -> Vec<Row> {
    r.facts
        .iter()
        .map(|f| {
            (
                f.raw.clone(),
                f.kind,
                f.value,
                f.unit.clone(),
                f.status,
                f.period,
            )
        })
        .collect()
}

fn row(raw: &str, kind: Kind, value: f64, unit: &str, status: Status, period: Option<i32>) -> Row {
    (
        raw.to_string(),
        kind,
        value,
        Some(unit.to_string()),
        status,
        period,
    )
}

/// An invented list in the layout of a city's yearly investment list: "Kế hoạch điều chỉnh"
/// lowers the year's plan (negative cells, "-" where unchanged), "Thời gian KC-HT" holds
/// construction years.
const PLAN: &str = "Danh mục đầu tư năm 2010\n\
\t\t\t\t\tĐơn vị tính: Triệu đồng\n\
Stt\tTên công trình\tThời gian KC-HT\tNăng lực thiết kế\tTổng vốn đầu tư\tKế hoạch năm 2010\tKế hoạch điều chỉnh\n\
1\tXây dựng trường A\t2008 - 2010\t24 phòng học\t12000\t3000\t-1500\n\
2\tXây dựng trạm y tế B\t2010\t50 giường bệnh\t8000\t2000\t-\n\
3\tMở rộng đường C\t2009 - 2011\t3.130m x 06 làn\t9500.5\t1000\t−250\n";

#[test]
fn plan_list_columns_negative_cells_and_counted_nouns() {
    let r = run(PLAN);
    let t = Status::Target;
    let y = Some(2010);
    assert_eq!(
        facts(&r),
        vec![
            // the design capacity and the approved total: targets about no one year
            row("24 phòng học", Kind::Count, 24.0, "phòng học", t, None),
            row("12000", Kind::Money, 12_000_000_000.0, "VND", t, None),
            row("3000", Kind::Money, 3_000_000_000.0, "VND", t, y),
            // the adjustment lowers the 2010 plan: negative, the year of the plan beside it
            row("-1500", Kind::Money, -1_500_000_000.0, "VND", t, y),
            // "2010" alone in the KC-HT column is a date; "-" is no figure
            row("50 giường bệnh", Kind::Count, 50.0, "giường bệnh", t, None),
            row("8000", Kind::Money, 8_000_000_000.0, "VND", t, None),
            row("2000", Kind::Money, 2_000_000_000.0, "VND", t, y),
            row("3.130m", Kind::Measure, 3130.0, "m", t, None),
            row("06 làn", Kind::Count, 6.0, "làn", t, None),
            row("9500.5", Kind::Money, 9_500_500_000.0, "VND", t, None),
            row("1000", Kind::Money, 1_000_000_000.0, "VND", t, y),
            // U+2212 MINUS SIGN is a minus too (normalised to "-")
            row("-250", Kind::Money, -250_000_000.0, "VND", t, y),
        ]
    );
    // every figure is named by its row and its column, the capacity figures too
    let labels: Vec<&str> = r.facts.iter().filter_map(|f| f.label.as_deref()).collect();
    assert_eq!(labels[0], "Xây dựng trường A (Năng lực thiết kế)");
    assert_eq!(labels[3], "Xây dựng trường A (Kế hoạch điều chỉnh)");
    assert_eq!(labels[4], "Xây dựng trạm y tế B (Năng lực thiết kế)");
}

/// Without a plan column, "Tổng vốn đầu tư" is what was invested or registered: not a target.
/// A column holding a year alone where a span is expected is still a count column when its
/// header names no time and no span stands in it.
#[test]
fn approved_total_is_a_target_only_beside_a_plan() {
    let text = "Đơn vị tính: Triệu đồng\n\
Stt\tTên doanh nghiệp\tTổng vốn đầu tư\tSố lao động\n\
1\tCông ty A\t12000\t2010\n\
2\tCông ty B\t-300\t1950\n";
    let r = run(text);
    let got = facts(&r);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].1, Kind::Money);
    assert_eq!(got[0].2, 12_000_000_000.0);
    assert_ne!(got[0].4, Status::Target);
    // a negative total (a write-down) keeps its sign and its column's kind
    assert_eq!((got[2].0.as_str(), got[2].2), ("-300", -300_000_000.0));
    // 2010 and 1950 workers, not years
    assert_eq!((got[1].0.as_str(), got[1].2), ("2010", 2010.0));
    assert_eq!((got[3].0.as_str(), got[3].2), ("1950", 1950.0));
}

/// A cell's sign: "-5000" is negative, with the sign in its span; a lone dash, a list dash
/// before a spaced number and a span of years are no negative value.
#[test]
fn a_minus_touching_the_digits_makes_a_cell_negative() {
    use solieu::extract::number::DecimalMark;
    use solieu::extract::quantity::cell_value;
    use solieu::extract::rules::fold_char;
    let value = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        cell_value(&chars, &low, DecimalMark::Comma).map(|q| (q.value, q.start, q.end))
    };
    assert_eq!(value("-5000"), Some((-5000.0, 0, 5)));
    assert_eq!(value(" -1.500"), Some((-1500.0, 1, 7)));
    assert_eq!(value("-12,5%"), Some((-12.5, 0, 6)));
    assert_eq!(value("-"), None);
    assert_eq!(value("–"), None);
    assert_eq!(value("- 5000"), None);
    assert_eq!(value("2002 - 2007"), None);
    assert_eq!(value("5000"), Some((5000.0, 0, 4)));
}

/// Numbers in names: a phase ("giai đoạn 1"), a house number before a street ("khu nhà 164
/// Đồng Khởi": "Đồng" there is no currency). A count of capitalised bodies stays a count.
#[test]
fn phases_and_addresses_in_names_are_no_figures() {
    let r = run("Sửa chữa khu nhà 164 Đồng Khởi quận 1 và xây dựng hệ thống cấp nước giai đoạn 1, công suất 9.500 m3/ngày đêm.\n\
Quyết định thành lập 05 Ban Quản lý dự án.\n");
    let got: Vec<(String, f64, Option<String>, Option<String>)> = r
        .facts
        .iter()
        .map(|f| (f.raw.clone(), f.value, f.unit.clone(), f.per.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "9.500 m3/ngày đêm".to_string(),
                9500.0,
                Some("m3".to_string()),
                Some("ngày đêm".to_string())
            ),
            ("05".to_string(), 5.0, None, None),
        ]
    );
}

/// A design-capacity cell holds what a project builds: the money caption of the table does
/// not make "5,52" an amount of money, and "Thiết bị chuyên dùng" gives nothing.
#[test]
fn design_capacity_cells_are_not_under_the_money_caption() {
    let text = "\t\t\tĐơn vị tính: Triệu đồng\n\
Stt\tTên công trình\tNăng lực thiết kế\tKế hoạch năm 2006\n\
1\tNghĩa trang A\t5,52\t3000\n\
2\tMua sắm thiết bị B\tThiết bị chuyên dùng\t1200\n";
    let r = run(text);
    assert_eq!(
        facts(&r),
        vec![
            (
                "5,52".to_string(),
                Kind::Measure,
                5.52,
                None,
                Status::Target,
                None
            ),
            row(
                "3000",
                Kind::Money,
                3_000_000_000.0,
                "VND",
                Status::Target,
                Some(2006)
            ),
            row(
                "1200",
                Kind::Money,
                1_200_000_000.0,
                "VND",
                Status::Target,
                Some(2006)
            ),
        ]
    );
}

/// A design-capacity cell in words: each quantity is named by its row and the column first,
/// then by the cell's own words; the counted nouns keep their adjective ("cầu nhỏ").
#[test]
fn quantities_in_a_capacity_sentence_are_named_by_row_and_column() {
    let text = "\t\t\tĐơn vị tính: Triệu đồng\n\
Stt\tTên công trình\tNăng lực thiết kế\tKế hoạch năm 2006\n\
1\tCải tạo kênh A\tCải tạo 10.197m kênh; xây dựng 10 cầu nhỏ và 2 cầu lớn\t3000\n";
    let r = run(text);
    let got: Vec<(&str, Option<&str>, Status, Option<i32>)> = r
        .facts
        .iter()
        .map(|f| (f.raw.as_str(), f.unit.as_deref(), f.status, f.period))
        .collect();
    assert_eq!(
        got,
        vec![
            ("10.197m", Some("m"), Status::Target, None),
            ("10 cầu nhỏ", Some("cầu nhỏ"), Status::Target, None),
            ("2 cầu lớn", Some("cầu lớn"), Status::Target, None),
            ("3000", Some("VND"), Status::Target, Some(2006)),
        ]
    );
    for f in &r.facts[..3] {
        let l = f.label.as_deref().unwrap_or("");
        assert!(l.starts_with("Cải tạo kênh A (Năng lực thiết kế)"), "{l}");
    }
}

/// A quantity in the name of a planned project says what it is to buy: a target over the
/// project's span. Outside a plan table the same name keeps the document's status.
#[test]
fn quantities_in_project_names_of_a_plan_are_targets() {
    let plan = "\t\t\tĐơn vị tính: Triệu đồng\n\
Stt\tTên công trình\tKế hoạch năm 2006\n\
1\tMua sắm 05 máy tính cho trường A\t1200\n";
    let r = run(plan);
    let got: Vec<(&str, Status, Option<i32>)> = r
        .facts
        .iter()
        .map(|f| (f.raw.as_str(), f.status, f.period))
        .collect();
    assert_eq!(
        got,
        vec![
            ("05 máy tính", Status::Target, None),
            ("1200", Status::Target, Some(2006)),
        ]
    );
    let report = "\t\t\tĐơn vị tính: Triệu đồng\n\
Stt\tTên công trình\tThực hiện năm 2006\n\
1\tMua sắm 05 máy tính cho trường A\t1200\n";
    let r = run(report);
    assert!(r.facts.iter().all(|f| f.status != Status::Target));
}

/// A space lost between a word and a measure ("khuôn viên15,87ha") is read across; digits
/// glued to a unit ("km2") or a code ("H30") stay no figure of their own.
#[test]
fn a_measure_glued_to_the_word_before_it_is_read() {
    let r = run("Diện tích khuôn viên15,87ha. Diện tích tự nhiên 120 km2, cầu tải trọng H30.\n");
    let got: Vec<(&str, f64, Option<&str>)> = r
        .facts
        .iter()
        .map(|f| (f.raw.as_str(), f.value, f.unit.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("15,87ha", 15.87, Some("ha")),
            ("120 km2", 120.0, Some("km2"))
        ]
    );
}

/// Numbers in the names of a plan list (invented rows): a site named by its area, a level, a
/// crossroads, a line's voltage and an owner's number give no fact; the capacity column's area
/// does. A figure in a project's name is named by the project, one in a "Ghi chú" cell by the
/// row and the column.
#[test]
fn numbers_in_names_of_a_plan_list_give_no_fact() {
    let text = "\t\t\t\t\tĐơn vị tính: Triệu đồng\n\
Stt\tTên công trình\tChủ đầu tư\tNăng lực thiết kế\tKế hoạch năm 2006\tGhi chú\n\
1\tXây dựng khu tái định cư phường An Lạc quận 9 (38ha)\tBan dự án 98 Bộ Tư lệnh\t38ha\t7000\t\n\
2\tThoát nước cho khu tái định cư (12 ha) phường An Lạc (khu 12 ha)\tKhu Quản lý Giao thông số 1\t1.372m cống\t3000\t\n\
3\tNâng cấp hạ tầng kỹ thuật cấp 3 ngã tư bốn xã, dời đường dây 220 KV\tCông ty Điện lực\t758m\t4000\t\n\
4\tXây dựng khu nhà ở (vay JBIC 7,6 tỷ, NS 70 tỷ)\tBan A\t247 căn\t5000\txin bổ sung thêm 1 tỷ đồng\n";
    let r = run(text);
    let got: Vec<&str> = r.facts.iter().map(|f| f.raw.as_str()).collect();
    assert_eq!(
        got,
        vec![
            "38ha",
            "7000",
            "1.372m",
            "3000",
            "758m",
            "4000",
            "7,6 tỷ",
            "70 tỷ",
            "247 căn",
            "5000",
            "1 tỷ đồng"
        ]
    );
    let label = |raw: &str| {
        r.facts
            .iter()
            .find(|f| f.raw == raw)
            .and_then(|f| f.label.clone())
            .unwrap_or_default()
    };
    assert!(
        label("70 tỷ").starts_with("Xây dựng khu nhà ở (vay JBIC 7,6 tỷ, NS 70 tỷ): "),
        "{}",
        label("70 tỷ")
    );
    assert!(
        label("1 tỷ đồng").starts_with("Xây dựng khu nhà ở (vay JBIC 7,6 tỷ, NS 70 tỷ) (Ghi chú)"),
        "{}",
        label("1 tỷ đồng")
    );
    let one = r.facts.iter().find(|f| f.raw == "1 tỷ đồng");
    // a target noted beside the plan is about the plan's year
    assert_eq!(
        one.map(|f| (f.status, f.period)),
        Some((Status::Target, Some(2006)))
    );
}
