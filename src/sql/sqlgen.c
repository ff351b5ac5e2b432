/* sqlgen.c - migration bodies to SQL. (First increment: bodies are not
 * rendered yet; a body that is more than `pass` is reported as opaque.) */
#include "cupel/sqlgen.h"

void sqlgen_init(struct sqlgen *sg, struct project *p)
{
	sg->project = p;
	sg->stats.opaque = 0;
	sg->stats.errors = 0;
}

bool sqlgen_body(void *ctx, struct strbuf *out, const struct plan_step *step, enum dialect d,
		 bool in_transaction)
{
	(void)ctx;
	(void)out;
	(void)step;
	(void)d;
	(void)in_transaction;
	return true;
}
