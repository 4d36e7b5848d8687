//! Every row of every legacy table round-trips: the row's char, encoded with the
//! table, gives the row's bytes, and those bytes decode back to the char.

use solieu::read::legacy::{decode, encode, tables, Legacy};

fn rows(enc: Legacy) -> Vec<tables::Row> {
    tables::rows(enc.name())
}

#[test]
fn row_counts_match_the_verified_tables() {
    assert_eq!(rows(Legacy::Tcvn3).len(), 74);
    assert_eq!(rows(Legacy::Vni).len(), 134);
    assert_eq!(rows(Legacy::Viscii).len(), 134);
    assert_eq!(rows(Legacy::Cp1258).len(), 119);
    assert_eq!(rows(Legacy::Viqr).len(), 134);
}

#[test]
fn every_row_round_trips() {
    for enc in [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii, Legacy::Cp1258] {
        for row in rows(enc) {
            let encoded = encode(&row.text, enc)
                .unwrap_or_else(|e| panic!("{enc:?} cannot encode {:?}: {e:?}", row.text));
            assert_eq!(encoded, row.bytes, "{enc:?} encode {:?}", row.text);
            // CP1258 combining rows decode to a lone combining mark, NFC leaves it.
            assert_eq!(
                decode(&row.bytes, enc),
                row.text,
                "{enc:?} decode {:02X?}",
                row.bytes
            );
        }
    }
}

#[test]
fn every_viqr_row_round_trips_inside_a_sentence() {
    for row in rows(Legacy::Viqr) {
        let encoded = encode(&row.text, Legacy::Viqr).unwrap();
        assert_eq!(encoded, row.bytes, "viqr encode {:?}", row.text);
        // Inside a word (a letter follows), every mark is a mark: "a?n" is "ản".
        let mut in_word = row.bytes.clone();
        in_word.extend_from_slice(b"n va");
        assert_eq!(
            decode(&in_word, Legacy::Viqr),
            format!("{}n va", row.text),
            "viqr {:?}",
            row.text
        );
        // At a word end before a lowercase word, too, when the letter is a syllable.
        if solieu::read::legacy::is_syllable(&row.text) {
            let mut before_word = row.bytes.clone();
            before_word.extend_from_slice(b" va");
            assert_eq!(
                decode(&before_word, Legacy::Viqr),
                format!("{} va", row.text),
                "viqr {:?}",
                row.text
            );
        }
    }
    // At the end of the text "." after a vowel is a full stop, "?" a hook tone
    // (reports hardly ask questions), the other marks are always marks.
    assert_eq!(decode(b"Ha.", Legacy::Viqr), "Ha.");
    assert_eq!(decode(b"ca?", Legacy::Viqr), "cả");
    assert_eq!(decode(b"Ha\\?", Legacy::Viqr), "Ha?");
    assert_eq!(decode(b"a'", Legacy::Viqr), "á");
}

#[test]
fn all_134_letters_are_in_the_two_byte_and_viscii_tables() {
    let letters = |enc: Legacy| {
        let mut v: Vec<String> = rows(enc)
            .into_iter()
            .map(|r| r.text)
            .filter(|t| t.chars().all(char::is_alphabetic))
            .collect();
        v.sort();
        v
    };
    let vni = letters(Legacy::Vni);
    assert_eq!(vni.len(), 134);
    assert_eq!(letters(Legacy::Viscii), vni);
    assert_eq!(letters(Legacy::Viqr), vni);
}

#[test]
fn tcvn3_bytes_outside_the_table_are_windows_1252() {
    // 0x93/0x94/0x96 are quotes and an en dash, never VN1 capitals.
    assert_eq!(
        decode(b"\x93a\x94 \x96 \x85", Legacy::Tcvn3),
        "\u{201C}a\u{201D} \u{2013} \u{2026}"
    );
}

#[test]
fn any_byte_decodes_without_panic() {
    let all: Vec<u8> = (0..=255u8).collect();
    for enc in Legacy::ALL {
        let text = decode(&all, enc);
        assert!(!text.is_empty());
    }
}

#[test]
fn hand_checked_words() {
    let cp = |s: &str| encoding_rs::WINDOWS_1252.encode(s).0.into_owned();
    assert_eq!(
        decode(&cp("COÄNG HOAØ XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"), Legacy::Vni),
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    );
    assert_eq!(
        decode(&cp("Ñoäc laäp – Töï do – Haïnh phuùc"), Legacy::Vni),
        "Độc lập – Tự do – Hạnh phúc"
    );
    assert_eq!(
        decode(&cp("ngöôøi ñöôïc giao"), Legacy::Vni),
        "người được giao"
    );
    assert_eq!(
        decode(&cp("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), Legacy::Tcvn3),
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    );
    assert_eq!(
        decode(&cp("§éc lËp - Tù do - H¹nh phóc"), Legacy::Tcvn3),
        "Độc lập - Tự do - Hạnh phúc"
    );
    assert_eq!(
        decode(b"Vi\xAEt Nam, th\xAA k\xD6", Legacy::Viscii),
        "Việt Nam, thế kỷ"
    );
    assert_eq!(
        decode(b"Vi\xEA\xF2t Nam, ng\xFD\xF5\xCCi", Legacy::Cp1258),
        "Việt Nam, người"
    );
    assert_eq!(
        decode(b"Vie^.t Nam, ngu+o+`i ddu+o+.c", Legacy::Viqr),
        "Việt Nam, người được"
    );
}

#[test]
fn arbitrary_input_never_panics() {
    use solieu::read::legacy::{decode_legacy, decode_run, repair_mojibake};
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    // Bytes biased towards the interesting ranges: marks, C1, letters, "?" and ".".
    let alphabet: Vec<u8> = (0x80..=0xFF)
        .chain(b"aeiouyAEIOUYdD?.'`~^(+\\ \n".iter().copied())
        .collect();
    for _ in 0..600 {
        let len = (next() % 200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = decode_legacy(&bytes, None);
        for enc in Legacy::ALL {
            let _ = decode_legacy(&bytes, Some(enc.name()));
        }
        let text = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned();
        let _ = repair_mojibake(&text);
        let _ = decode_run(&text, ".VnTimeH");
        let _ = decode_run(&text, "VNI-Times");
    }
}
