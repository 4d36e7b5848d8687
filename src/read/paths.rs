//! A list of paths stored back to back in one string.
//!
//! An archive run walks tens of thousands of files before it reads one; as
//! `PathBuf`s (24 bytes plus a heap block each) the list was the one part of a
//! run's memory that grew with the archive. Here a path costs the bytes after the
//! prefix all paths share (the folder given, usually) and one offset, and the list
//! is a few large buffers that go back to the system whole.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Paths in the order they were pushed.
#[derive(Debug, Default, Clone)]
pub struct PathList {
    /// What the paths start with, stored once (see [`PathList::with_prefix`]).
    prefix: String,
    /// The Unicode paths after `prefix`, back to back.
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

    /// An empty list that stores `prefix` once: paths starting with it cost only
    /// the rest of their bytes. Others are still taken, whole.
    pub fn with_prefix(prefix: String) -> Self {
        PathList {
            prefix,
            ..Default::default()
        }
    }

    pub fn push(&mut self, path: &Path) {
        match path
            .to_str()
            .and_then(|s| s.strip_prefix(self.prefix.as_str()))
        {
            Some(rest) if !rest.is_empty() => self.text.push_str(rest),
            _ => self.other.push((self.ends.len(), path.to_path_buf())),
        }
        self.ends.push(self.text.len());
    }

    /// The longest start (whole chars) that every Unicode path of the list shares.
    pub fn common_prefix(&self) -> String {
        let mut common: Option<&str> = None;
        for path in self.iter() {
            let Cow::Borrowed(path) = path else { continue };
            let Some(s) = path.to_str() else { continue };
            let c = common.get_or_insert(s);
            let same = c.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count();
            let mut end = same.min(c.len());
            while !c.is_char_boundary(end) {
                end -= 1;
            }
            *c = &c[..end];
        }
        format!("{}{}", self.prefix, common.unwrap_or(""))
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The path at `index`; panics past the end, like a slice. Borrowed when
    /// the list has no prefix.
    pub fn get(&self, index: usize) -> Cow<'_, Path> {
        let start = match index {
            0 => 0,
            i => self.ends[i - 1],
        };
        let text = &self.text[start..self.ends[index]];
        if text.is_empty() {
            if let Ok(k) = self.other.binary_search_by_key(&index, |(i, _)| *i) {
                return Cow::Borrowed(&self.other[k].1);
            }
        }
        if self.prefix.is_empty() {
            Cow::Borrowed(Path::new(text))
        } else {
            Cow::Owned(PathBuf::from(format!("{}{text}", self.prefix)))
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Cow<'_, Path>> + '_ {
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
        let back: Vec<Cow<Path>> = list.iter().collect();
        let expected: Vec<&Path> = paths.iter().map(Path::new).collect();
        assert_eq!(back, expected);
        assert_eq!(list.get(1), Path::new("/tmp/báo cáo/tháng 5.docx"));
    }

    #[test]
    fn a_shared_prefix_is_stored_once_and_given_back() {
        let paths = [
            "/kho/báo cáo/a.txt",
            "/kho/báo cáo/b/c.docx",
            "/kho/báo cáo",
            "/khác.txt",
        ];
        let mut plain = PathList::new();
        for p in paths {
            plain.push(Path::new(p));
        }
        // Cut on a char boundary: "/kh" then "o"/"á" differ.
        assert_eq!(plain.common_prefix(), "/kh");
        let mut two = PathList::new();
        two.push(Path::new("/kho/báo cáo/a.txt"));
        two.push(Path::new("/kho/báo cáo/b/c.docx"));
        // "a" and "b" differ after "/kho/báo cáo/".
        assert_eq!(two.common_prefix(), "/kho/báo cáo/");
        let mut list = PathList::with_prefix("/kho/báo cáo/".to_string());
        for p in paths {
            list.push(Path::new(p));
        }
        let back: Vec<PathBuf> = list.iter().map(Cow::into_owned).collect();
        let expected: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        assert_eq!(back, expected);
        // Only the two paths under the prefix are stored as their rest.
        assert_eq!(list.text, "a.txtb/c.docx");
    }

    #[test]
    fn the_common_prefix_stops_before_a_split_char() {
        let mut list = PathList::new();
        // "ă" (C4 83) and "ą" (C4 85) share their first byte.
        list.push(Path::new("dă.txt"));
        list.push(Path::new("dą.txt"));
        assert_eq!(list.common_prefix(), "d");
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
        assert_eq!(list.common_prefix(), "");
    }
}
