"""The DEV corpus store as data frames, checked against `corresp threads --json [--comments]`,
`corresp stats --json` and `corresp stats --parquet`, search and similar, all run with the CLI on
the store the Python package wrote."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pandas as pd
import pyarrow as pa
import pytest

import corresp
from conftest import cli_error, cli_json


@pytest.fixture(scope="module")
def cli_threads(corpus):
    return cli_json("threads", "--db", corpus.db, "--json")


@pytest.fixture(scope="module")
def cli_views(corpus):
    return cli_json("threads", "--db", corpus.db, "--json", "--comments")


@pytest.fixture(scope="module")
def cli_stats(corpus):
    return cli_json("stats", "--db", corpus.db, "--json")


@pytest.fixture(scope="module")
def frames(corpus):
    s = corpus.store
    return {"threads": s.threads(), "letters": s.letters(), "comments": s.comments(), "answers": s.answers()}


def staff_comments(views):
    """Every staff comment of the CLI's thread views, by (accession, ordinal)."""
    out = {}
    for t in views:
        for letter in t["letters"]:
            for c in letter["comments"]:
                out[(letter["accession"], c["ordinal"])] = (t["id"], c)
    return out


def test_the_ingest(corpus, cli_threads):
    s = corpus.summary
    assert s["failed"] == [] and s["ingested"] >= 700, {k: v for k, v in s.items() if k != "changed"}
    assert s["threads"] == len(cli_threads)
    # The GIL was released: the test thread kept running all through the ingest.
    expected = corpus.seconds / 0.005
    assert corpus.ticks > 0.3 * expected, (corpus.ticks, corpus.seconds)


def test_threads_are_the_cli_threads(frames, cli_threads):
    t = frames["threads"]
    assert list(t.id) == [x["id"] for x in cli_threads]
    assert list(t.rounds) == [x["rounds"] for x in cli_threads]
    assert list(t.status) == [x["status"] for x in cli_threads]
    assert list(t.letters) == [len(x["letters"]) for x in cli_threads]
    assert [None if pd.isna(d) else int(d) for d in t.days_to_complete] == [
        x["days_to_complete"] for x in cli_threads
    ]
    assert [list(f) for f in t.forms] == [[f["form"] for f in x["filings"]] for x in cli_threads]
    first = [min((x["date"] for x in th["letters"] if x["date"]), default=None) for th in cli_threads]
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in t.first_date] == first


def test_threads_give_the_cli_statistics(frames, cli_stats):
    t = frames["threads"]
    reviews = t[t.rounds > 0]
    assert len(reviews) == cli_stats["reviews"]
    assert t[t.rounds == 0].year.isna().all() and reviews.year.notna().all()
    by_year = {str(y): n for y, n in reviews.year.value_counts().items()}
    assert by_year == cli_stats["reviews_by_year"]
    days = reviews.days_to_complete.dropna().astype(float)
    assert math.isclose(days.mean(), cli_stats["days_to_complete"]["mean"])
    assert math.isclose(days.median(), cli_stats["days_to_complete"]["median"])
    assert math.isclose((days <= 60).mean(), cli_stats["days_to_complete"]["share_within_60"])
    assert math.isclose(reviews.rounds.mean(), cli_stats["staff_letters_per_review"])
    assert math.isclose((reviews.rounds <= 2).mean(), cli_stats["share_one_or_two_letters"])


def test_comments_and_letters_give_the_cli_topic_shares(frames, cli_stats):
    t, letters, c = frames["threads"], frames["letters"], frames["comments"]
    year = dict(zip(t.id, t.year))
    staff = letters[letters.kind == "comments"]
    per_year = Counter(year[x] for x in staff.thread_id if x in year and not pd.isna(year[x]))
    hits = defaultdict(set)
    for tid, acc, topic in zip(c.thread_id, c.accession, c.topic):
        y = year.get(tid)
        if y is not None and not pd.isna(y) and not pd.isna(topic):
            hits[(y, topic)].add(acc)
    got = defaultdict(dict)
    for (y, topic), accs in hits.items():
        got[str(y)][topic] = round(len(accs) / per_year[y], 4)
    assert dict(got) == cli_stats["topics_by_year"]


def test_comments_are_the_cli_comments_with_their_record(frames, cli_views):
    c = frames["comments"]
    want = staff_comments(cli_views)
    keys = list(zip(c.accession, c.ordinal))
    assert len(keys) == len(set(keys)) == len(want) >= 800
    assert set(keys) == set(want)
    for row in c.itertuples(index=False):
        tid, w = want[(row.accession, row.ordinal)]
        assert row.thread_id == tid
        assert row.number == w["number"] or (pd.isna(row.number) and w["number"] is None)
        assert list(row.headings) == w["headings"]
        assert row.text == w["text"]
        assert row.round == w["round"]
        assert row.answers == len(w["answers"])
        assert list(row.follow_ups) == [f"{f['accession']}:{f['ordinal']}" for f in w["follow_ups"]]
        assert list(row.follow_up_how) == [f["how"] for f in w["follow_ups"]]
        assert row.followed_up == bool(w["follow_ups"])
        o = w["outcome"]
        assert row.last_round == o["last_round"] and row.closed_by == o["closed_by"]
        assert (pd.isna(row.outcome_answer) and o["answer"] is None) or row.outcome_answer == o["answer"]
        assert list(row.outcome_answer_parts) == o["answer_parts"]
        assert row.first_round == (o["last_round"] == w["round"])
        assert row.topic == (w["topics"] or {}).get("primary") or pd.isna(row.topic)
        assert bool(row.commitment) == any(a["commits_to_revise"] for a in w["answers"])
        types = {a["answer"] for a in w["answers"] if a["answer"]}
        if len(types) == 1 and "mixed" not in types:
            assert row.answer == types.pop()
        elif not types:
            assert pd.isna(row.answer)
        else:
            assert row.answer == "mixed"


def test_comments_are_the_rows_of_stats_parquet(frames, corpus, tmp_path):
    cli_json("stats", "--db", corpus.db, "--json", "--parquet", str(tmp_path))
    p = pd.read_parquet(tmp_path / "comments.parquet")
    p["date"] = pd.to_datetime(p.date)
    c = frames["comments"]
    assert len(p) == len(c)
    assert list(p.accession) == list(c.accession) and list(p.ordinal) == list(c.ordinal)
    assert list(p.thread_id) == list(c.thread_id)
    same = lambda a, b: [None if pd.isna(x) else x for x in a] == [None if pd.isna(x) else x for x in b]  # noqa: E731
    for mine, theirs in [
        ("topic", "primary"),
        ("ask", "ask"),
        ("answer", "answer"),
        ("closed_by", "closed_by"),
        ("outcome_answer", "outcome_answer"),
        ("round", "round"),
        ("last_round", "last_round"),
        ("text", "text"),
        ("commitment", "commitment"),
        ("date", "date"),
    ]:
        assert same(c[mine], p[theirs]), mine
    assert [";".join(x) for x in c.answer_parts] == list(p.answer_parts)
    assert [";".join(x) for x in c.other_topics] == list(p.others)


def test_answers_are_paired_as_the_record_pairs_them(frames, cli_views):
    a = frames["answers"]
    want = {}
    for t in cli_views:
        for letter in t["letters"]:
            for r in letter["responses"]:
                want[(letter["accession"], r["ordinal"])] = (t["id"], r)
    assert len(a) == len(want) >= 600
    for row in a.itertuples(index=False):
        tid, w = want[(row.accession, row.ordinal)]
        assert row.thread_id == tid
        assert row.text == w["text"]
        assert row.commitment == w["commits_to_revise"]
        assert list(row.commitments) == w["commitments"]
        assert list(row.revised_disclosure) == [d["text"] for d in w["revised_disclosure"]]
        assert list(row.answer_parts) == w["answer_parts"]
        paired = w["paired_with"]
        if paired is None:
            assert pd.isna(row.comment_accession) and pd.isna(row.comment_ordinal)
        else:
            assert (row.comment_accession, row.comment_ordinal) == (paired["accession"], paired["ordinal"])
    # Every paired answer is counted on its comment.
    c = frames["comments"]
    assert a.comment_accession.notna().sum() == c.answers.sum()


def test_letters_are_the_stored_letters(frames, cli_threads, corpus):
    letters = frames["letters"]
    assert len(letters) == corpus.summary["ingested"] + corpus.summary["unchanged"]
    listed = {x["accession"]: (t["id"], x["kind"]) for t in cli_threads for x in t["letters"]}
    for row in letters.itertuples(index=False):
        if row.accession in listed:
            assert (row.thread_id, row.kind) == listed[row.accession]
    assert set(letters.kind) <= {"comments", "review_complete", "response", "other"}
    staff = letters[letters.kind == "comments"]
    assert staff["round"].notna().all()
    assert staff.comments.sum() >= len(frames["comments"])


def test_columns_are_typed(frames):
    c, t, letters = frames["comments"], frames["threads"], frames["letters"]
    for df, col in [(c, "date"), (t, "first_date"), (letters, "filing_date")]:
        assert pd.api.types.is_datetime64_any_dtype(df[col]), (col, df[col].dtype)
    assert c.date.dt.year.between(2000, 2030).all()
    assert str(c["round"].dtype) == "Int64" and str(t.days_to_complete.dtype) == "Int64"
    assert str(c.commitment.dtype) == "boolean"
    for col in ("headings", "other_topics", "answer_parts", "follow_ups"):
        assert all(hasattr(x, "__len__") and not isinstance(x, str) for x in c[col]), col
    assert c.explode("headings").headings.notna().any()


def test_arrow_and_polars_frames(corpus, frames):
    table = corpus.store.comments(frame="arrow")
    assert isinstance(table, pa.Table) and table.num_rows == len(frames["comments"])
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("headings").type == pa.list_(pa.string())
    assert table.schema.field("commitment").nullable is False
    pl = pytest.importorskip("polars")
    df = corpus.store.comments(frame="polars")
    assert df.shape == frames["comments"].shape
    assert df.schema["date"] == pl.Date and df.schema["headings"] == pl.List(pl.String)
    assert df["accession"].to_list() == list(frames["comments"].accession)
    t = corpus.store.threads(frame="polars")
    assert t["id"].to_list() == list(frames["threads"].id)
    with pytest.raises(ValueError):
        corpus.store.threads(frame="excel")


@pytest.mark.parametrize(
    "query", ['"non-GAAP"', "revenue recognition kind:comment", "goodwill year:2019..2021", "outcome:first-round"]
)
def test_search_is_the_cli_search(corpus, query):
    got = corpus.store.search(query, limit=20)
    want = cli_json("search", query, "--db", corpus.db, "--limit", "20", "--json")
    assert len(got) == len(want) > 0
    assert list(got.accession) == [h["accession"] for h in want]
    assert list(got.kind) == [h["kind"] for h in want]
    assert [None if pd.isna(x) else x for x in got.ordinal] == [h.get("ordinal") for h in want]
    assert [None if pd.isna(x) else x for x in got.last_round] == [
        (h.get("outcome") or {}).get("last_round") for h in want
    ]
    page = corpus.store.search(query, limit=5, offset=5)
    assert list(page.accession) == list(got.accession[5:10])


def test_similar_is_the_cli_similar(corpus, frames):
    c = frames["comments"]
    target = f"{c.accession.iloc[0]}:{c.ordinal.iloc[0]}"
    got = corpus.store.similar(target, n=5)
    want = cli_json("similar", target, "--db", corpus.db, "--json")
    assert len(got) == len(want) > 0
    assert list(zip(got.accession, got.ordinal)) == [(h["comment"]["accession"], h["comment"]["ordinal"]) for h in want]
    assert [list(x) for x in got.answers] == [[f"{a['accession']}:{a['ordinal']}" for a in h["answers"]] for h in want]
    assert list(got["round"]) == [h["round"] for h in want]
    text = c.text.iloc[0]
    by_text = corpus.store.similar(text, n=3)
    want = cli_json("similar", "--text", text, "--db", corpus.db, "--json", "--limit", "3")
    assert list(zip(by_text.accession, by_text.ordinal)) == [
        (h["comment"]["accession"], h["comment"]["ordinal"]) for h in want
    ]


def test_store_errors_are_the_cli_messages(corpus):
    with pytest.raises(corresp.CorrespError) as e:
        corpus.store.search("revenue AND (")
    assert str(e.value) == cli_error("search", "revenue AND (", "--db", corpus.db)
    with pytest.raises(corresp.CorrespError) as e:
        corpus.store.similar("0000000000-00-000000:3")
    assert str(e.value) == cli_error("similar", "0000000000-00-000000:3", "--db", corpus.db)
    with pytest.raises(ValueError):
        corpus.store.search("revenue", sort="size")
