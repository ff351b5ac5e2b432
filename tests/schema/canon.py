#!/usr/bin/python3
"""The schema of a live database (through SQLAlchemy's inspector, the
reference) or of `cupel schema --format json`, in one canonical JSON form,
so that the two can be compared with diff.

    canon.py db URL            the database
    canon.py cupel FILE.json   cupel's schema
    canon.py compare URL FILE.json
        both, with the names the database gave to constraints cupel leaves
        unnamed dropped; prints a unified diff (cupel's side first) and
        exits 1 when they differ

Compared: tables, the names of views, triggers on PostgreSQL (table, name,
whether enabled); per column the type (as SQLAlchemy compiles it for the
dialect; SERIAL counts as INTEGER) and nullability; the primary key's
columns; unique constraints, foreign keys (columns, referred table and
columns) and indexes (name, columns, unique). Constraint names are compared
where cupel names one. Defaults are not compared (servers rewrite them).
The version table is left out. Tables cupel marks uncertain are listed
under "uncertain" instead.
"""
import json
import sys

SERIAL = {"SERIAL": "INTEGER", "BIGSERIAL": "BIGINT", "SMALLSERIAL": "SMALLINT"}


def norm_type(t):
    t = (t or "?").upper().replace(" (", "(")
    return SERIAL.get(t, t)


def from_db(url):
    import sqlalchemy as sa
    eng = sa.create_engine(url)
    insp = sa.inspect(eng)
    out = {}
    schemas = [None] + [s for s in insp.get_schema_names()
                        if s not in ("public", "information_schema", "main") and not s.startswith("pg_")]
    for schema in schemas:
        for t in insp.get_table_names(schema=schema):
            if t == "alembic_version":
                continue
            key = (schema + "." if schema else "") + t
            cols = {}
            for c in insp.get_columns(t, schema=schema):
                cols[c["name"]] = {"type": norm_type(str(c["type"].compile(eng.dialect))),
                                   "nullable": bool(c["nullable"])}
            pk = insp.get_pk_constraint(t, schema=schema)
            uq = sorted([sorted(u["column_names"]), u.get("name")] for u in insp.get_unique_constraints(t, schema=schema))
            fks = sorted([sorted(f["constrained_columns"]), f["referred_table"], sorted(f["referred_columns"]), f.get("name")]
                         for f in insp.get_foreign_keys(t, schema=schema))
            ix = sorted([i["name"], i["column_names"], bool(i["unique"])]
                        for i in insp.get_indexes(t, schema=schema)
                        if not i.get("duplicates_constraint"))
            out[key] = {"columns": cols, "primary_key": sorted(pk.get("constrained_columns") or []),
                        "unique": uq, "foreign_keys": fks, "indexes": ix}
    return out


def from_cupel(path):
    data = json.load(open(path))
    out, uncertain = {}, []
    for t in data["tables"]:
        key = (t["schema"] + "." if t["schema"] and t["schema"] != "public" else "") + t["name"]
        if t["uncertain"]:
            uncertain.append(key)
            continue
        cols = {c["name"]: {"type": norm_type(c["type"]), "nullable": c["nullable"]} for c in t["columns"]}
        pk = []
        uq, fks = [], []
        for c in t["constraints"]:
            if c["kind"] == "primary_key":
                pk = sorted(c["columns"])
            elif c["kind"] == "unique":
                uq.append([sorted(c["columns"]), c["name"]])
            elif c["kind"] == "foreign_key":
                r = c["references"]
                fks.append([sorted(c["columns"]), r["table"], sorted(r["columns"]), c["name"]])
        ix = sorted([i["name"], i["columns"], i["unique"]] for i in t["indexes"])
        out[key] = {"columns": cols, "primary_key": pk, "unique": sorted(uq), "foreign_keys": sorted(fks),
                    "indexes": ix}
    return out, uncertain


def compare(url, path):
    import difflib
    db = from_db(url)
    cu, uncertain = from_cupel(path)

    for name, t in cu.items():
        d = db.get(name)
        if not d:
            continue
        for what in ("unique", "foreign_keys"):
            unnamed = [c[:-1] for c in t[what] if c[-1] is None]
            d[what] = sorted(c[:-1] + [None] if c[:-1] in unnamed else c for c in d[what])
    for name in uncertain:
        db.pop(name, None)
    if url.startswith("postgresql"):
        import sqlalchemy as sa
        insp = sa.inspect(sa.create_engine(url))
        db["<enums>"] = sorted([e["name"], e["labels"]] for e in insp.get_enums(schema="*"))
        cu["<enums>"] = sorted([e["name"], e["values"]] for e in json.load(open(path))["enums"])
    if url.startswith("postgresql"):
        # triggers by table and name, with whether they fire (pg_trigger.tgenabled)
        import sqlalchemy as sa
        with sa.create_engine(url).connect() as c:
            rows = c.execute(sa.text(
                "SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || r.relname,"
                " g.tgname, g.tgenabled FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid"
                " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE NOT g.tgisinternal")).fetchall()
        db["<triggers>"] = sorted([r[0], r[1], r[2]] for r in rows if r[0] not in uncertain)
        state = {"enabled": "O", "disabled": "D", "replica only": "R", "always": "A"}
        cu["<triggers>"] = sorted(
            [(t["schema"] + "." if t["schema"] and t["schema"] != "public" else "") + t["name"], g["name"],
             state[g["enabled"]]]
            for t in json.load(open(path))["tables"] if not t["uncertain"] for g in t.get("triggers", []))
    # views and materialized views by name
    import sqlalchemy as sa
    insp = sa.inspect(sa.create_engine(url))
    db["<views>"] = sorted(insp.get_view_names())
    cu["<views>"] = sorted(v["name"] for v in json.load(open(path)).get("views", [])
                           if v["schema"] in (None, "", "public", "main"))
    a = json.dumps(cu, indent=1, sort_keys=True).splitlines()
    b = json.dumps(db, indent=1, sort_keys=True).splitlines()
    diff = list(difflib.unified_diff(a, b, "cupel schema", "database", lineterm=""))
    print("\n".join(diff))
    n = len([k for k in cu if not k.startswith("<")])
    print("tables: %d compared, %d uncertain in cupel (%s)" % (n, len(uncertain), ", ".join(uncertain)))
    return 1 if diff else 0


def main():
    if sys.argv[1] == "compare":
        return compare(sys.argv[2], sys.argv[3])
    kind, arg = sys.argv[1], sys.argv[2]
    if kind == "db":
        tables, uncertain = from_db(arg), []
    else:
        tables, uncertain = from_cupel(arg)
    keep = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else None
    if keep is not None:
        tables = {k: v for k, v in tables.items() if k not in keep}
    # unnamed constraints: the database names them, cupel cannot
    for t in tables.values():
        t["unique"] = sorted([c, n] for c, n in t["unique"])
    json.dump({"tables": tables, "uncertain": sorted(uncertain)}, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    sys.exit(main())
