//! Scoring extraction against hand-checked gold files, as `facts.md` defines it.
//!
//! A gold file `<stem>.facts.jsonl` lists the facts of the document whose file name
//! (without its extension) is `<stem>`, so a report's .txt and .docx share one gold
//! (see [`find_gold`] for names with several dots).
//! `<stem>.notfacts.txt` lists numbers that must not be facts.
//!
//! Matching, exactly as facts.md says, made precise:
//! - the document text is the blocks' normalised texts joined with "\n";
//!   texts are compared in NFC with all whitespace removed (an index map keeps
//!   positions exact), so a context that crosses a line or a cell still matches;
//! - a predicted fact matches a gold fact when the kind is the same, the value is
//!   the same (and the denominator and max, where either has one; numbers equal
//!   within a relative 1e-9), the predicted `raw` contains the gold `raw`'s number
//!   (its first digit group such as "17.641.000" or "17/17"; for a number in words,
//!   the whole gold raw, or the predicted raw is contained in it), and the predicted
//!   span lies inside an occurrence of the gold `context`;
//! - each gold fact is matched at most once, and each prediction at most once: a
//!   maximum matching, found by taking gold facts in file order and trying their
//!   candidates by position in the text (those whose raw is written as the gold raw
//!   first: "02 tập thể, 02 cá nhân" in one context; then the one nearest to where the gold
//!   raw stands in its context: "5 doanh nghiệp, 5 Tổng công ty") with augmenting paths, so the result is the
//!   greedy-by-position one except where that would leave a fact unmatched that
//!   could be matched.
//!
//! On matched facts, fields are compared: qualifier, period, status and unit by
//! equality, and the label by [`label_acceptable`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::model::{DocumentRecord, Fact, Kind, Qualifier, Status};
use crate::normalise::{normalise_text, ToneStyle};

/// One hand-checked fact of a gold file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldFact {
    pub kind: Kind,
    pub value: f64,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub raw: String,
    #[serde(default)]
    pub label: Option<String>,
    pub context: String,
    #[serde(default)]
    pub denominator: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub period: Option<i32>,
    /// `null` in a gold file when no status applies (a norm, neither a result nor a
    /// target); such facts are left out of the status accuracy.
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub per: Option<String>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A number that is not a fact, and the text around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotFact {
    pub text: String,
    pub context: String,
    pub reason: String,
}

/// The gold of one document.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    pub facts: Vec<GoldFact>,
    pub notfacts: Vec<NotFact>,
    /// The .facts.jsonl file it was read from.
    pub path: PathBuf,
}

/// The stem gold files are named after: the file name without its last extension.
pub fn gold_stem(input: &Path) -> Option<String> {
    Some(input.file_stem()?.to_string_lossy().into_owned())
}

/// The gold of an input: `<dir>/<stem>.facts.jsonl` for its stem, or, when there is
/// none, for the stem with its last `.suffix` removed, and so on ("report.vni-derived.txt"
/// shares the gold of "report.txt": the same text in another encoding).
pub fn find_gold(dir: &Path, input: &Path) -> Result<Option<Gold>, String> {
    let Some(mut stem) = gold_stem(input) else {
        return Ok(None);
    };
    loop {
        if let Some(gold) = load_gold(dir, &stem)? {
            return Ok(Some(gold));
        }
        match stem.rfind('.') {
            Some(i) if i > 0 => stem.truncate(i),
            _ => return Ok(None),
        }
    }
}

/// Reads `<dir>/<stem>.facts.jsonl` and, if present, `<dir>/<stem>.notfacts.txt`.
/// `Ok(None)` when the document has no gold.
pub fn load_gold(dir: &Path, stem: &str) -> Result<Option<Gold>, String> {
    let facts_path = dir.join(format!("{stem}.facts.jsonl"));
    let text = match std::fs::read_to_string(&facts_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", facts_path.display())),
    };
    let mut facts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fact: GoldFact = serde_json::from_str(line).map_err(|e| {
            format!(
                "{} line {}: not a gold fact: {e}",
                facts_path.display(),
                n + 1
            )
        })?;
        facts.push(fact);
    }
    let notfacts_path = dir.join(format!("{stem}.notfacts.txt"));
    let notfacts = match std::fs::read_to_string(&notfacts_path) {
        Ok(t) => parse_notfacts(&t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", notfacts_path.display())),
    };
    Ok(Some(Gold {
        facts,
        notfacts,
        path: facts_path,
    }))
}

/// Parses a not-facts file: `text<TAB>context<TAB>reason` lines, `#` comments,
/// `\n` in a context standing for a line break.
pub fn parse_notfacts(text: &str) -> Vec<NotFact> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let text = parts.next()?.to_string();
            let context = parts.next().unwrap_or(&text).replace("\\n", "\n");
            let reason = parts.next().unwrap_or("").to_string();
            Some(NotFact {
                text,
                context,
                reason,
            })
        })
        .collect()
}

/// Counts and the three scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    pub fn new(matched: usize, predicted: usize, gold: usize) -> Self {
        let precision = if predicted == 0 {
            0.0
        } else {
            matched as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            matched as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Scores {
            matched,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

/// How many matched facts have a field right, out of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += ok as usize;
    }
    fn merge(&mut self, other: Accuracy) {
        self.total += other.total;
        self.correct += other.correct;
    }
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// Field accuracy on matched facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldAccuracy {
    pub label: Accuracy,
    pub qualifier: Accuracy,
    pub period: Accuracy,
    pub status: Accuracy,
    pub unit: Accuracy,
    pub per: Accuracy,
}

impl FieldAccuracy {
    fn merge(&mut self, o: FieldAccuracy) {
        self.label.merge(o.label);
        self.qualifier.merge(o.qualifier);
        self.period.merge(o.period);
        self.status.merge(o.status);
        self.unit.merge(o.unit);
        self.per.merge(o.per);
    }
}

/// A gold fact nothing matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Miss {
    pub kind: Kind,
    pub value: f64,
    pub raw: String,
    pub context: String,
    /// False when the gold context is not found in the document text at all.
    pub context_found: bool,
}

/// A predicted fact that matched no gold fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FalsePositive {
    pub id: String,
    pub kind: Kind,
    pub value: f64,
    pub raw: String,
    /// The text around the fact in its block.
    pub context: String,
    /// The reason of the not-fact it falls on, if it falls on one.
    pub notfact: Option<String>,
}

/// A predicted fact that falls on a listed not-fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotFactHit {
    pub id: String,
    pub raw: String,
    pub notfact: String,
    pub reason: String,
    /// Whether the fact also matched a gold fact (the gold and the not-facts then overlap).
    pub matched: bool,
}

/// A matched fact whose fields differ from the gold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldMismatch {
    pub id: String,
    pub raw: String,
    pub field: String,
    pub gold: String,
    pub predicted: String,
}

/// The score of one document against its gold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentScore {
    pub path: String,
    pub gold: String,
    /// The document's error message, when it could not be read.
    pub error: Option<String>,
    pub scores: Scores,
    pub per_kind: BTreeMap<String, Scores>,
    pub fields: FieldAccuracy,
    /// Predicted facts that fall on a listed not-fact.
    pub on_notfacts: usize,
    pub notfact_hits: Vec<NotFactHit>,
    pub misses: Vec<Miss>,
    pub false_positives: Vec<FalsePositive>,
    pub field_mismatches: Vec<FieldMismatch>,
}

/// The scores of a whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub overall: Scores,
    pub per_kind: BTreeMap<String, Scores>,
    pub fields: FieldAccuracy,
    pub on_notfacts: usize,
    pub documents: Vec<DocumentScore>,
    /// Inputs with no gold file, left out of the scores.
    pub without_gold: Vec<String>,
}

impl Report {
    /// Sums document scores into the overall and per-kind figures.
    pub fn from_documents(documents: Vec<DocumentScore>, without_gold: Vec<String>) -> Report {
        let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        let (mut m, mut p, mut g) = (0, 0, 0);
        let mut fields = FieldAccuracy::default();
        let mut on_notfacts = 0;
        for d in &documents {
            m += d.scores.matched;
            p += d.scores.predicted;
            g += d.scores.gold;
            for (k, s) in &d.per_kind {
                let c = counts.entry(k.clone()).or_default();
                c.0 += s.matched;
                c.1 += s.predicted;
                c.2 += s.gold;
            }
            fields.merge(d.fields);
            on_notfacts += d.on_notfacts;
        }
        Report {
            overall: Scores::new(m, p, g),
            per_kind: counts
                .into_iter()
                .map(|(k, (m, p, g))| (k, Scores::new(m, p, g)))
                .collect(),
            fields,
            on_notfacts,
            documents,
            without_gold,
        }
    }

    /// A plain-text report for a person.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        for d in &self.documents {
            let _ = writeln!(s, "== {} (gold {})", d.path, d.gold);
            if let Some(e) = &d.error {
                let _ = writeln!(s, "   error: {e}");
            }
            let _ = writeln!(s, "   {}", scores_line(&d.scores));
            for m in &d.misses {
                let found = if m.context_found {
                    ""
                } else {
                    " [context not in text]"
                };
                let _ = writeln!(
                    s,
                    "   MISS {:?} {} {:?} in {:?}{found}",
                    m.kind,
                    fmt_num(m.value),
                    m.raw,
                    m.context
                );
            }
            for f in &d.false_positives {
                let nf = f
                    .notfact
                    .as_deref()
                    .map(|r| format!(" [not-fact: {r}]"))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "   FP   {} {:?} {} {:?} in {:?}{nf}",
                    f.id,
                    f.kind,
                    fmt_num(f.value),
                    f.raw,
                    f.context
                );
            }
            for h in &d.notfact_hits {
                let also = if h.matched {
                    " (also matches a gold fact)"
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "   NOT-FACT {} {:?} on {:?} ({}){also}",
                    h.id, h.raw, h.notfact, h.reason
                );
            }
            for f in &d.field_mismatches {
                let _ = writeln!(
                    s,
                    "   FIELD {} {:?} {}: gold {:?}, predicted {:?}",
                    f.id, f.raw, f.field, f.gold, f.predicted
                );
            }
        }
        for p in &self.without_gold {
            let _ = writeln!(s, "(no gold for {p})");
        }
        let _ = writeln!(s, "\nOverall  {}", scores_line(&self.overall));
        for (k, sc) in &self.per_kind {
            let _ = writeln!(s, "  {k:<9}{}", scores_line(sc));
        }
        let f = &self.fields;
        let _ = writeln!(
            s,
            "On matched facts: label {}, qualifier {}, period {}, status {}, unit {}, per {}",
            acc(f.label),
            acc(f.qualifier),
            acc(f.period),
            acc(f.status),
            acc(f.unit),
            acc(f.per)
        );
        let _ = writeln!(
            s,
            "Predicted facts on a listed not-fact: {}",
            self.on_notfacts
        );
        s
    }
}

fn scores_line(s: &Scores) -> String {
    format!(
        "precision {:.3} ({}/{})  recall {:.3} ({}/{})  F1 {:.3}",
        s.precision, s.matched, s.predicted, s.recall, s.matched, s.gold, s.f1
    )
}

fn acc(a: Accuracy) -> String {
    format!("{:.3} ({}/{})", a.rate(), a.correct, a.total)
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A document's text with whitespace removed, and maps between the two.
struct Squeezed {
    /// NFC text without whitespace.
    text: String,
    /// Byte offset in `text` of each char, plus `text.len()` at the end.
    byte_of: Vec<usize>,
    /// For each char offset of the full text (and one past the end): how many
    /// non-whitespace chars come before it, i.e. its char offset in `text`.
    squeezed_of: Vec<usize>,
}

impl Squeezed {
    fn new(full: &str) -> Squeezed {
        let mut text = String::with_capacity(full.len());
        let mut byte_of = Vec::new();
        let mut squeezed_of = Vec::with_capacity(full.len() + 1);
        let mut n = 0;
        for c in full.chars() {
            squeezed_of.push(n);
            if !c.is_whitespace() {
                byte_of.push(text.len());
                text.push(c);
                n += 1;
            }
        }
        squeezed_of.push(n);
        byte_of.push(text.len());
        Squeezed {
            text,
            byte_of,
            squeezed_of,
        }
    }

    fn char_at_byte(&self, b: usize) -> usize {
        self.byte_of.partition_point(|&x| x < b)
    }

    /// Every occurrence of `needle` (already squeezed), as squeezed char ranges.
    fn find_all(&self, needle: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let len = needle.chars().count();
        let mut from = 0;
        while let Some(pos) = self.text[from..].find(needle) {
            let b = from + pos;
            let c = self.char_at_byte(b);
            out.push((c, c + len));
            // Step one char forward so overlapping occurrences are found too.
            from = b + self.text[b..].chars().next().map_or(1, |ch| ch.len_utf8());
        }
        out
    }
}

/// A gold string as the document text has it: through the normaliser (quotes,
/// dashes, tone placement in `style`; a gold file may keep the source's “ ” and –),
/// then squeezed.
fn gold_text(s: &str, style: ToneStyle) -> String {
    squeeze(&normalise_text(s, style).0)
}

/// NFC, whitespace removed.
fn squeeze(s: &str) -> String {
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\d+(?:[.,/]\d+)*").expect("valid regex"))
}

/// Whether the predicted raw holds the gold raw's number (see the module doc).
fn raw_holds_number(predicted_raw: &str, gold_raw: &str, style: ToneStyle) -> bool {
    let pred = squeeze(predicted_raw).to_lowercase();
    let gold = gold_text(gold_raw, style).to_lowercase();
    match number_re().find(&gold) {
        Some(m) => pred.contains(m.as_str()),
        None => !pred.is_empty() && (pred.contains(&gold) || gold.contains(&pred)),
    }
}

/// Numbers equal within a relative tolerance of 1e-9.
pub fn same_number(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn same_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_number(a, b),
        _ => false,
    }
}

fn function_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("function_words.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').next())
            .map(crate::normalise::match_key)
            .collect()
    })
}

/// The words of a label that say what is measured: the words of its
/// [`match_key`](crate::normalise::match_key) (lower case, one spelling of tỷ/tỉ and
/// of tone placement), without the function words of `function_words.tsv`.
fn key_words(label: &str) -> HashSet<String> {
    let fw = function_words();
    crate::normalise::match_key(label)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !fw.contains(*w))
        .map(str::to_string)
        .collect()
}

/// The part of a gold label a prediction must find: without the explanations a
/// checker adds in parentheses or after a colon ("Tỷ lệ hộ nghèo: giảm so với năm
/// 2022" -> "Tỷ lệ hộ nghèo"; "Cử nhân (trình độ lý luận chính trị)" -> "Cử nhân").
fn label_match_key(label: &str) -> String {
    let head = label.split(": ").next().unwrap_or(label);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in head.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.trim().is_empty() {
        label.to_string()
    } else {
        out
    }
}

/// Whether a predicted label is acceptable for a gold one. With G the key words of
/// the gold label's match key (see [`label_match_key`]), P those of the predicted
/// label and F those of the full gold label:
/// - the prediction covers at least two thirds of G, or
/// - at least two thirds of P are in F and they are at least two words (or all of
///   G when G has one word): a shorter label that is mostly the gold's own words.
///
/// Both labels absent is acceptable; one absent is not.
pub fn label_acceptable(gold: Option<&str>, predicted: Option<&str>) -> bool {
    let (gold, predicted) = match (gold, predicted) {
        (None, None) => return true,
        (Some(g), Some(p)) => (g, p),
        _ => return false,
    };
    let f = key_words(gold);
    // ("Trong đó: Giảm tần suất …": a head of function words alone leaves the whole label)
    let g = Some(key_words(&label_match_key(gold)))
        .filter(|g| !g.is_empty())
        .unwrap_or_else(|| f.clone());
    let p = key_words(predicted);
    if g.is_empty() {
        return p.is_empty();
    }
    let covered = g.intersection(&p).count();
    if covered * 3 >= g.len() * 2 {
        return true;
    }
    let inside = p.intersection(&f).count();
    !p.is_empty() && inside * 3 >= p.len() * 2 && inside >= g.len().min(2)
}

/// Where a fact stands in the squeezed document text.
fn fact_span(fact: &Fact, base: &HashMap<u32, usize>, sq: &Squeezed) -> Option<(usize, usize)> {
    let b = *base.get(&fact.location.block)?;
    let s = b + fact.location.start as usize;
    let e = b + fact.location.end as usize;
    Some((*sq.squeezed_of.get(s)?, *sq.squeezed_of.get(e)?))
}

fn kind_name(k: Kind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Scores one document record against its gold. `style` is the tone style the
/// document was normalised in; gold strings are normalised the same way.
pub fn score_document(record: &DocumentRecord, gold: &Gold, style: ToneStyle) -> DocumentScore {
    // The document text, and where each block starts in it (in chars).
    let mut full = String::new();
    let mut base = HashMap::new();
    let mut block_text = HashMap::new();
    let mut offset = 0usize;
    for (i, b) in record.blocks.iter().enumerate() {
        if i > 0 {
            full.push('\n');
            offset += 1;
        }
        base.insert(b.id, offset);
        block_text.insert(b.id, b.text.as_str());
        full.push_str(&b.text);
        offset += b.text.chars().count();
    }
    let sq = Squeezed::new(&full);

    let spans: Vec<Option<(usize, usize)>> = record
        .facts
        .iter()
        .map(|f| fact_span(f, &base, &sq))
        .collect();
    // Predictions in text order: the order candidates are tried in.
    let mut order: Vec<usize> = (0..record.facts.len()).collect();
    order.sort_by_key(|&j| (spans[j].map_or(usize::MAX, |s| s.0), j));

    let mut context_found = Vec::with_capacity(gold.facts.len());
    let candidates: Vec<Vec<usize>> = gold
        .facts
        .iter()
        .map(|g| {
            let occurrences = sq.find_all(&gold_text(&g.context, style));
            context_found.push(!occurrences.is_empty());
            let c = order
                .iter()
                .copied()
                .filter(|&j| {
                    let p = &record.facts[j];
                    let Some((ps, pe)) = spans[j] else {
                        return false;
                    };
                    p.kind == g.kind
                        && same_number(p.value, g.value)
                        && same_opt(p.denominator, g.denominator)
                        && same_opt(p.max, g.max)
                        && raw_holds_number(&p.raw, &g.raw, style)
                        && occurrences
                            .iter()
                            .any(|&(a, b)| a <= ps && pe <= b && ps < pe)
                })
                .collect::<Vec<usize>>();
            // two figures of one value in one context ("khen thưởng 02 tập thể, 02 cá nhân"):
            // the one written as the gold's raw is tried first, so the fields are compared
            // between the same figure
            let want: String = gold_text(&g.raw, style)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            // then the one standing where the gold's raw stands in its context ("Thành lập
            // mới 5 doanh nghiệp, 5 Tổng công ty": the second 5 for the second gold)
            let ctx: Vec<char> = gold_text(&g.context, style)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let want_chars: Vec<char> = want.chars().collect();
            let raw_at = (!want_chars.is_empty() && want_chars.len() <= ctx.len())
                .then(|| {
                    (0..=ctx.len() - want_chars.len())
                        .find(|&k| ctx[k..k + want_chars.len()] == want_chars[..])
                })
                .flatten();
            let distance = |j: usize| -> usize {
                let (Some(o), Some((ps, _))) = (raw_at, spans[j]) else {
                    return 0;
                };
                occurrences
                    .iter()
                    .filter(|&&(a, b)| a <= ps && ps < b)
                    .map(|&(a, _)| ps.abs_diff(a + o))
                    .min()
                    .unwrap_or(0)
            };
            let mut c = c;
            c.sort_by_key(|&j| {
                let raw = &record.facts[j].raw;
                (
                    raw.chars().filter(|c| !c.is_whitespace()).ne(want.chars()),
                    distance(j),
                )
            });
            c
        })
        .collect();
    let pred_of_gold = max_matching(&candidates, record.facts.len());

    let mut matched_pred = vec![false; record.facts.len()];
    let mut fields = FieldAccuracy::default();
    let mut field_mismatches = Vec::new();
    let mut per_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (i, g) in gold.facts.iter().enumerate() {
        per_kind.entry(kind_name(g.kind)).or_default().2 += 1;
        match pred_of_gold[i] {
            Some(j) => {
                matched_pred[j] = true;
                per_kind.entry(kind_name(g.kind)).or_default().0 += 1;
                let p = &record.facts[j];
                let mut check =
                    |name: &str, ok: bool, acc: &mut Accuracy, gv: String, pv: String| {
                        acc.add(ok);
                        if !ok {
                            field_mismatches.push(FieldMismatch {
                                id: p.id.clone(),
                                raw: p.raw.clone(),
                                field: name.to_string(),
                                gold: gv,
                                predicted: pv,
                            });
                        }
                    };
                let label_ok = label_acceptable(g.label.as_deref(), p.label.as_deref());
                check(
                    "label",
                    label_ok,
                    &mut fields.label,
                    format!("{:?}", g.label),
                    format!("{:?}", p.label),
                );
                check(
                    "qualifier",
                    p.qualifier == g.qualifier,
                    &mut fields.qualifier,
                    format!("{:?}", g.qualifier),
                    format!("{:?}", p.qualifier),
                );
                check(
                    "period",
                    p.period == g.period,
                    &mut fields.period,
                    format!("{:?}", g.period),
                    format!("{:?}", p.period),
                );
                if let Some(gs) = g.status {
                    check(
                        "status",
                        p.status == gs,
                        &mut fields.status,
                        format!("{gs:?}"),
                        format!("{:?}", p.status),
                    );
                }
                let nfc = |u: &Option<String>| u.as_deref().map(|u| u.nfc().collect::<String>());
                let unit_ok = nfc(&p.unit) == nfc(&g.unit);
                let per_ok = nfc(&p.per) == nfc(&g.per);
                check(
                    "per",
                    per_ok,
                    &mut fields.per,
                    format!("{:?}", g.per),
                    format!("{:?}", p.per),
                );
                check(
                    "unit",
                    unit_ok,
                    &mut fields.unit,
                    format!("{:?}", g.unit),
                    format!("{:?}", p.unit),
                );
            }
            None => misses.push(Miss {
                kind: g.kind,
                value: g.value,
                raw: g.raw.clone(),
                context: g.context.clone(),
                context_found: context_found[i],
            }),
        }
    }

    // Where the not-facts stand: the not-fact's place in its context (found with the
    // spaces, as a whole number: " 1" is not the 1 of "10"), in every occurrence of it.
    let mut notfact_spans: Vec<(usize, usize, &NotFact)> = Vec::new();
    for nf in &gold.notfacts {
        let Some((offset, len)) = place_in_context(&nf.text, &nf.context, style) else {
            continue;
        };
        for (a, _) in sq.find_all(&gold_text(&nf.context, style)) {
            notfact_spans.push((a + offset, a + offset + len, nf));
        }
    }
    let notfact_of = |j: usize| -> Option<&NotFact> {
        let (ps, pe) = spans[j]?;
        notfact_spans
            .iter()
            .find(|&&(s, e, _)| ps < e && s < pe)
            .map(|&(_, _, nf)| nf)
    };
    let notfact_hits: Vec<NotFactHit> = order
        .iter()
        .filter_map(|&j| {
            let nf = notfact_of(j)?;
            Some(NotFactHit {
                id: record.facts[j].id.clone(),
                raw: record.facts[j].raw.clone(),
                notfact: nf.text.clone(),
                reason: nf.reason.clone(),
                matched: matched_pred[j],
            })
        })
        .collect();

    let mut false_positives = Vec::new();
    for &j in &order {
        let p = &record.facts[j];
        per_kind.entry(kind_name(p.kind)).or_default().1 += 1;
        if matched_pred[j] {
            continue;
        }
        false_positives.push(FalsePositive {
            id: p.id.clone(),
            kind: p.kind,
            value: p.value,
            raw: p.raw.clone(),
            context: around(
                block_text.get(&p.location.block).copied().unwrap_or(""),
                p.location.start,
                p.location.end,
            ),
            notfact: notfact_of(j).map(|nf| nf.reason.clone()),
        });
    }

    let matched = pred_of_gold.iter().filter(|m| m.is_some()).count();
    DocumentScore {
        path: record.source.path.clone(),
        gold: gold.path.display().to_string(),
        error: record.error.as_ref().map(|e| e.message.clone()),
        scores: Scores::new(matched, record.facts.len(), gold.facts.len()),
        per_kind: per_kind
            .into_iter()
            .map(|(k, (m, p, g))| (k, Scores::new(m, p, g)))
            .collect(),
        fields,
        on_notfacts: notfact_hits.len(),
        notfact_hits,
        misses,
        false_positives,
        field_mismatches,
    }
}

/// Where `text` stands in `context`, in squeezed chars: (offset, length). The first
/// occurrence that stands alone: not glued to a letter or digit, nor to a number
/// through "." "," "/" ("2" is not the end of "31,2"), and with a space (or the
/// context's end) on each side where `text` has one (" 2", a TT cell).
fn place_in_context(text: &str, context: &str, style: ToneStyle) -> Option<(usize, usize)> {
    let ctx: Vec<char> = normalise_text(context, style).0.chars().collect();
    let needle: Vec<char> = normalise_text(text.trim(), style).0.chars().collect();
    if needle.is_empty() || needle.len() > ctx.len() {
        return None;
    }
    let space_before = text.starts_with(char::is_whitespace);
    let space_after = text.ends_with(char::is_whitespace);
    // Whether `outer` (then `beyond`) continues the token that ends with `inner`. A number
    // right after a letter stands alone: "USD4" is "USD" and the footnote marker 4.
    let glued = |inner: char, outer: Option<char>, beyond: Option<char>| match outer {
        Some(o) if o.is_alphanumeric() => {
            inner.is_alphanumeric() && !(o.is_alphabetic() && inner.is_ascii_digit())
        }
        Some('.' | ',' | '/') => {
            inner.is_ascii_digit() && beyond.is_some_and(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    for at in 0..=ctx.len() - needle.len() {
        if ctx[at..at + needle.len()] != needle[..] {
            continue;
        }
        let end = at + needle.len();
        let before = at.checked_sub(1).map(|k| ctx[k]);
        let before2 = at.checked_sub(2).map(|k| ctx[k]);
        let (after, after2) = (ctx.get(end).copied(), ctx.get(end + 1).copied());
        let ok_before = if space_before {
            before.is_none_or(char::is_whitespace)
        } else {
            !glued(needle[0], before, before2)
        };
        let ok_after = if space_after {
            after.is_none_or(char::is_whitespace)
        } else {
            !glued(needle[needle.len() - 1], after, after2)
        };
        if ok_before && ok_after {
            let offset = ctx[..at].iter().filter(|c| !c.is_whitespace()).count();
            return Some((offset, needle.iter().filter(|c| !c.is_whitespace()).count()));
        }
    }
    None
}

/// Up to 40 chars of the block on each side of a span.
fn around(text: &str, start: u32, end: u32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let s = (start as usize).min(chars.len());
    let e = (end as usize).clamp(s, chars.len());
    let a = s.saturating_sub(40);
    let b = (e + 40).min(chars.len());
    chars[a..b].iter().collect()
}

/// Maximum bipartite matching (Kuhn's augmenting paths): gold facts in order, each
/// trying its candidates in the order given. Returns the prediction of each gold fact.
fn max_matching(candidates: &[Vec<usize>], n_pred: usize) -> Vec<Option<usize>> {
    fn augment(
        g: usize,
        candidates: &[Vec<usize>],
        gold_of: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for &p in &candidates[g] {
            if seen[p] {
                continue;
            }
            seen[p] = true;
            let free = match gold_of[p] {
                None => true,
                Some(other) => augment(other, candidates, gold_of, seen),
            };
            if free {
                gold_of[p] = Some(g);
                return true;
            }
        }
        false
    }
    let mut gold_of = vec![None; n_pred];
    for g in 0..candidates.len() {
        let mut seen = vec![false; n_pred];
        augment(g, candidates, &mut gold_of, &mut seen);
    }
    let mut pred_of = vec![None; candidates.len()];
    for (p, g) in gold_of.iter().enumerate() {
        if let Some(g) = g {
            pred_of[*g] = Some(p);
        }
    }
    pred_of
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Location};

    const T: ToneStyle = ToneStyle::Traditional;

    fn fact(id: &str, kind: Kind, value: f64, raw: &str, block: u32, start: u32) -> Fact {
        Fact {
            id: id.into(),
            kind,
            value,
            unit: None,
            per: None,
            denominator: None,
            max: None,
            qualifier: Qualifier::Exact,
            decimals: 0,
            raw: raw.into(),
            label: None,
            metric: None,
            period: None,
            status: Status::Actual,
            location: Location {
                block,
                start,
                end: start + raw.chars().count() as u32,
                source_start: 0,
                source_end: 0,
            },
            section: None,
        }
    }

    fn gold_fact(kind: Kind, value: f64, raw: &str, context: &str) -> GoldFact {
        GoldFact {
            kind,
            value,
            unit: None,
            qualifier: Qualifier::Exact,
            raw: raw.into(),
            label: None,
            context: context.into(),
            denominator: None,
            max: None,
            period: None,
            status: Some(Status::Actual),
            per: None,
            section: None,
            note: None,
        }
    }

    fn record(texts: &[&str], facts: Vec<Fact>) -> DocumentRecord {
        DocumentRecord {
            blocks: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Block {
                    id: i as u32,
                    text: t.to_string(),
                    ..Default::default()
                })
                .collect(),
            facts,
            ..Default::default()
        }
    }

    #[test]
    fn matches_on_kind_value_number_and_context_across_a_line_break() {
        // Block 0: "Tổng số là: 237 người" ; block 1: "trong đó nữ 108 người"
        let rec = record(
            &["Tổng số là: 237 người", "trong đó nữ 108 người"],
            vec![
                fact("f1", Kind::Count, 237.0, "237 người", 0, 12),
                fact("f2", Kind::Count, 108.0, "108 người", 1, 12),
                fact("f3", Kind::Count, 99.0, "108", 1, 12),
            ],
        );
        let gold = Gold {
            facts: vec![
                // The context crosses the join between the blocks, with other spacing.
                gold_fact(Kind::Count, 237.0, "237 người", "là:  237 người trong đó"),
                gold_fact(Kind::Count, 108.0, "108 người", "nữ 108 người"),
                gold_fact(Kind::Percent, 50.0, "50%", "không có trong văn bản"),
            ],
            ..Default::default()
        };
        let s = score_document(&rec, &gold, T);
        assert_eq!(
            (s.scores.matched, s.scores.predicted, s.scores.gold),
            (2, 3, 3)
        );
        assert_eq!(s.misses.len(), 1);
        assert!(!s.misses[0].context_found);
        assert_eq!(s.false_positives.len(), 1);
        assert_eq!(s.false_positives[0].id, "f3");
        assert_eq!(s.per_kind["count"], Scores::new(2, 3, 2));
        assert_eq!(s.per_kind["percent"], Scores::new(0, 0, 1));
    }

    #[test]
    fn two_figures_of_one_value_in_one_context_pair_by_their_raw() {
        // "khen thưởng 02 tập thể, 02 cá nhân": both gold contexts hold both figures; each
        // gold fact is paired with the prediction written as its raw (by position alone, the
        // augmenting path would swap them)
        let text = "năm; 02 cá nhân được khen. Khen thưởng 02 tập thể, 02 cá nhân, ban hành";
        let unit = |mut f: Fact, u: &str| {
            f.unit = Some(u.into());
            f
        };
        let rec = record(
            &[text],
            vec![
                unit(fact("f1", Kind::Count, 2.0, "02 cá nhân", 0, 5), "cá nhân"),
                unit(fact("f2", Kind::Count, 2.0, "02 tập thể", 0, 39), "tập thể"),
                unit(fact("f3", Kind::Count, 2.0, "02 cá nhân", 0, 51), "cá nhân"),
            ],
        );
        let gold_unit = |mut g: GoldFact, u: &str| {
            g.unit = Some(u.into());
            g
        };
        let both = "Khen thưởng 02 tập thể, 02 cá nhân";
        let gold = Gold {
            facts: vec![
                gold_unit(
                    gold_fact(Kind::Count, 2.0, "02 cá nhân", "năm; 02 cá nhân được"),
                    "cá nhân",
                ),
                gold_unit(gold_fact(Kind::Count, 2.0, "02 tập thể", both), "tập thể"),
                gold_unit(gold_fact(Kind::Count, 2.0, "02 cá nhân", both), "cá nhân"),
            ],
            ..Default::default()
        };
        let s = score_document(&rec, &gold, T);
        assert_eq!(s.scores.matched, 3);
        assert_eq!(
            s.fields.unit,
            Accuracy {
                correct: 3,
                total: 3
            },
            "{:?}",
            s.field_mismatches
        );
    }

    #[test]
    fn two_figures_of_one_value_pair_by_where_the_gold_raw_stands() {
        // "Thành lập mới 5 doanh nghiệp, 5 Tổng công ty": the second prediction lost its noun,
        // so neither raw equals the second gold's; the one standing where that gold's raw
        // stands in the context is its pair, not the first 5
        let text = "Thành lập mới 5 doanh nghiệp, 5 Tổng công ty.";
        let mut f1 = fact("f1", Kind::Count, 5.0, "5 doanh nghiệp", 0, 14);
        f1.unit = Some("doanh nghiệp".into());
        let f2 = fact("f2", Kind::Count, 5.0, "5", 0, 30);
        let rec = record(&[text], vec![f1, f2]);
        let mut g1 = gold_fact(Kind::Count, 5.0, "5 doanh nghiệp", text);
        g1.unit = Some("doanh nghiệp".into());
        let mut g2 = gold_fact(Kind::Count, 5.0, "5 Tổng công ty", text);
        g2.unit = Some("tổng công ty".into());
        let gold = Gold {
            facts: vec![g1, g2],
            ..Default::default()
        };
        let s = score_document(&rec, &gold, T);
        assert_eq!(s.scores.matched, 2);
        // f1 pairs with the "doanh nghiệp" gold: its unit is right; f2's unit is not
        assert_eq!(s.fields.unit.correct, 1, "{:?}", s.field_mismatches);
        assert_eq!(s.field_mismatches[0].id, "f2");
    }

    #[test]
    fn a_fact_outside_the_context_or_of_another_kind_does_not_match() {
        let rec = record(
            &["có 12 phòng và 12 phòng khác"],
            vec![
                fact("f1", Kind::Count, 12.0, "12 phòng", 0, 16),
                fact("f2", Kind::Measure, 12.0, "12 phòng", 0, 3),
            ],
        );
        let gold = Gold {
            facts: vec![gold_fact(Kind::Count, 12.0, "12 phòng", "có 12 phòng và")],
            ..Default::default()
        };
        let s = score_document(&rec, &gold, T);
        assert_eq!(s.scores.matched, 0);
    }

    #[test]
    fn each_gold_fact_is_matched_once_and_matching_is_maximal() {
        // Two identical figures; both contexts are found around both occurrences for
        // the first gold fact, only around the second for the second.
        let rec = record(
            &["đạt 100% và đạt 100% kế hoạch"],
            vec![
                fact("f1", Kind::Percent, 100.0, "100%", 0, 4),
                fact("f2", Kind::Percent, 100.0, "100%", 0, 16),
            ],
        );
        let gold = Gold {
            facts: vec![
                gold_fact(
                    Kind::Percent,
                    100.0,
                    "100%",
                    "đạt 100% và đạt 100% kế hoạch",
                ),
                gold_fact(Kind::Percent, 100.0, "100%", "và đạt 100% kế hoạch"),
            ],
            ..Default::default()
        };
        let s = score_document(&rec, &gold, T);
        assert_eq!(s.scores.matched, 2, "{s:?}");
        let once = Gold {
            facts: vec![gold_fact(Kind::Percent, 100.0, "100%", "đạt 100% và")],
            ..Default::default()
        };
        assert_eq!(score_document(&rec, &once, T).scores, Scores::new(1, 2, 1));
    }

    #[test]
    fn gold_written_with_the_source_quotes_and_dashes_still_matches() {
        let rec = record(
            &["- Tập thể: 20 - 25 phòng, ban, đơn vị \"Cơ quan\""],
            vec![fact(
                "f1",
                Kind::Count,
                20.0,
                "20 - 25 phòng, ban, đơn vị",
                0,
                11,
            )],
        );
        let gold = Gold {
            facts: vec![gold_fact(
                Kind::Count,
                20.0,
                "20 – 25 phòng, ban, đơn vị",
                "Tập thể: 20 – 25 phòng, ban, đơn vị “Cơ quan”",
            )],
            ..Default::default()
        };
        assert_eq!(score_document(&rec, &gold, T).scores.matched, 1);
    }

    #[test]
    fn raw_must_hold_the_gold_number() {
        assert!(raw_holds_number("hơn 32 tỷ đồng", "32 tỷ đồng", T));
        assert!(raw_holds_number("17/17 chỉ tiêu", "17/17 chỉ tiêu", T));
        assert!(!raw_holds_number("17 chỉ tiêu", "17/17 chỉ tiêu", T));
        assert!(raw_holds_number("một ngày lương", "một ngày lương", T));
        assert!(!raw_holds_number("hai ngày", "một ngày lương", T));
    }

    #[test]
    fn a_not_fact_is_a_whole_number_in_its_context() {
        assert_eq!(
            place_in_context(" 1", "tỉ lệ 10 - 15%.\n 1 Tổng", T),
            Some((11, 1))
        );
        assert_eq!(
            place_in_context("năm 2023", "kết quả năm 2023 và năm 2024", T),
            Some((6, 7))
        );
        assert_eq!(place_in_context("7", "17 người", T), None);
        // A TT cell " 2" after a cell "31,2": the cell, not the decimal.
        assert_eq!(
            place_in_context(" 2", "xã hội\n %\n 31,2\n\n 2\n Tỷ lệ", T),
            Some((10, 1))
        );
        assert_eq!(
            place_in_context("2", "đạt 31,2 và 2 người", T),
            Some((9, 1))
        );
        // a footnote marker glued after a unit: the marker alone, not the figure before it
        assert_eq!(
            place_in_context("4", "trên 1 tỷ USD4. Hai là", T),
            Some((10, 1))
        );
    }

    #[test]
    fn a_gold_label_headed_by_function_words_is_compared_whole() {
        let l = "Trong đó: Giảm tần suất tai nạn lao động chết người hàng năm";
        assert!(label_acceptable(Some(l), Some(l)));
        assert!(!label_acceptable(Some(l), Some("Trong đó")));
    }

    #[test]
    fn predictions_on_a_not_fact_are_counted() {
        let rec = record(
            &["ngày 14 tháng 8 năm 2023, có 5 người"],
            vec![fact("f1", Kind::Count, 14.0, "14", 0, 5)],
        );
        let gold = Gold {
            facts: vec![],
            notfacts: parse_notfacts(
                "# header\nngày 14 tháng 8 năm 2023\tngày 14 tháng 8 năm 2023, có\tdate\n",
            ),
            ..Default::default()
        };
        let s = score_document(&rec, &gold, T);
        assert_eq!(s.on_notfacts, 1);
        assert_eq!(s.false_positives[0].notfact.as_deref(), Some("date"));
    }

    #[test]
    fn gold_is_found_by_stem_then_by_shorter_stems() {
        let dir = tempfile::tempdir().unwrap();
        let line = r#"{"kind": "count", "value": 5, "raw": "5 người", "context": "có 5 người"}"#;
        std::fs::write(dir.path().join("bc.facts.jsonl"), format!("{line}\n")).unwrap();
        std::fs::write(
            dir.path().join("bc.vni.facts.jsonl"),
            format!("{line}\n{line}\n"),
        )
        .unwrap();
        let n = |p: &str| {
            find_gold(dir.path(), Path::new(p))
                .unwrap()
                .map(|g| g.facts.len())
        };
        assert_eq!(n("x/bc.txt"), Some(1));
        assert_eq!(n("bc.docx"), Some(1));
        assert_eq!(n("bc.vni.txt"), Some(2));
        assert_eq!(n("bc.tcvn3-derived.txt"), Some(1));
        assert_eq!(n("other.txt"), None);
        std::fs::write(dir.path().join("bad.facts.jsonl"), "{not json\n").unwrap();
        assert!(find_gold(dir.path(), Path::new("bad.txt")).is_err());
    }

    #[test]
    fn label_rule() {
        let g = Some("Tỷ lệ hộ nghèo: giảm so với năm 2022");
        assert!(label_acceptable(g, Some("tỷ lệ hộ nghèo")));
        assert!(label_acceptable(
            Some("đoàn viên nữ"),
            Some("Tổng số đoàn viên nữ trong toàn Sở")
        ));
        assert!(label_acceptable(
            Some("Tổng số công chức, viên chức và người lao động (CCVC, NLĐ) toàn Sở"),
            Some("công chức, viên chức và người lao động")
        ));
        assert!(label_acceptable(
            Some("Cử nhân (trình độ lý luận chính trị)"),
            Some("Cử nhân")
        ));
        assert!(!label_acceptable(
            Some("Tổng số công chức, viên chức và người lao động"),
            Some("Sở")
        ));
        assert!(!label_acceptable(
            Some("Tỷ lệ thất nghiệp thành thị"),
            Some("Tỷ lệ hộ nghèo")
        ));
        assert!(!label_acceptable(Some("Đại học"), None));
        assert!(label_acceptable(None, None));
    }
}
