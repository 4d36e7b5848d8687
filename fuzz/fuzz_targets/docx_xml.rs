//! The .docx reader's XML side: the input is word/document.xml, stored uncompressed in
//! an otherwise well-formed .docx, so that mutations reach the XML parser and the table
//! and paragraph logic instead of dying on a broken zip checksum.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use solieu::read::{docx::read_docx, ReadOptions};
use zip::write::SimpleFileOptions;

fuzz_target!(|data: &[u8]| {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    // Writing into memory cannot fail.
    zip.start_file("word/document.xml", stored).expect("zip entry");
    zip.write_all(data).expect("zip data");
    let bytes = zip.finish().expect("zip").into_inner();
    let opts = ReadOptions { max_inflated_bytes: 64 * 1024 * 1024, ..ReadOptions::default() };
    let _ = read_docx(&bytes, &opts);
});
