#!/usr/bin/python3
# Typed bulk_insert values, cupel against the real Alembic 1.8.1 (run in
# this process through alembic.command): the projects of typed_values.py,
# each case offline on both dialects (both fail, or the same INSERT) and
# online on SQLite and PostgreSQL (both fail, or the same stored value,
# read back as text with its storage class, and the same version rows).
#   typedvalues.py CUPEL_BIN WORKDIR [PG_URL]    TAP lines
import contextlib, io, os, shutil, sqlite3, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import typed_values
from alembic import command
from alembic.config import Config

BIN, W = sys.argv[1], sys.argv[2]
PG = sys.argv[3] if len(sys.argv) > 3 else None
P = os.path.join(W, "p")
shutil.rmtree(P, ignore_errors=True)
sys.argv = ["typed_values.py", P]
typed_values.main()
cases = [l.split(" ", 2) for l in open(os.path.join(P, "cases.txt")).read().splitlines()]
n = 0
fails = 0


def ok(cond, desc, detail=""):
    global n, fails
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))
    if not cond:
        fails += 1
        for l in detail.splitlines()[:6]:
            print("# " + l)


def alembic(url, col, *args, sql=False):
    os.environ["TV_URL"] = url
    cfg = Config(os.path.join(P, col, "alembic.ini"))
    buf = io.StringIO()
    cfg.stdout = buf
    rc = 0
    err = ""
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        try:
            getattr(command, args[0])(cfg, args[1], sql=sql)
        except Exception as e:
            rc, err = 1, "%s: %s" % (type(e).__name__, e)
    return rc, buf.getvalue(), err


def cupel(url, col, *args):
    r = subprocess.run([BIN] + list(args) + (["--db", url] if url else []), cwd=os.path.join(P, col),
                       capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def insert_line(text):
    return [l for l in text.splitlines() if l.startswith("INSERT INTO tv")]


# ---- offline, both dialects
for d, url in (("sqlite", "sqlite:///" + os.path.join(W, "off.db")), ("postgresql", "postgresql://u@/x")):
    for rev, col, val in cases:
        arc, aout, aerr = alembic(url, col, "upgrade", "v0:" + rev, sql=True)
        crc, cout, cerr = cupel(None, col, "sql", "v0:" + rev, "--dialect", d)
        crc = 1 if "-- cupel: error" in cout or crc else 0
        same = (arc != 0) == (crc != 0) and (arc != 0 or insert_line(aout) == insert_line(cout))
        ok(same, "offline %s: %s = %s: %s" % (d, col, val, ("fails (%s)" % aerr.split("\n")[0][:90]) if arc else
                                                      " ".join(insert_line(aout))),
           "alembic rc %d %s\ncupel rc %d %s %s" % (arc, insert_line(aout) or aerr[:200], crc,
                                                   insert_line(cout), cerr.strip()[:200]))


# ---- online
def sqlite_state(path):
    c = sqlite3.connect(path)
    rows = []
    for name, in c.execute("SELECT name FROM pragma_table_info('tv') ORDER BY cid"):
        for q, t in c.execute('SELECT quote("%s"), typeof("%s") FROM tv ORDER BY id' % (name, name)):
            if t != "null":
                rows.append("%s=%s:%s" % (name, q, t))
    vers = [v for v, in c.execute("SELECT version_num FROM alembic_version ORDER BY 1")]
    c.close()
    return " ".join(rows), vers


base = {}
for tool in ("A", "C"):
    path = os.path.join(W, "base_%s.db" % tool)
    if os.path.exists(path):
        os.remove(path)
    url = "sqlite:///" + path
    first = typed_values.TYPES[0][0]
    rc = alembic(url, first, "upgrade", "v0")[0] if tool == "A" else cupel(url, first, "upgrade", "v0", "-q")[0]
    base[tool] = path
for rev, col, val in cases:
    got = {}
    for tool in ("A", "C"):
        path = os.path.join(W, "case_%s.db" % tool)
        shutil.copyfile(base[tool], path)
        url = "sqlite:///" + path
        if tool == "A":
            rc, _, err = alembic(url, col, "upgrade", rev)
        else:
            rc, _, err = cupel(url, col, "upgrade", rev, "-q")
        got[tool] = (rc != 0, sqlite_state(path), err)
    ok(got["A"][:2] == got["C"][:2], "online sqlite: %s = %s: %s" % (col, val, "fails (%s)" % got["A"][2].split("\n")[0][:90] if got["A"][0] else got["A"][1][0]),
       "alembic %s\ncupel %s" % (got["A"], got["C"]))

if PG:
    import psycopg2

    def pg_state(db):
        c = psycopg2.connect(PG.replace("/DB?", "/%s?" % db))
        cur = c.cursor()
        # each value as text, an SQL NULL apart from JSON's null
        cur.execute("SELECT concat_ws(' ', id, %s) FROM tv ORDER BY id" % ", ".join(
            "CASE WHEN %s IS NULL THEN NULL ELSE '%s=' || quote_literal(%s::text) || ':' || pg_typeof(%s) END"
            % (c, c, c, c) for c, _ in typed_values.TYPES))
        rows = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT version_num FROM alembic_version ORDER BY 1")
        vers = [r[0] for r in cur.fetchall()]
        c.close()
        return " ".join(rows), vers

    for tool in ("A", "C"):
        url = PG.replace("/DB?", "/tv_%s?" % tool.lower())
        first = typed_values.TYPES[0][0]
        rc = alembic(url, first, "upgrade", "v0")[0] if tool == "A" else cupel(url, first, "upgrade", "v0", "-q")[0]
    for rev, col, val in cases:
        got = {}
        for tool in ("A", "C"):
            url = PG.replace("/DB?", "/tv_%s?" % tool.lower())
            if tool == "A":
                rc, _, err = alembic(url, col, "upgrade", rev)
            else:
                rc, _, err = cupel(url, col, "upgrade", rev, "-q")
            got[tool] = (rc != 0, pg_state("tv_" + tool.lower()), err)
            # back to v0 for the next case, by the same tool
            if rc == 0:
                if tool == "A":
                    alembic(url, col, "downgrade", "v0")
                else:
                    cupel(url, col, "downgrade", "v0", "-q")
        ok(got["A"][:2] == got["C"][:2], "online postgresql: %s = %s: %s" % (col, val, "fails (%s)" % got["A"][2].split("\n")[0][:90] if got["A"][0] else got["A"][1][0]),
           "alembic %s\ncupel %s" % (got["A"], got["C"]))

print("1..%d" % n)
sys.exit(1 if fails else 0)
