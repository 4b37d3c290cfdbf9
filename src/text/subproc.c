/*
 * subproc — fork + execve under rlimits, stdout through a capped pipe, a deadline; see
 * subproc.h.
 *
 * The exec status comes back through a close-on-exec pipe: the child writes its errno there
 * only when execve fails, so the parent can tell "not installed" from "exited 127".
 */
#include "text/subproc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_OUTPUT ((size_t)32 << 20)
#define READ_CHUNK 65536

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* PATH lookup in the parent, so that the child needs nothing but execve. */
static bool find_program(const char *name, char *path, size_t pathlen)
{
    if (strchr(name, '/')) {
        snprintf(path, pathlen, "%s", name);
        return access(path, X_OK) == 0;
    }
    const char *p = getenv("PATH");
    if (!p || !*p)
        p = "/usr/local/bin:/usr/bin:/bin";
    while (*p) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > 0 && n + strlen(name) + 2 <= pathlen) {
            memcpy(path, p, n);
            path[n] = '/';
            strcpy(path + n + 1, name);
            if (access(path, X_OK) == 0)
                return true;
        }
        p += n;
        if (*p == ':')
            p++;
    }
    return false;
}

static void close_from(int lowfd, int keep)
{
#ifdef SYS_close_range
    if (keep > lowfd && syscall(SYS_close_range, lowfd, keep - 1, 0) == 0 &&
        syscall(SYS_close_range, keep + 1, ~0U, 0) == 0)
        return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536)
        max = 65536;
    for (int fd = lowfd; fd < max; fd++)
        if (fd != keep)
            close(fd);
}

/* In the child, between fork and execve: async-signal-safe calls only. */
static void child(const char *path, const char *const argv[], const struct subproc_limits *lim,
                  int outfd, int errfd)
{
    setpgid(0, 0);
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 || dup2(outfd, 1) < 0)
        goto fail;
    /* errfd must stay above 2 for the close below; it was opened after 0-2 were taken */
    close_from(3, errfd);
    struct rlimit rl;
    if (lim->max_memory_mb > 0) {
        rl.rlim_cur = rl.rlim_max = (rlim_t)lim->max_memory_mb << 20;
        setrlimit(RLIMIT_AS, &rl);
    }
    rl.rlim_cur = rl.rlim_max = (rlim_t)((lim->timeout_ms + 999) / 1000 + 1);
    setrlimit(RLIMIT_CPU, &rl);
    rl.rlim_cur = rl.rlim_max = 0;
    setrlimit(RLIMIT_CORE, &rl);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    execve(path, (char *const *)argv, environ);
fail:;
    int e = errno;
    ssize_t w = write(errfd, &e, sizeof e);
    (void)w;
    _exit(127);
}

/* Has the child ended? Does not reap it, so its pid (and group id) stay ours to signal. */
static bool has_ended(pid_t pid)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
        return errno != EINTR;
    return si.si_pid == pid;
}

/* Kills the group: SIGTERM, a grace period, SIGKILL; then reaps. */
static void kill_and_reap(pid_t pid)
{
    kill(-pid, SIGTERM);
    kill(pid, SIGTERM);
    long until = now_ms() + SUBPROC_KILL_GRACE_MS;
    while (now_ms() < until && !has_ended(pid)) {
        struct timespec ts = {0, 5 * 1000000};
        nanosleep(&ts, NULL);
    }
    kill(-pid, SIGKILL); /* the child, or what it left running in its group */
    kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
}

/* Waits for the child to exit until the deadline, then reaps it after killing what it left
 * in its group; returns false (nothing reaped) at the deadline. */
static bool wait_until(pid_t pid, long deadline, int *status)
{
    while (!has_ended(pid)) {
        if (now_ms() >= deadline)
            return false;
        struct timespec ts = {0, 2 * 1000000};
        nanosleep(&ts, NULL);
    }
    kill(-pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return true;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

enum subproc_result subproc_run(const char *const argv[], const struct subproc_limits *lim_in,
                                struct buf *out, int *code, char *why, size_t whylen)
{
    struct subproc_limits lim = *lim_in;
    if (lim.timeout_ms <= 0)
        lim.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (lim.max_output == 0)
        lim.max_output = DEFAULT_MAX_OUTPUT;
    int dummy;
    if (!code)
        code = &dummy;
    *code = 0;
    const char *name = base_name(argv[0]);
    char path[PATH_MAX];
    if (!find_program(argv[0], path, sizeof path)) {
        snprintf(why, whylen, "%s: not installed (not found on PATH)", name);
        return SUBPROC_NOEXEC;
    }
    int outp[2], errp[2];
    if (pipe(outp) < 0) {
        snprintf(why, whylen, "%s: pipe: %s", name, strerror(errno));
        return SUBPROC_NOEXEC;
    }
    if (pipe(errp) < 0) {
        snprintf(why, whylen, "%s: pipe: %s", name, strerror(errno));
        close(outp[0]);
        close(outp[1]);
        return SUBPROC_NOEXEC;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(outp[i], F_SETFD, FD_CLOEXEC);
        fcntl(errp[i], F_SETFD, FD_CLOEXEC);
    }
    long start = now_ms(), deadline = start + lim.timeout_ms;
    pid_t pid = fork();
    if (pid == 0)
        child(path, argv, &lim, outp[1], errp[1]);
    close(outp[1]);
    close(errp[1]);
    if (pid < 0) {
        snprintf(why, whylen, "%s: fork: %s", name, strerror(errno));
        close(outp[0]);
        close(errp[0]);
        return SUBPROC_NOEXEC;
    }
    setpgid(pid, pid); /* also from here, so kill(-pid) works whoever runs first */

    int exec_errno = 0;
    ssize_t n;
    while ((n = read(errp[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
        ;
    close(errp[0]);
    if (n == (ssize_t)sizeof exec_errno) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        close(outp[0]);
        snprintf(why, whylen, "%s: cannot start: %s", name, strerror(exec_errno));
        return SUBPROC_NOEXEC;
    }

    enum subproc_result res = SUBPROC_OK;
    size_t kept = 0;
    bool eof = false;
    char chunk[READ_CHUNK];
    while (!eof) {
        long left = deadline - now_ms();
        if (left <= 0) {
            res = SUBPROC_TIMEOUT;
            break;
        }
        struct pollfd pfd = {outp[0], POLLIN, 0};
        int pr = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            continue; /* the deadline check above ends the loop */
        n = read(outp[0], chunk, sizeof chunk);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0) {
            eof = true;
            break;
        }
        size_t take = (size_t)n;
        if (kept + take > lim.max_output)
            take = lim.max_output - kept;
        buf_add(out, chunk, take);
        kept += take;
        if (take < (size_t)n || kept >= lim.max_output) {
            res = SUBPROC_CAPPED;
            break;
        }
    }
    close(outp[0]);
    int status = 0;
    if (res == SUBPROC_OK && !wait_until(pid, deadline, &status))
        res = SUBPROC_TIMEOUT;
    if (res != SUBPROC_OK) {
        kill_and_reap(pid);
        if (res == SUBPROC_TIMEOUT)
            snprintf(why, whylen, "%s: no result within %ld ms; killed", name, lim.timeout_ms);
        else
            snprintf(why, whylen, "%s: output reached the cap of %zu bytes; killed", name,
                     lim.max_output);
        return res;
    }
    if (WIFEXITED(status)) {
        *code = WEXITSTATUS(status);
        if (*code == 0)
            return SUBPROC_OK;
        snprintf(why, whylen, "%s: exit status %d", name, *code);
        return SUBPROC_EXIT;
    }
    if (WIFSIGNALED(status)) {
        *code = WTERMSIG(status);
        snprintf(why, whylen, "%s: killed by signal %d (%s)%s", name, *code, strsignal(*code),
                 *code == SIGXCPU ? ", CPU limit" : "");
        return SUBPROC_SIGNAL;
    }
    snprintf(why, whylen, "%s: ended abnormally", name);
    return SUBPROC_EXIT;
}
