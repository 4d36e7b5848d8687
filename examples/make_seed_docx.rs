//! Builds `corpus/000_e77d1e97e7429ec4.docx` from the seed report's text with
//! docx-rs's writer: every line a paragraph, and every table of the text (runs
//! of lines that start with a TAB, one line per cell, rows separated by blank
//! lines) a real Word table.
//!
//! Run: `cargo run --example make_seed_docx` (paths are relative to the crate).

use std::fs::File;
use std::path::Path;

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

const SOURCE: &str = "corpus/000_e77d1e97e7429ec4.txt";
const TARGET: &str = "corpus/000_e77d1e97e7429ec4.docx";

/// A piece of the text: a plain line, or a table as rows of cell texts.
enum Piece<'a> {
    Line(&'a str),
    Table(Vec<Vec<&'a str>>),
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty() && !line.starts_with('\t')
}

/// Splits the lines into plain lines and tables. A table starts at a line
/// beginning with a TAB and goes on while the next non-blank line starts with
/// one; it needs at least two rows (a lone indented line is not a table).
fn pieces(lines: &[&'static str]) -> Vec<Piece<'static>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('\t') {
            out.push(Piece::Line(lines[i]));
            i += 1;
            continue;
        }
        let mut rows: Vec<Vec<&str>> = Vec::new();
        let mut row: Vec<&str> = Vec::new();
        let mut j = i;
        while j < lines.len() {
            let line = lines[j];
            if let Some(cell) = line.strip_prefix('\t') {
                row.push(cell);
                j += 1;
            } else if is_blank(line) {
                // A blank line ends a row; the table goes on only if a TAB line follows.
                let next = lines[j..].iter().position(|l| !is_blank(l)).map(|k| j + k);
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                match next {
                    Some(n) if lines[n].starts_with('\t') => j = n,
                    _ => break,
                }
            } else {
                break;
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
        if rows.len() >= 2 {
            out.push(Piece::Table(rows));
            i = j;
        } else {
            out.push(Piece::Line(lines[i]));
            i += 1;
        }
    }
    out
}

fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(SOURCE)).expect("the seed text is in corpus/");
    let text: &'static str = Box::leak(text.into_boxed_str());
    let lines: Vec<&'static str> = text.lines().collect();

    let mut docx = Docx::new();
    let (mut paragraphs, mut tables, mut cells) = (0, 0, 0);
    for piece in pieces(&lines) {
        match piece {
            Piece::Line(line) => {
                docx = docx.add_paragraph(paragraph(line));
                paragraphs += 1;
            }
            Piece::Table(rows) => {
                let table_rows: Vec<TableRow> = rows
                    .iter()
                    .map(|row| {
                        cells += row.len();
                        TableRow::new(
                            row.iter()
                                .map(|c| TableCell::new().add_paragraph(paragraph(c)))
                                .collect(),
                        )
                    })
                    .collect();
                docx = docx.add_table(Table::new(table_rows));
                tables += 1;
            }
        }
    }
    let file = File::create(root.join(TARGET)).expect("corpus/ is writable");
    docx.build().pack(file).expect("the .docx is written");
    println!("{TARGET}: {paragraphs} paragraphs, {tables} tables, {cells} cells");
}
