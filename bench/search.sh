#!/bin/sh
# Search benchmark: corresp's tantivy index beside SQLite FTS5 on the same documents.
# Usage: bench/search.sh [SYNTHETIC_COMMENTS]   (default 10000000; 1000000 for a quicker run)
# Environment: RUNS (tantivy rounds, default 5), FTS_RUNS (FTS5 rounds, default 2: FTS5 takes
# seconds a query at 10M), FTS_MAX (build FTS5 on only the first N synthetic documents),
# BENCH_DIR (work folder; needs about 10 GB free at 10M; the indexes are deleted after measuring).
# Needs the shared corpus beside the workspace (../shared/corpus). Writes $WORK/search-run.md;
# bench/search.md holds the figures of the last run with notes.
set -eu
cd "$(dirname "$0")/.."
N="${1:-10000000}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/corresp-bench}"
mkdir -p "$WORK"
cargo build --release -p corresp-cli -p corresp-index --example search_bench
BIN="${CARGO_TARGET_DIR:-target}/release"
rm -rf "$WORK/c.db" "$WORK/c.db.index"
"$BIN/corresp" ingest ../shared/corpus/lehigh --db "$WORK/c.db" >/dev/null
"$BIN/corresp" reindex --db "$WORK/c.db" --export-docs "$WORK/docs.jsonl"
set -- --docs "$WORK/docs.jsonl" --synthetic "$N" --dir "$WORK" --runs "${RUNS:-5}" --fts-runs "${FTS_RUNS:-2}"
if [ -n "${FTS_MAX:-}" ]; then set -- "$@" --fts-max "$FTS_MAX"; fi
{
  echo "# Search benchmark ($(date -u +%Y-%m-%d), release profile, $(nproc) cores shared, N=$N)"
  echo
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  "$BIN/examples/search_bench" "$@"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Self-check (repeated comment finds its original first):"
  "$BIN/corresp" similar --self-check --db "$WORK/c.db"
} | tee "$WORK/search-run.md"
