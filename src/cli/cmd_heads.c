/* cmd_heads.c - `cupel heads`, as `alembic heads`. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"

int cli_cmd_heads(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("heads");
	bool verbose = false, resolve = false;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			verbose = true;
		else if (strcmp(argv[i], "--resolve-dependencies") == 0)
			resolve = true;
		else {
			cli_error(ctx, "heads: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	const struct revgraph *g = p->graph;
	const struct idxlist *heads = resolve ? &g->real_heads : &g->heads;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < heads->n; i++) {
		/* ids resolve through the map: a shadowed duplicate prints the
		 * revision that won, as Alembic does */
		size_t r = heads->v[i];
		revgraph_lookup(g, g->revs[r].id, &r);
		if (verbose)
			revformat_log_entry(&sb, g, r, false);
		else
			revformat_line(&sb, g, r, REVFMT_BRANCHES);
		strbuf_addc(&sb, '\n');
	}
	cli_write(ctx, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	int status = cli_status(p, CLI_OK);
	project_free(p);
	return status;
}
