#!/usr/bin/python3
"""The locks a migration's transaction holds, against PostgreSQL 15
(tests/locks/txn.sh). For each migration of a project (`cupel locks
base:heads --format json`): everything before it committed, its statements
run one by one in ONE transaction; after each one, the table locks the
backend holds (strongest per table, on the tables that existed when the
migration began) must equal the strongest mode cupel's facts give each of
those tables over the statements so far. A statement judged alone (as
observe.sh and along.sh do) cannot show what only the transaction does:
the check of an INITIALLY DEFERRED foreign key run by SET CONSTRAINTS ...
IMMEDIATE, and which lock is held when a weaker one follows a stronger.
Migrations with an autocommit block, a statement that cannot run in a
transaction, an unknown fact or a table rename are skipped (said).

    txn.py LOCKS.json DSN NAME     prints TAP lines without a plan
"""
import json
import sys

import psycopg2

MODES = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
         "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"]
PG = {m.title().replace(" ", "") + "Lock": m for m in MODES}


def key(schema, name):
    return (schema or "public") + "." + name


def tables(cur):
    cur.execute("SELECT c.oid, n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm')"
                " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
    return dict(cur.fetchall())


def reset(cur):
    cur.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'")
    for (nsp,) in cur.fetchall():
        cur.execute('DROP SCHEMA "%s" CASCADE' % nsp.replace('"', '""'))
    cur.execute("CREATE SCHEMA public")


def known(path):
    """along/known.txt: "PROJECT REV #N reason" -> the statements whose facts
    differ for a documented reason"""
    out = set()
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            p = line.split()
            out.add((p[0], p[1], p[2]))
    return out


def main():
    migs = json.load(open(sys.argv[1]))
    dsn, name = sys.argv[2], sys.argv[3]
    documented = known(sys.argv[4]) if len(sys.argv) > 4 else set()
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    cur = conn.cursor()
    n = 0
    done = []  # the SQL of the migrations before
    for m in migs:
        stmts = m["statements"]
        why = None
        for st in stmts:
            if st["autocommit"] or any(not f["in_transaction"] for f in st["facts"]):
                why = "a statement outside a transaction"
            elif any(not f["known"] for f in st["facts"]):
                why = "a fact the model does not know"
            elif any(f["kind"] == "RenameStmt" or "RENAME TO" in st["sql"].upper() for f in st["facts"]):
                why = "a table rename"
        if why:
            print("# %s %s: skipped (%s)" % (name, m["revision"], why))
            done.append([s["sql"] for s in stmts])
            continue
        reset(cur)
        # the migrations before, each in its transaction (LOCK TABLE needs one)
        for sqls in done:
            cur.execute("BEGIN")
            for sql in sqls:
                cur.execute(sql)
            cur.execute("COMMIT")
        start = tables(cur)
        names = set(start.values())
        conn.autocommit = False
        held = {}
        try:
            for i, st in enumerate(stmts):
                cur.execute(st["sql"])
                for f in st["facts"]:
                    for l in f["locks"]:
                        k = key(l["schema"], l["table"])
                        if k in names and MODES.index(l["mode"]) > MODES.index(held.get(k, MODES[0])) or \
                                k in names and k not in held:
                            held[k] = l["mode"]
                cur.execute("SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid()"
                            " AND locktype = 'relation'")
                seen = {}
                for oid, mode in cur.fetchall():
                    k = start.get(oid)
                    if k and (k not in seen or MODES.index(PG[mode]) > MODES.index(seen[k])):
                        seen[k] = PG[mode]
                n += 1
                ok = seen == held
                doc = (name, m["revision"], "#%d" % (i + 1)) in documented
                what = "%s %s #%d: %s" % (name, m["revision"], i + 1, st["sql"].split("\n")[0][:100])
                if doc:
                    # a documented difference of the statement alone (along.sh):
                    # in its transaction it may agree; the server's locks go on
                    print("ok %d - %s (documented in along/known.txt: %s here)" % (n, what,
                                                                             "agrees" if ok else "differs"))
                    held = dict(seen)
                    continue
                print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
                if not ok:
                    print("# held by the transaction: cupel %s, PostgreSQL %s" % (sorted(held.items()),
                                                                               sorted(seen.items())))
        except psycopg2.Error as e:
            n += 1
            print("not ok %d - %s %s: PostgreSQL refused a statement: %s" % (n, name, m["revision"],
                                                                           str(e).strip().split("\n")[0]))
        conn.rollback()
        conn.autocommit = True
        done.append([s["sql"] for s in stmts])
    print("# %s: %d statements checked" % (name, n))


if __name__ == "__main__":
    main()
