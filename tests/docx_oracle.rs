//! docx-rs's reader as an independent oracle: on every corpus .docx it can read,
//! its body paragraph and table cell texts must be the streaming reader's, in
//! the same order (compared without whitespace, since the two readers write
//! line breaks and tabs differently and blank blocks are dropped).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use docx_rs::{
    DocumentChild, InsertChild, MoveToChild, Paragraph, ParagraphChild, Run, RunChild,
    StructuredDataTagChild, Table, TableCellContent, TableChild, TableRowChild,
};
use solieu::model::BlockKind;
use solieu::read::{docx::read_docx, ReadOptions};

fn key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn run_text(run: &Run, out: &mut String) {
    for c in &run.children {
        match c {
            RunChild::Text(t) => out.push_str(&t.text),
            RunChild::Tab(_) | RunChild::PTab(_) => out.push('\t'),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => out.push('\n'),
            _ => {}
        }
    }
}

fn children_text(children: &[ParagraphChild], out: &mut String) {
    for c in children {
        match c {
            ParagraphChild::Run(r) => run_text(r, out),
            ParagraphChild::Insert(i) => {
                for c in &i.children {
                    if let InsertChild::Run(r) = c {
                        run_text(r, out);
                    }
                }
            }
            ParagraphChild::MoveTo(m) => {
                for c in &m.children {
                    if let MoveToChild::Run(r) = c {
                        run_text(r, out);
                    }
                }
            }
            ParagraphChild::Hyperlink(h) => children_text(&h.children, out),
            ParagraphChild::StructuredDataTag(s) => {
                for c in &s.children {
                    if let StructuredDataTagChild::Run(r) = c {
                        run_text(r, out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn paragraph_text(p: &Paragraph) -> String {
    let mut s = String::new();
    children_text(&p.children, &mut s);
    s
}

fn push(out: &mut Vec<String>, text: String) {
    let k = key(&text);
    if !k.is_empty() {
        out.push(k);
    }
}

fn table_texts(t: &Table, out: &mut Vec<String>) {
    for TableChild::TableRow(row) in &t.rows {
        for TableRowChild::TableCell(cell) in &row.cells {
            let mut own = Vec::new();
            let mut nested = Vec::new();
            for c in &cell.children {
                match c {
                    TableCellContent::Paragraph(p) => own.push(paragraph_text(p)),
                    TableCellContent::Table(t) => table_texts(t, &mut nested),
                    _ => {}
                }
            }
            push(out, own.join("\n"));
            out.extend(nested);
        }
    }
}

fn sdt_texts(children: &[StructuredDataTagChild], out: &mut Vec<String>) {
    for c in children {
        match c {
            StructuredDataTagChild::Paragraph(p) => push(out, paragraph_text(p)),
            StructuredDataTagChild::Table(t) => table_texts(t, out),
            StructuredDataTagChild::StructuredDataTag(s) => sdt_texts(&s.children, out),
            _ => {}
        }
    }
}

/// docx-rs's texts, or None when it fails, panics or takes longer than a minute.
fn oracle(bytes: Vec<u8>) -> Option<Vec<String>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| {
            let docx = docx_rs::read_docx(&bytes).ok()?;
            let mut out = Vec::new();
            for child in &docx.document.children {
                match child {
                    DocumentChild::Paragraph(p) => push(&mut out, paragraph_text(p)),
                    DocumentChild::Table(t) => table_texts(t, &mut out),
                    DocumentChild::StructuredDataTag(s) => sdt_texts(&s.children, &mut out),
                    _ => {}
                }
            }
            Some(out)
        });
        let _ = tx.send(result.ok().flatten());
    });
    rx.recv_timeout(Duration::from_secs(60)).ok().flatten()
}

fn corpus_docx() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("docx"))
        .collect();
    files.sort();
    files
}

#[test]
fn streaming_reader_agrees_with_docx_rs() {
    let (mut agreed, mut unreadable, mut disagreed) = (0, 0, Vec::new());
    for path in corpus_docx() {
        let bytes = std::fs::read(&path).unwrap();
        // docx-rs does not draw list labels: leave them out of ours too.
        let opts = ReadOptions {
            docx_numbering: false,
            ..ReadOptions::default()
        };
        let ours: Vec<String> = read_docx(&bytes, &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Cell(_)))
            .map(|b| key(&b.text()))
            .collect();
        let Some(theirs) = oracle(bytes) else {
            eprintln!("docx-rs cannot read {}", path.display());
            unreadable += 1;
            continue;
        };
        if ours == theirs {
            agreed += 1;
            continue;
        }
        let at = ours
            .iter()
            .zip(&theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        let show = |v: &[String]| {
            v.iter()
                .skip(at.saturating_sub(1))
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
        };
        disagreed.push(format!(
            "{}: {} blocks vs docx-rs {}; first difference at {at}:\n  ours   {:?}\n  docx-rs {:?}",
            path.display(),
            ours.len(),
            theirs.len(),
            show(&ours),
            show(&theirs)
        ));
    }
    eprintln!(
        "oracle: {agreed} agree, {} disagree, {unreadable} unreadable by docx-rs",
        disagreed.len()
    );
    assert!(disagreed.is_empty(), "{}", disagreed.join("\n"));
    assert!(agreed >= 10, "only {agreed} files compared");
}
