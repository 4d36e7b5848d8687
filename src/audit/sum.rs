//! Rule "sum": parts that should add up to a total.
//!
//! - a list in brackets right after a count, "12 phòng, đơn vị (06 phòng, Văn phòng Sở, Thanh
//!   tra Sở và 04 trung tâm)", where a named item without a number counts as one;
//! - a "gồm"/"bao gồm" list after a total;
//! - a breakdown "Trên Đại học 21 người; Đại học 122 người; ..." against the "Tổng số ... 237
//!   người" stated before it: since a breakdown need not be complete, only parts above the total,
//!   or a near miss of a long breakdown, are reported;
//! - tables: parent rows ("4.1", "I") against their children ("4.1.1", "1"), and "Tổng"/"Cộng"
//!   rows against the rows they total.

use std::collections::BTreeMap;

use crate::audit::tolerance::{interval, vn_auto, Iv};
use crate::audit::view::{cues, find_word, finding, units_compatible, DocView};
use crate::model::{BlockKind, Fact, Finding, Kind, Severity};

pub fn check(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in &v.facts {
        if f.kind != Kind::Count || matches!(f.location.block, b if is_cell(v, b)) {
            continue;
        }
        if let Some(x) = bracket_list(v, f) {
            out.push(x);
        } else if let Some(x) = gom_list(v, f) {
            out.push(x);
        }
    }
    out.extend(breakdowns(v));
    out.extend(tables(v));
    out
}

fn is_cell(v: &DocView, block: u32) -> bool {
    v.block(block)
        .is_some_and(|b| matches!(b.block.kind, BlockKind::Cell(_)))
}

/// Words that make a bracket or list something other than a plain enumeration of parts.
const NOT_A_LIST: &[&str] = &[
    "trong đó",
    "đạt",
    "chiếm",
    "so với",
    "tăng",
    "giảm",
    "tỷ lệ",
    "tỉ lệ",
    "%",
    "/",
];

/// One item of a list: its value and the fact it comes from, if any.
struct Item<'a> {
    value: f64,
    fact: Option<&'a Fact>,
    text: String,
}

/// Splits `[s, e)` of a block at ",", ";" and " và " into items. Each item is a count (the
/// only fact in it) or, when `named` allows, a short capitalised name that counts as one.
fn items<'a>(
    v: &DocView<'a>,
    block: u32,
    s: usize,
    e: usize,
    total: &Fact,
    named: bool,
) -> Option<Vec<Item<'a>>> {
    let text = v.text(block, s, e);
    let chars: Vec<char> = text.chars().collect();
    let mut bounds = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= chars.len() {
        let at_end = i == chars.len();
        let sep_len = if at_end {
            0
        } else if chars[i] == ',' || chars[i] == ';' {
            1
        } else if chars[i..].starts_with(&[' ', 'v', 'à', ' ']) {
            4
        } else {
            i += 1;
            continue;
        };
        bounds.push((start, i));
        if at_end {
            break;
        }
        i += sep_len;
        start = i;
    }
    let mut out = Vec::new();
    for (a, z) in bounds {
        let (a, z) = (s + a, s + z);
        let facts = v.facts_in(block, a, z);
        let item_text = v.text(block, a, z);
        let trimmed = item_text.trim();
        if trimmed.is_empty() {
            continue;
        }
        match facts.as_slice() {
            [f] if f.kind == Kind::Count && (f.location.end as usize) <= z => {
                // A bracket must name parts of the same kind; "gồm" says so itself.
                if named
                    && !units_compatible(total.unit.as_deref(), f.unit.as_deref())
                    && !shares_word(total.unit.as_deref(), f.unit.as_deref())
                {
                    return None;
                }
                out.push(Item {
                    value: f.value,
                    fact: Some(f),
                    text: trimmed.to_string(),
                })
            }
            [] if named => {
                let words = trimmed.split_whitespace().count();
                let capital = trimmed.chars().next().is_some_and(|c| c.is_uppercase());
                if !(capital && words <= 6) {
                    return None;
                }
                out.push(Item {
                    value: 1.0,
                    fact: None,
                    text: trimmed.to_string(),
                })
            }
            _ => return None,
        }
    }
    Some(out)
}

fn shares_word(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    let a = a.to_lowercase();
    let b = b.to_lowercase();
    let wa: Vec<&str> = a.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    b.split([' ', ','])
        .filter(|w| !w.is_empty())
        .any(|w| wa.contains(&w))
}

/// "12 phòng, đơn vị (06 phòng, Văn phòng Sở, Thanh tra Sở và 04 trung tâm thuộc Sở)".
fn bracket_list(v: &DocView, total: &Fact) -> Option<Finding> {
    let block = total.location.block;
    let end = total.location.end as usize;
    let after = v.text(block, end, end + 4);
    let open = after.find('(')?;
    if !after[..open].trim().is_empty() {
        return None;
    }
    let s = end + after[..open].chars().count() + 1;
    let n = v.block_len(block);
    let rest = v.text(block, s, n);
    let close = rest.find(')')?;
    let e = s + rest[..close].chars().count();
    let low = v.lower(block, s, e);
    if NOT_A_LIST.iter().any(|w| low.contains(w)) {
        return None;
    }
    let list = items(v, block, s, e, total, true)?;
    compare(v, total, &list, "the list in brackets")
}

/// "N ..., gồm: A x, B y và C z" up to the end of the sentence.
fn gom_list(v: &DocView, total: &Fact) -> Option<Finding> {
    let block = total.location.block;
    let end = total.location.end as usize;
    let (_, send) = v.sentence_of(block, end);
    let window = v.lower(block, end, (end + 14).min(send));
    let cue = cues("list")
        .iter()
        .find_map(|c| find_word(&window, c).map(|i| (i, c.len())))?;
    let gap = &window[..cue.0];
    if gap.chars().any(|c| c.is_alphanumeric()) && gap.split_whitespace().count() > 1 {
        return None;
    }
    let s = end + window[..cue.0 + cue.1].chars().count();
    let mut e = send;
    // The list ends at the end of the sentence, or at a ";" that closes it.
    let tail = v.text(block, s, send);
    let tail = tail.trim_end_matches(['.', ' ']);
    e = e.min(s + tail.chars().count());
    let low = v.lower(block, s, e);
    if NOT_A_LIST.iter().any(|w| low.contains(w)) {
        return None;
    }
    let lead = low.trim_start().trim_start_matches(':').trim_start();
    let skip = low.chars().count() - lead.chars().count();
    let list = items(v, block, s + skip, e, total, false)?;
    compare(v, total, &list, "the \"gồm\" list")
}

fn compare(v: &DocView, total: &Fact, list: &[Item], what: &str) -> Option<Finding> {
    if list.len() < 2 || !list.iter().any(|i| i.fact.is_some()) {
        return None;
    }
    let sum: f64 = list.iter().map(|i| i.value).sum();
    let mut iv = Iv::point(0.0);
    for i in list {
        iv = iv.add(i.fact.map_or(Iv::point(1.0), interval));
    }
    if iv.meets(interval(total)) {
        return None;
    }
    let mut facts = vec![total];
    facts.extend(list.iter().filter_map(|i| i.fact));
    let terms: Vec<String> = list
        .iter()
        .map(|i| match i.fact {
            Some(f) => vn_auto(f.value, 3),
            None => format!("1 ({})", i.text),
        })
        .collect();
    Some(finding(
        "sum",
        Severity::Error,
        v,
        &facts,
        Some(sum),
        Some(total.value),
        sum_arithmetic(&terms, sum, total.value, 3),
        format!(
            "\"{}\" is broken down in {} into parts that add up to {}, not {}.",
            total.raw,
            what,
            vn_auto(sum, 3),
            vn_auto(total.value, 3)
        ),
    ))
}

/// A breakdown with no total of its own, "Trên Đại học 21 người; Đại học 122 người; ...",
/// against the nearest "Tổng số ..." with the same noun before it.
fn breakdowns(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    for block in v.block_ids() {
        if is_cell(v, block) {
            continue;
        }
        let n = v.block_len(block);
        let facts = v.facts_in(block, 0, n);
        if facts.len() < 3
            || !facts
                .iter()
                .all(|f| f.kind == Kind::Count && f.qualifier == crate::model::Qualifier::Exact)
        {
            continue;
        }
        let unit = facts[0].unit.clone();
        if !facts.iter().all(|f| f.unit == unit) {
            continue;
        }
        let low = v.lower(block, 0, n);
        // A header "Về trình độ chuyên môn:" then items separated by ";" or ",".
        let Some(colon) = low.find(':') else { continue };
        if low[..colon].chars().count() > facts[0].location.start as usize
            || ["tổng", "trong đó", "gồm", "%", "tăng", "giảm", "so với"]
                .iter()
                .any(|w| low.contains(w))
        {
            continue;
        }
        let separated = facts.windows(2).all(|w| {
            let gap = v.text(
                block,
                w[0].location.end as usize,
                w[1].location.start as usize,
            );
            (gap.contains(';') || gap.contains(',')) && gap.split_whitespace().count() <= 8
        });
        if !separated {
            continue;
        }
        let Some(total) = total_before(v, facts[0]) else {
            continue;
        };
        let sum: f64 = facts.iter().map(|f| f.value).sum();
        let diff = total.value - sum;
        let terms: Vec<String> = facts.iter().map(|f| vn_auto(f.value, 0)).collect();
        let mut all = vec![total];
        all.extend(facts.iter().copied());
        if diff < 0.0 {
            out.push(finding(
                "sum",
                Severity::Error,
                v,
                &all,
                Some(sum),
                Some(total.value),
                format!(
                    "{} = {} > {}",
                    terms.join(" + "),
                    vn_auto(sum, 0),
                    vn_auto(total.value, 0)
                ),
                format!(
                    "The breakdown adds up to {}, more than the total \"{}\" it breaks down.",
                    vn_auto(sum, 0),
                    total.raw
                ),
            ));
        } else if diff > 0.0 && facts.len() >= 4 && diff <= (total.value * 0.02).max(1.0) {
            out.push(finding(
                "sum",
                Severity::Warning,
                v,
                &all,
                Some(sum),
                Some(total.value),
                sum_arithmetic(&terms, sum, total.value, 0),
                format!(
                    "The breakdown adds up to {}, just short of the total \"{}\": a part may be mistyped or left out.",
                    vn_auto(sum, 0),
                    total.raw
                ),
            ));
        }
    }
    out
}

/// The nearest count before `f` (within a few blocks) with the same noun, written after "tổng số".
fn total_before<'a>(v: &DocView<'a>, f: &Fact) -> Option<&'a Fact> {
    v.facts
        .iter()
        .rev()
        .filter(|t| (t.location.block, t.location.start) < (f.location.block, f.location.start))
        .filter(|t| f.location.block.saturating_sub(t.location.block) <= 8)
        .filter(|t| {
            t.kind == Kind::Count
                && t.unit == f.unit
                && t.qualifier == crate::model::Qualifier::Exact
        })
        .find(|t| v.before(t, 120).contains("tổng số"))
        .copied()
}

// ---------------------------------------------------------------------------
// tables
// ---------------------------------------------------------------------------

#[derive(Default, Clone)]
struct Row {
    key: Option<String>,
    label: String,
    /// A "Tổng cộng"/"Cộng" row: it totals the rows around it.
    total: bool,
    /// A row that states a total of its own ("Tổng số ĐVSN công lập ..."): the rows after it at
    /// its level break it down.
    states_total: bool,
    /// The row's unit, from a "Đơn vị tính" column, lower case.
    unit: Option<String>,
}

/// Depth of a row key: "I" 1, "1" 2, "1.1" 3, "a" 6; `None` for no key.
fn level(key: &str) -> Option<usize> {
    let k = key.trim().trim_end_matches(['.', ')']);
    if k.is_empty() {
        return None;
    }
    if k == "·" {
        return Some(8);
    }
    if k.chars().all(|c| "IVXLC".contains(c)) {
        return Some(1);
    }
    if k.chars().count() == 1 && k.chars().all(|c| c.is_ascii_uppercase()) {
        return Some(0);
    }
    if k.split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(1 + k.split('.').count());
    }
    if k.chars().count() == 1 && k.chars().all(|c| c.is_lowercase()) {
        return Some(6);
    }
    if k == "-" || k == "+" || k == "*" {
        return Some(7);
    }
    None
}

fn is_total_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    [
        "tổng cộng",
        "tổng số",
        "cộng",
        "tổng",
        "toàn tỉnh",
        "toàn huyện",
    ]
    .iter()
    .any(|t| l == *t || l.starts_with(&format!("{t}:")) || l.starts_with(&format!("{t} (")))
}

fn is_share_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    (l.starts_with("tỷ lệ") || l.starts_with("tỉ lệ"))
        && !["so với", "tăng", "giảm"].iter().any(|w| l.contains(w))
}

/// One table: its rows, and per column the single figure of each row's cell.
struct Table<'a> {
    rows: BTreeMap<u32, Row>,
    cols: BTreeMap<u32, BTreeMap<u32, &'a Fact>>,
    /// Percent cells, per column.
    pcts: BTreeMap<u32, BTreeMap<u32, &'a Fact>>,
}

fn collect<'a>(v: &DocView<'a>) -> BTreeMap<u32, Table<'a>> {
    let mut tables: BTreeMap<u32, Table> = BTreeMap::new();
    for id in v.block_ids() {
        let Some(b) = v.block(id) else { continue };
        let BlockKind::Cell(pos) = &b.block.kind else {
            continue;
        };
        if pos.header {
            continue;
        }
        let t = tables.entry(pos.table).or_insert_with(|| Table {
            rows: BTreeMap::new(),
            cols: BTreeMap::new(),
            pcts: BTreeMap::new(),
        });
        let r = t.rows.entry(pos.row).or_default();
        if r.key.is_none() {
            r.key = pos.row_key.clone();
        }
        if r.label.is_empty() {
            r.label = pos.row_label.clone().unwrap_or_default();
        }
        let label_total = pos.row_label.as_deref().is_some_and(is_total_label);
        r.total |= label_total;
        r.states_total |= pos.total
            || pos
                .row_label
                .as_deref()
                .is_some_and(|l| l.trim().to_lowercase().starts_with("tổng"));
        let header = pos.col_header.as_deref().unwrap_or("").to_lowercase();
        if header.contains("đơn vị tính") || header.contains("đvt") {
            r.unit = Some(b.block.text.trim().to_lowercase());
        }
        let facts = v.facts_in(id, 0, b.chars.len());
        if let [f] = facts.as_slice() {
            if matches!(f.kind, Kind::Count | Kind::Money | Kind::Measure)
                && f.qualifier == crate::model::Qualifier::Exact
            {
                t.cols.entry(pos.col).or_default().insert(pos.row, f);
            } else if f.kind == Kind::Percent && f.qualifier == crate::model::Qualifier::Exact {
                t.pcts.entry(pos.col).or_default().insert(pos.row, f);
            }
        }
    }
    tables
}

/// The direct children of the row at `i` of `order` (rows below it with a deeper key, up to the
/// next row at its level or above), and whether a "trong đó" row sits among them.
fn children(rows: &BTreeMap<u32, Row>, order: &[u32], i: usize) -> Option<(Vec<u32>, bool)> {
    let lv = rows[&order[i]].key.as_deref().and_then(level)?;
    let mut out = Vec::new();
    let mut child_level = usize::MAX;
    let mut subset = false;
    for &c in &order[i + 1..] {
        let row = &rows[&c];
        if row.total {
            break;
        }
        let cl = match row.key.as_deref().and_then(level) {
            Some(l) => l,
            None => {
                if row.label.trim().to_lowercase().starts_with("trong đó") {
                    subset = true;
                }
                continue;
            }
        };
        if cl <= lv {
            break;
        }
        if cl < child_level {
            child_level = cl;
            out.clear();
        }
        if cl == child_level {
            out.push(c);
        }
    }
    Some((out, subset))
}

fn tables(v: &DocView) -> Vec<Finding> {
    let mut out = Vec::new();
    // A .txt table is a spreadsheet saved as text: its rows without a number are details of the
    // numbered row above them, and, as for lines of text below, the reading of its structure is a
    // guess kept only when as many of its sums hold as fail.
    let from_text = v.rec.source.format == Some(crate::model::Format::Txt);
    for t in collect(v).values_mut() {
        if !from_text {
            out.extend(check_table(v, t).0);
            continue;
        }
        if t.rows.values().any(|r| r.key.is_some()) {
            for r in t.rows.values_mut() {
                if r.key.is_none() && !r.label.trim().is_empty() {
                    r.key = Some("·".to_string());
                }
            }
        }
        let (found, passed) = check_table(v, t);
        if passed >= 1 && found.len() <= passed {
            out.extend(found);
        }
    }
    // Tables that survive only as lines of text ("I Nguồn thu ngân sách huyện 145518547"): the
    // reading of their structure is a guess, kept only when as many of its sums hold as fail.
    for t in text_tables(v) {
        let (found, passed) = check_table(v, &t);
        if passed >= 1 && found.len() <= passed {
            out.extend(found);
        }
    }
    out
}

/// Checks one table; returns its findings and how many of its sums held.
fn check_table(v: &DocView, t: &Table) -> (Vec<Finding>, usize) {
    let mut out = Vec::new();
    let mut passed = 0;
    {
        let order: Vec<u32> = t.rows.keys().copied().collect();
        let has_units = t.rows.values().any(|r| r.unit.is_some());
        let same_unit = |rs: &[u32]| {
            !has_units
                || rs
                    .windows(2)
                    .all(|w| t.rows[&w[0]].unit == t.rows[&w[1]].unit)
        };
        for values in t.cols.values() {
            // Parents against their children; a child that states a total of its own against
            // the siblings after it.
            for (i, &r) in order.iter().enumerate() {
                let Some((kids, subset)) = children(&t.rows, &order, i) else {
                    continue;
                };
                if subset || kids.len() < 2 {
                    continue;
                }
                let (total_row, parts): (u32, Vec<u32>) = if t.rows[&kids[0]].states_total
                    && !kids[1..].iter().any(|k| t.rows[k].states_total)
                {
                    if kids.len() < 3 {
                        continue;
                    }
                    (kids[0], kids[1..].to_vec())
                } else if kids.iter().any(|k| t.rows[k].states_total) {
                    continue;
                } else {
                    (r, kids)
                };
                let Some(total) = values.get(&total_row) else {
                    continue;
                };
                let mut all = vec![total_row];
                all.extend(&parts);
                if !same_unit(&all) {
                    continue;
                }
                let facts: Vec<&Fact> = parts
                    .iter()
                    .filter_map(|c| values.get(c).copied())
                    .collect();
                if facts.len() < 2 {
                    continue;
                }
                let what = format!("row {}", t.rows[&total_row].key.clone().unwrap_or_default());
                match table_compare(v, total, &facts, &what) {
                    Some(f) => out.push(f),
                    None => passed += 1,
                }
            }
            // "Tổng cộng"/"Cộng" rows against the rows they total.
            for (i, &r) in order.iter().enumerate() {
                if !t.rows[&r].total {
                    continue;
                }
                let Some(total) = values.get(&r) else {
                    continue;
                };
                let first_data = order.iter().position(|o| values.contains_key(o));
                let span: Vec<u32> = if first_data == Some(i) {
                    order[i + 1..]
                        .iter()
                        .take_while(|o| !t.rows[o].total)
                        .copied()
                        .collect()
                } else {
                    let mut s: Vec<u32> = order[..i]
                        .iter()
                        .rev()
                        .take_while(|o| !t.rows[o].total)
                        .copied()
                        .collect();
                    s.reverse();
                    s
                };
                let with_vals: Vec<u32> = span
                    .iter()
                    .filter(|o| values.contains_key(o))
                    .copied()
                    .collect();
                if with_vals.len() < 2 {
                    continue;
                }
                let levels: Vec<Option<usize>> = with_vals
                    .iter()
                    .map(|o| t.rows[o].key.as_deref().and_then(level))
                    .collect();
                let top = levels.iter().flatten().min().copied();
                let top_rows: Vec<&Fact> = with_vals
                    .iter()
                    .zip(&levels)
                    .filter(|(_, l)| top.is_none() || **l == top)
                    .map(|(o, _)| values[o])
                    .collect();
                let all_rows: Vec<&Fact> = with_vals.iter().map(|o| values[o]).collect();
                if top_rows.len() >= 2 && !fits(total, &all_rows) {
                    let what = format!("the \"{}\" row", t.rows[&r].label.trim());
                    if let Some(f) = table_compare(v, total, &top_rows, &what) {
                        out.push(f);
                    }
                } else if top_rows.len() >= 2 {
                    passed += 1;
                }
            }
        }
        // "Tỷ lệ ..." rows against their two children (done / to do).
        for pcts in t.pcts.values() {
            for (i, &r) in order.iter().enumerate() {
                let Some(p) = pcts.get(&r) else { continue };
                if !is_share_label(&t.rows[&r].label) {
                    continue;
                }
                let Some((kids, _)) = children(&t.rows, &order, i) else {
                    continue;
                };
                let [a, b] = kids.as_slice() else { continue };
                if !same_unit(&[*a, *b]) {
                    continue;
                }
                let vals: Vec<&Fact> = t
                    .cols
                    .values()
                    .filter_map(|c| Some((c.get(a)?, c.get(b)?)))
                    .map(|(x, y)| vec![*x, *y])
                    .next()
                    .unwrap_or_default();
                let [x, y] = vals.as_slice() else { continue };
                let (part, whole) = if x.value <= y.value { (x, y) } else { (y, x) };
                if whole.value <= 0.0 {
                    continue;
                }
                let ratio = interval(part).div(interval(whole)).map(|q| q.scale(100.0));
                if ratio.is_some_and(|q| q.meets(interval(p))) {
                    continue;
                }
                let exact = part.value / whole.value * 100.0;
                out.push(finding(
                    "share",
                    Severity::Error,
                    v,
                    &[p, part, whole],
                    Some((exact * 100.0).round() / 100.0),
                    Some(p.value),
                    format!(
                        "{} / {} = {} % ≠ {} %",
                        vn_auto(part.value, 3),
                        vn_auto(whole.value, 3),
                        crate::audit::tolerance::vn(exact, 2),
                        vn_auto(p.value, 3)
                    ),
                    format!(
                        "In the table, the rate \"{}\" ({}) does not match the two rows under it.",
                        p.raw,
                        t.rows[&r].label.trim()
                    ),
                ));
            }
        }
    }
    (out, passed)
}

/// Row key of a text line: "I", "II", "1", "1.2", "A" (a part), or `None`.
fn text_key(first: &str) -> Option<String> {
    let k = first.trim_end_matches(['.', ')']);
    let roman = !k.is_empty() && k.chars().all(|c| "IVX".contains(c));
    let arabic = !k.is_empty()
        && k.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && k.len() <= 6;
    let part = k.chars().count() == 1 && k.chars().all(|c| c.is_ascii_uppercase());
    (roman || arabic || part).then(|| k.to_string())
}

/// Tables whose cells became lines of text (a spreadsheet saved as text): runs of at least three
/// lines "[key] label number [number ...]" without sentence punctuation. A line without a key is
/// a detail row under the keyed line above it; its trailing numbers are its cells, left to right.
fn text_tables<'a>(v: &DocView<'a>) -> Vec<Table<'a>> {
    let mut out = Vec::new();
    let mut cur: Option<Table> = None;
    let mut with_values = 0;
    let flush = |cur: &mut Option<Table<'a>>, with_values: &mut usize, out: &mut Vec<Table<'a>>| {
        if let Some(t) = cur.take() {
            if *with_values >= 3 {
                out.push(t);
            }
        }
        *with_values = 0;
    };
    for id in v.block_ids() {
        let Some(b) = v.block(id) else { continue };
        if !matches!(b.block.kind, BlockKind::Paragraph) {
            flush(&mut cur, &mut with_values, &mut out);
            continue;
        }
        let text = b.block.text.trim_end();
        let n = b.chars.len();
        let facts = v.facts_in(id, 0, n);
        // The numbers that close the line, separated by spaces only.
        let mut trail: Vec<&Fact> = Vec::new();
        let mut end = text.chars().count();
        for f in facts.iter().rev() {
            let bare = f
                .raw
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'));
            let gap = v.text(id, f.location.end as usize, end);
            if !bare || !gap.trim().is_empty() || f.qualifier != crate::model::Qualifier::Exact {
                break;
            }
            trail.push(f);
            end = f.location.start as usize;
        }
        trail.reverse();
        let head = v.text(id, 0, end);
        let words: Vec<&str> = head.split_whitespace().collect();
        let prose =
            head.contains(". ") || head.contains(';') || head.ends_with(':') || words.len() > 20;
        let key = words.first().and_then(|w| text_key(w));
        let is_row = !prose
            && !words.is_empty()
            && (!trail.is_empty() || key.is_some() && words.len() <= 12);
        if !is_row {
            flush(&mut cur, &mut with_values, &mut out);
            continue;
        }
        let t = cur.get_or_insert_with(|| Table {
            rows: BTreeMap::new(),
            cols: BTreeMap::new(),
            pcts: BTreeMap::new(),
        });
        let label = if key.is_some() {
            words[1..].join(" ")
        } else {
            words.join(" ")
        };
        let total = is_total_label(&label);
        t.rows.insert(
            id,
            Row {
                key: Some(key.unwrap_or_else(|| "·".to_string())),
                states_total: false,
                total,
                label,
                unit: None,
            },
        );
        for (i, f) in trail.iter().enumerate() {
            if matches!(f.kind, Kind::Count | Kind::Money | Kind::Measure) {
                t.cols.entry(i as u32).or_default().insert(id, f);
            }
        }
        if !trail.is_empty() {
            with_values += 1;
        }
    }
    flush(&mut cur, &mut with_values, &mut out);
    out
}

fn sum_iv(parts: &[&Fact]) -> Iv {
    parts.iter().fold(Iv::point(0.0), |a, f| a.add(interval(f)))
}

/// The parts add up to the total, all of them or all but one (a "trong đó" row left unmarked:
/// "Số TTHC ngành dọc" beside "cấp tỉnh" and "cấp xã").
fn fits(total: &Fact, parts: &[&Fact]) -> bool {
    let t = interval(total);
    if sum_iv(parts).meets(t) {
        return true;
    }
    parts.len() >= 3
        && (0..parts.len()).any(|skip| {
            let rest: Vec<&Fact> = parts
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, f)| *f)
                .collect();
            sum_iv(&rest).meets(t)
        })
}

fn table_compare(v: &DocView, total: &Fact, parts: &[&Fact], what: &str) -> Option<Finding> {
    if fits(total, parts) {
        return None;
    }
    let sum: f64 = parts.iter().map(|f| f.value).sum();
    let terms: Vec<String> = parts.iter().map(|f| vn_auto(f.value, 3)).collect();
    let mut facts = vec![total];
    facts.extend(parts.iter().copied());
    Some(finding(
        "sum",
        Severity::Error,
        v,
        &facts,
        Some(sum),
        Some(total.value),
        sum_arithmetic(&terms, sum, total.value, 3),
        format!(
            "In the table, {what} gives {} but the rows under it add up to {}.",
            total.raw,
            vn_auto(sum, 3)
        ),
    ))
}

/// The written-out arithmetic of a failed sum: "21 + 122 + 18 = 161 ≠ 237".
fn sum_arithmetic(terms: &[String], sum: f64, total: f64, decimals: usize) -> String {
    format!(
        "{} = {} ≠ {}",
        terms.join(" + "),
        vn_auto(sum, decimals),
        vn_auto(total, decimals)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::DocBuilder;

    fn run(d: crate::model::DocumentRecord) -> Vec<Finding> {
        check(&DocView::new(&d))
    }

    const A1: &str = "a) Tổ chức bộ máy của Sở có 12 phòng, đơn vị (06 phòng, Văn phòng Sở, Thanh tra Sở và 04 trung tâm thuộc Sở).";

    #[test]
    fn named_items_count_as_one() {
        let d = DocBuilder::new("seed.txt")
            .block(A1)
            .count("12 phòng, đơn vị", 12.0)
            .count("06 phòng", 6.0)
            .count("04 trung tâm", 4.0)
            .build();
        assert!(run(d).is_empty());
        let d = DocBuilder::new("x.txt")
            .block(&A1.replace("12 phòng", "13 phòng"))
            .count("13 phòng, đơn vị", 13.0)
            .count("06 phòng", 6.0)
            .count("04 trung tâm", 4.0)
            .build();
        let f = run(d);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].expected, Some(12.0));
        assert!(
            f[0].arithmetic
                .contains("6 + 1 (Văn phòng Sở) + 1 (Thanh tra Sở) + 4 = 12 ≠ 13"),
            "{}",
            f[0].arithmetic
        );
    }

    #[test]
    fn brackets_that_are_not_lists_give_nothing() {
        let d = DocBuilder::new("x.txt")
            .block(
                "Đã giải quyết việc làm cho 17.034 người (đạt 100,20% so với kế hoạch năm 2023).",
            )
            .count("17.034 người", 17034.0)
            .pct("100,20%", 100.2)
            .block("Hỗ trợ cho 437 người (Hà Nội, Huế).")
            .count("437 người", 437.0)
            .build();
        assert!(run(d).is_empty());
    }

    #[test]
    fn gom_lists() {
        let d = DocBuilder::new("x.txt")
            .block("Tổng số đoàn viên 237 người, gồm: 129 nam và 107 nữ.")
            .count("237 người", 237.0)
            .count("129 nam", 129.0)
            .count("107 nữ", 107.0)
            .build();
        let f = run(d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected, Some(236.0));
    }

    fn education(parts: [&str; 5], values: [f64; 5]) -> crate::model::DocumentRecord {
        let text = format!(
            "a) Về trình độ chuyên môn: Trên Đại học {}; Đại học {}; Cao đẳng {}; Trung cấp {}, Sơ cấp và CMKT {}.",
            parts[0], parts[1], parts[2], parts[3], parts[4]
        );
        let mut b = DocBuilder::new("seed.txt")
            .block("b) Tổng số công chức, viên chức và người lao động (CCVC, NLĐ) toàn Sở là: 237 người.")
            .count("237 người", 237.0)
            .block(&text);
        for (p, v) in parts.iter().zip(values) {
            b = b.count(p, v);
        }
        b.build()
    }

    #[test]
    fn breakdown_against_the_total() {
        // A2 holds: 21 + 122 + 18 + 30 + 46 = 237.
        let d = education(
            ["21 người", "122 người", "18 người", "30 người", "46 người"],
            [21.0, 122.0, 18.0, 30.0, 46.0],
        );
        assert!(run(d).is_empty());
        // A6-like partial breakdowns are not findings.
        let d = education(
            ["2 người", "12 người", "18 người", "30 người", "46 người"],
            [2.0, 12.0, 18.0, 30.0, 46.0],
        );
        assert!(run(d).is_empty());
        let d = education(
            ["21 người", "122 người", "18 người", "31 người", "46 người"],
            [21.0, 122.0, 18.0, 31.0, 46.0],
        );
        let f = run(d);
        assert_eq!((f.len(), f[0].severity), (1, Severity::Error));
        let d = education(
            ["21 người", "122 người", "18 người", "29 người", "46 người"],
            [21.0, 122.0, 18.0, 29.0, 46.0],
        );
        let f = run(d);
        assert_eq!((f.len(), f[0].severity), (1, Severity::Warning));
    }

    #[test]
    fn tables_as_lines_of_text() {
        // Mẫu 22/CKTC-NSH of Cần Giờ, saved as text: I = 1 + 2 + 3, 1 = its two detail lines.
        let lines: [(&str, &[f64]); 7] = [
            ("I Nguồn thu ngân sách xã 11231472", &[11231472.0]),
            ("1 Thu ngân sách hưởng theo phân cấp 1277713", &[1277713.0]),
            ("Các khoản thu ngân sách xã hưởng 100% 523999", &[523999.0]),
            ("Các khoản thu phân chia NS xã hưởng % 753714", &[753714.0]),
            ("2 Thu bổ sung từ ngân sách cấp huyện 8915162", &[8915162.0]),
            ("3 Thu kết dư 1038597", &[1038597.0]),
            ("II Chi ngân sách xã 9826808", &[9826808.0]),
        ];
        let build = |tweak: f64| {
            let mut b = DocBuilder::new("mau22.txt");
            for (text, vals) in lines {
                b = b.block(text);
                for v in vals {
                    let raw = format!("{}", *v as i64);
                    b = b.money(&raw, if *v == 1038597.0 { v + tweak } else { *v });
                }
            }
            b.build()
        };
        assert!(run(build(0.0)).is_empty());
        // A single wrong detail is reported only because the other sums of the table hold.
        let f = run(build(1000.0));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].stated, Some(11231472.0));
    }

    #[test]
    fn table_parents_and_totals() {
        // A budget form: I = 1 + 2; Tổng cộng = I + II.
        let d = DocBuilder::new("form.txt")
            .cell("145518547", 1, 2, "Tổng cộng", None, true)
            .count("145518547", 145518547.0)
            .cell("5012179", 2, 2, "Thu ngân sách huyện", Some("I"), false)
            .count("5012179", 5012179.0)
            .cell("3113119", 3, 2, "Thu cân đối", Some("1"), false)
            .count("3113119", 3113119.0)
            .cell("1899060", 4, 2, "Thu để lại", Some("2"), false)
            .count("1899060", 1899060.0)
            .cell("140506368", 5, 2, "Thu ngân sách xã", Some("II"), false)
            .count("140506368", 140506368.0)
            .build();
        assert!(run(d.clone()).is_empty());
        let mut bad = d;
        bad.facts[2].value = 3113120.0;
        bad.facts[2].raw = "3113120".into();
        let f = run(bad);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].stated, Some(5012179.0));
    }
}
