//! The hand-written normalisation cases of `fixtures/normalise/cases.tsv`, and the
//! offset map, change list and match key checked on every one of them.

use solieu::model::{Block, BlockKind, CellPos, RawBlock, Run};
use solieu::normalise::{
    changes, match_key, normalise_block, normalise_text, NormaliseOptions, ToneStyle,
};
use unicode_normalization::UnicodeNormalization;

const CASES: &str = include_str!("../fixtures/normalise/cases.tsv");

struct Case {
    line: usize,
    input: String,
    expected: String,
    styles: Vec<ToneStyle>,
    note: String,
}

/// `\u{XXXX}`, `\t`, `\n`, `\r`, `\\`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'), "bad escape in {s:?}");
                let hex: String = it.by_ref().take_while(|&c| c != '}').collect();
                let cp = u32::from_str_radix(&hex, 16).expect("hex code point");
                out.push(char::from_u32(cp).expect("valid char"));
            }
            other => panic!("bad escape \\{other:?} in {s:?}"),
        }
    }
    out
}

fn cases() -> Vec<Case> {
    CASES
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() >= 3,
                "line {}: want input, expected, style, note: {l:?}",
                i + 1
            );
            let styles = match cols[2] {
                "both" => vec![ToneStyle::Traditional, ToneStyle::Modern],
                "trad" => vec![ToneStyle::Traditional],
                "modern" => vec![ToneStyle::Modern],
                s => panic!("line {}: unknown style {s:?}", i + 1),
            };
            Case {
                line: i + 1,
                input: unescape(cols[0]),
                expected: unescape(cols[1]),
                styles,
                note: cols.get(3).unwrap_or(&"").to_string(),
            }
        })
        .collect()
}

fn base_letter(c: char) -> char {
    let first = std::iter::once(c).nfd().next().unwrap_or(c);
    first.to_lowercase().next().unwrap_or(first)
}

/// What must hold for any input: the offset map is complete, monotonic and in range;
/// each letter and digit maps to a source char with the same base letter or digit;
/// every number maps back to the same text; the change list rebuilds the output.
fn check_invariants(source: &str, text: &str, offsets: &[u32]) -> Result<(), String> {
    let src: Vec<char> = source.chars().collect();
    let out: Vec<char> = text.chars().collect();
    if offsets.len() != out.len() + 1 {
        return Err(format!("{} offsets for {} chars", offsets.len(), out.len()));
    }
    if offsets.windows(2).any(|w| w[0] > w[1]) {
        return Err(format!("offsets not monotonic: {offsets:?}"));
    }
    if offsets.iter().any(|&o| o as usize > src.len()) {
        return Err(format!("offset past the source end: {offsets:?}"));
    }
    for (i, &c) in out.iter().enumerate() {
        if !c.is_alphanumeric() {
            continue;
        }
        let s = src[offsets[i] as usize];
        let lookalike = matches!(s, 'Ð' | 'ð') || ('\u{ff01}'..='\u{ff5e}').contains(&s);
        if !lookalike && base_letter(s) != base_letter(c) {
            return Err(format!("char {i} {c:?} maps to source {s:?}"));
        }
    }
    // Numbers ("1.234,5", "17.641.000") come back exactly, unless typed in fullwidth.
    let mut i = 0;
    while i < out.len() {
        if !out[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.len()
            && (out[i].is_ascii_digit()
                || ((out[i] == '.' || out[i] == ',')
                    && out.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
        {
            i += 1;
        }
        let number: String = out[start..i].iter().collect();
        let back: String = src[offsets[start] as usize..offsets[i] as usize]
            .iter()
            .collect();
        if back != number && !back.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c)) {
            return Err(format!("number {number:?} maps back to {back:?}"));
        }
    }
    let block = Block {
        text: text.to_string(),
        offsets: offsets.to_vec(),
        ..Block::default()
    };
    let mut rebuilt = String::new();
    let mut at = 0;
    for ch in changes(source, &block) {
        if ch.source_start < at
            || src[ch.source_start..ch.source_end]
                .iter()
                .collect::<String>()
                != ch.from
        {
            return Err(format!("bad change {ch:?}"));
        }
        rebuilt.extend(&src[at..ch.source_start]);
        rebuilt.push_str(&ch.to);
        at = ch.source_end;
    }
    rebuilt.extend(&src[at..]);
    if rebuilt != text {
        return Err(format!("changes rebuild {rebuilt:?}, not {text:?}"));
    }
    Ok(())
}

#[test]
fn every_case() {
    let cases = cases();
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        for &style in &case.styles {
            let (text, offsets) = normalise_text(&case.input, style);
            if text != case.expected {
                failures.push(format!(
                    "line {} ({:?}, {}): {:?} gave {:?}, want {:?}",
                    case.line, style, case.note, case.input, text, case.expected
                ));
            }
            if let Err(e) = check_invariants(&case.input, &text, &offsets) {
                failures.push(format!(
                    "line {} ({:?}, {}): {:?}: {e}",
                    case.line, style, case.note, case.input
                ));
            }
            // Normalising twice changes nothing more.
            let again = normalise_text(&text, style).0;
            if again != text {
                failures.push(format!(
                    "line {}: not idempotent: {text:?} -> {again:?}",
                    case.line
                ));
            }
        }
    }
    println!("{} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn nfd_cluster_maps_to_its_start() {
    // "Thu" + e + circumflex + acute: the normalised "ế" (index 3) is source 3..6.
    let source = "Thue\u{302}\u{301} 1.234,5 tỷ";
    let (text, offsets) = normalise_text(source, ToneStyle::Traditional);
    assert_eq!(text, "Thuế 1.234,5 tỷ");
    assert_eq!(&offsets[..6], &[0, 1, 2, 3, 6, 7]);
    // The number's span [5, 12) maps to source [7, 14), the same text.
    let src: Vec<char> = source.chars().collect();
    assert_eq!(
        src[offsets[5] as usize..offsets[12] as usize]
            .iter()
            .collect::<String>(),
        "1.234,5"
    );
    assert_eq!(*offsets.last().unwrap(), src.len() as u32);
}

#[test]
fn offsets_skip_deleted_and_collapsed_text() {
    let source = "\u{feff}  Tổng\u{a0}\u{a0}số: 237\u{200b} người  ";
    let (text, offsets) = normalise_text(source, ToneStyle::Traditional);
    assert_eq!(text, "Tổng số: 237 người");
    let src: Vec<char> = source.chars().collect();
    let span = |s: usize, e: usize| {
        src[offsets[s] as usize..offsets[e] as usize]
            .iter()
            .collect::<String>()
    };
    assert_eq!(span(0, 4), "Tổng");
    // A span ends where the next kept char starts: deleted chars in between come along.
    assert_eq!(span(9, 12), "237\u{200b}");
    assert_eq!(span(13, 18), "người");
    // Past the end is the end of "người", not of the trailing spaces.
    assert_eq!(offsets[18] as usize, src.len() - 2);
}

#[test]
fn ellipsis_chars_share_their_source() {
    let (text, offsets) = normalise_text("a… b", ToneStyle::Traditional);
    assert_eq!(text, "a... b");
    assert_eq!(offsets, vec![0, 1, 1, 1, 2, 3, 4]);
}

#[test]
fn block_keeps_kind_and_heading_and_joins_runs() {
    let raw = RawBlock {
        kind: BlockKind::Cell(CellPos {
            table: 1,
            row: 2,
            col: 3,
            ..CellPos::default()
        }),
        runs: vec![
            Run {
                text: "Tỷ lệ hộ ngh".into(),
                font: None,
            },
            Run {
                text: "e\u{300}o:\u{a0}".into(),
                font: Some("Times New Roman".into()),
            },
            Run {
                text: " 1,76%".into(),
                font: None,
            },
        ],
        heading_level: Some(2),
        style: Some("Heading2".into()),
    };
    let b = normalise_block(&raw, 7, &NormaliseOptions::default());
    assert_eq!(b.id, 7);
    assert_eq!(b.kind, raw.kind);
    assert_eq!(b.heading_level, Some(2));
    assert!(b.section.is_empty());
    assert_eq!(b.text, "Tỷ lệ hộ nghèo: 1,76%");
    assert_eq!(b.source_offset(16), 18); // "1" of 1,76 after "e" + grave and two spaces
    check_invariants(&raw.text(), &b.text, &b.offsets).unwrap();
}

#[test]
fn change_list_for_diff() {
    let source = "Ðảm baỏ chất lựơng  “tốt”";
    let (text, offsets) = normalise_text(source, ToneStyle::Traditional);
    let block = Block {
        text,
        offsets,
        ..Block::default()
    };
    let list: Vec<(usize, usize, String, String)> = changes(source, &block)
        .into_iter()
        .map(|c| (c.source_start, c.source_end, c.from, c.to))
        .collect();
    assert_eq!(
        list,
        vec![
            (0, 1, "Ð".into(), "Đ".into()),
            (5, 7, "aỏ".into(), "ảo".into()),
            (14, 16, "ựơ".into(), "ượ".into()),
            (18, 21, "  “".into(), " \"".into()),
            (24, 25, "”".into(), "\"".into()),
        ]
    );
}

#[test]
fn match_key_folds_style_case_spelling_and_spaces() {
    let same = [
        ("Tỷ lệ hộ nghèo", "tỉ lệ  hộ nghèo"),
        ("TỶ LỆ HỘ NGHÈO", "tỷ lệ hộ nghèo"),
        ("Kỹ thuật", "kĩ thuật"),
        ("lý luận chính trị", "Lí luận chính trị"),
        ("Thủy lợi", "thuỷ lợi"),
        ("Ủy ban nhân dân", "UỶ BAN NHÂN DÂN"),
        ("Sức khỏe", "sức khoẻ"),
        ("Quý IV", "quí IV"),
        ("Vie\u{302}\u{323}t Nam", "Việt Nam"),
        ("Lao động – Thương binh", "lao động - thương binh"),
        ("chất lựơng", "chất lượng"),
    ];
    for (a, b) in same {
        assert_eq!(match_key(a), match_key(b), "{a:?} vs {b:?}");
    }
    let different = [
        ("tỷ", "tý"),
        ("y tế", "i tế"),
        ("hòa", "hoa"),
        ("người", "ngươi"),
    ];
    for (a, b) in different {
        assert_ne!(match_key(a), match_key(b), "{a:?} vs {b:?}");
    }
    assert_eq!(match_key("  Tỷ lệ\nlao động  "), "tỉ lệ lao động");
}

/// Not a pass/fail test: prints the normaliser's throughput on the seed report.
#[test]
fn throughput_on_seed() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/gold/../../corpus/000_e77d1e97e7429ec4.txt");
    let text = std::fs::read_to_string(&path)
        .or_else(|_| std::fs::read_to_string("/work/shared/seeds/000_e77d1e97e7429ec4.txt"))
        .expect("seed report");
    let lines: Vec<&str> = text.lines().collect();
    let rounds = if cfg!(debug_assertions) { 5 } else { 200 };
    let start = std::time::Instant::now();
    let mut chars = 0usize;
    for _ in 0..rounds {
        for l in &lines {
            chars += normalise_text(l, ToneStyle::Traditional).0.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (text.len() * rounds) as f64 / 1e6;
    println!(
        "normalise: {mb:.1} MB in {secs:.3} s = {:.1} MB/s ({} build; {chars} bytes out)",
        mb / secs,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
}

/// Every line of the UTF-8 .txt reports in `corpus/` keeps the offset invariants and is
/// stable under a second pass; the letter changes (tone moves) made there are printed.
#[test]
fn corpus_lines_hold_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut lines = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for line in text.lines() {
            lines += 1;
            for style in [ToneStyle::Traditional, ToneStyle::Modern] {
                let (norm, offsets) = normalise_text(line, style);
                if let Err(e) = check_invariants(line, &norm, &offsets) {
                    panic!("{}: {line:?}: {e}", path.display());
                }
                assert_eq!(
                    normalise_text(&norm, style).0,
                    norm,
                    "not idempotent on {line:?}"
                );
            }
            let (norm, offsets) = normalise_text(line, ToneStyle::Traditional);
            let block = Block {
                text: norm,
                offsets,
                ..Block::default()
            };
            for c in changes(line, &block)
                .iter()
                .filter(|c| c.from.chars().any(char::is_alphabetic))
            {
                println!(
                    "{}: {:?} -> {:?}",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    c.from,
                    c.to
                );
            }
        }
    }
    assert!(lines > 300, "read only {lines} lines");
}

/// Hostile input: long runs of marks, controls and odd chars stay fast and never panic.
#[test]
fn hostile_input_is_handled() {
    let marks: String = std::iter::once('a')
        .chain((0..100_000).flat_map(|_| ['\u{301}', '\u{302}']))
        .collect();
    let start = std::time::Instant::now();
    let (text, offsets) = normalise_text(&marks, ToneStyle::Traditional);
    assert!(
        start.elapsed().as_secs() < 5,
        "mark run took {:?}",
        start.elapsed()
    );
    assert_eq!(offsets.len(), text.chars().count() + 1);
    let odd = "\u{0}\u{7f}\u{85}\u{301}\u{10ffff}\u{fffd}\u{ff5e}\u{ff01}Ð\u{2028}\u{2029}\u{200d}ǅ ᾈ ﬀ \u{e000}";
    let (text, offsets) = normalise_text(odd, ToneStyle::Modern);
    check_invariants(odd, &text, &offsets).unwrap();
    for s in [
        "",
        " ",
        "\n",
        "\u{301}",
        "\u{feff}",
        "a\u{301}\u{301}\u{301}",
        "qu",
        "gi",
        "ngh",
        "ươ",
    ] {
        let (text, offsets) = normalise_text(s, ToneStyle::Traditional);
        check_invariants(s, &text, &offsets).unwrap();
        let _ = match_key(s);
    }
}
