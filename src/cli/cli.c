/* cli.c - global options and dispatch to one command. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cupel/cli.h"
#include "cupel/cli_cmd.h"

const struct cli_command cli_commands[] = {
#define CLI_COMMAND(name, fn, summary, usage) { #name, summary, usage, fn },
#include "commands.def"
#undef CLI_COMMAND
	{ NULL, NULL, NULL, NULL },
};

const struct cli_command *cli_find_command(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void cli_usage(FILE *f)
{
	fprintf(f, "usage: cupel [-c FILE] [-n NAME] [--project PATH] COMMAND [ARGS]\n"
		   "\n"
		   "cupel reviews Alembic migration histories without running Python.\n"
		   "\n"
		   "commands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\n"
		   "options:\n"
		   "  -c, --config FILE    alembic.ini to use (default: $ALEMBIC_CONFIG or ./alembic.ini)\n"
		   "  -n, --name NAME      section of the ini file (default: alembic)\n"
		   "  --project PATH       an alembic.ini, a project or script directory, or a versions folder\n"
		   "  -h, --help           this help; 'cupel COMMAND --help' for a command\n"
		   "  --version            print the version\n"
		   "\n"
		   "exit status: 0 ok, 1 findings or graph errors, 2 usage or load errors\n");
}

/* Take a global option with a value at argv[i]; returns how many argv
 * entries it used (0 if argv[i] is not one). */
static int cli_global_opt(struct cli_ctx *ctx, int argc, char **argv, int i, bool *bad)
{
	static const struct { const char *s, *l; size_t off; } opts[] = {
		{ "-c", "--config", offsetof(struct cli_ctx, config) },
		{ "-n", "--name", offsetof(struct cli_ctx, name) },
		{ NULL, "--project", offsetof(struct cli_ctx, project) },
	};
	const char *a = argv[i];
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		const char **dst = (const char **)((char *)ctx + opts[k].off);
		size_t ll = strlen(opts[k].l);
		if (strncmp(a, opts[k].l, ll) == 0 && a[ll] == '=') {
			*dst = a + ll + 1;
			return 1;
		}
		if ((opts[k].s && strcmp(a, opts[k].s) == 0) || strcmp(a, opts[k].l) == 0) {
			if (i + 1 >= argc) {
				fprintf(ctx->err, "cupel: error: option %s needs a value\n", a);
				*bad = true;
				return 1;
			}
			*dst = argv[i + 1];
			return 2;
		}
	}
	return 0;
}

int cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = { 0 };
	ctx.out = stdout;
	ctx.err = stderr;
	ctx.escape = isatty(STDOUT_FILENO);
	/* global options may stand before or after the command */
	char **rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (!rest)
		return CLI_USAGE;
	int n = 0;
	bool bad = false, dashdash = false;
	for (int i = 1; i < argc;) {
		if (!dashdash && strcmp(argv[i], "--") == 0) {
			dashdash = true;
			rest[n++] = argv[i++];
			continue;
		}
		int used = dashdash ? 0 : cli_global_opt(&ctx, argc, argv, i, &bad);
		if (used) {
			i += used;
			continue;
		}
		rest[n++] = argv[i++];
	}
	int status = CLI_USAGE;
	if (bad)
		goto done;
	if (n == 0) {
		/* no command: the terminal UI */
		char *tui_argv[2] = { (char *)"tui", NULL };
		status = cli_cmd_tui(&ctx, 1, tui_argv);
		goto done;
	}
	if (!strcmp(rest[0], "--ascii") || !strcmp(rest[0], "--mouse") || !strncmp(rest[0], "--theme", 7)) {
		/* `cupel --theme light`: options of the UI without its name */
		char **targv = calloc((size_t)n + 2, sizeof(*targv));
		if (!targv)
			abort();
		targv[0] = (char *)"tui";
		for (int i = 0; i < n; i++)
			targv[i + 1] = rest[i];
		status = cli_cmd_tui(&ctx, n + 1, targv);
		free(targv);
		goto done;
	}
	if (strcmp(rest[0], "--version") == 0) {
		printf("cupel %s\n", PACKAGE_VERSION);
		status = CLI_OK;
		goto done;
	}
	if (strcmp(rest[0], "-h") == 0 || strcmp(rest[0], "--help") == 0 || strcmp(rest[0], "help") == 0) {
		const struct cli_command *c = n > 1 ? cli_find_command(rest[1]) : NULL;
		if (c)
			fputs(c->usage, stdout);
		else
			cli_usage(stdout);
		status = CLI_OK;
		goto done;
	}
	const struct cli_command *cmd = cli_find_command(rest[0]);
	if (!cmd) {
		fprintf(stderr, "cupel: error: unknown command '%s'\n", rest[0]);
		cli_usage(stderr);
		goto done;
	}
	status = cmd->run(&ctx, n, rest);
done:
	free(rest);
	if (fflush(stdout) != 0 && status == CLI_OK)
		status = CLI_USAGE;
	return status;
}
