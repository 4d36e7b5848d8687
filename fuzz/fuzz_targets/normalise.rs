//! The normaliser on arbitrary text split into runs: it must not panic, and its offset
//! map must stay within the source and in order (what fact locations rely on). The
//! past-the-end entry is the end of the last kept char, not always the source's end:
//! trailing deleted chars (controls, ZWSP) are not part of any span.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solieu::normalise::{normalise_block, NormaliseOptions, ToneStyle};
use solieu::{RawBlock, Run};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Byte 0x01 splits runs, so run boundaries fall anywhere, even inside a syllable.
    let runs = text.split('\u{1}').map(|t| Run { text: t.to_string(), font: None }).collect();
    let raw = RawBlock { runs, ..RawBlock::default() };
    let tone_style = if flags & 1 == 0 { ToneStyle::Traditional } else { ToneStyle::Modern };
    let block = normalise_block(&raw, 0, &NormaliseOptions { tone_style });

    let source_chars = raw.text().chars().count() as u32;
    let n = block.text.chars().count();
    assert_eq!(block.offsets.len(), n + 1, "one offset per char plus one past the end");
    assert!(block.offsets.windows(2).all(|w| w[0] <= w[1]), "offsets go backwards: {:?}", block.offsets);
    assert!(block.offsets.iter().all(|&o| o <= source_chars), "offset past the source ({source_chars} chars)");
});
