//! Document records built by hand for the audit tests: a report's text split into paragraphs
//! (one block a line), and the facts of a hand-checked gold file located in them by their raw
//! text and context. The audit then sees what a perfect extractor would give it.

#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;
use solieu::audit::tolerance::decimals_of;
use solieu::model::*;

/// Collapses runs of white space, so that gold contexts and block texts compare.
/// Also composes to NFC: the seed mixes decomposed and composed marks.
fn squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.nfc().collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A record of `text` (one block a non-empty line) with the facts of `gold` (JSON Lines).
pub fn record(path: &str, text: &str, gold: &str, body: &str, year: i32) -> DocumentRecord {
    let blocks: Vec<Block> = text
        .lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, t)| Block {
            id: i as u32,
            text: t,
            ..Default::default()
        })
        .collect();
    let mut facts = Vec::new();
    for (n, line) in gold.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let g: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{path}: gold line {}: {e}", n + 1));
        let raw = squash(g["raw"].as_str().expect("raw"));
        let context: String = {
            use unicode_normalization::UnicodeNormalization;
            g["context"].as_str().unwrap_or(&raw).nfc().collect()
        };
        let (block, start) = locate(&blocks, &raw, &context)
            .unwrap_or_else(|| panic!("{path}: cannot find {raw:?} in context {context:?}"));
        let end = start + raw.chars().count();
        let num = |k: &str| g.get(k).and_then(Value::as_f64);
        let text = |k: &str| g.get(k).and_then(Value::as_str).map(str::to_string);
        let de =
            |k: &str| -> serde_json::Result<Value> { Ok(g.get(k).cloned().unwrap_or(Value::Null)) };
        facts.push(Fact {
            id: format!("f{}", n + 1),
            kind: serde_json::from_value(de("kind").unwrap()).expect("kind"),
            value: num("value").expect("value"),
            unit: text("unit"),
            per: text("per"),
            denominator: num("denominator"),
            max: num("max"),
            qualifier: serde_json::from_value(de("qualifier").unwrap()).unwrap_or_default(),
            decimals: decimals_of(&raw),
            raw,
            label: text("label"),
            metric: text("metric"),
            period: g.get("period").and_then(Value::as_i64).map(|p| p as i32),
            status: serde_json::from_value(de("status").unwrap()).unwrap_or_default(),
            location: Location {
                block,
                start: start as u32,
                end: end as u32,
                source_start: start as u32,
                source_end: end as u32,
            },
            section: text("section"),
        });
    }
    let mut rec = DocumentRecord {
        schema_version: SCHEMA_VERSION.to_string(),
        tool_version: TOOL_VERSION.to_string(),
        blocks,
        facts,
        ..Default::default()
    };
    rec.source.path = path.to_string();
    rec.metadata.issuing_body = Some(body.to_string());
    rec.metadata.report_year = Some(year);
    rec
}

/// Block and char offset of `raw` inside `context`, whose lines may span several blocks.
fn locate(blocks: &[Block], raw: &str, context: &str) -> Option<(u32, usize)> {
    let parts: Vec<String> = context
        .split('\n')
        .map(squash)
        .filter(|p| !p.is_empty())
        .collect();
    let target = parts.iter().position(|p| p.contains(raw))?;
    let mut from = 0;
    for (k, part) in parts.iter().enumerate() {
        let i = (from..blocks.len()).find(|&i| blocks[i].text.contains(part.as_str()))?;
        if k == target {
            let t = &blocks[i].text;
            let at = t.find(part.as_str())?;
            let within = part.find(raw)?;
            return Some((blocks[i].id, t[..at + within].chars().count()));
        }
        from = i + 1;
    }
    None
}

/// The seed report, with its gold facts.
pub fn seed() -> DocumentRecord {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("corpus/000_e77d1e97e7429ec4.txt")).expect("seed text");
    let gold = std::fs::read_to_string(root.join("fixtures/gold/000_e77d1e97e7429ec4.facts.jsonl"))
        .expect("seed gold");
    record(
        "corpus/000_e77d1e97e7429ec4.txt",
        &text,
        &gold,
        "Công đoàn Sở Lao động - Thương binh và Xã hội",
        2023,
    )
}

/// A companion report of `fixtures/audit/` with its hand-written facts.
pub fn companion(name: &str, year: i32) -> DocumentRecord {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/audit");
    let text = std::fs::read_to_string(root.join(format!("{name}.txt"))).expect("companion text");
    let gold =
        std::fs::read_to_string(root.join(format!("{name}.facts.jsonl"))).expect("companion facts");
    record(
        &format!("fixtures/audit/{name}.txt"),
        &text,
        &gold,
        "Công đoàn Sở Lao động - Thương binh và Xã hội",
        year,
    )
}

/// One row of a relations fixture.
#[derive(Debug)]
pub struct Relation {
    pub id: String,
    pub fails: bool,
    pub rule: String,
    pub severity: Option<Severity>,
    pub key: String,
}

pub fn relations(file: &str) -> Vec<Relation> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(file)).expect("relations fixture");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 5, "bad line {l:?}");
            Relation {
                id: c[0].to_string(),
                fails: c[1] == "fails",
                rule: c[2].to_string(),
                severity: match c[3] {
                    "error" => Some(Severity::Error),
                    "warning" => Some(Severity::Warning),
                    "info" => Some(Severity::Info),
                    _ => None,
                },
                key: c[4].to_string(),
            }
        })
        .collect()
}

/// The fact a key names: "raw", or "raw ~ words of its context" (matched on the block text).
pub fn fact_by_key<'a>(rec: &'a DocumentRecord, key: &str) -> &'a Fact {
    let (raw, ctx) = match key.split_once(" ~ ") {
        Some((r, c)) => (r.trim(), Some(c.trim())),
        None => (key.trim(), None),
    };
    // Normalisation writes dashes as "-": compare with dashes folded.
    let fold = |s: &str| s.replace(['–', '—'], "-");
    let hits: Vec<&Fact> = rec
        .facts
        .iter()
        .filter(|f| fold(&f.raw) == fold(raw))
        .filter(|f| ctx.is_none_or(|c| rec.blocks[f.location.block as usize].text.contains(c)))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "key {key:?} names {} facts of {}",
        hits.len(),
        rec.source.path
    );
    hits[0]
}

/// A report run through the whole pipeline (read, normalise, extract).
pub fn extracted(rel: &str) -> DocumentRecord {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rec = solieu::process_path(&root.join(rel), rel, &solieu::Options::default());
    assert!(rec.error.is_none(), "{rel}: {:?}", rec.error);
    rec
}
