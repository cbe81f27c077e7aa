#!/usr/bin/env bash
# Benchmark (not a test): `corresp extract` beside pdftotext on the same PDFs, in the same run.
#   per file: one process per PDF, the two tools alternating;
#   batch:    corresp's --list mode on N threads vs pdftotext through `xargs -P N`.
# Usage: bench/extract.sh [CORRESP_BIN] [CORPUS_DIR] [N]
# Defaults: target/release/corresp, ../shared/corpus, 2.
set -euo pipefail
bin=${1:-target/release/corresp}
corpus=${2:-../shared/corpus}
jobs=${3:-2}
command -v pdftotext >/dev/null || { echo "pdftotext not found (apt-get install poppler-utils)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
find "$corpus" -name '*.pdf' | sort > "$tmp/pdfs"
n=$(wc -l < "$tmp/pdfs")
now() { date +%s.%N; }
ours=0; ref=0
while read -r f; do
  t0=$(now); pdftotext -enc UTF-8 "$f" - > /dev/null 2>&1 || true; t1=$(now)
  "$bin" extract "$f" > /dev/null 2>&1 || true; t2=$(now)
  ref=$(echo "$ref + $t1 - $t0" | bc); ours=$(echo "$ours + $t2 - $t1" | bc)
done < "$tmp/pdfs"
printf 'per file (%d PDFs, one process each): corresp %.2fs  pdftotext %.2fs  ratio %.2f\n' \
  "$n" "$ours" "$ref" "$(echo "$ours / $ref" | bc -l)"
awk '{ printf "%d\t%s\n", NR, $0 }' "$tmp/pdfs" > "$tmp/list"
t0=$(now); "$bin" extract --list "$tmp/list" --out "$tmp/ours" --jobs "$jobs" 2>/dev/null || true; t1=$(now)
mkdir -p "$tmp/ref"
awk '{ printf "%s\0%s/ref/%d.txt\0", $0, dir, NR }' dir="$tmp" "$tmp/pdfs" \
  | xargs -0 -n 2 -P "$jobs" sh -c 'pdftotext -enc UTF-8 "$0" "$1" 2>/dev/null || true'
t2=$(now)
b_ours=$(echo "$t1 - $t0" | bc); b_ref=$(echo "$t2 - $t1" | bc)
printf 'batch on %d threads: corresp %.2fs (%.0f PDFs/s)  pdftotext %.2fs (%.0f PDFs/s)  ratio %.2f\n' \
  "$jobs" "$b_ours" "$(echo "$n / $b_ours" | bc -l)" "$b_ref" "$(echo "$n / $b_ref" | bc -l)" \
  "$(echo "$b_ours / $b_ref" | bc -l)"
