# Search quality suite: the gold queries of tests/data/gold-queries.tsv against a tkfake
# corpus (seed 7, 300 documents, with the real letter 2021D35262): sync, fetch, index, then
# every query must put its expected object in the first N hits. Also checks that the index
# command is incremental (a second run changes nothing) and that odd input never fails.
source "$(dirname "$0")/../lib/common.sh"

GOLD=${KW_SRC:?}/tests/data/gold-queries.tsv
say "corpus"
gen_corpus "$T/corpus" 300
start_fake "$T/corpus"
sync_db "$T/k.db"
say "fetch"
"$KW_BIN" fetch --db "$T/k.db" --files "$T/files" --source "$FAKE_URL" --quiet >/dev/null ||
  fail "fetch failed"
stop_fake
say "index"
"$KW_BIN" index --db "$T/k.db" --files "$T/files" --quiet || fail "index failed"
second=$("$KW_BIN" index --db "$T/k.db" --files "$T/files")
echo "$second" | grep -q "0 added, 0 updated, 0 deleted" || fail "second index run changed: $second"
"$KW_BIN" status --db "$T/k.db" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert "categories" in d and "index" in d, d.keys()
i = d["index"]
assert i["present"] and i["objects"]["document"] > 0, i
assert i["text"]["ok"] > 0, i["text"]
' || fail "status --json lacks a sane index section"
# the index holds exact forms; every one of them is filed under its keys (search_term)
python3 - "$T/k.db" <<'PY' || fail "search_term does not file every indexed word form"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM search_term").fetchone()[0]
forms = db.execute("SELECT count(DISTINCT term) FROM search_term").fetchone()[0]
assert n > 1000 and forms > 1000, (n, forms)
keys = dict(db.execute("SELECT term, group_concat(key, ' ') FROM search_term"
                       " WHERE term IN ('moties', 'motie', 'privacyconvenant') GROUP BY term"))
assert keys.get("moties") == "motie" and keys.get("motie") == "motie", keys
assert set(keys.get("privacyconvenant", "").split()) >= {"privacy", "convenant"}, keys
PY

say "gold queries"
python3 - "$KW_BIN" "$T/k.db" "$GOLD" <<'EOF'
import json, subprocess, sys, time

kw, db, gold = sys.argv[1:4]

def run(query):
    t = time.time()
    out = subprocess.run([kw, "search", "--db", db, "--json", "--limit", "10", "--", query],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip(), time.time() - t
    return json.loads(out.stdout), "", time.time() - t

def hit_ok(h, conds):
    for key, op, val in conds:
        got = h.get(key) or ""
        if op == "=" and got.lower() != val.lower():
            return False
        if op == "~" and val.lower() not in got.lower():
            return False
    return True

failures, n, ms = [], 0, []
for line in open(gold, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    query, expect, what = (line.split("\t") + ["", ""])[:3]
    n += 1
    res, err, dt = run(query)
    ms.append(dt * 1000)
    if res is None:
        failures.append(f"{query!r}: command failed: {err}")
        continue
    if not res["query"]["understood"]:
        failures.append(f"{query!r}: no understood line")
    depth = 1
    if "@" in expect:
        expect, d = expect.rsplit("@", 1)
        depth = int(d)
    if expect.startswith("total"):
        op = ">=" if ">=" in expect else "="
        want = int(expect.split(op)[1])
        ok = res["total"] >= want if op == ">=" else res["total"] == want
        if not ok:
            failures.append(f"{query!r} ({what}): total {res['total']}, want {expect}")
        continue
    conds = []
    for c in expect.split(";"):
        op = "~" if "~" in c else "="
        k, v = c.split(op, 1)
        conds.append((k.strip(), op, v.strip()))
    hits = res["hits"][:depth]
    if not any(hit_ok(h, conds) for h in hits):
        got = ", ".join(f"{h['type']} {h['id']} {h['title'][:40]!r}" for h in hits) or "nothing"
        failures.append(f"{query!r} ({what}): want {expect} in top {depth}; got {got}"
                        f" [understood: {res['query']['understood']}]")

# Odd input: every one must succeed with JSON and an understood line.
odd = ['"', "(", ")", "*", ":", "-", "NEAR(", "NOT", "OR OR", "soort:", "van:gisteren",
       "'; DROP TABLE search_doc; --", "\u201cF-35\u201d", "a" * 5000, "\xff", "kst-",
       "((((((((((((((((((((x", "F-35", "COVID-19", "-", "--", "*stikstof", "stik*stof"]
for q in odd:
    res, err, dt = run(q)
    if res is None or "understood" not in res["query"]:
        failures.append(f"odd input {q[:30]!r}: {err or 'no understood'}")

ms.sort()
print(f"gold: {n - len([f for f in failures if not f.startswith('odd')])}/{n} passed;"
      f" latency per command p50 {ms[len(ms)//2]:.0f} ms, max {ms[-1]:.0f} ms")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
EOF
say "ok"
