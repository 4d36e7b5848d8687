//! The .docx reader on arbitrary bytes: it must return blocks or a ReadError, never
//! panic, hang or run out of memory. Limits are the defaults but for a smaller inflate
//! limit, so that a bomb the fuzzer finds is stopped before libFuzzer's RSS limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solieu::read::{docx::read_docx, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions { max_inflated_bytes: 64 * 1024 * 1024, ..ReadOptions::default() };
    let _ = read_docx(data, &opts);
});
