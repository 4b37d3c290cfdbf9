/*
 * corpus — the on-disk corpus, read side. Files in the corpus directory (written by gen.c):
 *
 *   index.bin     struct tk_header, then one struct tk_rec (64 bytes) per stored version, in
 *                 global skiptoken order
 *   entries.dat   the entity XML of every version, concatenated (rec.offset/rec.length);
 *                 the namespace declarations are stored as one marker byte (corpus_expand)
 *   resmeta.bin   resource descriptions (rec.res_off/rec.res_meta_len), see resources.c
 *   guids.bin     struct tk_guidix per version, sorted by GUID then skiptoken
 *   expected-g<G>.json, expected.json   the end state a mirror must reach (see README.md)
 *
 * Everything is mapped read-only, so opening a corpus of millions of entities is instant.
 */
#include "tkfake.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const void *map_file(const char *dir, const char *name, size_t *len, void **map,
                            char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    *len = (size_t)st.st_size;
    if (*len == 0) {
        close(fd);
        *map = NULL;
        return "";
    }
    void *p = mmap(NULL, *len, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
        return NULL;
    }
    *map = p;
    return p;
}

int corpus_open(struct corpus *c, const char *dir, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    size_t ilen;
    const char *idx = map_file(dir, "index.bin", &ilen, &c->maps[0], err, errlen);
    if (!idx)
        return -1;
    c->maplen[0] = ilen;
    c->hdr = (const struct tk_header *)(const void *)idx;
    if (ilen < sizeof *c->hdr || memcmp(c->hdr->magic, TK_MAGIC, 8) != 0 ||
        ilen != sizeof *c->hdr + (size_t)c->hdr->nrecs * sizeof(struct tk_rec)) {
        snprintf(err, errlen, "%s/index.bin: not a tkfake corpus (run tkfake gen)", dir);
        corpus_close(c);
        return -1;
    }
    c->recs = (const struct tk_rec *)(const void *)(idx + sizeof *c->hdr);
    c->nrecs = c->hdr->nrecs;
    c->entries = map_file(dir, "entries.dat", &c->entries_len, &c->maps[1], err, errlen);
    c->maplen[1] = c->entries_len;
    if (!c->entries) {
        corpus_close(c);
        return -1;
    }
    c->resmeta = map_file(dir, "resmeta.bin", &c->resmeta_len, &c->maps[2], err, errlen);
    c->maplen[2] = c->resmeta_len;
    if (!c->resmeta) {
        corpus_close(c);
        return -1;
    }
    size_t glen;
    const char *g = map_file(dir, "guids.bin", &glen, &c->maps[3], err, errlen);
    c->maplen[3] = glen;
    if (!g) {
        corpus_close(c);
        return -1;
    }
    c->gix = (const struct tk_guidix *)(const void *)g;
    c->ngix = glen / sizeof(struct tk_guidix);
    return 0;
}

void corpus_close(struct corpus *c)
{
    for (int i = 0; i < 4; i++)
        if (c->maps[i])
            munmap(c->maps[i], c->maplen[i]);
    memset(c, 0, sizeof *c);
}

long corpus_find(const struct corpus *c, const uint8_t guid[16], int g)
{
    size_t lo = 0, hi = c->ngix;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(c->gix[mid].guid, guid, 16) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    long best = -1;
    for (size_t i = lo; i < c->ngix && memcmp(c->gix[i].guid, guid, 16) == 0; i++) {
        uint32_t r = c->gix[i].rec;
        if (r < c->nrecs && rec_visible(&c->recs[r], g))
            best = (long)r;
    }
    return best;
}

void corpus_expand(struct buf *out, const char *xml, size_t len)
{
    size_t scan = len < 64 ? len : 64;
    for (size_t i = 0; i < scan; i++) {
        if (xml[i] == TK_MARK_DECL || xml[i] == TK_MARK_NS1) {
            buf_add(out, xml, i);
            buf_adds(out, xml[i] == TK_MARK_DECL ? TK_NS_DECL : TK_NS1_DECL);
            buf_add(out, xml + i + 1, len - i - 1);
            return;
        }
    }
    buf_add(out, xml, len);
}
