//! One phrase or sentence as a single normalised block, through extraction alone (no reader,
//! no document structure): how the phrase corpus and the label sentences are run.

use solieu::extract::{extract, ExtractOptions};
use solieu::model::{Fact, RawBlock, Run};
use solieu::normalise::{normalise_block, NormaliseOptions};

/// The facts extraction finds in `text` taken as one block.
pub fn facts_of(text: &str) -> Vec<Fact> {
    let raw = RawBlock {
        runs: vec![Run {
            text: text.to_string(),
            font: None,
        }],
        ..Default::default()
    };
    let mut blocks = vec![normalise_block(&raw, 0, &NormaliseOptions::default())];
    extract(&mut blocks, &ExtractOptions::default()).1
}
