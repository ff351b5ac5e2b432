/* dburl.c - SQLAlchemy URLs: dialect[+driver]://user:password@host:port/
 * database?key=value, and sqlite:///relative, sqlite:////absolute,
 * sqlite:// (memory). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/dburl.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* SQLAlchemy unquotes user, password and query values (%XX). */
static char *unquote(struct arena *a, const char *s, size_t n)
{
	char *r = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			r[k++] = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			r[k++] = s[i];
		}
	}
	r[k] = 0;
	return r;
}

static const char *opt(struct arena *a, const char *s, size_t n)
{
	return n ? unquote(a, s, n) : NULL;
}

static void parse_query(struct arena *a, const char *q, struct dburl *u)
{
	size_t cap = 1;
	for (const char *c = q; *c; c++)
		cap += *c == '&';
	u->params = arena_alloc(a, cap * sizeof(*u->params));
	while (*q) {
		const char *amp = strchr(q, '&');
		size_t n = amp ? (size_t)(amp - q) : strlen(q);
		const char *eq = memchr(q, '=', n);
		if (n) {
			struct dburl_param *p = &u->params[u->n_params++];
			p->key = unquote(a, q, eq ? (size_t)(eq - q) : n);
			p->value = eq ? unquote(a, eq + 1, n - (size_t)(eq + 1 - q)) : "";
		}
		q += n + (amp ? 1 : 0);
	}
}

static void build_masked(struct arena *a, struct dburl *u, const char *scheme, size_t scheme_len,
			 const char *rest)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, scheme, scheme_len);
	strbuf_adds(&sb, "://");
	const char *at = NULL;
	/* userinfo ends at the last '@' before the path */
	const char *slash = strchr(rest, '/');
	for (const char *c = rest; *c && (!slash || c < slash); c++)
		if (*c == '@')
			at = c;
	if (at) {
		const char *colon = memchr(rest, ':', (size_t)(at - rest));
		if (colon) {
			strbuf_add(&sb, rest, (size_t)(colon - rest));
			strbuf_adds(&sb, ":***");
		} else {
			strbuf_add(&sb, rest, (size_t)(at - rest));
		}
		rest = at;
	}
	/* a password given as a query parameter (?password=...) too */
	const char *q = strchr(rest, '?');
	strbuf_add(&sb, rest, q ? (size_t)(q - rest) : strlen(rest));
	while (q && *q) {
		size_t n = strcspn(q + 1, "&");
		strbuf_addc(&sb, *q);
		if (n >= 9 && !strncmp(q + 1, "password=", 9))
			strbuf_adds(&sb, "password=***");
		else
			strbuf_add(&sb, q + 1, n);
		q += 1 + n;
	}
	u->masked = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
}

bool dburl_parse(struct arena *a, const char *text, struct dburl *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	const char *sep = strstr(text, "://");
	if (!sep) {
		strbuf_addf(err, "could not parse the database URL: expected dialect://...");
		return false;
	}
	size_t slen = (size_t)(sep - text);
	const char *plus = memchr(text, '+', slen);
	size_t dlen = plus ? (size_t)(plus - text) : slen;
	char dname[32];
	if (dlen == 0 || dlen >= sizeof(dname)) {
		strbuf_addf(err, "could not parse the database URL: no dialect");
		return false;
	}
	memcpy(dname, text, dlen);
	dname[dlen] = 0;
	if (strcmp(dname, "postgresql") == 0) {
		out->dialect = DIALECT_POSTGRESQL;
	} else if (strcmp(dname, "postgres") == 0) {
		/* SQLAlchemy 1.4 dropped the old name (so does Alembic's env.py) */
		strbuf_addf(err, "Can't load plugin: sqlalchemy.dialects:postgres (the URL must start with "
				 "postgresql://, as SQLAlchemy 1.4 wants it)");
		return false;
	} else if (strcmp(dname, "sqlite") == 0) {
		out->dialect = DIALECT_SQLITE;
	} else {
		strbuf_addf(err, "unsupported database '%s' in the URL (postgresql or sqlite)", dname);
		return false;
	}
	if (plus)
		out->driver = arena_strndup(a, plus + 1, slen - dlen - 1);
	const char *rest = sep + 3;
	build_masked(a, out, text, slen, rest);
	/* the query string */
	const char *qm = strchr(rest, '?');
	size_t rlen = qm ? (size_t)(qm - rest) : strlen(rest);
	if (qm)
		parse_query(a, qm + 1, out);
	if (out->dialect == DIALECT_SQLITE) {
		/* sqlite://[host]/path: SQLAlchemy takes everything after the
		 * third slash as the file; nothing means memory */
		const char *slash = memchr(rest, '/', rlen);
		if (!slash || slash + 1 >= rest + rlen) {
			out->memory = true;
			return true;
		}
		out->path = arena_strndup(a, slash + 1, (size_t)(rest + rlen - slash - 1));
		if (strcmp(out->path, ":memory:") == 0)
			out->memory = true;
		return true;
	}
	const char *slash = memchr(rest, '/', rlen);
	size_t alen = slash ? (size_t)(slash - rest) : rlen;
	if (slash)
		out->database = opt(a, slash + 1, (size_t)(rest + rlen - slash - 1));
	/* authority: [user[:password]@]host[:port]; the last '@' ends userinfo */
	const char *auth = rest, *at = NULL;
	for (size_t i = 0; i < alen; i++)
		if (auth[i] == '@')
			at = auth + i;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) {
			out->user = opt(a, auth, (size_t)(colon - auth));
			out->password = unquote(a, colon + 1, (size_t)(at - colon - 1));
		} else {
			out->user = opt(a, auth, (size_t)(at - auth));
		}
		alen -= (size_t)(at + 1 - auth);
		auth = at + 1;
	}
	const char *hend = auth + alen;
	if (alen && auth[0] == '[') {
		const char *rb = memchr(auth, ']', alen);
		if (!rb) {
			strbuf_addf(err, "could not parse the database URL %s: unclosed '['", out->masked);
			return false;
		}
		out->host = arena_strndup(a, auth + 1, (size_t)(rb - auth - 1));
		if (rb + 1 < hend && rb[1] == ':')
			out->port = arena_strndup(a, rb + 2, (size_t)(hend - rb - 2));
	} else {
		const char *colon = memchr(auth, ':', alen);
		out->host = opt(a, auth, colon ? (size_t)(colon - auth) : alen);
		if (colon)
			out->port = arena_strndup(a, colon + 1, (size_t)(hend - colon - 1));
	}
	if (out->port) {
		for (const char *c = out->port; *c; c++)
			if (!isdigit((unsigned char)*c)) {
				strbuf_addf(err, "invalid port in the database URL %s", out->masked);
				return false;
			}
		if (!*out->port)
			out->port = NULL;
	}
	return true;
}

/* The length of the password at s when it stands where a password is
 * written: after "user:" and before "@" in a URL, or as the value of
 * password= in a conninfo (quoted or not); else 0. */
static size_t password_at(const char *start, const char *s, const char *pw, size_t n)
{
	if (strncmp(s, pw, n) != 0)
		return 0;
	char after = s[n];
	if (s > start && s[-1] == ':' && after == '@')
		return n;
	bool quoted = s > start && s[-1] == '\'';
	const char *key = s - quoted;
	if ((size_t)(key - start) < 9 || strncmp(key - 9, "password=", 9) != 0)
		return 0;
	if (quoted ? after == '\'' : (after == 0 || after == ' ' || after == '&' || after == '\n'))
		return n;
	return 0;
}

static void mask_one(struct strbuf *out, const char *pw, const char *s);

void dburl_mask_in(struct strbuf *out, const struct dburl *u, const char *s)
{
	/* the URL's password, and one given as ?password=... */
	const char *query_pw = NULL;
	for (size_t i = 0; u && i < u->n_params; i++)
		if (!strcmp(u->params[i].key, "password") && u->params[i].value[0])
			query_pw = u->params[i].value;
	struct strbuf tmp = STRBUF_INIT;
	mask_one(&tmp, u ? u->password : NULL, s);
	mask_one(out, query_pw, strbuf_str(&tmp));
	strbuf_release(&tmp);
}

static void mask_one(struct strbuf *out, const char *pw, const char *s)
{
	size_t n = pw ? strlen(pw) : 0;
	if (!n) {
		strbuf_adds(out, s);
		return;
	}
	const char *start = s, *from = s;
	for (const char *c = s; *c; c++) {
		size_t m = password_at(start, c, pw, n);
		if (!m)
			continue;
		strbuf_add(out, from, (size_t)(c - from));
		strbuf_adds(out, "***");
		c += m - 1;
		from = c + 1;
	}
	strbuf_adds(out, from);
}

/* Python's quote_plus: unreserved characters kept, space as '+'. */
static void quote_plus(struct strbuf *out, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (isalnum(*c) || strchr("_.-~", *c))
			strbuf_addc(out, (char)*c);
		else if (*c == ' ')
			strbuf_addc(out, '+');
		else
			strbuf_addf(out, "%%%02X", *c);
	}
}

/* SQLAlchemy's _sqla_url_quote of a user name: ':', '@', '/' escaped. */
static void quote_user(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		if (strchr(":@/", *s))
			strbuf_addf(out, "%%%02X", (unsigned char)*s);
		else
			strbuf_addc(out, *s);
}

void dburl_alembic_display(struct strbuf *out, const struct dburl *u)
{
	strbuf_adds(out, u->dialect == DIALECT_SQLITE ? "sqlite" : "postgresql");
	if (u->driver)
		strbuf_addf(out, "+%s", u->driver);
	strbuf_adds(out, "://");
	if (u->user) {
		quote_user(out, u->user);
		if (u->password)
			strbuf_adds(out, ":XXXXX");
		strbuf_addc(out, '@');
	}
	if (u->host)
		strbuf_addf(out, strchr(u->host, ':') ? "[%s]" : "%s", u->host);
	if (u->port)
		strbuf_addf(out, ":%s", u->port);
	const char *db = u->dialect == DIALECT_SQLITE ? u->path : u->database;
	if (db)
		strbuf_addf(out, "/%s", db);
	/* the query sorted by key (stable: repeated keys keep their order) */
	bool *done = u->n_params ? calloc(u->n_params, sizeof(*done)) : NULL;
	for (size_t k = 0; k < u->n_params && done; k++) {
		size_t best = u->n_params;
		for (size_t i = 0; i < u->n_params; i++)
			if (!done[i] && (best == u->n_params || strcmp(u->params[i].key, u->params[best].key) < 0))
				best = i;
		done[best] = true;
		strbuf_addc(out, k ? '&' : '?');
		quote_plus(out, u->params[best].key);
		strbuf_addc(out, '=');
		quote_plus(out, u->params[best].value);
	}
	free(done);
}
