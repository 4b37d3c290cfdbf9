/*
 * entity — one version of one entity as read from the feed, in the shape of its kw_type.
 *
 * The feed parser fills a struct kw_entity; the store consumes it. Values are kept as the
 * raw text of the XML (conversion to typed columns is the store's job) in one arena, so an
 * entity costs no allocation per field once the arena has grown. A kw_entity is reused from
 * entry to entry with kw_entity_reset().
 *
 * States of a field: absent (no element), nil (xsi:nil="true"), or present (text, maybe "").
 */
#ifndef KW_MODEL_ENTITY_H
#define KW_MODEL_ENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"

#define KW_MAX_FIELDS 32
#define KW_GUID_LEN 36

enum kw_vstate { KW_ABSENT = 0, KW_NIL = 1, KW_PRESENT = 2 };

struct kw_value {
    uint32_t off, len; /* into arena */
    uint8_t state;     /* enum kw_vstate */
};

struct kw_refval {
    uint16_t ref;                 /* index into type->refs */
    char guid[KW_GUID_LEN + 1];   /* lower case */
};

struct kw_entity {
    const struct kw_type *type;
    char id[KW_GUID_LEN + 1]; /* lower case */
    bool deleted;             /* tombstone: verwijderd="true" */
    bool placeholder;         /* not deleted, but no child elements at all */
    int64_t skiptoken;        /* from the entry's rel="next" link; -1 when absent */
    int64_t content_length;   /* -1 when absent */
    struct kw_value updated, bijgewerkt, content_type, enclosure;
    struct kw_value fields[KW_MAX_FIELDS];
    struct kw_refval *refs;
    size_t nrefs, caprefs;
    int unknown;   /* child elements the model does not know (ignored) */
    int anomalies; /* e.g. a single-valued reference given twice; the first is kept */
    char first_unknown[64];
    struct buf arena;
};

void kw_entity_init(struct kw_entity *e);
void kw_entity_free(struct kw_entity *e);
/* Clears every value for the next entry; keeps memory. */
void kw_entity_reset(struct kw_entity *e);
/* Stores text in the arena and points v at it. */
void kw_entity_set(struct kw_entity *e, struct kw_value *v, const char *s, size_t n);
/* Appends a reference (guid lower-cased). Returns false (and counts an anomaly) when a
 * single-valued reference of the same kind is already present. */
bool kw_entity_add_ref(struct kw_entity *e, int ref, const char *guid);
/* Pointer to a value's text (NUL-terminated); "" when absent or nil. */
const char *kw_entity_text(const struct kw_entity *e, const struct kw_value *v);

/* Copies a GUID lower-cased into out (KW_GUID_LEN + 1 bytes); false if s is not a GUID. */
bool kw_guid_copy(char *out, const char *s, size_t n);

#endif
