#!/usr/bin/env bash
# Ingest at EDGAR's size: generates LETTERS letters in EDGAR's layout (bench/gen_corpus.py, learned
# from the DEV corpus), ingests them into a fresh embedded store, and prints throughput, peak memory,
# the time to re-ingest with nothing changed, and the anchor: pdftotext alone on the same PDFs, one
# process per file, in the same run. Extrapolates linearly to EDGAR's 600,000 letters.
#
# Usage: bench/scale.sh [LETTERS]     (default 20000; 600000 is EDGAR's size: ~12 GB, ~1 h here)
# Env:   CORRESP_BIN (default target/release/corresp, built if missing), BENCH_DIR (work folder,
#        deleted after unless KEEP=1), ANCHOR_MAX (PDFs timed for the anchor, default all; the
#        anchor is then scaled to all PDFs), SEED.
# Needs: python3, pdftotext (poppler-utils), GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
bin="${CORRESP_BIN:-${CARGO_TARGET_DIR:-target}/release/corresp}"
[ -x "$bin" ] || cargo build --release -p corresp-cli
for tool in python3 pdftotext /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "scale: $tool is missing" >&2; exit 1; }
done
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now)
python3 bench/gen_corpus.py --letters "$n" --out "$work/corpus" --seed "${SEED:-1}" >"$work/gen.json"
t_gen=$(echo "$(now) - $t0" | bc)

mapfile -d '' pdfs < <(find "$work/corpus" -name '*.pdf' -print0 | sort -z)
timed=${ANCHOR_MAX:-${#pdfs[@]}}
[ "$timed" -le "${#pdfs[@]}" ] || timed=${#pdfs[@]}
t0=$(now)
for f in "${pdfs[@]:0:$timed}"; do pdftotext -enc UTF-8 "$f" - >/dev/null 2>&1 || true; done
t_pdf=$(echo "($(now) - $t0) * ${#pdfs[@]} / $timed" | bc -l)

t0=$(now)
/usr/bin/time -v -o "$work/time.txt" "$bin" ingest "$work/corpus" --db "$work/scale.db" --json >"$work/first.json"
t_ingest=$(echo "$(now) - $t0" | bc)
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$work/time.txt")

t0=$(now)
/usr/bin/time -v -o "$work/time2.txt" "$bin" ingest "$work/corpus" --db "$work/scale.db" --json >"$work/second.json"
t_again=$(echo "$(now) - $t0" | bc)
rss2_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time2.txt")
db_mb=$(du -sm "$work/scale.db" | cut -f1)
index_mb=$(du -sm "$work/scale.db.index" 2>/dev/null | cut -f1 || echo 0)
corpus_mb=$(du -sm "$work/corpus" | cut -f1)

python3 - "$work" "$t_gen" "$t_pdf" "$t_ingest" "$t_again" "$rss_kb" "$rss2_kb" "$cpu" "${#pdfs[@]}" "$timed" "$db_mb" "$index_mb" "$corpus_mb" <<'PY'
import json, sys
w = sys.argv[1]
t_gen, t_pdf, t_ingest, t_again, rss, rss2, cpu, n_pdf, timed, db_mb, index_mb, corpus_mb = map(float, sys.argv[2:14])
gen = json.load(open(f"{w}/gen.json"))
first, second = json.load(open(f"{w}/first.json")), json.load(open(f"{w}/second.json"))
docs = first["ingested"] + first["replaced"] + first["unchanged"] + len(first["failed"])
rate = docs / t_ingest
print(f"generated        {gen['letters']} letters of {gen['companies']} companies ({gen['pdf']} PDF, {gen['real_pdf']} of them real DEV PDFs; {gen['htm']} HTML), {corpus_mb:.0f} MB in {t_gen:.0f} s")
print(f"pdftotext alone  {t_pdf:.1f} s on {int(n_pdf)} PDFs, one process per file" + (f" (timed on {int(timed)}, scaled)" if timed < n_pdf else ""))
print(f"ingest           {t_ingest:.1f} s = {rate:.0f} letters/s ({cpu:.1f} CPU s), {len(first['failed'])} failed, {first['threads']} threads; peak RSS {rss / 1024:.0f} MB")
print(f"ratio            {t_ingest / t_pdf:.2f} x pdftotext (goal <= 0.5)")
print(f"store            {db_mb:.0f} MB SQLite + {index_mb:.0f} MB index for {corpus_mb:.0f} MB of letters")
print(f"re-ingest        {t_again:.1f} s, unchanged {second['unchanged']}, peak RSS {rss2 / 1024:.0f} MB (goal < 60 s at 600k)")
print(f"at 600,000       {600000 / rate / 60:.0f} min if linear (goal < 30 min); re-ingest {t_again * 600000 / docs:.0f} s")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
