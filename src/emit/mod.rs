//! Output: JSON Lines on a stream, or one JSON file per input written atomically;
//! and the runner that processes documents in parallel but hands them out in order.

use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::model::{BlockKind, DocumentRecord};

pub mod batch;
pub mod runner;
pub mod schema;

/// Writes one document per line and flushes after each, so that a reader of the
/// stream (or a crash) only ever sees whole documents.
pub struct JsonLines<W: Write> {
    out: BufWriter<W>,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W) -> Self {
        JsonLines {
            out: BufWriter::new(out),
        }
    }

    /// Serialises `record` on one line and flushes the stream.
    pub fn write(&mut self, record: &DocumentRecord) -> io::Result<()> {
        self.write_line(&json_line(record)?)
    }

    /// Writes a line made by [`json_line`] and flushes the stream.
    pub fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        self.out.write_all(line)?;
        self.out.flush()
    }
}

/// The JSON Lines line of `record`, newline included. Made on the worker that built
/// the record, so that the writer of an ordered stream only copies bytes.
pub fn json_line(record: &DocumentRecord) -> serde_json::Result<Vec<u8>> {
    // Sized up front: grown from empty, a line of a few hundred KB was copied at
    // each of a dozen doublings.
    let mut line = Vec::with_capacity(line_capacity(record));
    serde_json::to_writer(&mut line, record)?;
    line.push(b'\n');
    // The line may wait in the runner's window: keep its bytes, not the slack
    // (shrinking gives the tail back in place, without a copy).
    line.shrink_to_fit();
    Ok(line)
}

/// A little more than the length of `record`'s JSON line: the bytes of its strings
/// plus what the keys, numbers and punctuation of each block and fact take (about
/// 40-55 bytes a paragraph, 110-160 a table cell, 220-260 a fact), rounded up.
fn line_capacity(record: &DocumentRecord) -> usize {
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let blocks: usize = record
        .blocks
        .iter()
        .map(|b| {
            let kind = match &b.kind {
                BlockKind::Cell(c) => {
                    176 + opt(&c.row_label) + opt(&c.col_header) + opt(&c.row_key)
                }
                _ => 64,
            };
            kind + b.text.len() + b.section.iter().map(|s| s.len() + 3).sum::<usize>()
        })
        .sum();
    let facts: usize = record
        .facts
        .iter()
        .map(|f| {
            288 + f.raw.len()
                + opt(&f.label)
                + opt(&f.section)
                + opt(&f.unit)
                + opt(&f.per)
                + opt(&f.metric)
        })
        .sum();
    let m = &record.metadata;
    let head = [
        &m.issuing_body,
        &m.number,
        &m.place,
        &m.date,
        &m.doc_type,
        &m.title,
    ]
    .into_iter()
    .map(opt)
    .sum::<usize>()
        + record.source.path.len()
        + record.error.as_ref().map_or(0, |e| e.message.len());
    1024 + head + blocks + facts
}

/// Writes `value` as pretty JSON to `path`: first to a temporary file in the same
/// folder, synced, then renamed over `path`. A crash at any point leaves either the
/// old file, the new one, or a stray `.solieu-*.tmp`, never half a document.
pub fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".solieu-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        serde_json::to_writer_pretty(&mut w, value)?;
        w.write_all(b"\n")?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Where the output of the input at `relative` (its path under the folder given on
/// the command line) goes under `out_dir`: the same tree, with `.json` appended to the
/// file name so that `a.txt` and `a.docx` do not collide. Components that could leave
/// `out_dir` (`..`, a root) are dropped.
pub fn output_path(out_dir: &Path, relative: &Path) -> PathBuf {
    let mut path = out_dir.to_path_buf();
    for c in relative.components() {
        if let Component::Normal(part) = c {
            path.push(part);
        }
    }
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "stdin".into());
    name.push(".json");
    path.set_file_name(name);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_path_mirrors_the_tree_and_stays_inside() {
        let out = Path::new("/out");
        assert_eq!(
            output_path(out, Path::new("a/b.txt")),
            PathBuf::from("/out/a/b.txt.json")
        );
        assert_eq!(
            output_path(out, Path::new("../../etc/x.docx")),
            PathBuf::from("/out/etc/x.docx.json")
        );
        assert_eq!(
            output_path(out, Path::new("/abs/y.txt")),
            PathBuf::from("/out/abs/y.txt.json")
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/doc.txt.json");
        write_json_atomic(&path, &serde_json::json!({"a": 1})).unwrap();
        write_json_atomic(&path, &serde_json::json!({"a": 2})).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap()["a"],
            2
        );
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("doc.txt.json")]);
    }

    #[test]
    fn json_lines_writes_one_line_per_document() {
        let mut buf = Vec::new();
        {
            let mut w = JsonLines::new(&mut buf);
            w.write(&DocumentRecord::default()).unwrap();
            w.write(&DocumentRecord::default()).unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 2);
        for line in text.lines() {
            serde_json::from_str::<DocumentRecord>(line).unwrap();
        }
    }
}
