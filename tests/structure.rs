//! Sections from `structure::annotate` against the hand-checked gold of the seed report.

use solieu::model::{Block, BlockKind, CellPos, RawBlock, Run};
use solieu::normalise::{normalise_block, normalise_text, NormaliseOptions, ToneStyle};
use solieu::structure::{annotate, clauses, sentences};

const SEED: &str = "/work/shared/seeds/000_e77d1e97e7429ec4.txt";

fn seed_text() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_e77d1e97e7429ec4.txt");
    let bytes = std::fs::read(&path)
        .or_else(|_| std::fs::read(SEED))
        .expect("seed report");
    let text = String::from_utf8(bytes).expect("seed is UTF-8");
    text.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

/// One paragraph block per line, as the .txt reader gives them.
fn seed_blocks() -> Vec<Block> {
    let opts = NormaliseOptions::default();
    let mut blocks: Vec<Block> = seed_text()
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let raw = RawBlock {
                runs: vec![Run {
                    text: line.to_string(),
                    font: None,
                }],
                ..RawBlock::default()
            };
            normalise_block(&raw, i as u32, &opts)
        })
        .collect();
    annotate(&mut blocks);
    blocks
}

/// The gold's section with its explanatory parentheses dropped:
/// "Phần thứ hai > I > 2 (bảng, dòng a)" -> "Phần thứ hai > I > 2".
fn strip_notes(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split(" > ")
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" > ")
}

#[test]
fn seed_sections_match_gold() {
    let blocks = seed_blocks();
    let gold_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/gold/000_e77d1e97e7429ec4.facts.jsonl");
    let gold = std::fs::read_to_string(gold_path).expect("gold facts");
    let (mut agree, mut total, mut cursor) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let fact: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
        // Gold contexts keep the source's curly quotes and en dashes: compare normalised.
        let context = normalise_text(
            fact["context"].as_str().unwrap_or_default(),
            ToneStyle::Traditional,
        )
        .0;
        // A context that runs over two lines: keep the line that holds the fact.
        let raw = normalise_text(
            fact["raw"].as_str().unwrap_or_default(),
            ToneStyle::Traditional,
        )
        .0;
        let context = context
            .split('\n')
            .find(|l| l.contains(&raw))
            .unwrap_or(&context);
        let want = strip_notes(fact["section"].as_str().unwrap_or_default());
        // Gold facts are in reading order: look from the last match on ("100" is in many cells).
        let found = (cursor..blocks.len())
            .chain(0..cursor)
            .find(|&i| blocks[i].text.contains(context));
        let Some(block) = found.map(|i| {
            cursor = i;
            &blocks[i]
        }) else {
            panic!("gold context not found in any normalised block: {context:?}");
        };
        total += 1;
        let got = block.section.join(" > ");
        if got == want {
            agree += 1;
        } else {
            disagreements.push(format!(
                "  want {want:?} got {got:?} in {:?}",
                context.chars().take(50).collect::<String>()
            ));
        }
    }
    println!("sections agree on {agree} of {total} gold facts");
    for d in &disagreements {
        println!("{d}");
    }
    assert_eq!(total, 154);
    // Ratchet: raise as structure improves, never lower.
    assert!(agree >= 152, "only {agree} of {total} sections agree");
}

#[test]
fn headings_and_list_items() {
    let blocks = seed_blocks();
    let find = |prefix: &str| {
        blocks
            .iter()
            .find(|b| b.text.starts_with(prefix))
            .expect(prefix)
    };
    assert_eq!(find("Phần thứ nhất").section, ["Phần thứ nhất"]);
    assert_eq!(find("I. TÌNH HÌNH").section, ["Phần thứ nhất", "I"]);
    assert_eq!(
        find("b) Tổng số công chức").section,
        ["Phần thứ nhất", "I", "1", "b"]
    );
    assert_eq!(
        find("đ) Lĩnh vực Lao động").section,
        ["Phần thứ nhất", "II", "1", "đ"]
    );
    // "10." after "9." and the second "II." resets the Arabic level.
    assert_eq!(
        find("10. Về công tác thi đua").section,
        ["Phần thứ nhất", "II", "10"]
    );
    assert_eq!(find("II. TỒN TẠI").section, ["Phần thứ nhất", "II"]);
    assert_eq!(find("Phần thứ hai").section, ["Phần thứ hai"]);
    // A bare "a)" of the flattened table is a row key, not a heading.
    let row = blocks
        .iter()
        .find(|b| b.text == "a)")
        .expect("table row key");
    assert_eq!(row.section, ["Phần thứ hai", "I", "2"]);
}

fn para(text: &str, heading_level: Option<u8>) -> Block {
    let raw = RawBlock {
        runs: vec![Run {
            text: text.into(),
            font: None,
        }],
        heading_level,
        ..RawBlock::default()
    };
    normalise_block(&raw, 0, &NormaliseOptions::default())
}

fn cell(text: &str, row: u32, col: u32) -> Block {
    let raw = RawBlock {
        kind: BlockKind::Cell(CellPos {
            table: 0,
            row,
            col,
            ..CellPos::default()
        }),
        runs: vec![Run {
            text: text.into(),
            font: None,
        }],
        ..RawBlock::default()
    };
    normalise_block(&raw, 0, &NormaliseOptions::default())
}

#[test]
fn cells_keep_the_section_before_their_table() {
    let mut blocks = vec![
        para("PHẦN THỨ HAI", None),
        para("I. NHIỆM VỤ", None),
        para("3. Chỉ tiêu về thi đua – khen thưởng", None),
        cell("TT", 0, 0),
        cell("a)", 1, 0),
        // A cell that looks like a heading does not open a section.
        cell("b) Tập thể lao động xuất sắc: 05 đơn vị", 2, 1),
        cell("1. Tỷ lệ", 3, 1),
        para("4. Về chăm lo đời sống", None),
    ];
    annotate(&mut blocks);
    let want = ["Phần thứ hai", "I", "3"];
    for b in &blocks[3..7] {
        assert_eq!(b.section, want, "{:?}", b.text);
    }
    assert_eq!(blocks[7].section, ["Phần thứ hai", "I", "4"]);
}

#[test]
fn styled_headings_without_typed_markers() {
    let mut blocks = vec![
        para("Phần I", None),
        para("KẾT QUẢ THỰC HIỆN", Some(1)),
        para("Công tác chuyên môn", Some(2)),
        para("Năm 2023 có 237 người.", None),
        para("Tồn tại", Some(2)),
        para("Một số tồn tại.", None),
    ];
    annotate(&mut blocks);
    assert_eq!(blocks[0].section, ["Phần I"]);
    assert_eq!(
        blocks[3].section,
        ["Phần I", "KẾT QUẢ THỰC HIỆN", "Công tác chuyên môn"]
    );
    assert_eq!(
        blocks[5].section,
        ["Phần I", "KẾT QUẢ THỰC HIỆN", "Tồn tại"]
    );
}

#[test]
fn styles_are_ignored_where_markers_are_typed() {
    // Real reports put heading styles on bullets: typed markers are trusted instead.
    let mut blocks = vec![
        para("I. KẾT QUẢ CÁC MẶT CÔNG TÁC", Some(1)),
        para("2. VỀ HOÀN THIỆN THỂ CHẾ", None),
        para(
            "+ Tồn tại, hạn chế, khó khăn, vướng mắc: Công tác triển khai chủ yếu",
            Some(1),
        ),
        para("3. VỀ CẢI CÁCH TTHC", None),
        para("Tiếp nhận 257.942 hồ sơ trực tuyến.", None),
    ];
    annotate(&mut blocks);
    assert_eq!(blocks[2].section, ["I", "2"]);
    assert_eq!(blocks[4].section, ["I", "3"]);
}

#[test]
fn footnotes_have_no_section_and_deeper_markers_reset() {
    let mut blocks = vec![
        para("I. A", None),
        para("1. B", None),
        para("1.1. C", None),
        para("a) D có 5 người", None),
        para("2. E", None),
        para("b) F", None),
        para("II. G", None),
        para("đ) H", None),
    ];
    let raw = RawBlock {
        kind: BlockKind::Footnote,
        runs: vec![Run {
            text: "1. Theo số liệu".into(),
            font: None,
        }],
        ..RawBlock::default()
    };
    blocks.push(normalise_block(&raw, 8, &NormaliseOptions::default()));
    annotate(&mut blocks);
    assert_eq!(blocks[3].section, ["I", "1", "1.1", "a"]);
    assert_eq!(blocks[4].section, ["I", "2"]);
    assert_eq!(blocks[5].section, ["I", "2", "b"]);
    assert_eq!(blocks[6].section, ["II"]);
    assert_eq!(blocks[7].section, ["II", "đ"]);
    assert!(blocks[8].section.is_empty());
}

#[test]
fn seed_sentences_keep_numbers_and_symbols_whole() {
    let blocks = seed_blocks();
    let mut checked = 0;
    for b in &blocks {
        let chars: Vec<char> = b.text.chars().collect();
        for (s, e) in sentences(&b.text) {
            // No sentence starts or ends inside a token ("17.034", "21/BC", "TP.HCM").
            assert!(
                s == 0 || chars[s - 1].is_whitespace(),
                "starts mid-token in {:?}",
                b.text
            );
            assert!(
                e == chars.len() || chars[e].is_whitespace(),
                "ends mid-token in {:?}",
                b.text
            );
            checked += 1;
        }
    }
    assert!(checked > 200);
    let text = "Kết quả năm 2023, đã hoàn thành đúng tiến độ, chất lượng 17/17 chỉ tiêu nhiệm vụ của Ngành. Trong đó, 04 chỉ tiêu kinh tế - xã hội được giao đều đạt.";
    assert_eq!(sentences(text).len(), 2);
    let one = "Số: 21/BC-CĐSLĐTBXH ngày 09/01/2024 tại TP.HCM gồm 17.034 người, chiếm 54,85%; các đơn vị khác v.v. Tổng cộng 2.050 người...";
    assert_eq!(sentences(one), vec![(0, one.chars().count())]);
    assert_eq!(clauses(one).len(), 2);
}

#[test]
fn legal_divisions_chapter_article_clause() {
    // Lines as in the 2007 Quy chế chi tiêu nội bộ (corpus/vpc_2007-...txt).
    let mut blocks = vec![
        para(
            "Điều 1 : Nay ban hành kèm theo Quyết định này Quy chế chi tiêu nội bộ",
            None,
        ),
        para("Chương I", None),
        para("NHỮNG QUY ĐỊNH CHUNG", None),
        para("Điều 1: Mục đích; nguyên tắc và căn cứ xây dựng:", None),
        para("Chương IV :", None),
        para("Điều 14 : Định mức tiêu hao nhiên liệu:", None),
        para("- Xe 7 chỗ: 15lit/100km", None),
        para("Điều 16: Chế độ công tác phí", None),
        para("1. Phụ cấp lưu trú: 40.000đ/ngày/người", None),
        para("a) Đi trong tỉnh: 30.000đ", None),
        para("Căn cứ Điều 5 của Luật Ngân sách nhà nước", None),
    ];
    annotate(&mut blocks);
    assert_eq!(blocks[0].section, ["Điều 1"]);
    assert_eq!(blocks[2].section, ["Chương I"]);
    assert_eq!(blocks[6].section, ["Chương IV", "Điều 14"]);
    assert_eq!(blocks[8].section, ["Chương IV", "Điều 16", "1"]);
    assert_eq!(blocks[9].section, ["Chương IV", "Điều 16", "1", "a"]);
    // A reference to an article in running text is not a heading.
    assert_eq!(blocks[10].section, ["Chương IV", "Điều 16", "1", "a"]);
}
