/*
 * entity — the in-memory record of one entity version; see entity.h.
 */
#include "model/entity.h"

#include <stdlib.h>
#include <string.h>

void kw_entity_init(struct kw_entity *e)
{
    memset(e, 0, sizeof *e);
    buf_init(&e->arena);
    kw_entity_reset(e);
}

void kw_entity_free(struct kw_entity *e)
{
    free(e->refs);
    buf_free(&e->arena);
    memset(e, 0, sizeof *e);
}

void kw_entity_reset(struct kw_entity *e)
{
    e->type = NULL;
    e->id[0] = '\0';
    e->deleted = e->placeholder = false;
    e->skiptoken = -1;
    e->content_length = -1;
    memset(&e->updated, 0, sizeof e->updated);
    memset(&e->bijgewerkt, 0, sizeof e->bijgewerkt);
    memset(&e->content_type, 0, sizeof e->content_type);
    memset(&e->enclosure, 0, sizeof e->enclosure);
    memset(e->fields, 0, sizeof e->fields);
    e->nrefs = 0;
    e->unknown = e->anomalies = 0;
    e->first_unknown[0] = '\0';
    buf_reset(&e->arena);
    /* Offset 0 is a shared empty string for absent and nil values. */
    buf_addc(&e->arena, '\0');
}

void kw_entity_set(struct kw_entity *e, struct kw_value *v, const char *s, size_t n)
{
    v->off = (uint32_t)e->arena.len;
    v->len = (uint32_t)n;
    v->state = KW_PRESENT;
    buf_add(&e->arena, s, n);
    buf_addc(&e->arena, '\0');
}

const char *kw_entity_text(const struct kw_entity *e, const struct kw_value *v)
{
    if (v->state != KW_PRESENT)
        return "";
    return e->arena.data + v->off;
}

bool kw_guid_copy(char *out, const char *s, size_t n)
{
    if (!kw_is_guid(s, n))
        return false;
    for (size_t i = 0; i < KW_GUID_LEN; i++) {
        char c = s[i];
        out[i] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
    }
    out[KW_GUID_LEN] = '\0';
    return true;
}

bool kw_entity_add_ref(struct kw_entity *e, int ref, const char *guid)
{
    if (!e->type->refs[ref].many) {
        for (size_t i = 0; i < e->nrefs; i++)
            if (e->refs[i].ref == ref) {
                e->anomalies++;
                return false;
            }
    }
    if (e->nrefs == e->caprefs) {
        size_t cap = e->caprefs ? e->caprefs * 2 : 16;
        struct kw_refval *p = realloc(e->refs, cap * sizeof *p);
        if (!p)
            abort();
        e->refs = p;
        e->caprefs = cap;
    }
    struct kw_refval *r = &e->refs[e->nrefs++];
    r->ref = (uint16_t)ref;
    memcpy(r->guid, guid, KW_GUID_LEN + 1);
    return true;
}
