/* test_pystr.c - Python's str functions and float repr (src/ops/pystr.c),
 * against values Python itself printed (pystr_cases.h). */
#include <stdlib.h>
#include <string.h>

#include "../lib/tap.h"
#include "cupel/pystr.h"
#include "pystr_cases.h"

static struct pyv *str(struct arena *a, const char *s)
{
	struct pyv *v = arena_alloc(a, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->kind = PYV_STR;
	v->s = s;
	v->len = strlen(s);
	return v;
}

/* callee(args...) or self.callee(args...) */
static const struct pyv *call(struct arena *a, const char *callee, const struct pyv *self, size_t n,
			      const struct pyv **args)
{
	struct pyv *v = arena_alloc(a, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->kind = PYV_CALL;
	v->callee = callee;
	v->self = self;
	v->items = args;
	v->n = n;
	return pystr_call(a, v);
}

int main(void)
{
	struct arena a;
	arena_init(&a);
	char buf[32];
	for (size_t i = 0; i < sizeof(float_cases) / sizeof(float_cases[0]); i++) {
		pystr_float_repr(buf, strtod(float_cases[i][0], NULL));
		tap_is_str(buf, float_cases[i][1], float_cases[i][0]);
	}
	for (size_t i = 0; i < sizeof(dedent_cases) / sizeof(dedent_cases[0]); i++) {
		const struct pyv *arg = str(&a, dedent_cases[i][0]);
		const struct pyv *r = call(&a, "textwrap.dedent", NULL, 1, &arg);
		tap_ok(r && r->kind == PYV_STR, "dedent case %zu is a string", i);
		if (r)
			tap_is_str(r->s, dedent_cases[i][1], "dedent");
	}
	/* " \t a b \n".strip() == "a b"; "xxayy".lstrip("x") == "ayy" */
	const struct pyv *r = call(&a, ".strip", str(&a, " \t a b \n"), 0, NULL);
	tap_is_str(r ? r->s : "(null)", "a b", "strip()");
	const struct pyv *x = str(&a, "x");
	r = call(&a, ".lstrip", str(&a, "xxayy"), 1, &x);
	tap_is_str(r ? r->s : "(null)", "ayy", "lstrip('x')");
	const struct pyv *y = str(&a, "y");
	r = call(&a, ".rstrip", str(&a, "xxayy"), 1, &y);
	tap_is_str(r ? r->s : "(null)", "xxa", "rstrip('y')");
	/* "a$b$".replace("$", "%%") == "a%%b%%"; "ab".replace("", "-") == "-a-b-" */
	const struct pyv *rep[2] = { str(&a, "$"), str(&a, "%%") };
	r = call(&a, ".replace", str(&a, "a$b$"), 2, rep);
	tap_is_str(r ? r->s : "(null)", "a%%b%%", "replace('$', '%%')");
	const struct pyv *rep2[2] = { str(&a, ""), str(&a, "-") };
	r = call(&a, ".replace", str(&a, "ab"), 2, rep2);
	tap_is_str(r ? r->s : "(null)", "-a-b-", "replace('', '-')");
	/* not ours: another method, a non-string argument */
	tap_ok(call(&a, ".upper", str(&a, "a"), 0, NULL) == NULL, "upper() is left alone");
	struct pyv *num = arena_alloc(&a, sizeof(*num));
	memset(num, 0, sizeof(*num));
	num->kind = PYV_INT;
	num->s = "1";
	const struct pyv *numarg = num;
	tap_ok(call(&a, ".strip", str(&a, "a"), 1, &numarg) == NULL, "strip(1) is left alone");
	arena_free(&a);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
