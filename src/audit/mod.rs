//! Facts of one or many documents -> findings; one module per rule.
