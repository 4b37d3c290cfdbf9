/*
 * monitors — what a user follows: kinds, frequencies, checking an argument against the
 * mirror (which also gives the monitor its label), adding with the watermark at the current
 * sequence, listing, removing, and the 30-day preview.
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[MON_NKINDS] = {
    "zoek", "dossier", "zaak", "persoon", "commissie", "activiteit", "fractie", "toezeggingen",
    "antwoord", "voldaan",
};

const char *monitor_kind_name(enum monitor_kind k)
{
    return (unsigned)k < MON_NKINDS ? kind_names[k] : "?";
}

int monitor_kind_parse(const char *s, enum monitor_kind *k)
{
    for (int i = 0; i < MON_NKINDS; i++)
        if (!strcasecmp(s, kind_names[i])) {
            *k = (enum monitor_kind)i;
            return 0;
        }
    if (!strcasecmp(s, "search") || !strcasecmp(s, "zoekopdracht")) {
        *k = MON_SEARCH;
        return 0;
    }
    if (!strcasecmp(s, "kamerstukdossier")) {
        *k = MON_DOSSIER;
        return 0;
    }
    return -1;
}

const char *monitor_freq_name(enum monitor_freq f)
{
    return f == FREQ_DAILY ? "daily" : f == FREQ_WEEKLY ? "weekly" : "immediate";
}

int monitor_freq_parse(const char *s, enum monitor_freq *f)
{
    if (!strcmp(s, "immediate") || !strcmp(s, "direct"))
        *f = FREQ_IMMEDIATE;
    else if (!strcmp(s, "daily") || !strcmp(s, "dagelijks"))
        *f = FREQ_DAILY;
    else if (!strcmp(s, "weekly") || !strcmp(s, "wekelijks"))
        *f = FREQ_WEEKLY;
    else
        return -1;
    return 0;
}

/* Label lookups: one row, column 0 the label. ?1 the argument, ?2/?3 parsed parts. */
static const char *const label_sql[MON_NKINDS] = {
    [MON_DOSSIER] = "SELECT 'Dossier ' || nummer || coalesce('-' || toevoeging, '') ||"
                    " coalesce(': ' || coalesce(titel, citeertitel), '') FROM \"Kamerstukdossier\""
                    " WHERE id = ?1 OR (nummer = ?2 AND (?3 IS NULL OR toevoeging = ?3 COLLATE NOCASE))"
                    " ORDER BY toevoeging IS NOT NULL LIMIT 1",
    [MON_ZAAK] = "SELECT 'Zaak ' || coalesce(nummer, '') || coalesce(': ' || onderwerp, '')"
                 " FROM \"Zaak\" WHERE id = ?1 OR nummer = ?1 COLLATE NOCASE LIMIT 1",
    [MON_PERSOON] = "SELECT 'Persoon ' || coalesce(roepnaam || ' ', '') ||"
                    " coalesce(tussenvoegsel || ' ', '') || coalesce(achternaam, '')"
                    " FROM \"Persoon\" WHERE id = ?1 OR nummer = ?1 LIMIT 1",
    [MON_COMMISSIE] = "SELECT 'Commissie ' || coalesce(naamNl, afkorting, nummer, '')"
                      " FROM \"Commissie\" WHERE id = ?1 OR afkorting = ?1 COLLATE NOCASE"
                      " OR nummer = ?1 LIMIT 1",
    [MON_ACTIVITEIT] = "SELECT 'Activiteit ' || coalesce(nummer, '') ||"
                       " coalesce(': ' || coalesce(onderwerp, soort), '')"
                       " FROM \"Activiteit\" WHERE id = ?1 OR nummer = ?1 COLLATE NOCASE LIMIT 1",
    [MON_FRACTIE] = "SELECT 'Fractie ' || coalesce(afkorting, naamNl, '') FROM \"Fractie\""
                    " WHERE id = ?1 OR afkorting = ?1 COLLATE NOCASE LIMIT 1",
    [MON_ANTWOORD] = "SELECT 'Antwoord op ' || coalesce(z.nummer, '') || coalesce(': ' ||"
                     " z.onderwerp, '') FROM \"Zaak\" z WHERE z.id = ?1 OR z.nummer = ?1"
                     " COLLATE NOCASE OR z.id IN (SELECT r.dst FROM \"Document\" d JOIN"
                     " \"Document_zaak\" r ON r.src = d.id WHERE d.documentNummer = ?1"
                     " COLLATE NOCASE OR d.id = ?1) LIMIT 1",
    [MON_VOLDAAN] = "SELECT 'Nakoming van toezegging ' || coalesce(nummer, '') ||"
                    " coalesce(' (' || ministerie || ')', '') FROM \"Toezegging\""
                    " WHERE id = ?1 OR nummer = ?1 COLLATE NOCASE LIMIT 1",
};

static const char *const kind_what[MON_NKINDS] = {
    [MON_DOSSIER] = "dossier", [MON_ZAAK] = "zaak", [MON_PERSOON] = "persoon",
    [MON_COMMISSIE] = "commissie", [MON_ACTIVITEIT] = "activiteit", [MON_FRACTIE] = "fractie",
    [MON_ANTWOORD] = "schriftelijke vraag (zaak of document)", [MON_VOLDAAN] = "toezegging",
};

static int lookup_label(struct alerts *a, enum monitor_kind kind, const char *arg, char *label,
                        size_t labellen)
{
    sqlite3_stmt *st = al_stmt(a, label_sql[kind]);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    if (kind == MON_DOSSIER) {
        char *end;
        long long num = strtoll(arg, &end, 10);
        if (end != arg)
            sqlite3_bind_int64(st, 2, num);
        while (*end == '-' || *end == ' ')
            end++;
        if (*end)
            sqlite3_bind_text(st, 3, end, -1, SQLITE_TRANSIENT);
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        al_copy(label, labellen, al_col(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return al_fail_db(a, "monitor label");
    return rc == SQLITE_ROW;
}

int alerts_monitor_check(struct alerts *a, enum monitor_kind kind, const char *arg, char *label,
                         size_t labellen, char *err, size_t errlen)
{
    if (!arg || !*arg || strlen(arg) > 500) {
        snprintf(err, errlen, "geef aan wat u wilt volgen (ten hoogste 500 tekens)");
        return -1;
    }
    if (kind == MON_SEARCH) {
        if (a->search.check(a->search.ctx ? a->search.ctx : a->db, arg, err, errlen))
            return -1;
        snprintf(label, labellen, "Zoekopdracht \"%.200s\"", arg);
        return 0;
    }
    if (kind == MON_TOEZEGGINGEN) {
        const char *eq = strchr(arg, '=');
        if (!strcmp(arg, "alle")) {
            snprintf(label, labellen, "Alle nieuwe toezeggingen");
            return 0;
        }
        if (!eq || !eq[1]) {
            snprintf(err, errlen, "toezeggingen volgt u per ministerie=…, commissie=…, fractie=…"
                                  " of alle");
            return -1;
        }
        size_t l = (size_t)(eq - arg);
        if (l == 10 && !strncmp(arg, "ministerie", 10)) {
            snprintf(label, labellen, "Toezeggingen van ministerie %.200s", eq + 1);
            return 0;
        }
        enum monitor_kind sub;
        if (l == 9 && !strncmp(arg, "commissie", 9))
            sub = MON_COMMISSIE;
        else if (l == 7 && !strncmp(arg, "fractie", 7))
            sub = MON_FRACTIE;
        else {
            snprintf(err, errlen, "toezeggingen volgt u per ministerie=…, commissie=…, fractie=…"
                                  " of alle");
            return -1;
        }
        char sublabel[400];
        int rc = lookup_label(a, sub, eq + 1, sublabel, sizeof sublabel);
        if (rc < 0)
            return -1;
        if (!rc) {
            snprintf(err, errlen, "%s '%.200s' staat niet in de gegevens", kind_what[sub], eq + 1);
            return -1;
        }
        snprintf(label, labellen, "Toezeggingen: %s", sublabel);
        return 0;
    }
    if ((unsigned)kind >= MON_NKINDS || !label_sql[kind]) {
        snprintf(err, errlen, "onbekend soort volger");
        return -1;
    }
    int rc = lookup_label(a, kind, arg, label, labellen);
    if (rc < 0) {
        snprintf(err, errlen, "%s", a->err);
        return -1;
    }
    if (!rc) {
        snprintf(err, errlen, "%s '%.200s' staat niet in de gegevens", kind_what[kind], arg);
        return -1;
    }
    return 0;
}

int alerts_monitor_add(struct alerts *a, int64_t uid, enum monitor_kind kind, const char *arg,
                       enum monitor_freq freq, int64_t *mid)
{
    char label[512], err[512];
    if (alerts_monitor_check(a, kind, arg, label, sizeof label, err, sizeof err))
        return al_fail(a, "%s", err);
    int64_t seq = al_max_seq(a);
    if (seq < 0)
        return -1;
    sqlite3_stmt *st = al_stmt(a, "INSERT INTO alert_monitor(uid, kind, arg, label, freq,"
                                  " watermark, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, monitor_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, arg, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, label, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, monitor_freq_name(freq), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, seq);
    sqlite3_bind_int64(st, 7, alerts_now(a));
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "add monitor");
    if (mid)
        *mid = sqlite3_last_insert_rowid(a->db);
    return 0;
}

#define MONITOR_COLS                                                                           \
    "mid, uid, kind, arg, label, freq, watermark, created_at, coalesce(last_run_at, 0),"       \
    " coalesce(last_sent_at, 0), sent_count, active"

static void read_monitor(sqlite3_stmt *st, struct monitor_info *m)
{
    memset(m, 0, sizeof *m);
    m->mid = sqlite3_column_int64(st, 0);
    m->uid = sqlite3_column_int64(st, 1);
    enum monitor_kind k = MON_SEARCH;
    monitor_kind_parse(al_col(st, 2), &k);
    m->kind = k;
    al_copy(m->arg, sizeof m->arg, al_col(st, 3));
    al_copy(m->label, sizeof m->label, al_col(st, 4));
    enum monitor_freq f = FREQ_IMMEDIATE;
    monitor_freq_parse(al_col(st, 5), &f);
    m->freq = f;
    m->watermark = sqlite3_column_int64(st, 6);
    m->created_at = sqlite3_column_int64(st, 7);
    m->last_run_at = sqlite3_column_int64(st, 8);
    m->last_sent_at = sqlite3_column_int64(st, 9);
    m->sent_count = sqlite3_column_int64(st, 10);
    m->active = sqlite3_column_int(st, 11) != 0;
}

int alerts_monitor_list(struct alerts *a, int64_t uid, struct monitor_info **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = al_stmt(a, "SELECT " MONITOR_COLS " FROM alert_monitor"
                                  " WHERE uid = ?1 OR ?1 = 0 ORDER BY mid");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct monitor_info *p = realloc(*out, cap * sizeof *p);
            if (!p)
                abort();
            *out = p;
        }
        read_monitor(st, &(*out)[(*n)++]);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : al_fail_db(a, "list monitors");
}

int alerts_monitor_get(struct alerts *a, int64_t mid, struct monitor_info *m)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT " MONITOR_COLS " FROM alert_monitor WHERE mid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, mid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_monitor(st, m);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "monitor");
}

int alerts_monitor_remove(struct alerts *a, int64_t uid, int64_t mid)
{
    sqlite3_stmt *st = al_stmt(a, "DELETE FROM alert_monitor WHERE mid = ?1 AND uid = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, mid);
    sqlite3_bind_int64(st, 2, uid);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "remove monitor");
    return sqlite3_changes(a->db) > 0;
}

int alerts_monitor_set_freq(struct alerts *a, int64_t uid, int64_t mid, enum monitor_freq f)
{
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_monitor SET freq = ?3, active = 1"
                                  " WHERE mid = ?1 AND uid = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, mid);
    sqlite3_bind_int64(st, 2, uid);
    sqlite3_bind_text(st, 3, monitor_freq_name(f), -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "monitor frequency");
    return sqlite3_changes(a->db) > 0;
}

int alerts_user_unsubscribe_all(struct alerts *a, int64_t uid)
{
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_monitor SET active = 0 WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "unsubscribe");
}

static int cmp_preview(const void *x, const void *y)
{
    const struct preview_item *p = x, *q = y;
    return p->at < q->at ? 1 : p->at > q->at ? -1 : strcmp(p->item, q->item);
}

int alerts_preview(struct alerts *a, enum monitor_kind kind, const char *arg, int days,
                   size_t max, struct preview_item **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct match_set ms = {0};
    int64_t since = alerts_now(a) - (int64_t)days * 86400;
    if (since < 1)
        since = 1;
    if (al_match(a, kind, arg, 0, 0, since, &ms)) {
        match_set_free(&ms);
        return -1;
    }
    if (!ms.n) {
        match_set_free(&ms);
        return 0;
    }
    struct preview_item *items = calloc(ms.n, sizeof *items);
    if (!items)
        abort();
    /* A saved search says why as in a mail: the matched words in a snippet. */
    char xerr[256];
    struct al_explainer *x = kind == MON_SEARCH ? al_explainer_new(a->db, xerr, sizeof xerr) : NULL;
    for (size_t i = 0; i < ms.n; i++) {
        struct preview_item *p = &items[i];
        struct item_view v;
        al_copy(p->item, sizeof p->item, ms.rows[i].item);
        al_copy(p->reason, sizeof p->reason, ms.rows[i].reason ? ms.rows[i].reason : "");
        const char *why = x && !p->reason[0]
                              ? al_explain(x, arg, ms.rows[i].item, ms.rows[i].category, ms.rows[i].id)
                              : NULL;
        if (why)
            al_copy(p->reason, sizeof p->reason, why);
        if (al_item_view(a, ms.rows[i].category, ms.rows[i].id, ms.rows[i].item, &v) == 0) {
            al_copy(p->title, sizeof p->title, v.title);
            al_copy(p->ident, sizeof p->ident, v.ident);
            al_copy(p->url, sizeof p->url, v.url);
        }
        sqlite3_stmt *st = al_stmt(a, "SELECT at FROM alert_item WHERE category = ?1 AND id = ?2");
        if (st) {
            sqlite3_bind_text(st, 1, ms.rows[i].category, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, ms.rows[i].id, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                p->at = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
        }
    }
    al_explainer_free(x);
    qsort(items, ms.n, sizeof *items, cmp_preview);
    *n = ms.n < max ? ms.n : max;
    *out = items;
    match_set_free(&ms);
    return 0;
}
