#!/usr/bin/env bash
# Builds Kamerwacht, generates the embedded sample corpus (with the real letter 2021D35262),
# serves it with tkfake as a stand-in for the Tweede Kamer's SyncFeed, mirrors it, downloads
# the documents, builds the Dutch search index and serves the website at
# http://127.0.0.1:8080/ (Ctrl-C stops it). KW_DEMO_DOCUMENTS, KW_DEMO_DIR and
# KW_DEMO_LISTEN change the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
ninja -C build kamerwacht tkfake

DEMO=${KW_DEMO_DIR:-demo}
DOCS=${KW_DEMO_DOCUMENTS:-1000}
LISTEN=${KW_DEMO_LISTEN:-127.0.0.1:8080}
mkdir -p "$DEMO"
if [ ! -f "$DEMO/corpus/expected.json" ]; then
  echo "demo: generating a sample corpus of $DOCS documents in $DEMO/corpus"
  build/tkfake gen --out "$DEMO/corpus" --seed 1 --documents "$DOCS"
fi
rm -f "$DEMO/tkfake.port"
build/tkfake serve --dir "$DEMO/corpus" --listen 127.0.0.1:0 --port-file "$DEMO/tkfake.port" \
  2> "$DEMO/tkfake.log" &
FAKE=$!
trap 'kill $FAKE 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$DEMO/tkfake.port" ] && break; sleep 0.1; done
[ -s "$DEMO/tkfake.port" ] || { echo "demo: tkfake did not start:"; cat "$DEMO/tkfake.log"; exit 1; }
SOURCE="http://127.0.0.1:$(cat "$DEMO/tkfake.port")/SyncFeed/2.0"
echo "demo: syncing from $SOURCE into $DEMO/kamerwacht.db"
build/kamerwacht sync --source "$SOURCE" --db "$DEMO/kamerwacht.db" --pause-ms 0
echo "demo: downloading the documents"
build/kamerwacht fetch --source "$SOURCE" --db "$DEMO/kamerwacht.db" --files "$DEMO/files"
echo "demo: building the search index"
build/kamerwacht index --db "$DEMO/kamerwacht.db" --files "$DEMO/files"
build/kamerwacht status --db "$DEMO/kamerwacht.db"
kill $FAKE 2>/dev/null || true
trap - EXIT
echo
echo "demo: the website is at http://$LISTEN/"
echo "demo: the letter that started the project: http://$LISTEN/document/2021D35262"
echo "demo: Ctrl-C stops the server"
exec build/kamerwacht serve --db "$DEMO/kamerwacht.db" --files "$DEMO/files" --listen "$LISTEN"
