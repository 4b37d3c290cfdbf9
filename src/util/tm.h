/*
 * tm — timestamps as the Tweede Kamer writes them, and Europe/Amsterdam civil time.
 *
 * The feed mixes `2023-08-29T11:09:50Z`, `2019-08-12T12:56:35.4070000` (no zone: Dutch wall
 * clock), `2024-04-09T20:08:55.5222825+02:00` and plain dates. tm_parse() accepts all of them
 * and yields seconds since the Unix epoch (UTC); zone-less values are read as Europe/Amsterdam
 * local time. The Amsterdam rules are built in (EU summer time since 1981, the Dutch rules of
 * 1977-1980, none before), so no TZ environment or tzdata lookup is needed and every function
 * here is thread-safe and pure.
 */
#ifndef KW_UTIL_TM_H
#define KW_UTIL_TM_H

#include <stddef.h>
#include <stdint.h>

enum tm_kind {
    TM_DATE = 1,     /* YYYY-MM-DD */
    TM_DATETIME = 2, /* a date with a time of day */
};

/* Parses s[0..n). Returns 0 on success and fills *utc and *kind (either may be NULL). A plain
 * date yields the instant of Amsterdam midnight that day (so adding tm_amsterdam_offset()
 * gives back the civil date);
 * returns -1 when the text is not a date or date-time in one of the accepted forms. */
int tm_parse(const char *s, size_t n, int64_t *utc, enum tm_kind *kind);

/* Checks a plain calendar date YYYY-MM-DD (valid day of month). */
int tm_valid_date(const char *s, size_t n);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t tm_days_from_civil(int y, unsigned m, unsigned d);
void tm_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* Offset of Europe/Amsterdam from UTC (3600 or 7200 seconds) at the instant t. */
int tm_amsterdam_offset(int64_t t);
/* The instant at which the Amsterdam wall clock shows `local` (seconds as if local were UTC).
 * In the autumn's repeated hour the first (summer-time) instant is taken. */
int64_t tm_from_amsterdam(int64_t local);

#define TM_UTC_LEN 21   /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define TM_LOCAL_LEN 26 /* "YYYY-MM-DDTHH:MM:SS+02:00" + NUL */
void tm_format_utc(int64_t t, char out[TM_UTC_LEN]);
void tm_format_local(int64_t t, char out[TM_LOCAL_LEN]);

#endif
