/*
 * site_queries — every SQL text the website runs, in one table indexed by enum site_q.
 *
 * Conventions: values only as ?N parameters; every list has a LIMIT; columns are named as
 * they appear in the JSON API (docs/api.md), and a column whose name starts with '_' is a
 * grouping key used by the page and left out of JSON. Sets of ids (the zaken of a document,
 * the besluiten on a page) are bound as one JSON array and read with json_each(), so a page
 * runs one query per section, never one per row. Placeholders (entities only referenced so
 * far) are left out.
 */
#include "web/site_int.h"

#define IN_IDS(n) " IN (SELECT value FROM json_each(?" #n "))"
#define ACT_COLS                                                                           \
    "a.id AS guid, a.nummer, a.soort, a.onderwerp, a.datum, a.aanvangstijd, a.eindtijd, "  \
    "a.status, a.voortouwafkorting, a.voortouwnaam, a.besloten, a.locatie, a.bijgewerkt, " \
    "(SELECT zl.naam FROM Reservering_activiteit rx JOIN Reservering r ON r.id = rx.src "   \
    "JOIN Zaal zl ON zl.id = r.zaal_id WHERE rx.dst = a.id LIMIT 1) AS zaal "
#define INDIENER(zaakid)                                                                   \
    "(SELECT za.actorNaam FROM ZaakActor za WHERE za.zaak_id = " zaakid                    \
    " AND +za.relatie = 'Indiener' LIMIT 1)"

const char *const site_sql[Q_COUNT] = {
    [Q_DOC] = "SELECT d.id, d.documentNummer AS nummer, d.soort, d.titel, d.onderwerp, d.datum,"
              " d.bijgewerkt, d.volgnummer, d.vergaderjaar, d.citeertitel, d.aanhangselnummer,"
              " d.kenmerkAfzender, d.organisatie, d.datumRegistratie, d.datumOntvangst,"
              " d.content_type, d.content_length, v.versienummer AS versie, v.extensie,"
              " v.externeidentifier, v.status AS versie_status, v.datum AS versie_datum"
              " FROM Document d LEFT JOIN DocumentVersie v ON v.id = d.huidigeDocumentVersie_id"
              " WHERE d.documentNummer = ?1 AND d.placeholder = 0"
              " ORDER BY d.bijgewerkt DESC LIMIT 1",
    [Q_DOC_ACTORS] = "SELECT a.actorNaam AS naam, a.functie, a.actorFractie AS fractie, a.relatie,"
                     " p.nummer AS persoon_nummer, c.afkorting AS commissie_afkorting"
                     " FROM DocumentActor a LEFT JOIN Persoon p ON p.id = a.persoon_id"
                     " LEFT JOIN Commissie c ON c.id = a.commissie_id"
                     " WHERE a.document_id = ?1 AND a.placeholder = 0"
                     " ORDER BY a.relatie <> 'Eerste ondertekenaar', a.actorNaam LIMIT 200",
    [Q_DOC_DOSSIERS] = "SELECT k.nummer, k.toevoeging, k.titel, k.hoogsteVolgnummer,"
                       " k.afgesloten FROM Document_kamerstukdossier x"
                       " JOIN Kamerstukdossier k ON k.id = x.dst WHERE x.src = ?1"
                       " ORDER BY (k.titel IS ?2) DESC, k.nummer DESC LIMIT 20",
    [Q_DOC_ZAKEN] = "SELECT z.id, z.nummer, z.soort, z.onderwerp, z.titel, z.gestartOp,"
                    " z.afgedaan, z.kabinetsappreciatie, z.volgnummer, z.vergaderjaar, z.termijn"
                    " FROM Document_zaak x JOIN Zaak z ON z.id = x.dst"
                    " WHERE x.src = ?1 AND z.placeholder = 0"
                    " ORDER BY z.gestartOp, z.nummer LIMIT 20",
    [Q_DOC_ACTIVITEITEN] =
        "SELECT a.nummer, a.soort, a.onderwerp, a.datum, a.aanvangstijd, a.status,"
        " a.voortouwafkorting, NULL AS agendapunt FROM Document_activiteit x"
        " JOIN Activiteit a ON a.id = x.dst WHERE x.src = ?1 AND a.placeholder = 0"
        " UNION SELECT a.nummer, a.soort, a.onderwerp, a.datum, a.aanvangstijd, a.status,"
        " a.voortouwafkorting, ap.onderwerp FROM Document_agendapunt x"
        " JOIN Agendapunt ap ON ap.id = x.dst JOIN Activiteit a ON a.id = ap.activiteit_id"
        " WHERE x.src = ?1 ORDER BY 4, 1 LIMIT 100",
    [Q_DOC_BIJLAGEN] = "SELECT d.documentNummer AS nummer, d.soort, d.onderwerp, d.titel, d.datum,"
                       " d.content_type FROM Document_bronDocument x JOIN Document d ON d.id = x.src"
                       " WHERE x.dst = ?1 AND d.placeholder = 0 ORDER BY d.documentNummer LIMIT 200",
    [Q_DOC_BRON] = "SELECT d.documentNummer AS nummer, d.soort, d.onderwerp, d.titel, d.datum"
                   " FROM Document_bronDocument x JOIN Document d ON d.id = x.dst"
                   " WHERE x.src = ?1 AND d.placeholder = 0 LIMIT 10",
    [Q_DOC_ZAAKDOCS] =
        "SELECT DISTINCT d.documentNummer AS nummer, d.soort, d.onderwerp, d.datum,"
        " z.nummer AS zaak FROM Document_zaak x JOIN Document_zaak y ON y.dst = x.dst"
        " AND y.src <> x.src JOIN Document d ON d.id = y.src JOIN Zaak z ON z.id = x.dst"
        " WHERE x.src = ?1 AND d.placeholder = 0"
        " AND d.id NOT IN (SELECT b.src FROM Document_bronDocument b WHERE b.dst = ?1)"
        " ORDER BY d.datum, d.documentNummer LIMIT 200",
    [Q_DOC_FILE] = "SELECT d.id, d.documentNummer AS nummer, d.onderwerp, d.content_type,"
                   " v.extensie FROM Document d"
                   " LEFT JOIN DocumentVersie v ON v.id = d.huidigeDocumentVersie_id"
                   " WHERE d.documentNummer = ?1 AND d.placeholder = 0"
                   " ORDER BY d.bijgewerkt DESC LIMIT 1",
    [Q_DOC_EXISTS] = "SELECT d.documentNummer AS nummer FROM DocumentVersie v"
                     " JOIN Document d ON d.id = v.document_id"
                     " WHERE v.externeidentifier = ?1 AND d.placeholder = 0 LIMIT 1",
    [Q_ZAKEN_ACTORS] =
        "SELECT za.zaak_id AS _zaak, za.actorNaam AS naam, za.functie, za.actorFractie AS"
        " fractie, za.actorAfkorting AS afkorting, za.relatie, p.nummer AS persoon_nummer"
        " FROM ZaakActor za LEFT JOIN Persoon p ON p.id = za.persoon_id"
        " WHERE za.zaak_id" IN_IDS(1) " AND za.placeholder = 0"
        " ORDER BY CASE za.relatie WHEN 'Indiener' THEN 0 WHEN 'Medeindiener' THEN 1"
        " WHEN 'Voortouwcommissie' THEN 2 ELSE 3 END, za.actorNaam LIMIT 2000",
    [Q_ZAKEN_BESLUITEN] =
        "SELECT x.dst AS _zaak, b.id, b.besluitSoort, b.besluitTekst, b.stemmingsSoort,"
        " b.opmerking, b.status, ap.nummer AS agendapunt_nummer,"
        " ap.onderwerp AS agendapunt_onderwerp, a.nummer AS activiteit_nummer,"
        " a.soort AS activiteit_soort, a.onderwerp AS activiteit_onderwerp,"
        " a.datum AS activiteit_datum FROM Besluit_zaak x JOIN Besluit b ON b.id = x.src"
        " LEFT JOIN Agendapunt ap ON ap.id = b.agendapunt_id"
        " LEFT JOIN Activiteit a ON a.id = ap.activiteit_id"
        " WHERE x.dst" IN_IDS(1) " AND b.placeholder = 0"
        " ORDER BY a.datum, ap.volgorde, b.agendapuntZaakBesluitVolgorde LIMIT 2000",
    [Q_ZAKEN_STEMMINGEN] =
        "SELECT DISTINCT s.id AS _id, s.besluit_id AS _besluit, s.soort, s.fractieGrootte,"
        " s.actorNaam, s.actorFractie, s.vergissing, s.persoon_id IS NOT NULL AS lid,"
        " p.nummer AS persoon_nummer FROM Besluit_zaak x JOIN Stemming s ON s.besluit_id = x.src"
        " LEFT JOIN Persoon p ON p.id = s.persoon_id"
        " WHERE x.dst" IN_IDS(1) " AND s.placeholder = 0"
        " ORDER BY s.besluit_id, s.fractieGrootte DESC, s.actorNaam LIMIT 20000",
    [Q_ZAKEN_ACTIVITEITEN] =
        "SELECT x.src AS _zaak, a.nummer, a.soort, a.onderwerp, a.datum, a.aanvangstijd,"
        " a.status, a.voortouwafkorting, NULL AS agendapunt FROM Zaak_activiteit x"
        " JOIN Activiteit a ON a.id = x.dst WHERE x.src" IN_IDS(1) " AND a.placeholder = 0"
        " UNION SELECT x.src, a.nummer, a.soort, a.onderwerp, a.datum, a.aanvangstijd,"
        " a.status, a.voortouwafkorting, ap.onderwerp FROM Zaak_agendapunt x"
        " JOIN Agendapunt ap ON ap.id = x.dst JOIN Activiteit a ON a.id = ap.activiteit_id"
        " WHERE x.src" IN_IDS(1) " ORDER BY 5, 2 LIMIT 1000",
    [Q_ZAKEN_DOCS] =
        "SELECT x.dst AS _zaak, d.documentNummer AS nummer, d.soort, d.onderwerp, d.datum,"
        " d.volgnummer FROM Document_zaak x JOIN Document d ON d.id = x.src"
        " WHERE x.dst" IN_IDS(1) " AND d.placeholder = 0"
        " ORDER BY d.datum, d.documentNummer LIMIT 2000",
    [Q_ZAKEN_DOSSIERS] = "SELECT x.src AS _zaak, k.nummer, k.toevoeging, k.titel"
                         " FROM Zaak_kamerstukdossier x JOIN Kamerstukdossier k ON k.id = x.dst"
                         " WHERE x.src" IN_IDS(1) " ORDER BY k.nummer DESC LIMIT 200",
    [Q_ZAKEN_RELATED] =
        "SELECT x.src AS _zaak, 'gerelateerd' AS relatie, z.nummer, z.soort, z.onderwerp"
        " FROM Zaak_gerelateerdVanuit x JOIN Zaak z ON z.id = x.dst WHERE x.src" IN_IDS(1)
        " UNION ALL SELECT x.dst, 'gerelateerd', z.nummer, z.soort, z.onderwerp"
        " FROM Zaak_gerelateerdVanuit x JOIN Zaak z ON z.id = x.src WHERE x.dst" IN_IDS(1)
        " UNION ALL SELECT x.src, 'vervangt', z.nummer, z.soort, z.onderwerp"
        " FROM Zaak_vervangenVanuit x JOIN Zaak z ON z.id = x.dst WHERE x.src" IN_IDS(1)
        " UNION ALL SELECT x.dst, 'vervangen door', z.nummer, z.soort, z.onderwerp"
        " FROM Zaak_vervangenVanuit x JOIN Zaak z ON z.id = x.src WHERE x.dst" IN_IDS(1)
        " LIMIT 400",
    [Q_ZAAK] = "SELECT z.id, z.nummer, z.soort, z.onderwerp, z.titel, z.citeertitel, z.gestartOp,"
               " z.bijgewerkt, z.afgedaan, z.kabinetsappreciatie, z.volgnummer, z.vergaderjaar,"
               " z.termijn, z.status, z.grootProject, z.organisatie FROM Zaak z"
               " WHERE z.nummer = ?1 AND z.placeholder = 0 ORDER BY z.bijgewerkt DESC LIMIT 1",
    [Q_DOSSIER] = "SELECT k.id, k.nummer, k.toevoeging, k.titel, k.citeertitel, k.alias,"
                  " k.hoogsteVolgnummer, k.afgesloten, k.kamer, k.bijgewerkt"
                  " FROM Kamerstukdossier k WHERE k.nummer = ?1"
                  " AND coalesce(k.toevoeging, '') = coalesce(?2, '') AND k.placeholder = 0"
                  " ORDER BY k.bijgewerkt DESC LIMIT 1",
    [Q_DOSSIER_DOCS] =
        "SELECT d.id AS _id, d.documentNummer AS nummer, d.soort, d.onderwerp, d.titel, d.datum,"
        " d.volgnummer, d.bijgewerkt, (SELECT pd.documentNummer FROM Document_bronDocument b"
        " JOIN Document pd ON pd.id = b.dst WHERE b.src = d.id LIMIT 1) AS bron_nummer"
        " FROM Document_kamerstukdossier x JOIN Document d ON d.id = x.src"
        " WHERE x.dst = ?1 AND d.placeholder = 0"
        " ORDER BY d.volgnummer IS NULL OR d.volgnummer < 1, d.volgnummer, d.datum,"
        " d.documentNummer LIMIT ?2 OFFSET ?3",
    [Q_DOSSIER_ZAKEN] = "SELECT z.id, z.nummer, z.soort, z.onderwerp, z.titel, z.gestartOp,"
                        " z.afgedaan, z.kabinetsappreciatie, z.volgnummer, z.vergaderjaar,"
                        " z.termijn FROM Zaak_kamerstukdossier x JOIN Zaak z ON z.id = x.src"
                        " WHERE x.dst = ?1 AND z.placeholder = 0"
                        " ORDER BY z.gestartOp DESC LIMIT 300",
    [Q_ACT] = "SELECT a.id, a.nummer, a.soort, a.onderwerp, a.datumSoort, a.datum, a.aanvangstijd,"
              " a.eindtijd, a.locatie, a.besloten, a.status, a.vergaderjaar, a.kamer, a.noot,"
              " a.voortouwnaam, a.voortouwafkorting, a.bijgewerkt FROM Activiteit a"
              " WHERE a.nummer = ?1 AND a.placeholder = 0 ORDER BY a.bijgewerkt DESC LIMIT 1",
    [Q_ACT_ACTORS] = "SELECT aa.actorNaam AS naam, aa.actorFractie AS fractie, aa.relatie,"
                     " aa.functie, aa.volgorde, aa.spreektijd, p.nummer AS persoon_nummer,"
                     " c.afkorting AS commissie_afkorting FROM ActiviteitActor aa"
                     " LEFT JOIN Persoon p ON p.id = aa.persoon_id"
                     " LEFT JOIN Commissie c ON c.id = aa.commissie_id"
                     " WHERE aa.activiteit_id = ?1 AND aa.placeholder = 0"
                     " ORDER BY aa.relatie, aa.volgorde, aa.actorNaam LIMIT 300",
    [Q_ACT_AGENDAPUNTEN] = "SELECT ap.id AS _id, ap.nummer, ap.onderwerp, ap.volgorde,"
                           " ap.rubriek, ap.noot, ap.aanvangstijd FROM Agendapunt ap"
                           " WHERE ap.activiteit_id = ?1 AND ap.placeholder = 0"
                           " ORDER BY ap.volgorde, ap.nummer LIMIT 300",
    [Q_ACT_DOCS] = "SELECT '' AS _agendapunt, d.documentNummer AS nummer, d.soort, d.onderwerp,"
                   " d.datum FROM Document_activiteit x JOIN Document d ON d.id = x.src"
                   " WHERE x.dst = ?1 AND d.placeholder = 0"
                   " UNION SELECT ap.id, d.documentNummer, d.soort, d.onderwerp, d.datum"
                   " FROM Agendapunt ap JOIN Document_agendapunt x ON x.dst = ap.id"
                   " JOIN Document d ON d.id = x.src WHERE ap.activiteit_id = ?1"
                   " ORDER BY 5, 2 LIMIT 1000",
    [Q_ACT_ZAKEN] = "SELECT '' AS _agendapunt, z.id, z.nummer, z.soort, z.onderwerp"
                    " FROM Zaak_activiteit x JOIN Zaak z ON z.id = x.src WHERE x.dst = ?1"
                    " UNION SELECT ap.id, z.id, z.nummer, z.soort, z.onderwerp"
                    " FROM Agendapunt ap JOIN Zaak_agendapunt x ON x.dst = ap.id"
                    " JOIN Zaak z ON z.id = x.src WHERE ap.activiteit_id = ?1"
                    " UNION SELECT ap.id, z.id, z.nummer, z.soort, z.onderwerp"
                    " FROM Agendapunt ap JOIN Besluit b ON b.agendapunt_id = ap.id"
                    " JOIN Besluit_zaak x ON x.src = b.id JOIN Zaak z ON z.id = x.dst"
                    " WHERE ap.activiteit_id = ?1 LIMIT 500",
    [Q_ACT_ZAAL] = "SELECT zl.naam FROM Reservering_activiteit x"
                   " JOIN Reservering r ON r.id = x.src JOIN Zaal zl ON zl.id = r.zaal_id"
                   " WHERE x.dst = ?1 LIMIT 5",
    [Q_ACT_TOEZEGGINGEN] = "SELECT t.nummer, t.tekst, t.naam, t.functie, t.ministerie, t.status,"
                           " t.datumNakoming FROM Toezegging t"
                           " WHERE t.activiteit_id = ?1 AND t.placeholder = 0 LIMIT 200",
    [Q_ACT_EVENT] = "SELECT " ACT_COLS " FROM Activiteit a WHERE a.id = ?1",
    [Q_PERSOON] = "SELECT p.id, p.nummer, p.titels, p.initialen, p.tussenvoegsel, p.achternaam,"
                  " p.voornamen, p.roepnaam, p.geslacht, p.functie, p.geboortedatum,"
                  " p.geboorteplaats, p.woonplaats, p.overlijdensdatum, p.content_type,"
                  " p.bijgewerkt FROM Persoon p WHERE p.nummer = ?1 AND p.placeholder = 0"
                  " ORDER BY p.bijgewerkt DESC LIMIT 1",
    [Q_PERSOON_FRACTIE] = "SELECT f.afkorting, f.naamNl, fzp.functie, fzp.van, fzp.totEnMet"
                          " FROM FractieZetelPersoon fzp"
                          " JOIN FractieZetel fz ON fz.id = fzp.fractieZetel_id"
                          " JOIN Fractie f ON f.id = fz.fractie_id"
                          " WHERE fzp.persoon_id = ?1 AND fzp.placeholder = 0"
                          " ORDER BY fzp.totEnMet IS NOT NULL, fzp.van DESC LIMIT 50",
    [Q_PERSOON_PHOTO] = "SELECT id, content_type FROM Persoon WHERE nummer = ?1"
                        " AND placeholder = 0 ORDER BY bijgewerkt DESC LIMIT 1",
    [Q_PERSOON_ZAKEN] = "SELECT z.nummer, z.soort, z.onderwerp, z.gestartOp, za.relatie"
                        " FROM ZaakActor za JOIN Zaak z ON z.id = za.zaak_id"
                        " WHERE za.persoon_id = ?1 AND za.placeholder = 0 AND z.placeholder = 0"
                        " ORDER BY z.gestartOp DESC LIMIT 100",
    [Q_PERSOON_DOCS] = "SELECT d.documentNummer AS nummer, d.soort, d.onderwerp, d.datum,"
                       " d.bijgewerkt, a.relatie FROM DocumentActor a"
                       " JOIN Document d ON d.id = a.document_id"
                       " WHERE a.persoon_id = ?1 AND a.placeholder = 0 AND d.placeholder = 0"
                       " ORDER BY d.datum DESC LIMIT 100",
    [Q_PERSOON_ACTIVITEITEN] = "SELECT " ACT_COLS ", aa.relatie FROM ActiviteitActor aa"
                               " JOIN Activiteit a ON a.id = aa.activiteit_id"
                               " WHERE aa.persoon_id = ?1 AND aa.placeholder = 0"
                               " ORDER BY a.datum DESC LIMIT 100",
    [Q_PERSOON_GESCHENKEN] = "SELECT g.omschrijving, g.datum FROM PersoonGeschenk g"
                             " WHERE g.persoon_id = ?1 AND g.placeholder = 0"
                             " ORDER BY g.datum DESC LIMIT 200",
    [Q_PERSOON_TOEZEGGINGEN] = "SELECT t.nummer, t.tekst, t.status, t.ministerie, t.naam,"
                               " t.aanmaakdatum FROM Toezegging t"
                               " WHERE t.toegezegdAanPersoon_id = ?1 AND t.placeholder = 0"
                               " ORDER BY t.aanmaakdatum DESC LIMIT 100",
    [Q_PERSOON_COMMISSIES] = "SELECT c.afkorting, c.naamNl, cz.functie, cz.van, cz.totEnMet"
                             " FROM CommissieZetelVastPersoon cz"
                             " JOIN CommissieZetel z ON z.id = cz.commissieZetel_id"
                             " JOIN Commissie c ON c.id = z.commissie_id"
                             " WHERE cz.persoon_id = ?1 AND cz.placeholder = 0"
                             " ORDER BY cz.totEnMet IS NOT NULL, cz.van DESC LIMIT 100",
    [Q_PERSOON_VRAGEN] = "SELECT z.nummer, z.onderwerp, z.gestartOp FROM ZaakActor za"
                         " JOIN Zaak z ON z.id = za.zaak_id WHERE za.persoon_id = ?1"
                         " AND +za.relatie = 'Indiener' AND +z.soort = 'Schriftelijke vragen'"
                         " AND NOT EXISTS (SELECT 1 FROM Document_zaak x JOIN Document d"
                         " ON d.id = x.src WHERE x.dst = z.id AND (d.soort LIKE"
                         " 'Antwoord schriftelijke vragen%' OR (d.soort = 'Mededeling' AND"
                         " (d.onderwerp LIKE '%ingetrokken%' OR d.onderwerp LIKE '%intrekken%'))))"
                         " ORDER BY z.gestartOp DESC LIMIT 100",
    [Q_COMMISSIE] = "SELECT c.id, c.nummer, c.soort, c.afkorting, c.naamNl, c.naamWebNl,"
                    " c.datumActief, c.datumInactief, c.bijgewerkt FROM Commissie c"
                    " WHERE c.afkorting = ?1 COLLATE NOCASE AND c.placeholder = 0"
                    " ORDER BY c.datumInactief IS NOT NULL, c.bijgewerkt DESC LIMIT 1",
    [Q_COMMISSIE_LEDEN] =
        "SELECT p.nummer, p.initialen, p.roepnaam, p.tussenvoegsel, p.achternaam, cz.functie,"
        " cz.van, (SELECT f.afkorting FROM FractieZetelPersoon fzp"
        " JOIN FractieZetel fz ON fz.id = fzp.fractieZetel_id JOIN Fractie f"
        " ON f.id = fz.fractie_id WHERE fzp.persoon_id = p.id AND fzp.totEnMet IS NULL"
        " LIMIT 1) AS fractie FROM CommissieZetel z"
        " JOIN CommissieZetelVastPersoon cz ON cz.commissieZetel_id = z.id"
        " JOIN Persoon p ON p.id = cz.persoon_id WHERE z.commissie_id = ?1"
        " AND cz.totEnMet IS NULL AND cz.placeholder = 0"
        " ORDER BY cz.functie <> 'Voorzitter', p.achternaam LIMIT 300",
    [Q_COMMISSIE_ACTIVITEITEN] = "SELECT " ACT_COLS " FROM Activiteit a"
                                 " WHERE (a.voortouwcommissie_id = ?1 OR"
                                 " a.voortouwafkorting = ?2) AND a.placeholder = 0"
                                 " ORDER BY a.datum DESC LIMIT 100",
    [Q_COMMISSIE_ZAKEN] = "SELECT z.nummer, z.soort, z.onderwerp, z.gestartOp, z.bijgewerkt,"
                          " za.relatie FROM ZaakActor za JOIN Zaak z ON z.id = za.zaak_id"
                          " WHERE za.commissie_id = ?1 AND za.placeholder = 0"
                          " ORDER BY z.gestartOp DESC LIMIT 50",
    /* A commissie named in an actor record by afkorting or name: the real one behind it. */
    [Q_COMMISSIE_RESOLVE] =
        "SELECT c.afkorting FROM Commissie c WHERE c.placeholder = 0 AND c.afkorting IS NOT NULL"
        " AND (c.naamNl = ?1 COLLATE NOCASE OR c.naamWebNl = ?1 COLLATE NOCASE"
        " OR c.id IN (SELECT za.commissie_id FROM ZaakActor za WHERE za.relatie IN "
        COMMISSIE_RELATIES " AND (za.actorAfkorting = ?1 COLLATE NOCASE OR"
        " za.actorNaam = ?1 COLLATE NOCASE) AND za.commissie_id IS NOT NULL)"
        " OR c.id IN (SELECT a.voortouwcommissie_id FROM Activiteit a"
        " WHERE a.voortouwafkorting = ?1 AND a.voortouwcommissie_id IS NOT NULL))"
        " ORDER BY c.datumInactief IS NOT NULL, c.bijgewerkt DESC LIMIT 1",
    /* What a commissie known only as an actor (afkorting or name) did in zaken. */
    [Q_ACTOR_ZAKEN] = "SELECT z.nummer, z.soort, z.onderwerp, z.gestartOp, z.bijgewerkt,"
                      " za.relatie, za.actorNaam AS naam FROM ZaakActor za"
                      " JOIN Zaak z ON z.id = za.zaak_id WHERE za.relatie IN "
                      COMMISSIE_RELATIES " AND (za.actorAfkorting = ?1 COLLATE NOCASE OR"
                      " za.actorNaam = ?1 COLLATE NOCASE) AND za.placeholder = 0"
                      " AND z.placeholder = 0 ORDER BY z.gestartOp DESC LIMIT 50",
    [Q_COMMISSIES] = "SELECT c.afkorting, c.naamNl, c.soort, c.datumInactief,"
                     " (SELECT max(a.datum) FROM Activiteit a WHERE a.voortouwcommissie_id"
                     " = c.id) AS laatste_activiteit FROM Commissie c"
                     " WHERE c.placeholder = 0 AND c.afkorting IS NOT NULL"
                     " ORDER BY c.datumInactief IS NOT NULL, c.naamNl LIMIT 500",
    [Q_FRONT_DOCS] =
        "SELECT d.id AS _id, d.documentNummer AS nummer, d.soort, d.onderwerp, d.titel,"
        " d.datum, d.bijgewerkt, (SELECT za.actorAfkorting FROM Document_zaak x"
        " CROSS JOIN ZaakActor za ON za.zaak_id = x.dst WHERE x.src = d.id"
        " AND +za.relatie = 'Voortouwcommissie' LIMIT 1) AS voortouw FROM Document d"
        " WHERE d.placeholder = 0 AND d.soort NOT IN ('Bijlage', 'Sprekerslijst')"
        " AND NOT EXISTS (SELECT 1 FROM Document_bronDocument b WHERE b.src = d.id)"
        " AND (?1 = 0 OR d.soort IN ('Brief regering', 'Antwoord schriftelijke vragen',"
        " 'Antwoord schriftelijke vragen (nader)', 'Voorstel van wet',"
        " 'Memorie van toelichting', 'Nota van wijziging', 'Mededeling (uitstel antwoord)'))"
        " ORDER BY d.datum DESC, d.bijgewerkt DESC LIMIT ?2 OFFSET ?3",
    [Q_FRONT_BIJLAGEN] = "SELECT b.dst AS _parent, d.documentNummer AS nummer, d.soort,"
                         " d.onderwerp FROM Document_bronDocument b JOIN Document d"
                         " ON d.id = b.src WHERE b.dst" IN_IDS(1) " AND d.placeholder = 0"
                         " ORDER BY d.documentNummer LIMIT 2000",
    [Q_FRONT_VERSLAGEN] =
        "SELECT v.id, v.soort, v.status, max(v.bijgewerkt) AS bijgewerkt, g.id AS vergadering,"
        " g.titel, g.datum, g.soort AS vergadering_soort, g.zaal FROM Verslag v"
        " JOIN Vergadering g ON g.id = v.vergadering_id WHERE v.placeholder = 0"
        " GROUP BY g.id ORDER BY g.datum DESC, g.aanvangstijd DESC LIMIT ?1 OFFSET ?2",
    [Q_FRONT_VANDAAG] = "SELECT " ACT_COLS " FROM Activiteit a WHERE a.datum >= ?1"
                        " AND a.datum < ?2 AND a.placeholder = 0"
                        " ORDER BY a.aanvangstijd, a.datum LIMIT 200",
    [Q_ACTIVITEITEN] = "SELECT " ACT_COLS " FROM Activiteit a WHERE a.datum >= ?1"
                       " AND a.datum < ?2 AND a.placeholder = 0"
                       " AND (?3 IS NULL OR a.voortouwafkorting = ?3 COLLATE NOCASE)"
                       " AND (?4 IS NULL OR a.soort = ?4)"
                       " ORDER BY a.datum, a.aanvangstijd, a.nummer LIMIT ?5 OFFSET ?6",
    [Q_ACTIVITEITEN_SOORTEN] = "SELECT DISTINCT soort FROM Activiteit WHERE soort IS NOT NULL"
                               " ORDER BY 1 LIMIT 200",
    [Q_ONGEPLAND] = "SELECT " ACT_COLS ", a.datumSoort FROM Activiteit a"
                    " WHERE (a.datum IS NULL OR a.datumSoort = 'Nog geen datum bekend')"
                    " AND a.placeholder = 0"
                    " AND (?3 IS NULL OR a.voortouwafkorting = ?3 COLLATE NOCASE)"
                    " ORDER BY a.bijgewerkt DESC LIMIT ?1 OFFSET ?2",
    [Q_BESLUITEN] =
        "SELECT b.id, b.besluitSoort, b.besluitTekst, b.stemmingsSoort, b.opmerking,"
        " ap.onderwerp AS agendapunt_onderwerp, a.nummer AS activiteit_nummer,"
        " a.soort AS activiteit_soort, a.datum AS activiteit_datum,"
        " z.nummer AS zaak_nummer, z.soort AS zaak_soort, z.onderwerp AS zaak_onderwerp, "
        INDIENER("z.id") " AS indiener FROM Activiteit a"
        " CROSS JOIN Agendapunt ap ON ap.activiteit_id = a.id"
        " CROSS JOIN Besluit b ON b.agendapunt_id = ap.id"
        " LEFT JOIN Zaak z ON z.id = (SELECT x.dst FROM Besluit_zaak x WHERE x.src = b.id LIMIT 1)"
        " WHERE b.placeholder = 0 AND (?1 IS NULL OR a.datum >= ?1)"
        " AND (?2 IS NULL OR a.datum < ?2)"
        " ORDER BY a.datum DESC, ap.volgorde, b.agendapuntZaakBesluitVolgorde"
        " LIMIT ?3 OFFSET ?4",
    [Q_STEMMINGEN] =
        "SELECT b.id, b.besluitSoort, b.besluitTekst, b.stemmingsSoort,"
        " a.datum AS activiteit_datum, a.nummer AS activiteit_nummer, z.nummer AS zaak_nummer,"
        " z.soort AS zaak_soort, z.onderwerp AS zaak_onderwerp, z.titel AS zaak_titel, "
        INDIENER("z.id") " AS indiener, (SELECT d.documentNummer FROM Document_zaak dz"
        " JOIN Document d ON d.id = dz.src WHERE dz.dst = z.id ORDER BY d.datum LIMIT 1)"
        " AS document_nummer FROM Activiteit a"
        " CROSS JOIN Agendapunt ap ON ap.activiteit_id = a.id"
        " CROSS JOIN Besluit b ON b.agendapunt_id = ap.id"
        " LEFT JOIN Zaak z ON z.id = (SELECT x.dst FROM Besluit_zaak x WHERE x.src = b.id LIMIT 1)"
        " WHERE b.placeholder = 0 AND EXISTS (SELECT 1 FROM Stemming s WHERE s.besluit_id = b.id)"
        " AND (?1 IS NULL OR a.datum >= ?1) AND (?2 IS NULL OR a.datum < ?2)"
        " AND (?3 IS NULL OR b.besluitSoort LIKE '%' || ?3 || '%')"
        " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM Stemming s WHERE s.besluit_id = b.id"
        " AND s.actorFractie = ?4 AND (?5 IS NULL OR s.soort = ?5)))"
        " AND (?6 IS NULL OR z.soort = ?6)"
        " ORDER BY a.datum DESC, ap.volgorde, b.id LIMIT ?7 OFFSET ?8",
    [Q_STEMMINGEN_VOTES] =
        "SELECT s.besluit_id AS _besluit, s.soort, s.fractieGrootte, s.actorNaam,"
        " s.actorFractie, s.vergissing, s.persoon_id IS NOT NULL AS lid,"
        " p.nummer AS persoon_nummer FROM Stemming s LEFT JOIN Persoon p ON p.id = s.persoon_id"
        " WHERE s.besluit_id" IN_IDS(1) " AND s.placeholder = 0"
        " ORDER BY s.besluit_id, s.fractieGrootte DESC, s.actorNaam LIMIT 20000",
    [Q_FRACTIES] = "SELECT f.afkorting, f.naamNl, f.aantalZetels, f.datumInactief FROM Fractie f"
                   " WHERE f.placeholder = 0 AND f.afkorting IS NOT NULL"
                   " ORDER BY f.datumInactief IS NOT NULL, f.aantalZetels DESC LIMIT 200",
    [Q_KAMERLEDEN] =
        "SELECT p.nummer, p.initialen, p.roepnaam, p.tussenvoegsel, p.achternaam,"
        " p.content_type IS NOT NULL AS foto, f.afkorting AS fractie, f.naamNl AS fractie_naam,"
        " fzp.functie, fzp.van FROM FractieZetelPersoon fzp"
        " LEFT JOIN FractieZetel fz ON fz.id = fzp.fractieZetel_id LEFT JOIN Fractie f"
        " ON f.id = fz.fractie_id JOIN Persoon p ON p.id = fzp.persoon_id"
        " WHERE fzp.totEnMet IS NULL AND fzp.placeholder = 0 AND p.placeholder = 0"
        " ORDER BY f.afkorting IS NULL, f.aantalZetels DESC, f.afkorting,"
        " fzp.functie <> 'Fractievoorzitter',"
        " p.achternaam LIMIT 400",
    [Q_GESCHENKEN] = "SELECT g.omschrijving, g.datum, g.bijgewerkt, p.nummer AS persoon_nummer,"
                     " p.roepnaam, p.tussenvoegsel, p.achternaam FROM PersoonGeschenk g"
                     " LEFT JOIN Persoon p ON p.id = g.persoon_id WHERE g.placeholder = 0"
                     " ORDER BY g.datum DESC, g.bijgewerkt DESC LIMIT ?1 OFFSET ?2",
    [Q_DOSSIERS] =
        "SELECT k.nummer, k.toevoeging, k.titel, k.hoogsteVolgnummer, k.afgesloten,"
        " (SELECT max(d.datum) FROM Document_kamerstukdossier x JOIN Document d ON d.id = x.src"
        " WHERE x.dst = k.id) AS laatste_document, (SELECT count(*) FROM"
        " Document_kamerstukdossier x WHERE x.dst = k.id) AS documenten"
        " FROM Kamerstukdossier k WHERE k.placeholder = 0 AND (?1 IS NULL OR"
        " k.titel LIKE '%' || ?1 || '%' OR CAST(k.nummer AS TEXT) = ?1)"
        " ORDER BY laatste_document IS NULL, laatste_document DESC LIMIT ?2 OFFSET ?3",
    [Q_OPEN_VRAGEN] =
        "SELECT z.id AS _id, z.nummer, z.onderwerp, z.gestartOp,"
        " (SELECT min(d.documentNummer) FROM Document_zaak x JOIN Document d ON d.id = x.src"
        " WHERE x.dst = z.id AND d.soort = 'Schriftelijke vragen') AS document_nummer,"
        " (SELECT count(*) FROM Document_zaak x JOIN Document d ON d.id = x.src"
        " WHERE x.dst = z.id AND d.soort LIKE '%uitstel%') AS uitstel FROM Zaak z"
        " WHERE z.soort = 'Schriftelijke vragen' AND z.gestartOp >= ?1 AND z.placeholder = 0"
        " AND EXISTS (SELECT 1 FROM Document_zaak x JOIN Document d ON d.id = x.src"
        " WHERE x.dst = z.id AND d.soort = 'Schriftelijke vragen')"
        " AND NOT EXISTS (SELECT 1 FROM Document_zaak x JOIN Document d ON d.id = x.src"
        " WHERE x.dst = z.id AND (d.soort LIKE 'Antwoord schriftelijke vragen%' OR"
        " (d.soort = 'Mededeling' AND (d.onderwerp LIKE '%ingetrokken%' OR"
        " d.onderwerp LIKE '%intrekken%'))))"
        " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM ZaakActor za WHERE za.zaak_id = z.id"
        " AND +za.relatie = 'Indiener' AND za.actorFractie = ?2))"
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM ZaakActor za WHERE za.zaak_id = z.id"
        " AND +za.relatie = 'Gericht aan' AND za.functie LIKE '%' || ?3 || '%'))"
        " ORDER BY z.gestartOp DESC LIMIT 3000",
    [Q_OPEN_VRAGEN_ACTORS] =
        "SELECT za.zaak_id AS _zaak, za.actorNaam AS naam, za.actorFractie AS fractie,"
        " za.relatie, za.functie, p.nummer AS persoon_nummer FROM ZaakActor za"
        " LEFT JOIN Persoon p ON p.id = za.persoon_id WHERE za.zaak_id" IN_IDS(1)
        " AND +za.relatie IN ('Indiener', 'Medeindiener', 'Gericht aan') LIMIT 20000",
    [Q_TOEZEGGINGEN] =
        "SELECT t.nummer, t.tekst, t.naam, t.functie, t.ministerie, t.status, t.aanmaakdatum,"
        " t.datumNakoming, t.kamerbriefNakoming, t.bijgewerkt, a.nummer AS activiteit_nummer,"
        " a.onderwerp AS activiteit_onderwerp, a.datum AS activiteit_datum,"
        " a.voortouwafkorting, p.nummer AS aan_persoon_nummer,"
        " trim(coalesce(p.roepnaam, '') || ' ' || coalesce(p.tussenvoegsel || ' ', '') ||"
        " coalesce(p.achternaam, '')) AS aan_persoon, f.afkorting AS aan_fractie"
        " FROM Toezegging t LEFT JOIN Activiteit a ON a.id = t.activiteit_id"
        " LEFT JOIN Persoon p ON p.id = t.toegezegdAanPersoon_id"
        " LEFT JOIN Fractie f ON f.id = t.toegezegdAanFractie_id WHERE t.placeholder = 0"
        " AND (?1 = 0 OR coalesce(t.status, '') NOT IN ('Voldaan', 'Vervallen'))"
        " AND (?2 IS NULL OR t.ministerie = ?2) AND (?3 IS NULL OR f.afkorting = ?3)"
        " AND (?4 IS NULL OR t.nummer = ?4)"
        " ORDER BY t.aanmaakdatum DESC, t.nummer DESC LIMIT ?5 OFFSET ?6",
    [Q_TOEZEGGINGEN_COUNTS] = "SELECT ministerie, count(*) AS aantal FROM Toezegging"
                              " WHERE placeholder = 0 AND coalesce(status, '') NOT IN"
                              " ('Voldaan', 'Vervallen') GROUP BY ministerie"
                              " ORDER BY aantal DESC LIMIT 100",
    [Q_VERSLAG] = "SELECT v.id, v.soort, v.status, v.bijgewerkt, v.content_type,"
                  " v.vergadering_id AS vergadering, g.titel, g.datum,"
                  " g.soort AS vergadering_soort, g.zaal, g.aanvangstijd, g.sluiting,"
                  " g.vergaderjaar, g.vergaderingNummer FROM Verslag v"
                  " LEFT JOIN Vergadering g ON g.id = v.vergadering_id"
                  " WHERE (v.id = ?1 OR v.vergadering_id = ?1) AND v.placeholder = 0"
                  " ORDER BY v.id = ?1 DESC, v.bijgewerkt DESC LIMIT 1",
    [Q_STATE] = "SELECT category, skiptoken, synced_at, last_error FROM sync_state"
                " ORDER BY category",
    [Q_COUNT_CATEGORY] = "", /* built from the model at start-up, see site.c */
    [Q_AGENDA] = "SELECT " ACT_COLS " FROM Activiteit a WHERE a.datum >= ?1 AND a.placeholder = 0"
                 " AND (?2 IS NULL OR a.voortouwafkorting = ?2 COLLATE NOCASE)"
                 " AND (?3 IS NULL OR a.id IN (SELECT aa.activiteit_id FROM ActiviteitActor aa"
                 " JOIN Persoon p ON p.id = aa.persoon_id WHERE p.nummer = ?3))"
                 " ORDER BY a.datum LIMIT 3000",
    [Q_REDIRECT_KST] =
        "SELECT d.documentNummer AS nummer FROM Kamerstukdossier k"
        " JOIN Document_kamerstukdossier x ON x.dst = k.id JOIN Document d ON d.id = x.src"
        " WHERE k.nummer = ?1 AND coalesce(k.toevoeging, '') = coalesce(?2, '')"
        " AND d.volgnummer = ?3 AND d.placeholder = 0"
        " ORDER BY d.soort = 'Bijlage', d.datum LIMIT 1",
};
