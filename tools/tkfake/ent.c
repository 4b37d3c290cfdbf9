/*
 * ent — one entity under construction, shaped by the model table (src/model/model.c), and its
 * serialisation to the feed's entity XML.
 *
 * Every field of the type starts as nil (rendered `<x xsi:nil="true"/>`); a story fills what it
 * knows. Rendering follows the order seen in real data: single-valued references, then the
 * scalar fields in model order (nested `a/b` fields grouped under one `<a>`), then the
 * multi-valued references, then any unknown extra element. Toezegging, Vergadering and
 * Verslag get the `ns1:` prefix on the element, every child and the attributes (not on `id`).
 */
#include "tkfake.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ent_init(struct ent *e)
{
    memset(e, 0, sizeof *e);
    buf_init(&e->store);
    buf_init(&e->res_meta);
}

void ent_free(struct ent *e)
{
    buf_free(&e->store);
    buf_free(&e->res_meta);
}

void ent_begin(struct ent *e, int cat, uint32_t serial, const uint8_t guid[16])
{
    struct buf store = e->store, meta = e->res_meta;
    memset(e, 0, sizeof *e);
    e->store = store;
    e->res_meta = meta;
    buf_reset(&e->store);
    buf_reset(&e->res_meta);
    buf_addc(&e->store, '\0'); /* offset 0 is never a value */
    e->t = &kw_types[cat];
    e->cat = cat;
    e->serial = serial;
    memcpy(e->guid, guid, 16);
    e->bw_form = -1;
}

void ent_copy(struct ent *dst, const struct ent *src)
{
    struct buf store = dst->store, meta = dst->res_meta;
    *dst = *src;
    dst->store = store;
    dst->res_meta = meta;
    buf_reset(&dst->store);
    buf_add(&dst->store, src->store.data, src->store.len);
    buf_reset(&dst->res_meta);
    buf_add(&dst->res_meta, src->res_meta.data, src->res_meta.len);
}

static int field_index(const struct ent *e, const char *field)
{
    for (size_t i = 0; i < e->t->nfields; i++)
        if (strcmp(e->t->fields[i].xml, field) == 0)
            return (int)i;
    fprintf(stderr, "tkfake: internal error: %s has no field %s\n", e->t->category, field);
    return -1;
}

static int ref_index(const struct ent *e, const char *ref)
{
    for (size_t i = 0; i < e->t->nrefs; i++)
        if (strcmp(e->t->refs[i].xml, ref) == 0)
            return (int)i;
    fprintf(stderr, "tkfake: internal error: %s has no reference %s\n", e->t->category, ref);
    return -1;
}

void ent_set(struct ent *e, const char *field, const char *val)
{
    int i = field_index(e, field);
    if (i < 0)
        return;
    if (!val) {
        e->fstate[i] = FS_NIL;
        return;
    }
    e->fstate[i] = FS_VAL;
    e->foff[i] = (uint32_t)e->store.len;
    buf_add(&e->store, val, strlen(val) + 1);
}

void ent_setf(struct ent *e, const char *field, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    ent_set(e, field, tmp);
}

void ent_setb(struct ent *e, const char *field, bool v)
{
    if (e->bool_caps)
        ent_set(e, field, v ? "True" : "False");
    else
        ent_set(e, field, v ? "true" : "false");
}

void ent_nil(struct ent *e, const char *field)
{
    int i = field_index(e, field);
    if (i >= 0)
        e->fstate[i] = FS_NIL;
}

void ent_omit(struct ent *e, const char *field)
{
    int i = field_index(e, field);
    if (i >= 0)
        e->fstate[i] = FS_OMIT;
}

const char *ent_get(const struct ent *e, const char *field)
{
    int i = field_index(e, field);
    if (i < 0 || e->fstate[i] != FS_VAL)
        return NULL;
    return e->store.data + e->foff[i];
}

void ent_ref_bw(struct ent *e, const char *ref, const uint8_t guid[16], int64_t bw)
{
    int i = ref_index(e, ref);
    if (i < 0 || e->nrefs >= ENT_MAXR)
        return;
    if (!e->t->refs[i].many)
        ent_drop_ref(e, ref, NULL);
    for (int k = 0; k < e->nrefs; k++) /* a relation holds a GUID once */
        if (e->refs[k].idx == i && memcmp(e->refs[k].guid, guid, 16) == 0)
            return;
    struct ent_ref *r = &e->refs[e->nrefs++];
    r->idx = (uint8_t)i;
    memcpy(r->guid, guid, 16);
    r->bw = bw;
}

void ent_ref(struct ent *e, const char *ref, const uint8_t guid[16])
{
    ent_ref_bw(e, ref, guid, 0);
}

int ent_drop_ref(struct ent *e, const char *ref, const uint8_t *guid)
{
    int i = ref_index(e, ref), n = 0, o = 0;
    for (int k = 0; k < e->nrefs; k++) {
        if (e->refs[k].idx == i && (!guid || memcmp(e->refs[k].guid, guid, 16) == 0)) {
            n++;
            continue;
        }
        e->refs[o++] = e->refs[k];
    }
    e->nrefs = o;
    return n;
}

int ent_count_ref(const struct ent *e, const char *ref)
{
    int i = ref_index(e, ref), n = 0;
    for (int k = 0; k < e->nrefs; k++)
        n += e->refs[k].idx == i;
    return n;
}

const uint8_t *ent_first_ref(const struct ent *e, const char *ref)
{
    int i = ref_index(e, ref);
    for (int k = 0; k < e->nrefs; k++)
        if (e->refs[k].idx == i)
            return e->refs[k].guid;
    return NULL;
}

/* XML text escaping; `&` left raw when `raw_amp` (the malformed-entry quirk). */
static void xml_esc(struct buf *out, const char *s, bool raw_amp)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = raw_amp ? NULL : "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: break;
        }
        if (rep) {
            buf_add(out, run, (size_t)(s - run));
            buf_adds(out, rep);
            run = s + 1;
        }
    }
    buf_add(out, run, (size_t)(s - run));
}

static void bw_text(const struct ent *e, char ts[TK_TS_LEN])
{
    switch (e->bw_form) {
    case BW_LOCAL7: tk_ts_local7(e->bw, e->bw_frac, ts); break;
    case BW_OFFSET7: tk_ts_offset7(e->bw, e->bw_frac, ts); break;
    default: tk_ts_utc_ms(e->bw, e->bw_frac, ts); break;
    }
}

static void render_refs(const struct ent *e, struct buf *out, const char *p, bool many)
{
    char g[37], ts[TK_TS_LEN];
    for (size_t i = 0; i < e->t->nrefs; i++) {
        if (e->t->refs[i].many != many)
            continue;
        for (int k = 0; k < e->nrefs; k++) {
            if (e->refs[k].idx != i)
                continue;
            tk_guid_fmt(e->refs[k].guid, g);
            buf_printf(out, "<%s%s ref=\"%s\"", p, e->t->refs[i].xml, g);
            if (e->refs[k].bw) {
                tk_ts_offset7(e->refs[k].bw, 0, ts);
                buf_printf(out, " %sbijgewerkt=\"%s\"", *p ? p : "tk:", ts);
            }
            buf_adds(out, "/>");
        }
    }
}

static void render_value(const struct ent *e, size_t i, const char *p, const char *name,
                         struct buf *out)
{
    if (e->fstate[i] == FS_OMIT)
        return;
    if (e->fstate[i] == FS_NIL) {
        buf_printf(out, "<%s%s xsi:nil=\"true\"/>", p, name);
        return;
    }
    buf_printf(out, "<%s%s>", p, name);
    xml_esc(out, e->store.data + e->foff[i], e->malform == 1 && i == 0);
    if (e->malform == 2 && i == 0)
        buf_printf(out, "</%s%sX>", p, name); /* mismatched end tag */
    else
        buf_printf(out, "</%s%s>", p, name);
}

static void render_fields(const struct ent *e, struct buf *out, const char *p)
{
    const struct kw_type *t = e->t;
    for (size_t i = 0; i < t->nfields; i++) {
        const char *name = t->fields[i].xml;
        const char *slash = strchr(name, '/');
        if (!slash) {
            render_value(e, i, p, name, out);
            continue;
        }
        /* a group of nested fields sharing the parent element */
        size_t plen = (size_t)(slash - name);
        size_t j = i;
        bool any = false;
        while (j < t->nfields && strncmp(t->fields[j].xml, name, plen) == 0 &&
               t->fields[j].xml[plen] == '/') {
            any |= e->fstate[j] != FS_OMIT;
            j++;
        }
        if (any) {
            buf_printf(out, "<%s%.*s>", p, (int)plen, name);
            for (size_t k = i; k < j; k++)
                render_value(e, k, p, t->fields[k].xml + plen + 1, out);
            buf_printf(out, "</%s%.*s>", p, (int)plen, name);
        }
        i = j - 1;
    }
}

void ent_render(const struct ent *e, const char *content_type, bool compact, struct buf *out)
{
    const struct kw_type *t = e->t;
    const char *p = t->ns1 ? "ns1:" : "";
    const char *ap = t->ns1 ? "ns1:" : "tk:";
    char g[37], ts[TK_TS_LEN];
    tk_guid_fmt(e->guid, g);
    bw_text(e, ts);
    buf_printf(out, "<%s%s", p, t->element);
    if (compact)
        buf_addc(out, t->ns1 ? TK_MARK_NS1 : TK_MARK_DECL);
    else
        buf_adds(out, t->ns1 ? TK_NS1_DECL : TK_NS_DECL);
    const char *verw = (e->flags & EF_TOMB) ? (e->verw_caps ? "True" : "true") : "false";
    buf_printf(out, " id=\"%s\" %sbijgewerkt=\"%s\" %sverwijderd=\"%s\"", g, ap, ts, ap, verw);
    if ((e->flags & EF_RES) && content_type)
        buf_printf(out, " %scontentType=\"%s\" %scontentLength=\"%u\"", ap, content_type, ap,
                   e->res_len);
    if (e->flags & (EF_TOMB | EF_PLACEHOLDER)) {
        buf_adds(out, "/>");
        return;
    }
    buf_addc(out, '>');
    render_refs(e, out, p, false);
    render_fields(e, out, p);
    render_refs(e, out, p, true);
    if (e->extra[0])
        buf_adds(out, e->extra);
    buf_printf(out, "</%s%s>", p, t->element);
}

void json_str(struct buf *out, const char *s)
{
    buf_addc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            buf_printf(out, "\\%c", c);
        else if (c == '\n')
            buf_adds(out, "\\n");
        else if (c < 0x20)
            buf_printf(out, "\\u%04x", c);
        else
            buf_addc(out, (char)c);
    }
    buf_addc(out, '"');
}

void ent_spot_json(const struct ent *e, struct buf *out)
{
    const struct kw_type *t = e->t;
    char g[37];
    bool live = !(e->flags & EF_TOMB);
    buf_printf(out, "\"live\": %s, \"placeholder\": %s", live ? "true" : "false",
               (e->flags & EF_PLACEHOLDER) ? "true" : "false");
    if (!live || (e->flags & EF_PLACEHOLDER))
        return;
    buf_adds(out, ", \"fields\": {");
    bool first = true;
    for (size_t i = 0; i < t->nfields; i++) {
        if (e->fstate[i] == FS_OMIT)
            continue;
        buf_adds(out, first ? "" : ", ");
        first = false;
        json_str(out, t->fields[i].xml);
        buf_adds(out, ": ");
        if (e->fstate[i] == FS_NIL)
            buf_adds(out, "null");
        else
            json_str(out, e->store.data + e->foff[i]);
    }
    buf_adds(out, "}, \"refs\": {");
    for (size_t i = 0; i < t->nrefs; i++) {
        buf_adds(out, i ? ", " : "");
        json_str(out, t->refs[i].xml);
        buf_adds(out, ": [");
        bool f2 = true;
        for (int k = 0; k < e->nrefs; k++) {
            if (e->refs[k].idx != i)
                continue;
            tk_guid_fmt(e->refs[k].guid, g);
            buf_printf(out, "%s\"%s\"", f2 ? "" : ", ", g);
            f2 = false;
        }
        buf_addc(out, ']');
    }
    buf_addc(out, '}');
    if (e->extra[0])
        buf_adds(out, ", \"unknown_element\": true");
}
