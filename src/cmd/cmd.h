/*
 * cmd — one function per subcommand, `cmd_<name>(argc, argv)`, each in its own file.
 * argv[0] is the subcommand's name. A command returns the process exit status:
 * 0 success, 1 the work failed (the message says why), 2 wrong usage.
 */
#ifndef KW_CMD_CMD_H
#define KW_CMD_CMD_H

int cmd_sync(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_run(int argc, char **argv);

/* Shared option helpers. Returns 1 and sets *value when argv[*i] is `name VALUE` or
 * `name=VALUE` (advancing *i past the value); 0 when argv[*i] is something else; -1 (after
 * printing an error) when the value is missing. */
int cmd_opt(int argc, char **argv, int *i, const char *name, const char **value);
/* Parses a non-negative integer option value, printing an error on failure. */
int cmd_parse_uint(const char *opt, const char *s, long long max, long long *out);

#endif
