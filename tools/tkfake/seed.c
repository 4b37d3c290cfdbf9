/*
 * seed — the one real document of the corpus: the letter 2021D35262 ("Digitalisering in het
 * funderend onderwijs", Kamerstuk 31293 nr. 593) with its DocumentVersie, DocumentActor, its
 * signer, and its Zaak 2021Z16384 with the values of tk-opendata.md §10.3. Its PDF resource is
 * rendered from the embedded text of data/seed-2021D35262.txt. The GUIDs of the Zaak and of
 * dossier 31293 are real; the others are made up (fixed, so tests can name them).
 */
#include "story.h"

#include <string.h>

/* ---- the real seed letter --------------------------------------------------------------------- */

static const uint8_t seed_doc[16] = {0x3f, 0x0c, 0x2d, 0x6e, 0x21, 0xd3, 0x45, 0x26,
                                     0x9a, 0x62, 0x20, 0x21, 0xd3, 0x52, 0x62, 0x00};
static const uint8_t seed_versie[16] = {0x7a, 0x1e, 0x59, 0x31, 0x29, 0x30, 0x45, 0x93,
                                        0x85, 0x93, 0x00, 0x05, 0x93, 0x00, 0x00, 0x03};
static const uint8_t seed_actor[16] = {0x6d, 0x5e, 0x14, 0xb2, 0x0a, 0x57, 0x4c, 0x1b,
                                       0x8e, 0x2f, 0x5a, 0x0b, 0x10, 0x00, 0x00, 0x01};
static const uint8_t seed_slob[16] = {0x5a, 0x0b, 0x1e, 0x2f, 0x3c, 0x4d, 0x4e, 0x5f,
                                      0x8a, 0x6b, 0x51, 0xab, 0x00, 0x00, 0x00, 0x01};
static const uint8_t seed_zaak[16] = {0x0b, 0xef, 0x1b, 0x66, 0xa1, 0x8e, 0x49, 0x44,
                                      0xa0, 0xc7, 0x1c, 0x2a, 0xca, 0x1b, 0x1d, 0x7c};
static const uint8_t seed_zaakactor[16] = {0x1c, 0x2d, 0x3e, 0x4f, 0x50, 0x61, 0x47, 0x28,
                                           0x93, 0xa4, 0xb5, 0xc6, 0x16, 0x38, 0x40, 0x01};

static int find_dossier(struct gctx *c, int nummer)
{
    for (int i = 0; i < c->ndossiers; i++)
        if (c->dossiers[i].nummer == nummer)
            return i;
    return 0;
}

void story_seed_document(struct gctx *c)
{
    struct ent *e = &c->e;
    char ts[TK_TS_LEN];
    c->seed_doc_done = true;
    /* the minister who signed it */
    ent_begin(e, cat_ix[C_PERSOON], 0, seed_slob);
    ent_set(e, "nummer", "1587");
    ent_set(e, "initialen", "A.");
    ent_nil(e, "tussenvoegsel");
    ent_set(e, "achternaam", "Slob");
    ent_set(e, "voornamen", "Arie");
    ent_set(e, "roepnaam", "Arie");
    ent_set(e, "geslacht", "man");
    ent_set(e, "functie", "Oud Kamerlid");
    ent_set(e, "geboortedatum", "1961-11-16");
    ent_set(e, "geboorteplaats", "Zwolle");
    ent_set(e, "geboorteland", "Nederland");
    ent_set(e, "woonplaats", "Zwolle");
    ent_set(e, "land", "NL");
    res_meta_begin(&e->res_meta, RES_JPEG_PERSON, 0, 1587);
    g_spot(c, e, "seed-persoon", 1, "signer of the seed letter");
    g_emit(c, e);

    ent_begin(e, cat_ix[C_DOCUMENT], 0, seed_doc);
    ent_ref(e, "huidigeDocumentVersie", seed_versie);
    ent_ref(e, "zaak", seed_zaak);
    ent_ref(e, "kamerstukdossier", c->dossiers[find_dossier(c, 31293)].guid);
    ent_ref(e, "kamerstukdossier", c->dossiers[find_dossier(c, 31289)].guid);
    ent_ref(e, "kamerstukdossier", c->dossiers[find_dossier(c, 26643)].guid);
    ent_set(e, "soort", "Brief regering");
    ent_set(e, "documentNummer", "2021D35262");
    ent_set(e, "titel", "Primair Onderwijs");
    ent_set(e, "onderwerp", "Digitalisering in het funderend onderwijs");
    ent_set(e, "datum", "2021-09-24T00:00:00");
    ent_set(e, "volgnummer", "593");
    ent_set(e, "vergaderjaar", "2021-2022");
    ent_set(e, "kamer", "2");
    ent_nil(e, "citeertitel");
    ent_nil(e, "alias");
    ent_set(e, "datumRegistratie", "2021-09-24T00:00:00");
    ent_nil(e, "datumOntvangst");
    ent_nil(e, "aanhangselnummer");
    ent_nil(e, "kenmerkAfzender");
    ent_set(e, "organisatie", "Tweede Kamer");
    e->bw = tk_make_time(2024, 2, 19, 10, 56, 31);
    e->bw_frac = 2170000;
    e->bw_form = BW_UTC;
    res_meta_begin(&e->res_meta, RES_PDF_SEED, 2, 593);
    res_meta_str(&e->res_meta, "2021D35262");
    g_spot(c, e, "seed-document", 1, "the real seed letter 2021D35262 (kst-31293-593)");
    g_emit(c, e);
    uint32_t len = e->res_len;

    ent_begin(e, cat_ix[C_DOCUMENTVERSIE], 0, seed_versie);
    ent_ref(e, "document", seed_doc);
    ent_set(e, "status", "Vrijgegeven");
    ent_set(e, "versienummer", "3");
    ent_setf(e, "bestandsgrootte", "%u", (len + 1023) / 1024);
    ent_set(e, "extensie", ".pdf");
    ent_set(e, "datum", "2024-02-19T10:56:27.3170000");
    ent_set(e, "externeidentifier", "kst-31293-593");
    e->bw = tk_make_time(2024, 2, 19, 10, 56, 33);
    e->bw_frac = 5130000;
    e->bw_form = BW_UTC;
    g_spot(c, e, "seed-versie", 1, "seed letter version 3");
    g_emit(c, e);

    ent_begin(e, cat_ix[C_DOCUMENTACTOR], 0, seed_actor);
    ent_ref(e, "document", seed_doc);
    ent_ref(e, "persoon", seed_slob);
    ent_set(e, "actorNaam", "A. Slob");
    ent_nil(e, "actorFractie");
    ent_set(e, "functie", "minister voor Basis- en Voortgezet Onderwijs en Media");
    ent_set(e, "relatie", "Eerste ondertekenaar");
    ent_nil(e, "sidActor");
    e->bw = tk_make_time(2024, 2, 19, 10, 56, 34);
    e->bw_form = BW_UTC;
    g_spot(c, e, "seed-actor", 1, "seed letter signer");
    g_emit(c, e);
    (void)ts;
}

void story_seed_zaak(struct gctx *c)
{
    struct ent *e = &c->e;
    c->seed_zaak_done = true;
    ent_begin(e, cat_ix[C_ZAAK], 0, seed_zaak);
    ent_ref(e, "kamerstukdossier", c->dossiers[find_dossier(c, 31293)].guid);
    ent_set(e, "nummer", "2021Z16384");
    ent_set(e, "soort", "Brief regering");
    ent_set(e, "onderwerp", "Digitalisering in het funderend onderwijs");
    ent_set(e, "gestartOp", "2021-09-24T00:00:00");
    ent_set(e, "organisatie", "Tweede Kamer");
    ent_set(e, "titel", "Primair Onderwijs");
    ent_set(e, "vergaderjaar", "2021-2022");
    ent_set(e, "volgnummer", "593");
    ent_set(e, "status", "Vrijgegeven");
    ent_set(e, "afgedaan", "true");
    ent_set(e, "grootProject", "false");
    e->bw = tk_make_time(2024, 2, 28, 16, 27, 0);
    e->bw_frac = 3000000;
    e->bw_form = BW_UTC;
    g_spot(c, e, "seed-zaak", 1, "the seed letter's zaak 2021Z16384 (values of spec 10.3)");
    g_emit(c, e);

    const struct commissie *cm = world_commissie(c, 2);
    ent_begin(e, cat_ix[C_ZAAKACTOR], 0, seed_zaakactor);
    ent_ref(e, "zaak", seed_zaak);
    ent_ref(e, "commissie", cm->guid);
    ent_set(e, "actorNaam", cm->naam);
    ent_set(e, "actorAfkorting", cm->afk);
    ent_set(e, "relatie", "Voortouwcommissie");
    ent_set(e, "sidActor", cm->sid);
    g_emit(c, e);
}
