//! Hand-built document records for the rules' unit tests: real sentences, with the facts a
//! careful reader marks in them, located by their raw text.

use crate::audit::tolerance::decimals_of;
use crate::model::*;

pub(crate) struct DocBuilder {
    rec: DocumentRecord,
    /// Where the next fact of the last block is searched from (chars).
    cursor: usize,
}

impl DocBuilder {
    pub fn new(path: &str) -> DocBuilder {
        let mut rec = DocumentRecord::default();
        rec.source.path = path.to_string();
        DocBuilder { rec, cursor: 0 }
    }

    pub fn body(mut self, body: &str, year: i32) -> DocBuilder {
        self.rec.metadata.issuing_body = Some(body.to_string());
        self.rec.metadata.report_year = Some(year);
        self
    }

    pub fn block(mut self, text: &str) -> DocBuilder {
        let id = self.rec.blocks.len() as u32;
        self.rec.blocks.push(Block {
            id,
            text: text.to_string(),
            ..Default::default()
        });
        self.cursor = 0;
        self
    }

    /// A table cell.
    pub fn cell(
        mut self,
        text: &str,
        row: u32,
        col: u32,
        row_label: &str,
        row_key: Option<&str>,
        total: bool,
    ) -> DocBuilder {
        let id = self.rec.blocks.len() as u32;
        let pos = CellPos {
            table: 0,
            row,
            col,
            col_span: 1,
            row_span: 1,
            row_label: Some(row_label.to_string()),
            row_key: row_key.map(|s| s.to_string()),
            total,
            ..Default::default()
        };
        self.rec.blocks.push(Block {
            id,
            kind: BlockKind::Cell(pos),
            text: text.to_string(),
            ..Default::default()
        });
        self.cursor = 0;
        self
    }

    /// A fact of the last block, found at `raw`'s next occurrence.
    pub fn fact(mut self, raw: &str, kind: Kind, value: f64) -> DocBuilder {
        let block = self.rec.blocks.last().expect("a block before its facts");
        let chars: Vec<char> = block.text.chars().collect();
        let needle: Vec<char> = raw.chars().collect();
        let start = (self.cursor..=chars.len().saturating_sub(needle.len()))
            .find(|&i| chars[i..i + needle.len()] == needle[..])
            .unwrap_or_else(|| panic!("{raw:?} not in block {:?}", block.text));
        let end = start + needle.len();
        self.cursor = end;
        let unit = match kind {
            Kind::Percent => Some("%".to_string()),
            Kind::Money => Some("VND".to_string()),
            Kind::Rank => None,
            _ => noun_after_number(raw),
        };
        let low = raw.to_lowercase();
        let qualifier = if low.starts_with("hơn") || low.starts_with("trên") {
            Qualifier::MoreThan
        } else if low.starts_with("khoảng") || low.starts_with("gần") {
            Qualifier::Approximately
        } else if low.starts_with("dưới") {
            Qualifier::LessThan
        } else {
            Qualifier::Exact
        };
        let id = format!("f{}", self.rec.facts.len() + 1);
        self.rec.facts.push(Fact {
            id,
            kind,
            value,
            unit,
            per: None,
            denominator: None,
            max: None,
            qualifier,
            decimals: decimals_of(raw),
            raw: raw.to_string(),
            label: None,
            metric: None,
            period: None,
            status: Status::Actual,
            location: Location {
                block: block.id,
                start: start as u32,
                end: end as u32,
                source_start: start as u32,
                source_end: end as u32,
            },
            section: None,
        });
        self
    }

    pub fn count(self, raw: &str, v: f64) -> DocBuilder {
        self.fact(raw, Kind::Count, v)
    }

    pub fn pct(self, raw: &str, v: f64) -> DocBuilder {
        self.fact(raw, Kind::Percent, v)
    }

    pub fn money(self, raw: &str, v: f64) -> DocBuilder {
        self.fact(raw, Kind::Money, v)
    }

    pub fn frac(self, raw: &str, v: f64, d: f64) -> DocBuilder {
        self.fact(raw, Kind::Fraction, v)
            .with(|f| f.denominator = Some(d))
    }

    pub fn rank(self, raw: &str, v: f64, d: f64) -> DocBuilder {
        self.fact(raw, Kind::Rank, v)
            .with(|f| f.denominator = Some(d))
    }

    /// Makes the last fact a range up to `max`.
    pub fn range(self, max: f64) -> DocBuilder {
        self.with(|f| {
            f.qualifier = Qualifier::Range;
            f.max = Some(max)
        })
    }

    pub fn with(mut self, edit: impl FnOnce(&mut Fact)) -> DocBuilder {
        if let Some(f) = self.rec.facts.last_mut() {
            edit(f);
        }
        self
    }

    pub fn build(self) -> DocumentRecord {
        self.rec
    }
}

/// "12 phòng, đơn vị" -> "phòng, đơn vị"; "từ 15 – 20 đồng chí" -> "đồng chí".
fn noun_after_number(raw: &str) -> Option<String> {
    let last_digit = raw
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let rest = raw[last_digit..].trim_matches(|c: char| c.is_whitespace() || c == '%' || c == ')');
    if rest.is_empty() {
        None
    } else {
        Some(rest.to_lowercase())
    }
}
