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
//! `NAME.mojibake.txt`: the UTF-8 bytes read as Windows-1252 and saved as UTF-8,
//! `NAME.mojibake-lossy.txt`: the same with the five bytes Windows-1252 lacks as "?"
//! and NBSP as a space, and
//! `NAME.viqr-plain.txt`: VIQR as people type it, without RFC 1456 escapes.
//!
//! And `mixed.docx`: the header and staff passages as Word paragraphs in .VnTime,
//! .VnTimeH, VNI-Times and Unicode Times New Roman runs (some paragraphs mix them;
//! the last is Unicode in a run that names VNI-Times, as old templates leave it),
//! the legacy bytes stored as Windows-1252 chars as Word does; `mixed.docx.utf8.txt`
//! holds its paragraphs' text, one per line.

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
        // As many tools wrote it: bytes without a Windows-1252 char as "?", NBSP as a space.
        let lossy: String = mojibake
            .chars()
            .map(|c| match c {
                '\u{81}' | '\u{8D}' | '\u{8F}' | '\u{90}' | '\u{9D}' => '?',
                '\u{A0}' => ' ',
                c => c,
            })
            .collect();
        write(out, &format!("{name}.mojibake-lossy.txt"), lossy.as_bytes())?;
    }
    let passage = |name: &str| std::fs::read_to_string(out.join(format!("{name}.utf8.txt")));
    let header = passage("header").map_err(|e| e.to_string())?;
    let staff = passage("staff").map_err(|e| e.to_string())?;
    mixed_docx(&format!("{header}{staff}"), out)
}

/// A run's font and how its text is stored.
#[derive(Clone, Copy)]
enum Font {
    Unicode,
    VnTime,
    VnTimeH,
    Vni,
}

/// The run text Word stores for `text` in `font`: legacy bytes as Windows-1252 chars.
fn run_text(text: &str, font: Font) -> Result<String, String> {
    let bytes = match font {
        Font::Unicode => return Ok(text.to_string()),
        Font::VnTime => encode(text, Legacy::Tcvn3),
        // An all-caps font: writers typed lowercase codes.
        Font::VnTimeH => encode(&text.to_lowercase(), Legacy::Tcvn3),
        Font::Vni => encode(text, Legacy::Vni),
    }
    .map_err(|e| format!("no code for {:?}", e.0))?;
    Ok(encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&bytes)
        .0
        .into_owned())
}

fn font_name(font: Font) -> &'static str {
    match font {
        Font::Unicode => "Times New Roman",
        Font::VnTime => ".VnTime",
        Font::VnTimeH => ".VnTimeH",
        Font::Vni => "VNI-Times",
    }
}

fn mixed_docx(text: &str, out: &Path) -> Result<(), String> {
    use docx_rs::{Docx, Paragraph, Run, RunFonts};
    let run = |t: &str, font: Font| -> Result<Run, String> {
        let f = font_name(font);
        Ok(Run::new()
            .add_text(run_text(t, font)?)
            .fonts(RunFonts::new().ascii(f).hi_ansi(f)))
    };
    let mut docx = Docx::new();
    let mut expected = String::new();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let caps = line.chars().any(char::is_alphabetic) && line.to_uppercase() == *line;
        let mut para = Paragraph::new();
        if i + 1 == lines.len() {
            // Unicode typed in a run that still names a legacy font (an old template).
            let f = font_name(Font::Vni);
            para = para.add_run(
                Run::new()
                    .add_text(*line)
                    .fonts(RunFonts::new().ascii(f).hi_ansi(f)),
            );
        } else if caps {
            para = para.add_run(run(line, Font::VnTimeH)?);
        } else if i % 4 == 3 {
            // A Unicode run, then the rest of the line in a legacy font.
            let cut = line
                .char_indices()
                .nth(line.chars().count() / 2)
                .map_or(line.len(), |(b, _)| b);
            let cut = line[..cut].rfind(' ').map_or(cut, |b| b + 1);
            para = para
                .add_run(run(&line[..cut], Font::Unicode)?)
                .add_run(run(&line[cut..], Font::VnTime)?);
        } else {
            let font = [Font::Unicode, Font::VnTime, Font::Vni][i % 3];
            para = para.add_run(run(line, font)?);
        }
        docx = docx.add_paragraph(para);
        expected.push_str(line);
        expected.push('\n');
    }
    let path = out.join("mixed.docx");
    let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    docx.build()
        .pack(file)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    write(out, "mixed.docx.utf8.txt", expected.as_bytes())
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
