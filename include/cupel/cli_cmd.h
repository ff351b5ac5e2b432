/* cli_cmd.h - what the command-line commands share: parsed global options,
 * project loading, diagnostics on stderr and terminal-safe output. */
#ifndef CUPEL_CLI_CMD_H
#define CUPEL_CLI_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "cupel/dialect.h"
#include "cupel/plan.h"
#include "cupel/project.h"
#include "cupel/strbuf.h"

/* Exit statuses (documented in cupel(1)). */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_USAGE = 2 };

struct cli_ctx {
	const char *config;   /* -c/--config: an alembic.ini */
	const char *project;  /* --project: ini, project dir or versions dir */
	const char *name;     /* -n/--name: ini section */
	bool escape;          /* escape control characters (stdout is a tty) */
	bool full_parse;      /* load with every function body parsed */
	FILE *out;
	FILE *err;
};

struct cli_command {
	const char *name;
	const char *summary;
	const char *usage;    /* full help text of the command */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Load the project named by the global options; prints diagnostics.
 * Returns NULL (after printing) when nothing usable was loaded. */
struct project *cli_load(struct cli_ctx *ctx);
/* Print diagnostics as path:line:col: level[code]: message, with the source
 * line and hint. Returns the number of errors among them. */
size_t cli_print_diags(struct cli_ctx *ctx, struct project *p);
/* The same for the problems from index from on (found after loading). */
size_t cli_print_diags_from(struct cli_ctx *ctx, struct project *p, size_t from);
/* Write text from scripts to stdout, escaped when stdout is a terminal. */
void cli_write(struct cli_ctx *ctx, const char *s, size_t len);
/* "cupel: error: ..." on stderr. */
void cli_error(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shared option handling: returns true if argv[*i] was -h/--help (help
 * printed, *status set). */
bool cli_want_help(struct cli_ctx *ctx, const struct cli_command *cmd, const char *arg);
/* argv[*i] is "--name VALUE" (then *i moves past VALUE) or "--name=VALUE":
 * true with the value in *val. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* --dialect NAME: false after saying it is neither postgresql nor sqlite
 * (NULL: PostgreSQL for now, see cli_dialect_of). */
bool cli_dialect_opt(struct cli_ctx *ctx, const char *name, enum dialect *d);
/* Without --dialect, the project's sqlalchemy.url decides when it names one. */
void cli_dialect_of(const struct project *p, const char *name, enum dialect *d);
/* Before a command that changes the database (or writes its SQL): true,
 * after saying why, when a script could not be read or parsed, as
 * Alembic's import of every script fails then. Load with full_parse. */
bool cli_refuse_broken_scripts(struct cli_ctx *ctx, const struct project *p, const char *what);
/* The status for a run: errors in the load make it CLI_FINDINGS. */
int cli_status(const struct project *p, int status);

int cli_cmd_heads(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_branches(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_history(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_graph(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_check(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_sql(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_upgrade(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_downgrade(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_stamp(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_current(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_tui(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_schema(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_conflicts(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_lint(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_verify(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_locks(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_calibrate(struct cli_ctx *ctx, int argc, char **argv);
/* upgrade|downgrade|stamp on the database (cmd_run.c). */
/* The current heads of the project's database (db_url NULL: the default
 * one); false after printing why. */
bool cli_read_current(struct cli_ctx *ctx, struct project *p, const char *db_url, const char ***heads, size_t *n);
int cli_run_online(struct cli_ctx *ctx, int argc, char **argv, const char *name, enum plan_dir dir);

/* merge and rebase (issue 8): the commands that write files. */
int cli_cmd_merge(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_rebase(struct cli_ctx *ctx, int argc, char **argv);
/* Show the change to a file as a unified diff on stdout. */
void cli_show_diff(struct cli_ctx *ctx, const char *old_label, const char *old, size_t old_len,
		   const char *new_label, const char *new_text, size_t new_len);
/* Before writing path: 1 write (--yes, or the user said y), 0 the user
 * said no, -1 stdin is not a terminal and there is no --yes (said why). */
int cli_confirm_write(struct cli_ctx *ctx, const char *cmd, const char *path, bool yes);

extern const struct cli_command cli_commands[];
const struct cli_command *cli_find_command(const char *name);

#endif
