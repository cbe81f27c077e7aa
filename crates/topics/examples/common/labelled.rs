//! Labels joined with their texts from the corpus, shared by `examples/train.rs` and `tests/cv.rs`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use corresp_topics::FilingContext;
use corresp_topics::train::{AnswerExample, CommentExample};

use crate::corpus;

/// Reads `data/labels/*.json` and the corpus texts they point at. Labels whose comment the plain
/// splitter cannot find are counted in the second value and left out.
pub fn load(corpus_root: &Path) -> Result<(Vec<CommentExample>, Vec<AnswerExample>, usize), String> {
    let dir = corpus::labels_dir();
    let raw = std::fs::read_to_string(dir.join("topics.json")).map_err(|e| format!("topics.json: {e}"))?;
    let labels: Vec<corpus::TopicLabel> =
        serde_json::from_str(&raw).map_err(|e| format!("topics.json: {e}"))?;
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    let mut comments = Vec::new();
    let mut missing = 0;
    for l in &labels {
        let text = texts.entry(l.path.clone()).or_insert_with(|| corpus::doc_text(corpus_root, &l.path));
        let Some(text) = text else {
            missing += 1;
            continue;
        };
        let re_block = corpus::re_block(text);
        let ctx = FilingContext::from_caption(&re_block);
        let split = corpus::split_comments(text);
        let want = l.number.clone().unwrap_or_else(|| l.ordinal.to_string());
        match split.iter().find(|c| c.number == want) {
            Some(c) => comments.push(CommentExample {
                group: l.path.clone(),
                text: c.text.clone(),
                headings: c.headings.clone(),
                ctx,
                forms: re_block.clone(),
                primary: l.primary.clone(),
                others: l.others.clone(),
                ask: l.ask.clone(),
            }),
            None => missing += 1,
        }
    }
    let mut answers = Vec::new();
    if let Ok(raw) = std::fs::read_to_string(dir.join("answers.json")) {
        let rows: Vec<corpus::AnswerLabels> =
            serde_json::from_str(&raw).map_err(|e| format!("answers.json: {e}"))?;
        for r in &rows {
            let Some(text) = corpus::doc_text(corpus_root, &r.path) else {
                missing += r.answers.len();
                continue;
            };
            let ctx = FilingContext::from_caption(&corpus::re_block(&text));
            let split = corpus::split_answers(&text);
            for a in &r.answers {
                let Some(found) = split.iter().find(|x| Some(&x.number) == a.number.as_ref()) else {
                    missing += 1;
                    continue;
                };
                // Without a "Response" marker the segment repeats the comment before the answer.
                let (comment, text) = if found.comment.trim().is_empty() {
                    corpus::split_comment_answer(&found.text)
                } else {
                    (found.comment.clone(), found.text.clone())
                };
                answers.push(AnswerExample {
                    group: r.path.clone(),
                    ctx,
                    has_revised_disclosure: corpus::quotes_disclosure(&text),
                    commits: corpus::commits(&text),
                    comment,
                    text,
                    answer: a.answer.clone(),
                    parts: a.parts.clone(),
                });
            }
        }
    }
    Ok((comments, answers, missing))
}
