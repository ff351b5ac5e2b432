/* confirm.c - the order check of divergent heads on real databases: each
 * order (one head, then the other) run on its own scratch database, the
 * two catalog snapshots compared. */
#include <string.h>

#include "cupel/conflict.h"
#include "cupel/envpy.h"
#include "cupel/plan.h"
#include "cupel/runner.h"
#include "cupel/scratch.h"
#include "cupel/snapshot.h"
#include "cupel/text.h"
#include "cupel/vtable.h"

/* Upgrade the scratch database to `first`, then to `second`, as `alembic
 * upgrade first; alembic upgrade second` would; the snapshot after. */
static bool run_order(struct project *p, const struct envpy_config *env, struct scratch *sc, const char *first,
		      const char *second, struct arena *a, struct strbuf *snap, struct strbuf *why)
{
	struct vtable vt;
	vtable_init(&vt, sc->db, env);
	const char *targets[2] = { first, second };
	const char *current[1];
	for (int i = 0; i < 2; i++) {
		struct plan plan;
		if (!plan_online(p->graph, a, PLAN_UPGRADE, current, (size_t)i, targets[i], &plan, why))
			return false;
		struct runner_opts o;
		memset(&o, 0, sizeof(o));
		struct runner_failure f;
		memset(&f, 0, sizeof(f));
		size_t done = 0;
		if (!runner_run(p, &vt, &plan, &o, a, &done, &f)) {
			strbuf_addf(why, "upgrading to %s failed", targets[i]);
			if (f.step && f.step->rev < p->graph->n)
				strbuf_addf(why, " in %s", p->graph->revs[f.step->rev].id);
			if (f.line)
				strbuf_addf(why, " (line %u)", f.line);
			strbuf_adds(why, ": ");
			if (f.message)
				strbuf_adds(why, f.message);
			if (f.has_err)
				db_error_format(why, sc->db, &f.err);
			return false;
		}
		current[0] = first;
	}
	struct db_error e;
	if (!snapshot_take(sc->db, a, vt.table, snap, &e)) {
		strbuf_adds(why, "could not read the catalog: ");
		db_error_format(why, sc->db, &e);
		return false;
	}
	return true;
}

bool conflict_confirm(struct project *p, struct conflict_pair *cp, const char *db_url, struct arena *a,
		      struct strbuf *err)
{
	struct envpy_config env;
	envpy_read(a, &p->diags, p->script_location, &env);
	struct conflict_confirmation *c = arena_alloc(a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	struct strbuf snap[2] = { STRBUF_INIT, STRBUF_INIT };
	for (int o = 0; o < 2; o++) {
		struct scratch sc;
		if (!scratch_open(a, db_url, o ? "conflicts_ba" : "conflicts_ab", &sc, err)) {
			strbuf_release(&snap[0]);
			strbuf_release(&snap[1]);
			return false;
		}
		if (!c->where)
			c->where = arena_strdup(a, sc.url.masked);
		const char *h0 = p->graph->revs[cp->side[o].head].id, *h1 = p->graph->revs[cp->side[1 - o].head].id;
		struct strbuf why = STRBUF_INIT;
		c->ran[o] = run_order(p, &env, &sc, h0, h1, a, &snap[o], &why);
		if (!c->ran[o])
			c->failure[o] = arena_strdup(a, strbuf_str(&why));
		strbuf_release(&why);
		bool closed = scratch_close(a, &sc, err);
		if (!closed) {
			strbuf_release(&snap[0]);
			strbuf_release(&snap[1]);
			return false;
		}
	}
	if (c->ran[0] && c->ran[1]) {
		c->same = !strcmp(strbuf_str(&snap[0]), strbuf_str(&snap[1]));
		if (!c->same) {
			struct strbuf d = STRBUF_INIT;
			text_line_diff(&d, strbuf_str(&snap[0]), strbuf_str(&snap[1]));
			c->diff = arena_strdup(a, strbuf_str(&d));
			strbuf_release(&d);
		}
	}
	strbuf_release(&snap[0]);
	strbuf_release(&snap[1]);
	cp->confirmed = c;
	return true;
}
