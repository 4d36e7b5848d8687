//! solieu ("số liệu", figures): numeric facts out of Vietnamese administrative reports.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! read       bytes -> RawDocument (blocks of runs, in reading order)
//! normalise  RawBlock -> Block (NFC, tone marks, spaces; offsets back to the source)
//! structure  section headings above each block
//! extract    Blocks -> Metadata + Facts
//! emit       DocumentRecord -> JSON Lines / one JSON file per input
//! audit      Facts of one or many documents -> Findings
//! ```
//!
//! The types that flow between stages are in [`model`].

pub mod audit;
pub mod cancel;
pub mod emit;
pub mod eval;
pub mod extract;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod read;
pub mod structure;

pub use model::*;
pub use pipeline::{process_bytes, process_path, Options};
