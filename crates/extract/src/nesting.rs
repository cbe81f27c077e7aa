//! HTML parsing that stays linear in the input, whatever the nesting.
//!
//! html5ever's tree builder scans its stack of open elements (scope checks) and its list of
//! active formatting elements (the "Noah's ark" check, reconstruction) on many tokens, so input
//! that keeps elements open makes it quadratic: `<b id=N><i id=N>x` repeated 20,000 times took
//! 34 s, 200,000 nested `<div>` over two minutes. A filter between the tokenizer and the tree
//! builder keeps a conservative model of both (it pops an element only where the tree builder
//! certainly pops it too, so the model is never shallower than the real stack) and, past
//! [`crate::Limits::max_html_depth`] open elements or [`crate::Limits::max_html_formatting`]
//! formatting entries, drops further start tags: the rest is read as flat text, a dropped block
//! still ending its line (as `<br>`) and a dropped cell still separating its words.
//!
//! The tokenizer is the tree builder's own (its raw-text switches for `<script>`, `<textarea>` and
//! the like come from the real tree builder), so the filter sees exactly the tokens the tree
//! builder sees. Input is fed in chunks, with the time budget checked between them.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, Tag, TagKind, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{Attribute, LocalName, TokenizerResult};
use scraper::{Html, HtmlTreeSink};

use crate::{Budget, Result};

/// Parses `src` as a whole document, as `scraper::Html::parse_document` does, through the guard.
pub(crate) fn parse(src: &str, budget: &Budget) -> Result<Html> {
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), TreeBuilderOpts::default());
    let model = Model::new(budget.limits.max_html_depth, budget.limits.max_html_formatting);
    let tokenizer =
        Tokenizer::new(Guard { inner: builder, model: RefCell::new(model) }, TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut rest = src;
    while !rest.is_empty() {
        budget.check("parsing HTML")?;
        let mut cut = rest.len().min(64 * 1024);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        queue.push_back(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        while !matches!(tokenizer.feed(&queue), TokenizerResult::Done) {}
    }
    tokenizer.end();
    Ok(tokenizer.sink.inner.sink.finish())
}

struct Guard {
    inner: TreeBuilder<ego_tree::NodeId, HtmlTreeSink>,
    model: RefCell<Model>,
}

impl TokenSink for Guard {
    type Handle = ego_tree::NodeId;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Self::Handle> {
        let token = match token {
            TagToken(tag) => {
                let (tag, extra) = self.model.borrow_mut().filter(tag);
                if let Some(extra) = extra {
                    let _ = self.inner.process_token(extra, line);
                }
                match tag {
                    Some(tag) => TagToken(tag),
                    None => return TokenSinkResult::Continue,
                }
            }
            CharacterTokens(t) => {
                if !t.trim().is_empty() {
                    self.model.borrow_mut().text_since_break = true;
                }
                CharacterTokens(t)
            }
            t => t,
        };
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// A formatting entry (name and attributes, for the Noah's ark rule) or a marker (`None`).
type Entry = Option<(LocalName, Vec<Attribute>)>;

/// What the scans need to know of an open element, worked out once when it is pushed.
#[derive(Debug, Clone, Copy)]
struct Kind(u8);

impl Kind {
    const SPECIAL: u8 = 1;
    const BOUNDARY: u8 = 2;
    const MARKER: u8 = 4;
    const FOREIGN: u8 = 8;
    const TABLE: u8 = 16;

    fn of(n: &str) -> Kind {
        let mut k = 0;
        if is_special(n) {
            k |= Kind::SPECIAL;
        }
        if is_scope_boundary(n) {
            k |= Kind::BOUNDARY;
        }
        if is_marker(n) {
            k |= Kind::MARKER;
        }
        if n == "svg" || n == "math" {
            k |= Kind::FOREIGN;
        }
        if matches!(n, "html" | "table" | "template") {
            k |= Kind::TABLE;
        }
        Kind(k)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// The filter's model of the tree builder's stack and formatting list.
struct Model {
    stack: Vec<(LocalName, Kind)>,
    /// How many elements of each name are open, so that most scans are skipped.
    open: std::collections::HashMap<LocalName, usize>,
    formatting: Vec<Entry>,
    /// Open `<svg>`/`<math>` elements: inside them the model pops only what it is sure of.
    foreign: usize,
    max_depth: usize,
    max_formatting: usize,
    /// Whether text came since the last line break the filter inserted.
    text_since_break: bool,
}

impl Model {
    fn new(max_depth: usize, max_formatting: usize) -> Self {
        Model {
            stack: Vec::new(),
            open: std::collections::HashMap::new(),
            formatting: Vec::new(),
            foreign: 0,
            max_depth: max_depth.max(8),
            max_formatting: max_formatting.max(4),
            text_since_break: false,
        }
    }

    /// The tag to pass on (if any), and a token to pass before it.
    fn filter(&mut self, tag: Tag) -> (Option<Tag>, Option<Token>) {
        let name = tag.name.clone();
        let n: &str = &name;
        if tag.kind == TagKind::EndTag {
            self.end(n);
            return (Some(tag), None);
        }
        if is_void(n) || (tag.self_closing && self.foreign > 0) {
            return (Some(tag), None);
        }
        // The pops the tree builder makes before inserting `n`, applied only if `n` is passed
        // on (a dropped tag makes the tree builder do nothing).
        let after = self.implied_pops(n);
        let full = after >= self.max_depth;
        if is_formatting(n) {
            if full || self.formatting.len() >= self.max_formatting {
                return (None, None);
            }
        } else if full {
            return (None, self.flat_break(n));
        }
        self.pop_to(after);
        if is_formatting(n) {
            self.noahs_ark(&tag);
            self.formatting.push(Some((name.clone(), tag.attrs.clone())));
        }
        let kind = Kind::of(n);
        if kind.has(Kind::MARKER) {
            self.formatting.push(None);
        }
        if kind.has(Kind::FOREIGN) {
            self.foreign += 1;
        }
        *self.open.entry(name.clone()).or_default() += 1;
        self.stack.push((name, kind));
        (Some(tag), None)
    }

    /// What stands for a dropped element: a line break for a block, a space for a cell.
    fn flat_break(&mut self, n: &str) -> Option<Token> {
        if matches!(n, "td" | "th") {
            return Some(CharacterTokens(StrTendril::from_slice(" ")));
        }
        if !crate::html::is_block(n) || !std::mem::take(&mut self.text_since_break) {
            return None;
        }
        Some(TagToken(Tag {
            kind: TagKind::StartTag,
            name: LocalName::from("br"),
            self_closing: false,
            had_duplicate_attributes: false,
            attrs: vec![],
        }))
    }

    /// At most three identical entries after the last marker: the earliest goes.
    fn noahs_ark(&mut self, tag: &Tag) {
        let mut same = Vec::new();
        for (i, e) in self.formatting.iter().enumerate().rev() {
            let Some((n, attrs)) = e else { break };
            if *n == tag.name && same_attrs(attrs, &tag.attrs) {
                same.push(i);
            }
        }
        if same.len() >= 3 {
            self.formatting.remove(*same.last().unwrap_or(&0));
        }
    }

    /// The stack length after the pops the tree builder makes before inserting `n`.
    fn implied_pops(&self, n: &str) -> usize {
        let mut len = self.stack.len();
        if self.foreign > 0 {
            return len;
        }
        if let Some(i) = (closes_p(n) && self.is_open(&["p"]))
            .then(|| self.in_scope(len, |x| x == "p", &["button"]))
            .flatten()
        {
            len = i;
        }
        let top_is = |len: usize, f: &dyn Fn(&str) -> bool| len > 0 && f(&self.stack[len - 1].0);
        let found = match n {
            "li" if self.is_open(&["li"]) => self.open_item(len, &["li"]),
            "dd" | "dt" if self.is_open(&["dd", "dt"]) => self.open_item(len, &["dd", "dt"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => top_is(len, &is_heading).then(|| len - 1),
            "option" | "optgroup" => top_is(len, &|x| x == "option").then(|| len - 1),
            "td" | "th" => self.in_table_scope(len, |x| x == "td" || x == "th"),
            "tr" => self.in_table_scope(len, |x| x == "tr"),
            "tbody" | "thead" | "tfoot" => {
                self.in_table_scope(len, |x| matches!(x, "tbody" | "thead" | "tfoot"))
            }
            _ => None,
        };
        found.unwrap_or(len)
    }

    /// `<li>`, `<dd>`, `<dt>`: an open item closes unless a special element other than
    /// `address`, `div` or `p` comes first.
    fn open_item(&self, len: usize, names: &[&str]) -> Option<usize> {
        for i in (0..len).rev() {
            let (x, kind) = (&*self.stack[i].0, self.stack[i].1);
            if names.contains(&x) {
                return Some(i);
            }
            if kind.has(Kind::SPECIAL) && !matches!(x, "address" | "div" | "p") {
                return None;
            }
        }
        None
    }

    fn end(&mut self, n: &str) {
        let len = self.stack.len();
        if self.foreign > 0 {
            if self.stack.last().is_some_and(|t| &*t.0 == n) {
                self.pop_to(len - 1);
            }
            return;
        }
        let found = match n {
            _ if is_formatting(n) => return self.end_formatting(n),
            _ if !is_heading(n) && !self.is_open(&[n]) => None,
            "p" => self.in_scope(len, |x| x == "p", &["button"]),
            "li" => self.in_scope(len, |x| x == "li", &["ol", "ul"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.in_scope(len, is_heading, &[]),
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" => {
                self.in_table_scope(len, |x| x == n)
            }
            "body" | "html" | "br" | "form" | "template" => None,
            _ if is_special(n) => self.in_scope(len, |x| x == n, &[]),
            _ => {
                // Any other end tag: the nearest element of that name, unless a special one
                // comes first.
                let mut found = None;
                for i in (0..len).rev() {
                    if &*self.stack[i].0 == n {
                        found = Some(i);
                        break;
                    }
                    if self.stack[i].1.has(Kind::SPECIAL) {
                        break;
                    }
                }
                found
            }
        };
        if let Some(i) = found {
            self.pop_to(i);
        }
    }

    /// The adoption agency, conservatively: the element is popped (with what is above it) only
    /// when nothing special is above it; its formatting entry goes unless it is out of scope.
    fn end_formatting(&mut self, n: &str) {
        let entry = self
            .formatting
            .iter()
            .rposition(|e| e.as_ref().is_none_or(|(x, _)| &**x == n))
            .filter(|&k| self.formatting[k].is_some());
        let Some(i) = self.stack.iter().rposition(|x| &*x.0 == n) else {
            if let Some(k) = entry {
                self.formatting.remove(k);
            }
            return;
        };
        if self.stack[i + 1..].iter().any(|x| x.1.has(Kind::BOUNDARY)) {
            return;
        }
        if let Some(k) = entry {
            self.formatting.remove(k);
        }
        if !self.stack[i + 1..].iter().any(|x| x.1.has(Kind::SPECIAL)) {
            self.pop_to(i);
        }
    }

    fn is_open(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.open.get(&LocalName::from(*n)).is_some_and(|&c| c > 0))
    }

    fn in_scope(&self, len: usize, want: impl Fn(&str) -> bool, extra: &[&str]) -> Option<usize> {
        for i in (0..len).rev() {
            let (x, kind) = (&*self.stack[i].0, self.stack[i].1);
            if want(x) {
                return Some(i);
            }
            if kind.has(Kind::BOUNDARY) || extra.contains(&x) {
                return None;
            }
        }
        None
    }

    fn in_table_scope(&self, len: usize, want: impl Fn(&str) -> bool) -> Option<usize> {
        for i in (0..len).rev() {
            let (x, kind) = (&*self.stack[i].0, self.stack[i].1);
            if want(x) {
                return Some(i);
            }
            if kind.has(Kind::TABLE) {
                return None;
            }
        }
        None
    }

    /// Pops everything from `i` up; a popped cell, caption or object clears the formatting list
    /// back to its marker.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            let Some((name, kind)) = self.stack.pop() else { break };
            if let Some(n) = self.open.get_mut(&name) {
                *n = n.saturating_sub(1);
            }
            if kind.has(Kind::MARKER) {
                while let Some(e) = self.formatting.pop() {
                    if e.is_none() {
                        break;
                    }
                }
            }
            if kind.has(Kind::FOREIGN) {
                self.foreign = self.foreign.saturating_sub(1);
            }
        }
    }
}

fn same_attrs(a: &[Attribute], b: &[Attribute]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| y.name == x.name && y.value == x.value))
}

fn is_void(n: &str) -> bool {
    matches!(
        n,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_formatting(n: &str) -> bool {
    matches!(
        n,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

fn is_marker(n: &str) -> bool {
    matches!(n, "td" | "th" | "caption" | "applet" | "marquee" | "object" | "template")
}

fn is_heading(n: &str) -> bool {
    matches!(n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Start tags that close an open `<p>` in button scope (`<table>` and `<form>` left out: the
/// tree builder does not always close it for them, and the model must not pop more than it).
fn closes_p(n: &str) -> bool {
    is_heading(n)
        || matches!(
            n,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "center"
                | "details"
                | "dialog"
                | "dir"
                | "div"
                | "dl"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "header"
                | "hgroup"
                | "main"
                | "menu"
                | "nav"
                | "ol"
                | "p"
                | "search"
                | "section"
                | "summary"
                | "ul"
                | "pre"
                | "listing"
                | "li"
                | "dd"
                | "dt"
                | "plaintext"
                | "xmp"
        )
}

/// Elements that bound a scope (foreign integration points counted by name, conservatively).
fn is_scope_boundary(n: &str) -> bool {
    matches!(
        n,
        "applet"
            | "caption"
            | "html"
            | "table"
            | "td"
            | "th"
            | "marquee"
            | "object"
            | "template"
            | "mi"
            | "mo"
            | "mn"
            | "ms"
            | "mtext"
            | "annotation-xml"
            | "foreignObject"
            | "foreignobject"
            | "desc"
            | "title"
            | "svg"
            | "math"
    )
}

/// The HTML "special" category.
fn is_special(n: &str) -> bool {
    is_heading(n)
        || is_scope_boundary(n)
        || matches!(
            n,
            "address"
                | "area"
                | "article"
                | "aside"
                | "base"
                | "basefont"
                | "bgsound"
                | "blockquote"
                | "body"
                | "br"
                | "button"
                | "center"
                | "col"
                | "colgroup"
                | "dd"
                | "details"
                | "dir"
                | "div"
                | "dl"
                | "dt"
                | "embed"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "frame"
                | "frameset"
                | "head"
                | "header"
                | "hgroup"
                | "hr"
                | "iframe"
                | "img"
                | "input"
                | "keygen"
                | "li"
                | "link"
                | "listing"
                | "main"
                | "menu"
                | "meta"
                | "nav"
                | "noembed"
                | "noframes"
                | "noscript"
                | "ol"
                | "p"
                | "param"
                | "plaintext"
                | "pre"
                | "script"
                | "search"
                | "section"
                | "select"
                | "source"
                | "style"
                | "summary"
                | "tbody"
                | "textarea"
                | "tfoot"
                | "thead"
                | "tr"
                | "track"
                | "ul"
                | "wbr"
                | "xmp"
        )
}

#[cfg(test)]
mod tests {
    //! The model against the shapes that made the tree builder quadratic, and real nesting.
    use super::*;

    fn tag(kind: TagKind, name: &str) -> Tag {
        Tag {
            kind,
            name: LocalName::from(name),
            self_closing: false,
            had_duplicate_attributes: false,
            attrs: vec![],
        }
    }

    #[test]
    fn implied_closes_keep_real_documents_shallow() {
        let mut m = Model::new(256, 64);
        for _ in 0..1000 {
            for (k, n) in [(TagKind::StartTag, "p"), (TagKind::StartTag, "font"), (TagKind::StartTag, "li")] {
                m.filter(tag(k, n));
            }
        }
        assert!(m.stack.len() < 10, "{}", m.stack.len());
        // Noah's ark: identical unclosed <font>s count three times at most.
        assert!(m.formatting.len() <= 3);
    }

    #[test]
    fn open_elements_past_the_limits_are_dropped() {
        let mut m = Model::new(16, 8);
        let mut passed = 0;
        for _ in 0..100 {
            if m.filter(tag(TagKind::StartTag, "div")).0.is_some() {
                passed += 1;
            }
        }
        assert_eq!(passed, 16);
        let mut m = Model::new(16, 8);
        let mut passed = 0;
        for i in 0..100 {
            let mut t = tag(TagKind::StartTag, if i % 2 == 0 { "b" } else { "i" });
            t.attrs.push(Attribute {
                name: html5ever::QualName::new(None, html5ever::Namespace::from(""), LocalName::from("id")),
                value: StrTendril::from_slice(&i.to_string()),
            });
            if m.filter(t).0.is_some() {
                passed += 1;
            }
        }
        assert_eq!(passed, 8);
    }

    #[test]
    fn a_span_end_does_not_pop_past_a_div() {
        // The tree builder ignores </span> when a <div> is above the span: so must the model.
        let mut m = Model::new(256, 64);
        for _ in 0..50 {
            m.filter(tag(TagKind::StartTag, "span"));
            m.filter(tag(TagKind::StartTag, "div"));
            m.filter(tag(TagKind::EndTag, "span"));
        }
        assert_eq!(m.stack.len(), 100);
    }
}
