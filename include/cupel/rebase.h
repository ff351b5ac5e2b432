/* rebase.h - move the first revision of a branch onto another head: a
 * minimal text edit of its script (only the string literal of the
 * down_revision assignment that names the fork point, and the id on the
 * docstring's "Revises:" line). Nothing is written until rebase_write. */
#ifndef CUPEL_REBASE_H
#define CUPEL_REBASE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cupel/project.h"
#include "cupel/strbuf.h"

struct rebase_edit {
	char *path;            /* the script of ROOT */
	char *root, *old_parent, *onto; /* revision ids */
	char *old_text;        /* the file as read */
	size_t old_len;
	char *new_text;        /* the file after the edit */
	size_t new_len;
	mode_t mode;           /* of the file, kept by rebase_write */
	bool revises_changed;  /* the docstring's Revises: line was edited */
};

/* Plan the rebase of root_spec onto onto_spec (revision specifiers).
 * false: why not in err (nothing to release then). */
bool rebase_prepare(struct project *p, const char *root_spec, const char *onto_spec, struct rebase_edit *out,
		    struct strbuf *err);
/* Write new_text atomically (a temporary file in the same directory,
 * renamed over the script, with its mode), after checking that the file
 * still holds old_text. */
bool rebase_write(const struct rebase_edit *e, struct strbuf *err);
void rebase_edit_release(struct rebase_edit *e);

#endif
