//! Labels of prose facts on short real sentences: the words a label must hold (and must not),
//! decided by reading each sentence.

mod block_support;

use block_support::facts_of;
use solieu::model::Fact;

/// The label of the fact whose raw text is `raw`.
fn label<'a>(facts: &'a [Fact], raw: &str) -> &'a str {
    let f = facts
        .iter()
        .find(|f| f.raw == raw)
        .unwrap_or_else(|| panic!("no fact {raw:?} in {facts:#?}"));
    f.label.as_deref().unwrap_or("")
}

fn holds(label: &str, words: &[&str], not: &[&str]) {
    let low = label.to_lowercase();
    for w in words {
        assert!(low.contains(w), "{label:?} lacks {w:?}");
    }
    for w in not {
        assert!(!low.contains(w), "{label:?} holds {w:?}");
    }
}

#[test]
fn a_second_count_after_one_verb_names_its_own_noun() {
    let f = facts_of(
        "Năm 2012, đã phát hiện, bắt giữ 268 vụ, 494 đối tượng phạm các tội về ma túy. \
         So với năm 2011 tăng 59 vụ (268/209), 88 đối tượng (494/406).",
    );
    holds(label(&f, "494 đối tượng"), &["đối tượng", "bắt giữ"], &[]);
    // the same nouns counted again: the subject of the first count, and the change
    holds(label(&f, "59 vụ"), &["vụ", "bắt giữ", "tăng"], &[]);
    holds(
        label(&f, "88 đối tượng"),
        &["đối tượng", "bắt giữ"],
        &[": )", "vụ:"],
    );
    holds(label(&f, "494/406"), &["đối tượng", "bắt giữ"], &[]);
}

#[test]
fn a_heading_before_a_colon_names_each_count_of_its_list() {
    let f = facts_of("Tàng trữ trái phép chất ma túy: 422 vụ, 536 đối tượng.");
    holds(
        label(&f, "536 đối tượng"),
        &["đối tượng", "tàng trữ"],
        &["422"],
    );
}

#[test]
fn a_count_of_what_the_first_count_holds_keeps_that_figure() {
    let f =
        facts_of("Tổ chức có hiệu quả 27 phiên giao dịch việc làm, 6.137 lượt lao động tham gia.");
    holds(
        label(&f, "6.137 lượt lao động"),
        &["lượt lao động tham gia", "phiên giao dịch việc làm"],
        &[],
    );
}

#[test]
fn a_year_after_a_percent_does_not_name_it() {
    let f =
        facts_of("Tỷ trọng của ngành nông nghiệp giảm từ 76,6% năm 2003 xuống còn 75,5% năm 2004.");
    holds(
        label(&f, "76,6%"),
        &["tỷ trọng của ngành nông nghiệp"],
        &["từ"],
    );
    holds(label(&f, "75,5%"), &["tỷ trọng của ngành nông nghiệp"], &[]);
}

#[test]
fn the_base_of_a_share_belongs_to_it_not_to_the_next_figure() {
    let f = facts_of(
        "Nông, lâm, ngư nghiệp và thủy sản chiếm khoảng 13,6% tổng vốn đầu tư toàn xã hội, \
         tăng 18,3 - 20,3%; công nghiệp và xây dựng chiếm 44,2% tổng vốn, tăng 18 - 20%.",
    );
    holds(label(&f, "44,2%"), &["công nghiệp và xây dựng"], &[]);
    holds(label(&f, "18 - 20%"), &["công nghiệp và xây dựng"], &[]);
    holds(label(&f, "18,3 - 20,3%"), &["thủy sản"], &[]);
}

#[test]
fn a_bracket_after_the_words_of_a_count_speaks_of_that_count() {
    let f = facts_of(
        "3.178.002 dữ liệu chủ sử dụng đất có thông tin khớp (chiếm tỷ lệ 75%), 920.836 trường \
         hợp không có thông tin (chiếm tỷ lệ 21,8%), cần phải thu thập; 130.812 trường hợp lệch \
         thông tin cần phải xác minh, làm sạch (chiếm tỷ lệ 3,2%).",
    );
    holds(
        label(&f, "920.836 trường hợp"),
        &["trường hợp không có thông tin"],
        &["khớp"],
    );
    holds(label(&f, "3,2%"), &["trường hợp lệch thông tin"], &[]);
}

#[test]
fn a_share_of_gdp_is_named_by_its_subject_and_a_footnote_number_is_no_word() {
    let f = facts_of("Vốn đầu tư toàn xã hội đạt 35,4% GDP (kế hoạch đề ra là 36%).");
    holds(label(&f, "35,4%"), &["vốn đầu tư toàn xã hội", "gdp"], &[]);
    let f = facts_of("22 Trong đó Nhật Bản ước tăng 10,5%.");
    holds(label(&f, "10,5%"), &["nhật bản"], &["22", "trong đó"]);
}

#[test]
fn words_closed_by_a_bracket_belong_to_the_figure_before() {
    let f = facts_of(
        "Tính đến nay, đã phát sinh 69.971 hồ sơ dịch vụ công liên thông (48.865 hồ sơ đăng ký \
         khai sinh và 21.106 hồ sơ đăng ký khai tử), trong đó: 49.890 hồ sơ đã trả kết quả.",
    );
    holds(
        label(&f, "49.890 hồ sơ"),
        &["hồ sơ", "trả kết quả"],
        &["khai tử", ")"],
    );
}

#[test]
fn a_bare_count_before_words_counts_those_words() {
    let f = facts_of(
        "Sở Tư pháp đã thực hiện in, ấn 9.000 túi xách có chứa nội dung tuyên truyền pháp luật.",
    );
    holds(label(&f, "9.000"), &["túi xách", "in, ấn"], &[]);
}

#[test]
fn after_a_bracket_holding_another_figure_the_words_before_it_name_the_next() {
    let f = facts_of(
        "Tổng kế hoạch vốn năm 2025 ngân sách tỉnh (không bao gồm nguồn Trung ương mới giao \
         3.438 triệu đồng) là 17.715.000 triệu đồng.",
    );
    holds(
        label(&f, "17.715.000 triệu đồng"),
        &["tổng kế hoạch vốn"],
        &[")"],
    );
}

#[test]
fn one_word_after_a_colon_is_an_item_of_the_heading_before_it() {
    let f = facts_of("Giới tính: nam: 1800, nữ: 122.");
    holds(label(&f, "1800"), &["giới tính", "nam"], &[]);
    // more words after the colon name the figure alone
    let f = facts_of("Về trình độ chuyên môn: Trên Đại học 21 người.");
    holds(label(&f, "21 người"), &["trên đại học"], &["chuyên môn"]);
}

#[test]
fn items_of_a_list_after_a_colon_share_its_heading() {
    let f = facts_of(
        "Tang vật thu giữ: 23,2584kg ma túy tổng hợp; 78 viên thuốc lắc; 2,64kg Heroin; 06 khẩu \
         súng.",
    );
    holds(label(&f, "2,64kg"), &["tang vật thu giữ", "heroin"], &[]);
    holds(label(&f, "06 khẩu"), &["tang vật thu giữ", "súng"], &[]);
    // items that carry their own colon are no items of one heading
    let f = facts_of("Độ tuổi: từ 14 tuổi đến dưới 16 tuổi: 00; từ đủ 18 tuổi đến 30 tuổi: 629.");
    holds(label(&f, "629"), &["18 tuổi đến 30 tuổi"], &["16 tuổi"]);
}

#[test]
fn a_series_of_years_across_semicolons_keeps_its_subject() {
    let f = facts_of(
        "Năm 2000, hàng qua chế biến chiếm 44,2 % tổng giá trị xuất khẩu, năm 2001: 46,7%; \
         năm 2002: 50,4 %; năm 2003: 55%.",
    );
    holds(label(&f, "50,4 %"), &["hàng qua chế biến"], &[]);
    holds(label(&f, "55%"), &["hàng qua chế biến"], &[]);
}

#[test]
fn a_plan_in_brackets_after_a_figure_is_the_plan_of_that_figure() {
    let f = facts_of("Vốn đầu tư toàn xã hội đạt 35,4% GDP (kế hoạch đề ra là 36%).");
    holds(
        label(&f, "36%"),
        &["vốn đầu tư toàn xã hội", "kế hoạch"],
        &[],
    );
}

#[test]
fn a_dot_inside_a_web_address_ends_no_sentence() {
    let f =
        facts_of("Đã cập nhật hồ sơ cá nhân trên hệ thống CSDL ngành csdl.moet.gov.vn đạt 94,6%.");
    holds(label(&f, "94,6%"), &["hồ sơ cá nhân"], &[]);
}
