/*
 * genout — the generator's output files: the record index, the GUID index and the expected
 * end state of every generation (see README.md for their format and meaning).
 */
#include "gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void g_write_all(FILE *f, const void *p, size_t n, const char *what)
{
    if (n && fwrite(p, 1, n, f) != n) {
        fprintf(stderr, "tkfake: writing %s: %s\n", what, strerror(errno));
        exit(1);
    }
}


static int gix_cmp(const void *a, const void *b)
{
    const struct tk_guidix *x = a, *y = b;
    int d = memcmp(x->guid, y->guid, 16);
    if (d)
        return d;
    return x->rec < y->rec ? -1 : x->rec > y->rec;
}

FILE *g_open_out(const char *dir, const char *name, const char *mode)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, mode);
    if (!f) {
        fprintf(stderr, "tkfake: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static long newest_visible(const struct tk_guidix *gix, size_t n, const struct tk_rec *recs,
                           const uint8_t guid[16], int g)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(gix[mid].guid, guid, 16) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    long best = -1;
    for (size_t i = lo; i < n && memcmp(gix[i].guid, guid, 16) == 0; i++)
        if (rec_visible(&recs[gix[i].rec], g))
            best = (long)gix[i].rec;
    return best;
}

static void write_expected(struct gctx *c, const struct tk_guidix *gix, int g)
{
    long live[C_NCAT + 40] = {0}, del[C_NCAT + 40] = {0}, ph[C_NCAT + 40] = {0},
         bad[C_NCAT + 40] = {0};
    long total = 0;
    for (size_t i = 0; i < c->nrecs; i++) {
        const struct tk_rec *r = &c->recs[i];
        if (!rec_visible(r, g))
            continue;
        total++;
        if (r->flags & EF_MALFORMED)
            bad[r->cat]++;
        else if (r->flags & EF_TOMB)
            del[r->cat]++;
        else {
            live[r->cat]++;
            if (r->flags & EF_PLACEHOLDER)
                ph[r->cat]++;
        }
    }
    struct buf j = BUF_INIT;
    buf_printf(&j, "{\n  \"generation\": %d,\n  \"seed\": %llu,\n  \"documents\": %ld,\n"
                   "  \"visible_entries\": %ld,\n  \"categories\": {\n",
               g, (unsigned long long)c->seed, c->documents, total);
    for (size_t k = 0; k < kw_ntypes; k++)
        buf_printf(&j, "    \"%s\": {\"live\": %ld, \"deleted\": %ld, \"placeholders\": %ld}%s\n",
                   kw_types[k].category, live[k], del[k], ph[k], k + 1 < kw_ntypes ? "," : "");
    buf_adds(&j, "  },\n  \"quarantined\": {");
    bool first = true;
    for (size_t k = 0; k < kw_ntypes; k++)
        if (bad[k]) {
            buf_printf(&j, "%s\"%s\": %ld", first ? "" : ", ", kw_types[k].category, bad[k]);
            first = false;
        }
    buf_adds(&j, "},\n  \"spot_checks\": [");
    first = true;
    for (size_t s = 0; s < c->nspots; s++) {
        /* one check per GUID: its first snapshot entry decides the position */
        bool seen = false;
        for (size_t t = 0; t < s && !seen; t++)
            seen = memcmp(c->spots[t].guid, c->spots[s].guid, 16) == 0;
        if (seen)
            continue;
        long r = newest_visible(gix, c->nrecs, c->recs, c->spots[s].guid, g);
        if (r < 0 || (c->recs[r].flags & EF_MALFORMED))
            continue;
        const struct spot *snap = NULL;
        for (size_t t = 0; t < c->nspots; t++)
            if (c->spots[t].rec == (uint32_t)r)
                snap = &c->spots[t];
        if (!snap)
            continue;
        char gs[37];
        tk_guid_fmt(snap->guid, gs);
        buf_printf(&j, "%s\n    {\"category\": \"%s\", \"id\": \"%s\", \"skiptoken\": %llu, %s}",
                   first ? "" : ",", kw_types[snap->cat].category, gs,
                   (unsigned long long)c->recs[r].skiptoken, snap->json);
        first = false;
    }
    buf_adds(&j, "\n  ]\n}\n");
    char name[64];
    snprintf(name, sizeof name, "expected-g%d.json", g);
    FILE *f = g_open_out(c->out, name, "wb");
    g_write_all(f, j.data, j.len, name);
    fclose(f);
    if (g == c->generations) {
        f = g_open_out(c->out, "expected.json", "wb");
        g_write_all(f, j.data, j.len, "expected.json");
        fclose(f);
    }
    buf_free(&j);
}

void g_finish(struct gctx *c)
{
    struct tk_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, TK_MAGIC, 8);
    h.nrecs = (uint32_t)c->nrecs;
    h.ngen = (uint32_t)c->generations;
    h.seed = c->seed;
    h.documents = (uint64_t)c->documents;
    FILE *f = g_open_out(c->out, "index.bin", "wb");
    g_write_all(f, &h, sizeof h, "index.bin");
    g_write_all(f, c->recs, c->nrecs * sizeof *c->recs, "index.bin");
    if (fclose(f) != 0) {
        fprintf(stderr, "tkfake: index.bin: %s\n", strerror(errno));
        exit(1);
    }
    struct tk_guidix *gix = malloc((c->nrecs ? c->nrecs : 1) * sizeof *gix);
    for (size_t i = 0; i < c->nrecs; i++) {
        memcpy(gix[i].guid, c->recs[i].guid, 16);
        gix[i].rec = (uint32_t)i;
    }
    qsort(gix, c->nrecs, sizeof *gix, gix_cmp);
    f = g_open_out(c->out, "guids.bin", "wb");
    g_write_all(f, gix, c->nrecs * sizeof *gix, "guids.bin");
    fclose(f);
    for (int g = 1; g <= c->generations; g++)
        write_expected(c, gix, g);
    free(gix);
}

