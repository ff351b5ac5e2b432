import sys
from mk import make
M = [
("catalog", """
    op.create_table(
        'vendors',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(80), nullable=False),
        sa.Column('active', sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        'products',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('vendor_id', sa.Integer, sa.ForeignKey('vendors.id', name='fk_products_vendor'), nullable=False),
        sa.Column('sku', sa.String(30), nullable=False),
        sa.Column('price', sa.Integer, nullable=False),
        sa.Column('tags', postgresql.ARRAY(sa.String(20))),
        sa.Column('valid', postgresql.TSTZRANGE),
        sa.Column('added', sa.DateTime(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP')),
    )
    op.create_index('ix_products_sku', 'products', ['sku'], unique=True)
    op.execute("INSERT INTO vendors (id, name) VALUES (1, 'acme'), (2, 'globex')")
    op.execute("INSERT INTO products (id, vendor_id, sku, price) SELECT g, 1 + g % 2, 'S' || g, g FROM generate_series(1, 40) g")"""),
("batch on postgres", """
    with op.batch_alter_table('products') as b:
        b.add_column(sa.Column('weight', sa.Float))
        b.alter_column('sku', type_=sa.String(40), existing_type=sa.String(30), existing_nullable=False)
        b.create_index('ix_products_weight', ['weight'])
    with op.batch_alter_table('vendors') as b:
        b.alter_column('name', new_column_name='title', existing_type=sa.String(80))
        b.create_unique_constraint('uq_vendors_title', ['title'])"""),
("prices in numeric", """
    op.alter_column('products', 'price', type_=sa.Numeric(12, 2), existing_type=sa.Integer, existing_nullable=False)
    op.alter_column('products', 'added', type_=sa.DateTime(timezone=False), existing_type=sa.DateTime(), server_default=sa.text('now()'))
    op.alter_column('products', 'tags', type_=postgresql.ARRAY(sa.Text), existing_type=postgresql.ARRAY(sa.String(20)))
    op.alter_column('vendors', 'active', server_default=None, existing_type=sa.Boolean)
    op.alter_column('vendors', 'active', type_=sa.Integer, existing_type=sa.Boolean, postgresql_using='active::int')"""),
("no overlaps", """
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_exclude_constraint('ex_products_valid', 'products', ('vendor_id', '='), ('valid', '&&'), where=sa.text('valid IS NOT NULL'))
    op.execute(\"\"\"INSERT INTO products (id, vendor_id, sku, price) VALUES (100, 1, 'X100', 5)
        ON CONFLICT (id) DO UPDATE SET price = EXCLUDED.price\"\"\")
    op.execute("UPDATE products p SET price = p.price * 2 FROM vendors v WHERE v.id = p.vendor_id AND v.title = 'acme'")"""),
("vendor key rename", """
    op.alter_column('vendors', 'id', new_column_name='vendor_no', existing_type=sa.Integer)
    op.drop_constraint('fk_products_vendor', 'products', type_='foreignkey')
    op.create_foreign_key('fk_products_vendor2', 'products', 'vendors', ['vendor_id'], ['vendor_no'], onupdate='CASCADE')
    op.execute("UPDATE vendors SET vendor_no = vendor_no + 10 WHERE vendor_no = 2")
    op.drop_index('ix_products_sku', table_name='products')
    op.create_unique_constraint('uq_products_sku', 'products', ['sku'])"""),
("primary key swap", """
    op.add_column('products', sa.Column('uid', sa.BigInteger, sa.Identity()))
    op.drop_constraint('ex_products_valid', 'products', type_='exclude')
    op.drop_constraint('products_pkey', 'products', type_='primary')
    op.create_primary_key('pk_products', 'products', ['uid'])
    op.alter_column('products', 'id', nullable=True, existing_type=sa.Integer)"""),
("views", """
    op.execute("CREATE VIEW cheap_products AS SELECT uid, sku, price FROM products WHERE price < 10")
    op.execute("SELECT count(*) FROM cheap_products")
    op.alter_column('products', 'weight', type_=sa.Numeric, existing_type=sa.Float)
    op.execute("DROP VIEW cheap_products")
    op.drop_column('products', 'valid')
    op.drop_table_comment('vendors')"""),
("cleanup", """
    op.execute("DELETE FROM products WHERE vendor_id IN (SELECT vendor_no FROM vendors WHERE active = 0)")
    op.execute("ALTER TABLE products ALTER COLUMN sku SET STATISTICS 500, ALTER COLUMN price SET NOT NULL")
    op.alter_column('products', 'tags', existing_type=postgresql.ARRAY(sa.Text), server_default=sa.text("'{}'"))
    op.execute("VACUUM ANALYZE products") if False else op.execute("ANALYZE products")
    op.drop_table('products')
    op.drop_table('vendors')"""),
("partitioned events", """
    op.execute("CREATE TABLE events (id bigint NOT NULL, day date NOT NULL, kind text, note text) PARTITION BY RANGE (day)")
    op.execute("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
    op.execute("CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    op.execute("INSERT INTO events VALUES (1, '2025-03-01', 'a', NULL), (2, '2026-03-01', 'b', NULL)")
    op.create_primary_key('pk_events', 'events', ['id', 'day'])
    op.create_unique_constraint('uq_events_kind', 'events', ['kind', 'day'])
    op.drop_constraint('pk_events', 'events', type_='primary')
    op.create_primary_key('pk_events2', 'events', ['kind', 'day'])"""),
("null keys", """
    op.create_table('teams', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.Text))
    op.create_table('members',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('team_id', sa.Integer, sa.ForeignKey('teams.id', name='fk_members_team')),
        sa.Column('mentor_team', sa.Integer, sa.ForeignKey('teams.id', name='fk_members_mentor')),
        sa.Column('name', sa.Text))
    op.bulk_insert(sa.table('teams', sa.column('id', sa.Integer), sa.column('name', sa.Text)), [{'id': 1, 'name': 'core'}])
    op.bulk_insert(sa.table('members', sa.column('id', sa.Integer), sa.column('team_id', sa.Integer), sa.column('name', sa.Text)),
        [{'id': 1, 'team_id': None, 'name': 'ann'}, {'id': 2, 'name': 'bob'}, {'id': 3, 'team_id': 1, 'name': 'cy'}])
    op.execute("INSERT INTO members (id, name) VALUES (4, 'dee'), (5, 'eve')")
    op.execute("INSERT INTO members (id, team_id, mentor_team) SELECT 10 + id, NULL, id FROM teams")
    op.alter_column('members', 'team_id', server_default=sa.text('1'), existing_type=sa.Integer)
    op.execute("INSERT INTO members (id, name) VALUES (6, 'fay')")
    op.alter_column('members', 'team_id', server_default=None, existing_type=sa.Integer)
    op.execute("INSERT INTO members (id, name) VALUES (7, 'gus') ON CONFLICT (id) DO UPDATE SET team_id = NULL")"""),
("several statements in one text", """
    op.execute("CREATE TABLE badges (id int PRIMARY KEY, code int, team_id int REFERENCES teams (id) DEFERRABLE); "
               "INSERT INTO badges VALUES (1, 1, NULL); ALTER TABLE badges ALTER COLUMN code TYPE bigint")
    op.execute("ALTER TABLE members ADD COLUMN rank int DEFAULT 0; ALTER TABLE members ALTER COLUMN rank TYPE bigint; "
               "ALTER TABLE members ALTER COLUMN rank SET NOT NULL")
    op.execute("ALTER TABLE teams ADD COLUMN slug varchar(10); ALTER TABLE teams ALTER COLUMN slug TYPE varchar(20); "
               "CREATE INDEX ix_teams_slug ON teams (slug); ALTER TABLE teams ALTER COLUMN slug TYPE text")"""),
]
make(sys.argv[1], 'f', M)
