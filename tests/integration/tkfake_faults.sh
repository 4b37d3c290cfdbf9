# tkfake serve faults: every Nth feed request fails with the real 500 body and a retry works,
# truncated bodies end mid-entry, slow answers are slow, bad-size resources differ from their
# contentLength, and --fault-categories restricts all of it.
set -euo pipefail
: "${TKFAKE_BIN:?set by ctest}" "${KW_TEST_TMP:=/tmp/kw-tests}"
mkdir -p "$KW_TEST_TMP"
T=$(mktemp -d "${KW_TEST_TMP%/}/tkfake_faults.XXXXXX")
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$TKFAKE_BIN" gen --out "$T/c" --seed 4 --documents 200 2>/dev/null

start() {
  rm -f "$T/port"
  "$TKFAKE_BIN" serve --dir "$T/c" --listen 127.0.0.1:0 --port-file "$T/port" "$@" 2>"$T/serve.log" &
  PID=$!
  for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
  [ -s "$T/port" ] || fail "no port file: $(cat "$T/serve.log")"
  BASE="http://127.0.0.1:$(cat "$T/port")"
  F="$BASE/SyncFeed/2.0/Feed"
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }
code() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }

echo "--- --fail-every 3"
start --fail-every 3
[ "$(code "$F?category=Zaal")" = 200 ] || fail "request 1"
[ "$(code "$F?category=Zaal")" = 200 ] || fail "request 2"
[ "$(code "$F?category=Zaal")" = 500 ] || fail "request 3 did not fail"
grep -qx '<Error><Message>An error has occurred.</Message></Error>' "$T/body" || fail "error body"
[ "$(code "$F?category=Zaal")" = 200 ] || fail "the retry failed"
xmllint --noout "$T/body" || fail "retry body"
curl -sf "$BASE/_tkfake/stats" | grep -q '"fail": 1' || fail "stats: $(curl -s "$BASE/_tkfake/stats")"
stop

echo "--- --truncate-every 2"
start --truncate-every 2 --page-size 40
curl -sf "$F?category=Stemming" > "$T/full.xml" || fail "request 1"
xmllint --noout "$T/full.xml" || fail "untruncated page"
set +e
curl -sS "$F?category=Stemming" > "$T/cut.xml" 2>"$T/curl.err"
rc=$?
set -e
[ "$rc" != 0 ] || fail "curl did not notice the truncation"
[ -s "$T/cut.xml" ] || fail "nothing received"
grep -q '<entry>' "$T/cut.xml" || fail "truncated before the entries"
tail -c 200 "$T/cut.xml" | grep -q '</feed>' && fail "body was complete"
python3 - "$T/cut.xml" <<'PY' || fail "cut is not inside an entry"
import sys
s = open(sys.argv[1], encoding="utf-8", errors="replace").read()
assert s.count("<entry>") == s.count("</entry>") + 1, (s.count("<entry>"), s.count("</entry>"))
PY
curl -sf "$F?category=Stemming" | xmllint --noout - || fail "request 3 should be whole"
stop

echo "--- --slow-every 2 --slow-ms 400"
start --slow-every 2 --slow-ms 400
t1=$(curl -s -o /dev/null -w '%{time_total}' "$F?category=Zaal")
t2=$(curl -s -o /dev/null -w '%{time_total}' "$F?category=Zaal")
python3 -c "import sys; a,b=float('$t1'),float('$t2'); assert a < 0.3 and b >= 0.38, (a,b)" ||
  fail "slow: $t1 $t2"
stop

echo "--- --bad-size-every 2 on Resources only, --fault-categories Document"
start --bad-size-every 2 --fail-every 1 --fault-categories Document
for _ in 1 2 3; do
  [ "$(code "$F?category=Zaak")" = 200 ] || fail "Zaak must not fail"
done
[ "$(code "$F?category=Document")" = 500 ] || fail "Document must fail with --fail-every 1"
python3 - "$BASE" <<'PY' || fail "bad size"
import re, sys, urllib.request
base = sys.argv[1] + "/SyncFeed/2.0"
def get(u):
    with urllib.request.urlopen(u) as r:
        return r.read()
page = get(base + "/Feed?category=Persoon").decode()
ents = re.findall(r"<entry>.*?</entry>", page, re.S)
jpegs = [(re.search(r"<title>(.*?)</title>", e).group(1), int(m.group(1)))
         for e in ents for m in [re.search(r'tk:contentLength="(\d+)"', e)] if m]
assert len(jpegs) >= 4
# Persoon is not a fault category: always the right size
for g, n in jpegs[:4]:
    assert len(get(base + "/Resources/" + g)) == n
PY
stop
start --bad-size-every 2
python3 - "$BASE" <<'PY' || fail "bad size"
import re, sys, urllib.request
base = sys.argv[1] + "/SyncFeed/2.0"
def get(u):
    with urllib.request.urlopen(u) as r:
        return r.read()
page = get(base + "/Feed?category=Persoon").decode()
ents = re.findall(r"<entry>.*?</entry>", page, re.S)
jpegs = [(re.search(r"<title>(.*?)</title>", e).group(1), int(m.group(1)))
         for e in ents for m in [re.search(r'tk:contentLength="(\d+)"', e)] if m]
sizes = [(len(get(base + "/Resources/" + g)), n) for g, n in jpegs[:4]]
assert sizes[0][0] == sizes[0][1] and sizes[2][0] == sizes[2][1], sizes
assert sizes[1][0] != sizes[1][1] and sizes[3][0] != sizes[3][1], sizes
PY
curl -sf "$BASE/_tkfake/stats" | grep -q '"bad_size": 2' || fail "stats: $(curl -s "$BASE/_tkfake/stats")"
stop
echo "tkfake_faults: ok"
