/* test_schema.c - the schema model from SQL (op.execute through
 * libpg_query) and its lookups; the op.* path is checked against real
 * databases by tests/schema/compare.sh. */
#include <string.h>

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

int main(void)
{
	struct schema *s = schema_new(DIALECT_POSTGRESQL);
	struct op ops[] = {
		exec_op("CREATE TABLE acct (id serial PRIMARY KEY, email varchar(200) NOT NULL, n numeric(10,2))", 1),
		exec_op("ALTER TABLE acct ADD COLUMN active boolean NOT NULL DEFAULT true, ALTER COLUMN n SET NOT NULL;"
			"CREATE UNIQUE INDEX ix_acct_email ON acct (email) WHERE active", 2),
		exec_op("CREATE TYPE mood AS ENUM ('sad', 'ok'); ALTER TYPE mood ADD VALUE 'happy'", 3),
		exec_op("ALTER TABLE acct RENAME COLUMN email TO mail; ALTER TABLE acct RENAME TO account", 4),
		exec_op("UPDATE account SET n = 0; CREATE VIEW v AS SELECT 1", 5),
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
	bool view_note = false;
	for (size_t i = 0; i < s->n_notes; i++)
		view_note |= strstr(s->notes[i], "ViewStmt") != NULL && strstr(s->notes[i], "line 5") != NULL;
	tap_ok(view_note, "a statement the model does not know is a note with its line");
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
