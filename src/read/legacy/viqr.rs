//! VIQR (RFC 1456) decoding: ASCII mnemonics after a vowel (a^ a( o+ u+ and the
//! tones ' ` ? ~ .), "dd" for đ, "\" to escape a literal mark. "?" and "." after a
//! vowel are read as tones only where punctuation is unlikely.

use super::tables;

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn is_shape(c: char) -> bool {
    matches!(c, '^' | '(' | '+')
}

fn is_tone(c: char) -> bool {
    matches!(c, '\'' | '`' | '?' | '~' | '.')
}

/// Whether a shape mark fits the base letter (a^ e^ o^, a(, o+ u+).
fn shape_fits(base: char, mark: char) -> bool {
    let b = base.to_ascii_lowercase();
    match mark {
        '^' => matches!(b, 'a' | 'e' | 'o'),
        '(' => b == 'a',
        '+' => matches!(b, 'o' | 'u'),
        _ => false,
    }
}

/// Whether "?" or "." at `chars[i]` (just after a vowel of a word with no tone yet)
/// is a tone mark rather than punctuation. In a file that escapes its literal
/// punctuation (RFC 1456 "\."), it always is; otherwise judge from what follows.
fn ambiguous_is_tone(chars: &[char], i: usize, strict: bool) -> bool {
    if strict {
        return true;
    }
    let mark = chars[i];
    let next = chars.get(i + 1).copied();
    let after_space = || {
        chars[i + 1..]
            .iter()
            .find(|c| !matches!(c, ' ' | '\t'))
            .copied()
    };
    match (mark, next) {
        // Reports hardly ask questions: "?" after a vowel is the hook tone whenever
        // the word it makes is a syllable (the caller checks), even at a line end.
        ('?', _) => true,
        (_, Some(c)) if c.is_ascii_alphabetic() => true,
        // At the end of a line: a full stop, except after a word in capitals
        // (headings have no full stop: "HỘI NGHI." is "HỘI NGHỊ").
        ('.', None | Some('\n' | '\r')) => word_before_is_caps(chars, i),
        // "ho.." is "họ." but "ba..." is an ellipsis after "ba".
        ('.', Some('.')) => {
            let dots = chars[i..].iter().take_while(|&&c| c == '.').count();
            dots == 2 || dots == 4
        }
        ('.', Some(',' | ';' | ':' | ')' | ']')) => true,
        ('.', Some(' ' | '\t')) => match after_space() {
            Some(c) if c.is_lowercase() || c.is_ascii_digit() || c == '(' => true,
            // Before a capital or at the line end: a tone after a word in capitals,
            // a full stop elsewhere.
            _ => word_before_is_caps(chars, i),
        },
        _ => false,
    }
}

/// Whether the word that ends just before `chars[i]` is written in capitals.
fn word_before_is_caps(chars: &[char], i: usize) -> bool {
    let letters: Vec<char> = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_alphanumeric() || is_shape(**c))
        .copied()
        .collect();
    let alpha: Vec<&char> = letters.iter().filter(|c| c.is_alphabetic()).collect();
    alpha.len() >= 2 && alpha.iter().all(|c| c.is_uppercase())
}

/// Decodes VIQR text (already turned into chars). Output is NFC.
pub fn decode(chars: &[char]) -> String {
    let table = tables::viqr();
    // A file that escapes literal punctuation after vowels follows RFC 1456 strictly.
    let strict = chars
        .windows(2)
        .any(|w| w[0] == '\\' && matches!(w[1], '.' | '?'));
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    let mut word_has_tone = false;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphanumeric() {
            word_has_tone = false;
        }
        // Escape: "\?" is a literal "?".
        if c == '\\' {
            if let Some(&n) = chars.get(i + 1) {
                if is_shape(n) || is_tone(n) || n == '\\' {
                    out.push(n);
                    i += 2;
                    continue;
                }
            }
            out.push(c);
            i += 1;
            continue;
        }
        // "dd" for đ: at the start of a word (đ begins a syllable), and "DD" also
        // inside capital abbreviations (HDDND for HĐND).
        if (c == 'd' || c == 'D')
            && chars
                .get(i + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case(&'d'))
        {
            let at_start = i == 0 || !chars[i - 1].is_alphabetic();
            if at_start || (c == 'D' && chars[i + 1] == 'D') {
                out.push(if c == 'D' { 'Đ' } else { 'đ' });
                i += 2;
                continue;
            }
        }
        if !is_vowel(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let mut seq = String::from(c);
        let mut j = i + 1;
        if let Some(&m) = chars.get(j) {
            if is_shape(m) && shape_fits(c, m) {
                seq.push(m);
                j += 1;
            }
        }
        if !word_has_tone {
            if let Some(&m) = chars.get(j) {
                let take = match m {
                    '?' | '.' => {
                        (ambiguous_is_tone(chars, j, strict)
                            || (m == '.' && far_more_common_toned(&out, &seq)))
                            && (strict
                                || ends_a_syllable(&out, &format!("{seq}{m}"), chars.get(j + 1)))
                    }
                    m => is_tone(m),
                };
                if take {
                    seq.push(m);
                    j += 1;
                    word_has_tone = true;
                }
            }
        }
        match table.get(&seq) {
            Some(&letter) => out.push(letter),
            None => out.push_str(&seq),
        }
        i = j;
    }
    out
}

/// Whether the word decoded so far, with `seq` as its next letter, is a whole
/// syllable; always true when more letters follow (the word is not finished).
fn ends_a_syllable(out: &str, seq: &str, next: Option<&char>) -> bool {
    if next.is_some_and(|c| c.is_alphabetic()) {
        return true;
    }
    let Some(&letter) = tables::viqr().get(seq) else {
        return false;
    };
    super::is_syllable(&format!("{}{letter}", word_tail(out)))
}

/// The word decoded so far in `out` (its letters since the last non-letter).
fn word_tail(out: &str) -> &str {
    let start = out
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |p| p + out[p..].chars().next().map_or(1, char::len_utf8));
    &out[start..]
}

/// Where context reads "." as a full stop, a word that is far more common with the
/// dot-below tone than without it still takes the tone: "Bo^. Lao" is "Bộ Lao",
/// "ddo+n vi." is "đơn vị", but "thu chi." stays "chi." (from tables/syllables.tsv).
fn far_more_common_toned(out: &str, seq: &str) -> bool {
    let table = tables::viqr();
    let plain = match table.get(seq) {
        Some(&c) => c,
        None => match seq.chars().next() {
            Some(c) if seq.chars().count() == 1 => c,
            _ => return false,
        },
    };
    let Some(&toned) = table.get(&format!("{seq}.")) else {
        return false;
    };
    let tail = word_tail(out);
    let (with, without) = (
        super::frequency(&format!("{tail}{toned}")),
        super::frequency(&format!("{tail}{plain}")),
    );
    with >= 2 * without + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        decode(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn words() {
        assert_eq!(d("Vie^.t Nam"), "Việt Nam");
        assert_eq!(d("ngu+o+`i ddu+o+.c"), "người được");
        assert_eq!(
            d("DDo^.c la^.p - Tu+. do - Ha.nh phu'c"),
            "Độc lập - Tự do - Hạnh phúc"
        );
    }

    #[test]
    fn punctuation_after_vowels() {
        assert_eq!(d("Co' ddi kho^ng?"), "Có đi không?");
        assert_eq!(d("cu?a So+?\nHO^.I NGHI."), "của Sở\nHỘI NGHỊ");
        assert_eq!(d("Ho. ddi."), "Họ đi.");
        assert_eq!(d("ca? nu+o+'c."), "cả nước.");
        assert_eq!(d("Co' ddi kho^ng?\nCo'."), "Có đi không?\nCó.");
        assert_eq!(d("ba... ho.."), "ba... họ.");
        assert_eq!(d("la` gi`?"), "là gì?");
        assert_eq!(d("Ha` No^.i. Ba"), "Hà Nội. Ba");
        assert_eq!(d("so^' 12\\."), "số 12.");
        assert_eq!(d("ngha\\?"), "ngha?");
        assert_eq!(d("address"), "address");
        assert_eq!(d("HDDND, NLDD."), "HĐND, NLĐ.");
        assert_eq!(d("II. TO^`N TA.I"), "II. TỒN TẠI");
        // Before a capital or at a line end, "." is a tone on words far more common
        // with it, a full stop otherwise.
        assert_eq!(
            d("Bo^. Lao ddo^.ng, ddo+n vi.\nthu chi. Ba"),
            "Bộ Lao động, đơn vị\nthu chi. Ba"
        );
        assert_eq!(
            d("SO+? LAO DDO^.NG, NHIE^.M VU. NA(M"),
            "SỞ LAO ĐỘNG, NHIỆM VỤ NĂM"
        );
        assert_eq!(d("thuo^.c So+?). ddo+n vi. (06"), "thuộc Sở). đơn vị (06");
    }
}
