//! The `solieu` binary end to end: exit codes, stdin, --out, --resume, order, bad files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn solieu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_solieu"))
}

fn run(args: &[&str]) -> Output {
    solieu().args(args).output().expect("the binary runs")
}

/// Runs the binary with `input` on its standard input. The input is written from a thread:
/// more than a pipe's buffer would otherwise block against the output nobody reads yet.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = solieu()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let o = child.wait_with_output().expect("the binary runs");
    writer
        .join()
        .expect("the writer thread ends")
        .expect("all of the input is written");
    o
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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
    let o = run_with_stdin(
        &["extract", "-q", "-"],
        "Tổng số đoàn viên là 237 người.\n".as_bytes(),
    );
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

// ---------------------------------------------------------------------------
// Batches in temporary folders
// ---------------------------------------------------------------------------

/// A small report in UTF-8.
fn report(n: usize) -> String {
    format!(
        "BÁO CÁO\nNăm 2023, tổng số đoàn viên là {} người, trong đó nữ {} người, đạt {}%.\n",
        100 + n,
        40 + n,
        50 + n
    )
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// JSON Lines of a run, parsed.
fn lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn paths_of(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_good_batch_exits_0_in_sorted_order_with_two_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for n in 0..12 {
        // Names whose creation order is not their sorted order.
        let p = dir
            .path()
            .join(format!("{}/r{:02}.txt", ["b", "a", "c"][n % 3], 11 - n));
        write(&p, report(n).as_bytes());
        expected.push(p.display().to_string());
    }
    write(&dir.path().join("notes.md"), b"skipped");
    expected.sort();
    let o = run(&["extract", "--jobs", "2", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let records = lines(&o);
    assert_eq!(paths_of(&records), expected);
    assert!(
        records.iter().all(|r| r.get("error").is_none()),
        "{records:?}"
    );
    let summary = stderr(&o);
    assert!(
        summary.contains("12 documents")
            && summary.contains("0 errors")
            && summary.contains("1 skipped"),
        "{summary}"
    );
}

#[test]
fn bad_files_give_error_records_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a_good.txt"), report(1).as_bytes());
    write(&dir.path().join("b_empty.txt"), b"");
    // Bytes that are text in no encoding: control characters and invalid UTF-8.
    let binary: Vec<u8> = (0..4096u32)
        .map(|i| ((i.wrapping_mul(2654435761) >> 24) as u8 & 0x1f) | (0x80 * (i % 3 == 0) as u8))
        .collect();
    write(&dir.path().join("c_binary.txt"), &binary);
    write(
        &dir.path().join("d_corrupt.docx"),
        b"PK\x03\x04 this is not a zip archive at all",
    );
    write(&dir.path().join("e_good.txt"), report(2).as_bytes());
    let o = run(&["extract", "--jobs", "2", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = lines(&o);
    assert_eq!(records.len(), 5);
    let kind = |i: usize| records[i]["error"]["kind"].as_str().map(str::to_string);
    assert_eq!(kind(0), None);
    assert_eq!(kind(1).as_deref(), Some("empty"));
    assert_eq!(kind(2).as_deref(), Some("encoding"));
    assert!(
        matches!(kind(3).as_deref(), Some("corrupt" | "not_docx")),
        "{:?}",
        records[3]
    );
    assert_eq!(kind(4), None);
    for r in &records[1..4] {
        assert!(r["error"]["message"].as_str().unwrap().len() > 10, "{r}");
    }
    assert!(stderr(&o).contains("3 errors"), "{}", stderr(&o));
}

#[test]
fn a_missing_path_is_an_error_record_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("ok.txt"), report(1).as_bytes());
    let missing = dir.path().join("missing.txt");
    let o = run(&[
        "extract",
        dir.path().join("ok.txt").to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = lines(&o);
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(
        records.iter().any(|r| r["error"]["kind"] == "io"),
        "{records:?}"
    );
}

fn out_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[cfg(unix)]
#[test]
fn out_mirrors_the_tree_and_resume_skips_what_is_done_and_redoes_a_changed_file() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write(&input.path().join("x/one.txt"), report(1).as_bytes());
    write(&input.path().join("x/y/two.txt"), report(2).as_bytes());
    write(&input.path().join("three.txt"), report(3).as_bytes());
    let args = |resume: bool| {
        let mut a = vec![
            "extract",
            "--out",
            out.path().to_str().unwrap(),
            input.path().to_str().unwrap(),
        ];
        if resume {
            a.insert(1, "--resume");
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let o = solieu().args(args(false)).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "--out writes no JSON Lines");
    assert_eq!(
        out_files(out.path()),
        vec![
            PathBuf::from("three.txt.json"),
            PathBuf::from("x/one.txt.json"),
            PathBuf::from("x/y/two.txt.json")
        ]
    );
    let two = out.path().join("x/y/two.txt.json");
    let doc: solieu::model::DocumentRecord =
        serde_json::from_str(&std::fs::read_to_string(&two).unwrap()).unwrap();
    assert_eq!(
        doc.source.path,
        input.path().join("x/y/two.txt").display().to_string()
    );
    assert!(doc.error.is_none());
    let before: Vec<u64> = out_files(out.path())
        .iter()
        .map(|p| inode(&out.path().join(p)))
        .collect();

    // Nothing changed: everything is skipped, no file is rewritten.
    let o = solieu().args(args(true)).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 resumed"), "{}", stderr(&o));
    let after: Vec<u64> = out_files(out.path())
        .iter()
        .map(|p| inode(&out.path().join(p)))
        .collect();
    assert_eq!(before, after);

    // One input changes: only it is redone.
    write(&input.path().join("x/one.txt"), report(7).as_bytes());
    let o = solieu().args(args(true)).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 resumed"), "{}", stderr(&o));
    let again: Vec<u64> = out_files(out.path())
        .iter()
        .map(|p| inode(&out.path().join(p)))
        .collect();
    assert_eq!((again[0], again[2]), (before[0], before[2]));
    assert_ne!(again[1], before[1]);
    let one: solieu::model::DocumentRecord =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("x/one.txt.json")).unwrap())
            .unwrap();
    assert_eq!(
        one.source.sha256,
        solieu::pipeline::sha256_hex(report(7).as_bytes())
    );
    assert_eq!(
        out_files(out.path()).len(),
        3,
        "no temporary file left behind"
    );
}

#[cfg(unix)]
#[test]
fn kill_9_in_the_middle_leaves_only_whole_files_and_resume_finishes() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let seed = std::fs::read(seed()).unwrap();
    let total = 40;
    for n in 0..total {
        // Each copy differs so that each has its own hash.
        let mut bytes = seed.clone();
        bytes.extend_from_slice(format!("\nBản sao {n}.\n").as_bytes());
        write(&input.path().join(format!("d{:03}.txt", n)), &bytes);
    }
    let mut child = solieu()
        .args([
            "extract",
            "-q",
            "--jobs",
            "2",
            "--out",
            out.path().to_str().unwrap(),
            input.path().to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some outputs exist, then kill without warning.
    let start = std::time::Instant::now();
    while walk(out.path()).len() < 3 && start.elapsed() < std::time::Duration::from_secs(120) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("solieu ended before it could be killed: {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let written: Vec<PathBuf> = walk(out.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(!written.is_empty());
    for p in &written {
        let text = std::fs::read_to_string(p).unwrap();
        serde_json::from_str::<solieu::model::DocumentRecord>(&text)
            .unwrap_or_else(|e| panic!("{} is not whole: {e}", p.display()));
    }
    // The rerun finishes the rest and skips what was done.
    let o = run(&[
        "extract",
        "--resume",
        "--out",
        out.path().to_str().unwrap(),
        input.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: Vec<PathBuf> = walk(out.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(json.len(), total);
    assert!(
        stderr(&o).contains(&format!("{} resumed", written.len())) || written.len() == total,
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_runaway_document_becomes_a_timeout_record() {
    let dir = tempfile::tempdir().unwrap();
    // A 20 MB report: far more than 2 s of work in any build; the small one far less.
    let big = report(1).repeat(200_000);
    write(&dir.path().join("a_big.txt"), big.as_bytes());
    write(&dir.path().join("b_small.txt"), report(2).as_bytes());
    let start = std::time::Instant::now();
    let o = run(&["extract", "--timeout", "2", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = lines(&o);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["error"]["kind"], "timeout", "{}", records[0]);
    // The record still names the bytes that were too slow.
    assert_eq!(records[0]["source"]["bytes"], big.len() as u64);
    let sha = records[0]["source"]["sha256"].as_str().unwrap_or_default();
    assert!(
        sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
        "{sha:?}"
    );
    assert!(records[1].get("error").is_none(), "{}", records[1]);
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn empty_stdin_is_an_error_record() {
    let o = solieu()
        .args(["extract", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let records = lines(&o);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["error"]["kind"], "empty");
}

#[test]
fn eval_prints_scores_as_text_and_json() {
    let gold = root().join("fixtures/gold");
    let o = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--json",
        seed().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let scored: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The seed's gold has 154 facts, checked by hand (fixtures/gold).
    assert_eq!(scored["overall"]["gold"], 154);
    assert_eq!(scored["documents"].as_array().unwrap().len(), 1);
    let o = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        seed().to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Overall  precision") && text.contains("recall"),
        "{text}"
    );
    // An input without gold is named, not scored.
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("other.txt"), report(1).as_bytes());
    let o = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--json",
        dir.path().to_str().unwrap(),
    ]);
    let scored: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(scored["overall"]["gold"], 0);
    assert_eq!(scored["without_gold"].as_array().unwrap().len(), 1);
}

#[test]
fn audit_reads_reports_or_extract_output_alike_and_writes_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = seed();
    let direct = run(&["audit", seed_path.to_str().unwrap()]);
    assert_eq!(direct.status.code(), Some(0), "{}", stderr(&direct));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/finding.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let findings: Vec<serde_json::Value> = lines(&direct);
    assert!(
        !findings.is_empty(),
        "the seed has known inconsistencies (fixtures/gold/*.audit.md)"
    );
    for f in &findings {
        assert!(validator.is_valid(f), "{f}");
    }
    // The same findings from the JSON Lines of `extract`.
    let jsonl = dir.path().join("facts.jsonl");
    let extracted = run(&["extract", "-q", seed_path.to_str().unwrap()]);
    std::fs::write(&jsonl, &extracted.stdout).unwrap();
    let md = dir.path().join("audit.md");
    let html = dir.path().join("audit.html");
    let via_jsonl = run(&[
        "audit",
        "--report",
        md.to_str().unwrap(),
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(via_jsonl.status.code(), Some(0), "{}", stderr(&via_jsonl));
    assert_eq!(via_jsonl.stdout, direct.stdout);
    assert!(std::fs::read_to_string(&md).unwrap().len() > 100);
    let o = run(&[
        "audit",
        "--report",
        html.to_str().unwrap(),
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn metrics_file_adds_to_the_catalogue_and_a_missing_one_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("metrics.tsv");
    std::fs::write(&metrics, "xe_cong_vu\tXe công vụ\txe công vụ\n").unwrap();
    let text = "BÁO CÁO\nKết quả công tác năm 2023\n\nNăm 2023, tổng số xe công vụ là 12 chiếc.\n";
    let extract = |extra: &[&str]| {
        let args: Vec<&str> = ["extract", "-q"]
            .iter()
            .chain(extra)
            .chain(&["-"])
            .copied()
            .collect();
        let o = run_with_stdin(&args, text.as_bytes());
        assert_eq!(o.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let facts = v["facts"].as_array().unwrap().clone();
        assert_eq!(facts.len(), 1, "{v}");
        assert_eq!(facts[0]["raw"], "12 chiếc");
        facts[0].get("metric").cloned()
    };
    assert_eq!(extract(&[]), None);
    assert_eq!(
        extract(&["--metrics", metrics.to_str().unwrap()]),
        Some(serde_json::json!("xe_cong_vu"))
    );
    let o = run(&[
        "extract",
        "--metrics",
        dir.path().join("none.tsv").to_str().unwrap(),
        "corpus",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn normalise_prints_the_text_or_the_edits() {
    let input = "Tổng  số\u{a0}là “5” người\n";
    let normalise = |extra: &[&str]| {
        let args: Vec<&str> = ["normalise"]
            .iter()
            .chain(extra)
            .chain(&["-"])
            .copied()
            .collect();
        let o = run_with_stdin(&args, input.as_bytes());
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8(o.stdout).unwrap()
    };
    // Two spaces and a no-break space become one space each; curly quotes straight ones.
    assert_eq!(normalise(&[]), "Tổng số là \"5\" người\n");
    assert_eq!(
        normalise(&["--diff"]),
        "#0 [4..6] \"  \" -> \" \"\n#0 [8..9] \"\\u{a0}\" -> \" \"\n#0 [12..13] \"“\" -> \"\\\"\"\n#0 [14..15] \"”\" -> \"\\\"\"\n"
    );
}

#[test]
fn a_reader_closing_the_pipe_early_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = solieu()
        .args(["extract", "--quiet", "--jobs", "1", "corpus"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "{first:?}");
    // Like `solieu extract corpus | head -1`: the reader goes away after one record.
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_time_limit_applies_to_standard_input_too() {
    let big = report(1).repeat(200_000);
    let o = run_with_stdin(&["extract", "--timeout", "2", "-"], big.as_bytes());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = lines(&o);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["error"]["kind"], "timeout", "{}", records[0]);
    assert!(stderr(&o).contains("time limit"), "{}", stderr(&o));
}
