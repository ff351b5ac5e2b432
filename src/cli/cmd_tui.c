/* cmd_tui.c - `cupel tui` (and `cupel` alone): the terminal UI. */
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/tui.h"

int cli_cmd_tui(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("tui");
	struct tui_opts o;
	memset(&o, 0, sizeof(o));
	o.project = ctx->project ? ctx->project : ctx->config;
	o.ini_section = ctx->name;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (strcmp(argv[i], "--theme") == 0 && i + 1 < argc) {
			o.theme = argv[++i];
		} else if (strncmp(argv[i], "--theme=", 8) == 0) {
			o.theme = argv[i] + 8;
		} else if (strcmp(argv[i], "--ascii") == 0) {
			o.ascii = true;
		} else if (strcmp(argv[i], "--mouse") == 0) {
			o.mouse = true;
		} else {
			cli_error(ctx, "tui: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	return tui_run(&o);
}
