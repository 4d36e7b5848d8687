//! Texts without full stops or line ends: a report whose line ends were lost, or a list of
//! thousands of items in one sentence. Each figure reads a bounded stretch of text before it,
//! so such a text takes time and output in proportion to its length; these tests check what
//! the figures of such texts are (their speed is in `benches/stages.rs`, group `long_line`).

use solieu::{process_bytes, Format, Options};

fn facts_of(text: &str) -> Vec<solieu::model::Fact> {
    let record = process_bytes(
        "long.txt",
        text.as_bytes(),
        Format::Txt,
        &Options::default(),
    );
    assert!(record.error.is_none(), "{:?}", record.error);
    record.facts
}

#[test]
fn every_item_of_a_long_semicolon_list_is_under_its_heading() {
    // "Tang vật thu giữ: 1 viên thuốc lắc; 2 viên thuốc lắc; …; 3000 viên thuốc lắc"
    let items: Vec<String> = (1..=3000).map(|i| format!("{i} viên thuốc lắc")).collect();
    let text = format!("Tang vật thu giữ: {}\n", items.join("; "));
    let facts = facts_of(&text);
    assert_eq!(facts.len(), 3000);
    for (i, f) in facts.iter().enumerate() {
        assert_eq!(f.value, (i + 1) as f64);
        assert_eq!(f.unit.as_deref(), Some("viên"));
    }
    // the first item holds the heading itself; every later one is under it
    assert_eq!(
        facts[0].label.as_deref(),
        Some("viên thuốc lắc (Tang vật thu giữ)")
    );
    for f in &facts[1..] {
        assert_eq!(
            f.label.as_deref(),
            Some("Tang vật thu giữ: viên thuốc lắc"),
            "{}",
            f.raw
        );
    }
}

#[test]
fn a_long_run_of_brackets_does_not_grow_its_labels_without_end() {
    // "( khối 1 người ( khối 2 người …": each bracket takes the label of the one before as
    // its subject; 5,000 of them once made labels of 30,000 chars (101 MB of output)
    let text: String = (1..=5000).map(|i| format!("( khối {i} người ")).collect();
    let facts = facts_of(&text);
    assert_eq!(facts.len(), 5000);
    assert_eq!(facts[0].label.as_deref(), Some("khối"));
    assert_eq!(facts[1].label.as_deref(), Some("khối: khối"));
    let longest = facts
        .iter()
        .map(|f| f.label.as_deref().map_or(0, |l| l.chars().count()))
        .max();
    assert!(longest <= Some(1024), "{longest:?}");
}
