"""A team's PostgreSQL store from Python: the same frames as the embedded store of the same letters.

Starts a throwaway cluster (PostgreSQL's initdb and pg_ctl, as the Rust store tests do); without
PostgreSQL the test skips, or fails when `$CORRESP_REQUIRE_ALL` is set (CI).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

import corresp
from conftest import LETTERS, _missing


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_url():
    bin_dir = _bin_dir()
    if bin_dir is None:
        _missing("PostgreSQL (initdb, pg_ctl) is not installed")
    root = tempfile.mkdtemp(prefix="corresp-py-pg")
    # initdb refuses to run as root: the cluster then belongs to `nobody`.
    runas = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    os.chmod(root, 0o777)
    data = os.path.join(root, "data")
    port = _free_port()

    def run(prog: str, *args: str) -> None:
        p = subprocess.run([*runas, str(bin_dir / prog), *args], capture_output=True, text=True, cwd=root)
        assert p.returncode == 0, f"{prog} {args}: {p.stdout}{p.stderr}"

    run("initdb", "-D", data, "-U", "corresp", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run("pg_ctl", "-D", data, "-o", opts, "-l", os.path.join(root, "log"), "-w", "-t", "60", "start")
    try:
        run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "corresp", "corresp")
        yield f"postgres://corresp@127.0.0.1:{port}/corresp"
    finally:
        run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_a_postgres_store_gives_the_frames_of_the_embedded_one(pg_url, tmp_path, monkeypatch):
    # The PostgreSQL store's search index is cached per machine: here, in the test's folder.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pg = corresp.Store(pg_url)
    assert pg.db == pg_url
    lite = corresp.Store(tmp_path / "c.db")
    got = pg.ingest([LETTERS], progress=False)
    want = lite.ingest([LETTERS], progress=False)
    assert got["ingested"] == want["ingested"] > 0
    assert got["threads"] == want["threads"]
    # Ingest is idempotent on PostgreSQL too.
    assert pg.ingest([LETTERS], progress=False)["ingested"] == 0

    for name, key in [("threads", ["id"]), ("letters", ["accession"]), ("comments", ["accession", "ordinal"])]:
        a = getattr(pg, name)().sort_values(key).reset_index(drop=True)
        b = getattr(lite, name)().sort_values(key).reset_index(drop=True)
        # The one column that says where a letter came from differs by nothing but the store.
        a, b = a.drop(columns=["source_path"], errors="ignore"), b.drop(columns=["source_path"], errors="ignore")
        assert list(a.columns) == list(b.columns), name
        assert a.astype(str).equals(b.astype(str)), name

    hits = pg.search("segment", limit=5)
    assert len(hits) == len(lite.search("segment", limit=5)) > 0


def test_a_postgres_password_is_not_shown():
    s = corresp.Store("postgres://team:s3cret@db.example:5432/corresp")
    assert "s3cret" not in repr(s) and "***" in repr(s)
    assert s.db == "postgres://team:s3cret@db.example:5432/corresp"
