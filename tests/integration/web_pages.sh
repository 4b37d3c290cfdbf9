#!/usr/bin/env bash
# The website end to end: a tkfake corpus (always holding the real letter 2021D35262) is
# synced and fetched, `kamerwacht serve` runs on an ephemeral port, and every route is
# checked for CONTENT: the seed document page shows each field of the OpenTK page it
# replaces, vote tallies add up, a dossier lists its documents in order, open questions
# exclude answered ones, JSON parses with its documented keys, Atom is well-formed XML,
# iCal has CRLF lines with UID and SEQUENCE, old OpenTK links redirect.
source "$(dirname "$0")/../lib/common.sh"

# the system interpreter: a version-manager shim can cost a second per call
PY=$(command -v /usr/bin/python3 || command -v python3) || fail "python3 is needed for the JSON checks"
command -v xmllint >/dev/null || fail "xmllint (libxml2-utils) is needed for the Atom checks"

say "corpus, sync, fetch"
gen_corpus "$T/corpus" 600
start_fake "$T/corpus"
DB="$T/k.db"
FILES="$T/files"
sync_db "$DB" >/dev/null
SEED_GUID=$("$PY" - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT id FROM Document WHERE documentNummer='2021D35262'").fetchone()[0])
EOF
)
if ! "$KW_BIN" fetch --db "$DB" --files "$FILES" --source "$FAKE_URL" --quiet >"$T/fetch.log" 2>&1; then
  echo "note: kamerwacht fetch failed ($(tail -1 "$T/fetch.log")); fetching the seed file by hand"
fi
seed_file="$FILES/${SEED_GUID:0:2}/${SEED_GUID:2:2}/$SEED_GUID"
if [ ! -s "$seed_file" ]; then
  mkdir -p "$(dirname "$seed_file")"
  curl -sf -o "$seed_file" "$FAKE_URL/Resources/$SEED_GUID" || fail "cannot download the seed file"
fi
stop_fake

say "serve"
PF="$T/serve.port"
"$KW_BIN" serve --db "$DB" --files "$FILES" --listen 127.0.0.1:0 --port-file "$PF" \
  --text-wait-ms 5000 2>"$T/serve.log" &
SERVE_PID=$!
SERVER_PIDS+=("$SERVE_PID")
for _ in $(seq 1 100); do
  [ -s "$PF" ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || fail "serve did not start: $(cat "$T/serve.log")"
  sleep 0.05
done
[ -s "$PF" ] || fail "serve did not report its port"
BASE="http://127.0.0.1:$(cat "$PF")"

# fetch URL [curl args]: body into $T/body, status into $CODE, headers into $T/headers
fetch() {
  local url=$1; shift
  CODE=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$BASE$url") || CODE=000
}
expect() { # expect STATUS URL [curl args]
  local want=$1 url=$2; shift 2
  fetch "$url" "$@"
  [ "$CODE" = "$want" ] || fail "$url: status $CODE, want $want"
}
has() { # has TEXT: the last body contains TEXT (fixed string)
  grep -qF -- "$1" "$T/body" || fail "$LAST_URL: missing '$1'"
}
hasnt() {
  ! grep -qF -- "$1" "$T/body" || fail "$LAST_URL: unexpected '$1'"
}
page() { # page URL: 200 and remember it for messages
  LAST_URL=$1
  expect 200 "$@"
}
json_ok() { "$PY" -m json.tool "$T/body" >/dev/null || fail "$LAST_URL: JSON does not parse"; }
json_keys() { # json_keys KEY...: the top-level object has these keys
  "$PY" - "$T/body" "$@" <<'EOF' || fail "$LAST_URL: JSON keys"
import json, sys
d = json.load(open(sys.argv[1]))
missing = [k for k in sys.argv[2:] if k not in d]
if missing:
    sys.exit("missing keys: %s" % missing)
EOF
}
atom_ok() {
  xmllint --noout "$T/body" 2>"$T/xmllint.log" || fail "$LAST_URL: Atom not well-formed: $(cat "$T/xmllint.log")"
  grep -q '<feed xmlns="http://www.w3.org/2005/Atom"' "$T/body" || fail "$LAST_URL: not an Atom feed"
  # RFC 4287: absolute IRIs; serve runs without --base-url, so the base is where it listens
  "$PY" - "$T/body" "$BASE" <<'EOF' || fail "$LAST_URL: Atom link or id not absolute"
import re, sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2005/Atom}'
root = ET.parse(sys.argv[1]).getroot()
base = sys.argv[2] + '/'
links = [l.get('href', '') for l in root.iter(ns + 'link')]
ids = [i.text or '' for i in root.iter(ns + 'id')]
bad = [h for h in links if not h.startswith(base)]
bad += [i for i in ids if not re.fullmatch(r'tag:kamerwacht,2024:/[A-Za-z0-9/%._~-]*(#[A-Za-z0-9%._~-]*)?', i)]
if bad or not links or not ids:
    print(bad[:3], file=sys.stderr)
    sys.exit(1)
EOF
}

say "the seed document page"
page /document/2021D35262
for s in "2021D35262" "24 september 2021" "Digitalisering in het funderend onderwijs" \
  "Primair Onderwijs" "Brief regering" "31293" "593" "31289" "26643" "kst-31293-593" \
  "2021Z16384" "Slob" "<dt>Versie</dt><dd>3</dd>" "19 februari 2024 10:56" \
  "https://www.tweedekamer.nl/kamerstukken/detail?id=2021Z16384&amp;did=2021D35262" \
  "https://zoek.officielebekendmakingen.nl/kst-31293-593.html" \
  'href="/document/2021D35262/bestand"' 'href="/dossier/31293"' 'href="/zaak/2021Z16384"' \
  '<html lang="nl">' 'href="#inhoud"' '<nav aria-label="Hoofdmenu">' 'wat is dit?'; do
  has "$s"
done
# the readable text arrives within a bounded wait (first view may still be converting)
for _ in $(seq 1 20); do
  grep -qF "De voortschrijdende digitalisering" "$T/body" && break
  sleep 1
  page /document/2021D35262
done
has "De voortschrijdende digitalisering"

say "the original file"
page /document/2021D35262/bestand
grep -qi '^Content-Type: application/pdf' "$T/headers" || fail "bestand: content type"
grep -qi '^Content-Disposition: .*filename="2021D35262-Digitalisering-in-het-funderend-onderwijs.pdf"' \
  "$T/headers" || fail "bestand: content disposition: $(grep -i disposition "$T/headers")"
head -c 4 "$T/body" | grep -q '%PDF' || fail "bestand: not the PDF"
cmp -s "$T/body" "$seed_file" || fail "bestand: body differs from the file on disk"
SIZE=$(stat -c %s "$seed_file")
grep -qi "^Content-Length: $SIZE"$'\r' "$T/headers" || fail "bestand: Content-Length"
grep -qi '^Accept-Ranges: bytes' "$T/headers" || fail "bestand: no Accept-Ranges"
ETAG=$(grep -i '^ETag:' "$T/headers" | cut -d' ' -f2 | tr -d '\r')
LASTMOD=$(grep -i '^Last-Modified:' "$T/headers" | cut -d' ' -f2- | tr -d '\r')
[ -n "$ETAG" ] && [ -n "$LASTMOD" ] || fail "bestand: no ETag or Last-Modified"
# what a PDF viewer does: ask for pieces
expect 206 /document/2021D35262/bestand -H 'Range: bytes=0-99'
[ "$(stat -c %s "$T/body")" = 100 ] || fail "bestand: range 0-99 gave $(stat -c %s "$T/body") bytes"
cmp -s "$T/body" <(head -c 100 "$seed_file") || fail "bestand: range 0-99 differs"
grep -qi "^Content-Range: bytes 0-99/$SIZE" "$T/headers" || fail "bestand: Content-Range"
expect 206 /document/2021D35262/bestand -H 'Range: bytes=-50'
cmp -s "$T/body" <(tail -c 50 "$seed_file") || fail "bestand: suffix range differs"
expect 416 /document/2021D35262/bestand -H "Range: bytes=$SIZE-"
grep -qi "^Content-Range: bytes \*/$SIZE" "$T/headers" || fail "bestand: 416 without Content-Range"
expect 304 /document/2021D35262/bestand -H "If-None-Match: $ETAG"
expect 304 /document/2021D35262/bestand -H "If-Modified-Since: $LASTMOD"
# hostile paths never reach the disk
expect 400 "/document/..%2F..%2F..%2Fetc%2Fpasswd/bestand" --path-as-is
expect 400 "/document/2021D35262/../../../../etc/passwd" --path-as-is
expect 400 "/document/2021D35262%00/bestand" --path-as-is
expect 404 "/document/2021D35262'%20OR%20'1'='1/bestand" --path-as-is
has "geen document"
LAST_URL=hostile; hasnt "root:"
NOFILE=$("$PY" - "$DB" "$FILES" <<'EOF'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for n, g in db.execute("SELECT documentNummer, id FROM Document WHERE placeholder = 0"):
    if not os.path.exists(os.path.join(sys.argv[2], g[:2], g[2:4], g)):
        print(n); break
EOF
)
if [ -n "$NOFILE" ]; then
  LAST_URL=/document/$NOFILE/bestand
  expect 404 "/document/$NOFILE/bestand"
  has "niet"
  has "gedownload"
fi

say "document JSON"
page "/document/2021D35262?format=json"
json_ok
json_keys type document links actoren dossiers bron bijlagen zaken activiteiten zaakdocumenten tekst
"$PY" - "$T/body" <<'EOF' || fail "document JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
doc = d["document"]
assert doc["nummer"] == "2021D35262" and doc["versie"] == 3, doc
assert doc["externeidentifier"] == "kst-31293-593"
assert [k["nummer"] for k in d["dossiers"]][:1] == [31293]
assert {k["nummer"] for k in d["dossiers"]} >= {31293, 31289, 26643}
assert d["zaken"][0]["nummer"] == "2021Z16384"
assert d["links"]["officielebekendmakingen"].endswith("/kst-31293-593.html")
assert d["tekst"]["status"] == "ok" and "voortschrijdende digitalisering" in d["tekst"]["tekst"]
EOF
page /document/2021D35262 -H "Accept: application/json"
json_ok

say "zaak, dossier, activiteit, persoon, commissie"
page /zaak/2021Z16384
has "Digitalisering in het funderend onderwijs"
has 'href="/document/2021D35262"'
page "/zaak/2021Z16384?format=json"
json_ok
json_keys type zaak documenten dossiers gerelateerd
page /zaak/2021Z16384/atom
atom_ok
has "tag:kamerwacht,2024:/document/2021D35262"

read -r DOSSIER NDOCS < <("$PY" - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("""SELECT k.nummer || coalesce('-' || k.toevoeging, ''), count(*) c
  FROM Document_kamerstukdossier x JOIN Kamerstukdossier k ON k.id = x.dst
  JOIN Document d ON d.id = x.src AND d.placeholder = 0
  WHERE k.toevoeging IS NULL GROUP BY k.id ORDER BY c DESC LIMIT 1""").fetchone()
print(r[0], r[1])
EOF
)
page "/dossier/$DOSSIER?format=json"
json_ok
json_keys type dossier documenten zaken pagina meer
"$PY" - "$T/body" "$NDOCS" <<'EOF' || fail "dossier $DOSSIER: documents not complete or not in order"
import json, sys
d = json.load(open(sys.argv[1]))
docs = d["documenten"]
assert len(docs) == int(sys.argv[2]), (len(docs), sys.argv[2])
nrs = [x["volgnummer"] for x in docs if x["volgnummer"] and x["volgnummer"] > 0]
assert nrs == sorted(nrs), nrs
EOF
page "/dossier/$DOSSIER"
has "Tijdlijn"
has "Kamerstukdossier $DOSSIER"
page "/dossier/$DOSSIER/atom"
atom_ok
LAST_URL=/dossier/0
expect 404 /dossier/0

ACT=$("$PY" - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("""SELECT a.nummer FROM Activiteit a JOIN Agendapunt ap ON ap.activiteit_id = a.id
  JOIN Besluit b ON b.agendapunt_id = ap.id JOIN Stemming s ON s.besluit_id = b.id
  WHERE a.placeholder = 0 LIMIT 1""").fetchone()[0])
EOF
)
page "/activiteit/$ACT"
has "$ACT"
has "Voor:"
page "/activiteit/$ACT?format=json"
json_ok
json_keys type activiteit actoren agendapunten documenten zaken toezeggingen
page "/activiteit/$ACT/agenda.ics"
has "BEGIN:VCALENDAR"

read -r PERSOON PGUID < <("$PY" - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("""SELECT p.nummer, p.id FROM Persoon p JOIN FractieZetelPersoon f ON f.persoon_id = p.id
  WHERE p.placeholder = 0 AND f.totEnMet IS NULL AND p.content_type IS NOT NULL LIMIT 1""").fetchone()
print(r[0], r[1])
EOF
)
page "/persoon/$PERSOON"
has "<h1>"
page "/persoon/$PERSOON?format=json"
json_ok
json_keys type persoon fracties commissies documenten zaken open_vragen activiteiten toezeggingen geschenken
page "/persoon/$PERSOON/atom"
atom_ok
if [ -s "$FILES/${PGUID:0:2}/${PGUID:2:2}/$PGUID" ]; then
  page "/persoon/$PERSOON/foto"
  grep -qi '^Content-Type: image/jpeg' "$T/headers" || fail "foto: content type"
fi

COM=$("$PY" - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("""SELECT c.afkorting FROM Commissie c JOIN Activiteit a ON a.voortouwcommissie_id = c.id
  WHERE c.placeholder = 0 GROUP BY c.id ORDER BY count(*) DESC LIMIT 1""").fetchone()[0])
EOF
)
page "/commissie/$COM"
has "Activiteiten"
page "/commissie/$COM/atom"
atom_ok
page "/commissie/$COM/agenda.ics"
has "BEGIN:VCALENDAR"
# no dead commissie links: every one on a sample of zaak and activiteit pages answers
SAMPLE=$("$PY" - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (n,) in db.execute("SELECT nummer FROM Zaak WHERE placeholder = 0 AND nummer IS NOT NULL LIMIT 15"):
    print("/zaak/" + n)
for (n,) in db.execute("""SELECT nummer FROM Activiteit WHERE placeholder = 0
                          AND voortouwafkorting IS NOT NULL LIMIT 15"""):
    print("/activiteit/" + n)
EOF
)
NCOM=0
for u in $SAMPLE; do
  fetch "$u"
  for l in $(grep -o 'href="/commissie/[^"]*"' "$T/body" | sed 's/^href="//; s/"$//' | sort -u); do
    l=${l//&amp;/&}
    c=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$BASE$l")
    case $c in 200|302) NCOM=$((NCOM + 1)) ;; *) fail "$u links to $l: $c" ;; esac
  done
done
[ "$NCOM" -gt 0 ] || fail "no commissie links found on the sample pages"

say "lists"
page /
has "Nieuwste documenten"
has 'href="/document/'
page "/?regering=1&format=json"
json_ok
json_keys type documenten vandaag verslagen pagina meer
"$PY" - "$T/body" <<'EOF' || fail "regering toggle lets other soorten through"
import json, sys
ok = {"Brief regering", "Antwoord schriftelijke vragen", "Antwoord schriftelijke vragen (nader)",
      "Voorstel van wet", "Memorie van toelichting", "Nota van wijziging", "Mededeling (uitstel antwoord)"}
docs = json.load(open(sys.argv[1]))["documenten"]
assert docs and all(d["soort"] in ok for d in docs), [d["soort"] for d in docs]
EOF
page /atom
atom_ok
page "/activiteiten?van=2019-01-01&dagen=92"
has "<h2 id=\"d2019-"
page "/activiteiten?van=2019-01-01&format=json"
json_ok
LAST_URL="/activiteiten?van=kapot"
expect 400 "/activiteiten?van=kapot"
page /activiteiten/ongepland
page /besluiten
has "Besluiten"
page /besluiten/atom
atom_ok
page /commissies
has "/commissie/$COM"
page /kamerleden
has "/persoon/$PERSOON"
page /geschenken
page /geschenken/atom
atom_ok
# a gift is an entry of its person's page: the fragment stays a fragment in link and id
if grep -q '<entry>' "$T/body"; then
  grep -q 'href="http://127.0.0.1:[0-9]*/persoon/[0-9]*#geschenk-[0-9-]*"' "$T/body" ||
    fail "/geschenken/atom: gift link is not /persoon/<nr>#geschenk-<datum>"
  grep -q '<id>tag:kamerwacht,2024:/persoon/[0-9]*#geschenk-[0-9-]*</id>' "$T/body" ||
    fail "/geschenken/atom: gift id"
else
  fail "/geschenken/atom: the corpus has no gifts to check"
fi
page /dossiers
has "/dossier/"
page "/dossiers?q=31293"
has 'href="/dossier/31293"'
page /toezeggingen
page "/toezeggingen?status=alle&format=json"
json_ok
json_keys type toezeggingen open_per_ministerie
TZ=$("$PY" -c 'import json,sys; t=json.load(open(sys.argv[1]))["toezeggingen"]; print(t[0]["nummer"] if t else "")' "$T/body")
if [ -n "$TZ" ]; then page "/toezegging/$TZ"; has "$TZ"; fi
page /verslagen
page "/verslagen?format=json"
json_ok
VG=$("$PY" -c 'import json,sys; v=json.load(open(sys.argv[1]))["verslagen"]; print(v[0]["vergadering"] if v else "")' "$T/body")
if [ -n "$VG" ]; then page "/verslag/$VG"; has "Tekst"; fi
page /over
has "CC0"
has "Privacy"
has "geen cookies"
page "/zoeken?q=iets"
has "nog niet beschikbaar"
# full-text search once the index exists (kamerwacht index, src/search)
if "$KW_BIN" index --db "$DB" --files "$FILES" --quiet >"$T/index.log" 2>&1; then
  page "/zoeken?q=voortschrijdende+digitalisering"
  has 'href="/document/2021D35262"'
  hasnt "nog niet beschikbaar"
  page "/zoeken?q=digitalisering&format=json"
  json_ok
  json_keys type q beschikbaar begrepen totaal totaal_exact volgende resultaten
  page "/zoeken?q=%3Cscript%3Ealert(1)%3C/script%3E+onderwijs"
  hasnt "<script>alert"
  page "/zoeken?q=onderwijs&format=atom"
  atom_ok
else
  echo "note: kamerwacht index failed, full-text search not checked: $(tail -1 "$T/index.log")"
fi
LAST_URL="/zoeken?q=2021D35262"
expect 302 "/zoeken?q=2021D35262"
grep -qi '^Location: /document/2021D35262' "$T/headers" || fail "search for a number does not redirect"

say "stemmingen: per-party seats add up"
page "/stemmingen?format=json"
json_ok
json_keys type stemmingen pagina meer
"$PY" - "$T/body" <<'EOF' || fail "vote tallies do not add up"
import json, sys
s = json.load(open(sys.argv[1]))["stemmingen"]
assert s, "no votes"
for b in s:
    u = b["uitslag"]
    assert u["voor"] + u["tegen"] + u["niet_deelgenomen"] == u["totaal"], u
    rows = [r for r in b["stemmingen"] if bool(r["lid"]) == u["hoofdelijk"]]
    if u["hoofdelijk"]:
        assert len(rows) == u["totaal"], (len(rows), u)
    else:
        assert sum(r["fractieGrootte"] or 0 for r in rows) == u["totaal"], u
        assert sum(r["fractieGrootte"] for r in rows if r["soort"] == "Voor") == u["voor"], u
EOF
page /stemmingen
has '<svg class="votebar"'
has "Voor:"
page "/stemmingen?uitslag=aangenomen&format=json"
"$PY" -c 'import json,sys; s=json.load(open(sys.argv[1]))["stemmingen"]; assert all("aangenomen" in b["besluitSoort"] for b in s)' "$T/body" \
  || fail "uitslag filter"
page /stemmingen/atom
atom_ok

say "open vragen exclude answered questions"
page "/open-vragen?format=json"
json_ok
json_keys type aantal te_laat termijn_dagen vragen
"$PY" - "$T/body" "$DB" <<'EOF' || fail "open questions"
import json, sqlite3, sys
listed = {v["nummer"] for v in json.load(open(sys.argv[1]))["vragen"]}
db = sqlite3.connect(sys.argv[2])
answered = {r[0] for r in db.execute("""SELECT z.nummer FROM Zaak z JOIN Document_zaak x ON x.dst = z.id
  JOIN Document d ON d.id = x.src WHERE d.soort LIKE 'Antwoord schriftelijke vragen%'""")}
asked = {r[0] for r in db.execute("""SELECT z.nummer FROM Zaak z JOIN Document_zaak x ON x.dst = z.id
  JOIN Document d ON d.id = x.src WHERE d.soort = 'Schriftelijke vragen' AND z.soort = 'Schriftelijke vragen'
  AND z.gestartOp >= date('now', '-5 years')""")}
assert not (listed & answered), listed & answered
assert answered & asked, "corpus has no answered questions to exclude"
assert listed == asked - answered - {r[0] for r in db.execute("""SELECT z.nummer FROM Zaak z
  JOIN Document_zaak x ON x.dst = z.id JOIN Document d ON d.id = x.src WHERE d.soort = 'Mededeling'
  AND (d.onderwerp LIKE '%ingetrokken%' OR d.onderwerp LIKE '%intrekken%')""")}, (listed, asked - answered)
EOF
page /open-vragen
has "te laat"

say "iCal"
page /agenda.ics
grep -qi '^Content-Type: text/calendar' "$T/headers" || fail "agenda.ics: content type"
"$PY" - "$T/body" <<'EOF' || fail "agenda.ics is not proper iCalendar"
import sys
b = open(sys.argv[1], "rb").read()
assert b.startswith(b"BEGIN:VCALENDAR\r\n") and b.endswith(b"END:VCALENDAR\r\n")
assert b"\n" not in b.replace(b"\r\n", b""), "bare LF"
assert all(len(l) <= 75 for l in b.split(b"\r\n")), "line over 75 octets"
EOF
page "/activiteiten?van=2019-01-01&dagen=92&format=ics"
has "UID:"
has "SEQUENCE:"
has "DTSTART"

say "status, metrics, css"
page /status
json_ok
json_keys type version uptime_s categories
"$PY" -c 'import json,sys; c={x["category"]:x for x in json.load(open(sys.argv[1]))["categories"]}; assert c["Document"]["live"] > 0 and c["Document"]["synced_at"]' "$T/body" \
  || fail "status per category"
page /metrics
has "kamerwacht_http_requests_total"
has 'kamerwacht_entities{category="Document"}'
page /static/kamerwacht.css
grep -qi '^Content-Type: text/css' "$T/headers" || fail "css content type"
grep -qi '^Content-Security-Policy: default-src' "$T/headers" || fail "no CSP header"

say "old OpenTK links"
for pair in "/document.html?nummer=2021D35262 /document/2021D35262" \
  "/zaak.html?nummer=2021Z16384 /zaak/2021Z16384" "/ksd.html?ksd=31293 /dossier/31293" \
  "/persoon.html?nummer=$PERSOON /persoon/$PERSOON" "/activiteit.html?nummer=$ACT /activiteit/$ACT" \
  "/kamerstuk/kst-31293-593 /document/2021D35262"; do
  set -- $pair
  LAST_URL=$1
  expect 301 "$1"
  grep -qi "^Location: $2"$'\r'"\$" "$T/headers" || fail "$1 does not redirect to $2"
done

say "errors"
LAST_URL=/document/2099D99999
expect 404 /document/2099D99999
has "Niet gevonden"
has '<nav aria-label="Hoofdmenu">'
expect 404 "/document/2099D99999?format=json"
"$PY" -c 'import json,sys; assert json.load(open(sys.argv[1]))["error"]["status"] == 404' "$T/body" || fail "JSON 404"
expect 400 "/stemmingen?uitslag=kapot"
expect 404 /bestaat/niet

say "clean shutdown"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || fail "serve exited with status $?: $(tail -5 "$T/serve.log")"
if grep -q "Sanitizer" "$T/serve.log"; then
  cat "$T/serve.log" >&2
  fail "sanitizer report from serve"
fi

echo "web_pages: all checks passed"
