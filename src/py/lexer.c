/* lexer.c - Python 3 tokenizer. One pass over the bytes, no recursion, no
 * heap: the indentation and bracket stacks live in the arena. Token kinds
 * and NL/NEWLINE placement follow Python's tokenize module. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cupel/py_token.h"
#include "py_internal.h"

/* Garbage input must not flood the diagnostics list. */
#define LEX_MAX_DIAGS 50
#define TABSIZE 8

struct bracket {
	char ch;
	unsigned line, col;
};

struct py_lexer {
	struct arena *arena;
	struct diag_list *diags;
	const char *file;
	const unsigned char *src;
	size_t len, pos;
	unsigned line, col;     /* of src[pos] */
	bool fragment;          /* f-string field: newlines are blanks */
	bool at_bol;            /* next call starts a physical line */
	bool need_indent;       /* indentation measured but not yet acted on */
	bool line_has_tokens;   /* the logical line so far is not blank */
	bool done;              /* ENDMARKER reached */
	unsigned ind_col, ind_alt; /* measured indentation of this line */
	size_t ind_start;       /* where the indentation began */
	unsigned *indents, *alts;  /* indentation stack, [0] is 0 */
	size_t n_indents, cap_indents;
	size_t pending_dedents;
	struct bracket *brackets;
	size_t n_br, cap_br;
	unsigned n_diags;
};

const char *py_tok_kind_name(enum py_tok_kind kind)
{
	switch (kind) {
#define X(k) case PY_TOK_##k: return #k;
		PY_TOKEN_KINDS(X)
#undef X
	}
	return "?";
}

size_t py_utf8_seq_len(const unsigned char *s, size_t n)
{
	if (n == 0 || s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	/* overlong three/four-byte forms, surrogates, > U+10FFFF */
	if (s[0] == 0xE0 && s[1] < 0xA0)
		return 0;
	if (s[0] == 0xED && s[1] >= 0xA0)
		return 0;
	if (s[0] == 0xF0 && s[1] < 0x90)
		return 0;
	if (s[0] == 0xF4 && s[1] >= 0x90)
		return 0;
	return need;
}

__attribute__((format(printf, 5, 6)))
static void lex_diag(struct py_lexer *lx, unsigned line, unsigned col, unsigned len,
		     const char *fmt, ...)
{
	if (!lx->diags)
		return;
	if (lx->n_diags++ >= LEX_MAX_DIAGS) {
		if (lx->n_diags == LEX_MAX_DIAGS + 1) {
			struct span sp = { lx->file, line, col, 0 };
			diag_push(lx->diags, DIAG_ERROR, "py-lex", sp,
				  "too many lexical errors, further ones not reported");
		}
		return;
	}
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct span sp = { lx->file, line, col, len };
	diag_push(lx->diags, DIAG_ERROR, "py-lex", sp, "%s", msg);
}

static struct py_lexer *lexer_alloc(struct arena *arena, struct diag_list *diags,
				    const char *file, const char *src, size_t len)
{
	struct py_lexer *lx = arena_alloc(arena, sizeof(*lx));
	lx->arena = arena;
	lx->diags = diags;
	lx->file = file;
	lx->src = (const unsigned char *)(src ? src : "");
	lx->len = src ? len : 0;
	lx->line = 1;
	lx->col = 1;
	lx->cap_indents = 16;
	lx->indents = arena_alloc(arena, lx->cap_indents * sizeof(unsigned));
	lx->alts = arena_alloc(arena, lx->cap_indents * sizeof(unsigned));
	lx->n_indents = 1;
	return lx;
}

struct py_lexer *py_lexer_new(struct arena *arena, struct diag_list *diags,
			      const char *file, const char *src, size_t len)
{
	struct py_lexer *lx = lexer_alloc(arena, diags, file, src, len);
	if (lx->len >= 3 && lx->src[0] == 0xEF && lx->src[1] == 0xBB && lx->src[2] == 0xBF)
		lx->pos = 3;
	lx->at_bol = true;
	return lx;
}

struct py_lexer *py_lexer_new_fragment(struct arena *arena, struct diag_list *diags,
				       const char *file, const char *src, size_t len,
				       unsigned line, unsigned col)
{
	struct py_lexer *lx = lexer_alloc(arena, diags, file, src, len);
	lx->fragment = true;
	lx->line = line;
	lx->col = col;
	return lx;
}

static int peekc(const struct py_lexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? lx->src[lx->pos + ahead] : -1;
}

/* Step over one byte keeping line/col: CRLF and lone CR end a line like LF;
 * UTF-8 continuation bytes do not move the column. */
static inline void adv(struct py_lexer *lx)
{
	unsigned char c = lx->src[lx->pos++];
	if (c == '\n' || (c == '\r' && peekc(lx, 0) != '\n')) {
		lx->line++;
		lx->col = 1;
	} else if ((c & 0xC0) != 0x80 && c != '\r') {
		lx->col++;
	}
}

static void adv_n(struct py_lexer *lx, size_t n)
{
	while (n-- && lx->pos < lx->len)
		adv(lx);
}

static bool is_id_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_newline(int c)
{
	return c == '\n' || c == '\r';
}

static struct py_token tok_begin(const struct py_lexer *lx)
{
	struct py_token t;
	memset(&t, 0, sizeof(t));
	t.text = (const char *)lx->src + lx->pos;
	t.off = lx->pos;
	t.line = lx->line;
	t.col = lx->col;
	return t;
}

static struct py_token tok_end(const struct py_lexer *lx, struct py_token t, enum py_tok_kind k)
{
	t.kind = k;
	t.len = lx->pos - t.off;
	t.end_line = lx->line;
	t.end_col = lx->col;
	return t;
}

static struct py_token tok_empty(const struct py_lexer *lx, enum py_tok_kind k)
{
	return tok_end(lx, tok_begin(lx), k);
}

static void push_indent(struct py_lexer *lx, unsigned col, unsigned alt)
{
	if (lx->n_indents == lx->cap_indents) {
		size_t cap = lx->cap_indents * 2;
		lx->indents = arena_grow(lx->arena, lx->indents, lx->n_indents, cap, sizeof(unsigned));
		lx->alts = arena_grow(lx->arena, lx->alts, lx->n_indents, cap, sizeof(unsigned));
		lx->cap_indents = cap;
	}
	lx->indents[lx->n_indents] = col;
	lx->alts[lx->n_indents] = alt;
	lx->n_indents++;
}

static void push_bracket(struct py_lexer *lx, char ch, unsigned line, unsigned col)
{
	if (lx->n_br == lx->cap_br) {
		size_t cap = lx->cap_br ? lx->cap_br * 2 : 16;
		lx->brackets = arena_grow(lx->arena, lx->brackets, lx->n_br, cap, sizeof(*lx->brackets));
		lx->cap_br = cap;
	}
	lx->brackets[lx->n_br++] = (struct bracket){ ch, line, col };
}

/* Measure the indentation of a new physical line the way CPython does:
 * tabs to the next multiple of 8 (and, to detect mixing, of 1). */
static void measure_indent(struct py_lexer *lx)
{
	unsigned col = 0, alt = 0;
	lx->ind_start = lx->pos;
	for (;;) {
		int c = peekc(lx, 0);
		if (c == ' ') {
			col++;
			alt++;
		} else if (c == '\t') {
			col = (col / TABSIZE + 1) * TABSIZE;
			alt++;
		} else if (c == '\f') {
			col = alt = 0;
		} else {
			break;
		}
		adv(lx);
	}
	lx->ind_col = col;
	lx->ind_alt = alt;
}

static bool blank_line_ahead(const struct py_lexer *lx)
{
	int c = peekc(lx, 0);
	return c < 0 || c == '#' || is_newline(c);
}

/* Compare the measured indentation with the stack; returns true and sets *t
 * when an INDENT or DEDENT is due. */
static bool process_indent(struct py_lexer *lx, struct py_token *t)
{
	unsigned col = lx->ind_col, alt = lx->ind_alt;
	size_t top = lx->n_indents - 1;
	if (col == lx->indents[top]) {
		if (alt != lx->alts[top])
			lex_diag(lx, lx->line, 1, 0, "inconsistent use of tabs and spaces in indentation");
		return false;
	}
	if (col > lx->indents[top]) {
		if (alt <= lx->alts[top])
			lex_diag(lx, lx->line, 1, 0, "inconsistent use of tabs and spaces in indentation");
		push_indent(lx, col, alt);
		*t = tok_begin(lx);
		t->kind = PY_TOK_INDENT;
		t->text = (const char *)lx->src + lx->ind_start;
		t->off = lx->ind_start;
		t->len = lx->pos - lx->ind_start;
		t->col = 1;
		t->end_line = lx->line;
		t->end_col = lx->col;
		return true;
	}
	size_t n = 0;
	while (lx->n_indents > 1 && col < lx->indents[lx->n_indents - 1]) {
		lx->n_indents--;
		n++;
	}
	top = lx->n_indents - 1;
	if (col != lx->indents[top])
		/* recovery: the line counts as being at the enclosing level */
		lex_diag(lx, lx->line, 1, 0, "unindent does not match any outer indentation level");
	else if (alt != lx->alts[top])
		lex_diag(lx, lx->line, 1, 0, "inconsistent use of tabs and spaces in indentation");
	lx->pending_dedents = n - 1;
	*t = tok_empty(lx, PY_TOK_DEDENT);
	return true;
}

/* Keywords that can only begin a statement: seeing one first on a line
 * inside brackets means a bracket was left open, so we close it there
 * instead of swallowing the rest of the file (valid code never does it). */
static bool stmt_keyword_ahead(const struct py_lexer *lx)
{
	static const char *const kw[] = {
		"def", "class", "import", "return", "pass", "raise", "del", "global",
		"nonlocal", "assert", "while", "try", "with", "break", "continue",
		"except", "finally", "elif",
	};
	size_t n = 0;
	while (lx->pos + n < lx->len && n < 9) {
		int c = lx->src[lx->pos + n];
		if (!(c >= 'a' && c <= 'z'))
			break;
		n++;
	}
	if (n < 3 || n > 8)
		return false;
	if (lx->pos + n < lx->len) {
		int c = lx->src[lx->pos + n];
		if (is_id_start(c) || is_digit(c))
			return false;
	}
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strlen(kw[i]) == n && memcmp(kw[i], lx->src + lx->pos, n) == 0)
			return true;
	return false;
}

static void report_unclosed(struct py_lexer *lx)
{
	struct bracket *b = &lx->brackets[lx->n_br - 1];
	lex_diag(lx, b->line, b->col, 1, "'%c' was never closed", b->ch);
	lx->n_br = 0;
}

static struct py_token at_eof(struct py_lexer *lx)
{
	if (lx->n_br)
		report_unclosed(lx);
	if (lx->line_has_tokens && !lx->fragment) {
		lx->line_has_tokens = false;
		return tok_empty(lx, PY_TOK_NEWLINE);
	}
	if (lx->n_indents > 1) {
		lx->pending_dedents = lx->n_indents - 2;
		lx->n_indents = 1;
		return tok_empty(lx, PY_TOK_DEDENT);
	}
	lx->done = true;
	return tok_empty(lx, PY_TOK_ENDMARKER);
}

static struct py_token scan_comment(struct py_lexer *lx)
{
	struct py_token t = tok_begin(lx);
	bool bad = false;
	while (lx->pos < lx->len && !is_newline(lx->src[lx->pos])) {
		if (lx->src[lx->pos] >= 0x80) {
			size_t n = py_utf8_seq_len(lx->src + lx->pos, lx->len - lx->pos);
			if (n == 0 && !bad) {
				bad = true;
				lex_diag(lx, lx->line, lx->col, 1, "invalid utf-8 sequence in comment");
			}
			adv_n(lx, n ? n : 1);
		} else {
			adv(lx);
		}
	}
	return tok_end(lx, t, PY_TOK_COMMENT);
}

static struct py_token scan_newline(struct py_lexer *lx)
{
	struct py_token t = tok_begin(lx);
	enum py_tok_kind k = (lx->n_br || !lx->line_has_tokens) ? PY_TOK_NL : PY_TOK_NEWLINE;
	if (lx->src[lx->pos] == '\r' && peekc(lx, 1) == '\n')
		adv(lx);
	adv(lx);
	t = tok_end(lx, t, k);
	/* the token ends where the line did, not at the start of the next */
	t.end_line = t.line;
	t.end_col = t.col + 1;
	lx->at_bol = true;
	if (k == PY_TOK_NEWLINE)
		lx->line_has_tokens = false;
	return t;
}

/* The prefix letters of a string literal, or -1 when name is no prefix. */
static int string_prefix_flags(const unsigned char *s, size_t n)
{
	unsigned f = 0;
	if (n == 0 || n > 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned bit;
		switch (s[i] | 0x20) {
		case 'r': bit = PY_STR_RAW; break;
		case 'b': bit = PY_STR_BYTES; break;
		case 'f': bit = PY_STR_FMT; break;
		case 'u': bit = PY_STR_UNICODE; break;
		default: return -1;
		}
		if (f & bit)
			return -1;
		f |= bit;
	}
	if ((f & PY_STR_UNICODE) && n > 1)
		return -1;
	if ((f & PY_STR_BYTES) && (f & PY_STR_FMT))
		return -1;
	return (int)f;
}

/* A string literal from its opening quote; t already holds the prefix. */
static struct py_token scan_string(struct py_lexer *lx, struct py_token t, unsigned flags)
{
	int q = lx->src[lx->pos];
	bool triple = peekc(lx, 1) == q && peekc(lx, 2) == q;
	bool bad_utf8 = false;
	adv_n(lx, triple ? 3 : 1);
	if (triple)
		flags |= PY_STR_TRIPLE;
	t.flags = flags;
	for (;;) {
		if (lx->pos >= lx->len) {
			lex_diag(lx, t.line, t.col, 1, "unterminated %s%sstring literal (detected at line %u)",
				 triple ? "triple-quoted " : "", (flags & PY_STR_FMT) ? "f-" : "",
				 lx->line);
			return tok_end(lx, t, PY_TOK_ERRORTOKEN);
		}
		int c = lx->src[lx->pos];
		if (c == '\\') {
			adv(lx);
			if (lx->pos < lx->len) {
				if (lx->src[lx->pos] == '\r' && peekc(lx, 1) == '\n')
					adv(lx);
				if (lx->src[lx->pos] < 0x80)
					adv(lx);
			}
		} else if (c == q) {
			if (!triple) {
				adv(lx);
				break;
			}
			if (peekc(lx, 1) == q && peekc(lx, 2) == q) {
				adv_n(lx, 3);
				break;
			}
			adv(lx);
		} else if (is_newline(c) && !triple) {
			lex_diag(lx, t.line, t.col, 1, "unterminated %sstring literal (detected at line %u)",
				 (flags & PY_STR_FMT) ? "f-" : "", lx->line);
			return tok_end(lx, t, PY_TOK_ERRORTOKEN);
		} else if (c >= 0x80) {
			size_t n = py_utf8_seq_len(lx->src + lx->pos, lx->len - lx->pos);
			if (n == 0 && !bad_utf8) {
				bad_utf8 = true;
				lex_diag(lx, lx->line, lx->col, 1, "invalid utf-8 sequence in string literal");
			}
			adv_n(lx, n ? n : 1);
		} else {
			/* a run of plain ASCII stays on this line: one step */
			size_t i = lx->pos;
			while (i < lx->len) {
				unsigned char ch = lx->src[i];
				if (ch == q || ch == '\\' || ch == '\n' || ch == '\r' || ch >= 0x80)
					break;
				i++;
			}
			if (i == lx->pos) {
				adv(lx); /* a line end inside a triple-quoted string */
			} else {
				lx->col += (unsigned)(i - lx->pos);
				lx->pos = i;
			}
		}
	}
	return tok_end(lx, t, bad_utf8 ? PY_TOK_ERRORTOKEN : PY_TOK_STRING);
}

/* A name, or a string literal when the name is a prefix and a quote follows. */
static struct py_token scan_name(struct py_lexer *lx)
{
	struct py_token t = tok_begin(lx);
	for (;;) {
		/* ASCII name characters never end a line: step over them at once */
		size_t i = lx->pos;
		while (i < lx->len && lx->src[i] < 0x80 && (is_id_start(lx->src[i]) || is_digit(lx->src[i])))
			i++;
		lx->col += (unsigned)(i - lx->pos);
		lx->pos = i;
		int c = peekc(lx, 0);
		if (c < 0x80)
			break;
		size_t n = py_utf8_seq_len(lx->src + lx->pos, lx->len - lx->pos);
		if (n == 0)
			break; /* the bad byte becomes its own error token */
		adv_n(lx, n);
	}
	int c = peekc(lx, 0);
	if (c == '\'' || c == '"') {
		int f = string_prefix_flags(lx->src + t.off, lx->pos - t.off);
		if (f >= 0)
			return scan_string(lx, t, (unsigned)f);
	}
	return tok_end(lx, t, PY_TOK_NAME);
}

static bool is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Digits with single underscores between them (hex digits when hex). */
static void scan_digits(struct py_lexer *lx, bool hex)
{
	for (;;) {
		int c = peekc(lx, 0);
		if (c == '_')
			c = peekc(lx, 1);
		if (!(hex ? is_hex(c) : is_digit(c)))
			return;
		if (peekc(lx, 0) == '_')
			adv(lx);
		adv(lx);
	}
}

static struct py_token scan_number(struct py_lexer *lx)
{
	struct py_token t = tok_begin(lx);
	int base = peekc(lx, 1) | 0x20;
	if (peekc(lx, 0) == '0' && (base == 'x' || base == 'o' || base == 'b')) {
		adv_n(lx, 2);
		scan_digits(lx, base == 'x');
		return tok_end(lx, t, PY_TOK_NUMBER);
	}
	scan_digits(lx, false);
	if (peekc(lx, 0) == '.') {
		adv(lx);
		scan_digits(lx, false);
	}
	if ((peekc(lx, 0) | 0x20) == 'e') {
		int s = peekc(lx, 1);
		bool sign = s == '+' || s == '-';
		if (is_digit(sign ? peekc(lx, 2) : s)) {
			adv_n(lx, sign ? 2 : 1);
			scan_digits(lx, false);
		}
	}
	if ((peekc(lx, 0) | 0x20) == 'j')
		adv(lx);
	return tok_end(lx, t, PY_TOK_NUMBER);
}

/* The length of the operator at the cursor, 0 if none: longest match, by
 * a switch on the first byte (this runs for every operator token). */
static size_t match_op(const struct py_lexer *lx)
{
	const unsigned char *s = lx->src + lx->pos;
	size_t left = lx->len - lx->pos;
	int c = s[0], c1 = left >= 2 ? s[1] : 0, c2 = left >= 3 ? s[2] : 0;
	switch (c) {
	case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';': case '~':
		return 1;
	case '.':
		return c1 == '.' && c2 == '.' ? 3 : 1;
	case ':': case '=':
		return c1 == '=' ? 2 : 1;
	case '!':
		return c1 == '=' ? 2 : 0;
	case '-':
		return c1 == '>' || c1 == '=' ? 2 : 1;
	case '*': case '/': case '<': case '>':
		if (c1 == c)
			return c2 == '=' ? 3 : 2;
		return c1 == '=' ? 2 : 1;
	case '+': case '%': case '&': case '|': case '^': case '@':
		return c1 == '=' ? 2 : 1;
	default:
		return 0;
	}
}

static const char *closer_of(char open)
{
	return open == '(' ? ")" : open == '[' ? "]" : "}";
}

static void track_bracket(struct py_lexer *lx, const struct py_token *t)
{
	char c = t->text[0];
	if (c == '(' || c == '[' || c == '{') {
		push_bracket(lx, c, t->line, t->col);
	} else if (c == ')' || c == ']' || c == '}') {
		if (lx->n_br == 0) {
			lex_diag(lx, t->line, t->col, 1, "unmatched '%c'", c);
			return;
		}
		char open = lx->brackets[lx->n_br - 1].ch;
		if (closer_of(open)[0] != c)
			lex_diag(lx, t->line, t->col, 1,
				 "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
		lx->n_br--;
	}
}

/* Bytes that can start no token; a run of them is one error token. */
static size_t bad_len(const struct py_lexer *lx)
{
	int c = peekc(lx, 0);
	if (c < 0)
		return 0;
	if (c >= 0x80)
		return py_utf8_seq_len(lx->src + lx->pos, lx->len - lx->pos) ? 0 : 1;
	if (c == '!')
		return peekc(lx, 1) == '=' ? 0 : 1;
	if (c == '\\')
		return is_newline(peekc(lx, 1)) ? 0 : 1;
	if (c == '$' || c == '?' || c == '`' || c == 0x7f)
		return 1;
	if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
		return 1;
	return 0;
}

static struct py_token scan_error(struct py_lexer *lx)
{
	struct py_token t = tok_begin(lx);
	int c = lx->src[lx->pos];
	if (c >= 0x80)
		lex_diag(lx, t.line, t.col, 1, "invalid utf-8 sequence");
	else if (c == '\\')
		lex_diag(lx, t.line, t.col, 1, "unexpected character after line continuation character");
	else if (c < 0x20 || c == 0x7f)
		lex_diag(lx, t.line, t.col, 1, "invalid non-printable character U+%04X", (unsigned)c);
	else
		lex_diag(lx, t.line, t.col, 1, "invalid character '%c' (U+%04X)", c, (unsigned)c);
	do
		adv(lx);
	while (bad_len(lx));
	return tok_end(lx, t, PY_TOK_ERRORTOKEN);
}

static void skip_blanks(struct py_lexer *lx)
{
	while (lx->pos < lx->len) {
		int c = lx->src[lx->pos];
		if (c == ' ' || c == '\t' || c == '\f' || (lx->fragment && is_newline(c)))
			adv(lx);
		else
			return;
	}
}

/* Start of a physical line: indentation, or an unclosed-bracket rescue. */
static bool begin_line(struct py_lexer *lx, struct py_token *t)
{
	lx->at_bol = false;
	measure_indent(lx);
	if (lx->n_br == 0)
		return !blank_line_ahead(lx) && process_indent(lx, t);
	if (!stmt_keyword_ahead(lx))
		return false;
	report_unclosed(lx);
	if (lx->line_has_tokens) {
		lx->line_has_tokens = false;
		lx->need_indent = true;
		*t = tok_empty(lx, PY_TOK_NEWLINE);
		return true;
	}
	return process_indent(lx, t);
}

/* One token; false when the input only held blanks/continuations here. */
static bool scan_token(struct py_lexer *lx, struct py_token *t)
{
	int c = lx->src[lx->pos];
	if (c == '\\' && is_newline(peekc(lx, 1))) {
		adv(lx);
		if (lx->src[lx->pos] == '\r' && peekc(lx, 1) == '\n')
			adv(lx);
		adv(lx);
		return false;
	}
	if (c == '#') {
		*t = scan_comment(lx);
		return true;
	}
	if (is_newline(c)) {
		*t = scan_newline(lx);
		return true;
	}
	lx->line_has_tokens = true;
	if (is_id_start(c) && (c < 0x80 || py_utf8_seq_len(lx->src + lx->pos, lx->len - lx->pos))) {
		*t = scan_name(lx);
	} else if (is_digit(c) || (c == '.' && is_digit(peekc(lx, 1)))) {
		*t = scan_number(lx);
	} else if (c == '\'' || c == '"') {
		*t = scan_string(lx, tok_begin(lx), 0);
	} else {
		size_t n = match_op(lx);
		if (n == 0) {
			*t = scan_error(lx);
			return true;
		}
		struct py_token op = tok_begin(lx);
		adv_n(lx, n);
		*t = tok_end(lx, op, PY_TOK_OP);
		if (n == 1)
			track_bracket(lx, t);
	}
	return true;
}

struct py_token py_lexer_next(struct py_lexer *lx)
{
	struct py_token t;
	if (lx->pending_dedents) {
		lx->pending_dedents--;
		return tok_empty(lx, PY_TOK_DEDENT);
	}
	if (lx->done)
		return tok_empty(lx, PY_TOK_ENDMARKER);
	if (lx->need_indent) {
		lx->need_indent = false;
		if (process_indent(lx, &t))
			return t;
	}
	for (;;) {
		if (lx->at_bol && !lx->fragment && begin_line(lx, &t))
			return t;
		skip_blanks(lx);
		if (lx->pos >= lx->len)
			return at_eof(lx);
		if (scan_token(lx, &t))
			return t;
	}
}
