/*
 * page — the benchmark page: a document list like the front page, every field escaped.
 */
#include "page.h"

#include <stdint.h>

#include "web/html.h"
#include "web/json.h"
#include "web/xmlw.h"

struct row {
    const char *nummer;
    const char *soort;
    const char *onderwerp;
    const char *commissie;
    int64_t datum;
};

static const struct row rows[] = {
    {"2024D12345", "Brief regering",
     "Voortgangsrapportage \"digitalisering\" van de overheid & de uitvoering van de Wet "
     "open overheid (Woo) in 2023–2024",
     "Binnenlandse Zaken en Koninkrijksrelaties", 1712686135},
    {"2024D12346", "Motie",
     "Motie van het lid Van der Berg c.s. over geïnformeerde toestemming bij <medische> "
     "gegevensuitwisseling",
     "Volksgezondheid, Welzijn en Sport", 1712689135},
    {"2024D12347", "Antwoord schriftelijke vragen",
     "Antwoord op vragen van de leden Öztürk en D'Hondt over de tarieven van het openbaar "
     "vervoer in 's-Hertogenbosch",
     "Infrastructuur en Waterstaat", 1712699135},
};

void page_html(struct buf *b)
{
    struct html h = html_on(b);
    html_lit(&h, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>Overzicht – Kamerwacht</title>\n"
                 "<link rel=\"stylesheet\" href=\"/static/kw.css\">\n"
                 "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/index.atom\">\n"
                 "</head>\n<body>\n<header><nav><a href=\"/\">Kamerwacht</a></nav></header>\n"
                 "<main>\n<h1>Overzicht</h1>\n<table>\n<thead><tr><th scope=\"col\">Datum</th>"
                 "<th scope=\"col\">Soort</th><th scope=\"col\">Onderwerp</th>"
                 "<th scope=\"col\">Commissie</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < PAGE_ROWS; i++) {
        const struct row *r = &rows[i % 3];
        html_lit(&h, "<tr><td><time datetime=\"");
        html_int(&h, r->datum + i);
        html_lit(&h, "\">");
        html_int(&h, r->datum + i);
        html_lit(&h, "</time></td><td>");
        html_text(&h, r->soort);
        html_lit(&h, "</td><td><a href=\"/document/");
        html_url_part(&h, r->nummer);
        html_lit(&h, "\">");
        html_text(&h, r->onderwerp);
        html_lit(&h, "</a></td><td>");
        html_text(&h, r->commissie);
        html_lit(&h, "</td></tr>\n");
    }
    html_lit(&h, "</tbody>\n</table>\n</main>\n<footer><p>Gegevens: Tweede Kamer der "
                 "Staten-Generaal, open data.</p></footer>\n</body>\n</html>\n");
}

void page_json(struct buf *b)
{
    struct jsonw j;
    jw_init(&j, b);
    jw_obj_begin(&j);
    jw_kv_str(&j, "title", "Overzicht");
    jw_key(&j, "documents");
    jw_arr_begin(&j);
    for (int i = 0; i < PAGE_ROWS; i++) {
        const struct row *r = &rows[i % 3];
        jw_obj_begin(&j);
        jw_kv_str(&j, "nummer", r->nummer);
        jw_kv_str(&j, "soort", r->soort);
        jw_kv_str(&j, "onderwerp", r->onderwerp);
        jw_kv_str(&j, "commissie", r->commissie);
        jw_kv_int(&j, "datum", r->datum + i);
        jw_obj_end(&j);
    }
    jw_arr_end(&j);
    jw_obj_end(&j);
}

void page_atom(struct buf *b)
{
    struct xmlw x = xml_on(b);
    xml_lit(&x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Kamerwacht</title>\n");
    for (int i = 0; i < PAGE_ROWS; i++) {
        const struct row *r = &rows[i % 3];
        xml_lit(&x, "<entry><id>tag:kamerwacht,2024:");
        xml_text(&x, r->nummer);
        xml_lit(&x, "</id><title>");
        xml_text(&x, r->onderwerp);
        xml_lit(&x, "</title><updated>");
        xml_time(&x, r->datum + i);
        xml_lit(&x, "</updated><link href=\"/document/");
        xml_url_part(&x, r->nummer);
        xml_lit(&x, "\"/><category term=\"");
        xml_text(&x, r->soort);
        xml_lit(&x, "\"/></entry>\n");
    }
    xml_lit(&x, "</feed>\n");
}
