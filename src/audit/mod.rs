//! Facts of one or many documents -> findings; one module per rule.
//!
//! Each rule reads the facts of a document together with the normalised text around them (the
//! cue words of `rules/cues.tsv`: "trong đó", "chiếm", "so với kế hoạch", ...). Precision comes
//! first: a rule says nothing unless it has found both sides of a relation for sure, and a
//! stated figure is wrong only when no rounding of it as written fits (see [`tolerance`]).

pub mod across;
pub mod change;
pub mod implausible_amount;
pub mod impossible;
pub mod plan_ratio;
pub mod report;
pub mod share;
pub mod subset;
pub mod sum;
pub mod tolerance;
pub mod view;

#[cfg(test)]
pub(crate) mod testkit;

pub use report::{report_html, report_markdown};

use crate::model::{DocumentRecord, Finding};
use view::DocView;

/// Checks the figures of each document, and of documents of the same body across years.
/// Findings come grouped by document, in input order, then in reading order.
pub fn audit(documents: &[DocumentRecord]) -> Vec<Finding> {
    let views: Vec<DocView> = documents
        .iter()
        .filter(|d| d.error.is_none())
        .map(DocView::new)
        .collect();
    let mut out = Vec::new();
    for v in &views {
        let mut found = Vec::new();
        found.extend(sum::check(v));
        found.extend(subset::check(v));
        found.extend(share::check(v));
        found.extend(plan_ratio::check(v, &views));
        found.extend(change::check(v));
        found.extend(impossible::check(v));
        found.extend(implausible_amount::check(v));
        found.extend(across::check_within(v));
        let mut found = dedupe(found);
        // Reading order of the first fact each finding names in this document.
        let pos = |f: &Finding| {
            f.facts
                .iter()
                .filter(|r| r.document == v.path())
                .filter_map(|r| v.rec.facts.iter().find(|x| x.id == r.fact))
                .map(|x| (x.location.block, x.location.start))
                .min()
        };
        found.sort_by_key(|f| pos(f));
        out.extend(found);
    }
    out.extend(across::check(&views));
    out
}

/// Two rules may see the same relation (a part above its whole is both "sum" and "subset"):
/// keep the first finding for a given set of facts and stated value.
fn dedupe(found: Vec<Finding>) -> Vec<Finding> {
    let mut seen: Vec<(Vec<String>, Option<i64>)> = Vec::new();
    let mut out = Vec::new();
    for f in found {
        let mut ids: Vec<String> = f
            .facts
            .iter()
            .map(|r| format!("{}#{}", r.document, r.fact))
            .collect();
        ids.sort();
        let key = (ids, f.stated.map(|s| (s * 1000.0).round() as i64));
        if !seen.contains(&key) {
            seen.push(key);
            out.push(f);
        }
    }
    out
}
