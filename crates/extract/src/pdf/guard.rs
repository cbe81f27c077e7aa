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
/// pdf-extract (through lopdf) finds nothing left to decode; images are emptied instead.
pub(crate) fn decode_all(doc: &mut Document, meter: &mut Meter, budget: &Budget) -> Result<()> {
    for (id, obj) in doc.objects.iter_mut() {
        let Object::Stream(stream) = obj else { continue };
        budget.check("decoding PDF streams")?;
        if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Image") {
            // Pixels hold no text (pdf-extract would parse them as a content stream when drawn):
            // an image is left empty rather than decoded.
            stream.set_plain_content(Vec::new());
            continue;
        }
        let name = || format!("PDF stream {} {} R", id.0, id.1);
        let got = decode::decode(stream, meter.left)
            .map_err(|_| Error::Decoded { what: name(), limit: meter.limit })?;
        meter.charge(name, got.len())?;
        got.apply(stream);
    }
    Ok(())
}

/// Deepest nesting of form XObjects drawn, and most forms drawn in a document.
const MAX_FORM_DEPTH: usize = 32;
const MAX_FORMS_DRAWN: usize = 100_000;

/// pdf-extract draws a form XObject by recursion each time a content stream names it with `Do`:
/// a form that names itself recursed until the stack overflowed (aborting the process), and
/// forms that each draw the next ten times take exponential time. This walks what the pages
/// will draw first, resolving names as pdf-extract does (a form's own `/Resources`, else its
/// caller's), and refuses a document whose forms nest deeper than 32 or draw more than 100,000
/// times in all.
pub(crate) fn check_forms(doc: &Document, budget: &Budget) -> Result<()> {
    let mut names: std::collections::HashMap<usize, Vec<Vec<u8>>> = std::collections::HashMap::new();
    let mut drawn = 0usize;
    let empty = pdf_extract::Dictionary::new();
    for page_id in doc.get_pages().into_values() {
        budget.check("checking PDF forms")?;
        let Ok(page) = doc.get_dictionary(page_id) else { continue };
        let resources = inherited(doc, page, b"Resources").unwrap_or(&empty);
        // Only forms recurse: a page whose XObjects are all images (an EDGAR letterhead logo)
        // draws nothing that draws again, and decoding its content here would parse it twice.
        if !has_forms(doc, resources) {
            continue;
        }
        let content = doc.get_page_content(page_id).unwrap_or_default();
        walk(doc, &do_names(&content), resources, 1, &mut drawn, &mut names, budget)?;
    }
    Ok(())
}

fn walk<'d>(
    doc: &'d Document,
    calls: &[Vec<u8>],
    resources: &'d pdf_extract::Dictionary,
    depth: usize,
    drawn: &mut usize,
    cache: &mut std::collections::HashMap<usize, Vec<Vec<u8>>>,
    budget: &Budget,
) -> Result<()> {
    for name in calls {
        let Some(xobjects) = resources.get(b"XObject").ok().and_then(|o| deref(doc, o).as_dict().ok()) else {
            continue;
        };
        let Some(form) = xobjects.get(name).ok().and_then(|o| deref(doc, o).as_stream().ok()) else {
            continue;
        };
        *drawn += 1;
        if depth > MAX_FORM_DEPTH {
            return Err(super::corrupt(&format!(
                "form XObjects nest more than {MAX_FORM_DEPTH} deep (a form that draws itself?)"
            )));
        }
        if *drawn > MAX_FORMS_DRAWN {
            return Err(super::corrupt(&format!(
                "its form XObjects would be drawn more than {MAX_FORMS_DRAWN} times"
            )));
        }
        if *drawn & 1023 == 0 {
            budget.check("checking PDF forms")?;
        }
        let inner =
            form.dict.get(b"Resources").ok().and_then(|o| deref(doc, o).as_dict().ok()).unwrap_or(resources);
        let key = form as *const pdf_extract::Stream as usize;
        let inner_calls = cache
            .entry(key)
            .or_insert_with(|| if has_forms(doc, inner) { do_names(&form.content) } else { Vec::new() })
            .clone();
        walk(doc, &inner_calls, inner, depth + 1, drawn, cache, budget)?;
    }
    Ok(())
}

/// The names a content stream draws with `Do`.
/// Whether `resources` name an XObject that may draw: any stream but an image (one without a
/// subtype counts, as pdf-extract would draw it). Images cannot draw anything.
fn has_forms(doc: &Document, resources: &pdf_extract::Dictionary) -> bool {
    let Some(xobjects) = resources.get(b"XObject").ok().and_then(|o| deref(doc, o).as_dict().ok()) else {
        return false;
    };
    xobjects.iter().any(|(_, o)| match deref(doc, o).as_stream() {
        Ok(stream) => !matches!(stream.dict.get(b"Subtype").and_then(Object::as_name), Ok(b"Image")),
        Err(_) => false,
    })
}

fn do_names(content: &[u8]) -> Vec<Vec<u8>> {
    if memchr::memmem::find(content, b"Do").is_none() {
        return Vec::new();
    }
    let Ok(ops) = pdf_extract::content::Content::decode(content) else { return Vec::new() };
    ops.operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec))
        .collect()
}

fn deref<'d>(doc: &'d Document, obj: &'d Object) -> &'d Object {
    let mut obj = obj;
    for _ in 0..32 {
        match obj {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => obj = o,
                Err(_) => return obj,
            },
            _ => return obj,
        }
    }
    obj
}

/// A page attribute, looked up the page tree as PDF inheritance works.
fn inherited<'d>(
    doc: &'d Document,
    page: &'d pdf_extract::Dictionary,
    key: &[u8],
) -> Option<&'d pdf_extract::Dictionary> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return deref(doc, v).as_dict().ok();
        }
        dict = deref(doc, dict.get(b"Parent").ok()?).as_dict().ok()?;
    }
    None
}
