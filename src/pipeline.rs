//! One document through every stage: bytes in, a [`DocumentRecord`] out.
//!
//! Nothing here panics on bad input: a read error becomes the record's `error`,
//! and a panic in a later stage (a bug) is caught and reported as `internal`.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::*;
use crate::{cancel, extract, normalise, read, structure};

/// Everything a run can be configured with. `Default` is what the CLI uses
/// without flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub read: read::ReadOptions,
    pub normalise: normalise::NormaliseOptions,
    pub extract: extract::ExtractOptions,
}

/// Reads, normalises and extracts one file. Never panics; failures are in `error`.
pub fn process_path(path: &Path, display: &str, opts: &Options) -> DocumentRecord {
    match read::load(path, &opts.read) {
        Ok((bytes, format)) => process_bytes(display, &bytes, format, opts),
        Err(e) => error_record(display, None, None, e),
    }
}

/// Runs the pipeline on bytes already in memory (stdin, tests, benchmarks).
pub fn process_bytes(
    display: &str,
    bytes: &[u8],
    format: Format,
    opts: &Options,
) -> DocumentRecord {
    let source = Source {
        path: display.to_string(),
        format: Some(format),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        encoding: None,
        encoding_confidence: None,
    };
    // the file name's year, for a document that writes none (see `year_in_file_name`)
    let named;
    let opts = match extract::period::year_in_file_name(display) {
        Some(y) if opts.extract.file_name_year.is_none() => {
            named = Options {
                extract: extract::ExtractOptions {
                    file_name_year: Some(y),
                    ..opts.extract.clone()
                },
                ..opts.clone()
            };
            &named
        }
        _ => opts,
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_stages(bytes, format, opts)
    }));
    match result {
        Ok(Ok((raw_encoding, confidence, blocks, metadata, facts))) => DocumentRecord {
            schema_version: SCHEMA_VERSION.to_string(),
            tool_version: TOOL_VERSION.to_string(),
            source: Source {
                encoding: Some(raw_encoding),
                encoding_confidence: Some(confidence),
                ..source
            },
            metadata,
            blocks,
            facts,
            error: None,
        },
        Ok(Err(e)) => with_source(source, e),
        Err(panic) => with_source(
            source,
            read::ReadError::internal(&crate::emit::runner::panic_message(&*panic)),
        ),
    }
}

type Stages = (String, f32, Vec<Block>, Metadata, Vec<Fact>);

fn run_stages(bytes: &[u8], format: Format, opts: &Options) -> Result<Stages, read::ReadError> {
    let RawDocument {
        blocks: raw_blocks,
        encoding,
        encoding_confidence,
    } = read::read_bytes(bytes, format, &opts.read)?;
    let mut blocks: Vec<Block> = Vec::with_capacity(raw_blocks.len());
    // Each source block is dropped once normalised: a large document's text is not
    // held twice.
    for (i, b) in raw_blocks.into_iter().enumerate() {
        if cancel::requested() {
            return Err(stopped());
        }
        blocks.push(normalise::normalise_block(&b, i as u32, &opts.normalise));
    }
    structure::annotate(&mut blocks);
    let (metadata, facts) = extract::extract(&mut blocks, &opts.extract);
    if cancel::requested() {
        return Err(stopped());
    }
    Ok((encoding, encoding_confidence, blocks, metadata, facts))
}

/// The error of work stopped by [`cancel`]; the batch runner has already
/// written the timeout record, so this one is never shown.
fn stopped() -> read::ReadError {
    read::ReadError::new(ErrorKind::Timeout, "stopped: over the time limit")
}

/// A record for a file that could not be read at all.
pub fn error_record(
    display: &str,
    bytes: Option<&[u8]>,
    format: Option<Format>,
    e: read::ReadError,
) -> DocumentRecord {
    let source = Source {
        path: display.to_string(),
        format,
        bytes: bytes.map_or(0, |b| b.len() as u64),
        sha256: bytes.map(sha256_hex).unwrap_or_default(),
        encoding: None,
        encoding_confidence: None,
    };
    with_source(source, e)
}

fn with_source(source: Source, e: read::ReadError) -> DocumentRecord {
    DocumentRecord {
        schema_version: SCHEMA_VERSION.to_string(),
        tool_version: TOOL_VERSION.to_string(),
        source,
        metadata: Metadata::default(),
        blocks: Vec::new(),
        facts: Vec::new(),
        error: Some(ErrorInfo {
            kind: e.kind,
            message: e.message,
        }),
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}
