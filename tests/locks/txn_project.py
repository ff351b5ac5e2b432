#!/usr/bin/env python3
"""Migrations whose locks only their transaction shows (tests/locks/txn.sh):
a deferred foreign key's check run by SET CONSTRAINTS ... IMMEDIATE or left
for COMMIT, a weaker lock after a stronger on the same table, triggers that
write other tables, a bulk load with the triggers switched off.
    txn_project.py DIR
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "along"))
from mk import make  # noqa: E402

MIGRATIONS = [
    ("orders", """
    op.create_table('customers', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.Text))
    op.create_table('orders', sa.Column('id', sa.Integer, primary_key=True), sa.Column('customer_id', sa.Integer),
                    sa.Column('total', sa.Numeric(10, 2)))
    op.create_foreign_key('fk_orders_customer', 'orders', 'customers', ['customer_id'], ['id'],
                          deferrable=True, initially='DEFERRED')
    op.create_table('audit', sa.Column('id', sa.Integer), sa.Column('op', sa.Text))
    op.execute("INSERT INTO customers VALUES (1, 'a'), (2, 'b')")"""),
    ("deferred key, checked on demand", """
    op.execute("INSERT INTO orders VALUES (1, 1, 10)")
    op.execute("UPDATE orders SET customer_id = 2 WHERE id = 1")
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    op.execute("INSERT INTO orders VALUES (2, 1, 5)")"""),
    ("deferred key by name", """
    op.execute("INSERT INTO orders VALUES (3, 2, 7)")
    op.execute("SET CONSTRAINTS fk_orders_customer IMMEDIATE")"""),
    ("weaker after stronger", """
    op.execute("LOCK TABLE customers IN SHARE MODE")
    op.execute("SELECT count(*) FROM customers")
    op.add_column('customers', sa.Column('email', sa.Text))
    op.execute("UPDATE customers SET email = name || '@x'")
    op.create_index('ix_orders_total', 'orders', ['total'])
    op.execute("INSERT INTO orders VALUES (4, 1, 1)")"""),
    ("audit trigger", """
    op.execute(\"\"\"CREATE FUNCTION orders_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO audit VALUES (NEW.id, TG_OP);
        RETURN NEW;
    END $$\"\"\")
    op.execute("CREATE TRIGGER trg_orders_audit AFTER INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_audit()")
    op.execute("INSERT INTO orders VALUES (5, 2, 3)")
    op.execute("UPDATE orders SET total = total + 1 WHERE id = 5")"""),
    ("deferrable keys", """
    op.create_table('regions', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.Text))
    op.create_table('shops', sa.Column('id', sa.Integer, primary_key=True), sa.Column('region_id', sa.Integer))
    op.create_foreign_key('fk_shops_region', 'shops', 'regions', ['region_id'], ['id'], deferrable=True)
    op.execute("INSERT INTO regions VALUES (2, 'south')")
    op.execute("CREATE TABLE zones (id int PRIMARY KEY, code int, region_id int REFERENCES regions (id) DEFERRABLE)")"""),
    ("the load, keys deferred", """
    op.execute("SET CONSTRAINTS fk_shops_region DEFERRED")
    op.execute("INSERT INTO shops VALUES (1, 1), (2, 1)")
    op.execute("INSERT INTO regions VALUES (1, 'north')")
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    op.execute("INSERT INTO shops VALUES (3, 1)")"""),
    ("one text, several statements", """
    op.execute("INSERT INTO zones VALUES (1, 1, 2), (2, 2, NULL); ALTER TABLE zones ALTER COLUMN code TYPE bigint")
    op.execute("SET CONSTRAINTS ALL DEFERRED; INSERT INTO zones VALUES (3, 3, 1); UPDATE shops SET region_id = 1")
    op.execute("ALTER TABLE shops ALTER CONSTRAINT fk_shops_region NOT DEFERRABLE; INSERT INTO shops VALUES (4, 1)")"""),
    ("bulk load without triggers", """
    op.execute("ALTER TABLE orders DISABLE TRIGGER ALL")
    op.execute("INSERT INTO orders SELECT g, 1, g FROM generate_series(10, 20) g")
    op.execute("ALTER TABLE orders ENABLE TRIGGER ALL")
    op.execute("DELETE FROM orders WHERE id > 15")"""),
]

make(sys.argv[1], 't', MIGRATIONS)
