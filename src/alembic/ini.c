/* ini.c - a configparser-compatible reader (see ini.h for why it exists). */
#include <ctype.h>
#include <string.h>

#include "cupel/ini.h"
#include "cupel/strbuf.h"

static void ini_section_put(struct ini_section *s, struct arena *a, const char *key,
			    const char *value, unsigned line)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->entries[i].key, key) == 0) {
			s->entries[i].value = value;
			s->entries[i].line = line;
			return;
		}
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		s->entries = arena_grow(a, s->entries, s->n, cap, sizeof(*s->entries));
		s->cap = cap;
	}
	s->entries[s->n].key = key;
	s->entries[s->n].value = value;
	s->entries[s->n].line = line;
	s->n++;
}

static struct ini_section *ini_find_section(const struct ini *ini, const char *name)
{
	for (size_t i = 0; i < ini->n; i++)
		if (strcmp(ini->sections[i].name, name) == 0)
			return &ini->sections[i];
	return NULL;
}

static struct ini_section *ini_add_section(struct ini *ini, struct arena *a,
					   const char *name, unsigned line)
{
	if (ini->n == ini->cap) {
		size_t cap = ini->cap ? ini->cap * 2 : 8;
		ini->sections = arena_grow(a, ini->sections, ini->n, cap, sizeof(*ini->sections));
		ini->cap = cap;
	}
	struct ini_section *s = &ini->sections[ini->n++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->line = line;
	return s;
}

static bool ini_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

/* One option being built: lines joined at the end like configparser. */
struct ini_pending {
	struct ini_section *sect;
	const char *key;
	unsigned line;
	struct strbuf value;
	bool active;
};

static void ini_flush(struct ini_pending *p, struct arena *a)
{
	if (!p->active)
		return;
	/* configparser joins with '\n' and then rstrips the whole value */
	size_t n = p->value.len;
	while (n > 0 && (ini_space(p->value.buf[n - 1]) || p->value.buf[n - 1] == '\n'))
		n--;
	ini_section_put(p->sect, a, p->key, arena_strndup(a, strbuf_str(&p->value), n), p->line);
	strbuf_reset(&p->value);
	p->active = false;
}

struct ini *ini_parse(struct arena *a, struct diag_list *diags, const char *file,
		      const char *text, size_t len)
{
	struct ini *ini = arena_alloc(a, sizeof(*ini));
	ini->file = file;
	ini->defaults.name = "DEFAULT";
	struct ini_section *cur = NULL;
	struct ini_pending pend = { 0 };
	strbuf_init(&pend.value);
	size_t indent_level = 0;
	unsigned lineno = 0;
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n')
			i++;
		size_t end = i;
		if (i < len)
			i++;
		lineno++;
		if (end > start && text[end - 1] == '\r')
			end--;
		/* strip */
		size_t s = start, e = end;
		while (s < e && ini_space(text[s]))
			s++;
		while (e > s && ini_space(text[e - 1]))
			e--;
		bool comment = s < e && (text[s] == '#' || text[s] == ';');
		if (comment || s == e) {
			/* a blank line (not a comment) is kept inside a value */
			if (!comment && pend.active)
				strbuf_addc(&pend.value, '\n');
			continue;
		}
		size_t cur_indent = s - start;
		if (pend.active && cur_indent > indent_level) {
			strbuf_addc(&pend.value, '\n');
			strbuf_add(&pend.value, text + s, e - s);
			continue;
		}
		ini_flush(&pend, a);
		indent_level = cur_indent;
		struct span sp = { file, lineno, (unsigned)cur_indent + 1, 0 };
		if (text[s] == '[') {
			/* header: '[' then .+ then the last ']' on the line */
			size_t close = e;
			while (close > s + 1 && text[close - 1] != ']')
				close--;
			if (close > s + 2) {
				const char *name = arena_strndup(a, text + s + 1, close - 1 - (s + 1));
				if (strcmp(name, "DEFAULT") == 0) {
					cur = &ini->defaults;
				} else {
					cur = ini_find_section(ini, name);
					if (cur)
						diag_push(diags, DIAG_ERROR, "ini-duplicate", sp,
							  "section '%s' already exists", name);
					else
						cur = ini_add_section(ini, a, name, lineno);
				}
				continue;
			}
		}
		if (!cur) {
			diag_push(diags, DIAG_ERROR, "ini-syntax", sp,
				  "file contains no section headers");
			continue;
		}
		/* option: key up to the first '=' or ':' */
		size_t d = s;
		while (d < e && text[d] != '=' && text[d] != ':')
			d++;
		if (d == e) {
			diag_push(diags, DIAG_ERROR, "ini-syntax", sp,
				  "line is neither a section, an option nor a comment");
			continue;
		}
		size_t ke = d;
		while (ke > s && ini_space(text[ke - 1]))
			ke--;
		if (ke == s) {
			diag_push(diags, DIAG_ERROR, "ini-syntax", sp, "option has no name");
			continue;
		}
		char *key = arena_strndup(a, text + s, ke - s);
		for (char *k = key; *k; k++)
			*k = (char)tolower((unsigned char)*k);
		size_t vs = d + 1;
		while (vs < e && ini_space(text[vs]))
			vs++;
		for (size_t k = 0; k < cur->n; k++)
			if (strcmp(cur->entries[k].key, key) == 0)
				diag_push(diags, DIAG_ERROR, "ini-duplicate", sp,
					  "option '%s' in section '%s' already exists", key, cur->name);
		pend.sect = cur;
		pend.key = key;
		pend.line = lineno;
		pend.active = true;
		strbuf_add(&pend.value, text + vs, e - vs);
	}
	ini_flush(&pend, a);
	strbuf_release(&pend.value);
	return ini;
}

void ini_set_default(struct ini *ini, struct arena *a, const char *key, const char *value)
{
	ini_section_put(&ini->defaults, a, arena_strdup(a, key), arena_strdup(a, value), 0);
}

bool ini_has_section(const struct ini *ini, const char *section)
{
	return ini_find_section(ini, section) != NULL;
}

static const struct ini_entry *ini_section_get(const struct ini_section *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->entries[i].key, key) == 0)
			return &s->entries[i];
	return NULL;
}

const struct ini_entry *ini_lookup(const struct ini *ini, const char *section, const char *key)
{
	const struct ini_section *s = ini_find_section(ini, section);
	const struct ini_entry *e = s ? ini_section_get(s, key) : NULL;
	if (!e)
		e = ini_section_get(&ini->defaults, key);
	return e;
}

/* configparser's BasicInterpolation, with its depth limit of 10. */
static bool ini_interpolate(const struct ini *ini, struct arena *a, struct diag_list *diags,
			    const char *section, const struct ini_entry *ent, const char *value,
			    int depth, struct strbuf *out)
{
	struct span sp = { ini->file, ent->line, 0, 0 };
	if (depth > 10) {
		diag_push(diags, DIAG_ERROR, "ini-interpolation", sp,
			  "interpolation of '%s' is nested too deeply", ent->key);
		return false;
	}
	for (const char *p = value; *p;) {
		if (*p != '%') {
			strbuf_addc(out, *p++);
			continue;
		}
		if (p[1] == '%') {
			strbuf_addc(out, '%');
			p += 2;
			continue;
		}
		if (p[1] == '(') {
			const char *close = strstr(p + 2, ")s");
			if (close) {
				char *name = arena_strndup(a, p + 2, (size_t)(close - (p + 2)));
				for (char *k = name; *k; k++)
					*k = (char)tolower((unsigned char)*k);
				const struct ini_entry *ref = ini_lookup(ini, section, name);
				if (!ref) {
					diag_push(diags, DIAG_ERROR, "ini-interpolation", sp,
						  "bad interpolation variable reference '%%(%s)s' in option '%s'",
						  name, ent->key);
					return false;
				}
				if (!ini_interpolate(ini, a, diags, section, ref, ref->value, depth + 1, out))
					return false;
				p = close + 2;
				continue;
			}
		}
		diag_push(diags, DIAG_ERROR, "ini-interpolation", sp,
			  "'%%' must be followed by '%%' or '(' in option '%s'", ent->key);
		return false;
	}
	return true;
}

const char *ini_get(const struct ini *ini, struct arena *a, struct diag_list *diags,
		    const char *section, const char *key)
{
	const struct ini_entry *e = ini_lookup(ini, section, key);
	if (!e)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	bool ok = ini_interpolate(ini, a, diags, section, e, e->value, 1, &sb);
	const char *r = ok ? arena_strndup(a, strbuf_str(&sb), sb.len) : NULL;
	strbuf_release(&sb);
	return r;
}
