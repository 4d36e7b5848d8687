//! One document as the rules see it: facts in reading order, the text around each, sentences,
//! and the cue-word tables.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Block, DocumentRecord, Fact, FactRef, Finding, Kind, Severity, Status};

/// A document's facts and block texts, indexed for the rules.
pub struct DocView<'a> {
    pub rec: &'a DocumentRecord,
    /// Facts sorted by block, then by start offset.
    pub facts: Vec<&'a Fact>,
    blocks: HashMap<u32, BlockText<'a>>,
    /// Word pairs of each fact's subject, by fact id, filled on first use: matching figures
    /// across documents asks for them many times.
    subjects: std::cell::RefCell<HashMap<String, std::rc::Rc<Keys>>>,
    /// `plan_ratio::base_year` of each fact, by fact id, filled on first use: pairing the
    /// reports of one body asks it of every fact of one for every fact of the other.
    pub(crate) base_years: std::cell::RefCell<HashMap<String, Option<i32>>>,
    /// What [`DocView::body`] gives, made once: documents are grouped by it.
    body: Option<String>,
}

/// A fact's subject and label as sorted hashes of their word pairs, for fast comparison.
pub(crate) struct Keys {
    subject: Vec<u64>,
    label: Vec<u64>,
    /// The label's last word pair.
    label_head: Option<u64>,
}

fn pair_hashes(w: &[String]) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut v: Vec<u64> = w
        .windows(2)
        .map(|p| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            p[0].hash(&mut h);
            p[1].hash(&mut h);
            h.finish()
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub struct BlockText<'a> {
    pub block: &'a Block,
    pub chars: Vec<char>,
    /// Lower-cased, one char for one char, so that offsets agree with `chars`.
    pub lower: Vec<char>,
    /// Offsets of the chars that end a sentence, in order.
    ends: Vec<usize>,
}

/// A sentence ends at ".", "!" or "?" followed by a space (so "17.034" does not end one), and
/// at a line break.
fn sentence_ends(chars: &[char]) -> Vec<usize> {
    let n = chars.len();
    (0..n)
        .filter(|&i| {
            chars[i] == '\n'
                || matches!(chars[i], '.' | '!' | '?')
                    && (i + 1 >= n || chars[i + 1].is_whitespace())
        })
        .collect()
}

impl<'a> DocView<'a> {
    pub fn new(rec: &'a DocumentRecord) -> DocView<'a> {
        let mut facts: Vec<&Fact> = rec.facts.iter().collect();
        facts.sort_by_key(|f| (f.location.block, f.location.start));
        let blocks = rec
            .blocks
            .iter()
            .map(|b| {
                let chars: Vec<char> = b.text.chars().collect();
                let lower = chars
                    .iter()
                    .map(|c| c.to_lowercase().next().unwrap_or(*c))
                    .collect();
                (
                    b.id,
                    BlockText {
                        block: b,
                        ends: sentence_ends(&chars),
                        chars,
                        lower,
                    },
                )
            })
            .collect();
        let body = rec
            .metadata
            .issuing_body
            .as_deref()
            .map(|b| words(b).join(" "))
            .filter(|k| !k.is_empty());
        DocView {
            rec,
            facts,
            blocks,
            subjects: Default::default(),
            base_years: Default::default(),
            body,
        }
    }

    /// The key documents of one issuing body share: the body's words, folded ("Công đoàn Sở
    /// Lao động - Thương binh và Xã hội" and "... Lao động Thương binh ..." are one body).
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    pub fn path(&self) -> &str {
        &self.rec.source.path
    }

    pub fn block(&self, id: u32) -> Option<&BlockText<'a>> {
        self.blocks.get(&id)
    }

    pub fn fref(&self, f: &Fact) -> FactRef {
        FactRef {
            document: self.path().to_string(),
            fact: f.id.clone(),
        }
    }

    /// Lower-cased text of a block between two char offsets (clamped).
    pub fn lower(&self, block: u32, start: usize, end: usize) -> String {
        match self.blocks.get(&block) {
            Some(b) => {
                let e = end.min(b.lower.len());
                let s = start.min(e);
                b.lower[s..e].iter().collect()
            }
            None => String::new(),
        }
    }

    /// Text of a block between two char offsets (clamped), as written.
    pub fn text(&self, block: u32, start: usize, end: usize) -> String {
        match self.blocks.get(&block) {
            Some(b) => {
                let e = end.min(b.chars.len());
                let s = start.min(e);
                b.chars[s..e].iter().collect()
            }
            None => String::new(),
        }
    }

    pub fn block_len(&self, block: u32) -> usize {
        self.blocks.get(&block).map_or(0, |b| b.chars.len())
    }

    /// Lower-cased text from the start of `f`'s sentence (or `max` chars back) to `f`.
    pub fn before(&self, f: &Fact, max: usize) -> String {
        let (s, _) = self.sentence_of(f.location.block, f.location.start as usize);
        let start = (f.location.start as usize).saturating_sub(max).max(s);
        self.lower(f.location.block, start, f.location.start as usize)
    }

    /// Lower-cased text from the end of `f` to the end of its sentence (or `max` chars on).
    pub fn after(&self, f: &Fact, max: usize) -> String {
        let (_, e) = self.sentence_of(f.location.block, f.location.end as usize);
        let end = (f.location.end as usize + max).min(e);
        self.lower(f.location.block, f.location.end as usize, end)
    }

    /// Lower-cased text between two facts of the same block, `a` before `b`.
    pub fn between(&self, a: &Fact, b: &Fact) -> Option<String> {
        if a.location.block != b.location.block || a.location.end > b.location.start {
            return None;
        }
        Some(self.lower(
            a.location.block,
            a.location.end as usize,
            b.location.start as usize,
        ))
    }

    /// Char bounds of the sentence holding offset `pos` of a block. A sentence ends at ".", "!"
    /// or "?" followed by a space (so "17.034" does not end one), and at a line break.
    pub fn sentence_of(&self, block: u32, pos: usize) -> (usize, usize) {
        let Some(b) = self.blocks.get(&block) else {
            return (0, 0);
        };
        let n = b.chars.len();
        let pos = pos.min(n);
        // The first end at or after pos closes the sentence; the one before it opens it.
        let k = b.ends.partition_point(|&e| e < pos);
        let s = if k == 0 { 0 } else { b.ends[k - 1] + 1 };
        let e = b.ends.get(k).map_or(n, |&e| e + 1);
        (s.min(n), e.min(n))
    }

    /// The sentence of a fact, as written (for quoting).
    pub fn sentence_text(&self, f: &Fact) -> String {
        let (s, e) = self.sentence_of(f.location.block, f.location.start as usize);
        self.text(f.location.block, s, e).trim().to_string()
    }

    /// Facts whose start lies in `[start, end)` of a block, in order.
    pub fn facts_in(&self, block: u32, start: usize, end: usize) -> Vec<&'a Fact> {
        let key = |f: &&Fact| (f.location.block, f.location.start as usize);
        let lo = self.facts.partition_point(|f| key(f) < (block, start));
        let hi = self.facts.partition_point(|f| key(f) < (block, end));
        self.facts[lo..hi.max(lo)].to_vec()
    }

    /// The word pairs of a fact's subject (see [`DocView::subject`]) and label, cached.
    pub(crate) fn keys(&self, f: &Fact) -> std::rc::Rc<Keys> {
        if let Some(p) = self.subjects.borrow().get(&f.id) {
            return p.clone();
        }
        let (mut x, y) = self.subject(f);
        let mut subject = pair_hashes(&x);
        subject.extend(pair_hashes(&y));
        subject.sort_unstable();
        subject.dedup();
        x.clear();
        let lw = f.label.as_deref().map(words).unwrap_or_default();
        let label = pair_hashes(&lw);
        let label_head = (lw.len() >= 2).then(|| pair_hashes(&lw[lw.len() - 2..])[0]);
        let rc = std::rc::Rc::new(Keys {
            subject,
            label,
            label_head,
        });
        self.subjects.borrow_mut().insert(f.id.clone(), rc.clone());
        rc
    }

    /// Facts of the same sentence as `f`, in order (including `f`).
    pub fn sentence_facts(&self, f: &Fact) -> Vec<&'a Fact> {
        let (s, e) = self.sentence_of(f.location.block, f.location.start as usize);
        self.facts_in(f.location.block, s, e)
    }

    /// Block ids in reading order.
    pub fn block_ids(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self.blocks.keys().copied().collect();
        ids.sort();
        ids
    }

    /// Char spans of every whole-word occurrence of a class's cue phrases in a block,
    /// in order; where phrases overlap ("chiếm tỷ lệ", "chiếm") the longest wins.
    pub fn cue_spans(&self, block: u32, class: &str) -> Vec<(usize, usize)> {
        let Some(b) = self.blocks.get(&block) else {
            return Vec::new();
        };
        let text: String = b.lower.iter().collect();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for cue in cues(class) {
            let mut from = 0;
            while let Some(i) = find_word_from(&text, cue, from) {
                let s = text[..i].chars().count();
                let e = s + cue.chars().count();
                if !spans.iter().any(|&(a, z)| s < z && a < e) {
                    spans.push((s, e));
                }
                from = i + cue.len();
            }
        }
        spans.sort();
        spans
    }

    /// True when the fact is a difference: "tăng 67", "giảm 1,29%", "vượt 0,52%".
    pub fn is_difference(&self, f: &Fact) -> bool {
        let before = self.before(f, 40);
        let before = before.trim_end().trim_end_matches(['(', ':']).trim_end();
        cues("difference").iter().any(|cue| {
            before.ends_with(cue.as_str())
                && before[..before.len() - cue.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
    }

    /// True when the fact is only a difference or the base of a comparison ("tăng 67",
    /// "so với năm 2022 (1.326 đối tượng)"), so it cannot be a whole.
    pub fn is_comparative(&self, f: &Fact) -> bool {
        if f.status == Status::Reference || self.is_difference(f) {
            return true;
        }
        let before = self.before(f, 40);
        let before = before.trim_end().trim_end_matches(['(', ':']).trim_end();
        // "so với năm 2022 (1.326 đối tượng)": the base of a comparison.
        rfind_word(before, "so với").is_some_and(|i| before.len() - i < 40)
    }
}

impl<'a> DocView<'a> {
    /// The words of the clause around a fact, folded, without the fact itself or brackets:
    /// what the figure is about, for matching a figure with its plan or its restatement.
    /// Returns the words before the figure and the words after it.
    pub fn subject(&self, f: &Fact) -> (Vec<String>, Vec<String>) {
        let block = f.location.block;
        let (s, e) = self.sentence_of(block, f.location.start as usize);
        let before = self.lower(block, s, f.location.start as usize);
        let after = self.lower(block, f.location.end as usize, e);
        let cut_before = before
            .rfind([',', ';', ':', '(', ')'])
            .map_or(before.as_str(), |i| &before[i + 1..])
            .to_string();
        let cut_after = after
            .find([',', ';', ':', '(', '.'])
            .map_or(after.as_str(), |i| &after[..i])
            .to_string();
        (words(&cut_before), words(&cut_after))
    }
}

/// Folded words of a text, in order.
pub(crate) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Pairs of consecutive words.
pub(crate) fn bigrams(w: &[String]) -> std::collections::HashSet<(String, String)> {
    w.windows(2).map(|p| (p[0].clone(), p[1].clone())).collect()
}

/// How alike two figures' subjects are, 0..=1: the mean of the shared word pairs over the
/// smaller set and over the union, with at least two pairs shared. Labels from extraction count
/// too, when the last word pair of the shorter one (in Vietnamese the modifier that tells
/// "Tập thể lao động xuất sắc" from "Tập thể lao động tiên tiến") is shared.
pub(crate) fn similarity(a: &DocView, fa: &Fact, b: &DocView, fb: &Fact) -> f64 {
    let (ka, kb) = (a.keys(fa), b.keys(fb));
    let mut best = score(&ka.subject, &kb.subject);
    let (short, long) = if ka.label.len() <= kb.label.len() {
        (&ka, &kb)
    } else {
        (&kb, &ka)
    };
    if let Some(head) = short.label_head {
        if long.label.binary_search(&head).is_ok() {
            best = best.max(score(&short.label, &long.label));
        }
    }
    best
}

/// Shared sorted keys over the smaller set and over the union, averaged; 0 under two shared.
fn score(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let m = a.len().min(b.len());
    if n < 2 || m == 0 {
        return 0.0;
    }
    let union = a.len() + b.len() - n;
    (n as f64 / m as f64 + n as f64 / union as f64) / 2.0
}

/// Phrases of a class of `rules/cues.tsv`, longest first.
pub(crate) fn cues(class: &str) -> &'static [String] {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut m: HashMap<String, Vec<String>> = HashMap::new();
        for line in include_str!("rules/cues.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some((c, p)) = line.split_once('\t') {
                m.entry(c.trim().to_string())
                    .or_default()
                    .push(p.trim().to_string());
            }
        }
        for v in m.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        }
        m
    });
    t.get(class).map(|v| v.as_slice()).unwrap_or(&[])
}

/// True when `text` contains one of the class's phrases as whole words.
pub(crate) fn has_cue(text: &str, class: &str) -> bool {
    cues(class).iter().any(|c| find_word(text, c).is_some())
}

/// Byte offset of `word` in `text` where it stands as whole words (not inside "tăngcường").
pub(crate) fn find_word(text: &str, word: &str) -> Option<usize> {
    find_word_from(text, word, 0)
}

pub(crate) fn find_word_from(text: &str, word: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(i) = text
        .get(start..)
        .and_then(|t| t.find(word))
        .map(|i| i + start)
    {
        let before_ok = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(i);
        }
        start = i + word.len();
    }
    None
}

/// Last whole-word occurrence of `word` in `text`.
pub(crate) fn rfind_word(text: &str, word: &str) -> Option<usize> {
    let mut last = None;
    let mut from = 0;
    while let Some(i) = find_word_from(text, word, from) {
        last = Some(i);
        from = i + word.len();
    }
    last
}

/// Classes of counted nouns that name the same kind of thing (`rules/units.tsv`).
pub(crate) fn unit_classes(unit: &str) -> Vec<&'static str> {
    static TABLE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        include_str!("rules/units.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                l.split_once('\t')
                    .map(|(c, n)| (c.trim().to_string(), n.trim().to_string()))
            })
            .collect()
    });
    let u = unit.trim().to_lowercase();
    t.iter()
        .filter(|(_, n)| u == *n || u.ends_with(&format!(" {n}")))
        .map(|(c, _)| c.as_str())
        .collect()
}

/// True when two counted nouns may be compared as part and whole: same noun, a shared class,
/// or one of them unknown.
pub(crate) fn units_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    // The answer for each pair of units, kept per thread: pairing the figures of two reports
    // of one body asks it for every figure of one against every figure of the other. (Units
    // are few, but not a closed set: the memo is bounded.)
    thread_local! {
        static MEMO: std::cell::RefCell<(String, HashMap<String, bool>)> = Default::default();
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let (key, memo) = &mut *m;
        key.clear();
        key.push_str(a);
        key.push('\u{0}');
        key.push_str(b);
        if let Some(&v) = memo.get(key.as_str()) {
            return v;
        }
        let v = compatible_units(a, b);
        if memo.len() >= 4096 {
            memo.clear();
        }
        memo.insert(key.clone(), v);
        v
    })
}

/// `units_compatible` of two units, worked out.
fn compatible_units(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    if a == b {
        return true;
    }
    let (ca, cb) = (unit_classes(&a), unit_classes(&b));
    // "chứng thư" and "chứng thư tổ chức": one noun, narrowed.
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    let prefix = !short.is_empty() && long.starts_with(short);
    prefix || ca.iter().any(|c| cb.contains(c))
}

/// Kinds whose value is an amount that parts add up to.
pub(crate) fn additive(k: Kind) -> bool {
    matches!(k, Kind::Count | Kind::Money | Kind::Measure)
}

/// Folds Vietnamese text for comparing labels: lower case, no tone marks, đ -> d.
pub(crate) fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Builds a finding.
#[allow(clippy::too_many_arguments)]
pub(crate) fn finding(
    rule: &str,
    severity: Severity,
    v: &DocView,
    facts: &[&Fact],
    expected: Option<f64>,
    stated: Option<f64>,
    arithmetic: String,
    message: String,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        facts: facts.iter().map(|f| v.fref(f)).collect(),
        expected,
        stated,
        arithmetic,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_whole() {
        assert!(find_word("tăng cường công tác", "tăng").is_some());
        assert!(find_word("tăngcường", "tăng").is_none());
        assert_eq!(
            find_word("xã hội, trong đó có 03", "trong đó"),
            Some("xã hội, ".len())
        );
        assert!(has_cue("130 người, chiếm 54,85%", "share"));
    }

    #[test]
    fn unit_classes_match_people() {
        assert!(units_compatible(Some("người"), Some("lao động")));
        assert!(units_compatible(Some("phòng, đơn vị"), Some("phòng")));
        assert!(!units_compatible(Some("suất quà"), Some("người")));
        assert_eq!(fold("Lao động tiến tiến"), "lao dong tien tien");
    }
}
