"""Alembic environment: always run online, on the connection handed over by civodesk.db.migrate."""

from alembic import context

from civodesk.db.schema import Base
from civodesk.features import load_features

load_features()  # every feature's tables, so autogenerate and the model check see them all

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
