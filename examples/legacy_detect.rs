//! Prints how each legacy encoding scores on a file, then the text decoded by
//! auto-detection (or by `--encoding NAME`). For checking detection by hand:
//! `cargo run --example legacy_detect -- FILE [--encoding vni] [--quiet]`.

use solieu::read::legacy::{decode_legacy, rank};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args
        .iter()
        .find(|a| !a.starts_with("--") && !is_value(&args, a))
    else {
        eprintln!("usage: legacy_detect FILE [--encoding NAME] [--quiet]");
        std::process::exit(2);
    };
    let forced = args
        .iter()
        .position(|a| a == "--encoding")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str);
    let quiet = args.iter().any(|a| a == "--quiet");
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    for (name, s) in rank(&bytes) {
        eprintln!(
            "{name:>12}  net {:+.3}  marked valid {:>5} invalid {:>5}  tokens {:>6}",
            s.net(),
            s.valid_marked,
            s.invalid_marked,
            s.tokens
        );
    }
    match decode_legacy(&bytes, forced) {
        Some((text, enc, conf)) => {
            eprintln!("=> {enc} (confidence {conf:.2})");
            if !quiet {
                print!("{text}");
            }
        }
        None => eprintln!("=> not a legacy Vietnamese encoding"),
    }
}

fn is_value(args: &[String], a: &String) -> bool {
    args.iter()
        .position(|x| x == a)
        .is_some_and(|i| i > 0 && args[i - 1] == "--encoding")
}
