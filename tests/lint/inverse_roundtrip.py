#!/usr/bin/python3
"""The reference for downgrade-not-inverse: the real Alembic upgrades a
project to a0, the schema is read back with SQLAlchemy's inspector, then
Alembic upgrades to a1, downgrades to a0 and upgrades to a1 again. Prints
"ok" when the schema after the downgrade equals the one before and the
second upgrade runs, "bad" (and why, on stderr) otherwise.

    inverse_roundtrip.py PROJECT_DIR URL
"""
import sys

import sqlalchemy as sa
from alembic import command
from alembic.config import Config


def snapshot(url):
    eng = sa.create_engine(url)
    out = []
    with eng.connect() as conn:
        ins = sa.inspect(conn)
        for t in sorted(ins.get_table_names()):
            if t == "alembic_version":
                continue
            out.append(("table", t))
            for c in ins.get_columns(t):
                out.append(("column", t, c["name"], str(c["type"]), c["nullable"], str(c.get("default"))))
            pk = ins.get_pk_constraint(t)
            out.append(("pk", t, pk.get("name"), tuple(pk["constrained_columns"])))
            for fk in ins.get_foreign_keys(t):
                out.append(("fk", t, fk.get("name"), tuple(fk["constrained_columns"]), fk["referred_table"],
                            tuple(fk["referred_columns"]), repr(sorted((fk.get("options") or {}).items()))))
            for ix in ins.get_indexes(t):
                out.append(("index", t, ix["name"], tuple(ix["column_names"]), bool(ix["unique"])))
            for uq in ins.get_unique_constraints(t):
                out.append(("unique", t, uq["name"], tuple(uq["column_names"])))
            for ck in ins.get_check_constraints(t):
                out.append(("check", t, ck["name"], ck["sqltext"]))
        if eng.dialect.name == "postgresql":
            for e in ins.get_enums():
                out.append(("enum", e["name"], tuple(e["labels"])))
    eng.dispose()
    return sorted(out, key=repr)


def main():
    proj, url = sys.argv[1], sys.argv[2]
    cfg = Config(proj + "/alembic.ini")
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "a0")
    before = snapshot(url)
    command.upgrade(cfg, "a1")
    try:
        command.downgrade(cfg, "a0")
    except Exception as e:  # a downgrade that fails does not undo
        print("bad")
        print("downgrade failed: %s" % e, file=sys.stderr)
        return
    after = snapshot(url)
    if before != after:
        print("bad")
        for x in before:
            if x not in after:
                print("- %r" % (x,), file=sys.stderr)
        for x in after:
            if x not in before:
                print("+ %r" % (x,), file=sys.stderr)
        return
    try:
        command.upgrade(cfg, "a1")
    except Exception as e:
        print("bad")
        print("upgrade after downgrade failed: %s" % e, file=sys.stderr)
        return
    print("ok")


main()
