#!/usr/bin/env bash
# The website in a real browser (tests/browser/run.sh): axe-core WCAG 2.1 AA rules on every
# kind of page, the skip link as first focus stop with a visible focus ring, no scripts, no
# requests to other origins, no horizontal scroll at 375 px. Skips cleanly without chromium.
source "$(dirname "$0")/../lib/common.sh"
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  echo "skipped: chromium not installed"
  exit 0
fi
gen_corpus "$T/corpus" 300
start_fake "$T/corpus"
DB="$T/k.db"
sync_db "$DB" >/dev/null
mkdir -p "$T/files"
stop_fake
PF="$T/serve.port"
"$KW_BIN" serve --db "$DB" --files "$T/files" --listen 127.0.0.1:0 --port-file "$PF" 2>"$T/serve.log" &
SERVER_PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$PF" ] && break; sleep 0.05; done
[ -s "$PF" ] || fail "serve did not start: $(cat "$T/serve.log")"
Q() { sqlite3 "$DB" "$1" 2>/dev/null || /usr/bin/python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$DB" "$1"; }
PERSOON=$(Q "SELECT nummer FROM Persoon WHERE placeholder = 0 LIMIT 1")
ACT=$(Q "SELECT nummer FROM Activiteit WHERE placeholder = 0 LIMIT 1")
out=$(bash "$KW_SRC/tests/browser/run.sh" "http://127.0.0.1:$(cat "$PF")" \
  /document/2021D35262 / /stemmingen /open-vragen /dossier/31293 "/activiteiten?van=2019-01-01" \
  /activiteiten/ongepland /kamerleden /commissies /geschenken /dossiers /toezeggingen /verslagen \
  /besluiten /over /zoeken /zaak/2021Z16384 "/persoon/$PERSOON" "/activiteit/$ACT" \
  404=/document/2099D99999) || { echo "$out"; fail "browser checks"; }
echo "$out"
