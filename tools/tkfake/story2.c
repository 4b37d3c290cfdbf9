/*
 * story2 — the rest of parliamentary life and the maintenance between generations:
 * activities with agenda items, actors and room bookings; sittings (ns1 Vergadering) whose
 * verbatim reports (ns1 Verslag, VLOS XML) appear in several versions over time; commitments
 * (ns1 Toezegging) that are fulfilled later; updates of known entities (including dropped and
 * added references), deletions, tombstones of never-seen GUIDs and malformed entries.
 */
#include "story.h"

#include <string.h>

#include "util/tm.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- activities ------------------------------------------------------------------------------ */

void st_activiteit(struct gctx *c, const char *soort, int topic, int64_t when, bool plenair,
                   struct activity *out)
{
    struct ent *e = &c->e;
    const struct topic *t = &text_topics[topic];
    const struct commissie *cm = !strcmp(soort, "Stemmingen") ? &c->comm[c->ncomm - 1]
                                                              : world_commissie(c, topic);
    char ts[TK_TS_LEN], vj[16], nummer[16];
    int64_t day = tk_local_midnight(when) + 86400 * (int64_t)rng_below(&c->rng, 10);
    int64_t start = day + 3600 * rng_range(&c->rng, 9, 19) + 900 * rng_range(&c->rng, 0, 3);
    g_new(c, e, C_ACTIVITEIT);
    g_number(c, when, CNT_A, 'A', nummer);
    ent_ref(e, "voortouwcommissie", cm->guid);
    ent_set(e, "soort", soort);
    ent_set(e, "nummer", nummer);
    if (!strcmp(soort, "Stemmingen"))
        ent_set(e, "onderwerp", "Stemmingen");
    else
        ent_setf(e, "onderwerp", "%s", t->dossier[rng_below(&c->rng, 2)]);
    ent_set(e, "datumSoort", "Dag");
    tk_ts_naive(day, ts);
    ent_set(e, "datum", ts);
    tk_ts_naive(start, ts);
    ent_set(e, "aanvangstijd", ts);
    tk_ts_naive(start + 3600 * rng_range(&c->rng, 1, 4), ts);
    ent_set(e, "eindtijd", ts);
    if (rng_chance(&c->rng, 0.1))
        ent_set(e, "locatie", rng_chance(&c->rng, 0.5) ? "On-line" : "Brussel");
    ent_setb(e, "besloten", !strcmp(soort, "Procedurevergadering") || rng_chance(&c->rng, 0.1));
    bool planned = rng_chance(&c->rng, 0.5);
    ent_set(e, "status", planned ? "Gepland" : "Uitgevoerd");
    tk_vergaderjaar(when, vj);
    ent_set(e, "vergaderjaar", vj);
    ent_set(e, "kamer", "Tweede Kamer");
    if (rng_chance(&c->rng, 0.6))
        ent_setf(e, "vrsNummer", "%08u", rng_below(&c->rng, 99999999));
    ent_set(e, "sidVoortouw", cm->sid);
    ent_set(e, "voortouwnaam", cm->naam);
    ent_set(e, "voortouwafkorting", cm->afk);
    ent_set(e, "voortouwkortenaam", cm->afk);
    if (!strcmp(soort, "E-mailprocedure")) {
        tk_ts_naive(when, ts);
        ent_set(e, "aanvraagdatum", ts);
        tk_ts_naive(when + 86400 * 7, ts);
        ent_set(e, "vervaldatum", ts);
    }
    if (c->debate[topic].valid && rng_chance(&c->rng, 0.05))
        ent_ref(e, "voortgezetVanuit", c->debate[topic].guid);
    out->valid = true;
    memcpy(out->guid, e->guid, 16);
    snprintf(out->nummer, sizeof out->nummer, "%s", nummer);
    out->when = when;
    out->topic = topic;
    g_spot(c, e, "activiteit", 1, "activity with voortouwcommissie");
    g_emit(c, e);
    g_pool(c, e, 0.03);
    if (planned)
        g_schedule(c, e, EV_ACT_DONE, start + 3600 * 4, rng_chance(&c->rng, 0.05), topic, 0);

    /* actors */
    int na = rng_range(&c->rng, 1, 3);
    for (int i = 0; i < na; i++) {
        g_new(c, e, C_ACTIVITEITACTOR);
        ent_ref(e, "activiteit", out->guid);
        if (i == 0 && !plenair) {
            ent_ref(e, "commissie", cm->guid);
            ent_set(e, "actorNaam", cm->naam);
            ent_set(e, "relatie", "Volgcommissie");
            ent_set(e, "sidActor", cm->sid);
        } else {
            bool minister = i == 1;
            int m = minister ? world_minister(c, topic, when) : world_member(c, when);
            const struct member *mb = &c->members[m];
            char naam[128];
            st_actor_name(mb, naam, sizeof naam);
            ent_ref(e, "persoon", mb->guid);
            int p = st_party_of(c, m, when);
            if (p >= 0 && !minister)
                ent_ref(e, "fractie", c->parties[p].guid);
            ent_set(e, "actorNaam", naam);
            ent_set(e, "actorFractie", p >= 0 && !minister ? c->parties[p].afk : NULL);
            ent_set(e, "relatie", minister ? "Bewindspersoon c.a." : "Deelnemer");
            ent_setf(e, "volgorde", "%d", i + 1);
            ent_set(e, "functie", minister ? t->bewinds : "Tweede Kamerlid");
            if (!minister)
                ent_setf(e, "spreektijd", "%d minuten", rng_range(&c->rng, 2, 8));
            ent_set(e, "sidActor", mb->sid);
        }
        g_emit(c, e);
        g_pool(c, e, 0.01);
    }
    if (rng_chance(&c->rng, 0.7)) {
        g_new(c, e, C_RESERVERING);
        ent_ref(e, "zaal", c->zalen[plenair ? 0 : 1 + rng_below(&c->rng, (uint32_t)c->nzalen - 1)]);
        ent_setf(e, "nummer", "%07u", rng_below(&c->rng, 9999999));
        if (rng_chance(&c->rng, 0.38))
            ent_set(e, "statusCode", rng_chance(&c->rng, 0.5) ? "R2" : "R3");
        ent_set(e, "statusNaam", rng_chance(&c->rng, 0.7) ? "UsrMade" : "UsrAdministrativelyCompleted");
        ent_set(e, "activiteitNummer", nummer);
        ent_ref(e, "activiteit", out->guid);
        g_spot(c, e, "reservering", 1, "room booking");
        g_emit(c, e);
        g_pool(c, e, 0.03);
    }
}

const struct activity *st_debate(struct gctx *c, int topic)
{
    struct activity *a = &c->debate[topic];
    if (!a->valid || c->clock - a->when > 30 * 86400) {
        static const char *const soorten[] = {"Commissiedebat", "Plenair debat (debat)",
                                              "Plenair debat (tweeminutendebat)",
                                              "Wetgevingsoverleg", "Notaoverleg"};
        unsigned k = rng_below(&c->rng, NELEM(soorten));
        st_activiteit(c, soorten[k], topic, c->clock, k == 1 || k == 2, a);
    }
    return a;
}

void st_agendapunt(struct gctx *c, const struct activity *a, const char *onderwerp, int volgorde,
                   bool html_noot, uint8_t out[16])
{
    struct ent *e = &c->e;
    char nummer[16];
    g_new(c, e, C_AGENDAPUNT);
    memcpy(out, e->guid, 16);
    g_number(c, a->when, CNT_P, 'P', nummer);
    ent_ref(e, "activiteit", a->guid);
    ent_set(e, "nummer", nummer);
    ent_set(e, "onderwerp", onderwerp);
    ent_setf(e, "volgorde", "%d", volgorde);
    if (rng_chance(&c->rng, 0.3))
        ent_set(e, "rubriek", "Brievenlijst");
    if (html_noot || rng_chance(&c->rng, 0.03)) {
        ent_set(e, "noot", "<strong>Let op:</strong> gewijzigde aanvangstijd. Zie ook de "
                           "<a href=\"https://www.tweedekamer.nl\">agenda</a> &amp; de stukken.");
        g_spot(c, e, "agendapunt-html", 1, "noot holds escaped HTML (&lt;strong&gt;)");
    } else if (rng_chance(&c->rng, 0.2)) {
        ent_setf(e, "noot", "De antwoorden op de door de commissie gestelde vragen zijn ontvangen "
                            "(%s).",
                 a->nummer);
    }
    ent_set(e, "status", "Vrijgegeven");
    g_emit(c, e);
    g_pool(c, e, 0.01);
}

void story_activity_block(struct gctx *c, int topic)
{
    static const char *const soorten[] = {
        "Procedurevergadering", "Technische briefing", "Rondetafelgesprek", "Werkbezoek",
        "Gesprek", "Commissiedebat", "Inbreng schriftelijk overleg", "E-mailprocedure",
        "Plenair debat (tweeminutendebat)", "Regeling van werkzaamheden", "Hamerstukken"};
    unsigned k = rng_below(&c->rng, NELEM(soorten));
    struct activity a;
    st_activiteit(c, soorten[k], topic, c->clock, k >= 8, &a);
    int n = rng_range(&c->rng, 1, 4);
    static bool html_done;
    for (int i = 0; i < n; i++) {
        uint8_t ap[16];
        char ond[300];
        snprintf(ond, sizeof ond, "%s", text_topics[topic].kern[rng_below(&c->rng, 4)]);
        ond[0] = (char)(ond[0] >= 'a' && ond[0] <= 'z' ? ond[0] - 32 : ond[0]);
        st_agendapunt(c, &a, ond, i + 1, !html_done, ap);
        html_done = true;
    }
}

void st_event_activity(struct gctx *c, struct event *ev)
{
    struct ent *e = &ev->e;
    g_spot(c, e, "activiteit-status", 1, "activity updated: status Gepland -> Uitgevoerd");
    st_touch(e);
    unsigned r = rng_below(&c->rng, 100);
    ent_set(e, "status", r < 85 ? "Uitgevoerd" : r < 93 ? "Geannuleerd" : "Verplaatst");
    g_emit(c, e);
}

/* ---- sittings and verbatim reports -------------------------------------------------------------- */

static void speaker(struct gctx *c, struct buf *m, int member, int64_t when, const char *soort,
                    const char *functie)
{
    const struct member *mb = &c->members[member];
    int p = st_party_of(c, member, when);
    char s[400], ach[96];
    if (mb->name.tussenvoegsel[0])
        snprintf(ach, sizeof ach, "%s %s", mb->name.achternaam, mb->name.tussenvoegsel);
    else
        snprintf(ach, sizeof ach, "%s", mb->name.achternaam);
    snprintf(s, sizeof s, "%s|%s|%s|%s|%s|%s", soort,
             p >= 0 && !mb->minister ? c->parties[p].afk : "", mb->name.vrouw ? "Mevrouw" : "De heer",
             mb->name.roepnaam, ach, functie);
    res_meta_str(m, s);
}

/* Rewrites the first three strings of a VLOS description (soort, status, Timestamp). */
static void vlos_rewrite(struct buf *m, const char *soort, const char *status, const char *ts)
{
    struct buf n = BUF_INIT;
    buf_add(&n, m->data, 12);
    size_t at = 12;
    for (int i = 0; at < m->len; i++) {
        const char *s = m->data + at;
        at += strlen(s) + 1;
        res_meta_str(&n, i == 0 ? soort : i == 1 ? status : i == 2 ? ts : s);
    }
    buf_free(m);
    *m = n;
}

static void emit_verslag(struct gctx *c, struct ent *e, const char *soort, const char *status)
{
    char ts[TK_TS_LEN];
    e->bw = c->clock;
    e->bw_frac = rng_below(&c->rng, 10000000);
    e->bw_form = BW_OFFSET7;
    tk_ts_offset7(e->bw, e->bw_frac, ts);
    ent_set(e, "soort", soort);
    ent_set(e, "status", status);
    vlos_rewrite(&e->res_meta, soort, status, ts);
    e->res_len = 0;
    g_spot(c, e, "verslag", 2, "ns1 Verslag; resource is VLOS XML with matching Timestamp");
    g_emit(c, e);
}

void story_vergadering(struct gctx *c, int topic)
{
    struct ent *e = &c->e;
    const struct topic *t = &text_topics[topic];
    bool plenair = rng_chance(&c->rng, 0.55);
    struct activity a;
    st_activiteit(c, plenair ? "Plenair debat (debat)" : "Commissiedebat", topic, c->clock, plenair,
                  &a);
    int64_t day = tk_local_midnight(c->clock);
    int64_t start = day + 3600 * 10, end = start + 3600 * rng_range(&c->rng, 2, 9);
    char ts[TK_TS_LEN], vj[16], titel[200], datum[48], aanv[TK_TS_LEN], slu[TK_TS_LEN];
    tk_vergaderjaar(day, vj);
    int y, mo, d, hh, mi;
    tk_local_civil(day, &y, &mo, &d, &hh, &mi);
    int nr = 0;
    if (plenair) {
        nr = ++c->vergadering_nr[(y - YEAR0 + (mo >= 9)) % NYEARS];
        static const char *const dag[] = {"zondag",    "maandag", "dinsdag", "woensdag",
                                          "donderdag", "vrijdag", "zaterdag"};
        tk_dutch_date(day, datum);
        int64_t dn = tm_days_from_civil(y, (unsigned)mo, (unsigned)d);
        snprintf(titel, sizeof titel, "%de vergadering, %s %s", nr, dag[(dn + 4) % 7], datum);
    } else {
        snprintf(titel, sizeof titel, "%s", t->dossier[rng_below(&c->rng, 2)]);
    }
    const char *zaal = plenair ? "Plenaire zaal" : rng_chance(&c->rng, 0.5) ? "Troelstrazaal"
                                                                             : "Thorbeckezaal";
    g_new(c, e, C_VERGADERING);
    uint8_t verg[16];
    memcpy(verg, e->guid, 16);
    ent_set(e, "soort", plenair ? "Plenair" : "Commissie");
    ent_set(e, "titel", titel);
    ent_set(e, "zaal", zaal);
    ent_set(e, "vergaderjaar", vj);
    ent_setf(e, "vergaderingNummer", "%d", nr);
    tk_ts_naive(day, ts);
    ent_set(e, "datum", ts);
    tk_ts_naive(start, aanv);
    ent_set(e, "aanvangstijd", aanv);
    tk_ts_naive(end, slu);
    ent_set(e, "sluiting", slu);
    ent_set(e, "kamer", "Tweede Kamer");
    g_spot(c, e, "vergadering", 1, "ns1 Vergadering");
    g_emit(c, e);
    g_pool(c, e, 0.05);

    /* the first report: a skeleton (Casco) */
    g_new(c, e, C_VERSLAG);
    ent_ref(e, "vergadering", verg);
    struct buf *m = &e->res_meta;
    res_meta_begin(m, RES_VLOS, topic, tk_mix(c->seed, e->serial));
    res_meta_str(m, "Voorpublicatie");
    res_meta_str(m, "Casco");
    res_meta_str(m, "");
    res_meta_str(m, plenair ? "Plenair" : "Commissie");
    res_meta_str(m, titel);
    res_meta_str(m, zaal);
    res_meta_str(m, vj);
    char nrs[16];
    snprintf(nrs, sizeof nrs, "%d", nr);
    res_meta_str(m, nrs);
    res_meta_str(m, ts);
    res_meta_str(m, aanv);
    res_meta_str(m, slu);
    res_meta_str(m, a.nummer);
    res_meta_str(m, plenair ? "Plenair debat" : "Commissiedebat");
    res_meta_str(m, t->dossier[0]);
    speaker(c, m, world_member(c, c->clock), c->clock, "Tweede Kamerlid", "voorzitter");
    int ns = rng_range(&c->rng, 2, 4);
    for (int i = 0; i < ns; i++)
        speaker(c, m, world_member(c, c->clock), c->clock, "Tweede Kamerlid", "lid Tweede Kamer");
    int mn = world_minister(c, topic, c->clock);
    speaker(c, m, mn, c->clock, strncmp(t->bewinds, "staats", 6) ? "Minister" : "Staatssecretaris",
            t->bewinds);
    emit_verslag(c, e, "Voorpublicatie", "Casco");
    g_schedule(c, e, EV_VERSLAG, end + 3600, false, topic, 1);
}

void st_event_verslag(struct gctx *c, struct event *ev)
{
    struct ent *e = &ev->e;
    uint8_t g[16];
    uint32_t s = g_serial(c);
    g_guid(c, s, g);
    memcpy(e->guid, g, 16); /* every publication is a Verslag of its own */
    e->serial = s;
    st_touch(e);
    if (ev->aux == 1) {
        emit_verslag(c, e, "Tussenpublicatie", "Ongecorrigeerd");
        g_schedule(c, e, EV_VERSLAG, c->clock + 86400 * rng_range(&c->rng, 7, 21),
                   rng_chance(&c->rng, 0.15), ev->topic, 2);
    } else {
        emit_verslag(c, e, "Eindpublicatie", rng_chance(&c->rng, 0.95) ? "Gecorrigeerd"
                                                                      : "Gerectificeerd");
    }
}

/* ---- commitments ------------------------------------------------------------------------------ */

void story_toezegging(struct gctx *c, int topic)
{
    struct ent *e = &c->e;
    const struct topic *t = &text_topics[topic];
    const struct activity *a = st_debate(c, topic);
    int mn = world_minister(c, topic, c->clock);
    const struct member *mb = &c->members[mn];
    char ts[TK_TS_LEN];
    int y, mo, d, hh, mi;
    tk_local_civil(c->clock, &y, &mo, &d, &hh, &mi);
    g_new(c, e, C_TOEZEGGING);
    tk_ts_naive(c->clock - 86400, ts);
    ent_set(e, "aanmaakdatum", ts);
    ent_setf(e, "nummer", "TZ%04d%02d-%03d", y, mo, ++c->toezegging_seq % 1000);
    ent_set(e, "activiteitNummer", a->nummer);
    ent_setf(e, "naam", "%s, %s", mb->name.achternaam, mb->name.initialen);
    ent_set(e, "achternaam", mb->name.achternaam);
    ent_set(e, "initialen", mb->name.initialen);
    ent_set(e, "tussenvoegsel", mb->name.tussenvoegsel[0] ? mb->name.tussenvoegsel : NULL);
    ent_set(e, "voornaam", mb->name.roepnaam);
    ent_nil(e, "achtervoegsel");
    ent_nil(e, "titulatuur");
    ent_set(e, "functie", t->bewinds);
    ent_set(e, "ministerie", t->ministerie);
    ent_setf(e, "tekst", "De %s zegt toe de Kamer voor de zomer te informeren over %s.",
             t->bewinds, t->kern[rng_below(&c->rng, 4)]);
    ent_ref(e, "activiteit", a->guid);
    int lid = world_member(c, c->clock);
    int p = st_party_of(c, lid, c->clock);
    if (rng_chance(&c->rng, 0.6) || p < 0)
        ent_ref(e, "toegezegdAanPersoon", c->members[lid].guid);
    else
        ent_ref(e, "toegezegdAanFractie", c->parties[p].guid);
    struct gen_pool *pl = &c->pools[cat_ix[C_TOEZEGGING]];
    if (pl->n && rng_chance(&c->rng, 0.08)) {
        const struct gen_pool_item *it = &pl->items[rng_below(&c->rng, (uint32_t)pl->n)];
        ent_ref_bw(e, "isHerhalingVan", it->e.guid, it->e.bw ? it->e.bw : c->clock - 86400 * 30);
    }
    unsigned r = rng_below(&c->rng, 100);
    if (r < 55) {
        ent_set(e, "status", "Openstaand");
        g_spot(c, e, "toezegging-open", 1, "ns1 Toezegging, open");
        g_emit(c, e);
        g_pool(c, e, 0.2);
        bool later = rng_chance(&c->rng, 0.25);
        if (rng_chance(&c->rng, 0.7) || later)
            g_schedule(c, e, EV_FULFIL, c->clock + 86400 * rng_range(&c->rng, 60, 300), later,
                       topic, 0);
        return;
    }
    ent_set(e, "status", r < 85 ? "Voldaan" : r < 95 ? "Deels Voldaan" : "Vervallen");
    if (r < 95) {
        tk_ts_naive(c->clock, ts);
        ent_set(e, "datumNakoming", ts);
        ent_setf(e, "kamerbriefNakoming", "Kamerbrief over %s", t->kern[rng_below(&c->rng, 4)]);
    }
    g_spot(c, e, "toezegging-voldaan", 1, "ns1 Toezegging, fulfilled");
    g_emit(c, e);
    g_pool(c, e, 0.2);
}

void st_event_fulfil(struct gctx *c, struct event *ev)
{
    struct ent *e = &ev->e;
    const struct topic *t = &text_topics[ev->topic];
    char ts[TK_TS_LEN];
    g_spot(c, e, ev->born_gen < c->gen ? "toezegging-later-voldaan" : "toezegging-nagekomen", 1,
           "commitment fulfilled later: status, datumNakoming, kamerbriefNakoming");
    st_touch(e);
    ent_set(e, "status", "Voldaan");
    tk_ts_naive(c->clock, ts);
    ent_set(e, "datumNakoming", ts);
    ent_setf(e, "kamerbriefNakoming", "Kamerbrief over %s", t->kern[rng_below(&c->rng, 4)]);
    g_emit(c, e);
}

/* ---- updates ------------------------------------------------------------------------------------ */

static bool has_zaak(const struct ent *e)
{
    return ent_count_ref(e, "zaak") > 0;
}
static bool has_dossier(const struct ent *e)
{
    return ent_count_ref(e, "kamerstukdossier") > 0;
}
static bool not_afgedaan(const struct ent *e)
{
    const char *v = ent_get(e, "afgedaan");
    return v && (v[0] == 'f' || v[0] == 'F');
}
static bool is_placeholder(const struct ent *e)
{
    return (e->flags & EF_PLACEHOLDER) != 0;
}
static bool is_full(const struct ent *e)
{
    return !(e->flags & (EF_PLACEHOLDER | EF_TOMB));
}
static bool not_spot(const struct ent *e)
{
    return !e->spot;
}

enum {
    U_DOC_DROP_ZAAK, U_DOC_DROP_DOSSIER, U_DOC_ADD_REF, U_ZAAK_DROP_DOSSIER, U_ZAAK_ADD_REF,
    U_ZAAK_AFGEDAAN, U_REFRESH, U_PERSOON, U_PLACEHOLDER_FILL, U_BESLUIT, U_DOSSIER,
    U_ACTIVITEIT, U_DOC_NEW_VERSION, U_NKINDS
};

int story_update_kinds(void)
{
    return U_NKINDS;
}

static int doc_topic(const struct ent *e)
{
    return e->res_meta.len > 1 ? (unsigned char)e->res_meta.data[1] % (int)text_ntopics : 0;
}

void story_update(struct gctx *c, int kind)
{
    struct ent u;
    ent_init(&u);
    /* later generations change what earlier generations published */
    int maxgen = c->gen > 1 ? c->gen - 1 : 1;
    static int refresh_cat;
    switch (kind) {
    case U_DOC_DROP_ZAAK:
        if (!g_pool_take(c, C_DOCUMENT, maxgen, &u, has_zaak))
            break;
        g_spot(c, &u, "doc-drop-zaak", 2, "update dropped the zaak reference");
        ent_drop_ref(&u, "zaak", ent_first_ref(&u, "zaak"));
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_DOC_DROP_DOSSIER:
        if (!g_pool_take(c, C_DOCUMENT, maxgen, &u, has_dossier))
            break;
        g_spot(c, &u, "doc-drop-dossier", 2, "update dropped a kamerstukdossier reference");
        ent_drop_ref(&u, "kamerstukdossier", ent_first_ref(&u, "kamerstukdossier"));
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_DOC_ADD_REF: {
        if (!g_pool_take(c, C_DOCUMENT, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "doc-add-ref", 2, "update added activiteit and zaak references");
        const struct activity *a = st_debate(c, doc_topic(&u));
        ent_ref(&u, "activiteit", a->guid);
        struct gen_pool *zp = &c->pools[cat_ix[C_ZAAK]];
        if (zp->n)
            ent_ref(&u, "zaak", zp->items[rng_below(&c->rng, (uint32_t)zp->n)].e.guid);
        st_touch(&u);
        g_emit(c, &u);
        g_pool(c, &u, 1);
        break;
    }
    case U_ZAAK_DROP_DOSSIER:
        if (!g_pool_take(c, C_ZAAK, maxgen, &u, has_dossier))
            break;
        g_spot(c, &u, "zaak-drop-dossier", 1, "update dropped the kamerstukdossier reference");
        ent_drop_ref(&u, "kamerstukdossier", NULL);
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_ZAAK_ADD_REF: {
        if (!g_pool_take(c, C_ZAAK, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "zaak-add-ref", 2, "update added gerelateerdVanuit (to an unknown GUID)");
        uint8_t ghost[16];
        tk_guid_from(rng_next(&c->rng), rng_next(&c->rng), ghost); /* never appears anywhere */
        ent_ref(&u, "gerelateerdVanuit", ghost);
        st_touch(&u);
        g_emit(c, &u);
        g_pool(c, &u, 1);
        break;
    }
    case U_ZAAK_AFGEDAAN:
        if (!g_pool_take(c, C_ZAAK, maxgen, &u, not_afgedaan))
            break;
        g_spot(c, &u, "zaak-afgedaan", 1, "update: afgedaan became true");
        ent_setb(&u, "afgedaan", true);
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_REFRESH:
        for (int tries = 0; tries < C_NCAT; tries++) {
            int cat = refresh_cat++ % C_NCAT;
            if (cat == C_VERSLAG || !g_pool_take(c, cat, maxgen, &u, is_full))
                continue;
            g_spot(c, &u, "refresh", 2, "re-emitted unchanged with a fresh bijgewerkt (data fix)");
            st_touch(&u);
            g_emit(c, &u);
            g_pool(c, &u, 1);
            break;
        }
        break;
    case U_PERSOON:
        if (!g_pool_take(c, C_PERSOON, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "persoon-update", 1, "member moved: woonplaats changed");
        ent_set(&u, "woonplaats", text_pick(&c->rng, text_plaatsen, text_nplaatsen));
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_PLACEHOLDER_FILL: {
        /* one per generation, and some placeholders stay placeholders for ever */
        static int filled_gen;
        if (c->gen < 2 || filled_gen == c->gen || c->nplaceholders - c->gen + 1 < 2 ||
            !g_pool_take(c, C_PERSOON, c->gen - 1, &u, is_placeholder))
            break;
        filled_gen = c->gen;
        g_spot(c, &u, "placeholder-filled", 1, "placeholder filled in by a later generation");
        struct pname n;
        text_name(&c->rng, &n);
        u.flags = 0;
        ent_setf(&u, "nummer", "%u", 70000 + rng_below(&c->rng, 9999));
        ent_set(&u, "initialen", n.initialen);
        ent_set(&u, "tussenvoegsel", n.tussenvoegsel[0] ? n.tussenvoegsel : NULL);
        ent_set(&u, "achternaam", n.achternaam);
        ent_set(&u, "voornamen", n.voornaam);
        ent_set(&u, "roepnaam", n.roepnaam);
        ent_set(&u, "geslacht", n.vrouw ? "vrouw" : "man");
        ent_set(&u, "functie", "Oud Kamerlid");
        ent_set(&u, "land", "NL");
        res_meta_begin(&u.res_meta, RES_JPEG_PERSON, 0, rng_next(&c->rng));
        u.res_len = 0;
        st_touch(&u);
        g_emit(c, &u);
        break;
    }
    case U_BESLUIT:
        if (!g_pool_take(c, C_BESLUIT, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "besluit-update", 1, "decision updated: opmerking added");
        ent_set(&u, "opmerking", "Aangepast na correctie van de griffie; zie de "
                                 "stemmingsuitslagen & het verslag.");
        ent_set(&u, "status", "Besluit");
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_DOSSIER: {
        if (!g_pool_take(c, C_KAMERSTUKDOSSIER, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "dossier-update", 1, "dossier updated: hoogsteVolgnummer, afgesloten");
        for (int i = 0; i < c->ndossiers; i++)
            if (!memcmp(c->dossiers[i].guid, u.guid, 16))
                ent_setf(&u, "hoogsteVolgnummer", "%d", c->dossiers[i].volgnummer);
        ent_setb(&u, "afgesloten", rng_chance(&c->rng, 0.3));
        st_touch(&u);
        g_emit(c, &u);
        break;
    }
    case U_ACTIVITEIT:
        if (!g_pool_take(c, C_ACTIVITEIT, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "activiteit-update", 1, "activity updated: locatie and noot");
        ent_set(&u, "locatie", "Den Haag, Tweede Kamer (tijdelijke huisvesting)");
        ent_set(&u, "noot", "Gewijzigde locatie.");
        st_touch(&u);
        g_emit(c, &u);
        break;
    case U_DOC_NEW_VERSION: {
        if (!g_pool_take(c, C_DOCUMENT, maxgen, &u, is_full))
            break;
        g_spot(c, &u, "doc-new-version", 1, "new DocumentVersie: huidigeDocumentVersie changed");
        struct ent *v = &c->e2;
        g_new(c, v, C_DOCUMENTVERSIE);
        ent_ref(v, "document", u.guid);
        ent_set(v, "status", "Vrijgegeven");
        ent_set(v, "versienummer", "4");
        ent_setf(v, "bestandsgrootte", "%u", (u.res_len + 1023) / 1024);
        ent_set(v, "extensie", ".pdf");
        char ts[TK_TS_LEN];
        tk_ts_naive(c->clock, ts);
        ent_set(v, "datum", ts);
        g_emit(c, v);
        ent_ref(&u, "huidigeDocumentVersie", v->guid);
        st_touch(&u);
        g_emit(c, &u);
        break;
    }
    default: break;
    }
    ent_free(&u);
}

/* ---- deletions, tombstones, malformed entries ------------------------------------------------------ */

void story_tombstones(struct gctx *c)
{
    struct ent u;
    ent_init(&u);
    for (int k = 0; k < C_NCAT; k++) {
        if (k == C_DOCUMENTPUBLICATIE || k == C_DOCUMENTPUBLICATIEMETADATA)
            continue; /* side entities: see st_publication_tombstones */
        /* a GUID nobody has seen: its only version is the deletion */
        g_new(c, &u, k);
        u.flags = EF_TOMB;
        g_spot(c, &u, "tomb-never", 3, "tombstone of a GUID that never appeared before");
        g_emit(c, &u);
        /* a known entity is deleted (one from an earlier generation when there is one) */
        int maxgen = c->gen > 1 ? c->gen - 1 : 1;
        if (c->pools[cat_ix[k]].n < 3)
            continue; /* keep tiny categories alive */
        if (g_pool_take(c, k, maxgen, &u, not_spot) ||
            (c->gen > 1 && g_pool_take(c, k, c->gen, &u, not_spot))) {
            g_spot(c, &u, c->gen > 1 ? "tomb-existing" : "tomb-same-gen", 6,
                   "known entity deleted");
            st_touch(&u);
            u.flags = EF_TOMB;
            if (k == C_PERSOON)
                u.verw_caps = rng_chance(&c->rng, 0.5); /* verwijderd="True" was seen */
            g_emit(c, &u);
        }
    }
    ent_free(&u);
    st_publication_tombstones(c);
}

void story_malformed(struct gctx *c, int i)
{
    static const int cats[] = {C_DOCUMENT, C_ZAAK, C_ACTIVITEIT, C_PERSOON,
                               C_BESLUIT,  C_AGENDAPUNT, C_STEMMING, C_TOEZEGGING};
    struct ent *e = &c->e;
    int cat = cats[i % (int)NELEM(cats)];
    g_new(c, e, cat);
    const struct kw_type *t = e->t;
    e->malform = (uint8_t)(1 + i % 2);
    ent_set(e, t->fields[0].xml, e->malform == 1 ? "Onderzoek & ontwikkeling" : "kapot");
    if (t->nfields > 2)
        ent_set(e, t->fields[2].xml, "Deze entry is opzettelijk kapot.");
    e->flags = EF_MALFORMED;
    g_emit(c, e);
}
