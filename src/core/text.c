/* text.c - Python str semantics over UTF-8, terminal-safe escaping. */
#include <string.h>

#include "cupel/text.h"

size_t text_utf8_len(const unsigned char *s, size_t avail, unsigned *cp)
{
	if (!avail)
		return 0;
	unsigned c = s[0];
	size_t n;
	unsigned v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2; v = c & 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; v = c & 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static bool text_py_space(unsigned cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85 ||
	       cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

static bool text_py_linebreak(unsigned cp)
{
	return cp == '\n' || cp == '\r' || cp == 0x0b || cp == 0x0c || cp == 0x1c ||
	       cp == 0x1d || cp == 0x1e || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Decode one code point; invalid bytes count as one opaque code point. */
static size_t text_next(const char *s, size_t len, size_t i, unsigned *cp)
{
	size_t n = text_utf8_len((const unsigned char *)s + i, len - i, cp);
	if (!n) {
		*cp = 0xfffd;
		n = 1;
	}
	return n;
}

char *text_py_strip(struct arena *a, const char *s, size_t len)
{
	size_t start = 0, end = len;
	unsigned cp;
	while (start < len) {
		size_t n = text_next(s, len, start, &cp);
		if (!text_py_space(cp))
			break;
		start += n;
	}
	/* an ASCII byte is always a code point of its own: trailing ASCII
	 * blanks are stepped over backwards, and an ASCII non-blank ends it */
	while (end > start && (unsigned char)s[end - 1] < 0x80 && text_py_space((unsigned char)s[end - 1]))
		end--;
	if (end > start && (unsigned char)s[end - 1] >= 0x80) {
		/* scan forward, remembering the end of the last non-space */
		size_t i = start, last = start;
		while (i < end) {
			size_t n = text_next(s, len, i, &cp);
			i += n;
			if (!text_py_space(cp))
				last = i;
		}
		end = last;
	}
	return arena_strndup(a, s + start, end - start);
}

void text_py_splitlines(struct arena *a, const char *s, size_t len,
			const char ***lines, size_t *n)
{
	size_t cap = 8, cnt = 0;
	const char **v = arena_alloc(a, cap * sizeof(*v));
	size_t i = 0, start = 0;
	while (i < len) {
		unsigned cp;
		size_t k = text_next(s, len, i, &cp);
		if (text_py_linebreak(cp)) {
			if (cnt == cap) {
				v = arena_grow(a, v, cnt, cap * 2, sizeof(*v));
				cap *= 2;
			}
			v[cnt++] = arena_strndup(a, s + start, i - start);
			i += k;
			if (cp == '\r' && i < len && s[i] == '\n')
				i++;
			start = i;
		} else {
			i += k;
		}
	}
	if (start < len) {
		if (cnt == cap) {
			v = arena_grow(a, v, cnt, cap * 2, sizeof(*v));
			cap *= 2;
		}
		v[cnt++] = arena_strndup(a, s + start, len - start);
	}
	*lines = v;
	*n = cnt;
}

static bool text_is_control(unsigned cp, bool keep_newline)
{
	if (cp == '\n')
		return !keep_newline;
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202e || cp == 0x202d ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

bool text_has_controls(const char *s, size_t len, bool keep_newline)
{
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = text_utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (!n || text_is_control(cp, keep_newline))
			return true;
		i += n;
	}
	return false;
}

void text_escape_controls(struct strbuf *out, const char *s, size_t len, bool keep_newline)
{
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = text_utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (!n) {
			strbuf_addf(out, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if (text_is_control(cp, keep_newline)) {
			switch (cp) {
			case '\t': strbuf_adds(out, "\\t"); break;
			case '\r': strbuf_adds(out, "\\r"); break;
			case '\n': strbuf_adds(out, "\\n"); break;
			default:
				if (cp < 0x100)
					strbuf_addf(out, "\\x%02x", cp);
				else
					strbuf_addf(out, "\\u%04x", cp);
			}
		} else {
			strbuf_add(out, s + i, n);
		}
		i += n;
	}
}

static bool has_line(const char *text, const char *line, size_t len)
{
	for (const char *p = text; *p;) {
		size_t l = strcspn(p, "\n");
		if (l == len && !memcmp(p, line, len))
			return true;
		p += l + (p[l] == '\n');
	}
	return false;
}

static void lines_missing(struct strbuf *out, const char *x, const char *y, char mark)
{
	for (const char *p = x; *p;) {
		size_t l = strcspn(p, "\n");
		if (l && !has_line(y, p, l))
			strbuf_addf(out, "%c %.*s\n", mark, (int)l, p);
		p += l + (p[l] == '\n');
	}
}

void text_line_diff(struct strbuf *out, const char *x, const char *y)
{
	lines_missing(out, x, y, '-');
	lines_missing(out, y, x, '+');
}
