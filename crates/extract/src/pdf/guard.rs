//! Decoded-size guard of PDF streams: no filter chain is ever decoded without a cap.
//!
//! lopdf decodes streams in three places, and each is covered:
//!
//! 1. **Cross-reference streams**, while it reads the file's structure: before lopdf sees the
//!    file, [`check_xref_streams`] reads every stream at an offset that `startxref`, `/Prev` or
//!    `/XRefStm` can point to (all of them, whatever revision) and decodes it through the caps.
//! 2. **Object streams** (`/Type /ObjStm`), while it loads objects: [`load`] passes lopdf a filter
//!    that decodes each one through the caps and hands lopdf plain bytes. Encrypted files decode
//!    their object streams after decryption, out of reach of that filter: they are refused.
//! 3. **Everything else** (page contents, fonts, ToUnicode maps, forms, images), which
//!    pdf-extract asks lopdf to decode while it draws: [`decode_all`] decodes every stream of the
//!    loaded document first and stores the plain bytes without filters, so nothing is left to
//!    decode.
//!
//! One budget ([`crate::Limits::max_decoded`]) counts every decoded byte of the document; the
//! stream that passes it is named in the error.

use std::sync::Mutex;

use pdf_extract::{Document, LoadOptions, Object, ObjectId};

use super::decode;
use super::raw::Cursor;
use crate::{Budget, Error, Result};

/// What the cross-reference sections say about the file.
#[derive(Debug, Default)]
pub(crate) struct XrefFacts {
    /// Some trailer or cross-reference stream names an `/Encrypt` dictionary.
    pub encrypted: bool,
    /// Some cross-reference section is a stream (so objects may sit in object streams).
    pub streams: bool,
}

/// Decoded bytes left in the document's budget.
pub(crate) struct Meter {
    pub left: usize,
    pub limit: usize,
}

impl Meter {
    fn charge(&mut self, what: impl FnOnce() -> String, n: usize) -> Result<()> {
        if n > self.left {
            return Err(Error::Decoded { what: what(), limit: self.limit });
        }
        self.left -= n;
        Ok(())
    }
}

/// Decodes, through the caps, every stream lopdf would decode while reading cross-references.
pub(crate) fn check_xref_streams(bytes: &[u8], meter: &mut Meter, budget: &Budget) -> Result<XrefFacts> {
    // lopdf reads offsets from the `%PDF-` header on.
    let buf = &bytes[memchr::memmem::find(bytes, b"%PDF-").unwrap_or(0)..];
    let mut facts = XrefFacts::default();
    let mut todo: Vec<usize> = Vec::new();
    for at in memchr::memmem::find_iter(buf, b"startxref") {
        let mut c = Cursor::new(buf, at + 9);
        c.space();
        if let Some(off) = c.unsigned().and_then(|o| usize::try_from(o).ok()) {
            todo.push(off);
        }
    }
    let follow = |dict: &pdf_extract::Dictionary, todo: &mut Vec<usize>, facts: &mut XrefFacts| {
        facts.encrypted |= dict.has(b"Encrypt");
        for key in [&b"Prev"[..], b"XRefStm"] {
            if let Some(off) =
                dict.get(key).ok().and_then(|o| o.as_i64().ok()).and_then(|o| usize::try_from(o).ok())
            {
                todo.push(off);
            }
        }
    };
    for at in memchr::memmem::find_iter(buf, b"trailer") {
        let mut c = Cursor::new(buf, at + 7);
        c.space();
        if let Some(dict) = c.dictionary(100) {
            follow(&dict, &mut todo, &mut facts);
        }
    }
    let mut seen = std::collections::HashSet::new();
    while let Some(off) = todo.pop() {
        if off >= buf.len() || !seen.insert(off) {
            continue;
        }
        budget.check("reading PDF cross-references")?;
        let mut c = Cursor::new(buf, off);
        let Some(id) = c.object_header() else { continue };
        c.space();
        let Some((dict, range)) = c.stream() else { continue };
        facts.streams = true;
        follow(&dict, &mut todo, &mut facts);
        let stream = pdf_extract::Stream::new(dict, buf[range].to_vec());
        let name = || format!("PDF cross-reference stream {} {} R", id.0, id.1);
        let got = decode::decode(&stream, meter.left)
            .map_err(|_| Error::Decoded { what: name(), limit: meter.limit })?;
        meter.charge(name, got.len())?;
    }
    Ok(facts)
}

/// The object-stream budget of the load in progress: lopdf's filter is a plain `fn`, so it
/// reads its budget from here; one load at a time holds it.
struct LoadState {
    left: usize,
    over: Option<ObjectId>,
}

static LOADING: Mutex<()> = Mutex::new(());
static STATE: Mutex<LoadState> = Mutex::new(LoadState { left: 0, over: None });

fn state() -> std::sync::MutexGuard<'static, LoadState> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Called by lopdf on each top-level object before it unpacks object streams.
fn object_stream_filter(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    let Object::Stream(stream) = obj else { return Some((id, obj.clone())) };
    if stream.dict.has_type(b"ObjStm") {
        let left = state().left;
        match decode::decode(stream, left) {
            Ok(got) => {
                let mut st = state();
                if got.len() > st.left {
                    st.over.get_or_insert(id);
                    stream.set_plain_content(Vec::new());
                } else {
                    st.left -= got.len();
                    got.apply(stream);
                }
            }
            Err(decode::Over) => {
                state().over.get_or_insert(id);
                stream.set_plain_content(Vec::new());
            }
        }
    }
    // lopdf keeps using `obj` itself for top-level objects; the returned value is only read for
    // objects inside object streams, which are never streams.
    Some((id, Object::Null))
}

/// Loads the document with lopdf, object streams decoded through the caps.
pub(crate) fn load(bytes: &[u8], facts: &XrefFacts, meter: &mut Meter) -> Result<Document> {
    if facts.encrypted && facts.streams {
        return Err(Error::Unsupported(
            "encrypted PDF with compressed object streams (their decoded size cannot be checked before decryption)"
                .into(),
        ));
    }
    let _one_at_a_time = LOADING.lock().unwrap_or_else(|e| e.into_inner());
    *state() = LoadState { left: meter.left, over: None };
    let options = LoadOptions { filter: Some(object_stream_filter), ..LoadOptions::default() };
    let loaded = Document::load_mem_with_options(bytes, options);
    let st = std::mem::replace(&mut *state(), LoadState { left: 0, over: None });
    if let Some(id) = st.over {
        return Err(Error::Decoded {
            what: format!("PDF object stream {} {} R", id.0, id.1),
            limit: meter.limit,
        });
    }
    meter.left = st.left;
    loaded.map_err(|e| super::corrupt(&e.to_string()))
}

/// Decodes every stream of the loaded document through the caps and stores it plain, so that
/// pdf-extract (through lopdf) finds nothing left to decode.
pub(crate) fn decode_all(doc: &mut Document, meter: &mut Meter, budget: &Budget) -> Result<()> {
    for (id, obj) in doc.objects.iter_mut() {
        let Object::Stream(stream) = obj else { continue };
        budget.check("decoding PDF streams")?;
        let name = || format!("PDF stream {} {} R", id.0, id.1);
        let got = decode::decode(stream, meter.left)
            .map_err(|_| Error::Decoded { what: name(), limit: meter.limit })?;
        meter.charge(name, got.len())?;
        got.apply(stream);
    }
    Ok(())
}
