//! Bytes -> [`RawDocument`]: .txt in any encoding solieu knows, .docx by a
//! streaming zip + XML reader. Also finds the input files under a folder.

use std::path::{Path, PathBuf};

use crate::model::{ErrorKind, Format, RawDocument};

pub mod docx;
pub mod legacy;
pub mod txt;

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
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_input_bytes: 256 * 1024 * 1024,
            max_inflated_bytes: 512 * 1024 * 1024,
            max_compression_ratio: 200,
            max_nesting: 256,
            encoding: None,
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
pub fn load(path: &Path, opts: &ReadOptions) -> Result<(Vec<u8>, Format), ReadError> {
    todo!("read::load {path:?} {opts:?}")
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
    pub files: Vec<PathBuf>,
    /// Files skipped because their extension is not .txt or .docx.
    pub skipped: usize,
    /// Paths that could not be walked (missing, unreadable folder, symlink loop).
    pub errors: Vec<(PathBuf, ReadError)>,
}

/// Walks files and folders recursively, sorted, skipping other extensions.
pub fn find_inputs(paths: &[PathBuf]) -> Inputs {
    todo!("find_inputs {paths:?}")
}
