//! Company answers: each repeated staff comment (numbered, "Comment:", or set in bold/italics)
//! paired with the answer after it ("Response:"), proposed disclosure and promises to revise.

use std::sync::LazyLock;

use corresp_model::{Response, Span, Text};
use regex::Regex;

use crate::lines::{Line, ends_sentence, squash};
use crate::staff::numbered_caption;

/// "Response:", "Company Response:", "Answer:", "Company's Response:", "Management's Response to Comment No. 3:", "RESPONSE", "Response No. 1:".
static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s*_]*(?:(?:the\s+)?(?:company|management|registrant|issuer|our|[a-z&.\-]{2,20})(?:['\u{2019}]s)?\s+)?(?:responses?|answers?)(?:\s+(?:to\s+)?(?:the\s+)?(?:staff['\u{2019}]s\s+)?(?:comments?\s*)?(?:nos?\.?|numbers?|#)?\s*(\d{1,3})[a-z]?(?:\s*(?:,\s*and|,|and|&|through|to|-|\u{2013})\s*(?:nos?\.?\s*)?\d{1,3}[a-z]?)*)?\s*(?:[:.\-\u{2013}\u{2014}]|$)\s*")
        .expect("static regex")
});
/// "Comment 1:", "Comment No. 2.", "Staff Comment 3", "Comment:".
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s*_]*(?:sec\s+|staff(?:['\u{2019}]s)?\s+)?(?:oral\s+)?comments?(?:\s+(?:nos?\.?|numbers?|#)?\s*(\d{1,3})[a-z]?(?:\s*(?:,\s*and|,|and|&|through|to|-|\u{2013})\s*(?:nos?\.?\s*)?\d{1,3}[a-z]?)*)?\s*(?:[:.\-\u{2013}\u{2014})]|$)\s*")
        .expect("static regex")
});
/// "1. We note", "1." alone (a number in its own table cell), "1.We note".
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^(\d{1,3})\s*\.(?:\s+|$|([A-Z"“(_*]))"#).expect("static regex"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•\u{f0b7}\u{b7}\u{25aa}\u{25cf}\u{2022}\-\u{2013}*o])\s+").expect("static regex")
});

/// How a staff comment opens: "Please tell us", "We note", "Tell us", "Explain", "You disclose".
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Please|We\s+note|Tell\s+us|Explain|Provide|Revise|Disclose|Describe|Clarify|You\s+(?:disclose|state|indicate|present|refer))\b")
        .expect("static regex")
});

/// Where the answers stop: the acknowledgment, the sign-off and the closing courtesies.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\*\s*\*|sincerely|very\s+truly\s+yours|respectfully\s+(?:submitted|yours)|yours\s+(?:truly|sincerely|faithfully)|best\s+regards|(?:if|should)\s+(?:you|the\s+staff)\s+(?:have|has)\s+(?:any\s+)?(?:further\s+|additional\s+)?(?:questions|comments)|please\s+(?:do\s+not\s+hesitate|feel\s+free|contact|direct|call|let\s+(?:us|me)\s+know)|(?:we|the\s+company|[a-z]+)\s+(?:hereby\s+|further\s+)?acknowledges?(?:\s+to\s+the\s+staff)?\s+that\s*:?\s*$|in\s+connection\s+with\s+(?:responding|the\s+company['\u{2019}]s\s+response|its\s+response)|\[signature|\[remainder\s+of|cc\s*:|thank\s+you\s+(?:for|in\s+advance))")
        .expect("static regex")
});

/// Every comment number a label names: "Response to Comments 3 and 4" → 3, 4; "Comments 5
/// through 7" → 5, 6, 7. Empty when the line is not a comment or response label.
fn label_numbers(t: &str) -> Vec<u32> {
    static NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,3}").expect("static regex"));
    let Some(m) = RESPONSE
        .find(t)
        .filter(|m| RESPONSE.captures(t).is_some_and(|c| c.get(1).is_some()) && !m.is_empty())
        .or_else(|| COMMENT.captures(t).filter(|c| c.get(1).is_some()).and_then(|c| c.get(0)))
    else {
        return Vec::new();
    };
    let label = m.as_str();
    let mut out: Vec<u32> = Vec::new();
    let mut prev_end = 0;
    for n in NUM.find_iter(label) {
        let Ok(v) = n.as_str().parse::<u32>() else { continue };
        let between = label[prev_end..n.start()].to_ascii_lowercase();
        match out.last() {
            Some(&last)
                if (between.contains("through")
                    || between.contains('-')
                    || between.contains('\u{2013}')
                    || between.contains(" to "))
                    && v > last
                    && v - last <= 20 =>
            {
                out.extend(last + 1..=v);
            }
            _ => out.push(v),
        }
        prev_end = n.end();
    }
    out.dedup();
    out
}

#[derive(Debug, Clone, Copy)]
enum Marker {
    /// A response label, with the number it names, and where its text starts.
    Response(Option<u32>, usize),
    /// A comment label or a line-initial number, and where the comment's text starts.
    Comment(Option<u32>, usize),
}

fn marker(l: &Line<'_>) -> Option<Marker> {
    let t = l.text;
    if let Some(c) = RESPONSE.captures(t) {
        let n = c.get(1).and_then(|g| g.as_str().parse().ok());
        return Some(Marker::Response(n, l.start + c.get(0).expect("group 0").end()));
    }
    if let Some(c) = COMMENT.captures(t) {
        let n = c.get(1).and_then(|g| g.as_str().parse().ok());
        return Some(Marker::Comment(n, l.start + c.get(0).expect("group 0").end()));
    }
    if let Some(c) = NUMBERED.captures(t) {
        let n = c[1].parse().ok();
        let off = c.get(2).map(|g| g.start()).unwrap_or_else(|| c.get(0).expect("group 0").end());
        return Some(Marker::Comment(n, l.start + off));
    }
    None
}

/// True when most of the line is bold or italic: a repeated staff comment.
fn emphasised(text: &Text, l: &Line<'_>) -> bool {
    !text.marks.is_empty() && text.emphasised_share(Span::new(l.start, l.end), |e| e.bold || e.italic) > 0.6
}

/// Everything the answers of one letter need.
pub(crate) struct Ctx<'a> {
    pub text: &'a Text,
    pub lines: &'a [Line<'a>],
    pub body: usize,
}

/// One answer before its text is cut: the comment's lines, the answer's first line and offset.
struct Item {
    number: Option<u32>,
    /// Further comments answered together with `number` ("Response to Comments 3 and 4").
    also: Vec<u32>,
    comment: Option<(usize, usize)>,
    answer_line: usize,
    answer_start: usize,
}

/// The answers of a company letter, in order.
pub(crate) fn responses(cx: &Ctx<'_>) -> Vec<Response> {
    let lines = cx.lines;
    let markers: Vec<(usize, Marker)> =
        lines.iter().enumerate().skip(cx.body).filter_map(|(i, l)| marker(l).map(|m| (i, m))).collect();
    let mut items: Vec<Item> = if markers.iter().any(|m| matches!(m.1, Marker::Response(..))) {
        labelled(cx, &markers)
    } else {
        let numbered = numbered(cx, &markers);
        if numbered.is_empty() { bulleted(cx) } else { numbered }
    };
    let end_line = closing_line(lines, items.last().map(|i| i.answer_line).unwrap_or(cx.body));
    items.retain(|i| i.answer_line < end_line);
    // An answer with no number between the answers to comments 3 and 5 answers comment 4 (its
    // number was lost with the list formatting).
    for k in 1..items.len().saturating_sub(1) {
        let before = items[k - 1].also.last().copied().or(items[k - 1].number);
        if items[k].number.is_none()
            && let (Some(a), Some(b)) = (before, items[k + 1].number)
            && b == a + 2
        {
            items[k].number = Some(a + 1);
        }
    }
    let mut out = Vec::new();
    for k in 0..items.len() {
        let it = &items[k];
        let stop =
            items.get(k + 1).map(|n| n.comment.map(|c| c.0).unwrap_or(n.answer_line)).unwrap_or(end_line);
        let mut last = stop.saturating_sub(1).max(it.answer_line);
        // Captions repeated before the next comment are not part of this answer.
        while last > it.answer_line
            && (lines[last].text.is_empty() || (k + 1 < items.len() && looks_caption(lines[last].text)))
        {
            last -= 1;
        }
        let end = lines[last].end.max(it.answer_start);
        let answer = squash(cx.text.text.get(it.answer_start..end).unwrap_or(""));
        let (comment_text, comment_span) = match it.comment {
            Some((a, b)) if b >= a => {
                let s = match markers.iter().find(|m| m.0 == a) {
                    Some((_, Marker::Comment(_, s))) => *s,
                    _ => lines[a].start,
                };
                let e = lines[b].end.max(s);
                let t = squash(cx.text.text.get(s..e).unwrap_or(""));
                if t.is_empty() { (None, None) } else { (Some(t), Some(Span::new(s, e))) }
            }
            _ => (None, None),
        };
        let (blocks, block_spans) = revised_disclosure(cx, it.answer_line, last);
        let marked_portions: Vec<Span> =
            block_spans.iter().flat_map(|b| marked_portions(cx.text, *b)).collect();
        let commitments = commitments(&cx.text.text, it.answer_start, end);
        // Comments answered together: one answer per number, sharing the text and the spans.
        for number in it
            .number
            .into_iter()
            .chain(it.also.iter().copied())
            .map(Some)
            .chain(it.number.is_none().then_some(None))
        {
            out.push(Response {
                ordinal: out.len() as u32 + 1,
                comment_number: number.map(|n| n.to_string()),
                comment_text: comment_text.clone(),
                comment_span,
                text: answer.clone(),
                span: Span::new(it.answer_start, end),
                revised_disclosure: blocks.clone(),
                revised_disclosure_spans: block_spans.clone(),
                marked_portions: marked_portions.clone(),
                commits_to_revise: !commitments.is_empty(),
                commitments: commitments.clone(),
                answer: None,
                answer_parts: Vec::new(),
            });
        }
    }
    out
}

/// Letters with "Response:" labels: each label answers the comment marked since the label before.
fn labelled(cx: &Ctx<'_>, markers: &[(usize, Marker)]) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut last_number = 0u32;
    let mut window_start = cx.body;
    // Whether the letter repeats its numbered comments in bold or italics: then a plain numbered
    // line is a list inside an answer, not a comment.
    let numbered_emphasis = !cx.text.marks.is_empty()
        && markers
            .iter()
            .find(|(l, m)| matches!(m, Marker::Comment(Some(_), _)) && !numbered_caption(cx.lines[*l].text))
            .is_some_and(|(l, _)| number_emphasised(cx, *l));
    let comment_markers = |from: usize, to: usize| -> Vec<(usize, Option<u32>)> {
        markers
            .iter()
            .filter(|(l, _)| *l >= from && *l < to)
            .filter_map(|(l, m)| match m {
                Marker::Comment(Some(_), _)
                    if numbered_emphasis && !number_emphasised(cx, *l)
                        || numbered_caption(cx.lines[*l].text) =>
                {
                    None
                }
                Marker::Comment(n, _) => Some((*l, *n)),
                Marker::Response(..) => None,
            })
            .collect()
    };
    for &(line, m) in markers {
        let Marker::Response(own, answer_start) = m else { continue };
        let window = comment_markers(window_start, line);
        let mut expected = last_number + 1;
        // Comments answered with no label before the labelled one ("4." answered in plain text,
        // then "5." and "Response:"): each numbered comment of the run expected, expected + 1, ...
        // that is followed by its own answer before the next is an item of its own.
        {
            let mut run = unlabelled_run(cx, &window, expected);
            if let Some(k) = own {
                // "Response to Comment 6:" after "5." answered with no label: 5 is its own item.
                run.retain(|r| r.1 < k);
                let stop = window.iter().rev().find(|(_, n)| *n == own).map(|w| w.0).unwrap_or(line);
                run.retain(|r| r.0 < stop);
                run.push((stop, k));
            }
            for w in run.windows(2) {
                let (l, n) = w[0];
                let Some(a) = answer_after(cx, l, w[1].0) else { continue };
                items.push(Item {
                    number: Some(n),
                    also: Vec::new(),
                    comment: Some((l, a.saturating_sub(1).max(l))),
                    answer_line: a,
                    answer_start: cx.lines[a].start,
                });
                last_number = n;
                expected = n + 1;
            }
        }
        // The comment number is the one expected next, else the last number above the label that
        // moves forward; a numbered list inside an answer or a comment then cannot steal it.
        let chosen = own.map(|n| (None, Some(n))).or_else(|| {
            window
                .iter()
                .rev()
                .find(|(_, n)| *n == Some(expected))
                .or_else(|| {
                    window
                        .iter()
                        .rev()
                        .find(|(_, n)| n.is_some_and(|n| n > last_number && n <= last_number + 10))
                })
                .map(|(l, n)| (Some(*l), *n))
        });
        let (mut c_line, number) = chosen.unwrap_or((None, None));
        if own.is_some() {
            // "Response to Comment 3:": the comment, if repeated, is the marker above it.
            c_line = window.iter().rev().find(|(_, n)| *n == own || n.is_none()).map(|w| w.0);
        }
        if c_line.is_none() {
            c_line = window.iter().find(|(_, n)| n.is_none()).map(|w| w.0);
        }
        // "Comment:" on the line above "1." starts the comment.
        if let Some(cl) = c_line
            && let Some(&(l0, _)) = window.iter().rev().find(|(l, n)| n.is_none() && *l < cl && cl - *l <= 2)
        {
            c_line = Some(l0);
        }
        if c_line.is_none() {
            // No label: a repeated comment in bold or italics right above the answer.
            let mut a = line;
            while a > window_start {
                let prev = (window_start..a).rev().find(|&j| !cx.lines[j].text.is_empty());
                match prev {
                    Some(j) if emphasised(cx.text, &cx.lines[j]) && !looks_caption(cx.lines[j].text) => a = j,
                    _ => break,
                }
            }
            if a < line {
                c_line = Some(a);
            }
        }
        if c_line.is_none() && number.is_none() && cx.text.marks.is_empty() {
            // Plain text: the paragraph right above the label, when it asks what a comment asks.
            let last = (window_start..line).rev().find(|&j| !cx.lines[j].text.is_empty());
            if let Some(last) = last {
                let first = (window_start..=last)
                    .rev()
                    .take_while(|&j| !cx.lines[j].text.is_empty())
                    .last()
                    .unwrap_or(last);
                if ASKS.is_match(cx.lines[first].text) {
                    c_line = Some(first);
                }
            }
        }
        // A repeated bullet or lettered part of the numbered comment above ("•We note ...", "(b)"):
        // its answer is part of that comment's answer.
        let part_of_last = number.is_none()
            && own.is_none()
            && items.last().is_some_and(|i| i.number.is_some())
            && c_line.is_some_and(|c| is_part(cx.lines[c].text));
        if part_of_last || (number.is_none() && c_line.is_none() && own.is_none() && !items.is_empty()) {
            // A second label for the same comment (answers to its parts): one answer.
            window_start = line + 1;
            continue;
        }
        // "Response to Comments 3 and 4", or the repeated comments headed "Comments 3 and 4".
        let joint = [Some(line), c_line]
            .into_iter()
            .flatten()
            .map(|l| label_numbers(cx.lines[l].text))
            .find(|j| j.len() >= 2 && number.is_some_and(|n| j[0] == n))
            .unwrap_or_default();
        let also: Vec<u32> = joint.iter().skip(1).copied().collect();
        if let Some(n) = number {
            last_number = also.last().copied().unwrap_or(n).max(n);
        }
        let comment = c_line.map(|c| (c, line.saturating_sub(1).max(c)));
        let answer_start = if cx.text.text[answer_start..cx.lines[line].end].trim().is_empty() {
            cx.lines[line + 1..].iter().find(|x| !x.text.is_empty()).map(|x| x.start).unwrap_or(answer_start)
        } else {
            answer_start
        };
        items.push(Item { number, also, comment, answer_line: line, answer_start });
        window_start = line + 1;
    }
    // Numbered comments after the last label, answered with no label ("6." and its answer).
    if !items.is_empty() {
        let end = closing_line(cx.lines, window_start.saturating_sub(1));
        let mut window = comment_markers(window_start, end);
        window.push((end, None));
        let mut run = unlabelled_run(cx, &window, last_number + 1);
        run.push((end, 0));
        for w in run.windows(2) {
            let (l, n) = w[0];
            let Some(a) = answer_after(cx, l, w[1].0) else { break };
            items.push(Item {
                number: Some(n),
                also: Vec::new(),
                comment: Some((l, a.saturating_sub(1).max(l))),
                answer_line: a,
                answer_start: cx.lines[a].start,
            });
        }
    }
    items
}

/// True when the comment a number starts is set in bold or italics (on its line or the next).
fn number_emphasised(cx: &Ctx<'_>, l: usize) -> bool {
    let lines = cx.lines;
    (l..lines.len().min(l + 3))
        .find(|&k| {
            let t = lines[k].text;
            !t.is_empty() && NUMBERED.find(t).is_none_or(|m| m.end() < t.len())
        })
        .is_some_and(|k| emphasised(cx.text, &lines[k]))
}

/// The numbered comments `expected`, `expected + 1`, ... among the markers above a label, from the
/// last `expected`, each but the last followed by an answer of its own before the next.
fn unlabelled_run(cx: &Ctx<'_>, window: &[(usize, Option<u32>)], expected: u32) -> Vec<(usize, u32)> {
    let Some(start) = window.iter().rposition(|(_, n)| *n == Some(expected)) else { return Vec::new() };
    // A comment says something: "2. Medical:" heads a list inside an answer.
    let substantive = |l: usize| {
        let t = cx.lines[l].text;
        let rest = NUMBERED.find(t).map(|m| &t[m.end()..]).unwrap_or(t);
        let rest = if rest.trim().is_empty() {
            cx.lines[l + 1..].iter().find(|x| !x.text.is_empty()).map(|x| x.text).unwrap_or("")
        } else {
            rest
        };
        rest.trim().len() >= 40
    };
    if !substantive(window[start].0) {
        return Vec::new();
    }
    let mut run = vec![(window[start].0, expected)];
    for &(l, n) in &window[start + 1..] {
        let (last_line, last_n) = *run.last().expect("non-empty");
        if n == Some(last_n + 1) && substantive(l) && answer_after(cx, last_line, l).is_some() {
            run.push((l, last_n + 1));
        }
    }
    run
}

/// The first line of the answer to the comment repeated from line `comment` on, when it starts before
/// line `next`: after the comment's emphasised lines when the comment is emphasised, else after the
/// comment's own paragraph (one line in HTML).
fn answer_after(cx: &Ctx<'_>, comment: usize, next: usize) -> Option<usize> {
    let lines = cx.lines;
    let mut j = comment + 1;
    let emphasised_comment = (comment..next.min(comment + 3))
        .find(|&k| {
            !lines[k].text.is_empty()
                && NUMBERED.find(lines[k].text).is_none_or(|m| m.end() < lines[k].text.len())
        })
        .is_some_and(|k| emphasised(cx.text, &lines[k]));
    if emphasised_comment {
        while j < next && (lines[j].text.is_empty() || emphasised(cx.text, &lines[j])) {
            j += 1;
        }
    } else {
        // A number alone on its line: the comment's text is the next paragraph.
        if NUMBERED.find(lines[comment].text).is_some_and(|m| m.end() >= lines[comment].text.len()) {
            while j < next && lines[j].text.is_empty() {
                j += 1;
            }
            j += 1;
        }
        while j < next && lines[j].text.is_empty() {
            j += 1;
        }
    }
    (j < next && marker(&lines[j]).is_none() && !looks_caption(lines[j].text)).then_some(j)
}

/// The revised portions of one block of proposed disclosure: its underlined runs, else its bold
/// runs, joined across the spaces between them. A block emphasised throughout marks nothing.
fn marked_portions(text: &Text, block: Span) -> Vec<Span> {
    type Pick = fn(corresp_model::Emphasis) -> bool;
    let picks: [Pick; 2] = [|e| e.underline, |e| e.bold];
    for pick in picks {
        let share = text.emphasised_share(block, pick);
        if share == 0.0 || share > 0.95 {
            continue;
        }
        let mut out: Vec<Span> = Vec::new();
        let first = text.marks.partition_point(|m| m.span.end <= block.start);
        for m in text.marks[first..].iter().take_while(|m| m.span.start < block.end) {
            if !pick(m.emphasis) {
                continue;
            }
            let (s, e) = (m.span.start.max(block.start), m.span.end.min(block.end));
            if text.text.get(s..e).is_none_or(|t| t.trim().is_empty()) {
                continue;
            }
            match out.last_mut() {
                Some(last) if text.text.get(last.end..s).is_some_and(|g| g.trim().is_empty()) => last.end = e,
                _ => out.push(Span::new(s, e)),
            }
        }
        return out;
    }
    Vec::new()
}

/// A bullet or a lettered sub-item: "• We note", "•We note", "(a) Please", "b. Please".
fn is_part(t: &str) -> bool {
    static LETTERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(?[a-h]\)\s|^\(?[a-h][.)]\s").expect("static regex"));
    let t = t.trim_start_matches(['*', '_', ' ']);
    t.starts_with(['•', '\u{f0b7}', '\u{b7}', '\u{25aa}', '\u{25cf}', '\u{2013}', '-'])
        || LETTERED.is_match(t)
}

/// Letters without labels: each comment number starts an item; the repeated comment is the
/// emphasised lines after the number, the answer the rest.
fn numbered(cx: &Ctx<'_>, markers: &[(usize, Marker)]) -> Vec<Item> {
    let has_marks = !cx.text.marks.is_empty();
    let cands: Vec<(usize, u32, usize)> = markers
        .iter()
        .filter_map(|&(l, m)| match m {
            Marker::Comment(Some(n), s) => Some((l, n, s)),
            _ => None,
        })
        .collect();
    // When the letter sets comments in bold or italics, only numbers followed by emphasis count:
    // numbered lists inside answers are plain.
    let emph = |&(l, _, _): &(usize, u32, usize)| {
        let next = (l..cx.lines.len().min(l + 4)).find(|&j| {
            let t = cx.lines[j].text;
            !t.is_empty() && NUMBERED.captures(t).is_none_or(|c| c.get(0).is_none_or(|g| g.end() < t.len()))
        });
        next.is_some_and(|j| emphasised(cx.text, &cx.lines[j]))
    };
    let filtered: Vec<_> = if has_marks { cands.iter().copied().filter(emph).collect() } else { Vec::new() };
    let use_cands = if filtered.is_empty() { cands } else { filtered };
    let mut chain: Vec<(usize, u32, usize)> = Vec::new();
    // The last number of the chain, counting comments headed together ("Comments 3 and 4").
    let mut last_n = 0;
    for c in use_cands {
        let last_of = |c: &(usize, u32, usize)| {
            label_numbers(cx.lines[c.0].text).last().copied().unwrap_or(c.1).max(c.1)
        };
        match chain.last() {
            None if c.1 <= 3 => {
                last_n = last_of(&c);
                chain.push(c);
            }
            Some(_) if c.1 == last_n + 1 => {
                last_n = last_of(&c);
                chain.push(c);
            }
            _ => {}
        }
    }
    let mut items = Vec::new();
    let mut pending: Vec<(usize, u32)> = Vec::new();
    for (k, &(line, n, start)) in chain.iter().enumerate() {
        let next = chain.get(k + 1).map(|c| c.0).unwrap_or(cx.lines.len());
        // Repeated comment: emphasised lines from the number on; the answer starts after them.
        let mut j = line;
        let mut answer_line = None;
        let mut first = true;
        while j < next {
            let l = &cx.lines[j];
            if !l.text.is_empty() {
                let is_num_only = first
                    && NUMBERED
                        .captures(l.text)
                        .is_some_and(|c| c.get(0).is_some_and(|g| g.end() >= l.text.len()));
                if !is_num_only && !emphasised(cx.text, l) {
                    answer_line = Some(j);
                    break;
                }
                first = false;
            }
            j += 1;
        }
        match answer_line {
            Some(a) if a > line || !has_marks => {
                let comment_end = (line..a).rev().find(|&x| !cx.lines[x].text.is_empty()).unwrap_or(line);
                let (comment, answer_start) =
                    if a > line { (Some((line, comment_end)), cx.lines[a].start) } else { (None, start) };
                let joint = label_numbers(cx.lines[line].text);
                let mut also = if joint.first() == Some(&n) { joint[1..].to_vec() } else { Vec::new() };
                // Comments repeated one after another with no answer between, then one answer:
                // answered together.
                let (number, comment) = match pending.first() {
                    Some(&(l0, n0)) if a > line => {
                        let mut all: Vec<u32> = pending.iter().skip(1).map(|p| p.1).collect();
                        all.push(n);
                        all.append(&mut also);
                        also = all;
                        (n0, Some((l0, comment_end)))
                    }
                    _ => (n, comment),
                };
                pending.clear();
                items.push(Item { number: Some(number), also, comment, answer_line: a, answer_start });
            }
            Some(_) => {
                pending.clear();
                items.push(Item {
                    number: Some(n),
                    also: Vec::new(),
                    comment: None,
                    answer_line: line,
                    answer_start: start,
                })
            }
            None if has_marks => pending.push((line, n)),
            None => {}
        }
    }
    items
}

/// The seed's style: staff comments repeated as bullets, each followed by its answer. Only used
/// when nothing is numbered or labelled; acknowledgment bullets are left out.
fn bulleted(cx: &Ctx<'_>) -> Vec<Item> {
    let end = closing_line(cx.lines, cx.body);
    let mut items = Vec::new();
    for i in cx.body..end {
        let l = &cx.lines[i];
        let Some(m) = BULLET.find(l.text) else { continue };
        let rest = &l.text[m.end()..];
        let lower = rest.to_ascii_lowercase();
        if rest.len() < 60 || lower.contains("adequacy") || lower.contains("foreclose") {
            continue;
        }
        if !(lower.starts_with("we note")
            || lower.starts_with("please")
            || lower.contains(" please ")
            || lower.contains("tell us")
            || lower.starts_with("you "))
        {
            continue;
        }
        let Some(a) = (i + 1..end).find(|&j| !cx.lines[j].text.is_empty()) else { continue };
        if BULLET.is_match(cx.lines[a].text) {
            continue;
        }
        items.push(Item {
            number: None,
            also: Vec::new(),
            comment: Some((i, i)),
            answer_line: a,
            answer_start: cx.lines[a].start,
        });
    }
    // Keep an item's comment marker offset: the bullet text starts after the bullet sign.
    items
}

/// The first closing line after `from` (the sign-off, the acknowledgment, "please contact").
fn closing_line(lines: &[Line<'_>], from: usize) -> usize {
    (from + 1..lines.len())
        .find(|&i| CLOSING.is_match(lines[i].text) || is_ack_line(lines[i].text))
        .unwrap_or(lines.len())
}

fn is_ack_line(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    (l.contains("adequacy and accuracy") || l.contains("accuracy and adequacy")) && l.contains("responsible")
}

/// A caption line repeated from the staff letter between answers; it may open with the number of
/// the note it names ("2. Discontinued Operations, page 69", "Note 4 – Leases").
fn looks_caption(t: &str) -> bool {
    static NOTE_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:Note\s+)?\d{1,2}[.:]?\s+").expect("static regex"));
    let upper = |s: &str| s.chars().next().is_some_and(|c| c.is_uppercase());
    t.len() < 120
        && !ends_sentence(t)
        && (upper(t) || NOTE_NUMBER.find(t).is_some_and(|m| upper(&t[m.end()..])))
}

static AS_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:as\s+follows|following\s+(?:revised\s+|expanded\s+|additional\s+|proposed\s+)?disclosure|proposed\s+(?:revised\s+)?disclosure|revised\s+disclosure|underlined|in\s+substantially\s+the\s+following\s+form|similar\s+to\s+the\s+following)[^.]*:\s*$")
        .expect("static regex")
});
static OPEN_QUOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^[*_]*["“]"#).expect("static regex"));
static CLOSE_QUOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["”][*_)]*\s*$"#).expect("static regex"));

/// Proposed disclosure quoted in an answer: the paragraphs after a line ending "as follows:", up to
/// the closing quote when the block opens with one, else up to the next line that reads as the
/// company speaking again.
fn revised_disclosure(cx: &Ctx<'_>, from: usize, to: usize) -> (Vec<String>, Vec<Span>) {
    let mut blocks = Vec::new();
    let mut spans = Vec::new();
    let mut i = from;
    while i <= to {
        if !AS_FOLLOWS.is_match(cx.lines[i].text) {
            i += 1;
            continue;
        }
        let Some(a) = (i + 1..=to).find(|&j| !cx.lines[j].text.is_empty()) else { break };
        let quoted = OPEN_QUOTE.is_match(cx.lines[a].text);
        let mut b = a;
        for j in a..=to {
            let t = cx.lines[j].text;
            if t.is_empty() {
                continue;
            }
            if quoted {
                b = j;
                if CLOSE_QUOTE.is_match(t) && (j > a || t.len() > 2) {
                    break;
                }
            } else {
                let l = t.to_ascii_lowercase();
                if j > a
                    && (l.starts_with("the company")
                        || l.starts_with("we ")
                        || l.starts_with("in addition, the company")
                        || AS_FOLLOWS.is_match(t))
                {
                    break;
                }
                b = j;
            }
        }
        let s = cx.lines[a].start;
        let e = cx.lines[b].end.max(s);
        blocks.push(squash(&cx.text.text[s..e]));
        spans.push(Span::new(s, e));
        i = b + 1;
    }
    (blocks, spans)
}

static COMMIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|shall|intends?\s+to|plans?\s+to|undertakes?\s+to|agrees?\s+to|commits?\s+to|proposes?\s+to|expects?\s+to)\s+(?:\w+\s+){0,4}?(?:revise|expand|enhance|include|provide|clarify|update|add|disclose|modify|quantify|describe|explain|identify|present|label|replace|amend|file\s+an\s+amend|supplement|present|incorporate|remove|discuss|refine|reconcile|reflect|conform|reclassify|eliminate|omit|no\s+longer\s+(?:present|use|include|refer|disclose)|consider\s+(?:adding|including|expanding|revising))\w*\b")
        .expect("static regex")
});
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:future|subsequent|next|upcoming|forthcoming|amended|amendment|going\s+forward|beginning\s+with|starting\s+with|prospectively|in\s+(?:its|our|the)\s+(?:\d{4}\s+)?(?:annual|quarterly|form|proxy|registration))\b")
        .expect("static regex")
});

/// Sentences of the answer that promise to revise a future or amended filing.
fn commitments(text: &str, start: usize, end: usize) -> Vec<Span> {
    let Some(s) = text.get(start..end) else { return Vec::new() };
    let mut out = Vec::new();
    let mut pos = 0;
    for sentence in s.split_inclusive(['.', '\n']) {
        if COMMIT.is_match(sentence) && FUTURE.is_match(sentence) {
            let lead = sentence.len() - sentence.trim_start().len();
            out.push(Span::new(start + pos + lead, start + pos + sentence.trim_end().len()));
        }
        pos += sentence.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    fn run(t: &str) -> Vec<Response> {
        let text = Text::plain(t);
        let lines = split_lines(&text.text);
        responses(&Ctx { text: &text, lines: &lines, body: 0 })
    }

    #[test]
    fn labels() {
        assert!(RESPONSE.is_match("Response:"));
        assert!(RESPONSE.is_match("Company Response: The Company"));
        assert!(RESPONSE.is_match("Management’s Response to Comment No. 3:"));
        assert!(RESPONSE.is_match("RESPONSE"));
        assert!(RESPONSE.is_match("Answer: We estimate"));
        assert!(RESPONSE.is_match("Company\u{2019}s Response:"));
        assert!(!RESPONSE.is_match("Answers to the questions follow below."));
        assert!(!RESPONSE.is_match("Response dated September 3, 2024"));
        assert!(!RESPONSE.is_match("Responses to the comments are set out below."));
        assert!(COMMENT.is_match("Comment No. 2: We note"));
        assert!(COMMENT.is_match("Comment:"));
        assert!(COMMENT.is_match("SEC Oral Comment #1:"));
        assert!(!COMMENT.is_match("Comments on the draft were made by the auditors."));
    }

    #[test]
    fn bold_bullets_answered_one_by_one_stay_one_answer() {
        let lines = [
            ("1. We note your revised disclosure. Please address the following:", true),
            ("\u{2022}Please disclose the term of the license.", true),
            ("Response: The Company has revised the disclosure on page 44.", false),
            ("\u{2022}Please quantify the royalty.", true),
            ("Response: The Company has revised the disclosure on page 46.", false),
            ("Sincerely,", false),
        ];
        let mut text = String::new();
        let mut marks = Vec::new();
        for (l, bold) in lines {
            if bold {
                let emphasis = corresp_model::Emphasis { bold: true, ..Default::default() };
                marks.push(corresp_model::Mark {
                    span: Span::new(text.len(), text.len() + l.len()),
                    emphasis,
                });
            }
            text.push_str(l);
            text.push('\n');
        }
        let text = Text { text, marks, format: corresp_model::SourceFormat::Html, tables: Vec::new() };
        let lines = split_lines(&text.text);
        let r = responses(&Ctx { text: &text, lines: &lines, body: 0 });
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].comment_number.as_deref(), Some("1"));
        assert!(r[0].text.contains("page 46"));
    }

    #[test]
    fn underlined_words_of_revised_disclosure_are_its_marked_portions() {
        let body = "1. Please expand your discussion of revenue.\nResponse: The Company will revise future filings as follows:\n\"Revenue rose 5% because of higher prices and new stores.\"\nSincerely,\n";
        let at = body.find("because").expect("fixture");
        let end = body.find(" and new").expect("fixture");
        let underline = corresp_model::Emphasis { underline: true, ..Default::default() };
        let marks = vec![corresp_model::Mark { span: Span::new(at, end), emphasis: underline }];
        let text = Text {
            text: body.to_string(),
            marks,
            format: corresp_model::SourceFormat::Html,
            tables: Vec::new(),
        };
        let lines = split_lines(&text.text);
        let r = responses(&Ctx { text: &text, lines: &lines, body: 0 });
        assert_eq!(r[0].revised_disclosure.len(), 1);
        assert_eq!(r[0].marked_portions, [Span::new(at, end)]);
        assert_eq!(&body[at..end], "because of higher prices");
    }

    #[test]
    fn comment_then_response() {
        let t = "General\n1. Please tell us about X.\nResponse: The Company will revise future filings to disclose X.\n2. Please tell us about Y.\n(1) one thing\nResponse: Y is immaterial.\nSincerely,\n";
        let r = run(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].comment_number.as_deref(), Some("1"));
        assert_eq!(r[0].comment_text.as_deref(), Some("Please tell us about X."));
        assert!(r[0].commits_to_revise);
        assert_eq!(r[1].comment_number.as_deref(), Some("2"));
        assert_eq!(r[1].text, "Y is immaterial.");
        assert!(!r[1].commits_to_revise);
    }

    #[test]
    fn captions_naming_a_note_by_number_are_not_the_answer_before_them() {
        let t = "1. Please tell us about X.\nResponse: X is small.\nNotes to Consolidated Financial Statements\n4. Leases, page 71\nNote 5 – Income Taxes, page 72\n2. Please tell us about Y.\nResponse: Y is small.\nSincerely,\n";
        let r = run(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].text, "X is small.");
        assert_eq!(r[1].comment_number.as_deref(), Some("2"));
        assert!(looks_caption("4. Leases, page 71") && looks_caption("Note 5 – Income Taxes, page 72"));
        assert!(!looks_caption("4. we will revise") && !looks_caption("4. The Company will revise it."));
    }

    #[test]
    fn an_unnumbered_answer_between_two_numbers_takes_the_one_between() {
        let t = "1. Please tell us about X.\nResponse: X is small.\nPlease tell us about Y.\nResponse: Y is small.\n3. Please tell us about Z.\nResponse: Z is small.\nSincerely,\n";
        let r = run(t);
        assert_eq!(
            r.iter().map(|r| r.comment_number.clone().unwrap_or_default()).collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
        assert_eq!(r[1].text, "Y is small.");
    }

    #[test]
    fn number_then_answer() {
        let t = "1. The Company has no contacts with X.\n2. The Company will expand the disclosure in its future Form 10-K filings.\nIf you have any questions, please call.\n";
        let r = run(t);
        assert_eq!(r.iter().map(|r| r.comment_number.clone().unwrap()).collect::<Vec<_>>(), ["1", "2"]);
        assert!(r[1].commits_to_revise);
    }
}
