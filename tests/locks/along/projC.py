import sys
from mk import make
M = [
("users and events", """
    op.create_table(
        'users',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('username', sa.String(40), nullable=False, unique=True, index=True),
        sa.Column('email', sa.Text, nullable=False, comment='login e-mail'),
        sa.Column('bio', sa.Text),
        sa.Column('score', sa.Numeric(10, 2)),
        sa.Column('last_seen', postgresql.TIMESTAMP(precision=3)),
        sa.Column('manager_id', sa.Integer, sa.ForeignKey('users.id', ondelete='SET NULL')),
    )
    op.create_table(
        'events',
        sa.Column('id', sa.BigInteger, sa.Identity(always=True, start=1, increment=1), primary_key=True),
        sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id'), nullable=False),
        sa.Column('kind', sa.String(30), nullable=False),
        sa.Column('payload', postgresql.JSONB),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.execute("INSERT INTO users (id, username, email) VALUES (1, 'root', 'root@example.com'), (2, 'bob', 'bob@example.com')")
    op.execute("INSERT INTO events (user_id, kind) VALUES (1, 'login'), (2, 'login')")"""),
("user columns with defaults", """
    op.add_column('users', sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.text('now()')))
    op.add_column('users', sa.Column('token', sa.Text, server_default=sa.text('md5(random()::text)')))
    op.add_column('users', sa.Column('flags', sa.Integer, nullable=False, server_default=sa.text('0')))
    op.add_column('users', sa.Column('mgr2', sa.Integer, sa.Computed('coalesce(manager_id, 0) * 2')))
    op.add_column('users', sa.Column('seq_no', sa.BigInteger, sa.Identity()))"""),
("retype user columns", """
    op.alter_column('users', 'score', type_=sa.Numeric(12, 2), existing_type=sa.Numeric(10, 2))
    op.alter_column('users', 'last_seen', type_=postgresql.TIMESTAMP(precision=6), existing_type=postgresql.TIMESTAMP(precision=3))
    op.alter_column('users', 'email', type_=sa.String(320), existing_type=sa.Text, existing_nullable=False)
    op.alter_column('users', 'username', type_=sa.String(30), existing_type=sa.String(40))
    op.alter_column('users', 'bio', type_=sa.String(), existing_type=sa.Text)
    op.alter_column('users', 'flags', type_=sa.BigInteger, existing_type=sa.Integer, existing_server_default=sa.text('0'))"""),
("not null via check first", """
    op.execute("UPDATE users SET bio = '' WHERE bio IS NULL")
    op.execute("ALTER TABLE users ADD CONSTRAINT ck_users_bio_nn CHECK (bio IS NOT NULL) NOT VALID")
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_bio_nn")
    op.alter_column('users', 'bio', nullable=False, existing_type=sa.String())
    op.drop_constraint('ck_users_bio_nn', 'users', type_='check')"""),
("event kinds as enum", """
    event_kind = sa.Enum('login', 'logout', 'purchase', name='event_kind')
    event_kind.create(op.get_bind())
    op.alter_column('events', 'kind', type_=event_kind, existing_type=sa.String(30),
                    postgresql_using='kind::event_kind', existing_nullable=False)
    op.create_index('ix_events_user_kind', 'events', ['user_id', 'kind'], postgresql_include=['occurred_at'])
    op.create_index('ix_events_payload_path', 'events', ['payload'], postgresql_using='gin',
                    postgresql_ops={'payload': 'jsonb_path_ops'})"""),
("events FK made deferrable", """
    op.drop_constraint('events_user_id_fkey', 'events', type_='foreignkey')
    op.create_foreign_key('fk_events_user', 'events', 'users', ['user_id'], ['id'],
                          ondelete='CASCADE', deferrable=True, initially='IMMEDIATE')
    op.alter_column('events', 'user_id', new_column_name='actor_id', existing_type=sa.Integer)
    op.alter_column('events', 'actor_id', type_=sa.BigInteger, existing_type=sa.Integer)"""),
("login counts view", """
    op.execute(\"\"\"
        CREATE VIEW v_login_counts AS
        SELECT actor_id, count(*) AS n FROM events WHERE kind = 'login' GROUP BY actor_id
    \"\"\")
    op.execute("CREATE MATERIALIZED VIEW mv_user_scores AS SELECT id, score FROM users WITH DATA")
    op.create_index('ix_mv_user_scores_id', 'mv_user_scores', ['id'], unique=True)
    op.execute("REFRESH MATERIALIZED VIEW mv_user_scores")"""),
("user primary key swap", """
    op.create_unique_constraint('uq_users_email', 'users', ['email'])
    op.create_index('ix_users_fill', 'users', ['created_at'], postgresql_with={'fillfactor': 70})
    op.execute("ALTER TABLE users SET (fillfactor = 80)")
    op.execute("ALTER TABLE users ALTER COLUMN email SET STATISTICS 500")
    op.drop_index('ix_users_username', table_name='users')"""),
("cleanup events", """
    op.execute("DELETE FROM events WHERE occurred_at < now() - interval '1 year'")
    op.execute("UPDATE users SET flags = flags | 1 WHERE id IN (SELECT actor_id FROM events)")
    op.drop_column('users', 'token')
    op.drop_column('users', 'mgr2')
    op.execute("ANALYZE users")"""),
("reservations with exclusion", """
    op.execute("CREATE TABLE reservations (id serial PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL)")
    op.create_exclude_constraint('ex_reservations_during', 'reservations', (sa.column('during'), '&&'), using='gist')
    op.add_column('reservations', sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id', name='fk_res_user')))
    op.create_foreign_key('fk_res_user2', 'reservations', 'users', ['user_id'], ['id'])"""),
("drop old and rename", """
    op.drop_constraint('fk_res_user2', 'reservations', type_='foreignkey')
    op.rename_table('reservations', 'bookings')
    op.alter_column('bookings', 'room', new_column_name='room_no', existing_type=sa.Integer)
    op.execute('DROP MATERIALIZED VIEW mv_user_scores')
    op.execute('DROP VIEW v_login_counts')
    op.drop_table('bookings')"""),
("manager hierarchy", """
    op.execute(sa.text("UPDATE users SET manager_id = 1 WHERE id = 2"))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE users SET score = 10 WHERE manager_id IS NOT NULL"))
    op.execute("DELETE FROM users WHERE id = 1")
    op.create_check_constraint('ck_users_score', 'users', 'score >= 0')
    op.alter_column('users', 'score', type_=sa.Numeric, existing_type=sa.Numeric(12, 2))
    op.alter_column('users', 'score', type_=sa.Numeric(8, 2), existing_type=sa.Numeric)"""),
("user report view", """
    op.execute("CREATE VIEW v_users AS SELECT id, username, score FROM users")
    op.alter_column('users', 'username', new_column_name='handle', existing_type=sa.String(30))
    op.execute("SELECT count(*) FROM v_users")
    op.execute("UPDATE users SET flags = 0; UPDATE events SET payload = '{}'::jsonb WHERE payload IS NULL")
    op.alter_column('events', 'occurred_at', type_=postgresql.TIMESTAMP(timezone=True, precision=3),
                    existing_type=sa.DateTime(timezone=True), existing_nullable=False)"""),
]
make(sys.argv[1], 'c', M)
