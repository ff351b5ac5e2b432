/* cli_common.c - loading, diagnostics and output for every command. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cupel/cli_cmd.h"
#include "cupel/text.h"

void cli_write(struct cli_ctx *ctx, const char *s, size_t len)
{
	if (ctx->escape && text_has_controls(s, len, true)) {
		struct strbuf sb = STRBUF_INIT;
		text_escape_controls(&sb, s, len, true);
		fwrite(sb.buf, 1, sb.len, ctx->out);
		strbuf_release(&sb);
		return;
	}
	fwrite(s, 1, len, ctx->out);
}

void cli_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	struct strbuf safe = STRBUF_INIT;
	text_escape_controls(&safe, sb.buf ? sb.buf : "", sb.len, true);
	fprintf(ctx->err, "cupel: error: %s\n", strbuf_str(&safe));
	strbuf_release(&sb);
	strbuf_release(&safe);
}

/* The source text a diagnostic points into, if we have it. */
static const char *cli_diag_source(struct project *p, const char *file, size_t *len)
{
	if (!file)
		return NULL;
	for (size_t i = 0; i < p->n_scripts; i++)
		if (p->scripts[i]->path == file || strcmp(p->scripts[i]->path, file) == 0)
			return project_script_source(p, p->scripts[i], len);
	return NULL;
}

/* Print the line `line` of src and a caret under column `col`; a long
 * line is shown as a window around the column. */
static void cli_show_line(struct cli_ctx *ctx, const char *src, size_t len, unsigned line, unsigned col)
{
	enum { WINDOW = 100 };
	size_t i = 0;
	for (unsigned l = 1; l < line && i < len; i++)
		if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n')))
			l++;
	if (i >= len && line > 1)
		return;
	/* byte offsets of code points: walk to the caret's column */
	size_t k = i;
	unsigned cp = 1;
	while (k < len && src[k] != '\n' && src[k] != '\r' && cp < col) {
		unsigned c;
		size_t n = text_utf8_len((const unsigned char *)src + k, len - k, &c);
		k += n ? n : 1;
		cp++;
	}
	size_t from = i;
	unsigned skipped = 0;
	while (cp - skipped > WINDOW / 2 && from < k) {
		unsigned c;
		size_t n = text_utf8_len((const unsigned char *)src + from, len - from, &c);
		from += n ? n : 1;
		skipped++;
	}
	size_t e = from;
	for (unsigned shown = 0; e < len && src[e] != '\n' && src[e] != '\r' && shown < WINDOW; shown++) {
		unsigned c;
		size_t n = text_utf8_len((const unsigned char *)src + e, len - e, &c);
		e += n ? n : 1;
	}
	bool more = e < len && src[e] != '\n' && src[e] != '\r';
	struct strbuf sb = STRBUF_INIT;
	text_escape_controls(&sb, src + from, e - from, false);
	fprintf(ctx->err, " %5u | %s%s%s\n       | %s", line, skipped ? "..." : "", strbuf_str(&sb),
		more ? "..." : "", skipped ? "   " : "");
	/* the caret under the code point; escapes widen what precedes it */
	struct strbuf pre = STRBUF_INIT;
	text_escape_controls(&pre, src + from, k - from, false);
	for (size_t q = 0; q < pre.len;) {
		unsigned c;
		size_t n = text_utf8_len((const unsigned char *)pre.buf + q, pre.len - q, &c);
		fputc(pre.buf[q] == '\t' ? '\t' : ' ', ctx->err);
		q += n ? n : 1;
	}
	fputs("^\n", ctx->err);
	strbuf_release(&sb);
	strbuf_release(&pre);
}

size_t cli_print_diags(struct cli_ctx *ctx, struct project *p)
{
	return cli_print_diags_from(ctx, p, 0);
}

size_t cli_print_diags_from(struct cli_ctx *ctx, struct project *p, size_t from)
{
	size_t errors = 0;
	for (size_t i = from; i < p->diags.n; i++) {
		const struct diag *d = &p->diags.items[i];
		if (d->level == DIAG_ERROR)
			errors++;
		struct strbuf sb = STRBUF_INIT;
		if (d->span.file) {
			strbuf_adds(&sb, d->span.file);
			if (d->span.line) {
				strbuf_addf(&sb, ":%u", d->span.line);
				if (d->span.col)
					strbuf_addf(&sb, ":%u", d->span.col);
			}
			strbuf_adds(&sb, ": ");
		} else {
			strbuf_adds(&sb, "cupel: ");
		}
		strbuf_addf(&sb, "%s[%s]: %s", diag_level_name(d->level), d->code, d->msg);
		struct strbuf safe = STRBUF_INIT;
		text_escape_controls(&safe, sb.buf, sb.len, false);
		fprintf(ctx->err, "%s\n", strbuf_str(&safe));
		size_t len;
		const char *src = cli_diag_source(p, d->span.file, &len);
		if (src && d->span.line)
			cli_show_line(ctx, src, len, d->span.line, d->span.col);
		if (d->detail) {
			strbuf_reset(&safe);
			text_escape_controls(&safe, d->detail, strlen(d->detail), true);
			fprintf(ctx->err, "  %s\n", strbuf_str(&safe));
		}
		if (d->hint)
			fprintf(ctx->err, "hint: %s\n", d->hint);
		strbuf_release(&sb);
		strbuf_release(&safe);
	}
	return errors;
}

struct project *cli_load(struct cli_ctx *ctx)
{
	struct project_opts opts = { ctx->project ? ctx->project : ctx->config, ctx->name, ctx->full_parse };
	struct project *p = project_load(&opts);
	cli_print_diags(ctx, p);
	const char *timing = getenv("CUPEL_TIMING");
	if (timing && *timing && *timing != '0')
		fprintf(ctx->err, "cupel: timing: config %.1f ms, list %.1f ms, read+parse %.1f ms, graph %.1f ms\n",
			p->timing.config * 1e3, p->timing.list * 1e3, p->timing.read * 1e3, p->timing.graph * 1e3);
	if (!p->loaded) {
		project_free(p);
		return NULL;
	}
	return p;
}

/* A script's own error: it does not lex, parse or declare its revision,
 * or it could not be read. */
static bool cli_is_script_error(const struct diag *d)
{
	if (d->level != DIAG_ERROR || !d->span.file)
		return false;
	return !strncmp(d->code, "py-", 3) || !strncmp(d->code, "script-", 7) || !strcmp(d->code, "project-io");
}

bool cli_refuse_broken_scripts(struct cli_ctx *ctx, const struct project *p, const char *what)
{
	size_t n = 0;
	const char *first = NULL;
	for (size_t i = 0; i < p->diags.n; i++)
		if (cli_is_script_error(&p->diags.items[i])) {
			/* one count per file: a broken file often has several */
			if (!first || strcmp(first, p->diags.items[i].span.file))
				n++;
			first = p->diags.items[i].span.file;
		}
	if (!n)
		return false;
	cli_error(ctx,
		  "%s refused: %zu script(s) cannot be read or parsed (see above); Alembic imports every script "
		  "before it runs anything and fails the same way; %s",
		  what, n, strstr(what, "--sql") ? "no SQL was written" : "nothing was changed");
	return true;
}

int cli_status(const struct project *p, int status)
{
	if (status == CLI_OK && diag_count(&p->diags, DIAG_ERROR))
		return CLI_FINDINGS;
	return status;
}

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return false;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return true;
	}
	if (argv[*i][n] == 0 && *i + 1 < argc) {
		*val = argv[++*i];
		return true;
	}
	return false;
}

bool cli_dialect_opt(struct cli_ctx *ctx, const char *name, enum dialect *d)
{
	*d = DIALECT_POSTGRESQL;
	if (name && !dialect_from_name(name, d)) {
		cli_error(ctx, "unknown dialect '%s' (postgresql or sqlite)", name);
		return false;
	}
	return true;
}

void cli_dialect_of(const struct project *p, const char *name, enum dialect *d)
{
	if (!name && p->sqlalchemy_url)
		(void)dialect_from_name(p->sqlalchemy_url, d);
}

bool cli_want_help(struct cli_ctx *ctx, const struct cli_command *cmd, const char *arg)
{
	(void)ctx;
	if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
		fputs(cmd->usage, stdout);
		return true;
	}
	return false;
}
