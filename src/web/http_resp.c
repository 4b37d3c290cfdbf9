/*
 * http_resp — response-side helpers: extra headers, and the standard error answers with
 * their fixed Dutch texts (no detail of what went wrong inside ever reaches them).
 */
#include "web/http.h"

#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/html.h"
#include "web/json.h"

struct status_text {
    int status;
    const char *title;
    const char *message;
};

static const struct status_text texts[] = {
    {400, "Ongeldig verzoek",
     "Dit adres of formulier bevat iets wat we niet kunnen verwerken. Controleer het adres "
     "en probeer het opnieuw."},
    {403, "Geen toegang", "U heeft geen toegang tot deze pagina."},
    {404, "Niet gevonden",
     "Deze pagina bestaat niet (meer). Misschien is het adres niet helemaal goed "
     "overgenomen."},
    {405, "Methode niet toegestaan", "Deze pagina kan niet op deze manier worden opgevraagd."},
    {406, "Niet beschikbaar in deze vorm", "Deze pagina is niet beschikbaar in de gevraagde vorm."},
    {413, "Verzoek te groot", "Het verstuurde formulier is te groot."},
    {414, "Adres te lang", "Het adres is te lang. Probeer een kortere zoekopdracht."},
    {416, "Bereik niet beschikbaar", "Het gevraagde deel van het bestand bestaat niet."},
    {429, "Te veel verzoeken", "Er kwamen te veel verzoeken tegelijk binnen. Probeer het zo opnieuw."},
    {431, "Verzoek te groot",
     "Uw browser stuurde te veel of te grote kopregels mee (bijvoorbeeld cookies)."},
    {500, "Er ging iets mis",
     "Er ging aan onze kant iets mis. Probeer het over een paar minuten opnieuw."},
    {503, "Tijdelijk niet beschikbaar",
     "De website is tijdelijk niet beschikbaar. Probeer het over een paar minuten opnieuw."},
};

static const struct status_text *text_for(int status)
{
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i].status == status)
            return &texts[i];
    return status >= 500 ? &texts[10] : &texts[0];
}

const char *http_status_title(int status)
{
    return text_for(status)->title;
}

void http_error_page(struct http_response *rs, int status, bool want_json)
{
    const struct status_text *t = text_for(status);
    rs->status = status;
    rs->cache = HTTP_CACHE_NO_STORE;
    buf_reset(&rs->body);
    if (want_json) {
        struct jsonw j;
        jw_init(&j, &rs->body);
        jw_obj_begin(&j);
        jw_key(&j, "error");
        jw_obj_begin(&j);
        jw_kv_int(&j, "status", status);
        jw_kv_str(&j, "title", t->title);
        jw_kv_str(&j, "message", t->message);
        jw_obj_end(&j);
        jw_obj_end(&j);
        rs->content_type = HTTP_CT_JSON;
        return;
    }
    struct html h = html_on(&rs->body);
    html_lit(&h, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>");
    html_text(&h, t->title);
    html_lit(&h, " – Kamerwacht</title>\n</head>\n<body>\n<main>\n<h1>");
    html_text(&h, t->title);
    html_lit(&h, "</h1>\n<p>");
    html_text(&h, t->message);
    html_lit(&h, "</p>\n<p><a href=\"/\">Naar de voorpagina</a></p>\n</main>\n</body>\n</html>\n");
    rs->content_type = HTTP_CT_HTML;
}

static int is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Headers the core writes itself; a handler may not set or duplicate them. */
static const char *const reserved[] = {
    "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection",
    "ETag", "Cache-Control", "Vary", "Date", "Content-Security-Policy", "X-Content-Type-Options",
    "Referrer-Policy", "X-Frame-Options", "Last-Modified", "Accept-Ranges", "Content-Range",
};

int http_add_header(struct http_response *rs, const char *name, const char *value)
{
    if (!name || !value || !*name)
        return -1;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!is_tchar(*p))
            return -1;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
            return -1;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcasecmp(name, reserved[i]) == 0)
            return -1;
    buf_add(&rs->headers, name, strlen(name) + 1);
    buf_add(&rs->headers, value, strlen(value) + 1);
    return 0;
}

int http_response_file(struct http_response *rs, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < 0) {
        close(fd);
        return -1;
    }
    if (rs->has_file)
        close(rs->file_fd);
    rs->has_file = true;
    rs->file_fd = fd;
    rs->file_size = (uint64_t)st.st_size;
    rs->file_mtime = (int64_t)st.st_mtime;
    rs->file_id = (uint64_t)st.st_dev * 0x9E3779B97F4A7C15u ^ (uint64_t)st.st_ino;
    return 0;
}

void http_response_release(struct http_response *rs)
{
    buf_free(&rs->body);
    buf_free(&rs->headers);
    if (rs->has_file)
        close(rs->file_fd);
    rs->has_file = false;
}
