/* cli_confirm.c - what the commands that write files share: show the
 * change as a unified diff, then ask (or take --yes) before writing. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cupel/cli_cmd.h"
#include "cupel/udiff.h"

void cli_show_diff(struct cli_ctx *ctx, const char *old_label, const char *old, size_t old_len,
		   const char *new_label, const char *new_text, size_t new_len)
{
	struct strbuf sb = STRBUF_INIT;
	udiff_texts(&sb, old_label, old, old_len, new_label, new_text, new_len);
	cli_write(ctx, strbuf_str(&sb), sb.len);
	fflush(ctx->out);
	strbuf_release(&sb);
}

int cli_confirm_write(struct cli_ctx *ctx, const char *cmd, const char *path, bool yes)
{
	if (yes)
		return 1;
	if (!isatty(STDIN_FILENO)) {
		cli_error(ctx, "%s: not writing %s: stdin is not a terminal, pass --yes to write without asking", cmd,
			  path);
		return -1;
	}
	fprintf(ctx->err, "write %s? [y/N] ", path);
	fflush(ctx->err);
	char line[64];
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	size_t n = strcspn(line, "\r\n");
	line[n] = '\0';
	return strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 || strcmp(line, "yes") == 0 ||
	       strcmp(line, "YES") == 0 || strcmp(line, "Yes") == 0;
}
