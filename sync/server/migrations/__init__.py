"""Alembic history of the server's own tables (version table ``civodesk_server_alembic_version``)."""
