"""Alembic environment of the sync client's tables: online only, on the connection it is given.

The client's history has its own version table, so it never mixes with the core's
(``alembic_version``) or the server's.
"""

from alembic import context

from sync.client.schema import CLIENT_VERSION_TABLE
from sync.client.state import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=CLIENT_VERSION_TABLE,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
