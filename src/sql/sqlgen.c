/* sqlgen.c - one migration body to SQL: parse the script in full (once),
 * read its operations for the dialect, render them. */
#include <string.h>

#include "cupel/ops.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"

void sqlgen_init(struct sqlgen *sg, struct project *p)
{
	sg->project = p;
	sg->stats.opaque = 0;
	sg->stats.errors = 0;
}

bool sqlgen_body(void *ctx, struct strbuf *out, const struct plan_step *step, enum dialect d,
		 bool in_transaction)
{
	struct sqlgen *sg = ctx;
	struct project *p = sg->project;
	const struct rev *rv = &p->graph->revs[step->rev];
	struct script *sc = (struct script *)rv->script;
	if (!sc->module) {
		size_t len;
		const char *src = project_script_source(p, sc, &len);
		if (!src) {
			strbuf_addf(out, "-- cupel: %s could not be read again\n\n", sc->path);
			sg->stats.errors++;
			return false;
		}
		sc->module = py_parse(&p->arena, &p->diags, sc->path, src, len);
	}
	if (step->dir == PLAN_STAMP)
		return true;
	const char *fn = step->dir == PLAN_UPGRADE ? "upgrade" : "downgrade";
	struct op_list ops = ops_from_module(&p->arena, &p->diags, sc->module, fn, d, true);
	struct sqlrender_stats st = { 0, 0 };
	sqlrender_ops(out, ops.v, ops.n, d, in_transaction, &st);
	sg->stats.opaque += st.opaque;
	sg->stats.errors += st.errors;
	return st.opaque == 0 && st.errors == 0;
}
