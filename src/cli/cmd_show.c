/* cmd_show.c - `cupel show REV`, as `alembic show`. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"

int cli_cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("show");
	const char *spec = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (spec || (argv[i][0] == '-' && argv[i][1] && !(argv[i][1] >= '0' && argv[i][1] <= '9'))) {
			cli_error(ctx, "show: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
		spec = argv[i];
	}
	if (!spec) {
		cli_error(ctx, "show: a revision is required");
		return CLI_USAGE;
	}
	if (strcmp(spec, "current") == 0) {
		cli_error(ctx, "show: 'current' needs a database connection, which comes with the runner");
		return CLI_USAGE;
	}
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	int status = CLI_OK;
	struct idxlist revs;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	if (!revspec_get(p->graph, spec, &revs, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		for (size_t i = 0; i < revs.n; i++) {
			revformat_log_entry(&sb, p->graph, revs.v[i], false);
			strbuf_addc(&sb, '\n');
		}
		cli_write(ctx, strbuf_str(&sb), sb.len);
	}
	strbuf_release(&sb);
	strbuf_release(&err);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
