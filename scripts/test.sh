#!/usr/bin/env bash
# Runs every test, after installing what they need (fresh Debian 12 with Rust and Node):
#   1. set-up: Debian packages, npm packages, tauri-driver, openpyxl (scripts/setup.sh and below)
#   2. the front end built (the app embeds ui/dist at compile time)
#   3. cargo test --workspace: core unit and integration tests, the app's command tests
#   4. cargo fmt --all --check and cargo clippy (-D warnings) over the workspace
#   5. the front end's unit tests (vitest)
#   6. end-to-end tests of the built desktop app (tauri-driver, WebKitWebDriver, Xvfb)
#   7. a minute of fuzzing the workbook reader, where nightly is present (scripts/fuzz.sh)
# A failure of step 4 fails the run at the end, after the tests have run and reported.
# Benchmarks are not run here: see bench/ and docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH" CI="${CI:-true}" DEBIAN_FRONTEND=noninteractive

"$root/scripts/setup.sh"

# Tools the PDF tests use, and openpyxl for the template round trip.
sudo_cmd=()
if [[ "$(id -u)" != 0 ]]; then sudo_cmd=(sudo -n); fi
for p in poppler-utils qpdf; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || { "${sudo_cmd[@]}" apt-get update -q && "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "$p"; }
done
python3 -c "import openpyxl" 2>/dev/null \
  || python3 -m pip install --quiet openpyxl 2>/dev/null \
  || python3 -m pip install --quiet --break-system-packages openpyxl

echo "== ui: build"
(cd ui && npm run build)

# The one build of the app: with the end-to-end tests' hooks (`e2e`: the app's `choose_*`
# commands take test folders instead of opening the file dialogs, and grant them) and Tauri's mock runtime (`test-support`: tests/ipc.rs), and
# that same binary is what the e2e step drives. Without the features (any normal build) neither
# exists. Every cargo command below takes the same features, so tauri is built once (clippy
# only checks it, reusing the build scripts and proc macros).
features=anbud-app/e2e,anbud-app/test-support

echo "== cargo test --workspace --features $features"
cargo test --workspace --no-fail-fast --features "$features"

# The TypeScript types of the IPC are generated from the Rust types when the tests run (ts-rs):
# what is committed must be what the Rust types give, or the UI was built against stale types.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  stale="$(git -C "$root" status --porcelain -- ui/src/bindings)"
  if [[ -n "$stale" ]]; then
    echo "ui/src/bindings stämmer inte med Rust-typerna (kör cargo test och checka in dem):" >&2
    echo "$stale" >&2
    exit 1
  fi
fi

# Formatting (rustfmt.toml) and lints, after the tests' build (clippy reuses its build scripts and
# proc macros). They do not stop the tests that follow; the run fails at the end.
failed=()
echo "== cargo fmt --all --check"
cargo fmt --all --check || failed+=("cargo fmt --all --check (kör cargo fmt --all)")
echo "== cargo clippy --workspace --all-targets --features $features -- -D warnings"
cargo clippy --workspace --all-targets --features "$features" -- -D warnings || failed+=("cargo clippy")

echo "== ui: vitest"
(cd ui && npm test)

echo "== e2e"
# No separate `cargo build -p anbud-app`: `cargo test --workspace --features $features` above
# built target/debug/anbud-app (for the app's integration tests) with the workspace's test
# features and the e2e hooks; a plain build would resolve features without the core's
# dev-dependencies and compile tauri a second time. (It also built the examples, among them
# app_bench_db, which the e2e uses for a database with many suppliers.)
e2e=0
E2E_SKIP_BUILD=1 "$root/scripts/e2e.sh" || e2e=$?

# A bounded fuzz run of the workbook reader (docs/fuzzing.md), where the nightly toolchain is
# present; the corpus itself is replayed on stable by cargo test above (tests/fuzz_corpus.rs).
echo "== fuzz: a minute of cargo +nightly fuzz run workbook"
if cargo +nightly --version >/dev/null 2>&1; then
  "$root/scripts/fuzz.sh" 60 || failed+=("fuzz (se fuzz/artifacts/workbook/ och docs/fuzzing.md)")
else
  echo "(ingen nightly-verktygskedja: hoppar över)"
fi

if ((${#failed[@]})); then
  printf 'misslyckades: %s\n' "${failed[@]}" >&2
  exit 1
fi
exit "$e2e"
