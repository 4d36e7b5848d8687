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

/// Whether "?" or "." at `chars[i]` (just after a vowel) is a tone mark rather
/// than punctuation, judged from what follows.
fn ambiguous_is_tone(chars: &[char], i: usize) -> bool {
    let mark = chars[i];
    let next = chars.get(i + 1).copied();
    match next {
        None => false,
        Some(c) if c.is_ascii_alphabetic() => true,
        Some(',' | ';' | ':') => true,
        // "ho.." is "họ." but "ba..." is an ellipsis after "ba".
        Some('.') if mark == '.' => {
            let dots = chars[i..].iter().take_while(|&&c| c == '.').count();
            dots == 2 || dots == 4
        }
        Some(' ' | '\t') => {
            // Mid-sentence (a lowercase word follows on the same line): a tone.
            let after = chars[i + 1..].iter().find(|c| !matches!(c, ' ' | '\t'));
            matches!(after, Some(c) if c.is_ascii_lowercase())
        }
        _ => false,
    }
}

/// Decodes VIQR text (already turned into chars). Output is NFC.
pub fn decode(chars: &[char]) -> String {
    let table = tables::viqr();
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
        // "dd" for đ, only at the start of a word (đ begins a syllable).
        if (c == 'd' || c == 'D')
            && chars
                .get(i + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case(&'d'))
        {
            let at_start = i == 0 || !chars[i - 1].is_alphabetic();
            if at_start {
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
                    '?' | '.' => ambiguous_is_tone(chars, j),
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
        assert_eq!(d("Ai ddi?"), "Ai đi?");
        assert_eq!(d("Ho. ddi."), "Họ đi.");
        assert_eq!(d("ca? nu+o+'c."), "cả nước.");
        assert_eq!(d("ba... ho.."), "ba... họ.");
        assert_eq!(d("la` gi`?"), "là gì?");
        assert_eq!(d("Ha` No^.i. Ba"), "Hà Nội. Ba");
        assert_eq!(d("so^' 12\\."), "số 12.");
        assert_eq!(d("ngha\\?"), "ngha?");
        assert_eq!(d("address"), "address");
    }
}
