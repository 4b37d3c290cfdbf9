/*
 * kamerwacht — dispatch to one subcommand. Adding a command is adding a file in cmd/ and a
 * row in the table below.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    {"sync", cmd_sync, "mirror the SyncFeed into the SQLite store"},
    {"status", cmd_status, "per category: live, deleted, skiptoken, quarantined, last sync"},
    {"fetch", cmd_fetch, "download the documents, reports and photos of the mirror"},
    {"index", cmd_index, "extract text and build the Dutch full-text index"},
    {"search", cmd_search, "search the mirror (Dutch, phrases, identifiers, filters)"},
    {"serve", cmd_serve, "serve the website, JSON, Atom and iCal"},
    {"alerts", cmd_alerts, "one alerts pass: match monitors, mail each item once"},
    {"monitor", cmd_monitor, "manage alert users and monitors (add, list, preview, ...)"},
    {"run", cmd_run, "the daemon: sync, fetch, index, alerts every N minutes; serve"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: kamerwacht <command> [options]   (kamerwacht <command> --help)\n\n"
               "Kamerwacht mirrors and serves the open data of the Tweede Kamer.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    /* No global memory statistics: they take a mutex around every SQLite allocation, which
     * cost 6% of the CPU time of indexing (workers and writer allocate concurrently). */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("kamerwacht %s\n", KW_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "kamerwacht: '%s' is not a command; 'kamerwacht --help' lists them\n",
            argv[1]);
    return 2;
}
