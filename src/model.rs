//! The data types that flow between the pipeline's stages, defined once.
//!
//! `read` turns bytes into [`RawDocument`]s, `normalise` turns their blocks into
//! [`Block`]s, `extract` finds [`Fact`]s and [`Metadata`] in them, `emit` writes a
//! [`DocumentRecord`] per input, and `audit` turns facts into [`Finding`]s.
//! The JSON Schema in `schemas/` is derived from these types (see `solieu schema`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the emitted JSON shape. Bump on any change to these types.
pub const SCHEMA_VERSION: &str = "1.0";

/// The tool's own version, recorded in every output so that `--resume` can tell
/// outputs of an older build apart.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

// ---------------------------------------------------------------------------
// read -> normalise
// ---------------------------------------------------------------------------

/// Input formats solieu reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Txt,
    Docx,
}

/// What a reader produces: the blocks of one document in reading order, before
/// normalisation. Not serialised.
#[derive(Debug, Clone, Default)]
pub struct RawDocument {
    pub blocks: Vec<RawBlock>,
    /// Encoding the text was decoded from ("utf-8", "utf-16le", "tcvn3", ...).
    pub encoding: String,
    /// Confidence in `encoding`, 0..=1; 1 when it was certain (BOM, forced, .docx).
    pub encoding_confidence: f32,
}

/// One paragraph, table cell, footnote or endnote as read, its text split into runs.
#[derive(Debug, Clone, Default)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub runs: Vec<Run>,
    /// Heading level (1 = top) when the paragraph style or outline level says so.
    pub heading_level: Option<u8>,
    /// Paragraph style id as written in the document (e.g. "Heading1"), if any.
    pub style: Option<String>,
}

impl RawBlock {
    /// The block's source text: its runs concatenated. Offsets into the source
    /// (`Location::source_start`) count Unicode scalar values of this string.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A stretch of text with one font. `.docx` runs keep their font because text in
/// `.VnTime` or `VNI-*` fonts is a legacy encoding stored as Windows-1252 code points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub text: String,
    /// The run's effective ASCII/hAnsi font after style resolution, if known.
    pub font: Option<String>,
}

/// Where a block sits in the document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    #[default]
    Paragraph,
    /// A table cell. A cell that spans several grid columns or rows is one block.
    Cell(CellPos),
    Footnote,
    Endnote,
}

/// A cell's place in its table, and what the table analysis learned about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellPos {
    /// Table index in the document, from 0, in reading order (nested tables count).
    pub table: u32,
    /// Row index within the table, from 0.
    pub row: u32,
    /// Grid column of the cell's first column, from 0 (after gridSpan is resolved).
    pub col: u32,
    /// Number of grid columns the cell spans (gridSpan), 1 by default.
    #[serde(default = "one")]
    pub col_span: u32,
    /// Number of rows the cell spans (vMerge restart + continuations), 1 by default.
    #[serde(default = "one")]
    pub row_span: u32,
    /// Nesting depth: 0 for a top-level table.
    #[serde(default)]
    pub depth: u32,
    /// The row's label (the text of its label column), when the table analysis found one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_label: Option<String>,
    /// The column's header(s), joined with " > " for multi-row headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col_header: Option<String>,
    /// The row's number in the TT column ("4.1", "II"), if any; parent rows are prefixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_key: Option<String>,
    /// True for a header cell.
    #[serde(default, skip_serializing_if = "is_false")]
    pub header: bool,
    /// True when the row or the column is a total ("Tổng", "Cộng", "Tổng cộng").
    #[serde(default, skip_serializing_if = "is_false")]
    pub total: bool,
}

fn one() -> u32 {
    1
}

fn is_false(b: &bool) -> bool {
    !*b
}

// ---------------------------------------------------------------------------
// normalise -> extract
// ---------------------------------------------------------------------------

/// A normalised block: the unit facts are located in.
// serde cannot deny unknown fields on a struct with a flattened enum (it reports the
// enum's own `type` as unknown, so no block would read back): the schema denies them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Block {
    /// Index of the block in the document, from 0, in reading order.
    pub id: u32,
    #[serde(flatten)]
    pub kind: BlockKind,
    /// Normalised text (NFC, one tone style, spaces and punctuation unified).
    pub text: String,
    /// Section headings above the block, outermost first ("Phần thứ nhất", "I", "1", "a").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section: Vec<String>,
    /// Heading level when the block is itself a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_level: Option<u8>,
    /// For each char of `text` (plus one past the end), the char offset in the
    /// source block text it came from. Not serialised: positions in facts carry both.
    #[serde(skip)]
    #[schemars(skip)]
    pub offsets: Vec<u32>,
}

impl Block {
    /// Maps a char offset in the normalised text to the source block text.
    pub fn source_offset(&self, norm: usize) -> u32 {
        match self.offsets.get(norm) {
            Some(&o) => o,
            None => self.offsets.last().copied().unwrap_or(norm as u32),
        }
    }
}

// ---------------------------------------------------------------------------
// extract -> emit / audit
// ---------------------------------------------------------------------------

/// What a fact quantifies (see `facts.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A number of things: "237 người". Value is an integer.
    Count,
    /// A share in percentage points: "54,85%" is 54.85.
    Percent,
    /// An amount of money, in whole units of `unit` (VND unless another ISO code).
    Money,
    /// "17/17 chỉ tiêu": value is the numerator, with `denominator`.
    Fraction,
    /// "đứng thứ 6/21": value is the position, `denominator` how many were ranked.
    Rank,
    /// A physical or other measure in the unit given: "8 tiếng", "120 ha".
    Measure,
}

/// How the number is bounded by the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    MoreThan,
    AtLeast,
    LessThan,
    AtMost,
    Approximately,
    /// `value` is the lower bound and `max` the upper.
    Range,
}

/// Whether a figure is a result, a target, or only the base of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Actual,
    Target,
    Reference,
}

/// Where a fact stands: its block, and its span in both the normalised and the source text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// `Block::id` of the block it is in.
    pub block: u32,
    /// Char (Unicode scalar) offsets in the block's normalised text: `text[start..end] == raw`.
    pub start: u32,
    pub end: u32,
    /// The same span in the block's source text (before normalisation).
    pub source_start: u32,
    pub source_end: u32,
}

/// One numeric fact of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Stable within the document: "f" + a sequence number in reading order ("f12").
    pub id: String,
    pub kind: Kind,
    /// See `Kind` for what it is; whole numbers are written as JSON integers.
    #[serde(with = "json_number")]
    #[schemars(with = "f64")]
    pub value: f64,
    /// Lower-cased counted noun, "%", an ISO currency code, or a measure unit; null when none.
    pub unit: Option<String>,
    /// For rates: what the value is per ("người/năm", "ha").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// For fractions and ranks.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_json_number"
    )]
    #[schemars(with = "Option<f64>")]
    pub denominator: Option<f64>,
    /// Upper bound, for `qualifier: range`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_json_number"
    )]
    #[schemars(with = "Option<f64>")]
    pub max: Option<f64>,
    pub qualifier: Qualifier,
    /// Decimal digits the number was written with ("54,85" -> 2); the audit's rounding tolerance.
    #[serde(default)]
    pub decimals: u8,
    /// The fact's text exactly as in the normalised block.
    pub raw: String,
    /// The words that say what is measured, as written.
    pub label: Option<String>,
    /// Stable key of a catalogued indicator ("ty_le_ho_ngheo"), when the label matches one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// The year the figure is about.
    pub period: Option<i32>,
    pub status: Status,
    pub location: Location,
    /// Section headings above the fact, joined with " > " ("Phần thứ nhất > I > 1 > a").
    pub section: Option<String>,
}

/// What the document says about itself (its header block).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Issuing body as written in the header ("Công đoàn Sở Lao động Thương binh và Xã hội").
    pub issuing_body: Option<String>,
    /// Number and symbol ("21/BC-CĐSLĐTBXH").
    pub number: Option<String>,
    pub place: Option<String>,
    /// Date of issue, ISO 8601 (YYYY-MM-DD).
    pub date: Option<String>,
    /// Document type in capitals as written ("BÁO CÁO", "KẾ HOẠCH", "QUYẾT ĐỊNH").
    pub doc_type: Option<String>,
    pub title: Option<String>,
    /// The year the report is about, when the title or date says.
    pub report_year: Option<i32>,
}

/// Where an input came from, and how it was decoded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The path as given on the command line (or "-" for stdin).
    pub path: String,
    pub format: Option<Format>,
    /// File size in bytes.
    pub bytes: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Encoding the text was decoded from, when the file was read.
    pub encoding: Option<String>,
    /// Confidence in `encoding`, 0..=1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_confidence: Option<f32>,
}

/// Why a file gave no facts. `kind` is a stable code for machines, `message` plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorInfo {
    pub kind: ErrorKind,
    pub message: String,
}

/// Stable error codes of a document record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be opened or read (missing, permission, I/O).
    Io,
    /// The file has no bytes.
    Empty,
    /// The file is larger than the input size limit.
    TooLarge,
    /// The bytes are not text in any encoding solieu reads.
    Encoding,
    /// A .docx that is not a Word document (old .doc, encrypted, another zip).
    NotDocx,
    /// A .docx whose zip or XML is damaged or cut off.
    Corrupt,
    /// A limit was hit: inflated size, compression ratio, nesting depth.
    Limit,
    /// The document took longer than the per-document time limit.
    Timeout,
    /// An internal error (a bug): reported instead of crashing the batch.
    Internal,
}

/// The output for one input file: one JSON Lines line, or one file under `--out`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRecord {
    pub schema_version: String,
    pub tool_version: String,
    pub source: Source,
    pub metadata: Metadata,
    #[serde(default)]
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Present when the file could not be read; then `blocks` and `facts` are empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
}

// ---------------------------------------------------------------------------
// serde helpers: integral values as JSON integers (237, not 237.0)
// ---------------------------------------------------------------------------

mod json_number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        // 2^53: beyond it an f64 no longer holds every integer exactly.
        // (`as` truncates toward zero, so an integral value comes back unchanged;
        // NaN, which compares unequal to everything, goes to serialize_f64 as before.)
        if v.abs() < 9_007_199_254_740_992.0 && (*v as i64) as f64 == *v {
            s.serialize_i64(*v as i64)
        } else {
            s.serialize_f64(*v)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        f64::deserialize(d)
    }
}

mod opt_json_number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::json_number::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }
}

// ---------------------------------------------------------------------------
// audit
// ---------------------------------------------------------------------------

/// How sure an audit finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Beyond any rounding of the figures as written.
    Error,
    /// Consistent only under another reading (a unit slip, a different base).
    Warning,
    /// Worth a look, not a contradiction (a target met or missed).
    Info,
}

/// A fact a finding involves: its document (source path) and its id there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactRef {
    pub document: String,
    pub fact: String,
}

/// One inconsistency found by the audit, with its arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The rule that fired ("sum", "subset", "share", "plan_ratio", "change",
    /// "impossible", "implausible_amount", "across_documents", "target_vs_result").
    pub rule: String,
    pub severity: Severity,
    pub facts: Vec<FactRef>,
    /// The value the other figures imply.
    pub expected: Option<f64>,
    /// The value the report states.
    pub stated: Option<f64>,
    /// The computation, written out ("21 + 122 + 18 + 30 + 46 = 237").
    pub arithmetic: String,
    /// Plain words for an inspector.
    pub message: String,
}
