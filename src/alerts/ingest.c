/*
 * ingest — our own ingest sequence over the store (see alerts.h for the promise).
 *
 * Each scan reads, per tracked category, the rows whose skiptoken is above the scan mark
 * (the store sets a row's skiptoken on every upsert, so this is exactly what the feed
 * (re-)emitted since the last scan), plus the documents whose DocumentActor rows changed.
 * For each such entity a fingerprint of what matters to a reader is computed: the fields
 * below, the links (zaken, dossiers, activiteiten, actors) and the size of the file. The
 * entity gets a new sequence number only when it is new or its fingerprint differs; a
 * re-emission with the same content counts as "reemitted_unchanged" and nothing else. A
 * Toezegging's status is kept beside it: a change of status records status_seq, which the
 * "voldaan" monitors watch. Placeholders (an entity known only by reference) are skipped
 * until their content arrives. The scan of a category that has never been scanned sets the
 * baseline: its entities get sequence 0 and, as their time, their own date (so previews of
 * the last 30 days work on a fresh mirror) — they are never "new".
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/hash.h"

struct tracked {
    const char *category;
    const char *dirty_sql;  /* ids to look at: ?1 own mark, ?2 companion mark */
    const char *companion;  /* a second category whose changes dirty this one, or NULL */
    const char *fp_sql;     /* one row: fingerprint columns..., date, placeholder, status */
    int ncols;              /* fingerprint columns */
};

static const struct tracked tracked[] = {
    {"Document",
     "SELECT id FROM \"Document\" WHERE skiptoken > ?1 UNION "
     "SELECT document_id FROM \"DocumentActor\" WHERE skiptoken > ?2 AND document_id IS NOT NULL",
     "DocumentActor",
     "SELECT d.soort, d.documentNummer, d.titel, d.onderwerp, d.content_length,"
     " (SELECT group_concat(dst, ',') FROM (SELECT dst FROM \"Document_zaak\" WHERE src=d.id"
     "  ORDER BY dst)),"
     " (SELECT group_concat(dst, ',') FROM (SELECT dst FROM \"Document_kamerstukdossier\""
     "  WHERE src=d.id ORDER BY dst)),"
     " (SELECT group_concat(dst, ',') FROM (SELECT dst FROM \"Document_activiteit\""
     "  WHERE src=d.id ORDER BY dst)),"
     " (SELECT group_concat(k, ',') FROM (SELECT coalesce(persoon_id,'') || '/' ||"
     "  coalesce(fractie_id,'') || '/' || coalesce(commissie_id,'') AS k FROM \"DocumentActor\""
     "  WHERE document_id=d.id ORDER BY k)),"
     " CAST(strftime('%s', coalesce(d.datum, d.datumRegistratie, d.bijgewerkt)) AS INTEGER),"
     " d.placeholder, NULL FROM \"Document\" d WHERE d.id=?1",
     9},
    {"Toezegging", "SELECT id FROM \"Toezegging\" WHERE skiptoken > ?1", NULL,
     "SELECT t.tekst, t.status, t.ministerie, t.datumNakoming, t.kamerbriefNakoming,"
     " t.toegezegdAanPersoon_id, t.toegezegdAanFractie_id, t.activiteit_id,"
     " CAST(strftime('%s', coalesce(t.aanmaakdatum, t.bijgewerkt)) AS INTEGER),"
     " t.placeholder, t.status FROM \"Toezegging\" t WHERE t.id=?1",
     8},
    {"Activiteit", "SELECT id FROM \"Activiteit\" WHERE skiptoken > ?1", NULL,
     "SELECT a.soort, a.onderwerp, a.datum, a.status, a.voortouwcommissie_id, a.locatie,"
     " CAST(strftime('%s', coalesce(a.datum, a.bijgewerkt)) AS INTEGER),"
     " a.placeholder, NULL FROM \"Activiteit\" a WHERE a.id=?1",
     6},
};

int64_t al_max_seq(struct alerts *a)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT coalesce(max(seq), 0) FROM alert_item");
    if (!st)
        return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

static int get_mark(struct alerts *a, const char *category, int64_t *mark)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT skiptoken FROM alert_scan WHERE category=?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW;
    *mark = found ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : al_fail_db(a, "scan mark");
}

static int max_skiptoken(struct alerts *a, const char *category, int64_t *out)
{
    /* category comes from the fixed table above, never from input. */
    static const char *const sqls[] = {
        "SELECT coalesce(max(skiptoken), -1) FROM \"Document\"",
        "SELECT coalesce(max(skiptoken), -1) FROM \"DocumentActor\"",
        "SELECT coalesce(max(skiptoken), -1) FROM \"Toezegging\"",
        "SELECT coalesce(max(skiptoken), -1) FROM \"Activiteit\"",
    };
    const char *sql = !strcmp(category, "Document")        ? sqls[0]
                      : !strcmp(category, "DocumentActor") ? sqls[1]
                      : !strcmp(category, "Toezegging")    ? sqls[2]
                                                           : sqls[3];
    sqlite3_stmt *st = al_stmt(a, sql);
    if (!st)
        return -1;
    *out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return 0;
}

static int set_mark(struct alerts *a, const char *category, int64_t mark)
{
    sqlite3_stmt *st = al_stmt(a, "INSERT INTO alert_scan(category, skiptoken) VALUES(?1, ?2)"
                                  " ON CONFLICT(category) DO UPDATE SET skiptoken=excluded.skiptoken");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, mark);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "scan mark");
}

/* Fingerprint of one entity. Returns 1 with *fp, *date and status filled, 0 when the entity is
 * gone or a placeholder, -1 on error. */
static int fingerprint(struct alerts *a, const struct tracked *t, const char *id, int64_t *fp,
                       int64_t *date, char *status, size_t statuslen)
{
    sqlite3_stmt *st = al_stmt(a, t->fp_sql);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return al_fail_db(a, "fingerprint");
    if (sqlite3_column_int(st, t->ncols + 1)) {
        sqlite3_reset(st);
        return 0;
    }
    struct buf b = BUF_INIT;
    for (int i = 0; i < t->ncols; i++) {
        buf_adds(&b, al_col(st, i));
        buf_addc(&b, '\x1f');
    }
    *fp = (int64_t)(hash64(b.data, b.len) & 0x7fffffffffffffffULL);
    buf_free(&b);
    *date = sqlite3_column_type(st, t->ncols) == SQLITE_NULL ? 0
                                                             : sqlite3_column_int64(st, t->ncols);
    al_copy(status, statuslen, al_col(st, t->ncols + 2));
    sqlite3_reset(st);
    return 1;
}

static int ingest_one(struct alerts *a, const struct tracked *t, const char *id, bool baseline,
                      int64_t *seq, struct alerts_report *r)
{
    int64_t fp = 0, date = 0;
    char status[64] = "";
    int rc = fingerprint(a, t, id, &fp, &date, status, sizeof status);
    if (rc <= 0)
        return rc;
    sqlite3_stmt *st = al_stmt(a, "SELECT fp, status FROM alert_item WHERE category=?1 AND id=?2");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, t->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    int64_t now = alerts_now(a);
    if (rc == SQLITE_ROW) {
        int64_t old = sqlite3_column_int64(st, 0);
        char oldstatus[64];
        al_copy(oldstatus, sizeof oldstatus, al_col(st, 1));
        sqlite3_reset(st);
        if (old == fp) {
            r->reemitted_unchanged++;
            return 0;
        }
        int64_t s = ++*seq;
        bool status_changed = strcmp(oldstatus, status) != 0;
        st = al_stmt(a, "UPDATE alert_item SET fp=?3, seq=?4, kind='changed', at=?5,"
                        " status=?6, status_seq=CASE WHEN ?7 THEN ?4 ELSE status_seq END"
                        " WHERE category=?1 AND id=?2");
        if (!st)
            return -1;
        sqlite3_bind_text(st, 1, t->category, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, fp);
        sqlite3_bind_int64(st, 4, s);
        sqlite3_bind_int64(st, 5, now);
        sqlite3_bind_text(st, 6, status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 7, status_changed);
        if (sqlite3_step(st) != SQLITE_DONE)
            return al_fail_db(a, "update item");
        r->ingested_changed++;
        return 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return al_fail_db(a, "look up item");
    int64_t s = baseline ? 0 : ++*seq;
    st = al_stmt(a, "INSERT INTO alert_item(category, id, fp, seq, kind, at, status, status_seq)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?4 > 0 AND ?7 <> '' THEN ?4 END)");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, t->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, fp);
    sqlite3_bind_int64(st, 4, s);
    sqlite3_bind_text(st, 5, baseline ? "baseline" : "new", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, baseline && date > 0 ? date : now);
    sqlite3_bind_text(st, 7, status, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "insert item");
    if (baseline)
        r->ingested_baseline++;
    else
        r->ingested_new++;
    return 1;
}

static int ingest_category(struct alerts *a, const struct tracked *t, int64_t *seq,
                           struct alerts_report *r)
{
    int64_t mark, mark2 = -1, top, top2 = -1;
    int have = get_mark(a, t->category, &mark);
    if (have < 0)
        return -1;
    if (t->companion && get_mark(a, t->companion, &mark2) < 0)
        return -1;
    if (max_skiptoken(a, t->category, &top) ||
        (t->companion && max_skiptoken(a, t->companion, &top2)))
        return -1;
    if (top <= mark && top2 <= mark2)
        return 0;
    bool baseline = !have;
    /* Collect the ids first: ingest_one() uses other statements on the same tables. */
    sqlite3_stmt *st = al_stmt(a, t->dirty_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, mark);
    if (t->companion)
        sqlite3_bind_int64(st, 2, mark2);
    struct buf ids = BUF_INIT;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = al_col(st, 0);
        if (!*id)
            continue;
        buf_add(&ids, id, strlen(id) + 1);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        buf_free(&ids);
        return al_fail_db(a, "changed entities");
    }
    const char *p = ids.data;
    for (size_t i = 0; i < n; i++, p += strlen(p) + 1)
        if (ingest_one(a, t, p, baseline, seq, r) < 0) {
            buf_free(&ids);
            return -1;
        }
    buf_free(&ids);
    if (top > -1 && set_mark(a, t->category, top))
        return -1;
    if (t->companion && top2 > -1 && set_mark(a, t->companion, top2))
        return -1;
    return 0;
}

int alerts_ingest(struct alerts *a, struct alerts_report *r)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (al_begin(a))
        return -1;
    int64_t seq = al_max_seq(a);
    if (seq < 0)
        goto fail;
    r->seq_from = seq;
    for (size_t i = 0; i < sizeof tracked / sizeof tracked[0]; i++)
        if (ingest_category(a, &tracked[i], &seq, r))
            goto fail;
    r->seq_to = seq;
    if (al_commit(a))
        goto fail;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds_ingest += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return 0;
fail:
    al_rollback(a);
    return -1;
}
