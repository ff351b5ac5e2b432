/* cmd_check.c - `cupel check`: the whole project parsed in full. */
#include <string.h>

#include "cupel/cli_cmd.h"

int cli_cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("check");
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		cli_error(ctx, "check: unexpected argument '%s'", argv[i]);
		return CLI_USAGE;
	}
	ctx->full_parse = true;
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	size_t errors = diag_count(&p->diags, DIAG_ERROR);
	size_t warnings = diag_count(&p->diags, DIAG_WARNING) - errors;
	fprintf(ctx->out, "%zu scripts, %zu heads, %zu errors, %zu warnings\n", p->n_scripts,
		p->graph ? p->graph->heads.n : 0, errors, warnings);
	int status = cli_status(p, CLI_OK);
	project_free(p);
	return status;
}
