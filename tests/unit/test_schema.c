/* test_schema.c - the schema model from SQL (op.execute through
 * libpg_query) and its lookups; the op.* path is checked against real
 * databases by tests/schema/compare.sh. */
#include <stdio.h>
#include <string.h>

#include "cupel/pgq.h"
#include "cupel/schema.h"
#include "../lib/tap.h"

static struct op exec_op(const char *sql, unsigned line)
{
	struct op o;
	memset(&o, 0, sizeof(o));
	o.kind = OP_EXECUTE;
	o.sql = sql;
	o.line = line;
	return o;
}

struct diffs {
	char text[1024];
	size_t n;
};

static void collect(const struct schema_diff *d, void *arg)
{
	struct diffs *x = arg;
	static const char *const ch[] = { "-", "+", "~" };
	size_t len = strlen(x->text);
	bool in_table = d->table && d->obj != SCHEMA_OBJ_TABLE;
	snprintf(x->text + len, sizeof(x->text) - len, "%s%s %s%s%s", x->n++ ? "; " : "", ch[d->change],
		 in_table ? d->table : "", in_table ? "." : "", d->label);
	if (d->what) {
		len = strlen(x->text);
		snprintf(x->text + len, sizeof(x->text) - len, " (%s)", d->what);
	}
}

/* A clone takes a replay of its own; the comparison names what differs. */
static void clone_and_compare(void)
{
	struct schema *s = schema_new(DIALECT_POSTGRESQL);
	struct op base = exec_op("CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b text);"
				 "CREATE INDEX ix_t_a ON t (a); CREATE TYPE mood AS ENUM ('sad')", 1);
	schema_apply(s, &base, 1, "r1");
	struct schema *c = schema_clone(s);
	struct diffs d = { "", 0 };
	tap_ok(schema_compare(s, c, collect, &d) == 0, "a clone equals its schema");
	struct op more = exec_op("ALTER TABLE t RENAME COLUMN b TO bb; ALTER TABLE t ALTER COLUMN a DROP NOT NULL;"
				 "DROP INDEX ix_t_a; CREATE TABLE u (id int); ALTER TYPE mood ADD VALUE 'ok'", 2);
	schema_apply(c, &more, 1, "r2");
	struct schema_table *t = schema_table(s, NULL, "t");
	tap_ok(t && schema_column(t, "b") && !schema_column(t, "a")->nullable && schema_index(s, "ix_t_a", NULL) &&
		       !schema_table(s, NULL, "u") && s->enums[0]->n_values == 1,
	       "replaying into the clone leaves the schema as it was");
	d.text[0] = 0;
	d.n = 0;
	size_t n = schema_compare(s, c, collect, &d);
	bool same = n == 6 && !strcmp(d.text, "~ t.a (nullable, was NOT NULL); - t.b; + t.bb; - t.ix_t_a; + u; "
					  "~ mood (values (sad, ok), were (sad))");
	tap_ok(same, "compare: columns, indexes, tables, enum values");
	if (!same)
		printf("# %zu: %s\n", n, d.text);
	schema_free(c);
	const char *none[] = { "nosuch" }, *by_index[] = { "ix_t_a" };
	c = schema_clone_tables(s, none, 1);
	tap_ok(c->n_tables == 0 && c->n_enums == 1, "a partial clone of no known name: no table, the enum types");
	schema_free(c);
	c = schema_clone_tables(s, by_index, 1);
	tap_ok(c->n_tables == 1 && schema_table(c, NULL, "t") && schema_index(c, "ix_t_a", NULL),
	       "a partial clone by an index name: its table");
	schema_free(c);
	schema_free(s);
}

/* Views and partitions made by SQL: renames and CASCADE follow them, a
 * clone keeps them apart. */
static void views_and_partitions(void)
{
	struct schema *s = schema_new(DIALECT_POSTGRESQL);
	struct op o = exec_op("CREATE TABLE t (id int PRIMARY KEY, a int, b int);"
			      "CREATE VIEW v AS WITH w AS (SELECT id FROM t) SELECT w.id, t.a FROM w JOIN t USING (id);"
			      "CREATE VIEW v2 AS SELECT * FROM v; CREATE MATERIALIZED VIEW mv AS SELECT b FROM t;"
			      "ALTER TABLE t RENAME TO t1; ALTER VIEW v RENAME TO vv;"
			      "CREATE TABLE pt (id int NOT NULL, k int) PARTITION BY RANGE (k);"
			      "CREATE TABLE p1 PARTITION OF pt FOR VALUES FROM (0) TO (10);"
			      "CREATE TABLE pd PARTITION OF pt DEFAULT; CREATE TABLE p2 (id int NOT NULL, k int);"
			      "ALTER TABLE pt ATTACH PARTITION p2 FOR VALUES FROM (10) TO (20);"
			      "ALTER TABLE pt DETACH PARTITION p1",
			      1);
	schema_apply(s, &o, 1, "r1");
	const struct schema_view *v = schema_view(s, NULL, "vv"), *v2 = schema_view(s, NULL, "v2");
	tap_ok(v && v->n_reads == 1 && !strcmp(v->reads[0].name, "t1") && !schema_view(s, NULL, "v"),
	       "a view follows the rename of its table and its own; a WITH name is not a relation");
	tap_ok(v2 && v2->all_cols && schema_view_reads(v2, NULL, "vv", "anything"), "SELECT * uses every column");
	struct schema *c = schema_clone(s);
	struct op d = exec_op("ALTER TABLE t1 DROP COLUMN a CASCADE", 2);
	schema_apply(c, &d, 1, "r2");
	tap_ok(!schema_view(c, NULL, "vv") && !schema_view(c, NULL, "v2") && schema_view(c, NULL, "mv") &&
		       schema_view(s, NULL, "vv"),
	       "DROP COLUMN CASCADE drops the views on the column, and those on them, in the clone only");
	struct op dt = exec_op("DROP TABLE t1 CASCADE", 3);
	schema_apply(c, &dt, 1, "r3");
	tap_ok(!schema_view(c, NULL, "mv"), "DROP TABLE CASCADE drops the materialized view on it");
	schema_free(c);
	const struct schema_table *pt = schema_table(s, NULL, "pt"), *p1 = schema_table(s, NULL, "p1"),
				  *p2 = schema_table(s, NULL, "p2"), *pd = schema_table(s, NULL, "pd");
	tap_ok(pt && pt->partitioned && pd && pd->default_partition && pd->n_parents == 1 && pd->parents[0].partition &&
		       schema_column(pd, "k"),
	       "a partitioned table, its default partition with the parent's columns");
	tap_ok(p2 && p2->n_parents == 1 && p2->parents[0].partition && p1 && p1->n_parents == 0,
	       "ATTACH and DETACH PARTITION");
	schema_free(s);
}

/* A CHECK's text rejects NULLs of a column: alone or as an AND term. */
static void not_null_checks(void)
{
	tap_ok(schema_check_is_not_null("a IS NOT NULL", "a"), "the plain form");
	tap_ok(schema_check_is_not_null("(b > 0) and (\"A\" is not null)", "A"), "an AND term, quoted, any case");
	tap_ok(schema_check_is_not_null("((a IS NOT NULL AND b > 'x and y'))", "b") == false,
	       "a quoted AND is not a term");
	tap_ok(!schema_check_is_not_null("a IS NOT NULL OR b > 0", "a"), "an OR term does not reject NULL");
	tap_ok(!schema_check_is_not_null("(a IS NOT NULL AND b > 0) OR id > 5", "a"), "nor an AND under an OR");
	tap_ok(schema_check_is_not_null("x > 0 AND (y < 1 AND a IS NOT NULL)", "a"), "an AND inside an AND term");
	tap_ok(!schema_check_is_not_null("band IS NOT NULL", "nd"), "a word ending in and is not AND");
}

/* CHECK terms prove a partition bound, from SQL and from Alembic's
 * create_check_constraint text alike. */
static void bound_terms(void)
{
	struct schema *s = schema_new(DIALECT_POSTGRESQL);
	struct op o = exec_op("CREATE TABLE p1 (id int, k int NOT NULL, CONSTRAINT ck CHECK (k >= -5 AND k < 0));"
			      "CREATE TABLE p2 (id int, k int NOT NULL); CREATE TABLE d (n int DEFAULT -1, m int DEFAULT 0)",
			      1);
	schema_apply(s, &o, 1, "r1");
	const struct schema_table *dt = schema_table(s, NULL, "d");
	tap_ok(dt && !strcmp(schema_column(dt, "n")->default_sql, "-1") && !strcmp(schema_column(dt, "m")->default_sql, "0"),
	       "integer defaults 0 and -1 (libpg_query's JSON leaves both out)");
	struct op c;
	memset(&c, 0, sizeof(c));
	c.kind = OP_CREATE_CHECK;
	c.table = "p2";
	c.constraint.kind = CON_CHECK;
	c.constraint.name = "ck2";
	c.constraint.sqltext = "k IN (1, 2) AND id > 0";
	schema_apply(s, &c, 1, "r2");
	const char *r1[] = { "-5", "0" }, *r2[] = { "-4", "0" }, *l1[] = { "2", "1", "7" }, *l2[] = { "1" };
	struct schema_check_term b1 = { "k", 'R', r1, 2, true }, b2 = { "k", 'R', r2, 2, true },
				 b3 = { "k", 'I', l1, 3, true }, b4 = { "k", 'I', l2, 1, true };
	const struct schema_table *p1 = schema_table(s, NULL, "p1"), *p2 = schema_table(s, NULL, "p2");
	tap_ok(schema_bound_implied(p1, &b1), "CHECK (k >= -5 AND k < 0) proves FROM (-5) TO (0)");
	tap_ok(!schema_bound_implied(p1, &b2), "but not FROM (-4) TO (0)");
	tap_ok(schema_bound_implied(p2, &b3) && !schema_bound_implied(p2, &b4),
	       "create_check_constraint's IN (1, 2) proves IN (2, 1, 7), not IN (1)");
	schema_free(s);
}

/* The terms a WHERE gives partition pruning: BETWEEN as two, a constant
 * on the left turned round, = ANY (ARRAY[...]) as IN, IS NULL, a
 * qualifier kept; and ISO dates against timestamps. */
static void where_terms(void)
{
	const char *sql = "SELECT 1 FROM t WHERE k BETWEEN 1 AND 5 AND 3 < t.k AND k = ANY (ARRAY[-1, 2]) AND k IS NULL";
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	bool parsed = pgq_parse(sql, &r, &err);
	tap_ok(parsed, "WHERE parsed");
	if (!parsed)
		return;
	struct arena a;
	arena_init(&a);
	size_t n;
	const struct schema_check_term *t = schema_expr_terms(&a, pgq_get(r.stmts[0].node, "whereClause"), sql, &n);
	tap_ok(n == 5, "five terms (%zu)", n);
	tap_ok(n == 5 && t[0].op == 'G' && !strcmp(t[0].vals[0], "1") && t[1].op == 'L' && !strcmp(t[1].vals[0], "5"),
	       "BETWEEN 1 AND 5: >= 1 and <= 5");
	tap_ok(n == 5 && t[2].op == '>' && !strcmp(t[2].vals[0], "3") && t[2].qual && !strcmp(t[2].qual, "t"),
	       "3 < t.k: t.k > 3, qualified by t");
	tap_ok(n == 5 && t[3].op == 'I' && t[3].n_vals == 2 && !strcmp(t[3].vals[0], "-1") && t[3].ints,
	       "= ANY (ARRAY[-1, 2]): IN (-1, 2)");
	tap_ok(n == 5 && t[4].op == 'Z', "IS NULL");
	tap_ok(schema_const_cmp("2026-04-01", "2026-04-01 00:00:00", false) == 0 &&
		       schema_const_cmp("2026-03-31T23:59:59", "2026-04-01", false) == -1 &&
		       schema_const_cmp("2026-04-01 00:00:00+02", "2026-04-01", false) == 2,
	       "an ISO date against timestamps to the second; a zone is not compared");
	arena_free(&a);
	pgq_free(&r);
	strbuf_release(&err);
}

int main(void)
{
	where_terms();
	bound_terms();
	not_null_checks();
	views_and_partitions();
	clone_and_compare();
	struct schema *s = schema_new(DIALECT_POSTGRESQL);
	struct op ops[] = {
		exec_op("CREATE TABLE acct (id serial PRIMARY KEY, email varchar(200) NOT NULL, n numeric(10,2))", 1),
		exec_op("ALTER TABLE acct ADD COLUMN active boolean NOT NULL DEFAULT true, ALTER COLUMN n SET NOT NULL;"
			"CREATE UNIQUE INDEX ix_acct_email ON acct (email) WHERE active", 2),
		exec_op("CREATE TYPE mood AS ENUM ('sad', 'ok'); ALTER TYPE mood ADD VALUE 'happy'", 3),
		exec_op("ALTER TABLE acct RENAME COLUMN email TO mail; ALTER TABLE acct RENAME TO account", 4),
		exec_op("UPDATE account SET n = 0; CREATE SEQUENCE sq; CREATE VIEW v AS SELECT mail, n FROM account", 5),
		exec_op("ALTER TABLE account ADD CONSTRAINT fk_x FOREIGN KEY (n) REFERENCES other (id)", 6),
	};
	schema_apply(s, ops, sizeof(ops) / sizeof(ops[0]), "r1");
	tap_ok(schema_table(s, NULL, "acct") == NULL, "renamed table gone under its old name");
	struct schema_table *t = schema_table(s, NULL, "account");
	tap_ok(t != NULL, "renamed table found");
	tap_ok(t && !strcmp(t->created_by, "r1"), "created_by");
	struct schema_column *c = schema_column(t, "mail");
	tap_ok(c && !strcmp(c->type, "VARCHAR(200)") && !c->nullable, "renamed column keeps type and NOT NULL");
	c = schema_column(t, "id");
	tap_is_str(c ? c->type : NULL, "SERIAL", "serial column");
	tap_ok(c && !c->nullable, "primary key column is NOT NULL");
	c = schema_column(t, "n");
	tap_is_str(c ? c->type : NULL, "NUMERIC(10, 2)", "numeric with precision and scale");
	tap_ok(c && !c->nullable, "SET NOT NULL");
	c = schema_column(t, "active");
	tap_is_str(c ? c->default_sql : NULL, "true", "boolean default");
	struct schema_table *it = NULL;
	struct schema_index *x = schema_index(s, "ix_acct_email", &it);
	tap_ok(x && x->unique && x->where && it == t && x->n_cols == 1 && !strcmp(x->cols[0], "mail"),
	       "partial unique index follows the column rename");
	tap_ok(s->n_enums == 1 && s->enums[0]->n_values == 3 && !strcmp(s->enums[0]->values[2], "happy"),
	       "enum type with an added value");
	struct schema_constraint *k = schema_constraint(s, "fk_x", NULL);
	tap_ok(k && k->kind == SCON_FOREIGN_KEY && !strcmp(k->ref_table, "other"), "foreign key added by SQL");
	bool seq_note = false;
	for (size_t i = 0; i < s->n_notes; i++)
		seq_note |= strstr(s->notes[i], "CreateSeqStmt") != NULL && strstr(s->notes[i], "line 5") != NULL;
	tap_ok(seq_note, "a statement the model does not know is a note with its line");
	const struct schema_view *v = schema_view(s, NULL, "v");
	tap_ok(v && !v->materialized && v->n_reads == 1 && !strcmp(v->reads[0].name, "account") &&
		       schema_view_reads(v, "public", "account", "mail") && !schema_view_reads(v, NULL, "account", "id"),
	       "a view made by SQL, with the relation and the columns its query names");
	struct op bad = exec_op("ALTER TABLE nosuch ADD COLUMN x int", 7);
	struct op broken = exec_op("CREATE TABLE (", 8);
	schema_apply(s, &bad, 1, "r2");
	schema_apply(s, &broken, 1, "r2");
	bool unknown = false, syntax = false;
	for (size_t i = 0; i < s->n_notes; i++) {
		unknown |= strstr(s->notes[i], "table nosuch is not known") != NULL;
		syntax |= strstr(s->notes[i], "line 8: op.execute SQL not understood") != NULL;
	}
	tap_ok(unknown, "an unknown table is a note");
	tap_ok(syntax, "SQL that does not parse is a note");
	struct op drop = exec_op("DROP INDEX ix_acct_email; ALTER TABLE account DROP COLUMN mail; DROP TYPE mood", 9);
	schema_apply(s, &drop, 1, "r3");
	tap_ok(!schema_index(s, "ix_acct_email", NULL) && !schema_column(t, "mail"), "drops");
	tap_ok(s->enums[0]->dropped, "DROP TYPE");
	schema_free(s);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
