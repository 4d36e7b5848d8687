//! Scoring extraction against hand-checked gold files, as `facts.md` defines it.
