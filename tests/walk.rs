//! `find_inputs`: recursive, sorted, deduplicated; other extensions skipped and
//! counted; symlink loops reported without stopping the walk.

use std::fs;
use std::path::PathBuf;

use solieu::model::ErrorKind;
use solieu::read::find_inputs;

fn touch(path: &std::path::Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, "x").unwrap();
}

#[test]
fn walks_sorted_skips_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in [
        "b/2.txt",
        "b/1.DOCX",
        "a.txt",
        "b/c/d/sâu.docx",
        "b/c/bang.xlsx",
        "ghi_chu.md",
        "b/~$khoa.docx",
        "b/c/anh.png",
    ] {
        touch(&root.join(name));
    }
    let explicit_other = root.join("ghi_chu.md");
    let inputs = find_inputs(&[root.to_path_buf(), root.join("a.txt"), explicit_other]);
    let rel: Vec<String> = inputs
        .files
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(rel, ["a.txt", "b/1.DOCX", "b/2.txt", "b/c/d/sâu.docx"]);
    // bang.xlsx, ghi_chu.md (walked), ~$khoa.docx, anh.png, and ghi_chu.md given by name.
    assert_eq!(inputs.skipped, 5);
    assert!(inputs.errors.is_empty(), "{:?}", inputs.errors);
}

#[test]
fn missing_paths_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong_co");
    touch(&dir.path().join("co.txt"));
    let inputs = find_inputs(&[missing.clone(), dir.path().join("co.txt")]);
    let files: Vec<PathBuf> = inputs.files.iter().map(|p| p.into_owned()).collect();
    assert_eq!(files, [dir.path().join("co.txt")]);
    assert_eq!(inputs.errors.len(), 1);
    assert_eq!(inputs.errors[0].0, missing);
    assert_eq!(
        (inputs.errors[0].1.kind, inputs.errors[0].1.message.as_str()),
        (ErrorKind::Io, "file not found")
    );
}

#[cfg(unix)]
#[test]
fn symlinks_followed_loops_reported_files_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("goc");
    touch(&root.join("a/bao_cao.txt"));
    touch(&root.join("z/thang5.docx"));
    // A loop: goc/a/vong -> goc/a
    symlink(root.join("a"), root.join("a/vong")).unwrap();
    // A link to a file already in the tree, and a link to a folder outside it.
    symlink(root.join("z/thang5.docx"), root.join("a/lien_ket.docx")).unwrap();
    touch(&dir.path().join("ngoai/ngoai.txt"));
    symlink(dir.path().join("ngoai"), root.join("ngoai_link")).unwrap();
    let inputs = find_inputs(&[root.clone()]);
    let rel: Vec<PathBuf> = inputs
        .files
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
        .collect();
    // thang5.docx is kept once, under the first of its two paths in sorted order.
    assert_eq!(
        rel,
        [
            PathBuf::from("a/bao_cao.txt"),
            PathBuf::from("a/lien_ket.docx"),
            PathBuf::from("ngoai_link/ngoai.txt")
        ]
    );
    assert_eq!(inputs.errors.len(), 1, "{:?}", inputs.errors);
    let (path, e) = &inputs.errors[0];
    assert_eq!(path, &root.join("a/vong"));
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(e.message.starts_with("symbolic link loop"), "{}", e.message);
}
