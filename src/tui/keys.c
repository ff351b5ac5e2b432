/* keys.c - key names, the action table and the bindings (defaults from
 * actions.def, changed by `bind KEY ACTION` in the configuration). */
#include <curses.h>
#include <string.h>

#include "tui_internal.h"

static const struct {
	const char *name, *keys, *help;
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", "", "" },
#define ACTION(e, name, keys, help) [ACT_##e] = { name, keys, help },
#include "actions.def"
#undef ACTION
};

#define MAX_KEY 1024
static enum action bindings[MAX_KEY];

static const struct {
	const char *name;
	int key;
} named[] = {
	{ "Down", KEY_DOWN }, { "Up", KEY_UP }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgDn", KEY_NPAGE }, { "PgUp", KEY_PPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Enter", '\n' }, { "Tab", '\t' }, { "Esc", 27 }, { "Space", ' ' }, { "Backspace", KEY_BACKSPACE },
	{ "F1", KEY_F(1) }, { "Del", KEY_DC },
};

int keys_parse(const char *s, size_t len)
{
	if (len == 1)
		return (unsigned char)s[0];
	if (len < 3 || s[0] != '<' || s[len - 1] != '>')
		return -1;
	const char *in = s + 1;
	size_t n = len - 2;
	if (n == 3 && (in[0] == 'C' || in[0] == 'c') && in[1] == '-')
		return (in[2] | 0x20) - 'a' + 1;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strlen(named[i].name) == n && strncmp(named[i].name, in, n) == 0)
			return named[i].key;
	return -1;
}

static void bind_key(int key, enum action a)
{
	if (key >= 0 && key < MAX_KEY)
		bindings[key] = a;
}

void keys_init(void)
{
	memset(bindings, 0, sizeof(bindings));
	for (int a = 1; a < ACT_COUNT; a++) {
		const char *k = actions[a].keys;
		while (*k) {
			size_t n = strcspn(k, " ");
			bind_key(keys_parse(k, n), (enum action)a);
			k += n + (k[n] == ' ');
		}
	}
	/* the keypad's Enter and the carriage return open as well */
	bind_key(KEY_ENTER, ACT_ENTER);
	bind_key('\r', ACT_ENTER);
}

enum action keys_lookup(int key)
{
	return key >= 0 && key < MAX_KEY ? bindings[key] : ACT_NONE;
}

bool keys_bind(const char *keyname, const char *action, struct strbuf *err)
{
	int key = keys_parse(keyname, strlen(keyname));
	if (key < 0 || key >= MAX_KEY) {
		strbuf_addf(err, "unknown key '%s' (a character, <Down>, <C-x> ...)", keyname);
		return false;
	}
	for (int a = 0; a < ACT_COUNT; a++)
		if (!strcmp(actions[a].name, action)) {
			bind_key(key, (enum action)a);
			return true;
		}
	strbuf_addf(err, "unknown action '%s' (see the help, ?)", action);
	return false;
}

const char *action_name(enum action a)
{
	return actions[a].name;
}

const char *action_help(enum action a)
{
	return actions[a].help;
}

static void key_label(struct strbuf *out, int key)
{
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].key == key) {
			strbuf_adds(out, named[i].name);
			return;
		}
	if (key == KEY_ENTER || key == '\r')
		strbuf_adds(out, "Enter");
	else if (key > 0 && key < 27)
		strbuf_addf(out, "Ctrl-%c", 'a' + key - 1);
	else if (key < 128)
		strbuf_addc(out, (char)key);
	else
		strbuf_addf(out, "key %d", key);
}

void keys_describe(enum action a, struct strbuf *out)
{
	bool first = true;
	for (int k = 0; k < MAX_KEY; k++) {
		if (bindings[k] != a || k == KEY_ENTER || k == '\r')
			continue;
		if (!first)
			strbuf_adds(out, ", ");
		key_label(out, k);
		first = false;
	}
}
