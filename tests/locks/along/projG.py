import sys
from mk import make
M = [
("ledger", """
    op.execute("CREATE SCHEMA ledger")
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('code', sa.String(12), nullable=False),
        sa.Column('kind', sa.Enum('asset', 'liability', name='account_kind', schema='ledger'), nullable=False),
        sa.Column('opened', sa.DateTime(), nullable=True),
        schema='ledger',
    )
    op.create_table(
        'entries',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('account_id', sa.Integer, nullable=False),
        sa.Column('amount', sa.Numeric(10, 2), nullable=False),
        sa.Column('memo', sa.String(50)),
        sa.Column('amount_x100', sa.BigInteger, sa.Computed('(amount * 100)::bigint')),
        schema='ledger',
    )
    op.bulk_insert(sa.table('accounts', sa.column('id', sa.Integer), sa.column('code', sa.String), sa.column('kind', sa.String), schema='ledger'),
        [{'id': 1, 'code': 'CASH', 'kind': 'asset'}, {'id': 2, 'code': 'LOAN', 'kind': 'liability'}])
    op.execute("INSERT INTO ledger.entries (id, account_id, amount, memo) SELECT g, 1 + g % 2, g * 0.5, 'm' || g FROM generate_series(1, 30) g")"""),
("keys", """
    op.create_foreign_key('fk_entries_account', 'entries', 'accounts', ['account_id'], ['id'],
        source_schema='ledger', referent_schema='ledger', ondelete='RESTRICT', deferrable=True, initially='DEFERRED')
    op.create_index('ix_entries_account_big', 'entries', ['account_id'], schema='ledger', postgresql_where=sa.text('amount > 10'), postgresql_include=['memo'])
    op.create_check_constraint('ck_entries_memo', 'entries', sa.text("memo <> ''"), schema='ledger')
    op.drop_constraint('ck_entries_memo', 'entries', schema='ledger', type_='check')"""),
("wider columns", """
    op.alter_column('entries', 'id', type_=sa.BigInteger, existing_type=sa.Integer, schema='ledger', postgresql_using='id::bigint')
    op.alter_column('entries', 'memo', type_=sa.Text, existing_type=sa.String(50), schema='ledger')
    op.alter_column('accounts', 'code', type_=sa.String(20), existing_type=sa.String(12), schema='ledger', comment='ledger account code')
    op.alter_column('accounts', 'opened', type_=sa.Date, existing_type=sa.DateTime(), schema='ledger', postgresql_using='opened::date')"""),
("defaults and not null", """
    op.execute("UPDATE ledger.accounts SET opened = DATE '2020-01-01' WHERE opened IS NULL")
    op.alter_column('accounts', 'opened', nullable=False, server_default=sa.text('CURRENT_DATE'), existing_type=sa.Date, schema='ledger')
    op.execute("ALTER TYPE ledger.account_kind ADD VALUE 'equity' AFTER 'liability'")
    op.create_table_comment('accounts', 'chart of accounts', schema='ledger')"""),
("invoices", """
    op.create_table(
        'bills',
        sa.Column('id', sa.Integer, sa.Identity(always=True), primary_key=True),
        sa.Column('account_id', sa.Integer, nullable=False),
        sa.Column('total', sa.Numeric(12, 2), nullable=False, server_default='0'),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.execute("INSERT INTO bills (account_id, total) SELECT 1 + g % 2, g FROM generate_series(1, 20) g")
    op.rename_table('bills', 'invoices')
    op.create_index('ix_invoices_issued', 'invoices', [sa.text('issued_at DESC')])
    op.execute("ALTER TABLE invoices ADD CONSTRAINT fk_invoices_account FOREIGN KEY (account_id) REFERENCES ledger.accounts (id) NOT VALID")
    op.execute("ALTER TABLE invoices VALIDATE CONSTRAINT fk_invoices_account")"""),
("invoice checks", """
    op.create_check_constraint('ck_invoices_total', 'invoices', 'total >= 0', postgresql_not_valid=True)
    op.execute("ALTER TABLE invoices VALIDATE CONSTRAINT ck_invoices_total")
    op.create_unique_constraint('uq_invoices_account_issued', 'invoices', ['id', 'issued_at'])
    op.drop_constraint('uq_invoices_account_issued', 'invoices', type_='unique')
    op.drop_constraint('fk_invoices_account', 'invoices', type_='foreignkey')
    op.execute("ALTER TABLE invoices ALTER COLUMN id RESTART WITH 1000")
    op.alter_column('invoices', 'total', type_=sa.Numeric(16, 2), existing_type=sa.Numeric(12, 2), existing_nullable=False, existing_server_default='0')"""),
("sequences", """
    op.execute("CREATE SEQUENCE invoice_number_seq START 5000 INCREMENT 1")
    op.add_column('invoices', sa.Column('number', sa.BigInteger, server_default=sa.text("nextval('invoice_number_seq')"), nullable=False))
    op.execute("ALTER SEQUENCE invoice_number_seq OWNED BY invoices.number")
    op.execute("SELECT setval('invoice_number_seq', (SELECT max(number) FROM invoices))")
    op.create_index('uq_invoices_number', 'invoices', ['number'], unique=True)"""),
("reporting", """
    op.execute("CREATE MATERIALIZED VIEW account_totals AS SELECT account_id, sum(total) AS total FROM invoices GROUP BY account_id")
    op.execute("CREATE UNIQUE INDEX uq_account_totals ON account_totals (account_id)")
    op.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY account_totals")
    op.execute("REFRESH MATERIALIZED VIEW account_totals WITH NO DATA")
    op.execute("CREATE OR REPLACE VIEW v_big_invoices AS SELECT id, account_id, total FROM invoices WHERE total > 10")"""),
("backfills", """
    op.add_column('invoices', sa.Column('account_code', sa.String(20)))
    op.execute("UPDATE invoices i SET account_code = a.code FROM ledger.accounts a WHERE a.id = i.account_id")
    op.execute("DELETE FROM ledger.entries e USING ledger.accounts a WHERE a.id = e.account_id AND a.kind = 'liability' AND e.amount < 2")
    op.alter_column('invoices', 'account_code', nullable=False, existing_type=sa.String(20))"""),
("audit trigger", """
    op.execute(\"\"\"CREATE FUNCTION invoices_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.total := round(NEW.total, 2); RETURN NEW; END $$\"\"\")
    op.execute("CREATE TRIGGER trg_invoices_audit BEFORE INSERT OR UPDATE OF total ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_audit()")
    op.execute("UPDATE invoices SET total = total + 0.001 WHERE id < 5")
    op.execute("ALTER TABLE invoices ENABLE ALWAYS TRIGGER trg_invoices_audit")
    op.execute("COMMENT ON TRIGGER trg_invoices_audit ON invoices IS 'rounds totals'")"""),
("partitions", """
    op.execute("CREATE TABLE ledger.postings (id bigint NOT NULL, booked date NOT NULL, amount numeric(12,2)) PARTITION BY RANGE (booked)")
    op.execute("CREATE TABLE ledger.postings_2025 PARTITION OF ledger.postings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
    op.execute("CREATE TABLE ledger.postings_2026 (id bigint NOT NULL, booked date NOT NULL, amount numeric(12,2))")
    op.execute("INSERT INTO ledger.postings_2026 VALUES (1, '2026-02-01', 3)")
    op.execute("ALTER TABLE ledger.postings ATTACH PARTITION ledger.postings_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    op.create_index('ix_postings_booked', 'postings', ['booked'], schema='ledger')
    op.add_column('postings', sa.Column('note', sa.Text), schema='ledger')
    op.alter_column('postings', 'amount', nullable=False, existing_type=sa.Numeric(12, 2), schema='ledger')
    op.execute("ALTER TABLE ledger.postings DETACH PARTITION ledger.postings_2025")"""),
("computed drop", """
    op.execute("ALTER TABLE ledger.entries ALTER COLUMN amount_x100 DROP EXPRESSION")
    op.alter_column('entries', 'memo', comment='free text', existing_type=sa.Text, schema='ledger')
    op.alter_column('entries', 'account_id', server_default=sa.text('1'), nullable=True, existing_type=sa.Integer, schema='ledger')
    op.alter_column('entries', 'id', server_default=None, existing_type=sa.BigInteger, schema='ledger')
    op.execute("DROP SEQUENCE ledger.entries_id_seq")
    op.execute("ALTER TABLE ledger.entries ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 100)")"""),
("chart view", """
    op.execute("CREATE VIEW v_chart AS SELECT id, code FROM ledger.accounts")
    op.execute("CREATE OR REPLACE VIEW v_chart AS SELECT id, code, kind FROM ledger.accounts")
    op.execute("ALTER VIEW v_chart RENAME TO v_accounts")
    op.execute("COMMENT ON VIEW v_accounts IS 'accounts for reports'")
    op.execute("DROP VIEW v_accounts")
    op.alter_column('accounts', 'kind', type_=sa.Text, existing_type=sa.Enum(name='account_kind'), schema='ledger', postgresql_using='kind::text')
    op.execute("DROP TYPE ledger.account_kind")"""),
("invoice columns", """
    op.alter_column('invoices', 'account_code', type_=sa.String(10), existing_type=sa.String(20), existing_nullable=False)
    op.create_index('ix_invoices_account_code', 'invoices', ['account_code'])
    op.alter_column('invoices', 'account_code', type_=sa.String(40), existing_type=sa.String(10), existing_nullable=False)
    op.execute("ALTER TABLE invoices RENAME CONSTRAINT ck_invoices_total TO ck_invoices_total_nonneg")
    op.execute("ALTER SEQUENCE invoice_number_seq RESTART WITH 9000")"""),
("archive", """
    op.create_table('invoices_archive',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=False),
        sa.Column('account_id', sa.Integer, nullable=False),
        sa.Column('total', sa.Numeric(16, 4), nullable=False))
    op.execute(\"\"\"WITH moved AS (DELETE FROM invoices WHERE total < 3 RETURNING id, account_id, total)
        INSERT INTO invoices_archive SELECT id, account_id, total FROM moved\"\"\")
    op.alter_column('invoices_archive', 'total', type_=sa.Numeric(18, 2), existing_type=sa.Numeric(16, 4), existing_nullable=False)
    op.execute("TRUNCATE invoices_archive RESTART IDENTITY")
    op.execute("ALTER TABLE invoices_archive SET SCHEMA ledger")
    op.create_index('ix_archive_account', 'invoices_archive', ['account_id'], schema='ledger', unique=False, postgresql_where=sa.text('total > 0'))"""),
("partition upkeep", """
    op.execute("UPDATE ledger.postings SET booked = '2026-06-01' WHERE id = 1")
    op.execute("CREATE INDEX ix_postings_amount ON ONLY ledger.postings (amount)")
    op.execute("CREATE INDEX ix_postings_2026_amount ON ledger.postings_2026 (amount)")
    op.execute("ALTER INDEX ledger.ix_postings_amount ATTACH PARTITION ledger.ix_postings_2026_amount")
    op.alter_column('postings', 'note', server_default='-', existing_type=sa.Text, schema='ledger')
    op.execute("ALTER TABLE ledger.accounts DROP CONSTRAINT accounts_pkey CASCADE")
    op.execute("REFRESH MATERIALIZED VIEW account_totals")"""),
("cleanup", """
    op.execute("DROP VIEW v_big_invoices")
    op.execute("DROP MATERIALIZED VIEW account_totals")
    op.drop_index('ix_entries_account_big', table_name='entries', schema='ledger')
    op.execute("DROP TABLE ledger.postings_2025")
    op.execute("DROP TABLE invoices CASCADE")
    op.execute("DROP FUNCTION invoices_audit()")
    op.drop_table('entries', schema='ledger')
    op.execute("DROP SCHEMA ledger CASCADE")"""),
]
make(sys.argv[1], 'g', M)
