/* pystr.c - str functions of the Python subset (pystr.h). */
#include "cupel/pystr.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/strbuf.h"

static struct pyv *str_value(struct arena *a, const struct pyv *call, const char *s, size_t len)
{
	struct pyv *v = arena_alloc(a, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->kind = PYV_STR;
	v->node = call->node;
	char *t = arena_alloc(a, len + 1);
	memcpy(t, s, len);
	t[len] = '\0';
	v->s = t;
	v->len = len;
	return v;
}

/* str.isspace() for one byte (ASCII and the C0 separators). */
static bool py_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static struct pyv *strip(struct arena *a, const struct pyv *call, const struct pyv *s, const struct pyv *chars,
			 bool left, bool right)
{
	size_t b = 0, e = s->len;
	const char *set = chars ? chars->s : NULL;
	size_t nset = chars ? chars->len : 0;
#define IN_SET(c) (set ? memchr(set, (c), nset) != NULL : py_space((unsigned char)(c)))
	while (left && b < e && IN_SET(s->s[b]))
		b++;
	while (right && e > b && IN_SET(s->s[e - 1]))
		e--;
#undef IN_SET
	return str_value(a, call, s->s + b, e - b);
}

static struct pyv *replace(struct arena *a, const struct pyv *call, const struct pyv *s, const struct pyv *old,
			   const struct pyv *new_)
{
	struct strbuf sb = STRBUF_INIT;
	if (!old->len) {
		/* "ab".replace("", "-") is "-a-b-" */
		strbuf_add(&sb, new_->s, new_->len);
		for (size_t i = 0; i < s->len; i++) {
			strbuf_addc(&sb, s->s[i]);
			strbuf_add(&sb, new_->s, new_->len);
		}
	} else {
		for (size_t i = 0; i < s->len;) {
			if (i + old->len <= s->len && !memcmp(s->s + i, old->s, old->len)) {
				strbuf_add(&sb, new_->s, new_->len);
				i += old->len;
			} else {
				strbuf_addc(&sb, s->s[i++]);
			}
		}
	}
	struct pyv *v = str_value(a, call, sb.len ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return v;
}

/* The line of s starting at i: *end at its '\n' (or the end of s),
 * *text past its blanks and tabs (== *end: blanks only). */
static void line_at(const struct pyv *s, size_t i, size_t *end, size_t *text)
{
	size_t j = i;
	while (j < s->len && s->s[j] != '\n')
		j++;
	size_t ws = i;
	while (ws < j && (s->s[ws] == ' ' || s->s[ws] == '\t'))
		ws++;
	*end = j;
	*text = ws;
}

/* textwrap.dedent: lines of blanks and tabs only become empty, then the
 * longest leading run of blanks and tabs common to the other lines (an
 * exact prefix: a tab is not eight blanks) goes from each. */
static struct pyv *dedent(struct arena *a, const struct pyv *call, const struct pyv *s)
{
	struct strbuf lines = STRBUF_INIT;
	const char *margin = NULL;
	size_t mlen = 0, j, ws;
	for (size_t i = 0; i <= s->len; i = j + 1) {
		line_at(s, i, &j, &ws);
		if (ws == j)
			continue;
		/* a line with text: its indent narrows the margin */
		if (!margin) {
			margin = s->s + i;
			mlen = ws - i;
		} else {
			size_t k = 0;
			while (k < mlen && k < ws - i && margin[k] == s->s[i + k])
				k++;
			mlen = k;
		}
	}
	for (size_t i = 0; i <= s->len; i = j + 1) {
		line_at(s, i, &j, &ws);
		if (ws < j) { /* blanks only: emptied */
			size_t cut = j - i >= mlen ? mlen : 0;
			strbuf_add(&lines, s->s + i + cut, j - i - cut);
		}
		if (j < s->len)
			strbuf_addc(&lines, '\n');
	}
	struct pyv *v = str_value(a, call, lines.len ? lines.buf : "", lines.len);
	strbuf_release(&lines);
	return v;
}

void pystr_float_repr(char buf[32], double x)
{
	if (isnan(x)) {
		strcpy(buf, "nan");
		return;
	}
	if (isinf(x)) {
		strcpy(buf, x < 0 ? "-inf" : "inf");
		return;
	}
	/* the fewest significant digits that read back as x */
	char e[40];
	int p = 1;
	for (; p < 17; p++) {
		snprintf(e, sizeof(e), "%.*e", p - 1, x);
		if (strtod(e, NULL) == x)
			break;
	}
	snprintf(e, sizeof(e), "%.*e", p - 1, x);
	/* e: [-]d[.ddd]e[+-]XX */
	bool neg = e[0] == '-';
	char digits[20];
	size_t nd = 0;
	const char *q = e + neg;
	for (; *q && *q != 'e'; q++)
		if (*q != '.')
			digits[nd++] = *q;
	digits[nd] = '\0';
	int exp = atoi(q + 1);
	char *o = buf;
	if (neg)
		*o++ = '-';
	if (exp >= -4 && exp < 16) {
		if (exp < 0) {
			o += sprintf(o, "0.");
			for (int i = -1; i > exp; i--)
				*o++ = '0';
			o += sprintf(o, "%s", digits);
		} else {
			for (int i = 0; i <= exp; i++)
				*o++ = (size_t)i < nd ? digits[i] : '0';
			*o++ = '.';
			if ((size_t)exp + 1 < nd)
				o += sprintf(o, "%s", digits + exp + 1);
			else
				*o++ = '0';
		}
		*o = '\0';
	} else {
		*o++ = digits[0];
		if (nd > 1)
			o += sprintf(o, ".%s", digits + 1);
		sprintf(o, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	}
}

struct pyv *pystr_call(struct arena *a, const struct pyv *call)
{
	if (!call || call->kind != PYV_CALL || !call->callee || call->n_kws)
		return NULL;
	for (size_t i = 0; i < call->n; i++)
		if (call->items[i]->kind != PYV_STR)
			return NULL;
	if (!call->self && !strcmp(call->callee, "textwrap.dedent") && call->n == 1)
		return dedent(a, call, call->items[0]);
	const struct pyv *s = call->self;
	if (!s || s->kind != PYV_STR)
		return NULL;
	const char *m = call->callee;
	const struct pyv *chars = call->n == 1 ? call->items[0] : NULL;
	if (call->n <= 1 && !strcmp(m, ".strip"))
		return strip(a, call, s, chars, true, true);
	if (call->n <= 1 && !strcmp(m, ".lstrip"))
		return strip(a, call, s, chars, true, false);
	if (call->n <= 1 && !strcmp(m, ".rstrip"))
		return strip(a, call, s, chars, false, true);
	if (call->n == 2 && !strcmp(m, ".replace"))
		return replace(a, call, s, call->items[0], call->items[1]);
	return NULL;
}
