/*
 * model — the entity table of the Tweede Kamer open data (informatiemodel 2.0), after the
 * official XSDs and the real data described in docs/tk-opendata (§4 of the format notes).
 * Cardinalities follow the data rather than the XSD where they differ: a Document and a Zaak
 * can belong to several Kamerstukdossiers (the seed letter 2021D35262 is in 31293, 31289 and
 * 26643), so those references are multi-valued.
 */
#include "model/model.h"

#include <string.h>
#include <strings.h>

#define F(x, t) {x, x, t, false}
#define FI(x, t) {x, x, t, true}
#define FN(x, col, t) {x, col, t, false}
#define R1(x, target) {x, target, false}
#define RN(x, target) {x, target, true}
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TYPE(cat, el, ns1, dl, f, r) {cat, el, ns1, dl, f, N(f), r, N(r)}
#define TYPE0(cat, el, ns1, dl, f) {cat, el, ns1, dl, f, N(f), NULL, 0}

static const struct kw_field activiteit_f[] = {
    FI("soort", KW_TEXT), FI("nummer", KW_TEXT), F("onderwerp", KW_TEXT),
    F("datumSoort", KW_TEXT), FI("datum", KW_DATETIME), FI("aanvangstijd", KW_DATETIME),
    F("eindtijd", KW_DATETIME), F("locatie", KW_TEXT), F("besloten", KW_BOOL),
    F("status", KW_TEXT), F("vergaderjaar", KW_TEXT), F("kamer", KW_TEXT), F("noot", KW_TEXT),
    F("vrsNummer", KW_TEXT), F("sidVoortouw", KW_TEXT), F("voortouwnaam", KW_TEXT),
    FI("voortouwafkorting", KW_TEXT), F("voortouwkortenaam", KW_TEXT),
    F("aanvraagdatum", KW_DATETIME), F("datumVerzoekEersteVerlenging", KW_DATETIME),
    F("datumMededelingEersteVerlenging", KW_DATETIME),
    F("datumVerzoekTweedeVerlenging", KW_DATETIME),
    F("datumMededelingTweedeVerlenging", KW_DATETIME), F("vervaldatum", KW_DATETIME),
};
static const struct kw_ref activiteit_r[] = {
    R1("voortouwcommissie", "Commissie"),
    RN("voortgezetVanuit", "Activiteit"),
    RN("vervangenVanuit", "Activiteit"),
};

static const struct kw_field actor_f[] = {
    F("actorNaam", KW_TEXT), F("actorFractie", KW_TEXT), F("relatie", KW_TEXT),
    F("volgorde", KW_INT), F("functie", KW_TEXT), F("spreektijd", KW_TEXT),
    F("sidActor", KW_TEXT),
};
static const struct kw_ref activiteitactor_r[] = {
    R1("activiteit", "Activiteit"), R1("persoon", "Persoon"),
    R1("fractie", "Fractie"), R1("commissie", "Commissie"),
};

static const struct kw_field agendapunt_f[] = {
    FI("nummer", KW_TEXT), F("onderwerp", KW_TEXT), F("aanvangstijd", KW_DATETIME),
    F("eindtijd", KW_DATETIME), F("volgorde", KW_INT), F("rubriek", KW_TEXT),
    F("noot", KW_TEXT), F("status", KW_TEXT),
};
static const struct kw_ref agendapunt_r[] = {R1("activiteit", "Activiteit")};

static const struct kw_field besluit_f[] = {
    F("stemmingsSoort", KW_TEXT), FI("besluitSoort", KW_TEXT), F("besluitTekst", KW_TEXT),
    F("opmerking", KW_TEXT), F("status", KW_TEXT),
    F("agendapuntZaakBesluitVolgorde", KW_INT),
};
static const struct kw_ref besluit_r[] = {R1("agendapunt", "Agendapunt"), RN("zaak", "Zaak")};

static const struct kw_field commissie_f[] = {
    FI("nummer", KW_TEXT), F("soort", KW_TEXT), FI("afkorting", KW_TEXT), F("naamNl", KW_TEXT),
    F("naamEn", KW_TEXT), F("naamWebNl", KW_TEXT), F("naamWebEn", KW_TEXT),
    F("inhoudsopgave", KW_TEXT), F("datumActief", KW_DATE), F("datumInactief", KW_DATE),
};

static const struct kw_field contact_f[] = {
    F("soort", KW_TEXT), F("waarde", KW_TEXT), F("gewicht", KW_INT),
};
static const struct kw_ref commissiecontact_r[] = {R1("commissie", "Commissie")};

static const struct kw_field zetel_f[] = {F("gewicht", KW_INT)};
static const struct kw_ref commissiezetel_r[] = {R1("commissie", "Commissie")};

static const struct kw_field zetelpersoon_f[] = {
    F("functie", KW_TEXT), F("van", KW_DATE), F("totEnMet", KW_DATE),
};
static const struct kw_ref commissiezetelpersoon_r[] = {
    R1("commissieZetel", "CommissieZetel"), R1("persoon", "Persoon"),
};
static const struct kw_ref commissiezetelvacature_r[] = {R1("commissieZetel", "CommissieZetel")};

static const struct kw_field document_f[] = {
    FI("soort", KW_TEXT), FI("documentNummer", KW_TEXT), F("titel", KW_TEXT),
    F("onderwerp", KW_TEXT), FI("datum", KW_DATETIME), F("volgnummer", KW_INT),
    F("vergaderjaar", KW_TEXT), F("kamer", KW_INT), F("citeertitel", KW_TEXT),
    F("alias", KW_TEXT), F("datumRegistratie", KW_DATETIME), F("datumOntvangst", KW_DATETIME),
    F("aanhangselnummer", KW_TEXT), F("kenmerkAfzender", KW_TEXT), F("organisatie", KW_TEXT),
};
static const struct kw_ref document_r[] = {
    R1("huidigeDocumentVersie", "DocumentVersie"), RN("bronDocument", "Document"),
    RN("activiteit", "Activiteit"), RN("agendapunt", "Agendapunt"), RN("zaak", "Zaak"),
    RN("kamerstukdossier", "Kamerstukdossier"),
};

static const struct kw_field documentactor_f[] = {
    F("actorNaam", KW_TEXT), F("actorFractie", KW_TEXT), F("functie", KW_TEXT),
    F("relatie", KW_TEXT), F("sidActor", KW_TEXT),
};
static const struct kw_ref documentactor_r[] = {
    R1("document", "Document"), R1("persoon", "Persoon"),
    R1("fractie", "Fractie"), R1("commissie", "Commissie"),
};

/* DocumentPublicatie and DocumentPublicatieMetadata: the KOOP publications (PDF, XML, HTML,
 * ODT renditions named kst-...) of a document version, after the newer tkData XSD. Whether
 * the SyncFeed serves them is not verified; a category it does not know yields an empty feed,
 * so following them costs one request each. */
static const struct kw_field publicatie_f[] = {
    FI("identifier", KW_TEXT), F("documentType", KW_TEXT), F("fileName", KW_TEXT),
    F("source", KW_DATETIME), F("url", KW_TEXT), F("publicatieDatum", KW_DATETIME),
};
static const struct kw_ref publicatie_r[] = {R1("documentVersie", "DocumentVersie")};

static const struct kw_field documentversie_f[] = {
    F("status", KW_TEXT), F("versienummer", KW_INT), F("bestandsgrootte", KW_INT),
    F("extensie", KW_TEXT), F("datum", KW_DATETIME), FI("externeidentifier", KW_TEXT),
};
static const struct kw_ref documentversie_r[] = {R1("document", "Document")};

static const struct kw_field fractie_f[] = {
    FI("nummer", KW_TEXT), FI("afkorting", KW_TEXT), F("naamNl", KW_TEXT), F("naamEn", KW_TEXT),
    F("aantalZetels", KW_INT), F("aantalStemmen", KW_INT), F("datumActief", KW_DATE),
    F("datumInactief", KW_DATE),
};

static const struct kw_ref fractiezetel_r[] = {R1("fractie", "Fractie")};
static const struct kw_ref fractiezetelpersoon_r[] = {
    R1("fractieZetel", "FractieZetel"), R1("persoon", "Persoon"),
};
static const struct kw_ref fractiezetelvacature_r[] = {R1("fractieZetel", "FractieZetel")};

static const struct kw_field kamerstukdossier_f[] = {
    F("titel", KW_TEXT), F("citeertitel", KW_TEXT), F("alias", KW_TEXT),
    FI("nummer", KW_INT), F("toevoeging", KW_TEXT), F("hoogsteVolgnummer", KW_INT),
    F("afgesloten", KW_BOOL), F("kamer", KW_TEXT),
};

static const struct kw_field persoon_f[] = {
    FI("nummer", KW_TEXT), F("titels", KW_TEXT), F("initialen", KW_TEXT),
    F("tussenvoegsel", KW_TEXT), FI("achternaam", KW_TEXT), F("voornamen", KW_TEXT),
    F("roepnaam", KW_TEXT), F("geslacht", KW_TEXT), F("functie", KW_TEXT),
    F("geboortedatum", KW_DATE), F("geboorteplaats", KW_TEXT), F("geboorteland", KW_TEXT),
    F("overlijdensdatum", KW_DATE), F("overlijdensplaats", KW_TEXT), F("woonplaats", KW_TEXT),
    F("land", KW_TEXT), F("fractielabel", KW_TEXT),
};

static const struct kw_ref persoon_r[] = {R1("persoon", "Persoon")};

static const struct kw_field geschenk_f[] = {
    F("omschrijving", KW_TEXT), FI("datum", KW_DATE), F("gewicht", KW_INT),
};

/* van/totEnMet of Loopbaan, Onderwijs and Reis are the XSD's date union (CCYY, CCYY-MM,
 * CCYY-Www...), so they stay text. */
static const struct kw_field loopbaan_f[] = {
    F("functie", KW_TEXT), F("werkgever", KW_TEXT), F("omschrijvingNl", KW_TEXT),
    F("omschrijvingEn", KW_TEXT), F("plaats", KW_TEXT), F("van", KW_TEXT),
    F("totEnMet", KW_TEXT), F("gewicht", KW_INT),
};

static const struct kw_field nevenfunctie_f[] = {
    F("omschrijving", KW_TEXT), F("isActief", KW_BOOL),
    FN("periode/van", "periodeVan", KW_TEXT), FN("periode/totEnMet", "periodeTotEnMet", KW_TEXT),
    FN("vergoeding/soort", "vergoedingSoort", KW_TEXT),
    FN("vergoeding/toelichting", "vergoedingToelichting", KW_TEXT), F("gewicht", KW_INT),
};

static const struct kw_field inkomsten_f[] = {
    F("jaar", KW_INT), F("bedragSoort", KW_TEXT), F("bedragVoorvoegsel", KW_TEXT),
    F("bedragValuta", KW_TEXT), F("bedrag", KW_DECIMAL), F("bedragAchtervoegsel", KW_TEXT),
    F("frequentie", KW_TEXT), F("frequentieBeschrijving", KW_TEXT), F("opmerking", KW_TEXT),
};
static const struct kw_ref inkomsten_r[] = {R1("persoonNevenfunctie", "PersoonNevenfunctie")};

static const struct kw_field onderwijs_f[] = {
    F("opleidingNl", KW_TEXT), F("opleidingEn", KW_TEXT), F("instelling", KW_TEXT),
    F("plaats", KW_TEXT), F("van", KW_TEXT), F("totEnMet", KW_TEXT), F("gewicht", KW_INT),
};

static const struct kw_field reis_f[] = {
    F("doel", KW_TEXT), F("bestemming", KW_TEXT), F("van", KW_TEXT), F("totEnMet", KW_TEXT),
    F("betaaldDoor", KW_TEXT), F("gewicht", KW_INT),
};

static const struct kw_field reservering_f[] = {
    F("nummer", KW_TEXT), F("statusCode", KW_TEXT), F("statusNaam", KW_TEXT),
    F("activiteitNummer", KW_TEXT),
};
static const struct kw_ref reservering_r[] = {RN("activiteit", "Activiteit"), R1("zaal", "Zaal")};

static const struct kw_field stemming_f[] = {
    F("soort", KW_TEXT), F("fractieGrootte", KW_INT), F("actorNaam", KW_TEXT),
    F("actorFractie", KW_TEXT), F("vergissing", KW_BOOL), F("sidActorLid", KW_TEXT),
    F("sidActorFractie", KW_TEXT),
};
static const struct kw_ref stemming_r[] = {
    R1("besluit", "Besluit"), R1("persoon", "Persoon"), R1("fractie", "Fractie"),
};

static const struct kw_field toezegging_f[] = {
    F("aanmaakdatum", KW_DATETIME), FI("nummer", KW_TEXT), F("activiteitNummer", KW_TEXT),
    F("naam", KW_TEXT), F("achternaam", KW_TEXT), F("initialen", KW_TEXT),
    F("tussenvoegsel", KW_TEXT), F("voornaam", KW_TEXT), F("achtervoegsel", KW_TEXT),
    F("titulatuur", KW_TEXT), F("functie", KW_TEXT), FI("status", KW_TEXT),
    F("datumNakoming", KW_DATETIME), F("kamerbriefNakoming", KW_TEXT),
    FI("ministerie", KW_TEXT), F("tekst", KW_TEXT),
};
static const struct kw_ref toezegging_r[] = {
    R1("toegezegdAanFractie", "Fractie"), R1("toegezegdAanPersoon", "Persoon"),
    RN("isHerhalingVan", "Toezegging"), RN("isAanvullingOp", "Toezegging"),
    RN("isWijzigingVan", "Toezegging"), R1("activiteit", "Activiteit"),
};

static const struct kw_field vergadering_f[] = {
    F("soort", KW_TEXT), F("titel", KW_TEXT), F("zaal", KW_TEXT), F("vergaderjaar", KW_TEXT),
    F("vergaderingNummer", KW_INT), FI("datum", KW_DATETIME), F("aanvangstijd", KW_DATETIME),
    F("sluiting", KW_DATETIME), F("kamer", KW_TEXT),
};

static const struct kw_field verslag_f[] = {F("soort", KW_TEXT), F("status", KW_TEXT)};
static const struct kw_ref verslag_r[] = {R1("vergadering", "Vergadering")};

static const struct kw_field zaak_f[] = {
    FI("nummer", KW_TEXT), FI("soort", KW_TEXT), F("onderwerp", KW_TEXT),
    FI("gestartOp", KW_DATETIME), F("organisatie", KW_TEXT), F("titel", KW_TEXT),
    F("citeertitel", KW_TEXT), F("alias", KW_TEXT), F("grondslagvoorhang", KW_TEXT),
    F("termijn", KW_DATETIME), F("vergaderjaar", KW_TEXT), F("volgnummer", KW_INT),
    F("status", KW_TEXT), F("huidigeBehandelstatus", KW_TEXT), F("afgedaan", KW_BOOL),
    F("grootProject", KW_BOOL), F("kabinetsappreciatie", KW_TEXT),
};
static const struct kw_ref zaak_r[] = {
    RN("kamerstukdossier", "Kamerstukdossier"), RN("activiteit", "Activiteit"),
    RN("agendapunt", "Agendapunt"), RN("gerelateerdVanuit", "Zaak"),
    RN("vervangenVanuit", "Zaak"),
};

static const struct kw_field zaakactor_f[] = {
    F("actorNaam", KW_TEXT), F("actorFractie", KW_TEXT), F("actorAfkorting", KW_TEXT),
    F("functie", KW_TEXT), FI("relatie", KW_TEXT), F("sidActor", KW_TEXT),
};
static const struct kw_ref zaakactor_r[] = {
    R1("zaak", "Zaak"), R1("persoon", "Persoon"), R1("fractie", "Fractie"),
    R1("commissie", "Commissie"),
};

static const struct kw_field zaal_f[] = {F("naam", KW_TEXT), F("sysCode", KW_INT)};

const struct kw_type kw_types[] = {
    TYPE("Activiteit", "activiteit", false, false, activiteit_f, activiteit_r),
    TYPE("ActiviteitActor", "activiteitActor", false, false, actor_f, activiteitactor_r),
    TYPE("Agendapunt", "agendapunt", false, false, agendapunt_f, agendapunt_r),
    TYPE("Besluit", "besluit", false, false, besluit_f, besluit_r),
    TYPE0("Commissie", "commissie", false, false, commissie_f),
    TYPE("CommissieContactinformatie", "commissieContactinformatie", false, false, contact_f,
         commissiecontact_r),
    TYPE("CommissieZetel", "commissieZetel", false, false, zetel_f, commissiezetel_r),
    TYPE("CommissieZetelVastPersoon", "commissieZetelVastPersoon", false, false, zetelpersoon_f,
         commissiezetelpersoon_r),
    TYPE("CommissieZetelVastVacature", "commissieZetelVastVacature", false, false,
         zetelpersoon_f, commissiezetelvacature_r),
    TYPE("CommissieZetelVervangerPersoon", "commissieZetelVervangerPersoon", false, false,
         zetelpersoon_f, commissiezetelpersoon_r),
    TYPE("CommissieZetelVervangerVacature", "commissieZetelVervangerVacature", false, false,
         zetelpersoon_f, commissiezetelvacature_r),
    TYPE("Document", "document", false, true, document_f, document_r),
    TYPE("DocumentActor", "documentActor", false, false, documentactor_f, documentactor_r),
    TYPE("DocumentPublicatie", "documentPublicatie", false, true, publicatie_f, publicatie_r),
    TYPE("DocumentPublicatieMetadata", "documentPublicatieMetadata", false, true, publicatie_f,
         publicatie_r),
    TYPE("DocumentVersie", "documentVersie", false, false, documentversie_f, documentversie_r),
    TYPE0("Fractie", "fractie", false, true, fractie_f),
    TYPE("FractieZetel", "fractieZetel", false, false, zetel_f, fractiezetel_r),
    TYPE("FractieZetelPersoon", "fractieZetelPersoon", false, false, zetelpersoon_f,
         fractiezetelpersoon_r),
    TYPE("FractieZetelVacature", "fractieZetelVacature", false, false, zetelpersoon_f,
         fractiezetelvacature_r),
    TYPE0("Kamerstukdossier", "kamerstukdossier", false, false, kamerstukdossier_f),
    TYPE0("Persoon", "persoon", false, true, persoon_f),
    TYPE("PersoonContactinformatie", "persoonContactinformatie", false, false, contact_f,
         persoon_r),
    TYPE("PersoonGeschenk", "persoonGeschenk", false, false, geschenk_f, persoon_r),
    TYPE("PersoonLoopbaan", "persoonLoopbaan", false, false, loopbaan_f, persoon_r),
    TYPE("PersoonNevenfunctie", "persoonNevenfunctie", false, false, nevenfunctie_f, persoon_r),
    TYPE("PersoonNevenfunctieInkomsten", "persoonNevenfunctieInkomsten", false, false,
         inkomsten_f, inkomsten_r),
    TYPE("PersoonOnderwijs", "persoonOnderwijs", false, false, onderwijs_f, persoon_r),
    TYPE("PersoonReis", "persoonReis", false, false, reis_f, persoon_r),
    TYPE("Reservering", "reservering", false, false, reservering_f, reservering_r),
    TYPE("Stemming", "stemming", false, false, stemming_f, stemming_r),
    TYPE("Toezegging", "toezegging", true, false, toezegging_f, toezegging_r),
    TYPE0("Vergadering", "vergadering", true, false, vergadering_f),
    TYPE("Verslag", "verslag", true, true, verslag_f, verslag_r),
    TYPE("Zaak", "zaak", false, false, zaak_f, zaak_r),
    TYPE("ZaakActor", "zaakActor", false, false, zaakactor_f, zaakactor_r),
    TYPE0("Zaal", "zaal", false, false, zaal_f),
};
const size_t kw_ntypes = N(kw_types);

const struct kw_type *kw_type_by_category(const char *category)
{
    for (size_t i = 0; i < kw_ntypes; i++)
        if (strcmp(kw_types[i].category, category) == 0)
            return &kw_types[i];
    return NULL;
}

const struct kw_type *kw_type_by_element(const char *element, size_t len)
{
    for (size_t i = 0; i < kw_ntypes; i++) {
        const char *e = kw_types[i].element;
        if (strlen(e) == len && strncasecmp(e, element, len) == 0)
            return &kw_types[i];
    }
    return NULL;
}

size_t kw_type_index(const struct kw_type *t)
{
    return (size_t)(t - kw_types);
}

static bool name_eq(const char *a, const char *b, size_t blen)
{
    return a[0] == b[0] && strncmp(a, b, blen) == 0 && a[blen] == '\0';
}

struct kw_member kw_member_lookup(const struct kw_type *t, const char *name, size_t len)
{
    struct kw_member m = {-1, -1};
    for (size_t i = 0; i < t->nfields; i++)
        if (name_eq(t->fields[i].xml, name, len)) {
            m.field = (int)i;
            return m;
        }
    for (size_t i = 0; i < t->nrefs; i++)
        if (name_eq(t->refs[i].xml, name, len)) {
            m.ref = (int)i;
            return m;
        }
    return m;
}

bool kw_is_guid(const char *s, size_t n)
{
    if (n != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}
