#!/usr/bin/env bash
# kamerwacht run --once: one cycle does sync -> fetch -> index -> alerts inside the daemon's
# own process (no kamerwacht child is started: under strace, the only execve of kamerwacht is
# the daemon's own; text extraction's pdftotext and friends are the extractor's business), with results checked in the database (files fetched, objects indexed, an alert
# mailed for a saved search that needs the index's generation 2 documents), and a failing
# stage is logged with its level while the cycle goes on.
source "$(dirname "$0")/../lib/common.sh"
SINK_BIN=${SINK_BIN:-$(dirname "$KW_BIN")/smtpsink}
q() { sqlite3 -batch -noheader "$@"; }

gen_corpus "$T/corpus" 150 --generations 2
start_fake "$T/corpus" --generation 1
mkdir -p "$T/mail"
"$SINK_BIN" --dir "$T/mail" --listen 127.0.0.1:0 --port-file "$T/sink.port" &
SERVER_PIDS+=("$!")
for _ in $(seq 1 100); do [ -s "$T/sink.port" ] && break; sleep 0.05; done
[ -s "$T/sink.port" ] || fail "smtpsink did not start"

conf() { # conf FILES_DIR
  cat > "$T/kw.conf" <<CONF
[site]
base_url = http://kw.test
serve = no
[data]
dir = $T
db = k.db
files = $1
[sync]
source = $FAKE_URL
interval = 1h
pause_ms = 0
fetch = yes
index = yes
[smtp]
host = 127.0.0.1
port = $(cat "$T/sink.port")
[log]
level = info
CONF
}
run_once() { # run_once LOG: one cycle, under strace when it is installed
  if command -v strace >/dev/null; then
    strace -f -qq -e trace=execve -o "$T/trace" "$KW_BIN" run --config "$T/kw.conf" --once 2>"$1"
    local self
    self=$(grep -c -E "execve\\(\"(/proc/self/exe|$KW_BIN)\"" "$T/trace" || true)
    [ "$self" = 1 ] || fail "the daemon started itself again: $(grep -E 'execve' "$T/trace" | grep -v pdftotext)"
  else
    echo "(strace not installed: the no-children check is skipped)"
    "$KW_BIN" run --config "$T/kw.conf" --once 2>"$1"
  fi
}

say "cycle 1: sync, fetch, index and alerts (baseline) in one process"
conf files
run_once "$T/run1.log" || fail "run --once failed: $(cat "$T/run1.log")"
cat "$T/run1.log"
DB=$T/k.db
docs=$(q "$DB" "SELECT count(*) FROM Document WHERE placeholder = 0")
[ "$docs" -gt 0 ] || fail "sync stored no documents"
fetched=$(q "$DB" "SELECT count(*) FROM resource WHERE path IS NOT NULL")
[ "$fetched" -gt 0 ] || fail "fetch stored no files"
[ "$(find "$T/files" -type f ! -name '.*' | wc -l)" -ge "$fetched" ] || fail "fetched files are not on disk"
indexed=$(q "$DB" "SELECT count(*) FROM search_doc WHERE type IS NOT NULL")
[ "$indexed" -gt 0 ] || fail "index wrote nothing"
q "$DB" "SELECT count(*) FROM search_doc WHERE text_status = 1" | grep -qv '^0$' \
  || fail "index read no text from the fetched files"
for stage in "sync:" "fetch:" "index:" "alerts:" "cycle done"; do
  grep -q "info  $stage" "$T/run1.log" || fail "no info line for $stage"
done
[ "$(q "$DB" "SELECT count(*) FROM alert_item")" -gt 0 ] || fail "alerts did not ingest"

say "cycle 2: generation 2 is synced, fetched, indexed and passed to the alerts"
"$KW_BIN" monitor --db "$DB" add lisa@example.nl "dossier:$(q "$DB" "SELECT nummer FROM Kamerstukdossier WHERE nummer IS NOT NULL ORDER BY nummer LIMIT 1")" >/dev/null
set_generation 2
run_once "$T/run2.log" || fail "run --once failed: $(cat "$T/run2.log")"
[ "$(q "$DB" "SELECT count(*) FROM Document WHERE placeholder = 0")" -gt "$docs" ] || fail "cycle 2 synced nothing new"
[ "$(q "$DB" "SELECT count(*) FROM search_doc WHERE type IS NOT NULL")" -gt "$indexed" ] || fail "cycle 2 indexed nothing new"
[ "$(q "$DB" "SELECT count(*) FROM resource WHERE path IS NOT NULL")" -gt "$fetched" ] || fail "cycle 2 fetched nothing new"
grep -q "info  alerts: .* new" "$T/run2.log" || fail "no alerts line in cycle 2"

say "a failing fetch is logged as an error; index and alerts still run"
mkdir -p "$T/ro" && touch "$T/ro/blocker"
conf ro/blocker/files   # a directory below a regular file cannot be made
run_once "$T/run3.log" || fail "run --once failed: $(cat "$T/run3.log")"
grep -q "error fetch: " "$T/run3.log" || fail "the failing fetch was not logged as an error: $(cat "$T/run3.log")"
grep -q -E "(info|warn)  index" "$T/run3.log" || fail "index did not run after the failed fetch"
grep -q "info  alerts:" "$T/run3.log" || fail "alerts did not run after the failed fetch"
grep -q "cycle done" "$T/run3.log" || fail "the cycle did not finish"
echo "daemon_cycle: ok"
