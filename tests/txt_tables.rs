//! Tab-separated tables in .txt reports, through the whole pipeline: every figure cell is one
//! fact labelled by its row and column header, money and count columns are told apart by their
//! headers (`src/extract/rules/column_kinds.tsv`), and STT numbers give no fact.
//! Expected values are read off the input text below, by hand.

use solieu::model::{BlockKind, DocumentRecord, Format, Kind, Status};
use solieu::pipeline::{process_bytes, Options};

fn run(text: &str) -> DocumentRecord {
    let r = process_bytes("t.txt", text.as_bytes(), Format::Txt, &Options::default());
    assert!(r.error.is_none(), "{:?}", r.error);
    r
}

/// (kind, value, unit, raw, label) of every fact.
type Row = (Kind, f64, Option<String>, String, Option<String>);

fn facts(r: &DocumentRecord) -> Vec<Row> {
    r.facts
        .iter()
        .map(|f| {
            (
                f.kind,
                f.value,
                f.unit.clone(),
                f.raw.clone(),
                f.label.clone(),
            )
        })
        .collect()
}

fn row(kind: Kind, value: f64, unit: &str, raw: &str, label: &str) -> Row {
    (
        kind,
        value,
        Some(unit.to_string()),
        raw.to_string(),
        Some(label.to_string()),
    )
}

const FDI: &str = "Đầu tư trực tiếp nước ngoài theo ngành 2005\t\t\t\n\
STT\tChuyên ngành\tSố dự án\tTVĐT\n\
I\tCông nghiệp\t344\t1119839329\n\
\tCN nhẹ\t12\t500\n\
Tổng số\t\t356\t1119839829\n";

#[test]
fn fdi_table_money_in_usd_counts_of_projects() {
    let r = run(FDI);
    assert_eq!(
        facts(&r),
        vec![
            row(Kind::Count, 344.0, "dự án", "344", "Công nghiệp (Số dự án)"),
            row(
                Kind::Money,
                1119839329.0,
                "USD",
                "1119839329",
                "Công nghiệp (TVĐT)"
            ),
            row(Kind::Count, 12.0, "dự án", "12", "CN nhẹ (Số dự án)"),
            row(Kind::Money, 500.0, "USD", "500", "CN nhẹ (TVĐT)"),
            row(Kind::Count, 356.0, "dự án", "356", "Tổng số (Số dự án)"),
            row(
                Kind::Money,
                1119839829.0,
                "USD",
                "1119839829",
                "Tổng số (TVĐT)"
            ),
        ]
    );
    // Each fact sits in its own cell, at the cell's whole text.
    for f in &r.facts {
        let b = &r.blocks[f.location.block as usize];
        assert!(matches!(b.kind, BlockKind::Cell(_)), "{b:?}");
        assert_eq!(b.text, f.raw);
        assert_eq!(
            (f.location.source_start, f.location.source_end),
            (0, f.raw.chars().count() as u32)
        );
    }
    // The "Tổng số" row is the table's total row, and "I" the key of its row.
    let cell = |raw: &str| match &r.blocks[r
        .facts
        .iter()
        .find(|f| f.raw == raw)
        .unwrap()
        .location
        .block as usize]
        .kind
    {
        BlockKind::Cell(c) => c.clone(),
        _ => unreachable!(),
    };
    assert!(cell("356").total);
    assert_eq!(cell("344").row_key.as_deref(), Some("I"));
    assert_eq!(cell("12").row_key, None);
}

#[test]
fn money_columns_without_a_currency_context_are_dong() {
    // No FDI words around: the money header still makes money, in VND; "Số lượng" names no noun.
    let text = "STT\tNội dung\tSố lượng\tKinh phí\tVốn PĐ tăng\n\
1\tMua máy tính\t5\t75000000\t3\n";
    assert_eq!(
        facts(&run(text)),
        vec![
            (
                Kind::Count,
                5.0,
                None,
                "5".to_string(),
                Some("Mua máy tính (Số lượng)".to_string())
            ),
            row(
                Kind::Money,
                75000000.0,
                "VND",
                "75000000",
                "Mua máy tính (Kinh phí)"
            ),
            row(Kind::Money, 3.0, "VND", "3", "Mua máy tính (Vốn PĐ tăng)"),
        ]
    );
    // A caption unit wins over the header: "ĐVT: triệu đồng" scales the money column.
    let text = "ĐVT: triệu đồng\n\
STT\tNội dung\tKinh phí\tSố lượt\n\
1\tTập huấn\t120\t4\n";
    assert_eq!(
        facts(&run(text)),
        vec![
            row(
                Kind::Money,
                120_000_000.0,
                "VND",
                "120",
                "Tập huấn (Kinh phí)"
            ),
            // "Số lượt" names its own noun: a count, whatever the caption says
            row(Kind::Count, 4.0, "lượt", "4", "Tập huấn (Số lượt)"),
        ]
    );
}

#[test]
fn unit_column_names_what_is_counted() {
    // The "Đơn vị tính" column gives each row its unit, in words a unit table may not know.
    let text = "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\n\
1\tSố sở, ngành đã kiểm tra\tCơ quan, đơn vị\t04\n\
2\tTỷ lệ hồ sơ giải quyết đúng hạn\t%\t98,5\n\
3\tKinh phí thực hiện\tTriệu đồng\t120\n";
    assert_eq!(
        facts(&run(text)),
        vec![
            row(
                Kind::Count,
                4.0,
                "cơ quan, đơn vị",
                "04",
                "Số sở, ngành đã kiểm tra"
            ),
            row(
                Kind::Percent,
                98.5,
                "%",
                "98,5",
                "Tỷ lệ hồ sơ giải quyết đúng hạn"
            ),
            row(
                Kind::Money,
                120_000_000.0,
                "VND",
                "120",
                "Kinh phí thực hiện"
            ),
        ]
    );
}

#[test]
fn two_header_lines_give_year_and_plan_or_result() {
    let text = "BÁO CÁO THU NGÂN SÁCH HUYỆN\n\
STT\tChỉ tiêu\tNăm 2004\t\tNăm 2005\t\n\
\t\tKế hoạch\tThực hiện\tKế hoạch\tThực hiện\n\
1\tThu ngân sách\t100\t110\t120\t130\n";
    let r = run(text);
    let got: Vec<(String, Option<String>, Option<i32>, Status)> = r
        .facts
        .iter()
        .map(|f| (f.raw.clone(), f.label.clone(), f.period, f.status))
        .collect();
    let l = |h: &str| Some(format!("Thu ngân sách (Năm {h})"));
    assert_eq!(
        got,
        vec![
            (
                "100".into(),
                l("2004 > Kế hoạch"),
                Some(2004),
                Status::Target
            ),
            (
                "110".into(),
                l("2004 > Thực hiện"),
                Some(2004),
                Status::Actual
            ),
            (
                "120".into(),
                l("2005 > Kế hoạch"),
                Some(2005),
                Status::Target
            ),
            (
                "130".into(),
                l("2005 > Thực hiện"),
                Some(2005),
                Status::Actual
            ),
        ]
    );
    // Without the title line the file starts with the table: its "Kế hoạch" cell is a column
    // heading, not the document's type (which would make every figure a target).
    let bare = text.split_once('\n').map_or("", |t| t.1);
    let r = run(bare);
    assert_eq!(r.metadata.doc_type, None);
    let statuses: Vec<Status> = r.facts.iter().map(|f| f.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Target,
            Status::Actual,
            Status::Target,
            Status::Actual
        ]
    );
}

#[test]
fn years_heading_columns_are_headers_not_figures() {
    // One header line of bare years, and two header lines with the years under "Thu" / "Chi".
    let text = "STT\tChỉ tiêu\t2004\t2005\n1\tDân số\t100\t110\n";
    let got = |r: &DocumentRecord| -> Vec<(String, Option<String>, Option<i32>)> {
        r.facts
            .iter()
            .map(|f| (f.raw.clone(), f.label.clone(), f.period))
            .collect()
    };
    let s = |raw: &str, l: &str, y: i32| (raw.to_string(), Some(l.to_string()), Some(y));
    assert_eq!(
        got(&run(text)),
        vec![
            s("100", "Dân số (2004)", 2004),
            s("110", "Dân số (2005)", 2005)
        ]
    );
    let text = "BÁO CÁO THU CHI NGÂN SÁCH\n\
STT\tĐơn vị\tThu\t\tChi\t\n\
\t\t2004\t2005\t2004\t2005\n\
1\tHuyện A\t10\t11\t12\t13\n";
    assert_eq!(
        got(&run(text)),
        vec![
            s("10", "Huyện A (Thu > 2004)", 2004),
            s("11", "Huyện A (Thu > 2005)", 2005),
            s("12", "Huyện A (Chi > 2004)", 2004),
            s("13", "Huyện A (Chi > 2005)", 2005),
        ]
    );
}

/// A real .txt report with one cell changed, through the pipeline and the audit.
fn planted(file: &str, from: &str, to: &str) -> Vec<solieu::model::Finding> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(path).expect("corpus file");
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in {file}");
    let doc = run(&text.replace(from, to));
    solieu::audit::audit(&[doc])
        .into_iter()
        .filter(|f| f.rule == "sum")
        .collect()
}

#[test]
fn audit_checks_subtotals_of_text_tables() {
    // As written, every I/II/III row of the FDI tables and every row of Mẫu 21 adds up.
    let fdi = "corpus/vpc_2005-34448_Data_08-2005_Website.txt";
    let mau21 = "corpus/vpc_2006-Mau21_CKTC_NSH.txt";
    assert!(planted(fdi, "\tCN dầu khí\t28\t", "\tCN dầu khí\t28\t").is_empty());
    assert!(planted(mau21, "71837000", "71837000").is_empty());
    // CN dầu khí's TVĐT 10 million lower: row I (28.996.154.868) no longer adds up; the rows
    // under it without an STT number are its parts.
    let f = planted(
        fdi,
        "\tCN dầu khí\t28\t1913191815",
        "\tCN dầu khí\t28\t1903191815",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].stated, f[0].expected),
        (Some(28996154868.0), Some(28986154868.0))
    );
    // Mẫu 21 in 1000 đồng: "_ Bổ sung cân đối" 100.000 higher breaks row 2 (140.506.368).
    let f = planted(mau21, "\t71837000", "\t71937000");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].stated, f[0].expected),
        (Some(140506368000.0), Some(140606368000.0))
    );
}

#[test]
fn coded_answers_are_no_facts() {
    // The unit column gives the codes of the answer: "1" means "Có", not one of anything.
    let text = "STT\tNội dung\tĐơn vị tính\tSố liệu\n\
1\tKhảo sát sự hài lòng của người dân\tCó = 1; Không = 0\t1\n\
2\tHình thức khảo sát\tTrực tuyến = 0 Phát phiếu = 1 Kết hợp = 2\t0\n\
3\tSố cuộc khảo sát\tCuộc\t3\n";
    assert_eq!(
        facts(&run(text)),
        vec![row(Kind::Count, 3.0, "cuộc", "3", "Số cuộc khảo sát")]
    );
}

#[test]
fn cells_of_figures_only_are_named_by_row_and_column() {
    // "71/71 người (100%)": the cell has no words of its own to name its figures.
    let text = "STT\tNội dung\tĐồng ý (%)\tKhông đồng ý (%)\n\
1\tThương lượng về tiền lương\t71/71 người (100%)\t0 người (0%)\n";
    let r = run(text);
    let pct: Vec<(f64, Option<String>)> = r
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Percent)
        .map(|f| (f.value, f.label.clone()))
        .collect();
    let l = |h: &str| Some(format!("Thương lượng về tiền lương ({h})"));
    assert_eq!(
        pct,
        vec![(100.0, l("Đồng ý (%)")), (0.0, l("Không đồng ý (%)"))]
    );
}

#[test]
fn a_maximum_in_a_column_heading_is_a_reference_fact() {
    let text = "BÁO CÁO KẾT QUẢ CHẤM ĐIỂM NĂM 2025\n\
STT\tĐơn vị\tĐiểm đạt (tối đa 20 điểm)\n\
1\tSở Y tế\t17,5\n";
    let r = run(text);
    assert_eq!(
        facts(&r),
        vec![
            row(
                Kind::Measure,
                20.0,
                "điểm",
                "tối đa 20 điểm",
                "Điểm đạt (tối đa 20 điểm)"
            ),
            row(Kind::Measure, 17.5, "điểm", "17,5", "Sở Y tế"),
        ]
    );
    let status_period: Vec<(Status, Option<i32>)> =
        r.facts.iter().map(|f| (f.status, f.period)).collect();
    assert_eq!(
        status_period,
        vec![(Status::Reference, None), (Status::Actual, Some(2025))]
    );
    assert_eq!(r.facts[0].qualifier, solieu::model::Qualifier::AtMost);
}
