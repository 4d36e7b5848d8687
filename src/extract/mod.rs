//! Normalised blocks -> document metadata and numeric facts.
//!
//! The stages: `metadata` reads the header, `table` learns each table's labels and headers,
//! `quantity` finds the numbers of each block (with `number` parsing them), `label` names what
//! each measures, `period` decides the year and the status, `metric` keys known indicators.
//! The Vietnamese knowledge is in `rules/*.tsv`, read by `rules`.

pub mod footnote;
pub mod formula;
pub mod frequency;
pub mod label;
pub mod metadata;
pub mod metric;
pub mod named;
pub mod number;
pub mod period;
pub mod quantity;
pub mod rules;
pub mod split;
pub mod table;
pub mod valuelist;
pub mod weights;
pub mod wrap;

use crate::model::{Block, BlockKind, Fact, Kind, Location, Metadata, Status};

use number::DecimalMark;
use period::{Part, SentenceView};
use quantity::Quantity;
use rules::{fold_char, kind_of, rules, UnitRule};
use table::TableInfo;

#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Force the decimal mark; `None` decides per document from its figures.
    pub decimal_mark: Option<DecimalMark>,
    /// The metric catalogue; `None` uses the built-in one (`rules/metrics.tsv`).
    pub metrics: Option<std::sync::Arc<metric::Catalogue>>,
    /// The year the document's file name gives ([`period::year_in_file_name`]): the period of
    /// its figures when neither its header nor its text writes a year.
    pub file_name_year: Option<i32>,
}

impl ExtractOptions {
    /// Options with the built-in metric catalogue plus the rows of a user file (`--metrics FILE`).
    pub fn with_metrics_file(mut self, path: &std::path::Path) -> Result<Self, String> {
        self.metrics = Some(std::sync::Arc::new(metric::Catalogue::builtin_with_file(
            path,
        )?));
        Ok(self)
    }
}

/// Reads the header, analyses the tables (filling each cell's `CellPos`), and returns every fact
/// in reading order with ids "f1", "f2", ...
pub fn extract(blocks: &mut [Block], opts: &ExtractOptions) -> (Metadata, Vec<Fact>) {
    let (md, body_start) = metadata::parse(blocks);
    let tables = table::analyse(blocks);
    let mark = opts.decimal_mark.unwrap_or_else(|| detect_mark(blocks));
    let plan = md
        .doc_type
        .as_deref()
        .is_some_and(|t| rules().is_cue("plan_doc_type", &rules::fold(t)))
        || md
            .title
            .as_deref()
            .is_some_and(|t| rules().has_cue("norm_title", &rules::fold(t)));
    let name_year = opts
        .file_name_year
        .filter(|_| md.report_year.is_none() && !period::text_has_year(blocks));
    let mut part = Part::for_document(md.report_year.or(name_year), plan);
    // a periodic report ("tháng 11/2025", "6 tháng đầu năm"): its plans are for the rest of its year
    if md
        .title
        .as_deref()
        .is_some_and(|t| rules().has_cue("same_year_plan", &rules::fold(t)))
    {
        part.plans_same_year();
    }
    // The title is no part heading ("... NĂM 2025 VÀ PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026": the
    // report opens with the results). Without a typed title line, it is the run of capitalised
    // lines the document opens with.
    let title_end = if body_start > 0 {
        body_start
    } else {
        blocks
            .iter()
            .take(5)
            .take_while(|b| {
                !matches!(b.kind, BlockKind::Cell(_))
                    && period::is_heading_like(&b.text)
                    && crate::structure::marker(&b.text).is_none()
            })
            .count()
    };
    let mut facts: Vec<Fact> = Vec::new();
    // The last "ĐVT: ..." caption seen, for the table (or flattened table lines) after it.
    let mut caption: Option<String> = None;
    let formula_roles = formula::roles(blocks);
    let notes = footnote::Notes::find(blocks);
    let mut cache = Copies::default();
    // what each distinct column header says, worked out once per document (per cell, the
    // header's cues and kind were a twentieth of extraction)
    let mut headers: std::collections::HashMap<&str, Header, rules::FastHash> = Default::default();
    for bi in 0..blocks.len() {
        if crate::cancel::requested() {
            break; // over --timeout: the caller discards what was found
        }
        let b = &blocks[bi];
        if !matches!(b.kind, BlockKind::Cell(_)) && bi >= title_end {
            part.observe(b);
        }
        if bi < body_start || b.text.trim().is_empty() {
            continue;
        }
        let is_cell = matches!(b.kind, BlockKind::Cell(_));
        if !is_cell {
            if let Some(u) = table::caption_unit(&b.text) {
                caption = Some(u);
                continue;
            }
            // prose ends what a caption governs
            if b.text.len() > 200 && b.text.chars().nth(200).is_some() {
                caption = None;
            }
        }
        let copies = cache.get(bi, &b.text);
        let (chars, low) = (&copies.0, &copies.1);
        let mut found = match (&b.kind, &formula_roles[bi]) {
            (_, formula::Role::Term) => Vec::new(),
            (_, formula::Role::Value { label }) => formula_value(&chars, &low, mark, &part, label),
            (BlockKind::Cell(cp), _) => {
                let info = tables.get(&cp.table);
                // the table's own caption, else the last one before it
                let cap = info.and_then(|i| i.caption_unit.as_deref().or(caption.as_deref()));
                let header = cp.col_header.as_deref().unwrap_or("");
                let h = headers.entry(header).or_insert_with(|| Header::of(header));
                let cell = Cell {
                    blocks,
                    cp,
                    info,
                    caption: cap,
                    header: h,
                };
                cell_facts(b, &cell, chars, low, mark, &part)
            }
            _ => match pseudo_cell(blocks, bi, &chars, &low, mark, &part) {
                Some(v) => v,
                None => line_facts(blocks, bi, &mut cache, mark, &part),
            },
        };
        if !is_cell && formula::has_inline(&b.text) {
            found.retain(|f| formula::inline_keeps(&chars, &f.0));
        }
        found.retain(|f| !formula::per_one_base(&chars, &f.0));
        found.retain(|f| !named::inside(&low, &f.0));
        if !is_cell {
            found.retain(|f| !notes.is_marker(bi, &chars, &f.0));
        }
        if !is_cell {
            if let Some(u) = &caption {
                // a flattened table row: its bare figures are in the caption's unit
                for f in &mut found {
                    if f.0.unit.is_none()
                        && matches!(f.0.kind, Kind::Count | Kind::Measure)
                        && f.0.qualifier == crate::model::Qualifier::Exact
                    {
                        apply_unit(&mut f.0, Some(u), false);
                    }
                }
            }
        }
        // the block's section path, joined once for all its facts
        let section = std::cell::OnceCell::new();
        for (q, label, status, period) in found {
            // Digits past f64's range parse as infinity, which JSON cannot hold: no
            // report states such a figure, so it is not a fact.
            let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
            if !(q.value.is_finite() && finite(q.denominator) && finite(q.max)) {
                continue;
            }
            let section =
                section.get_or_init(|| (!b.section.is_empty()).then(|| b.section.join(" > ")));
            facts.push(make_fact(
                b,
                &chars,
                q,
                label,
                status,
                period,
                section.clone(),
            ));
        }
    }
    valuelist::harmonise(blocks, &mut facts);
    weights::reread(blocks, &mut facts);
    let catalogue = opts
        .metrics
        .clone()
        .unwrap_or_else(metric::Catalogue::builtin);
    let mut digits = itoa::Buffer::new();
    for (i, f) in facts.iter_mut().enumerate() {
        // "f" and the number, written without the formatting machinery (a tenth of the labels' cost)
        let n = digits.format(i + 1);
        f.id = String::with_capacity(1 + n.len());
        f.id.push('f');
        f.id.push_str(n);
        f.metric = f.label.as_deref().and_then(|l| metric_key(&catalogue, l));
    }
    (md, facts)
}

/// The catalogue key of a label. Labels repeat within a document (table rows, column headers)
/// and across the reports of an archive (the same indicators, year after year): the answers
/// are kept per thread and per catalogue for the last few thousand labels.
fn metric_key(catalogue: &std::sync::Arc<metric::Catalogue>, label: &str) -> Option<String> {
    type Memo = (
        Option<std::sync::Arc<metric::Catalogue>>,
        std::collections::HashMap<String, Option<String>, rules::FastHash>,
    );
    thread_local! {
        static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
    }
    // the answers are for the catalogue the memo holds (the built-in one, or `--metrics`)
    let same = |m: &Memo| {
        m.0.as_ref()
            .is_some_and(|c| std::sync::Arc::ptr_eq(c, catalogue))
    };
    if let Some(v) = MEMO.with(|m| {
        let m = m.borrow();
        same(&m).then(|| m.1.get(label).cloned()).flatten()
    }) {
        return v;
    }
    let v = catalogue.key_for(label).map(str::to_string);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if !same(&m) || m.1.len() >= 4096 {
            m.1.clear(); // bounded: memory must not grow with the archive
            m.0 = Some(catalogue.clone());
        }
        m.1.insert(label.to_string(), v.clone());
    });
    v
}

type Found = (Quantity, Option<String>, Status, Option<i32>);

fn make_fact(
    b: &Block,
    chars: &[char],
    q: Quantity,
    label: Option<String>,
    status: Status,
    period: Option<i32>,
    section: Option<String>,
) -> Fact {
    let raw: String = chars[q.start..q.end].iter().collect();
    Fact {
        id: String::new(),
        kind: q.kind,
        value: q.value,
        unit: q.unit,
        per: q.per,
        denominator: q.denominator,
        max: q.max,
        qualifier: q.qualifier,
        decimals: q.decimals,
        raw,
        label,
        metric: None,
        period,
        status,
        location: Location {
            block: b.id,
            start: q.start as u32,
            end: q.end as u32,
            source_start: b.source_offset(q.start),
            source_end: b.source_offset(q.end),
        },
        section,
    }
}

/// The lone value line of a formula box ("Hệ số bị trừ cho 01 lần vi phạm" / "=" / "0,1"): a
/// figure labelled by the formula's left side.
fn formula_value(
    chars: &[char],
    low: &[char],
    mark: DecimalMark,
    part: &Part,
    label: &str,
) -> Vec<Found> {
    let Some(q) = quantity::cell_value(chars, low, mark) else {
        return Vec::new();
    };
    let (status, period) = if part.status == Status::Target {
        (Status::Target, part.year)
    } else {
        (Status::Actual, part.year)
    };
    vec![(q, Some(label.to_string()), status, period)]
}

/// Facts of a paragraph, read together with the lines its sentence runs on into when the text
/// is hard-wrapped (see `wrap`); only the figures that start in the block itself are its own.
fn line_facts(
    blocks: &[Block],
    bi: usize,
    copies: &mut Copies,
    mark: DecimalMark,
    part: &Part,
) -> Vec<Found> {
    let b = &blocks[bi];
    let cur = copies.get(bi, &b.text);
    let (chars, low) = (&cur.0[..], &cur.1[..]);
    let Some((prev, next)) = wrap::neighbours(blocks, bi, &mut copies.joints) else {
        return prose_facts(b, chars, low, mark, part);
    };
    // the next line's copy is kept for its own turn
    let p = prev.map(|p| copies.get(p, &blocks[p].text));
    let n = next.map(|n| copies.get(n, &blocks[n].text));
    let w = Window::join(p.as_deref(), &cur, n.as_deref());
    let (off, end) = (w.own.start, w.own.end);
    prose_facts_of(b, &w.chars, &w.low, mark, part, Some(&w))
        .into_iter()
        .filter(|f| (off..end).contains(&f.0.num_start))
        .map(|(mut q, label, status, period)| {
            q.start = q.start.max(off) - off;
            q.end = q.end.min(end) - off;
            q.num_start -= off;
            q.num_end = q.num_end.min(end) - off;
            (q, label, status, period)
        })
        .collect()
}

/// A hard-wrapped line's window: the text "prev cur next" joined by spaces, from the lines'
/// copies, with the places number tokens may start in it (each line's, found once for the
/// three windows it is read in) and the span of the line itself.
struct Window {
    chars: Vec<char>,
    low: Vec<char>,
    starts: Vec<quantity::Start>,
    own: std::ops::Range<usize>,
}

impl Window {
    fn join(prev: Option<&CharCopy>, cur: &CharCopy, next: Option<&CharCopy>) -> Window {
        let lines = [prev, Some(cur), next];
        // (sized once: growing by the joining spaces copied the window again)
        let len = lines.iter().flatten().map(|l| l.0.len() + 1).sum::<usize>() - 1;
        let starts = lines.iter().flatten().map(|l| l.starts().len()).sum();
        let mut w = Window {
            chars: Vec::with_capacity(len),
            low: Vec::with_capacity(len),
            starts: Vec::with_capacity(starts),
            own: 0..0,
        };
        let mut first = true;
        for (k, line) in lines.into_iter().enumerate() {
            let Some(line) = line else {
                continue;
            };
            if !first {
                w.chars.push(' ');
                w.low.push(' ');
            }
            first = false;
            let at = w.chars.len();
            w.chars.extend_from_slice(&line.0);
            w.low.extend_from_slice(&line.1);
            w.starts.extend(line.starts().iter().map(|s| s.moved(at)));
            if k == 1 {
                w.own = at..w.chars.len();
            }
        }
        w
    }
}

/// Facts of a paragraph (or a cell holding prose).
fn prose_facts(
    b: &Block,
    chars: &[char],
    low: &[char],
    mark: DecimalMark,
    part: &Part,
) -> Vec<Found> {
    prose_facts_of(b, chars, low, mark, part, None)
}

/// `prose_facts`; in a hard-wrapped line's `window` (whose text `chars` is), only the figures
/// up to the last one whose number starts in the line itself are labelled (each figure's label
/// reads only the figures before it, so the ones after the block's own figures need no work),
/// and only those in the line are dated: the others are returned with no status or year of
/// their own.
fn prose_facts_of(
    b: &Block,
    chars: &[char],
    low: &[char],
    mark: DecimalMark,
    part: &Part,
    window: Option<&Window>,
) -> Vec<Found> {
    let mut qs = match window {
        Some(w) => quantity::scan_from(chars, low, mark, &w.starts),
        None => quantity::scan(chars, low, mark),
    };
    // "Hoàn thành 90% - dưới 100% công việc : 0,9": percents naming a band whose value follows
    // the colon are part of the band's name. Only a last colon after a percent's start can drop
    // one: the text before the first percent is not searched (most blocks have none).
    let first_percent = qs
        .iter()
        .filter(|q| q.kind == Kind::Percent)
        .map(|q| q.start)
        .min();
    let last_colon = first_percent.and_then(|p| {
        let from = p.min(chars.len());
        chars[from..]
            .iter()
            .rposition(|c| *c == ':')
            .map(|i| from + i)
    });
    if let Some(colon) = last_colon {
        let after: Vec<&Quantity> = qs.iter().filter(|q| q.start > colon).collect();
        // (a percent after the colon is a figure of its own: "năm 2004: 57%.")
        let tail_is_value = after.len() == 1
            && after[0].kind != Kind::Percent
            && chars[after[0].end..]
                .iter()
                .all(|c| c.is_whitespace() || *c == '.');
        if tail_is_value {
            qs.retain(|q| q.start > colon || q.kind != Kind::Percent);
        }
    }
    let last = match window.map(|w| &w.own) {
        Some(own) => match qs.iter().rposition(|q| own.contains(&q.num_start)) {
            Some(k) => k,
            None => return Vec::new(),
        },
        None => qs.len().saturating_sub(1),
    };
    let mut out: Vec<Found> = Vec::with_capacity(qs.len());
    // the block's lead year, looked for once and only when the block has a figure
    let lead = if qs.is_empty() {
        None
    } else {
        period::lead_year(&b.text)
    };
    let mut prev_end = 0;
    let mut prev_span = (0, 0);
    // sentence ends and cue sightings, found once for all the figures of the block (the
    // sentence ends only before the last figure labelled: no figure asks about the rest)
    let upto = qs.iter().take(last + 1).map(|q| q.start).max().unwrap_or(0);
    let sentences = label::Sentences::until(chars, upto);
    let index = period::BlockIndex::default();
    // the figure after the last one labelled, where that one's right words stop
    let after_last = qs.get(last + 1).map_or(chars.len(), |n| n.start);
    qs.truncate(last + 1);
    // each figure moves into `out`: the previous figure and its label are read back from there
    let mut qs = qs.into_iter().peekable();
    while let Some(q) = qs.next() {
        let next_start = qs.peek().map_or(after_last, |n| n.start);
        let sentence_start = reach_back(chars, sentences.start(q.start), q.start);
        let clause = label::clause_start_in(chars, sentence_start, q.start, prev_end);
        let same_sentence = !out.is_empty() && prev_end > sentence_start;
        let prev_label = out.last().and_then(|f| f.1.as_deref());
        let prev = out.last().map(|f| &f.0).filter(|_| same_sentence);
        let unit_label = out
            .iter()
            .rev()
            .find(|(p, ..): &&Found| p.kind == q.kind && p.unit.is_some() && p.unit == q.unit)
            .and_then(|f| f.1.as_deref());
        let lab = label::prose_label(&label::LabelContext {
            chars,
            low,
            sentences: &sentences,
            sentence: sentence_start,
            clause,
            start: q.start,
            end: q.end,
            next_start,
            unit: q.unit.as_deref(),
            kind: q.kind,
            prev_end: same_sentence.then_some(prev_end),
            prev_label: if same_sentence { prev_label } else { None },
            block_prev_label: prev_label,
            prev_unit: prev.and_then(|p| p.unit.as_deref()),
            prev_kind: prev.map(|p| p.kind),
            prev_span: prev.map(|_| prev_span),
            unit_label,
        });
        let view = SentenceView {
            chars,
            low,
            block: &index,
            sentence_start,
            clause_start: clause,
            prev_end,
            start: q.start,
            end: q.end,
        };
        // A figure of the window's other lines is read only for the labels after it: the
        // caller drops it, so its status and year are not worked out. (The rules' block index
        // answers the same whichever figures ask it.)
        let (status, period) = if window.is_none_or(|w| w.own.contains(&q.num_start)) {
            status_period(&view, part, lead, &q)
        } else {
            (Status::Actual, None)
        };
        prev_end = q.end;
        prev_span = (clause, q.start);
        out.push((q, lab, status, period));
    }
    out
}

/// Farthest back, in chars, that the words of a figure's sentence are read from (its label,
/// its status and year cues). Sentences in reports are far shorter; a text without full
/// stops (a report whose line ends were lost, a list of thousands of items) would otherwise
/// be read back to its start for each of its figures: quadratic in its length.
const MAX_SENTENCE: usize = 4096;

/// The start of the part of a sentence (from `sentence`) that a figure at `pos` reads: the
/// whole sentence, or the words of its last MAX_SENTENCE chars (never a cut word).
fn reach_back(chars: &[char], sentence: usize, pos: usize) -> usize {
    if pos - sentence <= MAX_SENTENCE {
        return sentence;
    }
    let from = pos - MAX_SENTENCE;
    // (a cut word would read as a word of its own: start after it)
    chars[from..pos]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(pos, |k| from + k + 1)
}

/// Status and year of a figure in prose. `lead` is the year its block opens with ("Năm 2011, ...").
/// A year written at the figure ("40% năm 2003", "năm 2001 tăng 6,9%") comes first, then the
/// block's, then the part's.
///
/// A fraction after a comparison ("so với năm 2010 (2126/2102)") pairs this year's figure with
/// the base's: its numerator is this year's, so it is no reference.
fn status_period(
    v: &SentenceView,
    part: &Part,
    lead: Option<i32>,
    q: &Quantity,
) -> (Status, Option<i32>) {
    let (status, period) = status_period_of(v, part, lead, q);
    // a span of years ("02 năm", "không quá 4 năm") is a duration, about no one year
    if q.kind == Kind::Measure
        && q.unit
            .as_deref()
            .is_some_and(|u| rules().is_cue("year_unit", &rules::fold(u)))
    {
        return (status, None);
    }
    (status, period)
}

fn status_period_of(
    v: &SentenceView,
    part: &Part,
    lead: Option<i32>,
    q: &Quantity,
) -> (Status, Option<i32>) {
    if period::threshold(v, q.qualifier) {
        return (Status::Reference, None);
    }
    if q.kind != Kind::Fraction {
        if let Some(found) = period::reference(v, part.year, part.report_year) {
            return found;
        }
    }
    // a year written at the figure, or a span of years the sentence speaks of
    let local = period::year_after(v.low, v.end)
        .or_else(|| period::clause_year(v))
        .or_else(|| period::several_years(v).then_some(None));
    if part.status == Status::Target {
        return (Status::Target, local.unwrap_or(lead.or(part.year)));
    }
    if period::target_cue(v) {
        return (Status::Target, local.unwrap_or(lead.or(part.year)));
    }
    if period::rule_limit(v, q.qualifier, q.unit.as_deref()) {
        return (Status::Reference, None);
    }
    let period = local.unwrap_or(lead.or(part.year));
    if period::change_base(v) {
        return (Status::Reference, period);
    }
    (Status::Actual, period)
}

/// A table cell and what its table and its column header say.
struct Cell<'a> {
    /// The document's blocks, for what the table reads only when asked.
    blocks: &'a [Block],
    cp: &'a crate::model::CellPos,
    info: Option<&'a TableInfo>,
    /// The unit of the table's "ĐVT: ..." caption, or of the last caption before it.
    caption: Option<&'a str>,
    header: &'a Header,
}

/// What a column header says alone, whatever its cell.
struct Header {
    /// Its first year.
    year: Option<i32>,
    /// Its cues: a design capacity, a plan's approved total, a target, a reference, a note
    /// column, a norm, a percent.
    design: bool,
    plan_total: bool,
    target: bool,
    reference: bool,
    note: bool,
    norm: bool,
    percent: bool,
    kind: Option<table::HeaderKind>,
    unit: Option<String>,
}

impl Header {
    fn of(header: &str) -> Header {
        let k = rules::fold(header);
        let cue = |group: &str| rules().has_cue(group, &k);
        Header {
            year: period::first_year(header),
            design: cue("header_design"),
            plan_total: cue("header_plan_total"),
            target: cue("header_target"),
            reference: cue("header_reference"),
            note: cue("header_note"),
            norm: cue("header_norm"),
            percent: header.contains('%') || cue("header_percent"),
            kind: table::header_kind(header),
            unit: table::header_unit(header),
        }
    }
}

/// Facts of a table cell: a value cell gets its row's unit and label; prose cells are scanned.
fn cell_facts(
    b: &Block,
    cell: &Cell,
    chars: &[char],
    low: &[char],
    mark: DecimalMark,
    part: &Part,
) -> Vec<Found> {
    let (cp, h) = (cell.cp, cell.header);
    if cp.header {
        // "Điểm đạt (tối đa 18 điểm)": a quantity in a column heading states the column's scale
        // or maximum, the base its cells are read against; years and bare numbers are no facts
        let mut v = prose_facts(b, chars, low, mark, part);
        v.retain(|f| f.0.unit.is_some() && matches!(f.0.kind, Kind::Measure | Kind::Money));
        let heading = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
        for f in &mut v {
            f.1 = Some(heading.clone());
            f.2 = Status::Reference;
            f.3 = None;
        }
        return v;
    }
    let no_info = TableInfo::default();
    let info = cell.info.unwrap_or(&no_info);
    if Some(cp.col) == info.tt_col
        || Some(cp.col) == info.unit_col
        || info.year_cols.contains(&cp.col)
    {
        return Vec::new();
    }
    let header = cp.col_header.as_deref().unwrap_or("");
    let column = column_status(h, part, info);
    // a design-capacity column: what each project is to deliver, in figures and a few words
    let design_col = h.design;
    // a note column ("Ghi chú"): its figures explain the row's, so the row names them too
    let note_col = h.note;
    let (status, period) = column.unwrap_or_else(|| header_status(h, part));
    let value_label = match (&cp.row_label, info.value_cols > 1 && !header.is_empty()) {
        (Some(l), true) => Some(format!("{l} ({header})")),
        // a figure in a column without a header beside headed ones is not the
        // row's main figure: the column's place tells them apart
        (Some(l), false) if info.value_cols > 1 => Some(format!("{l} (cột {})", cp.col + 1)),
        (Some(l), false) => Some(l.clone()),
        (None, _) if !header.is_empty() => Some(header.to_string()),
        _ => None,
    };
    if Some(cp.col) != info.label_col {
        if info
            .row_units
            .get(&cp.row)
            .is_some_and(|u| table::is_code_legend(u))
        {
            // "Có = 1; Không = 0" in the unit column: the figure is a coded answer
            return Vec::new();
        }
        if let Some(mut q) = quantity::cell_value(chars, low, mark) {
            // "Số lượt" under "ĐVT: triệu đồng" still counts lượt: the header is nearer
            let counts = matches!(h.kind, Some(table::HeaderKind::Count(_)));
            // "Năng lực thiết kế" holds what a project builds, never the caption's money
            let design = design_col;
            let unit_text = info
                .row_units
                .get(&cp.row)
                .cloned()
                .or_else(|| h.unit.clone())
                .or_else(|| {
                    cell.caption
                        .filter(|_| !counts && !design)
                        .map(str::to_string)
                });
            apply_unit(&mut q, unit_text.as_deref(), h.percent);
            if unit_text.is_none() && q.unit.is_none() {
                header_kind(&mut q, h.kind.as_ref(), info.currency(cell.blocks));
            }
            if let Some(u) = info.row_units.get(&cp.row) {
                table::unit_column_noun(&mut q, u);
            }
            let label = value_label.clone();
            if let Some(&n) = info.rank_cols.get(&cp.col) {
                q.kind = Kind::Rank;
                q.unit = None;
                q.denominator = Some(n as f64);
            }
            return vec![(q, label, status, period)];
        }
    }
    let mut v = prose_facts(b, chars, low, mark, part);
    if Some(cp.col) == info.label_col {
        v.retain(|f| !named::site_area_in_name(chars, low, &f.0));
    }
    if h.norm {
        // the terms agreed under "Thỏa thuận của 2 bên": norms, of no one year
        for f in &mut v {
            f.2 = Status::Target;
            f.3 = None;
        }
    }
    if info.rank_cols.contains_key(&cp.col) {
        // "55/63" under "Xếp hạng": a position out of the units ranked
        for f in &mut v {
            if f.0.kind == Kind::Fraction {
                f.0.kind = Kind::Rank;
                f.0.unit = None;
            }
        }
    }
    // "0/0 người (0%)", "…/… người (100%)": figures and their units only, no words of their
    // own to name them; the row and the column do, as for a value cell
    let figures_only = Some(cp.col) != info.label_col && {
        let mut rest: Vec<bool> = vec![true; chars.len()];
        for f in &v {
            rest[f.0.start..f.0.end].iter_mut().for_each(|x| *x = false);
        }
        let letters = chars
            .iter()
            .zip(&rest)
            .filter(|(c, keep)| **keep && rules::is_letter(**c))
            .count();
        letters <= 12
    };
    let design_label = match &cp.row_label {
        Some(l) => Some(format!("{l} ({header})")),
        None => Some(header.to_string()),
    };
    for f in &mut v {
        // a plan or design column says what its figures are, whatever the cell's words
        if let Some((st, y)) = column {
            if st == Status::Target {
                (f.2, f.3) = (st, y);
            }
        } else if info.plan_table && Some(cp.col) == info.label_col {
            // "Mua sắm 05 máy giúp thở" naming a row of a plan: what the project is to buy or
            // build, over its whole span
            (f.2, f.3) = (Status::Target, None);
        } else if note_col && info.plan_table && f.2 == Status::Target && f.3.is_none() {
            // "xin bổ sung thêm 1 tỷ đồng" noted beside a plan: a target of the plan's year
            f.3 = info.plan_year;
        }
        if figures_only && value_label.is_some() {
            f.1 = value_label.clone();
        } else if let (Some(vl), true) = (&design_label, design_col || note_col) {
            // "Cải tạo 10.197m kênh; ..." under "Năng lực thiết kế": the row and the column
            // say whose figure it is, the cell's words what it measures
            f.1 = Some(match &f.1 {
                Some(own) if !vl.contains(own.as_str()) => format!("{vl}: {own}"),
                _ => vl.clone(),
            });
        } else if let (Some(row), Some(own), true) = (
            &cp.row_label,
            &f.1,
            info.plan_table && Some(cp.col) == info.label_col,
        ) {
            // "(vay JBIC 7,6 tỷ, NS 70 tỷ)" in a project's name: the project says whose figure
            // it is, the words before it ("NS") what it is
            if own != row {
                f.1 = Some(format!("{row}: {own}"));
            }
        } else if f.1.is_none() {
            f.1 = cp.row_label.clone();
        }
    }
    v
}

/// Applies a unit written apart from the value (unit column, caption, "%" in the header).
/// `header_percent`: the column header writes "%" or names a rate.
fn apply_unit(q: &mut Quantity, unit_text: Option<&str>, header_percent: bool) {
    if q.kind == Kind::Percent {
        return;
    }
    if let Some(u) = unit_text {
        let chars: Vec<char> = u.trim().chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        // "1000 đồng", "1.000 đ": a numeric scale before the currency
        let mut p = 0;
        let mut factor = 1.0;
        while p < chars.len() && (chars[p].is_ascii_digit() || chars[p] == '.') {
            p += 1;
        }
        if p > 0 {
            let n: String = chars[..p].iter().filter(|c| c.is_ascii_digit()).collect();
            factor = n.parse().unwrap_or(1.0);
            while p < chars.len() && chars[p] == ' ' {
                p += 1;
            }
        }
        if let Some((e, rule)) = rules().units.match_at(&low, p) {
            if e == chars.len() || chars[e..].iter().all(|c| !c.is_alphanumeric()) {
                q.kind = kind_of(rule);
                match rule {
                    UnitRule::Percent => q.unit = Some("%".into()),
                    UnitRule::Money { code, scale } => {
                        q.unit = Some(code.clone());
                        q.value = round3(q.value * scale * factor);
                    }
                    UnitRule::Measure { unit, scale } => {
                        q.unit = Some(unit.clone());
                        q.value *= scale;
                    }
                    UnitRule::Scale(s) => q.value = round3(q.value * s * factor),
                    UnitRule::Count => q.unit = Some(u.trim().to_lowercase()),
                }
                if q.kind == Kind::Count && q.value.fract() != 0.0 {
                    q.kind = Kind::Measure;
                }
                return;
            }
        }
    }
    if header_percent {
        q.kind = Kind::Percent;
        q.unit = Some("%".into());
    }
}

/// A bare figure under a header that names what it is ("TVĐT": money, "Số dự án": a count
/// of "dự án"), see `rules/column_kinds.tsv`.
fn header_kind(q: &mut Quantity, kind: Option<&table::HeaderKind>, currency: Option<&str>) {
    if !matches!(q.kind, Kind::Count | Kind::Measure) {
        return;
    }
    match kind {
        Some(table::HeaderKind::Money) => {
            q.kind = Kind::Money;
            q.unit = Some(currency.unwrap_or("VND").to_string());
        }
        Some(table::HeaderKind::Count(noun)) if q.kind == Kind::Count => {
            q.unit = Some(noun.clone())
        }
        _ => {}
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Status and year a column header decides for every figure of its cells, when it names a
/// plan: "Kế hoạch năm 2006" (target, its year or the part's), a design capacity ("Năng lực thiết
/// kế") or, in a table of planned work, an approved total ("Tổng vốn đầu tư"): targets over a
/// project's whole span, about no one year unless the header writes one.
/// A plan column without a year ("Kế hoạch điều chỉnh") is about the year of the table's other
/// plan columns.
fn column_status(h: &Header, part: &Part, info: &TableInfo) -> Option<(Status, Option<i32>)> {
    if h.design || (info.plan_table && h.plan_total) {
        return Some((Status::Target, h.year));
    }
    if h.target {
        return Some((Status::Target, h.year.or(info.plan_year).or(part.year)));
    }
    None
}

/// Status and year a column header gives its cells ("Chỉ tiêu 2024", "Kế hoạch năm 2024").
fn header_status(h: &Header, part: &Part) -> (Status, Option<i32>) {
    let (target, reference, year, norm) = (h.target, h.reference, h.year, h.norm);
    if norm {
        (Status::Target, year)
    } else if target {
        (Status::Target, year.or(part.year))
    } else if reference {
        (Status::Reference, year.or(part.year))
    } else if part.status == Status::Target && year.is_none() {
        (Status::Target, part.year)
    } else {
        (
            if year.is_some_and(|y| part.report_year.is_some_and(|r| y < r)) {
                Status::Reference
            } else {
                part.status
            },
            year.or(part.year),
        )
    }
}

/// A paragraph that is a lone table value in a .txt table flattened to lines ("%" then "31,2"):
/// the line before names its unit and the one before that its row label. A lone small integer
/// before a row's text is the TT number. `None` when the block is not such a line.
fn pseudo_cell(
    blocks: &[Block],
    bi: usize,
    chars: &[char],
    low: &[char],
    mark: DecimalMark,
    part: &Part,
) -> Option<Vec<Found>> {
    let mut q = quantity::cell_value(chars, low, mark)?;
    let prev: Vec<&Block> = blocks[..bi]
        .iter()
        .rev()
        .filter(|b| !b.text.trim().is_empty())
        .take(2)
        .collect();
    let unit_line = prev
        .first()
        .map(|b| b.text.trim())
        .filter(|t| is_unit_text(t));
    let Some(unit_line) = unit_line else {
        // TT numbers and stray bare numbers on their own line are no facts; "Trên 90%" is prose.
        if q.kind == Kind::Percent || q.qualifier != crate::model::Qualifier::Exact {
            return None;
        }
        return Some(Vec::new());
    };
    apply_unit(&mut q, Some(unit_line), false);
    let label = prev
        .get(1)
        .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "));
    let (status, period) = if part.status == Status::Target {
        (Status::Target, part.year)
    } else {
        (Status::Actual, part.year)
    };
    Some(vec![(q, label, status, period)])
}

fn is_unit_text(t: &str) -> bool {
    table::is_unit_text(t)
}

/// A text as chars and its folded twin (the same length, for matching), written into the
/// buffers of a copy no longer used. One pass over the bytes, written by index into buffers
/// sized for the bytes (at least the chars) and cut to the chars after: an ASCII byte is its
/// char, and every char below U+1F00 folds by one look in `rules::fold_table` (decoding the text,
/// then folding the copy, with a push per char, cost twice as much).
fn char_copies(text: &str, spare: Option<(Vec<char>, Vec<char>)>) -> (Vec<char>, Vec<char>) {
    let (mut chars, mut low) = spare.unwrap_or_default();
    let table = rules::fold_table();
    // (what the buffers held is written over: only their length matters)
    chars.resize(text.len(), '\0');
    low.resize(text.len(), '\0');
    let bytes = text.as_bytes();
    let (cs, ls) = (&mut chars[..bytes.len()], &mut low[..bytes.len()]);
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() && n < cs.len() && n < ls.len() {
        let b = bytes[i];
        if b < 0x80 {
            cs[n] = b as char;
            ls[n] = table[b as usize];
            i += 1;
        } else {
            // `i` is always at a char's first byte
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            cs[n] = c;
            ls[n] = rules::fold_in(table, c);
            i += c.len_utf8();
        }
        n += 1;
    }
    chars.truncate(n);
    low.truncate(n);
    (chars, low)
}

/// A block's text as chars, its folded twin (see `char_copies`), and the places number tokens
/// may start in it (`quantity::token_starts`), found when a window first asks: a block read
/// alone is scanned once, and the scanner finds them itself.
struct CharCopy(
    Vec<char>,
    Vec<char>,
    std::cell::OnceCell<Vec<quantity::Start>>,
);

impl CharCopy {
    fn starts(&self) -> &[quantity::Start] {
        self.2.get_or_init(|| {
            let mut starts = Vec::new();
            quantity::token_starts(&self.0, &self.1, &mut starts);
            starts
        })
    }
}

/// The char copies of the last few blocks: a hard-wrapped line's window joins the copies of
/// its neighbours, and the next line's copy is its own a turn later (decoding and folding
/// each line three times was a twentieth of a run).
#[derive(Default)]
struct Copies {
    recent: Vec<(usize, std::rc::Rc<CharCopy>)>,
    /// The buffers of the last copy dropped, for the next one.
    spare: Option<(Vec<char>, Vec<char>)>,
    /// Whether the last line asked about runs on into the next.
    joints: wrap::Joints,
}

impl Copies {
    fn get(&mut self, bi: usize, text: &str) -> std::rc::Rc<CharCopy> {
        if let Some((_, c)) = self.recent.iter().find(|(i, _)| *i == bi) {
            return c.clone();
        }
        if self.recent.len() >= 4 {
            let (_, old) = self.recent.remove(0);
            if let Ok(CharCopy(chars, low, _)) = std::rc::Rc::try_unwrap(old) {
                self.spare = Some((chars, low));
            }
        }
        let (chars, low) = char_copies(text, self.spare.take());
        let c = std::rc::Rc::new(CharCopy(chars, low, Default::default()));
        self.recent.push((bi, c.clone()));
        c
    }
}

/// Decimal point or comma: the document's figures vote ("92.11" for a point, "54,85" for a comma).
fn detect_mark(blocks: &[Block]) -> DecimalMark {
    let (mut point, mut comma) = (0usize, 0usize);
    for b in blocks {
        // digits and marks are ASCII: the bytes give the same tokens as the chars, uncopied
        let c = b.text.as_bytes();
        let mut i = 0;
        while i < c.len() {
            // most of a text is words: sixteen bytes without a digit are passed at once
            if let Some(chunk) = c.get(i..i + 16) {
                if !chunk.iter().fold(false, |any, x| any | x.is_ascii_digit()) {
                    i += 16;
                    continue;
                }
            }
            if c[i].is_ascii_digit() {
                let s = i;
                while i < c.len()
                    && (c[i].is_ascii_digit()
                        || ((c[i] == b'.' || c[i] == b',')
                            && i + 1 < c.len()
                            && c[i + 1].is_ascii_digit()))
                {
                    i += 1;
                }
                let tok = &c[s..i];
                let mut seps = tok.iter().filter(|x| **x == b'.' || **x == b',');
                if let (Some(&sep), None) = (seps.next(), seps.next()) {
                    let tail = tok
                        .rsplit(|x| *x == b'.' || *x == b',')
                        .next()
                        .map_or(0, |t| t.len());
                    if tail != 3 {
                        if sep == b'.' && s > 0 {
                            point += 1;
                        } else if sep == b',' {
                            comma += 1;
                        }
                    }
                }
            } else {
                i += 1;
            }
        }
    }
    if point >= 3 && point > comma * 2 {
        DecimalMark::Point
    } else {
        DecimalMark::Comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_reads_back_its_whole_sentence_or_its_last_words() {
        let chars: Vec<char> = "Số hộ nghèo giảm 5 hộ".chars().collect();
        assert_eq!(reach_back(&chars, 0, 17), 0);
        // a sentence of 1,000 words of 5 chars: the figure at its end reads back the
        // words that start within MAX_SENTENCE chars, from a word's first char
        let long: Vec<char> = "khối ".repeat(1000).chars().chain("12".chars()).collect();
        let pos = long.len() - 2;
        let from = reach_back(&long, 0, pos);
        assert!(pos - from <= MAX_SENTENCE, "{from}");
        assert!(pos - from > MAX_SENTENCE - 5, "{from}");
        assert_eq!(long[from - 1], ' ');
        assert_eq!(long[from], 'k');
    }

    fn copy(text: &str) -> CharCopy {
        let (chars, low) = char_copies(text, None);
        CharCopy(chars, low, Default::default())
    }

    /// A window's lines: the previous one, the line itself, the next one.
    type Lines<'a> = (Option<&'a str>, &'a str, Option<&'a str>);

    /// The quantities of a window read from its lines' cached copies and token starts, the
    /// quantities of the same lines joined by spaces and scanned whole, and where the lines
    /// join (the joining spaces).
    fn shared_and_joined(
        (prev, cur, next): Lines,
        mark: DecimalMark,
    ) -> (Vec<Quantity>, Vec<Quantity>, Vec<usize>) {
        let lines = [prev, Some(cur), next];
        let (p, c, n) = (prev.map(copy), copy(cur), next.map(copy));
        let w = Window::join(p.as_ref(), &c, n.as_ref());
        let shared = quantity::scan_from(&w.chars, &w.low, mark, &w.starts);
        let text = lines.into_iter().flatten().collect::<Vec<_>>().join(" ");
        let chars: Vec<char> = text.chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
        assert_eq!(w.chars, chars);
        assert_eq!(w.low, low);
        let own: String = chars[w.own.clone()].iter().collect();
        assert_eq!(own, cur);
        let mut joints = Vec::new();
        let mut at = 0;
        for l in lines.into_iter().flatten() {
            at += l.chars().count();
            joints.push(at);
            at += 1;
        }
        joints.pop();
        let joined = quantity::scan(&chars, &low, mark);
        (shared, joined, joints)
    }

    /// The window's quantities, checked to be those of the joined text, and the one whose
    /// text runs across a joint (the case is only tricky if there is one).
    fn across(lines: Lines) -> Quantity {
        let (shared, joined, joints) = shared_and_joined(lines, DecimalMark::Comma);
        assert_eq!(shared, joined, "{lines:?}");
        joined
            .into_iter()
            .find(|q| joints.iter().any(|j| (q.start..q.end).contains(j)))
            .unwrap_or_else(|| panic!("no quantity across a joint in {lines:?}"))
    }

    const LEAD: &str = "Tổng giá trị sản xuất bình quân trên một ha canh tác đã tăng lên";

    #[test]
    fn a_window_scanned_from_its_lines_tokens_is_the_joined_text_scanned() {
        // a number whose thousands group opens the next line
        let q = across((
            None,
            &format!("{LEAD} và có 1"),
            Some("234 hộ gia đình được hỗ trợ"),
        ));
        assert_eq!((q.value, q.unit.as_deref()), (1234.0, Some("hộ gia đình")));
        // the unit opening the next line
        let q = across((
            Some(LEAD),
            "và đạt trên 305",
            Some("triệu đồng/ha năm 2004, tăng 12%"),
        ));
        assert_eq!((q.kind, q.value), (Kind::Money, 305_000_000.0));
        // a range whose upper bound opens the next line
        let q = across((
            None,
            &format!("{LEAD} từ 10 -"),
            Some("20% so với năm trước"),
        ));
        assert_eq!((q.value, q.max, q.kind), (10.0, Some(20.0), Kind::Percent));
        // a decimal comma closing a line, its decimals opening the next
        let q = across((None, &format!("{LEAD} 1,"), Some("5% so với cùng kỳ")));
        assert_eq!((q.value, q.kind), (1.5, Kind::Percent));
        // a number spelled in words across the break
        let q = across((None, &format!("{LEAD} hai"), Some("mươi lăm người")));
        assert_eq!((q.value, q.unit.as_deref()), (25.0, Some("người")));
    }

    #[test]
    fn a_year_across_the_break_counts_nothing() {
        // "năm" / "2004 hộ": the word before the number makes it a year in the window; alone,
        // the next line counts 2004 households. "năm 200" / "4": a year's digit split off.
        let split = format!("{LEAD} năm 200");
        for (lines, alone) in [
            (
                (Some(LEAD), "so với năm", Some("2004 hộ nghèo đã giảm 12%")),
                2004.0,
            ),
            ((None, split.as_str(), Some("4 đạt 12 tỷ đồng")), 4.0),
        ] {
            let (shared, joined, _) = shared_and_joined(lines, DecimalMark::Comma);
            assert_eq!(shared, joined, "{lines:?}");
            assert!(joined.iter().all(|q| q.value != alone), "{joined:?}");
            assert!(!joined.is_empty());
            let next = copy(lines.2.expect("a next line"));
            let apart = quantity::scan(&next.0, &next.1, DecimalMark::Comma);
            assert!(apart.iter().any(|q| q.value == alone), "{apart:?}");
        }
    }

    #[test]
    fn every_window_of_the_seed_report_reads_as_its_joined_text() {
        let text = include_str!("../../corpus/000_e77d1e97e7429ec4.txt");
        let lines: Vec<&str> = text.lines().collect();
        let mut found = 0;
        for mark in [DecimalMark::Comma, DecimalMark::Point] {
            for k in 0..lines.len() {
                let window = (
                    k.checked_sub(1).map(|p| lines[p]),
                    lines[k],
                    lines.get(k + 1).copied(),
                );
                let (shared, joined, _) = shared_and_joined(window, mark);
                assert_eq!(shared, joined, "{window:?}");
                found += joined.len();
            }
        }
        assert!(found > 100, "{found}");
    }
}
