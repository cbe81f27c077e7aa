//! From the query's text to its tree: a lexer, a recursive-descent parser with bounded nesting,
//! and messages that say what is wrong where.

use super::{KNOWN_FIELDS, Node};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Minus,
    Quoted(String),
    Word(String),
    FieldQuoted(String, String),
}

fn lex(q: &str) -> Result<Vec<(usize, Tok)>> {
    let mut out = Vec::new();
    let b = q.as_bytes();
    let mut i = 0;
    // Byte-wise scanning is safe: every delimiter we look for is ASCII, and UTF-8 continuation
    // bytes never equal an ASCII byte, so slices always fall on char boundaries.
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'(' {
            out.push((i, Tok::Open));
            i += 1;
        } else if c == b')' {
            out.push((i, Tok::Close));
            i += 1;
        } else if c == b'"' {
            let end = q[i + 1..].find('"').ok_or_else(|| unbalanced(i))?;
            out.push((i, Tok::Quoted(q[i + 1..i + 1 + end].to_string())));
            i += end + 2;
        } else if c == b'-'
            && i + 1 < b.len()
            && !b[i + 1].is_ascii_whitespace()
            && !b[i + 1].is_ascii_digit()
        {
            out.push((i, Tok::Minus));
            i += 1;
        } else {
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'(' | b')' | b'"') {
                i += 1;
            }
            let w = &q[start..i];
            if w.ends_with(':') && i < b.len() && b[i] == b'"' && is_field_name(&w[..w.len() - 1]) {
                let end = q[i + 1..].find('"').ok_or_else(|| unbalanced(i))?;
                out.push((
                    start,
                    Tok::FieldQuoted(w[..w.len() - 1].to_string(), q[i + 1..i + 1 + end].to_string()),
                ));
                i += end + 2;
                continue;
            }
            let w = w.strip_prefix('+').unwrap_or(w);
            let tok = match w {
                "AND" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                "" => continue,
                _ => Tok::Word(w.to_string()),
            };
            out.push((start, tok));
        }
    }
    Ok(out)
}

fn unbalanced(at: usize) -> Error {
    Error::Query(format!("unbalanced quote: the phrase opened at character {} is never closed", at + 1))
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphabetic() || c == b'_')
}

/// How deeply parentheses and NOT (or `-`) may nest. The parser and everything that walks the
/// tree it builds (the compiler's `query` and `collect_proximity`, and dropping the tree) recurse
/// once per level, so this bound is what keeps a hostile query (500 leading `-`, 50,000 `(`) from
/// overflowing the stack and aborting the process; people nest a handful of levels at most.
pub(crate) const MAX_DEPTH: usize = 32;

/// How many NOTs (or `-`) may sit inside one another. Each excluded clause other than a term is
/// compiled as a union of two copies of itself (see [`excluded`](super::compile)), so nested exclusions double
/// the query: 30 of them in 54 bytes took over 2 GB (found by the fuzzer). Nobody means more than
/// a couple: `-(a -b)`.
pub(crate) const MAX_NOTS: usize = 4;

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    /// Parentheses and NOTs open at the current position.
    depth: usize,
    /// NOTs open at the current position.
    nots: usize,
}

/// Parses a query into its tree. Empty and malformed queries are errors.
pub(crate) fn parse(q: &str) -> Result<Node> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(Error::Query("the query is empty".into()));
    }
    let mut p = Parser { toks, pos: 0, depth: 0, nots: 0 };
    let node = p.or()?;
    if let Some((at, t)) = p.toks.get(p.pos) {
        return Err(Error::Query(match t {
            Tok::Close => format!("unbalanced parenthesis: `)` at character {} closes nothing", at + 1),
            _ => format!("unexpected {} at character {}", describe(t), at + 1),
        }));
    }
    Ok(node)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Open => "`(`".into(),
        Tok::Close => "`)`".into(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Not => "NOT".into(),
        Tok::Minus => "`-`".into(),
        Tok::Quoted(s) => format!("\"{s}\""),
        Tok::Word(w) => format!("`{w}`"),
        Tok::FieldQuoted(f, v) => format!("`{f}:\"{v}\"`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks
            .get(self.pos)
            .map(|(a, _)| a + 1)
            .unwrap_or_else(|| self.toks.last().map(|(a, _)| a + 1).unwrap_or(0))
    }

    /// Enters one more level of nesting, refusing past [`MAX_DEPTH`].
    fn descend(&mut self, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::Query(format!(
                "query nested too deeply: more than {MAX_DEPTH} levels of parentheses and NOT at character {at}"
            )));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Node> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                return Err(Error::Query(format!("OR at character {} has nothing after it", self.at())));
            }
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.pop().expect("one part") } else { Node::Or(parts) })
    }

    fn and(&mut self) -> Result<Node> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::Or) => break,
                Some(Tok::And) => {
                    if parts.is_empty() {
                        return Err(Error::Query(format!(
                            "AND at character {} has nothing before it",
                            self.at()
                        )));
                    }
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                        return Err(Error::Query(format!(
                            "AND at character {} has nothing after it",
                            self.at()
                        )));
                    }
                }
                Some(_) => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(Error::Query(format!("expected a word or phrase at character {}", self.at()))),
            1 => Ok(parts.pop().expect("one part")),
            _ => Ok(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Node> {
        if matches!(self.peek(), Some(Tok::Not) | Some(Tok::Minus)) {
            let at = self.at();
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)) {
                return Err(Error::Query(format!("NOT at character {at} has nothing after it")));
            }
            self.descend(at)?;
            self.nots += 1;
            if self.nots > MAX_NOTS {
                return Err(Error::Query(format!(
                    "query nested too deeply: more than {MAX_NOTS} NOTs inside one another at character {at}"
                )));
            }
            let inner = self.unary()?;
            self.nots -= 1;
            self.depth -= 1;
            return Ok(Node::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node> {
        let at = self.at();
        let Some((_, tok)) = self.toks.get(self.pos).cloned() else {
            return Err(Error::Query("the query ends too early".into()));
        };
        self.pos += 1;
        match tok {
            Tok::Open => {
                self.descend(at)?;
                let inner = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Tok::Close) {
                    return Err(Error::Query(format!(
                        "unbalanced parenthesis: `(` at character {at} is never closed"
                    )));
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::Quoted(s) => Ok(Node::Phrase(s)),
            Tok::FieldQuoted(name, value) => field(name, value, true),
            Tok::Word(w) => match w.split_once(':') {
                Some((name, value)) if is_field_name(name) => {
                    if value.is_empty() {
                        return Err(Error::Query(format!("field `{name}:` at character {at} has no value")));
                    }
                    field(name.to_string(), value.to_string(), false)
                }
                _ => Ok(Node::Word(w)),
            },
            other => Err(Error::Query(format!("unexpected {} at character {at}", describe(&other)))),
        }
    }
}

fn field(name: String, value: String, quoted: bool) -> Result<Node> {
    let lower = name.to_ascii_lowercase();
    let name = match lower.as_str() {
        "headings" => "heading".to_string(),
        "topics" => "topic".to_string(),
        _ => lower,
    };
    if !KNOWN_FIELDS.contains(&name.as_str()) {
        return Err(Error::Query(format!(
            "unknown field `{name}:`; known fields are {}",
            KNOWN_FIELDS.join(", ")
        )));
    }
    Ok(Node::Field { name, value, quoted })
}

#[cfg(test)]
mod tests {
    //! Parsing: the tree a query gives, and the message a mistake gets.
    use super::*;
    use crate::query::compile::{MAX_TREE_DEPTH, tree_depth};

    fn err(q: &str) -> String {
        match parse(q) {
            Err(Error::Query(m)) => m,
            other => panic!("{q:?} should fail, got {other:?}"),
        }
    }

    #[test]
    fn words_phrases_and_operators() {
        assert_eq!(parse("revenue").unwrap(), Node::Word("revenue".into()));
        assert_eq!(
            parse("\"segment information\" goodwill").unwrap(),
            Node::And(vec![Node::Phrase("segment information".into()), Node::Word("goodwill".into())])
        );
        assert_eq!(
            parse("a OR b AND NOT c").unwrap(),
            Node::Or(vec![
                Node::Word("a".into()),
                Node::And(vec![Node::Word("b".into()), Node::Not(Box::new(Node::Word("c".into())))])
            ])
        );
        assert_eq!(parse("(a OR b) -c").unwrap(), parse("(a OR b) NOT c").unwrap());
        assert_eq!(
            parse("company:\"Acme Widgets\" year:2019..2021").unwrap(),
            Node::And(vec![
                Node::Field { name: "company".into(), value: "Acme Widgets".into(), quoted: true },
                Node::Field { name: "year".into(), value: "2019..2021".into(), quoted: false },
            ])
        );
        // A hyphenated number is a word, not a negation.
        assert_eq!(parse("-5%").unwrap(), Node::Word("-5%".into()));
    }

    /// Runs `f` on a thread with a small stack (512 KB), as deep recursion would overflow it: before
    /// the depth limit, these queries aborted the whole process with a stack overflow.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new().stack_size(512 << 10).spawn(f).unwrap().join().unwrap()
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        for q in [
            format!("{}revenue", "-".repeat(500)),
            format!("{}revenue", "NOT ".repeat(500)),
            format!("{}revenue{}", "(".repeat(50_000), ")".repeat(50_000)),
            format!("{}revenue", "(".repeat(50_000)),
            format!("{}revenue{}", "(-".repeat(20_000), ")".repeat(20_000)),
            format!("{}revenue", "(a OR -".repeat(10_000)),
        ] {
            let m = on_small_stack(move || match parse(&q) {
                Err(Error::Query(m)) => m,
                other => panic!("should fail: {other:?}"),
            });
            assert!(m.contains("query nested too deeply"), "{m}");
        }
    }

    #[test]
    fn nesting_up_to_the_limit_parses_and_its_tree_is_bounded() {
        let parens = format!("{}a OR b c{}", "(x OR y ".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        let nots = format!("{}a", "-".repeat(MAX_NOTS));
        let mixed = format!(
            "{}{}a OR b c{}",
            "(x OR -".repeat(MAX_NOTS),
            "(x OR ".repeat(MAX_DEPTH - 2 * MAX_NOTS),
            ")".repeat(MAX_DEPTH - MAX_NOTS)
        );
        for q in [parens, nots, mixed] {
            let depth = on_small_stack(move || tree_depth(&parse(&q).expect("within the limit")));
            assert!(depth <= MAX_TREE_DEPTH, "{depth}");
        }
        let over = format!("{}a", "-".repeat(MAX_DEPTH + 1));
        assert!(err(&over).contains("nested too deeply"));
        let over = format!("{}a{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert!(err(&over).contains("nested too deeply"));
    }

    #[test]
    fn nested_nots_are_bounded() {
        // The fuzzer's input: 30 NOTs in 54 bytes compiled to 2^30 copies.
        let q = "evenNf -iiNfOR +AN-\r---------------------\u{16}--------nk";
        assert!(err(q).contains("nested too deeply"), "{}", err(q));
        assert!(parse("-(a -(b -(c -d)))").is_ok());
        assert!(err("-(a -(b -(c -(d -e))))").contains("NOTs inside one another"));
    }

    #[test]
    fn mistakes_get_clear_messages() {
        assert!(err("\"segment information").contains("unbalanced quote"));
        assert!(err("company:\"Acme").contains("unbalanced quote"));
        assert!(err("(a OR b").contains("never closed"));
        assert!(err("a OR b)").contains("closes nothing"));
        let m = err("colour:blue");
        assert!(m.contains("unknown field `colour:`") && m.contains("company"), "{m}");
        assert!(err("a OR").contains("nothing after"));
        assert!(err("AND a").contains("nothing before"));
        assert!(err("NOT").contains("nothing after"));
        assert!(err("   ").contains("empty"));
        assert!(err("year:").contains("no value"));
    }
}
