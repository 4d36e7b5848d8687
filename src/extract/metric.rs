//! The metric catalogue: a stable key for indicators that reports repeat year after year, found
//! from a fact's label by the catalogue's wording variants (`rules/metrics.tsv`, plus any file the
//! user gives with `--metrics`).

use std::sync::{Arc, OnceLock};

use super::rules::{fold, is_word_char, rules, tsv_rows, Trie};

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

/// Every variant of the catalogue numbered in catalogue order, in a char trie: a label is
/// walked once from each word start, as far as some variant goes on (comparing the label with
/// each variant that starts with one of its words, on a new key string per label, cost
/// 14 thousand instructions a label).
#[derive(Debug, Clone, Default, PartialEq)]
struct VariantIndex {
    /// (metric, variant) of each number.
    variants: Vec<(u32, u32)>,
    /// The variants that start with a word, by number; a node ends the first one (by number)
    /// spelt that way.
    trie: Trie,
    /// Variants that start with no word (a sign or punctuation first): searched in the whole
    /// label, not from its word starts.
    always: Vec<u32>,
}

impl VariantIndex {
    fn new(metrics: &[Metric]) -> Self {
        let mut variants = Vec::new();
        let mut always = Vec::new();
        let mut keys = Vec::new();
        for (mi, m) in metrics.iter().enumerate() {
            for (vi, first) in m.variant_first.iter().enumerate() {
                let n = variants.len() as u32;
                variants.push((mi as u32, vi as u32));
                if first.is_empty() {
                    always.push(n);
                } else {
                    keys.push((n, m.variants[vi].clone()));
                }
            }
        }
        VariantIndex {
            variants,
            trie: Trie::numbered(keys.into_iter()),
            always,
        }
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

    /// The key of the indicator a label names, if any: the longest matching variant wins, and of
    /// equally long ones the first in catalogue order.
    pub fn key_for(&self, label: &str) -> Option<&str> {
        let expanded = expand_abbreviations(label);
        let k = fold(&expanded);
        // (length, number, metric) of the best match so far
        let mut best: Option<(usize, u32, u32)> = None;
        let mut offer = |len: usize, n: u32, mi: u32| {
            if best.is_none_or(|b| len > b.0 || (len == b.0 && n < b.1)) {
                best = Some((len, n, mi));
            }
        };
        // a variant that starts with a word matches only where a word of the label starts
        for i in 0..k.len() {
            if i > 0 && is_word_char(k[i - 1]) {
                continue;
            }
            let mut node = 0;
            for (j, &c) in k.iter().enumerate().skip(i) {
                let Some(next) = self.index.trie.child(node, c) else {
                    break;
                };
                node = next;
                if let Some(n) = self.index.trie.end(node) {
                    if k.get(j + 1).is_none_or(|c| !is_word_char(*c)) {
                        offer(j + 1 - i, n, self.index.variants[n as usize].0);
                    }
                }
            }
        }
        if !self.index.always.is_empty() {
            let text: String = k.iter().collect();
            for &n in &self.index.always {
                let (mi, vi) = self.index.variants[n as usize];
                let m = &self.metrics[mi as usize];
                if contains_words(&text, &m.variant_text[vi as usize]) {
                    offer(m.variants[vi as usize].len(), n, mi);
                }
            }
        }
        best.map(|b| self.metrics[b.2 as usize].key.as_str())
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

/// The first two bytes of every abbreviation, as a set of 65,536 bits, and their first bytes
/// as a set of 256: a label with none of them side by side holds no abbreviation, and is not
/// searched for each in turn. `None` when an abbreviation is shorter than two bytes.
struct Starts {
    pairs: Vec<u64>,
    first: [u64; 4],
}

fn abbreviation_starts() -> Option<&'static Starts> {
    static S: OnceLock<Option<Starts>> = OnceLock::new();
    S.get_or_init(|| {
        let mut s = Starts {
            pairs: vec![0u64; 1 << 10],
            first: [0; 4],
        };
        for (abbr, _) in &rules().abbreviations {
            let b = abbr.as_bytes();
            if b.len() < 2 {
                return None;
            }
            let k = (b[0] as usize) << 8 | b[1] as usize;
            s.pairs[k >> 6] |= 1 << (k & 63);
            s.first[(b[0] >> 6) as usize] |= 1 << (b[0] & 63);
        }
        Some(s)
    })
    .as_ref()
}

/// The label with its abbreviations written out ("CCVC, NLĐ" -> "công chức, viên chức, người lao
/// động"), for matching only.
pub fn expand_abbreviations(label: &str) -> std::borrow::Cow<'_, str> {
    // copied only when an abbreviation is written out (most labels hold none)
    let mut out = std::borrow::Cow::Borrowed(label);
    let Some(starts) = abbreviation_starts() else {
        // (an abbreviation of one byte: each one is searched for)
        for (abbr, full) in &rules().abbreviations {
            if !abbr.is_empty() && out.contains(abbr.as_str()) {
                out = std::borrow::Cow::Owned(write_out(&out, abbr, full));
            }
        }
        return out;
    };
    // The first two bytes of the abbreviations the text holds side by side: an abbreviation
    // whose first two are not among them is not in the text, and is not searched for (a label
    // holds one or two such pairs, if any: searching it for each abbreviation in turn was most
    // of the cost of the labels that hold one).
    let pairs_in = |text: &str| -> Vec<u16> {
        let mut found: Vec<u16> = Vec::new();
        for w in text.as_bytes().windows(2) {
            if starts.first[(w[0] >> 6) as usize] >> (w[0] & 63) & 1 == 1 {
                let k = (w[0] as u16) << 8 | w[1] as u16;
                if starts.pairs[(k >> 6) as usize] >> (k & 63) & 1 == 1 && !found.contains(&k) {
                    found.push(k);
                }
            }
        }
        found
    };
    let mut present = pairs_in(&out);
    if present.is_empty() {
        return out;
    }
    for (abbr, full) in &rules().abbreviations {
        let b = abbr.as_bytes();
        let k = (b[0] as u16) << 8 | b[1] as u16;
        if !present.contains(&k) || !out.contains(abbr.as_str()) {
            continue;
        }
        out = std::borrow::Cow::Owned(write_out(&out, abbr, full));
        present = pairs_in(&out);
    }
    out
}

/// `text` with each `abbr` that stands as a word of its own replaced by `full`.
fn write_out(text: &str, abbr: &str, full: &str) -> String {
    let mut res = String::with_capacity(text.len() + full.len());
    let mut rest: &str = text;
    while let Some(p) = rest.find(abbr) {
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
    res
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
