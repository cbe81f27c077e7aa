//! HTML (company responses) through scraper's html5ever tree: block structure to lines, table
//! rows to tab-separated lines, CSS page breaks to pages, emphasis from tags and inline CSS.
//!
//! The tree is built through the nesting guard of [`crate::nesting`] (linear in the input) and
//! walked iteratively (no recursion, a frame per open element, the time budget checked as it
//! goes).
//!
//! Image-page letters (Workiva "slides": each page an image with a hidden text layer of 1-pt or
//! white text in absolutely positioned boxes) keep their lines: a positioned box at a new `top`
//! starts a new line (a blank one after a gap of more than a line and a half), and inside hidden
//! text a run of spaces (three, or two with a no-break space) ends the line it stands for.
//!
//! html5ever already maps numeric references 128-159 through Windows-1252 as HTML5 requires
//! (`&#147;` is `“`); the five it leaves as C1 controls are dropped when lines are tidied.

use corresp_model::Emphasis;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::pages::{Line, Pages};
use crate::table::{self, Sketch};
use crate::{Budget, Result};

/// Lines and pages of an HTML document (without any SGML wrapper).
#[cfg(test)]
pub(crate) fn read(src: &str, budget: &Budget) -> Result<Pages> {
    read_with_tables(src, budget).map(|(d, _, _)| d)
}

/// [`read`], with its tables as sketches whose cells are anchored in the lines, and the number
/// of anchors.
pub(crate) fn read_with_tables(src: &str, budget: &Budget) -> Result<(Pages, Vec<Sketch>, usize)> {
    let html = crate::nesting::parse(src, budget)?;
    walk(&html, budget)
}

fn walk(html: &Html, budget: &Budget) -> Result<(Pages, Vec<Sketch>, usize)> {
    let mut w = Walker::default();
    for (i, edge) in html.tree.root().traverse().enumerate() {
        if i % 4096 == 0 {
            budget.check("walking the HTML tree")?;
        }
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) if !w.skipping() => w.text(t),
                Node::Element(e) => {
                    if matches!(e.name(), "td" | "th") {
                        w.spans = (table::span_attr(e.attr("colspan")), table::span_attr(e.attr("rowspan")));
                    }
                    w.open(e.name(), e.attr("style"), e.attr("start"))
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    w.close(e.name());
                }
            }
        }
    }
    let anchors = w.anchors as usize;
    let sketches = std::mem::take(&mut w.tables);
    Ok((w.finish(), sketches, anchors))
}

/// What an open element passes down to its content, and what its close must undo.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    emph: Emphasis,
    skip: bool,
    pre: bool,
    block: bool,
    blank: bool,
    cell: bool,
    page_break_after: bool,
    /// For `<ol>`/`<ul>`: the next item's number (0 for bullets).
    list_next: Option<u32>,
    /// Inside a hidden text layer (1-pt or transparent text, or white text in a positioned box).
    layer: bool,
    /// Inside an absolutely positioned box.
    positioned: bool,
    /// A `<table>` whose sketch is on the walker's stack.
    table: bool,
    /// Inside `<thead>`.
    thead: bool,
    /// For a cell: the anchor to place where it ends.
    cell_end: Option<u32>,
}

#[derive(Default)]
struct Walker {
    pages: Vec<Vec<Line>>,
    page: Vec<Line>,
    line: Line,
    pending_space: bool,
    frames: Vec<Frame>,
    /// Nesting depth of table cells, and whether the innermost cell has text yet.
    cells: usize,
    cell_has_text: bool,
    /// `top` of the last absolutely positioned box, and the smallest line advance seen.
    last_top: Option<f64>,
    line_gap: Option<f64>,
    /// Every table met, in order, and the open ones (indices into `tables`), innermost last.
    tables: Vec<Sketch>,
    open_tables: Vec<usize>,
    /// Anchors handed out so far (their ids are `0..anchors`).
    anchors: u32,
    /// `colspan` and `rowspan` of the cell about to open.
    spans: (usize, usize),
}

impl Walker {
    fn top(&self) -> Frame {
        self.frames.last().copied().unwrap_or_default()
    }

    fn skipping(&self) -> bool {
        self.top().skip
    }

    fn open(&mut self, name: &str, style: Option<&str>, start: Option<&str>) {
        let parent = self.top();
        if parent.skip {
            self.frames.push(parent);
            return;
        }
        let css = Css::parse(style.unwrap_or(""));
        let positioned = parent.positioned || css.absolute;
        // White text is a hidden layer only in a positioned box (over an image page); in a
        // table it is often text on a coloured background.
        let layer = parent.layer || css.layer || (css.white && positioned);
        let mut f = Frame {
            emph: parent.emph,
            pre: parent.pre,
            layer,
            positioned,
            thead: parent.thead || name == "thead",
            ..Frame::default()
        };
        if matches!(
            name,
            "script" | "style" | "head" | "title" | "noscript" | "template" | "svg" | "object" | "select"
        ) || css.hidden
        {
            f.skip = true;
            self.frames.push(f);
            return;
        }
        match name {
            "b" | "strong" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => f.emph.bold = true,
            "i" | "em" | "cite" | "dfn" | "var" => f.emph.italic = true,
            "u" | "ins" => f.emph.underline = true,
            _ => {}
        }
        if let Some(b) = css.bold {
            f.emph.bold = b;
        }
        if let Some(i) = css.italic {
            f.emph.italic = i;
        }
        // Underline propagates to descendants and a child cannot cancel it (CSS decorations).
        f.emph.underline |= css.underline;
        if css.break_before {
            self.page_break();
        }
        f.page_break_after = css.break_after;
        f.block = is_block(name);
        if let (true, Some(top)) = (css.absolute, css.top) {
            // A positioned box: its `top` says whether it starts a line, not its tag.
            f.block = false;
            self.positioned(top);
        }
        f.blank = matches!(
            name,
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "blockquote" | "ul" | "ol"
        ) || (name == "div" && css.space_above);
        if name == "pre" {
            f.pre = true;
        }
        match name {
            "br" => self.line_break(),
            "td" | "th" => {
                self.cell_start();
                f.cell = true;
                if let Some(&t) = self.open_tables.last() {
                    let (start, end) = (self.anchor(), self.next_anchor());
                    let (cols, rows) = std::mem::replace(&mut self.spans, (1, 1));
                    self.tables[t].cell(cols, rows, name == "th" || f.thead, start, end);
                    f.cell_end = Some(end);
                }
            }
            "table" => {
                self.tables.push(Sketch::default());
                self.open_tables.push(self.tables.len() - 1);
                f.table = true;
            }
            "tr" => {
                if let Some(&t) = self.open_tables.last() {
                    self.tables[t].row();
                }
            }
            "ol" => f.list_next = Some(start.and_then(|s| s.trim().parse().ok()).unwrap_or(1)),
            "ul" => f.list_next = Some(0),
            _ => {}
        }
        if f.block {
            if f.blank {
                self.blank_line();
            } else {
                self.block_boundary();
            }
        }
        if name == "li" {
            let marker = match self.frames.iter_mut().rev().find_map(|p| p.list_next.as_mut()) {
                Some(0) | None => "\u{2022} ".to_string(),
                Some(n) => {
                    *n += 1;
                    format!("{}. ", *n - 1)
                }
            };
            self.line.push_str(&marker, Emphasis::default());
        }
        self.frames.push(f);
    }

    /// A box positioned at `top`: the same line as the last one when level with it, else a new
    /// line, and a blank line after a gap of more than one and a half lines.
    fn positioned(&mut self, top: f64) {
        let Some(last) = self.last_top.replace(top) else {
            self.block_boundary();
            return;
        };
        let gap = top - last;
        if gap.abs() < 0.5 {
            self.pending_space = true;
            return;
        }
        if gap > 0.0 {
            let min = self.line_gap.map_or(gap, |g| g.min(gap));
            self.line_gap = Some(min);
            if gap > min * 1.6 && self.cells == 0 {
                self.blank_line();
                return;
            }
        }
        self.block_boundary();
    }

    fn close(&mut self, _name: &str) {
        let Some(f) = self.frames.pop() else { return };
        if f.skip && self.skipping() {
            return;
        }
        if f.cell {
            self.cells = self.cells.saturating_sub(1);
            self.cell_has_text = self.cells > 0;
        }
        if let Some(id) = f.cell_end {
            self.line.anchors.push((self.line.text.len(), id));
        }
        if f.table {
            self.open_tables.pop();
        }
        // Inside a cell a block's end breaks nothing: the next block's start does, if the cell
        // has text by then, so a cell's last paragraph and the next cell share the row line.
        if f.block && self.cells == 0 {
            if f.blank {
                self.blank_line();
            } else {
                self.block_boundary();
            }
        }
        if f.page_break_after {
            self.page_break();
        }
    }

    fn text(&mut self, t: &str) {
        let f = self.top();
        if f.pre {
            for (i, part) in t.split('\n').enumerate() {
                if i > 0 {
                    self.line_break();
                }
                self.push(part.trim_end_matches('\r'), f.emph);
            }
            return;
        }
        if f.layer {
            return self.layer_text(t, f.emph);
        }
        for (i, word) in t.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if !word.is_empty() {
                self.push(word, f.emph);
            }
        }
    }

    /// Hidden-layer text, where a run of spaces stands for a line end: three spaces or more (not
    /// source line breaks), or two with a no-break space among them.
    fn layer_text(&mut self, t: &str, emph: Emphasis) {
        let mut word_start: Option<usize> = None;
        let mut run = (0usize, 0usize, false); // (spaces, no-break spaces, has a newline)
        for (i, c) in t.char_indices() {
            if !c.is_whitespace() {
                if word_start.is_none() {
                    word_start = Some(i);
                    self.layer_gap(run);
                    run = (0, 0, false);
                }
                continue;
            }
            if let Some(s) = word_start.take() {
                self.push(&t[s..i], emph);
            }
            run.0 += 1;
            run.1 += usize::from(c == '\u{a0}');
            run.2 |= c == '\n' || c == '\r';
        }
        match word_start {
            Some(s) => self.push(&t[s..], emph),
            None => self.layer_gap(run),
        }
    }

    /// The whitespace between two words of a hidden layer: a line end or a space.
    fn layer_gap(&mut self, (n, nbsp, newline): (usize, usize, bool)) {
        if n == 0 {
            return;
        }
        let line_end = (n >= 3 && !newline) || nbsp >= 2 || (nbsp >= 1 && n >= 2);
        if line_end && self.cells == 0 {
            self.block_boundary();
        } else {
            self.pending_space = true;
        }
    }

    fn push(&mut self, s: &str, emph: Emphasis) {
        if self.pending_space && !self.line.text.is_empty() && !self.line.text.ends_with(['\t', ' ']) {
            self.line.push_str(" ", Emphasis::default());
        }
        self.pending_space = false;
        self.line.push_str(s, emph);
        if self.cells > 0 && !s.trim().is_empty() {
            self.cell_has_text = true;
        }
    }

    /// Ends the line if it has text: inside a table cell, only between two blocks that both
    /// hold text, so that a row stays one line ("1.\tComment text").
    fn block_boundary(&mut self) {
        self.pending_space = false;
        if self.cells > 0 && !self.cell_has_text {
            return;
        }
        if !self.line.is_blank() {
            self.line_break();
        }
    }

    fn blank_line(&mut self) {
        if self.cells > 0 {
            self.block_boundary();
            return;
        }
        self.block_boundary();
        if self.page.last().is_some_and(|l| !l.is_blank()) {
            self.page.push(Line::default());
        }
    }

    fn line_break(&mut self) {
        self.pending_space = false;
        let line = std::mem::take(&mut self.line);
        self.page.push(line);
    }

    /// An anchor placed here, at the end of the current line; its id.
    fn anchor(&mut self) -> u32 {
        let id = self.next_anchor();
        self.line.anchors.push((self.line.text.len(), id));
        id
    }

    /// A fresh anchor id, placed later.
    fn next_anchor(&mut self) -> u32 {
        self.anchors = self.anchors.saturating_add(1);
        self.anchors - 1
    }

    fn cell_start(&mut self) {
        self.pending_space = false;
        self.cells += 1;
        self.cell_has_text = false;
        if !self.line.is_blank() {
            self.line.push_str("\t", Emphasis::default());
        }
    }

    fn page_break(&mut self) {
        if !self.line.is_blank() {
            self.line_break();
        }
        if self.page.iter().any(|l| !l.is_blank()) {
            self.pages.push(std::mem::take(&mut self.page));
        }
    }

    fn finish(mut self) -> Pages {
        self.line_break();
        self.pages.push(self.page);
        Pages { pages: self.pages }
    }
}

pub(crate) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "caption"
            | "blockquote"
            | "center"
            | "pre"
            | "hr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "address"
            | "form"
            | "fieldset"
            | "figure"
            | "main"
            | "body"
    )
}

/// The few inline CSS properties that change text or its emphasis.
#[derive(Debug, Default, PartialEq)]
struct Css {
    bold: Option<bool>,
    italic: Option<bool>,
    underline: bool,
    hidden: bool,
    break_before: bool,
    break_after: bool,
    space_above: bool,
    /// Text too small or too faint to see: a hidden text layer.
    layer: bool,
    /// White text.
    white: bool,
    absolute: bool,
    /// `top`, in points.
    top: Option<f64>,
}

impl Css {
    fn parse(style: &str) -> Css {
        let mut css = Css::default();
        for decl in style.split(';') {
            let Some((prop, value)) = decl.split_once(':') else { continue };
            let prop = prop.trim().to_ascii_lowercase();
            let value = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
            match prop.as_str() {
                "font-weight" => {
                    css.bold = match value.as_str() {
                        "bold" | "bolder" => Some(true),
                        "normal" | "lighter" => Some(false),
                        v => v.parse::<u32>().ok().map(|w| w >= 600),
                    }
                }
                "font-style" => {
                    css.italic = Some(value.starts_with("italic") || value.starts_with("oblique"))
                }
                "text-decoration" | "text-decoration-line" => css.underline |= value.contains("underline"),
                "display" => css.hidden |= value == "none",
                "page-break-before" | "break-before" => css.break_before |= is_break(&value),
                "page-break-after" | "break-after" => css.break_after |= is_break(&value),
                "margin-top" | "padding-top" => css.space_above |= !is_zero(&value),
                "font-size" => css.layer |= length_pt(&value).is_some_and(|pt| pt > 0.0 && pt <= 2.0),
                "color" => {
                    css.layer |= is_transparent(&value);
                    css.white |= is_white(&value);
                }
                "opacity" => css.layer |= value.parse::<f64>().is_ok_and(|o| o == 0.0),
                "position" => css.absolute = value == "absolute",
                "top" => css.top = length_pt(&value),
                "font" => {
                    // shorthand: `bold 10pt Times`, `italic 700 ...`
                    for w in value.split_whitespace() {
                        match w {
                            "bold" | "bolder" | "600" | "700" | "800" | "900" => css.bold = Some(true),
                            "italic" | "oblique" => css.italic = Some(true),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        css
    }
}

/// A CSS length in points (`pt`, `px`, `in`, `mm`, `cm`; a bare number as points).
fn length_pt(v: &str) -> Option<f64> {
    let v = v.trim();
    let end = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(v.len());
    let n: f64 = v[..end].parse().ok()?;
    let scale = match v[end..].trim() {
        "" | "pt" => 1.0,
        "px" => 0.75,
        "in" => 72.0,
        "mm" => 72.0 / 25.4,
        "cm" => 72.0 / 2.54,
        _ => return None,
    };
    Some(n * scale)
}

fn is_white(v: &str) -> bool {
    let v: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(v.as_str(), "white" | "#fff" | "#ffffff" | "rgb(255,255,255)")
}

fn is_transparent(v: &str) -> bool {
    let v: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    v == "transparent" || (v.starts_with("rgba(") && v.trim_end_matches(')').ends_with(",0"))
}

fn is_break(v: &str) -> bool {
    matches!(v, "always" | "page" | "left" | "right" | "recto" | "verso")
}

fn is_zero(v: &str) -> bool {
    v.trim_start_matches(['0', '.', '-'])
        .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '%')
        .is_empty()
        && v.chars().all(|c| c == '0' || c == '.' || c == '-' || c.is_ascii_alphabetic() || c == '%')
}

#[cfg(test)]
mod tests {
    //! Block structure, tables, entities and emphasis of small HTML snippets.
    use super::*;
    use corresp_model::SourceFormat;

    fn text(src: &str) -> corresp_model::Text {
        let mut d = read(src, &Budget::new(&crate::Limits::default())).unwrap();
        d.tidy();
        d.into_text(SourceFormat::Html)
    }

    #[test]
    fn cp1252_references_and_nbsp() {
        let t = text("<p>&#147;Staff&#148; &#149; item&#160;one &#151; done &#129;x</p>");
        assert_eq!(t.text, "\u{201c}Staff\u{201d} \u{2022} item one \u{2014} done x\n");
    }

    #[test]
    fn comment_number_cell_stays_on_its_row() {
        let t = text(
            "<table><tr><td style='width:5%'><p>1.</p></td><td></td><td><p><b>Please tell us</b> more.</p><p>Second.</p></td></tr></table>",
        );
        assert_eq!(t.text, "1.\tPlease tell us more.\nSecond.\n");
        assert!(t.emphasis_at(3).bold);
        assert!(!t.emphasis_at(t.text.find("more").unwrap()).bold);
    }

    #[test]
    fn css_emphasis_is_inherited_and_can_be_reset() {
        let t = text(
            "<div style='font-weight:700'>Bold <span style='font-weight:normal'>plain</span> \
             <font style='text-decoration:underline'>both</font></div><div style='font-style:italic'>it</div>",
        );
        assert_eq!(t.text, "Bold plain both\nit\n");
        assert!(t.emphasis_at(0).bold);
        assert!(!t.emphasis_at(5).bold);
        let both = t.emphasis_at(11);
        assert!(both.bold && both.underline);
        assert!(t.emphasis_at(16).italic);
    }

    #[test]
    fn scripts_styles_and_hidden_text_are_dropped() {
        let t = text(
            "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script><p>Kept</p><div style='display:none'>gone</div></body></html>",
        );
        assert_eq!(t.text, "Kept\n");
    }

    #[test]
    fn page_breaks_make_pages_and_br_makes_lines() {
        let t = text("<p>one<br>two</p><hr style='page-break-after:always'><p>three</p>");
        assert_eq!(t.text, "one\ntwo\n\u{c}three\n");
    }

    #[test]
    fn ordered_lists_keep_their_numbers() {
        let t = text("<ol start='3'><li>Third</li><li>Fourth</li></ol><ul><li>dot</li></ul>");
        assert_eq!(t.text, "3. Third\n4. Fourth\n\n\u{2022} dot\n");
    }

    fn tables(src: &str) -> corresp_model::Text {
        crate::html_text(src, &Budget::new(&crate::Limits::default())).unwrap()
    }

    #[test]
    fn tables_keep_their_cells_and_the_text_is_unchanged() {
        let src = "<p>Intro</p><table><thead><tr><th></th><th colspan='3'>2023</th><th colspan='3'>2022</th></tr></thead>\
                   <tr><td>Revenue</td><td>$</td><td>1,200</td><td></td><td>$</td><td>1,000</td><td></td></tr>\
                   <tr><td rowspan='2'>Costs</td><td></td><td>(300</td><td>)</td><td></td><td>(250</td><td>)</td></tr>\
                   <tr><td></td><td>&#8212;</td><td></td><td></td><td>5</td><td></td></tr></table><p>After</p>";
        let t = tables(src);
        assert_eq!(t.text, text(src).text, "the text is the same with tables kept");
        assert_eq!(t.tables.len(), 1);
        let tb = &t.tables[0];
        let cell = |r: usize, c: usize| {
            tb.rows[r].cells.iter().find(|x| x.col == c).map(|x| &t.text[x.span.start..x.span.end])
        };
        assert_eq!(tb.rows.len(), 4);
        assert!(tb.rows[0].cells.iter().all(|c| c.header));
        assert_eq!((tb.rows[0].cells[0].col, tb.rows[0].cells[0].cols), (1, 3));
        assert_eq!(cell(1, 0), Some("Revenue"));
        assert_eq!(cell(1, 2), Some("1,200"));
        assert_eq!(cell(1, 5), Some("1,000"));
        assert_eq!(cell(2, 2), Some("(300"));
        assert_eq!(cell(2, 3), Some(")"));
        // The row under a rowspan starts one column in.
        assert_eq!(cell(3, 2), Some("\u{2014}"));
        assert_eq!(cell(3, 5), Some("5"));
    }
}
