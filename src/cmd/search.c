/* Placeholder until the search command lands; replaced by its real implementation. */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_search(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "kamerwacht search: not available in this build yet\n");
    return 1;
}
