/* test_dburl.c - database URLs parsed as SQLAlchemy 1.4's make_url does
 * (user, password, host, port and database below are what make_url printed
 * for these URLs); the masked form is the URL as written with the password
 * as *** (make_url's repr also re-sorts and re-quotes the query). */
#include <string.h>

#include "cupel/dburl.h"
#include "../lib/tap.h"

static void check(const char *url, const char *user, const char *password, const char *host, const char *port,
		  const char *database, const char *masked)
{
	struct arena a;
	arena_init(&a);
	struct dburl u;
	struct strbuf err = STRBUF_INIT;
	tap_ok(dburl_parse(&a, url, &u, &err), "parses %s", url);
	tap_is_str(u.user, user, "user");
	tap_is_str(u.password, password, "password");
	tap_is_str(u.host, host, "host");
	tap_is_str(u.port, port, "port");
	tap_is_str(u.dialect == DIALECT_SQLITE ? u.path : u.database, database, "database");
	tap_is_str(u.masked, masked, "masked");
	strbuf_release(&err);
	arena_free(&a);
}

int main(void)
{
	check("postgresql://scott:tiger@localhost/test", "scott", "tiger", "localhost", NULL, "test",
	      "postgresql://scott:***@localhost/test");
	check("postgresql+psycopg2://scott:p%40ss%3Aw@db.example.com:5433/prod?sslmode=require", "scott", "p@ss:w",
	      "db.example.com", "5433", "prod", "postgresql+psycopg2://scott:***@db.example.com:5433/prod?sslmode=require");
	check("postgresql://u@/db?host=/tmp/sock&port=5499", "u", NULL, NULL, NULL, "db",
	      "postgresql://u@/db?host=/tmp/sock&port=5499");
	check("postgresql://[::1]:5432/db", NULL, NULL, "::1", "5432", "db", "postgresql://[::1]:5432/db");
	check("postgresql:///db", NULL, NULL, NULL, NULL, "db", "postgresql:///db");
	check("postgresql+psycopg://u:pw@h/d", "u", "pw", "h", NULL, "d", "postgresql+psycopg://u:***@h/d");
	check("sqlite:///rel/path.db", NULL, NULL, NULL, NULL, "rel/path.db", "sqlite:///rel/path.db");
	check("sqlite:////abs/path.db", NULL, NULL, NULL, NULL, "/abs/path.db", "sqlite:////abs/path.db");

	struct arena a;
	arena_init(&a);
	struct dburl u;
	struct strbuf err = STRBUF_INIT;
	tap_ok(dburl_parse(&a, "sqlite://", &u, &err) && u.memory, "sqlite:// is memory");
	tap_ok(dburl_parse(&a, "sqlite:///:memory:", &u, &err) && u.memory, "sqlite:///:memory: is memory");
	tap_ok(dburl_parse(&a, "postgresql://u@h/d?host=/s&sslmode=disable", &u, &err) && u.n_params == 2 &&
		       strcmp(u.params[0].key, "host") == 0 && strcmp(u.params[0].value, "/s") == 0,
	       "query parameters");
	strbuf_reset(&err);
	tap_ok(!dburl_parse(&a, "mysql://u:hunter2@h/d", &u, &err) && strstr(strbuf_str(&err), "hunter2") == NULL,
	       "unsupported database refused, password not in the message");
	strbuf_reset(&err);
	tap_ok(!dburl_parse(&a, "postgresql://u:hunter2@h:port/d", &u, &err) &&
		       strstr(strbuf_str(&err), "hunter2") == NULL && strstr(strbuf_str(&err), "***") != NULL,
	       "bad port refused with the masked URL");
	strbuf_reset(&err);
	tap_ok(!dburl_parse(&a, "no-scheme", &u, &err), "no scheme refused");
	strbuf_reset(&err);
	tap_ok(!dburl_parse(&a, "postgres://u:hunter2@h/d", &u, &err) &&
		       strstr(strbuf_str(&err), "Can't load plugin: sqlalchemy.dialects:postgres") != NULL,
	       "postgres:// refused as SQLAlchemy 1.4 refuses it");
	tap_ok(dburl_parse(&a, "postgresql://u:hunter2@h/d", &u, &err), "parse for masking");
	strbuf_reset(&err);
	dburl_mask_in(&err, &u, "to postgresql://u:hunter2@h/d: password=hunter2 password='hunter2' hunter2s");
	tap_is_str(strbuf_str(&err), "to postgresql://u:***@h/d: password=*** password='***' hunter2s",
		   "dburl_mask_in masks the password where it stands as one");
	tap_ok(dburl_parse(&a, "postgresql://pwuser:a@h/d", &u, &err), "parse a one-letter password");
	strbuf_reset(&err);
	dburl_mask_in(&err, &u, "FATAL:  password authentication failed for user \"pwuser\" (pwuser:a@h)");
	tap_is_str(strbuf_str(&err), "FATAL:  password authentication failed for user \"pwuser\" (pwuser:***@h)",
		   "a short password leaves the server's words whole");
	tap_ok(dburl_parse(&a, "postgresql+psycopg2://u%40x:pw@/d?port=5432&host=/tmp/s%20k", &u, &err), "parse for display");
	strbuf_reset(&err);
	dburl_alembic_display(&err, &u);
	tap_is_str(strbuf_str(&err), "postgresql+psycopg2://u%40x:XXXXX@/d?host=%2Ftmp%2Fs+k&port=5432",
		   "dburl_alembic_display renders as SQLAlchemy's str() with Alembic's XXXXX");
	tap_ok(dburl_parse(&a, "sqlite:////tmp/x.db", &u, &err), "parse sqlite for display");
	strbuf_reset(&err);
	dburl_alembic_display(&err, &u);
	tap_is_str(strbuf_str(&err), "sqlite:////tmp/x.db", "dburl_alembic_display of a SQLite file");
	strbuf_release(&err);
	arena_free(&a);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
