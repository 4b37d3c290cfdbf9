/*
 * site_autolink — readable text with its references turned into links, written through the
 * HTML writer: document numbers (2021D35262), zaak numbers (2021Z16384), activity numbers
 * (2024A09526), official publication ids (kst-31293-593), kamerstuk citations ("31293,
 * nr. 593", "Kamerstuk 35 300 VIII, nr. 176", "Kamerstuk 31293-593") and web addresses.
 *
 * Promise: the text between links goes through html_textn() and every link target is built
 * from the matched digits and letters only (or checked by html_url()), so the output is as
 * safe as html_text() of the input. Matching is linear in the text length; a kamerstuk
 * citation becomes a link to /kamerstuk/<dossier>-<nr>, resolved when followed, so no query
 * runs per match.
 */
#include <stdio.h>
#include <string.h>

#include "web/site_int.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_word(unsigned char c)
{
    return is_digit((char)c) || (c >= 'a' && c <= 'z') || is_upper((char)c) || c >= 0x80 ||
           c == '_';
}

/* YYYY + letter + 5 digits, not inside a longer word. */
static size_t match_tk(const char *s, size_t n, char *letter)
{
    if (n < 10)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!is_digit(s[i]))
            return 0;
    if (s[4] != 'D' && s[4] != 'Z' && s[4] != 'A')
        return 0;
    for (int i = 5; i < 10; i++)
        if (!is_digit(s[i]))
            return 0;
    if (n > 10 && is_word((unsigned char)s[10]))
        return 0;
    if (s[0] != '1' && s[0] != '2')
        return 0;
    *letter = s[4];
    return 10;
}

/* kst-31293-593, kst-36600-XV-12, kst-21501-07-1217 */
static size_t match_kst(const char *s, size_t n)
{
    if (n < 7 || strncmp(s, "kst-", 4))
        return 0;
    size_t i = 4, parts = 0;
    while (i < n && parts < 4) {
        size_t st = i;
        while (i < n && (is_digit(s[i]) || is_upper(s[i])))
            i++;
        if (i == st)
            break;
        parts++;
        if (i < n && s[i] == '-' && i + 1 < n && (is_digit(s[i + 1]) || is_upper(s[i + 1])))
            i++;
        else
            break;
    }
    if (parts < 2 || i > 60)
        return 0;
    if (i < n && is_word((unsigned char)s[i]))
        return 0;
    return i;
}

/* Dossier number: 5 digits or "NN NNN". Writes the digits into out. */
static size_t match_dossier_nr(const char *s, size_t n, char out[8])
{
    if (n >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
        is_digit(s[4]) && (n == 5 || !is_digit(s[5]))) {
        memcpy(out, s, 5);
        out[5] = '\0';
        return 5;
    }
    if (n >= 6 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ' ' && is_digit(s[3]) &&
        is_digit(s[4]) && is_digit(s[5]) && (n == 6 || !is_digit(s[6]))) {
        out[0] = s[0], out[1] = s[1], out[2] = s[3], out[3] = s[4], out[4] = s[5];
        out[5] = '\0';
        return 6;
    }
    return 0;
}

/* "31293, nr. 593", "35 300 VIII, nr. 176", "21501-07 nr. 12", and with "Kamerstuk "
 * before it also "31293-593". target gets "31293-593" / "35300-VIII-176". */
static size_t match_kamerstuk(const char *s, size_t n, bool prefixed, char *target, size_t tlen)
{
    char nr[8];
    size_t i = match_dossier_nr(s, n, nr);
    if (!i)
        return 0;
    char toev[8] = "";
    bool toev_digits = false, toev_dash = false;
    if (i < n && (s[i] == ' ' || s[i] == '-')) {
        size_t j = i + 1, st = j;
        while (j < n && j - st < 6 && (is_upper(s[j]) || is_digit(s[j])))
            j++;
        if (j > st && j - st < 6 && (j == n || !is_word((unsigned char)s[j]))) {
            toev_digits = true;
            for (size_t k = st; k < j; k++)
                toev_digits = toev_digits && is_digit(s[k]);
            toev_dash = s[i] == '-';
            memcpy(toev, s + st, j - st);
            toev[j - st] = '\0';
            i = j;
        }
    }
    size_t j = i;
    if (j < n && s[j] == ',')
        j++;
    if (j < n && s[j] == ' ')
        j++;
    if (j + 2 < n && s[j] == 'n' && s[j + 1] == 'r') {
        j += 2;
        if (j < n && s[j] == '.')
            j++;
        if (j < n && s[j] == ' ')
            j++;
        size_t st = j;
        while (j < n && is_digit(s[j]) && j - st < 6)
            j++;
        if (j > st && (j == n || !is_word((unsigned char)s[j]))) {
            char vn[8];
            memcpy(vn, s + st, j - st);
            vn[j - st] = '\0';
            if (toev[0])
                snprintf(target, tlen, "%s-%s-%s", nr, toev, vn);
            else
                snprintf(target, tlen, "%s-%s", nr, vn);
            return j;
        }
    }
    /* "Kamerstuk 31293-593": the digits after the dash are the volgnummer */
    if (prefixed && toev_dash && toev_digits) {
        snprintf(target, tlen, "%s-%s", nr, toev);
        return i;
    }
    return 0;
}

static size_t match_url(const char *s, size_t n)
{
    size_t p;
    if (n > 8 && !strncmp(s, "https://", 8))
        p = 8;
    else if (n > 7 && !strncmp(s, "http://", 7))
        p = 7;
    else
        return 0;
    size_t i = p;
    while (i < n && (unsigned char)s[i] > ' ' && s[i] != '"' && s[i] != '<' && s[i] != '>' &&
           (unsigned char)s[i] < 0x7f && i < 1000)
        i++;
    while (i > p && strchr(".,;:)]!?'", s[i - 1]))
        i--;
    return i > p + 3 ? i : 0;
}

static void emit_link(struct html *h, const char *kind, const char *target, const char *s,
                      size_t n)
{
    html_lit(h, "<a href=\"/");
    html_text(h, kind);
    html_lit(h, "/");
    html_url_part(h, target);
    html_lit(h, "\">");
    html_textn(h, s, n);
    html_lit(h, "</a>");
}

void html_autolink(struct html *h, const char *text, size_t n)
{
    size_t start = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)text[i];
        bool boundary = i == 0 || !is_word((unsigned char)text[i - 1]);
        size_t m = 0;
        char target[64];
        const char *kind = NULL;
        if (boundary && is_digit((char)c)) {
            char letter;
            if ((m = match_tk(text + i, n - i, &letter))) {
                memcpy(target, text + i, 10);
                target[10] = '\0';
                kind = letter == 'D' ? "document" : letter == 'Z' ? "zaak" : "activiteit";
            } else if ((m = match_kamerstuk(text + i, n - i, false, target, sizeof target))) {
                kind = "kamerstuk";
            }
        } else if (boundary && c == 'k' && (m = match_kst(text + i, n - i))) {
            memcpy(target, text + i, m < sizeof target ? m : sizeof target - 1);
            target[m < sizeof target ? m : sizeof target - 1] = '\0';
            kind = "kamerstuk";
        } else if (boundary && c == 'K' && n - i > 10 && !strncmp(text + i, "Kamerstuk", 9)) {
            size_t j = i + 9;
            if (j < n && text[j] == 'k')
                j++;
            if (j < n && text[j] == 'e')
                j++;
            if (j < n && text[j] == 'n')
                j++;
            if (j < n && text[j] == ' ') {
                size_t k = match_kamerstuk(text + j + 1, n - j - 1, true, target, sizeof target);
                if (k) {
                    m = j + 1 + k - i;
                    kind = "kamerstuk";
                }
            }
        } else if (boundary && c == 'h' && (m = match_url(text + i, n - i))) {
            html_textn(h, text + start, i - start);
            html_lit(h, "<a rel=\"nofollow noopener\" href=\"");
            char url[1024];
            size_t ul = m < sizeof url - 1 ? m : sizeof url - 1;
            memcpy(url, text + i, ul);
            url[ul] = '\0';
            html_url(h, url);
            html_lit(h, "\">");
            html_textn(h, text + i, m);
            html_lit(h, "</a>");
            i += m;
            start = i;
            continue;
        }
        if (m && kind) {
            html_textn(h, text + start, i - start);
            emit_link(h, kind, target, text + i, m);
            i += m;
            start = i;
            continue;
        }
        i++;
    }
    html_textn(h, text + start, n - start);
}

/* Lines of a paragraph that fill most of the widest line were wrapped by the converter and
 * are joined again; shorter lines (headings, addresses, list items) keep their break. */
void html_reflow(struct html *h, const char *text, size_t n)
{
    size_t widest = 0;
    for (size_t i = 0, st = 0; i <= n; i++)
        if (i == n || text[i] == '\n') {
            if (i - st > widest && i - st < 400)
                widest = i - st;
            st = i + 1;
        }
    size_t full = widest * 7 / 10;
    struct buf para = BUF_INIT;
    size_t i = 0;
    while (i < n) {
        /* one paragraph: up to a blank line */
        buf_reset(&para);
        bool any = false;
        while (i < n) {
            size_t st = i;
            while (i < n && text[i] != '\n')
                i++;
            size_t len = i - st;
            if (i < n)
                i++;
            while (len && (text[st + len - 1] == ' ' || text[st + len - 1] == '\r'))
                len--;
            if (!len) {
                if (any)
                    break;
                continue;
            }
            /* a short line without closing punctuation is a heading or a list item */
            char end = text[st + len - 1];
            bool heading = len < full && !strchr(".,;:!?)", end);
            if (any) {
                char last = para.data[para.len - 1];
                bool hyphen = last == '-' && text[st] >= 'a' && text[st] <= 'z';
                if (heading && last != '\n')
                    buf_addc(&para, '\n');
                else if (last != '\n' && !hyphen)
                    buf_addc(&para, ' ');
            }
            buf_add(&para, text + st, len);
            if (len < full || len < 40)
                buf_addc(&para, '\n');
            any = true;
        }
        if (!any)
            continue;
        while (para.len && para.data[para.len - 1] == '\n')
            buf_truncate(&para, para.len - 1);
        html_lit(h, "<p>");
        size_t s = 0;
        for (size_t k = 0; k <= para.len; k++) {
            if (k < para.len && para.data[k] != '\n')
                continue;
            html_autolink(h, para.data + s, k - s);
            if (k < para.len)
                html_lit(h, "<br>\n");
            s = k + 1;
        }
        html_lit(h, "</p>\n");
    }
    buf_free(&para);
}
