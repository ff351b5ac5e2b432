/* view.c - what every view shares: lines of text with an area, drawing
 * them (SQL highlighted), search matching. */
#include <ctype.h>
#include <curses.h>
#include <stdarg.h>
#include <string.h>

#include "cupel/text.h"
#include "tui_internal.h"

void view_reset(struct view *v)
{
	arena_reset(&v->arena);
	v->lines = NULL;
	v->n_lines = v->cap = 0;
}

void view_add_raw(struct view *v, enum area area, const char *s, size_t len, unsigned src_line, bool sql)
{
	if (v->n_lines == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		v->lines = arena_grow(&v->arena, v->lines, v->n_lines, cap, sizeof(*v->lines));
		v->cap = cap;
	}
	/* what came from files or servers never reaches the terminal raw;
	 * tabs become spaces first so columns stay right */
	struct strbuf tabs = STRBUF_INIT, safe = STRBUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\t')
			strbuf_adds(&tabs, "    ");
		else
			strbuf_addc(&tabs, s[i]);
	}
	text_escape_controls(&safe, strbuf_str(&tabs), tabs.len, false);
	struct tline *l = &v->lines[v->n_lines++];
	l->text = arena_strdup(&v->arena, strbuf_str(&safe));
	l->area = area;
	l->src_line = src_line;
	l->sql = sql;
	l->ref = NULL;
	strbuf_release(&tabs);
	strbuf_release(&safe);
}

void view_add(struct view *v, enum area area, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	view_add_raw(v, area, strbuf_str(&sb), sb.len, 0, false);
	strbuf_release(&sb);
}

static const char *const sql_keywords[] = {
	"ADD", "ALTER", "AND", "AS", "ASC", "BEGIN", "BY", "CASCADE", "CHECK", "COLUMN", "COMMENT", "COMMIT",
	"CONCURRENTLY", "CONSTRAINT", "CREATE", "DEFAULT", "DEFERRABLE", "DELETE", "DESC", "DROP", "ENUM",
	"EXCLUDE", "EXISTS", "FOREIGN", "FROM", "IF", "IN", "INDEX", "INITIALLY", "INSERT", "INTO", "IS", "KEY",
	"NOT", "NULL", "ON", "OR", "PRIMARY", "REFERENCES", "RENAME", "RETURNING", "SELECT", "SET", "TABLE",
	"TO", "TYPE", "UNIQUE", "UPDATE", "USING", "VALUES", "WHERE", "WITH",
};

static bool is_keyword(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(sql_keywords) / sizeof(sql_keywords[0]); i++)
		if (strlen(sql_keywords[i]) == n && !strncmp(sql_keywords[i], w, n))
			return true;
	return false;
}

/* One SQL line: comments, strings and keywords in their areas. */
static void draw_sql(int y, const char *s, int base)
{
	int x = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len && x < T.cols;) {
		size_t j = i;
		int attr = base;
		if (s[i] == '-' && s[i + 1] == '-') {
			j = len;
			attr = theme_attr(AREA_SQL_COMMENT);
		} else if (s[i] == '\'') {
			j = i + 1;
			while (j < len && s[j] != '\'')
				j++;
			j = j < len ? j + 1 : len;
			attr = theme_attr(AREA_SQL_STRING);
		} else if (isalpha((unsigned char)s[i]) || s[i] == '_') {
			while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_'))
				j++;
			if (is_keyword(s + i, j - i))
				attr = theme_attr(AREA_SQL_KEYWORD);
		} else {
			j = i + 1;
			while (j < len && !isalpha((unsigned char)s[j]) && s[j] != '_' && s[j] != '\'' &&
			       !(s[j] == '-' && s[j + 1] == '-'))
				j++;
		}
		x = tui_put(y, x, s + i, j - i, attr);
		i = j;
	}
}

void view_draw_text(struct view *v, size_t i, int y, bool selected)
{
	const struct tline *l = &v->lines[i];
	int attr = selected ? theme_attr(AREA_CURSOR) : theme_attr(l->area);
	if (l->sql && !selected)
		draw_sql(y, l->text, attr);
	else
		tui_put(y, 0, l->text, strlen(l->text), attr);
}

bool view_match_text(struct view *v, size_t i, const char *needle)
{
	return strcasestr(v->lines[i].text, needle) != NULL;
}

unsigned view_source_line_text(struct view *v, size_t i)
{
	return v->lines[i].src_line;
}
