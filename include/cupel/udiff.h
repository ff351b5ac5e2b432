/* udiff.h - unified diffs (diff -u) of whole texts, for showing a file
 * cupel is about to write before it writes it. */
#ifndef CUPEL_UDIFF_H
#define CUPEL_UDIFF_H

#include <stddef.h>

#include "cupel/strbuf.h"

/* Append the unified diff from old to new (3 lines of context) to out;
 * nothing when they are equal. old_label/new_label follow "---"/"+++"
 * ("/dev/null" with an empty old text shows a new file). Lines are
 * compared one to one when both texts have as many lines, otherwise the
 * common beginning and end are kept and the rest is one change. */
void udiff_texts(struct strbuf *out, const char *old_label, const char *old, size_t old_len,
		 const char *new_label, const char *new_text, size_t new_len);

#endif
