/* Placeholder until the fetch command lands; replaced by its real implementation. */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_fetch(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "kamerwacht fetch: not available in this build yet\n");
    return 1;
}
