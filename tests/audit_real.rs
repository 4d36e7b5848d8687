//! The audit on real reports (fixtures/audit/real_documents.txt), run through the whole
//! pipeline: every finding must have a verdict checked by hand in
//! fixtures/audit/real_verdicts.tsv, and the true ones must still be found.

use std::path::Path;

use solieu::audit::audit;
use solieu::model::DocumentRecord;
use solieu::{process_path, Options};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/audit")
            .join(name),
    )
    .expect("fixture")
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

#[test]
fn real_findings_have_verdicts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let names = fixture("real_documents.txt");
    let docs: Vec<DocumentRecord> = lines(&names)
        .map(|n| {
            let display = format!("corpus/{}", n.trim());
            process_path(&root.join(&display), &display, &Options::default())
        })
        .collect();
    for d in &docs {
        assert!(d.error.is_none(), "{}: {:?}", d.source.path, d.error);
    }
    let verdicts_text = fixture("real_verdicts.tsv");
    let verdicts: Vec<(String, String, String, bool)> = lines(&verdicts_text)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert!(c.len() >= 4, "bad line {l:?}");
            (
                c[0].to_string(),
                c[1].to_string(),
                c[2].to_string(),
                c[3] == "true",
            )
        })
        .collect();
    let findings = audit(&docs);
    let raw = |doc: &str, id: &str| -> String {
        docs.iter()
            .find(|d| d.source.path == doc)
            .and_then(|d| d.facts.iter().find(|f| f.id == id))
            .map(|f| f.raw.clone())
            .unwrap_or_default()
    };
    let mut seen = vec![false; verdicts.len()];
    let mut problems = Vec::new();
    let (mut true_pos, mut false_pos) = (0, 0);
    for f in &findings {
        let doc = f
            .facts
            .first()
            .map(|r| r.document.trim_start_matches("corpus/").to_string())
            .unwrap_or_default();
        let facts = f
            .facts
            .iter()
            .map(|r| raw(&r.document, &r.fact))
            .collect::<Vec<_>>()
            .join(" | ");
        match verdicts
            .iter()
            .position(|v| v.0 == doc && v.1 == f.rule && v.2 == facts)
        {
            Some(i) => {
                seen[i] = true;
                if verdicts[i].3 {
                    true_pos += 1;
                } else {
                    false_pos += 1;
                }
            }
            None => problems.push(format!(
                "unreviewed finding: {doc}\t{}\t{facts}\t{}\t{}",
                f.rule, f.arithmetic, f.message
            )),
        }
    }
    for (i, v) in verdicts.iter().enumerate() {
        if v.3 && !seen[i] {
            problems.push(format!(
                "true finding no longer found: {} {} {}",
                v.0, v.1, v.2
            ));
        }
    }
    println!(
        "real documents: {} findings, {true_pos} true, {false_pos} false",
        findings.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
