# kamerwacht fetch against tkfake: every file lands with its contentLength, a re-run transfers
# nothing, a size fault is stored but flagged, a failing URL waits for its next try, a changed
# file keeps its earlier version, and a kill -9 leaves no partial file under a final name.
. "$(dirname "$0")/../lib/common.sh"

gen_corpus "$T/corpus" 120
start_fake "$T/corpus"
DB=$T/k.db
FILES=$T/files
sync_db "$DB" > /dev/null || fail "sync failed"

fetch() { "$KW_BIN" fetch --db "$DB" --files "$FILES" --quiet "$@"; }
resource_requests() { curl -sf "$FAKE_BASE/_tkfake/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["resource_requests"])'; }

# check_files DB FILES: every candidate's file exists with its size (flagged ones may differ)
check_files() {
  python3 - "$1" "$2" <<'PY'
import os, sqlite3, sys
db, files = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
def has_file(a):
    return (f"{a}.placeholder = 0 AND ({a}.content_type IS NOT NULL OR {a}.enclosure IS NOT NULL)"
            f" AND COALESCE({a}.content_length, 1) > 0")
want = []
for cat in ("Document", "Persoon"):
    want += [(cat, i, n) for i, n in c.execute(f'SELECT id, content_length FROM "{cat}" e WHERE {has_file("e")}')]
# the newest verslag per vergadering only
rows = c.execute(f'SELECT id, content_length, vergadering_id, bijgewerkt FROM "Verslag" e WHERE {has_file("e")}').fetchall()
newest = {}
for i, n, v, b in rows:
    key = v or i
    if key not in newest or (b or "", i) > (newest[key][3] or "", newest[key][0]):
        newest[key] = (i, n, v, b)
want += [("Verslag", i, n) for i, n, _, _ in newest.values()]
flagged = {r[0] for r in c.execute("SELECT id FROM resource WHERE size_mismatch = 1")}
bad = 0
for cat, i, n in want:
    p = os.path.join(files, i[0:2], i[2:4], i)
    if not os.path.exists(p):
        print(f"missing {cat} {i}"); bad += 1
    elif os.path.getsize(p) != n and i not in flagged:
        print(f"size {cat} {i}: {os.path.getsize(p)} != {n}"); bad += 1
older = [i for i, _, v, _ in rows if v and newest[v][0] != i]
for i in older:
    if os.path.exists(os.path.join(files, i[0:2], i[2:4], i)):
        print(f"older verslag fetched: {i}"); bad += 1
print(f"{len(want)} files checked, {len(older)} older verslagen left alone")
sys.exit(1 if bad else 0)
PY
}

json_files() { "$KW_BIN" status --db "$DB" --json | python3 -c "import json,sys; f=json.load(sys.stdin)['files']; print(sum(c['$1'] for c in f.values()))"; }

say "first fetch: every file, with its size"
fetch > "$T/fetch1.out" || fail "fetch failed: $(cat "$T/fetch1.out")"
check_files "$DB" "$FILES" || fail "files wrong"
[ "$(json_files missing)" = 0 ] || fail "status reports missing files"
[ "$(json_files present)" -gt 100 ] || fail "status reports too few files"
find "$FILES" -name '*.part' | grep -q . && fail "a .part file was left behind"

say "a re-run transfers nothing"
before=$(resource_requests)
fetch > "$T/fetch2.out" || fail "second fetch failed"
grep -q " 0 fetched" "$T/fetch2.out" || fail "second fetch fetched: $(cat "$T/fetch2.out")"
[ "$(resource_requests)" = "$before" ] || fail "the re-run made resource requests"

say "a changed file keeps its earlier version"
id=$(sqlite3 "$DB" "SELECT id FROM Document WHERE content_type='application/pdf' ORDER BY id LIMIT 1")
f="$FILES/${id:0:2}/${id:2:2}/$id"
size=$(stat -c %s "$f")
head -c "$size" /dev/zero | tr '\0' 'x' > "$f.tmpold" && mv "$f.tmpold" "$f"   # an "old" version of the same size
sqlite3 "$DB" "UPDATE Document SET bijgewerkt='2099-01-01T00:00:00Z' WHERE id='$id'"
fetch > "$T/fetch3.out" || fail "fetch after a change failed"
grep -q " 1 fetched" "$T/fetch3.out" || fail "the changed document was not fetched: $(cat "$T/fetch3.out")"
[ -f "$f.1" ] || fail "the earlier version was not kept as $f.1"
head -c 4 "$f.1" | grep -q xxxx || fail "$f.1 is not the earlier version"
head -c 4 "$f" | grep -q '%PDF' || fail "$f is not the new version"
[ "$(sqlite3 "$DB" "SELECT versions FROM resource WHERE id='$id'")" = 1 ] || fail "versions not counted"

say "a file over --max-size is skipped and reported"
big=$(sqlite3 "$DB" "SELECT id FROM Document ORDER BY id DESC LIMIT 1")
sqlite3 "$DB" "UPDATE Document SET content_length=300*1048576, bijgewerkt='2099-01-03T00:00:00Z' WHERE id='$big'"
fetch --max-size 250 > "$T/fetch-big.out" || fail "fetch with a large file failed"
grep -q "1 skipped" "$T/fetch-big.out" || fail "the large file is not reported: $(cat "$T/fetch-big.out")"
grep -q "skipped Document  $big  contentLength 300.0 MB" "$T/fetch-big.out" || fail "the large file is not named"
[ "$(json_files skipped)" = 1 ] || fail "status does not count the skipped file"

say "a failing URL waits for its next try"
bad=$(sqlite3 "$DB" "SELECT id FROM Document WHERE id <> '$id' ORDER BY id LIMIT 1")
sqlite3 "$DB" "UPDATE Document SET enclosure='$FAKE_URL/Resources/00000000-0000-0000-0000-000000000000',
               bijgewerkt='2099-01-02T00:00:00Z' WHERE id='$bad'"
fetch > "$T/fetch4.out" || fail "fetch with a failing URL failed as a whole"
grep -q "1 failed this run" "$T/fetch4.out" || fail "the failure is not reported: $(cat "$T/fetch4.out")"
grep -q "HTTP 500" "$T/fetch4.out" || fail "the failure does not name the HTTP status"
future=$(sqlite3 "$DB" "SELECT next_try_at > strftime('%Y-%m-%dT%H:%M:%SZ','now') AND attempts = 1 FROM resource WHERE id='$bad'")
[ "$future" = 1 ] || fail "no next_try_at in the future: $(sqlite3 "$DB" "SELECT * FROM resource WHERE id='$bad'")"
[ "$(json_files failed)" = 1 ] || fail "status does not count the failure"
before=$(resource_requests)
fetch > "$T/fetch5.out"
grep -q "1 failed before and wait" "$T/fetch5.out" || fail "the failing URL was not deferred: $(cat "$T/fetch5.out")"
[ "$(resource_requests)" = "$before" ] || fail "the failing URL was retried before its time"
fetch --retry-all > "$T/fetch6.out"
[ "$(sqlite3 "$DB" "SELECT attempts FROM resource WHERE id='$bad'")" = 2 ] || fail "--retry-all did not retry"
gap=$(sqlite3 "$DB" "SELECT CAST((julianday(next_try_at) - julianday('now')) * 24 + 0.5 AS INTEGER) FROM resource WHERE id='$bad'")
[ "$gap" = 2 ] || fail "the second pause is not 2 hours: $gap"
stop_fake

say "a size fault is stored but flagged, and not fetched again on every run"
start_fake "$T/corpus" --bad-size-every 4
DB=$T/bad.db FILES=$T/bad-files
sync_db "$DB" > /dev/null
fetch > "$T/fetch7.out" || fail "fetch with size faults failed"
flagged=$(json_files flagged)
[ "$flagged" -gt 10 ] || fail "too few flagged: $flagged ($(cat "$T/fetch7.out"))"
check_files "$DB" "$FILES" > /dev/null || fail "flagged files are not stored"
before=$(resource_requests)
fetch > "$T/fetch8.out"
[ "$(resource_requests)" = "$before" ] || fail "flagged files were fetched again at once"
stop_fake

say "a server that is gone: every download fails, a clear message, exit 1"
cp "$DB" "$T/down.db"
sqlite3 "$T/down.db" "DROP TABLE resource"
set +e
"$KW_BIN" fetch --db "$T/down.db" --files "$T/down-files" --quiet --category Persoon > "$T/down.out" 2> "$T/down.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "expected exit 1 without a server, got $rc"
grep -q "reachable" "$T/down.err" || fail "unclear message: $(cat "$T/down.err")"
grep -qi "connect" "$T/down.out" || fail "the failures do not say why: $(head -3 "$T/down.out")"
"$KW_BIN" fetch --db "$T/down.db" --files "$T/down-files" --category Zaak > /dev/null 2> "$T/cat.err" && fail "a bad category was accepted"
grep -q "Document, Verslag and Persoon" "$T/cat.err" || fail "bad category message: $(cat "$T/cat.err")"

say "kill -9 in the middle leaves no partial file under a final name"
start_fake "$T/corpus" --slow-every 1 --slow-ms 100
DB=$T/kill.db FILES=$T/kill-files
sync_db "$DB" > /dev/null
"$KW_BIN" fetch --db "$DB" --files "$FILES" --quiet --jobs 4 > /dev/null 2>&1 &
pid=$!
sleep 1.5
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
n=$(find "$FILES" -type f ! -name '*.part' ! -name '.fetch.lock' | wc -l)
[ "$n" -gt 0 ] || fail "nothing was fetched before the kill"
python3 - "$DB" "$FILES" <<'PY' || fail "a partial file carries a final name"
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
size = {}
for cat in ("Document", "Verslag", "Persoon"):
    size.update(dict(c.execute(f'SELECT id, content_length FROM "{cat}"')))
bad = 0
for root, _, names in os.walk(sys.argv[2]):
    for n in names:
        if n.endswith(".part") or n == ".fetch.lock":
            continue
        if os.path.getsize(os.path.join(root, n)) != size.get(n):
            print("partial:", n); bad = 1
sys.exit(bad)
PY
say "the next run completes the work"
fetch --jobs 8 > "$T/fetch9.out" || fail "fetch after the kill failed"
check_files "$DB" "$FILES" > /dev/null || fail "files wrong after the resumed fetch"
find "$FILES" -name '*.part' | grep -q . && fail "a .part file was left behind"
stop_fake
echo "fetch_basic: ok"
