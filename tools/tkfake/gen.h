/*
 * gen.h — the generator's internal state, shared by gen.c (driver, emission, output),
 * world.c (the fixed world: rooms, parties, members, committees) and story.c (the stories
 * that produce documents, cases, activities, decisions and votes).
 */
#ifndef TKFAKE_GEN_H
#define TKFAKE_GEN_H

#include <stdio.h>

#include "tkfake.h"

/* Category indices into kw_types, resolved once at start. */
enum {
    C_ACTIVITEIT, C_ACTIVITEITACTOR, C_AGENDAPUNT, C_BESLUIT, C_COMMISSIE, C_COMMISSIECONTACT,
    C_COMMISSIEZETEL, C_CZ_VASTPERSOON, C_CZ_VASTVACATURE, C_CZ_VERVANGERPERSOON,
    C_CZ_VERVANGERVACATURE, C_DOCUMENT, C_DOCUMENTACTOR, C_DOCUMENTPUBLICATIE,
    C_DOCUMENTPUBLICATIEMETADATA, C_DOCUMENTVERSIE, C_FRACTIE,
    C_FRACTIEZETEL, C_FZ_PERSOON, C_FZ_VACATURE, C_KAMERSTUKDOSSIER, C_PERSOON,
    C_PERSOONCONTACT, C_PERSOONGESCHENK, C_PERSOONLOOPBAAN, C_PERSOONNEVENFUNCTIE,
    C_NEVENFUNCTIEINKOMSTEN, C_PERSOONONDERWIJS, C_PERSOONREIS, C_RESERVERING, C_STEMMING,
    C_TOEZEGGING, C_VERGADERING, C_VERSLAG, C_ZAAK, C_ZAAKACTOR, C_ZAAL, C_NCAT
};

#define NERA 3
#define MAXPARTY 24
#define NYEARS 16
#define YEAR0 2015

struct party {
    const char *afk, *naam_nl, *naam_en;
    int64_t actief, inactief; /* inactief 0 = still active */
    long stemmen;
    int zetels_now;
    uint8_t guid[16];
    char sid[96];
    int nummer;
    bool spot;
};

struct member {
    uint8_t guid[16];
    struct pname name;
    char sid[96];
    int party[NERA]; /* -1 when not a member in that era */
    bool minister;
    int topic;       /* ministers: the topic whose post they hold */
};

struct era_seat {
    int party, seats;
};

struct era {
    int64_t from, to; /* to = 0: current */
    int nparties;
    struct era_seat p[MAXPARTY];
    int *members;     /* member indices sitting in this era */
    int nmembers;
};

struct commissie {
    const char *afk, *naam;
    uint8_t guid[16];
    char sid[96];
};

struct dossier {
    uint8_t guid[16];
    int nummer;
    const char *toevoeging;
    char titel[200];
    int topic;
    int volgnummer; /* last used */
    bool wet;
};

struct activity {
    uint8_t guid[16];
    char nummer[16];
    int64_t when;
    int topic;
    bool valid;
};

struct gen_pool_item {
    struct ent e;
    uint8_t gen;
    uint32_t rec; /* the version this copy mirrors; stale copies are skipped */
};

struct gen_pool {
    struct gen_pool_item *items;
    size_t n, cap;
};

struct spot {
    uint32_t rec;
    uint8_t guid[16];
    uint8_t cat;
    char *json; /* malloc'd fragment */
};

/* A change scheduled for later (an answer to a question, a fulfilled commitment, a newer
 * Verslag): fires when the clock passes `when`, or at the start of the next generation. */
enum ev_kind { EV_ANSWER, EV_FULFIL, EV_VERSLAG, EV_ACT_DONE };
struct event {
    int64_t when;
    enum ev_kind kind;
    bool next_gen;
    uint8_t born_gen;
    struct ent e; /* the entity to update */
    int topic;
    int aux;
};

struct gctx {
    /* options */
    const char *out;
    uint64_t seed;
    long documents;
    int generations, malformed;
    bool progress;

    struct rng rng;
    int gen;
    uint64_t skiptoken;
    int64_t clock, start, span;
    uint32_t next_serial;
    long docs_done, docs_target;
    double scale;

    /* output */
    FILE *fe, *fr;
    uint64_t eoff, roff;
    struct tk_rec *recs;
    size_t nside; /* records of side entities (publications), see st_publications */
    size_t nrecs, caprecs;
    struct ghash { uint8_t guid[16]; uint32_t rec; uint32_t spot; } *hash; /* GUID -> newest */
    size_t hcap, hn;
    struct buf xml, res;

    struct spot *spots;
    size_t nspots, capspots;
    struct { const char *tag; int n; } quota[96];
    int nquota;

    struct gen_pool pools[C_NCAT];
    struct event *events;
    size_t nevents, capevents;

    /* world */
    struct party parties[MAXPARTY];
    int nparties;
    struct era eras[NERA];
    struct member *members;
    int nmembers, capmembers;
    int minister_of[NERA][40]; /* per era and topic: member index, -1 unknown */
    struct commissie comm[32];
    int ncomm;
    uint8_t zalen[80][16];
    int nzalen;
    struct dossier *dossiers;
    int ndossiers, capdossiers;
    int *dossiers_of_topic[40];
    int ndossiers_of_topic[40];
    uint8_t placeholders[64][16];
    int nplaceholders;
    struct activity debate[40];
    struct activity stemmingen;
    int counters[NYEARS][8]; /* per year: D, Z, A, P, TZ... */
    int vergadering_nr[NYEARS];
    int toezegging_seq;
    int era_started;

    /* last parent document for attachments */
    struct {
        uint8_t guid[16];
        uint8_t zaak[16];
        bool has_zaak, valid;
        int topic;
        int64_t when;
        char nummer[16];
        char titel[200];
    } parent;

    struct ent e, e2; /* scratch entities of the stories */
    struct ent e3;    /* scratch entity of world.c (members appear in mid-story) */
    bool seed_doc_done, seed_zaak_done;
};

enum { CNT_D, CNT_Z, CNT_A, CNT_P, CNT_VERG };

/* gen.c */
extern int cat_ix[C_NCAT];
uint32_t g_serial(struct gctx *c);
void g_guid(struct gctx *c, uint32_t serial, uint8_t out[16]);
/* Starts entity `cat` with a fresh serial and GUID in c->e (or `e`). */
struct ent *g_new(struct gctx *c, struct ent *e, int cat);
/* Writes one version; returns its record index. */
uint32_t g_emit(struct gctx *c, struct ent *e);
void g_pool(struct gctx *c, const struct ent *e, double p);
bool g_pool_take(struct gctx *c, int cat, int maxgen, struct ent *out,
                 bool (*pred)(const struct ent *));
bool g_spot(struct gctx *c, struct ent *e, const char *tag, int quota, const char *note);
void g_schedule(struct gctx *c, const struct ent *e, enum ev_kind kind, int64_t when,
                bool next_gen, int topic, int aux);
void g_tick(struct gctx *c, int64_t seconds);
void g_number(struct gctx *c, int64_t when, int which, char letter, char out[16]);
void g_sid(struct gctx *c, char out[96]);
void g_fill_res(struct gctx *c, struct ent *e);

/* genout.c */
FILE *g_open_out(const char *dir, const char *name, const char *mode);
void g_write_all(FILE *f, const void *p, size_t n, const char *what);
/* Writes index.bin, guids.bin and the expected-g<G>.json files. */
void g_finish(struct gctx *c);

/* world.c */
void world_init(struct gctx *c);
void world_emit(struct gctx *c);
int world_era(const struct gctx *c, int64_t when);
int world_minister(struct gctx *c, int topic, int64_t when);
int world_member(struct gctx *c, int64_t when);
const struct commissie *world_commissie(struct gctx *c, int topic);
int world_dossier(struct gctx *c, int topic);
void world_new_dossier(struct gctx *c, int topic, bool wet);
void world_emit_dossier(struct gctx *c, int d);
void world_persoon_details(struct gctx *c, int m);
void world_tick(struct gctx *c);
void world_free(struct gctx *c);

/* story.c */
void story_run(struct gctx *c);
void story_seed_document(struct gctx *c);
void story_seed_zaak(struct gctx *c);
void story_event(struct gctx *c, struct event *ev);
void story_update(struct gctx *c, int kind);
void story_tombstones(struct gctx *c);
void story_malformed(struct gctx *c, int i);
void story_extras(struct gctx *c);
void story_vergadering(struct gctx *c, int topic);
void story_toezegging(struct gctx *c, int topic);
void story_activity_block(struct gctx *c, int topic);
int story_update_kinds(void);

#endif
