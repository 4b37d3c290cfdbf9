/*
 * extract_vlos — the text of a VLOS verslag (tk-opendata.md §8), streamed through SAX2.
 *
 * Output, in document order:
 *   the titel/onderwerp of the vergadering and of each activiteit, one paragraph each;
 *   per speech turn (woordvoerder, interrumpant) a line "Aanhef Name (Party):" — or
 *   "(functie)" for a speaker without a party, "De voorzitter (Name):" for the chair — then
 *   the turn's text, one paragraph per alinea. When a speaker goes on after an interruption,
 *   the line is repeated. Text outside turns (draadboekfragment: motions, standard phrases) is
 *   kept without a speaker. Turns without text (Casco versions) leave no line at all.
 * Everything else (times, ids, vote tables) is left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/extract_int.h"

#define VLOS_MAX_DEPTH 256
#define VLOS_MAX_TURNS 16
#define VLOS_FIELD 160

enum vlos_elem {
    V_OTHER,
    V_CONTAINER, /* vergadering, activiteit: their titel/onderwerp are headings */
    V_HEADING,
    V_TURN,
    V_SPREKER,
    V_FIELD, /* a child of a turn's own spreker */
    V_CHAIR, /* isvoorzitter of a turn */
    V_TEKST,
};

enum speaker_field {
    F_AANHEF,
    F_VERSLAGNAAM,
    F_WEERGAVENAAM,
    F_VOORNAAM,
    F_ACHTERNAAM,
    F_FRACTIE,
    F_FUNCTIE,
    F_NFIELDS
};
static const char *const field_names[F_NFIELDS] = {
    "aanhef", "verslagnaam", "weergavenaam", "voornaam", "achternaam", "fractie", "functie"};

struct turn {
    char f[F_NFIELDS][VLOS_FIELD];
    char chair[8];
    bool announced;
};

struct vlos {
    struct text_sink *s;
    struct sax_run *run;
    enum vlos_elem stack[VLOS_MAX_DEPTH];
    int depth;
    struct turn turns[VLOS_MAX_TURNS];
    int nturns;
    int field; /* the speaker field being read, or -1 */
    int tekst; /* nesting of tekst elements */
    int heading;
};

static enum vlos_elem parent(const struct vlos *v)
{
    return v->depth > 0 && v->depth <= VLOS_MAX_DEPTH ? v->stack[v->depth - 1] : V_OTHER;
}

static bool is(const xmlChar *a, const char *b)
{
    return strcmp((const char *)a, b) == 0;
}

static void append_field(char *f, const char *p, size_t n)
{
    size_t l = strlen(f);
    for (size_t i = 0; i < n && l + 1 < VLOS_FIELD; i++) {
        char c = p[i];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && (l == 0 || f[l - 1] == ' '))
            continue;
        f[l++] = c;
    }
    f[l] = '\0';
}

static void trim(char *f)
{
    size_t l = strlen(f);
    while (l && f[l - 1] == ' ')
        f[--l] = '\0';
}

static void announce(struct vlos *v, struct turn *t)
{
    char name[3 * VLOS_FIELD];
    for (int i = 0; i < F_NFIELDS; i++)
        trim(t->f[i]);
    if (t->f[F_VERSLAGNAAM][0])
        snprintf(name, sizeof name, "%s", t->f[F_VERSLAGNAAM]);
    else if (t->f[F_WEERGAVENAAM][0])
        snprintf(name, sizeof name, "%s", t->f[F_WEERGAVENAAM]);
    else
        snprintf(name, sizeof name, "%s%s%s", t->f[F_VOORNAAM], t->f[F_VOORNAAM][0] ? " " : "",
                 t->f[F_ACHTERNAAM]);
    char line[8 * VLOS_FIELD];
    if (!strcmp(t->chair, "true"))
        snprintf(line, sizeof line, "De voorzitter (%s):", name[0] ? name : "?");
    else if (t->f[F_FRACTIE][0])
        snprintf(line, sizeof line, "%s%s%s (%s):", t->f[F_AANHEF], t->f[F_AANHEF][0] ? " " : "",
                 name, t->f[F_FRACTIE]);
    else if (t->f[F_FUNCTIE][0])
        snprintf(line, sizeof line, "%s (%s):", name, t->f[F_FUNCTIE]);
    else
        snprintf(line, sizeof line, "%s:", name[0] ? name : "Onbekende spreker");
    sink_break(v->s, 2);
    sink_text(v->s, line, strlen(line));
    sink_break(v->s, 1);
    t->announced = true;
}

static void stop_if_full(struct vlos *v)
{
    if (v->s->full && !v->run->stopped) {
        v->run->stopped = true;
        xmlStopParser(v->run->ctx);
    }
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nns, (void)ns, (void)nattrs, (void)ndefaulted, (void)attrs;
    struct vlos *v = ctx;
    enum vlos_elem up = parent(v), e = V_OTHER;
    if (is(local, "vergadering") || is(local, "activiteit")) {
        e = V_CONTAINER;
    } else if ((is(local, "titel") || is(local, "onderwerp")) && up == V_CONTAINER) {
        e = V_HEADING;
        v->heading++;
        sink_break(v->s, 2);
    } else if (is(local, "woordvoerder") || is(local, "interrumpant")) {
        e = V_TURN;
        if (v->nturns < VLOS_MAX_TURNS)
            memset(&v->turns[v->nturns], 0, sizeof v->turns[0]);
        v->nturns++;
        sink_break(v->s, 2);
    } else if (is(local, "spreker") && up == V_TURN) {
        e = V_SPREKER;
    } else if (up == V_SPREKER) {
        e = V_FIELD;
        v->field = -1;
        for (int i = 0; i < F_NFIELDS; i++)
            if (is(local, field_names[i]))
                v->field = i;
    } else if (is(local, "isvoorzitter") && up == V_TURN) {
        e = V_CHAIR;
    } else if (is(local, "tekst")) {
        e = V_TEKST;
        v->tekst++;
    } else if (v->tekst && is(local, "alinea")) {
        sink_break(v->s, 2);
    }
    if (v->depth < VLOS_MAX_DEPTH)
        v->stack[v->depth] = e;
    v->depth++;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    struct vlos *v = ctx;
    if (v->depth <= 0)
        return;
    v->depth--;
    enum vlos_elem e = v->depth < VLOS_MAX_DEPTH ? v->stack[v->depth] : V_OTHER;
    switch (e) {
    case V_HEADING:
        v->heading--;
        sink_break(v->s, 2);
        break;
    case V_TURN:
        v->nturns--;
        sink_break(v->s, 2);
        if (v->nturns > 0 && v->nturns <= VLOS_MAX_TURNS)
            v->turns[v->nturns - 1].announced = false; /* the speaker resumes: say so again */
        break;
    case V_FIELD:
        v->field = -1;
        break;
    case V_TEKST:
        v->tekst--;
        sink_break(v->s, 2);
        break;
    default:
        if (v->tekst && is(local, "alinea"))
            sink_break(v->s, 2);
        else if (v->tekst && is(local, "alineaitem"))
            sink_break(v->s, 1);
        else
            v->s->space = true;
        break;
    }
    stop_if_full(v);
}

static bool blank(const xmlChar *p, int n)
{
    for (int i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\n' && p[i] != '\r' && p[i] != '\t')
            return false;
    return true;
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    struct vlos *v = ctx;
    if (len <= 0)
        return;
    enum vlos_elem e = parent(v);
    struct turn *t = v->nturns > 0 && v->nturns <= VLOS_MAX_TURNS ? &v->turns[v->nturns - 1] : NULL;
    if (e == V_FIELD && v->field >= 0 && t) {
        append_field(t->f[v->field], (const char *)ch, (size_t)len);
    } else if (e == V_CHAIR && t) {
        append_field(t->chair, (const char *)ch, len < 7 ? (size_t)len : 7);
    } else if (v->heading > 0 && e == V_HEADING) {
        sink_text(v->s, (const char *)ch, (size_t)len);
    } else if (v->tekst > 0) {
        if (t && !t->announced && !blank(ch, len))
            announce(v, t);
        sink_text(v->s, (const char *)ch, (size_t)len);
    }
    stop_if_full(v);
}

enum text_extract_status extract_vlos(const char *path, struct text_sink *s, char *why,
                                      size_t whylen)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    struct sax_run run;
    static const struct vlos zero;
    struct vlos *v = malloc(sizeof *v);
    if (!v)
        abort();
    *v = zero;
    v->s = s;
    v->run = &run;
    v->field = -1;
    if (sax_begin(&run, &sax, v, false, path)) {
        free(v);
        snprintf(why, whylen, "cannot create the XML parser");
        return TEXT_FAILED;
    }
    int fed = sax_feed_file(&run, path, TEXT_INPROC_MAX_INPUT, why, whylen);
    int bad = sax_end(&run);
    free(v);
    if (s->full) {
        snprintf(why, whylen, "text reached the cap of %zu bytes", s->max);
        return TEXT_TOO_LARGE;
    }
    if (fed == 1) {
        snprintf(why, whylen, "larger than the in-process limit of %lld MiB",
                 (long long)(TEXT_INPROC_MAX_INPUT >> 20));
        return TEXT_TOO_LARGE;
    }
    if (fed < 0)
        return TEXT_FAILED; /* cannot open or read; why says so */
    if (bad) {
        if (!text_has_words(s->out)) {
            snprintf(why, whylen, "not well-formed XML: %s", run.error);
            return TEXT_FAILED;
        }
        snprintf(why, whylen, "not well-formed XML (text up to the error kept): %s", run.error);
    }
    return TEXT_OK;
}
