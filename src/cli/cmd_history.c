/* cmd_history.c - `cupel history`, as `alembic history`. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"

int cli_cmd_history(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("history");
	bool verbose = false, indicate = false;
	const char *range = NULL, *db = NULL;
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
		} else if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "--indicate-current") == 0) {
			indicate = true;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db = argv[i] + 5;
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
	}
	bool want_current = indicate || (base && (!strcmp(base, "current") || !strcmp(head, "current")));
	struct project *p = cli_load(ctx);
	if (!p) {
		strbuf_release(&rb);
		return CLI_USAGE;
	}
	const struct revgraph *g = p->graph;
	int status = CLI_OK;
	const char **cur = NULL;
	size_t n_cur = 0;
	if (want_current && !cli_read_current(ctx, p, db, &cur, &n_cur)) {
		strbuf_release(&rb);
		status = cli_status(p, CLI_FINDINGS);
		project_free(p);
		return status;
	}
	/* "current" in a range is the tuple of the database's heads */
	if (base && (!strcmp(base, "current") || !strcmp(head, "current"))) {
		struct strbuf tuple = STRBUF_INIT;
		for (size_t k = 0; k < n_cur; k++)
			strbuf_addf(&tuple, "%s%s", k ? " " : "", cur[k]);
		const char *c = n_cur ? arena_strdup(&p->arena, strbuf_str(&tuple)) : "base";
		strbuf_release(&tuple);
		if (!strcmp(base, "current"))
			base = (char *)c;
		if (!strcmp(head, "current"))
			head = (char *)c;
	}
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
			bool is_cur = false;
			for (size_t k = 0; indicate && k < n_cur; k++)
				is_cur |= strcmp(cur[k], g->revs[order.v[i]].id) == 0;
			if (verbose)
				revformat_log_entry(&sb, g, order.v[i], is_cur);
			else
				revformat_line(&sb, g, order.v[i],
					       REVFMT_BRANCHES | REVFMT_DOC | REVFMT_PARENTS | REVFMT_TREE |
						       (is_cur ? REVFMT_CURRENT : 0));
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
