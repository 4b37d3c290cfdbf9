/*
 * bench_server — the HTTP core serving two pages for load tests with wrk:
 *   /hallo     a tiny page
 *   /document  the ~12 KB benchmark list page (rendered on every request)
 * Listens on 127.0.0.1:<port> (default 8089) until interrupted.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "page.h"
#include "web/html.h"
#include "web/http.h"
#include "web/route.h"

static int page_hello(void *ctx, const struct http_request *rq, const struct route_args *a,
                      struct http_response *rs)
{
    struct html h = html_on(&rs->body);
    html_lit(&h, "<!DOCTYPE html><html lang=\"nl\"><title>hallo</title><p>hallo</p></html>\n");
    return 0;
}

static int page_document(void *ctx, const struct http_request *rq, const struct route_args *a,
                         struct http_response *rs)
{
    page_html(&rs->body);
    return 0;
}

static const struct route routes[] = {
    {HTTP_GET, "/hallo", page_hello},
    {HTTP_GET, "/document", page_document},
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = 1;
}

int main(int argc, char **argv)
{
    struct router router = {routes, sizeof routes / sizeof routes[0], NULL};
    struct http_config cfg = {0};
    cfg.port = (uint16_t)(argc > 1 ? atoi(argv[1]) : 8089);
    char err[256];
    struct http_server *s = http_start(&cfg, route_handler, &router, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_server: %s\n", err);
        return 1;
    }
    printf("listening on 127.0.0.1:%u\n", (unsigned)http_port(s));
    fflush(stdout);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    while (!stop)
        pause();
    http_stop(s, 2000);
    return 0;
}
