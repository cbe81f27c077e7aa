//! Snippets: the passage tantivy's snippet generator would pick, at a fraction of its cost.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::RwLock;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::error::Result;
use crate::schema;

/// Longer texts (whole letters) are not handed whole to the snippet generator: a window around
/// the first place a query word occurs is.
const SNIPPET_SCAN: usize = 16 << 10;

/// Longest snippet: tantivy's `max_num_chars`, which it compares with byte offsets.
const SNIPPET_CHARS: usize = 240;

/// Longest token kept, in bytes: [`schema::analyzer`]'s `RemoveLongFilter` limit (a test compares
/// these snippets with tantivy's generator over that analyzer, long tokens included).
const MAX_TOKEN_BYTES: usize = 40;

/// Words remembered per search by [`Snippets`].
const SNIPPET_MEMO: usize = 20_000;

/// The snippets of one search: the passage tantivy's `SnippetGenerator` would pick (the same
/// fragments, weights, choice and marks), found at a fraction of its cost.
///
/// The generator runs the field's analyzer over the whole text it is given (up to
/// [`SNIPPET_SCAN`] bytes of a letter) only to learn which words are query terms, then looks
/// every token up in a map; stemming every word was four fifths of a served search's time on
/// the DEV corpus (a letter hit stems some 2,500 words), the lookups most of the rest. Here
/// the text is cut into the analyzer's tokens (alphanumeric runs, over-long ones dropped) and a
/// token is normalized (lower case, folded, stemmed: [`schema::analyzer`]) and looked up only
/// when it could be a query term: its first letter is the first letter of a term. The English
/// stemmer rewrites suffixes, never a word's first letter (a test checks it), and lower-casing an
/// ASCII letter is what the analyzer does to it; tokens with other than ASCII are always
/// normalized. Each word's weight is remembered for the rest of the search (a letter repeats its
/// words), up to [`SNIPPET_MEMO`] of them, and its normalized form for later searches too
/// ([`StemCache`]).
pub(crate) struct Snippets<'a> {
    /// Each query term of the text field found in the index, weighted `1 / (1 + doc_freq)` as
    /// `SnippetGenerator::create` weighs it.
    weights: BTreeMap<String, f32>,
    /// `firsts[b]`: some term starts with the ASCII byte `b`.
    firsts: [bool; 128],
    /// The query's analysed words, to find where in a long text to look.
    pub(super) terms: Vec<String>,
    memo: RefCell<Memo>,
    /// The index's words already normalized, shared by all searches ([`StemCache`]).
    stems: &'a StemCache,
}

/// Each word the snippets met (a raw token) as the analyzer normalizes it, lower-cased as the
/// snippet generator compares it, shared by the searches of one [`Index`](crate::Index): normalizing is a
/// pure function of the word, and a corpus has far fewer distinct words than its searches meet
/// (stemming the words new to each search was a twentieth of a served search). Read-mostly;
/// bounded by [`STEM_CACHE`] words, past which new words are normalized each time.
pub(crate) type StemCache = RwLock<HashMap<String, String>>;

/// Words kept in a [`StemCache`] (about 10 MB at most).
const STEM_CACHE: usize = 100_000;

/// What [`Snippets`] learnt about the words it met: each raw token's weight (none: not a term).
struct Memo {
    normalizer: TextAnalyzer,
    weight: HashMap<String, Option<f32>>,
}

/// One candidate passage, as tantivy's `FragmentCandidate`.
struct Fragment {
    score: f32,
    start: usize,
    stop: usize,
    marks: Vec<(usize, usize)>,
}

impl<'a> Snippets<'a> {
    pub(crate) fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        terms: Vec<String>,
        stems: &'a StemCache,
    ) -> Result<Snippets<'a>> {
        let mut found: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                found.insert(term);
            }
        });
        let mut weights: BTreeMap<String, f32> = BTreeMap::new();
        for term in found {
            let value = term.value();
            let Some(text) = value.as_str() else { continue };
            let df = searcher.doc_freq(term)?;
            if df > 0 {
                weights.insert(text.to_string(), 1.0 / (1.0 + df as f32));
            }
        }
        let mut firsts = [false; 128];
        for t in weights.keys() {
            if let Some(&b) = t.as_bytes().first().filter(|b| b.is_ascii()) {
                firsts[usize::from(b)] = true;
            }
        }
        let memo = Memo { normalizer: schema::analyzer(), weight: HashMap::new() };
        Ok(Snippets { weights, firsts, terms, memo: RefCell::new(memo), stems })
    }

    /// The weight of a token as a query term, if it is one.
    fn weight(&self, memo: &mut Memo, token: &str) -> Option<f32> {
        if token.is_ascii()
            && !token.as_bytes().first().is_some_and(|b| self.firsts[usize::from(b.to_ascii_lowercase())])
        {
            return None;
        }
        if let Some(w) = memo.weight.get(token) {
            return *w;
        }
        let cached = self
            .stems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .map(|n| self.weights.get(n).copied());
        let w = match cached {
            Some(w) => w,
            None => {
                let mut stream = memo.normalizer.token_stream(token);
                let normalized =
                    if stream.advance() { stream.token().text.to_lowercase() } else { String::new() };
                drop(stream);
                let w = self.weights.get(&normalized).copied();
                let mut stems = self.stems.write().unwrap_or_else(|e| e.into_inner());
                if stems.len() < STEM_CACHE {
                    stems.insert(token.to_string(), normalized);
                }
                w
            }
        };
        if memo.weight.len() < SNIPPET_MEMO {
            memo.weight.insert(token.to_string(), w);
        }
        w
    }

    /// The best passage of `text`: `(html with <b> marks, plain text, marks in the plain
    /// text)`, or `None` when no query term occurs in it. As tantivy's
    /// `SnippetGenerator::snippet` and `Snippet::to_html` (`search_fragments`,
    /// `select_best_fragment_combination`): a passage starts at a token and takes tokens while
    /// they end within [`SNIPPET_CHARS`] bytes of its start; it scores the weights of the terms
    /// in it; the best wins, the earliest on a tie.
    pub(super) fn snippet(&self, text: &str) -> Option<Passage> {
        let mut memo = self.memo.borrow_mut();
        let mut fragments: Vec<Fragment> = Vec::new();
        let mut frag = Fragment { score: 0.0, start: 0, stop: 0, marks: Vec::new() };
        let mut at = 0;
        while at < text.len() {
            let (from, to) = next_word(text, at);
            at = to;
            if from == to {
                break;
            }
            if to - from >= MAX_TOKEN_BYTES {
                continue;
            }
            if to - frag.start > SNIPPET_CHARS {
                let next = Fragment { score: 0.0, start: from, stop: from, marks: Vec::new() };
                let done = std::mem::replace(&mut frag, next);
                if done.score > 0.0 {
                    fragments.push(done);
                }
            }
            frag.stop = to;
            // `next_word` cuts at character boundaries: `get` never misses, and never panics.
            if let Some(w) = text.get(from..to).and_then(|t| self.weight(&mut memo, t)) {
                frag.score += w;
                frag.marks.push((from, to));
            }
        }
        if frag.score > 0.0 {
            fragments.push(frag);
        }
        let best = fragments.iter().max_by(|l, r| {
            match l.score.partial_cmp(&r.score).unwrap_or(Ordering::Equal) {
                Ordering::Equal => (r.start, r.stop).cmp(&(l.start, l.stop)),
                other => other,
            }
        })?;
        if best.marks.is_empty() {
            return None;
        }
        // Every offset is a token's edge, so a character boundary: the `get`s never miss.
        let fragment = text.get(best.start..best.stop)?;
        let marks: Vec<(usize, usize)> =
            best.marks.iter().map(|&(a, b)| (a - best.start, b - best.start)).collect();
        let mut html = String::with_capacity(fragment.len() + 16 * marks.len());
        let mut at = 0;
        for (a, b) in collapse(&marks) {
            escape_minimal(fragment.get(at..a).unwrap_or_default(), &mut html);
            html.push_str("<b>");
            escape_minimal(fragment.get(a..b).unwrap_or_default(), &mut html);
            html.push_str("</b>");
            at = b;
        }
        escape_minimal(fragment.get(at..).unwrap_or_default(), &mut html);
        Some((html, fragment.to_string(), marks))
    }
}

/// The first run of alphanumeric characters (a `SimpleTokenizer` token) at or after byte `at`
/// (a character boundary) of `text`, as a byte range; an empty one at the end. ASCII bytes are
/// judged as bytes, the rest decoded: a text is mostly ASCII, and decoding every character was
/// the larger part of the snippet's pass.
fn next_word(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    // The character at `i` (a boundary): `None` at the end.
    let char_at = |i: usize| text.get(i..).and_then(|t| t.chars().next());
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match char_at(i) {
                Some(c) if c.is_alphanumeric() => break,
                Some(c) => i += c.len_utf8(),
                None => i += 1,
            }
        }
    }
    let from = i;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match char_at(i) {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    (from, i)
}

/// A snippet: the passage as HTML with `<b>` marks, as plain text, and the marks' byte ranges in
/// the plain text.
type Passage = (String, String, Vec<(usize, usize)>);

/// Ranges sorted, repeats dropped, overlapping ones merged (adjacent ones are kept apart), as
/// tantivy's `collapse_overlapped_ranges`.
fn collapse(ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if last.1 > r.0 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

/// `s` with `"`, `&`, `'`, `<` and `>` written as entities, as htmlescape's `encode_minimal`
/// (the escaping of tantivy's `Snippet::to_html`).
fn escape_minimal(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The part of `text` the snippet generator reads: all of a short text; of a long one (a whole
/// letter), a window around the first place one of the words occurs, else its beginning.
pub(super) fn snippet_source<'a>(text: &'a str, terms: &[String]) -> &'a str {
    if text.len() <= SNIPPET_SCAN {
        return text;
    }
    let lower = text.to_ascii_lowercase();
    let at = terms.iter().filter(|t| t.len() >= 2).filter_map(|t| lower.find(t.as_str())).min().unwrap_or(0);
    let start = floor_char(text, at.saturating_sub(SNIPPET_SCAN / 4));
    let end = floor_char(text, (start + SNIPPET_SCAN).min(text.len()));
    &text[start..end]
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    //! The fast snippet tokenizer against tantivy's generator over the field's own analyzer.
    use super::*;
    use crate::query::{self, Compiler};
    use crate::{DocKind, Index, IndexDoc};
    use tantivy::snippet::SnippetGenerator;

    /// Every word of the workspace's test letters plus words the stemmer treats specially.
    fn vocabulary() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/letters");
        let mut words: Vec<String> = [
            "dying",
            "lying",
            "tying",
            "skies",
            "skis",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "news",
            "howe",
            "atlas",
            "cosmos",
            "bias",
            "andes",
            "yelling",
            "ies",
            "ied",
            "Yield",
            "cries",
            "ties",
            "hoping",
            "generously",
            "Über",
            "résumé",
            "ÉCOLE",
            "Ärger",
            "ﬁnance",
            "İstanbul",
            "y",
            "Y",
            "ye",
            "yy",
            "eed",
            "ing",
            "sses",
            "a1b2",
            "10-K",
            "x".repeat(39).as_str(),
            "y".repeat(40).as_str(),
            "z".repeat(41).as_str(),
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for f in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            if let Ok(t) = std::fs::read_to_string(f.path()) {
                words.extend(
                    t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string),
                );
            }
        }
        words
    }

    #[test]
    fn the_stemmer_keeps_a_word_s_first_letter() {
        let mut a = schema::analyzer();
        for w in vocabulary().iter().filter(|w| w.is_ascii()) {
            let mut s = a.token_stream(w);
            while let Some(t) = s.next() {
                assert_eq!(
                    t.text.as_bytes()[0],
                    w.as_bytes()[t.offset_from].to_ascii_lowercase(),
                    "{w} -> {}",
                    t.text
                );
            }
        }
    }

    #[test]
    fn snippets_are_those_of_the_field_s_analyzer() {
        let words = vocabulary();
        let index = Index::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        // Texts of shifted windows of the vocabulary, so terms fall at every place of a fragment.
        let mut texts = Vec::new();
        for (i, start) in (0..words.len()).step_by(37).enumerate() {
            let len = [12, 60, 400, 3000][i % 4];
            let text = words
                .iter()
                .cycle()
                .skip(start)
                .take(len)
                .cloned()
                .collect::<Vec<_>>()
                .join([" ", ", ", " & \"<'> ", "\n—é "][(i / 4) % 4]);
            texts.push(text.clone());
            w.add(&IndexDoc {
                kind: Some(DocKind::Comment),
                accession: format!("a{i}"),
                text,
                ..Default::default()
            })
            .unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader.searcher();
        let f = index.fields;
        let queries = [
            "revenue",
            "dying skies",
            "comment response staff",
            "ÉCOLE über",
            "yelling early",
            "Please note",
            "10-K form",
            "the",
        ];
        let mut marked = 0;
        for q in queries {
            let node = query::parse(q).unwrap();
            let mut compiler =
                Compiler { fields: &f, analyzer: schema::analyzer(), any: true, searcher: Some(&searcher) };
            let compiled = compiler.compile(&node).unwrap();
            let Some(scoring) = &compiled.scoring else { continue };
            let mut reference = SnippetGenerator::create(&searcher, scoring.as_ref(), f.text).unwrap();
            reference.set_max_num_chars(SNIPPET_CHARS);
            let fast = Snippets::new(&searcher, scoring.as_ref(), f.text, Vec::new(), &index.stems).unwrap();
            for t in &texts {
                let a = reference.snippet(t);
                let b = fast.snippet(t);
                let a = (!a.is_empty()).then(|| {
                    let marks = a.highlighted().iter().map(|r| (r.start, r.end)).collect::<Vec<_>>();
                    (a.to_html(), a.fragment().to_string(), marks)
                });
                assert_eq!(a, b, "{q}");
                marked += usize::from(a.is_some());
            }
        }
        assert!(marked > texts.len(), "too few texts hold the query words: {marked}");
    }
}
