# kill -9 at random moments of a sync, again and again, then let it finish: the mirror must
# hold exactly the logical content of one uninterrupted run.
. "$(dirname "$0")/../lib/common.sh"

gen_corpus "$T/corpus" 1500 --generations 1
# Small, slightly slow pages, so a sync lasts long enough for every kill to land mid-run.
start_fake "$T/corpus" --page-size 40 --slow-every 3 --slow-ms 10

say "uninterrupted run"
sync_db "$T/clean.db" > /dev/null || fail "clean sync failed"
"$KWCHECK_BIN" dump "$T/clean.db" > "$T/clean.dump"

say "interrupted runs"
kills=0
attempt=0
while [ "$kills" -lt 12 ] && [ "$attempt" -lt 40 ]; do
  attempt=$((attempt + 1))
  delay_ms=$(( (RANDOM % 120) + 5 ))
  # odd attempts: polite mode (a commit per page); even: batched commits (a failure undoes the batch)
  pause=$(( attempt % 2 ? 25 : 0 ))
  "$KW_BIN" sync --source "$FAKE_URL" --db "$T/killed.db" --pause-ms "$pause" --quiet > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%03d' "$delay_ms")"
  if kill -9 "$pid" 2>/dev/null; then
    kills=$((kills + 1))
  fi
  wait "$pid" 2>/dev/null || true
done
[ "$kills" -ge 10 ] || fail "only $kills kills landed"
say "$kills kills; finishing"
sync_db "$T/killed.db" > /dev/null || fail "final sync failed"
"$KWCHECK_BIN" dump "$T/killed.db" > "$T/killed.dump"
diff -q "$T/clean.dump" "$T/killed.dump" > /dev/null ||
  { diff "$T/clean.dump" "$T/killed.dump" | head -20; fail "killed mirror differs from clean"; }
"$KWCHECK_BIN" expected "$T/killed.db" "$T/corpus/expected.json" || fail "state differs"
echo "sync_kill: ok ($kills kills)"
