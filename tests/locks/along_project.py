#!/usr/bin/env python3
"""An Alembic project whose migrations depend on themselves: later
statements of a migration change what earlier ones made (a column added
then retyped, an index made then renamed and dropped, a type created then
used, a table renamed then altered). tests/locks/along.sh checks cupel's
facts for every statement against PostgreSQL with the statements before
it applied.
    along_project.py DIR
"""
import os
import sys

# the layout, the same as the other along projects'
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "along"))
from mk import make  # noqa: E402

MIGRATIONS = [
    ("base tables", """
    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('a', sa.Integer),
                    sa.Column('s', sa.String(10)))
    op.create_table('p', sa.Column('id', sa.Integer, primary_key=True))
    op.create_table('u', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.Text))
    op.create_index('ix_t_a', 't', ['a'])"""),
    ("a column added, then retyped", """
    op.add_column('t', sa.Column('c', sa.String(10)))
    op.alter_column('t', 'c', type_=sa.String(20), existing_type=sa.String(10))
    op.alter_column('t', 'c', type_=sa.String(5), existing_type=sa.String(20))
    op.alter_column('t', 'c', type_=sa.Text, existing_type=sa.String(5))"""),
    ("an index made, renamed, dropped", """
    op.create_index('ix_c', 't', ['c'])
    op.execute("ALTER INDEX ix_c RENAME TO ix_c2")
    op.drop_index('ix_c2', table_name='t')
    op.execute("CREATE INDEX ix_s ON t (s)")
    op.execute("DROP INDEX ix_s")"""),
    ("a type created, then used", """
    op.execute("CREATE TYPE mood AS ENUM ('a', 'b')")
    op.add_column('t', sa.Column('m', sa.Text))
    op.execute("ALTER TABLE t ALTER COLUMN m TYPE mood USING m::mood")"""),
    ("a table renamed, then altered", """
    op.rename_table('u', 'u2')
    op.alter_column('u2', 'name', type_=sa.String(50), existing_type=sa.Text)
    op.add_column('u2', sa.Column('n', sa.Integer))
    op.alter_column('u2', 'n', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('u2', 'n', nullable=False, existing_type=sa.BigInteger)"""),
    ("a table made, then constrained", """
    op.create_table('q', sa.Column('id', sa.Integer, primary_key=True), sa.Column('pid', sa.Integer))
    op.create_foreign_key('fk_q_p', 'q', 'p', ['pid'], ['id'])
    op.execute("ALTER TABLE q ADD CONSTRAINT fk2 FOREIGN KEY (pid) REFERENCES p (id) NOT VALID")
    op.execute("ALTER TABLE q VALIDATE CONSTRAINT fk2")
    op.execute("INSERT INTO p (id) VALUES (1)")
    op.execute("INSERT INTO q (id, pid) VALUES (1, 1)")"""),
    ("a numeric widened after it is added", """
    op.add_column('t', sa.Column('d', sa.Numeric(10, 2)))
    op.alter_column('t', 'd', type_=sa.Numeric(12, 2), existing_type=sa.Numeric(10, 2))
    op.alter_column('t', 'd', type_=sa.Numeric(12, 4), existing_type=sa.Numeric(12, 2))"""),
    ("a table made by SQL, then altered", """
    op.execute("CREATE TABLE w (id int PRIMARY KEY, v varchar(10))")
    op.execute("ALTER TABLE w ALTER COLUMN v TYPE varchar(40)")
    op.execute("CREATE INDEX ix_w_v ON w (v)")
    op.execute("ALTER TABLE w ALTER COLUMN v TYPE text")
    op.execute("ALTER TABLE w ALTER COLUMN v TYPE varchar(8)")"""),
    ("a column with a default, changed and dropped", """
    op.add_column('t', sa.Column('e', sa.Integer, server_default='0'))
    op.alter_column('t', 'e', server_default=None, existing_type=sa.Integer)
    op.alter_column('t', 'e', type_=sa.SmallInteger, existing_type=sa.Integer)
    op.drop_column('t', 'e')"""),
    ("a table dropped and made again", """
    op.drop_table('q')
    op.create_table('q', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('v', sa.String(3)))
    op.alter_column('q', 'v', type_=sa.String(9), existing_type=sa.String(3))
    op.alter_column('q', 'id', type_=sa.Integer, existing_type=sa.BigInteger)"""),
]


if __name__ == "__main__":
    make(sys.argv[1], "a", MIGRATIONS)
