/*
 * site_nl — dates as a Dutch reader expects them: stored UTC values shown in Europe/Amsterdam
 * time ("24 september 2021", "19 februari 2024 10:56", "vrijdag 24 september 2021").
 * Plain dates (YYYY-MM-DD) are calendar days and are shown as they are, without a zone shift.
 */
#include <stdio.h>
#include <string.h>

#include "util/tm.h"
#include "web/site_int.h"

static const char *const months[] = {"januari", "februari", "maart",     "april",
                                     "mei",     "juni",     "juli",      "augustus",
                                     "september", "oktober", "november", "december"};
static const char *const days[] = {"zondag",   "maandag", "dinsdag", "woensdag",
                                   "donderdag", "vrijdag", "zaterdag"};

const char *nl_month(unsigned m)
{
    return m >= 1 && m <= 12 ? months[m - 1] : "";
}

int nl_parse(const char *s, struct nl_time *t)
{
    memset(t, 0, sizeof *t);
    if (!s || !*s)
        return -1;
    int64_t utc;
    enum tm_kind kind;
    if (tm_parse(s, strlen(s), &utc, &kind))
        return -1;
    t->utc = utc;
    /* tm_parse gives the instant of Amsterdam midnight for a plain date, so the offset
     * applies to both kinds. */
    int64_t local = utc + tm_amsterdam_offset(utc);
    t->has_time = kind == TM_DATETIME;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t sec = local - day * 86400;
    tm_civil_from_days(day, &t->y, &t->mon, &t->d);
    t->h = (unsigned)(sec / 3600);
    t->min = (unsigned)(sec % 3600 / 60);
    t->wday = (int)(((day % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
    return 0;
}

int64_t nl_utc(const char *s)
{
    struct nl_time t;
    return nl_parse(s, &t) ? 0 : t.utc;
}

void html_date(struct html *h, const char *s)
{
    struct nl_time t;
    if (nl_parse(s, &t))
        return;
    char iso[16], txt[48];
    snprintf(iso, sizeof iso, "%04d-%02u-%02u", t.y, t.mon, t.d);
    snprintf(txt, sizeof txt, "%u %s %d", t.d, nl_month(t.mon), t.y);
    html_lit(h, "<time datetime=\"");
    html_text(h, iso);
    html_lit(h, "\">");
    html_text(h, txt);
    html_lit(h, "</time>");
}

void html_datetime(struct html *h, const char *s)
{
    struct nl_time t;
    if (nl_parse(s, &t))
        return;
    if (!t.has_time) {
        html_date(h, s);
        return;
    }
    char iso[40], txt[64];
    char utc[TM_UTC_LEN];
    tm_format_utc(t.utc, utc);
    snprintf(iso, sizeof iso, "%s", utc);
    snprintf(txt, sizeof txt, "%u %s %d %02u:%02u", t.d, nl_month(t.mon), t.y, t.h, t.min);
    html_lit(h, "<time datetime=\"");
    html_text(h, iso);
    html_lit(h, "\">");
    html_text(h, txt);
    html_lit(h, "</time>");
}

void html_clock(struct html *h, const char *s)
{
    struct nl_time t;
    if (nl_parse(s, &t) || !t.has_time)
        return;
    char txt[16];
    snprintf(txt, sizeof txt, "%02u:%02u", t.h, t.min);
    html_text(h, txt);
}

void html_day(struct html *h, const char *s)
{
    struct nl_time t;
    if (nl_parse(s, &t))
        return;
    char iso[16], txt[64];
    snprintf(iso, sizeof iso, "%04d-%02u-%02u", t.y, t.mon, t.d);
    snprintf(txt, sizeof txt, "%s %u %s %d", days[t.wday], t.d, nl_month(t.mon), t.y);
    html_lit(h, "<time datetime=\"");
    html_text(h, iso);
    html_lit(h, "\">");
    html_text(h, txt);
    html_lit(h, "</time>");
}

void nl_local_day(const char *s, char out[11])
{
    struct nl_time t;
    out[0] = '\0';
    if (nl_parse(s, &t))
        return;
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", t.y, t.mon, t.d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

void nl_day_start_utc(int64_t now, int days_from_today, char out[TM_UTC_LEN])
{
    int64_t local = now + tm_amsterdam_offset(now);
    int64_t day = local / 86400 + days_from_today;
    tm_format_utc(tm_from_amsterdam(day * 86400), out);
}
