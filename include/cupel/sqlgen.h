/* sqlgen.h - the SQL statements of one migration body, per dialect: the
 * operations of upgrade()/downgrade() rendered as SQLAlchemy 1.4 and
 * Alembic 1.8 render them offline, with opaque steps shown as comments. */
#ifndef CUPEL_SQLGEN_H
#define CUPEL_SQLGEN_H

#include <stdbool.h>

#include "cupel/enummemo.h"
#include "cupel/dialect.h"
#include "cupel/ops.h"
#include "cupel/plan.h"
#include "cupel/project.h"
#include "cupel/strbuf.h"

struct sqlgen_stats {
	size_t opaque;   /* opaque steps met (--strict fails on any) */
	size_t errors;   /* operations SQLAlchemy/Alembic would refuse */
};

struct sqlgen {
	struct project *project;
	struct sqlgen_stats stats;
	struct arena scratch; /* one migration's source, tree and operations */
	/* bodies rendered ahead of time (sqlgen_prerender), by step */
	const struct plan_step *steps;
	size_t n_steps;
	struct strbuf *texts;
	bool *ok;
	/* per step, the enum types its body makes (enum_memo_created); the
	 * types the run has made so far, as sqlgen_body copies steps out */
	struct strbuf *enums;
	struct enum_memo memo;
};

/* The operations of one step's body (upgrade() or downgrade()), the script
 * read and parsed again into a when the load kept only its outline; offline
 * decides context.is_offline_mode(). False if the file cannot be read. */
bool sqlgen_step_ops(struct project *p, struct arena *a, struct diag_list *diags, const struct plan_step *step,
		     enum dialect d, bool offline, struct op_list *out);

void sqlgen_init(struct sqlgen *sg, struct project *p);
void sqlgen_release(struct sqlgen *sg);
/* Render every step's body now, on all cores; sqlgen_body then only copies
 * them out in plan order. Diagnostics keep step order. */
void sqlgen_prerender(struct sqlgen *sg, const struct plan *plan, enum dialect d, bool in_transaction);
/* An offline_body_fn: ctx is a struct sqlgen. */
bool sqlgen_body(void *ctx, struct strbuf *out, const struct plan_step *step, enum dialect d,
		 bool in_transaction);

#endif
