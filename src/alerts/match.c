/*
 * match — which items a monitor catches: one SQL text per kind over the store's tables
 * joined to alert_item, restricted either to a sequence window (from, to] (a pass) or to
 * items that entered the mirror since a moment (the preview). Every statement takes the same
 * parameters: ?1 from, ?2 to, ?3 the argument as given, ?4 and ?5 its parsed parts, ?6 the
 * preview's lower bound in seconds (0 in a pass). Saved searches go through the search
 * interface (alerts.h) over the batch of new documents instead.
 */
#include "alerts/alerts_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEW_ITEMS                                                                               \
    "WITH n AS (SELECT category, id, seq FROM alert_item WHERE seq > ?1 AND seq <= ?2"         \
    " AND ?6 = 0 UNION ALL SELECT category, id, seq FROM alert_item WHERE ?6 > 0 AND at >= ?6) "

static const char sql_dossier[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, 'in dossier ' || k.nummer ||"
    " coalesce('-' || k.toevoeging, '') || coalesce(' (' || k.titel || ')', '')"
    " FROM n JOIN \"Document_kamerstukdossier\" r ON r.src = n.id"
    " JOIN \"Kamerstukdossier\" k ON k.id = r.dst WHERE n.category = 'Document'"
    " AND (k.id = ?3 OR (k.nummer = ?4 AND (?5 IS NULL OR k.toevoeging = ?5 COLLATE NOCASE)))";

static const char sql_zaak[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, 'bij zaak ' || coalesce(z.nummer, '') ||"
    " coalesce(': ' || z.onderwerp, '')"
    " FROM n JOIN \"Document_zaak\" r ON r.src = n.id JOIN \"Zaak\" z ON z.id = r.dst"
    " WHERE n.category = 'Document' AND (z.id = ?3 OR z.nummer = ?3 COLLATE NOCASE)";

static const char sql_activiteit[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, 'bij activiteit ' ||"
    " coalesce(x.nummer, '') || coalesce(': ' || x.onderwerp, '')"
    " FROM n JOIN \"Document_activiteit\" r ON r.src = n.id JOIN \"Activiteit\" x ON x.id = r.dst"
    " WHERE n.category = 'Document' AND (x.id = ?3 OR x.nummer = ?3 COLLATE NOCASE)"
    " UNION ALL SELECT n.category, n.id, n.seq, 'Toezegging:' || n.id,"
    " 'toezegging tijdens activiteit ' || coalesce(x.nummer, '')"
    " FROM n JOIN \"Toezegging\" t ON t.id = n.id JOIN \"Activiteit\" x ON x.id = t.activiteit_id"
    " WHERE n.category = 'Toezegging' AND (x.id = ?3 OR x.nummer = ?3 COLLATE NOCASE)";

static const char sql_persoon[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, lower(coalesce(da.relatie, 'betrokken'))"
    " || ': ' || coalesce(da.actorNaam, p.achternaam, '')"
    " FROM n JOIN \"DocumentActor\" da ON da.document_id = n.id"
    " JOIN \"Persoon\" p ON p.id = da.persoon_id"
    " WHERE n.category = 'Document' AND (p.id = ?3 OR p.nummer = ?3)"
    " UNION ALL SELECT n.category, n.id, n.seq, 'Toezegging:' || n.id, 'toezegging aan ' ||"
    " coalesce(p.roepnaam || ' ', '') || coalesce(p.tussenvoegsel || ' ', '') ||"
    " coalesce(p.achternaam, '')"
    " FROM n JOIN \"Toezegging\" t ON t.id = n.id JOIN \"Persoon\" p ON p.id = t.toegezegdAanPersoon_id"
    " WHERE n.category = 'Toezegging' AND (p.id = ?3 OR p.nummer = ?3)";

static const char sql_fractie[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, lower(coalesce(da.relatie, 'betrokken'))"
    " || ': ' || coalesce(f.afkorting, f.naamNl, '')"
    " FROM n JOIN \"DocumentActor\" da ON da.document_id = n.id"
    " JOIN \"Fractie\" f ON f.id = da.fractie_id"
    " WHERE n.category = 'Document' AND (f.id = ?3 OR f.afkorting = ?3 COLLATE NOCASE)"
    " UNION ALL SELECT n.category, n.id, n.seq, 'Toezegging:' || n.id, 'toezegging aan ' ||"
    " coalesce(f.afkorting, f.naamNl, '')"
    " FROM n JOIN \"Toezegging\" t ON t.id = n.id JOIN \"Fractie\" f ON f.id = t.toegezegdAanFractie_id"
    " WHERE n.category = 'Toezegging' AND (f.id = ?3 OR f.afkorting = ?3 COLLATE NOCASE)";

#define COMMISSIE_IS(c) "(" c ".id = ?3 OR " c ".afkorting = ?3 COLLATE NOCASE OR " c ".nummer = ?3)"

static const char sql_commissie[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, lower(coalesce(da.relatie, 'betrokken'))"
    " || ': ' || coalesce(c.naamNl, c.afkorting, '')"
    " FROM n JOIN \"DocumentActor\" da ON da.document_id = n.id"
    " JOIN \"Commissie\" c ON c.id = da.commissie_id"
    " WHERE n.category = 'Document' AND " COMMISSIE_IS("c")
    " UNION ALL SELECT n.category, n.id, n.seq, 'Document:' || n.id, 'zaak ' ||"
    " coalesce(z.nummer, '') || ' (' || lower(coalesce(za.relatie, 'betrokken')) || ': ' ||"
    " coalesce(c.afkorting, c.naamNl, '') || ')'"
    " FROM n JOIN \"Document_zaak\" r ON r.src = n.id JOIN \"Zaak\" z ON z.id = r.dst"
    " JOIN \"ZaakActor\" za ON za.zaak_id = r.dst JOIN \"Commissie\" c ON c.id = za.commissie_id"
    " WHERE n.category = 'Document' AND " COMMISSIE_IS("c")
    " UNION ALL SELECT n.category, n.id, n.seq, 'Activiteit:' || n.id, 'activiteit van ' ||"
    " coalesce(c.afkorting, c.naamNl, '')"
    " FROM n JOIN \"Activiteit\" x ON x.id = n.id JOIN \"Commissie\" c ON c.id = x.voortouwcommissie_id"
    " WHERE n.category = 'Activiteit' AND " COMMISSIE_IS("c");

static const char sql_toezeggingen[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Toezegging:' || n.id, 'toezegging ' ||"
    " coalesce(t.nummer, '') || coalesce(' van ' || t.ministerie, '')"
    " FROM n JOIN \"Toezegging\" t ON t.id = n.id WHERE n.category = 'Toezegging' AND ("
    " ?4 = 'alle' OR (?4 = 'ministerie' AND instr(lower(t.ministerie), lower(?5)) > 0)"
    " OR (?4 = 'fractie' AND t.toegezegdAanFractie_id IN (SELECT id FROM \"Fractie\""
    "  WHERE id = ?5 OR afkorting = ?5 COLLATE NOCASE))"
    " OR (?4 = 'commissie' AND t.activiteit_id IN (SELECT x.id FROM \"Activiteit\" x"
    "  JOIN \"Commissie\" c ON c.id = x.voortouwcommissie_id"
    "  WHERE c.id = ?5 OR c.afkorting = ?5 COLLATE NOCASE OR c.nummer = ?5)))";

static const char sql_antwoord[] = NEW_ITEMS
    "SELECT n.category, n.id, n.seq, 'Document:' || n.id, 'antwoord op ' ||"
    " coalesce(z.nummer, '') || coalesce(': ' || z.onderwerp, '')"
    " FROM n JOIN \"Document\" d ON d.id = n.id JOIN \"Document_zaak\" r ON r.src = n.id"
    " JOIN \"Zaak\" z ON z.id = r.dst"
    " WHERE n.category = 'Document' AND d.soort LIKE 'Antwoord%' AND (z.id = ?3"
    " OR z.nummer = ?3 COLLATE NOCASE OR z.id IN (SELECT r2.dst FROM \"Document\" q"
    "  JOIN \"Document_zaak\" r2 ON r2.src = q.id WHERE q.documentNummer = ?3 COLLATE NOCASE"
    "  OR q.id = ?3))";

static const char sql_voldaan[] =
    "WITH s AS (SELECT category, id, status_seq AS seq, status FROM alert_item"
    " WHERE status_seq > ?1 AND status_seq <= ?2 AND ?6 = 0 AND category = 'Toezegging'"
    " UNION ALL SELECT category, id, status_seq, status FROM alert_item"
    " WHERE ?6 > 0 AND at >= ?6 AND category = 'Toezegging' AND status_seq IS NOT NULL) "
    "SELECT s.category, s.id, s.seq, 'Toezegging:' || s.id || ':voldaan', 'toezegging ' ||"
    " coalesce(t.nummer, '') || ' is ' || lower(t.status) ||"
    " coalesce(' (' || t.kamerbriefNakoming || ')', '')"
    " FROM s JOIN \"Toezegging\" t ON t.id = s.id WHERE s.status LIKE '%voldaan%'"
    " AND (t.id = ?3 OR t.nummer = ?3 COLLATE NOCASE) AND ?4 IS NULL AND ?5 IS NULL";

static const char *kind_sql(enum monitor_kind k)
{
    switch (k) {
    case MON_DOSSIER: return sql_dossier;
    case MON_ZAAK: return sql_zaak;
    case MON_PERSOON: return sql_persoon;
    case MON_COMMISSIE: return sql_commissie;
    case MON_ACTIVITEIT: return sql_activiteit;
    case MON_FRACTIE: return sql_fractie;
    case MON_TOEZEGGINGEN: return sql_toezeggingen;
    case MON_ANTWOORD: return sql_antwoord;
    case MON_VOLDAAN: return sql_voldaan;
    default: return NULL;
    }
}

void match_set_free(struct match_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->rows[i].reason);
    free(s->rows);
    free(s->slot);
    s->rows = NULL;
    s->slot = NULL;
    s->n = s->cap = s->nslot = 0;
}

/* A reason of at most 511 bytes (cut at a character boundary), or NULL for "". Heap, not a
 * fixed array in every row: most rows of a pass (saved searches) have none, and 600k rows
 * of 512 bytes were most of a big pass's memory. */
static char *reason_dup(const char *s)
{
    if (!s || !*s)
        return NULL;
    size_t n = strlen(s);
    if (n > 511) {
        n = 511;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *d = malloc(n + 1);
    if (!d)
        abort();
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static uint64_t item_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The row of an item, through the set's hash (a monitor may catch thousands of items in a
 * pass; a linear search per row made that quadratic: a quarter of a volume pass). */
static struct match_row *match_add(struct match_set *s, const char *item)
{
    uint64_t h = item_hash(item);
    if (s->nslot)
        for (size_t k = (size_t)h & (s->nslot - 1); s->slot[k]; k = (k + 1) & (s->nslot - 1))
            if (!strcmp(s->rows[s->slot[k] - 1].item, item))
                return &s->rows[s->slot[k] - 1]; /* one row per item; the first reason stays */
    if ((s->n + 1) * 2 > s->nslot) {
        size_t cap = s->nslot ? s->nslot * 2 : 64;
        size_t *slot = calloc(cap, sizeof *slot);
        if (!slot)
            abort();
        for (size_t i = 0; i < s->n; i++) {
            size_t k = (size_t)item_hash(s->rows[i].item) & (cap - 1);
            while (slot[k])
                k = (k + 1) & (cap - 1);
            slot[k] = i + 1;
        }
        free(s->slot);
        s->slot = slot;
        s->nslot = cap;
    }
    size_t k = (size_t)h & (s->nslot - 1);
    while (s->slot[k])
        k = (k + 1) & (s->nslot - 1);
    s->slot[k] = s->n + 1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct match_row *r = realloc(s->rows, cap * sizeof *r);
        if (!r)
            abort();
        s->rows = r;
        s->cap = cap;
    }
    struct match_row *r = &s->rows[s->n++];
    memset(r, 0, sizeof *r);
    al_copy(r->item, sizeof r->item, item);
    return r;
}

/* Splits "36200-VII" / "36200 VII" / "31293" into number and suffix. */
static void split_dossier(const char *arg, long long *num, char *suffix, size_t n)
{
    char *end;
    *num = strtoll(arg, &end, 10);
    if (end == arg)
        *num = -1;
    while (*end == '-' || *end == ' ')
        end++;
    al_copy(suffix, n, end);
}

static void split_selector(const char *arg, char *sel, size_t sn, char *val, size_t vn)
{
    const char *eq = strchr(arg, '=');
    if (!eq) {
        al_copy(sel, sn, arg);
        val[0] = '\0';
        return;
    }
    size_t l = (size_t)(eq - arg);
    if (l >= sn)
        l = sn - 1;
    memcpy(sel, arg, l);
    sel[l] = '\0';
    al_copy(val, vn, eq + 1);
}

int al_match(struct alerts *a, enum monitor_kind kind, const char *arg, int64_t from, int64_t to,
             int64_t at_from, struct match_set *out)
{
    if (kind == MON_SEARCH) {
        const char *q[1] = {arg};
        return al_match_searches(a, q, 1, from, to, at_from, out);
    }
    const char *sql = kind_sql(kind);
    if (!sql)
        return al_fail(a, "unknown monitor kind %d", (int)kind);
    sqlite3_stmt *st = al_stmt(a, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_text(st, 3, arg, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, at_from);
    if (kind == MON_DOSSIER) {
        long long num;
        char suffix[64];
        split_dossier(arg, &num, suffix, sizeof suffix);
        if (num >= 0)
            sqlite3_bind_int64(st, 4, num);
        if (suffix[0])
            sqlite3_bind_text(st, 5, suffix, -1, SQLITE_TRANSIENT);
    } else if (kind == MON_TOEZEGGINGEN) {
        char sel[32], val[256];
        split_selector(arg, sel, sizeof sel, val, sizeof val);
        sqlite3_bind_text(st, 4, sel, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, val, -1, SQLITE_TRANSIENT);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct match_row *r = match_add(out, al_col(st, 3));
        if (!r->category[0]) {
            al_copy(r->category, sizeof r->category, al_col(st, 0));
            al_copy(r->id, sizeof r->id, al_col(st, 1));
            r->seq = sqlite3_column_int64(st, 2);
            r->reason = reason_dup(al_col(st, 4));
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : al_fail_db(a, "match");
}

/* ---- saved searches over the batch ---- */

struct search_hits {
    struct match_set *out;
    const struct alert_doc *docs;
};

static void on_hit(void *ctx, size_t qi, size_t di, const char *snippet, const char *terms)
{
    struct search_hits *h = ctx;
    const struct alert_doc *d = &h->docs[di];
    char item[128];
    snprintf(item, sizeof item, "%s:%s", d->category, d->id);
    struct match_row *r = match_add(&h->out[qi], item);
    if (!r->category[0]) {
        al_copy(r->category, sizeof r->category, d->category);
        al_copy(r->id, sizeof r->id, d->id);
        r->seq = d->seq;
        char reason[512];
        snprintf(reason, sizeof reason, "%s%s%s", terms && *terms ? "gevonden: " : "",
                 terms ? terms : "", snippet && *snippet ? "\n" : "");
        size_t l = strlen(reason);
        al_copy(reason + l, sizeof reason - l, snippet ? snippet : "");
        r->reason = reason_dup(reason);
    }
}

static const char sql_batch[] =
    "WITH n AS (SELECT category, id, seq FROM alert_item WHERE seq > ?1 AND seq <= ?2"
    " AND ?3 = 0 UNION ALL SELECT category, id, seq FROM alert_item WHERE ?3 > 0 AND at >= ?3) "
    "SELECT n.seq, n.category, n.id, coalesce(d.onderwerp, ''), coalesce(d.titel, ''),"
    " coalesce(d.soort, '') || ' ' || coalesce(d.documentNummer, '') || ' ' ||"
    " coalesce(d.citeertitel, '')"
    " FROM n JOIN \"Document\" d ON d.id = n.id WHERE n.category = 'Document'"
    " UNION ALL SELECT n.seq, n.category, n.id, coalesce(t.tekst, ''), coalesce(t.ministerie, ''),"
    " coalesce(t.nummer, '') || ' ' || coalesce(t.naam, '')"
    " FROM n JOIN \"Toezegging\" t ON t.id = n.id WHERE n.category = 'Toezegging'";

int al_match_searches(struct alerts *a, const char *const *queries, size_t nq, int64_t from,
                      int64_t to, int64_t at_from, struct match_set *out)
{
    sqlite3_stmt *st = al_stmt(a, sql_batch);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int64(st, 3, at_from);
    struct buf text = BUF_INIT; /* all strings, NUL-separated */
    struct { int64_t seq; size_t cat, id, title, body; } *idx = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            void *p = realloc(idx, cap * sizeof *idx);
            if (!p)
                abort();
            idx = p;
        }
        idx[n].seq = sqlite3_column_int64(st, 0);
        idx[n].cat = text.len;
        buf_adds(&text, al_col(st, 1));
        buf_addc(&text, '\0');
        idx[n].id = text.len;
        buf_adds(&text, al_col(st, 2));
        buf_addc(&text, '\0');
        idx[n].title = text.len;
        buf_adds(&text, al_col(st, 3));
        buf_addc(&text, ' ');
        buf_adds(&text, al_col(st, 4));
        buf_addc(&text, '\0');
        idx[n].body = text.len;
        buf_adds(&text, al_col(st, 5));
        buf_addc(&text, '\0');
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(idx);
        buf_free(&text);
        return al_fail_db(a, "batch");
    }
    int res = 0;
    if (n) {
        struct alert_doc *docs = calloc(n, sizeof *docs);
        if (!docs)
            abort();
        for (size_t i = 0; i < n; i++) {
            docs[i].seq = idx[i].seq;
            docs[i].category = text.data + idx[i].cat;
            docs[i].id = text.data + idx[i].id;
            docs[i].title = text.data + idx[i].title;
            docs[i].text = text.data + idx[i].body;
        }
        struct search_hits h = {out, docs};
        char err[512] = "";
        res = a->search.match(a->search.ctx ? a->search.ctx : a->db, queries, nq, docs, n, on_hit,
                              &h, err, sizeof err);
        if (res)
            al_fail(a, "search: %s", err);
        free(docs);
    }
    free(idx);
    buf_free(&text);
    return res;
}
