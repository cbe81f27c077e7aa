//! Stream filters decoded through output caps: Flate (with lopdf's raw-deflate fallback), LZW,
//! ASCII85, ASCIIHex, RunLength and PNG predictors.
//!
//! Every decoder stops as soon as its output passes the allowance it is given, so a stream that
//! inflates to gigabytes costs at most the allowance in memory and time. Where lopdf decodes a
//! filter, the result here is the same bytes, so that text extraction is unchanged; the
//! documents are then handed to lopdf and pdf-extract with plain (unfiltered) streams.

use std::borrow::Cow;
use std::io::Read;

use pdf_extract::{Dictionary, Object, Stream};

/// The output passed the allowance.
#[derive(Debug)]
pub(crate) struct Over;

/// What decoding a stream's filter chain gave.
#[derive(Debug)]
pub(crate) enum Decoded {
    /// No filter lopdf would apply (none, or the first one unknown): leave the stream as it is.
    Untouched,
    /// Every filter applied: the plain bytes.
    Plain(Vec<u8>),
    /// Known filters applied up to an unknown one: the bytes and the filters still to apply.
    Partial(Vec<u8>, Vec<Object>),
    /// A filter failed on this data, as it would in lopdf: readers fall back to the raw bytes.
    Failed,
}

impl Decoded {
    /// Bytes this result keeps in memory beyond the stream's own.
    pub(crate) fn len(&self) -> usize {
        match self {
            Decoded::Plain(v) | Decoded::Partial(v, _) => v.len(),
            Decoded::Untouched | Decoded::Failed => 0,
        }
    }

    /// Puts the result into the stream so that no reader decodes it again: plain content
    /// without filters, or the remaining (unknown) filters, or a filter no reader knows.
    pub(crate) fn apply(self, stream: &mut Stream) {
        match self {
            Decoded::Untouched => {}
            Decoded::Plain(v) => stream.set_plain_content(v),
            Decoded::Partial(v, rest) => {
                stream.dict.remove(b"DecodeParms");
                stream.dict.set("Filter", Object::Array(rest));
                stream.set_content(v);
            }
            Decoded::Failed => {
                stream.dict.remove(b"DecodeParms");
                stream.dict.set("Filter", Object::Name(b"CorrespUndecodable".to_vec()));
            }
        }
    }
}

/// Decodes `stream`'s filter chain as lopdf would (same filters, same `DecodeParms` rules), no
/// stage producing more than `allowance` bytes.
pub(crate) fn decode(stream: &Stream, allowance: usize) -> Result<Decoded, Over> {
    // lopdf reads `/Filter` as a name or an array of names; anything else means "no filter".
    let Ok(filters) = stream.filters() else { return Ok(Decoded::Untouched) };
    if filters.is_empty() {
        return Ok(Decoded::Untouched);
    }
    // lopdf applies one parameter dictionary to every stage (an array of them is ignored).
    let params = stream.dict.get(b"DecodeParms").and_then(Object::as_dict).ok();
    let mut data: Cow<'_, [u8]> = Cow::Borrowed(&stream.content);
    for (i, filter) in filters.iter().enumerate() {
        let out = match *filter {
            b"FlateDecode" | b"Fl" => predictor(flate(&data, allowance)?, params),
            b"LZWDecode" | b"LZW" => predictor(lzw(&data, early_change(params), allowance)?, params),
            b"ASCII85Decode" | b"A85" => ascii85(&data, allowance)?,
            b"ASCIIHexDecode" | b"AHx" => Some(ascii_hex(&data, allowance)?),
            b"RunLengthDecode" | b"RL" => Some(run_length(&data, allowance)?),
            _ if i == 0 => return Ok(Decoded::Untouched),
            _ => {
                let rest = filters[i..].iter().map(|f| Object::Name(f.to_vec())).collect();
                return Ok(Decoded::Partial(data.into_owned(), rest));
            }
        };
        match out {
            Some(v) => data = Cow::Owned(v),
            None => return Ok(Decoded::Failed),
        }
    }
    Ok(Decoded::Plain(data.into_owned()))
}

/// zlib, and when that fails before giving a byte, raw deflate after the first two bytes (what
/// lopdf falls back to). Errors keep what was decoded up to them, as lopdf does.
fn flate(input: &[u8], cap: usize) -> Result<Vec<u8>, Over> {
    let mut out = Vec::new();
    if input.is_empty() {
        return Ok(out);
    }
    let limit = cap as u64 + 1;
    let zlib = flate2::read::ZlibDecoder::new(input).take(limit).read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() && input.len() > 2 {
        let _ = flate2::read::DeflateDecoder::new(&input[2..]).take(limit).read_to_end(&mut out);
    }
    if out.len() > cap {
        return Err(Over);
    }
    Ok(out)
}

fn early_change(params: Option<&Dictionary>) -> bool {
    params.and_then(|p| p.get(b"EarlyChange").ok()).and_then(|v| v.as_i64().ok()).is_none_or(|v| v != 0)
}

/// PDF's LZW: MSB-first codes of 9 to 12 bits, 256 clears the table, 257 ends the data. A bad
/// code ends the data too (keeping what came before), as weezl does for lopdf.
fn lzw(input: &[u8], early: bool, cap: usize) -> Result<Vec<u8>, Over> {
    const SIZE: usize = 4096;
    let mut prefix = vec![0u16; SIZE];
    let mut suffix = vec![0u8; SIZE];
    let mut first = vec![0u8; SIZE];
    for c in 0..256 {
        suffix[c] = c as u8;
        first[c] = c as u8;
    }
    let early = usize::from(early);
    let (mut next, mut width) = (258usize, 9u32);
    let mut prev: Option<usize> = None;
    let (mut bits, mut nbits) = (0u32, 0u32);
    let mut bytes = input.iter();
    let mut out = Vec::new();
    let mut chain = Vec::new();
    loop {
        while nbits < width {
            let Some(&b) = bytes.next() else { return Ok(out) };
            bits = (bits << 8) | u32::from(b);
            nbits += 8;
        }
        let code = ((bits >> (nbits - width)) & ((1 << width) - 1)) as usize;
        nbits -= width;
        bits &= (1 << nbits) - 1;
        match code {
            256 => {
                next = 258;
                width = 9;
                prev = None;
                continue;
            }
            257 => return Ok(out),
            _ => {}
        }
        let Some(p) = prev else {
            if code > 255 {
                return Ok(out);
            }
            out.push(code as u8);
            prev = Some(code);
            continue;
        };
        let head = if code < next {
            emit(code, &prefix, &suffix, &mut chain, &mut out);
            first[code]
        } else if code == next {
            emit(p, &prefix, &suffix, &mut chain, &mut out);
            out.push(first[p]);
            first[p]
        } else {
            return Ok(out);
        };
        if next < SIZE {
            prefix[next] = p as u16;
            suffix[next] = head;
            first[next] = first[p];
            next += 1;
        }
        if next + early >= (1 << width) && width < 12 {
            width += 1;
        }
        prev = Some(code);
        if out.len() > cap {
            return Err(Over);
        }
    }
}

/// Appends the string of `code` (a chain of at most 4096 entries).
fn emit(code: usize, prefix: &[u16], suffix: &[u8], chain: &mut Vec<u8>, out: &mut Vec<u8>) {
    chain.clear();
    let mut c = code;
    loop {
        chain.push(suffix[c]);
        if c < 256 || chain.len() > 4096 {
            break;
        }
        c = usize::from(prefix[c]);
    }
    out.extend(chain.iter().rev());
}

/// lopdf's ASCII85 rules: `~>` ends the data only at its very end, `z` only between groups,
/// an overflowing group is an error, any other character outside `!`..`u` ends the data.
fn ascii85(input: &[u8], cap: usize) -> Result<Option<Vec<u8>>, Over> {
    let body = input.strip_suffix(b"~>").unwrap_or(input);
    let mut out = Vec::new();
    let (mut group, mut count) = (0u32, 0usize);
    for &ch in body {
        if ch == b'z' {
            if count != 0 {
                return Ok(None);
            }
            out.extend_from_slice(&[0; 4]);
        } else if ch.is_ascii_whitespace() {
            continue;
        } else if !(b'!'..=b'u').contains(&ch) {
            break;
        } else {
            let Some(g) = group.checked_mul(85).and_then(|g| g.checked_add(u32::from(ch - b'!'))) else {
                return Ok(None);
            };
            group = g;
            count += 1;
            if count == 5 {
                out.extend_from_slice(&group.to_be_bytes());
                group = 0;
                count = 0;
            }
        }
        if out.len() > cap {
            return Err(Over);
        }
    }
    if count > 0 {
        for _ in count..5 {
            let Some(g) = group.checked_mul(85).and_then(|g| g.checked_add(84)) else { return Ok(None) };
            group = g;
        }
        out.extend_from_slice(&group.to_be_bytes()[..count - 1]);
    }
    Ok(Some(out))
}

/// Hex pairs, whitespace ignored, `>` (or any other character) ends the data; an odd last
/// digit counts as followed by 0.
fn ascii_hex(input: &[u8], cap: usize) -> Result<Vec<u8>, Over> {
    let mut out = Vec::with_capacity(input.len().min(cap) / 2);
    let mut high: Option<u8> = None;
    for &ch in input {
        let v = match ch {
            b'0'..=b'9' => ch - b'0',
            b'a'..=b'f' => ch - b'a' + 10,
            b'A'..=b'F' => ch - b'A' + 10,
            c if c.is_ascii_whitespace() || c == 0 => continue,
            _ => break,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    if out.len() > cap {
        return Err(Over);
    }
    Ok(out)
}

/// Length bytes 0-127 copy the next 1-128 bytes, 129-255 repeat the next byte 2-128 times,
/// 128 ends the data.
fn run_length(input: &[u8], cap: usize) -> Result<Vec<u8>, Over> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        i += 1;
        match len {
            0..=127 => {
                let end = (i + usize::from(len) + 1).min(input.len());
                out.extend_from_slice(&input[i..end]);
                i = end;
            }
            128 => break,
            _ => {
                let Some(&b) = input.get(i) else { break };
                i += 1;
                out.resize(out.len() + 257 - usize::from(len), b);
            }
        }
        if out.len() > cap {
            return Err(Over);
        }
    }
    Ok(out)
}

/// lopdf's predictor rules: PNG predictors (10-15) only, with `Columns`, `Colors` and
/// `BitsPerComponent` (at least 8); rows must be whole. Output is never larger than input.
fn predictor(data: Vec<u8>, params: Option<&Dictionary>) -> Option<Vec<u8>> {
    use pdf_extract::filters::png;
    let Some(p) = params else { return Some(data) };
    let int = |key: &[u8], default: i64| p.get(key).and_then(Object::as_i64).unwrap_or(default);
    if !(10..=15).contains(&int(b"Predictor", 1)) {
        return Some(data);
    }
    let columns = usize::try_from(int(b"Columns", 1).max(1)).ok()?;
    let colors = usize::try_from(int(b"Colors", 1).max(1)).ok()?;
    let bits = usize::try_from(int(b"BitsPerComponent", 8).max(8)).ok()?;
    let bpp = colors.checked_mul(bits)? / 8;
    let row = bpp.checked_mul(columns)?;
    if data.is_empty() {
        return Some(data);
    }
    if row >= data.len() {
        return None; // lopdf cannot read a whole row either
    }
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row];
    let mut current = vec![0u8; row];
    let mut pos = 0;
    while pos < data.len() {
        let filter = png::FilterType::try_from(data[pos]).ok()?;
        pos += 1;
        current.copy_from_slice(data.get(pos..pos + row)?);
        pos += row;
        png::decode_row(filter, bpp, &previous, &mut current);
        out.extend_from_slice(&current);
        std::mem::swap(&mut previous, &mut current);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    //! Each decoder against known encodings, and its cap.
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(filter: Object, content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", filter);
        Stream::new(dict, content)
    }

    #[test]
    fn flate_and_its_raw_fallback_are_capped() {
        let zeros = vec![0u8; 1 << 20];
        let z = zlib(&zeros);
        assert_eq!(flate(&z, 1 << 20).unwrap(), zeros);
        assert!(flate(&z, (1 << 20) - 1).is_err());
        // Two junk bytes, then raw deflate: lopdf inflates it after the zlib attempt fails.
        let mut raw = b"xx".to_vec();
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&zeros).unwrap();
        raw.extend(e.finish().unwrap());
        assert_eq!(flate(&raw, 1 << 20).unwrap().len(), 1 << 20);
        assert!(flate(&raw, 1000).is_err());
    }

    #[test]
    fn lzw_decodes_the_spec_example() {
        // PDF 32000-1 7.4.4.2: "-----A---B" encodes to 80 0B 60 50 22 0C 0C 85 01.
        let enc = [0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01];
        assert_eq!(lzw(&enc, true, 100).unwrap(), b"-----A---B");
        assert!(lzw(&enc, true, 3).is_err());
    }

    #[test]
    fn ascii_filters_and_run_length() {
        assert_eq!(ascii85(b"87cURD]j7BEbo80~>", 100).unwrap().unwrap(), b"Hello world!");
        assert_eq!(ascii85(b"zz~>", 100).unwrap().unwrap(), vec![0; 8]);
        assert!(ascii85(b"uuuuu~>", 100).unwrap().is_none());
        assert_eq!(ascii_hex(b"48 65 6c6C 6>", 100).unwrap(), b"Hell`");
        assert_eq!(run_length(&[2, b'a', b'b', b'c', 254, b'z', 128, b'q'], 100).unwrap(), b"abczzz");
        assert!(run_length(&[129, b'z'], 10).is_err());
    }

    #[test]
    fn chains_decode_in_order_and_unknown_filters_stay() {
        let text = b"BT (Hello) Tj ET".to_vec();
        let hex: String = zlib(&text).iter().map(|b| format!("{b:02x}")).collect();
        let s = stream(
            Object::Array(vec![
                Object::Name(b"ASCIIHexDecode".to_vec()),
                Object::Name(b"FlateDecode".to_vec()),
            ]),
            hex.into_bytes(),
        );
        assert!(matches!(decode(&s, 1000).unwrap(), Decoded::Plain(v) if v == text));
        let s = stream(
            Object::Array(vec![Object::Name(b"FlateDecode".to_vec()), Object::Name(b"DCTDecode".to_vec())]),
            zlib(&text),
        );
        assert!(
            matches!(decode(&s, 1000).unwrap(), Decoded::Partial(v, rest) if v == text && rest.len() == 1)
        );
        let s = stream(Object::Name(b"DCTDecode".to_vec()), text.clone());
        assert!(matches!(decode(&s, 1000).unwrap(), Decoded::Untouched));
    }

    #[test]
    fn png_predictor_rows() {
        let mut params = Dictionary::new();
        params.set("Predictor", 12);
        params.set("Columns", 2);
        // Up filter: second row adds the first.
        let data = vec![2, 1, 2, 2, 1, 1];
        assert_eq!(predictor(data, Some(&params)).unwrap(), vec![1, 2, 2, 3]);
        params.set("Columns", 1i64 << 40);
        assert!(predictor(vec![2, 1, 2], Some(&params)).is_none());
    }
}
