//! The metric catalogue: a stable key for indicators that reports repeat year after year, found
//! from a fact's label by the catalogue's wording variants (`rules/metrics.tsv`, plus any file the
//! user gives with `--metrics`).

use std::sync::{Arc, OnceLock};

use std::collections::HashMap;

use super::rules::{fold, is_word_char, key, rules, tsv_rows, Fnv};

const BUILTIN: &str = include_str!("rules/metrics.tsv");

/// One catalogued indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub key: String,
    pub name: String,
    /// Wording variants, folded for matching.
    variants: Vec<Vec<char>>,
    /// The same variants as strings, for the substring search in `key_for`.
    variant_text: Vec<String>,
    /// Each variant's first word: a whole-word match needs it among the label's words.
    variant_first: Vec<String>,
}

/// A set of indicators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    /// Build a catalogue with `from_tsv` or `builtin_with_file`: they index the variants.
    pub metrics: Vec<Metric>,
    index: VariantIndex,
}

/// Every variant of the catalogue numbered in catalogue order, and the numbers of the
/// variants each first word starts: a label is compared only with the variants that start
/// with one of its words (comparing it with all of them was a tenth of a run).
#[derive(Debug, Clone, Default, PartialEq)]
struct VariantIndex {
    /// (metric, variant) of each number.
    variants: Vec<(u32, u32)>,
    by_first: HashMap<String, Vec<u32>, Fnv>,
    /// Variants that start with no word (a sign or punctuation first): always tried.
    always: Vec<u32>,
}

impl VariantIndex {
    fn new(metrics: &[Metric]) -> Self {
        let mut ix = VariantIndex::default();
        for (mi, m) in metrics.iter().enumerate() {
            for (vi, first) in m.variant_first.iter().enumerate() {
                let n = ix.variants.len() as u32;
                ix.variants.push((mi as u32, vi as u32));
                if first.is_empty() {
                    ix.always.push(n);
                } else {
                    ix.by_first.entry(first.clone()).or_default().push(n);
                }
            }
        }
        ix
    }
}

impl Catalogue {
    /// Parses a catalogue file: `key<TAB>name<TAB>variant|variant|...`, "#" comments.
    pub fn from_tsv(text: &str) -> Result<Catalogue, String> {
        let mut metrics = Vec::new();
        for (n, r) in tsv_rows(text).enumerate() {
            if r.len() < 3 {
                return Err(format!(
                    "metric catalogue row {}: expected key, name and variants separated by tabs",
                    n + 1
                ));
            }
            let key = r[0].trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("metric catalogue row {}: the key {key:?} must be ASCII letters, digits and '_'", n + 1));
            }
            let variants: Vec<Vec<char>> = r[2]
                .split('|')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(fold)
                .collect();
            if variants.is_empty() {
                return Err(format!(
                    "metric catalogue row {}: no wording variant for {key}",
                    n + 1
                ));
            }
            metrics.push(Metric {
                key: key.to_string(),
                name: r[1].to_string(),
                variant_text: variants.iter().map(|v| v.iter().collect()).collect(),
                variant_first: variants
                    .iter()
                    .map(|v| v.iter().take_while(|c| c.is_alphanumeric()).collect())
                    .collect(),
                variants,
            });
        }
        Ok(Catalogue::new(metrics))
    }

    fn new(metrics: Vec<Metric>) -> Catalogue {
        Catalogue {
            index: VariantIndex::new(&metrics),
            metrics,
        }
    }

    /// The catalogue shipped with solieu.
    pub fn builtin() -> Arc<Catalogue> {
        static B: OnceLock<Arc<Catalogue>> = OnceLock::new();
        B.get_or_init(|| Arc::new(Catalogue::from_tsv(BUILTIN).unwrap_or_default()))
            .clone()
    }

    /// The built-in catalogue with the rows of a user file added; a user row with a built-in key
    /// replaces it.
    pub fn builtin_with_file(path: &std::path::Path) -> Result<Catalogue, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the metric catalogue {}: {e}", path.display()))?;
        let extra = Catalogue::from_tsv(&text)?;
        let mut all = Catalogue::builtin().metrics.clone();
        for m in extra.metrics {
            all.retain(|x| x.key != m.key);
            all.push(m);
        }
        Ok(Catalogue::new(all))
    }

    /// The key of the indicator a label names, if any: the longest matching variant wins.
    pub fn key_for(&self, label: &str) -> Option<&str> {
        // A variant is searched only when its first word is one of the label's words:
        // trying every variant at every position was a quarter of a run's time.
        let k: String = key(&expand_abbreviations(label));
        // each word of the label with its byte offset
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut ws: Option<usize> = None;
        for (p, c) in k.char_indices().chain(std::iter::once((k.len(), ' '))) {
            match (is_word_char(c), ws) {
                (true, None) => ws = Some(p),
                (false, Some(s)) => {
                    words.push((s, &k[s..p]));
                    ws = None;
                }
                _ => {}
            }
        }
        // the candidates in catalogue order, so that the first of equally long matches wins
        let mut candidates = self.index.always.clone();
        for (_, w) in &words {
            if let Some(ns) = self.index.by_first.get(*w) {
                candidates.extend_from_slice(ns);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, &str)> = None;
        for n in candidates {
            let (mi, vi) = self.index.variants[n as usize];
            let m = &self.metrics[mi as usize];
            let (v, text) = (&m.variants[vi as usize], &m.variant_text[vi as usize]);
            if v.len() <= best.map_or(0, |b| b.0) {
                continue;
            }
            let first = &m.variant_first[vi as usize];
            // A variant that starts with a word can only match where the label has that word:
            // it is compared there, not searched for.
            let found = if first.is_empty() {
                contains_words(&k, text)
            } else {
                words.iter().any(|(p, w)| {
                    w == first
                        && k[*p..].starts_with(text.as_str())
                        && k[p + text.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !is_word_char(c))
                })
            };
            if found {
                best = Some((v.len(), &m.key));
            }
        }
        best.map(|b| b.1)
    }
}

/// True when `needle` occurs in `hay` as whole words (as `find_words`, on strings).
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(p, _)| {
        hay[..p]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
            && hay[p + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c))
    })
}

/// The label with its abbreviations written out ("CCVC, NLĐ" -> "công chức, viên chức, người lao
/// động"), for matching only.
pub fn expand_abbreviations(label: &str) -> String {
    // The ASCII chars of the text, as bits: an abbreviation whose first char is not among them
    // is skipped without a substring search (most labels hold no abbreviation).
    let ascii = |s: &str| {
        s.bytes()
            .filter(u8::is_ascii)
            .fold(0u128, |m, b| m | (1u128 << b))
    };
    let mut out = label.to_string();
    let mut present = ascii(&out);
    for (abbr, full) in &rules().abbreviations {
        let first = abbr.as_bytes().first().copied().unwrap_or(0);
        if (first.is_ascii() && present & (1u128 << first) == 0) || !out.contains(abbr.as_str()) {
            continue;
        }
        let mut res = String::with_capacity(out.len() + full.len());
        let mut rest = out.as_str();
        while let Some(p) = rest.find(abbr.as_str()) {
            let before_ok = rest[..p]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = rest[p + abbr.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            res.push_str(&rest[..p]);
            if before_ok && after_ok {
                res.push_str(full);
            } else {
                res.push_str(abbr);
            }
            rest = &rest[p + abbr.len()..];
        }
        res.push_str(rest);
        out = res;
        present = ascii(&out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_keys_labels() {
        let c = Catalogue::builtin();
        assert!(c.metrics.len() >= 40);
        assert_eq!(c.key_for("Tỷ lệ hộ nghèo"), Some("ty_le_ho_ngheo"));
        assert_eq!(c.key_for("Tỉ lệ hộ nghèo đa chiều"), Some("ty_le_ho_ngheo"));
        assert_eq!(c.key_for("Tỷ lệ hộ cận nghèo"), Some("ty_le_ho_can_ngheo"));
        assert_eq!(
            c.key_for("Tổng số công chức, viên chức và người lao động (CCVC, NLĐ) toàn Sở"),
            Some("tong_so_ccvc_nld")
        );
        assert_eq!(c.key_for("Tổng số CCVC, NLĐ"), Some("tong_so_ccvc_nld"));
        assert_eq!(c.key_for("Chỉ số năng lực cạnh tranh"), Some("pci"));
        assert_eq!(
            c.key_for("Tập thể lao động tiên tiến"),
            Some("tap_the_lao_dong_tien_tien")
        );
        assert_eq!(c.key_for("Lao động tiên tiến"), Some("lao_dong_tien_tien"));
        assert_eq!(c.key_for("Trên Đại học"), None);
    }

    #[test]
    fn user_file_rows() {
        let c = Catalogue::from_tsv("# mine\nso_km_duong\tĐường giao thông nông thôn\tđường giao thông nông thôn|km đường\n").expect("valid");
        assert_eq!(
            c.key_for("Số km đường giao thông nông thôn được cứng hóa"),
            Some("so_km_duong")
        );
        assert!(Catalogue::from_tsv("bad key\tx\ty\n").is_err());
        assert!(Catalogue::from_tsv("k\tname only\n").is_err());
    }

    #[test]
    fn abbreviations_expand_whole_words_only() {
        assert_eq!(
            expand_abbreviations("CCVC, NLĐ"),
            "công chức, viên chức, người lao động"
        );
        assert_eq!(expand_abbreviations("UBNDX"), "UBNDX");
    }
}
