//! A working copy of the text in which Markdown escapes and emphasis are gone, with a map back to
//! the caller's byte offsets.
//!
//! Letters reach us either as `corresp extract` output or as raw Markdown (the seed writes
//! `US\$324.9` and `**`). Matching on a cleaned copy keeps every rule simple, and the map keeps
//! claim offsets true to the text the caller gave.

/// The cleaned text and, for each of its bytes, where that byte came from.
pub(crate) struct Clean {
    /// Cleaned text: `\` before punctuation and `*` dropped, Unicode spaces made ASCII.
    pub s: String,
    /// `from[i]`: byte offset in the original of the char that produced clean byte `i`.
    from: Vec<usize>,
    /// `to[i]`: byte offset in the original just past that char.
    to: Vec<usize>,
}

impl Clean {
    pub fn new(text: &str) -> Clean {
        let mut s = String::with_capacity(text.len());
        let mut from = Vec::with_capacity(text.len());
        let mut to = Vec::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next_is_punct = chars.peek().is_some_and(|&(_, n)| n.is_ascii_punctuation());
            let out = match c {
                '\\' if next_is_punct => continue,
                '*' => continue,
                '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{3000}' => ' ',
                '\u{2212}' | '\u{2013}' => '-',
                _ => c,
            };
            let end = i + c.len_utf8();
            let before = s.len();
            s.push(out);
            for _ in before..s.len() {
                from.push(i);
                to.push(end);
            }
        }
        Clean { s, from, to }
    }

    /// The original byte range of clean range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || end > self.s.len() {
            let p = self.from.get(start).copied().unwrap_or(0);
            return (p, p);
        }
        (self.from[start], self.to[end - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_and_bold_are_dropped_with_offsets_kept() {
        let raw = "**RMB1,966.7** (US\\$324.9 million)";
        let c = Clean::new(raw);
        assert_eq!(c.s, "RMB1,966.7 (US$324.9 million)");
        let at = c.s.find("US$").unwrap();
        let (s, e) = c.original(at, at + 8);
        assert_eq!(&raw[s..e], "US\\$324.9");
    }

    #[test]
    fn nbsp_maps_back_to_two_bytes() {
        let raw = "RMB\u{a0}5.0";
        let c = Clean::new(raw);
        assert_eq!(c.s, "RMB 5.0");
        assert_eq!(c.original(0, c.s.len()), (0, raw.len()));
    }
}
