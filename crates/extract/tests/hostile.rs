//! Hostile inputs that exhausted memory or time before the guards (issue 13): PDF decompression
//! bombs behind every filter chain lopdf decodes, HTML that made the tree builder quadratic, and
//! the time budget. The PDFs are built here, byte by byte.

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

use corresp_extract::{Error, Limits, extract, extract_with_limits};

/// Decoded-size budget of these tests: the bombs below decode to four times as much.
const BUDGET: usize = 16 << 20;
const BOMB: usize = 64 << 20;

fn limits() -> Limits {
    Limits { max_decoded: BUDGET, ..Limits::default() }
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// `/FlateDecode` content that is not zlib: two junk bytes, then raw deflate (lopdf retries
/// raw deflate after the first two bytes when zlib fails).
fn junk_then_raw_deflate(data: &[u8]) -> Vec<u8> {
    let mut v = b"\x00\x00".to_vec();
    v.extend(deflate(data));
    v
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut group = [0u8; 4];
        group[..chunk.len()].copy_from_slice(chunk);
        let v = u32::from_be_bytes(group);
        if v == 0 && chunk.len() == 4 {
            out.push(b'z');
            continue;
        }
        let mut digits = [0u8; 5];
        let mut x = v;
        for d in digits.iter_mut().rev() {
            *d = (x % 85) as u8 + b'!';
            x /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

/// PDF's LZW (early change), a clear code whenever the table is nearly full.
fn lzw(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits { out: Vec::new(), acc: 0, n: 0 };
    let mut dict: HashMap<(u32, u8), u32> = HashMap::new();
    let (mut width, mut enc_next, mut dec_next, mut first) = (9u32, 258u32, 258u32, true);
    bits.put(256, 9);
    let emit = |bits: &mut Bits, code: u32, width: &mut u32, dec_next: &mut u32, first: &mut bool| {
        bits.put(code, *width);
        if !*first {
            *dec_next = (*dec_next + 1).min(4096);
            if *dec_next + 1 >= (1 << *width) && *width < 12 {
                *width += 1;
            }
        }
        *first = false;
    };
    let mut cur: Option<u32> = None;
    for &b in data {
        let Some(c) = cur else {
            cur = Some(u32::from(b));
            continue;
        };
        if let Some(&code) = dict.get(&(c, b)) {
            cur = Some(code);
            continue;
        }
        emit(&mut bits, c, &mut width, &mut dec_next, &mut first);
        dict.insert((c, b), enc_next);
        enc_next += 1;
        cur = Some(u32::from(b));
        if enc_next >= 4000 {
            emit(&mut bits, u32::from(b), &mut width, &mut dec_next, &mut first);
            bits.put(256, width);
            dict.clear();
            (width, enc_next, dec_next, first, cur) = (9, 258, 258, true, None);
        }
    }
    if let Some(c) = cur {
        emit(&mut bits, c, &mut width, &mut dec_next, &mut first);
    }
    bits.put(257, width);
    bits.finish()
}

/// An MSB-first bit writer.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, code: u32, width: u32) {
        self.acc = ((self.acc << width) | u64::from(code)) & 0xffff_ffff;
        self.n += width;
        while self.n >= 8 {
            self.out.push((self.acc >> (self.n - 8)) as u8);
            self.n -= 8;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            let pad = 8 - self.n;
            self.put(0, pad);
        }
        self.out
    }
}

/// The LZW codes of `n` copies of byte `b`, made directly: in a run the k-th code of a table
/// stands for k bytes, so a 12-bit code soon stands for thousands.
fn lzw_run(b: u8, mut n: usize) -> Vec<u8> {
    let mut bits = Bits { out: Vec::new(), acc: 0, n: 0 };
    let mut width = 9;
    bits.put(256, width);
    while n > 0 {
        // One table: codes for runs of 1, 2, 3... bytes; the decoder adds an entry for every
        // code but the first and widens its codes one entry early.
        let (mut len, mut next) = (1usize, 258u32);
        while n > 0 && next < 4000 {
            let take = len.min(n);
            bits.put(if take == 1 { u32::from(b) } else { 256 + take as u32 }, width);
            if len > 1 {
                next += 1;
                if next + 1 >= (1 << width) && width < 12 {
                    width += 1;
                }
            }
            n -= take;
            len += 1;
        }
        if n > 0 {
            bits.put(256, width);
            width = 9;
        }
    }
    bits.put(257, width);
    bits.finish()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A one-page PDF: catalog (1), pages (2), page (3), `contents` as object 4, Helvetica (5),
/// then `extra` objects from 6 on; a classic cross-reference table unless `xref_stream` gives
/// the dictionary entries and data of a cross-reference stream (object 6 + extra.len()).
fn pdf(contents: Vec<u8>, extra: Vec<Vec<u8>>, xref_stream: Option<(&str, Vec<u8>)>) -> Vec<u8> {
    pdf_with_resources("/Font << /F1 5 0 R >>", contents, extra, xref_stream)
}

fn pdf_with_resources(
    resources: &str,
    contents: Vec<u8>,
    extra: Vec<Vec<u8>>,
    xref_stream: Option<(&str, Vec<u8>)>,
) -> Vec<u8> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << {resources} >> /Contents 4 0 R >>"
    );
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page.into_bytes(),
        contents,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    objects.extend(extra);
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let start = out.len();
    match xref_stream {
        None => {
            out.extend(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).into_bytes());
            for off in &offsets {
                out.extend(format!("{off:010} 00000 n\r\n").into_bytes());
            }
            out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\n", objects.len() + 1).into_bytes());
        }
        Some((dict, data)) => {
            let n = objects.len() + 1;
            out.extend(format!("{n} 0 obj\n").into_bytes());
            out.extend(stream(&format!("/Type /XRef /Size {} /W [1 4 2] /Root 1 0 R {dict}", n + 1), &data));
            out.extend_from_slice(b"\nendobj\n");
        }
    }
    out.extend(format!("startxref\n{start}\n%%EOF\n").into_bytes());
    out
}

fn page_text(text: &str) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET").into_bytes()
}

fn assert_bomb_refused(bytes: &[u8], names: &str) {
    let t = Instant::now();
    let err = extract_with_limits(bytes, "bomb.pdf", &limits()).unwrap_err();
    assert!(matches!(err, Error::Decoded { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains(names) && msg.contains("decodes to more than 16 MiB"), "{msg}");
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn raw_deflate_behind_two_junk_bytes_is_capped() {
    let bomb = junk_then_raw_deflate(&vec![b' '; BOMB]);
    assert!(bomb.len() < BOMB / 500);
    let doc = pdf(stream("/Filter /FlateDecode", &bomb), vec![], None);
    assert_bomb_refused(&doc, "PDF stream 4 0 R");
}

#[test]
fn ascii85_then_flate_bomb_is_capped() {
    let bomb = ascii85(&zlib(&vec![b' '; BOMB]));
    let doc = pdf(stream("/Filter [/ASCII85Decode /FlateDecode]", &bomb), vec![], None);
    assert_bomb_refused(&doc, "PDF stream 4 0 R");
}

#[test]
fn lzw_bomb_is_capped() {
    assert_eq!(lzw_run(b'a', 10_000), lzw(&[b'a'; 10_000]), "the run encoder is LZW");
    let bomb = lzw_run(b' ', BOMB);
    assert!(bomb.len() < BOMB / 100, "{}", bomb.len());
    let doc = pdf(stream("/Filter /LZWDecode", &bomb), vec![], None);
    assert_bomb_refused(&doc, "PDF stream 4 0 R");
}

#[test]
fn flate_chain_bomb_in_a_font_is_capped() {
    // Nested Flate in a stream pdf-extract never draws: the cap holds for every stream.
    let bomb = zlib(&zlib(&vec![0u8; BOMB]));
    let font = stream("/Filter [/FlateDecode /FlateDecode]", &bomb);
    let doc = pdf(stream("", &page_text("Hello")), vec![font], None);
    assert_bomb_refused(&doc, "PDF stream 6 0 R");
}

#[test]
fn object_stream_bomb_is_capped_before_lopdf_unpacks_it() {
    let bomb = junk_then_raw_deflate(&vec![b'1'; BOMB]);
    let objstm = stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &bomb);
    let doc = pdf(stream("", &page_text("Hello")), vec![objstm], None);
    assert_bomb_refused(&doc, "PDF object stream 6 0 R");
}

#[test]
fn cross_reference_stream_bomb_is_capped_before_lopdf_reads_it() {
    let bomb = ascii85(&zlib(&vec![0u8; BOMB]));
    let doc =
        pdf(stream("", &page_text("Hello")), vec![], Some(("/Filter [/ASCII85Decode /FlateDecode]", bomb)));
    assert_bomb_refused(&doc, "PDF cross-reference stream 6 0 R");
}

#[test]
fn text_behind_every_filter_chain_still_extracts() {
    let text = page_text("Please revise your disclosure.");
    for (filter, data) in [
        ("/Filter /FlateDecode", zlib(&text)),
        ("/Filter /FlateDecode", junk_then_raw_deflate(&text)),
        ("/Filter [/ASCII85Decode /FlateDecode]", ascii85(&zlib(&text))),
        ("/Filter /LZWDecode", lzw(&text)),
        ("/Filter /ASCIIHexDecode", text.iter().map(|b| format!("{b:02X}")).collect::<String>().into_bytes()),
    ] {
        let doc = pdf(stream(filter, &data), vec![], None);
        let got = extract(&doc, "letter.pdf").unwrap_or_else(|e| panic!("{filter}: {e}"));
        assert_eq!(got.text.text, "Please revise your disclosure.\n", "{filter}");
    }
}

#[test]
fn a_document_past_its_time_budget_fails_naming_the_stage() {
    let zero = Limits { max_time: Duration::ZERO, ..Limits::default() };
    let doc = pdf(stream("", &page_text("Hello")), vec![], None);
    let e = extract_with_limits(&doc, "a.pdf", &zero).unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }) && e.to_string().contains("PDF"), "{e}");
    let e = extract_with_limits(b"<html><body><p>Hello</p></body></html>", "a.htm", &zero).unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }) && e.to_string().contains("HTML"), "{e}");
}

#[test]
fn a_form_that_draws_itself_is_refused_not_a_stack_overflow() {
    // pdf-extract recursed into the form until the stack overflowed, aborting the process.
    let form = stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", b"/X1 Do");
    let doc = pdf_with_resources(
        "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
        stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET /X1 Do"),
        vec![form],
        None,
    );
    let e = extract(&doc, "loop.pdf").unwrap_err();
    assert!(e.to_string().contains("form XObjects nest more than 32 deep"), "{e}");
}

#[test]
fn a_form_without_a_subtype_that_draws_itself_is_refused_too() {
    // The guard skips pages that draw only images; a stream with no /Subtype is not an image.
    let form = stream("/Type /XObject /BBox [0 0 612 792]", b"/X1 Do");
    let doc = pdf_with_resources(
        "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
        stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET /X1 Do"),
        vec![form],
        None,
    );
    let e = extract(&doc, "loop.pdf").unwrap_err();
    assert!(e.to_string().contains("form XObjects nest more than 32 deep"), "{e}");
}

#[test]
fn a_page_that_draws_an_image_extracts() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
    );
    let doc = pdf_with_resources(
        "/Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >>",
        stream("", b"q 10 0 0 10 72 720 cm /Im1 Do Q BT /F1 12 Tf 72 700 Td (Dollars in millions) Tj ET"),
        vec![image],
        None,
    );
    let got = extract(&doc, "logo.pdf").unwrap();
    assert_eq!(got.text.text.trim(), "Dollars in millions");
}

#[test]
fn forms_that_multiply_are_refused_in_time() {
    // Eight levels of forms, each drawing the next ten times: 10^8 draws of one word.
    let mut forms = Vec::new();
    for k in 1..=8 {
        let (res, body) = if k < 8 {
            (
                format!("/Resources << /XObject << /X{} {} 0 R >> >>", k + 1, 6 + k),
                format!("/X{} Do ", k + 1).repeat(10),
            )
        } else {
            (
                "/Resources << /Font << /F1 5 0 R >> >>".to_string(),
                "BT /F1 12 Tf 72 700 Td (x) Tj ET".to_string(),
            )
        };
        forms.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 612 792] {res}"),
            body.as_bytes(),
        ));
    }
    let doc = pdf_with_resources(
        "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
        stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET /X1 Do"),
        forms,
        None,
    );
    let t = Instant::now();
    let e = extract(&doc, "fan.pdf").unwrap_err();
    assert!(e.to_string().contains("drawn more than 100000 times"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    // A form drawn a few times is fine.
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>",
        b"BT /F1 12 Tf 72 650 Td (Letterhead) Tj ET",
    );
    let doc = pdf_with_resources(
        "/Font << /F1 5 0 R >> /XObject << /X1 6 0 R >>",
        stream("", b"/X1 Do BT /F1 12 Tf 72 600 Td (Body) Tj ET"),
        vec![form],
        None,
    );
    let got = extract(&doc, "ok.pdf").unwrap();
    assert!(got.text.text.contains("Letterhead") && got.text.text.contains("Body"), "{}", got.text.text);
}

/// Time bound for the HTML inputs in a debug build (they take well under a second in release).
const HTML_BOUND: Duration = Duration::from_secs(10);

#[test]
fn unclosed_formatting_elements_parse_in_linear_time() {
    // 478 KB that took 34 s: the tree builder compared every new <b>/<i> with all open ones.
    let src: String = (0..20_000).map(|i| format!("<b id={i}><i id={i}>x")).collect();
    let t = Instant::now();
    let got = extract(format!("<html><body>{src}</body></html>").as_bytes(), "a.htm").unwrap();
    assert!(t.elapsed() < HTML_BOUND, "{:?}", t.elapsed());
    assert_eq!(got.text.text.matches('x').count(), 20_000);
    // The first elements are still read as markup.
    assert!(got.text.emphasis_at(0).bold && got.text.emphasis_at(0).italic);
}

#[test]
fn deep_nesting_parses_in_linear_time_without_overflow() {
    // 2.2 MB that ran past 120 s: 200,000 nested <div>.
    let src = format!("<html><body>{}x{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000));
    let t = Instant::now();
    let got = extract(src.as_bytes(), "a.htm").unwrap();
    assert!(t.elapsed() < HTML_BOUND, "{:?}", t.elapsed());
    assert_eq!(got.text.text, "x\n");
    // Past the depth limit the rest is flat text, but blocks still end lines.
    let src =
        format!("{}<p>one</p><p>two</p><table><tr><td>a</td><td>b</td></tr></table>", "<div>".repeat(5_000));
    let got = extract(format!("<html><body>{src}</body></html>").as_bytes(), "a.htm").unwrap();
    let lines: Vec<&str> = got.text.text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines, ["one", "two", "a b"]);
}

#[test]
fn misnested_markup_cannot_hide_depth_from_the_guard() {
    // </span> below a <div> is ignored by the tree builder, so every pair nests deeper.
    let src = "<span><div></span>".repeat(100_000);
    let t = Instant::now();
    let got = extract(format!("<html><body>{src}end</body></html>").as_bytes(), "a.htm").unwrap();
    assert!(t.elapsed() < HTML_BOUND, "{:?}", t.elapsed());
    assert_eq!(got.text.text, "end\n");
    // A comment that hides tags from a naive scanner hides nothing from the real tokenizer.
    let src = format!("<!-- <a title=\" -->{}\">x", "<div>".repeat(100_000));
    let t = Instant::now();
    extract(format!("<html><body>{src}</body></html>").as_bytes(), "a.htm").unwrap();
    assert!(t.elapsed() < HTML_BOUND, "{:?}", t.elapsed());
}
