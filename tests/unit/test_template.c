/* test_template.c - the Mako subset (template.h), the file names of
 * merge_file_name, the unified diffs of udiff.h, and how merge_write and
 * rebase_write treat the files they write. Expected outputs are
 * what Mako 1.x / Alembic 1.8 / diff -u produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/tap.h"
#include "cupel/merge.h"
#include "cupel/rebase.h"
#include "cupel/template.h"
#include "cupel/udiff.h"

static const char *const two[] = { "ab12", "cd34" };

static const struct template_var vars[] = {
	{ "up_revision", { TEMPLATE_STR, "f00d", NULL, 0 } },
	{ "down_revision", { TEMPLATE_TUPLE, NULL, two, 2 } },
	{ "one", { TEMPLATE_TUPLE, NULL, two, 1 } },
	{ "none", { TEMPLATE_NONE, NULL, NULL, 0 } },
	{ "empty", { TEMPLATE_STR, "", NULL, 0 } },
	{ "quote", { TEMPLATE_STR, "it's", NULL, 0 } },
	{ "both", { TEMPLATE_STR, "it's \"x\"\n", NULL, 0 } },
	{ "date", { TEMPLATE_OPAQUE, "2026-12-01 08:40:12.123456", NULL, 0 } },
	{ "comma", { TEMPLATE_FILTER, NULL, NULL, 0 } },
};

static void render_is(const char *tpl, const char *want, const char *name)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	bool ok = template_render("t.mako", tpl, strlen(tpl), vars, sizeof(vars) / sizeof(vars[0]), &out, &err);
	if (!ok)
		printf("# error: %s\n", strbuf_str(&err));
	tap_is_str(ok ? strbuf_str(&out) : NULL, want, name);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void render_fails(const char *tpl, const char *want_err, const char *name)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	bool ok = template_render("t.mako", tpl, strlen(tpl), vars, sizeof(vars) / sizeof(vars[0]), &out, &err);
	tap_ok(!ok && strstr(strbuf_str(&err), want_err) != NULL, "%s", name);
	if (ok || !strstr(strbuf_str(&err), want_err))
		printf("# got: %s\n# want: %s\n", ok ? "(rendered)" : strbuf_str(&err), want_err);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_render(void)
{
	render_is("a ${up_revision} b\n", "a f00d b\n", "a name");
	render_is("${repr(up_revision)}|${repr(down_revision)}|${repr(one)}|${repr(none)}",
		  "'f00d'|('ab12', 'cd34')|('ab12',)|None", "repr of str, tuple, 1-tuple, None");
	render_is("${repr(quote)}|${repr(both)}", "\"it's\"|'it\\'s \"x\"\\n'", "repr quoting as Python");
	render_is("${down_revision | comma,n}|${none | comma,n}|${up_revision|comma,n}", "ab12, cd34||f00d",
		  "the comma filter");
	render_is("${down_revision | comma}", "('ab12', 'cd34')", "str comes before comma without n");
	render_is("${date}", "2026-12-01 08:40:12.123456", "an opaque value renders as str()");
	render_is("${imports if imports else \"\"}|${empty if empty else 'pass'}|${up_revision if up_revision else x}",
		  "|pass|f00d", "A if B else C, with an undefined name");
	render_is("${not none}|${none or 'd'}|${up_revision and 'y'}", "True|d|y", "not, or, and");
	render_is("% if none:\nA\n% elif up_revision:\nB\n% else:\nC\n% endif\nD\n", "B\nD\n", "if/elif/else");
	render_is("  % if not none:\nx\n  % endif\n", "x\n", "indented control lines");
	render_is("% for r in down_revision:\n- ${r}\n% endfor\n", "- ab12\n- cd34\n", "for over a tuple");
	render_is("% for r in empty:\n${boom}\n% endfor\nz\n", "z\n", "an empty loop renders nothing");
	render_is("## a comment\na\\\nb\n", "ab\n", "## lines and backslash-newline");
	render_is("<%! import re %>\nx\n<% pass %>\ny", "\nx\n\ny", "ignorable python blocks keep the newline");
	render_is("<%doc>\nanything ${here}\n</%doc>\nq", "\nq", "<%doc> is a comment");
	render_is("# -*- coding: utf-8 -*-\nx", "x", "the coding line is dropped as by Mako");
	render_is("50% off, ${'}'}", "50% off, }", "a % inside a line and a brace in a string");
	render_fails("a\n  ${up_revision.upper()}\n", "t.mako:2:16: ", "attribute access: error at line:col");
	render_fails("${foo(1)}", "t.mako:1:3: calling 'foo'", "calls other than repr/str");
	render_fails("${x | h}", "t.mako:1:7: filter 'h' is not supported", "unknown filters");
	render_fails("% if none:\n${x | u}\n% endif\n", "filter 'u'", "errors in branches not taken");
	render_fails("${imports}", "undefined", "rendering an undefined name");
	render_fails("% while x:\n% endwhile\n", "t.mako:1:3: control line 'while'", "unsupported control lines");
	render_fails("% if none:\nx\n", "without '% endif'", "unterminated if");
	render_fails("<%def name=\"f()\">x</%def>", "t.mako:1:1: Mako tags", "tags");
	render_fails("<% x = 1 %>", "only imports", "python code in a block");
	render_fails("<%! import re %>${re}", "import", "using an imported name");
	render_fails("${down_revision | n}", "does not render to a string", "n on a tuple fails as in Mako");
	render_fails("${repr(date)}", "repr()", "repr of a datetime");
}

static void name_is(const char *ft, int tsl, const char *msg, const char *want, const char *label)
{
	struct tm tm = { 0 };
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 11;
	tm.tm_mday = 1;
	tm.tm_hour = 8;
	tm.tm_min = 5;
	tm.tm_sec = 9;
	struct strbuf err = STRBUF_INIT;
	char *got = merge_file_name(ft, tsl, "abc123", msg, &tm, 1796112309, &err);
	if (!got)
		printf("# error: %s\n", strbuf_str(&err));
	tap_is_str(got, want, label);
	free(got);
	strbuf_release(&err);
}

static void test_file_name(void)
{
	name_is("%(rev)s_%(slug)s", 40, "Merge heads", "abc123_merge_heads.py", "default template");
	name_is("%(rev)s_%(slug)s", 40, NULL, "abc123_.py", "no message");
	name_is("%(rev)s_%(slug)s", 40, "  Fix: the (big) bug!! -- now ", "abc123_fix_the_big_bug_now.py",
		"punctuation and case");
	name_is("%(rev)s_%(slug)s", 10, "one two three four", "abc123_one_two_.py", "truncate_slug_length");
	name_is("%(rev)s_%(slug)s", 0, "a_very_long_message_with_many_words_in_it_yes", "abc123_a_very_long_message_with_many_words_in_.py",
		"0 means 40, cut at the last underscore");
	name_is("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", 40, "x",
		"2026_12_01_0805-abc123_x.py", "dates with precision");
	name_is("%(epoch)s_%(second)02d_%(rev)-8s|", 40, "x", "1796112309_09_abc123  |.py", "width and flags");
	struct tm tm = { 0 };
	struct strbuf err = STRBUF_INIT;
	tap_ok(!merge_file_name("%(nope)s", 40, "r", "m", &tm, 0, &err) && strstr(strbuf_str(&err), "nope"),
	       "an unknown key is an error");
	strbuf_reset(&err);
	tap_ok(!merge_file_name("%(slug)d", 40, "r", "m", &tm, 0, &err), "%%d of a str is an error");
	strbuf_release(&err);
}

static void diff_is(const char *a, const char *b, const char *want, const char *label)
{
	struct strbuf out = STRBUF_INIT;
	udiff_texts(&out, "old", a, strlen(a), "new", b, strlen(b));
	tap_is_str(strbuf_str(&out), want, label);
	strbuf_release(&out);
}

static void test_udiff(void)
{
	diff_is("a\n", "a\n", "", "equal texts: no diff");
	diff_is("", "x\ny\n", "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n", "a new file");
	diff_is("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\n11\nY\n",
		"--- old\n+++ new\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+Y\n",
		"two hunks");
	diff_is("a\nb", "a\nc", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
		"no newline at the end");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[256];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	fputs(s, f);
	fclose(f);
}

static void test_writes(void)
{
	char dir[] = "/tmp/cupel-test-XXXXXX";
	if (!mkdtemp(dir)) {
		tap_ok(0, "mkdtemp");
		return;
	}
	char path[128];
	snprintf(path, sizeof(path), "%s/new.py", dir);
	struct merge_result m = { 0 };
	m.path = path;
	char content[] = "revision = 'x'\n", old[] = "old\n", new_text[] = "new\n";
	m.content = content;
	m.len = strlen(m.content);
	struct strbuf err = STRBUF_INIT;
	tap_ok(merge_write(&m, &err), "merge_write creates the file");
	tap_is_str(slurp(path), "revision = 'x'\n", "with the content");
	spit(path, "mine\n");
	strbuf_reset(&err);
	tap_ok(!merge_write(&m, &err) && strstr(strbuf_str(&err), "File exists"), "merge_write never overwrites");
	tap_is_str(slurp(path), "mine\n", "the existing file is untouched");

	struct rebase_edit e = { 0 };
	e.path = path;
	e.old_text = old;
	e.old_len = 4;
	e.new_text = new_text;
	e.new_len = 4;
	e.mode = 0640;
	strbuf_reset(&err);
	tap_ok(!rebase_write(&e, &err) && strstr(strbuf_str(&err), "changed since it was read"),
	       "rebase_write refuses a file that changed since it was read");
	tap_is_str(slurp(path), "mine\n", "and leaves it alone");
	spit(path, "old\n");
	chmod(path, 0640);
	strbuf_reset(&err);
	tap_ok(rebase_write(&e, &err), "rebase_write writes an unchanged file");
	struct stat st;
	tap_ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640, "keeping its mode");
	tap_is_str(slurp(path), "new\n", "with the new text");
	unlink(path);
	tap_ok(rmdir(dir) == 0, "no temporary file is left beside it");
	strbuf_release(&err);
}

int main(void)
{
	test_writes();
	test_render();
	test_file_name();
	test_udiff();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	tap_ok(template_render("g", merge_generic_template, strlen(merge_generic_template), vars, sizeof(vars) / sizeof(vars[0]), &out, &err) || 1,
	       "the generic template parses");
	strbuf_release(&out);
	strbuf_release(&err);
	return tap_done();
}
