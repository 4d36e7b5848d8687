//! The `solieu` command line: parses arguments, calls the library, sets the exit code.
//!
//! Exit codes: 0 when every input was read, 1 when some failed (their error
//! records are still written), 2 for a usage error.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use solieu::emit::batch::{self, BatchOptions, Done, InputList};
use solieu::emit::runner::run_ordered;
use solieu::emit::{schema, JsonLines};
use solieu::eval::{self, DocumentScore, Report};
use solieu::extract::number::DecimalMark;
use solieu::model::{DocumentRecord, ErrorKind};
use solieu::normalise::ToneStyle;
use solieu::pipeline::Options;
use solieu::read::{self, ReadError, ReadOptions};

const LONG_ABOUT: &str = "\
solieu (\"số liệu\", figures) reads Vietnamese administrative reports (.docx and .txt in
UTF-8, UTF-16 or a legacy encoding), extracts every numeric fact with its label, unit,
period and status, writes JSON validated by schemas/document.schema.json, and audits
the figures.

Examples:
  solieu extract corpus/ > facts.jsonl          one JSON document per line, in input order
  solieu extract --out out/ --resume corpus/    one pretty JSON file per report; rerun to finish
  solieu extract - < report.txt                 one .txt report from standard input
  solieu eval --gold fixtures/gold corpus/      precision and recall against hand-checked gold
  solieu schema > schemas/document.schema.json  the JSON Schema of the output
  solieu normalise report.txt                   the normalised text of each block
  solieu audit facts.jsonl                      inconsistencies between the figures";

#[derive(Parser, Debug)]
#[command(name = "solieu", version, about = "Numeric facts out of Vietnamese administrative reports", long_about = LONG_ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract the facts of every report under the given paths.
    #[command(long_about = "\
Extract the facts of every .txt and .docx report under the given files and folders
(recursively, sorted; other extensions are skipped and counted).

Without --out, prints JSON Lines on standard output: one document per line, in the
sorted order of the inputs whatever --jobs is, each line written and flushed as soon
as it and every document before it are done. With --out DIR, writes one pretty JSON
file per input under DIR, mirroring the input tree (DIR/<path>.json), each written
to a temporary file and renamed, so an interrupted run leaves only whole files.

A file that cannot be read gives a record with an `error` (kind and plain-words
message) and the batch goes on. Exit code 0 when every file was read, 1 when some
failed, 2 for a usage error. A summary line goes to standard error at the end.

Examples:
  solieu extract corpus/ > facts.jsonl
  solieu extract --jobs 4 --timeout 60 --out out/ archive/
  solieu extract --out out/ --resume archive/     (after an interruption)
  solieu extract --encoding tcvn3 old-report.txt
  solieu extract - < report.txt")]
    Extract(ExtractArgs),

    /// Print the JSON Schema (2020-12) of the output.
    Schema {
        /// Which schema: `document` (a line of `extract`) or `finding` (a line of `audit`).
        #[arg(value_enum, default_value_t = SchemaName::Document)]
        which: SchemaName,
    },

    /// Score extraction against hand-checked gold files (see facts.md).
    #[command(long_about = "\
Score extraction against hand-checked gold files, as facts.md describes.

Each input is matched to DIR/<stem>.facts.jsonl (and DIR/<stem>.notfacts.txt) by its
file name without the extension, so a report's .txt and .docx share one gold. Inputs
are reports (run through the pipeline) or .json/.jsonl output of `solieu extract`.

Prints precision, recall and F1 overall and per kind; on matched facts the accuracy
of label, qualifier, period, status and unit; every miss and false positive with its
context; and how many predicted facts fall on a listed not-fact.

Examples:
  solieu eval --gold fixtures/gold corpus/000_e77d1e97e7429ec4.txt
  solieu eval --gold fixtures/gold --json facts.jsonl")]
    Eval(EvalArgs),

    /// Print the normalised text of each block of one report, or what normalisation changed.
    #[command(long_about = "\
Print the normalised text of each block of one report, one block a line (a table cell
is a block), or with --diff each edit normalisation made.

Examples:
  solieu normalise corpus/000_e77d1e97e7429ec4.txt
  solieu normalise --diff --tone-style modern report.docx
  solieu normalise --encoding vni - < old.txt")]
    Normalise(NormaliseArgs),

    /// Check the figures of reports (or of `extract` output) for inconsistencies.
    #[command(long_about = "\
Check the figures for inconsistencies: parts that do not add up to their total,
shares that do not match their counts, targets against results, one body's figures
across documents. Inputs are reports (run through the pipeline) or .json/.jsonl
output of `solieu extract`. Prints one finding per line (JSON Lines, see
`solieu schema finding`).

Examples:
  solieu audit corpus/
  solieu audit --report audit.html corpus/
  solieu extract corpus/ > facts.jsonl && solieu audit --report audit.md facts.jsonl")]
    Audit(AuditArgs),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaName {
    Document,
    Finding,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum EncodingArg {
    /// Detect: BOM, UTF-8, then the legacy encodings.
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-16 little-endian, for a file without a byte-order mark.
    #[value(name = "utf-16le")]
    Utf16le,
    /// UTF-16 big-endian, for a file without a byte-order mark.
    #[value(name = "utf-16be")]
    Utf16be,
    /// TCVN 5712 (ABC), the .VnTime fonts.
    Tcvn3,
    /// VNI, the VNI-Times fonts.
    Vni,
    /// VISCII (TCVN 5712:1993 annex).
    Viscii,
    /// Windows-1258 (combining tone marks).
    Cp1258,
    /// VIQR, tone marks as ASCII punctuation ("Vie^.t Nam").
    Viqr,
}

impl EncodingArg {
    fn name(self) -> Option<String> {
        let name = match self {
            EncodingArg::Auto => return None,
            EncodingArg::Utf8 => "utf-8",
            EncodingArg::Utf16le => "utf-16le",
            EncodingArg::Utf16be => "utf-16be",
            EncodingArg::Tcvn3 => "tcvn3",
            EncodingArg::Vni => "vni",
            EncodingArg::Viscii => "viscii",
            EncodingArg::Cp1258 => "cp1258",
            EncodingArg::Viqr => "viqr",
        };
        Some(name.to_string())
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum DecimalMarkArg {
    /// Decide per document from its figures.
    Auto,
    /// "17.034" is 17034 and "54,85" is 54.85: the Vietnamese norm.
    Comma,
    /// "92.11" is 92.11 and "1,234" is 1234, as in sheets exported with English settings.
    Point,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ToneStyleArg {
    /// hòa, khỏe, thủy.
    Traditional,
    /// hoà, khoẻ, thuỷ.
    Modern,
}

/// Options of reading and normalising, shared by the commands that run the pipeline.
#[derive(clap::Args, Debug, Clone)]
struct PipelineArgs {
    /// Encoding of .txt input; `auto` detects it. (A .docx is Unicode; its runs in legacy
    /// fonts such as .VnTime are decoded by their font whatever this says.)
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    encoding: EncodingArg,

    /// Where tone marks go in oa/oe/uy syllables of the normalised text.
    #[arg(long, value_enum, default_value_t = ToneStyleArg::Traditional)]
    tone_style: ToneStyleArg,

    /// A TSV file of metric names to add to the built-in catalogue
    /// (src/extract/rules/metrics.tsv has the columns and examples).
    #[arg(long, value_name = "FILE")]
    metrics: Option<PathBuf>,

    /// Which mark separates decimals in the figures.
    #[arg(long, value_enum, default_value_t = DecimalMarkArg::Auto)]
    decimal_mark: DecimalMarkArg,

    /// Largest input file read; larger files give a `too_large` error record.
    /// Sizes take K, M, G (powers of 1024): 256M.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_input_size: u64,

    /// Largest inflated size of one .docx zip entry; beyond it, a `limit` error (zip bombs).
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    max_inflated_size: u64,

    /// Largest ratio of inflated to compressed size of one .docx zip entry; beyond it, a
    /// `limit` error (zip bombs).
    #[arg(long, value_name = "RATIO", default_value_t = ReadOptions::default().max_compression_ratio)]
    max_compression_ratio: u64,

    /// Deepest XML element nesting read in a .docx (tables in tables); beyond it, a `limit` error.
    #[arg(long, value_name = "DEPTH", default_value_t = ReadOptions::default().max_nesting)]
    max_nesting: usize,
}

impl PipelineArgs {
    /// The pipeline options; a metrics file that cannot be read is a usage error (exit 2).
    fn options(&self) -> Options {
        let mut opts = Options::default();
        if let Some(path) = &self.metrics {
            opts.extract = match opts.extract.with_metrics_file(path) {
                Ok(extract) => extract,
                Err(e) => usage_error(format!("--metrics {}: {e}", path.display())),
            };
        }
        opts.read.encoding = self.encoding.name();
        opts.read.max_input_bytes = self.max_input_size;
        opts.read.max_inflated_bytes = self.max_inflated_size;
        opts.read.max_nesting = self.max_nesting;
        opts.read.max_compression_ratio = self.max_compression_ratio;
        opts.extract.decimal_mark = match self.decimal_mark {
            DecimalMarkArg::Auto => None,
            DecimalMarkArg::Comma => Some(DecimalMark::Comma),
            DecimalMarkArg::Point => Some(DecimalMark::Point),
        };
        opts.normalise.tone_style = match self.tone_style {
            ToneStyleArg::Traditional => ToneStyle::Traditional,
            ToneStyleArg::Modern => ToneStyle::Modern,
        };
        opts
    }
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Files and folders to read (.txt, .docx; folders recursively), or `-` for one
    /// .txt document on standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// Write one pretty JSON file per input under DIR (mirroring the input tree)
    /// instead of JSON Lines on standard output.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// With --out: skip inputs whose output file exists for the same file content
    /// (SHA-256) and solieu version; a changed file is redone.
    #[arg(long, requires = "out")]
    resume: bool,

    /// Documents processed at once [default: the number of CPUs].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    /// Time limit per document, in seconds (decimals allowed). A document over it gives a
    /// `timeout` error record; its thread is abandoned and runs on until it ends or the
    /// process exits (Rust cannot stop a thread). Default: no limit.
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    timeout: Option<Duration>,

    /// No progress bar, no per-file error lines, no summary on standard error.
    #[arg(long, short = 'q')]
    quiet: bool,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

#[derive(clap::Args, Debug)]
struct EvalArgs {
    /// Folder of gold files: <stem>.facts.jsonl and <stem>.notfacts.txt.
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,

    /// Reports, folders of reports, or .json/.jsonl output of `solieu extract`.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// Print the report as one JSON object instead of text.
    #[arg(long)]
    json: bool,

    /// Documents processed at once [default: the number of CPUs].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

#[derive(clap::Args, Debug)]
struct NormaliseArgs {
    /// A .txt or .docx report, or `-` for a .txt on standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Print what normalisation changed instead of the text: one line per edit,
    /// `#block [start..end] "from" -> "to"` (char offsets in the block's source text).
    #[arg(long)]
    diff: bool,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

#[derive(clap::Args, Debug)]
struct AuditArgs {
    /// Reports, folders of reports, or .json/.jsonl output of `solieu extract`.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,

    /// Also write a report for an inspector: Markdown, or HTML when FILE ends in
    /// .html or .htm.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,

    /// Documents processed at once [default: the number of CPUs].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

/// Parses a size: a whole number of bytes, optionally followed by K, M, G or T
/// (powers of 1024, an optional "B" or "iB" after them, any case): "256M", "1g", "4096".
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, suffix) = t.split_at(digits_end);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (examples: 4096, 512K, 256M, 2G)"))?;
    let suffix = suffix.trim().to_ascii_lowercase();
    let suffix = suffix
        .strip_suffix("ib")
        .or_else(|| suffix.strip_suffix('b'))
        .unwrap_or(&suffix);
    let shift = match suffix {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => return Err(format!("{s:?} has an unknown unit (use K, M, G or T)")),
    };
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn parse_secs(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(secs > 0.0 && secs.is_finite() && secs < 1e9) {
        return Err(format!(
            "{s:?}: the time limit must be a positive number of seconds"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn jobs_or_default(jobs: Option<u16>) -> usize {
    jobs.map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Exits with code 2 and clap's usage message.
fn usage_error(msg: impl std::fmt::Display) -> ! {
    Cli::command()
        .error(clap::error::ErrorKind::ArgumentConflict, msg)
        .exit()
}

/// Freezes glibc's mmap threshold at its default, 128 KiB. Left to itself, glibc
/// raises the threshold to the largest block freed so far (a big document's text
/// or JSON line), after which blocks of that size are carved from the workers'
/// heaps, which keep their high-water mark: a run's peak memory then grew with the
/// number of documents it had seen (measured in BENCHMARKS.md). Frozen, every large
/// buffer is mapped and unmapped on its own, and memory follows the documents in
/// flight.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets a malloc parameter; no other thread runs yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Schema { which } => {
            let value = match which {
                SchemaName::Document => schema::document_schema(),
                SchemaName::Finding => schema::finding_schema(),
            };
            print_or_exit(&schema::to_text(&value))
        }
        Command::Eval(args) => eval(args),
        Command::Normalise(args) => normalise(args),
        Command::Audit(args) => audit(args),
    }
}

/// Prints to stdout; a closed stdout (a pipe into `head`) is not an error worth a message.
fn print_or_exit(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("solieu: cannot write to standard output: {e}");
            ExitCode::from(1)
        }
    }
}

fn is_stdin(paths: &[PathBuf]) -> bool {
    paths.iter().any(|p| p.as_os_str() == "-")
}

fn extract(args: ExtractArgs) -> ExitCode {
    let started = Instant::now();
    let opts = Arc::new(BatchOptions {
        pipeline: args.pipeline.options(),
        timeout: args.timeout,
        out: args.out.clone(),
        resume: args.resume,
        lines: args.out.is_none(),
    });
    let quiet = args.quiet;

    // Standard input: one .txt document.
    if is_stdin(&args.paths) {
        if args.paths.len() > 1 {
            usage_error("`-` (standard input) cannot be combined with other paths");
        }
        let record = batch::process_stdin(&opts);
        let failed = record.error.is_some();
        let facts = record.facts.len();
        if let Some(e) = &record.error {
            if !quiet {
                eprintln!("solieu: -: {}", e.message);
            }
        }
        let write = match &opts.out {
            Some(out) => {
                let path = solieu::emit::output_path(out, Path::new("stdin"));
                solieu::emit::write_json_atomic(&path, &record)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
            None => JsonLines::new(std::io::stdout().lock())
                .write(&record)
                .map_err(|e| format!("cannot write to standard output: {e}")),
        };
        if let Err(e) = &write {
            eprintln!("solieu: {e}");
        }
        if !quiet {
            eprintln!(
                "solieu: 1 document, {facts} facts, {} errors, {:.2} s",
                (failed || write.is_err()) as u8,
                started.elapsed().as_secs_f64()
            );
        }
        return if failed || write.is_err() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }

    let collected = batch::collect_inputs(&args.paths);
    if let Some(out) = &opts.out {
        if let Some((a, b)) = output_collision(out, &collected.inputs) {
            usage_error(format!("{a} and {b} would be written to the same file under --out; give one folder, or paths that do not collide"));
        }
    }
    let inputs = Arc::new(collected.inputs);
    let total = inputs.len();
    let bar = progress_bar(total as u64, quiet);
    let jobs = jobs_or_default(args.jobs);
    let mut writer = JsonLines::new(std::io::stdout().lock());
    let mut stats = Stats::default();
    let mut stdout_error: Option<std::io::Error> = None;
    let (job_opts, panic_opts) = (Arc::clone(&opts), Arc::clone(&opts));
    let (job_inputs, panic_inputs) = (Arc::clone(&inputs), Arc::clone(&inputs));
    run_ordered(
        0..total,
        jobs,
        jobs * 4,
        move |i, _| batch::process_input(&job_inputs.get(i), &job_opts),
        move |i, _, msg| batch::crashed(&panic_inputs.get(i), &panic_opts, &msg),
        |_, done: Done| {
            stats.add(&done);
            report_failure(&done, quiet, bar.as_ref());
            if let Some(b) = &bar {
                b.inc(1);
            }
            if let Some(line) = &done.line {
                if let Err(e) = writer.write_line(line) {
                    stdout_error = Some(e);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        },
    );
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(e) = &stdout_error {
        // A reader that closes the pipe early (`| head`) has all it asked for: like
        // ripgrep, stop quietly and successfully. Any other write error is a failure.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("solieu: cannot write to standard output: {e}");
        return ExitCode::from(1);
    }
    if !quiet {
        eprintln!(
            "solieu: {} documents, {} facts, {} errors, {} skipped files (not .txt/.docx), {} resumed, {:.2} s",
            stats.documents,
            stats.facts,
            stats.errors,
            collected.skipped,
            stats.resumed,
            started.elapsed().as_secs_f64()
        );
    }
    if stats.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Two inputs whose outputs would overwrite each other, if any.
fn output_collision(out: &Path, inputs: &InputList) -> Option<(String, String)> {
    let mut seen = std::collections::HashMap::new();
    for i in inputs.iter() {
        let path = solieu::emit::output_path(out, &i.relative);
        if let Some(prev) = seen.insert(path, i.display.clone()) {
            return Some((prev, i.display));
        }
    }
    None
}

#[derive(Default)]
struct Stats {
    documents: usize,
    facts: usize,
    errors: usize,
    resumed: usize,
}

impl Stats {
    fn add(&mut self, done: &Done) {
        self.documents += 1;
        self.facts += done.facts;
        self.errors += done.failed() as usize;
        self.resumed += done.resumed as usize;
    }
}

fn progress_bar(len: u64, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

fn report_failure(done: &Done, quiet: bool, bar: Option<&ProgressBar>) {
    if quiet {
        return;
    }
    let msg = match (&done.error, &done.write_error) {
        (_, Some(w)) => format!("solieu: {}: {w}", done.display),
        (Some((_, m)), None) => format!("solieu: {}: {m}", done.display),
        (None, None) => return,
    };
    match bar {
        Some(b) => b.println(msg),
        None => eprintln!("{msg}"),
    }
}

/// Whether a path is extract output (JSON or JSON Lines) rather than a report.
fn is_output_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("json" | "jsonl")
    )
}

/// Reads the document records of a .json or .jsonl output of `solieu extract`.
fn read_records(path: &Path) -> Result<Vec<DocumentRecord>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if let Ok(one) = serde_json::from_str::<DocumentRecord>(&text) {
        return Ok(vec![one]);
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str::<DocumentRecord>(l).map_err(|e| {
                format!(
                    "{} line {}: not a solieu document record: {e}",
                    path.display(),
                    n + 1
                )
            })
        })
        .collect()
}

/// The records of the given paths: output files read back, reports run through the
/// pipeline in parallel. Order: the paths' order, reports sorted within.
fn records_of(
    paths: &[PathBuf],
    pipeline: &PipelineArgs,
    jobs: Option<u16>,
) -> Result<Vec<DocumentRecord>, String> {
    let (outputs, reports): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| is_output_file(p));
    let mut records = Vec::new();
    for p in &outputs {
        records.extend(read_records(p)?);
    }
    if !reports.is_empty() {
        if is_stdin(&reports) {
            return Err("`-` (standard input) is not accepted here".to_string());
        }
        let collected = batch::collect_inputs(&reports);
        let opts = Arc::new(BatchOptions {
            pipeline: pipeline.options(),
            ..Default::default()
        });
        let panic_opts = Arc::clone(&opts);
        let jobs = jobs_or_default(jobs);
        let inputs = Arc::new(collected.inputs);
        let panic_inputs = Arc::clone(&inputs);
        run_ordered(
            0..inputs.len(),
            jobs,
            jobs * 4,
            move |i, _| batch::process_input(&inputs.get(i), &opts),
            move |i, _, msg| batch::crashed(&panic_inputs.get(i), &panic_opts, &msg),
            |_, done: Done| {
                if let Some(r) = done.record {
                    records.push(r);
                }
                ControlFlow::Continue(())
            },
        );
    }
    Ok(records)
}

fn eval(args: EvalArgs) -> ExitCode {
    if !args.gold.is_dir() {
        usage_error(format!("--gold {}: not a folder", args.gold.display()));
    }
    let records = match records_of(&args.paths, &args.pipeline, args.jobs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("solieu: {e}");
            return ExitCode::from(1);
        }
    };
    let style = args.pipeline.options().normalise.tone_style;
    let mut scores: Vec<DocumentScore> = Vec::new();
    let mut without_gold = Vec::new();
    for record in &records {
        match eval::find_gold(&args.gold, Path::new(&record.source.path)) {
            Ok(Some(gold)) => scores.push(eval::score_document(record, &gold, style)),
            Ok(None) => without_gold.push(record.source.path.clone()),
            Err(e) => {
                eprintln!("solieu: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let report = Report::from_documents(scores, without_gold);
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
        s.push('\n');
        s
    } else {
        report.to_text()
    };
    print_or_exit(&text)
}

fn normalise(args: NormaliseArgs) -> ExitCode {
    let opts = args.pipeline.options();
    let loaded = if args.file.as_os_str() == "-" {
        use std::io::Read;
        let mut bytes = Vec::new();
        match std::io::stdin()
            .lock()
            .take(opts.read.max_input_bytes)
            .read_to_end(&mut bytes)
        {
            Ok(_) => Ok((bytes, solieu::model::Format::Txt)),
            Err(e) => Err(ReadError::new(
                ErrorKind::Io,
                format!("cannot read standard input: {e}"),
            )),
        }
    } else {
        read::load(&args.file, &opts.read)
    };
    let raw = loaded.and_then(|(bytes, format)| read::read_bytes(&bytes, format, &opts.read));
    let raw = match raw {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("solieu: {}: {}", args.file.display(), e.message);
            return ExitCode::from(1);
        }
    };
    let mut text = String::new();
    for (i, block) in raw.blocks.iter().enumerate() {
        let b = solieu::normalise::normalise_block(block, i as u32, &opts.normalise);
        if args.diff {
            for c in solieu::normalise::changes(&block.text(), &b) {
                text.push_str(&format!(
                    "#{i} [{}..{}] {:?} -> {:?}\n",
                    c.source_start, c.source_end, c.from, c.to
                ));
            }
        } else {
            text.push_str(&b.text);
            text.push('\n');
        }
    }
    print_or_exit(&text)
}

fn audit(args: AuditArgs) -> ExitCode {
    let records = match records_of(&args.paths, &args.pipeline, args.jobs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("solieu: {e}");
            return ExitCode::from(1);
        }
    };
    let failed = records.iter().filter(|r| r.error.is_some()).count();
    for r in records.iter().filter(|r| r.error.is_some()) {
        if let Some(e) = &r.error {
            eprintln!("solieu: {}: {}", r.source.path, e.message);
        }
    }
    let findings = solieu::audit::audit(&records);
    if let Some(path) = &args.report {
        let html = matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("html" | "htm")
        );
        let text = if html {
            solieu::audit::report::report_html(&records, &findings)
        } else {
            solieu::audit::report::report_markdown(&records, &findings)
        };
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("solieu: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let mut text = String::new();
    for f in &findings {
        text.push_str(&serde_json::to_string(f).unwrap_or_default());
        text.push('\n');
    }
    let code = print_or_exit(&text);
    if failed > 0 {
        ExitCode::from(1)
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("2gib"), Ok(2 << 30));
        assert_eq!(parse_size("1 GB"), Ok(1 << 30));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999T").is_err());
    }

    #[test]
    fn size_defaults_are_the_library_defaults() {
        let cli = Cli::parse_from(["solieu", "extract", "x"]);
        let Command::Extract(args) = cli.command else {
            panic!("not extract")
        };
        let (lib, ours) = (ReadOptions::default(), args.pipeline.options().read);
        assert_eq!(ours.max_input_bytes, lib.max_input_bytes);
        assert_eq!(ours.max_inflated_bytes, lib.max_inflated_bytes);
        assert_eq!(ours.max_compression_ratio, lib.max_compression_ratio);
        assert_eq!(ours.max_nesting, lib.max_nesting);
        assert_eq!(ours.encoding, None);
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
