#!/usr/bin/python3
"""Generate an Alembic project of SQLite batch_alter_table steps without
copy_from, one revision each (so that cupel and Alembic can take turns
revision by revision): add/drop/alter column, constraints and indexes in
batch, recreate="auto"/"always"/"never", tables with foreign keys (one of
them to itself), indexes (one partial), CHECK and UNIQUE constraints
(named and unnamed), server defaults of every kind, a table written by hand
in SQL, rows in every table so that the copies can be compared.

    gen_batch.py OUTDIR [--fault missing-table|failing-copy|naming-convention|insert-after-alter|one-line-ddl]

--fault adds one last revision that must fail: a batch on a table that
does not exist, or a copy whose INSERT ... SELECT fails (NOT NULL on a
column holding NULL) after a good statement of the same migration, or a
recreate of a table whose CREATE TABLE is on one line (SQLAlchemy's
reflection then misreads the constraints, and the copy fails), or one
with a naming_convention (not modelled: refused before it runs), or an
add_column(insert_after=) that Alembic refuses: when it is called nothing
queued before it needs a recreate.
"""
import argparse
import importlib.util
import os

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen_live", os.path.join(here, "gen_live.py"))
gen_live = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_live)

STEPS = [
    ("org table", """
op.create_table('org',
    sa.Column('id', sa.Integer(), primary_key=True),
    sa.Column('name', sa.String(50), nullable=False),
    sa.Column('parent_id', sa.Integer(), sa.ForeignKey('org.id')),
    sa.UniqueConstraint('name', name='uq_org_name'))
op.execute("INSERT INTO org (id, name, parent_id) VALUES (1, 'root', NULL), (2, 'child', 1)")
"""),
    ("account table", """
op.create_table('account',
    sa.Column('id', sa.Integer(), primary_key=True),
    sa.Column('email', sa.String(200), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('age', sa.Integer(), server_default='0'),
    sa.Column('status', sa.String(20), server_default=sa.text("'new'")),
    sa.Column('created', sa.DateTime(), server_default=sa.func.now()),
    sa.Column('score', sa.Numeric(10, 2), server_default=sa.text('10')),
    sa.Column('active', sa.Boolean(create_constraint=True, name='ck_account_active')),
    sa.Column('note', sa.Text()),
    sa.ForeignKeyConstraint(['org_id'], ['org.id'], name='fk_account_org', ondelete='CASCADE',
                            onupdate='SET NULL'),
    sa.CheckConstraint('age >= 0', name='ck_account_age'),
    sa.CheckConstraint('length(email) > 3'),
    sa.UniqueConstraint('email'))
op.create_index('ix_account_age', 'account', ['age'])
op.create_index('ix_account_old', 'account', ['age', 'status'], sqlite_where=sa.text('age > 10'))
op.create_index('ix_account_lower', 'account', [sa.text('lower(email)')])
op.execute("INSERT INTO account (id, email, org_id, age, status, created, score, active, note) VALUES "
           "(1, 'ann@example.org', 1, 30, 'ok', '2026-01-02 03:04:05', 12.5, 1, 'x'), "
           "(2, 'bob@example.org', 2, 5, 'new', '2026-02-03 04:05:06', 1, 0, NULL)")
"""),
    ("auto: add_column is a plain ALTER", """
with op.batch_alter_table('account') as b:
    b.add_column(sa.Column('nickname', sa.String(40), server_default='nick'))
"""),
    ("auto: add_column with an SQL default recreates", """
with op.batch_alter_table('account') as b:
    b.add_column(sa.Column('region', sa.String(10), server_default=sa.text("'eu'"), nullable=False))
"""),
    ("drop a column", """
with op.batch_alter_table('account') as b:
    b.drop_column('nickname')
"""),
    ("change a type (CAST on copy) and rename a column", """
with op.batch_alter_table('account') as b:
    b.alter_column('age', type_=sa.String(10), existing_type=sa.Integer())
    b.alter_column('score', new_column_name='points', existing_type=sa.Numeric(10, 2))
"""),
    ("NOT NULL and a new default", """
with op.batch_alter_table('account') as b:
    b.alter_column('status', nullable=False, server_default='none', existing_type=sa.String(20))
    b.alter_column('note', server_default=None, existing_type=sa.Text())
"""),
    ("constraints and an index in one batch", """
with op.batch_alter_table('account') as b:
    b.create_unique_constraint('uq_account_status_email', ['status', 'email'])
    b.create_check_constraint('ck_account_region', "region IN ('eu', 'us')")
    b.create_index('ix_account_region', ['region'])
    b.drop_index('ix_account_age')
"""),
    ("auto: indexes only, no recreate", """
with op.batch_alter_table('account') as b:
    b.create_index('ix_account_created', ['created'], unique=False)
    b.drop_index('ix_account_region')
"""),
    ("drop and add constraints, foreign key replaced", """
with op.batch_alter_table('account') as b:
    b.drop_constraint('ck_account_age', type_='check')
    b.drop_constraint('fk_account_org', type_='foreignkey')
    b.create_foreign_key('fk_account_org2', 'org', ['org_id'], ['id'], ondelete='SET NULL')
"""),
    ("always: recreate for an add_column", """
with op.batch_alter_table('account', recreate='always') as b:
    b.add_column(sa.Column('tier', sa.Integer(), server_default='1'), insert_after='email')
"""),
    ("never: a plain ALTER", """
with op.batch_alter_table('account', recreate='never') as b:
    b.add_column(sa.Column('extra', sa.Integer()))
"""),
    ("self-referencing table recreated", """
with op.batch_alter_table('org') as b:
    b.alter_column('name', type_=sa.String(80), existing_type=sa.String(50), existing_nullable=False)
    b.add_column(sa.Column('code', sa.String(5)))
"""),
    ("a table written by hand", """
op.execute('''CREATE TABLE legacy (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    qty INT DEFAULT 10 CHECK (qty > 0),
    price DOUBLE DEFAULT 1.5,
    label VARCHAR (20) DEFAULT 'none',
    at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    org_id INTEGER REFERENCES org(id) ON DELETE CASCADE,
    CONSTRAINT ck_legacy_code CHECK (length(code) < 20),
    CONSTRAINT fk_legacy_org2 FOREIGN KEY (qty) REFERENCES org (id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
)''')
op.execute("CREATE INDEX ix_legacy_qty ON legacy (qty DESC)")
op.execute("INSERT INTO legacy (code, qty, org_id, at) VALUES ('a', 1, 1, '2026-01-01'), ('b', 2, 2, NULL)")
"""),
    ("batch on the hand-written table", """
with op.batch_alter_table('legacy') as b:
    b.alter_column('qty', nullable=False, existing_type=sa.Integer())
    b.add_column(sa.Column('flag', sa.Boolean(), server_default=sa.true()))
"""),
    ("composite primary key, named", """
op.create_table('pair',
    sa.Column('a', sa.Integer(), nullable=False),
    sa.Column('b', sa.String(10), nullable=False),
    sa.Column('v', sa.Integer()),
    sa.PrimaryKeyConstraint('a', 'b', name='pk_pair'))
op.execute("INSERT INTO pair (a, b, v) VALUES (1, 'x', 3), (2, 'y', NULL)")
with op.batch_alter_table('pair') as b:
    b.alter_column('v', new_column_name='value', server_default='7', existing_type=sa.Integer())
op.create_table('pair2',
    sa.Column('a', sa.Integer(), nullable=False),
    sa.Column('b', sa.String(10), nullable=False),
    sa.Column('c', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('c', 'b', 'a'))
op.execute("INSERT INTO pair2 (a, b, c) VALUES (1, 'x', 3)")
with op.batch_alter_table('pair2') as b:
    b.add_column(sa.Column('d', sa.Integer(), server_default=sa.text('(0)')))
"""),
    ("a table written on one line: SQLAlchemy misreads a constraint name", """
op.execute("CREATE TABLE oneline (id INTEGER NOT NULL, k VARCHAR(10), n INTEGER, "
           "CONSTRAINT pk_oneline PRIMARY KEY (id), CONSTRAINT uq_oneline_k UNIQUE (k), "
           "FOREIGN KEY (n) REFERENCES org (id) ON DELETE CASCADE)")
op.execute("INSERT INTO oneline (id, k, n) VALUES (1, 'a', 1)")
with op.batch_alter_table('oneline') as b:
    b.drop_column('k')
"""),
    ("the SQL standard's type names, reflected and recreated", """
op.create_table('ledger',
    sa.Column('id', sa.Integer(), primary_key=True),
    sa.Column('amount', sa.DECIMAL(10, 2), nullable=False),
    sa.Column('rate', sa.DECIMAL()),
    sa.Column('label', sa.NVARCHAR(length=30)),
    sa.Column('cc', sa.NCHAR(2)),
    sa.Column('at', sa.DATETIME()),
    sa.Column('body', sa.CLOB()),
    sa.Column('raw', sa.BLOB()),
    sa.Column('digest', sa.BINARY(16)),
    sa.Column('sortkey', sa.String(20, collation='NOCASE')))
op.execute("INSERT INTO ledger (id, amount, rate, label, cc, at, body, sortkey) VALUES (1, 12.5, 0.1, 'x', 'DE', '2026-01-02 03:04:05', 'text', 'Abc')")
with op.batch_alter_table('ledger') as b:
    b.alter_column('label', nullable=False, existing_type=sa.NVARCHAR(length=30))
    b.alter_column('amount', type_=sa.DECIMAL(12, 3), existing_type=sa.DECIMAL(10, 2))
    b.add_column(sa.Column('note', sa.NVARCHAR(10), server_default='n'))
"""),
    ("two batches on one table in one migration", """
with op.batch_alter_table('pair') as b:
    b.add_column(sa.Column('w', sa.Integer(), server_default=sa.text('(1 + 1)')))
op.execute("INSERT INTO pair (a, b) VALUES (3, 'z')")
with op.batch_alter_table('pair') as b:
    b.drop_column('w')
    b.create_check_constraint('ck_pair_a', 'a > 0')
"""),
]

FAULTS = {
    "missing-table": ("batch on a table that does not exist", """
op.execute("INSERT INTO org (id, name) VALUES (9, 'before the batch')")
with op.batch_alter_table('nosuch') as b:
    b.drop_column('x')
"""),
    "failing-copy": ("a copy that fails", """
op.execute("INSERT INTO org (id, name) VALUES (9, 'before the batch')")
with op.batch_alter_table('pair') as b:
    b.alter_column('value', nullable=False, existing_type=sa.Integer())
"""),
    "naming-convention": ("a batch whose naming convention names reflected constraints", """
op.execute("INSERT INTO org (id, name) VALUES (9, 'before the batch')")
with op.batch_alter_table('org', naming_convention={'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s'}) as b:
    b.drop_column('code')
"""),
    "insert-after-alter": ("insert_after before anything that recreates", """
op.execute("INSERT INTO org (id, name) VALUES (9, 'before the batch')")
with op.batch_alter_table('org') as b:
    b.add_column(sa.Column('z', sa.Integer()), insert_after='id')
    b.drop_column('code')
"""),
    "one-line-ddl": ("a table written on one line", """
op.execute("CREATE TABLE oneline2 (id INTEGER NOT NULL, k VARCHAR(10), n INTEGER, "
           "CONSTRAINT pk_oneline2 PRIMARY KEY (id), CONSTRAINT uq_oneline2_k UNIQUE (k), "
           "CONSTRAINT ck_oneline2_n CHECK (n > 0), FOREIGN KEY (n) REFERENCES org (id))")
with op.batch_alter_table('oneline2', recreate='always') as b:
    pass
"""),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--fault", choices=sorted(FAULTS))
    a = ap.parse_args()
    vers = os.path.join(a.out, "migrations", "versions")
    os.makedirs(vers, exist_ok=True)
    with open(os.path.join(a.out, "alembic.ini"), "w") as f:
        f.write(gen_live.INI)
    with open(os.path.join(a.out, "migrations", "env.py"), "w") as f:
        f.write(gen_live.ENV_PY % {"extra": ""})
    steps = list(STEPS) + ([FAULTS[a.fault]] if a.fault else [])
    down = None
    for i, (msg, up) in enumerate(steps, 1):
        rev = "b%02d" % i
        lines = [l for l in up.strip("\n").split("\n")]
        with open(os.path.join(vers, rev + ".py"), "w") as f:
            f.write(gen_live.SCRIPT.format(message=msg, rev=rev, down_text=down or "", down=down,
                                           labels=None, deps=None, up=gen_live.body(lines),
                                           down_body="    pass"))
        down = rev
        print(rev)


main()
