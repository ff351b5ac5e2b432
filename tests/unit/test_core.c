/* test_core.c - arena, strbuf, strmap, path and text helpers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/tap.h"
#include "cupel/arena.h"
#include "cupel/path.h"
#include "cupel/strbuf.h"
#include "cupel/strmap.h"
#include "cupel/text.h"

static void test_arena(void)
{
	struct arena a;
	arena_init(&a);
	char *big = arena_alloc(&a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	char *s = arena_strdup(&a, "hello");
	tap_is_str(s, "hello", "arena_strdup");
	tap_is_str(arena_printf(&a, "%d-%s", 42, "x"), "42-x", "arena_printf");
	int *v = arena_alloc(&a, 4 * sizeof(int));
	for (int i = 0; i < 4; i++)
		v[i] = i;
	int *w = arena_grow(&a, v, 4, 8, sizeof(int));
	tap_ok(w[3] == 3 && w[7] == 0, "arena_grow keeps old items and zeroes the rest");
	tap_ok(((uintptr_t)arena_alloc(&a, 3) % _Alignof(max_align_t)) == 0, "arena_alloc is aligned");
	arena_free(&a);
	tap_ok(a.head == NULL, "arena_free empties");
}

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	tap_is_str(strbuf_str(&sb), "", "empty strbuf reads as \"\"");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	tap_ok(strncmp(sb.buf, "0,1,2,", 6) == 0 && sb.len == strlen(sb.buf), "strbuf grows");
	strbuf_reset(&sb);
	strbuf_add(&sb, "a\0b", 3);
	tap_is_int((long)sb.len, 3, "strbuf_add keeps NUL bytes");
	strbuf_release(&sb);
}

static void test_strmap(void)
{
	struct arena a;
	arena_init(&a);
	struct strmap m;
	strmap_init(&m, &a);
	char key[32];
	for (size_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		strmap_put(&m, arena_strdup(&a, key), i);
	}
	size_t v = 0;
	bool all = true;
	for (size_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		all = all && strmap_get(&m, key, &v) && v == i;
	}
	tap_ok(all, "strmap finds 5000 keys");
	tap_ok(!strmap_get(&m, "nope", &v), "strmap misses an absent key");
	tap_ok(!strmap_put(&m, "k7", 99) && strmap_get(&m, "k7", &v) && v == 99, "strmap replaces");
	arena_free(&a);
}

static void test_path(void)
{
	struct arena a;
	arena_init(&a);
	tap_is_str(path_normpath(&a, "/a//b/./c/../d/"), "/a/b/d", "normpath collapses");
	tap_is_str(path_normpath(&a, "a/../../b"), "../b", "normpath keeps leading ..");
	tap_is_str(path_normpath(&a, "/../x"), "/x", "normpath: /.. is /");
	tap_is_str(path_normpath(&a, "//x"), "//x", "normpath keeps exactly two leading slashes");
	tap_is_str(path_normpath(&a, "///x"), "/x", "normpath collapses three leading slashes");
	tap_is_str(path_normpath(&a, ""), ".", "normpath of empty");
	tap_is_str(path_join(&a, "/a/", "b"), "/a/b", "join without double slash");
	tap_is_str(path_join(&a, "/a", "/b"), "/b", "join with absolute");
	tap_is_str(path_dirname(&a, "/a/b/c.ini"), "/a/b", "dirname");
	tap_is_str(path_dirname(&a, "/c.ini"), "/", "dirname of root file");
	char *cwd = getcwd(NULL, 0);
	tap_is_str(path_abspath(&a, "x/../y"), arena_printf(&a, "%s/y", cwd), "abspath");
	free(cwd);
	arena_free(&a);
}

static void test_text(void)
{
	struct arena a;
	arena_init(&a);
	tap_is_str(text_py_strip(&a, " \t\n x y \xc2\xa0\n", 11), "x y", "strip removes unicode spaces");
	const char **lines;
	size_t n;
	text_py_splitlines(&a, "a\nb\r\nc\rd\x0b" "e\n", 11, &lines, &n);
	tap_ok(n == 5 && !strcmp(lines[0], "a") && !strcmp(lines[2], "c") && !strcmp(lines[4], "e"),
	       "splitlines splits like Python");
	text_py_splitlines(&a, "a\n\nb", 4, &lines, &n);
	tap_ok(n == 3 && !strcmp(lines[1], ""), "splitlines keeps empty lines");
	struct strbuf sb = STRBUF_INIT;
	text_escape_controls(&sb, "a\x1b[2Jb\rc\n", 9, true);
	tap_is_str(strbuf_str(&sb), "a\\x1b[2Jb\\rc\n", "escape controls");
	strbuf_reset(&sb);
	text_escape_controls(&sb, "\xff\xc3\xa9", 3, true);
	tap_is_str(strbuf_str(&sb), "\\xff\xc3\xa9", "escape invalid utf-8, keep valid");
	tap_ok(!text_has_controls("plain é", 8, true), "no controls in plain text");
	strbuf_release(&sb);
	arena_free(&a);
}

int main(void)
{
	test_arena();
	test_strbuf();
	test_strmap();
	test_path();
	test_text();
	return tap_done();
}
