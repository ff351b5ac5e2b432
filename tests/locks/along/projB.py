import sys
from mk import make
M = [
("billing schema", """
    op.execute('CREATE SCHEMA other')
    plan_kind = postgresql.ENUM('free', 'pro', 'enterprise', name='plan_kind', schema='other')
    plan_kind.create(op.get_bind())
    op.create_table(
        'plans',
        sa.Column('id', sa.Integer, sa.Identity(start=100), primary_key=True),
        sa.Column('code', sa.String(16), nullable=False),
        sa.Column('kind', postgresql.ENUM(name='plan_kind', schema='other', create_type=False), nullable=False),
        sa.Column('monthly_cents', sa.Integer, nullable=False, server_default=sa.text('0')),
        sa.UniqueConstraint('code', name='uq_plans_code'),
        schema='other',
    )
    op.create_table(
        'subscriptions',
        sa.Column('id', sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column('plan_id', sa.Integer, sa.ForeignKey('other.plans.id'), nullable=False),
        sa.Column('account_ref', sa.String(64), nullable=False),
        sa.Column('starts_on', sa.Date, nullable=False, server_default=sa.text('CURRENT_DATE')),
        sa.Column('ends_on', sa.Date),
        sa.CheckConstraint('ends_on IS NULL OR ends_on > starts_on', name='ck_subscriptions_dates'),
        schema='other',
    )
    op.create_index('ix_subscriptions_account', 'subscriptions', ['account_ref'], schema='other')"""),
("seed plans", """
    plans = sa.table('plans', sa.column('code', sa.String), sa.column('kind', sa.String),
                     sa.column('monthly_cents', sa.Integer), schema='other')
    op.bulk_insert(plans, [
        {'code': 'free', 'kind': 'free', 'monthly_cents': 0},
        {'code': 'pro', 'kind': 'pro', 'monthly_cents': 1900},
    ])
    op.execute("INSERT INTO other.subscriptions (plan_id, account_ref) SELECT id, 'acct-1' FROM other.plans WHERE code = 'pro'")"""),
("invoices in public", """
    op.create_table(
        'invoices',
        sa.Column('id', sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column('subscription_id', sa.BigInteger, nullable=False),
        sa.Column('amount_cents', sa.Integer, nullable=False),
        sa.Column('currency', sa.CHAR(3), nullable=False, server_default='EUR'),
        sa.Column('issued_at', sa.TIMESTAMP(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('lines', postgresql.ARRAY(sa.Text)),
    )
    op.create_foreign_key('fk_invoices_subscription', 'invoices', 'subscriptions', ['subscription_id'], ['id'],
                          referent_schema='other', ondelete='CASCADE')
    op.create_index('ix_invoices_sub_issued', 'invoices', ['subscription_id', sa.text('issued_at DESC')])"""),
("plan display name and retire enterprise", """
    op.add_column('plans', sa.Column('display_name', sa.String(80)), schema='other')
    op.execute("UPDATE other.plans SET display_name = initcap(code)")
    op.alter_column('plans', 'display_name', nullable=False, existing_type=sa.String(80), schema='other')
    op.alter_column('plans', 'kind', type_=sa.String(16), existing_type=postgresql.ENUM(name='plan_kind', schema='other'),
                    postgresql_using='kind::text', schema='other')
    op.execute('DROP TYPE other.plan_kind')"""),
("invoice numbers via batch", """
    with op.batch_alter_table('invoices') as batch_op:
        batch_op.add_column(sa.Column('number', sa.String(20)))
        batch_op.alter_column('currency', type_=sa.String(3), existing_type=sa.CHAR(3))
        batch_op.create_unique_constraint('uq_invoices_number', ['number'])
        batch_op.create_check_constraint('ck_invoices_amount', 'amount_cents >= 0')"""),
("subscriptions batch changes", """
    with op.batch_alter_table('subscriptions', schema='other') as batch_op:
        batch_op.alter_column('account_ref', new_column_name='account_key', existing_type=sa.String(64))
        batch_op.add_column(sa.Column('seats', sa.Integer, nullable=False, server_default='1'))
        batch_op.drop_constraint('ck_subscriptions_dates', type_='check')
        batch_op.create_index('ix_subscriptions_ends_on', ['ends_on'], postgresql_where=sa.text('ends_on IS NOT NULL'))"""),
("ledger with composite key", """
    op.create_table(
        'ledger',
        sa.Column('invoice_id', sa.BigInteger, nullable=False),
        sa.Column('seq', sa.Integer, nullable=False),
        sa.Column('delta_cents', sa.Integer, nullable=False),
        sa.Column('memo', sa.Text),
    )
    op.create_primary_key('pk_ledger', 'ledger', ['invoice_id', 'seq'])
    op.create_foreign_key('fk_ledger_invoice', 'ledger', 'invoices', ['invoice_id'], ['id'],
                          ondelete='CASCADE', deferrable=True, initially='IMMEDIATE')
    op.create_index('ix_ledger_memo_trgm', 'ledger', [sa.text("to_tsvector('simple', coalesce(memo, ''))")], postgresql_using='gin')"""),
("widen amounts to bigint", """
    op.alter_column('invoices', 'amount_cents', type_=sa.BigInteger, existing_type=sa.Integer, existing_nullable=False)
    op.alter_column('ledger', 'delta_cents', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('ledger', 'invoice_id', existing_type=sa.BigInteger, comment='owning invoice')
    op.alter_column('plans', 'monthly_cents', type_=sa.BigInteger, existing_type=sa.Integer,
                    server_default=sa.text('0'), existing_server_default=sa.text('0'), schema='other')"""),
("move plans lookup", """
    op.rename_table('plans', 'plan_catalog', schema='other')
    op.create_table_comment('plan_catalog', 'Billable plans', schema='other')
    op.drop_constraint('uq_plans_code', 'plan_catalog', type_='unique', schema='other')
    op.create_unique_constraint('uq_plan_catalog_code', 'plan_catalog', ['code'], schema='other')
    op.drop_index('ix_subscriptions_account', table_name='subscriptions', schema='other')"""),
("drop ledger memo index and column", """
    op.drop_index('ix_ledger_memo_trgm', table_name='ledger')
    op.drop_column('ledger', 'memo')
    op.drop_constraint('fk_ledger_invoice', 'ledger', type_='foreignkey')
    op.drop_constraint('pk_ledger', 'ledger', type_='primary')
    op.drop_table('ledger')"""),
("invoice status with postgresql enum", """
    invoice_status = postgresql.ENUM('draft', 'open', 'paid', 'void', name='invoice_status')
    invoice_status.create(op.get_bind(), checkfirst=False)
    op.add_column('invoices', sa.Column('status', invoice_status, nullable=False, server_default='draft'))
    op.create_index('ix_invoices_open', 'invoices', ['issued_at'], postgresql_where=sa.text("status = 'open'"))
    op.execute("ALTER TYPE invoice_status ADD VALUE 'refunded'")"""),
("refunds table", """
    op.create_table(
        'refunds',
        sa.Column('invoice_id', sa.BigInteger),
        sa.Column('reason', sa.Enum('duplicate', 'fraud', 'customer', name='refund_reason', native_enum=False, create_constraint=True, length=12)),
        sa.Column('amount_cents', sa.Integer),
        sa.Column('ref', sa.String(20)),
    )
    op.add_column('refunds', sa.Column('created_by', sa.Integer, nullable=False))
    op.create_primary_key('pk_refunds', 'refunds', ['invoice_id'])
    op.create_foreign_key('fk_refunds_invoice', 'refunds', 'invoices', ['invoice_id'], ['id'])
    op.execute("INSERT INTO invoices (subscription_id, amount_cents, number) SELECT id, 1900, 'INV-1' FROM other.subscriptions")
    op.execute("INSERT INTO refunds (invoice_id, reason, amount_cents, ref, created_by) SELECT id, 'customer', 100, '42', 7 FROM invoices")"""),
("refund columns reshaped", """
    op.alter_column('refunds', 'ref', type_=sa.Integer, existing_type=sa.String(20), postgresql_using='ref::integer')
    op.execute("ALTER TABLE refunds ADD COLUMN approved_cents integer CHECK (approved_cents >= 0)")
    op.execute("ALTER TABLE refunds ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency <> '')")
    op.execute("ALTER TABLE refunds ADD COLUMN approver_id bigint REFERENCES invoices (id)")
    op.alter_column('refunds', 'amount_cents', server_default=sa.text('floor(random() * 10)::int'), existing_type=sa.Integer)
    op.alter_column('invoices', 'lines', type_=postgresql.ARRAY(sa.String), existing_type=postgresql.ARRAY(sa.Text))"""),
("invoice updates", """
    op.execute("UPDATE invoices SET subscription_id = subscription_id + 0")
    op.execute("UPDATE refunds SET invoice_id = invoice_id WHERE amount_cents > 0")
    op.execute("UPDATE refunds SET approver_id = invoice_id")
    op.execute("DELETE FROM refunds WHERE reason = 'fraud'")"""),
("refunds unlogged staging", """
    op.execute("CREATE UNLOGGED TABLE refund_staging (id int PRIMARY KEY, raw text)")
    op.execute("INSERT INTO refund_staging VALUES (1, 'x')")
    op.execute("ALTER TABLE refund_staging SET LOGGED")
    op.execute("CREATE UNIQUE INDEX uq_refund_staging_raw ON refund_staging (raw)")
    op.execute("ALTER TABLE refund_staging ADD CONSTRAINT uq_refund_staging_raw UNIQUE USING INDEX uq_refund_staging_raw")
    op.alter_column('refund_staging', 'raw', type_=sa.String(200), existing_type=sa.Text)"""),
]
make(sys.argv[1], 'b', M)
