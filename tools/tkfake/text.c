/*
 * text — Dutch for the synthetic corpus: ~30 policy topics with their vocabulary (nouns in
 * singular and plural, so stemming and search have inflected forms to work with), person
 * names with tussenvoegsels and diacritics, and a sentence generator that writes
 * topic-coherent paragraphs and now and then cites identifiers (Kamerstukken, document and
 * zaak numbers).
 */
#include "tkfake.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
const struct topic text_topics[] = {
 {"stikstof", "stikstof",
  {"de aanpak van de stikstofproblematiek", "de uitkoopregeling voor piekbelasters",
   "de vergunningverlening in Natura 2000-gebieden", "de stikstofdepositie op kwetsbare natuur"},
  {{"boer", "boeren"}, {"veehouderij", "veehouderijen"}, {"vergunning", "vergunningen"},
   {"natuurgebied", "natuurgebieden"}, {"provincie", "provincies"}, {"emissie", "emissies"}},
  {"Stikstofproblematiek", "Natuurbeleid"}, "LNV", "Landbouw, Natuur en Voedselkwaliteit",
  "minister voor Natuur en Stikstof",
  {"De stikstofuitstoot van de landbouw moet in 2030 fors lager zijn.",
   "Provincies stellen gebiedsprogramma's op voor de reductie van stikstof.",
   "Veel boeren maken zich zorgen over de toekomst van hun bedrijf."}},
 {"woningbouw", "woningbouw",
  {"de versnelling van de woningbouw", "het tekort aan betaalbare huurwoningen",
   "de regulering van de middenhuur", "de bouw van flexwoningen"},
  {{"woning", "woningen"}, {"huurder", "huurders"}, {"corporatie", "corporaties"},
   {"bouwproject", "bouwprojecten"}, {"gemeente", "gemeenten"}, {"starter", "starters"}},
  {"Bouwopgave", "Huurbeleid"}, "VRO", "Volkshuisvesting en Ruimtelijke Ordening",
  "minister van Volkshuisvesting en Ruimtelijke Ordening",
  {"Het woningtekort loopt op tot ruim 390.000 woningen.",
   "Woningcorporaties bouwen meer sociale huurwoningen dan in eerdere jaren.",
   "Starters op de woningmarkt hebben moeite een betaalbare woning te vinden."}},
 {"onderwijs", "digitalisering in het onderwijs",
  {"de digitalisering in het funderend onderwijs", "de privacy van leerlingen",
   "de beschikbaarheid van devices op scholen", "de informatiebeveiliging van schoolbesturen"},
  {{"leerling", "leerlingen"}, {"school", "scholen"}, {"leraar", "leraren"},
   {"schoolbestuur", "schoolbesturen"}, {"leermiddel", "leermiddelen"}, {"device", "devices"}},
  {"Primair Onderwijs", "Voortgezet Onderwijs"}, "OCW", "Onderwijs, Cultuur en Wetenschap",
  "minister voor Primair en Voortgezet Onderwijs",
  {"Digitale leermiddelen worden steeds vaker in de klas gebruikt.",
   "Scholen moeten zorgvuldig omgaan met de persoonsgegevens van leerlingen.",
   "Het lerarentekort raakt vooral scholen in de grote steden."}},
 {"asiel", "asiel en migratie",
  {"de opvang van asielzoekers", "de instroom van asielzoekers", "de wachttijden bij de IND",
   "de spreidingswet voor asielopvang"},
  {{"asielzoeker", "asielzoekers"}, {"opvanglocatie", "opvanglocaties"},
   {"statushouder", "statushouders"}, {"aanvraag", "aanvragen"}, {"gemeente", "gemeenten"},
   {"procedure", "procedures"}},
  {"Vreemdelingenbeleid", "Asielbeleid"}, "AM", "Asiel en Migratie",
  "minister van Asiel en Migratie",
  {"Het aanmeldcentrum in Ter Apel kampt opnieuw met grote drukte.",
   "De IND werkt aan het wegwerken van de achterstanden in de beslissingen.",
   "Gemeenten worden gevraagd extra opvangplekken beschikbaar te stellen."}},
 {"zorgkosten", "zorgkosten",
  {"de stijging van de zorgkosten", "het eigen risico in de zorgverzekering",
   "de betaalbaarheid van de zorg", "de premie van de basisverzekering"},
  {{"zorgverzekeraar", "zorgverzekeraars"}, {"patiënt", "patiënten"},
   {"ziekenhuis", "ziekenhuizen"}, {"premie", "premies"}, {"behandeling", "behandelingen"},
   {"huisarts", "huisartsen"}},
  {"Zorgverzekeringsstelsel", "Geneesmiddelenbeleid"}, "VWS",
  "Volksgezondheid, Welzijn en Sport", "minister van Volksgezondheid, Welzijn en Sport",
  {"De zorguitgaven stijgen harder dan de economie.",
   "Het eigen risico blijft een drempel voor mensen met een laag inkomen.",
   "Zorgverzekeraars maken afspraken met ziekenhuizen over de inkoop van zorg."}},
 {"defensie", "defensie",
  {"de aanschaf van de F-35", "de investeringen in de krijgsmacht",
   "de inzet van militairen in het buitenland", "de personeelstekorten bij Defensie"},
  {{"militair", "militairen"}, {"jachtvliegtuig", "jachtvliegtuigen"},
   {"investering", "investeringen"}, {"missie", "missies"}, {"kazerne", "kazernes"},
   {"reservist", "reservisten"}},
  {"Defensiematerieelbegrotingsfonds", "Materieelprojecten"}, "DEF", "Defensie",
  "minister van Defensie",
  {"De F-35 vervangt de verouderde F-16 jachtvliegtuigen.",
   "De NAVO-norm van twee procent van het bbp wordt in 2024 gehaald.",
   "Defensie heeft moeite voldoende technisch personeel te werven."}},
 {"klimaat", "klimaat",
  {"het klimaatbeleid van het kabinet", "de CO2-reductie in de industrie",
   "de klimaatdoelen voor 2030", "de subsidies voor verduurzaming"},
  {{"uitstoot", "uitstoten"}, {"maatregel", "maatregelen"}, {"bedrijf", "bedrijven"},
   {"subsidie", "subsidies"}, {"doel", "doelen"}, {"huishouden", "huishoudens"}},
  {"Klimaatbeleid", "Klimaat Caribisch deel Koninkrijk"}, "KGG", "Klimaat en Groene Groei",
  "minister van Klimaat en Groene Groei",
  {"Nederland wil in 2030 ruim de helft minder broeikasgassen uitstoten dan in 1990.",
   "De Klimaat- en Energieverkenning laat zien dat extra maatregelen nodig zijn.",
   "Huishoudens met een laag inkomen krijgen steun bij het isoleren van hun woning."}},
 {"corona", "COVID-19",
  {"de bestrijding van de COVID-19 pandemie", "de coronamaatregelen",
   "de vaccinatiecampagne tegen COVID-19", "de steunpakketten voor ondernemers"},
  {{"maatregel", "maatregelen"}, {"besmetting", "besmettingen"}, {"vaccin", "vaccins"},
   {"ondernemer", "ondernemers"}, {"ziekenhuisopname", "ziekenhuisopnames"},
   {"GGD", "GGD'en"}},
  {"Infectieziektenbestrijding", "Coronavirus"}, "VWS", "Volksgezondheid, Welzijn en Sport",
  "minister van Volksgezondheid, Welzijn en Sport",
  {"Het OMT heeft advies uitgebracht over de verdere versoepelingen.",
   "De GGD'en hebben de vaccinatiecapaciteit verder opgeschaald.",
   "Horeca en cafés mochten na de lockdown weer open."}},
 {"groningen", "gaswinning Groningen",
  {"de afhandeling van de schade door gaswinning", "de versterkingsoperatie in Groningen",
   "de sluiting van het Groningenveld", "het herstel van vertrouwen in Groningen"},
  {{"bewoner", "bewoners"}, {"schademelding", "schademeldingen"}, {"woning", "woningen"},
   {"aardbeving", "aardbevingen"}, {"versterking", "versterkingen"}, {"dorp", "dorpen"}},
  {"Mijnbouw/Gaswinning", "Parlementaire enquête aardgaswinning Groningen"}, "BiZa",
  "Binnenlandse Zaken en Koninkrijksrelaties", "staatssecretaris van Binnenlandse Zaken",
  {"Het Groningenveld is in 2024 definitief gesloten.",
   "Bewoners wachten soms jaren op de beoordeling van hun schade.",
   "De parlementaire enquêtecommissie sprak van ereschulden aan Groningen."}},
 {"toeslagen", "kinderopvangtoeslag",
  {"de hersteloperatie kinderopvangtoeslag", "de compensatie van gedupeerde ouders",
   "de hervorming van het toeslagenstelsel", "de afhandeling van bezwaren bij Toeslagen"},
  {{"ouder", "ouders"}, {"toeslag", "toeslagen"}, {"gedupeerde", "gedupeerden"},
   {"beoordeling", "beoordelingen"}, {"schuld", "schulden"}, {"kind", "kinderen"}},
  {"Hersteloperatie kinderopvangtoeslag", "Toeslagen"}, "FIN", "Financiën",
  "staatssecretaris van Financiën",
  {"Duizenden ouders wachten nog op een integrale beoordeling.",
   "De Uitvoeringsorganisatie Herstel Toeslagen breidt haar capaciteit uit.",
   "Het toeslagenstelsel wordt op termijn vervangen door een eenvoudiger systeem."}},
 {"pensioenen", "pensioenen",
  {"de invoering van het nieuwe pensioenstelsel", "de indexatie van pensioenen",
   "de transitie naar de Wet toekomst pensioenen", "het nabestaandenpensioen"},
  {{"pensioenfonds", "pensioenfondsen"}, {"deelnemer", "deelnemers"},
   {"gepensioneerde", "gepensioneerden"}, {"regeling", "regelingen"},
   {"werkgever", "werkgevers"}, {"uitkering", "uitkeringen"}},
  {"Pensioenen", "Wet toekomst pensioenen"}, "SZW", "Sociale Zaken en Werkgelegenheid",
  "minister voor Armoedebeleid, Participatie en Pensioenen",
  {"Pensioenfondsen stappen de komende jaren over op het nieuwe stelsel.",
   "Gepensioneerden willen zekerheid over de hoogte van hun uitkering.",
   "De transitie vraagt veel van de uitvoeringsorganisaties."}},
 {"arbeidsmarkt", "arbeidsmarkt",
  {"de verhoging van het minimumloon", "de krapte op de arbeidsmarkt",
   "de positie van zzp'ers", "de bestrijding van schijnzelfstandigheid"},
  {{"werknemer", "werknemers"}, {"werkgever", "werkgevers"}, {"zzp'er", "zzp'ers"},
   {"vacature", "vacatures"}, {"contract", "contracten"}, {"arbeidsmigrant", "arbeidsmigranten"}},
  {"Arbeidsmarktbeleid", "Arbeidsmigratie"}, "SZW", "Sociale Zaken en Werkgelegenheid",
  "minister van Sociale Zaken en Werkgelegenheid",
  {"Het aantal openstaande vacatures is historisch hoog.",
   "Arbeidsmigranten werken vaak onder slechte omstandigheden.",
   "Het minimumloon is per 1 januari 2023 met ruim tien procent verhoogd."}},
 {"politie", "politie",
  {"de capaciteit van de politie", "de aanpak van ondermijnende criminaliteit",
   "de wijkagent in elke gemeente", "de werkdruk bij de politie"},
  {{"agent", "agenten"}, {"wijkteam", "wijkteams"}, {"aangifte", "aangiften"},
   {"burgemeester", "burgemeesters"}, {"eenheid", "eenheden"}, {"incident", "incidenten"}},
  {"Politie", "Ondermijning"}, "JenV", "Justitie en Veiligheid",
  "minister van Justitie en Veiligheid",
  {"De politie heeft te maken met een hoge werkdruk en veel uitstroom.",
   "Burgemeesters vragen om meer wijkagenten in hun gemeente.",
   "Drugscriminaliteit ondermijnt de rechtsstaat."}},
 {"gevangeniswezen", "gevangeniswezen",
  {"de capaciteit in het gevangeniswezen", "de veiligheid van gevangenispersoneel",
   "de resocialisatie van gedetineerden", "het tekort aan celcapaciteit"},
  {{"gedetineerde", "gedetineerden"}, {"gevangenis", "gevangenissen"}, {"cel", "cellen"},
   {"medewerker", "medewerkers"}, {"straf", "straffen"}, {"inrichting", "inrichtingen"}},
  {"Gevangeniswezen en tbs", "Justitiële jeugdinrichtingen"}, "JenV",
  "Justitie en Veiligheid", "staatssecretaris van Justitie en Veiligheid",
  {"Door het tekort aan cellen worden gedetineerden eerder heengezonden.",
   "Het personeel in de gevangenissen ervaart een hoge werkdruk.",
   "Resocialisatie begint al tijdens de detentie."}},
 {"spoor", "openbaar vervoer",
  {"de prestaties van NS op het spoor", "de toegankelijkheid van het openbaar vervoer",
   "de tarieven in het openbaar vervoer", "de verbinding naar het noorden"},
  {{"reiziger", "reizigers"}, {"trein", "treinen"}, {"station", "stations"},
   {"vervoerder", "vervoerders"}, {"dienstregeling", "dienstregelingen"}, {"bus", "bussen"}},
  {"Spoor: vervoer- en beheerplan", "Openbaar vervoer en taxi"}, "IenW",
  "Infrastructuur en Waterstaat", "staatssecretaris van Infrastructuur en Waterstaat",
  {"Reizigers kregen te maken met veel uitgevallen treinen.",
   "De Lelylijn moet het noorden beter verbinden met de Randstad.",
   "Vervoerders kampen met een tekort aan machinisten."}},
 {"luchtvaart", "luchtvaart",
  {"de krimp van Schiphol", "de geluidsoverlast rond Schiphol",
   "de toekomst van Lelystad Airport", "de vliegtaks"},
  {{"vlucht", "vluchten"}, {"omwonende", "omwonenden"}, {"luchthaven", "luchthavens"},
   {"maatschappij", "maatschappijen"}, {"passagier", "passagiers"}, {"slot", "slots"}},
  {"Luchtvaartbeleid", "Toekomst Schiphol"}, "IenW", "Infrastructuur en Waterstaat",
  "minister van Infrastructuur en Waterstaat",
  {"Het kabinet wil het aantal vluchten op Schiphol beperken.",
   "Omwonenden ervaren veel hinder van nachtvluchten.",
   "De Europese Commissie kijkt mee naar de balanced approach procedure."}},
 {"water", "waterveiligheid",
  {"de versterking van de dijken", "het Deltaprogramma",
   "de waterkwaliteit in Nederland", "de droogte en de zoetwatervoorziening"},
  {{"dijk", "dijken"}, {"waterschap", "waterschappen"}, {"rivier", "rivieren"},
   {"overstroming", "overstromingen"}, {"gemaal", "gemalen"}, {"polder", "polders"}},
  {"Deltaprogramma", "Water"}, "IenW", "Infrastructuur en Waterstaat",
  "minister van Infrastructuur en Waterstaat",
  {"De waterschappen versterken honderden kilometers dijk.",
   "Het hoogwater in Limburg liet zien hoe kwetsbaar beekdalen zijn.",
   "Droogte zet de zoetwatervoorziening onder druk."}},
 {"mest", "mestbeleid",
  {"de derogatie voor melkveehouders", "het mestbeleid en de waterkwaliteit",
   "de mestmarkt na het einde van de derogatie", "de handhaving van mestregels"},
  {{"melkveehouder", "melkveehouders"}, {"perceel", "percelen"}, {"regel", "regels"},
   {"dierrecht", "dierrechten"}, {"varkenshouderij", "varkenshouderijen"}, {"koe", "koeien"}},
  {"Mestbeleid", "Landbouw- en Visserijraad"}, "LNV", "Landbouw, Visserij, Voedselzekerheid en Natuur",
  "minister van Landbouw, Visserij, Voedselzekerheid en Natuur",
  {"Het einde van de derogatie raakt vooral melkveehouders.",
   "De mestmarkt raakt verstoord door hogere afzetkosten.",
   "De Europese Commissie verlangt verbetering van de waterkwaliteit."}},
 {"cultuur", "cultuur",
  {"de financiering van de culturele basisinfrastructuur", "de positie van makers",
   "de toekomst van het erfgoed", "de steun voor musea na de coronacrisis"},
  {{"museum", "musea"}, {"kunstenaar", "kunstenaars"}, {"theater", "theaters"},
   {"instelling", "instellingen"}, {"subsidie", "subsidies"}, {"monument", "monumenten"}},
  {"Cultuurbeleid", "Erfgoed"}, "OCW", "Onderwijs, Cultuur en Wetenschap",
  "minister van Onderwijs, Cultuur en Wetenschap",
  {"Veel culturele instellingen zijn financieel kwetsbaar.",
   "Makers verdienen een eerlijke beloning voor hun werk.",
   "Het Rijksmuseum trok vorig jaar meer dan twee miljoen bezoekers."}},
 {"studiefinanciering", "studiefinanciering",
  {"de herinvoering van de basisbeurs", "de compensatie voor de pechgeneratie",
   "de internationalisering in het hoger onderwijs", "de studentenhuisvesting"},
  {{"student", "studenten"}, {"universiteit", "universiteiten"}, {"lening", "leningen"},
   {"hogeschool", "hogescholen"}, {"beurs", "beurzen"}, {"opleiding", "opleidingen"}},
  {"Hoger Onderwijs, Onderzoek en Wetenschapsbeleid", "Studiefinanciering"}, "OCW",
  "Onderwijs, Cultuur en Wetenschap", "minister van Onderwijs, Cultuur en Wetenschap",
  {"De basisbeurs is per studiejaar 2023-2024 weer ingevoerd.",
   "Studenten uit de pechgeneratie krijgen een tegemoetkoming.",
   "Universiteiten willen het aantal Engelstalige opleidingen beperken."}},
 {"jeugdzorg", "jeugdzorg",
  {"de wachtlijsten in de jeugdzorg", "de Hervormingsagenda Jeugd",
   "de financiering van de jeugdzorg door gemeenten", "de gesloten jeugdhulp"},
  {{"jongere", "jongeren"}, {"gezin", "gezinnen"}, {"jeugdhulpaanbieder", "jeugdhulpaanbieders"},
   {"wachtlijst", "wachtlijsten"}, {"gemeente", "gemeenten"}, {"kind", "kinderen"}},
  {"Zorg en maatschappelijke ondersteuning", "Jeugdbeleid"}, "VWS",
  "Volksgezondheid, Welzijn en Sport", "staatssecretaris van Volksgezondheid, Welzijn en Sport",
  {"Gemeenten houden tekorten op hun jeugdzorgbudget.",
   "Kinderen wachten soms maanden op passende hulp.",
   "De gesloten jeugdhulp wordt zoveel mogelijk afgebouwd."}},
 {"ggz", "geestelijke gezondheidszorg",
  {"de wachttijden in de ggz", "de mentale gezondheid van jongeren",
   "de suïcidepreventie", "de acute psychiatrie"},
  {{"cliënt", "cliënten"}, {"behandelaar", "behandelaars"}, {"instelling", "instellingen"},
   {"wachttijd", "wachttijden"}, {"psychiater", "psychiaters"}, {"crisisdienst", "crisisdiensten"}},
  {"Geestelijke gezondheidszorg/verslavingszorg", "Suïcidepreventie"}, "VWS",
  "Volksgezondheid, Welzijn en Sport", "staatssecretaris van Volksgezondheid, Welzijn en Sport",
  {"Cliënten met complexe problematiek wachten het langst.",
   "De mentale gezondheid van jongeren is na de coronacrisis verslechterd.",
   "Crisisdiensten staan onder grote druk."}},
 {"ouderenzorg", "ouderenzorg",
  {"de toekomst van de ouderenzorg", "het tekort aan verpleeghuisplekken",
   "de mantelzorg", "het wonen met zorg voor ouderen"},
  {{"oudere", "ouderen"}, {"verpleeghuis", "verpleeghuizen"}, {"mantelzorger", "mantelzorgers"},
   {"zorgmedewerker", "zorgmedewerkers"}, {"plek", "plekken"}, {"wijkverpleegkundige", "wijkverpleegkundigen"}},
  {"Verpleeghuiszorg", "Langdurige zorg"}, "VWS", "Volksgezondheid, Welzijn en Sport",
  "minister voor Langdurige Zorg en Sport",
  {"Het aantal tachtigplussers verdubbelt de komende twintig jaar.",
   "Mantelzorgers raken steeds vaker overbelast.",
   "Er zijn onvoldoende geschikte woningen voor ouderen."}},
 {"belastingen", "belastingen",
  {"het herstel van box 3", "de vermogensrendementsheffing",
   "de fiscale regelingen voor ondernemers", "de IT-problemen bij de Belastingdienst"},
  {{"belastingplichtige", "belastingplichtigen"}, {"spaarder", "spaarders"},
   {"aanslag", "aanslagen"}, {"heffing", "heffingen"}, {"regeling", "regelingen"},
   {"bezwaar", "bezwaren"}},
  {"Belastingplan", "Herziening belastingstelsel"}, "FIN", "Financiën",
  "staatssecretaris van Financiën",
  {"De Hoge Raad oordeelde dat de box 3-heffing in strijd is met het eigendomsrecht.",
   "Spaarders krijgen compensatie voor te veel betaalde belasting.",
   "De Belastingdienst werkt met verouderde IT-systemen."}},
 {"eu", "Europese Unie",
  {"de inzet van Nederland in de Europese Raad", "het Meerjarig Financieel Kader",
   "de uitbreiding van de Europese Unie", "de rechtsstaat in de lidstaten"},
  {{"lidstaat", "lidstaten"}, {"verordening", "verordeningen"}, {"richtlijn", "richtlijnen"},
   {"raad", "raden"}, {"onderhandeling", "onderhandelingen"}, {"voorstel", "voorstellen"}},
  {"Europese Raad", "Raad Algemene Zaken"}, "EU", "Buitenlandse Zaken",
  "minister van Buitenlandse Zaken",
  {"De Europese Commissie presenteerde nieuwe voorstellen.",
   "Nederland zet in op een zuinige Europese begroting.",
   "Over de toetreding van nieuwe lidstaten wordt lang onderhandeld."}},
 {"oekraine", "Oekraïne",
  {"de steun aan Oekraïne", "de sancties tegen Rusland",
   "de opvang van ontheemden uit Oekraïne", "de wederopbouw van Oekraïne"},
  {{"sanctie", "sancties"}, {"ontheemde", "ontheemden"}, {"wapenlevering", "wapenleveringen"},
   {"bondgenoot", "bondgenoten"}, {"steunpakket", "steunpakketten"}, {"vluchteling", "vluchtelingen"}},
  {"Situatie in Oekraïne", "Internationale veiligheidsstructuur"}, "BuZa",
  "Buitenlandse Zaken", "minister van Buitenlandse Zaken",
  {"Nederland levert militaire steun aan Oekraïne.",
   "Gemeenten vangen tienduizenden ontheemden uit Oekraïne op.",
   "De Europese Unie heeft een nieuw sanctiepakket aangenomen."}},
 {"ontwikkeling", "ontwikkelingssamenwerking",
  {"de bezuinigingen op ontwikkelingssamenwerking", "de humanitaire hulp",
   "de handels- en investeringsagenda", "de voedselzekerheid in Afrika"},
  {{"partnerland", "partnerlanden"}, {"organisatie", "organisaties"}, {"project", "projecten"},
   {"bijdrage", "bijdragen"}, {"ondernemer", "ondernemers"}, {"crisis", "crises"}},
  {"Ontwikkelingssamenwerking", "Buitenlandse Handel"}, "BHO",
  "Buitenlandse Zaken", "minister voor Buitenlandse Handel en Ontwikkelingshulp",
  {"Het budget voor ontwikkelingshulp wordt de komende jaren verlaagd.",
   "Humanitaire organisaties waarschuwen voor grote tekorten.",
   "Nederlandse ondernemers investeren in partnerlanden."}},
 {"cyber", "cybersecurity",
  {"de digitale weerbaarheid van de overheid", "de bescherming van persoonsgegevens",
   "de aanpak van ransomware", "het gebruik van algoritmes door de overheid"},
  {{"algoritme", "algoritmes"}, {"datalek", "datalekken"}, {"systeem", "systemen"},
   {"organisatie", "organisaties"}, {"toezichthouder", "toezichthouders"}, {"aanval", "aanvallen"}},
  {"Informatie- en communicatietechnologie (ICT)", "Digitale overheid"}, "DiZa",
  "Binnenlandse Zaken en Koninkrijksrelaties", "staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties",
  {"De Autoriteit Persoonsgegevens ontving meer meldingen van datalekken.",
   "Ransomware-aanvallen treffen ook gemeenten en scholen.",
   "Het algoritmeregister geeft inzicht in het gebruik van algoritmes."}},
 {"armoede", "armoede en schulden",
  {"de aanpak van armoede en schulden", "de koopkracht van huishoudens",
   "de kinderarmoede", "de energietoeslag"},
  {{"huishouden", "huishoudens"}, {"schuldeiser", "schuldeisers"}, {"toeslag", "toeslagen"},
   {"gezin", "gezinnen"}, {"voedselbank", "voedselbanken"}, {"uitkering", "uitkeringen"}},
  {"Armoede- en schuldenbeleid", "Koopkracht"}, "SZW", "Sociale Zaken en Werkgelegenheid",
  "minister voor Armoedebeleid, Participatie en Pensioenen",
  {"Steeds meer huishoudens kloppen aan bij de voedselbank.",
   "De kinderarmoede moet in 2030 gehalveerd zijn.",
   "Problematische schulden leiden vaak tot stress en gezondheidsklachten."}},
 {"kansspelen", "kansspelen",
  {"de regulering van online gokken", "de reclame voor kansspelen",
   "de verslavingspreventie bij online casino's", "het toezicht door de Kansspelautoriteit"},
  {{"speler", "spelers"}, {"aanbieder", "aanbieders"}, {"vergunning", "vergunningen"},
   {"reclame", "reclames"}, {"casino", "casino's"}, {"boete", "boetes"}},
  {"Kansspelen", "Wet Kansspelen op afstand"}, "JenV", "Justitie en Veiligheid",
  "staatssecretaris van Justitie en Veiligheid",
  {"Jongvolwassenen lopen een groot risico op gokverslaving.",
   "De Kansspelautoriteit legde meerdere boetes op.",
   "Ongerichte reclame voor online gokken is verboden."}},
 {"caribisch", "Caribisch Nederland",
  {"het sociaal minimum in Caribisch Nederland", "de klimaatadaptatie op Bonaire",
   "de financiële verhoudingen met Curaçao en Aruba", "de energieprijzen op Saba en Sint Eustatius"},
  {{"eiland", "eilanden"}, {"inwoner", "inwoners"}, {"openbaar lichaam", "openbare lichamen"},
   {"prijs", "prijzen"}, {"voorziening", "voorzieningen"}, {"koraalrif", "koraalriffen"}},
  {"Koninkrijksrelaties", "Caribisch Nederland"}, "KR",
  "Binnenlandse Zaken en Koninkrijksrelaties", "staatssecretaris van Koninkrijksrelaties en Digitalisering",
  {"De kosten van levensonderhoud op de eilanden zijn hoog.",
   "Bonaire is kwetsbaar voor de stijging van de zeespiegel.",
   "Het sociaal minimum in Caribisch Nederland wordt stapsgewijs verhoogd."}},
 {"energie", "energietransitie",
  {"de energietransitie en het elektriciteitsnet", "de netcongestie",
   "de bouw van windparken op zee", "de plannen voor nieuwe kerncentrales"},
  {{"netbeheerder", "netbeheerders"}, {"windpark", "windparken"}, {"kerncentrale", "kerncentrales"},
   {"aansluiting", "aansluitingen"}, {"warmtenet", "warmtenetten"}, {"zonnepaneel", "zonnepanelen"}},
  {"Energiebeleid", "Wet collectieve warmte"}, "KGG", "Klimaat en Groene Groei",
  "minister van Klimaat en Groene Groei",
  {"Door netcongestie kunnen bedrijven niet worden aangesloten.",
   "Het kabinet wil twee nieuwe kerncentrales laten bouwen.",
   "Windparken op zee leveren een steeds groter deel van de stroom."}},
};
/* clang-format on */
const size_t text_ntopics = sizeof text_topics / sizeof text_topics[0];

static const char *const voornaam_m[] = {
    "Jan", "Pieter", "Henk", "Mark", "Wopke", "Joël", "René", "André", "Sjoerd", "Daniël",
    "Ruben", "Thijs", "Bart", "Kees", "Gert-Jan", "Mustafa", "Farid", "Pim", "Rob", "Chris",
    "Jesse", "Hugo", "Maarten", "Eelco", "Lammert", "Habtamu", "Jeroen", "Tjeerd", "Joost",
};
static const char *const voornaam_v[] = {
    "Anne", "Mona", "Lilian", "Sophie", "Zoë", "Inés", "Anaïs", "Caroline", "Esther", "Fleur",
    "Kati", "Lisa", "Marieke", "Nicki", "Rosanne", "Sandra", "Songül", "Tunahan", "Wieke",
    "Jolande", "Agnes", "Attje", "Mirjam", "Laura", "Hanneke", "Ingrid", "Barbara", "Chantal",
};
static const char *const achternamen[] = {
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
    "de Bruijn", "de Jong", "Schouten", "van Dijk", "Hoekstra", "ter Horst", "ten Broeke",
    "Öztürk", "Yeşilgöz", "Kröger", "Ellemeet", "Paternotte", "Bikker", "Stoffer", "Westerveld",
    "Omtzigt", "van Haga", "Klaver", "Hermans", "Agema", "Bontenbal", "Timmermans", "Dassen",
    "van Baarle", "Ouwehand", "van der Plas", "Eerdmans", "Vijlbrief", "Heinen", "Keijzer",
    "Tielen", "Mutluer", "Podt", "van Weerdenburg", "Kostić", "Saïdi", "Grinwis", "Bromet",
};
const char *const text_plaatsen[] = {
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
    "Zwolle", "Leeuwarden", "Maastricht", "Dordrecht", "Leiden", "Delft", "Assen", "Middelburg",
    "Den Bosch", "Lelystad", "Hoorn", "Venlo", "Deventer", "Zeist", "Gouda", "Emmen",
};
const size_t text_nplaatsen = sizeof text_plaatsen / sizeof text_plaatsen[0];

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *text_pick(struct rng *r, const char *const *list, size_t n)
{
    return list[rng_below(r, (uint32_t)n)];
}

static size_t utf8_first_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

void text_name(struct rng *r, struct pname *p)
{
    memset(p, 0, sizeof *p);
    p->vrouw = rng_chance(r, 0.42);
    const char *vn = p->vrouw ? text_pick(r, voornaam_v, NELEM(voornaam_v))
                              : text_pick(r, voornaam_m, NELEM(voornaam_m));
    snprintf(p->roepnaam, sizeof p->roepnaam, "%s", vn);
    if (rng_chance(r, 0.4)) {
        const char *second = p->vrouw ? text_pick(r, voornaam_v, NELEM(voornaam_v))
                                      : text_pick(r, voornaam_m, NELEM(voornaam_m));
        snprintf(p->voornaam, sizeof p->voornaam, "%s %s", vn, second);
        snprintf(p->initialen, sizeof p->initialen, "%.*s.%.*s.", (int)utf8_first_len(vn), vn,
                 (int)utf8_first_len(second), second);
    } else {
        snprintf(p->voornaam, sizeof p->voornaam, "%s", vn);
        snprintf(p->initialen, sizeof p->initialen, "%.*s.", (int)utf8_first_len(vn), vn);
    }
    const char *full = text_pick(r, achternamen, NELEM(achternamen));
    const char *last = strrchr(full, ' ');
    if (last) {
        snprintf(p->tussenvoegsel, sizeof p->tussenvoegsel, "%.*s", (int)(last - full), full);
        snprintf(p->achternaam, sizeof p->achternaam, "%s", last + 1);
    } else {
        snprintf(p->achternaam, sizeof p->achternaam, "%s", full);
    }
}

void text_surname(const struct pname *p, char *out, size_t n)
{
    if (p->tussenvoegsel[0])
        snprintf(out, n, "%c%s %s", p->tussenvoegsel[0] - 32, p->tussenvoegsel + 1,
                 p->achternaam);
    else
        snprintf(out, n, "%s", p->achternaam);
}

static const char *const orgs[] = {
    "het Centraal Bureau voor de Statistiek", "de Inspectie van het Onderwijs",
    "het Planbureau voor de Leefomgeving", "de Raad van State", "de Algemene Rekenkamer",
    "de Vereniging van Nederlandse Gemeenten", "het Interprovinciaal Overleg",
    "de Nationale ombudsman", "het Sociaal en Cultureel Planbureau", "TNO",
    "de Autoriteit Persoonsgegevens", "het RIVM", "De Nederlandsche Bank",
};

/* Sentence templates. {N}/{P}: topic noun singular/plural, {K}: kern phrase, {T}: topic name,
 * {O}: organisation, {B}: amount, {C}: percentage, {J}: year, {I}: an identifier,
 * {M}: the responsible bewindspersoon, {S}: a topic sentence. */
static const char *const templates[] = {
    "Het kabinet heeft uw Kamer eerder geïnformeerd over {K}.",
    "In deze brief ga ik in op de stand van zaken rond {K}.",
    "De afgelopen jaren is het aantal {P} in Nederland sterk toegenomen.",
    "Gemeenten en provincies vragen om duidelijkheid over de financiële gevolgen voor {P}.",
    "Voor de coördinatie van de aanpak wordt {B} vrijgemaakt.",
    "Uit onderzoek van {O} blijkt dat {C} procent van de {P} te maken heeft met {K}.",
    "Ik vind het belangrijk dat {P} tijdig worden betrokken bij de uitwerking van de plannen.",
    "Zoals toegezegd in het commissiedebat informeer ik uw Kamer over {K}.",
    "Hierbij verwijs ik naar {I}.",
    "De positie van de {N} staat onder druk door stijgende kosten en personeelstekorten.",
    "Samen met de betrokken ministeries werk ik aan een efficiënte en reële aanpak.",
    "Tijdens een werkbezoek, onder meer in een café in Zeeland, spraken wij met {P} over hun ideeën.",
    "De Raad van State adviseert de gevolgen voor {P} beter in kaart te brengen.",
    "Ook in België en Duitsland wordt gewerkt aan maatregelen rond {K}.",
    "Het budget voor {K} bedraagt in {J} naar verwachting {B}.",
    "De regering neemt het advies van {O} ter harte.",
    "Ik zal uw Kamer in het najaar van {J} opnieuw informeren over de voortgang.",
    "De financiële middelen worden verdeeld over gemeenten, provincies en waterschappen.",
    "Een meerderheid van de {P} geeft aan behoefte te hebben aan ondersteuning.",
    "Met de uitvoering van deze maatregelen is een bedrag van {B} gemoeid.",
    "Daarnaast wordt de coördinatie tussen {O} en de betrokken {P} verbeterd.",
    "In de bijlage bij deze brief treft u het onderzoeksrapport over {T} aan.",
    "Dit sluit aan bij de wens van uw Kamer, zoals verwoord in {I}.",
    "Elke {N} verdient een zorgvuldige en tijdige behandeling.",
    "De moties die uw Kamer over {T} heeft aangenomen, worden in deze brief betrokken.",
    "Naar aanleiding van de motie over {K} heb ik overleg gevoerd met {O}.",
    "{S}",
    "{S}",
    "Het is van belang dat de {N} de komende jaren voldoende ondersteuning krijgt.",
    "De {M} heeft met {O} afspraken gemaakt over {K}.",
};

static void append_cap(struct buf *out, size_t at)
{
    if (out->len > at && out->data[at] >= 'a' && out->data[at] <= 'z')
        out->data[at] = (char)(out->data[at] - 32);
}

static void sentence(struct rng *r, const struct topic *t, const char *const *ids, size_t nids,
                     struct buf *out)
{
    const char *tpl;
    do {
        tpl = templates[rng_below(r, NELEM(templates))];
    } while (strstr(tpl, "{I}") && nids == 0);
    size_t start = out->len;
    for (const char *s = tpl; *s; s++) {
        if (s[0] != '{' || !s[1] || s[2] != '}') {
            buf_addc(out, *s);
            continue;
        }
        unsigned ni = rng_below(r, 6);
        switch (s[1]) {
        case 'N': buf_adds(out, t->nouns[ni][0]); break;
        case 'P': buf_adds(out, t->nouns[ni][1]); break;
        case 'K': buf_adds(out, t->kern[rng_below(r, 4)]); break;
        case 'T': buf_adds(out, t->naam); break;
        case 'O': buf_adds(out, orgs[rng_below(r, NELEM(orgs))]); break;
        case 'B': buf_printf(out, "€ %u miljoen", rng_below(r, 950) + 5); break;
        case 'C': buf_printf(out, "%u", rng_below(r, 80) + 5); break;
        case 'J': buf_printf(out, "%u", 2019 + rng_below(r, 8)); break;
        case 'I': buf_adds(out, ids[rng_below(r, (uint32_t)nids)]); break;
        case 'M': buf_adds(out, t->bewinds); break;
        case 'S': buf_adds(out, t->zin[rng_below(r, 3)]); break;
        default: break;
        }
        s += 2;
    }
    append_cap(out, start);
}

void text_paragraph(struct rng *r, const struct topic *t, const char *const *ids, size_t nids,
                    struct buf *out)
{
    int n = rng_range(r, 4, 7);
    for (int i = 0; i < n; i++) {
        if (i)
            buf_addc(out, ' ');
        sentence(r, t, ids, nids, out);
    }
}

void text_kern(struct rng *r, const struct topic *t, struct buf *out)
{
    buf_adds(out, t->kern[rng_below(r, 4)]);
}
