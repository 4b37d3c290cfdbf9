/*
 * world — the slowly changing part of the corpus: rooms, parties in three eras (the Kamer
 * elected in 2017, 2021 and 2023, each adding up to 150 seats), members with their seats and
 * personal registers, ministers, committees with their seats, and dossiers.
 *
 * The size scales with --documents (c->scale), so a 50-document corpus has one member per
 * party and a 300,000-document corpus has all 150 seats. Each era's seats are emitted when
 * the generator's clock reaches the election, and the previous era's seat holders, parties
 * and members are then re-emitted with their end dates: real updates of known GUIDs.
 */
#include "gen.h"

#include <stdlib.h>
#include <string.h>

/* clang-format off */
static const struct { const char *afk, *nl, *en; int y, m, d, iy, im, id; long stemmen; } party_tab[] = {
    {"VVD", "Volkspartij voor Vrijheid en Democratie", "People's Party for Freedom and Democracy", 1948, 1, 24, 0, 0, 0, 1589519},
    {"PVV", "Partij voor de Vrijheid", "Party for Freedom", 2006, 11, 30, 0, 0, 0, 2450878},
    {"CDA", "Christen-Democratisch Appèl", "Christian Democratic Appeal", 1980, 10, 11, 0, 0, 0, 345822},
    {"D66", "Democraten 66", "Democrats 66", 1966, 10, 14, 0, 0, 0, 656292},
    {"GL", "GroenLinks", "GreenLeft", 1990, 11, 24, 2023, 12, 5, 537308},
    {"SP", "Socialistische Partij", "Socialist Party", 1994, 5, 17, 0, 0, 0, 328225},
    {"PvdA", "Partij van de Arbeid", "Labour Party", 1946, 2, 9, 2023, 12, 5, 597192},
    {"CU", "ChristenUnie", "ChristianUnion", 2000, 1, 22, 0, 0, 0, 212532},
    {"PvdD", "Partij voor de Dieren", "Party for the Animals", 2006, 11, 30, 0, 0, 0, 235148},
    {"50PLUS", "50PLUS", "50PLUS", 2017, 3, 23, 2021, 3, 30, 106702},
    {"SGP", "Staatkundig Gereformeerde Partij", "Reformed Political Party", 1918, 7, 3, 0, 0, 0, 217270},
    {"DENK", "DENK", "DENK", 2014, 11, 13, 0, 0, 0, 246765},
    {"FVD", "Forum voor Democratie", "Forum for Democracy", 2017, 3, 23, 0, 0, 0, 232963},
    {"JA21", "JA21", "JA21", 2021, 3, 31, 0, 0, 0, 71345},
    {"Volt", "Volt", "Volt", 2021, 3, 31, 0, 0, 0, 178802},
    {"BBB", "BoerBurgerBeweging", "Farmer-Citizen Movement", 2021, 3, 31, 0, 0, 0, 485551},
    {"Den Haan", "Fractie Den Haan", "Fraction Den Haan", 2021, 3, 31, 2023, 12, 5, 0},
    {"Omtzigt", "Lid Omtzigt", "Member Omtzigt", 2021, 6, 15, 2023, 12, 5, 0},
    {"GL-PvdA", "GroenLinks-PvdA", "GreenLeft-Labour", 2023, 12, 6, 0, 0, 0, 1643073},
    {"NSC", "Nieuw Sociaal Contract", "New Social Contract", 2023, 12, 6, 0, 0, 0, 1343287},
};
static const struct era_seat era_a[] = {{0,33},{1,20},{2,19},{3,19},{4,14},{5,14},{6,9},{7,5},{8,5},{9,4},{10,3},{11,3},{12,2}};
static const struct era_seat era_b[] = {{0,34},{3,24},{1,17},{2,15},{5,9},{6,9},{4,8},{12,8},{8,6},{7,5},{13,3},{10,3},{11,3},{14,3},{15,1},{16,1},{17,1}};
static const struct era_seat era_c[] = {{1,37},{18,25},{0,24},{19,20},{3,9},{15,7},{2,5},{5,5},{11,3},{8,3},{12,3},{10,3},{7,3},{14,2},{13,1}};
static const struct { const char *afk, *naam; } comm_tab[] = {
    {"OCW", "Vaste commissie voor Onderwijs, Cultuur en Wetenschap"},
    {"FIN", "Vaste commissie voor Financiën"},
    {"JenV", "Vaste commissie voor Justitie en Veiligheid"},
    {"VWS", "Vaste commissie voor Volksgezondheid, Welzijn en Sport"},
    {"IenW", "Vaste commissie voor Infrastructuur en Waterstaat"},
    {"LNV", "Vaste commissie voor Landbouw, Visserij, Voedselzekerheid en Natuur"},
    {"SZW", "Vaste commissie voor Sociale Zaken en Werkgelegenheid"},
    {"BiZa", "Vaste commissie voor Binnenlandse Zaken"},
    {"BuZa", "Vaste commissie voor Buitenlandse Zaken"},
    {"DEF", "Vaste commissie voor Defensie"},
    {"AM", "Vaste commissie voor Asiel en Migratie"},
    {"EU", "Vaste commissie voor Europese Zaken"},
    {"DiZa", "Vaste commissie voor Digitale Zaken"},
    {"VRO", "Vaste commissie voor Volkshuisvesting en Ruimtelijke Ordening"},
    {"KGG", "Vaste commissie voor Klimaat en Groene Groei"},
    {"BHO", "Vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp"},
    {"KR", "Vaste commissie voor Koninkrijksrelaties"},
    {"RU", "Commissie voor de Rijksuitgaven"},
    {"PRES", "Presidium"},
};
static const struct { const char *naam; int code; } zaal_tab[] = {
    {"Plenaire zaal Tweede Kamer", 79}, {"Troelstrazaal", 88}, {"Van Mierlozaal", 102},
    {"Statenlokaal", 72}, {"Extern", 263}, {"(Nog) geen zaal beschikbaar", 241},
    {"Z7 - Statenpassage - Petitie", 154}, {"Thorbeckezaal", 91}, {"Groen van Prinstererzaal", 93},
    {"Suze Groenewegzaal", 97}, {"Aletta Jacobszaal", 98}, {"Schrijfkamer", 84},
    {"Wttewaall van Stoetwegenzaal", 95}, {"Klompézaal", 104}, {"Oude Zaal", 81},
    {"Fortuynzaal", 106}, {"Enquêtezaal", 108}, {"Vergaderzaal 2.10", 212}, {"Vergaderzaal 2.11", 213},
    {"Vergaderzaal 2.12", 214}, {"Vergaderzaal 1.44", 186}, {"Commissiezaal Bezuidenhoutseweg", 271},
    {"Mondriaanzaal", 119}, {"Kamer van Keuken", 121}, {"Ridderzaal", 60}, {"Digitaal / On-line", 280},
};
static const char *const nevenfuncties[] = {
    "Lid Raad van Toezicht Stichting Openbaar Onderwijs", "Voorzitter van de voetbalvereniging",
    "Bestuurslid van de Vereniging Natuurmonumenten", "Ambassadeur van het Jeugdsportfonds",
    "Lid van de adviesraad van een zorgcoöperatie", "Docent aan de hogeschool (gastcolleges)",
    "Columnist voor een regionaal dagblad", "Penningmeester van de plaatselijke muziekvereniging",
};
static const char *const geschenken[] = {
    "Boek over de geschiedenis van de Tweede Kamer", "Fles wijn na afloop van een werkbezoek",
    "Bos bloemen na een lezing", "Kaartjes voor een voorstelling in de schouwburg",
    "Ingelijste foto van een werkbezoek", "Mand met streekproducten uit Zeeland",
    "Tegoedbon voor een café-restaurant", "Relatiegeschenk: pen met gravure",
};
/* clang-format on */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void add_era(struct gctx *c, int e, int64_t from, int64_t to, const struct era_seat *s,
                    size_t n)
{
    c->eras[e].from = from;
    c->eras[e].to = to;
    c->eras[e].nparties = (int)n;
    memcpy(c->eras[e].p, s, n * sizeof *s);
}

static int new_member(struct gctx *c)
{
    if (c->nmembers == c->capmembers) {
        c->capmembers = c->capmembers ? c->capmembers * 2 : 256;
        c->members = realloc(c->members, (size_t)c->capmembers * sizeof *c->members);
        if (!c->members)
            abort();
    }
    struct member *m = &c->members[c->nmembers];
    memset(m, 0, sizeof *m);
    g_guid(c, g_serial(c), m->guid);
    text_name(&c->rng, &m->name);
    g_sid(c, m->sid);
    for (int e = 0; e < NERA; e++)
        m->party[e] = -1;
    return c->nmembers++;
}

static void era_members(struct gctx *c, int e)
{
    struct era *era = &c->eras[e];
    era->members = NULL;
    era->nmembers = 0;
    int cap = 0;
    for (int i = 0; i < era->nparties; i++) {
        int p = era->p[i].party;
        int k = (int)(era->p[i].seats * c->scale + 0.5);
        if (k < 1)
            k = 1;
        if (k > era->p[i].seats)
            k = era->p[i].seats;
        for (int s = 0; s < k; s++) {
            int m = -1;
            /* continuity: re-elected members of the same (or merged) party */
            if (e > 0 && rng_chance(&c->rng, 0.6)) {
                for (int tries = 0; tries < 8 && m < 0; tries++) {
                    struct era *prev = &c->eras[e - 1];
                    if (!prev->nmembers)
                        break;
                    int cand = prev->members[rng_below(&c->rng, (uint32_t)prev->nmembers)];
                    int pp = c->members[cand].party[e - 1];
                    bool same = pp == p || (p == 18 && (pp == 4 || pp == 6)) ||
                                (p == 19 && pp == 17);
                    if (same && c->members[cand].party[e] < 0)
                        m = cand;
                }
            }
            if (m < 0)
                m = new_member(c);
            c->members[m].party[e] = p;
            if (era->nmembers == cap) {
                cap = cap ? cap * 2 : 64;
                era->members = realloc(era->members, (size_t)cap * sizeof(int));
                if (!era->members)
                    abort();
            }
            era->members[era->nmembers++] = m;
        }
    }
}

void world_init(struct gctx *c)
{
    c->nparties = (int)NELEM(party_tab);
    for (int i = 0; i < c->nparties; i++) {
        struct party *p = &c->parties[i];
        p->afk = party_tab[i].afk;
        p->naam_nl = party_tab[i].nl;
        p->naam_en = party_tab[i].en;
        p->actief = tk_make_time(party_tab[i].y, party_tab[i].m, party_tab[i].d, 0, 0, 0);
        p->inactief = party_tab[i].iy
                          ? tk_make_time(party_tab[i].iy, party_tab[i].im, party_tab[i].id, 0, 0, 0)
                          : 0;
        p->stemmen = party_tab[i].stemmen;
        g_guid(c, g_serial(c), p->guid);
        g_sid(c, p->sid);
        p->nummer = 2700 + i * 7 + (int)rng_below(&c->rng, 5);
    }
    add_era(c, 0, tk_make_time(2017, 3, 23, 0, 0, 0), tk_make_time(2021, 3, 30, 0, 0, 0), era_a,
            NELEM(era_a));
    add_era(c, 1, tk_make_time(2021, 3, 31, 0, 0, 0), tk_make_time(2023, 12, 5, 0, 0, 0), era_b,
            NELEM(era_b));
    add_era(c, 2, tk_make_time(2023, 12, 6, 0, 0, 0), 0, era_c, NELEM(era_c));
    for (int e = 0; e < NERA; e++) {
        era_members(c, e);
        for (int i = 0; i < c->eras[e].nparties; i++)
            if (e == NERA - 1)
                c->parties[c->eras[e].p[i].party].zetels_now = c->eras[e].p[i].seats;
    }
    for (int e = 0; e < NERA; e++)
        for (int t = 0; t < 40; t++)
            c->minister_of[e][t] = -1;
    c->ncomm = (int)NELEM(comm_tab);
    for (int i = 0; i < c->ncomm; i++) {
        c->comm[i].afk = comm_tab[i].afk;
        c->comm[i].naam = comm_tab[i].naam;
        g_guid(c, g_serial(c), c->comm[i].guid);
        g_sid(c, c->comm[i].sid);
    }
}

int world_era(const struct gctx *c, int64_t when)
{
    if (when >= c->eras[2].from)
        return 2;
    if (when >= c->eras[1].from)
        return 1;
    return 0;
}

int world_member(struct gctx *c, int64_t when)
{
    struct era *e = &c->eras[world_era(c, when)];
    return e->members[rng_below(&c->rng, (uint32_t)e->nmembers)];
}

const struct commissie *world_commissie(struct gctx *c, int topic)
{
    const char *afk = text_topics[topic].commissie;
    for (int i = 0; i < c->ncomm; i++)
        if (strcmp(c->comm[i].afk, afk) == 0)
            return &c->comm[i];
    return &c->comm[0];
}

/* ---- entities ----------------------------------------------------------------------------- */

static void emit_fractie(struct gctx *c, int i, int era)
{
    struct party *p = &c->parties[i];
    struct ent *e = &c->e;
    ent_begin(e, cat_ix[C_FRACTIE], 0, p->guid);
    ent_setf(e, "nummer", "%d", p->nummer);
    ent_set(e, "afkorting", p->afk);
    ent_set(e, "naamNl", p->naam_nl);
    ent_set(e, "naamEn", p->naam_en);
    int seats = 0;
    for (int k = 0; k < c->eras[era].nparties; k++)
        if (c->eras[era].p[k].party == i)
            seats = c->eras[era].p[k].seats;
    bool gone = p->inactief && p->inactief <= c->clock;
    if (gone)
        ent_nil(e, "aantalZetels");
    else
        ent_setf(e, "aantalZetels", "%d", seats);
    if (p->stemmen)
        ent_setf(e, "aantalStemmen", "%ld", p->stemmen);
    char d[TK_TS_LEN];
    tk_ts_date(p->actief, d);
    ent_set(e, "datumActief", d);
    if (gone) {
        tk_ts_date(p->inactief, d);
        ent_set(e, "datumInactief", d);
    }
    struct buf *m = &e->res_meta;
    res_meta_begin(m, RES_JPEG_FRACTIE, 0, tk_mix(c->seed, 0xf7ac0000u + (unsigned)i));
    res_meta_str(m, p->afk);
    g_spot(c, e, "fractie", 2, "party with logo");
    g_emit(c, e);
}

static void emit_persoon(struct gctx *c, int mi, int era)
{
    struct member *m = &c->members[mi];
    struct ent *e = &c->e3;
    struct rng r;
    rng_seed(&r, tk_mix(c->seed, 0x9e0000u + (unsigned)mi));
    ent_begin(e, cat_ix[C_PERSOON], 0, m->guid);
    ent_setf(e, "nummer", "%d", 50000 + mi * 3 + 1);
    if (rng_chance(&r, 0.12))
        ent_set(e, "titels", rng_chance(&r, 0.5) ? "dr." : "mr.");
    ent_set(e, "initialen", m->name.initialen);
    ent_set(e, "tussenvoegsel", m->name.tussenvoegsel[0] ? m->name.tussenvoegsel : NULL);
    ent_set(e, "achternaam", m->name.achternaam);
    ent_set(e, "voornamen", m->name.voornaam);
    ent_set(e, "roepnaam", m->name.roepnaam);
    ent_set(e, "geslacht", m->name.vrouw ? "vrouw" : "man");
    bool sitting = m->party[era] >= 0;
    if (m->minister && !sitting)
        ent_nil(e, "functie");
    else
        ent_set(e, "functie", sitting ? "Tweede Kamerlid" : "Oud Kamerlid");
    ent_setf(e, "geboortedatum", "%d-%02d-%02d", rng_range(&r, 1955, 1998), rng_range(&r, 1, 12),
             rng_range(&r, 1, 28));
    ent_set(e, "geboorteplaats", text_pick(&r, text_plaatsen, text_nplaatsen));
    ent_set(e, "geboorteland", "Nederland");
    ent_set(e, "woonplaats", text_pick(&r, text_plaatsen, text_nplaatsen));
    ent_set(e, "land", "NL");
    res_meta_begin(&e->res_meta, RES_JPEG_PERSON, 0, tk_mix(c->seed, 0xface0000u + (unsigned)mi));
    g_spot(c, e, "persoon", 2, "member with photo");
    g_emit(c, e);
    g_pool(c, e, 0.02);
}

static void detail_ref(struct gctx *c, struct ent *e, int cat, const struct member *m)
{
    g_new(c, e, cat);
    ent_ref(e, "persoon", m->guid);
}

void world_persoon_details(struct gctx *c, int mi)
{
    struct member *m = &c->members[mi];
    struct ent *e = &c->e;
    struct rng *r = &c->rng;
    char mail[160], sur[96];
    text_surname(&m->name, sur, sizeof sur);
    snprintf(mail, sizeof mail, "%s.%s@tweedekamer.nl", m->name.roepnaam, m->name.achternaam);
    int nc = rng_range(r, 1, 2);
    for (int i = 0; i < nc; i++) {
        detail_ref(c, e, C_PERSOONCONTACT, m);
        ent_set(e, "soort", i == 0 ? "E-mail" : "Website");
        if (i == 0)
            ent_set(e, "waarde", mail);
        else
            ent_setf(e, "waarde", "https://www.tweedekamer.nl/kamerleden_en_commissies/alle_kamerleden/%s",
                     m->name.achternaam);
        ent_setf(e, "gewicht", "%d", i + 1);
        g_emit(c, e);
        g_pool(c, e, 0.02);
    }
    int nl = rng_range(r, 1, 2);
    for (int i = 0; i < nl; i++) {
        detail_ref(c, e, C_PERSOONLOOPBAAN, m);
        ent_set(e, "functie", i == 0 ? "Beleidsmedewerker" : "Gemeenteraadslid");
        ent_set(e, "werkgever", i == 0 ? "Ministerie van Financiën" : "Gemeente");
        ent_set(e, "plaats", text_pick(r, text_plaatsen, text_nplaatsen));
        int y = rng_range(r, 2000, 2015);
        ent_setf(e, "van", "%d", y);
        if (rng_chance(r, 0.3))
            ent_setf(e, "totEnMet", "%d-%02d", y + rng_range(r, 1, 6), rng_range(r, 1, 12));
        else
            ent_setf(e, "totEnMet", "%d", y + rng_range(r, 1, 6));
        ent_setf(e, "gewicht", "%d", i + 1);
        g_spot(c, e, "loopbaan", 1, "career entry with year-only dates");
        g_emit(c, e);
        g_pool(c, e, 0.02);
    }
    detail_ref(c, e, C_PERSOONONDERWIJS, m);
    static const char *const opl[] = {"Rechten", "Bestuurskunde", "Economie", "Geschiedenis",
                                      "Geneeskunde", "Politicologie", "Pedagogiek"};
    const char *o = opl[rng_below(r, NELEM(opl))];
    ent_set(e, "opleidingNl", o);
    ent_set(e, "instelling", rng_chance(r, 0.5) ? "Universiteit Leiden" : "Rijksuniversiteit Groningen");
    ent_set(e, "plaats", text_pick(r, text_plaatsen, text_nplaatsen));
    int y = rng_range(r, 1975, 2015);
    ent_setf(e, "van", "%d", y);
    ent_setf(e, "totEnMet", "%d", y + rng_range(r, 3, 6));
    ent_set(e, "gewicht", "1");
    g_emit(c, e);
    g_pool(c, e, 0.02);
    if (rng_chance(r, 0.5)) {
        detail_ref(c, e, C_PERSOONREIS, m);
        ent_set(e, "doel", "Werkbezoek in het kader van de parlementaire assemblee");
        ent_set(e, "bestemming", rng_chance(r, 0.5) ? "Brussel, België" : "Straatsburg, Frankrijk");
        int ry = rng_range(r, 2019, 2025), rm = rng_range(r, 1, 12), rd = rng_range(r, 1, 25);
        ent_setf(e, "van", "%d-%02d-%02d", ry, rm, rd);
        ent_setf(e, "totEnMet", "%d-%02d-%02d", ry, rm, rd + 2);
        ent_set(e, "betaaldDoor", "Tweede Kamer");
        ent_set(e, "gewicht", "1");
        g_emit(c, e);
        g_pool(c, e, 0.02);
    }
    int nn = rng_range(r, 0, 2);
    for (int i = 0; i < nn; i++) {
        detail_ref(c, e, C_PERSOONNEVENFUNCTIE, m);
        ent_set(e, "omschrijving", nevenfuncties[rng_below(r, NELEM(nevenfuncties))]);
        bool actief = rng_chance(r, 0.7);
        ent_setb(e, "isActief", actief);
        ent_setf(e, "periode/van", "%d-%02d-01", rng_range(r, 2010, 2022), rng_range(r, 1, 12));
        if (actief)
            ent_nil(e, "periode/totEnMet");
        else
            ent_setf(e, "periode/totEnMet", "%d-12-31", rng_range(r, 2022, 2024));
        bool paid = rng_chance(r, 0.4);
        ent_set(e, "vergoeding/soort", paid ? "Bezoldigd" : "Onbezoldigd");
        if (paid)
            ent_set(e, "vergoeding/toelichting", "Vergoeding volgens de vastgestelde regeling");
        ent_setf(e, "gewicht", "%d", i + 1);
        g_spot(c, e, "nevenfunctie", 2, "nested periode/van and vergoeding/soort");
        uint8_t nf[16];
        memcpy(nf, e->guid, 16);
        g_emit(c, e);
        g_pool(c, e, 0.02);
        if (paid) {
            g_new(c, e, C_NEVENFUNCTIEINKOMSTEN);
            ent_ref(e, "persoonNevenfunctie", nf);
            ent_setf(e, "jaar", "%d", rng_range(r, 2020, 2025));
            ent_set(e, "bedragSoort", "Bruto");
            ent_set(e, "bedragVoorvoegsel", rng_chance(r, 0.3) ? "ca." : NULL);
            ent_set(e, "bedragValuta", "EUR");
            ent_setf(e, "bedrag", "%d.%02d", rng_range(r, 250, 25000), rng_range(r, 0, 99));
            ent_set(e, "bedragAchtervoegsel", NULL);
            ent_set(e, "frequentie", rng_chance(r, 0.5) ? "Jaarlijks" : "Eenmalig");
            ent_set(e, "frequentieBeschrijving", NULL);
            ent_set(e, "opmerking", NULL);
            g_spot(c, e, "inkomsten", 1, "decimal bedrag");
            g_emit(c, e);
            g_pool(c, e, 0.02);
        }
    }
    int ng = rng_range(r, 0, 2);
    for (int i = 0; i < ng; i++) {
        detail_ref(c, e, C_PERSOONGESCHENK, m);
        ent_set(e, "omschrijving", geschenken[rng_below(r, NELEM(geschenken))]);
        ent_setf(e, "datum", "%d-%02d-%02d", rng_range(r, 2019, 2025), rng_range(r, 1, 12),
                 rng_range(r, 1, 28));
        ent_setf(e, "gewicht", "%d", i + 1);
        g_spot(c, e, "geschenk", 1, "gift register");
        g_emit(c, e);
        g_pool(c, e, 0.02);
    }
}

/* The minister for a topic in the era of `when`, created (and emitted) on first use. */
int world_minister(struct gctx *c, int topic, int64_t when)
{
    int era = world_era(c, when);
    int *slot = &c->minister_of[era][topic];
    if (*slot >= 0)
        return *slot;
    /* topics sharing a post share the minister */
    for (size_t t = 0; t < text_ntopics; t++)
        if (c->minister_of[era][t] >= 0 &&
            strcmp(text_topics[t].bewinds, text_topics[topic].bewinds) == 0)
            return *slot = c->minister_of[era][t];
    int m = new_member(c);
    c->members[m].minister = true;
    c->members[m].topic = topic;
    emit_persoon(c, m, era);
    return *slot = m;
}

/* ---- seats ------------------------------------------------------------------------------- */

struct seatrec {
    uint32_t serial;
    uint8_t guid[16], zetel[16];
    int member, era, seat;
};
static struct seatrec *seats;
static int nseats, capseats;

static void emit_fzp(struct gctx *c, struct seatrec *s, bool ended)
{
    struct ent *e = &c->e;
    ent_begin(e, cat_ix[C_FZ_PERSOON], s->serial, s->guid);
    ent_ref(e, "fractieZetel", s->zetel);
    ent_ref(e, "persoon", c->members[s->member].guid);
    ent_set(e, "functie", s->seat == 0 ? "Fractievoorzitter" : "Lid");
    char d[TK_TS_LEN];
    tk_ts_date(c->eras[s->era].from, d);
    ent_set(e, "van", d);
    if (ended) {
        tk_ts_date(c->eras[s->era].to, d);
        ent_set(e, "totEnMet", d);
    }
    g_spot(c, e, ended ? "fzp-ended" : "fzp", 1,
           ended ? "seat holder whose term ended (updated)" : "current seat holder");
    g_emit(c, e);
}

static void era_start(struct gctx *c, int era)
{
    struct era *E = &c->eras[era];
    /* the previous era ends: seat holders, parties and members get their end */
    if (era > 0) {
        for (int i = 0; i < nseats; i++)
            if (seats[i].era == era - 1)
                emit_fzp(c, &seats[i], true);
        for (int m = 0; m < c->nmembers; m++)
            if (c->members[m].party[era - 1] >= 0 && c->members[m].party[era] < 0)
                emit_persoon(c, m, era);
    }
    for (int p = 0; p < c->nparties; p++) {
        bool in_era = false, was = false;
        for (int k = 0; k < E->nparties; k++)
            in_era |= E->p[k].party == p;
        if (era > 0)
            for (int k = 0; k < c->eras[era - 1].nparties; k++)
                was |= c->eras[era - 1].p[k].party == p;
        if (in_era || was)
            emit_fractie(c, p, era);
    }
    for (int i = 0; i < E->nmembers; i++) {
        int m = E->members[i];
        bool new_here = era == 0 || c->members[m].party[era - 1] < 0;
        if (new_here) {
            emit_persoon(c, m, era);
            /* small corpora: the registers of only some members */
            if (c->scale >= 0.1 || rng_chance(&c->rng, 0.3))
                world_persoon_details(c, m);
        }
    }
    /* seats: one FractieZetel per emitted seat, with its holder */
    int at = 0;
    for (int k = 0; k < E->nparties; k++) {
        int p = E->p[k].party;
        int seat = 0;
        for (int i = 0; i < E->nmembers; i++) {
            int m = E->members[i];
            if (c->members[m].party[era] != p)
                continue;
            struct ent *e = &c->e;
            g_new(c, e, C_FRACTIEZETEL);
            ent_ref(e, "fractie", c->parties[p].guid);
            ent_setf(e, "gewicht", "%d", seat + 1);
            uint8_t zetel[16];
            memcpy(zetel, e->guid, 16);
            g_emit(c, e);
            g_pool(c, e, 0.03);
            if (nseats == capseats) {
                capseats = capseats ? capseats * 2 : 256;
                seats = realloc(seats, (size_t)capseats * sizeof *seats);
                if (!seats)
                    abort();
            }
            struct seatrec *s = &seats[nseats++];
            s->serial = g_serial(c);
            g_guid(c, s->serial, s->guid);
            memcpy(s->zetel, zetel, 16);
            s->member = m;
            s->era = era;
            s->seat = seat;
            emit_fzp(c, s, false);
            if (at++ % 29 == 3) { /* a vacancy that was filled later */
                g_new(c, e, C_FZ_VACATURE);
                ent_ref(e, "fractieZetel", zetel);
                ent_set(e, "functie", "Lid");
                char d[TK_TS_LEN];
                tk_ts_date(E->from + 86400 * 40, d);
                ent_set(e, "van", d);
                tk_ts_date(E->from + 86400 * 47, d);
                ent_set(e, "totEnMet", d);
                g_emit(c, e);
                g_pool(c, e, 1);
            }
            seat++;
        }
    }
}

static void emit_commissies(struct gctx *c)
{
    struct ent *e = &c->e;
    char d[TK_TS_LEN];
    for (int i = 0; i < c->ncomm; i++) {
        ent_begin(e, cat_ix[C_COMMISSIE], g_serial(c), c->comm[i].guid);
        ent_setf(e, "nummer", "%d", 2900 + i);
        ent_set(e, "soort", i == c->ncomm - 1 ? "Presidium" : "Vaste commissie");
        ent_set(e, "afkorting", c->comm[i].afk);
        ent_set(e, "naamNl", c->comm[i].naam);
        ent_setf(e, "naamEn", "Committee %s", c->comm[i].afk);
        ent_set(e, "naamWebNl", c->comm[i].naam);
        ent_set(e, "inhoudsopgave", "Vaste commissies");
        ent_set(e, "datumActief", i % 3 ? "2017-10-26" : "2021-05-25");
        g_spot(c, e, "commissie", 1, "committee");
        g_emit(c, e);
        g_pool(c, e, 0.2);
        for (int k = 0; k < 2; k++) {
            g_new(c, e, C_COMMISSIECONTACT);
            ent_ref(e, "commissie", c->comm[i].guid);
            ent_set(e, "soort", k ? "Telefoonnummer" : "E-mail");
            if (k)
                ent_setf(e, "waarde", "070-318%04d", 2000 + i * 11);
            else
                ent_setf(e, "waarde", "cie.%s@tweedekamer.nl", c->comm[i].afk);
            ent_setf(e, "gewicht", "%d", k + 1);
            g_emit(c, e);
            g_pool(c, e, 0.3);
        }
    }
    (void)d;
}

static void emit_commissie_zetels(struct gctx *c)
{
    struct ent *e = &c->e;
    char d[TK_TS_LEN];
    int nz = (int)(12 * c->scale + 0.5);
    if (nz < 1)
        nz = 1;
    static const char *const fn[] = {"Voorzitter", "Ondervoorzitter", "Lid"};
    int at = 0;
    for (int i = 0; i < c->ncomm; i++) {
        for (int z = 0; z < nz; z++, at++) {
            g_new(c, e, C_COMMISSIEZETEL);
            ent_ref(e, "commissie", c->comm[i].guid);
            ent_setf(e, "gewicht", "%d", z + 1);
            uint8_t zetel[16];
            memcpy(zetel, e->guid, 16);
            g_emit(c, e);
            g_pool(c, e, 0.05);
            if (at % 17 == 5) {
                g_new(c, e, C_CZ_VASTVACATURE);
                ent_ref(e, "commissieZetel", zetel);
                ent_set(e, "functie", "Lid");
                tk_ts_date(c->eras[2].from, d);
                ent_set(e, "van", d);
                g_emit(c, e);
                g_pool(c, e, 1);
                continue;
            }
            g_new(c, e, C_CZ_VASTPERSOON);
            ent_ref(e, "commissieZetel", zetel);
            ent_ref(e, "persoon", c->members[world_member(c, c->clock)].guid);
            ent_set(e, "functie", fn[z < 2 ? z : 2]);
            tk_ts_date(c->eras[2].from + 86400 * (int64_t)rng_below(&c->rng, 60), d);
            ent_set(e, "van", d);
            g_spot(c, e, "czvp", 1, "committee seat, current member");
            g_emit(c, e);
            g_pool(c, e, 0.05);
            if (rng_chance(&c->rng, 0.5)) { /* the previous holder */
                g_new(c, e, C_CZ_VASTPERSOON);
                ent_ref(e, "commissieZetel", zetel);
                ent_ref(e, "persoon",
                        c->members[world_member(c, c->eras[1].from + 86400)].guid);
                ent_set(e, "functie", "Lid");
                tk_ts_date(c->eras[1].from + 86400 * 30, d);
                ent_set(e, "van", d);
                tk_ts_date(c->eras[1].to, d);
                ent_set(e, "totEnMet", d);
                g_emit(c, e);
                g_pool(c, e, 0.05);
            }
            if (at % 13 == 2) {
                g_new(c, e, C_CZ_VERVANGERVACATURE);
                ent_ref(e, "commissieZetel", zetel);
                ent_set(e, "functie", "Plv. lid");
                tk_ts_date(c->eras[2].from, d);
                ent_set(e, "van", d);
                g_emit(c, e);
                g_pool(c, e, 1);
            } else if (rng_chance(&c->rng, 0.6)) {
                g_new(c, e, C_CZ_VERVANGERPERSOON);
                ent_ref(e, "commissieZetel", zetel);
                ent_ref(e, "persoon", c->members[world_member(c, c->clock)].guid);
                ent_set(e, "functie", "Plv. lid");
                tk_ts_date(c->eras[2].from + 86400 * 14, d);
                ent_set(e, "van", d);
                g_emit(c, e);
                g_pool(c, e, 0.05);
            }
        }
    }
}

/* ---- dossiers ------------------------------------------------------------------------------ */

static int add_dossier(struct gctx *c, int nummer, const char *toev, const char *titel, int topic,
                       bool wet, const uint8_t *guid)
{
    if (c->ndossiers == c->capdossiers) {
        c->capdossiers = c->capdossiers ? c->capdossiers * 2 : 64;
        c->dossiers = realloc(c->dossiers, (size_t)c->capdossiers * sizeof *c->dossiers);
        if (!c->dossiers)
            abort();
    }
    int i = c->ndossiers++;
    struct dossier *d = &c->dossiers[i];
    memset(d, 0, sizeof *d);
    if (guid)
        memcpy(d->guid, guid, 16);
    else
        g_guid(c, g_serial(c), d->guid);
    d->nummer = nummer;
    d->toevoeging = toev;
    snprintf(d->titel, sizeof d->titel, "%s", titel);
    d->topic = topic;
    d->volgnummer = wet ? 0 : rng_range(&c->rng, 20, 400);
    d->wet = wet;
    int *n = &c->ndossiers_of_topic[topic];
    c->dossiers_of_topic[topic] =
        realloc(c->dossiers_of_topic[topic], (size_t)(*n + 1) * sizeof(int));
    if (!c->dossiers_of_topic[topic])
        abort();
    c->dossiers_of_topic[topic][(*n)++] = i;
    return i;
}

void world_emit_dossier(struct gctx *c, int i)
{
    struct dossier *d = &c->dossiers[i];
    struct ent *e = &c->e3;
    ent_begin(e, cat_ix[C_KAMERSTUKDOSSIER], 0, d->guid);
    ent_set(e, "titel", d->titel);
    ent_nil(e, "citeertitel");
    ent_nil(e, "alias");
    ent_setf(e, "nummer", "%d", d->nummer);
    ent_set(e, "toevoeging", d->toevoeging);
    ent_setf(e, "hoogsteVolgnummer", "%d", d->volgnummer);
    ent_setb(e, "afgesloten", false);
    ent_set(e, "kamer", "Tweede Kamer");
    if (d->nummer == 31293)
        g_spot(c, e, "seed-dossier-31293", 1, "seed letter dossier (real GUID)");
    else if (d->nummer == 31289 || d->nummer == 26643)
        g_spot(c, e, "seed-dossier-other", 2, "seed letter dossier");
    else if (d->toevoeging)
        g_spot(c, e, "dossier-toevoeging", 1, "dossier with toevoeging");
    g_emit(c, e);
    if (d->nummer != 31293 && d->nummer != 31289 && d->nummer != 26643)
        g_pool(c, e, 0.1);
}

void world_new_dossier(struct gctx *c, int topic, bool wet)
{
    const struct topic *t = &text_topics[topic];
    char titel[200];
    int y, mo, d, hh, mi;
    tk_local_civil(c->clock, &y, &mo, &d, &hh, &mi);
    int nummer = 35000 + (y - 2019) * 260 + (int)rng_below(&c->rng, 250);
    if (wet)
        snprintf(titel, sizeof titel, "Wijziging van de wet in verband met %s",
                 t->kern[rng_below(&c->rng, 4)]);
    else
        snprintf(titel, sizeof titel, "%s", t->dossier[rng_below(&c->rng, 2)]);
    world_emit_dossier(c, add_dossier(c, nummer, NULL, titel, topic, wet, NULL));
}

int world_dossier(struct gctx *c, int topic)
{
    int n = c->ndossiers_of_topic[topic];
    if (n == 0 || rng_chance(&c->rng, 0.004)) {
        world_new_dossier(c, topic, rng_chance(&c->rng, 0.5));
        n = c->ndossiers_of_topic[topic];
    }
    /* recent dossiers are busier */
    int k = n - 1 - (int)(rng_below(&c->rng, (uint32_t)n) * rng_unit(&c->rng));
    return c->dossiers_of_topic[topic][k];
}

static const uint8_t seed_dossier_31293[16] = {0x49, 0x34, 0x6c, 0x17, 0x73, 0xf4, 0x40, 0x8e,
                                                0x85, 0x58, 0x75, 0x9c, 0x46, 0x16, 0xcd, 0x22};

static void initial_dossiers(struct gctx *c)
{
    uint8_t g[16];
    int onderwijs = 2, cyber = 0;
    for (size_t t = 0; t < text_ntopics; t++)
        if (strcmp(text_topics[t].key, "cyber") == 0)
            cyber = (int)t;
    world_emit_dossier(c, add_dossier(c, 31293, NULL, "Primair Onderwijs", onderwijs, false,
                                      seed_dossier_31293));
    tk_guid_from(0x7c1d2a3e5b6f4a10ULL, 0x9a31289000000001ULL, g);
    world_emit_dossier(c, add_dossier(c, 31289, NULL, "Voortgezet Onderwijs", onderwijs, false, g));
    tk_guid_from(0x2b6a4c8d1e3f4b20ULL, 0x8b26643000000002ULL, g);
    world_emit_dossier(c, add_dossier(c, 26643, NULL,
                                      "Informatie- en communicatietechnologie (ICT)", cyber, false, g));
    c->dossiers[0].volgnummer = 600; /* generated Kamerstukken in 31293 stay clear of nr. 593 */
    static const char *const toev[] = {"XV", "VIII", "X", "XVI", "07", "(R2187)"};
    int per = c->scale < 0.05 ? 1 : 2;
    for (size_t t = 0; t < text_ntopics; t++)
        for (int k = 0; k < per; k++) {
            const char *tv = NULL;
            if (k == 1 && rng_chance(&c->rng, 0.4))
                tv = toev[rng_below(&c->rng, NELEM(toev))];
            int nummer = 21000 + (int)(rng_below(&c->rng, 15000));
            world_emit_dossier(c, add_dossier(c, nummer, tv, text_topics[t].dossier[k], (int)t,
                                              false, NULL));
        }
}

void world_emit(struct gctx *c)
{
    struct ent *e = &c->e;
    c->nzalen = (int)NELEM(zaal_tab);
    for (int i = 0; i < c->nzalen; i++) {
        g_new(c, e, C_ZAAL);
        memcpy(c->zalen[i], e->guid, 16);
        ent_set(e, "naam", zaal_tab[i].naam);
        ent_setf(e, "sysCode", "%d", zaal_tab[i].code);
        g_spot(c, e, "zaal", 1, "room");
        g_emit(c, e);
        g_pool(c, e, 0.3);
    }
    emit_commissies(c);
    era_start(c, 0);
    initial_dossiers(c);
}

/* Called by the driver as the clock advances: elections and the committee seats of 2023. */
void world_tick(struct gctx *c)
{
    if (c->era_started == 0)
        c->era_started = 1;
    while (c->era_started < NERA && c->clock >= c->eras[c->era_started].from) {
        era_start(c, c->era_started);
        if (c->era_started == NERA - 1)
            emit_commissie_zetels(c);
        c->era_started++;
    }
}

void world_free(struct gctx *c)
{
    free(seats);
    seats = NULL;
    nseats = capseats = 0;
    for (int e = 0; e < NERA; e++)
        free(c->eras[e].members);
    free(c->members);
    free(c->dossiers);
    for (int t = 0; t < 40; t++)
        free(c->dossiers_of_topic[t]);
}
