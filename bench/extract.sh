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
  a=$(now); pdftotext -enc UTF-8 "$f" - > /dev/null 2>&1 || true
  b=$(now); "$bin" extract "$f" > /dev/null 2>&1 || true
  c=$(now)
  ref=$(echo "$ref + $b - $a" | bc); ours=$(echo "$ours + $c - $b" | bc)
done < "$tmp/pdfs"
printf 'per file (%d PDFs, one process each): corresp %.2fs  pdftotext %.2fs  ratio %.2f\n' \
  "$n" "$ours" "$ref" "$(echo "$ours / $ref" | bc -l)"

awk '{ printf "%d\t%s\n", NR, $0 }' "$tmp/pdfs" > "$tmp/list"
mkdir -p "$tmp/ref"
a=$(now)
"$bin" extract --list "$tmp/list" --out "$tmp/ours" --jobs "$jobs" 2>/dev/null || true
b=$(now)
# each PDF sits in its own accession folder: name the output after that folder
xargs -d '\n' -P "$jobs" -I{} sh -c 'pdftotext -enc UTF-8 "$1" "$2/$(basename "$(dirname "$1")").txt" 2>/dev/null || true' \
  _ {} "$tmp/ref" < "$tmp/pdfs"
c=$(now)
bo=$(echo "$b - $a" | bc); br=$(echo "$c - $b" | bc)
printf 'batch on %d threads: corresp %.2fs (%.0f PDFs/s)  pdftotext %.2fs (%.0f PDFs/s)  ratio %.2f\n' \
  "$jobs" "$bo" "$(echo "$n / $bo" | bc -l)" "$br" "$(echo "$n / $br" | bc -l)" "$(echo "$bo / $br" | bc -l)"
