/* vtable.c - reading and changing the version table online. */
#include <stdio.h>
#include <string.h>

#include "cupel/sqlquote.h"
#include "cupel/vtable.h"

void vtable_init(struct vtable *vt, struct db *db, const struct envpy_config *env)
{
	vt->db = db;
	vt->table = env && env->version_table ? env->version_table : "alembic_version";
	vt->schema = env ? env->version_table_schema : NULL;
	vt->pk = env ? env->version_table_pk : true;
}

static void qualified(struct vtable *vt, struct strbuf *sb)
{
	sqlquote_qualified(sb, vt->schema, vt->table, vt->db->dialect);
}

bool vtable_exists(struct vtable *vt, struct arena *a, bool *exists, struct db_error *err)
{
	struct db_rows rows;
	bool ok;
	if (vt->db->dialect == DIALECT_POSTGRESQL) {
		const char *params[2] = { vt->table, vt->schema };
		ok = db_query(vt->db, a,
			      vt->schema ? "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
					   "ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = $2 "
					   "AND c.relkind IN ('r', 'p')"
					 : "SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = $1 "
					   "AND pg_catalog.pg_table_is_visible(c.oid) AND c.relkind IN ('r', 'p')",
			      params, vt->schema ? 2 : 1, &rows, err);
	} else {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, "SELECT 1 FROM ");
		if (vt->schema) {
			sqlquote_ident(&sb, vt->schema, DIALECT_SQLITE);
			strbuf_addc(&sb, '.');
		}
		strbuf_adds(&sb, "sqlite_master WHERE type = 'table' AND name = ?");
		const char *params[1] = { vt->table };
		ok = db_query(vt->db, a, strbuf_str(&sb), params, 1, &rows, err);
		strbuf_release(&sb);
	}
	*exists = ok && rows.n_rows > 0;
	return ok;
}

bool vtable_read(struct vtable *vt, struct arena *a, const char ***heads, size_t *n, struct db_error *err)
{
	*heads = NULL;
	*n = 0;
	bool exists;
	if (!vtable_exists(vt, a, &exists, err))
		return false;
	if (!exists)
		return true;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "SELECT version_num FROM ");
	qualified(vt, &sb);
	struct db_rows rows;
	bool ok = db_query(vt->db, a, strbuf_str(&sb), NULL, 0, &rows, err);
	strbuf_release(&sb);
	if (!ok)
		return false;
	const char **v = arena_alloc(a, (rows.n_rows + 1) * sizeof(*v));
	for (size_t i = 0; i < rows.n_rows; i++)
		v[i] = rows.cells[i * rows.n_cols] ? rows.cells[i * rows.n_cols] : "";
	*heads = v;
	*n = rows.n_rows;
	return true;
}

bool vtable_create(struct vtable *vt, struct arena *a, struct db_error *err)
{
	bool exists;
	if (!vtable_exists(vt, a, &exists, err))
		return false;
	if (exists)
		return true;
	/* SQLAlchemy's online compilation: tab-indented, ", " before newlines
	 * (SQLite keeps this text in sqlite_master, so it must be the same) */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "\nCREATE TABLE ");
	qualified(vt, &sb);
	strbuf_adds(&sb, " (\n\tversion_num VARCHAR(32) NOT NULL");
	if (vt->pk) {
		strbuf_adds(&sb, ", \n\tCONSTRAINT ");
		struct strbuf nb = STRBUF_INIT;
		strbuf_addf(&nb, "%s_pkc", vt->table);
		sqlquote_ident(&sb, strbuf_str(&nb), vt->db->dialect);
		strbuf_release(&nb);
		strbuf_adds(&sb, " PRIMARY KEY (version_num)");
	}
	strbuf_adds(&sb, "\n)\n\n");
	bool ok = db_exec(vt->db, a, strbuf_str(&sb), err);
	strbuf_release(&sb);
	return ok;
}

void vtable_change_sql(struct vtable *vt, struct arena *a, const struct vt_change *c, const char **sql,
		       const char **params, size_t *n_params)
{
	bool pg = vt->db->dialect == DIALECT_POSTGRESQL;
	struct strbuf sb = STRBUF_INIT;
	*n_params = 0;
	switch (c->kind) {
	case VT_INSERT:
		strbuf_adds(&sb, "INSERT INTO ");
		qualified(vt, &sb);
		strbuf_adds(&sb, pg ? " (version_num) VALUES ($1)" : " (version_num) VALUES (?)");
		params[(*n_params)++] = c->to;
		break;
	case VT_UPDATE:
		strbuf_adds(&sb, "UPDATE ");
		qualified(vt, &sb);
		strbuf_adds(&sb, pg ? " SET version_num = $1 WHERE version_num = $2 RETURNING 1"
				    : " SET version_num = ? WHERE version_num = ? RETURNING 1");
		params[(*n_params)++] = c->to;
		params[(*n_params)++] = c->from;
		break;
	case VT_DELETE:
		strbuf_adds(&sb, "DELETE FROM ");
		qualified(vt, &sb);
		strbuf_adds(&sb, pg ? " WHERE version_num = $1 RETURNING 1" : " WHERE version_num = ? RETURNING 1");
		params[(*n_params)++] = c->from;
		break;
	}
	*sql = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
}

const char *vtable_change_text(struct vtable *vt, struct arena *a, const struct vt_change *c)
{
	struct strbuf sb = STRBUF_INIT;
	switch (c->kind) {
	case VT_INSERT:
		strbuf_adds(&sb, "INSERT INTO ");
		qualified(vt, &sb);
		strbuf_addf(&sb, " (version_num) VALUES ('%s')", c->to);
		break;
	case VT_UPDATE:
		strbuf_adds(&sb, "UPDATE ");
		qualified(vt, &sb);
		strbuf_addf(&sb, " SET version_num = '%s' WHERE version_num = '%s'", c->to, c->from);
		break;
	case VT_DELETE:
		strbuf_adds(&sb, "DELETE FROM ");
		qualified(vt, &sb);
		strbuf_addf(&sb, " WHERE version_num = '%s'", c->from);
		break;
	}
	const char *text = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return text;
}

bool vtable_check_rows(struct vtable *vt, struct arena *a, const struct vt_change *c, size_t rows,
		       struct db_error *err)
{
	if (c->kind == VT_INSERT || rows == 1)
		return true;
	/* Alembic's own words, so both tools fail alike */
	char msg[512];
	if (c->kind == VT_DELETE)
		snprintf(msg, sizeof(msg), "Online migration expected to match one row when deleting '%s' in '%s'; %zu found",
			 c->from, vt->table, rows);
	else
		snprintf(msg, sizeof(msg),
			 "Online migration expected to match one row when updating '%s' to '%s' in '%s'; %zu found",
			 c->from, c->to, vt->table, rows);
	memset(err, 0, sizeof(*err));
	err->message = arena_strdup(a, msg);
	return false;
}

bool vtable_purge(struct vtable *vt, struct arena *a, struct db_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "DELETE FROM ");
	qualified(vt, &sb);
	bool ok = db_exec(vt->db, a, strbuf_str(&sb), err);
	strbuf_release(&sb);
	return ok;
}
