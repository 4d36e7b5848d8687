//! Normalised blocks -> document metadata and numeric facts.

use crate::model::{Block, Fact, Metadata};

#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {}

pub fn extract(blocks: &mut [Block], opts: &ExtractOptions) -> (Metadata, Vec<Fact>) {
    todo!("extract {} {opts:?}", blocks.len())
}
