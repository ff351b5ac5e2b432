/* test_ini.c - configparser semantics (expected values checked against
 * Python 3.11's configparser.ConfigParser on the same text). */
#include <string.h>

#include "../lib/tap.h"
#include "cupel/ini.h"

int main(void)
{
	struct arena a;
	arena_init(&a);
	struct diag_list dl;
	diag_list_init(&dl, &a);
	const char *text =
		"# comment\n"
		"[DEFAULT]\n"
		"root = /srv\n"
		"[alembic]\n"
		"script_location = %(here)s/migrations\n"
		"Version_Locations = %(root)s/a  %(root)s/b\n"
		"version_path_separator = ;\n"
		"sep2 = os  # Use os.pathsep.\n"
		"multi = one\n"
		"   two\n"
		"\n"
		"   three\n"
		"  ; indented comment\n"
		"pct = 100%%\n"
		"colon: value:with:colons\n"
		"url = postgresql://u:p@h/db\n"
		"bad = %(nope)s\n"
		"\n"
		"[other]\n"
		"x = 1\n"
		"this line is broken\n";
	struct ini *ini = ini_parse(&a, &dl, "t.ini", text, strlen(text));
	ini_set_default(ini, &a, "here", "/proj");
	tap_is_int((long)dl.n, 1, "one bad line reported");
	tap_ok(dl.n && dl.items[0].span.line == 21, "bad line position");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "script_location"), "/proj/migrations", "%(here)s");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "version_locations"), "/srv/a  /srv/b",
		   "keys are case-insensitive, DEFAULT interpolated");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "version_path_separator"), ";",
		   "';' after '=' is a value, not a comment");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "sep2"), "os  # Use os.pathsep.",
		   "no inline comments (as configparser)");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "multi"), "one\ntwo\n\nthree", "multi-line value");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "pct"), "100%", "%% is %");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "colon"), "value:with:colons", "':' delimiter");
	tap_is_str(ini_get(ini, &a, &dl, "alembic", "url"), "postgresql://u:p@h/db", "url kept");
	tap_is_str(ini_get(ini, &a, &dl, "other", "root"), "/srv", "defaults seen from any section");
	size_t before = dl.n;
	tap_ok(ini_get(ini, &a, &dl, "alembic", "bad") == NULL && dl.n == before + 1,
	       "bad interpolation is a diagnostic");
	tap_ok(ini_get(ini, &a, &dl, "alembic", "absent") == NULL, "absent key");
	tap_ok(ini_has_section(ini, "other") && !ini_has_section(ini, "DEFAULT2"), "sections");
	arena_free(&a);
	return tap_done();
}
