"""A large store for the load benchmark: the DEV corpus store copied K times over, each copy under
other accessions and CIKs (so each is its own set of companies and threads), then threads, records
and the search index rebuilt by an ingest of nothing.

    python crates/py/bench/scale.py --from /tmp/lehigh.db --to /tmp/big.db --copies 1235
    python crates/py/bench/load.py --db /tmp/big.db --bin target/release/corresp --runs 3

The DEV store holds 810 staff comments, so 1,235 copies hold about a million. Only for
benchmarks: it writes the store's tables directly (crates/store/migrations/sqlite).
"""

from __future__ import annotations

import argparse
import sqlite3
import time

import corresp

COLUMNS = (
    "cik, company, edgar_form, filing_date, accepted, source_path, source_hash, fingerprint, text, "
    "marks_json, format, letter_json, kind, letter_date, responds_to, filings_json, error"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", required=True)
    ap.add_argument("--to", dest="dst", required=True)
    ap.add_argument("--copies", type=int, required=True)
    args = ap.parse_args()
    t = time.perf_counter()
    src = sqlite3.connect(args.src)
    dst = sqlite3.connect(args.dst)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode=WAL")
    for k in range(1, args.copies):
        dst.execute(
            f"INSERT INTO document (accession, {COLUMNS.replace('cik, ', '', 1)}, cik) "
            f"SELECT accession || '-c{k}', {COLUMNS.replace('cik, ', '', 1)}, "
            f"printf('%04d', {k}) || COALESCE(cik, '') FROM document "
            "WHERE accession NOT LIKE '%-c%'"
        )
        if k % 100 == 0:
            dst.commit()
            print(f"{k} copies, {time.perf_counter() - t:.0f} s", flush=True)
    dst.commit()
    n = dst.execute("SELECT COUNT(*) FROM document").fetchone()[0]
    dst.close()
    print(f"{n} documents copied in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    summary = corresp.open(args.dst).ingest([], progress=False)
    print(f"threads, records and index rebuilt in {time.perf_counter() - t:.0f} s: {summary['threads']} threads")


if __name__ == "__main__":
    main()
