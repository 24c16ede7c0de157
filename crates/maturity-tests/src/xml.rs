//! A thin layer over quick-xml shared by the XML readers: elements with their attributes,
//! the line reading is at (for error messages), and limits that keep hostile input cheap.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::ReadError;

/// Deeper nesting than this is no report any producer writes; refusing it keeps the
/// readers' element stacks small.
const MAX_DEPTH: usize = 512;

/// One start (or empty) element: its local name and attributes, unescaped.
#[derive(Debug)]
pub(crate) struct Tag {
    pub name: String,
    attrs: Vec<(String, String)>,
    pub empty: bool,
}

impl Tag {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The attribute, or "" when absent.
    pub fn text(&self, key: &str) -> &str {
        self.get(key).unwrap_or("")
    }
}

pub(crate) enum Node {
    Open(Tag),
    /// The end of the innermost open element (an empty element ends at once, and yields
    /// no `Close`).
    Close,
    Eof,
}

pub(crate) struct Xml<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
    /// 1-based line of the end of the last event read.
    line: usize,
    depth: usize,
}

impl<R: BufRead> Xml<R> {
    pub fn new(input: R) -> Self {
        Self {
            reader: Reader::from_reader(input),
            buf: Vec::with_capacity(8 * 1024),
            line: 1,
            depth: 0,
        }
    }

    pub fn line(&self) -> usize {
        self.line
    }

    pub fn error(&self, message: impl Into<String>) -> ReadError {
        ReadError::new(self.line, message)
    }

    /// The next element start or end; text, comments and declarations are skipped.
    pub fn next(&mut self) -> Result<Node, ReadError> {
        self.step(None)
    }

    /// The text of the element just opened (its children's text left out), entities
    /// resolved; reading ends after its end tag. Formats that keep values in element text
    /// (CUnit) read them with this.
    pub fn text(&mut self, opened: &Tag) -> Result<String, ReadError> {
        let mut text = String::new();
        if opened.empty {
            return Ok(text);
        }
        let mut depth = 1usize;
        while depth > 0 {
            let own = (depth == 1).then_some(&mut text);
            match self.step(own)? {
                Node::Open(tag) if !tag.empty => depth += 1,
                Node::Open(_) => {}
                Node::Close => depth -= 1,
                Node::Eof => return Err(self.error("the file ends inside an element (truncated?)")),
            }
        }
        Ok(text)
    }

    /// The next element start or end; character data is appended to `text` when given.
    /// Inlined, so that [`Xml::next`], the path every report's every event takes, is compiled
    /// without the text arms.
    #[inline]
    fn step(&mut self, mut text: Option<&mut String>) -> Result<Node, ReadError> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => {
                    return Err(ReadError::new(self.line, format!("not well-formed XML: {e}")));
                }
            };
            let raw: &str = match &event {
                Event::Start(e) | Event::Empty(e) => e,
                Event::End(e) => e,
                Event::Text(e) | Event::Comment(e) | Event::DocType(e) => e,
                Event::CData(e) => e,
                Event::Decl(e) => e,
                Event::PI(e) => e,
                Event::GeneralRef(e) => e,
                Event::Eof => "",
            };
            self.line += memchr::memchr_iter(b'\n', raw.as_bytes()).count();
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(ReadError::new(
                            self.line,
                            format!("elements nested deeper than {MAX_DEPTH}"),
                        ));
                    }
                    let tag = tag(&e, false, self.line)?;
                    return Ok(Node::Open(tag));
                }
                Event::Empty(e) => return Ok(Node::Open(tag(&e, true, self.line)?)),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Node::Close);
                }
                Event::Text(e) => {
                    if let Some(text) = text.as_deref_mut() {
                        text.push_str(&e.xml10_content());
                    }
                }
                Event::CData(e) => {
                    if let Some(text) = text.as_deref_mut() {
                        text.push_str(&e.xml10_content());
                    }
                }
                Event::GeneralRef(e) => {
                    if let Some(text) = text.as_deref_mut() {
                        match e.resolve_char_ref() {
                            Ok(Some(c)) => text.push(c),
                            Ok(None) => match quick_xml::escape::resolve_predefined_entity(&e) {
                                Some(s) => text.push_str(s),
                                None => {
                                    return Err(ReadError::new(
                                        self.line,
                                        format!("&{};: an entity XML does not define", shorten(&e)),
                                    ));
                                }
                            },
                            Err(err) => {
                                return Err(ReadError::new(self.line, format!("not well-formed XML: {err}")));
                            }
                        }
                    }
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(ReadError::new(
                            self.line,
                            "the file ends inside an element (truncated?)",
                        ));
                    }
                    return Ok(Node::Eof);
                }
                _ => {}
            }
        }
    }

    /// Skips to the end of the element just opened (nothing when it was empty).
    pub fn skip(&mut self, opened: &Tag) -> Result<(), ReadError> {
        if opened.empty {
            return Ok(());
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Node::Open(tag) if !tag.empty => depth += 1,
                Node::Open(_) => {}
                Node::Close => depth -= 1,
                Node::Eof => return Err(self.error("the file ends inside an element (truncated?)")),
            }
        }
        Ok(())
    }

    /// The first element of the document, which says what kind of report it is.
    pub fn root(&mut self) -> Result<Tag, ReadError> {
        match self.next()? {
            Node::Open(tag) => Ok(tag),
            Node::Close | Node::Eof => Err(self.error("no root element: an empty or non-XML file")),
        }
    }
}

fn tag(e: &BytesStart, empty: bool, line: usize) -> Result<Tag, ReadError> {
    let name = e.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| ReadError::new(line, format!("<{name}>: bad attribute: {err}")))?;
        let key = attr.key.local_name().as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| ReadError::new(line, format!("<{name} {key}>: {err}")))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Tag { name, attrs, empty })
}

/// Seconds from a `time`/`duration` attribute: absent or empty is 0; anything that is not a
/// finite, non-negative number (a template's `<<computed>>`) makes the file unreadable.
pub(crate) fn seconds(tag: &Tag, key: &str, line: usize) -> Result<f64, ReadError> {
    let Some(value) = tag.get(key).map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(0.0);
    };
    number_of_seconds(value)
        .filter(|s| s.is_finite() && *s >= 0.0)
        .ok_or_else(|| {
            ReadError::new(
                line,
                format!(
                    "<{} {key}=\"{}\">: not a number of seconds",
                    tag.name,
                    shorten(value)
                ),
            )
        })
}

/// A number as test reports write it. Some Surefire versions group thousands (`1,234.5`,
/// `1,234`); writers that follow the machine's locale put a decimal comma (`0,012`, `12,5`).
/// A comma is a grouping when a point follows, when there are several, or when it is the
/// only one and three digits follow it after a non-zero whole part; otherwise it is a
/// decimal comma. `1,234` could be either: it is read as Surefire means it, 1,234 s.
fn number_of_seconds(value: &str) -> Option<f64> {
    let Some((whole, fraction)) = value.split_once(',') else {
        return value.parse().ok();
    };
    let grouping = value.contains('.')
        || fraction.contains(',')
        || (fraction.len() == 3
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && !whole.trim_start_matches('0').is_empty());
    if grouping {
        value.replace(',', "").parse().ok()
    } else {
        format!("{whole}.{fraction}").parse().ok()
    }
}

/// A value cut to a length fit for a message.
pub(crate) fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        format!("{}…", value.chars().take(MAX).collect::<String>())
    }
}

/// What [`walk`] shows its visitor: an element opening (with the names of the elements it is
/// in, outermost first) or closing.
pub(crate) enum Visit<'a> {
    Open { path: &'a [String], tag: &'a Tag },
    Close { path: &'a [String], name: &'a str },
}

/// What [`walk`] calls for each element: whether to descend into an opened one.
pub(crate) type Visitor<'v, R> = dyn FnMut(&mut Xml<R>, Visit<'_>) -> Result<bool, ReadError> + 'v;

/// Walks the document under `root` (just read), calling `visit` for each element. When an
/// `Open` visit answers false, the element's content is skipped and it gets no `Close`.
pub(crate) fn walk<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    visit: &mut Visitor<'_, R>,
) -> Result<(), ReadError> {
    if root.empty {
        return Ok(());
    }
    let mut stack = vec![root.name.clone()];
    loop {
        match xml.next()? {
            Node::Open(tag) => {
                let descend = visit(
                    xml,
                    Visit::Open {
                        path: &stack,
                        tag: &tag,
                    },
                )?;
                if !descend {
                    xml.skip(&tag)?;
                } else if tag.empty {
                    visit(
                        xml,
                        Visit::Close {
                            path: &stack,
                            name: &tag.name,
                        },
                    )?;
                } else {
                    stack.push(tag.name);
                }
            }
            Node::Close => {
                let name = stack.pop().unwrap_or_default();
                visit(
                    xml,
                    Visit::Close {
                        path: &stack,
                        name: &name,
                    },
                )?;
                if stack.is_empty() {
                    return Ok(());
                }
            }
            Node::Eof => return Err(xml.error("the file ends inside an element (truncated?)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::number_of_seconds;

    #[test]
    fn grouped_thousands_and_decimal_commas_both_read() {
        for (text, seconds) in [
            ("0.012", Some(0.012)),
            ("1,234.5", Some(1234.5)),
            ("1,234", Some(1234.0)),
            ("12,345,678", Some(12_345_678.0)),
            ("0,012", Some(0.012)),
            ("12,5", Some(12.5)),
            ("3,25", Some(3.25)),
            ("0,250", Some(0.25)),
            ("1,2345", Some(1.2345)),
            ("<<computed>>", None),
            ("1,2,x", None),
        ] {
            assert_eq!(number_of_seconds(text), seconds, "{text}");
        }
    }
}
