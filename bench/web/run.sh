#!/usr/bin/env bash
# bench/web/run.sh — the website under load: a tkfake corpus of DOCUMENTS documents (default
# 20000, always holding the seed letter 2021D35262) is synced and its seed file fetched, then
# indexed, `wrk` hits the document page, the front page, the vote list and the search page, and the
# script prints requests/s, latency percentiles and the server's peak RSS.
# Usage: bench/web/run.sh [DOCUMENTS] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCS=${1:-20000}
SECS=${2:-10}
CONNS=${3:-64}
B=${KW_BENCH_DIR:-build-bench}
W=${KW_BENCH_WORK:-/tmp/kw-bench-web}
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)"; exit 1; }
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
ninja -C "$B" kamerwacht tkfake > "$B.log" 2>&1 || { tail -20 "$B.log"; exit 1; }
mkdir -p "$W"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

if [ ! -s "$W/k-$DOCS.db" ]; then
  echo "bench: corpus of $DOCS documents"
  "$B/tkfake" gen --out "$W/corpus-$DOCS" --seed 42 --documents "$DOCS" > /dev/null
  rm -f "$W/port"
  "$B/tkfake" serve --dir "$W/corpus-$DOCS" --listen 127.0.0.1:0 --port-file "$W/port" 2> /dev/null &
  PIDS+=($!)
  for _ in $(seq 1 100); do [ -s "$W/port" ] && break; sleep 0.1; done
  URL="http://127.0.0.1:$(cat "$W/port")/SyncFeed/2.0"
  "$B/kamerwacht" sync --source "$URL" --db "$W/k-$DOCS.db.tmp" --pause-ms 0 --quiet > /dev/null
  "$B/kamerwacht" fetch --db "$W/k-$DOCS.db.tmp" --files "$W/files-$DOCS" --source "$URL" \
    --category Document,Persoon --quiet > /dev/null || true
  mv "$W/k-$DOCS.db.tmp" "$W/k-$DOCS.db"
  for f in "$W/k-$DOCS.db.tmp-wal" "$W/k-$DOCS.db.tmp-shm"; do rm -f "$f"; done
fi

if [ ! -f "$W/indexed-$DOCS" ]; then
  "$B/kamerwacht" index --db "$W/k-$DOCS.db" --files "$W/files-$DOCS" --quiet > /dev/null &&
    touch "$W/indexed-$DOCS" || echo "bench: kamerwacht index failed; /zoeken shows its notice only"
fi

rm -f "$W/serve.port"
"$B/kamerwacht" serve --db "$W/k-$DOCS.db" --files "$W/files-$DOCS" --listen 127.0.0.1:0 \
  --port-file "$W/serve.port" > "$W/serve.log" 2>&1 &
SERVE=$!
PIDS+=($SERVE)
for _ in $(seq 1 100); do [ -s "$W/serve.port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$W/serve.port")"
curl -s -o /dev/null "$BASE/document/2021D35262" # warm the text cache
sleep 2
curl -s -o /dev/null "$BASE/document/2021D35262"

echo "bench: $DOCS documents, wrk -t2 -c$CONNS -d${SECS}s, $(nproc) CPUs"
for path in /document/2021D35262 / /stemmingen "/zoeken?q=digitalisering"; do
  for enc in identity gzip; do
    out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "Accept-Encoding: $enc" "$BASE$path")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    bytes=$(curl -s -H "Accept-Encoding: $enc" "$BASE$path" | wc -c)
    errs=$(grep -c "Non-2xx" <<<"$out" || true)
    printf "bench: %-28s %-8s %9s req/s  p50 %8s  p99 %8s  %7s bytes%s\n" "$path" "$enc" "$rps" \
      "$p50" "$p99" "$bytes" "$([ "$errs" = 0 ] || echo '  (non-2xx answers!)')"
  done
done
echo "bench: serve peak RSS $(awk '/^VmHWM/ {print $2, $3}' "/proc/$SERVE/status")"
kill -TERM "$SERVE"
wait "$SERVE" || true
