/*
 * site_int — what the page files of the website share: the per-thread database connection
 * with its cache of prepared statements, query results held as rows, the request context,
 * the page layout and the Dutch formatting of dates. Not for use outside src/web.
 *
 * Promises:
 *  - Every query is one of the fixed SQL texts of queries.c (enum site_q), prepared once per
 *    connection and thread and reused; values are always bound, never spliced into SQL.
 *  - A connection is read-only (SQLITE_OPEN_READONLY plus PRAGMA query_only) and a query
 *    that runs longer than SITE_QUERY_MS is interrupted, so a page costs bounded time.
 *  - struct rows copies what a statement returned (at most SITE_MAX_ROWS rows), so pages
 *    can group and render rows in any order and in any output format after the statement
 *    was reset. Rows belong to the request and are freed by req_done().
 */
#ifndef KW_WEB_SITE_INT_H
#define KW_WEB_SITE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/tm.h"
#include "web/html.h"
#include "web/http.h"
#include "web/ical.h"
#include "web/json.h"
#include "web/route.h"
#include "web/site.h"
#include "web/xmlw.h"

struct sqlite3;
struct sqlite3_stmt;

#define SITE_MAX_ROWS 20000
#define SITE_QUERY_MS 5000
#define SITE_MAX_TEXT (4u * 1024 * 1024)   /* readable text shown on a document page */
#define SITE_PAGE 50                       /* rows per page of a list */

/* The queries of the site, SQL in queries.c. */
enum site_q {
    Q_DOC,
    Q_DOC_ACTORS,
    Q_DOC_DOSSIERS,
    Q_DOC_ZAKEN,
    Q_DOC_ACTIVITEITEN,
    Q_DOC_BIJLAGEN,
    Q_DOC_BRON,
    Q_DOC_ZAAKDOCS,
    Q_DOC_FILE,
    Q_DOC_EXISTS,
    Q_ZAKEN_ACTORS,
    Q_ZAKEN_BESLUITEN,
    Q_ZAKEN_STEMMINGEN,
    Q_ZAKEN_ACTIVITEITEN,
    Q_ZAKEN_DOCS,
    Q_ZAKEN_DOSSIERS,
    Q_ZAKEN_RELATED,
    Q_ZAAK,
    Q_DOSSIER,
    Q_DOSSIER_DOCS,
    Q_DOSSIER_ZAKEN,
    Q_ACT,
    Q_ACT_ACTORS,
    Q_ACT_AGENDAPUNTEN,
    Q_ACT_DOCS,
    Q_ACT_ZAKEN,
    Q_ACT_ZAAL,
    Q_ACT_TOEZEGGINGEN,
    Q_ACT_EVENT,
    Q_PERSOON,
    Q_PERSOON_FRACTIE,
    Q_PERSOON_PHOTO,
    Q_PERSOON_ZAKEN,
    Q_PERSOON_DOCS,
    Q_PERSOON_ACTIVITEITEN,
    Q_PERSOON_GESCHENKEN,
    Q_PERSOON_TOEZEGGINGEN,
    Q_PERSOON_COMMISSIES,
    Q_PERSOON_VRAGEN,
    Q_COMMISSIE,
    Q_COMMISSIE_LEDEN,
    Q_COMMISSIE_ACTIVITEITEN,
    Q_COMMISSIE_ZAKEN,
    Q_COMMISSIE_RESOLVE,
    Q_ACTOR_ZAKEN,
    Q_COMMISSIES,
    Q_FRONT_DOCS,
    Q_FRONT_BIJLAGEN,
    Q_FRONT_VERSLAGEN,
    Q_FRONT_VANDAAG,
    Q_ACTIVITEITEN,
    Q_ACTIVITEITEN_SOORTEN,
    Q_ONGEPLAND,
    Q_BESLUITEN,
    Q_STEMMINGEN,
    Q_STEMMINGEN_VOTES,
    Q_FRACTIES,
    Q_KAMERLEDEN,
    Q_GESCHENKEN,
    Q_DOSSIERS,
    Q_OPEN_VRAGEN,
    Q_OPEN_VRAGEN_ACTORS,
    Q_TOEZEGGINGEN,
    Q_TOEZEGGINGEN_COUNTS,
    Q_VERSLAG,
    Q_STATE,
    Q_COUNT_CATEGORY,
    Q_AGENDA,
    Q_REDIRECT_KST,
    Q_COUNT
};
extern const char *const site_sql[Q_COUNT];

/* One read-only connection and its prepared statements; owned by one thread. */
struct site_conn {
    struct sqlite3 *db;
    struct sqlite3_stmt *st[Q_COUNT];
    int64_t deadline_ms;
};

struct site {
    struct site_config cfg;
    char *db_path, *files_dir, *cache_dir, *base_url, *base_late;
    _Atomic(const char *) base; /* base_url, or base_late once set; see site_base() */
    pthread_key_t conn_key;
    struct http_server *server; /* for /metrics; may be NULL */
    int64_t started;
    struct text_jobs *jobs;     /* background text extraction, see text_cache.c */
    char *count_sql;            /* Q_COUNT_CATEGORY, built from the model */
    struct page_cache *pages;   /* rendered answers; NULL when it could not be opened */
};

/* ---- rows ---- */
#define ROWS_NULL UINT32_MAX
struct rows {
    size_t n, ncol, cap;
    char **names;     /* ncol column names */
    uint32_t *off;    /* n * ncol offsets into text, ROWS_NULL for SQL NULL */
    uint8_t *type;    /* n * ncol SQLite column types */
    struct buf text;
    struct rows *next; /* the request's list */
    /* column lookups by name are cached by the name's address (callers pass literals) */
    const char *ck[32];
    int cv[32];
};

/* Column index by name, or -1. */
int rows_col(const struct rows *r, const char *name);
/* Value of row i in column name: NULL when SQL NULL or no such column. */
const char *rv(const struct rows *r, size_t i, const char *name);
/* Same, "" instead of NULL. */
const char *rs_(const struct rows *r, size_t i, const char *name);
int64_t ri(const struct rows *r, size_t i, const char *name);
bool rnull(const struct rows *r, size_t i, const char *name);
/* Writes row i's columns as members of the JSON object the caller has opened. */
void rows_json_fields(struct jsonw *j, const struct rows *r, size_t i);
/* Writes rows as an array of objects (column names as keys). With match_col, only the
 * rows whose column match_col equals match (and without that column in the objects). */
void rows_json(struct jsonw *j, const struct rows *r, const char *match_col, const char *match);

/* ---- request ---- */
enum site_fmt { FMT_HTML, FMT_JSON, FMT_ATOM, FMT_ICAL };

struct req {
    struct site *site;
    struct site_conn *conn;
    const struct http_request *rq;
    struct http_response *rs;
    enum site_fmt fmt;
    struct html h;
    struct jsonw j;
    struct xmlw x;
    struct ical c;
    struct rows *rows;
    int64_t now; /* seconds since the epoch, fixed for the request */
};

/* Runs query id with bound values described by types ('s' text, 'i' int64, 'n' NULL) and
 * copies its rows. Returns NULL on a database error (logged; the page answers 500). */
struct rows *Q(struct req *q, enum site_q id, const char *types, ...);

/* A JSON array of the values of column col in r, for "IN (SELECT value FROM json_each(?))". */
void rows_id_list(const struct rows *r, const char *col, struct buf *out);

/* The ZaakActor relaties that name a commissie; the SQL list and the C test agree. */
#define COMMISSIE_RELATIES "('Voortouwcommissie', 'Medevoortouwcommissie', 'Volgcommissie')"
bool is_commissie_relatie(const char *relatie);

/* ---- layout (layout.c) ---- */
struct page_meta {
    const char *title;       /* escaped */
    const char *description; /* optional, escaped */
    bool atom;               /* offer an Atom alternate at <path>/atom */
    bool ical;               /* offer an iCal alternate */
    const char *ical_href;
};
void page_begin(struct req *q, const struct page_meta *m);
void page_end(struct req *q);
/* Writes the request path percent-encoded per segment (for self links). */
void html_path(struct html *h, const char *path);
void site_error_body(struct req *q, int status, const char *detail);
/* Answers with a friendly page and the given status (404 for "not found", etc.). */
int site_not_found(struct req *q, const char *what);

/* ---- Dutch dates (nl.c) ---- */
/* Parses a stored value (UTC date-time or plain date) and gives the Amsterdam wall clock.
 * Returns 0, or -1 when s is empty or not a date. */
struct nl_time {
    int y;
    unsigned mon, d, h, min;
    int wday; /* 0 = zondag */
    bool has_time;
    int64_t utc;
};
int nl_parse(const char *s, struct nl_time *t);
/* "24 september 2021" */
void html_date(struct html *h, const char *s);
/* "19 februari 2024 10:56" (date only when s has no time) */
void html_datetime(struct html *h, const char *s);
/* "10:56" */
void html_clock(struct html *h, const char *s);
/* "vrijdag 24 september 2021" */
void html_day(struct html *h, const char *s);
/* The local day "YYYY-MM-DD" of a stored value into out[11]; "" when not a date. */
void nl_local_day(const char *s, char out[11]);
/* The UTC text "YYYY-MM-DDTHH:MM:SSZ" of local midnight starting the day `days` from the
 * Amsterdam day of `now`. */
void nl_day_start_utc(int64_t now, int days, char out[TM_UTC_LEN]);
int64_t nl_utc(const char *s);
const char *nl_month(unsigned m);

/* ---- shared pieces (common.c) ---- */
/* <a href="/document/N">N</a> etc. */
void link_document(struct html *h, const char *nummer, const char *label);
void link_zaak(struct html *h, const char *nummer, const char *label);
void link_persoon(struct html *h, const char *nummer, const char *label);
void link_activiteit(struct html *h, const char *nummer, const char *label);
void link_dossier(struct html *h, const char *nummer, const char *toevoeging,
                  const char *label);
/* "31293" or "36600-XV" into out. */
void dossier_id(const char *nummer, const char *toevoeging, char *out, size_t outlen);
/* Parses "31293" or "36600-XV" (toevoeging may contain '-'). */
int dossier_parse(const char *s, char *nummer, size_t nlen, char *toev, size_t tlen);
/* True when s looks like YYYY + letter + 5 digits. */
bool is_tk_number(const char *s, char letter);
/* The path of an entity's file under FILES (aa/bb/<guid>) into out. Returns 0 if the guid
 * is well-formed. */
int files_path(const struct site *s, const char *guid, char *out, size_t outlen);
/* Reads a whole file of at most max bytes. Returns 0, -1 when missing, -2 when too big. */
int read_file(const char *path, size_t max, struct buf *out);
/* Answers with a redirect to prefix + id (percent-encoded) + suffix; returns 0. */
int site_redirect(struct http_response *rs, int status, const char *prefix, const char *id,
                  const char *suffix);
/* Query parameter as a bounded integer (def when absent or invalid). */
int64_t param_int(const struct req *q, const char *name, int64_t def, int64_t lo, int64_t hi);
/* ---- small shared renderers (common.c), so pages write the same things the same way ---- */
/* The whole JSON answer {"type": type, key: [rows]}. */
void json_rows_answer(struct req *q, const char *type, const char *key, const struct rows *r);
/* Opens the JSON object of a list page: {"type": type, "pagina": page, "meer": more ... */
void json_list_head(struct req *q, const char *type, int64_t page, bool more);
/* The whole JSON answer of a list page: json_list_head, then key: [rows], closed. */
void json_list_answer(struct req *q, const char *type, int64_t page, bool more, const char *key,
                      const struct rows *r);
/* "<dt>label</dt><dd>value</dd>" of a definition list, when value is not NULL. */
void html_fact(struct html *h, const char *label, const char *value);
/* The same with the value shown as a Dutch date. */
void html_fact_date(struct html *h, const char *label, const char *value);
/* The next table cell: "</td><td>" and the value as text, or as a Dutch date. */
void html_td_text(struct html *h, const char *s);
void html_td_date(struct html *h, const char *s);
/* " (s)" when s is not NULL. */
void html_paren(struct html *h, const char *s);
/* " <span class="soort">soort</span> onderwerp" of row i (after a link to the object). */
void html_soort_onderwerp(struct html *h, const struct rows *r, size_t i);
/* A <ul> with one <li> per row of r, its content written by item. */
typedef void (*html_item_fn)(struct html *h, const struct rows *r, size_t i);
void html_ul(struct html *h, const struct rows *r, html_item_fn item);
/* Item: "datum link-to-zaak soort onderwerp", with " (relatie)" when the rows have one. */
void html_zaak_item(struct html *h, const struct rows *r, size_t i);
/* Paging links "vorige / volgende" keeping the other parameters. */
void html_pager(struct req *q, int64_t page, bool more);
/* Votes: renders a besluit's tally (bar + per party table). votes = rows of Stemming with
 * besluit_id; only those of besluit. */
struct tally {
    int64_t voor, tegen, niet, total;
    bool hoofdelijk;
    int nvergissing;
};
void tally_votes(const struct rows *v, const char *besluit, struct tally *t);
void html_vote_bar(struct html *h, const struct tally *t);
void html_votes(struct html *h, const struct rows *v, const char *besluit, bool details);
void json_votes(struct jsonw *j, const struct rows *v, const char *besluit);
/* Zaken block (actors, besluiten with votes, activities) shared by document, zaak and
 * dossier pages. zaken: rows with id, nummer, soort, onderwerp ... */
struct zaak_ctx {
    struct rows *zaken, *actors, *besluiten, *votes, *acts;
};
int zaak_ctx_load(struct req *q, struct rows *zaken, struct zaak_ctx *z);
void html_zaak_block(struct req *q, const struct zaak_ctx *z, size_t i, int hlevel);
void json_zaak(struct req *q, const struct zaak_ctx *z, size_t i);

/* ---- feeds (site_feed.c) ---- */
/* Atom: the feed element with id, title, updated (stored time text), self link. */
void atom_begin(struct req *q, const char *title, const char *updated);
/* One entry; path is the site path of the object ("/document/2021D35262"), used for the
 * link and the stable id (tag URI). updated and published are stored time texts. */
void atom_entry(struct req *q, const char *path, const char *title, const char *updated,
                const char *summary, const char *category);
void atom_end(struct req *q);
/* The entry of row i of a list of documents, zaken or activities: path prefix + "nummer" (cut
 * to 40 bytes), title "onderwerp", summary and category "soort", updated from column
 * updated_col. */
void atom_row(struct req *q, const char *prefix, const struct rows *r, size_t i,
              const char *updated_col);
/* A whole feed over list rows: one entry per row, linked to path_prefix + the row's key
 * column (cut to 60 bytes); title, summary and category come from the named columns
 * (category may be NULL); the feed's updated time is the first row's `updated` column. */
void atom_rows(struct req *q, const char *feed_title, const struct rows *r, const char *path_prefix,
               const char *key_col, const char *title_col, const char *summary_col,
               const char *category_col);
/* iCal: the calendar around events; one VEVENT per row of an activity query (ACT_COLS). */
void ical_calendar(struct req *q, const char *name, const struct rows *acts);
/* The site's absolute base URL: configured, set by site_set_base_url(), or
 * SITE_DEFAULT_BASE; never relative, never with a trailing '/'. */
const char *site_base(const struct req *q);

/* A search snippet (HTML-escaped text with <mark>...</mark>, see search.h) written through
 * the writer: entities are decoded and the text escaped again; only <mark> and </mark>
 * become markup, anything else in the input stays text. */
void html_marked(struct html *h, const char *s);

/* ---- autolink.c ---- */
void html_autolink(struct html *h, const char *text, size_t n);
/* The text as paragraphs (<p>, <br>), re-joining lines a converter wrapped, with links. */
void html_reflow(struct html *h, const char *text, size_t n);

/* ---- text_cache.c ---- */
struct text_jobs;
struct text_jobs *text_jobs_new(struct site *s);
void text_jobs_free(struct text_jobs *t);
enum text_state { TC_READY, TC_PENDING, TC_FAILED, TC_NO_FILE, TC_DISABLED };
/* The readable text of a downloaded file (guid) into out, waiting at most wait_ms for a
 * conversion. */
enum text_state text_get(struct site *s, const char *guid, const char *content_type,
                         unsigned wait_ms, struct buf *out);
bool text_available(void);

/* ---- pages ---- */
#define PAGE(name)                                                                          \
    int name(void *ctx, const struct http_request *rq, const struct route_args *a,          \
             struct http_response *rs)
PAGE(page_document);
PAGE(page_document_file);
PAGE(page_zaak);
PAGE(page_dossier);
PAGE(page_activiteit);
PAGE(page_persoon);
PAGE(page_persoon_foto);
PAGE(page_commissie);
PAGE(page_commissies);
PAGE(page_kamerleden);
PAGE(page_geschenken);
PAGE(page_front);
PAGE(page_activiteiten);
PAGE(page_ongepland);
PAGE(page_besluiten);
PAGE(page_stemmingen);
PAGE(page_dossiers);
PAGE(page_open_vragen);
PAGE(page_toezeggingen);
PAGE(page_toezegging);
PAGE(page_verslagen);
PAGE(page_verslag);
PAGE(page_over);
PAGE(page_zoeken);
PAGE(page_status);
PAGE(page_metrics);
PAGE(page_css);
PAGE(page_agenda_ics);
PAGE(page_redirect_old);
PAGE(page_redirect_kst);

/* Opens a page handler: declares `struct req q` set up by req_init(), or returns its
 * status from the handler (500 when no database connection could be opened). */
#define REQ_OPEN(q)                                                                          \
    struct req q;                                                                            \
    do {                                                                                     \
        int rc_ = req_init(&(q), ctx, rq, rs);                                               \
        if (rc_)                                                                             \
            return rc_;                                                                      \
    } while (0)
/* Ends an HTML page (page_end) and the request: "return page_done(&q);". */
int page_done(struct req *q);
/* The same after the paging links of a list page. */
int list_done(struct req *q, int64_t page, bool more);
/* Sets up a request context (connection, format from ?format= and Accept). Returns 0, or
 * 500 when no database connection could be opened. */
int req_init(struct req *q, void *site, const struct http_request *rq,
             struct http_response *rs);
/* Frees the request's rows; returns rc unchanged, for "return req_done(&q, 0)". */
int req_done(struct req *q, int rc);
/* Starts the output of the chosen format (writers bound to rs->body, content type set). */
void req_start(struct req *q);


#endif
