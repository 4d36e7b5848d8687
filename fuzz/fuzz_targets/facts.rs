//! The whole pipeline on a .txt (decoder, normaliser, structure, fact parser): the
//! pipeline catches panics and reports them as `internal` errors, so this target turns
//! those back into crashes. It also checks what every fact promises: a finite value, a
//! span whose text is `raw`, and a record that serialises to JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solieu::{process_bytes, ErrorKind, Format, Options};

fuzz_target!(|data: &[u8]| {
    let rec = process_bytes("fuzz.txt", data, Format::Txt, &Options::default());
    if let Some(e) = &rec.error {
        assert!(e.kind != ErrorKind::Internal, "{}", e.message);
        return;
    }
    for f in &rec.facts {
        assert!(f.value.is_finite(), "non-finite value in {f:?}");
        assert!(f.denominator.is_none_or(f64::is_finite), "non-finite denominator in {f:?}");
        assert!(f.max.is_none_or(f64::is_finite), "non-finite max in {f:?}");
        let block = rec.blocks.iter().find(|b| b.id == f.location.block).expect("fact's block exists");
        let span: String = block
            .text
            .chars()
            .skip(f.location.start as usize)
            .take(f.location.end.saturating_sub(f.location.start) as usize)
            .collect();
        assert_eq!(span, f.raw, "fact span does not hold its raw text: {f:?}");
        assert!(f.location.source_start <= f.location.source_end, "source span reversed: {f:?}");
    }
    serde_json::to_string(&rec).expect("a record serialises");
});
