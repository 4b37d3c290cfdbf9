/*
 * synonym — what people call things versus what the Kamer calls them: "kamervragen" are
 * documents of soort "Schriftelijke vragen", a "kamerbrief" is a "Brief regering". A bare word
 * of the query that is such a common name becomes (word OR "official name"), before the query
 * is parsed, so the understood line shows it. Words in quotes, after '-', and filter names
 * and values are left alone.
 */
#include "search/search_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *word, *official;
} synonyms[] = {
    {"kamervragen", "schriftelijke vragen"},
    {"kamervraag", "schriftelijke vragen"},
    {"kamerbrief", "brief regering"},
    {"kamerbrieven", "brief regering"},
    {"wetsvoorstel", "voorstel van wet"},
    {"wetsvoorstellen", "voorstel van wet"},
    {"vragenuur", "mondelinge vragen"},
    {"premier", "minister-president"},
};

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80 || c == '-' || c == '\'';
}

size_t search_expand_synonyms(struct buf *b, const char **first, const char **official)
{
    size_t n = 0;
    *first = *official = NULL;
    bool quoted = false;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted || !word_char(c) || (i > 0 && word_char(b->data[i - 1])))
            continue;
        size_t e = i;
        while (e < b->len && word_char(b->data[e]))
            e++;
        bool negated = i > 0 && (b->data[i - 1] == '-' || b->data[i - 1] == ':');
        bool filter = e < b->len && b->data[e] == ':';
        for (size_t k = 0; !negated && !filter && k < sizeof synonyms / sizeof synonyms[0]; k++) {
            size_t wl = strlen(synonyms[k].word);
            if (e - i != wl || strncasecmp(b->data + i, synonyms[k].word, wl) != 0)
                continue;
            /* "(word OR "official")" in place of word */
            struct buf r = BUF_INIT;
            buf_add(&r, b->data, i);
            buf_addc(&r, '(');
            buf_add(&r, b->data + i, wl);
            buf_adds(&r, " OR \"");
            buf_adds(&r, synonyms[k].official);
            buf_adds(&r, "\")");
            size_t resume = r.len;
            buf_add(&r, b->data + e, b->len - e);
            buf_free(b);
            *b = r;
            if (!*first) {
                *first = synonyms[k].word;
                *official = synonyms[k].official;
            }
            n++;
            e = resume;
            break;
        }
        i = e > i ? e - 1 : i;
    }
    return n;
}
