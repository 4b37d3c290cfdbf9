/*
 * site_text — the readable text of downloaded files, extracted off the request path.
 *
 * A page asks text_get() for a file's text. A cached copy (CACHE/aa/bb/<guid>.txt, newer
 * than the file) is read at once. Otherwise the file is queued for the background workers,
 * which run text_extract() (converters in subprocesses with their own time limits) and
 * write the result atomically (temporary file + rename); the page waits for that at most
 * the configured time and otherwise says the text is being prepared. A failed conversion
 * leaves a .fail marker so it is not retried on every view (until the file changes).
 * The queue is bounded (TEXT_QUEUE_MAX); when it is full nothing more is queued.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text/extract.h"
#include "web/site_int.h"

#define TEXT_QUEUE_MAX 64
#define TEXT_WORKERS 2
#define TEXT_CT_MAX 128

struct text_job {
    char guid[40];
    char ct[TEXT_CT_MAX];
};

struct text_jobs {
    struct site *site;
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    struct text_job q[TEXT_QUEUE_MAX];
    size_t n;
    char busy[TEXT_WORKERS][40];
    bool stop;
    pthread_t th[TEXT_WORKERS];
    int nth;
};

bool text_available(void)
{
    return true;
}

static int cache_path(const struct site *s, const char *guid, const char *ext, char *out,
                      size_t len)
{
    if (!s->cache_dir)
        return -1;
    int n = snprintf(out, len, "%s/%.2s/%.2s/%s%s", s->cache_dir, guid, guid + 2, guid, ext);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

static void mkdirs_for(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(tmp, 0755);
        *p = '/';
    }
}

static void write_atomic(const char *path, const char *data, size_t n)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    mkdirs_for(path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    if (close(fd) == 0 && off == n)
        rename(tmp, path);
    else
        unlink(tmp);
}

static void run_job(struct site *s, const struct text_job *j)
{
    char src[4096], dst[4200], fail[4200];
    if (files_path(s, j->guid, src, sizeof src) || cache_path(s, j->guid, ".txt", dst, sizeof dst) ||
        cache_path(s, j->guid, ".fail", fail, sizeof fail))
        return;
    struct buf out = BUF_INIT;
    char why[512] = "";
    struct text_extract_limits lim = {60000, 1024, SITE_MAX_TEXT};
    enum text_extract_status st = text_extract(src, j->ct[0] ? j->ct : NULL, &lim, &out, why,
                                               sizeof why);
    if (st == TEXT_OK || st == TEXT_TOO_LARGE || st == TEXT_EMPTY) {
        write_atomic(dst, out.data ? out.data : "", out.len);
        unlink(fail);
    } else {
        write_atomic(fail, why, strlen(why));
    }
    buf_free(&out);
}

static void *worker(void *p)
{
    struct text_jobs *t = p;
    int me = -1;
    pthread_mutex_lock(&t->mu);
    for (int i = 0; i < t->nth; i++)
        if (pthread_equal(t->th[i], pthread_self()))
            me = i;
    for (;;) {
        while (!t->stop && t->n == 0)
            pthread_cond_wait(&t->wake, &t->mu);
        if (t->stop)
            break;
        struct text_job j = t->q[0];
        memmove(t->q, t->q + 1, (t->n - 1) * sizeof t->q[0]);
        t->n--;
        if (me >= 0)
            snprintf(t->busy[me], sizeof t->busy[me], "%s", j.guid);
        pthread_mutex_unlock(&t->mu);
        run_job(t->site, &j);
        pthread_mutex_lock(&t->mu);
        if (me >= 0)
            t->busy[me][0] = '\0';
        pthread_cond_broadcast(&t->done);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

struct text_jobs *text_jobs_new(struct site *s)
{
    struct text_jobs *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->site = s;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->wake, NULL);
    pthread_cond_init(&t->done, NULL);
    pthread_mutex_lock(&t->mu);
    for (int i = 0; i < TEXT_WORKERS; i++)
        if (pthread_create(&t->th[t->nth], NULL, worker, t) == 0)
            t->nth++;
    pthread_mutex_unlock(&t->mu);
    return t;
}

void text_jobs_free(struct text_jobs *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    t->stop = true;
    pthread_cond_broadcast(&t->wake);
    pthread_mutex_unlock(&t->mu);
    for (int i = 0; i < t->nth; i++)
        pthread_join(t->th[i], NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->wake);
    pthread_cond_destroy(&t->done);
    free(t);
}

static bool fresh(const char *path, const struct stat *src)
{
    struct stat st;
    if (stat(path, &st))
        return false;
    return st.st_mtim.tv_sec > src->st_mtim.tv_sec ||
           (st.st_mtim.tv_sec == src->st_mtim.tv_sec && st.st_mtim.tv_nsec >= src->st_mtim.tv_nsec);
}

static bool queued(const struct text_jobs *t, const char *guid)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->q[i].guid, guid))
            return true;
    for (int i = 0; i < t->nth; i++)
        if (!strcmp(t->busy[i], guid))
            return true;
    return false;
}

enum text_state text_get(struct site *s, const char *guid, const char *content_type,
                         unsigned wait_ms, struct buf *out)
{
    char src[4096], dst[4200], fail[4200];
    struct stat st;
    if (files_path(s, guid, src, sizeof src) || stat(src, &st))
        return TC_NO_FILE;
    if (!s->jobs || cache_path(s, guid, ".txt", dst, sizeof dst) ||
        cache_path(s, guid, ".fail", fail, sizeof fail))
        return TC_DISABLED;
    struct text_jobs *t = s->jobs;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    bool asked = false;
    for (;;) {
        if (fresh(dst, &st)) {
            buf_reset(out);
            return read_file(dst, SITE_MAX_TEXT + 1024, out) == 0 ? TC_READY : TC_FAILED;
        }
        if (fresh(fail, &st))
            return TC_FAILED;
        pthread_mutex_lock(&t->mu);
        if (!asked && !queued(t, guid)) {
            if (t->n >= TEXT_QUEUE_MAX) {
                pthread_mutex_unlock(&t->mu);
                return TC_PENDING;
            }
            struct text_job *j = &t->q[t->n++];
            snprintf(j->guid, sizeof j->guid, "%s", guid);
            snprintf(j->ct, sizeof j->ct, "%s", content_type ? content_type : "");
            pthread_cond_signal(&t->wake);
        }
        asked = true;
        int rc = 0;
        if (queued(t, guid))
            rc = pthread_cond_timedwait(&t->done, &t->mu, &until);
        pthread_mutex_unlock(&t->mu);
        if (rc == ETIMEDOUT) {
            if (fresh(dst, &st) || fresh(fail, &st))
                continue;
            return TC_PENDING;
        }
        pthread_mutex_lock(&t->mu);
        bool still = queued(t, guid);
        pthread_mutex_unlock(&t->mu);
        if (!still && !fresh(dst, &st) && !fresh(fail, &st))
            return TC_FAILED; /* the worker could not write its result */
    }
}
