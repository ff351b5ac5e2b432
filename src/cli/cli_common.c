/* cli_common.c - loading, diagnostics and output for every command. */
#include <stdarg.h>
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
static const char *cli_diag_source(const struct project *p, const char *file, size_t *len)
{
	if (!file)
		return NULL;
	for (size_t i = 0; i < p->n_scripts; i++) {
		if (p->scripts[i]->path == file || strcmp(p->scripts[i]->path, file) == 0) {
			*len = p->scripts[i]->src_len;
			return p->scripts[i]->src;
		}
	}
	return NULL;
}

/* Print the line `line` of src and a caret under column `col`. */
static void cli_show_line(struct cli_ctx *ctx, const char *src, size_t len, unsigned line, unsigned col)
{
	size_t i = 0;
	for (unsigned l = 1; l < line && i < len; i++)
		if (src[i] == '\n')
			l++;
	if (i >= len && line > 1)
		return;
	size_t e = i;
	while (e < len && e - i < 400 && src[e] != '\n' && src[e] != '\r')
		e++;
	struct strbuf sb = STRBUF_INIT;
	text_escape_controls(&sb, src + i, e - i, false);
	fprintf(ctx->err, " %5u | %s\n       | ", line, strbuf_str(&sb));
	/* the caret goes under the code point: count code points up to col */
	unsigned cp = 1;
	for (size_t k = i; k < e && cp < col; cp++) {
		unsigned c;
		size_t n = text_utf8_len((const unsigned char *)src + k, e - k, &c);
		fputc(src[k] == '\t' ? '\t' : ' ', ctx->err);
		k += n ? n : 1;
	}
	fputs("^\n", ctx->err);
	strbuf_release(&sb);
}

size_t cli_print_diags(struct cli_ctx *ctx, const struct project *p)
{
	size_t errors = 0;
	for (size_t i = 0; i < p->diags.n; i++) {
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
	struct project_opts opts = { ctx->project ? ctx->project : ctx->config, ctx->name };
	struct project *p = project_load(&opts);
	cli_print_diags(ctx, p);
	if (!p->loaded) {
		project_free(p);
		return NULL;
	}
	return p;
}

int cli_status(const struct project *p, int status)
{
	if (status == CLI_OK && diag_count(&p->diags, DIAG_ERROR))
		return CLI_FINDINGS;
	return status;
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
