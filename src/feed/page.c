/*
 * page — cuts a streamed SyncFeed page into <entry> elements and checks its envelope.
 *
 * The splitter looks only for the byte patterns "<entry" (followed by white space, '>' or '/')
 * and "</entry>": an entry's content is escaped XML, so neither can occur inside it except in
 * a comment or CDATA section, which the feed does not use. Bytes before the first entry (the
 * header) and after the last (the trailer) are kept, and together must form a well-formed
 * <feed> document: that is how a page cut short, or an HTML error page, is recognised.
 */
#include "feed/feed.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void feed_global_init(void)
{
    xmlInitParser();
}

enum split_state { S_HEAD, S_ENTRY, S_BETWEEN };

#define RAW_KEEP (64u << 10) /* raw text kept of an over-long entry */

struct feed_page {
    struct feed_page_cb cb;
    enum split_state state;
    struct buf pend;  /* received; bytes before `pos` are consumed */
    size_t pos;
    struct buf head;  /* before the first entry */
    struct buf tail;  /* after the last entry */
    struct buf root;  /* the <feed ...> start tag */
    size_t scanned;   /* bytes of pend already searched for "</entry>" */
    bool oversized;   /* the current entry exceeded FEED_MAX_ENTRY */
    size_t oversize_total;
    bool envelope_overflow;
    bool aborted;
    struct feed_entry_parser *ep;
    struct kw_entity ent;
    struct feed_page_result res;
};

struct feed_page *feed_page_new(void)
{
    struct feed_page *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ep = feed_entry_parser_new();
    if (!p->ep) {
        free(p);
        return NULL;
    }
    kw_entity_init(&p->ent);
    return p;
}

void feed_page_free(struct feed_page *p)
{
    if (!p)
        return;
    feed_entry_parser_free(p->ep);
    kw_entity_free(&p->ent);
    buf_free(&p->pend);
    buf_free(&p->head);
    buf_free(&p->tail);
    buf_free(&p->root);
    free(p);
}

void feed_page_begin(struct feed_page *p, const struct feed_page_cb *cb)
{
    p->cb = *cb;
    p->state = S_HEAD;
    buf_reset(&p->pend);
    p->pos = 0;
    buf_reset(&p->head);
    buf_reset(&p->tail);
    buf_reset(&p->root);
    p->scanned = 0;
    p->oversized = false;
    p->oversize_total = 0;
    p->envelope_overflow = false;
    p->aborted = false;
    memset(&p->res, 0, sizeof p->res);
    p->res.max_skiptoken = p->res.next_skiptoken = p->res.resume_skiptoken = -1;
}

/* Position of an "<entry" start tag in s[0..n), or -1. */
static long find_entry_start(const char *s, size_t n)
{
    const char *q = s;
    while ((size_t)(q - s) + 7 <= n) {
        q = memchr(q, '<', n - (size_t)(q - s));
        if (!q || (size_t)(q - s) + 7 > n)
            return -1;
        if (memcmp(q + 1, "entry", 5) == 0) {
            char c = q[6];
            if (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/')
                return (long)(q - s);
        }
        q++;
    }
    return -1;
}

/* Position of "</entry>" in s[0..n), or NULL. */
static const char *find_entry_end(const char *s, size_t n)
{
    const char *q = s, *end = s + n;
    while (q + 8 <= end) {
        q = memchr(q, '<', (size_t)(end - q));
        if (!q || q + 8 > end)
            return NULL;
        if (memcmp(q, "</entry>", 8) == 0)
            return q;
        q++;
    }
    return NULL;
}

static void keep_envelope(struct feed_page *p, struct buf *b, const char *s, size_t n)
{
    if (p->head.len + p->tail.len + n > FEED_MAX_HEAD) {
        p->envelope_overflow = true;
        return;
    }
    buf_add(b, s, n);
}

/* Extracts the <feed ...> start tag from the header for parsing entries in its context. */
static void capture_root(struct feed_page *p)
{
    const char *h = buf_cstr(&p->head);
    const char *f = h;
    while ((f = strstr(f, "<feed")) != NULL) {
        char c = f[5];
        if (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            break;
        f++;
    }
    if (!f)
        return;
    const char *gt = strchr(f, '>');
    if (!gt || gt[-1] == '/')
        return;
    buf_add(&p->root, f, (size_t)(gt - f + 1));
}

static void extract_guid(const char *raw, size_t n, char out[KW_GUID_LEN + 1])
{
    out[0] = '\0';
    const char *end = raw + n;
    for (const char *q = raw; q + 7 + KW_GUID_LEN <= end; q++) {
        if (*q == '<' && memcmp(q, "<title>", 7) == 0) {
            if (kw_guid_copy(out, q + 7, KW_GUID_LEN))
                return;
        }
        if (*q == 'i' && q + 4 + KW_GUID_LEN <= end && memcmp(q, "id=\"", 4) == 0 &&
            (q == raw || q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\t')) {
            if (kw_guid_copy(out, q + 4, KW_GUID_LEN))
                return;
        }
    }
}

static void note_skiptoken(struct feed_page *p, int64_t t)
{
    if (t > p->res.max_skiptoken)
        p->res.max_skiptoken = t;
}

static void handle_bad(struct feed_page *p, const char *raw, size_t n, const char *error)
{
    char guid[KW_GUID_LEN + 1];
    extract_guid(raw, n, guid);
    int64_t st = feed_href_skiptoken(raw, n);
    note_skiptoken(p, st);
    p->res.bad++;
    if (p->cb.bad && p->cb.bad(p->cb.ctx, raw, n, guid, st, error) != 0)
        p->aborted = true;
}

static void handle_entry(struct feed_page *p, const char *xml, size_t n)
{
    char err[256];
    p->res.entries++;
    if (feed_entry_parse(p->ep, p->root.data, p->root.len, xml, n, &p->ent, err, sizeof err)) {
        handle_bad(p, xml, n, err);
        return;
    }
    note_skiptoken(p, p->ent.skiptoken);
    if (p->cb.entity && p->cb.entity(p->cb.ctx, &p->ent) != 0)
        p->aborted = true;
}

int feed_page_push(struct feed_page *p, const char *data, size_t n)
{
    if (p->aborted)
        return -1;
    /* Drop what the previous call consumed (at most one partial entry remains), then append. */
    if (p->pos) {
        buf_consume(&p->pend, p->pos);
        p->scanned = p->scanned > p->pos ? p->scanned - p->pos : 0;
        p->pos = 0;
    }
    buf_add(&p->pend, data, n);
    for (;;) {
        const char *d = p->pend.data + p->pos;
        size_t avail = p->pend.len - p->pos;
        if (p->state != S_ENTRY) {
            struct buf *env = p->state == S_HEAD ? &p->head : &p->tail;
            long i = find_entry_start(d, avail);
            if (i < 0) {
                size_t keep = avail < 6 ? avail : 6;
                keep_envelope(p, env, d, avail - keep);
                p->pos += avail - keep;
                return 0;
            }
            keep_envelope(p, env, d, (size_t)i);
            p->pos += (size_t)i;
            if (p->state == S_HEAD)
                capture_root(p);
            buf_reset(&p->tail);
            p->state = S_ENTRY;
            p->scanned = p->pos;
            continue;
        }
        size_t from = p->scanned > p->pos + 7 ? p->scanned - 7 : p->pos;
        const char *hit = find_entry_end(p->pend.data + from, p->pend.len - from);
        if (!hit) {
            p->scanned = p->pend.len;
            if (!p->oversized && avail > FEED_MAX_ENTRY) {
                p->oversized = true;
                p->oversize_total = 0;
            }
            if (p->oversized && avail > RAW_KEEP + 8) {
                /* Keep the first RAW_KEEP bytes for the quarantine and the last 7 for the
                 * search; drop the middle so memory stays bounded. */
                size_t drop = avail - RAW_KEEP - 8;
                memmove(p->pend.data + p->pos + RAW_KEEP, p->pend.data + p->pos + RAW_KEEP + drop,
                        8);
                p->oversize_total += drop;
                buf_truncate(&p->pend, p->pos + RAW_KEEP + 8);
                p->scanned = p->pend.len;
            }
            return 0;
        }
        size_t end = (size_t)(hit - d) + 8;
        if (p->oversized) {
            char msg[128];
            snprintf(msg, sizeof msg, "entry larger than %u bytes (%zu bytes)", FEED_MAX_ENTRY,
                     end + p->oversize_total);
            p->res.entries++;
            handle_bad(p, d, end < RAW_KEEP ? end : RAW_KEEP, msg);
            p->oversized = false;
        } else {
            handle_entry(p, d, end);
        }
        p->pos += end;
        p->state = S_BETWEEN;
        if (p->aborted)
            return -1;
    }
}

static int parse_envelope(struct feed_page *p, char *err, size_t errlen)
{
    struct buf doc = BUF_INIT;
    buf_add(&doc, p->head.data ? p->head.data : "", p->head.len);
    buf_add(&doc, p->tail.data ? p->tail.data : "", p->tail.len);
    buf_add(&doc, p->pend.data ? p->pend.data + p->pos : "", p->pend.len - p->pos);
    xmlDocPtr d = xmlReadMemory(buf_cstr(&doc), (int)doc.len, "feed.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int rc = -1;
    if (!d) {
        const xmlError *e = xmlGetLastError();
        char msg[160];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not XML");
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        if (doc.len == 0)
            snprintf(err, errlen, "empty response body");
        else if (p->state == S_HEAD && p->res.entries == 0 && strstr(buf_cstr(&doc), "<Error>"))
            snprintf(err, errlen, "the server sent an error document instead of a feed");
        else
            snprintf(err, errlen, "page cut short or not a feed (%s)", msg);
        goto out;
    }
    xmlNodePtr root = xmlDocGetRootElement(d);
    if (!root || strcmp((const char *)root->name, "feed") != 0) {
        snprintf(err, errlen, "not an Atom feed (root element <%s>)",
                 root ? (const char *)root->name : "none");
        goto out;
    }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "link") != 0)
            continue;
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
        xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
        if (rel && href) {
            int64_t t = feed_href_skiptoken((const char *)href, strlen((const char *)href));
            if (!strcmp((const char *)rel, "next"))
                p->res.next_skiptoken = t >= 0 ? t : 0;
            else if (!strcmp((const char *)rel, "resume"))
                p->res.resume_skiptoken = t >= 0 ? t : 0;
        }
        xmlFree(rel);
        xmlFree(href);
    }
    rc = 0;
out:
    if (d)
        xmlFreeDoc(d);
    buf_free(&doc);
    return rc;
}

int feed_page_end(struct feed_page *p, struct feed_page_result *res, char *err, size_t errlen)
{
    int rc = 0;
    if (p->aborted) {
        snprintf(err, errlen, "page processing was aborted");
        rc = -1;
    } else if (p->state == S_ENTRY) {
        snprintf(err, errlen, "page cut short inside entry %zu", p->res.entries + 1);
        rc = -1;
    } else if (p->envelope_overflow) {
        snprintf(err, errlen, "feed header larger than %u bytes", FEED_MAX_HEAD);
        rc = -1;
    } else {
        rc = parse_envelope(p, err, errlen);
    }
    if (res)
        *res = p->res;
    return rc;
}
