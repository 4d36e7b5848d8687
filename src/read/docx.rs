//! .docx: a streaming reader over zip + quick-xml (namespace-aware, bounded).

use crate::model::RawDocument;

use super::{ReadError, ReadOptions};

pub fn read_docx(bytes: &[u8], opts: &ReadOptions) -> Result<RawDocument, ReadError> {
    todo!("read_docx {} {opts:?}", bytes.len())
}
