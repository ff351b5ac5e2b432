"""What the lint fixtures that Alembic runs online share: an env.py that
connects to $CUPEL_TEST_URL (else sqlalchemy.url) and runs the migrations
in one transaction (inverse_cases.py, conname_cases.py)."""

ONLINE_ENV_PY = '''import os

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config


def run_migrations_online():
    section = config.get_section(config.config_ini_section)
    section["sqlalchemy.url"] = os.environ.get("CUPEL_TEST_URL") or section["sqlalchemy.url"]
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
'''
