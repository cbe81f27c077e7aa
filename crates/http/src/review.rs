//! The review view of a thread, built by [`corresp_app::review`] (the API and the review page
//! only translate it): each staff comment with its paired answers, follow-ups and outcome.

use corresp_app::review::ViewDoc;
pub use corresp_app::review::{AnswerView, CommentRef, CommentView, Disclosure, LetterView, ThreadView};

use crate::types::{Doc, ThreadDocs};

fn view_doc(d: &Doc) -> ViewDoc<'_> {
    ViewDoc { accession: &d.accession, edgar: &d.edgar, text: &d.text, letter: &d.letter }
}

/// Builds the review view of a thread from its stored record (computed from its letters when the
/// store has none).
pub fn thread_view(td: &ThreadDocs) -> ThreadView {
    let docs: Vec<ViewDoc<'_>> = td.docs.iter().map(view_doc).collect();
    corresp_app::review::thread_view(&td.thread, &docs, td.review.as_ref())
}

#[cfg(test)]
mod tests {
    //! Pairing of answers to comments on small hand-made threads.
    use super::*;
    use crate::testkit;

    #[test]
    fn answers_go_to_the_letter_of_the_printed_date_and_the_same_number() {
        let td = testkit::sample_thread();
        let v = thread_view(&td);
        let first = &v.letters[0];
        assert_eq!(first.comments.len(), 2);
        assert_eq!(first.comments[0].answers.len(), 1);
        assert_eq!(first.comments[0].answers[0].accession, "0001234567-24-000010");
        assert_eq!(first.comments[1].answers[0].ordinal, 2);
        // The second staff letter's comment 1 is answered by the second response, not the first.
        let second = &v.letters[2];
        assert_eq!(second.comments[0].answers.len(), 1);
        assert_eq!(second.comments[0].answers[0].accession, "0001234567-24-000020");
        assert_eq!(v.letters[1].answers_letter.as_deref(), Some("0000000000-24-000001"));
    }

    #[test]
    fn marked_portions_are_rebased_onto_their_block() {
        let td = testkit::sample_thread();
        let v = thread_view(&td);
        let a = &v.letters[0].comments[0].answers[0];
        let d = &a.revised_disclosure[0];
        let [s, e] = d.marked[0];
        assert_eq!(&d.text[s..e], "organic growth was 4.0%");
        assert_eq!(a.commitments.len(), 1);
    }
}
