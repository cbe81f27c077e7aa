#!/usr/bin/env bash
# Load test of `corresp serve` from a second process: 200 concurrent connections for 10 s against
# search (API) and review (thread) pages, on loopback only. Prints requests/s, p99 and errors.
#
#   bench/serve-load.sh BIN [CORPUS_DIR]     e.g. bench/serve-load.sh target/release/corresp ../shared/corpus/lehigh
#
# For searches alone under a realistic mix of distinct queries, with anchors, see
# bench/serve-search.sh.
#
# Needs Debian's `wrk` (apt-get install wrk), curl and python3. Without CORPUS_DIR the server runs
# on an empty store and so serves its sample store.
set -euo pipefail
bin=$(realpath "$1"); corpus=${2:-}
conns=${CONNS:-200}; secs=${SECS:-10}
command -v wrk >/dev/null || { echo "serve-load: wrk is needed (apt-get install wrk)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'kill $srv 2>/dev/null || true; wait $srv 2>/dev/null || true; rm -rf "$tmp"' EXIT
if [ -n "$corpus" ]; then "$bin" ingest "$corpus" --db "$tmp/s.db" >/dev/null; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CORRESP_TOKEN=bench "$bin" serve --db "$tmp/s.db" --addr "127.0.0.1:$port" --quiet 2>"$tmp/serve.log" &
srv=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
# The thread pages to visit: every review the server lists (the UI page, which renders the pairs).
curl -fs "http://127.0.0.1:$port/api/v1/threads" | python3 -c '
import json, sys, urllib.parse
ids = [t["id"] for t in json.load(sys.stdin)]
print("paths = {")
for q in ["non-GAAP", "revenue recognition", "segment", "goodwill impairment", "liquidity"]:
    print("  \"/api/v1/search?limit=10&q=%s\"," % urllib.parse.quote(q))
for i in ids[:50]:
    print("  \"/threads/%s\"," % urllib.parse.quote(i, safe=""))
print("}")' > "$tmp/paths.lua"
cat "$(dirname "$0")/wrk-cycle.lua" >>"$tmp/paths.lua"
echo "serve-load: $(grep -c '^  "' "$tmp/paths.lua") paths, $conns connections, ${secs}s, $(nproc) cores" >&2
echo "serve-load: $(wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$tmp/paths.lua" "http://127.0.0.1:$port" | tail -n 1)"
