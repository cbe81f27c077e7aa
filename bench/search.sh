#!/bin/sh
# Search benchmark: corresp's tantivy index beside SQLite FTS5 on the same documents.
# Usage: bench/search.sh [SYNTHETIC_COMMENTS]   (default 10000000; 1000000 for a quicker run)
# Needs the shared corpus beside the workspace (../shared/corpus). Writes to bench/search.md.
set -eu
cd "$(dirname "$0")/.."
N="${1:-10000000}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/corresp-bench}"
mkdir -p "$WORK"
cargo build --release -p corresp-cli --example search_bench -p corresp-index
BIN="${CARGO_TARGET_DIR:-target}/release"
rm -rf "$WORK/c.db" "$WORK/c.db.index"
"$BIN/corresp" ingest ../shared/corpus/lehigh --db "$WORK/c.db" >/dev/null
"$BIN/corresp" reindex --db "$WORK/c.db" --export-docs "$WORK/docs.jsonl"
{
  echo "# Search benchmark ($(date -u +%Y-%m-%d), $(nproc) cores shared, N=$N)"
  echo
  "$BIN/examples/search_bench" --docs "$WORK/docs.jsonl" --synthetic "$N" --dir "$WORK"
  echo
  echo "Self-check (repeated comment finds its original first):"
  "$BIN/corresp" similar --self-check --db "$WORK/c.db"
} | tee bench/search.md
