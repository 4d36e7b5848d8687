//! The committed JSON Schemas are what the model types produce, they are valid
//! 2020-12, every document the corpus gives validates and reads back, and the
//! schema (and serde) reject what is not a document.

use std::path::Path;

use serde_json::{json, Value};
use solieu::emit::schema::{document_schema, finding_schema, to_text, META_SCHEMA};
use solieu::model::*;
use solieu::pipeline::{process_bytes, Options};

fn committed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    // Building the validator checks the schema against the 2020-12 meta-schema.
    jsonschema::draft202012::new(schema).expect("the schema is valid JSON Schema 2020-12")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn committed_schemas_are_what_the_types_produce() {
    for (file, schema, arg) in [
        ("document.schema.json", document_schema(), "document"),
        ("finding.schema.json", finding_schema(), "finding"),
    ] {
        assert!(
            committed(file) == to_text(&schema),
            "schemas/{file} differs from what the model types produce: run `cargo run -- schema {arg} > schemas/{file}` and commit it"
        );
        assert_eq!(schema["$schema"], META_SCHEMA);
        validator(&schema);
    }
}

/// A document with a paragraph, a cell and one fact of each shape the model has.
fn sample() -> DocumentRecord {
    let fact = Fact {
        id: "f1".into(),
        kind: Kind::Rank,
        value: 6.0,
        unit: None,
        per: None,
        denominator: Some(21.0),
        max: None,
        qualifier: Qualifier::Exact,
        decimals: 0,
        raw: "đứng thứ 6/21".into(),
        label: Some("Chỉ số cải cách hành chính".into()),
        metric: None,
        period: Some(2023),
        status: Status::Actual,
        location: Location {
            block: 0,
            start: 9,
            end: 22,
            source_start: 9,
            source_end: 22,
        },
        section: Some("Phần thứ nhất > II > 1".into()),
    };
    let money = Fact {
        id: "f2".into(),
        kind: Kind::Money,
        value: 18_173_000.0,
        unit: Some("VND".into()),
        per: Some("người/năm".into()),
        denominator: None,
        max: Some(20_000_000.0),
        qualifier: Qualifier::Range,
        decimals: 3,
        raw: "18,173 triệu đồng".into(),
        label: None,
        metric: Some("kinh_phi".into()),
        period: None,
        status: Status::Target,
        location: Location {
            block: 1,
            start: 0,
            end: 17,
            source_start: 0,
            source_end: 17,
        },
        section: None,
    };
    DocumentRecord {
        schema_version: SCHEMA_VERSION.into(),
        tool_version: TOOL_VERSION.into(),
        source: Source {
            path: "corpus/x.docx".into(),
            format: Some(Format::Docx),
            bytes: 10,
            sha256: "00".repeat(32),
            encoding: Some("utf-8".into()),
            encoding_confidence: Some(1.0),
        },
        metadata: Metadata {
            number: Some("21/BC-CĐSLĐTBXH".into()),
            date: Some("2024-01-09".into()),
            ..Default::default()
        },
        blocks: vec![
            Block {
                id: 0,
                kind: BlockKind::Paragraph,
                text: "Năm 2023 đứng thứ 6/21".into(),
                section: vec!["Phần thứ nhất".into(), "II".into()],
                heading_level: None,
                offsets: Vec::new(),
            },
            Block {
                id: 1,
                kind: BlockKind::Cell(CellPos {
                    table: 0,
                    row: 2,
                    col: 1,
                    col_span: 2,
                    row_span: 1,
                    depth: 0,
                    row_label: Some("Kinh phí".into()),
                    col_header: Some("Năm 2023".into()),
                    row_key: Some("1".into()),
                    header: false,
                    total: true,
                }),
                text: "18,173 triệu đồng".into(),
                section: Vec::new(),
                heading_level: Some(2),
                offsets: Vec::new(),
            },
        ],
        facts: vec![fact, money],
        error: None,
    }
}

#[test]
fn a_full_document_validates_and_reads_back() {
    let v = validator(&document_schema());
    let record = sample();
    let value = serde_json::to_value(&record).unwrap();
    assert_eq!(errors(&v, &value), Vec::<String>::new());
    let back: DocumentRecord = serde_json::from_value(value).expect("reads back");
    assert_eq!(back, record);
}

#[test]
fn an_error_record_validates() {
    let v = validator(&document_schema());
    let record = solieu::pipeline::error_record(
        "corpus/bad.docx",
        Some(b"PK"),
        Some(Format::Docx),
        solieu::read::ReadError::new(ErrorKind::Corrupt, "the zip is cut off"),
    );
    let value = serde_json::to_value(&record).unwrap();
    assert_eq!(errors(&v, &value), Vec::<String>::new());
    assert_eq!(
        serde_json::from_value::<DocumentRecord>(value).unwrap(),
        record
    );
}

#[test]
fn what_is_not_a_document_is_rejected_by_schema_and_by_serde() {
    let v = validator(&document_schema());
    let good = serde_json::to_value(sample()).unwrap();
    // (what is wrong, the document, whether serde can see it too)
    let mut bad: Vec<(&str, Value, bool)> = Vec::new();

    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("source");
    bad.push(("missing source", missing, true));

    let mut missing_raw = good.clone();
    missing_raw["facts"][0]
        .as_object_mut()
        .unwrap()
        .remove("raw");
    bad.push(("fact without raw", missing_raw, true));

    let mut unknown_kind = good.clone();
    unknown_kind["facts"][0]["kind"] = json!("volume");
    bad.push(("unknown kind", unknown_kind, true));

    let mut extra = good.clone();
    extra["facts"][1]["confidence"] = json!(0.5);
    bad.push(("unknown fact field", extra, true));

    let mut cell_typo = good.clone();
    cell_typo["blocks"][1]["colum"] = json!(1);
    bad.push(("unknown field in a cell block", cell_typo, true));

    let mut paragraph_with_row = good.clone();
    paragraph_with_row["blocks"][0]["row"] = json!(1);
    // serde ignores fields of a flattened unit variant; only the schema catches this one.
    bad.push(("a paragraph with a cell's row", paragraph_with_row, false));

    let mut bad_block_type = good.clone();
    bad_block_type["blocks"][0]["type"] = json!("figure");
    bad.push(("unknown block type", bad_block_type, true));

    let mut bad_error = good.clone();
    bad_error["error"] = json!({"kind": "exploded", "message": "x"});
    bad.push(("unknown error kind", bad_error, true));

    for (what, value, serde_sees_it) in bad {
        assert!(
            !v.is_valid(&value),
            "the schema accepted a document with {what}"
        );
        if serde_sees_it {
            assert!(
                serde_json::from_value::<DocumentRecord>(value).is_err(),
                "serde accepted a document with {what}"
            );
        }
    }
}

#[test]
fn a_finding_validates_and_a_bad_one_does_not() {
    let v = validator(&finding_schema());
    let finding = Finding {
        rule: "sum".into(),
        severity: Severity::Error,
        facts: vec![FactRef {
            document: "a.txt".into(),
            fact: "f1".into(),
        }],
        expected: Some(237.0),
        stated: Some(236.0),
        arithmetic: "21 + 122 + 18 + 30 + 46 = 237".into(),
        message: "the parts add up to 237, the total says 236".into(),
    };
    let value = serde_json::to_value(&finding).unwrap();
    assert_eq!(errors(&v, &value), Vec::<String>::new());
    let mut bad = value.clone();
    bad["severity"] = json!("fatal");
    assert!(!v.is_valid(&bad));
    let mut missing = value;
    missing.as_object_mut().unwrap().remove("arithmetic");
    assert!(!v.is_valid(&missing));
}

/// Every report in corpus/ goes through the pipeline; whatever comes out (facts or an
/// error record) is a valid document that reads back into the Rust type unchanged.
#[test]
fn every_corpus_document_validates_and_reads_back() {
    let v = validator(&document_schema());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut seen = 0;
    for path in paths {
        let Some(format) = solieu::read::format_of(&path) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let mut record = process_bytes(
            &path.display().to_string(),
            &bytes,
            format,
            &Options::default(),
        );
        // The offset maps are not serialised; everything else must survive the trip.
        record.blocks.iter_mut().for_each(|b| b.offsets.clear());
        let value = serde_json::to_value(&record).unwrap();
        assert_eq!(
            errors(&v, &value),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        let back: DocumentRecord =
            serde_json::from_value(value).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            back,
            record,
            "{} does not read back unchanged",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 8, "only {seen} reports in corpus/");
}
