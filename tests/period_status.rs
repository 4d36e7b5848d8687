//! Period and status of facts in small documents, one case per class of error found on the real
//! reports (the eval's FIELD lines). Every expected value is decided by reading the text, as the
//! gold files of `fixtures/gold` decide them (see `fixtures/gold/COVERAGE.md`).

use solieu::extract::{extract, ExtractOptions};
use solieu::model::{Fact, Metadata, RawBlock, Run, Status};
use solieu::normalise::{normalise_block, NormaliseOptions};

/// Each line a paragraph, through the normaliser and the extractor.
fn run(lines: &[&str]) -> (Metadata, Vec<Fact>) {
    let mut blocks: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let raw = RawBlock {
                runs: vec![Run {
                    text: l.to_string(),
                    font: None,
                }],
                ..Default::default()
            };
            normalise_block(&raw, i as u32, &NormaliseOptions::default())
        })
        .collect();
    extract(&mut blocks, &ExtractOptions::default())
}

/// The `nth` fact (from 0) whose raw is `raw`.
fn fact<'a>(facts: &'a [Fact], raw: &str, nth: usize) -> &'a Fact {
    facts
        .iter()
        .filter(|f| f.raw == raw)
        .nth(nth)
        .unwrap_or_else(|| {
            let all: Vec<&str> = facts.iter().map(|f| f.raw.as_str()).collect();
            panic!("no fact #{nth} {raw:?} among {all:?}")
        })
}

fn check(facts: &[Fact], raw: &str, nth: usize, status: Status, period: Option<i32>) {
    let f = fact(facts, raw, nth);
    assert_eq!(
        (f.status, f.period),
        (status, period),
        "{raw:?} #{nth}: status and period"
    );
}

const REPORT_2023: &[&str] = &["BÁO CÁO", "Kết quả công tác năm 2023"];

fn with_header<'a>(header: &[&'a str], body: &[&'a str]) -> Vec<&'a str> {
    header.iter().chain(body).copied().collect()
}

#[test]
fn a_base_in_parentheses_after_a_comparison_is_a_reference_of_its_year() {
    let (_, facts) = run(&with_header(
        REPORT_2023,
        &["Tổng số đối tượng bảo trợ là 1.393 đối tượng; tăng 67 đối tượng so với năm 2022 (1.326 đối tượng)."],
    ));
    check(&facts, "1.393 đối tượng", 0, Status::Actual, Some(2023));
    check(&facts, "67 đối tượng", 0, Status::Actual, Some(2023));
    check(&facts, "1.326 đối tượng", 0, Status::Reference, Some(2022));
}

#[test]
fn a_pair_after_a_comparison_is_this_year_over_the_base() {
    // "(2126/2102)": this year's figure over last year's, so a result of the line's year
    let (_, facts) = run(&with_header(
        REPORT_2023,
        &["+ Năm 2011: 2126 người nghiện, giảm 24 người so với năm 2010 (2126/2102)."],
    ));
    check(&facts, "2126 người nghiện", 0, Status::Actual, Some(2011));
    check(&facts, "24 người", 0, Status::Actual, Some(2011));
    check(&facts, "2126/2102", 0, Status::Actual, Some(2011));
}

#[test]
fn a_line_opening_with_a_year_is_about_that_year() {
    let (_, facts) = run(&with_header(
        REPORT_2023,
        &[
            "+ Năm 2012, đã phát hiện, bắt giữ 268 vụ, 494 đối tượng phạm các tội về ma túy. So với năm 2011 tăng 59 vụ (268/209), 88 đối tượng (494/406).",
            "Trong năm 2021: tổ chức 12 hội nghị.",
            "Toàn tỉnh có 30 xã.",
        ],
    ));
    for raw in [
        "268 vụ",
        "494 đối tượng",
        "59 vụ",
        "268/209",
        "88 đối tượng",
    ] {
        check(&facts, raw, 0, Status::Actual, Some(2012));
    }
    check(&facts, "12 hội nghị", 0, Status::Actual, Some(2021));
    // a line without a year of its own keeps the report's
    check(&facts, "30 xã", 0, Status::Actual, Some(2023));
}

#[test]
fn a_year_written_after_or_before_the_figure_is_its_period() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004"],
        &[
            "Tỷ trọng của ngành nông nghiệp giảm từ 76,6% năm 2003 xuống còn 75,1% năm 2004.",
            "Tốc độ tăng trưởng GDP bình quân khoảng 7,2% (năm 2001 tăng 6,9%, năm 2002 tăng 7,1%).",
            "Giá trị xuất khẩu bình quân đầu người đạt 19,4 triệu đồng (năm 2003).",
            "Năm 2003 giá trị sản xuất công nghiệp (giá năm 1994) tăng 16%.",
        ],
    ));
    // the base of the change (see the_start_of_a_change_and_estimates_over_a_sentence)
    check(&facts, "76,6%", 0, Status::Reference, Some(2003));
    check(&facts, "75,1%", 0, Status::Actual, Some(2004));
    check(&facts, "6,9%", 0, Status::Actual, Some(2001));
    check(&facts, "7,1%", 0, Status::Actual, Some(2002));
    check(&facts, "19,4 triệu đồng", 0, Status::Actual, Some(2003));
    // "giá năm 1994" is the price base, not the period
    check(&facts, "16%", 0, Status::Actual, Some(2003));
}

#[test]
fn a_review_of_a_span_has_no_report_year() {
    let (md, facts) = run(&[
        "BÁO CÁO",
        "Tổng kết thực hiện Chiến lược quốc gia phòng, chống ma túy đến năm 2020 và định hướng đến năm 2030",
        "Đã đấu tranh triệt xóa 116 điểm phức tạp về ma túy.",
        "Hiện nay (tính đến 15/9/2025), số người nghiện ma túy trên địa bàn là 1922 người. Trong đó: người nghiện ở ngoài xã hội: 814.",
        "Qua kiểm tra, rà soát tính đến ngày 20/11/2025 có 32/35 đơn vị đảm bảo chỉ tiêu.",
    ]);
    assert_eq!(md.report_year, None);
    check(&facts, "116 điểm", 0, Status::Actual, None);
    check(&facts, "1922 người", 0, Status::Actual, Some(2025));
    check(&facts, "814", 0, Status::Actual, Some(2025));
    check(&facts, "32/35 đơn vị", 0, Status::Actual, Some(2025));
}

#[test]
fn a_comparison_with_a_rule_or_a_plan() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004"],
        &[
            // a rule is no period: the figure after it is a result
            "Số lượng TTHC đề xuất cắt giảm thời gian giải quyết so với quy định là 24 TTHC.",
            // the plan is a target of the year the results are about
            "Tỷ lệ hộ đói nghèo còn 8,3%, so với kế hoạch là dưới 10%;",
        ],
    ));
    check(&facts, "24 TTHC", 0, Status::Actual, Some(2004));
    check(&facts, "8,3%", 0, Status::Actual, Some(2004));
    check(&facts, "dưới 10%", 0, Status::Target, Some(2004));
}

#[test]
fn spans_of_years_and_durations_are_about_no_one_year() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004"],
        &[
            "Tốc độ tăng trưởng GDP bình quân 4 năm 2001 - 2004 khoảng 7,2%.",
            "Giá trị các ngành dịch vụ tăng bình quân 4 năm khoảng 7,3%, thấp hơn mục tiêu (kế hoạch 5 năm là 7,5%).",
            "Tỷ lệ tiết kiệm đã tăng từ 15% (thời kỳ 1992 - 1997) lên 22,5% (thời kỳ 1998 - 2002).",
            "Doanh nghiệp làm ăn thua lỗ trên 2 năm phải giải thể.",
            // a programme's span before the figure is no period of it
            "Thực hiện Đề án xây dựng xã không ma túy giai đoạn 2025 - 2030, qua rà soát có 29/35 đơn vị đạt.",
            // "mỗi năm" does not make this year's money a figure of every year
            "Đặc biệt ủng hộ mỗi năm một ngày lương để sửa chữa công trình, kinh phí 50.394.833 đồng.",
        ],
    ));
    check(&facts, "khoảng 7,2%", 0, Status::Actual, None);
    check(&facts, "khoảng 7,3%", 0, Status::Actual, None);
    check(&facts, "7,5%", 0, Status::Target, None);
    // the base of the change
    check(&facts, "15%", 0, Status::Reference, None);
    check(&facts, "22,5%", 0, Status::Actual, None);
    check(&facts, "trên 2 năm", 0, Status::Actual, None);
    check(&facts, "29/35 đơn vị", 0, Status::Actual, Some(2004));
    check(&facts, "50.394.833 đồng", 0, Status::Actual, Some(2004));
}

#[test]
fn years_that_are_no_period_of_the_figure() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004"],
        &[
            // the base of a comparison earlier in the clause
            "Vốn đầu tư tăng 15,3% so với thực hiện năm 2003 và bằng 35,4% GDP.",
            // a year right before the "(" the figure opens
            "Nhập siêu thấp hơn mức nhập siêu năm 2003 (25% tổng kim ngạch xuất khẩu).",
            // a school year is about its second year
            "30 Năm 2003-2004, tỷ lệ học sinh nhà trẻ ngoài công lập khoảng 77%.",
            // a line going on with the sentence of the line before opens no year
            "năm 2003. Tỷ lệ huy động vào ngân sách là 23,5%.",
        ],
    ));
    check(&facts, "35,4%", 0, Status::Actual, Some(2004));
    check(&facts, "25%", 0, Status::Actual, Some(2003));
    check(&facts, "khoảng 77%", 0, Status::Actual, Some(2004));
    check(&facts, "23,5%", 0, Status::Actual, Some(2004));
}

#[test]
fn scoring_rules_are_references_of_no_year() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện các chỉ số năm 2025"],
        &[
            "Tỷ lệ giải ngân đạt 29,2% so với kế hoạch năm 2025 (trường hợp dưới 70% thì tiêu chí này đạt 0 điểm).",
            "Theo quy định, chỉ cần có một quyết định công bố trễ hạn thì điểm đánh giá tiêu chí này là 0 điểm.",
            "- Từ 90 đến dưới 100 điểm xếp loại: Xuất sắc.",
            "- Dưới 50 điểm xếp loại: Yếu.",
            // counting who fell in a band is a result
            "Đối với các sở, ngành, gồm: 11/13 đơn vị xếp loại Xuất sắc.",
            // a condition without a score is no scoring rule
            "Nếu loại trừ yếu tố tăng giá khoảng 9,5% thì tổng mức bán lẻ tăng khoảng 8%.",
        ],
    ));
    check(&facts, "29,2%", 0, Status::Actual, Some(2025));
    check(&facts, "dưới 70%", 0, Status::Reference, None);
    check(&facts, "0 điểm", 0, Status::Reference, None);
    check(&facts, "0 điểm", 1, Status::Reference, None);
    check(
        &facts,
        "Từ 90 đến dưới 100 điểm",
        0,
        Status::Reference,
        None,
    );
    check(&facts, "Dưới 50 điểm", 0, Status::Reference, None);
    check(&facts, "11/13 đơn vị", 0, Status::Actual, Some(2025));
    check(&facts, "khoảng 9,5%", 0, Status::Actual, Some(2025));
    check(&facts, "khoảng 8%", 0, Status::Actual, Some(2025));
}

#[test]
fn target_cues_that_name_the_previous_figures_base() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện các chỉ số năm 2025"],
        &[
            // "dự toán Trung ương" says what 98,44% is a share of, not that 93,29% is planned
            "Tổng thu ngân sách đạt 26.353,6 tỷ đồng, bằng 98,44% dự toán Trung ương, bằng 93,29% dự toán địa phương.",
            "Tỷ lệ cấp kết quả điện tử đạt 80,7% (chỉ tiêu đề ra là đạt 100%).",
            "Tỉnh đã thực hiện 35/45 nhiệm vụ, đến hết năm 2025 sẽ hoàn thành 100% theo Kế hoạch.",
        ],
    ));
    check(&facts, "98,44%", 0, Status::Actual, Some(2025));
    check(&facts, "93,29%", 0, Status::Actual, Some(2025));
    check(&facts, "80,7%", 0, Status::Actual, Some(2025));
    check(&facts, "100%", 0, Status::Target, Some(2025));
    check(&facts, "35/45 nhiệm vụ", 0, Status::Actual, Some(2025));
    check(&facts, "100%", 1, Status::Target, Some(2025));
}

#[test]
fn minutes_are_of_the_year_they_are_dated() {
    let (_, facts) = run(&[
        "QUYẾT ĐỊNH",
        "Về việc thành lập Tổ thương lượng tập thể",
        "Tây Ninh, ngày 04 tháng 01 năm 2026",
        "Tổ thương lượng gồm 5 người.",
        "BIÊN BẢN",
        "Hôm nay, vào lúc 14 giờ, ngày 11 tháng 9 năm 2025, tại Công ty, Ban Chấp hành Công đoàn và Giám đốc Công ty tổ chức buổi họp thương lượng tập thể.",
        "Biên bản này được lập thành 02 bản và có giá trị như nhau.",
    ]);
    check(&facts, "5 người", 0, Status::Actual, Some(2026));
    check(&facts, "02 bản", 0, Status::Actual, Some(2025));
}

/// The collective-agreement template pack (`corpus/`, gold in `fixtures/gold`): the terms in the
/// "Thỏa thuận của 2 bên" column are norms (target, no year); the "Tỷ lệ thống nhất" column
/// records the meeting of 11/9/2025.
#[test]
fn agreed_terms_are_norms_and_the_agreement_rate_is_of_the_meeting() {
    use solieu::pipeline::{process_path, Options};
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let input = "corpus/p08_2. Cac Bước thực hiện ho so lien quan den thu tuc ky ket TULĐTT 2025-2028. Của CĐCS ..công ty...docx";
    let record = process_path(&root.join(input), input, &Options::default());
    assert!(record.error.is_none(), "{:?}", record.error);
    let facts = &record.facts;
    check(facts, "85%", 0, Status::Target, None);
    check(facts, "08 giờ/ngày", 0, Status::Target, None);
    check(facts, "25,5%", 0, Status::Target, None);
    let rate = facts
        .iter()
        .find(|f| {
            f.raw == "100%"
                && record.blocks.iter().any(|b| {
                    b.id == f.location.block
                        && matches!(&b.kind, solieu::model::BlockKind::Cell(c)
                            if c.col_header.as_deref() == Some("Tỷ lệ thống nhất"))
                })
        })
        .expect("a cell of the Tỷ lệ thống nhất column");
    assert_eq!((rate.status, rate.period), (Status::Actual, Some(2025)));
    check(facts, "02 bản", 0, Status::Actual, Some(2025));
}

#[test]
fn the_parts_of_plans_and_periodic_reports() {
    // a plan's appendix is still the plan
    let (_, facts) = run(&[
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước năm 2026",
        "I. MỤC TIÊU, NHIỆM VỤ",
        "Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%.",
        "PHỤ LỤC",
        "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        "Đảm bảo 100% hồ sơ công việc được xử lý trên môi trường mạng.",
    ]);
    check(&facts, "tối thiểu 80%", 0, Status::Target, Some(2026));
    check(&facts, "100%", 0, Status::Target, Some(2026));

    // a monthly report's tasks "trong thời gian tới" are for the rest of its year
    let (_, facts) = run(&[
        "BÁO CÁO",
        "Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 11/2025",
        "II. KẾT QUẢ CÁC MẶT CÔNG TÁC",
        "Toàn tỉnh đã cung cấp 2.184 dịch vụ công trực tuyến.",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI",
        "Duy trì thu nhận hồ sơ cấp thẻ căn cước cho 100% công dân.",
    ]);
    check(
        &facts,
        "2.184 dịch vụ công trực tuyến",
        0,
        Status::Actual,
        Some(2025),
    );
    check(&facts, "100%", 0, Status::Target, Some(2025));

    // a title in capitals naming results and plans opens with the results
    let (_, facts) = run(&[
        "TÓM TẮT TRỌNG TÂM, TRỌNG ĐIỂM BÁO CÁO CÔNG TÁC",
        "CẢI CÁCH HÀNH CHÍNH NĂM 2025 VÀ PHƯƠNG HƯỚNG,",
        "NHIỆM VỤ NĂM 2026 TỈNH LÂM ĐỒNG",
        "I. BỐI CẢNH VÀ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "Kết quả, 45/45 nhiệm vụ CCHC năm 2025 đã được hoàn thành.",
        "Công tác kiểm tra CCHC được triển khai tại 42/42 cơ quan, đơn vị.",
    ]);
    check(&facts, "45/45 nhiệm vụ", 0, Status::Actual, Some(2025));
    check(
        &facts,
        "42/42 cơ quan, đơn vị",
        0,
        Status::Actual,
        Some(2025),
    );
}

#[test]
fn the_start_of_a_change_and_estimates_over_a_sentence() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004"],
        &[
            // the figure after "từ" is the base the change starts from
            "Tỷ trọng của ngành nông nghiệp giảm từ 76,6% năm 2003 xuống còn 75,1% năm 2004.",
            "Tỷ lệ tiết kiệm đã tăng từ 15% (thời kỳ 1992 - 1997) lên 22,5% (thời kỳ 1998 - 2002).",
            // "từ" without a change is a lower bound, no base
            "Có 12 xã đạt từ 80% trở lên.",
            // an estimate governs the rest of its sentence
            "Kim ngạch xuất khẩu dự kiến đạt 450 triệu USD, tăng 22% so với năm trước.",
        ],
    ));
    check(&facts, "76,6%", 0, Status::Reference, Some(2003));
    check(&facts, "75,1%", 0, Status::Actual, Some(2004));
    check(&facts, "15%", 0, Status::Reference, None);
    check(&facts, "22,5%", 0, Status::Actual, None);
    check(&facts, "từ 80% trở lên", 0, Status::Actual, Some(2004));
    check(&facts, "450 triệu USD", 0, Status::Target, Some(2004));
    check(&facts, "22%", 0, Status::Target, Some(2004));
}

#[test]
fn limits_of_a_rule_are_references_of_no_year() {
    let (_, facts) = run(&with_header(
        &["BÁO CÁO", "Kết quả đánh giá chất lượng phục vụ năm 2025"],
        &[
            "Các hồ sơ tiếp nhận sau 8 tiếng khi người dân nộp hồ sơ trực tuyến hoặc hồ sơ sau 15 ngày người dân không bổ sung bị tính là trễ hạn.",
            "+ Đang trong thời hạn 02 năm kể từ ngày hết thời hạn quản lý: 39 người;",
            "Đối với tiêu chí này, đã có 12 đơn vị sở, ngành đạt tối đa 18 điểm.",
            // a span that is no condition stays a result
            "Hệ thống hoạt động thông suốt 24/24 giờ trong ngày và 07 ngày trong tuần.",
        ],
    ));
    check(&facts, "8 tiếng", 0, Status::Reference, None);
    check(&facts, "15 ngày", 0, Status::Reference, None);
    check(&facts, "02 năm", 0, Status::Reference, None);
    check(&facts, "39 người", 0, Status::Actual, Some(2025));
    check(&facts, "12 đơn vị", 0, Status::Actual, Some(2025));
    check(&facts, "tối đa 18 điểm", 0, Status::Reference, None);
    check(&facts, "07 ngày", 0, Status::Actual, Some(2025));
}

#[test]
fn a_roadmap_is_a_target_of_its_year() {
    let (_, facts) = run(&with_header(
        REPORT_2023,
        &["Tiếp tục xây dựng xã, phường không ma túy theo lộ trình đến năm 2030, đạt 50% xã, phường không ma túy."],
    ));
    check(&facts, "50%", 0, Status::Target, Some(2030));
}

#[test]
fn an_amount_requested_as_an_addition_is_a_target() {
    // "xin bổ sung thêm 1 tỷ đồng": asking for more money is a plan, not a result
    let (_, facts) = run(&with_header(
        REPORT_2023,
        &["Hoàn trả tạm ứng theo Văn bản số 680/UBND-TH và xin bổ sung thêm 1 tỷ đồng."],
    ));
    assert_eq!(fact(&facts, "1 tỷ đồng", 0).status, Status::Target);
}

#[test]
fn a_target_cue_opening_a_block_governs_its_first_figure() {
    // no figure stands before "Phấn đấu": the cue is not the tail of a previous figure
    let (_, facts) = run(&with_header(
        REPORT_2023,
        &["Phấn đấu 100% hồ sơ được giải quyết đúng hạn."],
    ));
    assert_eq!(fact(&facts, "100%", 0).status, Status::Target);
}
