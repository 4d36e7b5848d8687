//! Facts of one or many documents -> findings; one module per rule.

use crate::model::{DocumentRecord, Finding};

/// Checks the figures of each document, and of documents of the same body across years.
pub fn audit(documents: &[DocumentRecord]) -> Vec<Finding> {
    todo!("audit {}", documents.len())
}
