"""Storage: the SQLAlchemy schema, opening a database safely, and its error messages."""
