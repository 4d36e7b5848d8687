//! Bytes -> [`RawDocument`]: .txt in any encoding solieu knows, .docx by a
//! streaming zip + XML reader. Also finds the input files under a folder.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::{ErrorKind, Format, RawDocument};

pub mod docx;
pub mod legacy;
pub mod paths;
pub mod txt;

pub use paths::PathList;

/// Limits that keep one hostile file from taking the machine. Settable by flags.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest input file read, in bytes.
    pub max_input_bytes: u64,
    /// Largest inflated size of one zip entry, in bytes.
    pub max_inflated_bytes: u64,
    /// Largest ratio of inflated to compressed size of one zip entry.
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting (tables in tables count several levels each).
    pub max_nesting: usize,
    /// Encoding of .txt input: None = detect.
    pub encoding: Option<String>,
    /// Write Word's automatic list labels ("1.", "a)", "II.", "-") at the start
    /// of numbered .docx paragraphs, as Word shows them. On by default.
    pub docx_numbering: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_input_bytes: 256 * 1024 * 1024,
            max_inflated_bytes: 512 * 1024 * 1024,
            max_compression_ratio: 200,
            max_nesting: 256,
            encoding: None,
            docx_numbering: true,
        }
    }
}

/// Why a file could not be read: a stable kind and a message in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ReadError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ReadError {
            kind,
            message: message.into(),
        }
    }

    /// A bug in solieu met while processing a file (a caught panic): `what` says what.
    pub fn internal(what: &str) -> Self {
        ReadError::new(
            ErrorKind::Internal,
            format!("internal error while processing this file (a bug in solieu): {what}"),
        )
    }
}

/// The format a path's extension names, if solieu reads it.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Format::Txt),
        "docx" => Some(Format::Docx),
        _ => None,
    }
}

/// Reads a file's bytes, within the size limit, and decides its format.
///
/// The size is checked on the metadata before any byte is read, and again while
/// reading (a file may grow in between). A path with another extension is
/// sniffed: a zip is taken for a .docx, anything else for text.
pub fn load(path: &Path, opts: &ReadOptions) -> Result<(Vec<u8>, Format), ReadError> {
    let meta = fs::metadata(path).map_err(|e| io_error(&e))?;
    if meta.is_dir() {
        return Err(ReadError::new(
            ErrorKind::Io,
            "this is a directory, not a file",
        ));
    }
    if !meta.is_file() {
        // A FIFO or a device could block forever or never end.
        return Err(ReadError::new(
            ErrorKind::Io,
            "not a regular file (a device, pipe or socket)",
        ));
    }
    if meta.len() > opts.max_input_bytes {
        return Err(too_large(meta.len(), opts.max_input_bytes));
    }
    if meta.len() == 0 {
        return Err(empty());
    }
    let file = fs::File::open(path).map_err(|e| io_error(&e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(opts.max_input_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e))?;
    if bytes.len() as u64 > opts.max_input_bytes {
        return Err(too_large(bytes.len() as u64, opts.max_input_bytes));
    }
    if bytes.is_empty() {
        return Err(empty());
    }
    let format = format_of(path).unwrap_or(if bytes.starts_with(b"PK\x03\x04") {
        Format::Docx
    } else {
        Format::Txt
    });
    Ok((bytes, format))
}

fn empty() -> ReadError {
    ReadError::new(ErrorKind::Empty, "the file is empty (0 bytes)")
}

fn too_large(len: u64, max: u64) -> ReadError {
    ReadError::new(
        ErrorKind::TooLarge,
        format!("the file is {len} bytes, larger than the input size limit of {max} bytes"),
    )
}

/// Plain words for an I/O error, without the OS's error numbers.
fn io_error(e: &io::Error) -> ReadError {
    let message = match e.kind() {
        io::ErrorKind::NotFound => "file not found".to_string(),
        io::ErrorKind::PermissionDenied => {
            "permission denied: the file cannot be opened for reading".to_string()
        }
        io::ErrorKind::IsADirectory => "this is a directory, not a file".to_string(),
        _ => format!("the file could not be read: {e}"),
    };
    ReadError::new(ErrorKind::Io, message)
}

/// Decodes bytes of a known format into blocks.
pub fn read_bytes(
    bytes: &[u8],
    format: Format,
    opts: &ReadOptions,
) -> Result<RawDocument, ReadError> {
    match format {
        Format::Txt => txt::read_txt(bytes, opts),
        Format::Docx => docx::read_docx(bytes, opts),
    }
}

/// The inputs found under the given paths.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files solieu reads, sorted, each once.
    pub files: PathList,
    /// Files skipped because their extension is not .txt or .docx.
    pub skipped: usize,
    /// Paths that could not be walked (missing, unreadable folder, symlink loop).
    pub errors: Vec<(PathBuf, ReadError)>,
}

/// Walks files and folders recursively, sorted, skipping other extensions.
///
/// Symbolic links are followed; a link that points back to one of its own
/// parent folders is reported in `errors` and the walk goes on. A file reached
/// twice (given twice, or through a link) is kept once, under the first of its
/// paths in sorted order. In folders, Word's lock files (`~$name.docx`) are
/// skipped and counted like other extensions.
pub fn find_inputs(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut found = PathList::new();
    // Whether a file may be reached twice: given twice, or through a symbolic link.
    // Only then is every path resolved (a system call per folder level) to find copies.
    let mut may_repeat = paths.len() > 1;
    for root in paths {
        let meta = match fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                inputs.errors.push((root.clone(), io_error(&e)));
                continue;
            }
        };
        if !meta.is_dir() {
            // A file named explicitly: kept only when solieu reads its extension.
            if meta.is_file() && format_of(root).is_some() {
                found.push(root);
            } else {
                inputs.skipped += 1;
            }
            continue;
        }
        for entry in WalkDir::new(root).follow_links(true) {
            match entry {
                Ok(entry) => {
                    may_repeat |= entry.path_is_symlink();
                    if !entry.file_type().is_file() {
                        if !entry.file_type().is_dir() {
                            inputs.skipped += 1;
                        }
                        continue;
                    }
                    let lock_file = entry
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with("~$"));
                    if format_of(entry.path()).is_some() && !lock_file {
                        found.push(entry.path());
                    } else {
                        inputs.skipped += 1;
                    }
                }
                Err(e) => {
                    may_repeat = true;
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let error = if let Some(ancestor) = e.loop_ancestor() {
                        ReadError::new(
                            ErrorKind::Io,
                            format!(
                                "symbolic link loop: this link points back to its parent folder {}",
                                ancestor.display()
                            ),
                        )
                    } else if let Some(io) = e.io_error() {
                        io_error(io)
                    } else {
                        ReadError::new(ErrorKind::Io, format!("could not be walked: {e}"))
                    };
                    inputs.errors.push((path, error));
                }
            }
        }
    }
    // Sorted through an index, so that the paths are copied once, in order.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| found.get(a).cmp(&found.get(b)));
    order.dedup_by(|a, b| found.get(*a) == found.get(*b));
    inputs.files = PathList::with_prefix(found.common_prefix());
    let mut seen = HashSet::new();
    for i in order {
        let path = found.get(i);
        if may_repeat {
            let key = fs::canonicalize(&path).unwrap_or_else(|_| path.to_path_buf());
            if !seen.insert(key) {
                continue;
            }
        }
        inputs.files.push(&path);
    }
    inputs.files.shrink_to_fit();
    inputs.errors.sort_by(|a, b| a.0.cmp(&b.0));
    inputs
}
