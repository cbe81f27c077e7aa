#!/usr/bin/env bash
# The Python package (crates/py) built the way the README tells users, `pip install ./crates/py`,
# into a cached virtual environment, then its pytest suite: the frames of the DEV corpus store
# against the CLI's `threads --json`, `stats --json` and `stats --parquet`, search and similar,
# and parse/check/extract against the CLI.
#
#   .ci/python.sh                             # what CI runs (after `cargo test --workspace`)
#   PY_PROFILE=release .ci/python.sh          # the optimised build users get from pip
#   CORRESP_PY_VENV=/tmp/venv .ci/python.sh   # another virtual environment
#
# The venv holds the pinned tools of crates/py/tests/requirements.txt and is cached under
# ${XDG_CACHE_HOME:-~/.cache}/corresp/py-<hash of that file>. The module is built into this
# workspace's target folder, reusing what `cargo test` compiled. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

REQ=crates/py/tests/requirements.txt
HASH=$(sha256sum "$REQ" | cut -c1-12)
VENV=${CORRESP_PY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/corresp/py-$HASH}
# dev: the workspace's dev profile (dependencies at opt-level 2), sharing `cargo test`'s build;
# release: what `pip install ./crates/py` builds by default.
PY_PROFILE=${PY_PROFILE:-dev}

if ! "$VENV/bin/python" -c 'import maturin, pytest, pandas, pyarrow' >/dev/null 2>&1; then
  echo "python: creating $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
fi
# pip runs maturin's build backend, which calls the `maturin` and `cargo` found on PATH.
export PATH="$VENV/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

start=$(date +%s)
if [ "$PY_PROFILE" = release ]; then
  unset MATURIN_PEP517_ARGS
else
  export MATURIN_PEP517_ARGS="--profile $PY_PROFILE"
fi
# --no-build-isolation: the pinned maturin of the venv, not the newest from the registry.
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall \
  --no-deps ./crates/py
echo "python: built and installed corresp ($PY_PROFILE profile) in $(( $(date +%s) - start )) s" >&2

# The CLI the frames are compared with (the same binary .ci/api-fuzz.sh uses): CI passes the one
# `cargo test` built (a `cargo build -p corresp-cli` unifies features differently and would compile
# the dependencies again).
if [ -z "${CORRESP_BIN:-}" ]; then
  cargo build --quiet -p corresp-cli
  CORRESP_BIN="$CARGO_TARGET_DIR/debug/corresp"
fi
export CORRESP_BIN

# Run from the tests' folder so `import corresp` is the installed package, not a source tree.
cd crates/py/tests
"$VENV/bin/python" -m pytest -q -p no:cacheprovider .
