//! CSV of the rows behind the tables, for pandas and R.

use std::fmt::Write;

use crate::{CommentRow, ThreadRow};

/// Quotes a field when it holds a comma, quote or line break (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// The per-thread rows as CSV with a header line.
pub fn threads_csv(rows: &[ThreadRow]) -> String {
    let mut s = String::from("id,company,cik,forms,year,staff_letters,letters,start,end,days,complete\n");
    for r in rows {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{}",
            field(&r.id),
            field(&opt(&r.company)),
            field(&opt(&r.cik)),
            field(&r.forms),
            opt(&r.year),
            r.staff_letters,
            r.letters,
            opt(&r.start),
            opt(&r.end),
            opt(&r.days),
            r.complete
        );
    }
    s
}

/// The per-comment rows as CSV with a header line (`others` is `;`-joined).
pub fn comments_csv(rows: &[CommentRow]) -> String {
    let mut s = String::from(
        "thread_id,accession,date,ordinal,number,primary,others,ask,company,caption,text,round,answer,\
         answer_parts,commitment,follow_ups,last_round,closed_by,outcome_answer\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            field(&r.thread_id),
            field(&r.accession),
            opt(&r.date),
            r.ordinal,
            field(&opt(&r.number)),
            field(&opt(&r.primary)),
            field(&r.others.join(";")),
            field(&opt(&r.ask)),
            field(&opt(&r.company)),
            field(&opt(&r.caption)),
            field(&r.text),
            opt(&r.round),
            field(&opt(&r.answer)),
            field(&r.answer_parts.join(";")),
            r.commitment,
            field(&r.follow_ups.join(";")),
            opt(&r.last_round),
            field(&opt(&r.closed_by)),
            field(&opt(&r.outcome_answer))
        );
    }
    s
}
