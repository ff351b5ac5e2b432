import sys
from mk import make
# A SaaS accounts release (audit 12): Alembic's operations first, with
# op.execute SQL mixed in; widening and retyping columns that keys,
# indexes and constraints cover.
M = [
("tenants", """
    op.create_table(
        'orgs',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('slug', sa.String(40), nullable=False, unique=True),
        sa.Column('plan', sa.Enum('free', 'pro', name='org_plan'), nullable=False, server_default='free'),
        sa.Column('created_at', sa.DateTime(), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        'users',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.Integer, sa.ForeignKey('orgs.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('email', sa.String(120), nullable=False),
        sa.Column('score', sa.Numeric(10, 2)),
        sa.Column('prefs', postgresql.JSONB, server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column('seen_at', sa.DateTime()),
        sa.UniqueConstraint('org_id', 'email', name='uq_users_org_email'),
    )
    op.bulk_insert(sa.table('orgs', sa.column('id', sa.Integer), sa.column('slug', sa.String)),
        [{'id': 1, 'slug': 'acme'}, {'id': 2, 'slug': 'globex'}])
    op.execute("INSERT INTO users (id, org_id, email, score, seen_at) SELECT g, 1 + g % 2, 'u' || g || '@x.io', g, now() - g * interval '1 day' FROM generate_series(1, 40) g")"""),
("wider keys", """
    op.alter_column('users', 'email', type_=sa.String(255), existing_type=sa.String(120), existing_nullable=False)
    op.alter_column('users', 'org_id', type_=sa.BigInteger, existing_type=sa.Integer, existing_nullable=False)
    op.alter_column('orgs', 'id', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('users', 'score', type_=sa.Numeric(14, 2), existing_type=sa.Numeric(10, 2))"""),
("precise scores", """
    op.alter_column('users', 'score', type_=sa.Numeric(14, 4), existing_type=sa.Numeric(14, 2))
    op.alter_column('users', 'seen_at', type_=sa.DateTime(timezone=True), existing_type=sa.DateTime(), postgresql_using="seen_at AT TIME ZONE 'UTC'")
    op.alter_column('orgs', 'created_at', type_=sa.DateTime(timezone=True), existing_type=sa.DateTime(), existing_nullable=False, existing_server_default=sa.func.now())
    op.alter_column('users', 'email', type_=sa.Text, existing_type=sa.String(255), existing_nullable=False)"""),
("search indexes", """
    op.create_index('ix_users_prefs', 'users', ['prefs'], postgresql_using='gin', postgresql_ops={'prefs': 'jsonb_path_ops'})
    op.create_index('ix_users_seen_brin', 'users', ['seen_at'], postgresql_using='brin')
    op.create_index('uq_users_email_lower', 'users', [sa.text('lower(email)')], unique=True)
    op.create_index('ix_users_active', 'users', ['org_id', 'seen_at'], postgresql_where=sa.text('score IS NOT NULL'))
    op.create_index('ix_orgs_slug_pattern', 'orgs', ['slug'], postgresql_ops={'slug': 'varchar_pattern_ops'})"""),
("retype under indexes", """
    op.alter_column('users', 'score', type_=sa.Float, existing_type=sa.Numeric(14, 4), postgresql_using='score::double precision')
    op.alter_column('orgs', 'slug', type_=sa.String(80), existing_type=sa.String(40), existing_nullable=False)
    op.alter_column('users', 'email', type_=sa.String(320), existing_type=sa.Text, existing_nullable=False)"""),
("profiles", """
    op.add_column('users', sa.Column('joined_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False))
    op.add_column('users', sa.Column('touched_at', sa.DateTime(timezone=True), server_default=sa.func.clock_timestamp()))
    op.add_column('users', sa.Column('locale', sa.String(8), server_default='en', nullable=False))
    op.add_column('users', sa.Column('seq_no', sa.BigInteger, sa.Identity(start=1000)))
    op.add_column('users', sa.Column('email_domain', sa.Text, sa.Computed("split_part(email, '@', 2)")))
    op.add_column('users', sa.Column('plan', postgresql.ENUM('free', 'pro', name='org_plan', create_type=False), server_default='free', nullable=False))
    op.add_column('orgs', sa.Column('flags', postgresql.ARRAY(sa.Text), server_default='{}', nullable=False))
    op.add_column('orgs', sa.Column('uid', postgresql.UUID, server_default=sa.text('gen_random_uuid()'), nullable=False))"""),
("nullable and defaults together", """
    op.execute("UPDATE users SET score = 0 WHERE score IS NULL")
    op.alter_column('users', 'score', nullable=False, server_default=sa.text('0'), existing_type=sa.Float)
    op.alter_column('users', 'locale', type_=sa.String(16), nullable=True, server_default=None, existing_type=sa.String(8), existing_server_default='en', existing_nullable=False)
    op.alter_column('users', 'touched_at', nullable=False, server_default=sa.text('now()'), existing_type=sa.DateTime(timezone=True), comment='last write')
    op.alter_column('orgs', 'plan', server_default='pro', existing_type=sa.Enum(name='org_plan'), existing_nullable=False)"""),
("constraints", """
    op.create_check_constraint('ck_users_score', 'users', 'score >= 0')
    op.create_unique_constraint('uq_orgs_uid', 'orgs', ['uid'])
    op.create_table('teams',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.BigInteger, nullable=False),
        sa.Column('lead_id', sa.Integer),
        sa.Column('name', sa.String(60), nullable=False))
    op.create_foreign_key('fk_teams_org', 'teams', 'orgs', ['org_id'], ['id'], onupdate='CASCADE', ondelete='CASCADE', match='FULL')
    op.create_foreign_key('fk_teams_lead', 'teams', 'users', ['lead_id'], ['id'], ondelete='SET NULL', deferrable=True)
    op.bulk_insert(sa.table('teams', sa.column('id', sa.Integer), sa.column('org_id', sa.BigInteger), sa.column('lead_id', sa.Integer), sa.column('name', sa.String)),
        [{'id': 1, 'org_id': 1, 'lead_id': 3, 'name': 'core'}, {'id': 2, 'org_id': 2, 'lead_id': None, 'name': 'ops'}])
    op.create_unique_constraint('uq_teams_org_name', 'teams', ['org_id', 'name'], deferrable=True, initially='DEFERRED')"""),
("membership", """
    op.create_table('memberships',
        sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('team_id', sa.Integer, sa.ForeignKey('teams.id'), primary_key=True),
        sa.Column('role', sa.String(20), nullable=False, server_default='member'),
        sa.CheckConstraint("role IN ('member', 'admin')", name='ck_memberships_role'))
    op.execute("INSERT INTO memberships (user_id, team_id) SELECT u.id, t.id FROM users u JOIN teams t ON t.org_id = u.org_id WHERE u.id <= 10")
    op.execute("ALTER TABLE memberships ADD CONSTRAINT ck_memberships_role2 CHECK (length(role) < 20) NOT VALID")
    op.execute("ALTER TABLE memberships VALIDATE CONSTRAINT ck_memberships_role2")
    op.alter_column('memberships', 'role', type_=sa.String(40), existing_type=sa.String(20), existing_nullable=False, existing_server_default='member')"""),
("teams key widen", """
    op.alter_column('teams', 'id', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('memberships', 'team_id', type_=sa.BigInteger, existing_type=sa.Integer)
    op.alter_column('teams', 'lead_id', type_=sa.BigInteger, existing_type=sa.Integer)"""),
("renames", """
    op.rename_table('teams', 'squads')
    op.alter_column('memberships', 'team_id', new_column_name='squad_id', existing_type=sa.BigInteger)
    op.execute("ALTER INDEX uq_users_email_lower RENAME TO uq_users_email_ci")
    op.execute("ALTER TABLE squads RENAME CONSTRAINT fk_teams_org TO fk_squads_org")
    op.alter_column('users', 'seen_at', new_column_name='last_seen_at', existing_type=sa.DateTime(timezone=True))"""),
("plans enum", """
    op.execute("ALTER TYPE org_plan ADD VALUE IF NOT EXISTS 'enterprise'")
    op.execute("ALTER TYPE org_plan RENAME VALUE 'pro' TO 'business'")
    op.alter_column('users', 'plan', type_=sa.String(20), existing_type=sa.Enum(name='org_plan'), postgresql_using='plan::text', existing_nullable=False, server_default='free', existing_server_default='free')"""),
("backfill", """
    op.execute("UPDATE users u SET score = s.n FROM (SELECT user_id, count(*) AS n FROM memberships GROUP BY user_id) s WHERE s.user_id = u.id")
    op.execute("DELETE FROM memberships m WHERE NOT EXISTS (SELECT 1 FROM squads s WHERE s.id = m.squad_id AND s.lead_id IS NOT NULL)")
    op.execute("UPDATE squads SET lead_id = (SELECT min(id) FROM users WHERE users.org_id = squads.org_id) WHERE lead_id IS NULL")
    op.execute("DELETE FROM orgs WHERE slug = 'nobody'")"""),
("drop columns", """
    op.drop_index('ix_users_active', table_name='users')
    op.drop_column('users', 'touched_at')
    op.drop_column('users', 'last_seen_at')
    op.drop_column('squads', 'lead_id')
    op.drop_constraint('uq_orgs_uid', 'orgs', type_='unique')
    op.drop_column('orgs', 'uid')"""),
("comments and grants", """
    op.create_table_comment('users', 'people who log in')
    op.drop_table_comment('users')
    op.alter_column('users', 'email', comment='login', existing_type=sa.String(320), existing_nullable=False)
    op.execute("GRANT SELECT, INSERT ON users, orgs TO PUBLIC")
    op.execute("REVOKE INSERT ON orgs FROM PUBLIC")"""),
("teardown", """
    op.drop_table('memberships')
    op.drop_constraint('fk_squads_org', 'squads', type_='foreignkey')
    op.drop_table('squads')
    op.execute("TRUNCATE users, orgs CASCADE")
    op.drop_index('ix_users_prefs', table_name='users')
    op.drop_table('users')"""),
]
make(sys.argv[1], 'h', M)
