//! Extraction on the real reports of `corpus/` that have hand-checked gold, scored by
//! `solieu::eval` exactly as `solieu eval` does. Each document keeps the precision and recall it
//! reached; the bars only go up (raise them when the extractor improves, never lower them).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use solieu::eval::{find_gold, score_document, DocumentScore};
use solieu::normalise::ToneStyle;
use solieu::pipeline::{process_path, Options};

/// (document, precision bar, recall bar), reached on 2026-11-28.
const BARS: &[(&str, f64, f64)] = &[
    ("corpus/vbai_6.11.2025 Báo cáo họp 766 (1).docx", 0.99, 1.0),
    ("corpus/vbai_BAO CAO CCHC NAM 2025.docx", 0.985, 0.99),
    (
        "corpus/vbai_Bao cao cac chi so cua tinh 06.11s.docx",
        0.99,
        1.0,
    ),
    (
        "corpus/vbai_Bao cao cham diem PAR Index Lam Dong 2025.docx",
        0.99,
        0.99,
    ),
    (
        "corpus/vbai_QĐ công bố Chỉ số CCHC sở ngành địa phương năm 2025 done.docx",
        1.0,
        1.0,
    ),
    ("corpus/vbai_Phu luc kem BC CCHC nam 2025.docx", 0.97, 0.98),
    (
        "corpus/vbai_Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx",
        1.0,
        1.0,
    ),
    ("corpus/vbai_BÁO CÁO ĐỀ ÁN 06 THÁNG 11.docx", 0.98, 1.0),
    ("corpus/vbai_BC tháng 3.2026 BCĐ tỉnh.docx", 1.0, 1.0),
    (
        "corpus/vbai_BÁO CÁO TỔNG KẾT CÔNG TÁC MA TUY UBND TỈNH.docx",
        0.97,
        0.96,
    ),
    ("corpus/vbai_Báo cáo tóm tắt.docx", 0.98, 0.98),
    ("corpus/vpc_2006-Mau21_CKTC_NSH.txt", 1.0, 1.0),
    ("corpus/vbai_BC TỔNG KÊT CHIẾN LƯỢC PCMT.docx", 0.99, 0.99),
    ("corpus/p08_BAO_CAO_THANG_5.docx", 1.0, 0.83),
    (
        "corpus/p08_2. Cac Bước thực hiện ho so lien quan den thu tuc ky ket TULĐTT 2025-2028. Của CĐCS ..công ty...docx",
        1.0,
        1.0,
    ),
    ("corpus/vpc_2006-Mau22_CKTC_NSH.txt", 1.0, 1.0),
    // Ten tab-separated FDI tables, read as tables since the .txt reader knows them.
    ("corpus/vpc_2005-34448_Data_08-2005_Website.txt", 1.0, 1.0),
    (
        "corpus/vpc_2007-Quy-che-chi-tieu-noi-bo-2007.txt",
        1.0,
        1.0,
    ),
    (
        "corpus/vpc_2007-Quy-che-chi-tieu-noi-bo-2007.vni-derived.txt",
        1.0,
        1.0,
    ),
    (
        "corpus/vpc_2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.txt",
        0.985,
        0.985,
    ),
];

/// Every document of `corpus/` with gold, read and scored once for the tests of this file:
/// (path as `corpus/<name>`, its score), sorted by path.
fn scored_corpus() -> &'static [(String, DocumentScore)] {
    static SCORED: OnceLock<Vec<(String, DocumentScore)>> = OnceLock::new();
    SCORED.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let gold_dir = root.join("fixtures/gold");
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(root.join("corpus"))
            .expect("corpus/ reads")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        inputs.sort();
        inputs
            .par_iter()
            .filter_map(|path| {
                let rel = format!(
                    "corpus/{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                let gold = find_gold(&gold_dir, Path::new(&rel)).ok()??;
                let record = process_path(path, &rel, &Options::default());
                let score = score_document(&record, &gold, ToneStyle::Traditional);
                Some((rel, score))
            })
            .collect()
    })
}

#[test]
fn real_reports_hold_their_bars() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scored = scored_corpus();
    let mut failures = Vec::new();
    for (input, p_bar, r_bar) in BARS {
        if !root.join(input).exists() {
            failures.push(format!("{input}: missing from corpus/"));
            continue;
        }
        let Some((_, s)) = scored.iter().find(|(rel, _)| rel == input) else {
            failures.push(format!("{input}: no gold"));
            continue;
        };
        println!(
            "{input}: precision {:.3} recall {:.3}",
            s.scores.precision, s.scores.recall
        );
        if s.scores.precision + 1e-9 < *p_bar || s.scores.recall + 1e-9 < *r_bar {
            failures.push(format!(
                "{input}: precision {:.3} (bar {p_bar}), recall {:.3} (bar {r_bar})",
                s.scores.precision, s.scores.recall
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Field accuracy on the matched facts of every document of `corpus/` with gold, together (as
/// `solieu eval --gold fixtures/gold corpus/` prints it): (field, bar). Reached on 2026-11-28;
/// the bars only go up. Issue 3 targets label >= 0.90, qualifier >= 0.98, period and status >= 0.95.
const FIELD_BARS: &[(&str, f64)] = &[
    // 0.885 at first; 0.940: a count of another noun after one verb or after the same noun
    // counted earlier ("bắt giữ 268 vụ, 494 đối tượng", "So với năm 2011 tăng 59 vụ");
    // 0.950: a year after a percent names nothing, a share's base stays with it ("chiếm 44,2%
    // tổng vốn, tăng 18 - 20%"); 0.953: a bracket after the words of a count speaks of it, a
    // count with its own noun and words names itself
    ("label", 0.964),
    ("qualifier", 0.996),
    // 0.883 at first; lines' own years, years at the figure, comparison bases, spans of years,
    // durations in years. 0.979 -> 0.978: a recall gain (4badaf2) matched one more fact, "không
    // quá 04 (bốn) giờ" (a deadline, gold period null, predicted 2026); no period of a fact
    // matched before changed.
    // 0.986: a document that writes no year at all (the STC score table) takes its file
    // name's year (period::year_in_file_name)
    ("period", 0.986),
    // 0.950 at first; scoring rules, agreed terms, cues naming the previous figure's base,
    // plans of periodic reports, bases of changes, estimates over a sentence, rule limits
    ("status", 0.980),
    ("unit", 0.959),
];

/// Predictions that fall on a listed not-fact and on no gold fact, over all gold: 103 at
/// first, 8 on 2026-11-29 (a worked example (2), a scale's name, a band, a slogan, a programme
/// name, a per-unit base, a definition's "2 hình thức"), 0 since (worked examples in
/// `formula`, fixed phrases in `named`, bounded category bands). Only goes down.
const MAX_ON_NOTFACTS: usize = 0;

#[test]
fn real_reports_hold_their_field_accuracy() {
    let mut total = solieu::eval::FieldAccuracy::default();
    let mut documents = 0;
    let mut on_notfacts = Vec::new();
    for (rel, s) in scored_corpus() {
        for (t, f) in [
            (&mut total.label, s.fields.label),
            (&mut total.qualifier, s.fields.qualifier),
            (&mut total.period, s.fields.period),
            (&mut total.status, s.fields.status),
            (&mut total.unit, s.fields.unit),
        ] {
            t.correct += f.correct;
            t.total += f.total;
        }
        // a prediction on a listed not-fact that is no gold fact too (a date, a number, a name)
        on_notfacts.extend(
            s.notfact_hits
                .iter()
                .filter(|h| !h.matched)
                .map(|h| format!("{rel}: {:?} on {:?} ({})", h.raw, h.notfact, h.reason)),
        );
        documents += 1;
    }
    assert!(documents >= 20, "only {documents} documents with gold");
    assert!(
        on_notfacts.len() <= MAX_ON_NOTFACTS,
        "{} predictions on not-facts (bar {MAX_ON_NOTFACTS}):\n{}",
        on_notfacts.len(),
        on_notfacts.join("\n")
    );
    let got = [
        ("label", total.label),
        ("qualifier", total.qualifier),
        ("period", total.period),
        ("status", total.status),
        ("unit", total.unit),
    ];
    let mut failures = Vec::new();
    for ((name, bar), (_, acc)) in FIELD_BARS.iter().zip(got) {
        println!("{name}: {:.4} ({}/{})", acc.rate(), acc.correct, acc.total);
        if acc.rate() + 1e-9 < *bar {
            failures.push(format!("{name} {:.4} (bar {bar})", acc.rate()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The Party-cell conclusion has no quantity at all: nothing may come out of it.
#[test]
fn a_report_without_figures_gives_no_fact() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let input = "corpus/p08_KL__Chi_bo_thang_5.docx";
    let record = process_path(&root.join(input), input, &Options::default());
    assert!(record.error.is_none());
    let raws: Vec<&str> = record.facts.iter().map(|f| f.raw.as_str()).collect();
    assert!(
        raws.is_empty(),
        "facts from a report without figures: {raws:?}"
    );
}
