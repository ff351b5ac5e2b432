/* pgq.c - libpg_query's JSON parse tree, decoded with cJSON. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

#include "cupel/pgq.h"
#include "cupel/xalloc.h"

/* The tree's memory. cJSON allocates through process-wide hooks (its API
 * has no per-call allocator), and a malloc and a free per node were ~40 %
 * of reading libpg_query's JSON: the nodes of the parse running on this
 * thread are bump-allocated from that parse's chunks, found through a
 * thread-local pointer set only while cJSON_Parse runs, and pgq_free
 * releases the chunks without walking the tree. */
struct pgq_mem {
	struct pgq_mem *next;
	size_t size, used;
	max_align_t data[];
};

static _Thread_local struct pgq_mem **parse_mem;

static void *mem_alloc(size_t n)
{
	if (!parse_mem)
		return xmalloc(n);
	size_t need = (n + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
	struct pgq_mem *m = *parse_mem;
	if (!m || m->size - m->used < need) {
		size_t size = m ? 2 * m->size : 0;
		if (size < need)
			size = need;
		struct pgq_mem *c = xmalloc(sizeof(*c) + size);
		c->next = m;
		c->size = size;
		c->used = 0;
		*parse_mem = m = c;
	}
	void *p = (char *)m->data + m->used;
	m->used += need;
	return p;
}

static void mem_free(void *p)
{
	/* a node of a parse lives until pgq_free releases its chunks */
	if (!parse_mem)
		free(p);
}

static void mem_release(struct pgq_mem *m)
{
	while (m) {
		struct pgq_mem *next = m->next;
		free(m);
		m = next;
	}
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void hooks_install(void)
{
	cJSON_Hooks h = {mem_alloc, mem_free};
	cJSON_InitHooks(&h);
}

/* cJSON's tree of json, its memory in *mem (first chunk sized from the
 * text: a node is 64 bytes for every ~12 of libpg_query's JSON). */
static cJSON *read_json(const char *json, struct pgq_mem **mem)
{
	pthread_once(&hooks_once, hooks_install);
	size_t len = strlen(json), first = 4 * len + 1024;
	struct pgq_mem *c = xmalloc(sizeof(*c) + first);
	c->next = NULL;
	c->size = first;
	c->used = 0;
	*mem = c;
	parse_mem = mem;
	cJSON *root = cJSON_ParseWithLength(json, len);
	parse_mem = NULL;
	return root;
}

bool pgq_parse(const char *sql, struct pgq_result *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	PgQueryParseResult r = pg_query_parse(sql);
	if (r.error) {
		strbuf_addf(err, "%s at position %d", r.error->message, r.error->cursorpos);
		pg_query_free_parse_result(r);
		return false;
	}
	out->root = read_json(r.parse_tree, &out->mem);
	pg_query_free_parse_result(r);
	if (!out->root) {
		mem_release(out->mem);
		out->mem = NULL;
		/* cJSON's own error pointer is a global: not read (threads) */
		strbuf_adds(err, "could not read libpg_query's parse tree (nested too deep?)");
		return false;
	}
	cJSON *stmts = pgq_get(out->root, "stmts");
	size_t n = pgq_len(stmts);
	out->stmts = xcalloc(n + 1, sizeof(*out->stmts));
	for (cJSON *raw = pgq_first(stmts); raw; raw = raw->next) {
		cJSON *inner = NULL;
		const char *kind = pgq_node(pgq_get(raw, "stmt"), &inner);
		if (!kind)
			continue;
		struct pgq_stmt *s = &out->stmts[out->n++];
		s->kind = kind;
		s->node = inner;
		s->location = (int)pgq_int(raw, "stmt_location", 0);
		s->len = (int)pgq_int(raw, "stmt_len", 0);
	}
	return true;
}

bool pgq_parse_plpgsql(const char *create_function, struct pgq_result *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(create_function);
	if (r.error) {
		strbuf_adds(err, r.error->message);
		pg_query_free_plpgsql_parse_result(r);
		return false;
	}
	out->root = r.plpgsql_funcs ? read_json(r.plpgsql_funcs, &out->mem) : NULL;
	pg_query_free_plpgsql_parse_result(r);
	if (!out->root) {
		mem_release(out->mem);
		out->mem = NULL;
		strbuf_adds(err, "could not read libpg_query's PL/pgSQL tree");
		return false;
	}
	return true;
}

/* Blanks and comments before a statement (libpg_query's span starts
 * right after the previous ';'). */
static size_t skip_blank(const char *s, size_t i, size_t end)
{
	while (i < end) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')
			i++;
		else if (s[i] == '-' && i + 1 < end && s[i + 1] == '-')
			while (i < end && s[i] != '\n')
				i++;
		else if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
			/* nested, as PostgreSQL's lexer reads them */
			int depth = 0;
			do {
				if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (s[i] == '*' && i + 1 < end && s[i + 1] == '/') {
					depth--;
					i += 2;
				} else {
					i++;
				}
			} while (i < end && depth > 0);
		} else
			break;
	}
	return i;
}

/* Blanks, comments and ';' only, from i to end. */
static bool only_separators(const char *s, size_t i, size_t end)
{
	for (;;) {
		i = skip_blank(s, i, end);
		if (i < end && s[i] == ';')
			i++;
		else
			return i >= end;
	}
}

/* whole: every byte outside the pieces must be a separator (the scanner's
 * split drops what follows an unclosed parenthesis without an error). */
static bool split(const char *sql, PgQuerySplitResult r, bool whole, struct pgq_span **out, size_t *n,
		  size_t *err_pos, struct strbuf *err)
{
	*out = NULL;
	*n = 0;
	if (r.error) {
		strbuf_adds(err, r.error->message);
		*err_pos = r.error->cursorpos > 0 ? (size_t)r.error->cursorpos : 1;
		pg_query_free_split_result(r);
		return false;
	}
	size_t total = strlen(sql), covered = 0;
	bool gap = false;
	*out = xcalloc((size_t)r.n_stmts + 1, sizeof(**out));
	for (int i = 0; i < r.n_stmts; i++) {
		size_t from = (size_t)r.stmts[i]->stmt_location;
		size_t end = r.stmts[i]->stmt_len ? from + (size_t)r.stmts[i]->stmt_len : total;
		gap = whole && (from < covered || end > total || !only_separators(sql, covered, from));
		if (gap)
			break;
		covered = end;
		from = skip_blank(sql, from, end);
		if (from < end) {
			(*out)[*n].start = from;
			(*out)[*n].len = end - from;
			(*n)++;
		}
	}
	pg_query_free_split_result(r);
	if (gap || (whole && !only_separators(sql, covered, total))) {
		strbuf_adds(err, "the scanner's split does not cover the text");
		*err_pos = covered + 1;
		free(*out);
		*out = NULL;
		*n = 0;
		return false;
	}
	return true;
}

bool pgq_split(const char *sql, struct pgq_span **out, size_t *n, size_t *err_pos, struct strbuf *err)
{
	return split(sql, pg_query_split_with_parser(sql), false, out, n, err_pos, err);
}

bool pgq_split_scan(const char *sql, struct pgq_span **out, size_t *n, size_t *err_pos, struct strbuf *err)
{
	return split(sql, pg_query_split_with_scanner(sql), true, out, n, err_pos, err);
}

void pgq_free(struct pgq_result *r)
{
	mem_release(r->mem);
	free(r->stmts);
	memset(r, 0, sizeof(*r));
}

const char *pgq_node(cJSON *wrapped, cJSON **inner)
{
	if (!cJSON_IsObject(wrapped) || !wrapped->child || wrapped->child->next)
		return NULL;
	*inner = wrapped->child;
	return wrapped->child->string;
}

const char *pgq_sval(cJSON *node)
{
	cJSON *inner;
	const char *k = pgq_node(node, &inner);
	if (!k || strcmp(k, "String") != 0)
		return NULL;
	return pgq_str(inner, "sval");
}

const char *pgq_str(cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(pgq_get(obj, key));
}

long pgq_int(cJSON *obj, const char *key, long dflt)
{
	cJSON *v = pgq_get(obj, key);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : dflt;
}

cJSON *pgq_list(cJSON *obj, const char *key)
{
	cJSON *v = pgq_get(obj, key);
	return cJSON_IsArray(v) ? v : NULL;
}

/* rint() in the default rounding mode (half to even), without libm. */
static double round_even(double x)
{
	if (x > 1e15 || x < -1e15)
		return x; /* whole already, as doubles go */
	double t = (double)(long long)x, d = x - t;
	long long odd = (long long)t & 1;
	if (d > 0.5 || (d == 0.5 && odd))
		t += 1;
	else if (d < -0.5 || (d == -0.5 && odd))
		t -= 1;
	return t;
}

/* PostgreSQL's time units onto milliseconds, largest first (guc.c): a
 * fraction of one is rounded to the next smaller unit first */
static const struct {
	const char *unit;
	double ms;
} time_units[] = { { "d", 86400000.0 }, { "h", 3600000.0 }, { "min", 60000.0 },
		   { "s", 1000.0 },     { "ms", 1.0 },       { "us", 0.001 } };

static bool to_ms(double v, const char *unit, size_t n, double *ms)
{
	size_t nu = sizeof(time_units) / sizeof(time_units[0]);
	for (size_t i = 0; i < nu; i++)
		if (strlen(time_units[i].unit) == n && !strncmp(unit, time_units[i].unit, n)) {
			double c = v * time_units[i].ms;
			if (i + 1 < nu)
				c = round_even(c / time_units[i + 1].ms) * time_units[i + 1].ms;
			*ms = c;
			return true;
		}
	return false;
}

/* guc.c's parse_int for a GUC_UNIT_MS setting */
enum pgq_timeout pgq_timeout_value(const char *value)
{
	if (!value)
		return PGQ_TIMEOUT_BAD;
	char *end;
	errno = 0;
	double v = (double)strtol(value, &end, 0);
	if (*end == '.' || *end == 'e' || *end == 'E' || errno == ERANGE) {
		errno = 0;
		v = strtod(value, &end);
		if (errno == ERANGE)
			return PGQ_TIMEOUT_BAD;
	}
	if (end == value)
		return PGQ_TIMEOUT_BAD;
	while (isspace((unsigned char)*end))
		end++;
	if (*end) {
		size_t n = 0;
		while (end[n] && !isspace((unsigned char)end[n]))
			n++;
		for (size_t k = n; end[k]; k++)
			if (!isspace((unsigned char)end[k]))
				return PGQ_TIMEOUT_BAD;
		if (!to_ms(v, end, n, &v))
			return PGQ_TIMEOUT_BAD;
	}
	v = round_even(v);
	if (v < 0 || v > INT_MAX)
		return PGQ_TIMEOUT_BAD;
	return v == 0 ? PGQ_TIMEOUT_OFF : PGQ_TIMEOUT_ON;
}

void pgq_qualified(cJSON *list, const char **schema, const char **name)
{
	size_t n = pgq_len(list);
	*name = n ? pgq_sval(pgq_at(list, n - 1)) : NULL;
	*schema = n > 1 ? pgq_sval(pgq_at(list, n - 2)) : NULL;
}
