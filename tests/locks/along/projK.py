import sys
from mk import make
# A support desk release (audit 12): what the schema model must carry
# from one migration to the next: indexes, checks and keys over columns
# and tables that are renamed or dropped before the statement that
# depends on them.
M = [
("tickets", """
    op.create_table('agents',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('handle', sa.String(20), nullable=False))
    op.create_table('tickets',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('agent_id', sa.Integer, sa.ForeignKey('agents.id', name='fk_tickets_agent')),
        sa.Column('subject', sa.String(60), nullable=False),
        sa.Column('prio', sa.SmallInteger),
        sa.Column('state', sa.String(10), nullable=False, server_default='open'),
        sa.Column('closed_at', sa.DateTime(timezone=True)))
    op.execute("INSERT INTO agents SELECT g, 'a' || g FROM generate_series(1, 5) g")
    op.execute("INSERT INTO tickets (id, agent_id, subject, prio) SELECT g, 1 + g % 5, 's' || g, g % 3 FROM generate_series(1, 40) g")
    op.create_index('ix_tickets_open_subject', 'tickets', ['subject'], postgresql_where=sa.text("state = 'open'"))
    op.create_index('ix_tickets_handle_ci', 'agents', [sa.text('lower(handle)')], unique=True)
    op.create_check_constraint('ck_tickets_prio', 'tickets', 'prio IS NOT NULL AND prio >= 0', postgresql_not_valid=True)"""),
("renames", """
    op.alter_column('tickets', 'state', new_column_name='status', existing_type=sa.String(10))
    op.alter_column('agents', 'handle', new_column_name='nick', existing_type=sa.String(20))
    op.rename_table('agents', 'staff')
    op.execute("ALTER INDEX ix_tickets_handle_ci RENAME TO uq_staff_nick_ci")"""),
("widen after rename", """
    op.alter_column('tickets', 'subject', type_=sa.String(120), existing_type=sa.String(60), existing_nullable=False)
    op.alter_column('staff', 'nick', type_=sa.String(40), existing_type=sa.String(20), existing_nullable=False)
    op.alter_column('tickets', 'status', type_=sa.String(20), existing_type=sa.String(10), existing_nullable=False, existing_server_default='open')
    op.alter_column('tickets', 'agent_id', type_=sa.BigInteger, existing_type=sa.Integer)"""),
("validate and not null", """
    op.execute("ALTER TABLE tickets VALIDATE CONSTRAINT ck_tickets_prio")
    op.alter_column('tickets', 'prio', nullable=False, existing_type=sa.SmallInteger)
    op.alter_column('tickets', 'prio', new_column_name='priority', existing_type=sa.SmallInteger, existing_nullable=False)
    op.alter_column('tickets', 'priority', nullable=True, existing_type=sa.SmallInteger)
    op.alter_column('tickets', 'priority', nullable=False, existing_type=sa.SmallInteger)"""),
("drop what indexes read", """
    op.drop_column('tickets', 'status')
    op.alter_column('tickets', 'subject', type_=sa.String(200), existing_type=sa.String(120), existing_nullable=False)
    op.drop_constraint('ck_tickets_prio', 'tickets', type_='check')
    op.alter_column('tickets', 'priority', nullable=True, existing_type=sa.SmallInteger)
    op.alter_column('tickets', 'priority', nullable=False, existing_type=sa.SmallInteger)"""),
("checks on dropped columns", """
    op.add_column('tickets', sa.Column('sla_h', sa.Integer))
    op.execute("UPDATE tickets SET sla_h = 24")
    op.create_check_constraint('ck_tickets_sla', 'tickets', 'sla_h IS NOT NULL AND closed_at IS NULL OR sla_h IS NOT NULL')
    op.create_check_constraint('ck_tickets_sla2', 'tickets', sa.text('sla_h IS NOT NULL AND priority >= 0'))
    op.drop_column('tickets', 'priority')
    op.alter_column('tickets', 'sla_h', nullable=False, existing_type=sa.Integer)"""),
("indexes by new names", """
    op.drop_index('uq_staff_nick_ci', table_name='staff')
    op.create_index('ix_staff_nick', 'staff', ['nick'])
    op.execute("ALTER TABLE staff RENAME CONSTRAINT agents_pkey TO staff_pkey")
    op.create_unique_constraint('uq_staff_nick', 'staff', ['nick'])
    op.drop_index('ix_staff_nick', table_name='staff')"""),
("move to schema", """
    op.execute("CREATE SCHEMA desk")
    op.execute("ALTER TABLE staff SET SCHEMA desk")
    op.alter_column('staff', 'id', type_=sa.BigInteger, existing_type=sa.Integer, schema='desk')
    op.add_column('staff', sa.Column('team', sa.String(20), server_default='l1'), schema='desk')
    op.execute("UPDATE tickets SET agent_id = NULL WHERE agent_id = 5")
    op.execute("DELETE FROM desk.staff WHERE id = 5")"""),
("keys by new names", """
    op.drop_constraint('fk_tickets_agent', 'tickets', type_='foreignkey')
    op.create_foreign_key('fk_tickets_staff', 'tickets', 'staff', ['agent_id'], ['id'], referent_schema='desk', ondelete='SET NULL')
    op.rename_table('tickets', 'cases')
    op.execute("DELETE FROM desk.staff WHERE id = 4")
    op.execute("TRUNCATE desk.staff CASCADE")"""),
("macros in one batch", """
    op.create_table('macros',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('body', sa.Text, nullable=False),
        sa.Column('title', sa.String(40)))
    op.execute("INSERT INTO macros SELECT g, 'b' || g, 't' || g FROM generate_series(1, 20) g")
    op.create_index('ix_macros_title', 'macros', ['title'], postgresql_where=sa.text('id > 0'))
    with op.batch_alter_table('macros') as b:
        b.add_column(sa.Column('slug', sa.String(10)))
        b.create_index('ix_macros_slug', [sa.text('lower(slug)')])
        b.alter_column('slug', type_=sa.String(20), existing_type=sa.String(10))
        b.drop_index('ix_macros_title')
        b.alter_column('title', type_=sa.String(80), existing_type=sa.String(40))"""),
("stock checks", """
    op.create_table('stock',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('code', sa.String(10), nullable=False),
        sa.Column('qty', sa.Integer, nullable=False),
        sa.CheckConstraint('length(code) > 2', name='ck_stock_code'))
    op.execute("INSERT INTO stock SELECT g, 'C' || g * 100, g FROM generate_series(1, 30) g")
    op.create_check_constraint('ck_stock_qty', 'stock', 'qty >= 0 AND qty < 100000')
    op.alter_column('stock', 'code', new_column_name='sku', existing_type=sa.String(10), existing_nullable=False)
    op.alter_column('stock', 'sku', type_=sa.String(20), existing_type=sa.String(10), existing_nullable=False)"""),
("stock log", """
    op.create_table('stock_log', sa.Column('stock_id', sa.Integer, nullable=False), sa.Column('at', sa.DateTime(timezone=True), server_default=sa.func.now()))
    op.execute(\"\"\"CREATE FUNCTION stock_logged() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO stock_log (stock_id) VALUES (NEW.id); RETURN NEW; END $$\"\"\")
    op.execute("CREATE TRIGGER trg_stock_qty BEFORE UPDATE OF qty ON stock FOR EACH ROW EXECUTE FUNCTION stock_logged()")
    op.alter_column('stock', 'qty', new_column_name='on_hand', existing_type=sa.Integer, existing_nullable=False)
    op.execute("UPDATE stock SET on_hand = on_hand + 1 WHERE id = 3")"""),
("stock moves", """
    op.execute("CREATE TABLE moves (id bigint NOT NULL, at date NOT NULL, qty int NOT NULL) PARTITION BY RANGE (at)")
    op.execute("CREATE TABLE moves_2025 PARTITION OF moves FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
    op.execute("CREATE TABLE moves_2026 PARTITION OF moves FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    op.alter_column('moves', 'at', new_column_name='moved_on', existing_type=sa.Date, existing_nullable=False)
    op.execute("INSERT INTO moves VALUES (1, '2026-03-01', 5)")
    op.execute("DELETE FROM moves WHERE moved_on < '2026-01-01'")
    op.create_index('ix_moves_qty', 'moves', ['qty'])
    op.alter_column('moves', 'qty', type_=sa.BigInteger, existing_type=sa.Integer, existing_nullable=False)"""),
("one SQL string", '''
    op.execute("""
        ALTER TABLE macros ADD COLUMN lang varchar(5);
        CREATE INDEX ix_macros_lang ON macros (lower(lang));
        ALTER TABLE macros ALTER COLUMN lang TYPE varchar(10);
    """)
    op.execute("""
        CREATE INDEX ix_macros_title_live ON macros (title) WHERE id > 10;
        ALTER TABLE macros ALTER COLUMN title TYPE varchar(120);
    """)'''),
]
make(sys.argv[1], 'k', M)
