"""Shared fixtures: the `corresp` binary the frames are checked against, and the DEV corpus store.

The CLI binary is `$CORRESP_BIN`, else `target/debug/corresp` of this repository (`.ci/python.sh`
builds it). The corpus is `$CORRESP_SHARED/corpus/lehigh`, else `../shared/corpus/lehigh` beside
the repository; without it the corpus tests skip, or fail when `$CORRESP_REQUIRE_ALL` is set (CI).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import corresp

REPO = Path(__file__).resolve().parents[3]
REQUIRE_ALL = bool(os.environ.get("CORRESP_REQUIRE_ALL"))


def shared() -> Path:
    env = os.environ.get("CORRESP_SHARED")
    return Path(env) if env else REPO.parent / "shared"


CORPUS = shared() / "corpus" / "lehigh"
LETTERS = REPO / "testdata" / "letters"


def _missing(what: str) -> None:
    if REQUIRE_ALL:
        pytest.fail(f"{what} (CORRESP_REQUIRE_ALL is set)")
    pytest.skip(what)


def cli_path() -> Path:
    env = os.environ.get("CORRESP_BIN")
    path = Path(env) if env else REPO / "target" / "debug" / "corresp"
    if not path.is_file():
        _missing(f"no corresp binary at {path}: `cargo build -p corresp-cli` or set CORRESP_BIN")
    return path


def run_cli(*args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Runs the corresp binary; its exit code must be one of `ok`."""
    p = subprocess.run([str(cli_path()), *args], capture_output=True, text=True, timeout=600)
    assert p.returncode in ok, f"corresp {' '.join(args)}: exit {p.returncode}: {p.stderr}"
    return p


def cli_json(*args: str, ok: tuple[int, ...] = (0,)):
    return json.loads(run_cli(*args, ok=ok).stdout)


def cli_error(*args: str) -> str:
    """The one-line message the CLI prints for a failing command, without `corresp: `."""
    p = subprocess.run([str(cli_path()), *args], capture_output=True, text=True, timeout=600)
    assert p.returncode != 0, f"corresp {' '.join(args)} succeeded"
    line = p.stderr.strip().splitlines()[-1]
    assert line.startswith("corresp: "), line
    return line[len("corresp: ") :]


class Corpus:
    """The DEV corpus ingested through Python, with what the ingest measured."""

    def __init__(self, store: corresp.Store, summary: dict, ticks: int, seconds: float) -> None:
        self.store = store
        self.db = str(store.db)
        self.summary = summary
        self.ticks = ticks
        self.seconds = seconds


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:
    if not CORPUS.is_dir():
        _missing(f"no DEV corpus at {CORPUS}")
    cli_path()
    store = corresp.open(tmp_path_factory.mktemp("corpus") / "lehigh.db")
    # The ingest runs in a thread while this one counts: with the GIL released the count keeps
    # going during the whole ingest.
    result: dict = {}

    def work() -> None:
        try:
            result["summary"] = store.ingest([CORPUS], progress=False)
        except BaseException as e:  # noqa: BLE001 (handed to the test thread)
            result["error"] = e

    t0 = time.perf_counter()
    worker = threading.Thread(target=work)
    worker.start()
    ticks = 0
    while worker.is_alive():
        ticks += 1
        time.sleep(0.005)
    worker.join()
    seconds = time.perf_counter() - t0
    if "error" in result:
        raise result["error"]
    return Corpus(store, result["summary"], ticks, seconds)
