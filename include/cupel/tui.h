/* tui.h - the terminal UI: the revision graph and each migration's
 * overview, SQL and source, in the manner of tig. */
#ifndef CUPEL_TUI_H
#define CUPEL_TUI_H

#include <stdbool.h>

struct tui_opts {
	const char *project;     /* as -c/--project: NULL for the default */
	const char *ini_section; /* -n */
	const char *theme;       /* name or path; NULL: configuration, else default */
	bool ascii;              /* line drawing in ASCII */
	bool mouse;              /* clicks and wheel */
};

/* Run the UI until the user quits. With $CUPEL_HEADLESS=COLSxROWS the
 * screen is virtual, keys come from the file $CUPEL_KEYS and the screen is
 * printed on stdout at the end (tests). Returns an exit status. */
int tui_run(const struct tui_opts *o);

#endif
