"""Time to load every staff comment of a store into pandas: through Arrow (`Store.comments()`)
beside `corresp stats --parquet DIR` + `pandas.read_parquet` (the way without this package).

    python crates/py/bench/load.py --db /tmp/lehigh.db --bin target/release/corresp [--runs 7]

Both are timed end to end from Python, each run in a fresh process so neither profits from the
other's page cache state more than the store file itself; the median and the best of the runs
are printed, with the rows loaded. pandas, pyarrow and corresp are imported before the clock
starts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ARROW = """
import time, corresp, pandas, pyarrow
t = time.perf_counter()
df = corresp.open({db!r}).comments()
print(time.perf_counter() - t, len(df))
"""

PARQUET = """
import time, subprocess, pandas, pyarrow, pyarrow.parquet, tempfile, os
d = tempfile.mkdtemp()
t = time.perf_counter()
subprocess.run([{bin!r}, "stats", "--db", {db!r}, "--parquet", d], check=True, stdout=subprocess.DEVNULL)
df = pandas.read_parquet(os.path.join(d, "comments.parquet"))
print(time.perf_counter() - t, len(df))
"""


def run(code: str) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    seconds, rows = out.split()
    return float(seconds), int(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--bin", required=True, help="the corresp binary (a release build)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    result = {}
    for name, code in [("arrow", ARROW), ("stats --parquet + read_parquet", PARQUET)]:
        times, rows = [], 0
        for _ in range(args.runs):
            s, rows = run(code.format(db=args.db, bin=os.path.abspath(args.bin)))
            times.append(s)
        result[name] = {"rows": rows, "median_ms": round(statistics.median(times) * 1000, 1),
                        "best_ms": round(min(times) * 1000, 1)}
    print(json.dumps({"db": args.db, "runs": args.runs, "load": os.getloadavg()[0], **result}, indent=2))


if __name__ == "__main__":
    tempfile.tempdir = None
    main()
