"""Type stubs of ``corresp._corresp``, the native half of ``corresp`` (Rust, PyO3).

Use the ``corresp`` package's functions and ``corresp.Store``: they wrap these and turn the
``pyarrow.Table`` results into pandas or polars data frames.
"""

import os
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

import pyarrow

_Path = Union[str, os.PathLike[str]]

__version__: str

class CorrespError(Exception):
    """An error corresp reports, with the one-line message the ``corresp`` command prints."""

def extract(path: _Path) -> str:
    """The plain text of a letter file (``corresp extract FILE``)."""

def parse_file(path: _Path, form: Optional[str] = None) -> str:
    """The parsed letter in a file, as the contract's JSON (``corresp parse FILE --json``)."""

def parse_text(text: str, form: Optional[str] = None) -> str:
    """The parsed letter of a text, read as a plain ``.txt`` letter, as the contract's JSON."""

def check(text: str) -> str:
    """The claims of ``text`` as a JSON list (``corresp check --text --json``'s ``claims``)."""

def count(paths: Sequence[_Path]) -> int:
    """How many letters a walk of ``paths`` finds."""

def db_path(db: Optional[_Path] = None) -> Path:
    """The store path: ``db``, else ``$CORRESP_DB``, else the data folder's ``corresp/corresp.db``."""

class Store:
    """A store, opened on first use (reads refuse a store that does not exist; ingest creates it)."""

    def __init__(self, db: Optional[_Path] = None) -> None: ...
    @property
    def db(self) -> str: ...
    def ingest(
        self,
        paths: Sequence[_Path],
        on_file: Optional[Callable[[], object]] = None,
        jobs: int = 0,
        force: bool = False,
    ) -> str:
        """Ingests and indexes; returns the ``corresp ingest --json`` summary as JSON."""
    def threads(self) -> pyarrow.Table: ...
    def letters(self) -> pyarrow.Table: ...
    def comments(self) -> pyarrow.Table: ...
    def answers(self) -> pyarrow.Table: ...
    def search(self, query: str, limit: int = 20, offset: int = 0, sort: str = "relevance") -> pyarrow.Table: ...
    def similar(self, target: str, n: int = 5, same_company: bool = False) -> pyarrow.Table: ...
