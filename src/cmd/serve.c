/*
 * kamerwacht serve — the website, JSON, Atom and iCal of the mirror on one address.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "web/http.h"
#include "web/site.h"
#include "alerts/config.h"
#include "alerts/web.h"

static const char serve_usage[] =
    "usage: kamerwacht serve --db FILE [--files DIR] [--listen ADDR:PORT] [options]\n"
    "\n"
    "Serves the mirror as a website (Dutch), with JSON (?format=json), Atom feeds and iCal.\n"
    "The database is opened read-only, so 'kamerwacht sync' can run at the same time.\n"
    "\n"
    "  --db FILE          the SQLite store written by 'kamerwacht sync'\n"
    "  --files DIR        downloaded documents and photos (DIR/aa/bb/<guid>)\n"
    "  --cache DIR        where extracted document text is kept (default DIR/.kwcache)\n"
    "  --listen A:P       IPv4 address and port (default 127.0.0.1:8080; port 0 = any)\n"
    "  --port-file F      write the port actually bound to F (for tests with port 0)\n"
    "  --config FILE      kamerwacht.conf: also serve the account and alert pages\n"
    "  --threads N        HTTP worker threads (default: number of CPUs)\n"
    "  --text-wait-ms N   how long a page waits for a text conversion (default 2000)\n"
    "  --trusted-proxy A  a reverse proxy in front (IP; several separated by commas): its\n"
    "                     X-Forwarded-For gives the client address for rate limits\n"
    "                     (default: [site] trusted_proxy of --config)\n"
    "  --base-url URL     absolute address of the site, for links in Atom and iCal feeds\n"
    "                     (default http://ADDR:PORT of --listen; the host name for 0.0.0.0)\n"
    "  --help             this text\n";

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int parse_listen(const char *v, char *addr, size_t alen, long long *port)
{
    const char *colon = strrchr(v, ':');
    if (!colon || (size_t)(colon - v) >= alen || colon == v)
        return -1;
    memcpy(addr, v, (size_t)(colon - v));
    addr[colon - v] = '\0';
    return cmd_parse_uint("--listen", colon + 1, 65535, port);
}

int cmd_serve(int argc, char **argv)
{
    struct site_config sc = {0};
    const char *listen = "127.0.0.1:8080", *port_file = NULL, *config = NULL, *proxies = NULL;
    static struct kw_config cfg;
    long long threads = 0, x;
    static char base[512];
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(serve_usage, stdout);
            return 0;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            sc.db_path = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--files", &v))) {
            if (m < 0)
                return 2;
            sc.files_dir = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--cache", &v))) {
            if (m < 0)
                return 2;
            sc.cache_dir = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--listen", &v))) {
            if (m < 0)
                return 2;
            listen = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--base-url", &v))) {
            if (m < 0)
                return 2;
            size_t n = strlen(v);
            if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
                fprintf(stderr, "kamerwacht serve: --base-url wants http(s)://host[/path]\n");
                return 2;
            }
            if (n >= sizeof base)
                return 2;
            memcpy(base, v, n + 1);
            while (n && base[n - 1] == '/')
                base[--n] = '\0';
            sc.base_url = base;
        } else if ((m = cmd_opt(argc, argv, &i, "--trusted-proxy", &v))) {
            if (m < 0)
                return 2;
            proxies = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--config", &v))) {
            if (m < 0)
                return 2;
            config = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--port-file", &v))) {
            if (m < 0)
                return 2;
            port_file = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--threads", &v))) {
            if (m < 0 || cmd_parse_uint("--threads", v, 256, &threads))
                return 2;
        } else if ((m = cmd_opt(argc, argv, &i, "--text-wait-ms", &v))) {
            if (m < 0 || cmd_parse_uint("--text-wait-ms", v, 60000, &x))
                return 2;
            sc.text_wait_ms = x ? (unsigned)x : 1;
        } else {
            fprintf(stderr, "kamerwacht serve: unknown option '%s'\n%s", argv[i], serve_usage);
            return 2;
        }
    }
    if (!sc.db_path) {
        fprintf(stderr, "kamerwacht serve: --db FILE is required\n%s", serve_usage);
        return 2;
    }
    char addr[64];
    long long port;
    if (parse_listen(listen, addr, sizeof addr, &port)) {
        fprintf(stderr, "kamerwacht serve: --listen wants ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    /* Feeds need absolute links: without --base-url, the address we listen on. With port 0
     * the port is known only once listening; it is set then, before it is published. */
    char host[256];
    if (!strcmp(addr, "0.0.0.0")) {
        if (gethostname(host, sizeof host) || !host[0])
            snprintf(host, sizeof host, "localhost");
        host[sizeof host - 1] = '\0';
    } else {
        snprintf(host, sizeof host, "%s", addr);
    }
    if (!sc.base_url && port) {
        snprintf(base, sizeof base, "http://%s:%lld", host, port);
        sc.base_url = base;
    }
    char err[512];
    struct site *site;
    if (site_open(&sc, &site, err, sizeof err)) {
        fprintf(stderr, "kamerwacht serve: %s\n", err);
        return 1;
    }
    /* With a configuration (SMTP, base URL) the account and alert pages are mounted in
     * front of the site, as `kamerwacht run` does. */
    struct alerts_web *aw = NULL;
    if (config) {
        cfg_defaults(&cfg);
        if (cfg_load(&cfg, config, err, sizeof err) || cfg_read_secrets(&cfg, err, sizeof err)) {
            fprintf(stderr, "kamerwacht serve: %s\n", err);
            site_close(site);
            return 1;
        }
        struct alerts_web_opts wo = {.db_path = sc.db_path, .cfg = &cfg,
                                     .fallback = site_handle, .fallback_ctx = site};
        if (alerts_web_open(&wo, &aw, err, sizeof err)) {
            fprintf(stderr, "kamerwacht serve: alert pages: %s\n", err);
            site_close(site);
            return 1;
        }
    }
    struct http_config hc = {.address = addr, .port = (uint16_t)port,
                             .threads = (unsigned)threads, .error_page = site_error_page,
                             .trusted_proxies = proxies ? proxies
                                                : config ? cfg.trusted_proxy : NULL};
    struct http_server *srv = aw ? http_start(&hc, alerts_web_handle, aw, err, sizeof err)
                                 : http_start(&hc, site_handle, site, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "kamerwacht serve: %s\n", err);
        alerts_web_close(aw);
        site_close(site);
        return 1;
    }
    site_set_server(site, srv);
    unsigned bound = http_port(srv);
    if (!sc.base_url) {
        snprintf(base, sizeof base, "http://%s:%u", host, bound);
        site_set_base_url(site, base);
    }
    if (port_file) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%u\n", bound) < 0 || fclose(f) || rename(tmp, port_file)) {
            fprintf(stderr, "kamerwacht serve: cannot write %s\n", port_file);
            http_stop(srv, 0);
            site_close(site);
            return 1;
        }
    }
    fprintf(stderr, "kamerwacht serve: http://%s:%u/ (database %s)\n", addr, bound, sc.db_path);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (!stop_requested)
        sleep(1);
    fprintf(stderr, "kamerwacht serve: stopping\n");
    http_stop(srv, 2000);
    alerts_web_close(aw);
    site_close(site);
    return 0;
}
