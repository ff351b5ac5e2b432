#!/usr/bin/python3
"""Squawk side by side: for every statement Squawk flags with a rule that
has a cupel counterpart (the mapping table of doc/rules/README.md), cupel
lint --sql must flag the same statement with that counterpart, unless the
miss is one of the differences README.md documents (each has an id there,
and a check here that decides whether a miss is that difference).

    squawk_compare.py README.md FILE.sql SQUAWK.json CUPEL.json [--markers]

--markers (the fixtures of tests/lint/sql/): also check that Squawk
reports every "-- anti-pattern: RULE" marker whose rule has a Squawk
counterpart.

Prints one line per miss ("MISS ..." for undocumented ones, "DOC <id> ..."
for documented ones) and a summary; exits 1 when there is an undocumented
miss.
"""
import bisect
import json
import re
import sys


def mapping(readme):
    """{squawk rule: (set of cupel rules, mode)} from README's table whose
    header starts with "| Squawk rule | cupel rule"; mode "file" when the
    comparison column says so, else "statement"."""
    m, ids = {}, set()
    in_table = False
    for line in open(readme):
        if line.startswith("| Squawk rule | cupel"):
            in_table = True
            continue
        if in_table and not line.startswith("|"):
            in_table = False
        if in_table and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            sq = cells[0].strip("`")
            cupel = {c.strip().strip("`") for c in cells[1].split(",") if c.strip().strip("`") not in ("", "—")}
            mode = "file" if "per file" in cells[2] else "statement"
            if cupel:
                m[sq] = (cupel, mode)
        for d in re.findall(r"<a id=\"diff-([a-z0-9-]+)\"", line):
            ids.add(d)
    return m, ids


def split(sql):
    """Statement spans [(start, end)]: start at the first character that is
    not a blank or a comment, end after the ';' (quotes, dollar quotes and
    comments skipped), as cupel lint --sql places its findings."""
    spans, i, n = [], 0, len(sql)
    start = None
    while i < n:
        c = sql[i]
        if start is None:
            if c.isspace():
                i += 1
                continue
            if sql.startswith("--", i):
                j = sql.find("\n", i)
                i = n if j < 0 else j + 1
                continue
            if sql.startswith("/*", i):
                j = sql.find("*/", i + 2)
                i = n if j < 0 else j + 2
                continue
            start = i
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "'" or c == '"':
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
        elif c == "$":
            mt = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", sql[i:])
            if mt:
                tag = mt.group(0)
                j = sql.find(tag, i + len(tag))
                i = n if j < 0 else j + len(tag)
            else:
                i += 1
        elif c == ";":
            spans.append((start, i + 1))
            start = None
            i += 1
        else:
            i += 1
    if start is not None:
        spans.append((start, n))
    return spans


class Corpus:
    def __init__(self, sql):
        self.sql = sql
        self.spans = split(sql)
        self.starts = [s for s, _ in self.spans]
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", sql)]
        # per statement: the index of the transaction it is in (None: outside)
        self.txn = []
        t, cur = 0, None
        for s, e in self.spans:
            w = sql[s:e].split(None, 1)[0].rstrip(";").lower() if sql[s:e].split() else ""
            if w in ("begin", "start"):
                t += 1
                cur = t
                self.txn.append(None)
            elif w in ("commit", "end", "rollback", "abort"):
                cur = None
                self.txn.append(None)
            else:
                self.txn.append(cur)

    def text(self, k):
        s, e = self.spans[k]
        return self.sql[s:e]

    def stmt_at(self, offset):
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def offset(self, line0, col0):
        return self.line_starts[min(line0, len(self.line_starts) - 1)] + col0


IDENT = r'(?:"[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)'
QNAME = r"(%s(?:\.%s)?)" % (IDENT, IDENT)


def unq(name):
    return name.split(".")[-1].strip('"').lower() if name else None


def target_table(text):
    """The table a statement works on (ALTER TABLE, CREATE INDEX ... ON,
    CREATE TABLE), or None."""
    for pat in (r"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?" + QNAME,
                r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:%s\s+)?ON\s+(?:ONLY\s+)?%s" % (IDENT, QNAME),
                r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?" + QNAME):
        mt = re.match(r"\s*" + pat, text, re.I)
        if mt:
            return unq(mt.group(1))
    return None


def created_tables(text):
    mt = re.match(r"\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?" + QNAME, text, re.I)
    return {unq(mt.group(1))} if mt else set()


def index_table(corpus, k, name):
    """The table of index name, from the CREATE INDEX before statement k."""
    for j in range(k - 1, -1, -1):
        mt = re.match(r"\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(%s)\s+ON\s+(?:ONLY\s+)?%s"
                      % (IDENT, QNAME), corpus.text(j), re.I)
        if mt and unq(mt.group(1)) == name:
            return unq(mt.group(2))
    return None


# ---- the documented differences: id -> check(corpus, k, finding) ----

def new_table(corpus, k, f):
    """The statement's table was created earlier in the same transaction:
    cupel knows nobody else sees it yet (Squawk only knows this for some
    rules)."""
    text = corpus.text(k)
    t = target_table(text)
    mt = re.match(r"\s*DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?" + QNAME, text, re.I)
    if mt:
        t = index_table(corpus, k, unq(mt.group(1)))
    mt = re.match(r"\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?" + QNAME, text, re.I)
    if mt:
        t = unq(mt.group(1))
    if not t or corpus.txn[k] is None:
        return False
    for j in range(k - 1, -1, -1):
        if corpus.txn[j] != corpus.txn[k]:
            break
        if t in created_tables(corpus.text(j)):
            return True
        # a table renamed in the transaction is new if its old name was
        mt = re.match(r"\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?" + QNAME + r"\s+RENAME\s+TO\s+" + QNAME,
                      corpus.text(j), re.I)
        if mt and unq(mt.group(2)) == t:
            t = unq(mt.group(1))
    return False


def column_at(corpus, f):
    """The column whose definition holds Squawk's position."""
    off = corpus.offset(f["line"], f["column"])
    line = corpus.sql[corpus.line_starts[f["line"]]:off]
    mt = re.search(r"(%s)\s+$" % IDENT, line)
    return unq(mt.group(1)) if mt else None


def not_primary_key(corpus, k, f):
    """prefer-bigint-over-int/smallint: cupel reports primary keys only
    (a 32-bit count or amount is fine), and of a composite key only its
    serial columns (the others follow the keys they reference); the column
    is not one of those."""
    col = column_at(corpus, f)
    text = corpus.text(k)
    if not col:
        return False
    off = corpus.offset(f["line"], f["column"])
    rest = corpus.sql[off:corpus.spans[k][1]]
    coldef = re.split(r",\s*\n|\)\s*;", rest, 1)[0]
    serial = re.match(r"\s*(SMALL|BIG)?SERIAL", rest, re.I) is not None
    for mt in re.finditer(r"PRIMARY\s+KEY\s*\(([^)]*)\)", text, re.I):
        keys = {unq(c.strip()) for c in mt.group(1).split(",")}
        if col in keys:
            return len(keys) > 1 and not serial
    return not re.search(r"PRIMARY\s+KEY", coldef, re.I)


def declared_type(corpus, k, table, col):
    """The last type the file gave table.col before statement k."""
    found = None
    for j in range(k):
        text = corpus.text(j)
        t = target_table(text)
        if t != table:
            continue
        for mt in re.finditer(r"(?:^|[(,]|ADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?)\s*(%s)\s+((?:CHARACTER\s+VARYING|VARCHAR|TEXT|NUMERIC)(?:\s*\(\d+(?:\s*,\s*\d+)?\))?)"
                              % IDENT, text, re.I):
            if unq(mt.group(1)) == col:
                found = mt.group(2)
        for mt in re.finditer(r"ALTER\s+COLUMN\s+(%s)\s+TYPE\s+([A-Za-z ]+(?:\(\d+(?:\s*,\s*\d+)?\))?)" % IDENT, text, re.I):
            if unq(mt.group(1)) == col:
                found = mt.group(2)
    return found


def type_len(t):
    t = re.sub(r"\s+", " ", (t or "").strip().upper())
    if t == "TEXT" or t in ("VARCHAR", "CHARACTER VARYING"):
        return 1 << 30
    mt = re.match(r"(?:VARCHAR|CHARACTER VARYING) ?\((\d+)\)$", t)
    return int(mt.group(1)) if mt else None


def binary_coercible(corpus, k, f):
    """changing-column-type: a widening PostgreSQL does without a rewrite
    (longer varchar, varchar to text); cupel's lock model knows it from
    the column's type declared earlier in the file."""
    text = corpus.text(k)
    table = target_table(text)
    mt = re.search(r"ALTER\s+COLUMN\s+(%s)\s+TYPE\s+([A-Za-z ]+(?:\(\d+\))?)" % IDENT, text, re.I)
    if not mt or not table:
        return False
    old = declared_type(corpus, k, table, unq(mt.group(1)))
    a, b = type_len(old), type_len(mt.group(2))
    return a is not None and b is not None and b >= a


def not_null_checked(corpus, k, f):
    """adding-not-nullable-field: a valid CHECK (col IS NOT NULL) on the
    table lets PostgreSQL 12+ skip the scan; cupel looks for one."""
    text = corpus.text(k)
    table = target_table(text)
    mt = re.search(r"ALTER\s+COLUMN\s+(%s)\s+SET\s+NOT\s+NULL" % IDENT, text, re.I)
    if not mt or not table:
        return False
    col = unq(mt.group(1))
    for j in range(k):
        t = corpus.text(j)
        if target_table(t) == table or table in created_tables(t):
            if re.search(r"CHECK\s*\(\s*\(?\s*\"?%s\"?\s+IS\s+NOT\s+NULL" % re.escape(col), t, re.I) and \
                    not re.search(r"NOT\s+VALID", t, re.I):
                return True
    return False


def nothing_locked_before(corpus, k, f):
    """require-lock-timeout (compared per file): Squawk reports the first
    statement of the file that takes any lock; cupel a lock that blocks
    writes (SHARE or stronger) on a table that existed before its
    transaction, and this file has none: every such statement works on a
    table created in its own transaction, or is a CONCURRENTLY form (SHARE
    UPDATE EXCLUSIVE, where a short lock_timeout cancels the build)."""
    if f["rule_name"] != "require-lock-timeout":
        return False
    for j, (s, e) in enumerate(corpus.spans):
        t = corpus.text(j)
        if re.match(r"\s*(CREATE|DROP|REINDEX)\s+(UNIQUE\s+)?(INDEX|TABLE)?\s*CONCURRENTLY", t, re.I) or \
                re.match(r"\s*ALTER\s+TABLE\s.*\sVALIDATE\s+CONSTRAINT\s", t, re.I | re.S):
            continue
        if re.match(r"\s*(ALTER\s+TABLE|CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+(TABLE|INDEX)|TRUNCATE|REINDEX|VACUUM\s+FULL|CLUSTER)", t, re.I):
            if not new_table(corpus, j, f):
                return False
    return True


def not_there(corpus, k, f):
    """The statement's table was dropped or renamed earlier in the file
    (and not created again): it does not exist, so cupel's rules on
    existing tables have nothing to say (the statement is a no-op with IF
    EXISTS, an error without)."""
    text = corpus.text(k)
    t = target_table(text)
    mt = re.match(r"\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?" + QNAME, text, re.I)
    if mt:
        t = unq(mt.group(1))
    if not t:
        return False
    gone = False
    for j in range(k):
        u = corpus.text(j)
        if t in created_tables(u):
            gone = False
        mt = re.match(r"\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?" + QNAME, u, re.I)
        if mt and unq(mt.group(1)) == t:
            gone = True
        mt = re.match(r"\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?" + QNAME + r"\s+RENAME\s+TO\s", u, re.I)
        if mt and unq(mt.group(1)) == t:
            gone = True
    return gone


def inside_transaction(corpus, k, f):
    """prefer-robust-stmts on a statement between BEGIN and COMMIT: a
    failure there rolls the whole transaction back, so cupel (like
    Squawk's own documentation) leaves it alone. Squawk 2.66 reports such
    statements on some files with many transaction blocks."""
    return corpus.txn[k] is not None


def self_valued(corpus, k, f):
    """adding-required-field on a NOT NULL column that fills itself:
    serial types, identity and generated columns get their values from
    PostgreSQL, so adding one to a table with rows does not fail."""
    text = corpus.text(k)
    return re.search(r"ADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?%s\s+((SMALL|BIG)?SERIAL\b|.*\bGENERATED\b)" % IDENT,
                     text, re.I | re.S) is not None


STABLE = r"(now\(\)|CURRENT_TIMESTAMP|LOCALTIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIME|'[^']*'(::\w+)?|-?\d+(\.\d+)?|true|false|NULL)"


def stable_default(corpus, k, f):
    """adding-field-with-default with a default that is not volatile (a
    constant, now(), CURRENT_TIMESTAMP, LOCALTIMESTAMP ...): PostgreSQL 11+
    stores it once instead of rewriting the table (lint-and-locks.md part
    1b), so cupel does not report it."""
    text = corpus.text(k)
    mt = re.search(r"\bDEFAULT\s+(.*?)(\s+NOT\s+NULL|\s+NULL|\s*;|\s*,|\s*$)", text, re.I | re.S)
    if not mt or re.search(r"\b(GENERATED|SERIAL|BIGSERIAL|SMALLSERIAL)\b", text, re.I):
        return False
    return re.fullmatch(STABLE, mt.group(1).strip(), re.I) is not None


# the rules about locks and running code, where "existing table" matters
LOCK_RULES = {
    "adding-field-with-default", "adding-foreign-key-constraint", "adding-not-nullable-field",
    "adding-required-field", "adding-serial-primary-key-field", "ban-drop-column", "ban-drop-not-null",
    "ban-drop-table", "changing-column-type", "constraint-missing-not-valid", "disallowed-unique-constraint",
    "renaming-column", "renaming-table", "require-concurrent-index-creation",
    "require-concurrent-index-deletion", "ban-truncate-cascade", "require-lock-timeout",
    "require-statement-timeout",
}

# id -> (the Squawk rules it may explain, its check)
DIFFS = {
    "new-table": (LOCK_RULES, new_table),
    "not-there": (LOCK_RULES, not_there),
    "not-primary-key": ({"prefer-bigint-over-int", "prefer-bigint-over-smallint"}, not_primary_key),
    "binary-coercible": ({"changing-column-type"}, binary_coercible),
    "not-null-checked": ({"adding-not-nullable-field"}, not_null_checked),
    "nothing-locked-before": ({"require-lock-timeout"}, nothing_locked_before),
    "inside-transaction": ({"prefer-robust-stmts"}, inside_transaction),
    "self-valued": ({"adding-required-field"}, self_valued),
    "stable-default": ({"adding-field-with-default"}, stable_default),
}


def main():
    readme, sqlf, sqj, cuj = sys.argv[1:5]
    m, documented = mapping(readme)
    missing_docs = set(DIFFS) - documented
    if missing_docs:
        print("MISS the differences %s have no <a id=\"diff-...\"> in %s" % (sorted(missing_docs), readme))
        return 1
    sql = open(sqlf).read()
    corpus = Corpus(sql)
    squawk = json.load(open(sqj))
    cupel = json.load(open(cuj))["findings"]
    flagged = {}  # (rule, statement) -> count
    for f in cupel:
        off = corpus.offset(f["line"] - 1, f["column"] - 1)
        flagged.setdefault(f["rule"], set()).add(corpus.stmt_at(off))
    checked = misses = documented_misses = 0
    for f in squawk:
        rule = f["rule_name"]
        if rule not in m:
            continue
        cupel_rules, mode = m[rule]
        k = corpus.stmt_at(corpus.offset(f["line"], f["column"]))
        checked += 1
        if mode == "file":
            hit = any(flagged.get(r) for r in cupel_rules)
        else:
            hit = any(k in flagged.get(r, ()) for r in cupel_rules)
        if hit:
            continue
        why = [d for d, (rules, fn) in DIFFS.items() if rule in rules and fn(corpus, k, f)]
        s, _ = corpus.spans[k]
        line = bisect.bisect_right(corpus.line_starts, s)
        first = corpus.text(k).split("\n", 1)[0][:100]
        if why:
            documented_misses += 1
            print("DOC %s %s:%d squawk %s, cupel %s: %s" % (why[0], sqlf, line, rule, "/".join(sorted(cupel_rules)), first))
        else:
            misses += 1
            print("MISS %s:%d squawk %s, cupel %s: %s" % (sqlf, line, rule, "/".join(sorted(cupel_rules)), first))
    if "--markers" in sys.argv:
        # a fixture: Squawk, the reference, reports each "-- anti-pattern: R"
        # whose rule has a Squawk counterpart on its statement
        by_stmt, in_file = {}, set()
        for f in squawk:
            k = corpus.stmt_at(corpus.offset(f["line"], f["column"]))
            by_stmt.setdefault(k, set()).add(f["rule_name"])
            in_file.add(f["rule_name"])
        for i, line in enumerate(sql.split("\n"), 1):
            if "; --" not in line:
                continue
            k = corpus.stmt_at(corpus.line_starts[i - 1])
            for rule in re.findall(r"anti-pattern: ([a-z0-9-]+)", line.split("; --", 1)[1]):
                theirs = {sq for sq, (rules, _) in m.items() if rule in rules}
                per_file = any(m[sq][1] == "file" for sq in theirs)
                if theirs and not theirs & (in_file if per_file else by_stmt.get(k, set())):
                    misses += 1
                    print("MISS %s:%d: Squawk does not report %s (%s) where the fixture says it fires"
                          % (sqlf, i, rule, "/".join(sorted(theirs))))
    print("SUMMARY %s: %d Squawk findings with a counterpart, %d undocumented misses, %d documented differences"
          % (sqlf, checked, misses, documented_misses))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
