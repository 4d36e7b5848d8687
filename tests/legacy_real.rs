//! The real VNI file (a 2007 decision; the byte-faithful text layer of the original
//! .doc) decodes by auto-detection to its UTF-8 transcript.

use solieu::read::legacy::decode_legacy;
use unicode_normalization::UnicodeNormalization;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

/// Tokens of Word field codes and footnote separators that the transcript's
/// extractor wrote out and the .doc text layer does not hold.
const TRANSCRIPT_ONLY: [&str; 5] = ["EMBED", "Excel.Sheet.8", "PAGE", "\u{3}", "\u{4}"];

fn load() -> (String, String) {
    let bytes = std::fs::read(format!(
        "{DIR}/vpc_2007-Quy-che-chi-tieu-noi-bo-2007.vni-derived.txt"
    ))
    .unwrap();
    let want = std::fs::read_to_string(format!("{DIR}/vpc_2007-Quy-che-chi-tieu-noi-bo-2007.txt"))
        .unwrap();
    let (got, enc, conf) = decode_legacy(&bytes, None).expect("detected as Vietnamese");
    assert_eq!(enc, "vni");
    assert!(conf > 0.9, "confidence {conf}");
    (got, want)
}

/// NFC, CR/LF unified, runs of whitespace (tabs, NBSP) collapsed, ends trimmed.
fn norm_lines(text: &str) -> Vec<String> {
    let text: String = text.nfc().collect();
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn every_word_matches_the_transcript() {
    let (got, want) = load();
    let got: Vec<String> = got
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .map(String::from)
        .collect();
    let want: Vec<String> = want
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .filter(|t| !TRANSCRIPT_ONLY.contains(t))
        .map(String::from)
        .collect();
    assert!(got.len() > 5000);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(
            g,
            w,
            "word {i}: context {:?}",
            &got[i.saturating_sub(5)..(i + 5).min(got.len())]
        );
    }
    assert_eq!(got.len(), want.len());
}

/// Line numbers (1-based, in the decoded text) of lines that have no equal line in
/// the transcript, and why. All are layout, not decoding:
/// - formula tables (102-103, 242, 302, 307, 310-311, 336-337): the .doc text layer
///   keeps each formula row as one tab-separated line, the transcript puts each
///   cell on a line of its own;
/// - 418: the page number "16", which the transcript writes with its field code
///   ("PAGE 16").
///
/// Empty lines are not compared: the transcript has field codes ("EMBED
/// Excel.Sheet.8") and footnote separators (U+0003, U+0004) where the .doc text
/// layer has empty lines.
const LAYOUT_LINES: [usize; 10] = [102, 103, 242, 302, 307, 310, 311, 336, 337, 418];

#[test]
fn lines_match_the_transcript_except_layout() {
    let (got, want) = load();
    let (got, want) = (norm_lines(&got), norm_lines(&want));
    // Number the decoded lines, then drop empty lines on both sides.
    let numbered: Vec<(usize, String)> = got
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect();
    let got: Vec<String> = numbered.iter().map(|(_, l)| l.clone()).collect();
    let want: Vec<String> = want.into_iter().filter(|l| !l.is_empty()).collect();
    let matched = lcs_matched(&got, &want);
    let unmatched: Vec<usize> = (0..got.len())
        .filter(|&i| !matched[i])
        .map(|i| numbered[i].0)
        .collect();
    assert_eq!(unmatched, LAYOUT_LINES, "unexpected differing lines");
    assert!(
        matched.iter().filter(|&&m| m).count() >= 250,
        "most lines match"
    );
}

/// For each line of `a`, whether it is part of a longest common subsequence with `b`.
fn lcs_matched(a: &[String], b: &[String]) -> Vec<bool> {
    let (n, m) = (a.len(), b.len());
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if a[i] == b[j] {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    let mut matched = vec![false; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            matched[i] = true;
            i += 1;
            j += 1;
        } else if dp[i + 1][j] >= dp[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}
