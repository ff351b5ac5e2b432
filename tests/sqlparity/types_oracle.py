#!/usr/bin/python3
"""types_oracle.py - the expected output of cupel's SQL type renderer and
quoting (src/sql/types.c, src/sql/quote.c), taken from the installed
SQLAlchemy 1.4.46 and written as the C case table of the unit test:

    /usr/bin/python3 tests/sqlparity/types_oracle.py > tests/unit/sqltypes_cases.h

Each type case is one spec (kind + the fields of `struct sqltype`); the spec
gives both the Python expression that is evaluated and compiled with
type.compile(dialect=...) and the C initialiser. Every render is also
checked to be what CREATE TABLE prints for a column of that type (or, for
errors, that CREATE TABLE raises "(in table 't', column 'c'): " + message).
Identifiers go through dialect.identifier_preparer.quote() and
format_table(); literals through sa.literal(s, sa.String()) compiled with
literal_binds, checked equal to a string server_default in CREATE TABLE and
to an INSERT with literal_binds. Dialects use paramstyle "named" (Alembic's
env.py template), and "pyformat" (psycopg2's default) for the % columns.

Rows whose expectation is cupel's own (SQLAlchemy has nothing to compare
with) are marked "cupel:" in the output: SQLTYPE_UNKNOWN and CITEXT.
"""
import re
import sys
import warnings

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS as PG_RESERVED
from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer
from sqlalchemy.schema import CreateTable
from sqlalchemy.sql.compiler import RESERVED_WORDS as GENERIC_RESERVED

assert sa.__version__ == "1.4.46", sa.__version__
warnings.simplefilter("ignore", sa.exc.SAWarning)  # Enum length= / ENUM native_enum= notes
assert not hasattr(pg, "CITEXT")  # treated as not modelled

DIALECTS = {
    ("pg", False): pg.dialect(paramstyle="named"),
    ("sl", False): sqlite.dialect(paramstyle="named"),
    ("pg", True): pg.dialect(paramstyle="pyformat"),
    ("sl", True): sqlite.dialect(paramstyle="pyformat"),
}
ADDR = "0x\u2026"  # SQLTYPE_ADDR

# ---------------------------------------------------------------- specs

FIELDS = [  # (C field, default)
    ("length", -1), ("precision", -1), ("scale", -1), ("timezone", -1),
    ("asdecimal_set", False), ("labels", None), ("n_labels", 0),
    ("enum_name", None), ("native_enum", -1), ("create_constraint", -1),
    ("create_type", -1), ("schema", None), ("item", None), ("dimensions", -1),
    ("constraint_name", None), ("base", None), ("variants", None),
    ("n_variants", 0), ("source", None), ("collation", None), ("fields", None),
    ("interval_non_native", False), ("varying", False),
]


class T:
    def __init__(self, kind, **f):
        self.kind = kind
        self.f = f


def kw(t, pairs):
    out = []
    for py, key in pairs:
        if key in t.f:
            v = t.f[key]
            if key in ("timezone", "native_enum", "create_constraint", "create_type"):
                v = bool(v)
            out.append("%s=%r" % (py, v))
    return out


CLASSES = {
    "STRING": "sa.String", "TEXT": "sa.Text", "UNICODE": "sa.Unicode",
    "UNICODE_TEXT": "sa.UnicodeText", "INTEGER": "sa.Integer", "BIGINT": "sa.BigInteger",
    "SMALLINT": "sa.SmallInteger", "BOOLEAN": "sa.Boolean", "DATETIME": "sa.DateTime",
    "DATE": "sa.Date", "TIME": "sa.Time", "NUMERIC": "sa.Numeric", "FLOAT": "sa.Float",
    "JSON": "sa.JSON", "LARGE_BINARY": "sa.LargeBinary", "INTERVAL": "sa.Interval",
    "ENUM": "sa.Enum", "ARRAY": "sa.ARRAY", "UPPER_VARCHAR": "sa.VARCHAR",
    "UPPER_CHAR": "sa.CHAR", "UPPER_INTEGER": "sa.INTEGER", "UPPER_TIMESTAMP": "sa.TIMESTAMP",
    "UPPER_REAL": "sa.REAL", "PG_JSONB": "pg.JSONB", "PG_UUID": "pg.UUID", "PG_INET": "pg.INET",
    "PG_CIDR": "pg.CIDR", "PG_MACADDR": "pg.MACADDR", "PG_BYTEA": "pg.BYTEA",
    "PG_TSVECTOR": "pg.TSVECTOR", "PG_TIMESTAMP": "pg.TIMESTAMP", "PG_TIME": "pg.TIME",
    "PG_INTERVAL": "pg.INTERVAL", "PG_ENUM": "pg.ENUM", "PG_ARRAY": "pg.ARRAY",
    "PG_HSTORE": "pg.HSTORE", "PG_MONEY": "pg.MONEY", "PG_DOUBLE_PRECISION": "pg.DOUBLE_PRECISION",
    "PG_CITEXT": "pg.CITEXT",
    "UPPER_DECIMAL": "sa.DECIMAL", "UPPER_DATETIME": "sa.DATETIME", "UPPER_NVARCHAR": "sa.NVARCHAR",
    "UPPER_NCHAR": "sa.NCHAR", "UPPER_CLOB": "sa.CLOB", "UPPER_BLOB": "sa.BLOB", "UPPER_BINARY": "sa.BINARY",
    "UPPER_VARBINARY": "sa.VARBINARY", "PG_BIT": "pg.BIT", "PG_OID": "pg.OID", "PG_REGCLASS": "pg.REGCLASS",
    "PG_MACADDR8": "pg.MACADDR8",
}


def expr(t):
    """The Python expression for a spec (None: SQLAlchemy has no such type)."""
    k = t.kind
    if k == "UNKNOWN":
        return None
    if k == "VARIANT":
        e = expr(t.f["base"])
        for d, v in t.f["variants"]:
            e = "%s.with_variant(%s, %r)" % (e, expr(v), d)
        return e
    if k == "PG_CITEXT":
        return None
    args = []
    if k in ("STRING", "TEXT", "UNICODE", "UNICODE_TEXT", "UPPER_VARCHAR", "UPPER_CHAR", "LARGE_BINARY",
             "UPPER_NVARCHAR", "UPPER_NCHAR", "UPPER_CLOB", "UPPER_BLOB", "UPPER_BINARY", "UPPER_VARBINARY"):
        args = kw(t, [("length", "length"), ("collation", "collation")])
    elif k == "PG_BIT":
        args = kw(t, [("length", "length")]) + (["varying=True"] if t.f.get("varying") else [])
    elif k == "BOOLEAN":
        args = kw(t, [("create_constraint", "create_constraint"), ("name", "constraint_name")])
    elif k in ("DATETIME", "TIME", "UPPER_TIMESTAMP", "UPPER_DATETIME"):
        args = kw(t, [("timezone", "timezone")])
    elif k in ("PG_TIMESTAMP", "PG_TIME"):
        args = kw(t, [("timezone", "timezone"), ("precision", "precision")])
    elif k in ("NUMERIC", "UPPER_DECIMAL"):
        args = kw(t, [("precision", "precision"), ("scale", "scale")])
    elif k == "FLOAT":
        args = kw(t, [("precision", "precision")])
        if t.f.get("asdecimal_set"):
            args.append("asdecimal=True")
    elif k == "INTERVAL":
        args = kw(t, [("second_precision", "precision")])
        if t.f.get("interval_non_native"):
            args.append("native=False")
    elif k == "PG_INTERVAL":
        args = kw(t, [("precision", "precision"), ("fields", "fields")])
    elif k in ("ENUM", "PG_ENUM"):
        args = [repr(x) for x in t.f.get("labels", [])]
        args += kw(t, [("name", "enum_name"), ("native_enum", "native_enum"),
                       ("create_constraint", "create_constraint"), ("create_type", "create_type"),
                       ("schema", "schema"), ("length", "length")])
    elif k in ("ARRAY", "PG_ARRAY"):
        args = [expr(t.f["item"])] + kw(t, [("dimensions", "dimensions")])
    return "%s(%s)" % (CLASSES[k], ", ".join(args))


def cstr(s):
    if s is None:
        return "NULL"
    out = ['"']
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\?':
            out.append("\\" + c)
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


class CEmitter:
    def __init__(self):
        self.lines = []
        self.n = 0

    def name(self):
        self.n += 1
        return "ty%d" % self.n

    def emit(self, t):
        f = dict(t.f)
        vals = {}
        for key, default in FIELDS:
            vals[key] = f.get(key, default)
        if vals["labels"] is not None:
            ln = self.name() + "_labels"
            self.lines.append("static const char *%s[] = { %s };" % (ln, ", ".join(cstr(x) for x in vals["labels"])))
            vals["n_labels"] = len(vals["labels"])
            vals["labels"] = ln
        for key in ("item", "base"):
            if vals[key] is not None:
                vals[key] = "&" + self.emit(vals[key])
        if vals["variants"] is not None:
            items = ["{ %s, &%s }" % ("DIALECT_POSTGRESQL" if d == "postgresql" else "DIALECT_SQLITE",
                                      self.emit(v)) for d, v in vals["variants"] if d in ("postgresql", "sqlite")]
            vals["n_variants"] = len(items)
            vals["variants"] = None
            if items:
                vn = self.name() + "_variants"
                self.lines.append("static const struct sqltype_variant %s[] = { %s };" % (vn, ", ".join(items)))
                vals["variants"] = vn
        parts = [".kind = SQLTYPE_%s" % t.kind]
        for key, default in FIELDS:
            v = vals[key]
            if key in ("enum_name", "schema", "constraint_name", "source", "collation", "fields"):
                v = cstr(v)
            elif v is None:
                v = "NULL"
            elif isinstance(v, bool):
                v = "true" if v else "false"
            elif key in ("timezone", "native_enum", "create_constraint", "create_type") and v != -1:
                v = "1" if v else "0"
            parts.append(".%s = %s" % (key, v))
        n = self.name()
        self.lines.append("static const struct sqltype %s = { %s };" % (n, ", ".join(parts)))
        return n


# The type cases: (spec, pct) - pct compiles with paramstyle "pyformat".
def types_cases():
    C = []

    def add(t, pct=False):
        C.append((t, pct))

    for k in ("STRING", "UNICODE", "UPPER_VARCHAR", "TEXT", "UNICODE_TEXT", "UPPER_CHAR"):
        add(T(k))
        for n in (0, 1, 20, 255, 10000):
            add(T(k, length=n))
        add(T(k, collation="C"))
        add(T(k, length=30, collation="en_US.utf8"))
        add(T(k, length=5, collation='de "x"'))
    for k in ("INTEGER", "BIGINT", "SMALLINT", "UPPER_INTEGER", "UPPER_REAL", "DATE", "JSON"):
        add(T(k))
    add(T("BOOLEAN"))
    add(T("BOOLEAN", create_constraint=1))
    add(T("BOOLEAN", create_constraint=1, constraint_name="ck_flag"))
    add(T("BOOLEAN", create_constraint=0))
    for k in ("DATETIME", "TIME", "UPPER_TIMESTAMP"):
        add(T(k))
        add(T(k, timezone=1))
        add(T(k, timezone=0))
    for k in ("PG_TIMESTAMP", "PG_TIME"):
        add(T(k))
        add(T(k, timezone=1))
        add(T(k, timezone=0))
        for p in (0, 3, 6):
            add(T(k, precision=p))
            add(T(k, precision=p, timezone=1))
    add(T("NUMERIC"))
    add(T("NUMERIC", precision=10))
    add(T("NUMERIC", precision=12, scale=2))
    add(T("NUMERIC", precision=0, scale=0))
    add(T("NUMERIC", precision=38, scale=10))
    add(T("NUMERIC", scale=2))
    add(T("FLOAT"))
    add(T("FLOAT", precision=0))
    add(T("FLOAT", precision=1))
    add(T("FLOAT", precision=53))
    add(T("FLOAT", asdecimal_set=True))
    add(T("FLOAT", precision=24, asdecimal_set=True))
    add(T("LARGE_BINARY"))
    add(T("LARGE_BINARY", length=100))
    add(T("INTERVAL"))
    add(T("INTERVAL", precision=6))
    add(T("INTERVAL", precision=0))
    add(T("INTERVAL", interval_non_native=True))
    add(T("INTERVAL", interval_non_native=True, precision=3))
    add(T("PG_INTERVAL"))
    add(T("PG_INTERVAL", precision=6))
    add(T("PG_INTERVAL", precision=0))
    add(T("PG_INTERVAL", fields="YEAR"))
    add(T("PG_INTERVAL", fields="DAY TO SECOND"))
    add(T("PG_INTERVAL", fields="DAY TO SECOND", precision=6))
    add(T("PG_INTERVAL", fields="HOUR TO MINUTE", precision=2))
    for k in ("PG_JSONB", "PG_UUID", "PG_INET", "PG_CIDR", "PG_MACADDR", "PG_BYTEA", "PG_TSVECTOR",
              "PG_HSTORE", "PG_MONEY", "PG_DOUBLE_PRECISION"):
        add(T(k))
    # the SQL standard's names (autogenerate writes them) and more PG types
    for k in ("UPPER_NVARCHAR", "UPPER_NCHAR"):
        add(T(k))
        for n in (0, 1, 20):
            add(T(k, length=n))
        add(T(k, collation="C"))
        add(T(k, length=30, collation="en_US.utf8"))
    for k in ("UPPER_CLOB", "UPPER_BLOB", "UPPER_BINARY", "UPPER_VARBINARY"):
        add(T(k))
        for n in (0, 1, 100):
            add(T(k, length=n))
    add(T("UPPER_DATETIME"))
    add(T("UPPER_DATETIME", timezone=1))
    add(T("UPPER_DECIMAL"))
    add(T("UPPER_DECIMAL", precision=10))
    add(T("UPPER_DECIMAL", precision=12, scale=2))
    add(T("UPPER_DECIMAL", precision=0, scale=0))
    for k in ("PG_OID", "PG_REGCLASS", "PG_MACADDR8"):
        add(T(k))
    add(T("PG_BIT"))
    add(T("PG_BIT", length=0))
    add(T("PG_BIT", length=1))
    add(T("PG_BIT", length=8))
    add(T("PG_BIT", varying=True))
    add(T("PG_BIT", length=0, varying=True))
    add(T("PG_BIT", length=16, varying=True))
    # Enum
    E = "ENUM"
    add(T(E, labels=["happy", "sad", "it's ok"], enum_name="mood3"))
    add(T(E, labels=["x", "yy"]))
    add(T(E, labels=["x", "yy"], native_enum=0, create_constraint=1))
    add(T(E, labels=["a", "bb", "ccc"], enum_name="kind3", native_enum=0))
    add(T(E, labels=["a", "bb", "ccc"], enum_name="kind3", native_enum=1))
    add(T(E, labels=["a", "bb"], enum_name="Mood"))
    add(T(E, labels=["a", "bb"], enum_name="user"))
    add(T(E, labels=["a", "bb"], enum_name="order", schema="user"))
    add(T(E, labels=["a"], enum_name="mood", schema="billing"))
    add(T(E, labels=["a"], enum_name="Mood", schema="My Schema"))
    add(T(E, labels=["a"], enum_name='we"ird'))
    add(T(E, labels=["a"], enum_name="x y"))
    add(T(E, labels=["a"], enum_name="1st"))
    add(T(E, labels=["a"], enum_name="a%b"))
    add(T(E, labels=["a"], enum_name="a%b", schema="s%"), pct=True)
    add(T(E, labels=["a"], enum_name="a%b"), pct=True)
    add(T(E, labels=["a"], enum_name="plain"), pct=True)
    add(T(E, labels=["\u00e9\u20acx", "ab"], enum_name="unicode_len"))
    add(T(E, labels=["\U0001F600\U0001F600"], enum_name="emoji"))
    add(T(E, labels=["\u00e9\u00e9\u00e9\u00e9"], native_enum=0))
    add(T(E, labels=[], enum_name="empty"))
    add(T(E, labels=[], native_enum=0))
    add(T(E, labels=[], native_enum=0, length=5))
    add(T(E, labels=["a", "bb"], enum_name="e", length=10))
    add(T(E, labels=["a", "bb"], enum_name="e", native_enum=0, length=10))
    add(T(E, labels=["a", "bb"], native_enum=0, length=2))
    add(T(E, labels=["a", "bbb"], native_enum=0, length=2))
    add(T(E, labels=["a", "bbb"], native_enum=0, length=0))
    add(T(E, labels=["a", "bbb"], length=2))
    add(T(E, labels=["a", "bb"], enum_name="e", create_constraint=1))
    add(T(E, labels=["a", "bb"], enum_name="", native_enum=1))
    E = "PG_ENUM"
    add(T(E, labels=["low", "high"], enum_name="level3", create_type=0))
    add(T(E, labels=["low", "high"], enum_name="level3"))
    add(T(E, labels=["low", "high"]))
    add(T(E, labels=["a"], enum_name="Level", schema="Sch"))
    add(T(E, labels=[], enum_name="empty"))
    add(T(E, labels=["a", "bb"], enum_name="e", native_enum=0))
    add(T(E, labels=["a", "bb"], enum_name="e", native_enum=0, length=9))
    add(T(E, labels=["a", "bb"], enum_name="select"))
    # ARRAY
    for k in ("ARRAY", "PG_ARRAY"):
        add(T(k, item=T("INTEGER")))
        add(T(k, item=T("TEXT")))
        add(T(k, item=T("STRING", length=20), dimensions=2))
        add(T(k, item=T("INTEGER"), dimensions=0))
        add(T(k, item=T("INTEGER"), dimensions=1))
        add(T(k, item=T("INTEGER"), dimensions=3))
        add(T(k, item=T("STRING", length=20, collation="C")))
        add(T(k, item=T("STRING", length=20, collation="C"), dimensions=2))
        add(T(k, item=T("ENUM", labels=["a"], enum_name="mood")))
        add(T(k, item=T("ENUM", labels=["a"], enum_name="Mood", schema="s")))
        add(T(k, item=T("ENUM", labels=["a"], enum_name="a COLLATE b")))
        add(T(k, item=T("ENUM", labels=["a", "b"])))
        add(T(k, item=T("ENUM", labels=["a", "b"], native_enum=0)))
        add(T(k, item=T("PG_JSONB")))
        add(T(k, item=T("JSON")))
        add(T(k, item=T("PG_UUID")))
        add(T(k, item=T("DATETIME", timezone=1)))
        add(T(k, item=T("PG_TIMESTAMP", precision=3)))
        add(T(k, item=T("INTERVAL", precision=2)))
        add(T(k, item=T("NUMERIC", precision=10, scale=2), dimensions=2))
        add(T(k, item=T("PG_DOUBLE_PRECISION")))
        add(T(k, item=T("VARIANT", base=T("BIGINT"), variants=[("postgresql", T("INTEGER"))])))
        add(T(k, item=T("ARRAY", item=T("INTEGER"))))
        add(T(k, item=T("PG_ARRAY", item=T("INTEGER"))))
    # with_variant
    V = "VARIANT"
    add(T(V, base=T("BIGINT"), variants=[("sqlite", T("INTEGER"))]))
    add(T(V, base=T("DATETIME"), variants=[("postgresql", T("PG_TIMESTAMP", timezone=1))]))
    add(T(V, base=T("STRING", length=36), variants=[("postgresql", T("PG_UUID"))]))
    add(T(V, base=T("PG_UUID"), variants=[("sqlite", T("STRING", length=36))]))
    add(T(V, base=T("PG_JSONB"), variants=[("sqlite", T("JSON"))]))
    add(T(V, base=T("JSON"), variants=[("postgresql", T("PG_JSONB"))]))
    add(T(V, base=T("INTEGER"), variants=[("sqlite", T("PG_JSONB"))]))
    add(T(V, base=T("INTEGER"), variants=[("sqlite", T("STRING", length=5)), ("postgresql", T("TEXT"))]))
    add(T(V, base=T("INTEGER"), variants=[("mysql", T("BIGINT"))]))
    add(T(V, base=T("INTEGER"), variants=[("mysql", T("BIGINT")), ("sqlite", T("SMALLINT"))]))
    add(T(V, base=T("TEXT"), variants=[("postgresql", T("PG_ARRAY", item=T("TEXT")))]))
    add(T(V, base=T("ENUM", labels=["a", "bb"]), variants=[("postgresql", T("ENUM", labels=["a", "bb"], enum_name="e"))]))
    add(T(V, base=T("ENUM", labels=["a", "bb"], enum_name="e"),
          variants=[("sqlite", T("ENUM", labels=["a", "bb"], native_enum=0, length=10))]))
    return C


def result(obj, err, dialect):
    """(ok, text, exc_class) for a type object (or the constructor error)."""
    if err is not None:
        return (False, err[1], err[0])
    try:
        return (True, obj.compile(dialect=dialect), None)
    except Exception as e:  # noqa: BLE001 - we want SQLAlchemy's own
        return (False, re.sub(r"object at 0x[0-9a-f]+", "object at " + ADDR, e.args[0]), exc_name(e))


def exc_name(e):
    m = type(e).__module__
    return type(e).__name__ if m == "builtins" else "%s.%s" % (m, type(e).__name__)


def check_in_table(obj, res, dialect):
    """The render equals the CREATE TABLE column text (or its error)."""
    t = sa.Table("t", sa.MetaData(), sa.Column("c", obj))
    try:
        ddl = str(CreateTable(t).compile(dialect=dialect))
    except Exception as e:  # noqa: BLE001
        got = re.sub(r"object at 0x[0-9a-f]+", "object at " + ADDR, e.args[0])
        assert not res[0] and got == "(in table 't', column 'c'): " + res[1], (got, res)
        assert exc_name(e) == "sqlalchemy.exc.CompileError", exc_name(e)
        return
    assert res[0], (ddl, res)
    line = [x for x in ddl.split("\n") if x.startswith("\tc ")][0].strip().rstrip(",").rstrip()
    assert line == "c " + res[1], (line, res)


def cupel_not_modelled(t):
    if t.kind == "PG_CITEXT":
        return "type not modelled by cupel: postgresql.CITEXT (SQLAlchemy 1.4 has no postgresql.CITEXT)"
    return "type not modelled by cupel: %s" % (t.f.get("source") or "?")


# ---------------------------------------------------------------- identifiers

def idents():
    words = sorted(set(PG_RESERVED) | set(SQLiteIdentifierPreparer.reserved_words) | set(GENERIC_RESERVED))
    out = list(words)
    out += [w.upper() for w in words[::7]] + [w.capitalize() for w in words[3::11]]
    out += [w + "_" for w in words[::9]] + ["_" + w for w in words[5::9]]
    out += [w + "s" for w in ("user", "order", "select", "table", "column", "index")]
    out += [
        "a", "abc", "t", "account", "name", "type", "text", "year", "number", "code", "value", "id",
        "Nick", "Account", "ix_Account_user", "ABC", "aBc", "MiXeD_case", "snake_case_1",
        "1a", "9", "0abc", "$a", "$", "a$", "a$b", "_", "_a", "__x__", "a1", "x9y",
        "a b", "a-b", "a.b", "a%b", "50%", "%", "a\"b", '"', '""', "it's", "a;b", "a/b", "a\\b",
        "a\tb", "a\nb", "abc\n", "\n", "abc\n\n", "\nabc", "user\n", "select\n", " abc", "abc ",
        "caf\u00e9", "CAF\u00c9", "\u00e9cole", "\u00c9cole", "na\u00efve", "stra\u00dfe", "\u00df",
        "\u0131", "\u017f", "\u0131d", "s\u017felect", "\u0130", "\u212a", "\u212aelvin", "k\u212a",
        "\u03c3", "\u03a3", "\u65e5\u672c", "\U0001F600", "a\u00a0b", "\uff21", "\ufb00", "\u01c5",
        "current_timestamp", "CURRENT_TIMESTAMP", "localtimestamp", "authorization", "autoincrement",
        "ab", "al", "alll", "zz", "xy", "wh", "withs", "with_", "a" * 63, "b" * 200,
    ]
    seen = set()
    res = []
    for x in out:
        if x not in seen:
            seen.add(x)
            res.append(x)
    return res


QUALIFIED = [
    (None, "t"), (None, "user"), (None, "Account"), ("s1", "order"), ("billing", "invoice2"),
    ("user", "t"), ("User", "Order"), ("my schema", "my table"), ("public", "select"),
    ("s%", "t%"), ("a.b", "c"), ("index", "set"), ("analyse", "freeze"), ("sch", 'q"t'),
    ("\u00e9", "\u0131"), ("1s", "2t"), ("main", "values"),
]

LITERALS = [
    "", "a", "it's", "''", "'", "a\\b", "\\", "\\\\", "\\'", "'\\", "50%", "%%", "%(x)s", "%s",
    "l1\nl2", "t\tx", "cr\r\nlf", "q\"", "caf\u00e9", "\u65e5\u672c\u8a9e", "\U0001F600",
    "back\\slash 'quote' 100% \"dq\"\n\ttab", "C:\\path\\to\\file", "\\n literally", "a\x01b",
    "trailing space ", " leading", "?", "??=", "/* c */", "-- c", ":param", ":1",
]


# ---------------------------------------------------------------- output

def main():
    w = sys.stdout.write
    w("/* sqltypes_cases.h - GENERATED by tests/sqlparity/types_oracle.py from\n"
      " * SQLAlchemy %s; do not edit. Regenerate with\n"
      " *   /usr/bin/python3 tests/sqlparity/types_oracle.py > tests/unit/sqltypes_cases.h */\n\n"
      % sa.__version__)
    em = CEmitter()
    rows = []
    for t, pct in types_cases():
        e = expr(t)
        obj = err = None
        if e is None:
            note = "cupel: " + sqltype_desc(t)
            res = {d: (False, cupel_not_modelled(t), None) for d in ("pg", "sl")}
        else:
            note = e
            try:
                obj = eval(e, {"sa": sa, "pg": pg})  # noqa: S307 - our own expression
            except Exception as ex:  # noqa: BLE001 - constructor errors are expectations too
                err = (exc_name(ex), ex.args[0])
            res = {}
            for d in ("pg", "sl"):
                res[d] = result(obj, err, DIALECTS[(d, pct)])
                if obj is not None:
                    check_in_table(obj, res[d], DIALECTS[(d, pct)])
        rows.append((note, em.emit(t), pct, res))
    # not-modelled kinds without an SQLAlchemy counterpart
    for t in (T("UNKNOWN", source="mytypes.Fancy()"), T("UNKNOWN"), T("PG_CITEXT")):
        res = {d: (False, cupel_not_modelled(t), None) for d in ("pg", "sl")}
        rows.append(("cupel: " + sqltype_desc(t), em.emit(t), False, res))
    w("\n".join(em.lines))
    w("\n\nstruct type_case {\n\tconst char *expr;\n\tconst struct sqltype *type;\n\tbool pct;\n"
      "\tbool ok[2];\n\tconst char *text[2];\n\tconst char *exc[2];\n};\n\n")
    w("/* [0] postgresql, [1] sqlite; text = render or the error message */\n")
    w("static const struct type_case type_cases[] = {\n")
    for note, name, pct, res in rows:
        w("\t{ %s, &%s, %s,\n\t  { %s, %s }, { %s, %s }, { %s, %s } },\n" % (
            cstr(note), name, "true" if pct else "false",
            "true" if res["pg"][0] else "false", "true" if res["sl"][0] else "false",
            cstr(res["pg"][1]), cstr(res["sl"][1]), cstr(res["pg"][2]), cstr(res["sl"][2])))
    w("};\n\n")

    # identifiers
    w("struct ident_case {\n\tconst char *ident;\n\tconst char *pg, *sl;     /* paramstyle named */\n"
      "\tconst char *pg_pct, *sl_pct; /* paramstyle pyformat */\n};\n\n")
    w("static const struct ident_case ident_cases[] = {\n")
    for x in idents():
        q = {k: DIALECTS[k].identifier_preparer.quote(x) for k in DIALECTS}
        w("\t{ %s, %s, %s, %s, %s },\n" % (cstr(x), cstr(q[("pg", False)]), cstr(q[("sl", False)]),
                                         cstr(q[("pg", True)]), cstr(q[("sl", True)])))
    w("};\n\n")
    n_pg = len(PG_RESERVED)
    n_sl = len(SQLiteIdentifierPreparer.reserved_words)
    w("/* reserved words: postgresql %d, sqlite %d (all in ident_cases) */\n" % (n_pg, n_sl))
    w("#define N_PG_RESERVED %d\n#define N_SQLITE_RESERVED %d\n\n" % (n_pg, n_sl))
    w("static const char *const reserved_words[] = {\n")
    for x in sorted(set(PG_RESERVED) | set(SQLiteIdentifierPreparer.reserved_words)):
        w("\t%s, /* %s%s */\n" % (cstr(x), "pg " if x in PG_RESERVED else "",
                                   "sqlite" if x in SQLiteIdentifierPreparer.reserved_words else ""))
    w("};\n\n")

    # qualified names
    w("struct qual_case {\n\tconst char *schema, *name;\n\tconst char *pg, *sl, *pg_pct, *sl_pct;\n};\n\n")
    w("static const struct qual_case qual_cases[] = {\n")
    for schema, name in QUALIFIED:
        q = {}
        for k, d in DIALECTS.items():
            t = sa.Table(name, sa.MetaData(), schema=schema)
            q[k] = d.identifier_preparer.format_table(t)
        w("\t{ %s, %s, %s, %s, %s, %s },\n" % (cstr(schema), cstr(name), cstr(q[("pg", False)]),
                                             cstr(q[("sl", False)]), cstr(q[("pg", True)]), cstr(q[("sl", True)])))
    w("};\n\n")

    # string literals
    w("/* sa.literal(s, sa.String()) with literal_binds; verified equal to a string\n"
      " * server_default in CREATE TABLE and to INSERT ... VALUES with literal_binds */\n")
    w("struct lit_case {\n\tconst char *s;\n\tconst char *pg, *sl, *pg_pct, *sl_pct;\n};\n\n")
    w("static const struct lit_case lit_cases[] = {\n")
    for s in LITERALS:
        q = {}
        for k, d in DIALECTS.items():
            lit = str(sa.literal(s, sa.String()).compile(dialect=d, compile_kwargs={"literal_binds": True}))
            tab = sa.Table("t", sa.MetaData(), sa.Column("c", sa.String(), server_default=s))
            ddl = str(CreateTable(tab).compile(dialect=d))
            assert "\tc VARCHAR DEFAULT %s\n)" % lit in ddl, (ddl, lit)
            ins = str(sa.insert(tab).values(c=s).compile(dialect=d, compile_kwargs={"literal_binds": True}))
            assert ins == "INSERT INTO t (c) VALUES (%s)" % lit, (ins, lit)
            q[k] = lit
        w("\t{ %s, %s, %s, %s, %s },\n" % (cstr(s), cstr(q[("pg", False)]), cstr(q[("sl", False)]),
                                         cstr(q[("pg", True)]), cstr(q[("sl", True)])))
    w("};\n")


def sqltype_desc(t):
    return "SQLTYPE_%s%s" % (t.kind, "(source=%r)" % t.f["source"] if "source" in t.f else "")


if __name__ == "__main__":
    main()
