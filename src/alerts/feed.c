/*
 * feed — the personal Atom feed at a secret URL: the latest 100 items queued for a user (by
 * any monitor, on any channel, delivered or still on their way), each entry naming the
 * monitor. The URL carries an HMAC of the user's salt, so it works without signing in and is
 * revoked with the salt. Written through the escaping XML writer only.
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <string.h>

#include "web/xmlw.h"

int alerts_feed_atom(struct alerts *a, int64_t uid, struct buf *out)
{
    char self[1024];
    if (alerts_feed_url(a, uid, self, sizeof self))
        return -1;
    sqlite3_stmt *st = al_stmt(a,
        "SELECT i.item, coalesce(i.title, ''), coalesce(i.url, ''), d.created_at,"
        " coalesce(m.label, '') FROM alert_delivery_item i JOIN alert_delivery d ON d.did = i.did"
        " LEFT JOIN alert_monitor m ON m.mid = i.mid WHERE d.uid = ?1 AND d.channel = 0"
        " ORDER BY d.did DESC, i.item LIMIT 100");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    struct xmlw x = xml_on(out);
    xml_lit(&x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Kamerwacht: uw volgers</title>\n"
                "<id>");
    xml_text(&x, self);
    xml_lit(&x, "</id>\n<link rel=\"self\" href=\"");
    xml_url(&x, self);
    xml_lit(&x, "\"/>\n<updated>");
    int rc;
    bool first = true;
    struct buf entries = BUF_INIT;
    struct xmlw e = xml_on(&entries);
    int64_t newest = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t at = sqlite3_column_int64(st, 3);
        if (first || at > newest)
            newest = at;
        first = false;
        xml_lit(&e, "<entry>\n<id>urn:kamerwacht:");
        xml_text(&e, al_col(st, 0));
        xml_lit(&e, "</id>\n<title>");
        xml_text(&e, al_col(st, 1));
        xml_lit(&e, "</title>\n<link href=\"");
        xml_url(&e, al_col(st, 2));
        xml_lit(&e, "\"/>\n<updated>");
        xml_time(&e, at);
        xml_lit(&e, "</updated>\n<summary>Gevonden door: ");
        xml_text(&e, al_col(st, 4));
        xml_lit(&e, "</summary>\n</entry>\n");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        buf_free(&entries);
        return al_fail_db(a, "feed");
    }
    xml_time(&x, first ? alerts_now(a) : newest);
    xml_lit(&x, "</updated>\n<author><name>Kamerwacht</name></author>\n");
    buf_add(out, entries.data, entries.len);
    buf_free(&entries);
    xml_lit(&x, "</feed>\n");
    return 0;
}
