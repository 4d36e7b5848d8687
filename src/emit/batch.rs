//! One batch run of `solieu extract`: the inputs, what happens to each (resume,
//! time limit, pipeline, output file), and what comes back to the writer.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use crate::model::{DocumentRecord, ErrorKind, Format, TOOL_VERSION};
use crate::pipeline::{error_record, process_bytes, Options};
use crate::read::{self, PathList, ReadError};

use super::runner::{with_timeout, Abandoned};
use super::{json_line, output_path, write_json_atomic};

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
    /// Without `out`: hand back each record as its JSON Lines line (see
    /// [`json_line`]) instead of the record. The line is made and the record dropped
    /// on the worker, so the thread that writes the ordered stream only copies bytes.
    pub lines: bool,
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
    pub inputs: InputList,
    pub skipped: usize,
}

/// The inputs of a batch, in order. The paths are kept compactly (see
/// [`PathList`]); an [`Input`] is made when its job starts, on the worker, so the
/// list costs a few dozen bytes a file however long the run.
#[derive(Debug, Default)]
pub struct InputList {
    files: PathList,
    /// Paths that could not be walked, each with its place in the order.
    errors: Vec<(usize, PathBuf, ReadError)>,
    /// The folder outputs are relative to, when a single folder was given.
    single_dir: Option<PathBuf>,
}

impl InputList {
    pub fn len(&self) -> usize {
        self.files.len() + self.errors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The input at `index`; panics past the end, like a slice.
    pub fn get(&self, index: usize) -> Input {
        let before = self.errors.partition_point(|(at, ..)| *at < index);
        if let Some((at, path, e)) = self.errors.get(before) {
            if *at == index {
                return Input {
                    path: path.clone(),
                    display: path.to_string_lossy().into_owned(),
                    relative: self.relative(path),
                    walk_error: Some(e.clone()),
                };
            }
        }
        let path = self.files.get(index - before).into_owned();
        Input {
            display: path.to_string_lossy().into_owned(),
            relative: self.relative(&path),
            path,
            walk_error: None,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Input> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Where the output of `file` goes under `--out`: relative to the folder when a
    /// single folder was given, otherwise the path as given (without `..` or a root).
    fn relative(&self, file: &Path) -> PathBuf {
        if let Some(dir) = &self.single_dir {
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
    }
}

/// Walks the PATH arguments (see [`read::find_inputs`]); the inputs come out
/// sorted by path, the paths that could not be walked among them.
pub fn collect_inputs(paths: &[PathBuf]) -> Collected {
    let found = read::find_inputs(paths);
    let single_dir = match paths {
        [p] if p.is_dir() => Some(p.clone()),
        _ => None,
    };
    // Each walk error goes after the files that sort before it or equal to it.
    let files = found.files;
    let errors = found
        .errors
        .into_iter()
        .enumerate()
        .map(|(k, (path, e))| (files_up_to(&files, &path) + k, path, e))
        .collect();
    Collected {
        inputs: InputList {
            files,
            errors,
            single_dir,
        },
        skipped: found.skipped,
    }
}

/// How many of the sorted `files` sort before `path` or equal to it.
fn files_up_to(files: &PathList, path: &Path) -> usize {
    let (mut lo, mut hi) = (0, files.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if *files.get(mid) <= *path {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// What became of one input.
#[derive(Debug, Clone)]
pub struct Done {
    /// The record, unless it was written to a file, resumed or made into `line`.
    pub record: Option<DocumentRecord>,
    /// With [`BatchOptions::lines`]: the record's JSON Lines line, newline included.
    pub line: Option<Vec<u8>>,
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
            line: None,
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
        line: None,
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

/// Writes the record to its file under `--out`, or hands it back (as a record or
/// as its JSON Lines line).
fn finish(input: &Input, opts: &BatchOptions, record: DocumentRecord) -> Done {
    let Some(out) = &opts.out else {
        let line = opts.lines.then(|| json_line(&record));
        let mut done = Done::from_record(record);
        match line {
            None => {}
            Some(Ok(line)) => {
                done.record = None;
                done.line = Some(line);
            }
            Some(Err(e)) => {
                done.record = None;
                done.write_error = Some(format!("cannot make the JSON of this record: {e}"));
            }
        }
        return done;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_input() -> Input {
        let path = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/000_e77d1e97e7429ec4.txt"
        ));
        Input {
            display: "000_e77d1e97e7429ec4.txt".to_string(),
            relative: PathBuf::from("000_e77d1e97e7429ec4.txt"),
            path,
            walk_error: None,
        }
    }

    #[test]
    fn the_input_list_is_sorted_with_walk_errors_in_their_place() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "sub/c.docx", "d.txt"] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let missing = dir.path().join("b.txt");
        let late = dir.path().join("z.txt");
        let collected = collect_inputs(&[late.clone(), dir.path().to_path_buf(), missing.clone()]);
        let list = &collected.inputs;
        let got: Vec<(PathBuf, bool)> = list
            .iter()
            .map(|i| (i.path, i.walk_error.is_some()))
            .collect();
        assert_eq!(
            got,
            [
                (dir.path().join("a.txt"), false),
                (missing.clone(), true),
                (dir.path().join("d.txt"), false),
                (dir.path().join("sub/c.docx"), false),
                (late.clone(), true),
            ]
        );
        let b = list.get(1);
        assert_eq!(b.display, missing.to_string_lossy());
        assert_eq!(b.walk_error.map(|e| e.kind), Some(ErrorKind::Io));
        // Several paths given: outputs mirror each path without its root.
        let c = list.get(3);
        assert_eq!(c.relative, c.path.strip_prefix("/").unwrap());
        // One folder given: outputs are relative to it.
        let one = collect_inputs(&[dir.path().to_path_buf()]);
        let rel: Vec<PathBuf> = one.inputs.iter().map(|i| i.relative).collect();
        assert_eq!(rel, ["a.txt", "d.txt", "sub/c.docx"].map(PathBuf::from));
    }

    #[test]
    fn with_lines_the_worker_hands_back_the_json_line_of_the_record() {
        let input = seed_input();
        let as_record = process_input(&input, &Arc::new(BatchOptions::default()));
        let as_line = process_input(
            &input,
            &Arc::new(BatchOptions {
                lines: true,
                ..Default::default()
            }),
        );
        let record = as_record.record.expect("a record without `lines`");
        assert!(as_record.line.is_none());
        assert!(as_line.record.is_none(), "the record stays on the worker");
        assert!(!as_line.failed());
        let line = as_line.line.expect("a line with `lines`");
        // One line: the record's JSON, then the newline.
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        assert_eq!(line.last(), Some(&b'\n'));
        let mut expected = serde_json::to_vec(&record).unwrap();
        expected.push(b'\n');
        assert_eq!(line, expected);
        assert!(record.facts.len() > 20, "the seed report has facts");
        assert_eq!(as_line.facts, record.facts.len());
        assert_eq!(as_line.display, "000_e77d1e97e7429ec4.txt");
    }
}
