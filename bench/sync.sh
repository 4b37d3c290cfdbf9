#!/usr/bin/env bash
# bench/sync.sh — sync a >= 2 million-entity corpus from a local tkfake and print entities/s,
# MB/s of XML and peak RSS; then run `xmllint --stream` over the same pages as the parse
# floor and print the ratio. Targets (issue 2): >= 50,000 entities/s, <= 3x the parse floor,
# peak RSS <= 64 MB. Usage: bench/sync.sh [DOCUMENTS] (default 320000 ≈ 2.1 M entities).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-320000}
B=${KW_BENCH_DIR:-build-bench}
W=${KW_BENCH_WORK:-/tmp/kw-bench-sync}
bash scripts/setup.sh
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
ninja -C "$B" kamerwacht tkfake > "$B.log" 2>&1 || { tail -20 "$B.log"; exit 1; }
mkdir -p "$W"
if [ ! -f "$W/corpus-$DOCS/expected.json" ]; then
  echo "bench: generating $DOCS documents"
  /usr/bin/time -f "bench: gen %e s, %M KB peak" "$B/tkfake" gen --out "$W/corpus-$DOCS" --seed 42 --documents "$DOCS"
fi
rm -f "$W/port"
"$B/tkfake" serve --dir "$W/corpus-$DOCS" --listen 127.0.0.1:0 --port-file "$W/port" 2> "$W/tkfake.log" &
FAKE=$!
trap 'kill $FAKE 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$W/port" ] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat "$W/port")/SyncFeed/2.0"

rm -f "$W/bench.db" "$W/bench.db-wal" "$W/bench.db-shm"
/usr/bin/time -f "%e %M %U %S" -o "$W/time.txt" "$B/kamerwacht" sync --source "$URL" --db "$W/bench.db" \
  --pause-ms 0 --quiet > "$W/sync.out"
read -r secs rss_kb usr sys < "$W/time.txt"
entities=$(awk '/^total/ {print $2}' "$W/sync.out")
mb=$(awk '/ entries, / {print $3}' "$W/sync.out")

echo "bench: fetching the same pages for the parse floor"
rm -rf "$W/pages"; mkdir -p "$W/pages"
# One keep-alive connection; only the feed-level next link of each page is followed.
n=$("$B/kamerwacht" status --db "$W/bench.db" --json | python3 -c '
import http.client, json, os, re, sys
base, out = sys.argv[1], sys.argv[2]
host, port = re.match(r"http://([^:/]+):(\d+)", base).groups()
conn = http.client.HTTPConnection(host, int(port))
n = 0
for cat in json.load(sys.stdin)["categories"]:
    path = "/SyncFeed/2.0/Feed?category=" + cat
    while path:
        conn.request("GET", path)
        body = conn.getresponse().read()
        n += 1
        open(os.path.join(out, "%06d.xml" % n), "wb").write(body)
        head = body.split(b"<entry", 1)[0]
        m = re.search(rb"<link rel=\"next\" href=\"http://[^/]+([^\"]*)\"", head)
        path = m.group(1).decode().replace("&amp;", "&") if m else None
print(n)' "$URL" "$W/pages")
/usr/bin/time -f "%e %U %S" -o "$W/floor.txt" sh -c \
  "find '$W/pages' -name '*.xml' -print0 | sort -z | xargs -0 -n 500 xmllint --stream --noout 2>/dev/null || true"
read -r floor fusr fsys < "$W/floor.txt"

printf '\nsync benchmark (%s documents)\n' "$DOCS"
printf '  entities          %s\n' "$entities"
printf '  wall time         %.2f s (CPU: %.2f s user, %.2f s system)\n' "$secs" "$usr" "$sys"
printf '  entities/s        %.0f   (target >= 50000); per CPU-second %.0f\n' "$(echo "$entities / $secs" | bc -l)" "$(echo "$entities / ($usr + $sys)" | bc -l)"
printf '  XML               %s MB, %.1f MB/s\n' "$mb" "$(echo "$mb / $secs" | bc -l)"
printf '  peak RSS          %.1f MB   (target <= 64)\n' "$(echo "$rss_kb / 1024" | bc -l)"
printf '  xmllint --stream  %.2f s wall, %.2f s CPU over %d pages (parse floor)\n' "$floor" "$(echo "$fusr + $fsys" | bc -l)" "$n"
printf '  ratio sync/floor  %.2f wall, %.2f CPU   (target <= 3)\n' "$(echo "$secs / $floor" | bc -l)" "$(echo "($usr + $sys) / ($fusr + $fsys)" | bc -l)"
