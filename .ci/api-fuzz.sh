#!/usr/bin/env bash
# Property-based test of the HTTP API: Schemathesis generates requests from the server's own
# OpenAPI document (valid and invalid ones) and checks every answer (no 5xx, documented status,
# content type and headers, responses that match their schema, invalid input refused, valid input
# accepted, auth honoured) against a live `corresp serve` on the sample store.
#
#   .ci/api-fuzz.sh                       # defaults: 100 examples per operation, a 240 s budget
#   API_FUZZ_EXAMPLES=500 .ci/api-fuzz.sh
#   CORRESP_BIN=target/release/corresp .ci/api-fuzz.sh
#
# Exits non-zero on any failure; the server is stopped whatever happens. One worker: with two,
# Hypothesis parses lambdas' source (ast) from two threads at once, which CPython 3.11 can fail
# with "SystemError: AST constructor recursion depth mismatch" (a tool error, not a finding).
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
EXAMPLES=${API_FUZZ_EXAMPLES:-100}
MAX_TIME=${API_FUZZ_MAX_TIME:-240}
SEED=${API_FUZZ_SEED:-}
VENV=${API_FUZZ_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/corresp/schemathesis-$ST_VERSION}

if [ ! -x "$VENV/bin/schemathesis" ]; then
  echo "api-fuzz: installing schemathesis $ST_VERSION into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

BIN=${CORRESP_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --quiet -p corresp-cli
  BIN="${CARGO_TARGET_DIR:-target}/debug/corresp"
fi

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
BASE="http://127.0.0.1:$PORT"

# An empty store serves the sample store (letters written for the tests).
CORRESP_TOKEN=$TOKEN "$BIN" serve --db "$WORK/fuzz.db" --addr "127.0.0.1:$PORT" --quiet \
  2>"$WORK/server.log" &
SERVER_PID=$!

for _ in $(seq 300); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('$BASE/healthz', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "api-fuzz: the server exited:" >&2; cat "$WORK/server.log" >&2; exit 1
  fi
  sleep 0.1
done

# Where a schema cannot say all the API checks, and the API answers a 4xx by design: an upload of
# well-formed parts may hold no letter (random bytes named .png: 415 or 422), a letter to draft may
# not be a staff comment letter (422) or not be stored (404), a JSON object may not be a draft (422),
# and a search string may be one the query language cannot read (only punctuation, `year:abc`: 400).
cat >"$WORK/schemathesis.toml" <<'TOML'
[[operations]]
include-path = "/api/v1/ingest"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "404", "413", "415", "422"]

[[operations]]
include-path = "/api/v1/draft"
checks.positive_data_acceptance.expected-statuses = ["2xx", "404", "413", "415", "422"]

[[operations]]
include-path = "/api/v1/draft/render"
checks.positive_data_acceptance.expected-statuses = ["2xx", "413", "422"]

[[operations]]
include-path-regex = "^/api/v1/search"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404"]
TOML

echo "api-fuzz: schemathesis $ST_VERSION against $BASE (at most $EXAMPLES examples per operation, ${MAX_TIME}s)" >&2
status=0
"$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" run "$BASE/api/v1/openapi.json" \
  --url "$BASE" \
  --header "Authorization: Bearer $TOKEN" \
  --checks all \
  --max-examples "$EXAMPLES" \
  --max-time "$MAX_TIME" \
  --workers 1 \
  --request-timeout 30 \
  --suppress-health-check too_slow \
  --report junit --report-dir "$WORK/report" \
  ${SEED:+--seed "$SEED"} || status=$?

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "api-fuzz: the server died during the run:" >&2; tail -50 "$WORK/server.log" >&2; status=1
elif grep -qiE 'panick|internal error' "$WORK/server.log"; then
  echo "api-fuzz: the server logged failures:" >&2; grep -iE 'panick|internal error' "$WORK/server.log" | head -20 >&2; status=1
fi
if [ "$status" -eq 0 ]; then echo "api-fuzz: passed" >&2; else echo "api-fuzz: FAILED ($status)" >&2; fi
exit "$status"
