/*
 * story — the stories that make the bulk of the corpus. story_run() picks a document soort
 * with the real mix (Bijlage ~26%, Stenogram ~17%, Brief regering ~10%, Motie ~9%, ...) and
 * writes everything that comes with it: the Zaak and its actors, the Document with its
 * DocumentVersie and DocumentActor, attachments, the Besluit on a motion with one Stemming
 * per party (or per member for a roll call), written questions whose answers arrive later.
 * The real seed letter 2021D35262 and its Zaak are written here too.
 */
#include "story.h"

#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

void st_touch(struct ent *e)
{
    e->bw = 0;
    e->bw_form = -1;
    e->spot = false;
}

void st_midnight(int64_t t, char out[TK_TS_LEN])
{
    tk_ts_naive(tk_local_midnight(t), out);
}

void st_actor_name(const struct member *m, char *out, size_t n)
{
    char sur[96];
    text_surname(&m->name, sur, sizeof sur);
    snprintf(out, n, "%s %s", m->name.initialen, sur);
}

int st_party_of(struct gctx *c, int member, int64_t when)
{
    return c->members[member].party[world_era(c, when)];
}

static char recent_docs[16][16];
static int nrecent;

void st_remember_doc(struct gctx *c, const char *nummer)
{
    (void)c;
    snprintf(recent_docs[nrecent % 16], 16, "%s", nummer);
    nrecent++;
}

/* ---- documents ------------------------------------------------------------------------------- */

static enum res_kind pick_kind(struct gctx *c)
{
    /* the first documents cover every kind, so even a tiny corpus has them all */
    static const enum res_kind forced[] = {RES_DOCX, RES_PDF_TRUNC, RES_RANDOM_PDF, RES_RTF,
                                           RES_HTML, RES_DOC_RTF};
    if (c->docs_done < (long)(2 * NELEM(forced)) && c->docs_done % 2 == 1)
        return forced[c->docs_done / 2];
    unsigned x = rng_below(&c->rng, 1000);
    if (x < 920)
        return RES_PDF;
    if (x < 970)
        return RES_DOCX;
    if (x < 980)
        return RES_RTF;
    if (x < 990)
        return RES_HTML;
    if (x < 994)
        return RES_DOC_RTF;
    if (x < 997)
        return RES_PDF_TRUNC;
    return RES_RANDOM_PDF;
}

static const char *extensie(enum res_kind k)
{
    switch (k) {
    case RES_DOCX: return ".docx";
    case RES_RTF: return ".rtf";
    case RES_DOC_RTF: return ".doc";
    case RES_HTML: return ".html";
    default: return ".pdf";
    }
}

/* The KOOP publications of a kamerstuk version: its PDF rendition (the same file as the
 * document, when that is a PDF) and the XML metadata record. They draw on a random stream and
 * a clock of their own, so the rest of the corpus is the same with or without them. */
static void st_publications(struct gctx *c, struct ent *e, const uint8_t versie[16],
                            uint32_t doc_serial, const char *kstid, const struct buf *docmeta,
                            int64_t when)
{
    struct rng saved = c->rng;
    int64_t clock = c->clock;
    rng_seed(&c->rng, tk_mix(c->seed ^ 0x7075626c69636174ULL, doc_serial));
    static const char *const ext[2] = {"pdf", "xml"};
    for (int k = 0; k < 2; k++) {
        uint8_t g[16];
        tk_guid_from(tk_mix(c->seed ^ (0x6b6f6f7000000000ULL + (uint64_t)k), doc_serial),
                     tk_mix(c->seed ^ (0x7075620000000000ULL + (uint64_t)k), doc_serial), g);
        ent_begin(e, cat_ix[k ? C_DOCUMENTPUBLICATIEMETADATA : C_DOCUMENTPUBLICATIE], 0, g);
        ent_ref(e, "documentVersie", versie);
        ent_set(e, "identifier", kstid);
        ent_set(e, "documentType", "Kamerstuk");
        ent_setf(e, "fileName", "%s.%s", kstid, ext[k]);
        ent_nil(e, "source");
        ent_setf(e, "url", "https://zoek.officielebekendmakingen.nl/%s.%s", kstid, ext[k]);
        char ts[TK_TS_LEN];
        st_midnight(when + 86400, ts);
        ent_set(e, "publicatieDatum", ts);
        if (k == 0 && res_meta_kind(docmeta->data, docmeta->len) == RES_PDF)
            buf_add(&e->res_meta, docmeta->data, docmeta->len);
        g_spot(c, e, k ? "publicatie-metadata" : "publicatie", 1,
               "KOOP publication of a kamerstuk version");
        g_emit(c, e);
        c->nside++;
    }
    c->rng = saved;
    c->clock = clock;
}

/* A tombstone of a never-seen publication GUID per publication category, on the same kind
 * of side stream as st_publications. */
void st_publication_tombstones(struct gctx *c)
{
    struct rng saved = c->rng;
    int64_t clock = c->clock;
    uint64_t key = 0x746f6d6200000000ULL + (uint64_t)c->gen;
    rng_seed(&c->rng, tk_mix(c->seed, key));
    struct ent u;
    ent_init(&u);
    for (int k = 0; k < 2; k++) {
        uint8_t g[16];
        tk_guid_from(tk_mix(c->seed ^ key, (uint64_t)k), tk_mix(c->seed ^ ~key, (uint64_t)k), g);
        ent_begin(&u, cat_ix[k ? C_DOCUMENTPUBLICATIEMETADATA : C_DOCUMENTPUBLICATIE], 0, g);
        u.flags = EF_TOMB;
        g_emit(c, &u);
        c->nside++;
    }
    ent_free(&u);
    c->rng = saved;
    c->clock = clock;
}

void st_document(struct gctx *c, const struct docspec *s, struct docout *o)
{
    struct ent *e = &c->e;
    const struct topic *t = &text_topics[s->topic];
    char ts[TK_TS_LEN], vj[16], kst[64] = "", nummer[16];
    uint8_t versie[16];
    g_guid(c, g_serial(c), versie);
    g_new(c, e, C_DOCUMENT);
    memcpy(o->guid, e->guid, 16);
    g_number(c, s->when, CNT_D, 'D', nummer);
    snprintf(o->nummer, sizeof o->nummer, "%s", nummer);
    ent_ref(e, "huidigeDocumentVersie", versie);
    if (s->bron)
        ent_ref(e, "bronDocument", s->bron);
    if (s->activiteit)
        ent_ref(e, "activiteit", s->activiteit);
    if (s->agendapunt)
        ent_ref(e, "agendapunt", s->agendapunt);
    if (s->zaak)
        ent_ref(e, "zaak", s->zaak);
    const struct dossier *d = s->dossier >= 0 ? &c->dossiers[s->dossier] : NULL;
    if (d)
        ent_ref(e, "kamerstukdossier", d->guid);
    ent_set(e, "soort", s->soort);
    ent_set(e, "documentNummer", nummer);
    ent_set(e, "titel", s->titel ? s->titel : d ? d->titel : NULL);
    ent_set(e, "onderwerp", s->onderwerp);
    st_midnight(s->when, ts);
    ent_set(e, "datum", ts);
    ent_setf(e, "volgnummer", "%d", s->volgnummer);
    tk_vergaderjaar(s->when, vj);
    ent_set(e, "vergaderjaar", vj);
    ent_set(e, "kamer", "2");
    ent_nil(e, "citeertitel");
    ent_nil(e, "alias");
    ent_set(e, "datumRegistratie", ts);
    if (!strcmp(s->soort, "Brief regering")) {
        ent_set(e, "datumOntvangst", ts);
        ent_setf(e, "kenmerkAfzender", "%.4s-%07u", nummer, rng_below(&c->rng, 9999999));
    }
    if (!strcmp(s->soort, "Antwoord schriftelijke vragen"))
        ent_setf(e, "aanhangselnummer", "%c%c%c%c%05d", vj[2], vj[3], vj[7], vj[8],
                 (int)rng_below(&c->rng, 3000) + 1);
    ent_set(e, "organisatie", "Tweede Kamer");

    /* the file */
    enum res_kind kind = pick_kind(c);
    char date[48], sig[128] = "", ids[400] = "";
    tk_dutch_date(s->when, date);
    if (d && s->volgnummer > 0) {
        if (d->toevoeging)
            snprintf(kst, sizeof kst, "%d %s, nr. %d", d->nummer, d->toevoeging, s->volgnummer);
        else
            snprintf(kst, sizeof kst, "%d, nr. %d", d->nummer, s->volgnummer);
    }
    if (s->signer >= 0)
        st_actor_name(&c->members[s->signer], sig, sizeof sig);
    int nid = 0;
    size_t il = 0;
#define ADDID(...) il += (size_t)snprintf(ids + il, sizeof ids - il, "%s", nid++ ? "|" : ""), \
                   il += (size_t)snprintf(ids + il, sizeof ids - il, __VA_ARGS__)
    if (kst[0])
        ADDID("Kamerstuk %s", kst);
    if (s->zaaknummer)
        ADDID("zaak %s", s->zaaknummer);
    if (nrecent && rng_chance(&c->rng, 0.5))
        ADDID("document %s", recent_docs[rng_below(&c->rng, nrecent < 16 ? (uint32_t)nrecent : 16)]);
    if (s->topic == 2 && rng_chance(&c->rng, 0.3))
        ADDID("Kamerstuk 31293, nr. 593");
    if (rng_chance(&c->rng, 0.3))
        ADDID("Kamerstuk %d, nr. %d", 21000 + (int)rng_below(&c->rng, 15000),
              (int)rng_below(&c->rng, 400) + 1);
#undef ADDID
    char heading[80] = "";
    if (d)
        snprintf(heading, sizeof heading, "%d %s", d->nummer, d->toevoeging ? d->toevoeging : "");
    struct buf *m = &e->res_meta;
    res_meta_begin(m, kind, s->topic, tk_mix(c->seed, e->serial));
    res_meta_str(m, nummer);
    res_meta_str(m, s->soort);
    res_meta_str(m, s->titel ? s->titel : d ? d->titel : s->onderwerp);
    res_meta_str(m, s->onderwerp);
    res_meta_str(m, date);
    res_meta_str(m, vj);
    res_meta_str(m, heading);
    res_meta_str(m, sig);
    res_meta_str(m, s->signer_fn ? s->signer_fn : s->signer >= 0 ? "lid van de Tweede Kamer" : "");
    res_meta_str(m, ids);
    g_fill_res(c, e);
    uint32_t len = e->res_len;
    if (!strcmp(s->soort, "Antwoord schriftelijke vragen"))
        g_spot(c, e, "antwoord", 1, "answer to written questions");
    g_emit(c, e);
    g_pool(c, e, 0.02);
    st_remember_doc(c, nummer);

    /* DocumentVersie */
    struct buf docmeta = BUF_INIT;
    buf_add(&docmeta, e->res_meta.data, e->res_meta.len);
    uint32_t doc_serial = e->serial;
    char kstid[64] = "";
    ent_begin(e, cat_ix[C_DOCUMENTVERSIE], 0, versie);
    ent_ref(e, "document", o->guid);
    ent_set(e, "status", "Vrijgegeven");
    ent_setf(e, "versienummer", "%d", 1 + (int)rng_below(&c->rng, 3));
    ent_setf(e, "bestandsgrootte", "%u", (len + 1023) / 1024);
    ent_set(e, "extensie", extensie(kind));
    tk_ts_naive(c->clock - 60, ts);
    ent_set(e, "datum", ts);
    if (s->extid)
        ent_set(e, "externeidentifier", s->extid);
    else if (d && s->volgnummer > 0 && d->toevoeging && d->toevoeging[0] != '(')
        snprintf(kstid, sizeof kstid, "kst-%d-%s-%d", d->nummer, d->toevoeging, s->volgnummer);
    else if (d && s->volgnummer > 0)
        snprintf(kstid, sizeof kstid, "kst-%d-%d", d->nummer, s->volgnummer);
    if (kstid[0])
        ent_set(e, "externeidentifier", kstid);
    g_emit(c, e);
    g_pool(c, e, 0.01);
    if (kstid[0])
        st_publications(c, e, versie, doc_serial, kstid, &docmeta, s->when);
    buf_free(&docmeta);

    /* DocumentActor */
    if (s->signer >= 0) {
        const struct member *mb = &c->members[s->signer];
        g_new(c, e, C_DOCUMENTACTOR);
        ent_ref(e, "document", o->guid);
        ent_ref(e, "persoon", mb->guid);
        int p = st_party_of(c, s->signer, s->when);
        if (p >= 0 && !mb->minister)
            ent_ref(e, "fractie", c->parties[p].guid);
        ent_set(e, "actorNaam", sig);
        ent_set(e, "actorFractie", p >= 0 && !mb->minister ? c->parties[p].afk : NULL);
        ent_set(e, "functie", s->signer_fn ? s->signer_fn : "Tweede Kamerlid");
        ent_set(e, "relatie", "Eerste ondertekenaar");
        ent_set(e, "sidActor", mb->sid);
        g_emit(c, e);
        g_pool(c, e, 0.01);
    } else if (c->nplaceholders && rng_chance(&c->rng, 0.5)) {
        /* Parlis refers to a person Sesam has not published: a placeholder */
        g_new(c, e, C_DOCUMENTACTOR);
        ent_ref(e, "document", o->guid);
        ent_ref(e, "persoon", c->placeholders[rng_below(&c->rng, (uint32_t)c->nplaceholders)]);
        ent_set(e, "actorNaam", "Griffie");
        ent_set(e, "functie", "Griffier");
        ent_set(e, "relatie", "Eerste ondertekenaar");
        g_emit(c, e);
    } else {
        const struct commissie *cm = world_commissie(c, s->topic);
        g_new(c, e, C_DOCUMENTACTOR);
        ent_ref(e, "document", o->guid);
        ent_ref(e, "commissie", cm->guid);
        ent_set(e, "actorNaam", cm->naam);
        ent_set(e, "functie", "Commissie");
        ent_set(e, "relatie", "Eerste ondertekenaar");
        ent_set(e, "sidActor", cm->sid);
        g_emit(c, e);
    }
    c->docs_done++;
    (void)t;
}

/* ---- zaken ------------------------------------------------------------------------------------- */

void st_zaak_begin(struct gctx *c, const char *soort, int topic, int64_t when,
                   const char *onderwerp, const char *titel, int dossier, int volgnummer,
                   char nummer[16])
{
    struct ent *e = &c->e2;
    char ts[TK_TS_LEN], vj[16];
    g_new(c, e, C_ZAAK);
    g_number(c, when, CNT_Z, 'Z', nummer);
    if (dossier >= 0)
        ent_ref(e, "kamerstukdossier", c->dossiers[dossier].guid);
    ent_set(e, "nummer", nummer);
    ent_set(e, "soort", soort);
    ent_set(e, "onderwerp", onderwerp);
    st_midnight(when, ts);
    ent_set(e, "gestartOp", ts);
    ent_set(e, "organisatie", "Tweede Kamer");
    ent_set(e, "titel", titel ? titel : dossier >= 0 ? c->dossiers[dossier].titel : NULL);
    if (!strcmp(soort, "Schriftelijke vragen")) {
        char termijn[TK_TS_LEN];
        st_midnight(when + 86400 * 21, termijn);
        ent_set(e, "termijn", termijn);
    }
    tk_vergaderjaar(when, vj);
    ent_set(e, "vergaderjaar", vj);
    if (volgnummer > 0)
        ent_setf(e, "volgnummer", "%d", volgnummer);
    ent_set(e, "status", "Vrijgegeven");
    ent_setb(e, "afgedaan", false);
    ent_setb(e, "grootProject", false);
    (void)topic;
}

void st_zaakactor_member(struct gctx *c, const uint8_t zaak[16], int member, int64_t when,
                         const char *relatie)
{
    struct ent *e = &c->e;
    const struct member *m = &c->members[member];
    char name[128];
    st_actor_name(m, name, sizeof name);
    g_new(c, e, C_ZAAKACTOR);
    ent_ref(e, "zaak", zaak);
    ent_ref(e, "persoon", m->guid);
    int p = st_party_of(c, member, when);
    if (p >= 0 && !m->minister)
        ent_ref(e, "fractie", c->parties[p].guid);
    ent_set(e, "actorNaam", name);
    ent_set(e, "actorFractie", p >= 0 && !m->minister ? c->parties[p].afk : NULL);
    ent_set(e, "functie", m->minister ? text_topics[m->topic].bewinds : "Tweede Kamerlid");
    ent_set(e, "relatie", relatie);
    ent_set(e, "sidActor", m->sid);
    g_emit(c, e);
    g_pool(c, e, 0.01);
}

void st_zaakactor_commissie(struct gctx *c, const uint8_t zaak[16], int topic)
{
    struct ent *e = &c->e;
    const struct commissie *cm = world_commissie(c, topic);
    g_new(c, e, C_ZAAKACTOR);
    ent_ref(e, "zaak", zaak);
    ent_ref(e, "commissie", cm->guid);
    ent_set(e, "actorNaam", cm->naam);
    ent_set(e, "actorAfkorting", cm->afk);
    ent_set(e, "relatie", "Voortouwcommissie");
    ent_set(e, "sidActor", cm->sid);
    g_emit(c, e);
}

/* ---- votes ------------------------------------------------------------------------------------- */

static const char *const appreciaties[] = {"Ontraden", "Oordeel Kamer", "Nog niet bekend",
                                           "Overgenomen", "Ontraden, tenzij gewijzigd",
                                           "Verzocht motie aan te houden"};

static void vote(struct gctx *c, const uint8_t zaak[16], const char *zaakonderwerp, int topic,
                 int64_t when, bool hoofdelijk)
{
    struct ent *e = &c->e;
    const struct activity *st = &c->stemmingen;
    if (!st->valid || when - st->when > 7 * 86400) {
        st_activiteit(c, "Stemmingen", topic, when, true, &c->stemmingen);
        st = &c->stemmingen;
    }
    uint8_t ap[16];
    char apond[512];
    snprintf(apond, sizeof apond, "Stemmingen over: %s", zaakonderwerp);
    st_agendapunt(c, st, apond, 10 + (int)rng_below(&c->rng, 80), false, ap);

    /* the tally decides the outcome */
    int era = world_era(c, when);
    const struct era *E = &c->eras[era];
    int choice[MAXPARTY]; /* 0 voor, 1 tegen, 2 niet deelgenomen */
    int voor = 0, tegen = 0;
    double pv = 0.25 + 0.5 * rng_unit(&c->rng);
    for (int k = 0; k < E->nparties; k++) {
        int seats = E->p[k].seats;
        choice[k] = seats <= 3 && rng_chance(&c->rng, 0.015) ? 2 : rng_chance(&c->rng, pv) ? 0 : 1;
        if (choice[k] == 0)
            voor += seats;
        else if (choice[k] == 1)
            tegen += seats;
    }
    uint8_t besluit[16];
    g_new(c, e, C_BESLUIT);
    memcpy(besluit, e->guid, 16);
    ent_ref(e, "agendapunt", ap);
    ent_set(e, "stemmingsSoort", hoofdelijk ? "Hoofdelijk" : "Met handopsteken");
    int mv = 0, mt = 0; /* roll call: count member rows */
    if (hoofdelijk) {
        for (int i = 0; i < E->nmembers; i++) {
            int p = c->members[E->members[i]].party[era];
            for (int k = 0; k < E->nparties; k++)
                if (E->p[k].party == p) {
                    if (choice[k] == 0)
                        mv++;
                    else if (choice[k] == 1)
                        mt++;
                }
        }
        voor = mv, tegen = mt;
    }
    bool close = voor - tegen < 8 && tegen - voor < 8;
    if (voor > tegen) {
        ent_set(e, "besluitSoort", "Stemmen - aangenomen");
        if (close || hoofdelijk)
            ent_setf(e, "besluitTekst", "Aangenomen. (%d-%d)", voor, tegen);
        else
            ent_set(e, "besluitTekst", "Aangenomen.");
    } else if (voor < tegen) {
        ent_set(e, "besluitSoort", "Stemmen - verworpen");
        if (close || hoofdelijk)
            ent_setf(e, "besluitTekst", "Verworpen (%d-%d).", voor, tegen);
        else
            ent_set(e, "besluitTekst", "Verworpen.");
    } else {
        ent_set(e, "besluitSoort", "Stemmen - gestaakt");
        ent_setf(e, "besluitTekst", "Gestaakt. (%d-%d)", voor, tegen);
    }
    ent_set(e, "status", "Besluit");
    ent_set(e, "agendapuntZaakBesluitVolgorde", "1");
    ent_ref(e, "zaak", zaak);
    g_spot(c, e, hoofdelijk ? "besluit-hoofdelijk" : "besluit-vote", hoofdelijk ? 1 : 2,
           hoofdelijk ? "roll-call decision, tally in besluitTekst" : "vote decision");
    g_emit(c, e);
    g_pool(c, e, 0.01);

    if (!hoofdelijk) {
        for (int k = 0; k < E->nparties; k++) {
            const struct party *p = &c->parties[E->p[k].party];
            g_new(c, e, C_STEMMING);
            ent_ref(e, "besluit", besluit);
            ent_ref(e, "fractie", p->guid);
            ent_set(e, "soort", choice[k] == 0 ? "Voor" : choice[k] == 1 ? "Tegen"
                                                                         : "Niet deelgenomen");
            ent_setf(e, "fractieGrootte", "%d", E->p[k].seats);
            ent_set(e, "actorNaam", p->afk);
            ent_set(e, "actorFractie", p->afk);
            ent_setb(e, "vergissing", false);
            ent_nil(e, "sidActorLid");
            ent_set(e, "sidActorFractie", p->sid);
            g_spot(c, e, "stemming", 2, "per-party vote, fractieGrootte = seats");
            g_emit(c, e);
            g_pool(c, e, 0.001);
        }
        return;
    }
    for (int i = 0; i < E->nmembers; i++) {
        const struct member *m = &c->members[E->members[i]];
        int p = m->party[era], k = 0;
        while (k < E->nparties && E->p[k].party != p)
            k++;
        if (k == E->nparties || choice[k] == 2)
            continue;
        char naam[128];
        snprintf(naam, sizeof naam, "%s, %s", m->name.achternaam, m->name.initialen);
        g_new(c, e, C_STEMMING);
        ent_ref(e, "besluit", besluit);
        ent_ref(e, "persoon", m->guid);
        ent_ref(e, "fractie", c->parties[p].guid);
        ent_set(e, "soort", choice[k] == 0 ? "Voor" : "Tegen");
        ent_setf(e, "fractieGrootte", "%d", E->p[k].seats);
        ent_set(e, "actorNaam", naam);
        ent_set(e, "actorFractie", c->parties[p].afk);
        ent_setb(e, "vergissing", false);
        ent_set(e, "sidActorLid", m->sid);
        ent_set(e, "sidActorFractie", c->parties[p].sid);
        g_spot(c, e, "stemming-hoofdelijk", 1, "roll-call vote of one member");
        g_emit(c, e);
    }
}

/* ---- stories ----------------------------------------------------------------------------------- */

static int pick_topic(struct gctx *c)
{
    return (int)rng_below(&c->rng, (uint32_t)text_ntopics);
}

static int64_t story_when(struct gctx *c)
{
    return c->clock - (int64_t)rng_below(&c->rng, 3 * 86400);
}

static void set_parent(struct gctx *c, const struct docout *o, const uint8_t *zaak, int topic,
                       int64_t when, const char *titel)
{
    memcpy(c->parent.guid, o->guid, 16);
    c->parent.has_zaak = zaak != NULL;
    if (zaak)
        memcpy(c->parent.zaak, zaak, 16);
    c->parent.valid = true;
    c->parent.topic = topic;
    c->parent.when = when;
    snprintf(c->parent.nummer, sizeof c->parent.nummer, "%s", o->nummer);
    snprintf(c->parent.titel, sizeof c->parent.titel, "%s", titel ? titel : "");
}

static void story_brief(struct gctx *c, const char *soort, bool with_zaak)
{
    int topic = pick_topic(c);
    const struct topic *t = &text_topics[topic];
    int64_t when = story_when(c);
    int dossier = world_dossier(c, topic);
    bool kamerstuk = rng_chance(&c->rng, 0.7);
    int volg = kamerstuk ? ++c->dossiers[dossier].volgnummer : -1;
    struct buf ond = BUF_INIT;
    static const char *const pre[] = {"", "Stand van zaken ", "Reactie op verzoek commissie over ",
                                      "Voortgangsbrief over ", "Kabinetsreactie op het rapport over "};
    unsigned k = rng_below(&c->rng, NELEM(pre));
    buf_adds(&ond, pre[k]);
    text_kern(&c->rng, t, &ond);
    if (ond.data[0] >= 'a' && ond.data[0] <= 'z')
        ond.data[0] = (char)(ond.data[0] - 32);
    int minister = !strcmp(soort, "Brief regering") ? world_minister(c, topic, when) : -1;
    char zn[16] = "";
    uint8_t zaak[16];
    if (with_zaak) {
        st_zaak_begin(c, !strcmp(soort, "Brief regering") ? "Brief regering" : "Brief commissie",
                      topic, when, ond.data, NULL, dossier, volg, zn);
        memcpy(zaak, c->e2.guid, 16);
        g_emit(c, &c->e2);
        g_pool(c, &c->e2, 0.02);
        st_zaakactor_commissie(c, zaak, topic);
        if (minister >= 0 && rng_chance(&c->rng, 0.5))
            st_zaakactor_member(c, zaak, minister, when, "Indiener");
    }
    struct docspec s = {soort, topic, when, ond.data, NULL, dossier, volg,
                        with_zaak ? zaak : NULL, NULL, NULL, NULL, minister,
                        minister >= 0 ? t->bewinds : NULL, with_zaak ? zn : NULL, NULL};
    struct docout o;
    st_document(c, &s, &o);
    set_parent(c, &o, with_zaak ? zaak : NULL, topic, when, c->dossiers[dossier].titel);
    /* a procedural decision on the letter */
    if (with_zaak && rng_chance(&c->rng, 0.35)) {
        struct ent *e = &c->e;
        const struct activity *a = st_debate(c, topic);
        uint8_t ap[16];
        st_agendapunt(c, a, ond.data, 1 + (int)rng_below(&c->rng, 30), false, ap);
        static const char *const bs[][2] = {
            {"Agenderen - commissiedebat", "Agenderen voor het commissiedebat."},
            {"V.k.a. - voor kennisgeving aannemen (commissie)", "Voor kennisgeving aannemen "},
            {"Betrekken - desgewenst betrekken bij andere zaak (relateren)",
             "Desgewenst betrekken bij het debat."},
            {"Ter informatie", "Ter informatie."}};
        unsigned b = rng_below(&c->rng, NELEM(bs));
        g_new(c, e, C_BESLUIT);
        ent_ref(e, "agendapunt", ap);
        ent_nil(e, "stemmingsSoort");
        ent_set(e, "besluitSoort", bs[b][0]);
        ent_set(e, "besluitTekst", bs[b][1]);
        if (rng_chance(&c->rng, 0.2))
            ent_setf(e, "opmerking", "De %s heeft de %s gevraagd om een reactie.",
                     world_commissie(c, topic)->naam, t->bewinds);
        ent_set(e, "status", rng_chance(&c->rng, 0.85) ? "Besluit" : "Voorstel");
        ent_set(e, "agendapuntZaakBesluitVolgorde", "1");
        ent_ref(e, "zaak", zaak);
        g_emit(c, e);
        g_pool(c, e, 0.02);
    }
    buf_free(&ond);
}

static void story_motie(struct gctx *c, const char *soort, bool amendement)
{
    int topic = pick_topic(c);
    const struct topic *t = &text_topics[topic];
    int64_t when = story_when(c);
    int dossier = world_dossier(c, topic);
    int volg = ++c->dossiers[dossier].volgnummer;
    int indiener = world_member(c, when);
    char sur[96], onderwerp[400];
    text_surname(&c->members[indiener].name, sur, sizeof sur);
    bool cs = rng_chance(&c->rng, 0.4);
    const char *kern = t->kern[rng_below(&c->rng, 4)];
    if (amendement)
        snprintf(onderwerp, sizeof onderwerp, "%s van het lid %s%s over %s", soort, sur,
                 cs ? " c.s." : "", kern);
    else if (strchr(soort, '('))
        snprintf(onderwerp, sizeof onderwerp, "Gewijzigde motie van het lid %s%s over %s (t.v.v. %d-%d)",
                 sur, cs ? " c.s." : "", kern, c->dossiers[dossier].nummer, volg - 1);
    else
        snprintf(onderwerp, sizeof onderwerp, "Motie van het lid %s%s over %s", sur,
                 cs ? " c.s." : "", kern);
    const struct activity *debat = st_debate(c, topic);
    char zn[16];
    st_zaak_begin(c, amendement ? "Amendement" : "Motie", topic, when, onderwerp, NULL, dossier,
                  volg, zn);
    struct ent *z = &c->e2;
    uint8_t zaak[16];
    memcpy(zaak, z->guid, 16);
    ent_ref(z, "activiteit", debat->guid);
    if (!amendement)
        ent_set(z, "kabinetsappreciatie", appreciaties[rng_below(&c->rng, NELEM(appreciaties))]);
    g_emit(c, z);
    g_pool(c, z, 0.02);
    st_zaakactor_member(c, zaak, indiener, when, "Indiener");
    int mede = cs ? rng_range(&c->rng, 1, 3) : 0;
    for (int i = 0; i < mede; i++)
        st_zaakactor_member(c, zaak, world_member(c, when), when, "Medeindiener");
    if (rng_chance(&c->rng, 0.3))
        st_zaakactor_member(c, zaak, world_minister(c, topic, when), when, "Gericht aan");
    struct docspec s = {soort, topic, when, onderwerp, NULL, dossier, volg, zaak, debat->guid,
                        NULL, NULL, indiener, NULL, zn, NULL};
    struct docout o;
    st_document(c, &s, &o);
    int r = (int)rng_below(&c->rng, 100);
    if (r < 8) { /* aangehouden: a decision without votes */
        struct ent *e = &c->e;
        uint8_t ap[16];
        st_agendapunt(c, debat, onderwerp, 5, false, ap);
        g_new(c, e, C_BESLUIT);
        ent_ref(e, "agendapunt", ap);
        ent_nil(e, "stemmingsSoort");
        ent_set(e, "besluitSoort", "Stemmen - aangehouden");
        ent_set(e, "besluitTekst", "Aangehouden.");
        ent_set(e, "status", "Besluit");
        ent_set(e, "agendapuntZaakBesluitVolgorde", "1");
        ent_ref(e, "zaak", zaak);
        g_emit(c, e);
        return;
    }
    /* the first vote of a corpus is a roll call, so even a small corpus has one */
    static bool roll_call_done;
    bool hoofdelijk = !roll_call_done || rng_chance(&c->rng, 0.012);
    roll_call_done = true;
    vote(c, zaak, onderwerp, topic, when + 86400 * 2, hoofdelijk);
}

static void story_vragen(struct gctx *c)
{
    int topic = pick_topic(c);
    const struct topic *t = &text_topics[topic];
    int64_t when = story_when(c);
    int lid = world_member(c, when);
    int minister = world_minister(c, topic, when);
    char sur[96], onderwerp[400], zn[16];
    text_surname(&c->members[lid].name, sur, sizeof sur);
    int p = st_party_of(c, lid, when);
    snprintf(onderwerp, sizeof onderwerp, "Vragen van het lid %s (%s) aan de %s over %s", sur,
             p >= 0 ? c->parties[p].afk : "?", t->bewinds, t->kern[rng_below(&c->rng, 4)]);
    st_zaak_begin(c, "Schriftelijke vragen", topic, when, onderwerp, NULL, -1, -1, zn);
    uint8_t zaak[16];
    memcpy(zaak, c->e2.guid, 16);
    struct ent zcopy;
    ent_init(&zcopy);
    g_emit(c, &c->e2);
    ent_copy(&zcopy, &c->e2);
    st_zaakactor_member(c, zaak, lid, when, "Indiener");
    st_zaakactor_member(c, zaak, minister, when, "Gericht aan");
    char extid[32];
    snprintf(extid, sizeof extid, "kv-tk-%s", zn);
    struct docspec s = {"Schriftelijke vragen", topic, when, onderwerp, NULL, -1, -1, zaak,
                        NULL, NULL, NULL, lid, NULL, zn, extid};
    struct docout o;
    st_document(c, &s, &o);
    /* the answer: in a few weeks, after a postponement, or only in a later generation */
    unsigned r = rng_below(&c->rng, 100);
    if (r < 55)
        g_schedule(c, &zcopy, EV_ANSWER, c->clock + 86400 * rng_range(&c->rng, 14, 42), false,
                   topic, minister);
    else if (r < 80)
        g_schedule(c, &zcopy, EV_ANSWER, c->clock + 86400 * 21, false, topic, -1 - minister);
    else if (r < 92)
        g_schedule(c, &zcopy, EV_ANSWER, 0, true, topic, minister);
    /* else: stays open */
    ent_free(&zcopy);
}

static void story_answer(struct gctx *c, struct event *ev)
{
    struct ent *z = &ev->e;
    int minister = ev->aux < 0 ? -1 - ev->aux : ev->aux;
    bool uitstel = ev->aux < 0;
    const struct topic *t = &text_topics[ev->topic];
    const char *zond = ent_get(z, "onderwerp");
    const char *zn = ent_get(z, "nummer");
    char onderwerp[480], low[400];
    snprintf(low, sizeof low, "%s", zond ? zond : "vragen");
    if (low[0] == 'V')
        low[0] = 'v';
    snprintf(onderwerp, sizeof onderwerp, "%s %s",
             uitstel ? "Mededeling over uitstel van de beantwoording van de" : "Antwoord op", low);
    struct docspec s = {uitstel ? "Mededeling (uitstel antwoord)" : "Antwoord schriftelijke vragen",
                        ev->topic, c->clock, onderwerp, NULL, -1, -1, z->guid, NULL, NULL, NULL,
                        minister, t->bewinds, zn, NULL};
    struct docout o;
    st_document(c, &s, &o);
    if (uitstel) {
        g_schedule(c, z, EV_ANSWER, c->clock + 86400 * rng_range(&c->rng, 14, 35), false,
                   ev->topic, minister);
        return;
    }
    /* the case is closed */
    g_spot(c, z, ev->born_gen < c->gen ? "vraag-later-beantwoord" : "vraag-beantwoord", 1,
           "written question answered: afgedaan became true");
    st_touch(z);
    ent_setb(z, "afgedaan", true);
    g_emit(c, z);
}

static void story_activity_doc(struct gctx *c, const char *soort)
{
    int topic = pick_topic(c);
    const struct topic *t = &text_topics[topic];
    const struct activity *a = st_debate(c, topic);
    char onderwerp[400], datum[48];
    const char *titel = t->dossier[0];
    tk_dutch_date(a->when, datum);
    if (!strcmp(soort, "Stenogram"))
        snprintf(onderwerp, sizeof onderwerp, "Stenogram van het debat over %s", t->naam);
    else if (!strcmp(soort, "Position paper"))
        snprintf(onderwerp, sizeof onderwerp, "Position paper van %s ten behoeve van het "
                                              "rondetafelgesprek over %s",
                 text_pick(&c->rng, (const char *const[]){"de VNG", "het IPO", "de FNV",
                                                          "VNO-NCW", "de Raad voor het Openbaar Bestuur"},
                           5),
                 t->naam);
    else if (!strcmp(soort, "Verslag van een commissiedebat"))
        snprintf(onderwerp, sizeof onderwerp, "Verslag van een commissiedebat, gehouden op %s, "
                                              "over %s",
                 datum, t->naam);
    else
        snprintf(onderwerp, sizeof onderwerp, "%s %s %s", soort,
                 !strcmp(soort, "Sprekerslijst") ? "debat over" : "inzake", t->naam);
    uint8_t ap[16];
    const uint8_t *app = NULL;
    if (rng_chance(&c->rng, 0.4)) {
        st_agendapunt(c, a, onderwerp, 1 + (int)rng_below(&c->rng, 9), false, ap);
        app = ap;
    }
    struct docspec s = {soort, topic, c->clock, onderwerp, titel, -1, -1, NULL, a->guid, app,
                        NULL, -1, NULL, NULL, NULL};
    struct docout o;
    st_document(c, &s, &o);
    if (!strcmp(soort, "Position paper") || !strcmp(soort, "Convocatie commissieactiviteit"))
        set_parent(c, &o, NULL, topic, c->clock, t->naam);
}

static void story_bijlage(struct gctx *c)
{
    if (!c->parent.valid) {
        story_brief(c, "Brief regering", true);
        return;
    }
    const struct topic *t = &text_topics[c->parent.topic];
    static const char *const bij[] = {"Rapport", "Onderzoeksrapport", "Factsheet", "Beslisnota",
                                      "Overzicht", "Evaluatie"};
    char onderwerp[400];
    snprintf(onderwerp, sizeof onderwerp, "%s %s (bijlage bij %s)",
             bij[rng_below(&c->rng, NELEM(bij))], t->kern[rng_below(&c->rng, 4)],
             c->parent.nummer);
    struct docspec s = {"Bijlage", c->parent.topic, c->parent.when, onderwerp,
                        c->parent.titel[0] ? c->parent.titel : NULL, -1, -1,
                        c->parent.has_zaak ? c->parent.zaak : NULL, NULL, NULL, c->parent.guid,
                        -1, NULL, NULL, NULL};
    struct docout o;
    st_document(c, &s, &o);
}

static void story_generic(struct gctx *c, const char *soort)
{
    int topic = pick_topic(c);
    const struct topic *t = &text_topics[topic];
    int64_t when = story_when(c);
    bool wet = strstr(soort, "wet") || strstr(soort, "Memorie") || strstr(soort, "Nota");
    int dossier = world_dossier(c, topic);
    int volg = wet || rng_chance(&c->rng, 0.3) ? ++c->dossiers[dossier].volgnummer : -1;
    char onderwerp[400], zn[16];
    snprintf(onderwerp, sizeof onderwerp, "%s over %s", soort, t->kern[rng_below(&c->rng, 4)]);
    bool with_zaak = rng_chance(&c->rng, 0.5);
    uint8_t zaak[16];
    if (with_zaak) {
        st_zaak_begin(c, wet ? "Wetgeving" : "Overig", topic, when, onderwerp, NULL, dossier, volg,
                      zn);
        memcpy(zaak, c->e2.guid, 16);
        if (wet)
            ent_setb(&c->e2, "grootProject", rng_chance(&c->rng, 0.05));
        g_emit(c, &c->e2);
        g_pool(c, &c->e2, 0.02);
        st_zaakactor_commissie(c, zaak, topic);
    }
    int signer = !strcmp(soort, "Brief lid / fractie") ? world_member(c, when) : -1;
    struct docspec s = {soort, topic, when, onderwerp, NULL, dossier, volg,
                        with_zaak ? zaak : NULL, NULL, NULL, NULL, signer, NULL,
                        with_zaak ? zn : NULL, NULL};
    struct docout o;
    st_document(c, &s, &o);
    set_parent(c, &o, with_zaak ? zaak : NULL, topic, when, c->dossiers[dossier].titel);
}

/* The document mix (per mille); answers and postponements come from the questions. */
static const struct {
    const char *soort;
    unsigned w;
    int kind; /* 0 generic, 1 brief, 2 motie, 3 amendement, 4 vragen, 5 activity doc, 6 bijlage */
} mix[] = {
    {"Bijlage", 260, 6},
    {"Stenogram", 170, 5},
    {"Brief regering", 95, 1},
    {"Motie", 90, 2},
    {"Overig (openbaar)", 46, 0},
    {"Schriftelijke vragen", 41, 4},
    {"Convocatie commissieactiviteit", 34, 5},
    {"Sprekerslijst", 18, 5},
    {"Brief commissie aan bewindspersoon", 17, 1},
    {"Position paper", 14, 5},
    {"Amendement", 12, 3},
    {"Besluitenlijst procedurevergadering", 10, 5},
    {"Amendement (gewijzigd/nader/vervangend)", 10, 3},
    {"Brief lid / fractie", 8, 0},
    {"Motie (gewijzigd/nader)", 8, 2},
    {"Verslag van een commissiedebat", 7, 5},
    {"Memorie van toelichting", 4, 0},
    {"Voorstel van wet", 4, 0},
    {"Nota van wijziging", 3, 0},
    {"Verslag van een schriftelijk overleg", 4, 0},
    {"Lijst van vragen en antwoorden", 3, 0},
    {"Nota n.a.v. het (nader/tweede nader/enz.) verslag", 3, 0},
    {"Rapport", 3, 0},
    {"Initiatiefnota", 1, 0},
};

void story_run(struct gctx *c)
{
    if (c->gen == 1 && c->nplaceholders == 0) {
        /* placeholders: Parlis refers to persons (and a committee) that Sesam never filled in */
        struct ent *e = &c->e;
        int n = 3 + (int)(c->documents / 20000);
        if (n > 60)
            n = 60;
        for (int i = 0; i < n; i++) {
            g_new(c, e, C_PERSOON);
            e->flags = EF_PLACEHOLDER;
            memcpy(c->placeholders[c->nplaceholders++], e->guid, 16);
            g_spot(c, e, "placeholder", 3, "placeholder: id and bijgewerkt only");
            g_emit(c, e);
            g_pool(c, e, 1);
        }
        g_new(c, e, C_COMMISSIE);
        e->flags = EF_PLACEHOLDER;
        g_spot(c, e, "placeholder-commissie", 1, "placeholder committee");
        g_emit(c, e);
    }
    unsigned w[NELEM(mix)];
    for (size_t i = 0; i < NELEM(mix); i++)
        w[i] = mix[i].w;
    size_t k = rng_weighted(&c->rng, w, NELEM(mix));
    switch (mix[k].kind) {
    case 1: story_brief(c, mix[k].soort, true); break;
    case 2: story_motie(c, mix[k].soort, false); break;
    case 3: story_motie(c, mix[k].soort, true); break;
    case 4: story_vragen(c); break;
    case 5: story_activity_doc(c, mix[k].soort); break;
    case 6: story_bijlage(c); break;
    default: story_generic(c, mix[k].soort); break;
    }
    /* the rest of parliamentary life, at rates tied to the documents */
    if (rng_chance(&c->rng, 1.0 / 16))
        story_activity_block(c, pick_topic(c));
    if (rng_chance(&c->rng, 1.0 / 110))
        story_vergadering(c, pick_topic(c));
    if (rng_chance(&c->rng, 1.0 / 40))
        story_toezegging(c, pick_topic(c));
}

void story_event(struct gctx *c, struct event *ev)
{
    switch (ev->kind) {
    case EV_ANSWER: story_answer(c, ev); break;
    case EV_FULFIL: st_event_fulfil(c, ev); break;
    case EV_VERSLAG: st_event_verslag(c, ev); break;
    case EV_ACT_DONE: st_event_activity(c, ev); break;
    }
}
