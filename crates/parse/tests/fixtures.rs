//! Snapshot tests: letters written for the tests in the styles real letters use, parsed to the
//! contract's JSON, each record validated against `shared/contract/letter.schema.json`.
//!
//! `.txt` fixtures are plain text (staff letters as the PDF extractor gives them, `staff_*`);
//! `.md` fixtures mark emphasis the way HTML responses carry it: `**bold**` and `*italic*`.

use corresp_model::{Emphasis, Mark, SourceFormat, Span, Text};

fn shared() -> std::path::PathBuf {
    std::env::var_os("CORRESP_SHARED")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").into())
}

/// Turns `**bold**` and `*italic*` into text plus marks (just enough Markdown for fixtures).
fn marked(src: &str) -> Text {
    let mut text = String::new();
    let mut marks = Vec::new();
    let (mut bold, mut italic) = (None::<usize>, None::<usize>);
    let mut rest = src;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("**") {
            match bold.take() {
                Some(s) => marks.push(Mark {
                    span: Span::new(s, text.len()),
                    emphasis: Emphasis { bold: true, ..Default::default() },
                }),
                None => bold = Some(text.len()),
            }
            rest = r;
        } else if let Some(r) = rest.strip_prefix('*').filter(|r| !r.starts_with(' ') || italic.is_some()) {
            match italic.take() {
                Some(s) => marks.push(Mark {
                    span: Span::new(s, text.len()),
                    emphasis: Emphasis { italic: true, ..Default::default() },
                }),
                None => italic = Some(text.len()),
            }
            rest = r;
        } else {
            let c = rest.chars().next().expect("non-empty");
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    marks.sort_by_key(|m| m.span.start);
    Text { text, marks, format: SourceFormat::Html, tables: Vec::new() }
}

fn load(path: &std::path::Path) -> Text {
    let src = std::fs::read_to_string(path).expect("fixture readable");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".md") {
        marked(&src)
    } else if name.starts_with("staff_") {
        Text { format: SourceFormat::Pdf, ..Text::plain(src) }
    } else {
        Text::plain(src)
    }
}

#[test]
fn fixtures_parse_to_valid_records() {
    let schema_path = shared().join("contract/letter.schema.json");
    let validator = std::fs::read_to_string(&schema_path).ok().map(|s| {
        let schema: serde_json::Value = serde_json::from_str(&s).expect("schema is JSON");
        jsonschema::validator_for(&schema).expect("schema compiles")
    });
    if validator.is_none() {
        eprintln!("{} absent: snapshots only, no schema validation", schema_path.display());
    }
    insta::glob!("fixtures/*.{txt,md}", |path| {
        let letter = corresp_parse::parse(&load(path));
        let json = serde_json::to_value(&letter).expect("serialises");
        if let Some(v) = &validator {
            let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
        insta::assert_json_snapshot!(json);
    });
}

#[test]
fn fixture_facts() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let p = |n: &str| corresp_parse::parse(&load(&dir.join(n)));
    let kinds = [
        ("staff_10k_captions.txt", "comments"),
        ("staff_draft_amendment.txt", "comments"),
        ("staff_2016_mail_stop.txt", "comments"),
        ("staff_proxy_def14a.txt", "comments"),
        ("staff_review_complete.txt", "review_complete"),
        ("staff_not_review.txt", "review_complete"),
        ("response_bold_comment_labels.md", "response"),
        ("response_number_cell_italics.md", "response"),
        ("response_comment_no_labels.txt", "response"),
        ("response_bullets_follow_up.md", "response"),
        ("response_narrative.txt", "response"),
        ("other_acceleration_request.txt", "other"),
        ("other_extension_request.txt", "other"),
        ("other_redacted_exhibit_request.txt", "other"),
        ("response_mail_stop_address.txt", "response"),
        ("staff_single_unnumbered.txt", "comments"),
        ("response_mail_stop_first.txt", "response"),
        ("other_extension_consented.txt", "other"),
        ("response_mixed_labels.md", "response"),
        ("response_comment_headings.md", "response"),
        ("response_joint_answers.md", "response"),
        ("staff_plain_text_captions.txt", "comments"),
        ("response_2005_wrapped_name.txt", "response"),
        ("response_lettered_parts.md", "response"),
        ("response_lists_in_answers.md", "response"),
        ("response_joint_unlabelled.md", "response"),
        ("response_label_missing_midway.md", "response"),
    ];
    for (f, k) in kinds {
        assert_eq!(p(f).kind.as_str(), k, "{f}");
    }
    let l = p("staff_10k_captions.txt");
    assert_eq!(l.comments.len(), 4);
    assert_eq!(
        l.comments[2].headings.last().map(String::as_str),
        Some("Note 14. Segment Information, page 88")
    );
    assert_eq!(l.comments[3].prior_comment_refs, ["2"]);
    assert_eq!(l.filings.iter().map(|f| f.form.as_str()).collect::<Vec<_>>(), ["10-K", "10-Q"]);
    let l = p("staff_draft_amendment.txt");
    assert!(l.filings[0].draft && l.filings[0].form == "S-1/A");
    assert_eq!(l.comments[1].prior_comment_refs, ["4", "5"]);
    let l = p("response_bold_comment_labels.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3")]);
    assert!(l.responses[0].commits_to_revise && !l.responses[1].commits_to_revise);
    assert_eq!(l.responses[0].revised_disclosure.len(), 1);
    assert_eq!(l.responds_to.map(|d| d.to_string()).as_deref(), Some("2023-03-03"));
    let l = p("staff_single_unnumbered.txt");
    assert_eq!(l.comments.len(), 1);
    assert_eq!(l.comments[0].number, None);
    assert!(l.comments[0].text.starts_with("We note the statement"));
    assert!(l.comments[0].text.ends_with("Item 1.05 of Form 8-K."));
    let l = p("response_mail_stop_address.txt");
    assert_eq!(l.responses.len(), 1);
    assert_eq!(l.responses[0].comment_number.as_deref(), Some("1"));
    assert!(l.responses[0].commits_to_revise);
    assert_eq!(l.responds_to.map(|d| d.to_string()).as_deref(), Some("2022-05-26"));
    // "Mail Stop 3561" in the addressee block, above the Commission's address: still a response.
    let l = p("response_mail_stop_first.txt");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2")]);
    // Comment 1 answered with no label, 2 with "Response:" on its own line, 3 with "Company
    // Response:" on its own line, 4 with the label and the answer on one line.
    let l = p("response_mixed_labels.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3"), Some("4")]);
    assert!(l.responses[0].text.starts_with("New stores added"));
    assert!(l.responses[0].comment_text.as_deref().is_some_and(|c| c.starts_with("Please quantify")));
    assert!(l.responses[2].text.starts_with("Gift card breakage"));
    assert!(l.responses[3].text.starts_with("Each of our two operating segments"));
    // "Comment 1:" / "Staff Comment No. 2" / "Comment No. 3" headings; "Answer:", "Company's
    // Response:" and "Response:" labels.
    let l = p("response_comment_headings.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3")]);
    assert!(l.responses[0].text.starts_with("We estimate implicit price concessions"));
    assert!(l.responses[1].comment_text.as_deref().is_some_and(|c| c.contains("joint ventures")));
    assert!(l.responses[2].text.starts_with("No single payer"));
    // Comments answered together: one answer per comment number, sharing the text and its span.
    let l = p("response_joint_answers.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3"), Some("4"), Some("5"), Some("6"), Some("7")]);
    assert_eq!(l.responses[2].span, l.responses[3].span);
    assert!(l.responses[3].text.starts_with("The Partnership valued"));
    assert_eq!(l.responses[4].text, l.responses[5].text);
    assert_eq!(l.responses.iter().map(|r| r.ordinal).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
    // EDGAR's plain-text rendering: captions with no blank line around them, note captions that
    // start with a number ("3. Discontinued Operations, page 69", even the next comment's number),
    // comments with no final period before a caption.
    let l = p("staff_plain_text_captions.txt");
    assert_eq!(l.comments.len(), 5);
    assert!(l.comments[0].text.ends_with("effect of store closures"), "{}", l.comments[0].text);
    assert_eq!(l.comments[0].headings.last().map(String::as_str), Some("Results of Operations, page 33"));
    assert_eq!(
        l.comments[1].headings.last().map(String::as_str),
        Some("Liquidity and Capital Resources, page 38")
    );
    assert!(l.comments[1].text.ends_with("future filings."), "{}", l.comments[1].text);
    assert!(l.comments[2].text.starts_with("Please provide us"), "{}", l.comments[2].text);
    assert!(l.comments[2].text.ends_with("Canadian business."), "{}", l.comments[2].text);
    assert_eq!(
        l.comments[2].headings,
        ["Financial Statements", "3. Discontinued Operations, page 69"].map(String::from)
    );
    assert_eq!(l.comments[3].headings.last().map(String::as_str), Some("10. Income Taxes, page 85"));
    assert!(l.comments[3].text.ends_with("page 89"), "{}", l.comments[3].text);
    assert_eq!(l.comments[4].headings, ["Form 8-K Filed May 21, 2015"]);
    // A 2005 response: the company's name wrapped over two Re: lines, "Response dated ..." in the Re:
    // block (not the filing's date), the acknowledgment with "foreclose" first, and one answer with
    // no number (the thread gives it comment 1 when the staff letter has one comment).
    let l = p("response_2005_wrapped_name.txt");
    assert_eq!(l.company.as_deref(), Some("Northfield Savings and Loan Holding Company, Inc."));
    assert_eq!(l.filings.len(), 1);
    assert_eq!(l.filings[0].form, "10-K");
    assert_eq!(l.filings[0].filed, None);
    assert_eq!(l.filings[0].file_number.as_deref(), Some("0-21455"));
    assert!(l.acknowledgment);
    assert_eq!(l.responds_to.map(|d| d.to_string()).as_deref(), Some("2005-05-20"));
    assert_eq!(l.responses.len(), 1);
    assert_eq!(l.responses[0].comment_number, None);
    assert!(l.responses[0].text.starts_with("Our deferred tax assets"));
    assert!(l.responses[0].text.ends_with("in future filings."));
    assert!(l.responses[0].comment_text.as_deref().is_some_and(|c| c.starts_with("Please tell us how")));
    // Parts (a), (b) and bullets answered one by one under one number stay one answer each.
    let l = p("response_lettered_parts.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3")]);
    assert!(l.responses[0].text.contains("published diesel price index"));
    assert!(l.responses[0].text.contains("fuel surcharge revenue for each period"));
    assert!(l.responses[1].text.contains("incremental borrowing rate"));
    // Bold comments: a plain numbered list inside an answer is no comment; the last comment is
    // answered with no label.
    let l = p("response_lists_in_answers.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3")]);
    assert!(l.responses[0].text.contains("aligns our methodology"));
    assert!(l.responses[2].text.starts_with("We will disclose the change"));
    assert!(l.responses[2].commits_to_revise);
    // Comments repeated one after another, then one answer: answered together.
    let l = p("response_joint_unlabelled.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3")]);
    assert!(l.responses.iter().all(|r| r.text.starts_with("The Company acknowledges")));
    // "Response to Comment N:" labels with one comment answered in plain text between them.
    let l = p("response_label_missing_midway.md");
    let nums: Vec<_> = l.responses.iter().map(|r| r.comment_number.as_deref()).collect();
    assert_eq!(nums, [Some("1"), Some("2"), Some("3")]);
    assert!(l.responses[1].text.starts_with("We remove any proved"));
    assert!(l.responses[2].text.starts_with("We will disclose the price"));
    let l = p("response_number_cell_italics.md");
    assert!(l.acknowledgment);
    assert_eq!(l.responses.len(), 1);
    assert!(l.responses[0].commits_to_revise);
    let l = p("response_bullets_follow_up.md");
    assert_eq!(l.responses.len(), 2);
    assert!(l.responses.iter().all(|r| r.comment_number.is_none()));
    assert!(l.acknowledgment);
    assert_eq!(l.company.as_deref(), Some("Harborview Telecom Ltd."));
    assert_eq!(l.filings[0].file_number.as_deref(), Some("001-35555"));
}
