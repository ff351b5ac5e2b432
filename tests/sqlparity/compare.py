#!/usr/bin/python3
"""Compare two Alembic offline SQL outputs (EXPECTED from alembic, GOT from cupel).

    compare.py EXPECTED.sql GOT.sql      exit 0 on a match, 1 with a diff, 2 on usage
    compare.py --self-test

The outputs must be byte-identical after stripping trailing whitespace from
every line, except for the parts Alembic 1.8.1 emits in Python set order
(they change from run to run, even with a fixed PYTHONHASHSEED, because the
sets hold SQLAlchemy objects hashed by id(); see FACTS.md "Nondeterminism"):

 (a) the constraint lines of a CREATE TABLE (lines starting with PRIMARY KEY,
     UNIQUE, FOREIGN KEY, CHECK, CONSTRAINT, EXCLUDE) are compared as a
     multiset, with the trailing ", " normalised (the comma layout itself is
     still checked: every body line but the last ends with ",");
 (b) a run of consecutive CREATE [UNIQUE] INDEX / ALTER TABLE ... ADD
     CONSTRAINT statements directly after a CREATE TABLE or after the
     "ALTER TABLE _alembic_tmp_x RENAME TO x" of a batch move-and-copy is
     compared as a multiset;
 (c) a run of consecutive ALTER TABLE ... DROP CONSTRAINT statements directly
     before a "CREATE TABLE _alembic_tmp_x" (PostgreSQL batch recreate) is
     compared as a multiset.

The SQL is split into items at blank lines ("\\n\\n"), which is how Alembic
separates statements; a statement containing a blank line is split the same
way on both sides, so that is harmless.
"""
import difflib
import re
import sys

CONSTRAINT_LINE = re.compile(
    r"^\s*(PRIMARY KEY|UNIQUE|FOREIGN KEY|CHECK|CONSTRAINT|EXCLUDE)\b")
CREATE_TABLE = re.compile(r"^CREATE TABLE ")
CREATE_TMP = re.compile(r"^CREATE TABLE (\S+\.)?_alembic_tmp_")
RENAME_TMP = re.compile(r"^ALTER TABLE (\S+\.)?_alembic_tmp_\S* RENAME TO ")
SETLIKE_AFTER = re.compile(
    r"^(CREATE (UNIQUE )?INDEX |ALTER TABLE \S+ ADD CONSTRAINT )")
DROP_CONSTRAINT = re.compile(r"^ALTER TABLE \S+ DROP CONSTRAINT ")


def items_of(text):
    lines = [l.rstrip() for l in text.split("\n")]
    return "\n".join(lines).split("\n\n")


def canon_create_table(item):
    """CREATE TABLE with its constraint lines sorted, or the item unchanged
    if it does not have the expected layout."""
    lines = item.split("\n")
    if len(lines) < 3 or not lines[0].endswith("(") or \
            lines[-1] not in (")", ");"):
        return item
    body = lines[1:-1]
    if not all(l.endswith(",") for l in body[:-1]) or body[-1].endswith(","):
        return item
    body = [l[:-1] if l.endswith(",") else l for l in body]
    cols = [l for l in body if not CONSTRAINT_LINE.match(l)]
    cons = sorted(l for l in body if CONSTRAINT_LINE.match(l))
    # columns must precede constraints
    first_con = next((i for i, l in enumerate(body)
                      if CONSTRAINT_LINE.match(l)), len(body))
    if any(not CONSTRAINT_LINE.match(l) for l in body[first_con:]):
        return item
    marker = ["    -- (constraint lines compared as a set)"] if len(cons) > 1 else []
    return "\n".join([lines[0]] + cols + marker + cons + [lines[-1]])


def canonical(text):
    """List of canonical items (set-like runs sorted)."""
    raw = items_of(text)
    out = []
    i = 0
    n = len(raw)
    while i < n:
        it = raw[i]
        if CREATE_TABLE.match(it):
            out.append(canon_create_table(it))
            i += 1
            if i < n and SETLIKE_AFTER.match(raw[i]):
                j = i
                while j < n and SETLIKE_AFTER.match(raw[j]):
                    j += 1
                out.extend(_run(raw[i:j]))
                i = j
            continue
        if RENAME_TMP.match(it):
            out.append(it)
            i += 1
            j = i
            while j < n and SETLIKE_AFTER.match(raw[j]):
                j += 1
            out.extend(_run(raw[i:j]))
            i = j
            continue
        if DROP_CONSTRAINT.match(it):
            j = i
            while j < n and DROP_CONSTRAINT.match(raw[j]):
                j += 1
            if j < n and CREATE_TMP.match(raw[j]):
                out.extend(_run(raw[i:j]))
            else:
                out.extend(raw[i:j])
            i = j
            continue
        out.append(it)
        i += 1
    return out


def _run(items):
    if len(items) <= 1:
        return list(items)
    return ["-- (next %d statements compared as a set)" % len(items)] + sorted(items)


def compare(expected, got):
    """(match, diff_text)"""
    a = canonical(expected)
    b = canonical(got)
    if a == b:
        return True, ""
    al = "\n\n".join(a).split("\n")
    bl = "\n\n".join(b).split("\n")
    diff = list(difflib.unified_diff(al, bl, "expected", "got", n=3,
                                     lineterm=""))
    if len(diff) > 60:
        diff = diff[:60] + ["... (%d more diff lines)" % (len(diff) - 60)]
    return False, "\n".join(diff)


# --------------------------------------------------------------------------
# self tests
# --------------------------------------------------------------------------

_CT = """CREATE TABLE _alembic_tmp_t (
    id INTEGER NOT NULL, 
    a INTEGER, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_a UNIQUE (a), 
    CHECK (a > 0)
);"""
_CT_PERM = """CREATE TABLE _alembic_tmp_t (
    id INTEGER NOT NULL, 
    a INTEGER, 
    CHECK (a > 0), 
    PRIMARY KEY (id), 
    CONSTRAINT uq_a UNIQUE (a)
);"""
_CT_COLS_SWAPPED = """CREATE TABLE _alembic_tmp_t (
    a INTEGER, 
    id INTEGER NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_a UNIQUE (a), 
    CHECK (a > 0)
);"""
_CT_BAD_COMMA = """CREATE TABLE _alembic_tmp_t (
    id INTEGER NOT NULL, 
    a INTEGER, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_a UNIQUE (a)
    CHECK (a > 0), 
);"""


def _doc(*items):
    return "".join(i + "\n\n" for i in items)


BATCH = [
    "-- Running upgrade a -> b",
    _CT,
    "INSERT INTO _alembic_tmp_t (id, a) SELECT t.id, t.a \nFROM t;",
    "DROP TABLE t;",
    "ALTER TABLE _alembic_tmp_t RENAME TO t;",
    "CREATE INDEX ix_a ON t (a);",
    "CREATE UNIQUE INDEX ux_id ON t (id);",
    "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';",
]


def self_test():
    cases = []

    def case(name, exp, got, want):
        cases.append((name, exp, got, want))

    base = _doc(*BATCH)
    case("identical", base, base, True)
    case("trailing whitespace ignored", base,
         base.replace("SELECT t.id, t.a \n", "SELECT t.id, t.a\n"), True)
    case("missing final blank line", base, base[:-1], False)
    case("extra blank line", base, base.replace("DROP TABLE t;\n\n",
                                                "DROP TABLE t;\n\n\n"), False)
    b2 = list(BATCH)
    b2[1] = _CT_PERM
    case("constraint lines permuted (trailing comma moves)", base, _doc(*b2), True)
    b3 = list(BATCH)
    b3[1] = _CT_COLS_SWAPPED
    case("column lines are ordered", base, _doc(*b3), False)
    b4 = list(BATCH)
    b4[1] = _CT_BAD_COMMA
    case("bad comma layout detected", base, _doc(*b4), False)
    b5 = list(BATCH)
    b5[5], b5[6] = b5[6], b5[5]
    case("index run after batch rename is a set", base, _doc(*b5), True)
    b6 = list(BATCH)
    b6[6] = "CREATE UNIQUE INDEX ux_id ON t (id, a);"
    case("index content still compared", base, _doc(*b6), False)
    b7 = list(BATCH)
    del b7[6]
    case("missing index detected", base, _doc(*b7), False)
    b8 = list(BATCH)
    b8[2], b8[3] = b8[3], b8[2]
    case("other statements are ordered", base, _doc(*b8), False)
    ct = ["CREATE TABLE t (\n    id INTEGER NOT NULL, \n    PRIMARY KEY (id)\n);",
          "CREATE INDEX ix_b ON t (b);",
          "CREATE INDEX ix_a ON t (a);",
          "COMMENT ON TABLE t IS 'x';",
          "CREATE INDEX ix_c ON t (c);",
          "CREATE INDEX ix_d ON t (d);"]
    ct2 = list(ct)
    ct2[1], ct2[2] = ct2[2], ct2[1]
    case("index run after CREATE TABLE is a set", _doc(*ct), _doc(*ct2), True)
    ct3 = list(ct)
    ct3[4], ct3[5] = ct3[5], ct3[4]
    case("index run not after CREATE TABLE is ordered", _doc(*ct), _doc(*ct3), False)
    ct4 = list(ct)
    ct4[2], ct4[3] = ct4[3], ct4[2]
    case("run ends at first other statement", _doc(*ct), _doc(*ct4), False)
    pg = ["BEGIN;",
          "ALTER TABLE t DROP CONSTRAINT uq_a;",
          "ALTER TABLE t DROP CONSTRAINT ck_a;",
          _CT, "COMMIT;"]
    pg2 = list(pg)
    pg2[1], pg2[2] = pg2[2], pg2[1]
    case("DROP CONSTRAINT run before batch temp table is a set",
         _doc(*pg), _doc(*pg2), True)
    pg3 = list(pg)
    pg3[3] = "SELECT 1;"
    pg4 = list(pg2)
    pg4[3] = "SELECT 1;"
    case("DROP CONSTRAINT run elsewhere is ordered", _doc(*pg3), _doc(*pg4), False)
    case("set runs do not absorb duplicates", _doc(*ct),
         _doc(*(ct[:2] + [ct[1]] + ct[3:])), False)

    bad = 0
    for name, exp, got, want in cases:
        ok, diff = compare(exp, got)
        status = "ok  " if ok == want else "FAIL"
        if ok != want:
            bad += 1
        print("%s %s" % (status, name))
        if ok != want and diff:
            print(diff)
    print("%d/%d self tests passed" % (len(cases) - bad, len(cases)))
    return 1 if bad else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 3:
        sys.stderr.write("usage: compare.py EXPECTED.sql GOT.sql | --self-test\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8", newline="") as f:
            exp = f.read()
        with open(argv[2], encoding="utf-8", newline="") as f:
            got = f.read()
    except OSError as e:
        sys.stderr.write("compare.py: %s\n" % e)
        return 2
    ok, diff = compare(exp, got)
    if ok:
        return 0
    sys.stdout.write(
        "SQL differs (%s vs %s); diff of the normalised text (CREATE TABLE "
        "body lines without their trailing comma, set-compared parts "
        "sorted):\n%s\n" % (argv[1], argv[2], diff))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
