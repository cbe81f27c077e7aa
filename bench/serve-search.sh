#!/usr/bin/env bash
# Served search under a realistic, uncached query mix (issue 19): `corresp serve` on a store of a
# corpus, queried with >= 1,000 distinct queries made of the stored comments' own words, measured
#
#   1. by one client, sequentially, over one kept-alive connection (a raw-socket HTTP/1.1 client
#      in Python, so the client adds tens of microseconds, not the hundreds of http.client):
#      p50/p99 of 3 passes over the mix, after one warm-up pass;
#   2. by 200 concurrent connections with `wrk` (searches/s, p50, p99, errors);
#
# and beside each figure its anchor, taken in the same run on the same machine load:
#
#   - in-process: the same queries straight on the index (`corresp_index::Index::search`, limit
#     10, no facets: tantivy plus our ranking, snippets and stored-field reads, no HTTP, no JSON),
#     run by `search_bench --probe` (4 runs per query, the first one warm-up);
#   - /healthz with `wrk` and the same connections: the HTTP stack alone.
#
#   bench/serve-search.sh BIN [CORPUS_DIR]     e.g. bench/serve-search.sh target/release/corresp ../shared/corpus/lehigh
#
# Environment: QUERIES (distinct queries, default 1200), SEED (default 19), CONNS (default 200),
# SECS (wrk duration, default 10), PROBE (the search_bench binary; default beside BIN under
# examples/, built with `cargo build --release -p corresp-index --example search_bench`),
# LIMIT (hits per search, default 10, as the probe asks).
#
# The server keeps no response cache, so repeated queries in the wrk loop (it cycles the mix)
# cost what a first one costs; the OS page cache and tantivy's own caches are warm, as in service.
# Needs Debian's `wrk` (apt-get install wrk), curl and python3.
set -euo pipefail
bin=$(realpath "$1"); corpus=${2:-../shared/corpus/lehigh}
conns=${CONNS:-200}; secs=${SECS:-10}; nq=${QUERIES:-1200}; seed=${SEED:-19}; limit=${LIMIT:-10}
probe=${PROBE:-$(dirname "$bin")/examples/search_bench}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "serve-search: wrk is needed (apt-get install wrk)" >&2; exit 2; }
[ -x "$probe" ] || { echo "serve-search: $probe missing (cargo build --release -p corresp-index --example search_bench)" >&2; exit 2; }
tmp=$(mktemp -d); srv=
trap '[ -n "$srv" ] && { kill $srv 2>/dev/null || true; wait $srv 2>/dev/null || true; }; rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

"$bin" ingest "$corpus" --db "$tmp/s.db" >/dev/null 2>"$tmp/ingest.log"
"$bin" reindex --db "$tmp/s.db" --export-docs "$tmp/docs.jsonl" >/dev/null 2>&1
python3 - "$tmp/docs.jsonl" "$nq" "$seed" >"$tmp/queries.txt" <<'PY'
# The query mix: distinct queries made of the stored staff comments' own words, drawn with a
# fixed seed. A third are one- to three-word runs from comment openings (the words a reader
# remembers), a third topic words and phrases from captions ("Revenue Recognition", "Liquidity"),
# the rest two words from anywhere in one comment (a topic search that is not a phrase). Runs
# that start or end on a function word are skipped; no query is repeated (case folded).
import json, random, re, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
stop = set("""a an and are as at be been but by for from has have in into is it its of on or our
that the their these this those to was we were which will with you your please tell us provide
disclose discuss explain revise note page pages refer response comment comments form may also such
any other how what why where when whether if not do does did so than then there""".split())
word = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
rng = random.Random(seed)
openings, captions, bodies = [], [], []
for line in open(path, encoding="utf-8"):
    d = json.loads(line)
    if d.get("kind") != "comment":
        continue
    ws = word.findall(d.get("text") or "")
    if ws:
        openings.append(ws[:14])
        bodies.append(ws)
    for h in d.get("headings") or []:
        hw = [w for w in word.findall(h) if not re.fullmatch(r"(?i)form|page|pages|note|notes", w)]
        if hw:
            captions.append(hw[:6])
def run(ws):
    k = rng.choice((1, 2, 2, 3))
    if len(ws) < k:
        return None
    i = rng.randrange(len(ws) - k + 1)
    r = ws[i:i + k]
    if r[0].lower() in stop or r[-1].lower() in stop or (k == 1 and len(r[0]) < 5):
        return None
    return " ".join(r)
def pair(ws):
    c = [w for w in ws if w.lower() not in stop and len(w) >= 4]
    if len(c) < 2:
        return None
    a, b = rng.sample(c, 2)
    return f"{a} {b}"
seen, out = set(), []
tries = 0
while len(out) < n and tries < n * 200:
    tries += 1
    pick = rng.random()
    q = run(rng.choice(openings)) if pick < 1 / 3 else run(rng.choice(captions)) if pick < 2 / 3 else pair(rng.choice(bodies))
    if q and q.lower() not in seen:
        seen.add(q.lower())
        out.append(q)
print("\n".join(out))
PY
echo "serve-search: $(wc -l <"$tmp/queries.txt") distinct queries (seed $seed) from $(grep -c '"kind":"comment"' "$tmp/docs.jsonl") stored comments; $(nproc) cores; $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"

# Anchor 1: the same queries in-process on the same index, before the server starts.
mapfile -t qs <"$tmp/queries.txt"
echo "load before probe: $(load)"
"$probe" --probe "$tmp/s.db.index" "${qs[@]}" >"$tmp/probe.txt"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CORRESP_TOKEN=bench "$bin" serve --db "$tmp/s.db" --addr "127.0.0.1:$port" --quiet 2>"$tmp/serve.log" &
srv=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done

# One client, sequential, kept alive.
echo "load before one client: $(load)"
python3 - "$port" "$tmp/queries.txt" "$limit" "$tmp/probe.txt" <<'PY'
import socket, sys, time, urllib.parse, statistics

port, qfile, limit, probe = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
queries = [l.rstrip("\n") for l in open(qfile, encoding="utf-8") if l.strip()]
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = b""

def get(path):
    """One GET on the kept-alive socket; returns the status."""
    global buf
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        buf += chunk
    head, _, buf = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    n = 0
    for l in lines[1:]:
        k, _, v = l.partition(b":")
        if k.strip().lower() == b"content-length":
            n = int(v)
    while len(buf) < n:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        buf += chunk
    buf = buf[n:]
    return status

paths = [f"/api/v1/search?limit={limit}&q=" + urllib.parse.quote(q) for q in queries]
for p in paths:  # warm-up pass
    get(p)
times, errors = [], 0
for _ in range(3):
    for p in paths:
        t = time.perf_counter()
        st = get(p)
        times.append((time.perf_counter() - t) * 1000)
        errors += st != 200
hz = []
for _ in range(2000):
    t = time.perf_counter()
    errors += get("/healthz") != 200
    hz.append((time.perf_counter() - t) * 1000)

def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p / 100))]

# The probe prints per query: "<query>: total N (estimated) ms r1 r2 r3 r4".
inproc = []
for line in open(probe, encoding="utf-8"):
    ms = line.rsplit(" ms ", 1)
    if len(ms) == 2:
        inproc.extend(float(x) for x in ms[1].split()[1:])
p50, p99 = pct(times, 50), pct(times, 99)
i50, i99 = pct(inproc, 50), pct(inproc, 99)
print(f"one client: {len(times)} searches ({len(queries)} distinct x 3), p50 {p50:.3f} ms, p99 {p99:.3f} ms, "
      f"mean {statistics.mean(times):.3f} ms, errors {errors}")
print(f"  anchor in-process Index::search (same queries, limit 10): p50 {i50:.3f} ms, p99 {i99:.3f} ms "
      f"-> served/in-process p50 x{p50 / i50:.2f}, p99 x{p99 / i99:.2f}")
print(f"  anchor /healthz one client: p50 {pct(hz, 50):.3f} ms -> search p50 minus healthz p50 {p50 - pct(hz, 50):.3f} ms")
PY

# 200 connections with wrk, over the same mix.
python3 - "$tmp/queries.txt" "$limit" >"$tmp/paths.lua" <<'PY'
import sys, urllib.parse
print("paths = {")
for q in open(sys.argv[1], encoding="utf-8"):
    q = q.rstrip("\n")
    if q:
        p = f"/api/v1/search?limit={sys.argv[2]}&q=" + urllib.parse.quote(q)
        print('  "%s",' % p.replace("\\", "\\\\").replace('"', '\\"'))
print("}")
PY
cat "$here/wrk-cycle.lua" >>"$tmp/paths.lua"
sed -e '/^paths = {/,/^}/c paths = { "/healthz" }' "$tmp/paths.lua" >"$tmp/healthz.lua"
echo "load before wrk: $(load)"
s=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$tmp/paths.lua" "http://127.0.0.1:$port" | tail -n 1)
echo "load after search wrk: $(load)"
h=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$tmp/healthz.lua" "http://127.0.0.1:$port" | tail -n 1)
echo "$conns connections, ${secs}s, searches: $s"
echo "  anchor /healthz, same connections: $h"
python3 -c '
import re, sys
r = lambda s: float(re.search(r"= ([0-9.]+) req/s", s).group(1))
print(f"  searches/s over healthz/s: {r(sys.argv[1]) / r(sys.argv[2]):.3f}")' "$s" "$h"
echo "load after: $(load)"
