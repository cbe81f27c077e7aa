//! `corresp threads --json --comments` as a user runs it: a two-round review written here (staff
//! letters, answers, a closing letter), each staff comment printed with its paired answers, its
//! follow-ups and its outcome.

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_corresp"));
    c.env_remove("CORRESP_DB").env("CORRESP_LOG", "error");
    c
}

fn staff(date: &str, comments: &[&str]) -> String {
    let mut body = String::new();
    for (i, c) in comments.iter().enumerate() {
        body.push_str(&format!("Results of Operations, page {}\n\n{}.     {c}\n\n", 30 + i, i + 1));
    }
    format!(
        "<DOCUMENT>\n<TYPE>UPLOAD\n<SEQUENCE>1\n<FILENAME>filename1.txt\n<TEXT>\n<PRE>\n\
         {date}\n\nVia E-mail\nOrla Penhallow\nChief Financial Officer\nQuillfeather Instruments, Inc.\n\
         12 Harbor Lane\nPortland, Maine 04101\n\n\
         Re:    Quillfeather Instruments, Inc.\n       Form 10-K for the Fiscal Year Ended December 31, 2030\n\
                Filed February 20, 2031\n       File No. 001-99999\n\nDear Ms. Penhallow:\n\n\
         We have limited our review of your filing to the financial statements and related disclosures \
         and have the following comments.\n\n{body}\
         You may contact Wren Adair at (202) 555-0199 with any questions.\n\n\
         Sincerely,\n\nDivision of Corporation Finance\nOffice of Manufacturing\n</PRE>\n</TEXT>\n</DOCUMENT>\n"
    )
}

fn response(date: &str, answered: &str, answers: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (i, (comment, answer)) in answers.iter().enumerate() {
        body.push_str(&format!("<p><b>{}. {comment}</b></p><p><u>Response:</u></p><p>{answer}</p>", i + 1));
    }
    format!(
        "<DOCUMENT>\n<TYPE>CORRESP\n<SEQUENCE>1\n<FILENAME>filename1.htm\n<TEXT>\n<HTML><BODY>\
         <p>{date}</p><p>Division of Corporation Finance<br>Securities and Exchange Commission<br>\
         Washington, D.C. 20549</p>\
         <p><b>Re: Quillfeather Instruments, Inc.<br>Form 10-K for the Fiscal Year Ended December 31, 2030<br>\
         Filed February 20, 2031<br>File No. 001-99999</b></p>\
         <p>Dear Mr. Adair:</p><p>This letter responds to the comments of the Staff in its letter dated \
         {answered}.</p>{body}<p>Sincerely,</p><p>/s/ Orla Penhallow<br>Chief Financial Officer</p>\
         </BODY></HTML>\n</TEXT>\n</DOCUMENT>\n"
    )
}

fn put(root: &Path, acc: &str, file: &str, body: &str, when: &str) {
    let f = root.join("QFI/QFI_0000000000-31-000101/filings").join(acc);
    std::fs::create_dir_all(&f).unwrap();
    std::fs::write(f.join(file), body).unwrap();
    let index = format!(
        r#"{{"directory":{{"name":"/Archives/edgar/data/99999/{}","item":[{{"name":"{file}","type":"","size":"1","last-modified":"{when}"}}]}}}}"#,
        acc.replace('-', "")
    );
    std::fs::write(f.join("index.json"), index).unwrap();
}

#[test]
fn each_staff_comment_comes_with_its_answers_follow_ups_and_outcome() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    let c1 = "Please quantify each factor that contributed to the 12% increase in net sales.";
    let c2 = "Please tell us why the warranty reserve decreased while sales rose.";
    let c3 = "We note your response to prior comment 2. Please disclose the warranty claims by product line.";
    put(
        &root,
        "0000000000-31-000101",
        "filename1.txt",
        &staff("March 3, 2031", &[c1, c2]),
        "2031-03-03 10:00:00",
    );
    put(
        &root,
        "0009999999-31-000011",
        "filename1.htm",
        &response(
            "March 17, 2031",
            "March 3, 2031",
            &[
                (c1, "In future filings we will quantify price and volume, as follows."),
                (c2, "The Company respectfully advises the Staff that claims fell after a redesign."),
            ],
        ),
        "2031-03-17 10:00:00",
    );
    put(
        &root,
        "0000000000-31-000202",
        "filename1.txt",
        &staff("April 2, 2031", &[c3]),
        "2031-04-02 10:00:00",
    );
    put(
        &root,
        "0009999999-31-000022",
        "filename1.htm",
        &response(
            "April 14, 2031",
            "April 2, 2031",
            &[(c3, "We will disclose warranty claims by product line in our next Form 10-K.")],
        ),
        "2031-04-14 10:00:00",
    );
    let db = tmp.path().join("t.db");
    let out = bin().args(["ingest", "--db"]).arg(&db).arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = bin().args(["threads", "--json", "--comments", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let threads: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let threads = threads.as_array().unwrap();
    assert_eq!(threads.len(), 1, "{threads:#?}");
    let letters = threads[0]["letters"].as_array().unwrap();
    let first = letters.iter().find(|l| l["accession"] == "0000000000-31-000101").unwrap();
    let comments = first["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    // Comment 1: answered once, never raised again.
    assert_eq!(comments[0]["answers"][0]["accession"], "0009999999-31-000011");
    assert_eq!(comments[0]["answers"][0]["ordinal"], 1);
    assert!(comments[0]["answers"][0]["answer_parts"].is_array());
    assert_eq!(comments[0]["follow_ups"].as_array().unwrap().len(), 0);
    assert_eq!(comments[0]["outcome"]["last_round"], 1);
    assert_eq!(comments[0]["outcome"]["closed_by"], "open");
    // Comment 2: the second letter follows it up, citing it; its matter ended in round 2.
    let ups = comments[1]["follow_ups"].as_array().unwrap();
    assert_eq!(ups.len(), 1, "{:#?}", comments[1]);
    assert_eq!(ups[0]["accession"], "0000000000-31-000202");
    assert_eq!(ups[0]["number"], "1");
    assert_eq!(ups[0]["how"], "explicit");
    assert_eq!(comments[1]["outcome"]["last_round"], 2);
    // The round-2 answer sits with the round-2 comment, not with round 1's.
    let second = letters.iter().find(|l| l["accession"] == "0000000000-31-000202").unwrap();
    assert_eq!(second["comments"][0]["answers"][0]["accession"], "0009999999-31-000022");
    assert_eq!(comments[1]["answers"].as_array().unwrap().len(), 1);
    assert!(threads[0]["pairing_notes"].as_array().unwrap().is_empty());

    // `--comments` without `--json` is refused with a one-line message.
    let out = bin().args(["threads", "--comments", "--db"]).arg(&db).output().unwrap();
    assert!(!out.status.success());
}
