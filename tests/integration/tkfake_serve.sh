# tkfake serve: well-formed pages, every visible entry exactly once when paging by skiptoken
# (per category and globally), the quirks on the wire, entities, generation switching.
set -euo pipefail
: "${TKFAKE_BIN:?set by ctest}" "${KW_TEST_TMP:=/tmp/kw-tests}"
mkdir -p "$KW_TEST_TMP"
T=$(mktemp -d "${KW_TEST_TMP%/}/tkfake_serve.XXXXXX")
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$TKFAKE_BIN" gen --out "$T/c" --seed 5 --documents 400 2>/dev/null
"$TKFAKE_BIN" serve --dir "$T/c" --listen 127.0.0.1:0 --port-file "$T/port" --page-size 60 \
  --generation 1 2>"$T/serve.log" &
PID=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
[ -s "$T/port" ] || fail "no port file: $(cat "$T/serve.log")"
BASE="http://127.0.0.1:$(cat "$T/port")"
grep -q "tkfake: serving .* (generation 1, [0-9]* entities) at $BASE" "$T/serve.log" ||
  fail "ready line: $(cat "$T/serve.log")"

[ "$(curl -sf "$BASE/_tkfake/generation")" = 1 ] || fail "generation is not 1"

echo "--- xmllint on a few pages"
curl -sf "$BASE/SyncFeed/2.0/Feed?category=Toezegging" > "$T/tz.xml"
xmllint --noout "$T/tz.xml" || fail "Toezegging page is not well-formed"
grep -q '<ns1:toezegging xmlns:ns1=' "$T/tz.xml" || fail "no ns1: prefix"
grep -q 'ns1:bijgewerkt="[0-9T:.-]*+0[12]:00"' "$T/tz.xml" || fail "no ns1 offset timestamps"
curl -sf "$BASE/SyncFeed/2.0/Feed?skiptoken=0&category=Zaal" | xmllint --noout - || fail "Zaal page"
curl -sf "$BASE/SyncFeed/2.0/Feed?category=Bestaatniet" > "$T/none.xml"
xmllint --noout "$T/none.xml" && ! grep -q '<entry>' "$T/none.xml" || fail "unknown category"
curl -s -o /dev/null -w '%{http_code}' "$BASE/SyncFeed/2.0/Entiteiten/00000000-0000-4000-8000-000000000000" |
  grep -q 404 || fail "unknown entity is not 404"
curl -sf "$BASE/SyncFeed/2.0/Entiteiten/3f0c2d6e-21d3-4526-9a62-2021d3526200" > "$T/seed.xml"
xmllint --noout "$T/seed.xml" || fail "entity XML"
grep -q '<documentNummer>2021D35262</documentNummer>' "$T/seed.xml" || fail "seed entity"

echo "--- paging every category and the global feed, generation 1 then 3"
check() { # check GENERATION
python3 - "$BASE" "$T/c/expected-g$1.json" "$T" <<'PY'
import json, re, subprocess, sys, urllib.request
base, exp, tmp = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
def get(url):
    with urllib.request.urlopen(url) as r:
        return r.read().decode("utf-8")
def wellformed(page):
    p = subprocess.run(["xmllint", "--noout", "-"], input=page.encode(), capture_output=True)
    return p.returncode == 0
def crawl(cat):
    seen, tok, pages, last, bad_pages = [], None, 0, -1, 0
    while True:
        url = base + "/SyncFeed/2.0/Feed" + ("?category=" + cat if cat else "")
        if tok is not None:
            url += ("&" if cat else "?") + "skiptoken=%d" % tok
        page = get(url)
        pages += 1
        entries = re.findall(r"<entry>.*?</entry>", page, re.S)
        if not entries:
            assert 'rel="resume"' in page, url
            return seen, pages, bad_pages
        if not wellformed(page):
            bad_pages += 1
            assert "Onderzoek & ontwikkeling" in page or "X>" in page, "unexpected broken page " + url
        for e in entries:
            guid = re.search(r"<title>([0-9a-f-]{36})</title>", e).group(1)
            nxt = re.search(r'<link rel="next" href="([^"]*)"', e).group(1)
            st = int(re.search(r"skiptoken=(\d+)", nxt).group(1))
            assert st > last, (cat, st, last)
            if cat:
                assert ("category=" + cat + "&amp;skiptoken=") in nxt, nxt
                assert re.search(r'<category term="[a-z][A-Za-z]*"/>', e)
            last = st
            seen.append(guid)
        assert re.search(r'<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</updated>', entries[0])
        if 'rel="next"' in page.split("<entry>")[0]:
            head = page.split("<entry>")[0]
            assert "skiptoken=%d" % last in re.search(r'<link rel="next" href="([^"]*)"', head).group(1)
        tok = last

total = 0
for cat, v in exp["categories"].items():
    seen, pages, bad = crawl(cat)
    want = v["live"] + v["deleted"] + exp["quarantined"].get(cat, 0)
    assert len(seen) == want, (cat, len(seen), want)
    assert len(set(seen)) == len(seen), (cat, "duplicate GUID")
    assert bad <= exp["quarantined"].get(cat, 0), (cat, bad)
    total += len(seen)
assert total == exp["visible_entries"], (total, exp["visible_entries"])
seen, pages, bad = crawl(None)
assert len(seen) == total and len(set(seen)) == total, (len(seen), total)
print("generation", exp["generation"], "entries", total, "global pages", pages)
PY
}
check 1 || fail "generation 1 crawl"
curl -sf -X POST "$BASE/_tkfake/generation?set=3" | grep -qx 3 || fail "switch to generation 3"
[ "$(curl -sf "$BASE/_tkfake/generation")" = 3 ] || fail "generation is not 3"
check 3 || fail "generation 3 crawl"
curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/_tkfake/generation?set=9" | grep -q 400 ||
  fail "invalid generation accepted"

echo "--- quirks on the wire"
python3 - "$BASE" <<'PY' || fail "quirks"
import re, sys, urllib.request
base = sys.argv[1]
def crawl(cat):
    out, tok = [], 0
    while True:
        page = urllib.request.urlopen(base + "/SyncFeed/2.0/Feed?category=%s&skiptoken=%d" % (cat, tok)).read().decode()
        es = re.findall(r"<entry>.*?</entry>", page, re.S)
        if not es:
            return "".join(out)
        out.append(page)
        tok = int(re.findall(r"skiptoken=(\d+)", es[-1])[-1])
allp = {c: crawl(c) for c in ["Document", "Persoon", "Verslag", "Agendapunt", "Zaak", "Fractie", "Stemming"]}
d = allp["Document"]
assert 'xmlns:tk="http://www.tweedekamer.nl/xsd/tkData/v1-0"' in d
assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in d
assert re.search(r'<document xmlns="http://www.tweedekamer.nl/xsd/tkData/v1-0"', d)
assert 'tk:verwijderd="true"/>' in d, "no Document tombstone"
assert 'xsi:nil="true"/>' in d
assert 'rel="enclosure"' in d and 'tk:contentType="application/pdf"' in d
assert re.search(r'tk:bijgewerkt="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z"', d)
assert re.search(r'tk:bijgewerkt="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}"', d + allp["Persoon"])
assert re.search(r'<persoon [^>]*tk:verwijderd="false"/>', allp["Persoon"]), "no placeholder"
assert "<ns1:verslag " in allp["Verslag"] and 'ns1:contentType="text/xml"' in allp["Verslag"]
assert "&lt;strong&gt;" in allp["Agendapunt"], "no escaped HTML in noot"
everything = crawl_all = []
tok = 0
while True:
    page = urllib.request.urlopen(base + "/SyncFeed/2.0/Feed?skiptoken=%d" % tok).read().decode()
    es = re.findall(r"<entry>.*?</entry>", page, re.S)
    if not es:
        break
    everything.append(page)
    tok = int(re.findall(r"skiptoken=(\d+)", es[-1])[-1])
g = "".join(everything)
assert re.search(r"<(ns1:)?(nieuwVeld|toekomstigVeld)", g), "no unknown extra element"
assert re.search(r">(True|False)<", g), "no boolean written as True/False"
assert re.search(r'<link rel="next" href="[^"]*/Feed\?skiptoken=\d+"/>', g)
assert "<afgedaan>" in allp["Zaak"]
assert "<fractieGrootte>" in allp["Stemming"] and "<soort>Voor</soort>" in allp["Stemming"]
PY

echo "--- stats"
curl -sf "$BASE/_tkfake/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["requests"] > 10 and d["generation"] == 3, d'

kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
grep -q "stopped" "$T/serve.log" || fail "no clean stop: $(cat "$T/serve.log")"
echo "tkfake_serve: ok"
