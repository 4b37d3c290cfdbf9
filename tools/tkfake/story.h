/*
 * story.h — helpers shared by story.c (documents, cases, votes, questions) and story2.c
 * (activities, sittings and reports, commitments, updates, deletions, malformed entries).
 */
#ifndef TKFAKE_STORY_H
#define TKFAKE_STORY_H

#include "gen.h"

struct docspec {
    const char *soort;
    int topic;
    int64_t when;
    const char *onderwerp, *titel;
    int dossier;    /* -1: none */
    int volgnummer; /* -1: not a Kamerstuk */
    const uint8_t *zaak, *activiteit, *agendapunt, *bron;
    int signer;              /* member index, -1: none */
    const char *signer_fn;   /* function of the signer (ministers) */
    const char *zaaknummer;  /* identifiers for the text */
    const char *extid;       /* externeidentifier override */
};

struct docout {
    uint8_t guid[16];
    char nummer[16];
};

void st_document(struct gctx *c, const struct docspec *s, struct docout *o);
/* Starts a Zaak in c->e (not emitted): the caller adds refs and emits it. */
void st_zaak_begin(struct gctx *c, const char *soort, int topic, int64_t when,
                   const char *onderwerp, const char *titel, int dossier, int volgnummer,
                   char nummer[16]);
void st_zaakactor_member(struct gctx *c, const uint8_t zaak[16], int member, int64_t when,
                         const char *relatie);
void st_zaakactor_commissie(struct gctx *c, const uint8_t zaak[16], int topic);
void st_actor_name(const struct member *m, char *out, size_t n); /* "I. Achternaam" */
int st_party_of(struct gctx *c, int member, int64_t when);
const struct activity *st_debate(struct gctx *c, int topic);
void st_agendapunt(struct gctx *c, const struct activity *a, const char *onderwerp, int volgorde,
                   bool html_noot, uint8_t out[16]);
void st_activiteit(struct gctx *c, const char *soort, int topic, int64_t when, bool plenair,
                   struct activity *out);
void st_touch(struct ent *e);
void st_publication_tombstones(struct gctx *c);
void st_midnight(int64_t t, char out[TK_TS_LEN]);
void st_remember_doc(struct gctx *c, const char *nummer);
void st_event_fulfil(struct gctx *c, struct event *ev);
void st_event_verslag(struct gctx *c, struct event *ev);
void st_event_activity(struct gctx *c, struct event *ev);

#endif
