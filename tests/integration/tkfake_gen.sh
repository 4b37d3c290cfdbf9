# tkfake gen: deterministic output, every category present with tombstones, the seed letter,
# generations, quarantine counts and enough spot checks in the expected end states.
set -euo pipefail
: "${TKFAKE_BIN:?set by ctest}" "${KW_TEST_TMP:=/tmp/kw-tests}"
mkdir -p "$KW_TEST_TMP"
T=$(mktemp -d "${KW_TEST_TMP%/}/tkfake_gen.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$TKFAKE_BIN" --help | grep -q gen || fail "tkfake --help"
"$TKFAKE_BIN" gen --help | grep -q -- --documents || fail "gen --help"
"$TKFAKE_BIN" serve --help | grep -q -- --fail-every || fail "serve --help"
if "$TKFAKE_BIN" gen --out "$T/x" 2>/dev/null; then fail "gen without --seed/--documents succeeded"; fi

echo "--- determinism"
"$TKFAKE_BIN" gen --out "$T/a" --seed 11 --documents 300 2>/dev/null
"$TKFAKE_BIN" gen --out "$T/b" --seed 11 --documents 300 2>/dev/null
"$TKFAKE_BIN" gen --out "$T/c" --seed 12 --documents 300 2>/dev/null
for f in index.bin entries.dat resmeta.bin guids.bin expected-g1.json expected-g2.json \
         expected-g3.json expected.json; do
  [ -s "$T/a/$f" ] || fail "$f missing"
  cmp -s "$T/a/$f" "$T/b/$f" || fail "$f differs between two runs with the same seed"
done
cmp -s "$T/a/entries.dat" "$T/c/entries.dat" && fail "different seeds gave the same corpus"
cmp -s "$T/a/expected.json" "$T/a/expected-g3.json" || fail "expected.json is not the last generation"

echo "--- small corpus and generation count"
"$TKFAKE_BIN" gen --out "$T/s" --seed 3 --documents 50 --generations 2 --malformed 3 2>/dev/null
[ -f "$T/s/expected-g2.json" ] && [ ! -f "$T/s/expected-g3.json" ] || fail "--generations 2"

python3 - "$T/a" "$T/s" <<'PY' || fail "expected.json checks"
import json, sys, os
CATS = """Activiteit ActiviteitActor Agendapunt Besluit Commissie CommissieContactinformatie
CommissieZetel CommissieZetelVastPersoon CommissieZetelVastVacature CommissieZetelVervangerPersoon
CommissieZetelVervangerVacature Document DocumentActor DocumentPublicatie DocumentPublicatieMetadata
DocumentVersie Fractie FractieZetel
FractieZetelPersoon FractieZetelVacature Kamerstukdossier Persoon PersoonContactinformatie
PersoonGeschenk PersoonLoopbaan PersoonNevenfunctie PersoonNevenfunctieInkomsten PersoonOnderwijs
PersoonReis Reservering Stemming Toezegging Vergadering Verslag Zaak ZaakActor Zaal""".split()
assert len(CATS) == 37

def check(d, malformed, gens):
    for g in range(1, gens + 1):
        e = json.load(open(os.path.join(d, "expected-g%d.json" % g)))
        assert e["generation"] == g
        assert sorted(e["categories"]) == sorted(CATS), e["categories"].keys()
        for c in CATS:
            v = e["categories"][c]
            assert v["deleted"] >= 1, (g, c, "no tombstone")
            assert v["live"] + v["deleted"] >= 2, (g, c, v)
        assert sum(e["quarantined"].values()) == malformed, e["quarantined"]
        assert e["categories"]["Persoon"]["placeholders"] >= 1
        assert len(e["spot_checks"]) >= 40, len(e["spot_checks"])
    e = json.load(open(os.path.join(d, "expected.json")))
    spots = {s["id"]: s for s in e["spot_checks"]}
    doc = spots["3f0c2d6e-21d3-4526-9a62-2021d3526200"]
    assert doc["category"] == "Document" and doc["live"]
    f = doc["fields"]
    assert f["documentNummer"] == "2021D35262" and f["soort"] == "Brief regering"
    assert f["onderwerp"] == "Digitalisering in het funderend onderwijs"
    assert f["titel"] == "Primair Onderwijs" and f["volgnummer"] == "593"
    assert f["vergaderjaar"] == "2021-2022" and f["citeertitel"] is None
    assert doc["refs"]["zaak"] == ["0bef1b66-a18e-4944-a0c7-1c2aca1b1d7c"]
    assert "49346c17-73f4-408e-8558-759c4616cd22" in doc["refs"]["kamerstukdossier"]
    assert len(doc["refs"]["kamerstukdossier"]) == 3
    zaak = spots["0bef1b66-a18e-4944-a0c7-1c2aca1b1d7c"]
    assert zaak["fields"]["nummer"] == "2021Z16384" and zaak["fields"]["afgedaan"] == "true"
    notes = " | ".join(s["note"] for s in e["spot_checks"])
    for want in ["dropped the zaak", "dropped a kamerstukdossier", "added", "never appeared",
                 "known entity deleted", "placeholder", "nested periode", "per-party vote",
                 "roll-call"]:
        assert want in notes, want
    assert any(s.get("unknown_element") for s in e["spot_checks"]), "no unknown element"
    cats = {s["category"] for s in e["spot_checks"]}
    for c in ["Toezegging", "Vergadering", "Verslag", "Stemming", "PersoonNevenfunctie"]:
        assert c in cats, c
    nf = [s for s in e["spot_checks"] if s["category"] == "PersoonNevenfunctie" and s["live"]]
    assert nf and "periode/van" in nf[0]["fields"] and "vergoeding/soort" in nf[0]["fields"]

check(sys.argv[1], 2, 3)
check(sys.argv[2], 3, 2)
PY
echo "tkfake_gen: ok"
