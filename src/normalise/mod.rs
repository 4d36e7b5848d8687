//! RawBlock -> Block: NFC, one tone-mark placement, spaces, dashes and quotes,
//! with a map from every normalised char back to the source text.

use crate::model::{Block, RawBlock};

/// Where tone marks go in oa/oe/uy syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// hòa, khỏe, thủy (laws, the press): the default.
    #[default]
    Traditional,
    /// hoà, khoẻ, thuỷ.
    Modern,
}

#[derive(Debug, Clone, Default)]
pub struct NormaliseOptions {
    pub tone_style: ToneStyle,
}

pub fn normalise_block(raw: &RawBlock, id: u32, opts: &NormaliseOptions) -> Block {
    todo!("normalise_block {raw:?} {id} {opts:?}")
}
