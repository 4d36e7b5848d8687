//! The `solieu` binary end to end: exit codes, stdin, --out, --resume, order, bad files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn solieu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_solieu"))
}

fn run(args: &[&str]) -> Output {
    solieu().args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[allow(dead_code)]
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[allow(dead_code)]
fn seed() -> PathBuf {
    root().join("corpus/000_e77d1e97e7429ec4.txt")
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["extract"][..],                          // no PATH
        &["extract", "--resume", "corpus"][..],    // --resume without --out
        &["extract", "--jobs", "0", "corpus"][..], // no workers
        &["extract", "--max-input-size", "12X", "corpus"][..],
        &["extract", "--encoding", "latin9", "corpus"][..],
        &["extract", "--timeout", "-1", "corpus"][..],
        &["extract", "-", "corpus"][..], // stdin with other paths
        &["frobnicate"][..],
        &["eval", "corpus"][..], // no --gold
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "solieu {args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "solieu {args:?} wrote to stdout");
    }
}

#[test]
fn help_explains_flags_with_defaults() {
    let o = run(&["extract", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "--out",
        "--resume",
        "--jobs",
        "--timeout",
        "--max-input-size",
        "[default: 256M]",
        "--encoding",
        "tcvn3",
        "Examples:",
    ] {
        assert!(
            help.contains(needle),
            "extract --help lacks {needle:?}:\n{help}"
        );
    }
}

#[test]
fn schema_command_prints_the_committed_schemas() {
    for (arg, file) in [
        ("document", "document.schema.json"),
        ("finding", "finding.schema.json"),
    ] {
        let o = run(&["schema", arg]);
        assert_eq!(o.status.code(), Some(0));
        let committed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schemas")
                .join(file),
        )
        .unwrap();
        assert!(
            o.stdout == committed,
            "`solieu schema {arg}` differs from schemas/{file}"
        );
    }
    let o = run(&["schema"]);
    assert_eq!(o.stdout, run(&["schema", "document"]).stdout);
}

#[test]
fn stdin_gives_one_record_named_dash() {
    let mut child = solieu()
        .args(["extract", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all("Tổng số đoàn viên là 237 người.\n".as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["source"]["path"], "-");
    assert_eq!(v["source"]["format"], "txt");
    assert_eq!(
        v["source"]["bytes"],
        "Tổng số đoàn viên là 237 người.\n".len()
    );
}
