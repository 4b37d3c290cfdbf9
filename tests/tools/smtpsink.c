/*
 * smtpsink — a local SMTP server for tests: accepts mail on 127.0.0.1 and stores every
 * accepted message as DIR/msg-NNNN.eml (first lines "X-Sink-Rcpt: <addresses>" and
 * "X-Sink-From: <envelope sender>"), or refuses.
 *
 *   smtpsink --dir DIR [--listen 127.0.0.1:PORT] [--port-file F]
 *            [--refuse N] [--refuse-code 451] [--refuse-file F]
 *            [--refuse-rcpt N] [--refuse-rcpt-code 550]
 *
 * --refuse N       the first N messages get refuse-code after DATA (4xx: try later; 5xx: no)
 * --refuse-file F  while F exists, every message is refused the same way ("SMTP down")
 * --refuse-rcpt N  the first N RCPT TO commands get refuse-rcpt-code (550: no such user;
 *                  451: try later)
 * One connection at a time; EHLO/HELO, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP,
 * QUIT. Lines are limited to 4096 bytes and messages to 8 MiB. SIGTERM stops it.
 *
 * Built as a program, or included by a unit test with SMTPSINK_NO_MAIN defined, which then
 * runs smtpsink_serve() on a thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SINK_MAX_LINE 4096
#define SINK_MAX_MSG (8 * 1024 * 1024)

struct smtpsink {
    int fd;                 /* listening socket */
    int port;
    const char *dir;
    int refuse;             /* messages still to refuse */
    int refuse_code;
    const char *refuse_file;
    int refuse_rcpt;        /* RCPT TO commands still to refuse */
    int refuse_rcpt_code;
    int stored, refused, rcpt_refused; /* counters */
    volatile int stop;
};

static int sink_listen(struct smtpsink *s, const char *addr, int port)
{
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->fd < 0)
        return -1;
    int one = 1;
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1 ||
        bind(s->fd, (struct sockaddr *)&sa, sizeof sa) || listen(s->fd, 16))
        return -1;
    socklen_t l = sizeof sa;
    getsockname(s->fd, (struct sockaddr *)&sa, &l);
    s->port = ntohs(sa.sin_port);
    return 0;
}

struct conn {
    int fd;
    char buf[SINK_MAX_LINE + 2];
    size_t len;
};

static void say(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* One line without CRLF into out; 0 on EOF/error. */
static int read_line(struct conn *c, char *out, size_t outlen)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            size_t m = n && c->buf[n - 1] == '\r' ? n - 1 : n;
            if (m >= outlen)
                m = outlen - 1;
            memcpy(out, c->buf, m);
            out[m] = '\0';
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return 1;
        }
        if (c->len >= SINK_MAX_LINE) { /* overlong line: cut */
            memcpy(out, c->buf, outlen - 1);
            out[outlen - 1] = '\0';
            c->len = 0;
            return 1;
        }
        ssize_t r = read(c->fd, c->buf + c->len, SINK_MAX_LINE - c->len);
        if (r <= 0)
            return 0;
        c->len += (size_t)r;
    }
}

static bool refusing(struct smtpsink *s)
{
    struct stat st;
    if (s->refuse_file && stat(s->refuse_file, &st) == 0)
        return true;
    if (s->refuse > 0) {
        s->refuse--;
        return true;
    }
    return false;
}

static void store(struct smtpsink *s, const char *rcpts, const char *from, const char *msg,
                  size_t n)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/msg-%04d.eml", s->dir, ++s->stored);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return;
    fprintf(f, "X-Sink-Rcpt: %s\r\nX-Sink-From: %s\r\n", rcpts, from);
    fwrite(msg, 1, n, f);
    fclose(f);
    rename(tmp, path);
}

static void session(struct smtpsink *s, int fd)
{
    struct conn c = {.fd = fd};
    char line[SINK_MAX_LINE + 1], rcpts[2048] = "", from[512] = "";
    bool have_from = false;
    say(fd, "220 smtpsink ready\r\n");
    while (read_line(&c, line, sizeof line)) {
        if (!strncasecmp(line, "EHLO", 4)) {
            say(fd, "250-smtpsink\r\n250-8BITMIME\r\n250 SIZE 8388608\r\n");
        } else if (!strncasecmp(line, "HELO", 4)) {
            say(fd, "250 smtpsink\r\n");
        } else if (!strncasecmp(line, "MAIL FROM:", 10)) {
            have_from = true;
            rcpts[0] = '\0';
            snprintf(from, sizeof from, "%.500s", line + 10);
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "RCPT TO:", 8)) {
            if (!have_from) {
                say(fd, "503 MAIL first\r\n");
                continue;
            }
            if (s->refuse_rcpt > 0) {
                char r[64];
                s->refuse_rcpt--;
                s->rcpt_refused++;
                snprintf(r, sizeof r, "%d %s no such user here\r\n", s->refuse_rcpt_code,
                         s->refuse_rcpt_code >= 500 ? "5.1.1" : "4.2.0");
                say(fd, r);
                continue;
            }
            const char *a = line + 8;
            while (*a == ' ')
                a++;
            size_t l = strlen(rcpts), al = strlen(a);
            if (l + al + 3 < sizeof rcpts) {
                if (l)
                    memcpy(rcpts + l, ", ", 2), l += 2;
                memcpy(rcpts + l, a, al + 1);
            }
            say(fd, "250 ok\r\n");
        } else if (!strcasecmp(line, "DATA")) {
            if (!rcpts[0]) {
                say(fd, "503 RCPT first\r\n");
                continue;
            }
            say(fd, "354 go ahead\r\n");
            char *msg = malloc(SINK_MAX_MSG);
            size_t n = 0;
            bool ended = false;
            while (msg && read_line(&c, line, sizeof line)) {
                if (!strcmp(line, ".")) {
                    ended = true;
                    break;
                }
                const char *p = line[0] == '.' ? line + 1 : line; /* dot-unstuffing */
                size_t l = strlen(p);
                if (n + l + 2 < SINK_MAX_MSG) {
                    memcpy(msg + n, p, l);
                    n += l;
                    msg[n++] = '\r';
                    msg[n++] = '\n';
                }
            }
            if (ended) {
                if (refusing(s)) {
                    char r[64];
                    snprintf(r, sizeof r, "%d refused by smtpsink\r\n", s->refuse_code);
                    say(fd, r);
                    s->refused++;
                } else {
                    store(s, rcpts, from, msg, n);
                    say(fd, "250 stored\r\n");
                }
            }
            free(msg);
            have_from = false;
            rcpts[0] = '\0';
            if (!ended)
                break;
        } else if (!strcasecmp(line, "RSET")) {
            have_from = false;
            rcpts[0] = '\0';
            say(fd, "250 ok\r\n");
        } else if (!strcasecmp(line, "NOOP")) {
            say(fd, "250 ok\r\n");
        } else if (!strcasecmp(line, "QUIT")) {
            say(fd, "221 bye\r\n");
            break;
        } else {
            say(fd, "502 not implemented\r\n");
        }
    }
    close(fd);
}

/* Serves until s->stop is set (checked between connections) or accept fails. */
static void smtpsink_serve(struct smtpsink *s)
{
    while (!s->stop) {
        int fd = accept(s->fd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        session(s, fd);
    }
}

#ifndef SMTPSINK_NO_MAIN
static struct smtpsink sink;

static void on_term(int sig)
{
    (void)sig;
    _exit(0);
}

int main(int argc, char **argv)
{
    const char *listen_at = "127.0.0.1:0", *port_file = NULL;
    sink.refuse_code = 451;
    sink.refuse_rcpt_code = 550;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--dir") && v)
            sink.dir = v, i++;
        else if (!strcmp(argv[i], "--listen") && v)
            listen_at = v, i++;
        else if (!strcmp(argv[i], "--port-file") && v)
            port_file = v, i++;
        else if (!strcmp(argv[i], "--refuse") && v)
            sink.refuse = atoi(v), i++;
        else if (!strcmp(argv[i], "--refuse-code") && v)
            sink.refuse_code = atoi(v), i++;
        else if (!strcmp(argv[i], "--refuse-file") && v)
            sink.refuse_file = v, i++;
        else if (!strcmp(argv[i], "--refuse-rcpt") && v)
            sink.refuse_rcpt = atoi(v), i++;
        else if (!strcmp(argv[i], "--refuse-rcpt-code") && v)
            sink.refuse_rcpt_code = atoi(v), i++;
        else {
            fprintf(stderr, "usage: smtpsink --dir DIR [--listen ADDR:PORT] [--port-file F] "
                            "[--refuse N] [--refuse-code C] [--refuse-file F] [--refuse-rcpt N] "
                            "[--refuse-rcpt-code C]\n");
            return 2;
        }
    }
    if (!sink.dir) {
        fprintf(stderr, "smtpsink: --dir is required\n");
        return 2;
    }
    mkdir(sink.dir, 0755);
    char addr[64];
    const char *colon = strrchr(listen_at, ':');
    if (!colon || (size_t)(colon - listen_at) >= sizeof addr) {
        fprintf(stderr, "smtpsink: --listen ADDR:PORT\n");
        return 2;
    }
    memcpy(addr, listen_at, (size_t)(colon - listen_at));
    addr[colon - listen_at] = '\0';
    if (sink_listen(&sink, addr, atoi(colon + 1))) {
        fprintf(stderr, "smtpsink: cannot listen on %s: %s\n", listen_at, strerror(errno));
        return 1;
    }
    signal(SIGTERM, on_term);
    signal(SIGPIPE, SIG_IGN);
    if (port_file) {
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (!f)
            return 1;
        fprintf(f, "%d\n", sink.port);
        fclose(f);
        rename(tmp, port_file);
    }
    smtpsink_serve(&sink);
    return 0;
}
#endif
