/* scratch.c - scratch databases: a temporary SQLite file, or a PostgreSQL
 * database created and dropped through an admin connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cupel/scratch.h"

bool scratch_open(struct arena *a, const char *admin_url, const char *tag, struct scratch *s, struct strbuf *err)
{
	memset(s, 0, sizeof(*s));
	if (admin_url && strncmp(admin_url, "postgres", 8) == 0) {
		struct dburl admin;
		if (!dburl_parse(a, admin_url, &admin, err) || !db_connect(&admin, 10, &s->admin, err))
			return false;
		snprintf(s->name, sizeof(s->name), "cupel_%s_%ld", tag, (long)getpid());
		struct db_error e;
		char sql[128];
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", s->name);
		if (!db_exec(s->admin, a, sql, &e)) {
			strbuf_adds(err, "could not create the scratch database: ");
			db_error_format(err, s->admin, &e);
			s->name[0] = 0;
			db_close(s->admin);
			s->admin = NULL;
			return false;
		}
		s->url = admin;
		s->url.database = s->name;
		s->url.masked = arena_printf(a, "%s (scratch database %s)", admin.masked, s->name);
	} else {
		snprintf(s->file, sizeof(s->file), "/tmp/cupel-%s-XXXXXX", tag);
		int fd = mkstemp(s->file);
		if (fd < 0) {
			strbuf_adds(err, "could not create a scratch SQLite file in /tmp");
			s->file[0] = 0;
			return false;
		}
		close(fd);
		s->url.dialect = DIALECT_SQLITE;
		s->url.path = s->file;
		s->url.masked = arena_printf(a, "sqlite:///%s (scratch)", s->file);
	}
	if (db_connect(&s->url, 10, &s->db, err))
		return true;
	struct strbuf ignore = STRBUF_INIT;
	(void)scratch_close(a, s, &ignore);
	strbuf_release(&ignore);
	return false;
}

bool scratch_close(struct arena *a, struct scratch *s, struct strbuf *err)
{
	bool ok = true;
	db_close(s->db);
	s->db = NULL;
	if (s->admin && s->name[0]) {
		struct db_error e;
		char sql[128];
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", s->name);
		if (!db_exec(s->admin, a, sql, &e)) {
			strbuf_addf(err, "could not drop the scratch database %s: ", s->name);
			db_error_format(err, s->admin, &e);
			ok = false;
		}
	}
	db_close(s->admin);
	s->admin = NULL;
	s->name[0] = 0;
	if (s->file[0])
		unlink(s->file);
	s->file[0] = 0;
	return ok;
}
