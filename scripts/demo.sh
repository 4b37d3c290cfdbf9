#!/usr/bin/env bash
# Builds Kamerwacht, generates the embedded sample corpus (with the real letter 2021D35262),
# serves it with tkfake as a stand-in for the Tweede Kamer's SyncFeed, mirrors it into
# demo/kamerwacht.db and shows what the mirror holds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
ninja -C build kamerwacht tkfake

DEMO=${KW_DEMO_DIR:-demo}
DOCS=${KW_DEMO_DOCUMENTS:-3000}
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
build/kamerwacht status --db "$DEMO/kamerwacht.db"
