#!/usr/bin/env bash
# Ingest benchmark: the whole corpus into a fresh store, against pdftotext extracting the same PDFs
# one file at a time in the same run; then the same ingest again with nothing changed.
#
# Usage: bench/ingest.sh [CORPUS_DIR]        (default: ../shared/corpus beside the repository)
# Env:   CORRESP_BIN  the binary to time (default: target/release/corresp, built if missing)
# Needs: pdftotext (poppler-utils) and GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
bin="${CORRESP_BIN:-${CARGO_TARGET_DIR:-target}/release/corresp}"
[ -x "$bin" ] || cargo build --release -p corresp-cli
for tool in pdftotext /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
mapfile -d '' pdfs < <(find "$corpus" -name '*.pdf' -print0 | sort -z)

t0=$(now)
for f in "${pdfs[@]}"; do pdftotext -enc UTF-8 "$f" - >/dev/null 2>&1 || true; done
t_pdf=$(echo "$(now) - $t0" | bc)

t0=$(now)
/usr/bin/time -v -o "$work/time.txt" "$bin" ingest "$corpus" --db "$work/bench.db" --json >"$work/first.json"
t_ingest=$(echo "$(now) - $t0" | bc)
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$work/time.txt")

t0=$(now)
"$bin" ingest "$corpus" --db "$work/bench.db" --json >"$work/second.json"
t_again=$(echo "$(now) - $t0" | bc)

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/first.json" "$work/second.json" "$t_pdf" "$t_ingest" "$t_again" "$rss_kb" "${#pdfs[@]}" "$cpu" <<'PY'
import json, sys
first, second = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
t_pdf, t_ingest, t_again, rss_kb, n_pdf, cpu = map(float, sys.argv[3:9])
docs = first["ingested"] + first["replaced"] + first["unchanged"] + len(first["failed"])
print(f"documents        {docs} ({len(first['failed'])} failed, {len(first['skipped'])} skipped), {first['threads']} threads")
print(f"pdftotext alone  {t_pdf:.2f} s on {int(n_pdf)} PDFs, one process per file")
print(f"ingest           {t_ingest:.2f} s = {docs / t_ingest:.1f} docs/s ({cpu:.2f} CPU s), peak RSS {rss_kb / 1024:.0f} MB")
print(f"ratio            {t_ingest / t_pdf:.2f} x pdftotext (goal <= 0.5)")
print(f"re-ingest        {t_again:.2f} s, unchanged {second['unchanged']} (goal < 1 s)")
for f in first["failed"]:
    print(f"  failed: {f['file']}: {f['cause']}")
PY
