/* cmd_rebase.c - `cupel rebase ROOT --onto HEAD`: ROOT's down_revision
 * (the fork point) becomes HEAD, as a minimal edit shown as a diff and
 * written atomically on confirmation. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/rebase.h"

int cli_cmd_rebase(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("rebase");
	const char *root = NULL, *onto = NULL;
	bool yes = false;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (strcmp(argv[i], "--onto") == 0) {
			if (i + 1 >= argc) {
				cli_error(ctx, "rebase: --onto needs a revision");
				return CLI_USAGE;
			}
			onto = argv[++i];
		} else if (strncmp(argv[i], "--onto=", 7) == 0) {
			onto = argv[i] + 7;
		} else if (strcmp(argv[i], "-y") == 0 || strcmp(argv[i], "--yes") == 0) {
			yes = true;
		} else if (root || (argv[i][0] == '-' && argv[i][1] && !(argv[i][1] >= '0' && argv[i][1] <= '9'))) {
			cli_error(ctx, "rebase: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		} else {
			root = argv[i];
		}
	}
	if (!root || !onto) {
		cli_error(ctx, "rebase: usage: cupel rebase ROOT --onto HEAD [-y]");
		return CLI_USAGE;
	}
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	int status = CLI_OK;
	struct rebase_edit e;
	struct strbuf err = STRBUF_INIT;
	if (diag_count(&p->diags, DIAG_ERROR)) {
		cli_error(ctx, "rebase: the project has errors (above): not editing it");
		status = CLI_FINDINGS;
	} else if (!rebase_prepare(p, root, onto, &e, &err)) {
		cli_error(ctx, "rebase: %s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		cli_show_diff(ctx, e.path, e.old_text, e.old_len, e.path, e.new_text, e.new_len);
		if (!e.revises_changed)
			fprintf(ctx->err, "cupel: note: the docstring has no 'Revises: %s' line; it is left alone\n",
				e.old_parent);
		int c = cli_confirm_write(ctx, "rebase", e.path, yes);
		if (c <= 0) {
			if (c == 0)
				fprintf(ctx->err, "not written\n");
			status = CLI_FINDINGS;
		} else if (!rebase_write(&e, &err)) {
			cli_error(ctx, "rebase: %s", strbuf_str(&err));
			status = CLI_FINDINGS;
		} else {
			fprintf(ctx->err, "rebased %s onto %s (was on %s): wrote %s\n", e.root, e.onto, e.old_parent, e.path);
		}
		rebase_edit_release(&e);
	}
	strbuf_release(&err);
	project_free(p);
	return status;
}
