#!/usr/bin/env bash
# Alerts end to end: a tkfake feed that grows between passes, users following a dossier, a
# zaak and a persoon, a local SMTP sink. Checks that pass 1 only sets the baseline, that pass 2
# mails every user exactly the items that are new or really changed for their monitors (the
# expectation is computed independently from two snapshots of the store), once, that pass 3
# sends nothing, that with the SMTP server down the mail waits and arrives later without
# doubles, that the one-click unsubscribe served by `kamerwacht run` works, that SIGTERM stops
# the daemon cleanly, and that deleting an account removes all its rows.
source "$(dirname "$0")/../lib/common.sh"
SINK_BIN=${SINK_BIN:-$(dirname "$KW_BIN")/smtpsink}
command -v python3 >/dev/null || fail "python3 is needed to read the mails"

start_sink() { # start_sink [PORT]
  rm -f "$T/sink.port"
  "$SINK_BIN" --dir "$T/mail" --listen "127.0.0.1:${1:-0}" --port-file "$T/sink.port" &
  SINK_PID=$!
  SERVER_PIDS+=("$SINK_PID")
  for _ in $(seq 1 100); do [ -s "$T/sink.port" ] && break; sleep 0.05; done
  SINK_PORT=$(cat "$T/sink.port")
}
stop_sink() { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; }

DB="$T/k.db"
pass() { "$KW_BIN" alerts --db "$DB" --smtp "127.0.0.1:$SINK_PORT" --base-url http://kw.test "$@"; }
mon() { "$KW_BIN" monitor --db "$DB" --base-url http://kw.test "$@"; }
q() { sqlite3 -batch -noheader -separator ' ' "$@"; }

# Which identifiers each recipient received, one "rcpt ident" line per item per mail.
received() {
  python3 - "$T/mail" <<'PY'
import email, os, re, sys
from email import policy
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    if not f.endswith('.eml'): continue
    m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'), policy=policy.default)
    rcpt = m['X-Sink-Rcpt'].strip('<> ')
    text = next(p.get_content() for p in m.walk() if p.get_content_type() == 'text/plain')
    for ident in re.findall(r'^  http://kw\.test/(?:document|toezegging)/(\S+)$', text, re.M):
        print(rcpt, ident)
PY
}

# The fingerprint of a Document as SQL over schema S (what "really changed" means).
docfp() {
  local s=$1
  echo "(SELECT coalesce(d.soort,'')||'|'||coalesce(d.documentNummer,'')||'|'||coalesce(d.titel,'')
   ||'|'||coalesce(d.onderwerp,'')||'|'||coalesce(d.content_length,'')
   ||'|'||coalesce((SELECT group_concat(dst) FROM (SELECT dst FROM $s.Document_zaak WHERE src=d.id ORDER BY dst)),'')
   ||'|'||coalesce((SELECT group_concat(dst) FROM (SELECT dst FROM $s.Document_kamerstukdossier WHERE src=d.id ORDER BY dst)),'')
   ||'|'||coalesce((SELECT group_concat(dst) FROM (SELECT dst FROM $s.Document_activiteit WHERE src=d.id ORDER BY dst)),'')
   ||'|'||coalesce((SELECT group_concat(k) FROM (SELECT coalesce(persoon_id,'')||'/'||coalesce(fractie_id,'')||'/'||coalesce(commissie_id,'') AS k
        FROM $s.DocumentActor WHERE document_id=d.id ORDER BY k)),'')
   FROM $s.Document d WHERE d.id = X.id)"
}
# Documents (of the current DB) that are new or changed compared with snapshot OLD.
changed_docs_sql() {
  echo "SELECT X.id FROM main.Document X WHERE X.placeholder = 0 AND
        ($(docfp main | sed 's/X\.id/X.id/g')) IS NOT ($(docfp old))"
}
expected() { # expected OLD_SNAPSHOT -> "rcpt ident" lines
  local old=$1
  q "$DB" "ATTACH '$old' AS old;
    WITH ch AS ($(changed_docs_sql)),
    want(rcpt, ident) AS (
      SELECT u.email, d.documentNummer FROM alert_monitor m JOIN alert_user u ON u.uid = m.uid
        JOIN Kamerstukdossier k ON m.kind = 'dossier' AND k.nummer = CAST(m.arg AS INTEGER)
        JOIN Document_kamerstukdossier r ON r.dst = k.id JOIN Document d ON d.id = r.src
        WHERE m.active AND d.id IN ch
      UNION SELECT u.email, d.documentNummer FROM alert_monitor m JOIN alert_user u ON u.uid = m.uid
        JOIN Zaak z ON m.kind = 'zaak' AND z.nummer = m.arg
        JOIN Document_zaak r ON r.dst = z.id JOIN Document d ON d.id = r.src
        WHERE m.active AND d.id IN ch
      UNION SELECT u.email, d.documentNummer FROM alert_monitor m JOIN alert_user u ON u.uid = m.uid
        JOIN Persoon p ON m.kind = 'persoon' AND p.nummer = m.arg
        JOIN DocumentActor da ON da.persoon_id = p.id JOIN Document d ON d.id = da.document_id
        WHERE m.active AND d.id IN ch
      UNION SELECT u.email, t.nummer FROM alert_monitor m JOIN alert_user u ON u.uid = m.uid
        JOIN Persoon p ON m.kind = 'persoon' AND p.nummer = m.arg
        JOIN Toezegging t ON t.toegezegdAanPersoon_id = p.id
        WHERE m.active AND t.placeholder = 0 AND NOT EXISTS (SELECT 1 FROM old.Toezegging o
          WHERE o.id = t.id AND o.tekst IS t.tekst AND o.status IS t.status
          AND o.ministerie IS t.ministerie AND o.datumNakoming IS t.datumNakoming
          AND o.kamerbriefNakoming IS t.kamerbriefNakoming
          AND o.toegezegdAanPersoon_id IS t.toegezegdAanPersoon_id
          AND o.toegezegdAanFractie_id IS t.toegezegdAanFractie_id AND o.activiteit_id IS t.activiteit_id)
      UNION SELECT u.email, d.documentNummer FROM alert_monitor m JOIN alert_user u ON u.uid = m.uid
        JOIN Document d ON m.kind = 'zoek' AND m.arg = 'kinderopvang'
        WHERE m.active AND d.id IN ch
        AND (lower(d.titel) LIKE '%kinderopvang%' OR lower(d.onderwerp) LIKE '%kinderopvang%'))
    SELECT rcpt, ident FROM want ORDER BY 1, 2"
}

say "corpus, feed at generation 1, SMTP sink"
gen_corpus "$T/corpus" 900 --generations 3
start_fake "$T/corpus" --generation 1
mkdir -p "$T/mail"
start_sink
sync_db "$DB" >/dev/null

say "choose what to follow: the dossier, zaak and persoon with most new documents in generation 2"
set_generation 2
sync_db "$T/peek.db" >/dev/null
pick() { q "$T/peek.db" "ATTACH '$DB' AS g1; $1 LIMIT 1"; }
DOSSIER=$(pick "SELECT k.nummer FROM Document_kamerstukdossier r JOIN Kamerstukdossier k ON k.id = r.dst
  WHERE r.src NOT IN (SELECT id FROM g1.Document) GROUP BY k.nummer HAVING count(DISTINCT k.id) = 1
  AND k.nummer IN (SELECT nummer FROM g1.Kamerstukdossier) ORDER BY count(*) DESC, 1")
ZAAK=$(pick "SELECT z.nummer FROM Document_zaak r JOIN Zaak z ON z.id = r.dst
  WHERE r.src NOT IN (SELECT id FROM g1.Document) AND z.id IN (SELECT id FROM g1.Zaak)
  GROUP BY z.nummer ORDER BY count(*) DESC, 1")
PERSOON=$(pick "SELECT p.nummer FROM DocumentActor da JOIN Persoon p ON p.id = da.persoon_id
  WHERE da.document_id NOT IN (SELECT id FROM g1.Document) AND p.id IN (SELECT id FROM g1.Persoon WHERE placeholder = 0 AND nummer IS NOT NULL)
  AND p.nummer IS NOT NULL AND p.placeholder = 0
  GROUP BY p.nummer ORDER BY count(*) DESC, 1")
[ -n "$DOSSIER" ] && [ -n "$ZAAK" ] && [ -n "$PERSOON" ] || fail "nothing to follow ($DOSSIER/$ZAAK/$PERSOON)"
echo "dossier $DOSSIER, zaak $ZAAK, persoon $PERSOON"
set_generation 1

mon add anna@example.nl "dossier:$DOSSIER" >/dev/null
mon add bert@example.nl "zaak:$ZAAK" >/dev/null
mon add bert@example.nl "dossier:$DOSSIER" >/dev/null   # overlaps with the zaak: items once
mon add carla@example.nl "persoon:$PERSOON" >/dev/null
mon add dirk@example.nl "dossier:$DOSSIER" --freq weekly >/dev/null
mon add eva@example.nl "zoek:kinderopvang" >/dev/null # also finds the compound kinderopvangtoeslag
! mon add x@example.nl "dossier:99999999" 2>/dev/null || fail "a dossier that does not exist was accepted"

say "pass 1 sets the baseline: no mail"
pass >/dev/null
[ -z "$(ls "$T/mail")" ] || fail "pass 1 sent mail: $(ls "$T/mail")"

say "generation 2: pass 2 mails exactly the new and really changed items, once"
set_generation 2
sqlite3 "$DB" "VACUUM INTO '$T/g1.db'"
sync_db "$DB" >/dev/null
pass --now "$(( $(date +%s) + 60 ))" | tee "$T/pass2.txt"
expected "$T/g1.db" | grep -v '^dirk@' > "$T/want2.txt" || true  # dirk's weekly digest is not due
received | sort > "$T/got2.txt"
[ -s "$T/want2.txt" ] || fail "the test expects something to send"
diff <(sort -u "$T/want2.txt") "$T/got2.txt" || fail "pass 2 sent the wrong items (want < > got)"
[ "$(sort "$T/got2.txt" | uniq -d | wc -l)" = 0 ] || fail "an item was sent twice"
NMAIL=$(ls "$T/mail" | wc -l)
[ "$NMAIL" = "$(cut -d' ' -f1 "$T/want2.txt" | sort -u | wc -l)" ] || fail "not one mail per user"

say "pass 3 sends nothing"
pass >/dev/null
[ "$(ls "$T/mail" | wc -l)" = "$NMAIL" ] || fail "pass 3 sent mail"

say "the weekly digest goes out a week later, with everything since the monitor was made"
pass --now "$(( $(date +%s) + 8 * 86400 ))" >/dev/null
received | grep '^dirk@' | sort > "$T/dirk.txt"
diff <(expected "$T/g1.db" | grep '^dirk@' | sort -u) "$T/dirk.txt" || fail "weekly digest wrong"
NMAIL=$(ls "$T/mail" | wc -l)

say "SMTP down during generation 3: queued, sent later, no doubles"
stop_sink
set_generation 3
sqlite3 "$DB" "VACUUM INTO '$T/g2.db'"
sync_db "$DB" >/dev/null
pass --now "$(( $(date +%s) + 9 * 86400 ))" | tee "$T/pass4.txt"
grep -q "deliver: 0 sent" "$T/pass4.txt" || fail "mail was sent while the server was down"
WANT3=$(expected "$T/g2.db" | grep -v '^dirk@' | sort -u)
QUEUED=$(mon outbox | awk '$4 == "queued"' | wc -l)
[ "$QUEUED" -ge 1 ] || fail "nothing queued while SMTP was down"
start_sink "$SINK_PORT"
pass --now "$(( $(date +%s) + 9 * 86400 + 30 ))" >/dev/null   # before the backoff ends
[ "$(ls "$T/mail" | wc -l)" = "$NMAIL" ] || fail "retried before the backoff ended"
pass --now "$(( $(date +%s) + 10 * 86400 ))" >/dev/null
received | sort > "$T/got_all.txt"
[ "$(uniq -d "$T/got_all.txt" | wc -l)" = 0 ] || fail "an item was sent twice: $(uniq -d "$T/got_all.txt")"
while read -r r i; do
  grep -qx "$r $i" "$T/got_all.txt" || fail "lost after the SMTP outage: $r $i"
done <<< "$WANT3"
pass --now "$(( $(date +%s) + 11 * 86400 ))" >/dev/null
[ "$(received | wc -l)" = "$(wc -l < "$T/got_all.txt")" ] || fail "something was sent again"

say "the daemon serves the one-click unsubscribe; SIGTERM stops it"
cat > "$T/kw.conf" <<CONF
# test configuration
[site]
base_url = http://kw.test
listen = 127.0.0.1
port = 0
[data]
dir = $T
db = k.db
[sync]
source = $FAKE_URL
interval = 1h
pause_ms = 0
fetch = no
index = no
[smtp]
host = 127.0.0.1
port = $SINK_PORT
[log]
level = info
CONF
"$KW_BIN" run --config "$T/kw.conf" --check >/dev/null || fail "config check"
"$KW_BIN" run --config "$T/kw.conf" --port-file "$T/web.port" 2>"$T/run.log" &
RUN_PID=$!
SERVER_PIDS+=("$RUN_PID")
for _ in $(seq 1 200); do [ -s "$T/web.port" ] && grep -q "cycle done" "$T/run.log" && break; sleep 0.05; done
[ -s "$T/web.port" ] || fail "the daemon did not serve: $(cat "$T/run.log")"
WEB="http://127.0.0.1:$(cat "$T/web.port")"
UNSUB=$(mon links anna@example.nl | awk '$1 == "unsubscribe" {print $2}' | sed 's#^http://kw.test##')
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'List-Unsubscribe=One-Click' "$WEB$UNSUB")
[ "$code" = 200 ] || fail "one-click unsubscribe answered $code"
mon list anna@example.nl | grep -q "(stopped)" || fail "anna's monitor still active"
last=${UNSUB: -1}; other=A; [ "$last" = A ] && other=B
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$WEB${UNSUB%?}$other")
[ "$code" = 404 ] || fail "a forged unsubscribe link answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'email=a@example.nl' "$WEB/aanmelden")
[ "$code" = 403 ] || fail "a sign-in form without CSRF token answered $code"
kill -TERM "$RUN_PID"
for _ in $(seq 1 100); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$RUN_PID" 2>/dev/null && fail "the daemon did not stop on SIGTERM"
wait "$RUN_PID" || fail "the daemon exited with an error: $(tail -5 "$T/run.log")"
grep -q "stopped" "$T/run.log" || fail "no clean stop in the log"

say "deleting an account removes everything"
BERT=$(q "$DB" "SELECT uid FROM alert_user WHERE email = 'bert@example.nl'")
mon export bert@example.nl | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["email"]=="bert@example.nl" and len(d["monitors"])==2' \
  || fail "export"
mon delete-user bert@example.nl >/dev/null
left=$(q "$DB" "SELECT (SELECT count(*) FROM alert_user WHERE uid=$BERT) + (SELECT count(*) FROM alert_monitor WHERE uid=$BERT)
  + (SELECT count(*) FROM alert_sent WHERE uid=$BERT) + (SELECT count(*) FROM alert_delivery WHERE uid=$BERT)
  + (SELECT count(*) FROM alert_session WHERE uid=$BERT)")
[ "$left" = 0 ] || fail "$left rows of bert remain"
q "$DB" "SELECT count(*) FROM alert_user" | grep -qx 4 || fail "other users were touched"
say "kamerwacht alerts bounce: a DSN on stdin, three times, suspends carla's mail"
"$KW_BIN" alerts bounce --help | grep -q "RFC 3464" || fail "alerts bounce --help"
dsn() { printf 'From: MAILER-DAEMON@mx.test\r\nSubject: Undelivered Mail\r\n\r\nFinal-Recipient: rfc822; %s\r\nAction: %s\r\nStatus: %s\r\n' "$@"; }
dsn carla@example.nl delivered 2.0.0 | "$KW_BIN" alerts bounce --db "$DB" 2>/dev/null || fail "a success report made bounce fail"
dsn niemand@example.nl failed 5.1.1 | "$KW_BIN" alerts bounce --db "$DB" 2>/dev/null || fail "an unknown address made bounce fail"
[ "$(q "$DB" "SELECT count(*) FROM alert_bounce")" = 0 ] || fail "something was recorded for no bounce"
for i in 1 2 3; do
  dsn Carla@Example.NL failed 5.1.1 | "$KW_BIN" alerts bounce --db "$DB" > "$T/bounce.txt" || fail "bounce $i"
done
grep -q "its mail is suspended" "$T/bounce.txt" || fail "not suspended after 3 hard bounces: $(cat "$T/bounce.txt")"
mon export carla@example.nl | python3 -c 'import json,sys; b=json.load(sys.stdin)["bounces"]; assert b["hard"]==3 and b["last_code"]=="5.1.1" and b["mail_suspended_at"], b' \
  || fail "the export does not show the bounces"
echo "alerts_flow: ok"
