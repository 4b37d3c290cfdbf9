# tkfake resources: the seed letter's PDF holds its real text, every kind of file is what its
# contentType says (PDF for pdftotext, DOCX that unzips, JPEG, VLOS XML, RTF, HTML, the broken
# ones), the served length equals contentLength, unknown resources give the real HTTP 500.
set -euo pipefail
: "${TKFAKE_BIN:?set by ctest}" "${KW_TEST_TMP:=/tmp/kw-tests}"
mkdir -p "$KW_TEST_TMP"
T=$(mktemp -d "${KW_TEST_TMP%/}/tkfake_resources.XXXXXX")
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$TKFAKE_BIN" gen --out "$T/c" --seed 9 --documents 600 2>/dev/null
"$TKFAKE_BIN" serve --dir "$T/c" --listen 127.0.0.1:0 --port-file "$T/port" 2>"$T/serve.log" &
PID=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
[ -s "$T/port" ] || fail "no port file: $(cat "$T/serve.log")"
R="http://127.0.0.1:$(cat "$T/port")/SyncFeed/2.0/Resources"

echo "--- the seed letter"
curl -sf -D "$T/h" "$R/3f0c2d6e-21d3-4526-9a62-2021d3526200" -o "$T/seed.pdf"
grep -qi '^content-type: application/pdf' "$T/h" || fail "seed content type"
pdftotext "$T/seed.pdf" "$T/seed.txt" || fail "pdftotext failed on the seed letter"
tr '\n' ' ' < "$T/seed.txt" | grep -q "De voortschrijdende digitalisering in het funderend onderwijs" ||
  fail "seed sentence not extracted"
grep -q "geïnformeerd" "$T/seed.txt" && grep -q "€ 24 miljoen" "$T/seed.txt" ||
  fail "diacritics or euro sign lost"

echo "--- errors"
code=$(curl -s -o "$T/err" -w '%{http_code}' "$R/00000000-0000-4000-8000-000000000000")
[ "$code" = 500 ] || fail "unknown resource: HTTP $code"
grep -qx '<Error><Message>An error has occurred.</Message></Error>' "$T/err" || fail "error body"

echo "--- every kind of file"
python3 - "http://127.0.0.1:$(cat "$T/port")/SyncFeed/2.0" "$T" <<'PY' || fail "resource kinds"
import re, subprocess, sys, urllib.request, collections
base, tmp = sys.argv[1], sys.argv[2]
def get(url):
    with urllib.request.urlopen(url) as r:
        return r.read(), r.headers.get("Content-Type")
def entries(cat):
    tok = 0
    while True:
        page = get(base + "/Feed?category=%s&skiptoken=%d" % (cat, tok))[0].decode()
        es = re.findall(r"<entry>.*?</entry>", page, re.S)
        if not es:
            return
        for e in es:
            yield e
        tok = int(re.findall(r"skiptoken=(\d+)", es[-1])[-1])
picked = collections.defaultdict(list)
for cat in ["Document", "Persoon", "Fractie", "Verslag"]:
    for e in entries(cat):
        m = re.search(r'(?:tk|ns1):contentType="([^"]+)" (?:tk|ns1):contentLength="(\d+)"', e)
        if not m:
            continue
        guid = re.search(r"<title>([0-9a-f-]{36})</title>", e).group(1)
        assert 'rel="enclosure" href="' in e and guid in e.split('rel="enclosure"')[1][:200]
        if len(picked[m.group(1)]) < 6:
            picked[m.group(1)].append((guid, int(m.group(2)), e))
want = ["application/pdf", "image/jpeg", "text/xml", "application/rtf", "text/html",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
for ct in want:
    assert picked[ct], "no " + ct
pdf_ok = 0
for ct, items in picked.items():
    for guid, length, e in items:
        body, sct = get(base + "/Resources/" + guid)
        assert len(body) == length, (ct, guid, len(body), length)
        assert sct.startswith(ct), (sct, ct)
        path = "%s/%s" % (tmp, guid)
        open(path, "wb").write(body)
        if ct == "image/jpeg":
            assert body[:3] == b"\xff\xd8\xff" and body[-2:] == b"\xff\xd9", guid
        elif ct == "text/xml":
            subprocess.run(["xmllint", "--noout", path], check=True)
            s = body.decode()
            assert "<vlosCoreDocument xmlns=\"http://www.tweedekamer.nl/ggm/vergaderverslag/v1.0\"" in s
            for tag in ["<vergadering ", "<activiteit ", "<activiteithoofd ", "<activiteitdeel ",
                        "<activiteititem ", "<woordvoerder>", "<spreker ", "<fractie>", "<achternaam>"]:
                assert tag in s, tag
            assert re.search(r"<parlisid>\d{4}A\d{5}</parlisid>", s)
            ts = re.search(r'Timestamp="([^"]+)"', s).group(1)
            assert 'ns1:bijgewerkt="%s"' % ts in e, "Timestamp differs from ns1:bijgewerkt"
            if 'status="Casco"' not in s:
                assert "<alineaitem>" in s
        elif ct.endswith("wordprocessingml.document"):
            x = subprocess.run(["unzip", "-p", path, "word/document.xml"], check=True,
                               capture_output=True).stdout.decode()
            assert "<w:p>" in x and "<w:t" in x, x[:200]
            subprocess.run(["unzip", "-p", path, "[[]Content_Types].xml"], check=True, capture_output=True)
        elif ct in ("application/rtf", "application/msword"):
            assert body.startswith(b"{\\rtf1"), body[:20]
        elif ct == "text/html":
            assert body.startswith(b"<!DOCTYPE html>")
        elif ct == "application/pdf" and body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF"):
            t = subprocess.run(["pdftotext", path, "-"], capture_output=True)
            assert t.returncode == 0 and len(t.stdout) > 200, guid
            pdf_ok += 1
assert pdf_ok >= 1
# the deliberately broken PDFs: truncated, and random bytes
broken = 0
for e in entries("Document"):
    m = re.search(r'tk:contentType="application/pdf" tk:contentLength="(\d+)"', e)
    if not m:
        continue
    guid = re.search(r"<title>([0-9a-f-]{36})</title>", e).group(1)
    body = get(base + "/Resources/" + guid)[0]
    assert len(body) == int(m.group(1))
    if not body.startswith(b"%PDF-1.4") or not body.rstrip().endswith(b"%%EOF"):
        broken += 1
assert broken >= 2, broken
print("kinds:", {k: len(v) for k, v in picked.items()}, "broken pdfs:", broken)
PY
echo "tkfake_resources: ok"
