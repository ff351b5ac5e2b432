import sys
from mk import make
# A bookings release (audit 12): partitioned tables driven by Alembic's
# operations, an exclusion constraint, views and materialized views over
# the columns that change, trigger-written audit rows, a second schema.
M = [
("rooms", """
    op.create_table('rooms',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(30), nullable=False),
        sa.Column('capacity', sa.SmallInteger, nullable=False, server_default='4'),
        sa.Column('kind', sa.Enum('desk', 'meeting', 'hall', name='room_kind'), nullable=False))
    op.create_table('bookings',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('room_id', sa.Integer, sa.ForeignKey('rooms.id'), nullable=False),
        sa.Column('during', postgresql.TSRANGE, nullable=False),
        sa.Column('note', sa.String(100)))
    op.bulk_insert(sa.table('rooms', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('kind', sa.String)),
        [{'id': 1, 'name': 'A', 'kind': 'desk'}, {'id': 2, 'name': 'B', 'kind': 'hall'}])
    op.bulk_insert(sa.table('bookings', sa.column('id', sa.Integer), sa.column('room_id', sa.Integer), sa.column('during', sa.String)),
        [{'id': 1, 'room_id': 1, 'during': '[2025-01-01 10:00, 2025-01-01 11:00)'}, {'id': 2, 'room_id': 2, 'during': '[2025-01-02 10:00, 2025-01-02 12:00)'}])"""),
("no overlaps", """
    op.create_exclude_constraint('ex_bookings_during', 'bookings', ('during', '&&'), using='gist', where=sa.text('note IS NULL'))
    op.create_index('ix_bookings_room', 'bookings', ['room_id', 'id'], unique=True)
    op.create_check_constraint('ck_rooms_capacity', 'rooms', sa.column('capacity') > 0)"""),
("events partitioned", """
    op.execute("CREATE TABLE events (id bigint NOT NULL, room_id int, occurred_at timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (occurred_at)")
    op.execute("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
    op.execute("CREATE TABLE events_default PARTITION OF events DEFAULT")
    op.execute("INSERT INTO events SELECT g, 1 + g % 2, timestamptz '2025-03-01' + g * interval '1 week', '{}' FROM generate_series(1, 60) g")
    op.create_index('ix_events_occurred', 'events', ['occurred_at'])
    op.create_foreign_key('fk_events_room', 'events', 'rooms', ['room_id'], ['id'], ondelete='SET NULL')"""),
("events columns", """
    op.add_column('events', sa.Column('source', sa.String(20), server_default='api', nullable=False))
    op.alter_column('events', 'room_id', nullable=False, existing_type=sa.Integer)
    op.alter_column('events', 'source', type_=sa.String(40), existing_type=sa.String(20), existing_nullable=False)
    op.alter_column('events', 'payload', type_=postgresql.JSONB, existing_type=postgresql.JSONB, server_default=sa.text("'{}'::jsonb"))
    op.create_index('ix_events_payload', 'events', ['payload'], postgresql_using='gin')"""),
("new year partition", """
    op.execute("CREATE TABLE events_2026 (LIKE events INCLUDING DEFAULTS)")
    op.execute("ALTER TABLE events_2026 ADD CONSTRAINT ck_events_2026 CHECK (occurred_at >= '2026-01-01' AND occurred_at < '2027-01-01')")
    op.execute("DELETE FROM events_default WHERE occurred_at >= '2026-01-01' AND occurred_at < '2027-01-01'")
    op.execute("ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    op.execute("ALTER TABLE events_2026 DROP CONSTRAINT ck_events_2026")
    op.execute("UPDATE events SET source = 'import' WHERE occurred_at < '2025-06-01'")"""),
("reports", """
    op.execute("CREATE VIEW v_room_bookings AS SELECT r.id, r.name, b.during FROM rooms r JOIN bookings b ON b.room_id = r.id")
    op.execute("CREATE MATERIALIZED VIEW mv_room_usage AS SELECT room_id, count(*) AS n FROM events GROUP BY room_id")
    op.execute("CREATE UNIQUE INDEX uq_mv_room_usage ON mv_room_usage (room_id)")
    op.alter_column('rooms', 'name', new_column_name='title', existing_type=sa.String(30))
    op.execute("CREATE OR REPLACE VIEW v_room_bookings AS SELECT r.id, r.title AS name, b.during, b.note FROM rooms r JOIN bookings b ON b.room_id = r.id")
    op.execute("REFRESH MATERIALIZED VIEW mv_room_usage")"""),
("audit trail", """
    op.create_table('booking_log',
        sa.Column('id', sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column('booking_id', sa.Integer, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
    op.execute(\"\"\"CREATE FUNCTION log_booking() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO booking_log (booking_id) VALUES (NEW.id); RETURN NEW; END $$\"\"\")
    op.execute("CREATE TRIGGER trg_booking_log AFTER INSERT OR UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION log_booking()")
    op.execute("UPDATE bookings SET note = 'checked' WHERE id = 2")
    op.bulk_insert(sa.table('bookings', sa.column('id', sa.Integer), sa.column('room_id', sa.Integer), sa.column('during', sa.String)),
        [{'id': 3, 'room_id': 2, 'during': '[2025-02-01 10:00, 2025-02-01 11:00)'}])
    op.execute("ALTER TABLE bookings DISABLE TRIGGER trg_booking_log")"""),
("room key bigint", """
    op.execute("DROP VIEW v_room_bookings")
    op.execute("DROP MATERIALIZED VIEW mv_room_usage")
    op.alter_column('rooms', 'id', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('bookings', 'room_id', type_=sa.BigInteger, existing_type=sa.Integer, existing_nullable=False)
    op.alter_column('events', 'room_id', type_=sa.BigInteger, existing_type=sa.Integer, existing_nullable=False)
    op.execute("CREATE VIEW v_room_bookings AS SELECT r.id, r.title AS name, b.during, b.note FROM rooms r JOIN bookings b ON b.room_id = r.id")
    op.execute("CREATE MATERIALIZED VIEW mv_room_usage AS SELECT room_id, count(*) AS n FROM events GROUP BY room_id WITH NO DATA")"""),
("ops schema", """
    op.execute("CREATE SCHEMA ops")
    op.create_table('cleanings',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('room_id', sa.BigInteger, sa.ForeignKey('public.rooms.id', onupdate='CASCADE'), nullable=False),
        sa.Column('done_on', sa.Date, nullable=False),
        schema='ops')
    op.execute("INSERT INTO ops.cleanings (id, room_id, done_on) SELECT g, 1 + g % 2, DATE '2025-01-01' + g FROM generate_series(1, 10) g")
    op.create_index('ix_cleanings_room_done', 'cleanings', ['room_id', sa.text('done_on DESC')], schema='ops')
    op.rename_table('cleanings', 'room_cleanings', schema='ops')
    op.add_column('room_cleanings', sa.Column('by_whom', sa.String(40)), schema='ops')
    op.drop_column('room_cleanings', 'by_whom', schema='ops')"""),
("sequences", """
    op.execute("CREATE SEQUENCE ticket_seq START WITH 100")
    op.add_column('bookings', sa.Column('ticket', sa.BigInteger, server_default=sa.text("nextval('ticket_seq')")))
    op.execute("ALTER SEQUENCE ticket_seq OWNED BY bookings.ticket")
    op.create_unique_constraint('uq_bookings_ticket', 'bookings', ['ticket'])"""),
("room kinds", """
    op.execute("ALTER TYPE room_kind ADD VALUE 'studio' BEFORE 'hall'")
    op.execute("CREATE TYPE room_kind2 AS ENUM ('desk', 'meeting', 'studio', 'hall', 'lab')")
    op.alter_column('rooms', 'kind', type_=postgresql.ENUM(name='room_kind2', create_type=False), existing_type=sa.Enum(name='room_kind'), postgresql_using='kind::text::room_kind2', existing_nullable=False)
    op.execute("DROP TYPE room_kind")
    op.execute("ALTER TYPE room_kind2 RENAME TO room_kind")"""),
("capacity", """
    op.alter_column('rooms', 'capacity', type_=sa.Integer, existing_type=sa.SmallInteger, existing_nullable=False, existing_server_default='4')
    op.drop_constraint('ck_rooms_capacity', 'rooms', type_='check')
    op.create_check_constraint('ck_rooms_capacity', 'rooms', 'capacity BETWEEN 1 AND 500')
    op.execute("UPDATE rooms r SET capacity = capacity + 1 WHERE EXISTS (SELECT 1 FROM bookings b WHERE b.room_id = r.id)")"""),
("detach old", """
    op.execute("ALTER TABLE events DETACH PARTITION events_2025")
    op.execute("ALTER TABLE events_2025 RENAME TO events_2025_archive")
    op.drop_index('ix_events_payload', table_name='events')
    op.execute("DELETE FROM events WHERE room_id = 2 AND occurred_at >= '2026-03-01'")
    op.drop_column('events', 'source')"""),
("cleanup", """
    op.execute("DROP MATERIALIZED VIEW mv_room_usage")
    op.execute("DROP VIEW v_room_bookings")
    op.drop_constraint('ex_bookings_during', 'bookings')
    op.drop_table('booking_log')
    op.execute("DROP FUNCTION log_booking() CASCADE")
    op.drop_table('room_cleanings', schema='ops')
    op.execute("DROP TABLE events")
    op.drop_table('bookings')"""),
]
make(sys.argv[1], 'i', M)
