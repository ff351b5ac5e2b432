/* cmd_branches.c - `cupel branches`, as `alembic branches`. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"

int cli_cmd_branches(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("branches");
	bool verbose = false;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			verbose = true;
		else {
			cli_error(ctx, "branches: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	const struct revgraph *g = p->graph;
	if (g->cyclic) {
		cli_error(ctx, "the revision graph has a cycle; branches cannot be walked");
		project_free(p);
		return CLI_FINDINGS;
	}
	struct idxlist order;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	int status = CLI_OK;
	if (!revspec_history(g, NULL, NULL, &order, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	}
	for (size_t i = 0; status == CLI_OK && i < order.n; i++) {
		const struct rev *r = &g->revs[order.v[i]];
		if (!r->is_branch_point)
			continue;
		if (verbose)
			revformat_log_entry(&sb, g, order.v[i], false);
		else
			revformat_line(&sb, g, order.v[i], REVFMT_BRANCHES | REVFMT_TREE);
		strbuf_addc(&sb, '\n');
		size_t pad = strlen(r->id);
		for (size_t k = 0; k < r->nextrev.n; k++) {
			if (k)
				strbuf_addc(&sb, '\n');
			for (size_t s = 0; s < pad; s++)
				strbuf_addc(&sb, ' ');
			strbuf_adds(&sb, " -> ");
			revformat_line(&sb, g, r->nextrev.v[k],
				       REVFMT_BRANCHES | REVFMT_TREE | (verbose ? REVFMT_DOC : 0));
		}
		strbuf_adds(&sb, "\n\n");
	}
	cli_write(ctx, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	strbuf_release(&err);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
