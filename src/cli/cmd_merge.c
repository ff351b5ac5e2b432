/* cmd_merge.c - `cupel merge`, as `alembic merge`: a new revision whose
 * down_revision is the given heads, shown as a diff and written on
 * confirmation (never over an existing file). */
#include <stdlib.h>
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/merge.h"
#include "cupel/xalloc.h"

/* The value of an option given as "-o V", "--opt V" or "--opt=V". */
static bool merge_opt(struct cli_ctx *ctx, int argc, char **argv, int *i, const char *shrt, const char *lng,
		      const char **val, bool *bad)
{
	const char *a = argv[*i];
	size_t ll = strlen(lng);
	if (strncmp(a, lng, ll) == 0 && a[ll] == '=') {
		*val = a + ll + 1;
		return true;
	}
	if (strcmp(a, lng) != 0 && (!shrt || strcmp(a, shrt) != 0))
		return false;
	if (*i + 1 >= argc) {
		cli_error(ctx, "%s needs a value", a);
		*bad = true;
		return true;
	}
	*val = argv[++*i];
	return true;
}

int cli_cmd_merge(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("merge");
	struct merge_opts o = { 0 };
	bool yes = false, bad = false;
	const char **revs = xcalloc((size_t)argc + 1, sizeof(*revs));
	for (int i = 1; i < argc && !bad; i++) {
		if (cli_want_help(ctx, self, argv[i])) {
			free(revs);
			return CLI_OK;
		}
		if (merge_opt(ctx, argc, argv, &i, "-m", "--message", &o.message, &bad) ||
		    merge_opt(ctx, argc, argv, &i, NULL, "--rev-id", &o.rev_id, &bad) ||
		    merge_opt(ctx, argc, argv, &i, NULL, "--branch-label", &o.branch_label, &bad))
			continue;
		if (strcmp(argv[i], "-y") == 0 || strcmp(argv[i], "--yes") == 0) {
			yes = true;
		} else if (argv[i][0] == '-' && argv[i][1] && !(argv[i][1] >= '0' && argv[i][1] <= '9')) {
			cli_error(ctx, "merge: unexpected argument '%s'", argv[i]);
			bad = true;
		} else {
			revs[o.n_revs++] = argv[i];
		}
	}
	if (bad) {
		free(revs);
		return CLI_USAGE;
	}
	o.revs = revs;
	struct project *p = cli_load(ctx);
	if (!p) {
		free(revs);
		return CLI_USAGE;
	}
	int status = CLI_OK;
	struct merge_result r;
	struct strbuf err = STRBUF_INIT;
	if (diag_count(&p->diags, DIAG_ERROR)) {
		cli_error(ctx, "merge: the project has errors (above): not writing a merge");
		status = CLI_FINDINGS;
	} else if (!merge_prepare(p, &o, &r, &err)) {
		cli_error(ctx, "merge: %s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		cli_show_diff(ctx, "/dev/null", "", 0, r.path, r.content, r.len);
		for (const char *n = strbuf_str(&r.notes); *n;) {
			size_t len = strcspn(n, "\n");
			fprintf(ctx->err, "cupel: note: %.*s\n", (int)len, n);
			n += len + (n[len] == '\n');
		}
		int c = cli_confirm_write(ctx, "merge", r.path, yes);
		if (c <= 0) {
			if (c == 0)
				fprintf(ctx->err, "not written\n");
			status = CLI_FINDINGS;
		} else if (!merge_write(&r, &err)) {
			cli_error(ctx, "merge: %s", strbuf_str(&err));
			status = CLI_FINDINGS;
		} else {
			fprintf(ctx->err, "wrote %s\n", r.path);
		}
		merge_result_release(&r);
	}
	strbuf_release(&err);
	free(revs);
	project_free(p);
	return status;
}
