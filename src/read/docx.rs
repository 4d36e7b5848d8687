//! .docx: an event reader over zip + quick-xml, namespace-aware and bounded.
//!
//! No DOM: each part (`word/document.xml`, styles, numbering, notes) is inflated
//! through a reader that counts inflated bytes and stops at the size and ratio
//! limits, then read as a stream of XML events borrowed from that buffer. Elements
//! are matched by namespace URI and local name, never by prefix.
//!
//! What comes out, in reading order:
//! - each body paragraph with text is a `Paragraph` block, its heading level and
//!   style id taken from the paragraph's style (Heading N, Title, outline level);
//! - each table cell with text is a `Cell` block (table, row, grid column, spans,
//!   nesting depth); its paragraphs are joined with "\n"; a cell merged down
//!   (vMerge continue) is not a block of its own, the first cell's `row_span` grows;
//! - then footnotes and endnotes, one block each (separators skipped).
//!
//! Headers and footers are not read. Text decisions: `w:tab`/`w:ptab` -> "\t";
//! `w:br`/`w:cr` -> " " (a manual line break inside a paragraph is layout, and a
//! space keeps "Số: 21/BC" or a figure and its unit together); `w:noBreakHyphen`
//! -> "-"; soft hyphens, `w:sym`, field instructions, deleted and moved-away text,
//! and `mc:Fallback` copies of text boxes are dropped; inserted text is kept.
//! A text box's paragraphs become blocks of their own after the paragraph that
//! anchors them (or part of the cell they sit in). Word's automatic list labels
//! ("1.", "a)", "II.", "-") are drawn from `word/numbering.xml` as a first run
//! without a font (`ReadOptions::docx_numbering`). Each run's text goes through
//! `legacy::decode_run` with its resolved font (.VnTime, VNI-Times...).
//!
//! Limits: inflated size and compression ratio per entry (whatever the zip
//! header claims), element nesting, namespace declarations in scope; a DTD is
//! refused; a part that ends with elements still open is damaged.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::{self, Cursor, Read};
use std::mem::ManuallyDrop;
use std::rc::Rc;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceError, PrefixDeclaration, QName};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::model::{BlockKind, CellPos, ErrorKind, RawBlock, RawDocument, Run};

use super::{legacy, ReadError, ReadOptions};

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Strict OOXML (ISO 29500 strict) uses another URI for the same vocabulary.
const W_STRICT_NS: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Below this many inflated bytes the compression ratio is not checked: tiny
/// parts of repetitive XML legitimately compress very well.
const RATIO_FLOOR: u64 = 1024 * 1024;

thread_local! {
    /// Where this thread's parts are inflated, kept from document to document so
    /// that its bytes are set (zeroed) once, not for every part.
    static INFLATED: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// A buffer that grew past this is let go after the document: a thread that kept the largest
/// part it ever met would make peak memory grow with the archive (32 MiB kept: 35.4 MB at
/// 20,000 generated documents against 25.0 MB at 1,000, whose largest parts are 2.9 and
/// 1.6 MB). Typical parts (median 180 kB, real reports 40 kB to 1.6 MB) stay under it.
const KEEP_INFLATED: usize = 1024 * 1024;

/// Reads a .docx held in memory.
pub fn read_docx(bytes: &[u8], opts: &ReadOptions) -> Result<RawDocument, ReadError> {
    let mut buf = INFLATED.take();
    let read = read_with(bytes, opts, &mut buf);
    if buf.capacity() <= KEEP_INFLATED {
        INFLATED.set(buf);
    }
    read
}

fn read_with(
    bytes: &[u8],
    opts: &ReadOptions,
    buf: &mut Vec<u8>,
) -> Result<RawDocument, ReadError> {
    sniff(bytes)?;
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| zip_open_error(bytes))?;
    let main = main_part(&mut archive, opts)?.ok_or_else(|| not_word(&archive))?;
    // The other parts sit beside the main one under their usual names.
    let dir = main.rfind('/').map_or("", |i| &main[..=i]).to_string();
    let part = |name: &str| format!("{dir}{name}");
    let styles = match open_entry(&mut archive, &part("styles.xml"), opts)? {
        Some(entry) => Styles::parse(&inflate(entry, buf), &part("styles.xml"), opts)?,
        None => Styles::default(),
    };
    let numbering = match open_entry(&mut archive, &part("numbering.xml"), opts)? {
        Some(entry) if opts.docx_numbering => {
            Numbering::parse(&inflate(entry, buf), &part("numbering.xml"), opts)?
        }
        _ => Numbering::default(),
    };
    let mut body = Body::new(&styles, &numbering);
    let is_word = match open_entry(&mut archive, &main, opts)? {
        Some(entry) => body.parse(&inflate(entry, buf), &main, b"document", opts)?,
        None => false,
    };
    if !is_word {
        return Err(ReadError::new(
            ErrorKind::NotDocx,
            format!(
                "not a Word document: {main} does not hold a WordprocessingML <w:document>; {}",
                looks_like(&archive)
            ),
        ));
    }
    for (name, kind) in [
        ("footnotes.xml", NoteKind::Footnote),
        ("endnotes.xml", NoteKind::Endnote),
    ] {
        let name = part(name);
        if let Some(entry) = open_entry(&mut archive, &name, opts)? {
            body.note_kind = kind;
            let root: &[u8] = if kind == NoteKind::Footnote {
                b"footnotes"
            } else {
                b"endnotes"
            };
            body.parse(&inflate(entry, buf), &name, root, opts)?;
        }
    }
    let encoding = match body.legacy_fonts.iter().max_by_key(|(_, n)| **n) {
        Some((name, _)) => format!("utf-8+{name}"),
        None => "utf-8".to_string(),
    };
    Ok(RawDocument {
        blocks: body.out.into_iter().flatten().collect(),
        encoding,
        encoding_confidence: 1.0,
    })
}

// ---------------------------------------------------------------------------
// What the bytes are, when they are not a Word document
// ---------------------------------------------------------------------------

/// Rejects files that are plainly something else, with a message that says what.
fn sniff(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::new(
            ErrorKind::Empty,
            "the file is empty (0 bytes)",
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let what = if contains(bytes, &utf16le("EncryptedPackage")) {
            "a password-protected (encrypted) Office document; it cannot be read without the password"
        } else if contains(bytes, &utf16le("WordDocument")) {
            "an old Word 97-2003 .doc file named .docx; save it as .docx to read it"
        } else {
            "an old-style Office file (OLE compound file), such as an old .doc, .xls or a password-protected document"
        };
        return Err(ReadError::new(
            ErrorKind::NotDocx,
            format!("not a .docx: this is {what}"),
        ));
    }
    if bytes.starts_with(b"PK") {
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(512)];
    let what = if head.starts_with(b"{\\rtf") {
        "an RTF document named .docx".to_string()
    } else if contains(head, b"<w:wordDocument") || contains(head, b"<pkg:package") {
        "a Word 2003 XML document named .docx".to_string()
    } else if contains(&head.to_ascii_lowercase(), b"<html") {
        "a web page (HTML) named .docx".to_string()
    } else {
        let shown: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02X}")).collect();
        format!(
            "not a zip archive (it starts with the bytes {})",
            shown.join(" ")
        )
    };
    Err(ReadError::new(
        ErrorKind::NotDocx,
        format!("not a .docx: {what}"),
    ))
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// How far [`mentions_xmlns`] moves its window on from the byte at the window's end:
/// to where that byte would stand in "xmlns", past it when it is not in the word.
/// 0 for the final `s`: compare, then move past.
const XMLNS_SHIFT: [u8; 256] = {
    let mut shift = [5u8; 256];
    shift[b'x' as usize] = 4;
    shift[b'm' as usize] = 3;
    shift[b'l' as usize] = 2;
    shift[b'n' as usize] = 1;
    shift[b's' as usize] = 0;
    shift
};

/// Whether a start tag's attributes mention "xmlns" (asked of every tag, so it is
/// cheap). It looks at the last byte of a five-byte window: most bytes of Word's
/// attributes (digits, quotes, `w:val`) are not in the word, and the window moves
/// five bytes on.
fn mentions_xmlns(raw: &[u8]) -> bool {
    const WORD: &[u8; 5] = b"xmlns";
    // The shortest declaration, ` xmlns=""`, has 9 bytes; most tags have fewer.
    if raw.len() < 9 {
        return false;
    }
    let mut end = WORD.len();
    while let Some(&last) = raw.get(end - 1) {
        let shift = XMLNS_SHIFT[last as usize] as usize;
        if shift == 0 {
            if &raw[end - WORD.len()..end] == WORD {
                return true;
            }
            end += WORD.len();
        } else {
            end += shift;
        }
    }
    false
}

/// The zip crate's own words ("Could not find EOCD") mean nothing to a user,
/// so they are not passed on.
fn zip_open_error(bytes: &[u8]) -> ReadError {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        ReadError::new(
            ErrorKind::Corrupt,
            "the file is cut off or damaged: its zip table of contents, kept at the end of the file, cannot be read",
        )
    } else {
        ReadError::new(
            ErrorKind::NotDocx,
            "not a .docx: not a zip archive".to_string(),
        )
    }
}

/// The path of the main document part: `word/document.xml`, or what the
/// package's `_rels/.rels` names as the office document (a few tools write
/// `word/document2.xml`). None when neither is in the zip.
fn main_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    opts: &ReadOptions,
) -> Result<Option<String>, ReadError> {
    const DEFAULT: &str = "word/document.xml";
    if archive.index_for_name(DEFAULT).is_some() {
        return Ok(Some(DEFAULT.to_string()));
    }
    let Some(rels) = open_entry(archive, "_rels/.rels", opts)? else {
        return Ok(None);
    };
    let mut buf = Vec::new();
    let rels = inflate(rels, &mut buf);
    let mut reader = xml_reader(&rels);
    let mut target = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                let mut is_main = false;
                let mut t = None;
                for a in e.attributes().with_checks(false).flatten() {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .map(Cow::into_owned);
                    match a.key.local_name().as_ref() {
                        b"Type" => is_main = value.is_some_and(|v| v.ends_with("/officeDocument")),
                        b"Target" => t = value,
                        _ => {}
                    }
                }
                if is_main {
                    target = t;
                    break;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    drop(reader);
    Ok(target
        .map(|t| t.trim_start_matches('/').to_string())
        .filter(|t| archive.index_for_name(t).is_some()))
}

/// A zip without word/document.xml: say what it looks like instead.
fn not_word<R: Read + io::Seek>(archive: &ZipArchive<R>) -> ReadError {
    ReadError::new(
        ErrorKind::NotDocx,
        format!(
            "not a Word document: the zip has no word/document.xml; {}",
            looks_like(archive)
        ),
    )
}

/// What a zip that is not a Word document seems to be.
fn looks_like<R: Read + io::Seek>(archive: &ZipArchive<R>) -> &'static str {
    let has = |prefix: &str| archive.file_names().any(|n| n.starts_with(prefix));
    if has("xl/") {
        "it looks like an Excel workbook (.xlsx)"
    } else if has("ppt/") {
        "it looks like a PowerPoint presentation (.pptx)"
    } else if archive.file_names().any(|n| n == "content.xml") {
        "it looks like an OpenDocument file (.odt/.ods)"
    } else {
        "it is a zip archive without a Word document inside"
    }
}

// ---------------------------------------------------------------------------
// Bounded zip entries
// ---------------------------------------------------------------------------

/// Marks the I/O error a limit raised, so it is reported as a limit and not as damage.
#[derive(Debug)]
struct LimitHit(String);

impl std::fmt::Display for LimitHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LimitHit {}

/// Counts the inflated bytes of one entry and stops at the size and ratio limits,
/// whatever the zip header claims.
struct Bounded<R> {
    inner: R,
    name: String,
    read: u64,
    max: u64,
    compressed: u64,
    ratio: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.max {
            return Err(io::Error::other(LimitHit(format!(
                "{} inflates to more than {} bytes, the limit on inflated size (a zip bomb?)",
                self.name, self.max
            ))));
        }
        if self.read > RATIO_FLOOR && self.read > self.compressed.saturating_mul(self.ratio) {
            return Err(io::Error::other(LimitHit(format!(
                "{} inflates more than {} times its compressed size of {} bytes, over the compression ratio limit (a zip bomb?)",
                self.name, self.ratio, self.compressed
            ))));
        }
        Ok(n)
    }
}

type Entry<'z, 'b> = Bounded<zip::read::ZipFile<'z, Cursor<&'b [u8]>>>;

/// Opens one entry, after checking what its header declares.
fn open_entry<'z, 'b>(
    archive: &'z mut ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Option<Entry<'z, 'b>>, ReadError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(what)) if what == ZipError::PASSWORD_REQUIRED => {
            return Err(ReadError::new(
                ErrorKind::NotDocx,
                format!("{name} is encrypted inside the zip (a password is needed)"),
            ))
        }
        Err(ZipError::UnsupportedArchive(what)) => {
            return Err(ReadError::new(
                ErrorKind::Corrupt,
                format!("{name} cannot be unpacked: {what}"),
            ))
        }
        Err(ZipError::CompressionMethodNotSupported(m)) => {
            return Err(ReadError::new(
                ErrorKind::Corrupt,
                format!("{name} is compressed with a method solieu does not read (zip method {m})"),
            ))
        }
        Err(e) => {
            return Err(ReadError::new(
                ErrorKind::Corrupt,
                format!("{name} cannot be unpacked: the zip is damaged ({e})"),
            ))
        }
    };
    let (size, compressed) = (file.size(), file.compressed_size());
    if size > opts.max_inflated_bytes {
        return Err(ReadError::new(
            ErrorKind::Limit,
            format!(
                "{name} would inflate to {size} bytes, over the limit on inflated size of {} bytes",
                opts.max_inflated_bytes
            ),
        ));
    }
    if size > RATIO_FLOOR && size > compressed.saturating_mul(opts.max_compression_ratio) {
        return Err(ReadError::new(
            ErrorKind::Limit,
            format!(
                "{name} would inflate from {compressed} to {size} bytes, over the compression ratio limit of {} (a zip bomb?)",
                opts.max_compression_ratio
            ),
        ));
    }
    let bounded = Bounded {
        inner: file,
        name: name.to_string(),
        read: 0,
        max: opts.max_inflated_bytes,
        compressed,
        ratio: opts.max_compression_ratio,
    };
    Ok(Some(bounded))
}

/// How much an entry is asked for at a time: what the streaming reader this
/// replaced asked for, so that a limit or damage stops inflating at the same byte.
const CHUNK: usize = 64 * 1024;

/// One part inflated into memory: events borrow from it instead of being copied.
struct Part<'b> {
    data: &'b [u8],
    /// The error (a limit, damage) that stopped inflating before the end. The XML
    /// before it is still read, so that a fault in it is reported first, as when
    /// the part was parsed while it inflated.
    cut: Option<Arc<io::Error>>,
}

/// Inflates an entry into `buf`, within the limits `Bounded` keeps. `buf` keeps
/// its length (bytes already set) from part to part; the part is its start.
fn inflate<'b>(mut entry: Entry, buf: &'b mut Vec<u8>) -> Part<'b> {
    let mut filled = 0;
    let cut = loop {
        if buf.len() < filled + CHUNK {
            buf.resize(filled + CHUNK, 0);
        }
        match entry.read(&mut buf[filled..filled + CHUNK]) {
            Ok(0) => break None,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Some(Arc::new(e)),
        }
    };
    Part {
        data: &buf[..filled],
        cut,
    }
}

/// An XML reader over a part, configured strictly (end tags must match).
fn xml_reader<'a>(part: &Part<'a>) -> XmlReader<'a> {
    let mut reader = Reader::from_reader(part.data);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    // Positions count from after a byte order mark.
    let bom = if part.data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    XmlReader {
        reader,
        end: (part.data.len() - bom) as u64,
        cut: part.cut.clone(),
        bindings: Vec::new(),
        level: 0,
        pending_pop: false,
        declares: false,
        generation: 0,
        last_prefix: Cell::new(None),
    }
}

// ---------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------

const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &[u8] = b"http://www.w3.org/2000/xmlns/";
/// Declarations one start tag may make (quick-xml's default limit, kept).
const MAX_DECLARATIONS_PER_ELEMENT: usize = 256;

/// The namespace of a name, as far as this reader tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// WordprocessingML, transitional or strict.
    W,
    /// Markup compatibility (`mc:Fallback`).
    Mc,
    /// Bound to another namespace (including `xml:`).
    Other,
    /// No namespace: an unprefixed attribute, or an element with no default namespace.
    Unbound,
    /// A prefix that is not declared (or whose declaration was reset with `xmlns:p=""`).
    Unknown,
}

/// One `xmlns` / `xmlns:p` declaration in scope.
struct Binding {
    /// Empty for the default namespace.
    prefix: Vec<u8>,
    ns: Ns,
    /// Nesting level of the element that declared it.
    level: usize,
}

/// A prefix lookup kept: (generation, [`prefix_key`] of the prefix, answer).
type PrefixAnswer = (u64, u64, Ns);

/// A prefix of up to 7 bytes and its length packed into one number, so that the
/// prefix last looked up is recognised by one comparison.
fn prefix_key(p: &[u8]) -> Option<u64> {
    (p.len() <= 7).then(|| p.iter().fold(p.len() as u64, |k, &b| (k << 8) | b as u64))
}

/// A name split at its first ':' as quick-xml's `QName::decompose` splits it, by a
/// plain loop: names are a few bytes long, shorter than a search call's setup.
fn split_name(name: &[u8]) -> (Option<&[u8]>, &[u8]) {
    match name.iter().position(|&b| b == b':') {
        Some(i) => (Some(&name[..i]), &name[i + 1..]),
        None => (None, name),
    }
}

/// quick-xml's `Reader` with the namespace scopes kept here, to the same rules and
/// errors as its `NsReader`, but looking for declarations only in start tags whose
/// attributes mention "xmlns" (`NsReader` parses every tag's attributes for them,
/// a sixth of the time spent reading a document), and resolving a prefix only to
/// the few namespaces the parsers tell apart.
struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    /// Position of the end of the input.
    end: u64,
    /// Why the input stops short of the part's end (see [`Part::cut`]).
    cut: Option<Arc<io::Error>>,
    bindings: Vec<Binding>,
    level: usize,
    /// The scope of the last empty or end tag closes before the next event.
    pending_pop: bool,
    /// Whether the last start tag mentioned "xmlns" (it may declare namespaces).
    declares: bool,
    /// Changes whenever a binding comes or goes, so that answers can be kept.
    generation: u64,
    /// The last prefix looked up (up to 8 bytes) and its namespace, for this generation.
    last_prefix: Cell<Option<PrefixAnswer>>,
}

impl<'a> XmlReader<'a> {
    #[inline(always)]
    fn read_event(&mut self) -> quick_xml::Result<Event<'a>> {
        // (The body parser takes these steps itself, with the event never dropped:
        // going through here cost its loop 7 M instructions over 50 reports.)
        self.close_scope();
        let event = match self.reader.read_event() {
            Ok(event) => event,
            Err(e) => return Err(self.cut_short(e)),
        };
        if let Some(e) = self.cut_at(&event) {
            return Err(e);
        }
        match &event {
            Event::Start(e) => self.push(e)?,
            Event::Empty(e) => {
                self.push(e)?;
                self.pending_pop = true;
            }
            Event::End(_) => self.pending_pop = true,
            _ => {}
        }
        Ok(event)
    }

    /// Closes the scope of the last empty or end tag, before the next event.
    #[inline(always)]
    fn close_scope(&mut self) {
        if self.pending_pop {
            self.pending_pop = false;
            self.level = self.level.saturating_sub(1);
            while self.bindings.last().is_some_and(|b| b.level > self.level) {
                self.bindings.pop();
                self.generation += 1;
            }
        }
    }

    /// In a part cut short, the end of the input (or text running to it) is where
    /// more was needed: the part's own error counts.
    #[inline(always)]
    fn cut_at(&self, event: &Event) -> Option<quick_xml::Error> {
        let cut = self.cut.as_ref()?;
        let text_to_end =
            matches!(event, Event::Text(_)) && self.reader.buffer_position() >= self.end;
        (matches!(event, Event::Eof) || text_to_end).then(|| quick_xml::Error::Io(cut.clone()))
    }

    /// An error met where a part cut short ends is that cut (the reader that
    /// parsed while inflating would have asked for more bytes and got it).
    #[cold]
    fn cut_short(&self, e: quick_xml::Error) -> quick_xml::Error {
        let Some(cut) = &self.cut else { return e };
        let at_end = self.reader.buffer_position() >= self.end;
        let needed_more = match &e {
            // Every syntax error is input that ends too soon; "<" or "<!" at the
            // very end is reported without moving the position.
            quick_xml::Error::Syntax(_) => at_end || self.reader.get_ref().len() <= 2,
            quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::UnclosedReference) => {
                at_end
            }
            _ => false,
        };
        if needed_more {
            quick_xml::Error::Io(cut.clone())
        } else {
            e
        }
    }

    #[inline(always)]
    fn push(&mut self, e: &BytesStart) -> Result<(), NamespaceError> {
        self.level += 1;
        self.declares = mentions_xmlns(e.attributes_raw());
        if self.declares {
            self.declare(e)?;
        }
        Ok(())
    }

    /// Takes in the namespace declarations of a start tag that mentions "xmlns".
    fn declare(&mut self, e: &BytesStart) -> Result<(), NamespaceError> {
        let mut count = 0;
        for a in e.attributes().with_checks(false) {
            let Ok(a) = a else { break };
            let Some(declared) = a.key.as_namespace_binding() else {
                continue;
            };
            if count >= MAX_DECLARATIONS_PER_ELEMENT {
                return Err(NamespaceError::TooManyDeclarations(
                    MAX_DECLARATIONS_PER_ELEMENT,
                ));
            }
            count += 1;
            let uri: &[u8] = &a.value;
            let ns = match uri {
                W_NS | W_STRICT_NS => Ns::W,
                MC_NS => Ns::Mc,
                b"" => Ns::Unknown,
                _ => Ns::Other,
            };
            let prefix = match declared {
                PrefixDeclaration::Default => Vec::new(),
                PrefixDeclaration::Named(b"xml") => {
                    if uri != XML_NS {
                        return Err(NamespaceError::InvalidXmlPrefixBind(uri.to_vec()));
                    }
                    continue;
                }
                PrefixDeclaration::Named(b"xmlns") => {
                    return Err(NamespaceError::InvalidXmlnsPrefixBind(uri.to_vec()));
                }
                PrefixDeclaration::Named(p) => {
                    if uri == XML_NS {
                        return Err(NamespaceError::InvalidPrefixForXml(p.to_vec()));
                    }
                    if uri == XMLNS_NS {
                        return Err(NamespaceError::InvalidPrefixForXmlns(p.to_vec()));
                    }
                    p.to_vec()
                }
            };
            self.bindings.push(Binding {
                prefix,
                ns,
                level: self.level,
            });
            self.generation += 1;
        }
        Ok(())
    }

    /// The namespace of a prefix; `None` is the default namespace (element names).
    #[inline(always)]
    fn lookup(&self, prefix: Option<&[u8]>) -> Ns {
        // Nearly every name has the same prefix (w:): asked once per generation.
        if let (Some(p), Some((generation, key, ns))) = (prefix, self.last_prefix.get()) {
            if generation == self.generation && prefix_key(p) == Some(key) {
                return ns;
            }
        }
        self.lookup_slow(prefix)
    }

    fn lookup_slow(&self, prefix: Option<&[u8]>) -> Ns {
        match prefix {
            None => match self.bindings.iter().rev().find(|b| b.prefix.is_empty()) {
                // `xmlns=""` resets the default namespace to none.
                Some(b) if b.ns == Ns::Unknown => Ns::Unbound,
                Some(b) => b.ns,
                None => Ns::Unbound,
            },
            Some(b"xml" | b"xmlns") => Ns::Other,
            Some(p) => {
                let short = prefix_key(p);
                // An empty prefix (":name") names no binding, not the default one.
                let ns = self
                    .bindings
                    .iter()
                    .rev()
                    .find(|b| !b.prefix.is_empty() && b.prefix == p)
                    .map_or(Ns::Unknown, |b| b.ns);
                if let Some(key) = short {
                    self.last_prefix.set(Some((self.generation, key, ns)));
                }
                ns
            }
        }
    }

    /// An element's namespace and local name.
    fn element<'n>(&self, name: QName<'n>) -> (Ns, &'n [u8]) {
        let (prefix, local) = split_name(name.into_inner());
        (self.lookup(prefix), local)
    }

    /// An attribute's namespace: unprefixed attributes are in none.
    fn attribute(&self, key: QName) -> Ns {
        match key.prefix() {
            None => Ns::Unbound,
            Some(p) => self.lookup(Some(p.into_inner())),
        }
    }

    fn buffer_position(&self) -> u64 {
        self.reader.buffer_position()
    }

    fn error_position(&self) -> u64 {
        self.reader.error_position()
    }
}

/// Turns a quick-xml error into a limit or a plain "damaged" message with the byte position.
#[cold]
fn xml_error(reader: &XmlReader, part: &str, e: quick_xml::Error) -> ReadError {
    if let quick_xml::Error::Io(io) = &e {
        if let Some(hit) = io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<LimitHit>())
        {
            return ReadError::new(ErrorKind::Limit, hit.0.clone());
        }
        return ReadError::new(
            ErrorKind::Corrupt,
            format!("the compressed data of {part} is damaged or cut off ({io})"),
        );
    }
    ReadError::new(
        ErrorKind::Corrupt,
        format!(
            "{part} is not well-formed XML at byte {}: {e}",
            reader.error_position()
        ),
    )
}

fn too_deep(part: &str, max: usize) -> ReadError {
    ReadError::new(
        ErrorKind::Limit,
        format!("{part} nests XML elements more than {max} deep (tables inside tables?), over the nesting limit"),
    )
}

fn cut_off(part: &str, open: usize, pos: u64) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!("{part} ends at byte {pos} with {open} element(s) still open: the file is cut off or damaged"),
    )
}

/// Office Open XML parts may not hold a DTD (ECMA-376 Part 2, M1.17) and Word never
/// writes one; it is how entity-expansion bombs and external entities get in.
fn dtd_refused(part: &str) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!("{part} declares a DTD (<!DOCTYPE ...>), which Office documents may not hold: refused, so that no entity is expanded (an entity-expansion attack?)"),
    )
}

/// Text whose bytes are not UTF-8, located exactly: `end` is the reader's position
/// just after the text.
fn bad_text(part: &str, text: &[u8], end: u64) -> ReadError {
    let valid = std::str::from_utf8(text)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let pos = end.saturating_sub(text.len() as u64) + valid as u64;
    ReadError::new(
        ErrorKind::Corrupt,
        format!("{part} has bytes that are not UTF-8 at byte {pos}: it is damaged, or cut off in the middle of a character"),
    )
}

/// An element's local name when it is in the WordprocessingML namespace, else empty
/// (so that a `match` on `w:` names never takes an element of another namespace).
fn w_local<'n>(reader: &XmlReader, e: &'n BytesStart) -> &'n [u8] {
    let (ns, local) = reader.element(e.name());
    if ns == Ns::W {
        local
    } else {
        b""
    }
}

/// What a parser keeps of an element's name on its stack: the name itself when it is
/// one of those the parser looks for there, else empty (no copy per element).
fn kept_name(local: &[u8], kept: &[&'static [u8]]) -> &'static [u8] {
    kept.iter()
        .copied()
        .find(|k| *k == local)
        .unwrap_or_default()
}

/// The value of a `w:` attribute (also accepted without a prefix), unescaped.
fn w_attr(reader: &XmlReader, e: &BytesStart, local: &[u8]) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == local
            && matches!(reader.attribute(a.key), Ns::W | Ns::Unbound)
        {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Styles: fonts and heading levels
// ---------------------------------------------------------------------------

/// A font as a level of the style hierarchy sets it.
#[derive(Debug, Clone, PartialEq)]
enum Font {
    /// Shared: a run's fonts are copied from the last identical `w:rFonts` tag.
    Named(Rc<str>),
    /// A theme font (`w:asciiTheme`): a modern font, never a legacy encoding.
    Theme,
}

/// The fonts one `w:rFonts` sets (None = inherited).
#[derive(Debug, Clone, Default)]
struct Fonts {
    ascii: Option<Font>,
    hansi: Option<Font>,
}

impl Fonts {
    /// One pass over the attributes (a run's `w:rFonts` is read for every run, so
    /// this is hot): the first `w:` attribute of each of the four names counts, as
    /// in [`w_attr`], and only the font names are unescaped into strings.
    fn read(reader: &XmlReader, e: &BytesStart) -> Fonts {
        const NAMES: [&[u8]; 4] = [b"asciiTheme", b"ascii", b"hAnsiTheme", b"hAnsi"];
        // Per name: None = not met yet; Some(value) = the first one met, value None
        // when it could not be unescaped.
        let mut found: [Option<Option<String>>; 4] = [None, None, None, None];
        for a in e.attributes().with_checks(false).flatten() {
            let local = a.key.local_name();
            let Some(i) = NAMES.iter().position(|n| *n == local.as_ref()) else {
                continue;
            };
            if found[i].is_some() {
                continue;
            }
            if !matches!(reader.attribute(a.key), Ns::W | Ns::Unbound) {
                continue;
            }
            // A theme attribute only counts by being there with a readable value.
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok();
            found[i] = Some(value.map(|v| {
                if i % 2 == 0 {
                    String::new()
                } else {
                    v.into_owned()
                }
            }));
        }
        let [ascii_theme, ascii, hansi_theme, hansi] = found;
        let pick = |theme: Option<Option<String>>, name: Option<Option<String>>| {
            if theme.flatten().is_some() {
                Some(Font::Theme)
            } else {
                name.flatten().map(|n| Font::Named(n.into()))
            }
        };
        Fonts {
            ascii: pick(ascii_theme, ascii),
            hansi: pick(hansi_theme, hansi),
        }
    }
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    fonts: Fonts,
    outline: Option<u8>,
    /// Heading level the style's name implies ("heading 2" -> 2, "Title" -> 1).
    named_level: Option<u8>,
    /// The list the style's paragraphs are numbered in (`w:numPr`).
    num_id: Option<String>,
    num_level: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
    defaults: Fonts,
    default_para: Option<String>,
}

/// Chains of `basedOn` are followed at most this far (they may loop in bad files).
const MAX_CHAIN: usize = 32;

impl Styles {
    fn parse(input: &Part, part: &str, opts: &ReadOptions) -> Result<Styles, ReadError> {
        let mut reader = xml_reader(input);
        let mut styles = Styles::default();
        let mut stack: Vec<&[u8]> = Vec::new();
        let mut current: Option<(String, Style)> = None;
        let mut in_defaults = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(&reader, part, e))?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let local = w_local(&reader, e);
                    match local {
                        b"style" => {
                            let id = w_attr(&reader, e, b"styleId").unwrap_or_default();
                            if w_attr(&reader, e, b"default")
                                .is_some_and(|v| v == "1" || v == "true")
                                && w_attr(&reader, e, b"type").as_deref() == Some("paragraph")
                            {
                                styles.default_para = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                        }
                        b"docDefaults" => in_defaults = true,
                        b"name" => {
                            if let (Some((_, style)), Some(name)) =
                                (current.as_mut(), w_attr(&reader, e, b"val"))
                            {
                                style.named_level = level_from_name(&name);
                            }
                        }
                        b"basedOn" => {
                            if let Some((_, style)) = current.as_mut() {
                                style.based_on = w_attr(&reader, e, b"val");
                            }
                        }
                        b"outlineLvl" => {
                            if let Some((_, style)) = current.as_mut() {
                                style.outline =
                                    w_attr(&reader, e, b"val").and_then(|v| outline_level(&v));
                            }
                        }
                        b"numId" | b"ilvl" if stack.last().is_some_and(|p| p == b"numPr") => {
                            if let Some((_, style)) = current.as_mut() {
                                let val = w_attr(&reader, e, b"val");
                                if local == b"numId" {
                                    style.num_id = val;
                                } else {
                                    style.num_level = val.and_then(|v| v.trim().parse().ok());
                                }
                            }
                        }
                        b"rFonts" if stack.last().is_some_and(|p| p == b"rPr") => {
                            let fonts = Fonts::read(&reader, e);
                            if let Some((_, style)) = current.as_mut() {
                                style.fonts = fonts;
                            } else if in_defaults {
                                styles.defaults = fonts;
                            }
                        }
                        _ => {}
                    }
                    if !empty {
                        if stack.len() >= opts.max_nesting {
                            return Err(too_deep(part, opts.max_nesting));
                        }
                        stack.push(kept_name(
                            local,
                            &[b"style", b"docDefaults", b"numPr", b"rPr"],
                        ));
                    } else if local == b"style" {
                        if let Some((id, style)) = current.take() {
                            styles.styles.insert(id, style);
                        }
                    }
                }
                Event::End(_) => {
                    let local = stack.pop().unwrap_or_default();
                    match local {
                        b"style" => {
                            if let Some((id, style)) = current.take() {
                                styles.styles.insert(id, style);
                            }
                        }
                        b"docDefaults" => in_defaults = false,
                        _ => {}
                    }
                }
                Event::DocType(_) => return Err(dtd_refused(part)),
                Event::Eof => {
                    if !stack.is_empty() {
                        return Err(cut_off(part, stack.len(), reader.buffer_position()));
                    }
                    break;
                }
                _ => {}
            }
        }
        Ok(styles)
    }

    /// Walks a style and its `basedOn` ancestors, returning the first `Some`.
    fn find<T>(&self, id: Option<&str>, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id?;
        for _ in 0..MAX_CHAIN {
            let style = self.styles.get(id)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    /// The effective font of a run: direct formatting, then the run's character
    /// style, the paragraph style, the document defaults; hAnsi (the font of
    /// non-ASCII characters) before ascii. Theme fonts count as no font.
    fn run_font(
        &self,
        direct: &Fonts,
        run_style: Option<&str>,
        para_style: Option<&str>,
    ) -> Option<Rc<str>> {
        let para_style = para_style.or(self.default_para.as_deref());
        let resolve = |get: fn(&Fonts) -> &Option<Font>| -> Option<Font> {
            get(direct)
                .clone()
                .or_else(|| self.find(run_style, |s| get(&s.fonts).clone()))
                .or_else(|| self.find(para_style, |s| get(&s.fonts).clone()))
                .or_else(|| get(&self.defaults).clone())
        };
        match resolve(|f| &f.hansi).or_else(|| resolve(|f| &f.ascii)) {
            Some(Font::Named(name)) => Some(name),
            _ => None,
        }
    }

    fn heading_level(&self, para_style: Option<&str>) -> Option<u8> {
        self.find(para_style, |s| s.outline.or(s.named_level))
    }
}

/// "heading 3" -> 3, "Title" -> 1 (names are case-insensitive in Word).
fn level_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let n: u8 = lower.strip_prefix("heading")?.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// `w:outlineLvl` counts from 0; 9 means body text.
fn outline_level(val: &str) -> Option<u8> {
    let n: u8 = val.trim().parse().ok()?;
    (n < 9).then_some(n + 1)
}

// ---------------------------------------------------------------------------
// Numbering: the list labels Word draws ("1.", "a)", "II.", "-")
// ---------------------------------------------------------------------------

/// One level of an abstract list.
#[derive(Debug, Clone)]
struct ListLevel {
    start: u32,
    /// `w:numFmt`: decimal, upperRoman, lowerLetter, bullet, none, ...
    format: String,
    /// `w:lvlText`: "%1.", "%1.%2.", "-".
    text: String,
    /// What follows the label: a tab (Word's default), a space or nothing.
    suffix: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId -> its nine levels.
    abstracts: HashMap<String, Vec<Option<ListLevel>>>,
    /// numId -> (abstractNumId, start overrides per level).
    nums: HashMap<String, (String, Vec<(u8, u32)>)>,
}

impl Numbering {
    fn parse(input: &Part, part: &str, opts: &ReadOptions) -> Result<Numbering, ReadError> {
        let mut reader = xml_reader(input);
        let mut numbering = Numbering::default();
        let mut stack: Vec<&[u8]> = Vec::new();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(usize, ListLevel)> = None;
        let mut override_level: Option<u8> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(&reader, part, e))?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let local = w_local(&reader, e);
                    let val = || w_attr(&reader, e, b"val");
                    let in_level = stack.last().is_some_and(|p| p == b"lvl");
                    match local {
                        b"abstractNum" => abstract_id = w_attr(&reader, e, b"abstractNumId"),
                        b"num" => num_id = w_attr(&reader, e, b"numId"),
                        b"lvl" if stack.last().is_some_and(|p| p == b"abstractNum") => {
                            let ilvl = w_attr(&reader, e, b"ilvl")
                                .and_then(|v| v.trim().parse::<usize>().ok());
                            level = ilvl.filter(|&l| l < 9).map(|l| {
                                let blank = ListLevel {
                                    start: 1,
                                    format: "decimal".into(),
                                    text: String::new(),
                                    suffix: "\t".into(),
                                };
                                (l, blank)
                            });
                        }
                        b"start" if in_level => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                                l.start = v.trim().parse().unwrap_or(1);
                            }
                        }
                        b"numFmt" if in_level => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                                l.format = v;
                            }
                        }
                        b"lvlText" if in_level => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                                l.text = v;
                            }
                        }
                        b"suff" if in_level => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                                l.suffix = match v.as_str() {
                                    "space" => " ".into(),
                                    "nothing" => String::new(),
                                    _ => "\t".into(),
                                };
                            }
                        }
                        b"abstractNumId" if stack.last().is_some_and(|p| p == b"num") => {
                            if let (Some(id), Some(v)) = (num_id.as_ref(), val()) {
                                numbering
                                    .nums
                                    .entry(id.clone())
                                    .or_insert_with(|| (String::new(), Vec::new()))
                                    .0 = v;
                            }
                        }
                        b"lvlOverride" => {
                            override_level =
                                w_attr(&reader, e, b"ilvl").and_then(|v| v.trim().parse().ok());
                        }
                        b"startOverride" => {
                            if let (Some(id), Some(l), Some(v)) =
                                (num_id.as_ref(), override_level, val())
                            {
                                let start = v.trim().parse().unwrap_or(1);
                                numbering
                                    .nums
                                    .entry(id.clone())
                                    .or_insert_with(|| (String::new(), Vec::new()))
                                    .1
                                    .push((l, start));
                            }
                        }
                        _ => {}
                    }
                    if !empty {
                        if stack.len() >= opts.max_nesting {
                            return Err(too_deep(part, opts.max_nesting));
                        }
                        stack.push(kept_name(local, &[b"lvl", b"abstractNum", b"num"]));
                    } else if local == b"lvl" {
                        numbering.finish_level(abstract_id.as_ref(), level.take());
                    }
                }
                Event::End(_) => {
                    let local = stack.pop().unwrap_or_default();
                    match local {
                        b"lvl" => numbering.finish_level(abstract_id.as_ref(), level.take()),
                        b"abstractNum" => abstract_id = None,
                        b"num" => num_id = None,
                        _ => {}
                    }
                }
                Event::Eof => {
                    if !stack.is_empty() {
                        return Err(cut_off(part, stack.len(), reader.buffer_position()));
                    }
                    break;
                }
                _ => {}
            }
        }
        Ok(numbering)
    }

    fn finish_level(&mut self, abstract_id: Option<&String>, level: Option<(usize, ListLevel)>) {
        if let (Some(id), Some((l, level))) = (abstract_id, level) {
            let levels = self
                .abstracts
                .entry(id.clone())
                .or_insert_with(|| vec![None; 9]);
            levels[l] = Some(level);
        }
    }
}

/// A list counter as `w:numFmt` writes it. Formats solieu does not know are decimal.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "decimalZero" => format!("{n:02}"),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, digits) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Word's letter numbering: A..Z, then AA..ZZ, AAA..
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = (b'A' + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(50) as usize).collect()
}

// ---------------------------------------------------------------------------
// Body, tables, notes
// ---------------------------------------------------------------------------

/// Most namespace declarations in scope at once. Every element name is looked
/// up through the declarations in scope, so thousands of them (nested elements
/// each declaring hundreds) would make reading quadratic. Word declares ~30.
const MAX_NAMESPACES: usize = 1024;

/// Counts the namespace declarations in scope.
#[derive(Default)]
struct NsScopes {
    active: usize,
    /// (depth of the declaring element, how many it declared)
    levels: Vec<(usize, usize)>,
}

impl NsScopes {
    /// `declares`: whether the tag mentions "xmlns" at all (the reader has looked).
    fn open(
        &mut self,
        e: &BytesStart,
        declares: bool,
        depth: usize,
        part: &str,
    ) -> Result<(), ReadError> {
        if !declares {
            return Ok(());
        }
        let n = e
            .attributes()
            .with_checks(false)
            .flatten()
            .filter(|a| a.key.as_ref().starts_with(b"xmlns"))
            .count();
        self.active += n;
        self.levels.push((depth, n));
        if self.active > MAX_NAMESPACES {
            return Err(ReadError::new(
                ErrorKind::Limit,
                format!("{part} has more than {MAX_NAMESPACES} XML namespace declarations in scope at once, over the limit"),
            ));
        }
        Ok(())
    }

    fn close(&mut self, depth: usize) {
        if let Some(&(d, n)) = self.levels.last() {
            if d == depth {
                self.levels.pop();
                self.active -= n;
            }
        }
    }
}

fn is_root(reader: &XmlReader, e: &BytesStart, root: &[u8]) -> bool {
    let (ns, local) = reader.element(e.name());
    ns == Ns::W && local == root
}

/// The local names the body parser acts on (in any namespace, checked after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    P,
    PPr,
    PStyle,
    NumPr,
    NumId,
    Ilvl,
    OutlineLvl,
    R,
    RPr,
    RFonts,
    RStyle,
    T,
    Tab,
    Br,
    NoBreakHyphen,
    /// Deleted, moved-away and field-instruction text, and tracked-change records.
    Dropped,
    Tbl,
    Tr,
    TrPr,
    GridBefore,
    Tc,
    TcPr,
    GridSpan,
    VMerge,
    Note,
    Fallback,
}

/// A local name the body parser acts on, matched once per tag.
fn body_name(local: &[u8]) -> Option<Name> {
    Some(match local {
        b"p" => Name::P,
        b"pPr" => Name::PPr,
        b"pStyle" => Name::PStyle,
        b"numPr" => Name::NumPr,
        b"numId" => Name::NumId,
        b"ilvl" => Name::Ilvl,
        b"outlineLvl" => Name::OutlineLvl,
        b"r" => Name::R,
        b"rPr" => Name::RPr,
        b"rFonts" => Name::RFonts,
        b"rStyle" => Name::RStyle,
        b"t" => Name::T,
        b"tab" | b"ptab" => Name::Tab,
        b"br" | b"cr" => Name::Br,
        b"noBreakHyphen" => Name::NoBreakHyphen,
        b"del" | b"moveFrom" | b"delText" | b"instrText" | b"delInstrText" | b"rPrChange"
        | b"pPrChange" | b"tblPrChange" | b"tcPrChange" | b"trPrChange" | b"sectPrChange"
        | b"tblGridChange" => Name::Dropped,
        b"tbl" => Name::Tbl,
        b"tr" => Name::Tr,
        b"trPr" => Name::TrPr,
        b"gridBefore" => Name::GridBefore,
        b"tc" => Name::Tc,
        b"tcPr" => Name::TcPr,
        b"gridSpan" => Name::GridSpan,
        b"vMerge" => Name::VMerge,
        b"footnote" | b"endnote" => Name::Note,
        b"Fallback" => Name::Fallback,
        _ => return None,
    })
}

/// The elements the body parser cares about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    NumPr,
    R,
    RPr,
    T,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    Note,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Body,
    Footnote,
    Endnote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    No,
    Restart,
    Continue,
}

struct Table {
    index: u32,
    depth: u32,
    row: Option<u32>,
    /// Next free grid column in the current row.
    col: u32,
    /// Per grid column: the slot of the cell a vertical merge started in.
    merges: Vec<Option<usize>>,
}

/// A block being filled: a cell or a note; its paragraphs join with "\n".
struct Container {
    slot: usize,
    col: u32,
    span: u32,
    vmerge: VMerge,
    /// Whether this is a cell (closing it updates its table).
    cell: bool,
}

struct Para {
    /// Slot reserved for a body paragraph; None when it belongs to a container.
    slot: Option<usize>,
    runs: Vec<Run>,
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    num_level: Option<u8>,
    run: Option<RunState>,
    /// Where this paragraph's text begins in [`Body::text`].
    base: usize,
    /// The last run of the paragraph while its text is still in [`Body::text`] (from
    /// the offset given): runs of one font are joined there, and it becomes a `Run`
    /// when a run of another font comes or the paragraph ends.
    open: Option<(Option<Rc<str>>, usize)>,
}

struct RunState {
    /// Where the run's text begins in [`Body::text`].
    start: usize,
    fonts: Fonts,
    style: Option<String>,
}

struct Body<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    /// Current counters per abstract list and level, in document order.
    counters: HashMap<String, [Option<u32>; 9]>,
    /// Lists (`w:num`) already met, so that a start override applies once.
    lists_seen: HashSet<String>,
    /// Blocks in reading order; None for slots that turned out empty.
    out: Vec<Option<RawBlock>>,
    stack: Vec<Tag>,
    /// Stack depth at which an ignored subtree began.
    skip_from: Option<usize>,
    tables: Vec<Table>,
    next_table: u32,
    containers: Vec<Container>,
    paras: Vec<Para>,
    note_kind: NoteKind,
    /// Legacy encodings met in run fonts, with how many runs each decoded.
    legacy_fonts: HashMap<&'static str, usize>,
    /// The last run `w:rFonts` read: its attribute bytes, the namespace generation
    /// they were read in, and its fonts. Word repeats the same tag run after run.
    last_fonts: Option<(Vec<u8>, u64, Fonts)>,
    /// The text of the open paragraphs' runs, one after another, so that a run's text
    /// is not a string of its own. Paragraphs nest (text boxes), but the inner one ends
    /// first: its text is cut off the end again when it is done.
    text: String,
    /// The last run font found not to be a legacy one: runs share their font's `Rc`,
    /// so the next run of that font skips the test.
    plain_font: Option<Rc<str>>,
}

impl<'s> Body<'s> {
    fn new(styles: &'s Styles, numbering: &'s Numbering) -> Self {
        Body {
            styles,
            numbering,
            counters: HashMap::new(),
            lists_seen: HashSet::new(),
            out: Vec::new(),
            stack: Vec::new(),
            skip_from: None,
            tables: Vec::new(),
            next_table: 0,
            containers: Vec::new(),
            paras: Vec::new(),
            note_kind: NoteKind::Body,
            legacy_fonts: HashMap::new(),
            last_fonts: None,
            text: String::new(),
            plain_font: None,
        }
    }

    /// Reads one part into blocks. Ok(false) when its root element is not
    /// `w:{root}` (the part is something else and nothing was read).
    fn parse(
        &mut self,
        input: &Part,
        part: &str,
        root: &[u8],
        opts: &ReadOptions,
    ) -> Result<bool, ReadError> {
        let mut reader = xml_reader(input);
        // The part checked as UTF-8 at once (SIMD), so that its texts need no check
        // of their own; when it is not, each text is checked, to say where it fails.
        let whole = simdutf8::basic::from_utf8(input.data).ok();
        let bom = (reader.end as usize) < input.data.len();
        let bom = if bom { 3 } else { 0 };
        self.stack.clear();
        self.skip_from = None;
        // Namespace generations count afresh in each part's reader.
        self.last_fonts = None;
        self.text.clear();
        let mut seen_root = false;
        let mut scopes = NsScopes::default();
        // Blocks are about a kilobyte of XML apart or more; fewer regrowths.
        self.out.reserve(input.data.len() / 1024);
        loop {
            // XmlReader::read_event's steps, taken here (see there).
            reader.close_scope();
            let event = match reader.reader.read_event() {
                // The events of a reader over a slice borrow the part: dropping one
                // frees nothing, but would test its kind and ownership every time.
                Ok(event) => ManuallyDrop::new(event),
                Err(e) => return Err(xml_error(&reader, part, reader.cut_short(e))),
            };
            if let Some(e) = reader.cut_at(&event) {
                return Err(xml_error(&reader, part, e));
            }
            match *event {
                Event::Start(ref e) => {
                    if let Err(e) = reader.push(e) {
                        return Err(xml_error(&reader, part, e.into()));
                    }
                    scopes.open(e, reader.declares, self.stack.len(), part)?;
                    if !seen_root {
                        seen_root = true;
                        if !is_root(&reader, e, root) {
                            return Ok(false);
                        }
                    }
                    if self.stack.len() >= opts.max_nesting {
                        return Err(too_deep(part, opts.max_nesting));
                    }
                    let tag = if self.skip_from.is_some() {
                        Tag::Other
                    } else {
                        self.start(&reader, e)
                    };
                    self.stack.push(tag);
                }
                Event::Empty(ref e) => {
                    if let Err(e) = reader.push(e) {
                        return Err(xml_error(&reader, part, e.into()));
                    }
                    reader.pending_pop = true;
                    if !seen_root {
                        seen_root = true;
                        if !is_root(&reader, e, root) {
                            return Ok(false);
                        }
                    }
                    if self.skip_from.is_none() {
                        let tag = self.start(&reader, e);
                        // Nothing ends for an element no one tracks (`w:sz`, `w:b`...).
                        if tag != Tag::Other {
                            self.stack.push(tag);
                            self.end(tag);
                            self.stack.pop();
                        }
                        // An empty ignored element (`<w:del/>`) has nothing to skip.
                        if self.skip_from.is_some_and(|from| from > self.stack.len()) {
                            self.skip_from = None;
                        }
                    }
                }
                Event::End(_) => {
                    reader.pending_pop = true;
                    scopes.close(self.stack.len().saturating_sub(1));
                    if let Some(tag) = self.stack.pop() {
                        if let Some(from) = self.skip_from {
                            if self.stack.len() < from {
                                self.skip_from = None;
                            }
                        } else {
                            self.end(tag);
                        }
                    }
                }
                Event::Text(ref t) if self.in_text() => {
                    // The reader stands just after the text.
                    let end = reader.buffer_position();
                    let at = (end as usize + bom).checked_sub(t.len());
                    match whole.zip(at).and_then(|(w, at)| w.get(at..at + t.len())) {
                        Some(text) if std::ptr::eq(text.as_ptr(), t.as_ptr()) => {
                            self.push_text(text)
                        }
                        _ => {
                            let text = t.decode().map_err(|_| bad_text(part, t, end))?;
                            self.push_text(&text);
                        }
                    }
                }
                Event::CData(ref t) if self.in_text() => {
                    // The reader stands after the closing "]]>".
                    let end = reader.buffer_position().saturating_sub(3);
                    let text = t.decode().map_err(|_| bad_text(part, t, end))?;
                    self.push_text(&text);
                }
                Event::DocType(_) => return Err(dtd_refused(part)),
                Event::GeneralRef(ref r) if self.in_text() => {
                    // Only the five XML entities and character references: no
                    // DTD entity is ever expanded (no entity-expansion bomb).
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match &r[..] {
                            b"amp" => Some('&'),
                            b"lt" => Some('<'),
                            b"gt" => Some('>'),
                            b"quot" => Some('"'),
                            b"apos" => Some('\''),
                            _ => None,
                        },
                        Err(e) => return Err(xml_error(&reader, part, e)),
                    };
                    if let Some(c) = c {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => {
                    if !self.stack.is_empty() {
                        return Err(cut_off(part, self.stack.len(), reader.buffer_position()));
                    }
                    if !seen_root {
                        return Err(ReadError::new(
                            ErrorKind::Corrupt,
                            format!("{part} holds no XML element: it is empty or damaged"),
                        ));
                    }
                    break;
                }
                _ => {}
            }
        }
        Ok(true)
    }

    fn in_text(&self) -> bool {
        self.skip_from.is_none() && self.stack.last() == Some(&Tag::T)
    }

    fn push_text(&mut self, text: &str) {
        if self.paras.last().is_some_and(|p| p.run.is_some()) {
            self.text.push_str(text);
        }
    }

    fn parent(&self) -> Tag {
        self.stack.last().copied().unwrap_or(Tag::Other)
    }

    /// The nearest enclosing element solieu tracks: content controls
    /// (`w:sdt`), `w:customXml` and the like around rows and cells are transparent.
    fn enclosing(&self) -> Tag {
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|t| *t != Tag::Other)
            .unwrap_or(Tag::Other)
    }

    /// Handles a start tag; returns what to push on the stack. Most tags are
    /// settled here; the rest go to [`Self::start_w`].
    #[inline(always)]
    fn start(&mut self, reader: &XmlReader, e: &BytesStart) -> Tag {
        // Most elements (w:sz, w:b, w:lang, w:spacing...) matter to no one here:
        // skip the namespace lookup for them.
        let (prefix, local) = split_name(e.name().into_inner());
        let Some(name) = body_name(local) else {
            return Tag::Other;
        };
        let ns = reader.lookup(prefix);
        if ns != Ns::W {
            if ns == Ns::Mc && name == Name::Fallback {
                self.skip_from = Some(self.stack.len() + 1);
            }
            return Tag::Other;
        }
        match name {
            Name::PPr => Tag::PPr,
            Name::RPr => Tag::RPr,
            Name::T => Tag::T,
            _ => self.start_w(reader, e, name),
        }
    }

    /// A `w:` start tag that does more than name a stack entry.
    #[inline(never)]
    fn start_w(&mut self, reader: &XmlReader, e: &BytesStart, name: Name) -> Tag {
        let parent = self.parent();
        match name {
            Name::P => {
                let slot = if self.containers.is_empty() {
                    self.out.push(None);
                    Some(self.out.len() - 1)
                } else {
                    None
                };
                self.paras.push(Para {
                    slot,
                    runs: Vec::new(),
                    style: None,
                    outline: None,
                    num_id: None,
                    num_level: None,
                    run: None,
                    base: self.text.len(),
                    open: None,
                });
                Tag::P
            }
            Name::PStyle if parent == Tag::PPr => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = w_attr(reader, e, b"val");
                }
                Tag::Other
            }
            Name::NumPr if parent == Tag::PPr => Tag::NumPr,
            Name::NumId | Name::Ilvl if parent == Tag::NumPr => {
                if let Some(p) = self.paras.last_mut() {
                    let val = w_attr(reader, e, b"val");
                    if name == Name::NumId {
                        p.num_id = val;
                    } else {
                        p.num_level = val.and_then(|v| v.trim().parse().ok());
                    }
                }
                Tag::Other
            }
            Name::OutlineLvl if parent == Tag::PPr => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = w_attr(reader, e, b"val").and_then(|v| outline_level(&v));
                }
                Tag::Other
            }
            Name::R => {
                if let Some(p) = self.paras.last_mut() {
                    let start = self.text.len();
                    // A run inside a run (no paragraph between) replaces it, text and all.
                    if let Some(old) = p.run.replace(RunState {
                        start,
                        fonts: Fonts::default(),
                        style: None,
                    }) {
                        self.text.truncate(old.start);
                        if let Some(run) = p.run.as_mut() {
                            run.start = old.start;
                        }
                    }
                }
                Tag::R
            }
            Name::RFonts | Name::RStyle
                if parent == Tag::RPr && self.stack.iter().rev().nth(1) == Some(&Tag::R) =>
            {
                if self.paras.last().is_some_and(|p| p.run.is_some()) {
                    if name == Name::RFonts {
                        let fonts = self.run_fonts(reader, e);
                        if let Some(run) = self.paras.last_mut().and_then(|p| p.run.as_mut()) {
                            run.fonts = fonts;
                        }
                    } else if let Some(run) = self.paras.last_mut().and_then(|p| p.run.as_mut()) {
                        run.style = w_attr(reader, e, b"val");
                    }
                }
                Tag::Other
            }
            Name::Tab if parent == Tag::R => {
                self.push_text("\t");
                Tag::Other
            }
            Name::Br if parent == Tag::R => {
                self.push_text(" ");
                Tag::Other
            }
            Name::NoBreakHyphen if parent == Tag::R => {
                self.push_text("-");
                Tag::Other
            }
            Name::Dropped => {
                self.skip_from = Some(self.stack.len() + 1);
                Tag::Other
            }
            Name::Tbl => {
                let depth = self.tables.len() as u32;
                self.tables.push(Table {
                    index: self.next_table,
                    depth,
                    row: None,
                    col: 0,
                    merges: Vec::new(),
                });
                self.next_table += 1;
                Tag::Tbl
            }
            Name::Tr if self.enclosing() == Tag::Tbl => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(t.row.map_or(0, |r| r + 1));
                    t.col = 0;
                }
                Tag::Tr
            }
            Name::TrPr if parent == Tag::Tr => Tag::TrPr,
            Name::GridBefore if parent == Tag::TrPr => {
                let n = w_attr(reader, e, b"val")
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(0);
                if let Some(t) = self.tables.last_mut() {
                    t.col = t.col.saturating_add(n.min(1000));
                }
                Tag::Other
            }
            Name::Tc if self.enclosing() == Tag::Tr => {
                let col = self.tables.last().map_or(0, |t| t.col);
                self.out.push(None);
                self.containers.push(Container {
                    slot: self.out.len() - 1,
                    col,
                    span: 1,
                    vmerge: VMerge::No,
                    cell: true,
                });
                Tag::Tc
            }
            Name::TcPr if parent == Tag::Tc => Tag::TcPr,
            Name::GridSpan if parent == Tag::TcPr => {
                let n = w_attr(reader, e, b"val")
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(1);
                if let Some(c) = self.containers.last_mut() {
                    c.span = n.clamp(1, 1000);
                }
                Tag::Other
            }
            Name::VMerge if parent == Tag::TcPr => {
                let restart = w_attr(reader, e, b"val").is_some_and(|v| v == "restart");
                if let Some(c) = self.containers.last_mut() {
                    c.vmerge = if restart {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
                Tag::Other
            }
            Name::Note if self.note_kind != NoteKind::Body && self.containers.is_empty() => {
                let kind = w_attr(reader, e, b"type").unwrap_or_default();
                if matches!(
                    kind.as_str(),
                    "separator" | "continuationSeparator" | "continuationNotice"
                ) {
                    self.skip_from = Some(self.stack.len() + 1);
                    return Tag::Other;
                }
                self.out.push(None);
                self.containers.push(Container {
                    slot: self.out.len() - 1,
                    col: 0,
                    span: 1,
                    vmerge: VMerge::No,
                    cell: false,
                });
                Tag::Note
            }
            _ => Tag::Other,
        }
    }

    /// A run's `w:rFonts`, copied from the last one when its attributes are the
    /// same bytes under the same namespace bindings.
    fn run_fonts(&mut self, reader: &XmlReader, e: &BytesStart) -> Fonts {
        let raw = e.attributes_raw();
        if let Some((last, generation, fonts)) = &self.last_fonts {
            if *generation == reader.generation && last.as_slice() == raw {
                return fonts.clone();
            }
        }
        let fonts = Fonts::read(reader, e);
        self.last_fonts = Some((raw.to_vec(), reader.generation, fonts.clone()));
        fonts
    }

    #[inline(always)]
    fn end(&mut self, tag: Tag) {
        match tag {
            Tag::R => self.end_run(),
            Tag::P => self.end_para(),
            Tag::Tc => self.end_cell(),
            Tag::Note => self.end_note(),
            Tag::Tbl => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    #[inline(never)]
    fn end_run(&mut self) {
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        let Some(run) = para.run.take() else { return };
        if self.text.len() == run.start {
            return;
        }
        let font = self
            .styles
            .run_font(&run.fonts, run.style.as_deref(), para.style.as_deref());
        let plain = |f: &Rc<str>| self.plain_font.as_ref().is_some_and(|p| Rc::ptr_eq(p, f));
        if let Some(f) = font.as_ref().filter(|f| !plain(f)) {
            if legacy::font_encoding(f).is_none() {
                self.plain_font = Some(Rc::clone(f));
            } else if let Some(decoded) = legacy::decode_run(&self.text[run.start..], f) {
                let name = if f.to_ascii_lowercase().starts_with("vni") {
                    "vni"
                } else {
                    "tcvn3"
                };
                *self.legacy_fonts.entry(name).or_insert(0) += 1;
                self.text.truncate(run.start);
                self.text.push_str(&decoded);
            }
        }
        // A run of the open run's font joins it where it stands in `text`.
        match &para.open {
            Some((last, _)) if last.as_deref() == font.as_deref() => {}
            _ => {
                if let Some((last, from)) = para.open.take() {
                    para.runs.push(Run {
                        text: self.text[from..run.start].to_string(),
                        font: last.as_deref().map(str::to_string),
                    });
                }
                para.open = Some((font, run.start));
            }
        }
    }

    #[inline(never)]
    fn end_para(&mut self) {
        let Some(mut para) = self.paras.pop() else {
            return;
        };
        if let Some((font, from)) = para.open.take() {
            let end = para.run.as_ref().map_or(self.text.len(), |r| r.start);
            para.runs.push(Run {
                text: self.text[from..end].to_string(),
                font: font.as_deref().map(str::to_string),
            });
        }
        self.text.truncate(para.base);
        let blank = para
            .runs
            .iter()
            .all(|r| r.text.chars().all(char::is_whitespace));
        // An empty numbered paragraph still takes its number, as in Word.
        if let Some(label) = self.list_label(&para) {
            para.runs.insert(
                0,
                Run {
                    text: label,
                    font: None,
                },
            );
        }
        match para.slot {
            Some(slot) => {
                if !blank {
                    let heading_level = para
                        .outline
                        .or_else(|| self.styles.heading_level(para.style.as_deref()));
                    self.out[slot] = Some(RawBlock {
                        kind: BlockKind::Paragraph,
                        runs: para.runs,
                        heading_level,
                        style: para.style,
                    });
                }
            }
            None => {
                if blank {
                    return;
                }
                let Some(container) = self.containers.last() else {
                    return;
                };
                let kind = self.container_kind(container);
                let block = self.out[container.slot].get_or_insert_with(|| RawBlock {
                    kind,
                    ..RawBlock::default()
                });
                // The newline joins the previous run, so that runs of one font stay merged.
                let mut runs = para.runs.into_iter();
                if let Some(last) = block.runs.last_mut() {
                    last.text.push('\n');
                    if let Some(first) = runs.next() {
                        if first.font == last.font {
                            last.text.push_str(&first.text);
                        } else {
                            block.runs.push(first);
                        }
                    }
                }
                block.runs.extend(runs);
            }
        }
    }

    /// The list number Word shows before a numbered paragraph ("1.", "a)",
    /// "II.", "-"), with its suffix; advances the list's counters.
    fn list_label(&mut self, para: &Para) -> Option<String> {
        let style = para
            .style
            .as_deref()
            .or(self.styles.default_para.as_deref());
        let num_id = match &para.num_id {
            Some(id) => id.clone(),
            None => self.styles.find(style, |s| s.num_id.clone())?,
        };
        let level = para
            .num_level
            .or_else(|| self.styles.find(style, |s| s.num_level))
            .unwrap_or(0)
            .min(8) as usize;
        let (abstract_id, overrides) = self.numbering.nums.get(&num_id)?;
        let levels = self.numbering.abstracts.get(abstract_id)?;
        let counters = self
            .counters
            .entry(abstract_id.clone())
            .or_insert([None; 9]);
        if self.lists_seen.insert(num_id) {
            for (l, start) in overrides {
                if let Some(c) = counters.get_mut(*l as usize) {
                    *c = Some(start.saturating_sub(1));
                }
            }
        }
        let start = |l: usize| {
            levels
                .get(l)
                .and_then(|x| x.as_ref())
                .map_or(1, |x| x.start)
        };
        let value = counters[level].map_or(start(level), |c| c.saturating_add(1));
        counters[level] = Some(value);
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let this = levels.get(level)?.as_ref()?;
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let n = counters[l].unwrap_or_else(|| start(l));
                    let fmt = levels
                        .get(l)
                        .and_then(|x| x.as_ref())
                        .map_or("decimal", |x| x.format.as_str());
                    label.push_str(&format_number(n, fmt));
                }
                _ => label.push(c),
            }
        }
        if this.format == "bullet" {
            // Symbol-font bullets are private-use code points; show them as a bullet.
            label = label
                .chars()
                .map(|c| {
                    if ('\u{F000}'..='\u{F0FF}').contains(&c) {
                        '•'
                    } else {
                        c
                    }
                })
                .collect();
        }
        if this.format == "none" && label.trim().is_empty() {
            return None;
        }
        label.push_str(&this.suffix);
        Some(label)
    }

    fn container_kind(&self, c: &Container) -> BlockKind {
        if !c.cell {
            return if self.note_kind == NoteKind::Endnote {
                BlockKind::Endnote
            } else {
                BlockKind::Footnote
            };
        }
        let table = self.tables.last();
        BlockKind::Cell(CellPos {
            table: table.map_or(0, |t| t.index),
            row: table.and_then(|t| t.row).unwrap_or(0),
            col: c.col,
            col_span: c.span,
            row_span: 1,
            depth: table.map_or(0, |t| t.depth),
            ..CellPos::default()
        })
    }

    #[inline(never)]
    fn end_cell(&mut self) {
        let Some(cell) = self.containers.pop() else {
            return;
        };
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        // gridSpan is known only now; fix the block's span.
        if let Some(Some(RawBlock {
            kind: BlockKind::Cell(pos),
            ..
        })) = self.out.get_mut(cell.slot)
        {
            pos.col_span = cell.span;
        }
        let start = cell.col as usize;
        let end = start + cell.span as usize;
        if table.merges.len() < end {
            table.merges.resize(end, None);
        }
        table.col = table.col.saturating_add(cell.span);
        match cell.vmerge {
            VMerge::Continue if table.merges[start].is_some() => {
                // Word shows only the first cell of a vertical merge.
                if let Some(origin) = table.merges[start] {
                    if let Some(Some(RawBlock {
                        kind: BlockKind::Cell(pos),
                        ..
                    })) = self.out.get_mut(origin)
                    {
                        pos.row_span += 1;
                    }
                }
                self.out[cell.slot] = None;
            }
            VMerge::Restart => table.merges[start..end].fill(Some(cell.slot)),
            _ => table.merges[start..end].fill(None),
        }
    }

    fn end_note(&mut self) {
        self.containers.pop();
    }
}
