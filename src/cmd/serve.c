/* Placeholder until the serve command lands; replaced by its real implementation. */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "kamerwacht serve: not available in this build yet\n");
    return 1;
}
