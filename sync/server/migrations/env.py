"""Alembic environment of the server tables: online only, on the connection handed over by db.py."""

from alembic import context

from sync.server.tables import metadata

SERVER_VERSION_TABLE = "civodesk_server_alembic_version"

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=SERVER_VERSION_TABLE,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
