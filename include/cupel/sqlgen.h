/* sqlgen.h - the SQL statements of one migration body, per dialect: the
 * operations of upgrade()/downgrade() rendered as SQLAlchemy 1.4 and
 * Alembic 1.8 render them offline, with opaque steps shown as comments. */
#ifndef CUPEL_SQLGEN_H
#define CUPEL_SQLGEN_H

#include <stdbool.h>

#include "cupel/dialect.h"
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
};

void sqlgen_init(struct sqlgen *sg, struct project *p);
/* An offline_body_fn: ctx is a struct sqlgen. */
bool sqlgen_body(void *ctx, struct strbuf *out, const struct plan_step *step, enum dialect d,
		 bool in_transaction);

#endif
