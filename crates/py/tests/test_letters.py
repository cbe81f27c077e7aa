"""extract, parse, check and errors: the same output and the same messages as the corresp command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corresp
from conftest import LETTERS, cli_error, cli_json, run_cli

FILES = sorted(p for p in LETTERS.iterdir() if p.suffix in {".pdf", ".htm", ".txt"})


def test_the_letters_are_there():
    assert len(FILES) >= 5, FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_extract_gives_the_cli_text(path: Path):
    assert corresp.extract(path) == run_cli("extract", str(path)).stdout
    assert corresp.extract(str(path)) == corresp.extract(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_parse_gives_the_cli_json(path: Path):
    got = corresp.parse(path)
    assert got == cli_json("parse", str(path), "--json")
    assert corresp.parse(str(path)) == got
    for form in ("CORRESP", "UPLOAD"):
        assert corresp.parse(path, form=form) == cli_json("parse", str(path), "--form", form, "--json")


def test_parse_of_a_text_is_the_parse_of_a_txt_file_holding_it(tmp_path: Path):
    text = (LETTERS / "staff_letter.txt").read_text()
    (tmp_path / "letter.txt").write_text(text)
    got = corresp.parse(text)
    assert got == cli_json("parse", str(tmp_path / "letter.txt"), "--json")
    assert got["kind"] == "comments" and len(got["comments"]) >= 2
    assert corresp.parse(text, form="CORRESP") == cli_json(
        "parse", str(tmp_path / "letter.txt"), "--form", "CORRESP", "--json"
    )


def test_check_gives_the_cli_claims(tmp_path: Path):
    text = (
        "Revenue increased from $100.0 million to $120.0 million, an increase of 25%.\n"
        "Gross margin was 40% of net sales of $50.0 million, or $20.0 million.\n"
    )
    (tmp_path / "t.txt").write_text(text)
    # The command exits 1 when a figure does not hold; its JSON is the same either way.
    want = cli_json("check", str(tmp_path / "t.txt"), "--text", "--json", ok=(0, 1))["claims"]
    got = corresp.check(text)
    assert got == want
    assert any(c["verdict"] == "inconsistent" for c in got)
    assert corresp.check("") == []


def test_a_missing_file_is_the_cli_message(tmp_path: Path):
    missing = tmp_path / "nope.pdf"
    with pytest.raises(corresp.CorrespError) as e:
        corresp.parse(missing)
    assert str(e.value) == cli_error("parse", str(missing), "--json")
    with pytest.raises(corresp.CorrespError) as e:
        corresp.parse(str(missing))
    assert str(e.value) == cli_error("parse", str(missing), "--json")
    with pytest.raises(corresp.CorrespError) as e:
        corresp.extract(missing)
    assert str(e.value) == cli_error("extract", str(missing))
    assert isinstance(e.value, Exception) and "\n" not in str(e.value)


def test_reading_a_store_that_is_not_there_is_the_cli_message(tmp_path: Path):
    db = tmp_path / "none" / "c.db"
    store = corresp.open(db)
    assert store.db == db and repr(store) == f"corresp.Store(db={str(db)!r})"
    for read in (store.threads, store.letters, store.comments, store.answers):
        with pytest.raises(corresp.CorrespError) as e:
            read()
        assert str(e.value) == cli_error("threads", "--db", str(db), "--json")
    with pytest.raises(corresp.CorrespError) as e:
        store.search("revenue")
    assert str(e.value) == cli_error("search", "revenue", "--db", str(db), "--json")
    assert not db.exists()


def test_the_default_store_is_the_cli_default(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CORRESP_DB", str(tmp_path / "env.db"))
    assert corresp.open().db == tmp_path / "env.db"
    monkeypatch.delenv("CORRESP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert corresp.open().db == tmp_path / "data" / "corresp" / "corresp.db"


def test_a_small_ingest_with_a_progress_bar(tmp_path: Path, capsys):
    pytest.importorskip("tqdm")
    store = corresp.open(tmp_path / "t.db")
    summary = store.ingest(LETTERS)
    err = capsys.readouterr().err
    n = summary["ingested"] + summary["unchanged"] + summary["replaced"] + len(summary["failed"])
    assert n >= 5 and f"{n}/{n}" in err, err
    again = store.ingest([str(LETTERS)], progress=False)
    assert again["ingested"] == 0 and again["unchanged"] == n
    # The summary is what `corresp ingest --json` prints for the same store.
    cli = cli_json("ingest", str(LETTERS), "--db", str(tmp_path / "t.db"), "--json")
    assert set(cli) == set(again) and cli["unchanged"] == again["unchanged"]
    assert cli["threads"] == again["threads"] == len(store.threads())
    assert json.dumps(again)  # plain Python values
