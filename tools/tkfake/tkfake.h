/*
 * tkfake — a local imitation of the Tweede Kamer SyncFeed API, for tests and demos.
 *
 * `tkfake gen` writes a deterministic synthetic corpus (every one of the 37 categories of
 * src/model, consistent references, several generations of changes, all the known quirks of
 * the real feed); `tkfake serve` answers SyncFeed requests from that corpus at memcpy speed.
 * This header is shared by the modules of the tool:
 *
 *   rng.c        the PRNG (xoshiro256** seeded by splitmix64) and timestamp formatting
 *   ent.c        entity builder: fields/refs after the model table, rendered to entity XML
 *   text.c       Dutch vocabulary: topics, names, sentences, onderwerpen
 *   world.c      fixed world: zalen, fracties, personen, commissies, seats
 *   gen.c        the generator driver: clock, skiptokens, generations, pools, events
 *   genout.c     index, GUID index and expected-g<G>.json
 *   story.c      stories that produce documents, zaken, votes, questions
 *   story2.c     activities, sittings and reports, commitments, updates, tombstones
 *   seed.c       the real seed letter 2021D35262 and its zaak
 *   resources.c  resource files: PDF, DOCX, RTF, HTML, JPEG, VLOS XML
 *   corpus.c     the on-disk corpus (index, entries, resmeta, guid index, expected.json)
 *   serve.c      the HTTP server
 *
 * Nothing here uses rand(); the same arguments always give byte-identical output.
 */
#ifndef TKFAKE_H
#define TKFAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"

/* ---- rng.c ---------------------------------------------------------------------------- */

struct rng {
    uint64_t s[4];
};

uint64_t tk_splitmix64(uint64_t *x);
/* A stateless 64-bit mix of two values (for per-entity seeds). */
uint64_t tk_mix(uint64_t a, uint64_t b);
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Uniform in [lo, hi]. */
int rng_range(struct rng *r, int lo, int hi);
double rng_unit(struct rng *r);
bool rng_chance(struct rng *r, double p);
/* Index chosen with the given integer weights. */
size_t rng_weighted(struct rng *r, const unsigned *w, size_t n);

void tk_guid_from(uint64_t a, uint64_t b, uint8_t out[16]);
void tk_guid_fmt(const uint8_t g[16], char out[37]);
int tk_guid_parse(const char *s, uint8_t out[16]);

/* Timestamps. `t` is always seconds since the epoch (UTC); frac7 is 0..9999999. */
#define TK_TS_LEN 40
/* "2023-08-29T11:09:50.563Z" (fraction trimmed as .NET does, none when 0). */
void tk_ts_utc_ms(int64_t t, uint32_t frac7, char out[TK_TS_LEN]);
/* "2019-08-12T12:56:35.4070000" (Amsterdam wall clock, no zone, 7 digits). */
void tk_ts_local7(int64_t t, uint32_t frac7, char out[TK_TS_LEN]);
/* "2024-04-09T20:08:55.5222825+02:00". */
void tk_ts_offset7(int64_t t, uint32_t frac7, char out[TK_TS_LEN]);
/* "2023-08-29T11:23:19Z". */
void tk_ts_utc(int64_t t, char out[TK_TS_LEN]);
/* Naive Amsterdam wall clock "2024-09-10T16:15:00". */
void tk_ts_naive(int64_t t, char out[TK_TS_LEN]);
/* Amsterdam calendar date "2024-09-10". */
void tk_ts_date(int64_t t, char out[TK_TS_LEN]);
/* Amsterdam local midnight of t's day, as a UTC instant, and the civil fields. */
int64_t tk_local_midnight(int64_t t);
void tk_local_civil(int64_t t, int *y, int *mo, int *d, int *hh, int *mi);
int64_t tk_make_time(int y, int mo, int d, int hh, int mi, int ss); /* Amsterdam wall clock */
/* "2021-2022" for the parliamentary year containing t (it starts in September). */
void tk_vergaderjaar(int64_t t, char out[16]);
/* "24 september 2021". */
void tk_dutch_date(int64_t t, char out[48]);

/* ---- ent.c ---------------------------------------------------------------------------- */

#define ENT_MAXF 32
#define ENT_MAXR 24
enum { FS_NIL = 0, FS_VAL = 1, FS_OMIT = 2 };
enum { BW_UTC = 0, BW_LOCAL7 = 1, BW_OFFSET7 = 2 };
enum {
    EF_TOMB = 1,        /* tk:verwijderd="true", no children */
    EF_PLACEHOLDER = 2, /* verwijderd="false", no children */
    EF_MALFORMED = 4,   /* deliberately broken XML */
    EF_RES = 8,         /* carries contentType/contentLength */
};

struct ent_ref {
    uint8_t idx;     /* index into t->refs */
    uint8_t guid[16];
    int64_t bw;      /* ns1 reference bijgewerkt attribute (Toezegging), 0 = none */
};

struct ent {
    const struct kw_type *t;
    int cat;
    uint32_t serial;
    uint8_t guid[16];
    int64_t bw;       /* bijgewerkt; 0 = let the emitter choose */
    uint32_t bw_frac; /* 7-digit fraction */
    int bw_form;      /* BW_*, -1 = let the emitter choose */
    uint8_t flags;
    uint8_t malform;  /* 1 = unescaped &, 2 = mismatched end tag */
    bool bool_caps;   /* write booleans as True/False */
    bool verw_caps;   /* tombstone written as verwijderd="True" */
    bool spot;
    char note[240];   /* spot-check notes, '; '-separated */
    char extra[96];   /* unknown child element (raw XML) or "" */
    uint8_t fstate[ENT_MAXF];
    uint32_t foff[ENT_MAXF];
    struct ent_ref refs[ENT_MAXR];
    int nrefs;
    struct buf store; /* field values (unescaped UTF-8), NUL-separated */
    /* resource */
    struct buf res_meta; /* see resources.c; empty = no resource */
    uint32_t res_len;
};

void ent_init(struct ent *e);
void ent_free(struct ent *e);
/* Starts a new entity of category index `cat` (all fields nil, no refs, no resource). */
void ent_begin(struct ent *e, int cat, uint32_t serial, const uint8_t guid[16]);
void ent_copy(struct ent *dst, const struct ent *src);
void ent_set(struct ent *e, const char *field, const char *val);
void ent_setf(struct ent *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ent_setb(struct ent *e, const char *field, bool v);
void ent_nil(struct ent *e, const char *field);
void ent_omit(struct ent *e, const char *field);
const char *ent_get(const struct ent *e, const char *field); /* NULL when nil/omitted */
void ent_ref(struct ent *e, const char *ref, const uint8_t guid[16]);
void ent_ref_bw(struct ent *e, const char *ref, const uint8_t guid[16], int64_t bw);
/* Removes every reference of kind `ref` (all when guid is NULL); returns how many. */
int ent_drop_ref(struct ent *e, const char *ref, const uint8_t *guid);
int ent_count_ref(const struct ent *e, const char *ref);
const uint8_t *ent_first_ref(const struct ent *e, const char *ref);
/* The namespace declarations every entity element carries. Stored corpora replace them by one
 * marker byte (TK_MARK_*) right after the element name; corpus_expand() puts them back. */
#define TK_NS_DECL \
    " xmlns=\"" KW_NS_TKDATA "\" xmlns:tk=\"" KW_NS_TKDATA "\" xmlns:xsi=\"" KW_NS_XSI "\""
#define TK_NS1_DECL " xmlns:ns1=\"" KW_NS_TKDATA "\" xmlns:xsi=\"" KW_NS_XSI "\""
#define TK_MARK_DECL '\x01'
#define TK_MARK_NS1 '\x02'
/* Appends the entity element to out, with its namespace declarations or (compact) a marker. */
void ent_render(const struct ent *e, const char *content_type, bool compact, struct buf *out);
/* Appends `"live": ..., "fields": {...}, "refs": {...}` for expected.json. */
void ent_spot_json(const struct ent *e, struct buf *out);
void json_str(struct buf *out, const char *s);

/* ---- resources.c ---------------------------------------------------------------------- */

enum res_kind {
    RES_NONE = 0,
    RES_PDF,
    RES_PDF_SEED,
    RES_PDF_TRUNC,
    RES_RANDOM_PDF,
    RES_DOCX,
    RES_RTF,
    RES_DOC_RTF,
    RES_HTML,
    RES_JPEG_PERSON,
    RES_JPEG_FRACTIE,
    RES_VLOS,
};

/* A resource description: kind, topic, seed and a list of strings (see resources.c). */
void res_meta_begin(struct buf *m, enum res_kind kind, int topic, uint64_t seed);
void res_meta_str(struct buf *m, const char *s);
enum res_kind res_meta_kind(const char *m, size_t n);
const char *res_content_type(enum res_kind k);
/* Renders the file into out (appended). Pure function of the description. */
void res_render(const char *meta, size_t n, struct buf *out);

/* Embedded seed letter (generated by CMake from data/seed-2021D35262.txt). */
extern const unsigned char tk_seed_letter[];
extern const size_t tk_seed_letter_len;

/* ---- text.c --------------------------------------------------------------------------- */

struct topic {
    const char *key;
    const char *naam;           /* "stikstof" */
    const char *kern[4];        /* noun phrases: "de aanpak van de stikstofproblematiek" */
    const char *nouns[6][2];    /* singular, plural */
    const char *dossier[2];     /* dossier titles */
    const char *commissie;      /* committee abbreviation */
    const char *ministerie;     /* "Landbouw, Natuur en Voedselkwaliteit" */
    const char *bewinds;        /* "minister van Landbouw, Natuur en Voedselkwaliteit" */
    const char *zin[3];         /* topic sentences */
};
extern const struct topic text_topics[];
extern const size_t text_ntopics;

struct pname {
    char initialen[16], voornaam[32], roepnaam[32], tussenvoegsel[16], achternaam[48];
    bool vrouw;
};
void text_name(struct rng *r, struct pname *p);
/* "Van der Lee" style display surname: tussenvoegsel capitalised + achternaam. */
void text_surname(const struct pname *p, char *out, size_t n);
/* Sentences and paragraphs: ids are identifiers that may be mentioned. */
void text_paragraph(struct rng *r, const struct topic *t, const char *const *ids, size_t nids,
                    struct buf *out);
void text_kern(struct rng *r, const struct topic *t, struct buf *out);
extern const char *const text_plaatsen[];
extern const size_t text_nplaatsen;
const char *text_pick(struct rng *r, const char *const *list, size_t n);

/* ---- corpus.c ------------------------------------------------------------------------- */

#define TK_MAGIC "TKFAKE01"
#define TK_NOGEN 255

/* One stored version of one entity. 64 bytes, native little-endian. */
struct tk_rec {
    uint64_t skiptoken;
    uint64_t offset;   /* into entries.dat */
    uint64_t res_off;  /* into resmeta.bin */
    int64_t updated;   /* entry <updated>, seconds since the epoch */
    uint8_t guid[16];
    uint32_t length;   /* bytes of the entity XML */
    uint32_t res_len;  /* declared contentLength (0: none) */
    uint32_t res_meta_len;
    uint8_t cat;
    uint8_t gen;       /* generation that introduced this version */
    uint8_t supgen;    /* generation of the next version of the same GUID, TK_NOGEN if none */
    uint8_t flags;     /* EF_* */
};

struct tk_header {
    char magic[8];
    uint32_t nrecs;
    uint32_t ngen;
    uint64_t seed;
    uint64_t documents;
    uint8_t pad[32];
};

struct tk_guidix {
    uint8_t guid[16];
    uint32_t rec;
};

/* A corpus opened for serving (read-only maps). */
struct corpus {
    const struct tk_header *hdr;
    const struct tk_rec *recs;
    size_t nrecs;
    const char *entries;
    size_t entries_len;
    const char *resmeta;
    size_t resmeta_len;
    const struct tk_guidix *gix;
    size_t ngix;
    void *maps[4];
    size_t maplen[4];
};
int corpus_open(struct corpus *c, const char *dir, char *err, size_t errlen);
void corpus_close(struct corpus *c);
static inline bool rec_visible(const struct tk_rec *r, int g)
{
    return r->gen <= g && (r->supgen == TK_NOGEN || g < r->supgen);
}
/* Appends a stored entity with its namespace declarations restored. */
void corpus_expand(struct buf *out, const char *xml, size_t len);
/* Newest version of guid visible in generation g, or -1. */
long corpus_find(const struct corpus *c, const uint8_t guid[16], int g);

/* ---- subcommands ---------------------------------------------------------------------- */

int cmd_gen(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
