/* detail.h - what the revision views (overview, SQL, source) share. */
#ifndef CUPEL_TUI_DETAIL_H
#define CUPEL_TUI_DETAIL_H

#include "cupel/ops.h"
#include "../tui_internal.h"

/* The operations of the revision's upgrade() or downgrade() (T.downgrade)
 * for T.dialect, parsed into v's arena; problems of the parse are added to
 * the view as lines. */
struct op_list detail_ops(struct view *v);
/* Tab, o, s, c, d, u: shared by the three views. */
bool detail_action(struct view *v, enum action a);
/* "<id>: <message>" title. */
void detail_title(struct view *v, const char *what);

#endif
