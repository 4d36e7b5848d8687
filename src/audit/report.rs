//! Readable audit reports (Markdown and HTML), grouped by document: each finding with its
//! sentences quoted, the figures involved marked, and the arithmetic written out.

use std::collections::BTreeMap;

use crate::audit::view::DocView;
use crate::model::{DocumentRecord, Fact, Finding, Severity};

/// One quoted sentence: its document, its text, and the char spans to mark in it.
struct Quote {
    document: String,
    text: String,
    marks: Vec<(usize, usize)>,
}

/// A finding's sentences, in the order its facts are listed, one quote per sentence.
fn quotes(views: &[DocView], f: &Finding) -> Vec<Quote> {
    let mut out: Vec<(String, u32, usize, Quote)> = Vec::new();
    for r in &f.facts {
        let Some(v) = views.iter().find(|v| v.path() == r.document) else {
            continue;
        };
        let Some(fact) = v.rec.facts.iter().find(|x| x.id == r.fact) else {
            continue;
        };
        let (s, e) = v.sentence_of(fact.location.block, fact.location.start as usize);
        let mark = (
            fact.location.start as usize - s,
            (fact.location.end as usize).min(e) - s,
        );
        if let Some(q) = out
            .iter_mut()
            .find(|(d, b, st, _)| *d == r.document && *b == fact.location.block && *st == s)
        {
            q.3.marks.push(mark);
            continue;
        }
        let text = v.text(fact.location.block, s, e);
        out.push((
            r.document.clone(),
            fact.location.block,
            s,
            Quote {
                document: r.document.clone(),
                text,
                marks: vec![mark],
            },
        ));
    }
    out.into_iter().map(|(_, _, _, q)| q).collect()
}

/// Splits a quote into (text, marked) runs.
fn runs(q: &Quote) -> Vec<(String, bool)> {
    let chars: Vec<char> = q.text.chars().collect();
    let mut marks = q.marks.clone();
    marks.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in marks {
        let (s, e) = (s.max(at).min(chars.len()), e.min(chars.len()));
        if s >= e {
            continue;
        }
        if s > at {
            out.push((chars[at..s].iter().collect(), false));
        }
        out.push((chars[s..e].iter().collect(), true));
        at = e;
    }
    if at < chars.len() {
        out.push((chars[at..].iter().collect(), false));
    }
    out
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Findings grouped by the document of their first fact, documents in input order.
fn grouped<'a>(
    docs: &[DocumentRecord],
    findings: &'a [Finding],
) -> Vec<(String, Vec<&'a Finding>)> {
    let mut order: BTreeMap<usize, (String, Vec<&Finding>)> = BTreeMap::new();
    for f in findings {
        let doc = f
            .facts
            .first()
            .map(|r| r.document.clone())
            .unwrap_or_default();
        let idx = docs
            .iter()
            .position(|d| d.source.path == doc)
            .unwrap_or(usize::MAX);
        order
            .entry(idx)
            .or_insert_with(|| (doc.clone(), Vec::new()))
            .1
            .push(f);
    }
    order.into_values().collect()
}

fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

fn fact_list(views: &[DocView], f: &Finding) -> Vec<String> {
    f.facts
        .iter()
        .map(|r| {
            let raw = views
                .iter()
                .find(|v| v.path() == r.document)
                .and_then(|v| v.rec.facts.iter().find(|x| x.id == r.fact))
                .map(|x: &Fact| x.raw.clone())
                .unwrap_or_default();
            format!("{} {} ({})", r.fact, raw, r.document)
        })
        .collect()
}

/// The audit as Markdown: a summary, then per document its findings.
pub fn report_markdown(docs: &[DocumentRecord], findings: &[Finding]) -> String {
    let views: Vec<DocView> = docs.iter().map(DocView::new).collect();
    let (e, w, i) = counts(findings);
    let mut s = String::from("# Audit report\n\n");
    s.push_str(&format!(
        "{} documents, {} findings: {e} errors, {w} warnings, {i} notes.\n",
        docs.len(),
        findings.len()
    ));
    for (doc, list) in grouped(docs, findings) {
        s.push_str(&format!("\n## {}\n", md_escape(&doc)));
        for (n, f) in list.iter().enumerate() {
            s.push_str(&format!(
                "\n### {}. {} ({})\n\n{}\n\n",
                n + 1,
                f.rule,
                severity_word(f.severity),
                md_escape(&f.message)
            ));
            for q in quotes(&views, f) {
                let body: String = runs(&q)
                    .into_iter()
                    .map(|(t, m)| {
                        if m {
                            format!("**{}**", md_escape(&t))
                        } else {
                            md_escape(&t)
                        }
                    })
                    .collect();
                let from = if q.document != doc {
                    format!(" ({})", md_escape(&q.document))
                } else {
                    String::new()
                };
                s.push_str(&format!("> {}{}\n\n", body.replace('\n', " "), from));
            }
            s.push_str(&format!(
                "Arithmetic: `{}`\n\n",
                f.arithmetic.replace('`', "'")
            ));
            s.push_str(&format!(
                "Facts: {}\n",
                md_escape(&fact_list(&views, f).join("; "))
            ));
        }
    }
    s
}

/// The audit as a self-contained HTML page.
pub fn report_html(docs: &[DocumentRecord], findings: &[Finding]) -> String {
    let views: Vec<DocView> = docs.iter().map(DocView::new).collect();
    let (e, w, i) = counts(findings);
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>Audit report</title>\n<style>\n\
         body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45}\n\
         blockquote{border-left:3px solid #999;margin:0.5em 0;padding-left:1em;color:#333}\n\
         mark{background:#ffe08a;font-weight:bold}\n.error h3{color:#b00}.warning h3{color:#a60}.info h3{color:#06a}\n\
         code{background:#f3f3f3;padding:0 0.3em}\n</style>\n</head>\n<body>\n<h1>Audit report</h1>\n",
    );
    s.push_str(&format!(
        "<p>{} documents, {} findings: {e} errors, {w} warnings, {i} notes.</p>\n",
        docs.len(),
        findings.len()
    ));
    for (doc, list) in grouped(docs, findings) {
        s.push_str(&format!("<h2>{}</h2>\n", html_escape(&doc)));
        for (n, f) in list.iter().enumerate() {
            s.push_str(&format!(
                "<section class=\"{}\">\n<h3>{}. {} ({})</h3>\n<p>{}</p>\n",
                severity_word(f.severity),
                n + 1,
                html_escape(&f.rule),
                severity_word(f.severity),
                html_escape(&f.message)
            ));
            for q in quotes(&views, f) {
                let body: String = runs(&q)
                    .into_iter()
                    .map(|(t, m)| {
                        if m {
                            format!("<mark>{}</mark>", html_escape(&t))
                        } else {
                            html_escape(&t)
                        }
                    })
                    .collect();
                let from = if q.document != doc {
                    format!(" <small>({})</small>", html_escape(&q.document))
                } else {
                    String::new()
                };
                s.push_str(&format!("<blockquote>{body}{from}</blockquote>\n"));
            }
            s.push_str(&format!(
                "<p>Arithmetic: <code>{}</code></p>\n",
                html_escape(&f.arithmetic)
            ));
            s.push_str(&format!(
                "<p><small>Facts: {}</small></p>\n</section>\n",
                html_escape(&fact_list(&views, f).join("; "))
            ));
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::audit;
    use crate::audit::testkit::DocBuilder;

    #[test]
    fn quotes_mark_the_figures() {
        let d = DocBuilder::new("seed.txt")
            .block("Đã có hơn 62.513 suất quà được trao tặng với tổng kinh phí hơn 18,173 triệu đồng. Câu sau.")
            .count("hơn 62.513 suất quà", 62513.0)
            .money("hơn 18,173 triệu đồng", 18173000.0)
            .build();
        let docs = vec![d];
        let f = audit(&docs);
        assert_eq!(f.len(), 1);
        let md = report_markdown(&docs, &f);
        assert!(md.contains("## seed.txt"), "{md}");
        assert!(md.contains("Đã có **hơn 62.513 suất quà** được trao tặng với tổng kinh phí **hơn 18,173 triệu đồng**."), "{md}");
        assert!(!md.contains("Câu sau"));
        assert!(
            md.contains(
                "Arithmetic: `18.173.000 đồng / 62.513 suất quà = 290,7 đồng per suất quà`"
            ),
            "{md}"
        );
        let html = report_html(&docs, &f);
        assert!(html.contains("<mark>hơn 62.513 suất quà</mark>"));
        assert!(html.contains("class=\"warning\""));
    }
}
