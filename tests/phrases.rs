//! The phrase corpus (`fixtures/phrases.tsv`): every phrase goes through the normaliser and the
//! extractor as a one-paragraph document, and must give the fact its row expects (or, for "none",
//! no fact at all). Failures are printed together, then the test fails if any.

mod block_support;

use block_support::facts_of;
use solieu::model::{Kind, Qualifier};

const PHRASES: &str = include_str!("../fixtures/phrases.tsv");

fn kind_of(s: &str) -> Option<Kind> {
    Some(match s {
        "count" => Kind::Count,
        "percent" => Kind::Percent,
        "money" => Kind::Money,
        "fraction" => Kind::Fraction,
        "rank" => Kind::Rank,
        "measure" => Kind::Measure,
        _ => return None,
    })
}

fn qualifier_of(s: &str) -> Option<Qualifier> {
    Some(match s {
        "exact" => Qualifier::Exact,
        "more_than" => Qualifier::MoreThan,
        "at_least" => Qualifier::AtLeast,
        "less_than" => Qualifier::LessThan,
        "at_most" => Qualifier::AtMost,
        "approximately" => Qualifier::Approximately,
        "range" => Qualifier::Range,
        _ => return None,
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Checks one row; `Err` says what went wrong.
fn check(cols: &[&str]) -> Result<(), String> {
    let phrase = cols[0];
    let facts = facts_of(phrase);
    let shown = || {
        facts
            .iter()
            .map(|f| {
                format!(
                    "{:?} {} {:?} {:?} {:?}/{:?} [{}]",
                    f.kind, f.value, f.unit, f.qualifier, f.denominator, f.max, f.raw
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if cols.get(1) == Some(&"none") {
        return if facts.is_empty() {
            Ok(())
        } else {
            Err(format!("expected no fact, got: {}", shown()))
        };
    }
    if cols.len() < 5 {
        return Err("malformed row".into());
    }
    let kind = kind_of(cols[1]).ok_or("unknown kind")?;
    let value: f64 = cols[2].parse().map_err(|_| "bad value")?;
    let unit = (cols[3] != "-").then_some(cols[3]);
    let qualifier = qualifier_of(cols[4]).ok_or("unknown qualifier")?;
    let extra: Option<f64> = cols.get(5).and_then(|s| s.parse().ok());
    let ok = facts.iter().any(|f| {
        f.kind == kind
            && close(f.value, value)
            && f.unit.as_deref() == unit
            && f.qualifier == qualifier
            && match (kind, qualifier) {
                (Kind::Fraction | Kind::Rank, _) => match (extra, f.denominator) {
                    (Some(e), Some(d)) => close(e, d),
                    (None, None) => true,
                    _ => false,
                },
                (_, Qualifier::Range) => extra.zip(f.max).is_some_and(|(e, m)| close(e, m)),
                _ => true,
            }
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected {} {} {:?} {} {:?}, got: {}",
            cols[1],
            cols[2],
            unit,
            cols[4],
            extra,
            shown()
        ))
    }
}

#[test]
fn phrase_corpus() {
    let rows: Vec<Vec<&str>> = PHRASES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.len() >= 300, "the corpus holds {} phrases", rows.len());
    let mut failures = Vec::new();
    for cols in &rows {
        if let Err(e) = check(cols) {
            failures.push(format!("{}\n    {e}", cols[0]));
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "phrases: {} pass of {}",
        rows.len() - failures.len(),
        rows.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} phrases fail",
        failures.len(),
        rows.len()
    );
}
