//! Table analysis: which rows are headers, which column holds the row labels, the "TT" numbers
//! and the units, and for every cell its row label, column header, row key and total flag.

use std::collections::BTreeMap;

use crate::model::{Block, BlockKind};

use super::number::DecimalMark;
use super::quantity::{cell_value, may_be_cell_value};
use super::rules::{find_words, first_found, fold, fold_char, is_letter, rules, tsv_rows};

/// What the analysis learned about one table, beyond what each cell carries.
#[derive(Debug, Clone, Default)]
pub struct TableInfo {
    /// Grid column of the row labels, the TT numbers and the units, when found.
    pub label_col: Option<u32>,
    pub tt_col: Option<u32>,
    pub unit_col: Option<u32>,
    /// Unit text from an "ĐVT: ..." caption or header, for every value cell.
    pub caption_unit: Option<String>,
    /// Number of columns holding values.
    pub value_cols: usize,
    /// Rank columns ("Thứ hạng") and how many units each ranks.
    pub rank_cols: BTreeMap<u32, usize>,
    /// The unit column's text for each data row.
    pub row_units: BTreeMap<u32, String>,
    /// Currency of money columns without one, from the text before the table ("đầu tư trực
    /// tiếp nước ngoài" -> USD), see `rules/column_kinds.tsv`: read from the blocks only when a
    /// money column needs it ([`TableInfo::currency`]; reading it for every table was a
    /// thirtieth of extraction).
    currency: std::cell::OnceCell<Option<String>>,
    /// The table's cells, as indices of blocks.
    cells: Vec<usize>,
    /// A column headed by a plan ("Kế hoạch năm 2006 đã giao"): the table lists planned
    /// work, so its approved totals are targets too (see `header_plan_total` in `rules/cues.tsv`).
    pub plan_table: bool,
    /// The year a plan column's header writes ("Kế hoạch năm 2006 đã giao"): the year of the
    /// table's plan columns that write none ("Kế hoạch điều chỉnh" adjusts that plan).
    pub plan_year: Option<i32>,
    /// Columns of years and spans of years ("Thời gian KC-HT": "2002 - 2007", "2006"): dates
    /// of the rows, no figures.
    pub year_cols: std::collections::BTreeSet<u32>,
}

fn is_numeric_cell(text: &str) -> bool {
    // (a cell of words is not copied to learn it)
    if !may_be_cell_value(text) {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
    cell_value(&chars, &low, DecimalMark::Comma).is_some()
}

/// `is_numeric_cell` of the texts of one table, each read once (the analysis asks of a cell
/// again for each of its tests).
#[derive(Default)]
struct Numeric<'a>(
    std::cell::RefCell<std::collections::HashMap<&'a str, bool, super::rules::FastHash>>,
);

impl<'a> Numeric<'a> {
    fn of(&self, text: &'a str) -> bool {
        // (nor hashed)
        if !may_be_cell_value(text) {
            return false;
        }
        if let Some(&v) = self.0.borrow().get(text) {
            return v;
        }
        let v = is_numeric_cell(text);
        self.0.borrow_mut().insert(text, v);
        v
    }
}

/// A cell of figures with a few unit words ("71/71 người (100%)"), not a sentence.
fn is_figures_cell(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) && text.chars().filter(|c| is_letter(*c)).count() <= 12
}

/// A year written alone as a column heading: "2004", "Năm 2005" is text anyway.
pub fn is_year_heading(text: &str) -> bool {
    let t = text.trim();
    t.len() == 4
        && t.bytes().all(|b| b.is_ascii_digit())
        && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// "2002 - 2007", "2005-2008": a span of years, as a column of construction dates writes it.
fn is_year_span(text: &str) -> bool {
    // (the first year starts the text: a cell of words is not split)
    if !text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut parts = text.split(['-', '\u{2013}']);
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    is_year_heading(a) && is_year_heading(b)
}

/// A row number as the TT column writes it: "1", "II", "a)", "4.1", "1.2.3".
fn is_row_key(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    if t.is_empty() || t.chars().count() > 8 {
        return false;
    }
    t.chars().all(|c| c.is_ascii_digit() || c == '.')
        || t.chars().all(|c| "IVXLivxl".contains(c))
        || (t.chars().count() == 1 && t.chars().all(is_letter))
}

fn header_matches(h: &str, group: &str) -> bool {
    rules().is_cue_str(group, h.trim().trim_end_matches(':').trim())
}

/// "ĐVT: triệu đồng" / "Đơn vị tính: 1000 đồng" in a caption: the unit text.
pub fn caption_unit(text: &str) -> Option<String> {
    // only a short line with a colon is a caption (tested first: this runs on every paragraph)
    if !text.contains(':') || text.chars().nth(60).is_some() {
        return None;
    }
    let k = fold(text);
    for c in rules().cues("unit_caption") {
        if let Some(pos) = find_words(&k, c) {
            let rest: String = text.chars().skip(pos + c.len()).collect();
            // "ĐVT: triệu đồng": the cue is followed by a colon
            if !rest.trim_start().starts_with(':') {
                continue;
            }
            let rest = rest
                .trim_start_matches([':', ' ', '.'])
                .trim()
                .trim_end_matches(')')
                .trim();
            if !rest.is_empty() && rest.chars().count() <= 20 && text.chars().count() <= 60 {
                return Some(rest.to_string());
            }
        }
    }
    None
}

/// Fills `CellPos` fields of every cell block and returns per-table information.
pub fn analyse(blocks: &mut [Block]) -> BTreeMap<u32, TableInfo> {
    let mut tables: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate() {
        if let BlockKind::Cell(c) = &b.kind {
            tables.entry(c.table).or_default().push(i);
        }
    }
    let mut infos = BTreeMap::new();
    for (tid, idx) in tables {
        let mut info = analyse_one(blocks, &idx);
        info.cells = idx;
        infos.insert(tid, info);
    }
    infos
}

impl TableInfo {
    /// The currency the table's headers or the paragraphs before it name (`blocks` as
    /// [`analyse`] left them), if any.
    pub fn currency(&self, blocks: &[Block]) -> Option<&str> {
        self.currency
            .get_or_init(|| table_currency(blocks, &self.cells))
            .as_deref()
    }
}

/// The currency the table's headers or the paragraphs between the previous table and this one
/// name as context, if any.
fn table_currency(blocks: &[Block], idx: &[usize]) -> Option<String> {
    let first = *idx.first()?;
    let headers = idx
        .iter()
        .filter(|&&i| matches!(&blocks[i].kind, BlockKind::Cell(c) if c.header))
        .map(|&i| &blocks[i]);
    let before = blocks[..first]
        .iter()
        .rev()
        .take_while(|b| !matches!(b.kind, BlockKind::Cell(_)));
    headers
        .chain(before)
        .find_map(|b| currency_context(&b.text))
}

/// The rows of `rules/column_kinds.tsv`, folded.
struct ColumnKinds {
    money: Vec<Vec<char>>,
    currency: Vec<(Vec<char>, String)>,
    count: Vec<Vec<char>>,
    count_not: Vec<Vec<char>>,
}

fn column_kinds() -> &'static ColumnKinds {
    static KINDS: std::sync::OnceLock<ColumnKinds> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| {
        let mut k = ColumnKinds {
            money: Vec::new(),
            currency: Vec::new(),
            count: Vec::new(),
            count_not: Vec::new(),
        };
        for row in tsv_rows(include_str!("rules/column_kinds.tsv")) {
            let phrase = fold(row.get(1).copied().unwrap_or(""));
            if phrase.is_empty() {
                continue;
            }
            match (row[0], row.get(2)) {
                ("money_header", _) => k.money.push(phrase),
                ("currency_context", Some(code)) => k.currency.push((phrase, code.to_string())),
                ("count_header", _) => k.count.push(phrase),
                ("count_header_not", _) => k.count_not.push(phrase),
                _ => {}
            }
        }
        k
    })
}

/// The currency a text names as the context of the figures after it ("đầu tư trực tiếp nước
/// ngoài" -> "USD").
pub fn currency_context(text: &str) -> Option<String> {
    let k = fold(text);
    let currency = &column_kinds().currency;
    first_found(&k, currency.iter().map(|(c, _)| c.as_slice())).map(|n| currency[n].1.clone())
}

/// What a bare figure under `header` is when the header alone says: an amount of money
/// ("TVĐT", "Vốn pháp định") or a count of the noun after "Số" ("Số dự án" -> "dự án").
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderKind {
    Money,
    Count(String),
}

/// See [`HeaderKind`]; `None` when the header does not say.
pub fn header_kind(header: &str) -> Option<HeaderKind> {
    let kinds = column_kinds();
    let k = fold(header);
    if kinds.money.iter().any(|m| find_words(&k, m).is_some()) {
        return Some(HeaderKind::Money);
    }
    let last = header.rsplit(" > ").next().unwrap_or(header).trim();
    let lk = fold(last);
    if kinds
        .count_not
        .iter()
        .any(|c| lk.starts_with(c) && lk.get(c.len()).is_none_or(|n| !n.is_alphanumeric()))
    {
        return None;
    }
    for c in &kinds.count {
        if lk.starts_with(c) && lk.get(c.len()) == Some(&' ') {
            let noun: String = last.chars().skip(c.len()).collect();
            let noun = noun.trim();
            let words = noun.split_whitespace().count();
            if (1..=3).contains(&words) && noun.chars().all(|ch| ch.is_alphabetic() || ch == ' ') {
                return Some(HeaderKind::Count(noun.to_lowercase()));
            }
        }
    }
    None
}

fn pos(b: &Block) -> (u32, u32, u32) {
    match &b.kind {
        BlockKind::Cell(c) => (c.row, c.col, c.col_span.max(1)),
        _ => (0, 0, 1),
    }
}

fn analyse_one(blocks: &mut [Block], idx: &[usize]) -> TableInfo {
    let mut info = TableInfo::default();
    let mut rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &i in idx {
        rows.entry(pos(&blocks[i]).0).or_default().push(i);
    }
    let numeric = Numeric::default();
    // Header rows: leading rows with no numeric value outside the first column.
    let mut header_rows: Vec<u32> = Vec::new();
    for (&r, cells) in &rows {
        let texts: Vec<&str> = cells.iter().map(|&i| blocks[i].text.trim()).collect();
        if texts.iter().all(|t| t.is_empty()) {
            if header_rows.is_empty() {
                continue;
            }
            header_rows.push(r);
            continue;
        }
        let numbering = texts.iter().filter(|t| !t.is_empty()).all(|t| {
            let t = t.trim_matches(['(', ')']);
            !t.is_empty()
                && t.len() <= 2
                && t.chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        }) && texts.len() >= 3;
        let mut values = cells
            .iter()
            .filter(|&&i| pos(&blocks[i]).1 > 0 && numeric.of(&blocks[i].text))
            .count();
        // "2004 | 2005" heading the value columns: years are no values when every figure of
        // the row is one and there are two or more
        let years = cells
            .iter()
            .filter(|&&i| pos(&blocks[i]).1 > 0 && is_year_heading(&blocks[i].text))
            .count();
        if years >= 2 && years == values {
            values = 0;
        }
        // A row numbered in its first cell, or holding a sentence, is data even without figures.
        let keyed = !header_rows.is_empty()
            && cells
                .first()
                .is_some_and(|&i| pos(&blocks[i]).1 == 0 && is_row_key(&blocks[i].text));
        let prose = !header_rows.is_empty()
            && texts
                .iter()
                .any(|t| t.chars().count() > 60 && t.chars().any(|c| c.is_ascii_digit()));
        if (values == 0 || numbering) && !keyed && !prose && header_rows.len() < 4 {
            header_rows.push(r);
        } else {
            break;
        }
    }
    if header_rows.len() == rows.len() {
        // A table of text only (a layout table): nothing to label.
        for &i in idx {
            if let BlockKind::Cell(c) = &mut blocks[i].kind {
                c.header = false;
            }
        }
        return info;
    }
    // Column headers.
    let mut col_headers: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for r in &header_rows {
        for &i in &rows[r] {
            let (_, c, span) = pos(&blocks[i]);
            let t = blocks[i]
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if t.is_empty() {
                continue;
            }
            for col in c..c + span {
                let v = col_headers.entry(col).or_default();
                if v.last() != Some(&t) {
                    v.push(t.clone());
                }
            }
        }
    }
    // each column's header path joined once (not once per test and per cell)
    let joined: BTreeMap<u32, String> = col_headers
        .iter()
        .map(|(&c, v)| (c, v.join(" > ")))
        .collect();
    let header_of = |col: u32| joined.get(&col).cloned();
    let data_rows: Vec<u32> = rows
        .keys()
        .copied()
        .filter(|r| !header_rows.contains(r))
        .collect();
    // the non-empty texts of each column's data cells, in order, gathered in one pass (each
    // test of a column went over every cell of the table)
    let mut by_col: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for &i in data_rows.iter().flat_map(|r| rows[r].iter()) {
        let t = blocks[i].text.trim();
        if !t.is_empty() {
            by_col.entry(pos(&blocks[i]).1).or_default().push(t);
        }
    }
    let cells_in = |col: u32| -> &[&str] { by_col.get(&col).map_or(&[], Vec::as_slice) };
    // The columns that hold a cell or a heading, in order: a text line of a million tabs has a
    // cell in column 2000000 and nothing in between.
    let columns: Vec<u32> = idx
        .iter()
        .map(|&i| pos(&blocks[i]).1)
        .chain(col_headers.keys().copied())
        .collect::<std::collections::BTreeSet<u32>>()
        .into_iter()
        .collect();
    for &col in &columns {
        let h = header_of(col).unwrap_or_default();
        let last = h.rsplit(" > ").next().unwrap_or("").to_string();
        if info.tt_col.is_none() && header_matches(&last, "tt_header") {
            info.tt_col = Some(col);
        } else if info.unit_col.is_none() && header_matches(&last, "unit_header") {
            info.unit_col = Some(col);
        } else if info.unit_col.is_none() && header_matches(&last, "unit_header_weak") {
            // "Đơn vị" heads a unit column or a column of organisations: the cells decide
            let cells = cells_in(col);
            let units = cells.iter().filter(|t| is_unit_text(t)).count();
            if !cells.is_empty() && units * 2 >= cells.len() {
                info.unit_col = Some(col);
            }
        }
    }
    if info.tt_col.is_none() {
        let c0 = cells_in(0);
        if !c0.is_empty() && c0.iter().all(|t| is_row_key(t)) {
            info.tt_col = Some(0);
        }
    }
    for &col in &columns {
        if Some(col) == info.tt_col || Some(col) == info.unit_col {
            continue;
        }
        let cells = cells_in(col);
        if cells.is_empty() {
            continue;
        }
        let text_cells = cells
            .iter()
            .filter(|t| !numeric.of(t) && !is_row_key(t))
            .count();
        if text_cells * 2 > cells.len() {
            info.label_col = Some(col);
            break;
        }
    }
    for &col in &columns {
        let h = header_of(col).unwrap_or_default();
        let last = h.rsplit(" > ").next().unwrap_or("").to_string();
        if header_matches(&last, "rank_header") {
            let ranked = cells_in(col)
                .iter()
                .filter(|t| numeric.of(t) || t.contains('/'))
                .count();
            info.rank_cols.insert(col, ranked);
        }
    }
    for &col in &columns {
        let h = header_of(col).unwrap_or_default();
        let k = fold(&h);
        if rules().has_cue("header_target", &k) {
            info.plan_table = true;
            if info.plan_year.is_none() {
                info.plan_year = super::period::first_year(&h);
            }
        }
        let cells = cells_in(col);
        let spans = cells.iter().filter(|t| is_year_span(t)).count();
        let timed = rules().has_cue("time_header", &k);
        if !cells.is_empty()
            && cells.iter().all(|t| is_year_heading(t) || is_year_span(t))
            && (timed || (cells.len() >= 2 && spans > 0))
        {
            info.year_cols.insert(col);
        }
    }
    info.value_cols = columns
        .iter()
        .copied()
        .filter(|&c| {
            Some(c) != info.tt_col && Some(c) != info.unit_col && Some(c) != info.label_col
        })
        .filter(|&c| {
            cells_in(c)
                .iter()
                .any(|t| numeric.of(t) || is_figures_cell(t))
        })
        .count();
    for &col in &columns {
        if let Some(h) = header_of(col) {
            if let Some(u) = caption_unit(&h) {
                if Some(col) != info.unit_col {
                    info.caption_unit.get_or_insert(u);
                }
            }
        }
    }
    // Fill every cell: a header and its total test are the column's
    let total_col: BTreeMap<u32, bool> = joined
        .iter()
        .map(|(&c, h)| (c, is_total(h.rsplit(" > ").next().unwrap_or(""))))
        .collect();
    for (r, cells) in &rows {
        let is_header = header_rows.contains(r);
        let label = info
            .label_col
            .and_then(|lc| cells.iter().find(|&&i| pos(&blocks[i]).1 == lc))
            .map(|&i| clean(&blocks[i].text));
        let mut key_text = info
            .tt_col
            .and_then(|tc| cells.iter().find(|&&i| pos(&blocks[i]).1 == tc))
            .map(|&i| clean(&blocks[i].text));
        // "Tổng số" written in the TT column, its label cell empty (a spreadsheet's total row,
        // or a group row "Công trình chuyển tiếp" set one column left): the text is the label.
        let mut label = label;
        if label.as_deref().is_none_or(str::is_empty) {
            if let Some(k) = key_text.take() {
                if is_row_key(&k) || is_numeric_cell(&k) {
                    key_text = Some(k);
                } else {
                    label = Some(k);
                }
            }
        }
        let total_row = label.as_deref().is_some_and(is_total);
        if let Some(uc) = info.unit_col.filter(|_| !is_header) {
            if let Some(&ui) = cells.iter().find(|&&i| pos(&blocks[i]).1 == uc) {
                let u = clean(&blocks[ui].text);
                if !u.is_empty() {
                    info.row_units.insert(*r, u);
                }
            }
        }
        for &i in cells {
            let (_, c, _) = pos(&blocks[i]);
            if let BlockKind::Cell(cp) = &mut blocks[i].kind {
                cp.header = is_header;
                if !is_header {
                    cp.row_label = label.clone().filter(|l| !l.is_empty());
                    cp.col_header = joined.get(&c).cloned();
                    cp.row_key = key_text.clone().filter(|k| !k.is_empty());
                    cp.total = total_row || total_col.get(&c).copied().unwrap_or(false);
                }
            }
        }
    }
    info
}

/// A text that is one unit from the tables ("%", "Người", "Triệu đồng").
pub fn is_unit_text(t: &str) -> bool {
    let chars: Vec<char> = t.trim().chars().collect();
    let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
    matches!(rules().units.match_at(&low, 0), Some((e, _)) if e == chars.len())
}

/// A count the unit column names in words no unit table knows ("Cơ quan, đơn vị"): the
/// column says what is counted, so its words are the unit.
pub fn unit_column_noun(q: &mut super::quantity::Quantity, unit: &str) {
    let u = clean(unit);
    let wordy = u.chars().any(char::is_alphabetic)
        && u.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '/' | '-'))
        && u.split_whitespace().count() <= 5;
    if q.kind == crate::model::Kind::Count && q.unit.is_none() && wordy {
        q.unit = Some(u.to_lowercase());
    }
}

/// A legend of answer codes written where the unit goes ("Có = 1; Không = 0", "Trực tuyến = 0
/// Phát phiếu = 1 Kết hợp = 2"): two or more "words = number" pairs.
pub fn is_code_legend(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    let mut pairs = 0;
    for (i, &ch) in c.iter().enumerate() {
        if ch != '=' {
            continue;
        }
        let before = c[..i].iter().rev().find(|x| !x.is_whitespace());
        let after = c[i + 1..].iter().find(|x| !x.is_whitespace());
        if before.is_some_and(|x| x.is_alphabetic()) && after.is_some_and(char::is_ascii_digit) {
            pairs += 1;
        }
    }
    pairs >= 2
}

/// The unit a column header names: "(triệu đồng)", "(%)", or a score column ("Điểm đạt").
pub fn header_unit(header: &str) -> Option<String> {
    let last = header.rsplit(" > ").next().unwrap_or(header);
    if let (Some(a), Some(b)) = (last.rfind('('), last.rfind(')')) {
        if a < b {
            let inner = last[a + 1..b].trim();
            if is_unit_text(inner) {
                return Some(inner.to_string());
            }
        }
    }
    let k = fold(last.trim());
    if rules().starts_with_cue("header_points", &k) {
        return rules()
            .cues("header_points")
            .first()
            .map(|c| c.iter().collect());
    }
    None
}

/// The words of `s` joined by single spaces.
fn clean(s: &str) -> String {
    // (written into one string: collecting the words first, then joining them, allocated twice)
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn is_total(s: &str) -> bool {
    rules().starts_with_cue_str("total_word", s.trim())
}
