/* sqlgen.c - one migration body to SQL: parse the script in full (once),
 * read its operations for the dialect, render them. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cupel/naming.h"
#include "cupel/ops.h"
#include "cupel/path.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"

void sqlgen_init(struct sqlgen *sg, struct project *p)
{
	sg->project = p;
	sg->stats.opaque = 0;
	sg->stats.errors = 0;
	arena_init(&sg->scratch);
	sg->enums = NULL;
	enum_memo_init(&sg->memo);
}

void sqlgen_release(struct sqlgen *sg)
{
	arena_free(&sg->scratch);
	for (size_t i = 0; i < sg->n_steps && sg->texts; i++)
		strbuf_release(&sg->texts[i]);
	for (size_t i = 0; i < sg->n_steps && sg->enums; i++)
		strbuf_release(&sg->enums[i]);
	free(sg->enums);
	sg->enums = NULL;
	enum_memo_free(&sg->memo);
	enum_memo_init(&sg->memo);
	free(sg->texts);
	free(sg->ok);
	sg->texts = NULL;
	sg->ok = NULL;
	sg->n_steps = 0;
}

bool sqlgen_step_ops(struct project *p, struct arena *a, struct diag_list *diags, const struct plan_step *step,
		     enum dialect d, bool offline, struct op_list *out)
{
	out->v = NULL;
	out->n = 0;
	if (step->dir == PLAN_STAMP || step->rev == PLAN_NO_REV || step->rev >= p->graph->n)
		return true;
	const struct script *sc = p->graph->revs[step->rev].script;
	const struct py_module *m = sc->module;
	if (!m) {
		size_t len;
		char *raw = path_read_file(a, sc->path, PROJECT_MAX_SCRIPT_BYTES, &len);
		if (!raw)
			return false;
		const char *src = script_decode(a, NULL, sc->path, raw, len, &len);
		m = py_parse(a, diags, sc->path, src, len);
	}
	const char *fn = step->dir == PLAN_UPGRADE ? "upgrade" : "downgrade";
	*out = ops_from_module(a, diags, m, fn, d, offline);
	naming_apply(a, &p->naming, out, d);
	enum_memo_apply(NULL, out, d);
	return true;
}

/* One migration body into out; everything transient in `a` (reset after).
 * memo: the enum types made so far in the run (NULL: not known yet); the
 * types this body makes go to *enums when given. */
static bool sqlgen_render_step(struct project *p, struct arena *a, struct diag_list *diags, struct strbuf *out,
			       const struct plan_step *step, enum dialect d, bool in_transaction,
			       struct sqlgen_stats *stats, struct enum_memo *memo, struct strbuf *enums)
{
	if (step->dir == PLAN_STAMP || step->rev == PLAN_NO_REV || step->rev >= p->graph->n)
		return true;
	struct op_list ops;
	if (!sqlgen_step_ops(p, a, diags, step, d, true, &ops)) {
		strbuf_addf(out, "-- cupel: %s could not be read again\n\n", p->graph->revs[step->rev].script->path);
		stats->errors++;
		arena_reset(a);
		return false;
	}
	if (memo)
		enum_memo_apply(memo, &ops, d);
	if (enums)
		enum_memo_created(&ops, d, enums);
	struct sqlrender_stats st = { 0, 0 };
	sqlrender_ops(out, ops.v, ops.n, d, in_transaction, &st);
	stats->opaque += st.opaque;
	stats->errors += st.errors;
	arena_reset(a);
	return st.opaque == 0 && st.errors == 0;
}

bool sqlgen_body(void *ctx, struct strbuf *out, const struct plan_step *step, enum dialect d,
		 bool in_transaction)
{
	struct sqlgen *sg = ctx;
	if (sg->texts && step >= sg->steps && step < sg->steps + sg->n_steps) {
		size_t i = (size_t)(step - sg->steps);
		const struct strbuf *en = &sg->enums[i];
		/* rendered ahead without the run's types: again if it makes one
		 * an earlier step made (rare) */
		if (!en->len || !enum_memo_has_any(&sg->memo, en->buf, en->len)) {
			enum_memo_add(&sg->memo, en->buf, en->len);
			strbuf_add(out, strbuf_str(&sg->texts[i]), sg->texts[i].len);
			return sg->ok[i];
		}
		struct sqlgen_stats ignored = { 0, 0 };
		return sqlgen_render_step(sg->project, &sg->scratch, &sg->project->diags, out, step, d, in_transaction,
					  &ignored, &sg->memo, NULL);
	}
	return sqlgen_render_step(sg->project, &sg->scratch, &sg->project->diags, out, step, d, in_transaction,
				  &sg->stats, &sg->memo, NULL);
}

struct sqlgen_worker {
	struct sqlgen *sg;
	size_t lo, hi;
	enum dialect d;
	bool in_txn;
	struct arena arena;        /* diagnostics */
	struct diag_list diags;
	struct sqlgen_stats stats;
	pthread_t thread;
};

static void *sqlgen_worker_run(void *arg)
{
	struct sqlgen_worker *w = arg;
	struct arena scratch;
	arena_init(&scratch);
	for (size_t i = w->lo; i < w->hi; i++)
		w->sg->ok[i] = sqlgen_render_step(w->sg->project, &scratch, &w->diags, &w->sg->texts[i],
						  &w->sg->steps[i], w->d, w->in_txn, &w->stats, NULL, &w->sg->enums[i]);
	arena_free(&scratch);
	return NULL;
}

void sqlgen_prerender(struct sqlgen *sg, const struct plan *plan, enum dialect d, bool in_transaction)
{
	size_t n = plan->n;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k = n < 64 || cpus < 2 ? 1 : (size_t)(cpus > 8 ? 8 : cpus);
	sg->steps = plan->steps;
	sg->n_steps = n;
	sg->texts = calloc(n ? n : 1, sizeof(*sg->texts));
	sg->ok = calloc(n ? n : 1, sizeof(*sg->ok));
	sg->enums = calloc(n ? n : 1, sizeof(*sg->enums));
	struct sqlgen_worker *w = calloc(k, sizeof(*w));
	if (!sg->texts || !sg->ok || !sg->enums || !w)
		abort();
	for (size_t t = 0; t < k; t++) {
		w[t].sg = sg;
		w[t].lo = n * t / k;
		w[t].hi = n * (t + 1) / k;
		w[t].d = d;
		w[t].in_txn = in_transaction;
		arena_init(&w[t].arena);
		diag_list_init(&w[t].diags, &w[t].arena);
	}
	size_t started = 0;
	for (size_t t = 1; t < k; t++, started++)
		if (pthread_create(&w[t].thread, NULL, sqlgen_worker_run, &w[t]) != 0)
			break;
	sqlgen_worker_run(&w[0]);
	for (size_t t = started + 1; t < k; t++)
		sqlgen_worker_run(&w[t]);
	for (size_t t = 1; t <= started; t++)
		pthread_join(w[t].thread, NULL);
	struct project *p = sg->project;
	for (size_t t = 0; t < k; t++) {
		for (size_t i = 0; i < w[t].diags.n; i++) {
			const struct diag *src = &w[t].diags.items[i];
			struct diag *dd = diag_push(&p->diags, src->level, src->code, src->span, "%s", src->msg);
			dd->detail = src->detail ? arena_strdup(&p->arena, src->detail) : NULL;
			dd->hint = src->hint;
			dd->revision = src->revision;
		}
		sg->stats.opaque += w[t].stats.opaque;
		sg->stats.errors += w[t].stats.errors;
		arena_free(&w[t].arena);
	}
	free(w);
}
