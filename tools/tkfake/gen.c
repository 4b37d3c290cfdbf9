/*
 * gen — `tkfake gen`: the driver of the synthetic corpus.
 *
 * One clock runs from January 2019 to mid 2026, paced by the number of documents written, so
 * dates spread evenly and every entry's <updated> follows its skiptoken. Each emitted version
 * gets the next skiptoken (steps of 1-5 from about 21,000,000), its entity XML is appended to
 * entries.dat and a 64-byte record to the index. A GUID table remembers the newest version
 * of every entity; when a GUID is emitted again the older version is marked as superseded by
 * the current generation, which is all `serve` needs to show a compacted feed per generation.
 *
 * Generation 1 holds about 80% of the documents; each later generation adds new stories and a
 * batch of maintenance: updates (including dropped and added references), deletions of known
 * entities, tombstones of never-seen GUIDs, answered questions, fulfilled commitments, newer
 * Verslagen. Expected end states are written per generation (expected-g<G>.json).
 */
#include "gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cat_ix[C_NCAT];

static const char *const cat_names[C_NCAT] = {
    "Activiteit", "ActiviteitActor", "Agendapunt", "Besluit", "Commissie",
    "CommissieContactinformatie", "CommissieZetel", "CommissieZetelVastPersoon",
    "CommissieZetelVastVacature", "CommissieZetelVervangerPersoon",
    "CommissieZetelVervangerVacature", "Document", "DocumentActor", "DocumentPublicatie",
    "DocumentPublicatieMetadata", "DocumentVersie", "Fractie",
    "FractieZetel", "FractieZetelPersoon", "FractieZetelVacature", "Kamerstukdossier", "Persoon",
    "PersoonContactinformatie", "PersoonGeschenk", "PersoonLoopbaan", "PersoonNevenfunctie",
    "PersoonNevenfunctieInkomsten", "PersoonOnderwijs", "PersoonReis", "Reservering", "Stemming",
    "Toezegging", "Vergadering", "Verslag", "Zaak", "ZaakActor", "Zaal",
};

/* ---- identities --------------------------------------------------------------------------- */

uint32_t g_serial(struct gctx *c)
{
    return c->next_serial++;
}

void g_guid(struct gctx *c, uint32_t serial, uint8_t out[16])
{
    tk_guid_from(tk_mix(c->seed, serial), tk_mix(c->seed ^ 0x5bd1e9955bd1e995ULL, serial), out);
}

struct ent *g_new(struct gctx *c, struct ent *e, int cat)
{
    uint8_t g[16];
    uint32_t s = g_serial(c);
    g_guid(c, s, g);
    ent_begin(e, cat_ix[cat], s, g);
    return e;
}

void g_sid(struct gctx *c, char out[96])
{
    snprintf(out, 96, "S-1-365867521-%u-%u-%u-%u-%u", (unsigned)rng_next(&c->rng),
             (unsigned)rng_next(&c->rng), (unsigned)rng_next(&c->rng),
             (unsigned)rng_next(&c->rng), (unsigned)rng_next(&c->rng));
}

void g_number(struct gctx *c, int64_t when, int which, char letter, char out[16])
{
    int y, mo, d, hh, mi;
    tk_local_civil(when, &y, &mo, &d, &hh, &mi);
    int yi = y - YEAR0;
    if (yi < 0)
        yi = 0;
    if (yi >= NYEARS)
        yi = NYEARS - 1;
    int *n = &c->counters[yi][which];
    do {
        *n += 1 + (int)rng_below(&c->rng, 2);
        snprintf(out, 16, "%d%c%05d", y, letter, *n);
        /* keep the real seed numbers unique */
    } while (strcmp(out, "2021D35262") == 0 || strcmp(out, "2021Z16384") == 0);
}

void g_tick(struct gctx *c, int64_t seconds)
{
    c->clock += seconds;
}

/* ---- the GUID table ------------------------------------------------------------------------ */

static uint64_t ghash_of(const uint8_t g[16])
{
    uint64_t a, b;
    memcpy(&a, g, 8);
    memcpy(&b, g + 8, 8);
    return tk_mix(a, b);
}

static struct ghash *ghash_slot(struct gctx *c, const uint8_t g[16])
{
    size_t mask = c->hcap - 1, i = (size_t)ghash_of(g) & mask;
    while (c->hash[i].rec != UINT32_MAX && memcmp(c->hash[i].guid, g, 16) != 0)
        i = (i + 1) & mask;
    return &c->hash[i];
}

static void ghash_grow(struct gctx *c)
{
    struct ghash *old = c->hash;
    size_t oldcap = c->hcap;
    c->hcap = oldcap ? oldcap * 2 : 1 << 16;
    c->hash = malloc(c->hcap * sizeof *c->hash);
    if (!c->hash)
        abort();
    for (size_t i = 0; i < c->hcap; i++)
        c->hash[i].rec = UINT32_MAX;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].rec != UINT32_MAX)
            *ghash_slot(c, old[i].guid) = old[i];
    free(old);
}

static struct ghash *ghash_find(struct gctx *c, const uint8_t g[16])
{
    struct ghash *h = ghash_slot(c, g);
    return h->rec == UINT32_MAX ? NULL : h;
}

/* ---- spot checks ---------------------------------------------------------------------------- */

static void spot_snapshot(struct gctx *c, uint32_t rec, const struct ent *e)
{
    if (c->nspots == c->capspots) {
        c->capspots = c->capspots ? c->capspots * 2 : 128;
        c->spots = realloc(c->spots, c->capspots * sizeof *c->spots);
        if (!c->spots)
            abort();
    }
    struct spot *s = &c->spots[c->nspots++];
    struct buf j = BUF_INIT;
    buf_adds(&j, "\"note\": ");
    json_str(&j, e->note);
    buf_adds(&j, ", ");
    ent_spot_json(e, &j);
    s->rec = rec;
    memcpy(s->guid, e->guid, 16);
    s->cat = (uint8_t)e->cat;
    s->json = buf_detach(&j, NULL);
}

bool g_spot(struct gctx *c, struct ent *e, const char *tag, int quota, const char *note)
{
    int q;
    for (q = 0; q < c->nquota; q++)
        if (strcmp(c->quota[q].tag, tag) == 0)
            break;
    if (q == c->nquota) {
        if (c->nquota == (int)(sizeof c->quota / sizeof c->quota[0]))
            return false;
        c->quota[q].tag = tag;
        c->quota[q].n = 0;
        c->nquota++;
    }
    if (c->quota[q].n >= quota)
        return false;
    c->quota[q].n++;
    e->spot = true;
    if (!e->note[0]) {
        snprintf(e->note, sizeof e->note, "%s", note);
    } else if (!strstr(e->note, note)) { /* notes accumulate over the versions */
        size_t l = strlen(e->note);
        snprintf(e->note + l, sizeof e->note - l, "; %s", note);
    }
    /* Becoming a spot check after earlier versions: snapshot the previous version too (e still
     * mirrors it: callers flag before they change anything). */
    struct ghash *h = ghash_find(c, e->guid);
    if (h && !h->spot) {
        h->spot = 1;
        spot_snapshot(c, h->rec, e);
    }
    return true;
}

/* ---- emission ------------------------------------------------------------------------------ */

static void quirks(struct gctx *c, struct ent *e)
{
    /* serial 0: fixed entities (the seed letter, parties, members) keep their exact values */
    if (e->flags & (EF_TOMB | EF_PLACEHOLDER | EF_MALFORMED) || e->serial == 0)
        return;
    if (!e->extra[0] && (rng_chance(&c->rng, 0.003) || (c->nrecs - c->nside) % 397 == 200)) {
        static const char *const extras[] = {"<nieuwVeld>x</nieuwVeld>",
                                             "<toekomstigVeld soort=\"test\">waarde</toekomstigVeld>",
                                             "<nieuwVeld/>"};
        const char *x = extras[rng_below(&c->rng, 3)];
        if (e->t->ns1)
            snprintf(e->extra, sizeof e->extra, "<ns1:nieuwVeld>x</ns1:nieuwVeld>");
        else
            snprintf(e->extra, sizeof e->extra, "%s", x);
        g_spot(c, e, "extra", 3, "carries an unknown child element that must be ignored");
    }
    if (rng_chance(&c->rng, 0.01)) {
        bool any = false;
        for (size_t i = 0; i < e->t->nfields; i++) {
            if (e->t->fields[i].type != KW_BOOL || e->fstate[i] != FS_VAL)
                continue;
            const char *v = e->store.data + e->foff[i];
            ent_set(e, e->t->fields[i].xml, strcmp(v, "true") == 0 ? "True" : "False");
            any = true;
        }
        if (any)
            g_spot(c, e, "bool-caps", 1, "booleans written as True/False");
    }
}

void g_fill_res(struct gctx *c, struct ent *e)
{
    if (!e->res_meta.len || e->res_len)
        return;
    buf_reset(&c->res);
    res_render(e->res_meta.data, e->res_meta.len, &c->res);
    e->res_len = (uint32_t)c->res.len;
}

uint32_t g_emit(struct gctx *c, struct ent *e)
{
    if (e->bw == 0) {
        e->bw = c->clock - 5 - rng_below(&c->rng, 900);
        e->bw_frac = rng_below(&c->rng, 10000000);
    }
    if (e->bw_form < 0) {
        if (e->t->ns1)
            e->bw_form = BW_OFFSET7;
        else if (e->bw < 1577833200) /* 2020-01-01 */
            e->bw_form = rng_chance(&c->rng, 0.6) ? BW_LOCAL7 : BW_UTC;
        else
            e->bw_form = rng_chance(&c->rng, 0.03) ? BW_LOCAL7 : BW_UTC;
    }
    quirks(c, e);
    bool has_res = e->res_meta.len && !(e->flags & (EF_TOMB | EF_PLACEHOLDER));
    if (has_res) {
        g_fill_res(c, e);
        e->flags |= EF_RES;
    } else {
        e->flags &= (uint8_t)~EF_RES;
    }
    buf_reset(&c->xml);
    ent_render(e, has_res ? res_content_type(res_meta_kind(e->res_meta.data, e->res_meta.len))
                          : NULL,
               true, &c->xml);

    if (c->nrecs == c->caprecs) {
        c->caprecs = c->caprecs ? c->caprecs * 2 : 1 << 16;
        c->recs = realloc(c->recs, c->caprecs * sizeof *c->recs);
        if (!c->recs)
            abort();
    }
    uint32_t ri = (uint32_t)c->nrecs++;
    struct tk_rec *r = &c->recs[ri];
    memset(r, 0, sizeof *r);
    c->skiptoken += 1 + rng_below(&c->rng, 5);
    r->skiptoken = c->skiptoken;
    if (c->clock < e->bw + 2)
        c->clock = e->bw + 2;
    r->updated = c->clock;
    c->clock += 1 + (int64_t)rng_below(&c->rng, 20);
    memcpy(r->guid, e->guid, 16);
    r->offset = c->eoff;
    r->length = (uint32_t)c->xml.len;
    r->cat = (uint8_t)e->cat;
    r->gen = (uint8_t)c->gen;
    r->supgen = TK_NOGEN;
    r->flags = e->flags;
    g_write_all(c->fe, c->xml.data, c->xml.len, "entries.dat");
    c->eoff += c->xml.len;
    if (has_res) {
        r->res_len = e->res_len;
        r->res_off = c->roff;
        r->res_meta_len = (uint32_t)e->res_meta.len;
        g_write_all(c->fr, e->res_meta.data, e->res_meta.len, "resmeta.bin");
        c->roff += e->res_meta.len;
    }

    if (c->hn * 10 >= c->hcap * 6)
        ghash_grow(c);
    struct ghash *h = ghash_slot(c, e->guid);
    if (h->rec != UINT32_MAX) {
        c->recs[h->rec].supgen = (uint8_t)c->gen;
    } else {
        memcpy(h->guid, e->guid, 16);
        h->spot = 0;
        c->hn++;
    }
    h->rec = ri;
    if (e->spot || h->spot) {
        h->spot = 1;
        if (!e->note[0])
            snprintf(e->note, sizeof e->note, "later version of a spot-checked entity");
        spot_snapshot(c, ri, e);
    }
    if (e->cat == cat_ix[C_DOCUMENT] && !(e->flags & (EF_TOMB | EF_MALFORMED)))
        c->docs_done += 0; /* documents are counted by the stories */
    return ri;
}

/* ---- pools of update candidates ------------------------------------------------------------- */

void g_pool(struct gctx *c, const struct ent *e, double p)
{
    struct gen_pool *pl = &c->pools[e->cat];
    double floor = 20.0 / (double)c->documents; /* small corpora need candidates too */
    if (pl->n >= 4 && !rng_chance(&c->rng, p > floor ? p : floor))
        return;
    struct ghash *h = ghash_find(c, e->guid);
    if (!h)
        return;
    struct gen_pool_item *it;
    if (pl->n >= 1500) {
        it = &pl->items[rng_below(&c->rng, (uint32_t)pl->n)];
    } else {
        if (pl->n == pl->cap) {
            pl->cap = pl->cap ? pl->cap * 2 : 16;
            pl->items = realloc(pl->items, pl->cap * sizeof *pl->items);
            if (!pl->items)
                abort();
        }
        it = &pl->items[pl->n++];
        ent_init(&it->e);
    }
    ent_copy(&it->e, e);
    it->gen = (uint8_t)c->gen;
    it->rec = h->rec;
}

bool g_pool_take(struct gctx *c, int cat, int maxgen, struct ent *out,
                 bool (*pred)(const struct ent *))
{
    struct gen_pool *pl = &c->pools[cat_ix[cat]];
    for (int tries = 0; tries < 40 && pl->n; tries++) {
        size_t i = rng_below(&c->rng, (uint32_t)pl->n);
        struct gen_pool_item *it = &pl->items[i];
        struct ghash *h = ghash_find(c, it->e.guid);
        bool stale = !h || h->rec != it->rec || (c->recs[h->rec].flags & EF_TOMB);
        bool ok = !stale && it->gen <= maxgen && (!pred || pred(&it->e));
        if (!ok && !stale)
            continue;
        if (ok)
            ent_copy(out, &it->e);
        /* remove: swap with the last */
        struct ent tmp = it->e;
        *it = pl->items[pl->n - 1];
        pl->items[pl->n - 1].e = tmp;
        pl->n--;
        ent_free(&pl->items[pl->n].e);
        if (ok)
            return true;
    }
    return false;
}

/* ---- scheduled events (a binary heap on `when`) ----------------------------------------------- */

static bool ev_less(const struct event *a, const struct event *b)
{
    return a->when < b->when;
}

static void heap_push(struct gctx *c, const struct event *ev)
{
    if (c->nevents == c->capevents) {
        c->capevents = c->capevents ? c->capevents * 2 : 64;
        c->events = realloc(c->events, c->capevents * sizeof *c->events);
        if (!c->events)
            abort();
    }
    size_t i = c->nevents++;
    c->events[i] = *ev;
    while (i && ev_less(&c->events[i], &c->events[(i - 1) / 2])) {
        struct event t = c->events[i];
        c->events[i] = c->events[(i - 1) / 2];
        c->events[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static void heap_pop(struct gctx *c, struct event *out)
{
    *out = c->events[0];
    c->events[0] = c->events[--c->nevents];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < c->nevents && ev_less(&c->events[l], &c->events[m]))
            m = l;
        if (r < c->nevents && ev_less(&c->events[r], &c->events[m]))
            m = r;
        if (m == i)
            break;
        struct event t = c->events[i];
        c->events[i] = c->events[m];
        c->events[m] = t;
        i = m;
    }
}

void g_schedule(struct gctx *c, const struct ent *e, enum ev_kind kind, int64_t when,
                bool next_gen, int topic, int aux)
{
    struct event ev;
    memset(&ev, 0, sizeof ev);
    ev.when = next_gen ? INT64_MAX - 1 : when;
    ev.kind = kind;
    ev.next_gen = next_gen;
    ev.born_gen = (uint8_t)c->gen;
    ev.topic = topic;
    ev.aux = aux;
    ent_init(&ev.e);
    ent_copy(&ev.e, e);
    heap_push(c, &ev);
}

static void fire_due(struct gctx *c)
{
    while (c->nevents && c->events[0].when <= c->clock) {
        struct event ev;
        heap_pop(c, &ev);
        story_event(c, &ev);
        ent_free(&ev.e);
    }
}

/* At the start of a generation, events parked for "the next generation" become due soon. */
static void release_next_gen(struct gctx *c)
{
    struct event *keep = NULL;
    size_t nk = 0;
    for (size_t i = 0; i < c->nevents; i++)
        if (c->events[i].next_gen && c->events[i].born_gen < c->gen)
            nk++;
    if (!nk)
        return;
    keep = malloc(nk * sizeof *keep);
    size_t k = 0, o = 0;
    for (size_t i = 0; i < c->nevents; i++) {
        if (c->events[i].next_gen && c->events[i].born_gen < c->gen)
            keep[k++] = c->events[i];
        else
            c->events[o++] = c->events[i];
    }
    c->nevents = 0;
    struct event *rest = malloc((o ? o : 1) * sizeof *rest);
    memcpy(rest, c->events, o * sizeof *rest);
    for (size_t i = 0; i < o; i++)
        heap_push(c, &rest[i]);
    for (size_t i = 0; i < nk; i++) {
        keep[i].next_gen = false;
        keep[i].when = c->clock + 3600 + (int64_t)rng_below(&c->rng, 86400 * 20);
        heap_push(c, &keep[i]);
    }
    free(rest);
    free(keep);
}

/* ---- maintenance actions ---------------------------------------------------------------------- */

enum { ACT_UPDATE, ACT_TOMBSTONES, ACT_MALFORMED };
struct action {
    int kind, arg;
};

static struct action *plan_actions(struct gctx *c, size_t *n)
{
    long updates = c->gen == 1 ? 2 * story_update_kinds() + c->documents / 400
                               : 2 * story_update_kinds() + c->documents / 60;
    size_t total = (size_t)updates + 1 + (c->gen == 1 ? (size_t)c->malformed : 0);
    struct action *a = calloc(total, sizeof *a);
    size_t k = 0;
    for (long i = 0; i < updates; i++)
        a[k++] = (struct action){ACT_UPDATE, (int)(i % story_update_kinds())};
    a[k++] = (struct action){ACT_TOMBSTONES, 0};
    if (c->gen == 1)
        for (int i = 0; i < c->malformed; i++)
            a[k++] = (struct action){ACT_MALFORMED, i};
    for (size_t i = k; i > 1; i--) { /* shuffle */
        size_t j = rng_below(&c->rng, (uint32_t)i);
        struct action t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
    *n = k;
    return a;
}

static void run_action(struct gctx *c, const struct action *a)
{
    switch (a->kind) {
    case ACT_UPDATE: story_update(c, a->arg); break;
    case ACT_TOMBSTONES: story_tombstones(c); break;
    case ACT_MALFORMED: story_malformed(c, a->arg); break;
    default: break;
    }
}

/* ---- driver ------------------------------------------------------------------------------------ */

static void progress(struct gctx *c, bool done)
{
    if (!c->progress)
        return;
    fprintf(stderr, "\rtkfake gen: generation %d/%d, %ld/%ld documents, %zu entries%s",
            c->gen, c->generations, c->docs_done, c->documents, c->nrecs, done ? "\n" : "");
}

static void pace(struct gctx *c)
{
    int64_t target = c->start + (int64_t)((double)c->span * (double)c->docs_done /
                                          (double)(c->documents ? c->documents : 1));
    if (c->clock < target)
        c->clock = target;
}

static void run_generation(struct gctx *c, int g)
{
    c->gen = g;
    long before = c->docs_done;
    long share = c->generations == 1 ? c->documents
                 : g == 1            ? c->documents * 8 / 10
                                     : (c->documents - c->documents * 8 / 10) / (c->generations - 1);
    if (g > 1 && share < 2)
        share = 2;
    c->docs_target = g == c->generations && g > 1 ? (c->documents > before + share ? c->documents
                                                                                     : before + share)
                                                  : before + share;
    if (g == 1) {
        world_emit(c);
    } else {
        release_next_gen(c);
    }
    size_t nact, next = 0;
    struct action *acts = plan_actions(c, &nact);
    bool first = true;
    long span = c->docs_target - before;
    while (c->docs_done < c->docs_target) {
        pace(c);
        world_tick(c);
        if (!c->seed_doc_done && c->clock >= tk_make_time(2024, 2, 19, 10, 58, 0))
            story_seed_document(c);
        if (!c->seed_zaak_done && c->clock >= tk_make_time(2024, 2, 28, 16, 28, 0))
            story_seed_zaak(c);
        fire_due(c);
        while (next < nact &&
               (long)((next + 1) * (size_t)span / (nact + 1)) <= c->docs_done - before)
            run_action(c, &acts[next++]);
        story_run(c);
        if (first) { /* every generation has a sitting, a commitment and an activity */
            int topic = (int)rng_below(&c->rng, (uint32_t)text_ntopics);
            story_vergadering(c, topic);
            story_toezegging(c, topic);
            story_activity_block(c, topic);
            first = false;
        }
        if ((c->nrecs & 0x3fff) < 8)
            progress(c, false);
    }
    while (next < nact)
        run_action(c, &acts[next++]);
    if (g == 1) {
        if (!c->seed_doc_done)
            story_seed_document(c);
        if (!c->seed_zaak_done)
            story_seed_zaak(c);
    }
    free(acts);
}

static void gen_free(struct gctx *c)
{
    free(c->recs);
    free(c->hash);
    for (size_t i = 0; i < c->nspots; i++)
        free(c->spots[i].json);
    free(c->spots);
    for (int k = 0; k < C_NCAT; k++) {
        for (size_t i = 0; i < c->pools[k].n; i++)
            ent_free(&c->pools[k].items[i].e);
        free(c->pools[k].items);
    }
    for (size_t i = 0; i < c->nevents; i++)
        ent_free(&c->events[i].e);
    free(c->events);
    world_free(c);
    ent_free(&c->e);
    ent_free(&c->e2);
    ent_free(&c->e3);
    buf_free(&c->xml);
    buf_free(&c->res);
    free(c);
}

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: tkfake gen --out DIR --seed N --documents N [--generations K] "
               "[--malformed N]\n\n"
               "Writes a deterministic synthetic SyncFeed corpus to DIR (created if needed):\n"
               "all 37 categories with consistent references, K generations of changes\n"
               "(default 3), N deliberately malformed entries (default 2), and the expected\n"
               "end state per generation (expected-g<G>.json, expected.json). The same\n"
               "arguments always give byte-identical files. About 6-7 entities per document.\n");
    return rc;
}

int cmd_gen(int argc, char **argv)
{
    struct gctx *c = calloc(1, sizeof *c);
    c->generations = 3;
    c->malformed = 2;
    c->documents = -1;
    bool have_seed = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            free(c);
            return usage(stdout, 0);
        } else if (!strcmp(a, "--out") && v) {
            c->out = v, i++;
        } else if (!strcmp(a, "--seed") && v) {
            c->seed = strtoull(v, NULL, 10), have_seed = true, i++;
        } else if (!strcmp(a, "--documents") && v) {
            c->documents = strtol(v, NULL, 10), i++;
        } else if (!strcmp(a, "--generations") && v) {
            c->generations = atoi(v), i++;
        } else if (!strcmp(a, "--malformed") && v) {
            c->malformed = atoi(v), i++;
        } else {
            fprintf(stderr, "tkfake gen: unknown or incomplete option '%s'\n", a);
            free(c);
            return usage(stderr, 2);
        }
    }
    if (!c->out || !have_seed || c->documents < 1 || c->generations < 1 || c->generations > 200 ||
        c->malformed < 0 || c->malformed > 1000) {
        free(c);
        return usage(stderr, 2);
    }
    if (mkdir(c->out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tkfake: %s: %s\n", c->out, strerror(errno));
        free(c);
        return 1;
    }
    for (int k = 0; k < C_NCAT; k++) {
        const struct kw_type *t = kw_type_by_category(cat_names[k]);
        if (!t) {
            fprintf(stderr, "tkfake: the model has no category %s\n", cat_names[k]);
            return 1;
        }
        cat_ix[k] = (int)kw_type_index(t);
    }
    c->progress = isatty(2);
    rng_seed(&c->rng, c->seed);
    c->next_serial = 1000;
    c->skiptoken = 21000000 + rng_below(&c->rng, 1000);
    c->start = tk_make_time(2019, 1, 7, 9, 0, 0);
    c->span = tk_make_time(2026, 6, 30, 18, 0, 0) - c->start;
    c->clock = c->start;
    c->scale = (double)c->documents / 30000.0;
    if (c->scale > 1)
        c->scale = 1;
    ent_init(&c->e);
    ent_init(&c->e2);
    ent_init(&c->e3);
    ghash_grow(c);
    c->fe = g_open_out(c->out, "entries.dat", "wb");
    c->fr = g_open_out(c->out, "resmeta.bin", "wb");
    world_init(c);
    for (int g = 1; g <= c->generations; g++)
        run_generation(c, g);
    if (fclose(c->fe) != 0 || fclose(c->fr) != 0) {
        fprintf(stderr, "tkfake: writing %s: %s\n", c->out, strerror(errno));
        return 1;
    }
    g_finish(c);
    progress(c, true);
    fprintf(stderr, "tkfake gen: %zu versions, %ld documents, %d generations in %s\n", c->nrecs,
            c->docs_done, c->generations, c->out);
    gen_free(c);
    return 0;
}
