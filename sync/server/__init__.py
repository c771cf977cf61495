"""The central sync server: FastAPI over SQLAlchemy, running the core projections on its database."""
