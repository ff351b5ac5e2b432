/* lockform.h - the lock facts of a statement cupel rendered itself, from
 * the renderer's description of it (sqlrender_form) instead of a parse of
 * its text. Internal to src/lock. */
#ifndef CUPEL_LOCK_LOCKFORM_H
#define CUPEL_LOCK_LOCKFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/lockmodel.h"
#include "cupel/ops.h"
#include "cupel/schema.h"
#include "cupel/sqlrender.h"

/* The facts of the statement form describes (op: the operation being
 * rendered), as lockmodel_analyze would read them from its text; false
 * when the description does not settle them (the text must be parsed). */
/* Does form settle the facts (lockform_facts will succeed)? */
bool lockform_known(const struct sqlrender_form *form, const struct op *op);
bool lockform_facts(struct arena *a, const struct sqlrender_form *form, const struct op *op,
		    const struct schema *before, struct lock_fact **out, size_t *n);

#endif
