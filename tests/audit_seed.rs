//! The audit on the seed report, with the facts of its hand-checked gold: the relations of
//! `fixtures/audit/seed_relations.tsv` that hold give no finding, those that fail give one, and
//! nothing else is reported.

mod audit_support;

use audit_support::{extracted, fact_by_key, relations, seed};
use solieu::audit::{audit, report_html, report_markdown};
use solieu::model::{DocumentRecord, Finding};

fn involves(f: &Finding, doc: &str, id: &str) -> bool {
    f.facts.iter().any(|r| r.document == doc && r.fact == id)
}

fn check_relations(doc: DocumentRecord) {
    let findings = audit(std::slice::from_ref(&doc));
    let path = doc.source.path.clone();
    let mut expected = 0;
    let mut problems = Vec::new();
    for r in relations("fixtures/audit/seed_relations.tsv") {
        let fact = fact_by_key(&doc, &r.key);
        let hits: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == r.rule && involves(f, &path, &fact.id))
            .collect();
        if r.fails {
            expected += 1;
            match hits.as_slice() {
                [f] if Some(f.severity) == r.severity => {}
                _ => problems.push(format!(
                    "{} fails: expected one {} {:?} finding on {:?}, got {:?}",
                    r.id, r.rule, r.severity, r.key, hits
                )),
            }
        } else if !hits.is_empty() {
            problems.push(format!("{} holds, yet: {:?}", r.id, hits));
        }
    }
    if findings.len() != expected {
        problems.push(format!(
            "{} findings, {expected} expected: {findings:#?}",
            findings.len()
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seed_relations() {
    check_relations(seed());
}

/// The same, with the facts solieu extracts itself from the seed.
#[test]
fn seed_relations_through_the_pipeline() {
    check_relations(extracted("corpus/000_e77d1e97e7429ec4.txt"));
}

#[test]
fn seed_report_quotes_every_finding() {
    let doc = seed();
    let docs = vec![doc];
    let findings = audit(&docs);
    let md = report_markdown(&docs, &findings);
    if std::env::var_os("SOLIEU_PRINT_REPORT").is_some() {
        println!("{md}");
    }
    for f in &findings {
        assert!(
            md.contains(&f.arithmetic.replace('`', "'")),
            "arithmetic missing: {}",
            f.arithmetic
        );
    }
    assert!(md.contains("**hơn 62.513 suất quà**"));
    assert!(md.contains("**96,58/910,10**"));
    let html = report_html(&docs, &findings);
    assert_eq!(html.matches("<section").count(), findings.len());
}

#[test]
fn seed_findings_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schemas/finding.schema.json"
        ))
        .expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let docs = vec![seed()];
    let findings = audit(&docs);
    assert!(!findings.is_empty());
    for f in &findings {
        let value = serde_json::to_value(f).expect("finding to JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{value}: {errors:?}");
    }
}
