//! Section headings above each block ("Phần thứ nhất > I > 1 > a") and sentence bounds.

use crate::model::Block;

pub fn annotate(blocks: &mut [Block]) {
    todo!("annotate {}", blocks.len())
}
