//! A small reader of PDF objects in raw bytes, following lopdf's grammar (same whitespace,
//! comments, names, strings and nesting limits), for the objects lopdf decodes while it loads a
//! file, before any of our code sees the document: cross-reference streams.

use pdf_extract::{Dictionary, Object, StringFormat};

/// lopdf's nesting limits for arrays and dictionaries, and for parentheses in strings.
const MAX_DEPTH: usize = 100;
const MAX_BRACKET: usize = 100;

/// A position in the bytes being read.
pub(crate) struct Cursor<'a> {
    pub b: &'a [u8],
    pub i: usize,
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0c)
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !b"()<>[]{}/%".contains(&c)
}

impl<'a> Cursor<'a> {
    pub fn new(b: &'a [u8], i: usize) -> Self {
        Cursor { b, i }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn tag(&mut self, t: &[u8]) -> bool {
        if self.b[self.i.min(self.b.len())..].starts_with(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }

    /// An end of line: CRLF, LF or CR.
    pub fn eol(&mut self) -> bool {
        self.tag(b"\r\n") || self.tag(b"\n") || self.tag(b"\r")
    }

    /// Whitespace and comments (a comment runs to an end of line, which it needs).
    pub fn space(&mut self) {
        loop {
            while self.peek().is_some_and(is_white) {
                self.i += 1;
            }
            if self.peek() != Some(b'%') {
                return;
            }
            let start = self.i;
            while self.peek().is_some_and(|c| c != b'\r' && c != b'\n') {
                self.i += 1;
            }
            if !self.eol() {
                self.i = start;
                return;
            }
        }
    }

    fn digits(&mut self) -> Option<&'a [u8]> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        (self.i > start).then(|| &self.b[start..self.i])
    }

    pub fn unsigned(&mut self) -> Option<u64> {
        std::str::from_utf8(self.digits()?).ok()?.parse().ok()
    }

    /// `N G obj` with lopdf's spacing.
    pub fn object_header(&mut self) -> Option<(u32, u16)> {
        self.space();
        let n = u32::try_from(self.unsigned()?).ok()?;
        self.space();
        let g = u16::try_from(self.unsigned()?).ok()?;
        self.space();
        self.tag(b"obj").then_some((n, g))
    }

    /// One direct object and the space after it.
    pub fn object(&mut self, depth: usize) -> Option<Object> {
        if depth == 0 {
            return None;
        }
        let start = self.i;
        let obj = self.bare(depth - 1);
        if obj.is_none() {
            self.i = start;
        }
        let obj = obj?;
        self.space();
        Some(obj)
    }

    fn bare(&mut self, depth: usize) -> Option<Object> {
        if self.tag(b"null") {
            return Some(Object::Null);
        }
        if self.tag(b"true") {
            return Some(Object::Boolean(true));
        }
        if self.tag(b"false") {
            return Some(Object::Boolean(false));
        }
        let start = self.i;
        if let Some(r) = self.reference() {
            return Some(r);
        }
        self.i = start;
        if let Some(n) = self.number() {
            return Some(n);
        }
        self.i = start;
        match self.peek()? {
            b'/' => self.name().map(Object::Name),
            b'(' => self.literal(MAX_BRACKET).map(|s| Object::String(s, StringFormat::Literal)),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => self.dictionary(depth).map(Object::Dictionary),
            b'<' => self.hex(),
            b'[' => {
                self.i += 1;
                self.space();
                let mut items = Vec::new();
                while let Some(o) = self.object(depth) {
                    items.push(o);
                }
                self.tag(b"]").then_some(Object::Array(items))
            }
            _ => None,
        }
    }

    fn reference(&mut self) -> Option<Object> {
        let n = u32::try_from(self.unsigned()?).ok()?;
        self.space();
        let g = u16::try_from(self.unsigned()?).ok()?;
        self.space();
        self.tag(b"R").then_some(Object::Reference((n, g)))
    }

    fn number(&mut self) -> Option<Object> {
        let start = self.i;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.i += 1;
        }
        let int = self.digits().is_some();
        if self.peek() == Some(b'.') && (int || self.b.get(self.i + 1).is_some_and(u8::is_ascii_digit)) {
            self.i += 1;
            self.digits();
            let s = std::str::from_utf8(&self.b[start..self.i]).ok()?;
            return s.parse::<f32>().ok().map(Object::Real);
        }
        if !int {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i]).ok()?.parse::<i64>().ok().map(Object::Integer)
    }

    fn name(&mut self) -> Option<Vec<u8>> {
        if !self.tag(b"/") {
            return None;
        }
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(b'#') => {
                    let h =
                        self.b.get(self.i + 1..self.i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
                    let Some(h) = h else { break };
                    out.push(u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?);
                    self.i += 3;
                }
                Some(c) if is_regular(c) => {
                    out.push(c);
                    self.i += 1;
                }
                _ => break,
            }
        }
        Some(out)
    }

    fn literal(&mut self, depth: usize) -> Option<Vec<u8>> {
        if !self.tag(b"(") {
            return None;
        }
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b')' => {
                    self.i += 1;
                    return Some(out);
                }
                b'(' => {
                    if depth == 0 {
                        return None;
                    }
                    let inner = self.literal(depth - 1)?;
                    out.push(b'(');
                    out.extend(inner);
                    out.push(b')');
                }
                b'\\' => {
                    self.i += 1;
                    let c = self.peek()?;
                    if (b'0'..=b'7').contains(&c) {
                        let mut v = 0u16;
                        for _ in 0..3 {
                            match self.peek() {
                                Some(d @ b'0'..=b'7') => {
                                    v = v * 8 + u16::from(d - b'0');
                                    self.i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    } else if !self.eol() {
                        self.i += 1;
                        out.push(match c {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'f' => 12,
                            c => c,
                        });
                    }
                }
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn hex(&mut self) -> Option<Object> {
        if !self.tag(b"<") {
            return None;
        }
        let mut out = Vec::new();
        let mut odd = false;
        loop {
            while self.peek().is_some_and(is_white) {
                self.i += 1;
            }
            let c = self.peek()?;
            let Some(v) = (c as char).to_digit(16) else { break };
            self.i += 1;
            if odd {
                *out.last_mut()? |= v as u8;
            } else {
                out.push((v as u8) << 4);
            }
            odd = !odd;
        }
        self.tag(b">").then_some(Object::String(out, StringFormat::Hexadecimal))
    }

    /// `<< /Key value ... >>`; a repeated key keeps its last value, as in lopdf.
    pub fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        if depth == 0 || !self.tag(b"<<") {
            return None;
        }
        self.space();
        let mut dict = Dictionary::new();
        loop {
            let start = self.i;
            let Some(key) = self.name() else {
                self.i = start;
                break;
            };
            self.space();
            let Some(value) = self.object(depth) else {
                self.i = start;
                break;
            };
            dict.set(key, value);
        }
        self.tag(b">>").then_some(dict)
    }

    /// A stream object's dictionary and data range, as lopdf's parser reads them: the data is
    /// `/Length` bytes (a direct integer) followed by an optional end of line and `endstream`.
    /// `None` when lopdf would not read a stream here (or not decode it: an indirect length
    /// leaves the data empty while the cross-reference is read).
    pub fn stream(&mut self) -> Option<(Dictionary, std::ops::Range<usize>)> {
        let dict = self.dictionary(MAX_DEPTH)?;
        self.space();
        if !self.tag(b"stream") {
            return None;
        }
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        if !self.eol() {
            return None;
        }
        let len = usize::try_from(dict.get(b"Length").ok()?.as_i64().ok()?).ok()?;
        let start = self.i;
        let end = start.checked_add(len).filter(|&e| e <= self.b.len())?;
        self.i = end;
        self.eol();
        self.tag(b"endstream").then_some((dict, start..end))
    }
}

#[cfg(test)]
mod tests {
    //! The grammar on the shapes that matter: names with escapes, nested strings, comments.
    use super::*;

    #[test]
    fn reads_a_stream_dictionary_like_lopdf() {
        let src = b"7 0 obj\n<< /Type /X#52ef /Filter [/ASCII85Decode /FlateDecode] /T (a(b)\\)c) % note\n /H <4142> /Length 3 /N 1.5 /R 2 0 R >>\nstream\r\nabc\nendstream";
        let mut c = Cursor::new(src, 0);
        assert_eq!(c.object_header(), Some((7, 0)));
        c.space();
        let (dict, range) = c.stream().unwrap();
        assert_eq!(dict.get(b"Type").unwrap().as_name().unwrap(), b"XRef");
        assert_eq!(dict.get(b"Filter").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(dict.get(b"R").unwrap().as_reference().unwrap(), (2, 0));
        assert_eq!(&src[range], b"abc");
    }

    #[test]
    fn bad_lengths_are_not_streams() {
        for src in
            [&b"<< /Length 30 >>\nstream\nabc\nendstream"[..], b"<< /Length 1 >>\nstream\nabc\nendstream"]
        {
            assert!(Cursor::new(src, 0).stream().is_none());
        }
    }
}
