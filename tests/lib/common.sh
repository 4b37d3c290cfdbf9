# Shared helpers of the integration tests (sourced). Each test gets a fresh directory under
# $KW_TEST_TMP, and every server it starts is stopped when it exits.
set -euo pipefail

: "${KW_BIN:?set by ctest}" "${TKFAKE_BIN:?set by ctest}" "${KW_TEST_TMP:=/tmp/kw-tests}"
KWCHECK_BIN=${KWCHECK_BIN:-$(dirname "$KW_BIN")/kwcheck}
T=$(mktemp -d "${KW_TEST_TMP%/}/$(basename "$0" .sh).XXXXXX" 2>/dev/null ||
    { mkdir -p "$KW_TEST_TMP"; mktemp -d "${KW_TEST_TMP%/}/$(basename "$0" .sh).XXXXXX"; })
SERVER_PIDS=()

cleanup() {
  for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP_TMP:-0}" = 0 ]; then rm -rf "$T"; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
say() { echo "--- $*"; }

# gen_corpus DIR DOCUMENTS [extra args]
gen_corpus() {
  local dir=$1 docs=$2; shift 2
  "$TKFAKE_BIN" gen --out "$dir" --seed 7 --documents "$docs" "$@" >/dev/null
}

# start_fake DIR [serve args]: starts tkfake on an ephemeral port; sets FAKE_URL and FAKE_PID
start_fake() {
  local dir=$1; shift
  local pf="$T/port.$RANDOM"
  "$TKFAKE_BIN" serve --dir "$dir" --listen 127.0.0.1:0 --port-file "$pf" "$@" 2>"$T/tkfake.log" &
  FAKE_PID=$!
  SERVER_PIDS+=("$FAKE_PID")
  for _ in $(seq 1 200); do
    [ -s "$pf" ] && break
    kill -0 "$FAKE_PID" 2>/dev/null || fail "tkfake did not start: $(cat "$T/tkfake.log")"
    sleep 0.05
  done
  [ -s "$pf" ] || fail "tkfake did not report its port"
  FAKE_PORT=$(cat "$pf")
  FAKE_BASE="http://127.0.0.1:$FAKE_PORT"
  FAKE_URL="$FAKE_BASE/SyncFeed/2.0"
}

stop_fake() {
  kill "$FAKE_PID" 2>/dev/null || true
  wait "$FAKE_PID" 2>/dev/null || true
}

set_generation() {
  curl -sf -X POST "$FAKE_BASE/_tkfake/generation?set=$1" >/dev/null || fail "cannot set generation $1"
}

sync_db() { # sync_db DB [args]
  local db=$1; shift
  "$KW_BIN" sync --source "$FAKE_URL" --db "$db" --pause-ms 0 --quiet "$@"
}
