/* sql.c - the SQL of a revision, as `alembic upgrade --sql` prints it for
 * the dialect (d toggles) and direction (u toggles), highlighted. */
#include <string.h>

#include "cupel/sqlrender.h"
#include "detail.h"

static void sql_open(struct view *v)
{
	view_reset(v);
	detail_title(v, T.downgrade ? "downgrade SQL" : "upgrade SQL");
	const struct script *sc = T.p->graph->revs[v->rev].script;
	v->script_path = sc ? sc->path : NULL;
	view_add(v, AREA_SQL_COMMENT, "-- %s of %s for %s", T.downgrade ? "downgrade()" : "upgrade()",
		 T.p->graph->revs[v->rev].id, dialect_name(T.dialect));
	struct op_list ops = detail_ops(v);
	struct strbuf out = STRBUF_INIT;
	struct sqlrender_stats st = { 0, 0 };
	sqlrender_ops(&out, ops.v, ops.n, T.dialect, dialect_transactional_ddl(T.dialect), &st);
	const char *s = strbuf_str(&out);
	while (*s) {
		size_t n = strcspn(s, "\n");
		view_add_raw(v, strncmp(s, "-- cupel:", 9) == 0 ? AREA_OPAQUE : AREA_DEFAULT, s, n, 0,
			     strncmp(s, "-- cupel:", 9) != 0);
		s += n + (s[n] == '\n');
	}
	if (!out.len)
		view_add(v, AREA_SQL_COMMENT, "-- (no statements)");
	strbuf_release(&out);
}

const struct view_ops view_sql_ops = { "sql", sql_open, view_draw_text, detail_action, view_match_text,
				       view_source_line_text, NULL };
