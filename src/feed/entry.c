/*
 * entry — one Atom <entry> to one kw_entity, with libxml2's SAX2 push parser.
 *
 * Entries are fed one at a time into one continuous parse of the page that starts with the
 * feed's root start tag, so namespace declarations made there apply and the root is parsed
 * once per page. After each entry the parser must be back between entries (depth 1); if the
 * entry was not well-formed, or left an element open, it is reported and the stream is
 * restarted (xmlCtxtResetPush) for the next entry, so one bad entry spoils nothing else.
 *
 * Depths while parsing: 0 <feed>, 1 <entry>, 2 Atom children (title, link, content, ...),
 * 3 the entity element inside <content>, 4 its fields and references, 5 nested fields such as
 * periode/van. Everything is matched by local name.
 */
#include "feed/feed.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum capture { CAP_NONE, CAP_TITLE, CAP_UPDATED, CAP_FIELD };

struct feed_entry_parser {
    xmlParserCtxtPtr ctxt;
    struct kw_entity *e;
    int depth;
    bool in_content;
    bool saw_entity;
    bool entity_has_children;
    char title[64];
    size_t title_len;
    enum capture cap;
    int cap_field;     /* field index when cap == CAP_FIELD */
    bool child_nested; /* the current depth-4 child has element children */
    char child[64];    /* local name of the current depth-4 child */
    int child_field, child_ref; /* the current depth-4 child resolved at its start */
    struct buf text;
    struct buf root; /* the root start tag of the live stream */
    bool live;       /* the stream is open and positioned between entries */
    char err[256];
    bool failed;
};

static bool lname_is(const xmlChar *a, const char *b)
{
    return strcmp((const char *)a, b) == 0;
}

static const char *attr_value(int nb, const xmlChar **attrs, const char *name, size_t *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + i * 5;
        if (lname_is(a[0], name)) {
            *len = (size_t)(a[4] - a[3]);
            return (const char *)a[3];
        }
    }
    return NULL;
}

static bool is_true(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return (n == 4 && strncasecmp(s, "true", 4) == 0) || (n == 1 && s[0] == '1');
}

static void fail(struct feed_entry_parser *ep, const char *msg, const char *what)
{
    if (ep->failed)
        return;
    ep->failed = true;
    snprintf(ep->err, sizeof ep->err, "%s%s%s", msg, what ? " " : "", what ? what : "");
}

static void entity_start(struct feed_entry_parser *ep, const xmlChar *lname, int nb,
                         const xmlChar **attrs)
{
    struct kw_entity *e = ep->e;
    if (ep->saw_entity) {
        fail(ep, "more than one entity inside <content>", NULL);
        return;
    }
    ep->saw_entity = true;
    size_t n = strlen((const char *)lname);
    e->type = kw_type_by_element((const char *)lname, n);
    if (!e->type) {
        fail(ep, "unknown entity element", (const char *)lname);
        return;
    }
    size_t len;
    const char *v;
    if ((v = attr_value(nb, attrs, "id", &len)) && !kw_guid_copy(e->id, v, len))
        e->id[0] = '\0';
    if ((v = attr_value(nb, attrs, "bijgewerkt", &len)))
        kw_entity_set(e, &e->bijgewerkt, v, len);
    if ((v = attr_value(nb, attrs, "verwijderd", &len)))
        e->deleted = is_true(v, len);
    if ((v = attr_value(nb, attrs, "contentType", &len)))
        kw_entity_set(e, &e->content_type, v, len);
    if ((v = attr_value(nb, attrs, "contentLength", &len))) {
        char tmp[32];
        if (len < sizeof tmp) {
            memcpy(tmp, v, len);
            tmp[len] = '\0';
            char *end;
            long long x = strtoll(tmp, &end, 10);
            if (end != tmp && *end == '\0' && x >= 0)
                e->content_length = x;
        }
    }
}

static void child_start(struct feed_entry_parser *ep, const char *name, int nb,
                        const xmlChar **attrs)
{
    struct kw_entity *e = ep->e;
    ep->entity_has_children = true;
    struct kw_member m = kw_member_lookup(e->type, name, strlen(name));
    ep->child_field = m.field;
    ep->child_ref = m.ref;
    size_t len;
    const char *v;
    if (m.ref >= 0) {
        if ((v = attr_value(nb, attrs, "ref", &len))) {
            char guid[KW_GUID_LEN + 1];
            if (kw_guid_copy(guid, v, len))
                kw_entity_add_ref(e, m.ref, guid);
            else
                e->anomalies++;
        }
        return;
    }
    if (m.field >= 0) {
        struct kw_value *fv = &e->fields[m.field];
        if (fv->state != KW_ABSENT)
            e->anomalies++; /* a repeated scalar: the last one wins */
        if ((v = attr_value(nb, attrs, "nil", &len)) && is_true(v, len)) {
            fv->state = KW_NIL;
            fv->off = fv->len = 0;
            return;
        }
        ep->cap = CAP_FIELD;
        ep->cap_field = m.field;
        buf_reset(&ep->text);
        return;
    }
}

static void sax_start(void *ctx, const xmlChar *lname, const xmlChar *prefix, const xmlChar *uri,
                      int nb_ns, const xmlChar **ns, int nb_attrs, int nb_def,
                      const xmlChar **attrs)
{
    struct feed_entry_parser *ep = ctx;
    struct kw_entity *e = ep->e;
    int d = ep->depth++;
    if (ep->failed || !e)
        return;
    if (d == 2) {
        if (lname_is(lname, "title")) {
            ep->cap = CAP_TITLE;
            buf_reset(&ep->text);
        } else if (lname_is(lname, "updated")) {
            ep->cap = CAP_UPDATED;
            buf_reset(&ep->text);
        } else if (lname_is(lname, "link")) {
            size_t rl = 0, hl = 0;
            const char *rel = attr_value(nb_attrs, attrs, "rel", &rl);
            const char *href = attr_value(nb_attrs, attrs, "href", &hl);
            if (rel && href && rl == 4 && !memcmp(rel, "next", 4)) {
                e->skiptoken = feed_href_skiptoken(href, hl);
            } else if (rel && href && rl == 9 && !memcmp(rel, "enclosure", 9)) {
                kw_entity_set(e, &e->enclosure, href, hl);
            }
        } else if (lname_is(lname, "content")) {
            ep->in_content = true;
        }
    } else if (d == 3 && ep->in_content) {
        entity_start(ep, lname, nb_attrs, attrs);
    } else if (d == 4 && ep->in_content && e->type) {
        size_t n = strlen((const char *)lname);
        if (n >= sizeof ep->child)
            n = sizeof ep->child - 1;
        memcpy(ep->child, lname, n);
        ep->child[n] = '\0';
        ep->child_nested = false;
        child_start(ep, ep->child, nb_attrs, attrs);
    } else if (d == 5 && ep->in_content && e->type) {
        /* A nested field such as <periode><van>: resolve "periode/van". */
        char path[160];
        ep->child_nested = true;
        ep->cap = CAP_NONE;
        snprintf(path, sizeof path, "%s/%s", ep->child, (const char *)lname);
        child_start(ep, path, nb_attrs, attrs);
    }
}

static void count_unknown(struct feed_entry_parser *ep, const char *name)
{
    struct kw_entity *e = ep->e;
    if (e->unknown++ == 0)
        snprintf(e->first_unknown, sizeof e->first_unknown, "%s", name);
}

static void sax_end(void *ctx, const xmlChar *lname, const xmlChar *prefix, const xmlChar *uri)
{
    struct feed_entry_parser *ep = ctx;
    struct kw_entity *e = ep->e;
    int d = --ep->depth;
    if (ep->failed || !e)
        return;
    if (d == 2) {
        if (ep->cap == CAP_TITLE) {
            size_t n = ep->text.len < sizeof ep->title - 1 ? ep->text.len : sizeof ep->title - 1;
            memcpy(ep->title, buf_cstr(&ep->text), n);
            ep->title[n] = '\0';
            ep->title_len = ep->text.len;
        } else if (ep->cap == CAP_UPDATED) {
            kw_entity_set(e, &e->updated, ep->text.data ? ep->text.data : "", ep->text.len);
        } else if (lname_is(lname, "content")) {
            ep->in_content = false;
        }
        ep->cap = CAP_NONE;
    } else if ((d == 4 || d == 5) && ep->in_content && e->type) {
        if (ep->cap == CAP_FIELD) {
            kw_entity_set(e, &e->fields[ep->cap_field], buf_cstr(&ep->text), ep->text.len);
        } else if (d == 4 && !ep->child_nested && ep->child_ref < 0 && ep->child_field < 0) {
            count_unknown(ep, ep->child);
        } else if (d == 5) {
            char path[160];
            snprintf(path, sizeof path, "%s/%s", ep->child, (const char *)lname);
            struct kw_member m = kw_member_lookup(e->type, path, strlen(path));
            if (m.field < 0 && m.ref < 0)
                count_unknown(ep, path);
        }
        ep->cap = CAP_NONE;
    }
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    struct feed_entry_parser *ep = ctx;
    if (ep->cap != CAP_NONE && !ep->failed)
        buf_add(&ep->text, ch, (size_t)len);
}

static void sax_error(void *ctx, xmlErrorPtr error)
{
    struct feed_entry_parser *ep = ctx;
    if (error->level < XML_ERR_ERROR || ep->failed)
        return;
    char msg[200];
    snprintf(msg, sizeof msg, "%s", error->message ? error->message : "XML error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    ep->failed = true;
    snprintf(ep->err, sizeof ep->err, "malformed XML at line %d: %s", error->line, msg);
}

struct feed_entry_parser *feed_entry_parser_new(void)
{
    struct feed_entry_parser *ep = calloc(1, sizeof *ep);
    if (!ep)
        return NULL;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_chars;
    sax.cdataBlock = sax_chars;
    sax.serror = sax_error;
    ep->ctxt = xmlCreatePushParserCtxt(&sax, ep, NULL, 0, NULL);
    if (!ep->ctxt) {
        free(ep);
        return NULL;
    }
    xmlCtxtUseOptions(ep->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    buf_init(&ep->text);
    return ep;
}

void feed_entry_parser_free(struct feed_entry_parser *ep)
{
    if (!ep)
        return;
    xmlFreeParserCtxt(ep->ctxt);
    buf_free(&ep->text);
    buf_free(&ep->root);
    free(ep);
}

static const char default_root[] =
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";

/* (Re)starts the stream with the given root start tag. */
static int restart(struct feed_entry_parser *ep, const char *root, size_t rlen)
{
    buf_reset(&ep->root);
    buf_add(&ep->root, root, rlen);
    ep->live = false;
    ep->depth = 0;
    ep->failed = false;
    ep->e = NULL;
    if (xmlCtxtResetPush(ep->ctxt, NULL, 0, NULL, NULL) != 0)
        return -1;
    xmlCtxtUseOptions(ep->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    xmlParseChunk(ep->ctxt, root, (int)rlen, 0);
    if (ep->failed || !ep->ctxt->wellFormed || ep->depth != 1)
        return -1;
    ep->live = true;
    return 0;
}

int feed_entry_parse(struct feed_entry_parser *ep, const char *root, size_t rlen,
                     const char *xml, size_t len, struct kw_entity *e, char *err, size_t errlen)
{
    if (!root || !rlen) {
        root = default_root;
        rlen = sizeof default_root - 1;
    }
    kw_entity_reset(e);
    if (!ep->live || rlen != ep->root.len || memcmp(root, ep->root.data, rlen) != 0) {
        if (restart(ep, root, rlen) && restart(ep, default_root, sizeof default_root - 1)) {
            snprintf(err, errlen, "cannot start the XML parser");
            return -1;
        }
    }
    ep->e = e;
    ep->in_content = ep->saw_entity = ep->entity_has_children = false;
    ep->title[0] = '\0';
    ep->title_len = 0;
    ep->cap = CAP_NONE;
    ep->failed = false;
    ep->err[0] = '\0';
    if (len > (size_t)INT32_MAX)
        len = INT32_MAX;
    xmlParseChunk(ep->ctxt, xml, (int)len, 0);
    if (!ep->failed && !ep->ctxt->wellFormed)
        fail(ep, "malformed XML", NULL);
    if (!ep->failed && ep->depth != 1)
        fail(ep, "malformed XML: the entry leaves an element open", NULL);
    if (ep->failed)
        ep->live = false; /* the next entry starts a fresh stream */
    if (!ep->failed && !ep->saw_entity)
        fail(ep, "entry has no entity inside <content>", NULL);
    if (!ep->failed && !e->id[0]) {
        /* The entity's id attribute is authoritative; the Atom title carries the same GUID. */
        if (!kw_guid_copy(e->id, ep->title, ep->title_len))
            fail(ep, "entry has no valid GUID", NULL);
    }
    ep->e = NULL;
    if (ep->failed) {
        snprintf(err, errlen, "%s", ep->err);
        return -1;
    }
    e->placeholder = !e->deleted && !ep->entity_has_children;
    if (e->deleted) {
        /* A tombstone carries no data, whatever else the element holds. */
        memset(e->fields, 0, sizeof e->fields);
        e->nrefs = 0;
    }
    return 0;
}

int64_t feed_href_skiptoken(const char *href, size_t n)
{
    static const char key[] = "skiptoken=";
    const size_t kl = sizeof key - 1;
    for (size_t i = 0; i + kl <= n; i++) {
        if ((i == 0 || href[i - 1] == '?' || href[i - 1] == '&' || href[i - 1] == ';') &&
            strncasecmp(href + i, key, kl) == 0) {
            size_t j = i + kl;
            int64_t v = 0;
            size_t digits = 0;
            while (j < n && href[j] >= '0' && href[j] <= '9' && digits < 18) {
                v = v * 10 + (href[j] - '0');
                j++, digits++;
            }
            return digits ? v : -1;
        }
    }
    return -1;
}
