/*
 * tkfake — dispatch to a subcommand (see tkfake.h for the modules and README.md for usage).
 */
#include <stdio.h>
#include <string.h>

#include "tkfake.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    {"gen", cmd_gen, "write a deterministic synthetic SyncFeed corpus"},
    {"serve", cmd_serve, "serve a corpus over HTTP like the real SyncFeed API"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: tkfake <command> [options]   (tkfake <command> --help)\n\n"
               "tkfake imitates the Tweede Kamer SyncFeed API for tests.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "tkfake: '%s' is not a command; 'tkfake --help' lists them\n", argv[1]);
    return 2;
}
