/*
 * subproc — run a converter program under limits and collect what it writes to stdout.
 *
 * What it is for: text extraction shells out to pdftotext, mutool, catdoc, antiword and unrtf.
 * Those programs parse hostile files; a crash or a hang there must not reach the indexer.
 *
 * Promises:
 *  - No shell: the program is looked up on PATH by the parent and started with fork + execve
 *    from an argv array, in its own process group, stdin and stderr on /dev/null, every other
 *    inherited descriptor closed.
 *  - In the child: RLIMIT_AS = max_memory_mb, RLIMIT_CPU = timeout rounded up plus one second,
 *    no core files.
 *  - The parent reads stdout into `out` (appending) and never holds more than max_output
 *    bytes of it; reaching the cap kills the child. The wall-clock timeout covers the whole
 *    run: at the deadline the process group gets SIGTERM, then SIGKILL after a short grace,
 *    and the child is always reaped before returning.
 * Thread-safe as far as fork() is: the child only makes async-signal-safe calls before exec.
 */
#ifndef KW_TEXT_SUBPROC_H
#define KW_TEXT_SUBPROC_H

#include <stddef.h>

#include "util/buf.h"

#define SUBPROC_KILL_GRACE_MS 200 /* between SIGTERM and SIGKILL */

struct subproc_limits {
    long timeout_ms;    /* wall clock for the whole run; <= 0 means 30000 */
    long max_memory_mb; /* address space of the child; <= 0 means no limit */
    size_t max_output;  /* bytes of stdout kept; 0 means 32 MiB */
};

enum subproc_result {
    SUBPROC_OK = 0,  /* exited with status 0 */
    SUBPROC_EXIT,    /* exited with another status (*code) */
    SUBPROC_SIGNAL,  /* died of a signal (*code), e.g. a crash or the CPU/memory limit */
    SUBPROC_TIMEOUT, /* killed at the deadline */
    SUBPROC_CAPPED,  /* killed because stdout reached max_output; out holds max_output bytes */
    SUBPROC_NOEXEC,  /* could not be started (not installed, not executable, fork failed) */
};

/* Runs argv[0] (looked up on PATH unless it contains a '/') with argv (NULL-terminated).
 * `code` (may be NULL) gets the exit status or signal number. `why` describes anything but
 * SUBPROC_OK in one line, e.g. "pdftotext: exit status 1". */
enum subproc_result subproc_run(const char *const argv[], const struct subproc_limits *lim,
                                struct buf *out, int *code, char *why, size_t whylen);

#endif
