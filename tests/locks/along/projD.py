import sys
from mk import make
M = [
("warehouse core", """
    op.create_table(
        'warehouses',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('code', sa.String(10), nullable=False),
        sa.Column('name', sa.String(100), nullable=False),
        sa.Column('tags', postgresql.ARRAY(sa.Text), nullable=False, server_default=sa.text("'{}'::text[]")),
    )
    op.create_table(
        'stock',
        sa.Column('warehouse_id', sa.Integer, sa.ForeignKey('warehouses.id'), nullable=False),
        sa.Column('item_code', sa.String(40), nullable=False),
        sa.Column('qty', sa.Integer, nullable=False, server_default='0'),
        sa.Column('bin', sa.String(12)),
        sa.Column('counted_at', sa.DateTime),
    )
    op.execute("INSERT INTO warehouses (id, code, name) VALUES (1, 'AMS', 'Amsterdam'), (2, 'BER', 'Berlin')")
    op.execute("INSERT INTO stock (warehouse_id, item_code, qty, bin) VALUES (1, 'X1', 5, 'A-01'), (2, 'X1', 7, NULL)")"""),
("stock primary key", """
    op.create_primary_key('pk_stock', 'stock', ['warehouse_id', 'item_code'])
    op.create_unique_constraint('uq_warehouses_code', 'warehouses', ['code'], postgresql_nulls_not_distinct=True)
    op.add_column('stock', sa.Column('reserved', sa.Integer, nullable=False, server_default=sa.text('0')))
    op.create_check_constraint('ck_stock_reserved', 'stock', 'reserved <= qty')"""),
("bin lookups", """
    op.create_index('ix_stock_bin_lower', 'stock', [sa.text('lower(bin)')])
    op.create_index('ix_stock_bin_partial', 'stock', ['bin'], postgresql_where=sa.text('bin IS NOT NULL'))
    op.alter_column('stock', 'bin', type_=sa.String(24), existing_type=sa.String(12))
    op.alter_column('stock', 'bin', type_=sa.Text, existing_type=sa.String(24))"""),
("warehouse id to bigint", """
    op.alter_column('warehouses', 'id', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('stock', 'warehouse_id', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('stock', 'counted_at', type_=sa.DateTime(timezone=True), existing_type=sa.DateTime)"""),
("sequence for movement numbers", """
    op.execute("CREATE SEQUENCE movement_no_seq START 1000")
    op.create_table(
        'movements',
        sa.Column('id', sa.BigInteger, primary_key=True, server_default=sa.text("nextval('movement_no_seq')")),
        sa.Column('warehouse_id', sa.BigInteger, nullable=False),
        sa.Column('item_code', sa.String(40), nullable=False),
        sa.Column('delta', sa.Integer, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    )
    op.execute("ALTER SEQUENCE movement_no_seq OWNED BY movements.id")
    op.execute(\"\"\"ALTER TABLE movements ADD CONSTRAINT fk_movements_stock
        FOREIGN KEY (warehouse_id, item_code) REFERENCES stock (warehouse_id, item_code) NOT VALID\"\"\")
    op.execute("ALTER TABLE movements VALIDATE CONSTRAINT fk_movements_stock")"""),
("audit trigger", """
    op.execute(\"\"\"
    CREATE FUNCTION stock_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.counted_at := now();
        RETURN NEW;
    END $$
    \"\"\")
    op.execute("CREATE TRIGGER trg_stock_touch BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION stock_touch()")
    op.execute("UPDATE stock SET qty = qty + 1 WHERE item_code = 'X1'")
    op.execute("ALTER TABLE stock DISABLE TRIGGER trg_stock_touch")"""),
("partitioned movements history", """
    op.execute("CREATE TABLE movement_log (id bigint NOT NULL, at timestamptz NOT NULL, note text) PARTITION BY RANGE (at)")
    op.execute("CREATE TABLE movement_log_2026 PARTITION OF movement_log FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    op.create_index('ix_movement_log_at', 'movement_log', ['at'])
    op.execute("INSERT INTO movement_log (id, at) VALUES (1, '2026-03-01')")"""),
("storage tweaks", """
    op.execute("ALTER TABLE stock SET (autovacuum_vacuum_scale_factor = 0.05)")
    op.execute("ALTER TABLE movements REPLICA IDENTITY FULL")
    op.execute("ALTER TABLE stock ALTER COLUMN bin SET STORAGE EXTERNAL")
    op.execute("CLUSTER stock USING pk_stock")
    op.execute("COMMENT ON INDEX ix_stock_bin_lower IS 'case-insensitive bin lookup'")"""),
("code becomes not null integer", """
    op.add_column('warehouses', sa.Column('region', sa.Integer))
    op.execute("UPDATE warehouses SET region = id % 3")
    op.alter_column('warehouses', 'region', nullable=False, existing_type=sa.Integer)
    op.alter_column('warehouses', 'region', type_=sa.SmallInteger, existing_type=sa.Integer, existing_nullable=False)
    op.alter_column('warehouses', 'code', type_=sa.String(10), existing_type=sa.String(10), nullable=True)
    op.alter_column('stock', 'item_code', type_=sa.String(60), existing_type=sa.String(40))"""),
("tidy", """
    op.drop_index('ix_stock_bin_partial', table_name='stock')
    op.drop_column('stock', 'bin')
    op.execute("LOCK TABLE movements IN SHARE ROW EXCLUSIVE MODE")
    op.execute("TRUNCATE movements")
    op.execute("DROP TABLE movement_log")
    op.execute("DROP TRIGGER trg_stock_touch ON stock")
    op.execute("DROP FUNCTION stock_touch()")"""),
]
make(sys.argv[1], 'd', M)
