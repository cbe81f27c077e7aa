"""corresp: SEC filing-review correspondence as data.

Parse the staff's comment letters and the companies' responses with the same parser as the
``corresp`` command, and load a corresp store (threads, letters, staff comments, company answers,
their topics, answer types, commitments and outcomes) as pandas or polars data frames, built from
Arrow record batches in Rust.

>>> import corresp
>>> letter = corresp.parse("testdata/letters/response.htm")       # doctest: +SKIP
>>> letter["kind"], len(letter["responses"])                       # doctest: +SKIP
('response', 3)
>>> store = corresp.open("/tmp/c.db")                               # doctest: +SKIP
>>> store.ingest(["../shared/corpus/lehigh"])                       # doctest: +SKIP
{'ingested': 700, 'replaced': 0, 'unchanged': 0, 'failed': [], ...}
>>> comments = store.comments()                                     # doctest: +SKIP
>>> comments.groupby("answer").first_round.mean()                   # doctest: +SKIP

Every fact comes from the store's comment–answer record, computed once at ingest; nothing is
paired again here. Errors raise :class:`CorrespError` with the message ``corresp`` prints.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Optional, Union

from . import _corresp
from ._corresp import CorrespError, __version__

# A `db` with one of these is a PostgreSQL database, as `corresp --db` takes it.
_URL_SCHEMES = ("postgres://", "postgresql://")

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

__all__ = ["CorrespError", "Store", "__version__", "check", "extract", "open", "parse"]

PathLike = Union[str, "os.PathLike[str]"]
Frame = Literal["pandas", "polars", "arrow"]

# File names `parse` treats as a path even when no such file exists (so a typo is an error, not
# a letter made of the file's name).
_LETTER_SUFFIXES = (".pdf", ".htm", ".html", ".txt", ".md", ".xml")


def extract(path: PathLike) -> str:
    """The plain text of a PDF, HTML or EDGAR ``.txt`` letter, pages separated by form feeds.

    The same text ``corresp extract FILE`` prints.

    >>> text = corresp.extract("testdata/letters/staff_letter.pdf")   # doctest: +SKIP
    >>> text.split("\\f")[0][:40]                                        # doctest: +SKIP
    'UNITED STATES\\nSECURITIES AND EXCHANGE C'
    """
    return _corresp.extract(os.fspath(path))


def _is_path(x: Union[PathLike, str]) -> bool:
    if not isinstance(x, str):
        return True
    if "\n" in x or len(x) > 4096:
        return False
    if os.path.isfile(x):
        return True
    return not any(c.isspace() for c in x) and x.lower().endswith(_LETTER_SUFFIXES)


def parse(path_or_text: Union[PathLike, str], form: Optional[str] = None) -> dict[str, Any]:
    """The parsed letter: the contract's JSON as Python objects, as ``corresp parse --json`` prints it.

    ``path_or_text`` is a file (a ``Path``, or a string naming an existing file or ending in
    ``.pdf``, ``.htm``, ``.html``, ``.txt``, ``.md``) or the letter's text itself, read as a plain
    text letter. ``form`` is EDGAR's form type when known (``"CORRESP"``, ``"UPLOAD"``): it decides
    whether the staff or the company wrote the letter. Dates stay ``YYYY-MM-DD`` strings, as in
    the JSON.

    >>> letter = corresp.parse("testdata/letters/staff_letter.pdf")   # doctest: +SKIP
    >>> letter["kind"], [c["number"] for c in letter["comments"]]     # doctest: +SKIP
    ('comments', ['1', '2', '3'])
    >>> corresp.parse("Dear Sir:\\n\\n1. Please revise ...", form="UPLOAD")["kind"]  # doctest: +SKIP
    'comments'
    """
    if _is_path(path_or_text):
        return json.loads(_corresp.parse_file(os.fspath(path_or_text), form))
    return json.loads(_corresp.parse_text(str(path_or_text), form))


def check(text: str) -> list[dict[str, Any]]:
    """Every recomputable numeric statement in ``text`` and whether it holds.

    The ``claims`` of ``corresp check --text --json``: each with ``kind``, ``text``, ``start``,
    ``end``, ``stated``, ``computed``, ``verdict`` (``consistent``, ``inconsistent``,
    ``unverifiable``) and ``note``.

    >>> [c["verdict"] for c in corresp.check("Revenue rose from $100 to $120, an increase of 25%.")]  # doctest: +SKIP
    ['inconsistent']
    """
    return json.loads(_corresp.check(text))


def open(db: Optional[PathLike] = None) -> "Store":  # noqa: A001 (the package's verb, like io.open)
    """The store at ``db``: else ``$CORRESP_DB``, else ``corresp/corresp.db`` in the data folder.

    The same default as the ``corresp`` command. Nothing is created until :meth:`Store.ingest`;
    reading a store that does not exist raises :class:`CorrespError`.

    >>> store = corresp.open("/tmp/c.db")   # doctest: +SKIP
    >>> store.threads().shape               # doctest: +SKIP
    (196, 12)
    """
    return Store(db)


def _as_frame(table: "pyarrow.Table", frame: str) -> Any:
    if frame == "pandas":
        import pandas as pd
        import pyarrow as pa

        # Whole numbers and booleans keep their type with nulls (pandas' nullable dtypes); dates
        # become datetime64 (``.dt.year`` works); lists stay lists.
        mapper = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
        return table.to_pandas(types_mapper=mapper.get, date_as_object=False)
    if frame == "polars":
        import polars as pl

        return pl.from_arrow(table)
    if frame == "arrow":
        return table
    raise ValueError(f"frame: {frame!r}: give 'pandas', 'polars' or 'arrow'")


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


class Store:
    """A corresp store: the SQLite file ``corresp ingest`` writes, and its search index beside it;
    or a team's PostgreSQL database, given as ``postgres://user@host/db`` (its search index is
    cached on this machine, as ``corresp --db`` does).

    Tables come back as pandas data frames, or polars (``frame="polars"``) or pyarrow
    (``frame="arrow"``) ones. Long work releases the GIL.

    >>> store = corresp.open("/tmp/c.db")                          # doctest: +SKIP
    >>> store.ingest("../shared/corpus/lehigh")["threads"]         # doctest: +SKIP
    196
    >>> store.comments().topic.value_counts().head(3)              # doctest: +SKIP
    """

    def __init__(self, db: Optional[PathLike] = None) -> None:
        self._native = _corresp.Store(None if db is None else os.fspath(db))

    @property
    def db(self) -> Union[Path, str]:
        """The store's path, or the URL of its PostgreSQL database (as a string)."""
        d = self._native.db
        return d if d.startswith(_URL_SCHEMES) else Path(d)

    def __repr__(self) -> str:
        d = self.db
        shown = str(d) if isinstance(d, Path) else re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", d)
        return f"corresp.Store(db={shown!r})"

    def ingest(
        self,
        paths: Union[PathLike, Iterable[PathLike]],
        progress: bool = True,
        *,
        jobs: int = 0,
        force: bool = False,
    ) -> dict[str, Any]:
        """Stores letters (files, folders in EDGAR's layout, full submissions) and rebuilds threads.

        Idempotent, like ``corresp ingest``: letters already stored unchanged are skipped (``force``
        reads them again). The search index is brought up to date. ``progress`` shows a ``tqdm``
        bar when tqdm is installed. ``jobs`` is the number of worker threads (0: one per core).
        Returns the summary ``corresp ingest --json`` prints: ``ingested``, ``replaced``,
        ``unchanged``, ``failed`` and ``skipped`` (``[{file, cause}]``), ``changed``, ``threads``.

        >>> store.ingest(["../shared/corpus/lehigh"], progress=False)["ingested"]   # doctest: +SKIP
        700
        """
        files = _paths(paths)
        bar = None
        if progress:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                bar = tqdm(total=_corresp.count(files), unit="letter", desc="ingest")
        on_file: Optional[Callable[[], Any]] = bar.update if bar is not None else None
        try:
            return json.loads(self._native.ingest(files, on_file, jobs, force))
        finally:
            if bar is not None:
                bar.close()

    def threads(self, frame: Frame = "pandas") -> Any:
        """One row per review thread, in the order ``corresp threads --json`` lists them.

        Columns: ``id``, ``company``, ``cik``, ``forms`` (list), ``status`` (``open`` or
        ``complete``), ``rounds`` (staff comment letters), ``letters``, ``responses``,
        ``first_date``, ``last_date``, ``days_to_complete`` (first staff letter to the
        review-complete letter), ``year`` (the review's year as ``corresp stats`` counts it; null
        for a thread without a staff comment letter, which is not a review).

        >>> t = store.threads()                                              # doctest: +SKIP
        >>> t.explode("forms").groupby("forms").days_to_complete.median()    # doctest: +SKIP
        """
        return _as_frame(self._native.threads(), frame)

    def letters(self, frame: Frame = "pandas") -> Any:
        """One row per stored letter (filing date, then accession order).

        Columns: ``accession``, ``thread_id``, ``kind`` (``comments``, ``review_complete``,
        ``response``, ``other``), ``date``, ``company``, ``cik``, ``edgar_form``, ``filing_date``,
        ``release_date``, ``responds_to``, ``answers_letter`` (a response's answered staff letter),
        ``round`` (a staff comment letter's round), ``forms`` (list), ``comments``, ``answers``
        (counts), ``acknowledgment``, ``source_path``.

        >>> store.letters().kind.value_counts()    # doctest: +SKIP
        """
        return _as_frame(self._native.letters(), frame)

    def comments(self, frame: Frame = "pandas") -> Any:
        """One row per staff comment of a review thread: the rows ``corresp stats`` counts.

        Columns: ``thread_id``, ``accession``, ``ordinal``, ``number``, ``date``, ``company``,
        ``cik``, ``headings`` (list), ``text``, ``topic`` (primary topic id), ``other_topics``
        (list), ``ask``, ``round``, ``answers`` (answers paired with it), ``answer`` (their type:
        ``revised``, ``will_revise``, ``declined``, ``provided_info``, ``mixed``), ``answer_parts``
        (list), ``commitment``, ``followed_up``, ``follow_ups`` (list of ``ACCESSION:ORDINAL``),
        ``follow_up_how`` (list: ``explicit``, ``implicit``), ``last_round``, ``closed_by``
        (``review_complete`` or ``open``), ``outcome_answer``, ``outcome_answer_parts`` (list),
        ``first_round`` (the matter never came back after the first answer).

        >>> c = store.comments()                                # doctest: +SKIP
        >>> c.groupby("answer").first_round.mean()              # doctest: +SKIP
        """
        return _as_frame(self._native.comments(), frame)

    def answers(self, frame: Frame = "pandas") -> Any:
        """One row per company answer, with the staff comment the thread's record pairs it with.

        Columns: ``thread_id``, ``accession``, ``ordinal``, ``date``, ``company``, ``cik``,
        ``comment_number`` (as printed), ``comment_accession``, ``comment_ordinal`` and ``round``
        (the paired comment; null when unpaired), ``answer``, ``answer_parts`` (list),
        ``commitment``, ``commitments`` (list of sentences), ``revised_disclosure`` (list of quoted
        blocks), ``text``, ``comment_text``.

        >>> a = store.answers()                                 # doctest: +SKIP
        >>> a[a.commitment].answer.value_counts()               # doctest: +SKIP
        """
        return _as_frame(self._native.answers(), frame)

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        offset: int = 0,
        sort: Literal["relevance", "date"] = "relevance",
        frame: Frame = "pandas",
    ) -> Any:
        """Full-text search over comments, answers and letters, as ``corresp search --json``.

        The query language: words, ``"phrases"``, AND/OR/NOT, ``company:``, ``form:10-K``,
        ``year:2019..2021``, ``kind:comment``, ``topic:``, ``outcome:first-round``, ...
        Columns: ``kind``, ``accession``, ``ordinal``, ``number``, ``company``, ``cik``, ``date``,
        ``score``, ``snippet``, ``thread_id``, ``letter_kind``, ``forms``, ``headings``,
        ``topics`` (lists), and for comments ``last_round``, ``closed_by``, ``outcome_answer``,
        ``outcome_answer_parts``.

        >>> store.search('"non-GAAP" kind:comment year:2019..2021', limit=5)   # doctest: +SKIP
        """
        return _as_frame(self._native.search(query, limit, offset, sort), frame)

    def similar(
        self,
        text_or_id: str,
        n: int = 5,
        *,
        same_company: bool = False,
        frame: Frame = "pandas",
    ) -> Any:
        """Staff comments like a stored one (``"ACCESSION:ORDINAL"``) or like a text.

        As ``corresp similar --json``: other companies' comments (``same_company`` to keep the
        comment's own company), each with its outcome and the answers its review paired with it.
        Columns: ``accession``, ``ordinal``, ``number``, ``company``, ``cik``, ``date``,
        ``score``, ``thread_id``, ``headings``, ``topics``, ``text``, ``shared_terms``, ``round``,
        ``last_round``, ``closed_by``, ``outcome_answer``, ``outcome_answer_parts``,
        ``first_round``, ``answers`` (``ACCESSION:ORDINAL``) and ``answer_texts`` (lists).

        >>> store.similar("0000000000-19-008459:2", n=3)                          # doctest: +SKIP
        >>> store.similar("Please tell us how you considered ASC 606 ...")         # doctest: +SKIP
        """
        return _as_frame(self._native.similar(text_or_id, n, same_company), frame)
