/* cmd_history.c - `cupel history`, as `alembic history`. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"

int cli_cmd_history(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("history");
	bool verbose = false;
	const char *range = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			verbose = true;
		} else if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--rev-range") == 0) {
			if (i + 1 >= argc) {
				cli_error(ctx, "history: %s needs a range", argv[i]);
				return CLI_USAGE;
			}
			range = argv[++i];
		} else if (strncmp(argv[i], "--rev-range=", 12) == 0) {
			range = argv[i] + 12;
		} else if (strncmp(argv[i], "-r", 2) == 0 && argv[i][2]) {
			range = argv[i] + 2;
		} else {
			cli_error(ctx, "history: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	char *base = NULL, *head = NULL;
	struct strbuf rb = STRBUF_INIT;
	if (range) {
		/* Alembic: rev_range.strip().split(":") into exactly two parts */
		const char *s = range;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		strbuf_adds(&rb, s);
		while (rb.len && strchr(" \t\n\r", rb.buf[rb.len - 1]))
			rb.buf[--rb.len] = '\0';
		char *colon = rb.buf ? strchr(rb.buf, ':') : NULL;
		if (!colon) {
			cli_error(ctx, "History range requires [start]:[end], [start]:, or :[end]");
			strbuf_release(&rb);
			return CLI_FINDINGS;
		}
		if (strchr(colon + 1, ':')) {
			cli_error(ctx, "history: range '%s' has more than one ':'", range);
			strbuf_release(&rb);
			return CLI_USAGE;
		}
		*colon = '\0';
		base = rb.buf;
		head = colon + 1;
		if (!strcmp(base, "current") || !strcmp(head, "current")) {
			cli_error(ctx, "history: 'current' needs a database connection, which comes with the runner");
			strbuf_release(&rb);
			return CLI_USAGE;
		}
	}
	struct project *p = cli_load(ctx);
	if (!p) {
		strbuf_release(&rb);
		return CLI_USAGE;
	}
	const struct revgraph *g = p->graph;
	int status = CLI_OK;
	struct idxlist order;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	if (g->cyclic) {
		cli_error(ctx, "the revision graph has a cycle; history cannot be walked");
		status = CLI_FINDINGS;
	} else if (!revspec_history(g, base, head, &order, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		for (size_t i = 0; i < order.n; i++) {
			if (verbose)
				revformat_log_entry(&sb, g, order.v[i], false);
			else
				revformat_line(&sb, g, order.v[i],
					       REVFMT_BRANCHES | REVFMT_DOC | REVFMT_PARENTS | REVFMT_TREE);
			strbuf_addc(&sb, '\n');
			/* stream: a history can be tens of megabytes */
			if (sb.len >= 64 * 1024) {
				cli_write(ctx, sb.buf, sb.len);
				strbuf_reset(&sb);
			}
		}
		cli_write(ctx, strbuf_str(&sb), sb.len);
	}
	strbuf_release(&sb);
	strbuf_release(&err);
	strbuf_release(&rb);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
