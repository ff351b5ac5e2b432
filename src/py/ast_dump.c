/* ast_dump.c - the syntax tree as an S-expression, for tests and debugging.
 * Fields print in a fixed order; absent children print as "-", empty lists
 * are left out. The parser bounds the tree height, so recursion is safe;
 * a depth guard keeps hand-made trees from running away all the same. */
#include <string.h>

#include "cupel/py_ast.h"
#include "cupel/strbuf.h"

#define DUMP_MAX_DEPTH 10000

static void dump(struct strbuf *out, const struct py_node *n, unsigned depth);

static void dump_quoted(struct strbuf *out, const char *s, size_t n, bool bytes)
{
	static const char hex[] = "0123456789abcdef";
	if (bytes)
		strbuf_addc(out, 'b');
	strbuf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			strbuf_addc(out, '\\');
			strbuf_addc(out, (char)c);
		} else if (c == '\n') {
			strbuf_adds(out, "\\n");
		} else if (c == '\t') {
			strbuf_adds(out, "\\t");
		} else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
			char b[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
			strbuf_add(out, b, 4);
		} else {
			strbuf_addc(out, (char)c);
		}
	}
	strbuf_addc(out, '"');
}

static void child(struct strbuf *out, const struct py_node *n, unsigned depth)
{
	strbuf_addc(out, ' ');
	if (n)
		dump(out, n, depth + 1);
	else
		strbuf_addc(out, '-');
}

static void items(struct strbuf *out, const struct py_list *l, unsigned depth)
{
	for (size_t i = 0; i < l->n; i++)
		child(out, l->items[i], depth);
}

/* " (label items...)" unless the list is empty */
static void group(struct strbuf *out, const char *label, const struct py_list *l, unsigned depth)
{
	if (!l->n)
		return;
	strbuf_addf(out, " (%s", label);
	items(out, l, depth);
	strbuf_addc(out, ')');
}

static void word(struct strbuf *out, const char *s)
{
	strbuf_addc(out, ' ');
	strbuf_adds(out, s ? s : "-");
}

static void dump_constant(struct strbuf *out, const struct py_node *n)
{
	static const char *const kinds[] = {
		"None", "True", "False", "Ellipsis", "int", "float", "imag", "str", "bytes",
	};
	enum py_const_kind k = n->u.constant.kind;
	word(out, (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? kinds[k] : "?");
	if (k == PY_CONST_STR || k == PY_CONST_BYTES) {
		strbuf_addc(out, ' ');
		dump_quoted(out, n->u.constant.value, n->u.constant.len, k == PY_CONST_BYTES);
	} else if (k >= PY_CONST_INT) {
		word(out, n->u.constant.value);
	}
}

static void dump_arg(struct strbuf *out, const struct py_node *n, unsigned depth)
{
	int s = n->u.arg.star;
	strbuf_addc(out, ' ');
	if (s == '*' || s == '/')
		strbuf_addc(out, (char)s);
	else if (s == 2)
		strbuf_adds(out, "**");
	if (n->u.arg.name)
		strbuf_adds(out, n->u.arg.name);
	if (n->u.arg.annotation) {
		strbuf_adds(out, " (annotation");
		child(out, n->u.arg.annotation, depth);
		strbuf_addc(out, ')');
	}
	if (n->u.arg.default_) {
		strbuf_adds(out, " (default");
		child(out, n->u.arg.default_, depth);
		strbuf_addc(out, ')');
	}
}

static void dump_statement(struct strbuf *out, const struct py_node *n, unsigned d)
{
	switch (n->kind) {
	case PY_MODULE: items(out, &n->u.module.body, d); break;
	case PY_EXPR_STMT: child(out, n->u.expr_stmt.value, d); break;
	case PY_ASSIGN:
		items(out, &n->u.assign.targets, d);
		child(out, n->u.assign.value, d);
		break;
	case PY_ANNASSIGN:
		child(out, n->u.annassign.target, d);
		child(out, n->u.annassign.annotation, d);
		child(out, n->u.annassign.value, d);
		break;
	case PY_AUGASSIGN:
		child(out, n->u.augassign.target, d);
		word(out, n->u.augassign.op);
		child(out, n->u.augassign.value, d);
		break;
	case PY_IMPORT: items(out, &n->u.import.names, d); break;
	case PY_IMPORT_FROM:
		strbuf_addc(out, ' ');
		for (int i = 0; i < n->u.import_from.level; i++)
			strbuf_addc(out, '.');
		strbuf_adds(out, n->u.import_from.module ? n->u.import_from.module : "");
		items(out, &n->u.import_from.names, d);
		break;
	case PY_FUNCTION_DEF:
		if (n->u.function_def.is_async)
			word(out, "async");
		word(out, n->u.function_def.name);
		group(out, "decorators", &n->u.function_def.decorators, d);
		group(out, "args", &n->u.function_def.args, d);
		if (n->u.function_def.returns) {
			strbuf_adds(out, " (returns");
			child(out, n->u.function_def.returns, d);
			strbuf_addc(out, ')');
		}
		group(out, "body", &n->u.function_def.body, d);
		break;
	case PY_CLASS_DEF:
		word(out, n->u.class_def.name);
		group(out, "decorators", &n->u.class_def.decorators, d);
		group(out, "bases", &n->u.class_def.bases, d);
		group(out, "keywords", &n->u.class_def.keywords, d);
		group(out, "body", &n->u.class_def.body, d);
		break;
	case PY_IF:
	case PY_WHILE:
		child(out, n->kind == PY_IF ? n->u.if_.test : n->u.while_.test, d);
		group(out, "body", n->kind == PY_IF ? &n->u.if_.body : &n->u.while_.body, d);
		group(out, "orelse", n->kind == PY_IF ? &n->u.if_.orelse : &n->u.while_.orelse, d);
		break;
	case PY_FOR:
		if (n->u.for_.is_async)
			word(out, "async");
		child(out, n->u.for_.target, d);
		child(out, n->u.for_.iter, d);
		group(out, "body", &n->u.for_.body, d);
		group(out, "orelse", &n->u.for_.orelse, d);
		break;
	case PY_WITH:
		if (n->u.with.is_async)
			word(out, "async");
		items(out, &n->u.with.items, d);
		group(out, "body", &n->u.with.body, d);
		break;
	case PY_TRY:
		group(out, "body", &n->u.try_.body, d);
		group(out, "handlers", &n->u.try_.handlers, d);
		group(out, "orelse", &n->u.try_.orelse, d);
		group(out, "finally", &n->u.try_.finalbody, d);
		break;
	case PY_RETURN: child(out, n->u.return_.value, d); break;
	case PY_RAISE:
		child(out, n->u.raise.exc, d);
		child(out, n->u.raise.cause, d);
		break;
	case PY_DEL: items(out, &n->u.del.targets, d); break;
	case PY_GLOBAL:
	case PY_NONLOCAL: items(out, &n->u.global.names, d); break;
	case PY_ASSERT:
		child(out, n->u.assert_.test, d);
		child(out, n->u.assert_.msg, d);
		break;
	case PY_ERROR:
		strbuf_addc(out, ' ');
		dump_quoted(out, n->u.error.message, strlen(n->u.error.message), false);
		break;
	default: break;
	}
}

static void dump_expression(struct strbuf *out, const struct py_node *n, unsigned d)
{
	switch (n->kind) {
	case PY_NAME: word(out, n->u.name.id); break;
	case PY_CONSTANT: dump_constant(out, n); break;
	case PY_JOINED_STR: items(out, &n->u.joined_str.values, d); break;
	case PY_FORMATTED_VALUE:
		child(out, n->u.formatted_value.value, d);
		if (n->u.formatted_value.conversion)
			strbuf_addf(out, " !%c", (char)n->u.formatted_value.conversion);
		if (n->u.formatted_value.format_spec)
			child(out, n->u.formatted_value.format_spec, d);
		break;
	case PY_ATTRIBUTE:
		child(out, n->u.attribute.value, d);
		word(out, n->u.attribute.attr);
		break;
	case PY_SUBSCRIPT:
		child(out, n->u.subscript.value, d);
		child(out, n->u.subscript.slice, d);
		break;
	case PY_SLICE:
		child(out, n->u.slice.lower, d);
		child(out, n->u.slice.upper, d);
		child(out, n->u.slice.step, d);
		break;
	case PY_CALL:
		child(out, n->u.call.func, d);
		items(out, &n->u.call.args, d);
		items(out, &n->u.call.keywords, d);
		break;
	case PY_KEYWORD:
		word(out, n->u.keyword.arg ? n->u.keyword.arg : "**");
		child(out, n->u.keyword.value, d);
		break;
	case PY_STARRED:
	case PY_AWAIT:
	case PY_YIELD:
	case PY_YIELD_FROM:
		child(out, n->kind == PY_STARRED ? n->u.starred.value : n->u.await_.value, d);
		break;
	case PY_TUPLE:
	case PY_LIST:
	case PY_SET: items(out, &n->u.seq.elts, d); break;
	case PY_DICT:
		for (size_t i = 0; i < n->u.dict.keys.n; i++) {
			if (n->u.dict.keys.items[i])
				child(out, n->u.dict.keys.items[i], d);
			else
				word(out, "**");
			child(out, n->u.dict.values.items[i], d);
		}
		break;
	case PY_LIST_COMP:
	case PY_SET_COMP:
	case PY_GENERATOR_EXP:
	case PY_DICT_COMP:
		if (n->kind == PY_DICT_COMP) {
			child(out, n->u.comp.key, d);
			child(out, n->u.comp.value, d);
		} else {
			child(out, n->u.comp.elt, d);
		}
		items(out, &n->u.comp.generators, d);
		break;
	case PY_COMPREHENSION:
		if (n->u.comprehension.is_async)
			word(out, "async");
		child(out, n->u.comprehension.target, d);
		child(out, n->u.comprehension.iter, d);
		group(out, "if", &n->u.comprehension.ifs, d);
		break;
	case PY_LAMBDA:
		group(out, "args", &n->u.lambda.args, d);
		child(out, n->u.lambda.body, d);
		break;
	case PY_IF_EXP:
		child(out, n->u.if_exp.test, d);
		child(out, n->u.if_exp.body, d);
		child(out, n->u.if_exp.orelse, d);
		break;
	case PY_BOOL_OP:
		word(out, n->u.bool_op.op);
		items(out, &n->u.bool_op.values, d);
		break;
	case PY_COMPARE:
		child(out, n->u.compare.left, d);
		for (size_t i = 0; i < n->u.compare.comparators.n; i++) {
			word(out, n->u.compare.ops[i]);
			child(out, n->u.compare.comparators.items[i], d);
		}
		break;
	case PY_BIN_OP:
		word(out, n->u.bin_op.op);
		child(out, n->u.bin_op.left, d);
		child(out, n->u.bin_op.right, d);
		break;
	case PY_UNARY_OP:
		word(out, n->u.unary_op.op);
		child(out, n->u.unary_op.operand, d);
		break;
	case PY_NAMED_EXPR:
		child(out, n->u.named_expr.target, d);
		child(out, n->u.named_expr.value, d);
		break;
	case PY_ARG: dump_arg(out, n, d); break;
	case PY_ALIAS:
		word(out, n->u.alias.name);
		if (n->u.alias.asname) {
			word(out, "as");
			word(out, n->u.alias.asname);
		}
		break;
	case PY_WITH_ITEM:
		child(out, n->u.with_item.context_expr, d);
		if (n->u.with_item.optional_vars) {
			word(out, "as");
			child(out, n->u.with_item.optional_vars, d);
		}
		break;
	case PY_EXCEPT_HANDLER:
		child(out, n->u.except_handler.type, d);
		if (n->u.except_handler.name) {
			word(out, "as");
			word(out, n->u.except_handler.name);
		}
		group(out, "body", &n->u.except_handler.body, d);
		break;
	default: dump_statement(out, n, d); break;
	}
}

static void dump(struct strbuf *out, const struct py_node *n, unsigned depth)
{
	if (depth > DUMP_MAX_DEPTH) {
		strbuf_adds(out, "...");
		return;
	}
	strbuf_addf(out, "(%s@%u:%u", py_kind_name(n->kind), n->line, n->col);
	dump_expression(out, n, depth);
	strbuf_addc(out, ')');
}

void py_ast_dump(struct strbuf *out, const struct py_node *n)
{
	if (n)
		dump(out, n, 0);
	else
		strbuf_addc(out, '-');
}
