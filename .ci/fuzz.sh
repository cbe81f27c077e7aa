#!/usr/bin/env bash
# Fuzzing in CI: builds every cargo-fuzz target in fuzz/ and runs each for FUZZ_SECONDS (60 by
# default), after replaying the inputs kept under fuzz/regressions/<target>/. Fails on any crash,
# panic, stack overflow, timeout (10 s per input) or memory blow-up (2 GB), naming the target and
# the input libFuzzer saved under fuzz/artifacts/<target>/.
#
#   .ci/fuzz.sh                       # all targets, 60 s each
#   FUZZ_SECONDS=600 .ci/fuzz.sh query html
#
# Needs a nightly toolchain (installed on these machines) and cargo-fuzz, which it installs from
# crates.io when missing. Targets are built without a sanitizer (-s none): the code under test is
# safe Rust, and without ASan each second of fuzzing runs several times more inputs. Debug
# assertions and overflow checks are on (cargo-fuzz's default), so an arithmetic overflow is a crash.
# Cost: about 5 min of fuzzing for the five targets plus the build (cold: 10-15 min on 2 cores,
# warm: under a minute).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(query html pdf parse check)
CARGO_FUZZ_VERSION=0.13.2
FUZZ_FLAGS=(-s none)

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain" >&2
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION from crates.io" >&2
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

cd fuzz
cargo +nightly fuzz build "${FUZZ_FLAGS[@]}"

# The seeds: the project's own test letters for the extractors, parser and checker; typed queries
# for the query language.
seeds_of() {
  case "$1" in
    query) echo seeds/query ;;
    *) echo ../testdata/letters ;;
  esac
}

failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "regressions/$t" "artifacts/$t"
  if [ -n "$(ls -A "regressions/$t")" ]; then
    echo "fuzz: $t: replaying regressions/$t" >&2
    if ! cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" "$t" "regressions/$t" -- \
        -runs=0 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="artifacts/$t/"; then
      failed+=("$t (a kept regression input)")
      continue
    fi
  fi
  corpus=$(mktemp -d "${TMPDIR:-/tmp}/corresp-fuzz-$t.XXXXXX")
  echo "fuzz: $t: ${SECONDS_EACH}s" >&2
  if ! cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" "$t" "$corpus" "$(seeds_of "$t")" -- \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="artifacts/$t/" -print_final_stats=1; then
    failed+=("$t (see fuzz/artifacts/$t/)")
  fi
  rm -rf "$corpus"
done

if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz: crashes in: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "fuzz: ${TARGETS[*]}: no crash in ${SECONDS_EACH}s each" >&2
