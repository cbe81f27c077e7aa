//! The search query language, end to end: parse, compile and run against a small index in RAM, as
//! `GET /api/v1/search?q=` and `corresp search` do. Nothing may panic, overflow the stack or hang.
#![no_main]

use std::sync::OnceLock;

use corresp_index::{DocKind, Index, IndexDoc, SearchOptions};
use libfuzzer_sys::fuzz_target;

#[path = "guard.rs"]
mod guard;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = Index::create_in_ram().expect("index in RAM");
        let mut w = index.writer().expect("writer");
        for (i, text) in [
            "Please tell us how you considered the guidance on segment reporting.",
            "Revise your non-GAAP measures to remove the adjustment for revenue.",
            "We respectfully advise the Staff that goodwill impairment was considered.",
        ]
        .into_iter()
        .enumerate()
        {
            w.add(&IndexDoc {
                kind: Some(if i == 2 { DocKind::Response } else { DocKind::Comment }),
                accession: format!("0000000000-19-00000{i}"),
                ordinal: Some(i as u32 + 1),
                company: "Acme Widgets Inc".into(),
                text: text.into(),
                ..Default::default()
            })
            .expect("add");
        }
        w.commit().expect("commit");
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    let _ = guard::run(|| index().search(&q, &SearchOptions::default()));
});
