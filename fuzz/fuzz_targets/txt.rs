//! The .txt decoder on arbitrary bytes, with detection and with every encoding that can
//! be forced: the first byte picks one, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solieu::read::{txt::read_txt, ReadOptions};

const ENCODINGS: [Option<&str>; 7] =
    [None, Some("utf-8"), Some("tcvn3"), Some("vni"), Some("viscii"), Some("cp1258"), Some("viqr")];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let encoding = ENCODINGS[pick as usize % ENCODINGS.len()].map(str::to_string);
    let opts = ReadOptions { encoding, ..ReadOptions::default() };
    if let Ok(doc) = read_txt(bytes, &opts) {
        assert!((0.0..=1.0).contains(&doc.encoding_confidence), "confidence {}", doc.encoding_confidence);
    }
});
