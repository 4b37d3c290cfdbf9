/*
 * replay — runs the fuzz target without a fuzzing engine: every seed file, then a fixed
 * number of deterministic mutations of them (bit flips, byte runs inserted, deleted, repeated
 * and spliced from another seed, cut short). Under ASan+UBSan this is the regression test of
 * the fuzz target; with -DKW_FUZZ=ON and clang the real fuzzer explores further.
 *
 *   replay SEED_DIR [MUTATIONS]      (default 3000; a seed's own bytes always run first)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct blob {
    uint8_t *d;
    size_t n;
};

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static struct blob load(const char *path)
{
    struct blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return b;
    size_t cap = 0;
    for (;;) {
        if (b.n == cap) {
            cap = cap ? cap * 2 : 65536;
            b.d = realloc(b.d, cap);
            if (!b.d)
                abort();
        }
        size_t r = fread(b.d + b.n, 1, cap - b.n, f);
        if (r == 0)
            break;
        b.n += r;
    }
    fclose(f);
    return b;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        fprintf(stderr, "usage: replay SEED_DIR [MUTATIONS]\n");
        return argc < 2 ? 2 : 0;
    }
    long mutations = argc > 2 ? atol(argv[2]) : 3000;
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        perror(argv[1]);
        return 2;
    }
    char *names[512];
    size_t nn = 0;
    for (struct dirent *de; (de = readdir(dir)) && nn < 512;)
        if (de->d_name[0] != '.')
            names[nn++] = strdup(de->d_name);
    closedir(dir);
    qsort(names, nn, sizeof *names, by_name);
    struct blob seeds[512];
    size_t ns = 0;
    for (size_t i = 0; i < nn; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
        struct blob b = load(path);
        free(names[i]);
        if (!b.d)
            continue;
        LLVMFuzzerTestOneInput(b.d, b.n);
        seeds[ns++] = b;
    }
    if (ns == 0) {
        fprintf(stderr, "replay: no seeds in %s\n", argv[1]);
        return 2;
    }
    uint8_t *buf = NULL;
    size_t cap = 0;
    for (long m = 0; m < mutations; m++) {
        const struct blob *s = &seeds[rnd() % ns];
        size_t n = s->n;
        if (cap < 2 * n + 4096) {
            cap = 2 * n + 4096;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        memcpy(buf, s->d, n);
        int edits = 1 + (int)(rnd() % 8);
        for (int k = 0; k < edits; k++) {
            size_t at = n ? rnd() % n : 0;
            size_t len = 1 + rnd() % 64;
            switch (rnd() % 6) {
            case 0: /* flip bits */
                if (n)
                    buf[at] ^= (uint8_t)(1u << (rnd() % 8));
                break;
            case 1: /* delete a run */
                if (at + len > n)
                    len = n - at;
                memmove(buf + at, buf + at + len, n - at - len);
                n -= len;
                break;
            case 2: /* repeat a run */
                if (at + len > n)
                    len = n - at;
                if (n + len <= cap) {
                    memmove(buf + at + len, buf + at, n - at);
                    n += len;
                }
                break;
            case 3: { /* splice a run from another seed */
                const struct blob *o = &seeds[rnd() % ns];
                size_t from = o->n ? rnd() % o->n : 0;
                if (from + len > o->n)
                    len = o->n - from;
                if (n + len <= cap) {
                    memmove(buf + at + len, buf + at, n - at);
                    memcpy(buf + at, o->d + from, len);
                    n += len;
                }
                break;
            }
            case 4: /* cut short */
                n = at;
                break;
            default: /* an interesting byte */ {
                static const uint8_t bytes[] = {'<', '>', '&', '"', '/', 0, 0xff, 0xc3, 0x80,
                                                '\n', ';', '-', '*', ':', '(', ')'};
                if (n)
                    buf[at] = bytes[rnd() % sizeof bytes];
            }
            }
        }
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("replay: %zu seeds, %ld mutations, no failure\n", ns, mutations);
    free(buf);
    for (size_t i = 0; i < ns; i++)
        free(seeds[i].d);
    return 0;
}
