//! .txt: UTF-8 (with or without BOM) and UTF-16 with BOM; one paragraph block per line.

use crate::model::RawDocument;

use super::{ReadError, ReadOptions};

pub fn read_txt(bytes: &[u8], opts: &ReadOptions) -> Result<RawDocument, ReadError> {
    todo!("read_txt {} {opts:?}", bytes.len())
}
