/* cmd_locks.c - `cupel locks [RANGE]`: per migration, each PostgreSQL
 * statement with the locks it takes, the locks each transaction holds and
 * across which statements; with --db the tables' live sizes and how long
 * the work on them takes. `cupel calibrate`: the throughputs for that. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cupel/cli_cmd.h"
#include "cupel/dburl.h"
#include "cupel/envpy.h"
#include "cupel/estimate.h"
#include "cupel/lockmodel.h"
#include "cupel/lockplan.h"
#include "cupel/tablestats.h"
#include "cupel/plan.h"
#include "cupel/schema.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"
#include "cupel/xalloc.h"

static void first_line(struct strbuf *sb, const char *sql)
{
	while (*sql == '\n' || *sql == ' ')
		sql++;
	size_t n = strcspn(sql, "\n");
	strbuf_add(sb, sql, n > 160 ? 160 : n);
	if (sql[n] || n > 160)
		strbuf_adds(sb, " ...");
}

static json_t *fact_json(const struct lock_fact *f)
{
	json_t *j = json_object();
	json_object_set_new(j, "kind", json_string(f->kind));
	json_object_set_new(j, "known", json_boolean(f->known));
	if (!f->known)
		json_object_set_new(j, "unknown", json_string(f->unknown));
	json_t *rels = json_array();
	for (size_t i = 0; i < f->n_rels; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "schema", f->rels[i].schema ? json_string(f->rels[i].schema) : json_null());
		json_object_set_new(r, "table", json_string(f->rels[i].name));
		json_object_set_new(r, "mode", json_string(lock_mode_name(f->rels[i].mode)));
		json_object_set_new(r, "blocks", json_string(lock_mode_blocks(f->rels[i].mode)));
		json_object_set_new(r, "why", json_string(f->rels[i].why ? f->rels[i].why : ""));
		json_array_append_new(rels, r);
	}
	json_object_set_new(j, "locks", rels);
	json_object_set_new(j, "rewrite", f->rewrite < 0 ? json_null() : json_boolean(f->rewrite));
	json_object_set_new(j, "scan", json_boolean(f->scan));
	json_object_set_new(j, "in_transaction", json_boolean(f->in_transaction));
	json_object_set_new(j, "note", f->note ? json_string(f->note) : json_null());
	return j;
}

/* Text of one fact; appended piece by piece (printf's cost showed in
 * bench/locks.sh: a line per relation of 131,672 statements) */
static void fact_text(struct strbuf *out, const struct lock_fact *f)
{
	if (!f->known) {
		strbuf_adds(out, "    locks: unknown (");
		strbuf_adds(out, f->unknown);
		strbuf_adds(out, ")\n");
		return;
	}
	if (!f->n_rels)
		strbuf_adds(out, "    locks: none on existing tables\n");
	for (size_t i = 0; i < f->n_rels; i++) {
		strbuf_adds(out, "    ");
		if (f->rels[i].schema) {
			strbuf_adds(out, f->rels[i].schema);
			strbuf_addc(out, '.');
		}
		strbuf_adds(out, f->rels[i].name);
		strbuf_adds(out, ": ");
		strbuf_adds(out, lock_mode_name(f->rels[i].mode));
		strbuf_adds(out, " (");
		strbuf_adds(out, f->rels[i].why ? f->rels[i].why : "");
		strbuf_adds(out, ") - blocks ");
		strbuf_adds(out, lock_mode_blocks(f->rels[i].mode));
		strbuf_addc(out, '\n');
	}
	strbuf_adds(out, "    rewrite: ");
	strbuf_adds(out, f->rewrite < 0 ? "unknown" : f->rewrite ? "yes" : "no");
	strbuf_adds(out, ", scans rows: ");
	strbuf_adds(out, f->scan ? "yes" : "no");
	strbuf_adds(out, f->in_transaction ? "\n" : ", cannot run in a transaction block\n");
	if (f->note) {
		strbuf_adds(out, "    note: ");
		strbuf_adds(out, f->note);
		strbuf_addc(out, '\n');
	}
}

/* Live sizes: a connection and the statistics read so far. */
struct live {
	struct db *db;
	struct arena *a;
	struct throughput tp;
	bool have_tp;
	const char **names;
	struct table_stats *stats;
	size_t n, cap;
	const char *error; /* the first failure, reported once */
	const char **done;    /* "what:schema.table" read from the live catalog */
	size_t n_done;
};

static const struct table_stats *live_stats(struct live *l, const char *schema, const char *table)
{
	if (!l || !l->db || !table)
		return NULL;
	const char *key = arena_printf(l->a, "%s.%s", schema ? schema : "", table);
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], key))
			return &l->stats[i];
	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 16;
		l->names = arena_grow(l->a, l->names, l->n, c, sizeof(*l->names));
		l->stats = arena_grow(l->a, l->stats, l->n, c, sizeof(*l->stats));
		l->cap = c;
	}
	struct db_error e;
	struct table_stats *st = &l->stats[l->n];
	if (!tablestats_read(l->db, l->a, schema, table, st, &e)) {
		if (!l->error) {
			struct strbuf sb = STRBUF_INIT;
			db_error_format(&sb, l->db, &e);
			l->error = arena_strdup(l->a, strbuf_str(&sb));
			strbuf_release(&sb);
		}
		memset(st, 0, sizeof(*st));
	}
	l->names[l->n] = key;
	return &l->stats[l->n++];
}

/* A table made outside the migrations, with its columns from the live
 * catalog; NULL when the database has no such table. */
static struct schema_table *live_table(struct live *l, struct schema *s, const char *schema, const char *table)
{
	struct schema_table *t = schema_table(s, schema, table);
	if (t)
		return t;
	const char **names, **types;
	bool *nullable;
	size_t n;
	struct db_error e;
	if (!tablestats_columns(l->db, l->a, schema, table, &names, &types, &nullable, &n, &e) || !n)
		return NULL;
	t = schema_add_known_table(s, schema, table);
	for (size_t i = 0; i < n; i++)
		schema_add_known_column(s, t, names[i], types[i], nullable[i]);
	return t;
}

/* Is this the first time that what of the table is read? (Each is read
 * once per command.) */
static bool first_read(struct live *l, const char *what, const char *schema, const char *table)
{
	const char *key = arena_printf(l->a, "%s:%s.%s", what, schema ? schema : "", table);
	for (size_t i = 0; i < l->n_done; i++)
		if (!strcmp(l->done[i], key))
			return false;
	l->done = arena_grow(l->a, l->done, l->n_done, l->n_done + 1, sizeof(*l->done));
	l->done[l->n_done++] = key;
	return true;
}

/* The live foreign keys of a table made outside the migrations, and those
 * onto it (TRUNCATE ... CASCADE, ON DELETE actions, the checks of INSERT
 * and DELETE reach the tables at their other end), once per table. */
static bool live_fks(struct live *l, struct schema *s, const char *schema, const char *table)
{
	if (!first_read(l, "keys", schema, table))
		return false;
	struct tablestats_fk *fks;
	size_t n;
	struct db_error e;
	if (!tablestats_fks(l->db, l->a, schema, table, &fks, &n, &e))
		return false;
	bool added = false;
	for (size_t i = 0; i < n; i++) {
		const struct tablestats_fk *f = &fks[i];
		struct schema_table *child = live_table(l, s, f->schema, f->table);
		if (!child || (child->created_by && strcmp(child->created_by, "(database)") != 0))
			continue; /* a table of the migrations: the model has its keys */
		schema_add_known_fk(s, child, f->name, f->cols, f->n_cols, f->ref_schema, f->ref_table, f->ref_cols,
				    f->n_ref_cols, f->ondelete, f->onupdate);
		added = true;
	}
	/* its CHECKs: which DROP CONSTRAINT recurses, which spares SET NOT
	 * NULL its scan */
	struct tablestats_check *ck;
	struct schema_table *t = schema_table(s, schema, table);
	if (t && tablestats_checks(l->db, l->a, schema, table, &ck, &n, &e))
		for (size_t i = 0; i < n; i++) {
			schema_add_known_check(s, t, ck[i].name, ck[i].not_null_col, !ck[i].valid);
			added = true;
		}
	return added;
}

/* The live inheritance and partition links under a table made outside
 * the migrations, and its own (a statement on a parent reaches its
 * children and partitions), once per table. */
static bool live_links(struct live *l, struct schema *s, const char *schema, const char *table)
{
	if (!first_read(l, "links", schema, table))
		return false;
	struct tablestats_link *links;
	size_t n;
	struct db_error e;
	if (!tablestats_links(l->db, l->a, schema, table, &links, &n, &e))
		return false;
	bool added = false;
	for (size_t i = 0; i < n; i++) {
		const struct tablestats_link *k = &links[i];
		struct schema_table *child = live_table(l, s, k->schema, k->table);
		struct schema_table *parent = live_table(l, s, k->parent_schema, k->parent_table);
		bool live_child = child && child->created_by && !strcmp(child->created_by, "(database)");
		if (parent && parent->created_by && !strcmp(parent->created_by, "(database)"))
			parent->partitioned |= k->parent_partitioned;
		if (!live_child)
			continue; /* a table of the migrations: the model has its links */
		child->partitioned |= k->child_partitioned;
		child->default_partition |= k->is_default;
		size_t before = s->n_inherit;
		schema_add_known_parent(s, child, k->parent_schema, k->parent_table, k->partition);
		added |= s->n_inherit != before;
	}
	return added;
}

/* The live views around a relation the migrations do not make: those
 * built on it (a CASCADE drops them) and, when it is a view, what its
 * query reads (a query of it is expanded), once per relation. */
static bool live_views(struct live *l, struct schema *s, const char *schema, const char *table)
{
	if (!first_read(l, "views", schema, table))
		return false;
	struct tablestats_view *v;
	size_t n;
	struct db_error e;
	if (!tablestats_views(l->db, l->a, schema, table, &v, &n, &e))
		return false;
	for (size_t i = 0; i < n; i++)
		schema_add_known_view(s, v[i].schema, v[i].name, v[i].materialized, v[i].read_schema, v[i].read_name,
				      v[i].cols, v[i].n_cols);
	return n > 0;
}

/* Tables the lock plan names that the schema model does not know (made
 * outside the migrations): their columns and foreign keys from the live
 * catalog, so that type changes and cascades on them are judged. True
 * when one was added. */
static bool live_fill(struct live *l, struct schema *s, const struct lockplan *lp)
{
	bool added = false;
	for (size_t h = 0; l && l->db && h < lp->n_holds; h++) {
		const struct lockplan_hold *x = &lp->holds[h];
		if (x->new_table)
			continue;
		struct schema_table *t = schema_table(s, x->schema, x->table);
		const struct schema_view *v = schema_view(s, x->schema, x->table);
		if (!t && (!v || (v->created_by && !strcmp(v->created_by, "(database)"))))
			added |= live_views(l, s, x->schema, x->table);
		if (!t && !schema_view(s, x->schema, x->table)) {
			t = live_table(l, s, x->schema, x->table);
			added |= t != NULL;
		}
		if (t && t->created_by && !strcmp(t->created_by, "(database)"))
			added |= live_views(l, s, x->schema, x->table);
		if (t && t->created_by && !strcmp(t->created_by, "(database)")) {
			added |= live_fks(l, s, x->schema, x->table);
			added |= live_links(l, s, x->schema, x->table);
		}
	}
	return added;
}

static void size_text(struct strbuf *out, const struct table_stats *st)
{
	if (!st->found) {
		strbuf_adds(out, "not in the database yet");
		return;
	}
	if (st->reltuples >= 0)
		strbuf_addf(out, "%.0f rows (estimated), ", st->reltuples);
	else
		strbuf_adds(out, "never analysed, ");
	estimate_format_bytes(out, (double)st->table_bytes);
	strbuf_adds(out, " table + ");
	estimate_format_bytes(out, (double)st->index_bytes);
	strbuf_addf(out, " in %lld index%s", st->n_indexes, st->n_indexes == 1 ? "" : "es");
}

/* The work of fact f on its first table, with live sizes. */
static double fact_live(struct strbuf *out, const struct lock_fact *f, struct live *l)
{
	if (!f->known || !f->n_rels)
		return f->known ? 0 : -1;
	const struct table_stats *st = live_stats(l, f->rels[0].schema, f->rels[0].name);
	if (!st)
		return -1;
	double secs = estimate_fact(f, st, l->have_tp ? &l->tp : NULL);
	if (out) {
		strbuf_addf(out, "    size: %s: ", f->rels[0].name);
		size_text(out, st);
		strbuf_adds(out, "; work: ");
		if (secs == 0)
			strbuf_adds(out, "catalog only, once the lock is granted");
		else if (secs > 0) {
			strbuf_adds(out, "about ");
			estimate_format_seconds(out, secs);
			bool upd = f->kind && !strcmp(f->kind, "UpdateStmt");
			strbuf_adds(out, f->rewrite == 1 ? " (rewrite)"
					 : upd             ? " (writes every row)"
					 : f->scan         ? " (reads every row)"
							   : " (index build)");
		} else if (f->rewrite < 0 && st->found && l->have_tp) {
			/* whether it rewrites is not known: say what a rewrite costs */
			struct lock_fact worst = *f;
			worst.rewrite = 1;
			strbuf_adds(out, "unknown: about ");
			estimate_format_seconds(out, estimate_fact(&worst, st, &l->tp));
			strbuf_adds(out, " if it rewrites the table, catalog only if not");
		} else if (f->kind && strstr("InsertStmt UpdateStmt DeleteStmt SelectStmt", f->kind) && !f->scan) {
			strbuf_adds(out, "as long as the rows it touches take");
		} else if (st->found && !l->have_tp)
			strbuf_adds(out, "unknown (no throughput: run cupel calibrate --db URL or pass --throughput)");
		else
			strbuf_adds(out, "unknown");
		strbuf_addc(out, '\n');
	}
	return secs;
}

static json_t *hold_json(const struct lockplan *lp, const struct lockplan_hold *h, double secs)
{
	json_t *x = json_object();
	json_object_set_new(x, "schema", h->schema ? json_string(h->schema) : json_null());
	json_object_set_new(x, "table", json_string(h->table));
	json_object_set_new(x, "mode", json_string(lock_mode_name(h->mode)));
	json_object_set_new(x, "blocks", json_string(lock_mode_blocks(h->mode)));
	json_object_set_new(x, "transaction", json_integer((json_int_t)h->txn + 1));
	json_object_set_new(x, "from_statement", json_integer((json_int_t)h->first + 1));
	json_object_set_new(x, "strongest_at", json_integer((json_int_t)h->strongest_at + 1));
	json_object_set_new(x, "to_statement", json_integer((json_int_t)h->last + 1));
	json_object_set_new(x, "statements", json_integer((json_int_t)(h->last - h->first + 1)));
	json_object_set_new(x, "rewrite", json_boolean(h->rewrite));
	json_object_set_new(x, "scan", json_boolean(h->scan || h->index_build));
	json_object_set_new(x, "new_table", json_boolean(h->new_table));
	json_object_set_new(x, "seconds", secs >= 0 ? json_real(secs) : json_null());
	(void)lp;
	return x;
}

/* One migration: statements, facts, holds; text or JSON. */
static void migration_out(struct strbuf *out, json_t *jm, const struct lockplan *lp, struct live *l, bool text)
{
	/* JSON only for --format json: text would build it for nothing */
	json_t *jst = text ? NULL : json_array();
	double *secs = xcalloc(lp->n + 1, sizeof(*secs));
	for (size_t k = 0; k < lp->n; k++) {
		const struct lockplan_stmt *s = &lp->stmts[k];
		if (text) {
			strbuf_addu(out, k + 1);
			strbuf_adds(out, ". ");
			first_line(out, s->sql);
			strbuf_adds(out, "  (line ");
			strbuf_addu(out, s->line);
			strbuf_adds(out, s->autocommit ? ", autocommit)\n" : ")\n");
			if (!s->parsed)
				strbuf_addf(out, "    locks: unknown (not parsed: %s)\n", s->error ? s->error : "?");
		}
		json_t *js = text ? NULL : json_object(), *jf = text ? NULL : json_array();
		if (js) {
			json_object_set_new(js, "sql", json_string(s->sql));
			json_object_set_new(js, "line", json_integer(s->line));
			json_object_set_new(js, "transaction", json_integer((json_int_t)s->txn + 1));
			json_object_set_new(js, "autocommit", json_boolean(s->autocommit));
		}
		for (size_t q = 0; q < s->n_facts; q++) {
			if (text)
				fact_text(out, &s->facts[q]);
			json_t *f = text ? NULL : fact_json(&s->facts[q]);
			if (l && l->db) {
				double t = fact_live(text ? out : NULL, &s->facts[q], l);
				if (t > 0 || secs[k] < 0)
					secs[k] = t < 0 ? -1 : secs[k] + t;
				else if (t < 0)
					secs[k] = -1;
				const struct table_stats *st =
					s->facts[q].n_rels ? live_stats(l, s->facts[q].rels[0].schema, s->facts[q].rels[0].name)
							   : NULL;
				if (st && f) {
					json_t *js2 = json_object();
					json_object_set_new(js2, "found", json_boolean(st->found));
					json_object_set_new(js2, "reltuples", json_real(st->reltuples));
					json_object_set_new(js2, "relpages", json_integer(st->relpages));
					json_object_set_new(js2, "table_bytes", json_integer(st->table_bytes));
					json_object_set_new(js2, "index_bytes", json_integer(st->index_bytes));
					json_object_set_new(js2, "total_bytes", json_integer(st->total_bytes));
					json_object_set_new(f, "size", js2);
				}
				if (f)
					json_object_set_new(f, "seconds", t >= 0 ? json_real(t) : json_null());
			}
			if (jf)
				json_array_append_new(jf, f);
		}
		if (js) {
			json_object_set_new(js, "facts", jf);
			json_array_append_new(jst, js);
		}
	}
	if (text && lp->n_not_rendered)
		strbuf_addf(out, "  %zu step(s) render no SQL (opaque): their locks are not known\n", lp->n_not_rendered);
	json_t *jh = text ? NULL : json_array();
	size_t txn = (size_t)-1;
	for (size_t h = 0; h < lp->n_holds; h++) {
		const struct lockplan_hold *x = &lp->holds[h];
		/* how long it is held: the work of the statements it spans */
		double held = l && l->db ? 0 : -1;
		for (size_t k = x->first; held >= 0 && k <= x->last; k++)
			held = secs[k] < 0 ? -1 : held + secs[k];
		if (text) {
			if (x->txn != txn) {
				txn = x->txn;
				size_t t0 = x->first;
				while (t0 > 0 && lp->stmts[t0 - 1].txn == txn)
					t0--;
				const struct lockplan_stmt *s0 = &lp->stmts[t0];
				if (t0 == x->last)
					strbuf_addf(out, "  %s %zu (statement %zu):\n",
						    s0->autocommit ? "autocommit, transaction" : "transaction", txn + 1, t0 + 1);
				else
					strbuf_addf(out, "  transaction %zu (statements %zu-%zu):\n", txn + 1, t0 + 1,
						    x->last + 1);
			}
			strbuf_addf(out, "    %s%s%s %s from statement %zu", x->schema ? x->schema : "", x->schema ? "." : "",
				    x->table, lock_mode_name(x->mode), x->first + 1);
			if (x->strongest_at != x->first)
				strbuf_addf(out, " (at its strongest from %zu)", x->strongest_at + 1);
			strbuf_addf(out, " until COMMIT after statement %zu (%zu statement%s): ", x->last + 1,
				    x->last - x->first + 1, x->last == x->first ? "" : "s");
			if (x->new_table)
				strbuf_adds(out, "created by this migration, blocks no one");
			else
				strbuf_addf(out, "blocks %s", lock_mode_blocks(x->mode));
			if (x->rewrite)
				strbuf_adds(out, "; rewrites it");
			else if (x->scan || x->index_build)
				strbuf_adds(out, "; reads every row");
			if (held > 0) {
				strbuf_adds(out, "; held about ");
				estimate_format_seconds(out, held);
			} else if (held == 0 && l && l->db) {
				strbuf_adds(out, "; held briefly (catalog only)");
			}
			strbuf_addc(out, '\n');
		}
		if (jh)
			json_array_append_new(jh, hold_json(lp, x, held));
	}
	if (text && lp->n_holds && !(l && l->db))
		strbuf_adds(out, "  sizes and durations: unknown without a database (--db URL)\n");
	if (text)
		strbuf_addc(out, '\n');
	free(secs);
	if (!jm)
		return;
	json_object_set_new(jm, "statements", jst);
	json_object_set_new(jm, "held", jh);
	json_object_set_new(jm, "strongest", lp->strongest ? json_string(lock_mode_name(lp->strongest)) : json_null());
	json_object_set_new(jm, "strongest_table", lp->strongest_table ? json_string(lp->strongest_table) : json_null());
}

struct locks_out {
	struct cli_ctx *ctx;
	struct project *p;
	struct strbuf *out;
	json_t *root;
	struct live *live;
	bool text;
	size_t n_json;   /* migrations written to the JSON array so far */
};

/* One migration of the walk: printed (text) or added to the JSON array. */
static void locks_one(void *arg, const struct plan_step *st, const struct op_list *ops, struct lockplan *lp,
		      struct schema *s, struct arena *a)
{
	struct locks_out *lo = arg;
	const struct rev *rv = &lo->p->graph->revs[st->rev];
	(void)s;
	(void)a;
	if (!ops)
		return;
	const char *doc = rv->script && rv->script->doc ? rv->script->doc : "";
	if (lo->text)
		strbuf_addf(lo->out, "== %s %.*s\n", rv->id, (int)strcspn(doc, "\n"), doc);
	json_t *jm = lo->text ? NULL : json_object();
	if (jm)
		json_object_set_new(jm, "revision", json_string(rv->id));
	migration_out(lo->out, jm, lp, lo->live, lo->text);
	if (lo->text) {
		cli_write(lo->ctx, strbuf_str(lo->out), lo->out->len);
		strbuf_reset(lo->out);
	} else {
		/* each migration written as it comes, as json_dumps would lay
		 * it out inside the array: memory stays flat */
		json_object_set_new(jm, "sizes", json_boolean(lo->live->db != NULL));
		char *txt = json_dumps(jm, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(jm);
		strbuf_adds(lo->out, lo->n_json++ ? ",\n  " : "[\n  ");
		for (const char *c = txt, *nl; c && *c; c = nl + 1) {
			nl = strchr(c, '\n');
			if (!nl) {
				strbuf_adds(lo->out, c);
				break;
			}
			strbuf_add(lo->out, c, (size_t)(nl - c));
			strbuf_adds(lo->out, "\n  ");
		}
		free(txt);
		cli_write(lo->ctx, strbuf_str(lo->out), lo->out->len);
		strbuf_reset(lo->out);
	}
}

/* Before a migration is judged: the live columns of the tables it names
 * that the schema model does not know. */
static void locks_prep(void *arg, const struct lockplan *lp, struct schema *s)
{
	struct locks_out *lo = arg;
	(void)live_fill(lo->live, s, lp);
}

static bool open_live(struct cli_ctx *ctx, struct arena *a, const char *url, const char *tp_text, struct live *l)
{
	memset(l, 0, sizeof(*l));
	l->a = a;
	struct strbuf err = STRBUF_INIT;
	struct dburl u;
	bool ok = dburl_parse(a, url, &u, &err);
	if (ok && u.dialect != DIALECT_POSTGRESQL) {
		strbuf_adds(&err, "locks --db: the lock impact is PostgreSQL's: give a postgresql:// URL");
		ok = false;
	}
	ok = ok && db_connect(&u, 10, &l->db, &err);
	if (ok && tp_text) {
		ok = estimate_parse_throughput(tp_text, &l->tp, &err);
		l->have_tp = ok;
	} else if (ok) {
		l->have_tp = estimate_load(a, u.masked, &l->tp);
	}
	if (!ok)
		cli_error(ctx, "%s", strbuf_str(&err));
	else if (!l->have_tp)
		fprintf(ctx->err, "cupel: note: no throughput for %s: sizes only (run cupel calibrate --db URL, or pass "
				  "--throughput scan=B,rewrite=B,index=B)\n",
			u.masked);
	strbuf_release(&err);
	return ok;
}

int cli_cmd_locks(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("locks");
	const char *range = NULL, *format = "text", *statement = NULL, *db = NULL, *tp = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(argv[i], "--statement") && i + 1 < argc)
			statement = argv[++i];
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--throughput") && i + 1 < argc)
			tp = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cli_error(ctx, "locks: unknown option '%s'", argv[i]);
			return CLI_USAGE;
		} else if (!range)
			range = argv[i];
		else {
			cli_error(ctx, "locks: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		cli_error(ctx, "locks: --format is text or json");
		return CLI_USAGE;
	}
	bool text = !strcmp(format, "text");
	struct arena a;
	arena_init(&a);
	struct live live;
	memset(&live, 0, sizeof(live));
	if (db && !open_live(ctx, &a, db, tp, &live)) {
		arena_free(&a);
		return CLI_USAGE;
	}
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int status = CLI_OK;
	json_t *root = json_array();
	bool streamed = false;
	if (statement) {
		/* one statement, no project: what the model says of it */
		struct lock_fact *fs;
		size_t n;
		struct schema *ls = live.db ? schema_new(DIALECT_POSTGRESQL) : NULL;
		if (ls) {
			struct lockplan lp;
			struct op one;
			memset(&one, 0, sizeof(one));
			one.kind = OP_EXECUTE;
			one.sql = statement;
			lockplan_build(&a, &one, 1, ls, &lp);
			(void)live_fill(&live, ls, &lp);
		}
		if (!lockmodel_analyze(&a, statement, ls, &fs, &n, &err)) {
			cli_error(ctx, "%s", strbuf_str(&err));
			status = CLI_FINDINGS;
		}
		for (size_t i = 0; status == CLI_OK && i < n; i++) {
			json_t *f = fact_json(&fs[i]);
			if (text)
				fact_text(&out, &fs[i]);
			if (live.db) {
				double t = fact_live(text ? &out : NULL, &fs[i], &live);
				json_object_set_new(f, "seconds", t >= 0 ? json_real(t) : json_null());
			}
			json_array_append_new(root, f);
		}
		schema_free(ls);
	} else {
		struct project *p = cli_load(ctx);
		if (!p) {
			db_close(live.db);
			arena_free(&a);
			json_decref(root);
			return CLI_USAGE;
		}
		struct plan plan;
		if (!plan_offline(p->graph, &p->arena, PLAN_UPGRADE, range ? range : "base:heads", &plan, &err)) {
			cli_error(ctx, "%s", strbuf_str(&err));
			status = CLI_FINDINGS;
			plan.n = 0;
		}
		struct envpy_config env;
		envpy_read(&p->arena, &p->diags, p->script_location, &env);
		/* transactional_ddl=False: Alembic commits each migration too */
		if (text && plan.n && !env.transaction_per_migration && env.transactional_ddl != 0)
			strbuf_adds(&out, "Locks are per migration, as cupel upgrade commits each one. alembic upgrade "
					  "runs the whole upgrade in one transaction (env.py does not set "
					  "transaction_per_migration): there every lock below is held until the last "
					  "migration commits.\n\n");
		/* the schema before the range: replayed up to its start */
		struct schema *s = NULL;
		const char *colon = range ? strchr(range, ':') : NULL;
		char *from = colon && colon != range ? arena_strndup(&a, range, (size_t)(colon - range)) : NULL;
		if (plan.n && from && strcmp(from, "base") != 0 && !schema_replay(p, from, DIALECT_POSTGRESQL, &s, &err))
			s = NULL;
		if (!s)
			s = schema_new(DIALECT_POSTGRESQL);
		/* scripts read and plans built ahead on every core; each
		 * migration printed as it comes, memory stays flat */
		struct locks_out lo = { ctx, p, &out, root, &live, text, 0 };
		lockplan_walk(p, &plan, s, live.db ? locks_prep : NULL, locks_one, &lo);
		if (!text && lo.n_json) {
			strbuf_adds(&out, "\n]\n");
			streamed = true;
		}
		schema_free(s);
		status = cli_status(p, status);
		project_free(p);
	}
	if (live.error)
		cli_error(ctx, "could not read table sizes: %s", live.error);
	if (!text && !streamed) {
		char *txt = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		strbuf_adds(&out, txt);
		strbuf_addc(&out, '\n');
		free(txt);
	}
	json_decref(root);
	cli_write(ctx, strbuf_str(&out), out.len);
	db_close(live.db);
	strbuf_release(&out);
	strbuf_release(&err);
	arena_free(&a);
	return status;
}

/* `cupel calibrate --db URL [--rows N]`: the throughputs of that server
 * for cupel locks' estimates, saved in the calibration file. */
int cli_cmd_calibrate(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("calibrate");
	const char *url = NULL;
	long rows = 300000;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			url = argv[++i];
		else if (!strcmp(argv[i], "--rows") && i + 1 < argc) {
			char *end;
			rows = strtol(argv[++i], &end, 10);
			if (*end || rows < 1000 || rows > 100000000) {
				cli_error(ctx, "calibrate: --rows is a number from 1000 to 100000000");
				return CLI_USAGE;
			}
		} else {
			cli_error(ctx, "calibrate: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (!url)
		url = getenv("CUPEL_DATABASE_URL");
	if (!url) {
		cli_error(ctx, "calibrate: --db postgresql://... is needed");
		return CLI_USAGE;
	}
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct dburl u;
	struct db *db = NULL;
	int status = CLI_OK;
	struct throughput t;
	if (!dburl_parse(&a, url, &u, &err) || u.dialect != DIALECT_POSTGRESQL || !db_connect(&u, 10, &db, &err)) {
		if (!err.len)
			strbuf_adds(&err, "calibrate: give a postgresql:// URL");
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_USAGE;
	} else if (!estimate_calibrate(db, &a, rows, &t, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		char when[32];
		time_t now = time(NULL);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s (%ld rows, rolled back): scan ", u.masked, rows);
		estimate_format_bytes(&sb, t.scan);
		strbuf_adds(&sb, "/s, rewrite ");
		estimate_format_bytes(&sb, t.rewrite);
		strbuf_adds(&sb, "/s, index build ");
		estimate_format_bytes(&sb, t.index);
		strbuf_addf(&sb, "/s\n--throughput scan=%.0f,rewrite=%.0f,index=%.0f\n", t.scan, t.rewrite, t.index);
		fputs(strbuf_str(&sb), ctx->out);
		strbuf_release(&sb);
		if (!estimate_save(&a, u.masked, &t, when, &err)) {
			cli_error(ctx, "%s", strbuf_str(&err));
			status = CLI_FINDINGS;
		} else {
			fprintf(ctx->err, "cupel: saved in %s\n", estimate_calibration_path(&a));
		}
	}
	db_close(db);
	strbuf_release(&err);
	arena_free(&a);
	return status;
}
