/* findings.c - the lint findings of a revision (the project's lint walk,
 * lintwalk.c, finished first), each with its line: e opens the script
 * there, Enter shows the rule's page (built into the binary). */
#include <stdlib.h>
#include <string.h>

#include "detail.h"

static void findings_open(struct view *v)
{
	view_reset(v);
	detail_title(v, "findings");
	const struct rev *rv = &T.p->graph->revs[v->rev];
	v->script_path = rv->script ? rv->script->path : NULL;
	/* all of it: the rules on the whole graph (divergent heads) come last */
	tui_lint_finish();
	size_t n = 0;
	for (size_t i = 0; T.lint && i < T.lint->n; i++) {
		const struct lint_finding *f = &T.lint->v[i];
		if (!f->revision || strcmp(f->revision, rv->id) != 0)
			continue;
		n++;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "line %-5u %s[%s]: %s", f->line, lint_level_name(f->level), f->rule, f->message);
		view_add_raw(v, f->level == LINT_ERROR ? AREA_ERROR : f->level == LINT_WARNING ? AREA_WARNING : AREA_INFO,
			     sb.buf, sb.len, f->line, false);
		v->lines[v->n_lines - 1].ref = f->rule;
		strbuf_reset(&sb);
		if (f->hint) {
			strbuf_addf(&sb, "           hint: %s", f->hint);
			view_add_raw(v, AREA_INFO, sb.buf, sb.len, f->line, false);
		}
		strbuf_release(&sb);
	}
	if (!n)
		view_add(v, AREA_DEFAULT, "no findings for %s (rules: cupel lint --list-rules)", rv->id);
	else
		view_add(v, AREA_INFO, "Enter: the rule's page   ] [: next, previous finding   e: the script at the line");
}

/* Columns of UTF-8 text (the pages are prose: one column a character). */
static size_t text_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/* The bytes of s that fill width columns. */
static size_t text_prefix_for_width(const char *s, size_t n, size_t width)
{
	size_t w = 0, i = 0;
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && w++ == width)
			break;
	}
	return i;
}

/* The rule's page (markdown) in a text view: headings and code marked. */
static void push_page(const char *rule)
{
	const char *page = lint_rule_page(rule);
	tui_push(&view_text_ops, 0);
	struct view *pv = tui_top();
	snprintf(pv->title, sizeof(pv->title), "rule %s (cupel lint --explain %s)", rule, rule);
	if (!page) {
		view_add(pv, AREA_WARNING, "no page for rule %s in this build of cupel", rule);
		return;
	}
	/* prose wrapped at the screen's width (at words), code as it is */
	size_t width = T.cols > 20 ? (size_t)T.cols - 1 : 20;
	bool code = false;
	for (const char *s = page; *s;) {
		size_t n = strcspn(s, "\n");
		bool fence = n >= 3 && !strncmp(s, "```", 3);
		enum area a = fence || code ? AREA_SQL_STRING : s[0] == '#' ? AREA_HEADER : AREA_DEFAULT;
		const char *t = s;
		size_t left = n;
		size_t indent = !code && n > 2 && !strncmp(s, "- ", 2) ? 2 : 0; /* list items */
		bool first = true;
		while (!code && !fence && text_width(t, left) + (first ? 0 : indent) > width) {
			size_t cut = text_prefix_for_width(t, left, width - (first ? 0 : indent));
			size_t sp = cut;
			while (sp > 0 && t[sp] != ' ')
				sp--;
			if (sp == 0)
				sp = cut; /* one long word */
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%*s", first ? 0 : (int)indent, "");
			strbuf_add(&sb, t, sp);
			view_add_raw(pv, a, sb.buf, sb.len, 0, false);
			strbuf_release(&sb);
			while (sp < left && t[sp] == ' ')
				sp++;
			t += sp;
			left -= sp;
			first = false;
		}
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%*s", first ? 0 : (int)indent, "");
		strbuf_add(&sb, t, left);
		view_add_raw(pv, a, sb.buf, sb.len, 0, false);
		strbuf_release(&sb);
		if (fence)
			code = !code;
		s += n + (s[n] == '\n');
	}
}

/* ] and [: the next (previous) finding line. */
static void next_finding(struct view *v, bool forward)
{
	for (size_t i = v->cur; forward ? i + 1 < v->n_lines : i > 0;) {
		i = forward ? i + 1 : i - 1;
		if (v->lines[i].ref) {
			v->cur = i;
			return;
		}
	}
	tui_message(AREA_INFO, "no %s finding", forward ? "next" : "previous");
}

static bool findings_action(struct view *v, enum action a)
{
	switch (a) {
	case ACT_ENTER: {
		/* a hint belongs to the finding above it */
		const char *rule = v->cur < v->n_lines ? v->lines[v->cur].ref : NULL;
		if (!rule && v->cur > 0 && v->cur < v->n_lines)
			rule = v->lines[v->cur - 1].ref;
		if (rule)
			push_page(rule);
		else
			tui_message(AREA_INFO, "Enter on a finding shows its rule's page");
		return true;
	}
	case ACT_NEXT_FINDING:
	case ACT_PREV_FINDING:
		next_finding(v, a == ACT_NEXT_FINDING);
		return true;
	default:
		return detail_action(v, a);
	}
}

const struct view_ops view_findings_ops = { "findings", findings_open, view_draw_text, findings_action,
					    view_match_text, view_source_line_text, NULL };
