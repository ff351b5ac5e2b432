/* udiff.c - unified diffs of whole texts (see udiff.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/udiff.h"
#include "cupel/xalloc.h"

struct lines {
	const char **s; /* start of each line */
	size_t *len;    /* with its '\n' when it has one */
	size_t n;
};

static void lines_split(struct lines *l, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	n += len && s[len - 1] != '\n';
	l->s = xcalloc(n + 1, sizeof(*l->s));
	l->len = xcalloc(n + 1, sizeof(*l->len));
	l->n = 0;
	size_t start = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n') {
			l->s[l->n] = s + start;
			l->len[l->n++] = i + 1 - start;
			start = i + 1;
		}
	if (start < len) {
		l->s[l->n] = s + start;
		l->len[l->n++] = len - start;
	}
}

static bool lines_same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

static void emit_line(struct strbuf *out, char mark, const char *s, size_t len)
{
	strbuf_addc(out, mark);
	strbuf_add(out, s, len);
	if (!len || s[len - 1] != '\n')
		strbuf_adds(out, "\n\\ No newline at end of file\n");
}

static void emit_range(struct strbuf *out, size_t start, size_t count)
{
	/* diff -u: "l,n", or "l" when n is 1; an empty range names the line before */
	if (count == 1)
		strbuf_addf(out, "%zu", start + 1);
	else
		strbuf_addf(out, "%zu,%zu", count ? start + 1 : start, count);
}

void udiff_texts(struct strbuf *out, const char *old_label, const char *old, size_t old_len,
		 const char *new_label, const char *new_text, size_t new_len)
{
	struct lines a, b;
	lines_split(&a, old, old_len);
	lines_split(&b, new_text, new_len);
	/* changed[i] for aligned positions: one to one when the counts agree,
	 * else prefix / middle / suffix */
	size_t n = a.n > b.n ? a.n : b.n;
	bool *changed = xcalloc(n + 1, sizeof(*changed));
	size_t pre = 0, suf = 0;
	bool aligned = a.n == b.n;
	bool any = false;
	if (aligned) {
		for (size_t i = 0; i < a.n; i++)
			any |= changed[i] = !lines_same(&a, i, &b, i);
	} else {
		while (pre < a.n && pre < b.n && lines_same(&a, pre, &b, pre))
			pre++;
		while (suf < a.n - pre && suf < b.n - pre && lines_same(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
			suf++;
		any = true;
	}
	if (!any)
		goto done;
	strbuf_addf(out, "--- %s\n+++ %s\n", old_label, new_label);
	if (!aligned) {
		size_t c0 = pre > 3 ? pre - 3 : 0;
		size_t c1a = a.n - suf + (suf > 3 ? 3 : suf), c1b = b.n - suf + (suf > 3 ? 3 : suf);
		strbuf_adds(out, "@@ -");
		emit_range(out, c0, c1a - c0);
		strbuf_adds(out, " +");
		emit_range(out, c0, c1b - c0);
		strbuf_adds(out, " @@\n");
		for (size_t i = c0; i < pre; i++)
			emit_line(out, ' ', a.s[i], a.len[i]);
		for (size_t i = pre; i < a.n - suf; i++)
			emit_line(out, '-', a.s[i], a.len[i]);
		for (size_t i = pre; i < b.n - suf; i++)
			emit_line(out, '+', b.s[i], b.len[i]);
		for (size_t i = a.n - suf; i < c1a; i++)
			emit_line(out, ' ', a.s[i], a.len[i]);
		goto done;
	}
	for (size_t i = 0; i < n;) {
		if (!changed[i]) {
			i++;
			continue;
		}
		/* a hunk: from 3 lines before this change to 3 lines after the
		 * last change less than 7 lines away */
		size_t h0 = i > 3 ? i - 3 : 0, last = i;
		for (size_t j = i + 1; j < n && j <= last + 7; j++)
			if (changed[j])
				last = j;
		size_t h1 = last + 4 < n ? last + 4 : n;
		strbuf_adds(out, "@@ -");
		emit_range(out, h0, h1 - h0);
		strbuf_adds(out, " +");
		emit_range(out, h0, h1 - h0);
		strbuf_adds(out, " @@\n");
		for (size_t j = h0; j < h1;) {
			if (!changed[j]) {
				emit_line(out, ' ', a.s[j], a.len[j]);
				j++;
				continue;
			}
			size_t k = j;
			while (k < h1 && changed[k])
				k++;
			for (size_t m = j; m < k; m++)
				emit_line(out, '-', a.s[m], a.len[m]);
			for (size_t m = j; m < k; m++)
				emit_line(out, '+', b.s[m], b.len[m]);
			j = k;
		}
		i = h1;
	}
done:
	free(changed);
	free(a.s);
	free(a.len);
	free(b.s);
	free(b.len);
}
