//! A list of paths stored back to back in one string.
//!
//! An archive run walks tens of thousands of files before it reads one; as
//! `PathBuf`s (24 bytes plus a heap block each) the list was the one part of a
//! run's memory that grew with the archive. Here a path costs its bytes and one
//! offset, and the list is a few large buffers that go back to the system whole.

use std::path::{Path, PathBuf};

/// Paths in the order they were pushed.
#[derive(Debug, Default, Clone)]
pub struct PathList {
    /// The Unicode paths, back to back.
    text: String,
    /// Where each path ends in `text`.
    ends: Vec<usize>,
    /// The paths that are not valid Unicode (rare), by index; their span of
    /// `text` is empty.
    other: Vec<(usize, PathBuf)>,
}

impl PathList {
    pub fn new() -> Self {
        PathList::default()
    }

    pub fn push(&mut self, path: &Path) {
        match path.to_str() {
            Some(s) if !s.is_empty() => self.text.push_str(s),
            _ => self.other.push((self.ends.len(), path.to_path_buf())),
        }
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The path at `index`; panics past the end, like a slice.
    pub fn get(&self, index: usize) -> &Path {
        let start = match index {
            0 => 0,
            i => self.ends[i - 1],
        };
        let text = &self.text[start..self.ends[index]];
        if text.is_empty() {
            if let Ok(k) = self.other.binary_search_by_key(&index, |(i, _)| *i) {
                return &self.other[k].1;
            }
        }
        Path::new(text)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Path> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Frees the spare capacity left by growing.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.other.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_come_back_as_pushed() {
        let mut list = PathList::new();
        let paths = ["a/b.txt", "/tmp/báo cáo/tháng 5.docx", "c", "c"];
        for p in paths {
            list.push(Path::new(p));
        }
        assert_eq!(list.len(), 4);
        let back: Vec<&Path> = list.iter().collect();
        let expected: Vec<&Path> = paths.iter().map(Path::new).collect();
        assert_eq!(back, expected);
        assert_eq!(list.get(1), Path::new("/tmp/báo cáo/tháng 5.docx"));
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_unicode_is_kept_byte_for_byte() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        // "b\xe1o.txt": Latin-1 bytes, as an old archive copied from Windows may have.
        let odd = Path::new(OsStr::from_bytes(b"b\xe1o.txt"));
        let mut list = PathList::new();
        list.push(Path::new("a.txt"));
        list.push(odd);
        list.push(Path::new("c.txt"));
        assert_eq!(list.get(0), Path::new("a.txt"));
        assert_eq!(list.get(1).as_os_str().as_bytes(), b"b\xe1o.txt");
        assert_eq!(list.get(2), Path::new("c.txt"));
    }
}
