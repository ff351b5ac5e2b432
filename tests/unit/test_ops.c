/* test_ops.c - reading operations from upgrade()/downgrade() bodies. */
#include <string.h>

#include "../lib/tap.h"
#include "cupel/ops.h"
#include "cupel/sqlrender.h"
#include "cupel/strbuf.h"

static struct op_list read_ops(struct arena *a, const char *src, const char *fn, enum dialect d)
{
	struct diag_list dl;
	diag_list_init(&dl, a);
	struct py_module *m = py_parse(a, &dl, "t.py", src, strlen(src));
	return ops_from_module(a, &dl, m, fn, d, true);
}

int main(void)
{
	struct arena a;
	arena_init(&a);
	const char *src =
		"from alembic import op\n"
		"import sqlalchemy as sa\n"
		"from sqlalchemy.dialects import postgresql\n"
		"TABLE = 'orders'\n"
		"def helper(name):\n"
		"    op.drop_column(TABLE, name)\n"
		"def upgrade():\n"
		"    \"\"\"doc\"\"\"\n"
		"    op.create_table(TABLE, sa.Column('id', sa.Integer(), primary_key=True),\n"
		"        sa.Column('note', sa.String(50), nullable=False, server_default='x'),\n"
		"        sa.UniqueConstraint('note', name='uq_note'))\n"
		"    if op.get_bind().dialect.name == 'postgresql':\n"
		"        op.add_column(TABLE, sa.Column('data', postgresql.JSONB()))\n"
		"    else:\n"
		"        op.add_column(TABLE, sa.Column('data', sa.JSON()))\n"
		"    with op.batch_alter_table('orders') as b:\n"
		"        b.alter_column('note', type_=sa.Text())\n"
		"    with op.get_context().autocommit_block():\n"
		"        op.create_index('ix_o', 'orders', ['note'], postgresql_concurrently=True)\n"
		"    op.execute(f\"UPDATE {TABLE} SET note = 'y'\")\n"
		"    helper('legacy')\n"
		"    for row in op.get_bind().execute(sa.text('select 1')):\n"
		"        pass\n"
		"    session.commit()\n"
		"def downgrade():\n"
		"    raise NotImplementedError()\n";
	struct op_list pg = read_ops(&a, src, "upgrade", DIALECT_POSTGRESQL);
	tap_is_int((long)pg.n, 8, "eight operations on postgresql");
	tap_ok(pg.n > 0 && pg.v[0].kind == OP_CREATE_TABLE && pg.v[0].n_columns == 2 && pg.v[0].n_constraints == 1,
	       "create_table with columns and a constraint");
	tap_ok(pg.n > 0 && !strcmp(pg.v[0].table, "orders"), "module constants are followed");
	tap_ok(pg.n > 1 && pg.v[1].kind == OP_ADD_COLUMN && pg.v[1].column.type->kind == SQLTYPE_PG_JSONB,
	       "the postgresql branch on postgresql");
	tap_ok(pg.n > 2 && pg.v[2].kind == OP_BATCH && pg.v[2].n_children == 1 &&
		       pg.v[2].children[0].kind == OP_ALTER_COLUMN && !strcmp(pg.v[2].children[0].table, "orders"),
	       "batch_alter_table with its operations");
	tap_ok(pg.n > 3 && pg.v[3].kind == OP_AUTOCOMMIT && pg.v[3].n_children == 1 &&
		       pg.v[3].children[0].index.pg_concurrently,
	       "autocommit_block");
	tap_ok(pg.n > 4 && pg.v[4].kind == OP_EXECUTE && !strcmp(pg.v[4].sql, "UPDATE orders SET note = 'y'"),
	       "execute of an f-string of constants");
	tap_ok(pg.n > 5 && pg.v[5].kind == OP_DROP_COLUMN && !strcmp(pg.v[5].column_name, "legacy"),
	       "a local helper is followed");
	tap_ok(pg.n > 6 && pg.v[6].kind == OP_OPAQUE && pg.v[6].line == 22 && strstr(pg.v[6].reason, "loop"),
	       "a loop is opaque with its reason and line");
	tap_ok(pg.n > 7 && pg.v[7].kind == OP_OPAQUE && pg.v[7].line == 24, "an unknown call is opaque");
	struct op_list sl = read_ops(&a, src, "upgrade", DIALECT_SQLITE);
	tap_ok(sl.n > 1 && sl.v[1].column.type->kind == SQLTYPE_JSON, "the else branch on sqlite");
	struct op_list down = read_ops(&a, src, "downgrade", DIALECT_SQLITE);
	tap_ok(down.n == 1 && down.v[0].kind == OP_OPAQUE && strstr(down.v[0].reason, "raises"),
	       "a raising downgrade is opaque");
	struct op_list ck = read_ops(&a,
				     "import sqlalchemy as sa\n"
				     "def upgrade():\n"
				     "    op.create_check_constraint('ck', 't', sa.column('Qty') >= 5)\n"
				     "    op.create_check_constraint('ck2', 't', sa.column('n') == \"it's\")\n",
				     "upgrade", DIALECT_POSTGRESQL);
	tap_ok(ck.n == 2 && ck.v[0].kind == OP_CREATE_CHECK && !strcmp(ck.v[0].constraint.sqltext, "\"Qty\" >= 5"),
	       "a column comparison compiles to SQL (quoted column)");
	tap_ok(ck.n == 2 && !strcmp(ck.v[1].constraint.sqltext, "n = 'it''s'"), "== is =, strings quoted");
	/* SQLAlchemy's error text for a type the dialect cannot render lives
	 * in the statement buffer: it must be printed before that buffer is
	 * freed (lemur, ckan: a use after free under ASan) */
	struct op_list bad = read_ops(&a,
				      "import sqlalchemy as sa\n"
				      "from sqlalchemy.dialects import postgresql\n"
				      "def upgrade():\n"
				      "    op.add_column('t', sa.Column('ip', postgresql.INET()))\n"
				      "    op.alter_column('t', 'a', type_=postgresql.JSONB(), existing_type=sa.Integer())\n"
				      "    with op.batch_alter_table('t', copy_from=sa.Table('t', sa.MetaData(), sa.Column('a', sa.Integer()))) as b:\n"
				      "        b.alter_column('a', type_=postgresql.JSONB())\n"
				      "    with op.batch_alter_table('t', copy_from=sa.Table('t', sa.MetaData(), sa.Column('a', sa.Integer()))) as b:\n"
				      "        b.add_column(sa.Column('u', postgresql.UUID()))\n",
				      "upgrade", DIALECT_SQLITE);
	struct strbuf out = STRBUF_INIT;
	struct sqlrender_stats st = { 0 };
	sqlrender_ops(&out, bad.v, bad.n, DIALECT_SQLITE, true, &st);
	const char *o = strbuf_str(&out);
	tap_ok(bad.n == 4 && strstr(o, "can't render element of type INET") != NULL, "add_column: the type error is printed");
	tap_ok(strstr(o, "can't render element of type JSONB") != NULL, "alter_column / batch CAST: the type error is printed");
	tap_ok(strstr(o, "can't render element of type UUID") != NULL, "batch column: the type error is printed");
	strbuf_release(&out);
	arena_free(&a);
	return tap_done();
}
