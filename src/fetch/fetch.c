/*
 * fetch — the download engine: work list in batches from the store, curl multi with a fixed
 * number of transfers, atomic file placement with earlier versions kept; see fetch.h.
 *
 * The work list is read in keyset batches (e.id > last id, WORK_BATCH rows) and the
 * statement is reset before any transfer starts, so no read transaction stays open while
 * results are recorded: each finished file is committed on its own and survives a kill -9.
 */
#include "fetch/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch_int.h"
#include "model/model.h"
#include "util/tm.h"

#define WORK_BATCH 256
#define COPY_CHUNK 65536
#define PROGRESS_EVERY 0.2 /* seconds */
#define URL_MAX 2048
#define DIR_SYNC_EVERY 1024 /* renames between two fsyncs of the directories they touched */

struct item {
    enum fetch_category cat;
    char id[40];
    char url[URL_MAX];
    char ctype[128];
    int64_t clen; /* -1: none announced */
    char bijgewerkt[40];
    int64_t attempts; /* failures in a row of this entity version so far */
    int64_t versions;
};

struct xfer {
    CURL *curl;
    bool busy;
    struct item it;
    int fd;
    char final[FETCH_PATH_MAX], tmp[FETCH_PATH_MAX + 8], rel[64];
    int64_t got, limit;
    bool too_big;
    int write_errno;
    char errbuf[CURL_ERROR_SIZE];
};

struct engine {
    sqlite3 *db;
    const struct fetch_opts *o;
    struct fetch_report *r;
    sqlite3_stmt *sel[FETCH_NCATEGORIES], *put_stored, *put_failed, *put_skipped;
    CURLM *multi;
    struct xfer *x;
    int active;
    struct item *queue;
    size_t qhead, qlen;
    int cat; /* category being listed */
    char last_id[40];
    bool listed; /* the whole work list has been read */
    int64_t now;
    char now_s[TM_UTC_LEN];
    double t0, last_progress;
    struct fetch_progress prog;
    char **dirs; /* directories renamed into since the last sync_dirs() */
    size_t ndirs;
    char err[512];
};

void fetch_opts_default(struct fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->source = FETCH_DEFAULT_SOURCE;
    o->jobs = FETCH_DEFAULT_JOBS;
    o->max_bytes = (int64_t)FETCH_DEFAULT_MAX_MB << 20;
    o->retry_base_s = FETCH_RETRY_BASE_S;
    o->connect_timeout_s = 10;
    o->read_timeout_s = 60;
    o->user_agent = "kamerwacht/" KW_VERSION " (+https://github.com/kamerwacht)";
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int fetch_path(const char *dir, const char *id, char *path, size_t pathlen, char *rel,
               size_t rellen)
{
    size_t n = strlen(id);
    if (!kw_is_guid(id, n))
        return -1;
    char g[40];
    for (size_t i = 0; i <= n; i++)
        g[i] = (char)((id[i] >= 'A' && id[i] <= 'Z') ? id[i] + 32 : id[i]);
    int w = snprintf(path, pathlen, "%s/%.2s/%.2s/%s", dir, g, g + 2, g);
    if (w < 0 || (size_t)w >= pathlen)
        return -1;
    if (rel)
        snprintf(rel, rellen, "%.2s/%.2s/%s", g, g + 2, g);
    return 0;
}

/* mkdir -p for the directory part of path (everything before the last '/'). */
static int make_parents(const char *path)
{
    char tmp[FETCH_PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    char *slash = strrchr(tmp, '/');
    if (!slash || slash == tmp)
        return 0;
    *slash = '\0';
    struct stat st;
    if (stat(tmp, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : -1;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Makes the renames durable: one fsync per directory touched since the last call. A rename
 * lost to a power cut before this is harmless: the next run sees the file missing (or of the
 * wrong size) and fetches it again. */
static void sync_dirs(struct engine *e)
{
    qsort(e->dirs, e->ndirs, sizeof *e->dirs, by_string);
    for (size_t i = 0; i < e->ndirs; i++) {
        if (i == 0 || strcmp(e->dirs[i], e->dirs[i - 1])) {
            int fd = open(e->dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) {
                fsync(fd);
                close(fd);
            }
        }
    }
    for (size_t i = 0; i < e->ndirs; i++)
        free(e->dirs[i]);
    e->ndirs = 0;
}

static void note_dir_of(struct engine *e, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return;
    if (e->ndirs >= DIR_SYNC_EVERY)
        sync_dirs(e);
    e->dirs[e->ndirs] = strndup(path, (size_t)(slash - path));
    if (!e->dirs[e->ndirs])
        abort();
    e->ndirs++;
}

/* Do the two files hold the same bytes? */
static bool same_content(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) || stat(b, &sb) || sa.st_size != sb.st_size)
        return false;
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    char *ba = malloc(COPY_CHUNK), *bb = malloc(COPY_CHUNK);
    if (!ba || !bb)
        abort();
    while (same) {
        size_t na = fread(ba, 1, COPY_CHUNK, fa), nb = fread(bb, 1, COPY_CHUNK, fb);
        if (na != nb || memcmp(ba, bb, na))
            same = false;
        if (na == 0)
            break;
    }
    free(ba);
    free(bb);
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static long backoff_s(const struct fetch_opts *o, int64_t attempts)
{
    long s = o->retry_base_s > 0 ? o->retry_base_s : FETCH_RETRY_BASE_S;
    for (int64_t i = 1; i < attempts && s < FETCH_RETRY_MAX_S; i++)
        s *= 2;
    return s < FETCH_RETRY_MAX_S ? s : FETCH_RETRY_MAX_S;
}

/* Copies a C string, cut to fit (snprintf would do, but warns about the cut). */
static void copy_str(char *dst, size_t dstlen, const char *src)
{
    size_t n = strlen(src);
    if (n >= dstlen)
        n = dstlen - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void note(struct fetch_item_note *list, size_t *n, const struct item *it, const char *why)
{
    if (*n >= FETCH_REPORT_LIST)
        return;
    struct fetch_item_note *e = &list[(*n)++];
    copy_str(e->id, sizeof e->id, it->id);
    e->category = it->cat;
    e->bytes = it->clen;
    copy_str(e->why, sizeof e->why, why);
}

/* ---- recording results ------------------------------------------------------------------- */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static int step_done(struct engine *e, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) {
        snprintf(e->err, sizeof e->err, "recording %s: %s", what, sqlite3_errmsg(e->db));
        return -1;
    }
    return 0;
}

static int record_stored(struct engine *e, const struct xfer *x, bool mismatch)
{
    const struct item *it = &x->it;
    sqlite3_stmt *st = e->put_stored;
    int64_t attempts = mismatch ? it->attempts + 1 : 0;
    char why[160] = "", next[TM_UTC_LEN] = "";
    if (mismatch) {
        snprintf(why, sizeof why, "received %lld bytes, contentLength says %lld", (long long)x->got,
                 (long long)it->clen);
        tm_format_utc(e->now + backoff_s(e->o, attempts), next);
    }
    sqlite3_bind_text(st, 1, it->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, fetch_category_name(it->cat), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, it->url, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, x->rel, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, x->got);
    bind_text_or_null(st, 6, it->ctype);
    if (it->clen >= 0)
        sqlite3_bind_int64(st, 7, it->clen);
    else
        sqlite3_bind_null(st, 7);
    bind_text_or_null(st, 8, it->bijgewerkt);
    sqlite3_bind_int(st, 9, mismatch);
    sqlite3_bind_int64(st, 10, it->versions);
    sqlite3_bind_text(st, 11, e->now_s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 12, attempts);
    bind_text_or_null(st, 13, why);
    bind_text_or_null(st, 14, next);
    return step_done(e, st, it->id);
}

static int record_failed(struct engine *e, const struct item *it, const char *why)
{
    sqlite3_stmt *st = e->put_failed;
    int64_t attempts = it->attempts + 1;
    char next[TM_UTC_LEN];
    tm_format_utc(e->now + backoff_s(e->o, attempts), next);
    sqlite3_bind_text(st, 1, it->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, fetch_category_name(it->cat), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, it->url, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 4, it->ctype);
    sqlite3_bind_int64(st, 5, attempts);
    sqlite3_bind_text(st, 6, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, next, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 8, it->bijgewerkt);
    e->r->failed++;
    note(e->r->failed_list, &e->r->nfailed_list, it, why);
    return step_done(e, st, it->id);
}

static int record_skipped(struct engine *e, const struct item *it, const char *why)
{
    sqlite3_stmt *st = e->put_skipped;
    sqlite3_bind_text(st, 1, it->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, fetch_category_name(it->cat), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, it->url, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 4, it->ctype);
    sqlite3_bind_text(st, 5, why, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 6, it->bijgewerkt);
    return step_done(e, st, it->id);
}

/* ---- the work list ---------------------------------------------------------------------- */

static const char *col_text(sqlite3_stmt *st, int c)
{
    const char *s = (const char *)sqlite3_column_text(st, c);
    return s ? s : "";
}

static bool col_null(sqlite3_stmt *st, int c)
{
    return sqlite3_column_type(st, c) == SQLITE_NULL;
}

static void make_url(const struct engine *e, struct item *it, const char *enclosure)
{
    if (!strncmp(enclosure, "http://", 7) || !strncmp(enclosure, "https://", 8))
        snprintf(it->url, sizeof it->url, "%s", enclosure);
    else
        snprintf(it->url, sizeof it->url, "%s/Resources/%s", e->o->source, it->id);
}

/* Decides what a work-list row needs; queues it when it needs a download. */
static int consider(struct engine *e, sqlite3_stmt *st)
{
    struct fetch_report *r = e->r;
    struct item it;
    memset(&it, 0, sizeof it);
    it.cat = (enum fetch_category)e->cat;
    snprintf(it.id, sizeof it.id, "%s", col_text(st, WL_ID));
    snprintf(it.ctype, sizeof it.ctype, "%s", col_text(st, WL_CTYPE));
    it.clen = col_null(st, WL_CLEN) ? -1 : sqlite3_column_int64(st, WL_CLEN);
    snprintf(it.bijgewerkt, sizeof it.bijgewerkt, "%s", col_text(st, WL_BIJGEWERKT));
    make_url(e, &it, col_text(st, WL_ENCLOSURE));
    bool row = !col_null(st, WL_R_ID);
    bool same_version = row && !strcmp(col_text(st, WL_R_TRIED), it.bijgewerkt);
    it.attempts = same_version ? sqlite3_column_int64(st, WL_R_ATTEMPTS) : 0;
    it.versions = row ? sqlite3_column_int64(st, WL_R_VERSIONS) : 0;
    const char *next_try = col_text(st, WL_R_NEXT_TRY);
    bool due = !next_try[0] || strcmp(next_try, e->now_s) <= 0 || e->o->retry_all;
    e->prog.checked++;

    char path[FETCH_PATH_MAX];
    if (fetch_path(e->o->dir, it.id, path, sizeof path, NULL, 0)) {
        r->failed++;
        note(r->failed_list, &r->nfailed_list, &it, "the id is not a GUID; not fetched");
        return 0;
    }
    if (it.clen > e->o->max_bytes) {
        char why[160];
        snprintf(why, sizeof why, "contentLength %.1f MB is over the limit of %.0f MB",
                 (double)it.clen / (1 << 20), (double)e->o->max_bytes / (1 << 20));
        r->skipped++;
        note(r->skipped_list, &r->nskipped_list, &it, why);
        if (same_version && !col_null(st, WL_R_SKIPPED))
            return 0;
        return record_skipped(e, &it, why);
    }
    bool stored =
        row && !col_null(st, WL_R_PATH) && !strcmp(col_text(st, WL_R_BIJGEWERKT), it.bijgewerkt) &&
        (col_null(st, WL_R_CLEN) ? it.clen < 0 : sqlite3_column_int64(st, WL_R_CLEN) == it.clen);
    if (stored) {
        struct stat sb;
        stored = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
                 (int64_t)sb.st_size == sqlite3_column_int64(st, WL_R_BYTES);
    }
    bool flagged = stored && sqlite3_column_int(st, WL_R_MISMATCH);
    if (stored && (!flagged || !due)) {
        r->present++;
        return 0;
    }
    if (!stored && same_version && !due) {
        r->deferred++;
        return 0;
    }
    e->queue[e->qlen++] = it;
    return 0;
}

/* Reads the next batch of the work list into the queue (which is empty). */
static int refill(struct engine *e)
{
    e->qhead = e->qlen = 0;
    while (e->qlen == 0 && !e->listed) {
        if (e->cat >= FETCH_NCATEGORIES) {
            e->listed = true;
            break;
        }
        if (!e->sel[e->cat]) {
            e->cat++;
            e->last_id[0] = '\0';
            continue;
        }
        /* consider() may record a skipped file while the statement is open; that row has
         * been read already and the keyset (e.id > last id) never returns it again */
        sqlite3_stmt *st = e->sel[e->cat];
        sqlite3_bind_text(st, 1, e->last_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, WORK_BATCH);
        int rows = 0, rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            rows++;
            snprintf(e->last_id, sizeof e->last_id, "%s", col_text(st, WL_ID));
            if (consider(e, st)) {
                sqlite3_reset(st);
                return -1;
            }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            snprintf(e->err, sizeof e->err, "reading the work list: %s", sqlite3_errmsg(e->db));
            return -1;
        }
        if (rows < WORK_BATCH) {
            e->cat++;
            e->last_id[0] = '\0';
        }
    }
    return 0;
}

/* ---- transfers ----------------------------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t nmemb, void *userdata)
{
    struct xfer *x = userdata;
    size_t n = size * nmemb;
    long code = 0;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code != 200)
        return 0; /* FAILONERROR catches >= 400; this catches 2xx other than 200 */
    if (x->got + (int64_t)n > x->limit) {
        x->too_big = true;
        return 0;
    }
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(x->fd, p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            x->write_errno = w < 0 ? errno : EIO;
            return 0;
        }
        off += (size_t)w;
    }
    x->got += (int64_t)n;
    return n;
}

static int start(struct engine *e, struct xfer *x, const struct item *it)
{
    x->it = *it;
    x->got = 0;
    x->too_big = false;
    x->write_errno = 0;
    x->errbuf[0] = '\0';
    x->limit = e->o->max_bytes;
    fetch_path(e->o->dir, it->id, x->final, sizeof x->final, x->rel, sizeof x->rel);
    snprintf(x->tmp, sizeof x->tmp, "%s.part", x->final);
    if (make_parents(x->final) < 0) {
        char why[FETCH_PATH_MAX + 64];
        snprintf(why, sizeof why, "cannot create the directory of %s: %s", x->rel, strerror(errno));
        return record_failed(e, it, why);
    }
    x->fd = open(x->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (x->fd < 0) {
        char why[FETCH_PATH_MAX + 64];
        snprintf(why, sizeof why, "cannot write %s.part: %s", x->rel, strerror(errno));
        return record_failed(e, it, why);
    }
    CURL *c = x->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, x->it.url);
    curl_easy_setopt(c, CURLOPT_USERAGENT, e->o->user_agent);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, e->o->connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, e->o->read_timeout_s);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->limit);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(c, CURLOPT_PRIVATE, x);
    if (curl_multi_add_handle(e->multi, c) != CURLM_OK) {
        close(x->fd);
        unlink(x->tmp);
        return record_failed(e, it, "cannot start the transfer");
    }
    x->busy = true;
    e->active++;
    return 0;
}

static void abandon(struct engine *e, struct xfer *x)
{
    curl_multi_remove_handle(e->multi, x->curl);
    close(x->fd);
    unlink(x->tmp);
    x->busy = false;
    e->active--;
}

/* The body is complete in x->tmp: put it in place, keeping a different earlier file. */
static int place(struct engine *e, struct xfer *x)
{
    struct fetch_report *r = e->r;
    if (fsync(x->fd) < 0 || close(x->fd) < 0) {
        char why[256];
        snprintf(why, sizeof why, "cannot write the file: %s", strerror(errno));
        unlink(x->tmp);
        return record_failed(e, &x->it, why);
    }
    struct stat sb;
    if (stat(x->final, &sb) == 0) {
        if (same_content(x->final, x->tmp)) {
            unlink(x->tmp);
            r->unchanged++;
            goto stored;
        }
        char old[FETCH_PATH_MAX + 32];
        int64_t n = x->it.versions + 1;
        for (;; n++) {
            snprintf(old, sizeof old, "%s.%lld", x->final, (long long)n);
            if (access(old, F_OK) != 0)
                break;
        }
        /* a hard link keeps the old file reachable until the rename replaces the name */
        if (link(x->final, old) < 0 && rename(x->final, old) < 0) {
            char why[256];
            snprintf(why, sizeof why, "cannot keep the earlier version: %s", strerror(errno));
            unlink(x->tmp);
            return record_failed(e, &x->it, why);
        }
        x->it.versions = n;
        r->versions_kept++;
    }
    if (rename(x->tmp, x->final) < 0) {
        char why[256];
        snprintf(why, sizeof why, "cannot rename into place: %s", strerror(errno));
        unlink(x->tmp);
        return record_failed(e, &x->it, why);
    }
    note_dir_of(e, x->final);
stored:;
    bool mismatch = x->it.clen >= 0 && x->got != x->it.clen;
    r->fetched++;
    r->bytes += x->got;
    e->prog.fetched++;
    e->prog.bytes += x->got;
    if (mismatch)
        r->flagged++;
    return record_stored(e, x, mismatch);
}

static int finish(struct engine *e, struct xfer *x, CURLcode rc)
{
    curl_multi_remove_handle(e->multi, x->curl);
    x->busy = false;
    e->active--;
    long code = 0;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
    char why[CURL_ERROR_SIZE + 64];
    if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        close(x->fd);
        unlink(x->tmp);
        snprintf(why, sizeof why, "the body is larger than the limit of %.0f MB",
                 (double)x->limit / (1 << 20));
        e->r->skipped++;
        note(e->r->skipped_list, &e->r->nskipped_list, &x->it, why);
        return record_skipped(e, &x->it, why);
    }
    if (rc == CURLE_OK && code == 200 && !x->write_errno)
        return place(e, x);
    close(x->fd);
    unlink(x->tmp);
    if (x->write_errno)
        snprintf(why, sizeof why, "cannot write the file: %s", strerror(x->write_errno));
    else if (code != 200 && code != 0)
        snprintf(why, sizeof why, "HTTP %ld", code);
    else
        snprintf(why, sizeof why, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
    e->prog.failed++;
    return record_failed(e, &x->it, why);
}

static void report_progress(struct engine *e, bool force)
{
    if (!e->o->progress)
        return;
    double t = mono();
    if (!force && t - e->last_progress < PROGRESS_EVERY)
        return;
    e->last_progress = t;
    e->prog.active = e->active;
    e->prog.elapsed = t - e->t0;
    e->o->progress(e->o->progress_ctx, &e->prog);
}

static int count_candidates(struct engine *e)
{
    struct buf sql = BUF_INIT;
    int rc = 0;
    for (int c = 0; c < FETCH_NCATEGORIES && rc == 0; c++) {
        if (!e->sel[c])
            continue;
        buf_reset(&sql);
        fetchdb_count_sql(&sql, (enum fetch_category)c, false);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(e->db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
            snprintf(e->err, sizeof e->err, "%s", sqlite3_errmsg(e->db));
            rc = -1;
            break;
        }
        if (sqlite3_step(st) == SQLITE_ROW)
            e->r->candidates += sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    buf_free(&sql);
    e->prog.candidates = e->r->candidates;
    return rc;
}

static int prepare(struct engine *e)
{
    bool any = false;
    for (int c = 0; c < FETCH_NCATEGORIES; c++)
        any |= e->o->categories[c];
    struct buf sql = BUF_INIT;
    for (int c = 0; c < FETCH_NCATEGORIES; c++) {
        if (any && !e->o->categories[c])
            continue;
        buf_reset(&sql);
        fetchdb_worklist_sql(&sql, (enum fetch_category)c);
        if (sqlite3_prepare_v2(e->db, buf_cstr(&sql), -1, &e->sel[c], NULL) != SQLITE_OK)
            goto fail;
    }
    buf_free(&sql);
    if (sqlite3_prepare_v2(e->db, FETCHDB_PUT_STORED, -1, &e->put_stored, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(e->db, FETCHDB_PUT_FAILED, -1, &e->put_failed, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(e->db, FETCHDB_PUT_SKIPPED, -1, &e->put_skipped, NULL) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    buf_free(&sql);
    snprintf(e->err, sizeof e->err, "preparing the work list: %s", sqlite3_errmsg(e->db));
    return -1;
}

static void release(struct engine *e)
{
    for (int c = 0; c < FETCH_NCATEGORIES; c++)
        sqlite3_finalize(e->sel[c]);
    sqlite3_finalize(e->put_stored);
    sqlite3_finalize(e->put_failed);
    sqlite3_finalize(e->put_skipped);
    if (e->x) {
        for (int i = 0; i < e->o->jobs; i++) {
            if (e->x[i].busy)
                abandon(e, &e->x[i]);
            if (e->x[i].curl)
                curl_easy_cleanup(e->x[i].curl);
        }
    }
    if (e->multi)
        curl_multi_cleanup(e->multi);
    if (e->dirs)
        sync_dirs(e);
    free(e->dirs);
    free(e->x);
    free(e->queue);
}

static bool stopping(const struct engine *e)
{
    return e->o->stop && *e->o->stop;
}

/* The main loop: keep `jobs` transfers going until the work list is done. */
static int pump(struct engine *e)
{
    for (;;) {
        while (!stopping(e) && e->active < e->o->jobs) {
            if (e->qhead >= e->qlen && !e->listed && refill(e))
                return -1;
            if (e->qhead >= e->qlen)
                break;
            struct xfer *x = NULL;
            for (int i = 0; i < e->o->jobs && !x; i++)
                if (!e->x[i].busy)
                    x = &e->x[i];
            if (start(e, x, &e->queue[e->qhead++]))
                return -1;
        }
        if (stopping(e)) {
            e->r->stopped = true;
            return 0;
        }
        if (e->active == 0 && e->qhead >= e->qlen && e->listed)
            return 0;
        int running;
        curl_multi_perform(e->multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(e->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            char *priv = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
            struct xfer *x = (struct xfer *)priv;
            CURLcode rc = m->data.result;
            if (x && finish(e, x, rc))
                return -1;
        }
        report_progress(e, false);
        if (e->active > 0)
            curl_multi_poll(e->multi, NULL, 0, 100, NULL);
    }
}

static int lock_dir(const char *dir, int *fd, char *err, size_t errlen)
{
    char path[FETCH_PATH_MAX];
    snprintf(path, sizeof path, "%s/.fetch.lock", dir);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (*fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
        snprintf(err, errlen, "another fetch is writing to %s (lock %s is held)", dir, path);
        close(*fd);
        *fd = -1;
        return -1;
    }
    return 0;
}

int fetch_run(struct store *s, const struct fetch_opts *o_in, struct fetch_report *r, char *err,
              size_t errlen)
{
    memset(r, 0, sizeof *r);
    struct fetch_opts o = *o_in;
    if (o.jobs <= 0)
        o.jobs = FETCH_DEFAULT_JOBS;
    if (o.jobs > FETCH_MAX_JOBS)
        o.jobs = FETCH_MAX_JOBS;
    if (o.max_bytes <= 0)
        o.max_bytes = (int64_t)FETCH_DEFAULT_MAX_MB << 20;
    if (!o.source)
        o.source = FETCH_DEFAULT_SOURCE;
    if (o.connect_timeout_s <= 0)
        o.connect_timeout_s = 10;
    if (o.read_timeout_s <= 0)
        o.read_timeout_s = 60;
    if (!o.user_agent)
        o.user_agent = "kamerwacht/" KW_VERSION;
    if (!o.dir || !o.dir[0]) {
        snprintf(err, errlen, "no files directory given");
        return -1;
    }
    char probe[FETCH_PATH_MAX];
    snprintf(probe, sizeof probe, "%s/x", o.dir);
    struct stat sb;
    if (make_parents(probe) < 0 || stat(o.dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "cannot create the files directory %s: %s", o.dir, strerror(errno));
        return -1;
    }
    int lockfd;
    if (lock_dir(o.dir, &lockfd, err, errlen))
        return -1;
    struct engine *e = calloc(1, sizeof *e);
    if (!e)
        abort();
    e->db = store_db(s);
    e->o = &o;
    e->r = r;
    e->t0 = mono();
    e->now = (int64_t)time(NULL);
    tm_format_utc(e->now, e->now_s);
    int rc = -1;
    if (fetchdb_ensure(e->db, e->err, sizeof e->err) || prepare(e) || count_candidates(e))
        goto out;
    e->queue = calloc(WORK_BATCH, sizeof *e->queue);
    e->x = calloc((size_t)o.jobs, sizeof *e->x);
    e->dirs = calloc(DIR_SYNC_EVERY, sizeof *e->dirs);
    e->multi = curl_multi_init();
    if (!e->queue || !e->x || !e->dirs || !e->multi)
        abort();
    curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o.jobs);
    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o.jobs);
    for (int i = 0; i < o.jobs; i++) {
        e->x[i].curl = curl_easy_init();
        e->x[i].fd = -1;
        if (!e->x[i].curl)
            abort();
    }
    rc = pump(e);
    report_progress(e, true);
out:
    if (rc)
        snprintf(err, errlen, "%s", e->err);
    r->seconds = mono() - e->t0;
    release(e);
    free(e);
    close(lockfd);
    return rc;
}
