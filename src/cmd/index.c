/* Placeholder until the index command lands; replaced by its real implementation. */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_index(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "kamerwacht index: not available in this build yet\n");
    return 1;
}
