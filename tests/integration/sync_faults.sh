# The sync under every fault the feed can throw: HTTP 500s, bodies cut mid-entry, slow and
# stalled answers, a server that is down; malformed entries are quarantined. The result must
# equal the expected state, and a sync that cannot finish must say why and keep its progress.
. "$(dirname "$0")/../lib/common.sh"

gen_corpus "$T/corpus" 200 --generations 1

say "a clean run, to compare the counts with"
start_fake "$T/corpus"
sync_db "$T/clean.db" > "$T/clean.out"
grep -q "^total" "$T/clean.out" || fail "clean run: no summary"
stop_fake
clean_total=$(awk '/^total/ {print $2, $3, $4, $5}' "$T/clean.out")

run_with_faults() { # name, serve args...
  local name=$1; shift
  say "$name"
  start_fake "$T/corpus" "$@"
  sync_db "$T/$name.db" --retry-base-ms 5 --timeout 2 > "$T/$name.out" 2> "$T/$name.err" ||
    fail "$name: sync failed: $(tail -3 "$T/$name.err")"
  "$KWCHECK_BIN" expected "$T/$name.db" "$T/corpus/expected.json" || fail "$name: state differs"
  # A failed page undoes its uncommitted batch, which is replayed: nothing may count twice.
  total=$(awk '/^total/ {print $2, $3, $4, $5}' "$T/$name.out")
  case $name in http500|truncated|batch*) [ "$total" = "$clean_total" ] ||
    fail "$name: summary counts '$total' differ from a clean run's '$clean_total'";; esac
  grep -Eq '^total' "$T/$name.out" || fail "$name: no summary"
  stop_fake
}

run_with_faults http500 --fail-every 3
run_with_faults truncated --truncate-every 4
# Small pages, faults in one big category: a failure then hits a batch of good uncommitted
# pages, which must be undone and replayed without losing or counting anything twice.
run_with_faults batch500 --page-size 20 --fault-categories DocumentVersie,Zaak --fail-every 4
run_with_faults batchcut --page-size 20 --fault-categories DocumentVersie,Zaak --truncate-every 5
run_with_faults slow --slow-every 7 --slow-ms 300
run_with_faults stalled --slow-every 11 --slow-ms 4000

say "quarantined entries are reported"
q=$("$KW_BIN" status --db "$T/http500.db" --json | python3 -c 'import json,sys; print(sum(c["quarantined"] for c in json.load(sys.stdin)["categories"].values()))')
[ "$q" -ge 1 ] || fail "no quarantined entries reported"

say "a server that always fails: clear message, exit 1, progress kept"
start_fake "$T/corpus" --fail-every 1
set +e
sync_db "$T/down.db" --retry-base-ms 1 --max-retries 2 --category Zaal > "$T/down.out" 2> "$T/down.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "expected exit 1, got $rc"
grep -q "HTTP 500" "$T/down.err" || fail "message does not name the HTTP error: $(cat "$T/down.err")"
grep -q "resume" "$T/down.err" || fail "message does not say how to go on"
"$KW_BIN" status --db "$T/down.db" | grep '^Zaal ' | grep -q "HTTP 500" || fail "status lacks the last error"
stop_fake

say "no server at all"
set +e
"$KW_BIN" sync --source "http://127.0.0.1:9/SyncFeed/2.0" --db "$T/none.db" --category Zaal \
  --retry-base-ms 1 --max-retries 1 --quiet > /dev/null 2> "$T/none.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "expected exit 1 without a server, got $rc"
grep -qi "connect" "$T/none.err" || fail "unclear message: $(cat "$T/none.err")"

say "the category filter and a bad category"
start_fake "$T/corpus"
sync_db "$T/one.db" --category Zaal,Fractie > /dev/null
"$KW_BIN" status --db "$T/one.db" --json | python3 -c '
import json,sys
c=json.load(sys.stdin)["categories"]
assert c["Zaal"]["live"] > 0 and c["Fractie"]["live"] > 0, c["Zaal"]
assert c["Document"]["live"] == 0 and c["Document"]["synced_at"] is None' || fail "--category not honoured"
set +e
"$KW_BIN" sync --source "$FAKE_URL" --db "$T/one.db" --category Documents 2> "$T/bad.err"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "unknown category" "$T/bad.err" || fail "bad category not refused"
echo "sync_faults: ok"
