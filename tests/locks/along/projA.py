import sys
from mk import make
M = [
("customers and products", """
    op.create_table(
        'customers',
        sa.Column('id', sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column('email', sa.String(255), nullable=False),
        sa.Column('full_name', sa.Text),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.text('now()')),
        sa.Column('is_active', sa.Boolean, nullable=False, server_default=sa.text('true')),
        sa.UniqueConstraint('email', name='uq_customers_email'),
    )
    op.create_table(
        'products',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('sku', sa.String(32), nullable=False, unique=True),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('price', sa.Numeric(10, 2), nullable=False),
        sa.Column('attrs', postgresql.JSONB, server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.CheckConstraint('price >= 0', name='ck_products_price_nonneg'),
    )
    op.create_index('ix_customers_created_at', 'customers', ['created_at'])"""),
("orders", """
    op.create_table(
        'orders',
        sa.Column('id', sa.BigInteger, primary_key=True),
        sa.Column('customer_id', sa.BigInteger, sa.ForeignKey('customers.id', ondelete='CASCADE'), nullable=False),
        sa.Column('status', sa.Enum('new', 'paid', 'shipped', 'cancelled', name='order_status'), nullable=False, server_default='new'),
        sa.Column('total', sa.Numeric(12, 2), nullable=False, server_default=sa.text('0')),
        sa.Column('placed_at', sa.DateTime, server_default=sa.func.now()),
    )
    op.create_table(
        'order_lines',
        sa.Column('order_id', sa.BigInteger, nullable=False),
        sa.Column('line_no', sa.SmallInteger, nullable=False),
        sa.Column('product_id', sa.Integer, nullable=False),
        sa.Column('qty', sa.Integer, nullable=False, server_default='1'),
        sa.PrimaryKeyConstraint('order_id', 'line_no', name='pk_order_lines'),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name='fk_order_lines_order', ondelete='CASCADE'),
    )
    op.create_foreign_key('fk_order_lines_product', 'order_lines', 'products', ['product_id'], ['id'],
                          ondelete='RESTRICT', deferrable=True, initially='DEFERRED')
    op.create_index('ix_orders_customer_status', 'orders', ['customer_id', 'status'])
    op.create_index('ix_orders_open', 'orders', ['placed_at'], postgresql_where=sa.text("status IN ('new', 'paid')"))"""),
("seed products", """
    products = sa.table('products', sa.column('id', sa.Integer), sa.column('sku', sa.String),
                        sa.column('name', sa.String), sa.column('price', sa.Numeric))
    op.bulk_insert(products, [
        {'id': 1, 'sku': 'A-1', 'name': 'Widget', 'price': 9.99},
        {'id': 2, 'sku': 'B-2', 'name': 'Gadget', 'price': 19.50},
    ])
    op.execute("INSERT INTO customers (email, full_name) VALUES ('a@example.com', 'Ann')")
    op.execute("INSERT INTO orders (id, customer_id) SELECT 1, id FROM customers WHERE email = 'a@example.com'")
    op.execute("INSERT INTO order_lines (order_id, line_no, product_id, qty) VALUES (1, 1, 2, 3)")
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")"""),
("customer phone and tier", """
    op.add_column('customers', sa.Column('phone', sa.String(20)))
    op.add_column('customers', sa.Column('tier', sa.SmallInteger, nullable=False, server_default='0'))
    op.add_column('customers', sa.Column('ext_ref', postgresql.UUID(as_uuid=True), server_default=sa.text('gen_random_uuid()')))
    op.create_index('ix_customers_phone', 'customers', ['phone'], unique=True, postgresql_where=sa.text('phone IS NOT NULL'))
    op.create_check_constraint('ck_customers_tier', 'customers', 'tier BETWEEN 0 AND 5')"""),
("widen phone, make name required", """
    op.alter_column('customers', 'phone', type_=sa.String(32), existing_type=sa.String(20), existing_nullable=True)
    op.execute("UPDATE customers SET full_name = '' WHERE full_name IS NULL")
    op.alter_column('customers', 'full_name', existing_type=sa.Text, nullable=False)
    op.alter_column('customers', 'full_name', new_column_name='display_name', existing_type=sa.Text)
    op.alter_column('customers', 'tier', server_default=None, existing_type=sa.SmallInteger)"""),
("product search", """
    op.create_index('ix_products_attrs', 'products', ['attrs'], postgresql_using='gin')
    op.create_index('ix_products_lower_name', 'products', [sa.text('lower(name)')])
    op.create_index('ix_products_sku_incl', 'products', ['sku'], postgresql_include=['price'])
    op.create_table_comment('products', 'Sellable items, one row per SKU')"""),
("money as bigint cents", """
    op.add_column('products', sa.Column('price_cents', sa.BigInteger))
    op.execute("UPDATE products SET price_cents = (price * 100)::bigint")
    op.alter_column('products', 'price_cents', nullable=False, existing_type=sa.BigInteger)
    op.drop_constraint('ck_products_price_nonneg', 'products', type_='check')
    op.drop_column('products', 'price')
    op.create_check_constraint('ck_products_price_cents', 'products', sa.column('price_cents') >= 0)"""),
("orders total to numeric 14,2 and status text", """
    op.alter_column('orders', 'total', type_=sa.Numeric(14, 2), existing_type=sa.Numeric(12, 2), existing_nullable=False)
    op.alter_column('orders', 'placed_at', type_=sa.DateTime(timezone=True), existing_type=sa.DateTime,
                    postgresql_using="placed_at AT TIME ZONE 'UTC'")
    op.drop_index('ix_orders_open', table_name='orders')
    op.alter_column('orders', 'status', type_=sa.String(20), existing_type=sa.Enum(name='order_status'),
                    postgresql_using='status::text', server_default='new', existing_server_default="'new'::order_status")"""),
("rename order lines", """
    op.rename_table('order_lines', 'order_items')
    op.execute('ALTER INDEX pk_order_lines RENAME TO pk_order_items')
    op.alter_column('order_items', 'qty', type_=sa.BigInteger, existing_type=sa.Integer)
    op.create_check_constraint('ck_order_items_qty', 'order_items', 'qty > 0')"""),
("archive cancelled orders", """
    op.create_table(
        'orders_archive',
        sa.Column('id', sa.BigInteger, primary_key=True),
        sa.Column('customer_id', sa.BigInteger),
        sa.Column('status', sa.String(20)),
        sa.Column('archived_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP')),
    )
    op.execute("INSERT INTO orders_archive (id, customer_id, status) SELECT id, customer_id, status FROM orders WHERE status = 'cancelled'")
    op.execute("DELETE FROM orders WHERE status = 'cancelled'")
    op.execute('DROP TYPE order_status')"""),
("customer uniqueness on lower(email)", """
    op.drop_constraint('uq_customers_email', 'customers', type_='unique')
    op.create_index('uq_customers_email_lower', 'customers', [sa.text('lower(email)')], unique=True)
    op.drop_index('ix_customers_created_at', table_name='customers')
    op.create_index('ix_customers_created_at_brin', 'customers', ['created_at'], postgresql_using='brin')"""),
("drop archive", """
    op.drop_table('orders_archive')
    op.drop_column('customers', 'ext_ref')
    op.add_column('orders', sa.Column('note', sa.Text, nullable=True, comment='free text from support'))"""),
]
make(sys.argv[1], 'a', M)
