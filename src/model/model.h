/*
 * model — the one declarative description of the Tweede Kamer's entity types.
 *
 * Each of the 37 SyncFeed categories (35 known, plus the two publication types) is one `struct kw_type`: its category name (as in
 * `Feed?category=`), its XML element (lowerCamelCase, as inside <content>), whether it is
 * serialised with the `ns1:` prefix, whether it carries a downloadable resource, its scalar
 * fields and its references. The feed parser, the SQLite schema, the upserts, the JSON writer
 * and the synthetic corpus generator all read this table; a new field in the feed is one line
 * here. Nothing in this module does I/O.
 *
 * Storage conventions derived from the table (see store/):
 *   table  "<category>"            id, skiptoken, bijgewerkt, updated, placeholder, [content_type,
 *                                  content_length, enclosure], one column per field, and
 *                                  "<ref>_id" per single-valued reference
 *   table  "<category>_<ref>"      (src, dst) per multi-valued reference
 */
#ifndef KW_MODEL_MODEL_H
#define KW_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

enum kw_ftype {
    KW_TEXT,     /* free text or token */
    KW_INT,      /* signed 64-bit integer */
    KW_BOOL,     /* true/false (any case) -> 1/0 */
    KW_DATE,     /* YYYY-MM-DD, stored as is */
    KW_DATETIME, /* any feed date-time; stored as UTC "YYYY-MM-DDTHH:MM:SSZ" */
    KW_DECIMAL,  /* decimal number -> REAL */
};

struct kw_field {
    const char *xml;    /* child element's local name; "a/b" for a nested element */
    const char *column; /* SQL column name */
    enum kw_ftype type;
    bool indexed;       /* create an index on this column */
};

struct kw_ref {
    const char *xml;    /* child element's local name (carries ref="<guid>") */
    const char *target; /* category of the referenced entity */
    bool many;          /* may repeat: stored in "<category>_<xml>" */
};

struct kw_type {
    const char *category; /* e.g. "Document" */
    const char *element;  /* e.g. "document" */
    bool ns1;             /* serialised with the ns1: prefix (Toezegging, Vergadering, Verslag) */
    bool download;        /* has contentType/contentLength and an enclosure */
    const struct kw_field *fields;
    size_t nfields;
    const struct kw_ref *refs;
    size_t nrefs;
};

#define KW_NS_TKDATA "http://www.tweedekamer.nl/xsd/tkData/v1-0"
#define KW_NS_ATOM "http://www.w3.org/2005/Atom"
#define KW_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

extern const struct kw_type kw_types[];
extern const size_t kw_ntypes;

/* Lookups; NULL when unknown. Category names match exactly, element names case-insensitively. */
const struct kw_type *kw_type_by_category(const char *category);
const struct kw_type *kw_type_by_element(const char *element, size_t len);
/* Index of a type in kw_types. */
size_t kw_type_index(const struct kw_type *t);

/* A child element of an entity resolved against its type: a field, a reference, or neither. */
struct kw_member {
    int field; /* index into t->fields, or -1 */
    int ref;   /* index into t->refs, or -1 */
};
/* Resolves a child's local name (or "parent/child" for nested elements). */
struct kw_member kw_member_lookup(const struct kw_type *t, const char *name, size_t len);

/* Is this the shape of a GUID (8-4-4-4-12 hex digits, either case)? */
bool kw_is_guid(const char *s, size_t n);

#endif
