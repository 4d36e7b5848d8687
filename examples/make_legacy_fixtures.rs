//! Writes the legacy-encoding test files in fixtures/legacy/: passages of the seed
//! report, each encoded with the tables in every legacy encoding, with the UTF-8
//! text that was encoded beside it.
//!
//! `cargo run --example make_legacy_fixtures [SEED] [OUT_DIR]`
//!
//! For each passage NAME it writes `NAME.utf8.txt` (the original) and `NAME.ENC.txt`
//! for tcvn3, vni, viscii, cp1258 and viqr. Where an encoding has no code for a
//! punctuation char (VISCII and VIQR have no “ ” – …), the char is replaced by its
//! ASCII form and that encoding gets its own original, `NAME.ENC.utf8.txt`. Also
//! `NAME.mojibake.txt`: the UTF-8 bytes read as Windows-1252 and saved as UTF-8, and
//! `NAME.viqr-plain.txt`: VIQR as people type it, without RFC 1456 escapes.

use std::path::{Path, PathBuf};

use solieu::read::legacy::{encode, Legacy, Unencodable};

/// (name, first line starts with, last line starts with): passages of the seed.
const PASSAGES: [(&str, &str, &str); 10] = [
    (
        "header",
        " CÔNG ĐOÀN SỞ LAO ĐỘNG",
        "Kết quả việc thực hiện Nghị quyết",
    ),
    (
        "staff",
        "1. Đội ngũ công chức",
        "- Số đoàn viên là đảng viên",
    ),
    (
        "targets",
        "Năm 2023, có 04/04 chỉ tiêu",
        "Năm 2023, có 04/04 chỉ tiêu",
    ),
    (
        "merit",
        "d) Lĩnh vực Người có công",
        "Công tác tham mưu thực hiện đảm bảo",
    ),
    (
        "short",
        "c) Tổng số đoàn viên Công đoàn",
        "c) Tổng số đoàn viên Công đoàn",
    ),
    (
        "plan",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
        "- Tỷ lệ hộ nghèo giảm còn",
    ),
    (
        "indices",
        "+ Chỉ số cải cách hành chính",
        "- Xây dựng và phát triển chính quyền",
    ),
    ("table", "b) Chỉ tiêu phấn đấu của Ngành", "\t23,9"),
    (
        "weaknesses",
        "II. TỒN TẠI, HẠN CHẾ",
        "2. Một số ít công chức",
    ),
    (
        "campaign",
        "b) Phối hợp với Chính quyền tuyên truyền",
        "c) Hướng dẫn Ban Chấp hành",
    ),
];

/// ASCII stand-ins for punctuation that some encodings cannot write.
const ASCII_FORMS: [(char, &str); 7] = [
    ('“', "\""),
    ('”', "\""),
    ('‘', "'"),
    ('’', "'"),
    ('–', "-"),
    ('—', "-"),
    ('…', "..."),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("corpus/000_e77d1e97e7429ec4.txt"));
    let out = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("fixtures/legacy"));
    if let Err(e) = run(&seed, &out) {
        eprintln!("make_legacy_fixtures: {e}");
        std::process::exit(1);
    }
}

fn run(seed: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(seed).map_err(|e| format!("{}: {e}", seed.display()))?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    for (name, first, last) in PASSAGES {
        let start = lines
            .iter()
            .position(|l| l.starts_with(first))
            .ok_or(format!("{name}: no line {first:?}"))?;
        let end = start
            + lines[start..]
                .iter()
                .position(|l| l.starts_with(last))
                .ok_or(format!("{name}: no line {last:?}"))?;
        let passage = lines[start..=end].join("\n") + "\n";
        write(out, &format!("{name}.utf8.txt"), passage.as_bytes())?;
        for enc in Legacy::ALL {
            let (bytes, used) = encode_with_fallback(&passage, enc)?;
            write(out, &format!("{name}.{}.txt", enc.name()), &bytes)?;
            if used != passage {
                write(
                    out,
                    &format!("{name}.{}.utf8.txt", enc.name()),
                    used.as_bytes(),
                )?;
            }
            if enc == Legacy::Viqr {
                let plain: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'\\').collect();
                write(out, &format!("{name}.viqr-plain.txt"), &plain)?;
            }
        }
        let (mojibake, _, _) = encoding_rs::WINDOWS_1252.decode(passage.as_bytes());
        write(out, &format!("{name}.mojibake.txt"), mojibake.as_bytes())?;
    }
    Ok(())
}

/// Encodes, replacing punctuation the encoding lacks by ASCII; returns the bytes and
/// the text that was actually encoded.
fn encode_with_fallback(text: &str, enc: Legacy) -> Result<(Vec<u8>, String), String> {
    let mut used = text.to_string();
    loop {
        match encode(&used, enc) {
            Ok(bytes) => return Ok((bytes, used)),
            Err(Unencodable(c)) => match ASCII_FORMS.iter().find(|(from, _)| *from == c) {
                Some((from, to)) => used = used.replace(*from, to),
                None => return Err(format!("{}: no code for {c:?}", enc.name())),
            },
        }
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
