//! One batch run of `solieu extract`: the inputs, what happens to each (resume,
//! time limit, pipeline, output file), and what comes back to the writer.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use crate::model::{DocumentRecord, ErrorKind, Format, TOOL_VERSION};
use crate::pipeline::{error_record, process_bytes, Options};
use crate::read::{self, ReadError};

use super::runner::{with_timeout, Abandoned};
use super::{output_path, write_json_atomic};

/// How a batch runs.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    pub pipeline: Options,
    /// Per-document time limit; `None` runs each document on its worker, unbounded.
    pub timeout: Option<Duration>,
    /// Write one JSON file per input under this folder instead of returning records.
    pub out: Option<PathBuf>,
    /// With `out`: skip inputs whose output is there for the same bytes and tool version.
    pub resume: bool,
}

/// One input of a batch.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file to read.
    pub path: PathBuf,
    /// The path as shown in `source.path` and messages.
    pub display: String,
    /// Where its output goes under `--out`, relative to it.
    pub relative: PathBuf,
    /// Set when the path could not even be walked; the record is this error.
    pub walk_error: Option<ReadError>,
}

/// The inputs under the PATH arguments, sorted, and how many files were skipped.
pub struct Collected {
    pub inputs: Vec<Input>,
    pub skipped: usize,
}

/// Walks the PATH arguments (see [`read::find_inputs`]) and decides each input's
/// output path: relative to the folder when a single folder is given, otherwise
/// the path as given (without `..` or a root).
pub fn collect_inputs(paths: &[PathBuf]) -> Collected {
    let found = read::find_inputs(paths);
    let single_dir = match paths {
        [p] if p.is_dir() => Some(p.as_path()),
        _ => None,
    };
    let relative = |file: &Path| -> PathBuf {
        if let Some(dir) = single_dir {
            if let Ok(rel) = file.strip_prefix(dir) {
                if rel.components().next().is_some() {
                    return rel.to_path_buf();
                }
            }
        }
        file.components()
            .filter_map(|c| match c {
                Component::Normal(p) => Some(p),
                _ => None,
            })
            .collect()
    };
    let mut inputs: Vec<Input> = found
        .files
        .iter()
        .map(|f| Input {
            path: f.clone(),
            display: f.to_string_lossy().into_owned(),
            relative: relative(f),
            walk_error: None,
        })
        .collect();
    for (p, e) in found.errors {
        inputs.push(Input {
            display: p.to_string_lossy().into_owned(),
            relative: relative(&p),
            path: p,
            walk_error: Some(e),
        });
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    Collected {
        inputs,
        skipped: found.skipped,
    }
}

/// What became of one input.
#[derive(Debug, Clone)]
pub struct Done {
    /// The record, unless it was written to a file or resumed.
    pub record: Option<DocumentRecord>,
    pub display: String,
    pub facts: usize,
    /// The record's error, if any.
    pub error: Option<(ErrorKind, String)>,
    /// The output was already there for these bytes and this tool version.
    pub resumed: bool,
    /// The output file could not be written.
    pub write_error: Option<String>,
}

impl Done {
    fn from_record(record: DocumentRecord) -> Done {
        Done {
            display: record.source.path.clone(),
            facts: record.facts.len(),
            error: record.error.as_ref().map(|e| (e.kind, e.message.clone())),
            record: Some(record),
            resumed: false,
            write_error: None,
        }
    }

    /// Whether the input counts as failed (exit code 1).
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.write_error.is_some()
    }
}

/// The part of an earlier output `--resume` looks at.
#[derive(Deserialize)]
struct Previous {
    tool_version: String,
    source: PreviousSource,
    #[serde(default)]
    facts: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    error: Option<PreviousError>,
}

#[derive(Deserialize)]
struct PreviousSource {
    sha256: String,
}

#[derive(Deserialize)]
struct PreviousError {
    kind: ErrorKind,
    message: String,
}

/// Processes one input: resume check, pipeline under the time limit, output file.
pub fn process_input(input: &Input, opts: &Arc<BatchOptions>) -> Done {
    if let Some(e) = &input.walk_error {
        return finish(
            input,
            opts,
            error_record(&input.display, None, None, e.clone()),
        );
    }
    // Loading and the resume check run outside the time limit: they are bounded
    // by the input size limit, and a timed-out record then still names the bytes
    // (size and sha256) that were too slow.
    let (bytes, format) = match read::load(&input.path, &opts.pipeline.read) {
        Ok(loaded) => loaded,
        Err(e) => {
            let record = error_record(&input.display, None, read::format_of(&input.path), e);
            return finish(input, opts, record);
        }
    };
    if let (Some(out), true) = (&opts.out, opts.resume) {
        if let Some(done) = resumed(input, out, &bytes) {
            return done;
        }
    }
    let record = process_timed(&input.display, bytes, format, opts);
    finish(input, opts, record)
}

/// The pipeline on one input's bytes, under the time limit if there is one.
fn process_timed(
    display: &str,
    bytes: Vec<u8>,
    format: Format,
    opts: &Arc<BatchOptions>,
) -> DocumentRecord {
    match opts.timeout {
        None => process_bytes(display, &bytes, format, &opts.pipeline),
        Some(limit) => {
            let bytes = Arc::new(bytes);
            let job = {
                let (display, bytes, opts) =
                    (display.to_string(), Arc::clone(&bytes), Arc::clone(opts));
                move || process_bytes(&display, &bytes, format, &opts.pipeline)
            };
            match with_timeout(limit, job) {
                Ok(record) => record,
                Err(Abandoned::TimedOut) => error_record(
                    display,
                    Some(&bytes),
                    Some(format),
                    ReadError::new(
                        ErrorKind::Timeout,
                        format!(
                            "processing this file took longer than the time limit of {} s (--timeout); it was abandoned",
                            limit.as_secs_f64()
                        ),
                    ),
                ),
                Err(Abandoned::Panicked(msg)) | Err(Abandoned::NoThread(msg)) => error_record(
                    display,
                    Some(&bytes),
                    Some(format),
                    ReadError::internal(&msg),
                ),
            }
        }
    }
}

/// The earlier output of this input, when it is for the same bytes and tool
/// version and did not stop on a time limit (which a rerun may not hit).
fn resumed(input: &Input, out: &Path, bytes: &[u8]) -> Option<Done> {
    let text = std::fs::read(output_path(out, &input.relative)).ok()?;
    let prev: Previous = serde_json::from_slice(&text).ok()?;
    let timed_out = prev
        .error
        .as_ref()
        .is_some_and(|e| e.kind == ErrorKind::Timeout);
    if prev.tool_version != TOOL_VERSION
        || timed_out
        || prev.source.sha256 != crate::pipeline::sha256_hex(bytes)
    {
        return None;
    }
    Some(Done {
        record: None,
        display: input.display.clone(),
        facts: prev.facts.len(),
        error: prev.error.map(|e| (e.kind, e.message)),
        resumed: true,
        write_error: None,
    })
}

/// The result for an input whose job panicked outside the pipeline's own guard
/// (the runner caught it): an `internal` error record, delivered like any other.
pub fn crashed(input: &Input, opts: &BatchOptions, msg: &str) -> Done {
    let record = error_record(
        &input.display,
        None,
        read::format_of(&input.path),
        ReadError::internal(msg),
    );
    finish(input, opts, record)
}

/// Writes the record to its file under `--out`, or hands it back for JSON Lines.
fn finish(input: &Input, opts: &BatchOptions, record: DocumentRecord) -> Done {
    let Some(out) = &opts.out else {
        return Done::from_record(record);
    };
    let path = output_path(out, &input.relative);
    let write_error = write_json_atomic(&path, &record)
        .err()
        .map(|e| format!("cannot write {}: {e}", path.display()));
    let mut done = Done::from_record(record);
    done.record = None;
    done.write_error = write_error;
    done
}

/// The record for one document read from stdin (a .txt), within the input size limit.
pub fn process_stdin(opts: &Arc<BatchOptions>) -> DocumentRecord {
    use std::io::Read;
    let limit = opts.pipeline.read.max_input_bytes;
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        return error_record(
            "-",
            None,
            Some(Format::Txt),
            ReadError::new(ErrorKind::Io, format!("cannot read standard input: {e}")),
        );
    }
    if bytes.len() as u64 > limit {
        return error_record(
            "-",
            None,
            Some(Format::Txt),
            ReadError::new(ErrorKind::TooLarge, format!("standard input is larger than the input size limit of {limit} bytes (--max-input-size)")),
        );
    }
    process_timed("-", bytes, Format::Txt, opts)
}
